// MovingAverage.cpp - ring buffer with a running sum.
#include "MovingAverage.h"

MovingAverage::MovingAverage(uint8_t window) {
  if (window < 1) {
    window = 1;
  } else if (window > kMaxWindow) {
    window = kMaxWindow;
  }
  _window = window;
  reset();
}

void MovingAverage::reset() {
  _sum = 0;
  _count = 0;
  _next = 0;
}

int MovingAverage::add(int sample) {
  if (_count == _window) {
    _sum -= _samples[_next];
  } else {
    _count++;
  }
  _samples[_next] = sample;
  _sum += sample;
  _next = (uint8_t)((_next + 1) % _window);
  return average();
}

int MovingAverage::average() const {
  if (_count == 0) {
    return 0;
  }
  return (int)(_sum / _count);
}

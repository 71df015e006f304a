// MovingAverage.h - integer moving average over the last N samples.
#ifndef MOVING_AVERAGE_H
#define MOVING_AVERAGE_H

#include <Arduino.h>

class MovingAverage {
 public:
  static const uint8_t kMaxWindow = 16;

  // window is clamped to 1..kMaxWindow.
  explicit MovingAverage(uint8_t window);

  void reset();

  // Adds a sample and returns the new average.
  int add(int sample);

  // Average of the samples seen so far (at most window of them); 0 if none.
  int average() const;

  uint8_t count() const { return _count; }
  uint8_t window() const { return _window; }
  bool full() const { return _count == _window; }

 private:
  int _samples[kMaxWindow];
  long _sum;
  uint8_t _window;
  uint8_t _count;
  uint8_t _next;
};

#endif

// Checksum.cpp - Fletcher-16 (modulo 255 sums).
#include "Checksum.h"

namespace util {

void Checksum::add(uint8_t byte) {
  sum1_ = (uint8_t)((sum1_ + byte) % 255);
  sum2_ = (uint8_t)((sum2_ + sum1_) % 255);
}

uint16_t fletcher16(const uint8_t *data, size_t len) {
  Checksum sum;
  while (len--) {
    sum.add(*data++);
  }
  return sum.value();
}

}  // namespace util

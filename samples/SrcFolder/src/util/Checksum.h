// Checksum.h - Fletcher-16, one-shot and streaming.
#ifndef UTIL_CHECKSUM_H
#define UTIL_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

namespace util {

uint16_t fletcher16(const uint8_t *data, size_t len);

class Checksum {
 public:
  Checksum() : sum1_(0), sum2_(0) {}
  void add(uint8_t byte);
  uint16_t value() const { return (uint16_t)((sum2_ << 8) | sum1_); }

 private:
  uint8_t sum1_;
  uint8_t sum2_;
};

}  // namespace util

#endif

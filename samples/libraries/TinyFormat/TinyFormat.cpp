// TinyFormat.cpp
#include "TinyFormat.h"

static uint8_t tfDigits(unsigned long value) {
  uint8_t digits = 1;
  while (value >= 10) {
    value /= 10;
    digits++;
  }
  return digits;
}

size_t tfPrintPadded(Print &out, long value, uint8_t width, char pad) {
  unsigned long magnitude = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
  uint8_t len = tfDigits(magnitude) + (value < 0 ? 1 : 0);
  size_t n = 0;
  while (len < width) {
    n += out.print(pad);
    len++;
  }
  n += out.print(value);
  return n;
}

size_t tfPrintFixed(Print &out, long value, uint8_t decimals, uint8_t width) {
  unsigned long scale = 1;
  for (uint8_t i = 0; i < decimals; i++) {
    scale *= 10;
  }
  size_t n = 0;
  unsigned long magnitude = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
  uint8_t len = tfDigits(magnitude / scale) + (value < 0 ? 1 : 0) + (decimals > 0 ? decimals + 1 : 0);
  while (len < width) {
    n += out.print(' ');
    len++;
  }
  if (value < 0) {
    n += out.print('-');
  }
  n += out.print(magnitude / scale);
  if (decimals > 0) {
    n += out.print('.');
    unsigned long frac = magnitude % scale;
    for (unsigned long digit = scale / 10; digit > 0; digit /= 10) {
      n += out.print((char)('0' + (frac / digit) % 10));
    }
  }
  return n;
}

size_t tfPrintAverage(Print &out, const char *label, const MovingAverage &avg) {
  size_t n = out.print(label);
  n += out.print(": ");
  n += tfPrintPadded(out, avg.average(), 5);
  n += out.print(" (");
  n += out.print(avg.count());
  n += out.print('/');
  n += out.print(avg.window());
  n += out.println(')');
  return n;
}

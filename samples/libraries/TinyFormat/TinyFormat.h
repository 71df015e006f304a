// TinyFormat.h - small fixed-width printing helpers for any Print
// (Serial, LCDs, ...). Old flat library layout: no library.properties,
// sources at the library root. Depends on the MovingAverage library.
#ifndef TINY_FORMAT_H
#define TINY_FORMAT_H

#include <Arduino.h>
#include <MovingAverage.h>

// Prints value right-aligned in width characters, padded with pad.
size_t tfPrintPadded(Print &out, long value, uint8_t width, char pad = ' ');

// Prints value / 10^decimals as a fixed-point number, e.g. 1234, 2 -> "12.34",
// right-aligned in width characters (padded with spaces).
size_t tfPrintFixed(Print &out, long value, uint8_t decimals, uint8_t width = 0);

// Prints "label: avg (n/window)" for a moving average, then a newline.
size_t tfPrintAverage(Print &out, const char *label, const MovingAverage &avg);

#endif

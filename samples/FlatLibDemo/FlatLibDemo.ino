/*
  FlatLibDemo

  Prints a small temperature table with the TinyFormat library
  (samples/libraries/TinyFormat, old flat layout). TinyFormat itself
  includes MovingAverage.h, so the build has to find the MovingAverage
  library through it: this sketch includes only TinyFormat.h.

  Temperatures are fixed readings in hundredths of a degree (one of them
  a sensor glitch), smoothed over the last three. Prints the table, then
  stops (sleep with interrupts off, which ends simavr).
*/

#include <TinyFormat.h>
#if defined(ARDUINO_ARCH_AVR)
#include <avr/sleep.h>  // to stop under simavr (AVR only)
#endif

static const int kCentiDegrees[] = {2150, 2175, 2190, 2230, -105, 2210};

MovingAverage trend(3);

void setup() {
  Serial.begin(9600);
  Serial.println(" #   temp   avg3");

  for (size_t i = 0; i < sizeof(kCentiDegrees) / sizeof(kCentiDegrees[0]); i++) {
    int reading = kCentiDegrees[i];
    int avg = trend.add(reading);

    tfPrintPadded(Serial, i + 1, 2, '0');
    tfPrintFixed(Serial, reading, 2, 7);
    tfPrintFixed(Serial, avg, 2, 7);
    Serial.println();
  }

  // Raw moving-average summary, in hundredths of a degree.
  tfPrintAverage(Serial, "trend", trend);

  Serial.flush();
#if defined(ARDUINO_ARCH_AVR)
  cli();
  sleep_enable();
  sleep_cpu();
#endif
}

void loop() {
}

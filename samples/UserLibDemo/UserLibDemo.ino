/*
  UserLibDemo

  Smooths a noisy series of readings with the MovingAverage user library
  (samples/libraries/MovingAverage, Arduino 1.5 layout). The readings
  are a fixed table standing in for analogRead(), so the output is the
  same on every run. Prints each reading with the running average over
  the last four, then stops (sleep with interrupts off, which ends
  simavr).
*/

#include <MovingAverage.h>
#if defined(ARDUINO_ARCH_AVR)
#include <avr/sleep.h>  // to stop under simavr (AVR only)
#endif

static const int kReadings[] = {100, 104, 96, 100, 180, 100, 98, 102, 20, 100};
const uint8_t kWindow = 4;

MovingAverage smoother(kWindow);

void setup() {
  Serial.begin(9600);
  Serial.print("window ");
  Serial.println(smoother.window());

  for (size_t i = 0; i < sizeof(kReadings) / sizeof(kReadings[0]); i++) {
    int avg = smoother.add(kReadings[i]);
    Serial.print("reading ");
    Serial.print(kReadings[i]);
    Serial.print(" -> average ");
    Serial.print(avg);
    if (!smoother.full()) {
      Serial.print(" (warming up)");
    }
    Serial.println();
  }

  smoother.reset();
  Serial.print("after reset: ");
  Serial.println(smoother.average());

  Serial.flush();
#if defined(ARDUINO_ARCH_AVR)
  cli();
  sleep_enable();
  sleep_cpu();
#endif
}

void loop() {
}

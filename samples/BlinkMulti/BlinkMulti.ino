/*
  BlinkMulti

  Blink, split over three tabs. The LED and reporting helpers live in the
  later tabs (Led.ino, Report.ino) and are called here without any
  hand-written prototype: the build must generate them.

  Blinks the built-in LED a few times, reports each step on the serial
  port, then stops (sleep with interrupts off, which ends simavr).
*/

#if defined(ARDUINO_ARCH_AVR)
#include <avr/sleep.h>  // to stop under simavr (AVR only)
#endif

const int kBlinks = 3;
const unsigned long kPeriodMs = 100;

void setup() {
  Serial.begin(9600);
  reportBanner("BlinkMulti", kBlinks);
  ledBegin(LED_BUILTIN);

  for (int i = 1; i <= kBlinks; i++) {
    ledSet(true);
    reportStep(i, ledIsOn());
    delay(kPeriodMs);
    ledSet(false);
    reportStep(i, ledIsOn());
    delay(kPeriodMs);
  }

  reportDone(ledToggleCount());

  Serial.flush();
#if defined(ARDUINO_ARCH_AVR)
  cli();
  sleep_enable();
  sleep_cpu();
#endif
}

void loop() {
}

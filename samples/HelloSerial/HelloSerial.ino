/*
  HelloSerial

  The smallest useful sketch: prints a few known lines on the serial port,
  then puts the MCU to sleep with interrupts off. Under simavr that ends
  the simulation cleanly, so the output can be compared with
  expected-serial.txt.
*/

#if defined(ARDUINO_ARCH_AVR)
#include <avr/sleep.h>  // to stop under simavr (AVR only)
#endif

void setup() {
  Serial.begin(9600);
  Serial.println("Hello from FBuild!");
  Serial.print("2 + 3 = ");
  Serial.println(2 + 3);
  Serial.print("0x");
  Serial.println(0xBEEF, HEX);
  Serial.println(F("Goodbye."));

  // Stop here: drain the UART, then sleep forever.
  Serial.flush();
#if defined(ARDUINO_ARCH_AVR)
  cli();
  sleep_enable();
  sleep_cpu();
#endif
}

void loop() {
}

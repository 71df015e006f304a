/*
  SrcFolder

  A sketch whose code is spread over the sketch folder:
    crc8.c / crc8.h          plain C, beside the .ino
    src/util/Checksum.*      C++ in a nested src/ folder (compiled recursively)

  Computes two checksums of the standard check string "123456789",
  prints them on the serial port, then stops (ends simavr).
*/

#if defined(ARDUINO_ARCH_AVR)
#include <avr/sleep.h>  // to stop under simavr (AVR only)
#endif
#include "crc8.h"
#include "src/util/Checksum.h"

static const char kMessage[] = "123456789";

void printHex(const char *label, unsigned int value, int digits) {
  Serial.print(label);
  Serial.print("0x");
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    Serial.print((value >> shift) & 0xF, HEX);
  }
  Serial.println();
}

void setup() {
  Serial.begin(9600);
  const size_t len = sizeof(kMessage) - 1;

  Serial.print("message: ");
  Serial.println(kMessage);
  printHex("crc8:       ", crc8((const uint8_t *)kMessage, len), 2);
  printHex("fletcher16: ", util::fletcher16((const uint8_t *)kMessage, len), 4);

  util::Checksum sum;
  for (size_t i = 0; i < len; i++) {
    sum.add(kMessage[i]);
  }
  printHex("streamed:   ", sum.value(), 4);
  Serial.println(sum.value() == 0x1EDE ? "checksum ok" : "checksum MISMATCH");

  Serial.flush();
#if defined(ARDUINO_ARCH_AVR)
  cli();
  sleep_enable();
  sleep_cpu();
#endif
}

void loop() {
}

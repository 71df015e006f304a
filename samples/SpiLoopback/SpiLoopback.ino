/*
  SpiLoopback

  SPI self-test: wire MOSI straight to MISO, and every byte sent comes
  back as the byte received. Sends a short pattern with SPI.transfer,
  prints what went out and what came back, counts mismatches, then stops
  (sleep with interrupts off, which ends simavr).

  With nothing wired, MISO floats and the results are arbitrary. simavr's
  SPI model has no slave and always reads back 0x00, so every non-zero
  byte is reported as a mismatch: expected-serial.txt records that run.
*/

#include <SPI.h>
#if defined(ARDUINO_ARCH_AVR)
#include <avr/sleep.h>  // to stop under simavr (AVR only)
#endif

static const uint8_t kPattern[] = {0x00, 0x55, 0xAA, 0xFF, 0x3C, 0xC3};

void printByte(uint8_t b) {
  Serial.print("0x");
  if (b < 0x10) {
    Serial.print('0');
  }
  Serial.print(b, HEX);
}

void setup() {
  Serial.begin(9600);
  Serial.println("SPI loopback (MOSI -> MISO)");

  SPI.begin();
  SPI.beginTransaction(SPISettings(1000000, MSBFIRST, SPI_MODE0));
  digitalWrite(SS, LOW);

  int errors = 0;
  for (size_t i = 0; i < sizeof(kPattern); i++) {
    uint8_t got = SPI.transfer(kPattern[i]);
    Serial.print("sent ");
    printByte(kPattern[i]);
    Serial.print(" got ");
    printByte(got);
    if (got != kPattern[i]) {
      Serial.print(" <- mismatch");
      errors++;
    }
    Serial.println();
  }

  digitalWrite(SS, HIGH);
  SPI.endTransaction();
  SPI.end();

  Serial.print(errors);
  Serial.println(" errors");

  Serial.flush();
#if defined(ARDUINO_ARCH_AVR)
  cli();
  sleep_enable();
  sleep_cpu();
#endif
}

void loop() {
}

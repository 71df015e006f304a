/*
  SoftSerialEcho

  Bridges the hardware serial port and a SoftwareSerial port on pins
  10 (RX) and 11 (TX): whatever arrives on one is written to the other.
  Pin 10 supports pin-change interrupts on the Uno, Nano, Mega and
  Leonardo, so the same wiring works on all four.
*/

#include <SoftwareSerial.h>

const uint8_t kRxPin = 10;
const uint8_t kTxPin = 11;

SoftwareSerial softSerial(kRxPin, kTxPin);

void setup() {
  Serial.begin(9600);
  softSerial.begin(4800);
  softSerial.listen();

  Serial.println("SoftSerialEcho: bridging Serial <-> pins 10/11");
  softSerial.println("hello from SoftwareSerial");
}

void loop() {
  while (softSerial.available()) {
    Serial.write(softSerial.read());
  }
  while (Serial.available()) {
    softSerial.write(Serial.read());
  }
}

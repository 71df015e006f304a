/*
  I2cScan

  Lists the I2C devices that answer (Wire library), on the serial port at 9600 baud, every five seconds.
*/

#include <Wire.h>

void setup() {
  Serial.begin(9600);
  Wire.begin();
  Serial.println(F("I2C scanner"));
}

void loop() {
  int found = 0;
  for (uint8_t address = 1; address < 127; address++) {
    Wire.beginTransmission(address);
    if (Wire.endTransmission() == 0) {
      Serial.print(F("device at 0x"));
      if (address < 0x10) Serial.print('0');
      Serial.println(address, HEX);
      found++;
    }
  }
  Serial.print(found);
  Serial.println(F(" device(s) found"));
  delay(5000);
}

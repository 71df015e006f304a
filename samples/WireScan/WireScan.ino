/*
  WireScan

  I2C bus scanner: probes every 7-bit address with an empty write and
  lists the devices that acknowledge. Repeats every five seconds, so
  devices can be plugged in while it runs.
*/

#include <Wire.h>

void setup() {
  Serial.begin(9600);
  Wire.begin();
  Serial.println("I2C scanner");
}

void loop() {
  int found = 0;

  Serial.println("Scanning...");
  for (uint8_t address = 1; address < 127; address++) {
    Wire.beginTransmission(address);
    uint8_t error = Wire.endTransmission();

    if (error == 0) {
      Serial.print("  device at 0x");
      printHex2(address);
      Serial.println();
      found++;
    } else if (error == 4) {
      Serial.print("  unknown error at 0x");
      printHex2(address);
      Serial.println();
    }
  }

  if (found == 0) {
    Serial.println("No I2C devices found");
  } else {
    Serial.print(found);
    Serial.println(" device(s) found");
  }

  delay(5000);
}

void printHex2(uint8_t value) {
  if (value < 0x10) {
    Serial.print('0');
  }
  Serial.print(value, HEX);
}

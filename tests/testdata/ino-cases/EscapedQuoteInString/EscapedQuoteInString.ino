#include <Wire.h>

const char *reply = "say \"hi\"";

void storeDigits( byte digits[ 4 ] ) {
  Wire.beginTransmission(0x40);
  Wire.write(digits, 4);
  Wire.endTransmission();
}

boolean flagAt( byte addr, int pos ) {
  return (addr >> pos) & 1;
}

void setup() {
  byte d[4] = {1, 2, 3, 4};
  storeDigits(d);
}

void loop() {
  if (flagAt(5, 0)) Serial.print("\"");
}

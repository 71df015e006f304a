/*
 * A sketch that starts with a long comment block.
 *
 * The prototypes must go after it and after the globals,
 * right before the first function.
 */

#include <Wire.h>

const uint8_t address = 0x20;
bool started = false;
unsigned long lastRun = 0;

void setup() {
  Wire.begin();
  started = true;
}

void loop() {
  if (millis() - lastRun > 100) lastRun = millis();
}

// Report tab: everything printed on the serial port.

void reportBanner(const char *name, int blinks) {
  Serial.print(name);
  Serial.print(": ");
  Serial.print(blinks);
  Serial.println(" blinks");
}

void reportStep(int step, bool on) {
  Serial.print("blink ");
  Serial.print(step);
  Serial.println(on ? " on" : " off");
}

void reportDone(unsigned int toggles) {
  Serial.print("done, ");
  Serial.print(toggles);
  Serial.println(" toggles");
}

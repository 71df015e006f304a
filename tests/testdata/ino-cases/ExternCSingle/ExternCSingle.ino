void setup() {
  beep();
}

void loop() {
}

extern "C" void beep() {}

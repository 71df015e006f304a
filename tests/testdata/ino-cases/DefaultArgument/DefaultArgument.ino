void blink(int times = 3) {
  (void)times;
}

void setup() {
  blink();
}

void loop() {
}

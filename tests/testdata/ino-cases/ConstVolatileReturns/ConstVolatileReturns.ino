void setup() {}
void loop() {}

const __FlashStringHelper* label() { return F("x"); }

const long limit() { return 1; }

volatile char* cursor() { return nullptr; }

volatile unsigned counter() { return 0; }

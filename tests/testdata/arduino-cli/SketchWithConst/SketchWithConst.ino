void setup() {}
void loop() {}

const __FlashStringHelper* test() {}

const int test3() {}

volatile __FlashStringHelper* test2() {}

volatile int test4() {}

void test(int x = 1) {
}

void setup() {
}

void loop() {
}
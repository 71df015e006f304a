void setup() {
  // put your setup code here, to run once:
  test();
}

void loop() {
  // put your main code here, to run repeatedly:

}

extern "C" void test() {}
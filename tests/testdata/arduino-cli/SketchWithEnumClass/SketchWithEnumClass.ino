void test() {
  test2();
}

enum class MyEnum
{
  AValue = 0,
  AnotherValue = 1
};

void test2() {
}

void setup() {
}

void loop() {
}


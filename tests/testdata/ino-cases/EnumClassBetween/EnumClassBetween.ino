void first() {
  second();
}

enum class Mode
{
  Off = 0,
  On = 1
};

void second() {
}

void setup() {
}

void loop() {
}

class Meter {
public:
  int read(int pin) { return pin * 2; }
};

Meter meter;

void setup() {
  meter.read(1);
}

void loop() {
  meter.read(2);
}

class Counter {
    int total;
  public:
    void bump(int by);
    int value() { return total; }
};

void Counter::bump(int by) {
  total += by;
}

Counter clicks;

void setup() {
  clicks.bump(2);
}

void loop() {
}

struct Lamp {
    void toggle() {}
};
void setup() {
  toggle();
}
void loop() {}
void toggle() {}

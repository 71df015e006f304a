class test {
    void asdf() {}
};
void setup() {
  asdf();
}
void loop() {}
void asdf() {}
void setup() {
  alpha();
  beta();
  gamma();
  delta();
  omega();
}

void loop() {
}

extern "C" {
  void alpha() {}
}

extern "C"
{
  void beta() {}
}

extern   "C"

{
  void gamma() {}
}

// plain C++ linkage
void delta() {}

extern  "C"  void omega() {
};

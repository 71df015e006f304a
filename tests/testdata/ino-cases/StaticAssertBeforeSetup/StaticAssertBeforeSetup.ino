// a static_assert at file scope is not a function

const int lo = 1;
const int hi = 9;

static_assert(lo < hi, "order");

void setup() {
  check();
}

void loop() {
}

void check() {
}

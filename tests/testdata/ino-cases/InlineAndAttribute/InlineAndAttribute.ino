void setup() {}
void loop() {}

long unsigned int ticks(){
  return 0;
}

static inline int8_t half(){
  return 0;
}

__attribute__((noinline)) uint8_t slow() {
  return 0;
}

void setup() {}
void loop() {}

short unsigned int testInt(){

}

static inline int8_t testInline(){

}

__attribute__((always_inline)) uint8_t testAttribute() {

}

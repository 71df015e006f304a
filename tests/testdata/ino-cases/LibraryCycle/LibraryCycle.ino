#include <ring_a.h>

void setup() {}
void loop() {}

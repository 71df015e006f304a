#include <library1.h>

void setup() {}
void loop() {}

// The core defines min and max as macros; a header after it must still work.

#include <stdlib.h>

const int low = min(2, 5);
const int high = max(2, 5);

void setup() {
  spread();
}

void loop() {
}

void spread() {
  (void)abs(high - low);
}

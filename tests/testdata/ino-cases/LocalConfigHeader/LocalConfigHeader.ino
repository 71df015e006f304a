#include "settings.h"

#ifdef VERBOSE
#include "src/parts/two words.h"
#endif

#ifdef NOT_SET_ANYWHERE
#error this branch must be skipped
#endif

void setup() {
  chatter();
}

void loop() {
}

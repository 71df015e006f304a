#include "config.h"

#ifdef DEBUG
#include "src/includes/de bug.h"
#endif

#ifdef UNDEF
#error
#endif

#include <Bridge.h>

void setup() {

}

void loop() {

}

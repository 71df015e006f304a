// The core header must come from the line below,
// not from one the preprocessor adds above it.

#ifdef LOW
#error the core header was included before the sketch's own include
#endif

  #  include	<Arduino.h>

void setup() {
}

void loop() {
}

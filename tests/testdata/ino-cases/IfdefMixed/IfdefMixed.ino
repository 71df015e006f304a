#define TRACE 1
#define QUIET 0

typedef long Ticks;

#if QUIET
#include <no_such_header.h>
#endif

#ifdef QUIET
#include "local_a.h"
#endif

#include "local_b.h"

void setup() {
}

void loop() {
}

#if QUIET
void silenced() {
}
#endif

#if TRACE
void trace() {
}
#endif

#ifdef NEVER_DEFINED
void ghost() {
}
#endif

#ifdef QUIET
void quietIsDefined() {
}
#endif

Ticks since(Ticks start) {
  return start;
}

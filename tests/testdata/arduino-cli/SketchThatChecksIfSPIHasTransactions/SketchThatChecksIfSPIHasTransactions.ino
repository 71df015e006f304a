#include <SPI.h>

#if !defined(SPI_HAS_TRANSACTION) || !SPI_HAS_TRANSACTION
#error "Where is my SPI_HAS_TRANSACTION!?!?"
#endif

void setup() {}
void loop() {}

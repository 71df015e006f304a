#include <SPI.h>

#if !defined(SPI_HAS_TRANSACTION) || !SPI_HAS_TRANSACTION
#error SPI transactions expected
#endif

void setup() {}
void loop() {}

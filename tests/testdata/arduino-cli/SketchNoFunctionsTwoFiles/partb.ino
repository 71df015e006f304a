#include <SPI.h>

int a = 0;
int b = 0;
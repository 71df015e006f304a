// Only a comment and an include: no function in this tab.

#include <SPI.h>

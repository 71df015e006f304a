#include <SPI.h>
/*
#include <NotAnInstalledLibrary.h>
*/
SPISettings fast(8000000, MSBFIRST, SPI_MODE0);
void setup()
{
  SPI.begin();
}
void loop()
{
  SPI.beginTransaction(fast);
  SPI.endTransaction();
}

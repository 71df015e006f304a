void setup() {}

void loop() {
  // read the next sample
  int8_t sample = measure();
  (void)sample;
}

//#define WIDE_SAMPLES

#ifdef WIDE_SAMPLES
int16_t measure()
#else
int8_t measure()
#endif
{
  return 0;
}

#if defined(__AVR__)
void onAvr() {
}
#else
void elsewhere() {
}
#endif

void one(){ two(); }
void two(){;}

void setup() {
}
void loop() {
}

#if defined(__SAMD21G18A__)
void onSamd() {
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

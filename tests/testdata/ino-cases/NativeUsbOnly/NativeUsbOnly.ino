#ifndef USBCON
#error this sketch needs a board with native USB
#endif
#ifdef USBCON
void hello() {
}
#endif

void setup() {
}

void loop() {
}

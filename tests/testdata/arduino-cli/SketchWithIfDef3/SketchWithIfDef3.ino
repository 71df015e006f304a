#if __SAM3X8E__
void ifBranch() {
}
#else
void elseBranch() {
}
#endif

void f1(){ f2(); }
void f2(){;}

void setup() {
}
void loop() {
}
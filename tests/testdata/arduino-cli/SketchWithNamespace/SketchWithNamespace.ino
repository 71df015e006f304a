namespace Test {
	int value() {
		return 42;
	}
	int ciao = 24;
}
void setup() {}
void loop() {}

namespace Util {
	int answer() {
		return 7;
	}
	int spare = 3;
}
void setup() {}
void loop() {}

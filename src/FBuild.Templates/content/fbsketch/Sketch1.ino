/*
  Sketch1

  Blinks the built-in LED once a second and says so on the serial port (9600 baud).
  Build:  dotnet build            (writes artifacts/<board>/sketches/Sketch1/Sketch1.ino.hex)
  Upload: dotnet build -t:Upload -p:Port=/dev/ttyACM0
*/

void setup() {
  pinMode(LED_BUILTIN, OUTPUT);
  Serial.begin(9600);
  Serial.println(F("Hello from Sketch1"));
}

void loop() {
  digitalWrite(LED_BUILTIN, HIGH);
  Serial.println(F("on"));
  delay(500);
  digitalWrite(LED_BUILTIN, LOW);
  Serial.println(F("off"));
  delay(500);
}

// Led tab: owns the LED pin and its state.

static int ledPin = -1;
static bool ledState = false;
static unsigned int toggles = 0;

void ledBegin(int pin) {
  ledPin = pin;
  pinMode(ledPin, OUTPUT);
  digitalWrite(ledPin, LOW);
  ledState = false;
}

void ledSet(bool on) {
  if (on != ledState) {
    toggles++;
  }
  ledState = on;
  digitalWrite(ledPin, on ? HIGH : LOW);
}

bool ledIsOn() {
  return ledState;
}

unsigned int ledToggleCount() {
  return toggles;
}

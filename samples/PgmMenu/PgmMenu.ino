/*
  PgmMenu

  A menu kept in flash: the item table lives in PROGMEM and is copied to
  RAM one entry at a time with memcpy_P, and the fixed texts use F(), so
  none of it costs SRAM. The helpers that take the sketch's own MenuItem
  type are defined after loop(), so their generated prototypes must land
  after the struct definition.

  Prints the menu and runs a fixed sequence of selections, then stops
  (sleep with interrupts off, which ends simavr).
*/

#include <avr/pgmspace.h>
#if defined(ARDUINO_ARCH_AVR)
#include <avr/sleep.h>  // to stop under simavr (AVR only)
#endif

struct MenuItem {
  char key;
  char label[12];
  uint16_t value;
};

const MenuItem kMenu[] PROGMEM = {
  {'b', "Brightness", 80},
  {'c', "Contrast", 50},
  {'v', "Volume", 7},
  {'t', "Timeout", 300},
};

const uint8_t kMenuSize = sizeof(kMenu) / sizeof(kMenu[0]);

void setup() {
  Serial.begin(9600);
  Serial.println(F("== Settings =="));
  for (uint8_t i = 0; i < kMenuSize; i++) {
    MenuItem item;
    loadItem(i, item);
    printItem(item);
  }

  const char selections[] = "vxt";
  for (const char *key = selections; *key; key++) {
    select(*key);
  }

  Serial.flush();
#if defined(ARDUINO_ARCH_AVR)
  cli();
  sleep_enable();
  sleep_cpu();
#endif
}

void loop() {
}

void loadItem(uint8_t index, MenuItem &item) {
  memcpy_P(&item, &kMenu[index], sizeof(MenuItem));
}

void printItem(const MenuItem &item) {
  Serial.print(F("  ["));
  Serial.print(item.key);
  Serial.print(F("] "));
  Serial.print(item.label);
  Serial.print(F(" = "));
  Serial.println(item.value);
}

bool findItem(char key, MenuItem &item) {
  for (uint8_t i = 0; i < kMenuSize; i++) {
    if ((char)pgm_read_byte(&kMenu[i].key) == key) {
      loadItem(i, item);
      return true;
    }
  }
  return false;
}

void select(char key) {
  MenuItem item;
  Serial.print(F("select "));
  Serial.print(key);
  Serial.print(F(": "));
  if (findItem(key, item)) {
    Serial.print(item.label);
    Serial.print(F(" is "));
    Serial.println(item.value);
  } else {
    Serial.println(F("no such item"));
  }
}

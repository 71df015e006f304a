/*
  EepromCounter

  Counts resets in EEPROM. A small record (magic, boot count, last
  status byte) is kept at address 0: EEPROM.get reads it, EEPROM.put
  writes it back, and EEPROM.update rewrites a byte only when it
  changes, sparing EEPROM wear. A fresh (erased, all 0xFF) EEPROM is
  detected through the magic number and initialised.

  Prints the record, then stops (sleep with interrupts off, which ends
  simavr; simavr starts each run with an erased EEPROM).
*/

#include <EEPROM.h>
#include <avr/sleep.h>

const uint16_t kMagic = 0xC0DE;
const int kRecordAddress = 0;

struct BootRecord {
  uint16_t magic;
  uint32_t boots;
  uint8_t status;
};

const int kStatusAddress = kRecordAddress + offsetof(BootRecord, status);

void printRecord(const char *label, const BootRecord &record) {
  Serial.print(label);
  Serial.print(": magic=0x");
  Serial.print(record.magic, HEX);
  Serial.print(" boots=");
  Serial.print(record.boots);
  Serial.print(" status=");
  Serial.println(record.status);
}

void setup() {
  Serial.begin(9600);
  Serial.print("record: ");
  Serial.print(sizeof(BootRecord));
  Serial.println(" bytes at address 0");
  if (kRecordAddress + sizeof(BootRecord) > EEPROM.length()) {
    Serial.println("EEPROM too small");
    return;
  }

  BootRecord record;
  EEPROM.get(kRecordAddress, record);
  printRecord("read", record);

  if (record.magic != kMagic) {
    Serial.println("erased EEPROM, initialising");
    record.magic = kMagic;
    record.boots = 0;
    record.status = 0;
  }

  record.boots++;
  EEPROM.put(kRecordAddress, record);

  // Same value: update() reads first and skips the write.
  EEPROM.update(kStatusAddress, record.status);
  // New value: update() writes it.
  EEPROM.update(kStatusAddress, 42);

  BootRecord check;
  EEPROM.get(kRecordAddress, check);
  printRecord("stored", check);
  Serial.println(check.boots == record.boots && check.status == 42 ? "ok" : "FAILED");

  Serial.flush();
  cli();
  sleep_enable();
  sleep_cpu();
}

void loop() {
}

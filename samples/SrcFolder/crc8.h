// crc8.h - CRC-8 (polynomial 0x07, init 0x00), implemented in C.
#ifndef CRC8_H
#define CRC8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

uint8_t crc8(const uint8_t *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif

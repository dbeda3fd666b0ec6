#ifndef TLE_CRC32_H
#define TLE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/// The gzip CRC-32 (the reflected polynomial 0xEDB88320), continued from `crc` over `length` bytes: the same
/// value as zlib's `crc32(crc, bytes, length)`. Folds 64 bytes at a time with carry-less multiplication where the
/// CPU has it (x86-64 with PCLMULQDQ), and otherwise calls zlib.
uint32_t tle_crc32(uint32_t crc, const uint8_t *bytes, size_t length);

#endif

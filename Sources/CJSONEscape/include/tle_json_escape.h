#ifndef TLE_JSON_ESCAPE_H
#define TLE_JSON_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

/// Copies bytes from `source` to `destination` up to the first byte a JSON string must escape (a control
/// character, `"`, `\` or DEL), and returns how many it copied: `length` when none needs escaping. Writes nothing
/// past `destination + length`.
size_t tle_json_copy_plain(uint8_t *destination, const uint8_t *source, size_t length);

#endif

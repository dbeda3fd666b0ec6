#ifndef TLE_JSON_ESCAPE_H
#define TLE_JSON_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

/// Copies bytes from `source` to `destination` up to the first byte a JSON string must escape (a control
/// character, `"`, `\` or DEL), and returns how many it copied: `length` when none needs escaping. Writes nothing
/// past `destination + length`.
size_t tle_json_copy_plain(uint8_t *destination, const uint8_t *source, size_t length);

/// Sorts bytes for the extras reader, which shows a length-delimited field as text when it is clean UTF-8: 0 when
/// one of them is a control character other than tab, line feed and carriage return, or DEL (not text); 1 when
/// none is and all are ASCII (text); 2 when none is but some are not ASCII (text if they are valid UTF-8, which
/// the caller checks).
int tle_text_class(const uint8_t *bytes, size_t length);

#endif

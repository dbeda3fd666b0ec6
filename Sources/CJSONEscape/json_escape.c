// The scan-and-copy at the heart of writing a JSON string. Nearly every string in an event (ids, handles, URLs,
// comments) needs no escaping at all, so the work is finding that out while copying: sixteen bytes per step with
// SSE2 (every x86-64 has it), eight per step as a 64-bit word elsewhere and for the rest of a string, then one.
// Byte-at-a-time scanning in Swift was ~4% of `replay --json`.
#include "tle_json_escape.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static const uint64_t ones = 0x0101010101010101ull;
static const uint64_t high_bits = 0x8080808080808080ull;

// Whether any byte of the word is below 0x20, or is '"', '\\' or DEL: the "has a zero byte" / "has a byte less
// than n" bit tricks, exact about whether such a byte exists, which is all that is asked.
static inline int word_needs_escape(uint64_t word) {
    uint64_t below_space = (word - ones * 0x20) & ~word;
    uint64_t quote = word ^ (ones * 0x22);
    uint64_t backslash = word ^ (ones * 0x5c);
    uint64_t del = word ^ (ones * 0x7f);
    uint64_t zero_in = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((del - ones) & ~del);
    return ((below_space | zero_in) & high_bits) != 0;
}

static inline int byte_needs_escape(uint8_t byte) {
    return byte < 0x20 || byte == 0x22 || byte == 0x5c || byte == 0x7f;
}

size_t tle_json_copy_plain(uint8_t *destination, const uint8_t *source, size_t length) {
    size_t index = 0;
#if defined(__SSE2__)
    const __m128i below_space = _mm_set1_epi8(0x1f);
    const __m128i quote = _mm_set1_epi8(0x22);
    const __m128i backslash = _mm_set1_epi8(0x5c);
    const __m128i del = _mm_set1_epi8(0x7f);
    for (; index + 16 <= length; index += 16) {
        __m128i block = _mm_loadu_si128((const __m128i *)(source + index));
        _mm_storeu_si128((__m128i *)(destination + index), block);
        // Unsigned "byte <= 0x1f" as "min(byte, 0x1f) == byte".
        __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(block, below_space), block),
                                    _mm_or_si128(_mm_cmpeq_epi8(block, quote),
                                                 _mm_or_si128(_mm_cmpeq_epi8(block, backslash),
                                                              _mm_cmpeq_epi8(block, del))));
        int mask = _mm_movemask_epi8(hits);
        if (mask != 0) return index + (size_t)__builtin_ctz((unsigned)mask);
    }
#endif
    for (; index + 8 <= length; index += 8) {
        uint64_t word;
        memcpy(&word, source + index, 8);
        if (word_needs_escape(word)) break;  // The byte loop below finds which.
        memcpy(destination + index, &word, 8);
    }
    for (; index < length; index++) {
        if (byte_needs_escape(source[index])) return index;
        destination[index] = source[index];
    }
    return length;
}

// The extras reader asks this of every length-delimited field it meets (nested messages fail at once, on a small
// key or length byte; text is read to its end, then read again as it is copied): sixteen bytes per step, as above,
// where the Swift loop took one byte and three comparisons.
static inline int byte_is_not_text(uint8_t byte) {
    return (byte < 0x20 && byte != 0x09 && byte != 0x0a && byte != 0x0d) || byte == 0x7f;
}

int tle_text_class(const uint8_t *bytes, size_t length) {
    size_t index = 0;
    int high = 0;
#if defined(__SSE2__)
    const __m128i below_space = _mm_set1_epi8(0x1f);
    const __m128i tab = _mm_set1_epi8(0x09);
    const __m128i line_feed = _mm_set1_epi8(0x0a);
    const __m128i carriage_return = _mm_set1_epi8(0x0d);
    const __m128i del = _mm_set1_epi8(0x7f);
    for (; index + 16 <= length; index += 16) {
        __m128i block = _mm_loadu_si128((const __m128i *)(bytes + index));
        __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(block, below_space), block);
        __m128i allowed = _mm_or_si128(_mm_cmpeq_epi8(block, tab),
                                       _mm_or_si128(_mm_cmpeq_epi8(block, line_feed),
                                                    _mm_cmpeq_epi8(block, carriage_return)));
        __m128i bad = _mm_or_si128(_mm_andnot_si128(allowed, control), _mm_cmpeq_epi8(block, del));
        if (_mm_movemask_epi8(bad) != 0) return 0;
        high |= _mm_movemask_epi8(block);  // the top bit of each byte
    }
#endif
    for (; index < length; index++) {
        uint8_t byte = bytes[index];
        if (byte_is_not_text(byte)) return 0;
        high |= byte & 0x80;
    }
    return high ? 2 : 1;
}

// CRC-32 by folding, after the method of Gopal et al., "Fast CRC Computation for Generic Polynomials Using
// PCLMULQDQ Instruction" (Intel, 2009). zlib's table-driven CRC was ~8% of `replay --json`; folding 64 bytes per
// step with carry-less multiplies takes it to ~2%.
//
// How it works, in the reflected bit order gzip uses (the first bit of the message is the highest power of x):
// a 16-byte block A, followed later in the message by a block B at a distance of d bits, may be replaced by zeros
// if B is replaced by B xor (A's upper half times x^(d+64) mod P) xor (A's lower half times x^d mod P): the message
// keeps its remainder mod P. Four running blocks are folded over 64 bytes at a time, then into one block, and the
// last block and the tail (under 32 bytes) go to zlib. The constants are x^n mod P, bit-reflected into 32 bits, with n
// lowered by 33 because a carry-less product of a 64-bit and a 32-bit reflected operand lands 33 places down:
// Scripts/derive-crc32-constants.py computes them and checks the whole method against zlib.
#include "tle_crc32.h"

#include <zlib.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// x^543 and x^479 mod P: a fold over 512 bits (four blocks ahead).
#define FOLD_512_HIGH 0x8f352d95u
#define FOLD_512_LOW 0x1d9513d7u
// x^159 and x^95 mod P: a fold over 128 bits (the next block).
#define FOLD_128_HIGH 0xae689191u
#define FOLD_128_LOW 0xccaa009eu

__attribute__((target("pclmul,sse2"))) static inline __m128i fold(__m128i block, __m128i constants) {
    // Lower quadword (the higher powers) by the first constant, upper quadword by the second.
    return _mm_xor_si128(_mm_clmulepi64_si128(block, constants, 0x00), _mm_clmulepi64_si128(block, constants, 0x11));
}

__attribute__((target("pclmul,sse2"))) static uint32_t crc32_folded(uint32_t state, const uint8_t *bytes,
                                                                    size_t length, size_t *consumed) {
    const __m128i by512 = _mm_set_epi64x(FOLD_512_LOW, FOLD_512_HIGH);
    const __m128i by128 = _mm_set_epi64x(FOLD_128_LOW, FOLD_128_HIGH);
    const __m128i *blocks = (const __m128i *)bytes;
    // The running state enters as the first four message bytes xor'ed with it, after which the rest is a plain
    // remainder with a zero start.
    __m128i x0 = _mm_xor_si128(_mm_loadu_si128(blocks), _mm_cvtsi32_si128((int)state));
    __m128i x1 = _mm_loadu_si128(blocks + 1);
    __m128i x2 = _mm_loadu_si128(blocks + 2);
    __m128i x3 = _mm_loadu_si128(blocks + 3);
    size_t offset = 64;
    for (; length - offset >= 64; offset += 64) {
        const __m128i *next = (const __m128i *)(bytes + offset);
        x0 = _mm_xor_si128(fold(x0, by512), _mm_loadu_si128(next));
        x1 = _mm_xor_si128(fold(x1, by512), _mm_loadu_si128(next + 1));
        x2 = _mm_xor_si128(fold(x2, by512), _mm_loadu_si128(next + 2));
        x3 = _mm_xor_si128(fold(x3, by512), _mm_loadu_si128(next + 3));
    }
    __m128i x = _mm_xor_si128(fold(x0, by128), x1);
    x = _mm_xor_si128(fold(x, by128), x2);
    x = _mm_xor_si128(fold(x, by128), x3);
    for (; length - offset >= 16; offset += 16) {
        x = _mm_xor_si128(fold(x, by128), _mm_loadu_si128((const __m128i *)(bytes + offset)));
    }
    uint8_t last[16];
    _mm_storeu_si128((__m128i *)last, x);
    *consumed = offset;
    // The folded block's remainder from a zero start, which is zlib's CRC from an all-ones one.
    return (uint32_t)crc32_z(0xffffffffu, last, 16);
}
#endif

uint32_t tle_crc32(uint32_t crc, const uint8_t *bytes, size_t length) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (length >= 64 && __builtin_cpu_supports("pclmul")) {
        size_t consumed = 0;
        uint32_t folded = crc32_folded(~crc, bytes, length, &consumed);
        return (uint32_t)crc32_z(folded, bytes + consumed, length - consumed);
    }
#endif
    return (uint32_t)crc32_z(crc, bytes, length);
}

// UTF-8 validation 32 bytes a step with AVX2, after John Keiser and Daniel Lemire, "Validating
// UTF-8 in less than one instruction per byte" (Software: Practice and Experience, 2021): every
// error of two consecutive bytes is found by three 16-entry table lookups (the high nibble of
// the first byte, its low nibble, the high nibble of the second) whose AND is non-zero exactly
// for an ill-formed pair; the third and fourth bytes of long sequences are checked from the
// bytes two and three before. A block of ASCII takes one test.
#include "utf8.h"

#include <immintrin.h>
#include <string.h>

bool sk_utf8_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

// What a pair of bytes can be wrong by, as bits.
enum {
    TOO_SHORT = 1 << 0,       // 11______ followed by 0_______ or 11______
    TOO_LONG = 1 << 1,        // 0_______ followed by 10______
    OVERLONG_3 = 1 << 2,      // 11100000 100_____
    TOO_LARGE = 1 << 3,       // 11110100 1001____ and above
    SURROGATE = 1 << 4,       // 11101101 101_____
    OVERLONG_2 = 1 << 5,      // 1100000_ 10______
    TOO_LARGE_1000 = 1 << 6,  // 11110101 1000____ and above
    OVERLONG_4 = 1 << 6,      // 11110000 1000____
    TWO_CONTS = 1 << 7,       // 10______ 10______ (allowed only inside a sequence)
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

#define TARGET __attribute__((target("avx2")))

// The 32 bytes ending `n` bytes before the end of `input` (from `previous` before it).
#define PREVIOUS(input, previous, n) \
    _mm256_alignr_epi8((input), _mm256_permute2x128_si256((previous), (input), 0x21), 16 - (n))

static inline TARGET __m256i lookup(__m256i nibbles, __m256i table) { return _mm256_shuffle_epi8(table, nibbles); }

static inline TARGET __m256i table(const uint8_t t[16]) {
    const __m128i half = _mm_loadu_si128((const __m128i *)t);
    return _mm256_broadcastsi128_si256(half);
}

static const uint8_t byte1High[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,  // 0_______
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,                                      // 10______
    TOO_SHORT | OVERLONG_2,                                                          // 1100____
    TOO_SHORT,                                                                       // 1101____
    TOO_SHORT | OVERLONG_3 | SURROGATE,                                              // 1110____
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,                             // 1111____
};
static const uint8_t byte1Low[16] = {
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,   // ____0000
    CARRY | OVERLONG_2,                             // ____0001
    CARRY, CARRY,                                   // ____001_
    CARRY | TOO_LARGE,                              // ____0100
    CARRY | TOO_LARGE | TOO_LARGE_1000,             // ____0101
    CARRY | TOO_LARGE | TOO_LARGE_1000,             // ____011_
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,             // ____1___
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,  // ____1101
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
};
static const uint8_t byte2High[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,  // 0_______
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,           // 1000____
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,                             // 1001____
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,                              // 101_____
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,                                             // 11______
};

// The errors of one block given the block before it.
static inline TARGET __m256i blockErrors(__m256i input, __m256i previous, __m256i t1h, __m256i t1l, __m256i t2h) {
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i prev1 = PREVIOUS(input, previous, 1);
    const __m256i b1h = lookup(_mm256_and_si256(_mm256_srli_epi16(prev1, 4), low4), t1h);
    const __m256i b1l = lookup(_mm256_and_si256(prev1, low4), t1l);
    const __m256i b2h = lookup(_mm256_and_si256(_mm256_srli_epi16(input, 4), low4), t2h);
    const __m256i special = _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
    // A third byte must follow 111_____ two back, a fourth 1111____ three back: those positions
    // must be continuations, which the pair check above took as TWO_CONTS errors.
    const __m256i prev2 = PREVIOUS(input, previous, 2);
    const __m256i prev3 = PREVIOUS(input, previous, 3);
    const __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
    const __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    const __m256i must = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must, special);
}

// Non-zero where the block ends inside a sequence: a lead byte too near its end.
static inline TARGET __m256i incomplete(__m256i input) {
    const __m256i limits = _mm256_setr_epi8(
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm256_subs_epu8(input, limits);
}

TARGET bool sk_utf8_valid_avx2(const uint8_t *bytes, size_t n) {
    const __m256i t1h = table(byte1High), t1l = table(byte1Low), t2h = table(byte2High);
    __m256i previous = _mm256_setzero_si256();
    __m256i pending = _mm256_setzero_si256();  // the block before ended inside a sequence
    __m256i errors = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m256i input = _mm256_loadu_si256((const __m256i *)(bytes + i));
        if (_mm256_movemask_epi8(input) == 0) {
            errors = _mm256_or_si256(errors, pending);  // ASCII after a cut-short sequence
            pending = _mm256_setzero_si256();
        } else {
            errors = _mm256_or_si256(errors, blockErrors(input, previous, t1h, t1l, t2h));
            pending = incomplete(input);
        }
        previous = input;
        // Every 64 KiB, stop at the first error rather than read on.
        if ((i & 0xFFFF) == 0 && !_mm256_testz_si256(errors, errors)) return false;
    }
    // The tail, padded with ASCII zeros: a sequence it cuts short is then TOO_SHORT.
    uint8_t last[32] = {0};
    memcpy(last, bytes + i, n - i);
    const __m256i input = _mm256_loadu_si256((const __m256i *)last);
    errors = _mm256_or_si256(errors, blockErrors(input, previous, t1h, t1l, t2h));
    errors = _mm256_or_si256(errors, incomplete(input));
    return _mm256_testz_si256(errors, errors);
}

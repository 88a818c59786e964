#ifndef SCOREKERNEL_UTF8_H
#define SCOREKERNEL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Whether this CPU runs the AVX2 path of `sk_utf8_valid`.
bool sk_utf8_has_avx2(void);

/// Whether the `n` bytes at `bytes` are well-formed UTF-8 (Unicode table 3-7), 32 bytes a step
/// with AVX2 (Keiser and Lemire's lookup method). Only on a CPU with AVX2: ask
/// `sk_utf8_has_avx2` first. Says nothing of where a problem is; the caller finds that.
bool sk_utf8_valid_avx2(const uint8_t *bytes, size_t n);

#endif

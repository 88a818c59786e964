// ⌊x⌋ for 0 ≤ x < 2^52 with plain adds and a compare (baseline x86-64 has no SSE4.1 rounding,
// and a libm call would stop the loops vectorizing): adding and removing 2^52 rounds to an
// integer, one is taken off where that rounded up. The C kernels' twin of
// Rounding.floorNonNegative, the same operations, so the same bits.
#ifndef SCOREKERNEL_FLOOR_H
#define SCOREKERNEL_FLOOR_H

static inline __attribute__((always_inline)) double sk_floor_nonnegative(double x) {
    const double magic = 4503599627370496.0;  // 2^52
    const double t = (x + magic) - magic;
    return t > x ? t - 1.0 : t;
}

#endif

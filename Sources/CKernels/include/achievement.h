#ifndef SCOREKERNEL_ACHIEVEMENT_H
#define SCOREKERNEL_ACHIEVEMENT_H

#include <stddef.h>
#include <stdint.h>

/// The scheme's choices the achievement kernel needs (SPEC §4).
typedef struct {
    double scale;           // 10^precision
    double nudge;           // the rounding rule's nudge
    double overshoot;       // the overshoot flag's factor
    double qualAchieved, qualPartial, qualNotAchieved;
    int reverseLinear, equalTwoSided, negativeAsZero;
} sk_achievement_scheme;

/// Which compiled path runs the kernel: the baseline x86-64 one (SSE2), AVX2, or AVX-512.
typedef enum { sk_path_baseline = 0, sk_path_avx2 = 1, sk_path_avx512 = 2 } sk_path;

/// The widest path this CPU runs.
sk_path sk_best_path(void);

/// Achievement, rounded score units and flag bits of rows 0..<n (AchievementKernel's rules),
/// on `path` (one the CPU runs). Every path gives the same bits: the same IEEE operations in
/// the same order, no fused multiply-add.
void sk_achievement(sk_path path, const sk_achievement_scheme *scheme, size_t n,
                    const uint8_t *direction, const uint8_t *grade, const double *target, const double *high,
                    const double *actual, const double *points, const double *entered,
                    double *achievement, int64_t *score, uint8_t *flags);

#endif

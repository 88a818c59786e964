// The achievement kernel (SPEC §4.1, §4.3, §4.4) for AchievementKernel, in C so that one source
// is compiled three times — baseline x86-64, AVX2, AVX-512 — and the widest the CPU has runs
// (issue 13, item 7). Every rule is written as selections, without branches, so that the
// compiler vectorizes the loop at each width; the same operations in the same order on every
// path, and no contraction into fused multiply-adds, give the same bits on every path.
#include "achievement.h"
#include "floor.h"

#pragma clang fp contract(off)

enum { atLeast = 0, above = 1, atMost = 2, below = 3, equal = 4, range = 5, qualitative = 6, deadline = 7 };
enum { gradeAchieved = 1, gradePartial = 2 };
enum { flagOvershoot = 1, flagUnderachieved = 2 };

static inline __attribute__((always_inline)) void kernel(
    const sk_achievement_scheme *s, size_t n, const uint8_t *restrict direction, const uint8_t *restrict grade,
    const double *restrict target, const double *restrict high, const double *restrict actual,
    const double *restrict points, const double *restrict entered, double *restrict achievement,
    int64_t *restrict score, uint8_t *restrict flags) {
    const double scale = s->scale, nudge = s->nudge, overshoot = s->overshoot;
    const double qa = s->qualAchieved, qp = s->qualPartial, qn = s->qualNotAchieved;
    const int reverseLinear = s->reverseLinear, equalTwoSided = s->equalTwoSided, negativeAsZero = s->negativeAsZero;
    for (size_t i = 0; i < n; i++) {
        const int d = direction[i], g = grade[i];
        const double A = target[i], H = high[i], w = points[i], e = entered[i];
        const double B = (negativeAsZero && actual[i] < 0) ? 0.0 : actual[i];
        const int isAtLeast = d <= above, isReverse = d == atMost || d == below, isEqual = d == equal;
        const int isRange = d == range, isQual = d == qualitative, isDeadline = d == deadline;
        const int hasEntered = e == e;
        // One ratio of B and a bound X, up (B/X) or down (X/B, or linear 2 − B/X).
        const int aboveRange = isRange && B > H;
        const double X = aboveRange ? H : A;
        const int down = (isReverse && B > A) || (equalTwoSided && isEqual && B > A) || aboveRange;
        const int flip = !reverseLinear && down;
        const double numerator = isQual ? e : (flip ? X : B);
        const double denominator = isQual ? w : (flip ? B : X);
        const double q = numerator / denominator;
        double ach = q > 1.0 ? 1.0 : q;
        const double linear = 2.0 - q;
        ach = down ? (reverseLinear ? (linear < 0.0 ? 0.0 : linear) : q) : ach;
        // Exact cases, in AchievementKernel's order.
        ach = (isReverse && B <= A) ? 1.0 : ach;
        ach = (isAtLeast && A == 0.0) ? (B >= 0.0 ? 1.0 : 0.0) : ach;
        ach = (isEqual && A == 0.0) ? (B <= 0.0 ? 1.0 : 0.0) : ach;
        ach = (isRange && B >= A && B <= H) ? 1.0 : ach;
        const double qual = g == gradeAchieved ? qa : (g == gradePartial ? qp : qn);
        ach = (isQual && !hasEntered) ? qual : ach;
        ach = isDeadline ? (B <= A ? 1.0 : 0.0) : ach;
        // floor(w·a·10^p + nudge), the entered score of a qualitative row as entered.
        const double raw = (isQual && hasEntered) ? e * scale : w * ach * scale;
        const double t = sk_floor_nonnegative(raw + nudge);
        const int overshootDirection = equalTwoSided ? isAtLeast : (isAtLeast || isEqual);
        const int isOvershoot = overshootDirection && A > 0.0 && B >= A * overshoot;
        achievement[i] = ach;
        score[i] = (int64_t)t;
        flags[i] = (uint8_t)((isOvershoot ? flagOvershoot : 0) | (ach < 1.0 ? flagUnderachieved : 0));
    }
}

#define ARGUMENTS                                                                                              \
    const sk_achievement_scheme *s, size_t n, const uint8_t *direction, const uint8_t *grade, const double *target, \
        const double *high, const double *actual, const double *points, const double *entered, double *achievement, \
        int64_t *score, uint8_t *flags
#define PASS s, n, direction, grade, target, high, actual, points, entered, achievement, score, flags

static void baseline(ARGUMENTS) { kernel(PASS); }
__attribute__((target("avx2"))) static void avx2(ARGUMENTS) { kernel(PASS); }
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) static void avx512(ARGUMENTS) { kernel(PASS); }

sk_path sk_best_path(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw"))
        return sk_path_avx512;
    if (__builtin_cpu_supports("avx2")) return sk_path_avx2;
    return sk_path_baseline;
}

void sk_achievement(sk_path path, ARGUMENTS) {
    switch (path) {
    case sk_path_avx512: avx512(PASS); break;
    case sk_path_avx2: avx2(PASS); break;
    default: baseline(PASS); break;
    }
}

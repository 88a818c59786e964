// Scenario scores of projects read straight from the category matrix's rows (ScenarioEngine's
// path for fewer than eight scenarios, issue 13 item 7), in C so that one source is compiled for
// baseline x86-64, AVX2 and AVX-512, as the achievement kernel is. With K = 4 (level 1 and
// execution) K is a constant, so that the compiler unrolls a row and vectorizes across projects;
// other K (10: the nine level-2 dimensions and execution) read K at run time, because fixing
// K = 10 made the compiler vectorize across projects with rows ten apart and took 4.1 ms at 100k
// projects against 1.25 ms (bench, scenarios-m1-k10). Every path performs the same IEEE
// operations in the same order, without contraction into fused multiply-adds: the same bits.
#include "scenario.h"
#include "floor.h"

#pragma clang fp contract(off)

// floor(x·10^p + nudge) clamped to 0 … top (NaN to 0), as ScenarioEngine rounds.
static inline __attribute__((always_inline)) int32_t rounded(const sk_scenario_rule *r, double x) {
    double y = x * r->scale + r->nudge;
    y = y > r->top ? r->top : y;
    y = y >= 0.0 ? y : 0.0;
    return (int32_t)sk_floor_nonnegative(y);
}

// C·W and P·W of each row side by side; a project lacking a category (some P = 0) is rescaled
// to S × 100 / P·W (0 when P·W ≤ 0) under `renormalize`.
static inline __attribute__((always_inline)) void weighted(
    const sk_scenario_rule *r, size_t n, size_t k, int renormalize, const double *restrict a,
    const double *restrict p, const double *restrict w, int32_t *restrict units) {
    for (size_t i = 0; i < n; i++) {
        const double *restrict ar = a + i * k, *restrict pr = p + i * k;
        double x = ar[0] * w[0], pw = pr[0] * w[0];
        int lacking = pr[0] == 0.0;
        for (size_t q = 1; q < k; q++) {
            x = x + ar[q] * w[q];
            pw = pw + pr[q] * w[q];
            lacking |= pr[q] == 0.0;
        }
        if (renormalize) {
            const double rescaled = pw <= 0.0 ? 0.0 : x * 100.0 / pw;
            x = lacking ? rescaled : x;
        }
        units[i] = rounded(r, x);
    }
}

// Σ C·own points of each row, in category order.
static inline __attribute__((always_inline)) void filed(
    const sk_scenario_rule *r, size_t n, size_t k, const double *restrict a, const double *restrict own,
    int32_t *restrict units) {
    for (size_t i = 0; i < n; i++) {
        const double *restrict ar = a + i * k, *restrict ow = own + i * k;
        double x = ar[0] * ow[0];
        for (size_t q = 1; q < k; q++) x = x + ar[q] * ow[q];
        units[i] = rounded(r, x);
    }
}

static inline __attribute__((always_inline)) void rows(
    const sk_scenario_rule *r, size_t n, size_t k, const double *a, const double *p, const double *w,
    const double *own, int32_t *units) {
    if (own) filed(r, n, k, a, own, units);
    else if (r->renormalize) weighted(r, n, k, 1, a, p, w, units);
    else weighted(r, n, k, 0, a, p, w, units);
}

// The row loop, with K a constant when it is 4.
static inline __attribute__((always_inline)) void kernel(
    const sk_scenario_rule *r, size_t n, size_t k, const double *a, const double *p, const double *w,
    const double *own, int32_t *units) {
    switch (k) {
    case 4: rows(r, n, 4, a, p, w, own, units); break;
    default: rows(r, n, k, a, p, w, own, units); break;
    }
}

static inline __attribute__((always_inline)) void grading(
    size_t lanes, const int32_t *restrict units, const int32_t *restrict minima, size_t bands, uint8_t *restrict grades) {
    for (size_t i = 0; i < lanes; i++) grades[i] = 0;
    for (size_t b = 0; b < bands; b++) {
        const int32_t m = minima[b];
        for (size_t i = 0; i < lanes; i++) grades[i] += units[i] < m;
    }
}

#define ROWS_ARGUMENTS                                                                                          \
    const sk_scenario_rule *r, size_t n, size_t k, const double *a, const double *p, const double *w, const double *own, \
        int32_t *units
#define ROWS_PASS r, n, k, a, p, w, own, units
#define GRADES_ARGUMENTS size_t lanes, const int32_t *units, const int32_t *minima, size_t bands, uint8_t *grades
#define GRADES_PASS lanes, units, minima, bands, grades

static void rows_baseline(ROWS_ARGUMENTS) { kernel(ROWS_PASS); }
__attribute__((target("avx2"))) static void rows_avx2(ROWS_ARGUMENTS) { kernel(ROWS_PASS); }
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) static void rows_avx512(ROWS_ARGUMENTS) { kernel(ROWS_PASS); }

static void grades_baseline(GRADES_ARGUMENTS) { grading(GRADES_PASS); }
__attribute__((target("avx2"))) static void grades_avx2(GRADES_ARGUMENTS) { grading(GRADES_PASS); }
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) static void grades_avx512(GRADES_ARGUMENTS) { grading(GRADES_PASS); }

void sk_scenario_rows(sk_path path, const sk_scenario_rule *r, size_t n, size_t lanes, size_t k, const double *a,
                      const double *p, const double *w, const double *own, int32_t *units) {
    switch (path) {
    case sk_path_avx512: rows_avx512(ROWS_PASS); break;
    case sk_path_avx2: rows_avx2(ROWS_PASS); break;
    default: rows_baseline(ROWS_PASS); break;
    }
    const int32_t padding = rounded(r, 0.0);
    for (size_t i = n; i < lanes; i++) units[i] = padding;
}

void sk_scenario_grades(sk_path path, GRADES_ARGUMENTS) {
    switch (path) {
    case sk_path_avx512: grades_avx512(GRADES_PASS); break;
    case sk_path_avx2: grades_avx2(GRADES_PASS); break;
    default: grades_baseline(GRADES_PASS); break;
    }
}

#ifndef SCOREKERNEL_SCENARIO_H
#define SCOREKERNEL_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "achievement.h"

/// How a scenario score is rounded and, for a project lacking a category, rescaled (SPEC §4.5).
typedef struct {
    double scale;     // 10^precision
    double nudge;     // the rounding rule's nudge
    double top;       // the highest score in units, 100 · 10^precision
    int renormalize;  // whether a project lacking a category is rescaled to 100
} sk_scenario_rule;

/// Rounded scores of `n` projects under one scenario, read straight from the category matrix's
/// rows (`k` achievements and `k` presences per project, row after row), into `units[0..<lanes]`
/// (lanes `n..<lanes` score as a project with C = 0 and every category present). With
/// `own_points` the scenario is the as-filed one: each row's own points (also `k` per row) are
/// its weights and nothing is rescaled; otherwise `weights` holds the scenario's `k` weights.
/// ScenarioEngine's operations in its order, no fused multiply-add: the same bits on every path.
void sk_scenario_rows(sk_path path, const sk_scenario_rule *rule, size_t n, size_t lanes, size_t k,
                      const double *achievement, const double *presence, const double *weights,
                      const double *own_points, int32_t *units);

/// The grade of each of `lanes` scores: the number of the `bands` minima a score is below.
void sk_scenario_grades(sk_path path, size_t lanes, const int32_t *units, const int32_t *minima, size_t bands,
                        uint8_t *grades);

#endif

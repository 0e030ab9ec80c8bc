/* linebreak: choosing where a paragraph's lines end. Knuth-Plass total fit over boxes, glue and
 * penalties (two passes: a tolerance, then an emergency pass that accepts any ratio so a line
 * never overflows while a fit exists), and a first-fit greedy breaker for comparison. Both see
 * the same items, so hyphenation and the consecutive-hyphen limit apply to both.
 * Widths come from prefix sums, so a candidate line is measured in O(1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "typeset_internal.h"

#define NO_BREAK      ((size_t)-1)
#define RATIO_HUGE    1e6
#define RAGGED_HYPHEN 4 /* ragged text needs hyphens less: their penalty counts 4 times */

struct sums {
    double *w, *y, *z; /* prefix sums over items [0, i) */
};

struct kp_node {
    size_t pos, start;
    int fitness, hyphens;
    double total;
    struct kp_node *prev, *next;
};

size_t ts_line_start(const struct ts_item *items, size_t n, size_t after_break)
{
    size_t s = after_break == NO_BREAK ? 0 : after_break + 1;
    while (s < n && (items[s].type == TS_GLUE ||
                     (items[s].type == TS_PENALTY && items[s].penalty > -TS_PENALTY_INF)))
        s++;
    return s;
}

static enum quire_status sums_init(struct sums *sm, const struct ts_item *it, size_t n,
                                   struct ts_arena *a)
{
    sm->w = ts_arena_alloc(a, (n + 1) * sizeof(double) * 3);
    if (!sm->w)
        return QUIRE_ENOMEM;
    sm->y = sm->w + n + 1;
    sm->z = sm->y + n + 1;
    sm->w[0] = sm->y[0] = sm->z[0] = 0;
    for (size_t i = 0; i < n; i++) {
        bool has_width = it[i].type != TS_PENALTY;
        sm->w[i + 1] = sm->w[i] + (has_width ? it[i].w : 0);
        sm->y[i + 1] = sm->y[i] + (it[i].type == TS_GLUE ? it[i].stretch : 0);
        sm->z[i + 1] = sm->z[i] + (it[i].type == TS_GLUE ? it[i].shrink : 0);
    }
    return QUIRE_OK;
}

static bool is_forced(const struct ts_item *it)
{
    return it->type == TS_PENALTY && it->penalty <= -TS_PENALTY_INF;
}

static bool is_legal(const struct ts_item *it, size_t b)
{
    if (it[b].type == TS_GLUE)
        return b > 0 && it[b - 1].type == TS_BOX;
    return it[b].type == TS_PENALTY && it[b].penalty < TS_PENALTY_INF;
}

/* Adjustment ratio of the line [s, b): 0 for a last line that fits. */
static double line_ratio(const struct ts_item *it, const struct sums *sm, size_t s, size_t b,
                         float measure, double ragged)
{
    double L = sm->w[b] - sm->w[s] + (it[b].type == TS_PENALTY ? it[b].w : 0);
    if (L <= measure) {
        if (is_forced(&it[b]))
            return 0;
        double y = sm->y[b] - sm->y[s] + ragged;
        return y > 0 ? (measure - L) / y : RATIO_HUGE;
    }
    double z = sm->z[b] - sm->z[s];
    return z > 0 ? (measure - L) / z : -RATIO_HUGE;
}

static int fitness_of(double r)
{
    return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

static double demerits(const struct ts_item *b, double r, const struct kp_node *a, bool is_ragged)
{
    /* ragged lines: the square, so the sum of squared shortfalls is what total fit minimises */
    double bad = is_ragged ? 100.0 * r * r : 100.0 * fabs(r) * r * r;
    if (bad > 1e8)
        bad = 1e8;
    double d = (10 + bad) * (10 + bad);
    if (b->type == TS_PENALTY && b->penalty > 0)
        d += (double)b->penalty * b->penalty * (is_ragged && b->is_flagged ? RAGGED_HYPHEN : 1);
    else if (b->type == TS_PENALTY && b->penalty > -TS_PENALTY_INF)
        d -= (double)b->penalty * b->penalty;
    if (b->is_flagged && a->hyphens > 0)
        d += 3000;
    if (b->is_emergency && b->penalty >= QUIRE_LETTER_BREAK_PENALTY)
        d += 1e17; /* a letter break: dearer than any line (a line costs at most 1e16) */
    if (abs(fitness_of(r) - a->fitness) > 1 && !is_ragged) /* spacing classes: justified only */
        d += 3000;
    return d;
}

struct kp {
    const struct ts_item *it;
    size_t n;
    struct sums sm;
    float measure;
    double ragged; /* ragged right: the virtual stretch of every line (TeX's \rightskip) */
    double tolerance;
    int max_hyphens;
    bool is_emergency;
    struct ts_arena *a;
    struct kp_node *active;
};

struct cand {
    struct kp_node *from;
    double total, r;
};

/* Considers a break at b from every active node; returns false on OOM. */
static bool kp_try(struct kp *k, size_t b)
{
    struct cand best[4] = {
        {NULL, INFINITY, 0}, {NULL, INFINITY, 0}, {NULL, INFINITY, 0}, {NULL, INFINITY, 0}};
    const struct ts_item *bi = &k->it[b];
    struct kp_node **pp = &k->active, *last_resort = NULL;
    /* a break inside a too-wide word is allowed past the hyphen limit: it is the only way to
     * keep the line inside the measure */
    bool is_limited = bi->is_flagged && !bi->is_emergency;
    while (*pp) {
        struct kp_node *a = *pp;
        if (a->start > b || (a->start == b && !is_forced(bi))) {
            pp = &a->next;
            continue;
        }
        double r = line_ratio(k->it, &k->sm, a->start, b, k->measure, k->ragged);
        bool hyph_ok = !is_limited || a->hyphens < k->max_hyphens;
        if (r >= -1 && r <= k->tolerance && hyph_ok) {
            double total = a->total + demerits(bi, r, a, k->ragged > 0);
            int f = fitness_of(r);
            if (total < best[f].total)
                best[f] = (struct cand){a, total, r};
        }
        if (r < -1 || is_forced(bi)) {
            *pp = a->next; /* deactivate: no later break can use it */
            if (r < -1 && (!last_resort || a->start > last_resort->start))
                last_resort = a;
        } else {
            pp = &a->next;
        }
    }
    /* Emergency pass, nothing left: the only line possible overflows (a single glyph wider
     * than the measure). It starts at the latest node, so it holds as little as possible. */
    if (k->is_emergency && !k->active && last_resort && !best[0].from && !best[1].from &&
        !best[2].from && !best[3].from)
        best[0] = (struct cand){
            last_resort, last_resort->total + demerits(bi, -1, last_resort, k->ragged > 0), -1};
    for (int f = 0; f < 4; f++) {
        if (!best[f].from)
            continue;
        struct kp_node *nn = ts_arena_alloc(k->a, sizeof(*nn));
        if (!nn)
            return false;
        *nn = (struct kp_node){b,
                               ts_line_start(k->it, k->n, b),
                               f,
                               bi->is_flagged ? best[f].from->hyphens + 1 : 0,
                               best[f].total,
                               best[f].from,
                               k->active};
        k->active = nn;
    }
    return true;
}

/* One Knuth-Plass pass; *end is the best node at the final break or NULL if none survived. */
static enum quire_status kp_pass(struct kp *k, struct kp_node **end)
{
    *end = NULL;
    struct kp_node *start = ts_arena_alloc(k->a, sizeof(*start));
    if (!start)
        return QUIRE_ENOMEM;
    *start = (struct kp_node){NO_BREAK, ts_line_start(k->it, k->n, NO_BREAK), 1, 0, 0, NULL, NULL};
    k->active = start;
    for (size_t b = 0; b < k->n && k->active; b++) {
        if (is_legal(k->it, b) && !kp_try(k, b))
            return QUIRE_ENOMEM;
    }
    for (struct kp_node *a = k->active; a; a = a->next)
        if (a->pos == k->n - 1 && (!*end || a->total < (*end)->total))
            *end = a;
    return QUIRE_OK;
}

static enum quire_status kp_breaks(struct kp *k, size_t **breaks, size_t *count)
{
    struct kp_node *end = NULL;
    k->tolerance = QUIRE_KP_TOLERANCE;
    enum quire_status st = kp_pass(k, &end);
    if (st == QUIRE_OK && !end) {
        k->tolerance = INFINITY;
        k->is_emergency = true;
        st = kp_pass(k, &end);
    }
    if (st != QUIRE_OK)
        return st;
    if (!end)
        return QUIRE_EINVAL; /* unreachable: the emergency pass always ends */
    size_t nl = 0;
    for (struct kp_node *a = end; a && a->pos != NO_BREAK; a = a->prev)
        nl++;
    *breaks = ts_arena_alloc(k->a, nl * sizeof(size_t));
    if (!*breaks)
        return QUIRE_ENOMEM;
    *count = nl;
    for (struct kp_node *a = end; a && a->pos != NO_BREAK; a = a->prev)
        (*breaks)[--nl] = a->pos;
    return QUIRE_OK;
}

/* First fit: each line takes as much as fits at natural width. */
static enum quire_status greedy_breaks(const struct ts_item *it, size_t n, const struct sums *sm,
                                       float measure, int max_hyphens, struct ts_arena *a,
                                       size_t **breaks, size_t *count)
{
    size_t *out = ts_arena_alloc(a, (n + 1) * sizeof(size_t));
    if (!out)
        return QUIRE_ENOMEM;
    size_t nl = 0, s = ts_line_start(it, n, NO_BREAK), last = NO_BREAK;
    int hyphens = 0;
    for (size_t b = 0; b < n; b++) {
        if (!is_legal(it, b) || b < s)
            continue;
        double L = sm->w[b] - sm->w[s] + (it[b].type == TS_PENALTY ? it[b].w : 0);
        if (L > measure && last != NO_BREAK) {
            out[nl++] = last;
            hyphens = it[last].is_flagged ? hyphens + 1 : 0;
            s = ts_line_start(it, n, last);
            last = NO_BREAK;
            if (b < s)
                continue;
            L = sm->w[b] - sm->w[s] + (it[b].type == TS_PENALTY ? it[b].w : 0);
        }
        bool hyph_ok = !it[b].is_flagged || it[b].is_emergency || hyphens < max_hyphens;
        if (is_forced(&it[b]) ||
            (L > measure && last == NO_BREAK && !is_forced(&it[b]) && hyph_ok && L > measure)) {
            out[nl++] = b; /* forced, or nothing fits: an overfull line */
            hyphens = it[b].is_flagged ? hyphens + 1 : 0;
            s = ts_line_start(it, n, b);
            last = NO_BREAK;
        } else if (hyph_ok) {
            last = b;
        }
    }
    *breaks = out;
    *count = nl;
    return QUIRE_OK;
}

enum quire_status ts_break_lines(const struct ts_item *items, size_t n, float measure, float ragged,
                                 enum layout_linebreak mode, int max_hyphens,
                                 struct ts_arena *scratch, size_t **breaks, size_t *count)
{
    *breaks = NULL;
    *count = 0;
    if (n == 0)
        return QUIRE_OK;
    struct kp k = {.it = items,
                   .n = n,
                   .measure = measure,
                   .ragged = ragged,
                   .max_hyphens = max_hyphens,
                   .a = scratch};
    enum quire_status st = sums_init(&k.sm, items, n, scratch);
    if (st != QUIRE_OK)
        return st;
    if (mode == LAYOUT_BREAK_GREEDY)
        return greedy_breaks(items, n, &k.sm, measure, max_hyphens, scratch, breaks, count);
    return kp_breaks(&k, breaks, count);
}

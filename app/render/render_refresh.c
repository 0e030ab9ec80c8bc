/* render_refresh: damage finding and the refresh decision. See render_refresh.h for the rules;
 * the decision reads top to bottom in render_refresh_decide. */
#include "render_refresh.h"

#include <string.h>

#include "config.h"

static const char *const kind_names[] = {
    [RENDER_UPDATE_FAST] = "fast",
    [RENDER_UPDATE_PARTIAL] = "partial",
    [RENDER_UPDATE_FLASH] = "flash",
    [RENDER_UPDATE_FULL] = "full",
};

const char *render_update_kind_name(enum render_update_kind kind)
{
    return kind <= RENDER_UPDATE_FULL ? kind_names[kind] : "?";
}

void render_refresh_policy_default(struct render_refresh_policy *p)
{
    p->full_every = QUIRE_FULL_REFRESH_EVERY;
    p->full_every_night = QUIRE_FULL_REFRESH_EVERY_NIGHT;
    p->image_permille = QUIRE_FULL_REFRESH_IMAGE_PERMILLE;
    p->area_permille = QUIRE_REFRESH_AREA_PERMILLE;
    p->fast_max_permille = QUIRE_FAST_UPDATE_MAX_PERMILLE;
}

void render_refresh_state_init(struct render_refresh_state *s)
{
    memset(s, 0, sizeof *s);
}

/* Rows are compared a machine word at a time: 8 bytes on 64-bit targets, 4 on armhf, where
 * 64-bit arithmetic is done in pairs of registers and a 64-bit multiply is three (the page
 * turn's damage search cost 1.6x x86-64's there). */
typedef size_t row_word;
enum { ROW_WORD = sizeof(row_word) };
#define ROW_ONES ((row_word)-1 / 0xFF) /* 0x0101...01 */

/* Differing bytes in the words a and b: a byte of x = a ^ b is non-zero exactly when adding
 * 0x7F to its low 7 bits or its own high bit sets bit 7. */
static int word_diff_count(row_word a, row_word b)
{
    const row_word low7 = ROW_ONES * 0x7F;
    row_word x = a ^ b;
    row_word nz = (((x & low7) + low7) | x) & ~low7;
    /* One bit per byte, summed into the top byte by a multiply: __builtin_popcountll is a
     * libgcc call on baseline x86-64 and cost a quarter of a page turn. */
    return (int)(((nz >> 7) * ROW_ONES) >> (8 * (ROW_WORD - 1)));
}

/* First and last differing column of one row and the count of differing pixels, a word at a
 * time (this runs on every changed row of every frame); -1 if the rows are equal. */
static int row_diff(const uint8_t *a, const uint8_t *b, int w, int *x0, int *x1)
{
    int first = -1, last = -1, n = 0, x = 0;
    for (; x + ROW_WORD <= w; x += ROW_WORD) {
        row_word wa, wb;
        memcpy(&wa, a + x, ROW_WORD);
        memcpy(&wb, b + x, ROW_WORD);
        if (wa == wb)
            continue;
        n += word_diff_count(wa, wb);
        if (first < 0)
            first = x; /* word starts for now; narrowed to the byte below */
        last = x;
    }
    if (first >= 0) {
        while (a[first] == b[first])
            first++;
        last += ROW_WORD - 1;
        while (a[last] == b[last])
            last--;
    }
    for (; x < w; x++)
        if (a[x] != b[x]) {
            if (first < 0)
                first = x;
            last = x;
            n++;
        }
    *x0 = first;
    *x1 = last;
    return first < 0 ? -1 : n;
}

static void damage_add(struct render_damage *d, struct render_rect r, int64_t changed)
{
    if (d->count < QUIRE_DAMAGE_MAX_RECTS) {
        d->rect_changed[d->count] = changed;
        d->rects[d->count++] = r;
        return;
    }
    /* Out of slots: fold into the last band, which is the nearest one above. */
    d->rects[d->count - 1] = render_rect_union(d->rects[d->count - 1], r);
    d->rect_changed[d->count - 1] += changed;
}

void render_damage_find_split(const struct canvas *prev, const struct canvas *cur, int split_y,
                              struct render_damage *out)
{
    memset(out, 0, sizeof *out);
    struct render_rect band = {0, 0, 0, 0};
    int64_t band_changed = 0;
    int last_changed_row = -1;
    for (int y = 0; y < cur->h; y++) {
        int x0, x1;
        const uint8_t *a = prev->pixels + (size_t)y * prev->stride;
        const uint8_t *b = cur->pixels + (size_t)y * cur->stride;
        if (memcmp(a, b, (size_t)cur->w) == 0)
            continue;
        int n = row_diff(a, b, cur->w, &x0, &x1);
        out->changed_pixels += n;
        struct render_rect row = {x0, y, x1 - x0 + 1, 1};
        bool crosses_split = split_y > 0 && last_changed_row < split_y && y >= split_y;
        if (!render_rect_is_empty(band) &&
            (y - last_changed_row > QUIRE_DAMAGE_MERGE_GAP_PX || crosses_split)) {
            damage_add(out, band, band_changed);
            band = (struct render_rect){0, 0, 0, 0};
            band_changed = 0;
        }
        band = render_rect_union(band, row);
        band_changed += n;
        last_changed_row = y;
    }
    if (!render_rect_is_empty(band))
        damage_add(out, band, band_changed);
}

void render_damage_find(const struct canvas *prev, const struct canvas *cur,
                        struct render_damage *out)
{
    render_damage_find_split(prev, cur, 0, out);
}

static bool wants_full(const struct render_refresh_policy *p, const struct render_refresh_state *s,
                       const struct render_frame_info *info)
{
    if (info->reason == RENDER_REASON_SCREEN_OPEN)
        return true;
    if (info->reason != RENDER_REASON_PAGE_TURN)
        return false;
    int every = info->is_night ? p->full_every_night : p->full_every;
    if (s->turns_since_full >= every)
        return true;
    if (info->image_permille >= p->image_permille)
        return true;
    int64_t screen = (int64_t)info->w * info->h;
    return s->changed_since_full * 1000 >= (int64_t)p->area_permille * screen;
}

static int emit_full(struct render_refresh_state *s, const struct render_frame_info *info,
                     int64_t changed, struct render_update *out)
{
    out->kind = RENDER_UPDATE_FULL;
    out->region = (struct render_rect){0, 0, info->w, info->h};
    out->changed_pixels = changed;
    s->turns_since_full = 0;
    s->changed_since_full = 0;
    s->pending = (struct render_rect){0, 0, 0, 0};
    s->pending_pixels = 0;
    return 1;
}

static struct render_rect damage_bounds(const struct render_damage *d)
{
    struct render_rect r = {0, 0, 0, 0};
    for (int i = 0; i < d->count; i++)
        r = render_rect_union(r, d->rects[i]);
    return r;
}

/* One flashing update over everything that changed (and any clock damage waiting): the
 * region a menu covered is cleaned of its ghost in one go. */
static int emit_region_flash(struct render_refresh_state *s, const struct render_damage *d,
                             struct render_update *out)
{
    out->kind = RENDER_UPDATE_FLASH;
    out->region = render_rect_union(damage_bounds(d), s->pending);
    out->changed_pixels = d->changed_pixels + s->pending_pixels;
    s->pending = (struct render_rect){0, 0, 0, 0};
    s->pending_pixels = 0;
    return 1;
}

/* ---- turning damage into a few update requests ---- */

enum { MAX_PIECES = QUIRE_DAMAGE_MAX_RECTS + 1 }; /* the damage plus pending clock damage */

static int64_t area(struct render_rect r)
{
    return render_rect_is_empty(r) ? 0 : (int64_t)r.w * r.h;
}

/* Unchanged-by-anyone area that merging a and b would add to the refresh. */
static int64_t merge_cost(struct render_rect a, struct render_rect b)
{
    return area(render_rect_union(a, b)) - area(a) - area(b) + area(render_rect_intersect(a, b));
}

static bool is_status(const struct render_frame_info *info, struct render_rect r)
{
    return info->status_y > 0 && r.y >= info->status_y;
}

/* Fast for a UI change that is small in total (status band changes stay grayscale), else
 * partial. */
static int collect(const struct render_refresh_policy *p, const struct render_refresh_state *s,
                   const struct render_frame_info *info, const struct render_damage *d,
                   struct render_update *pc)
{
    int64_t ui_area = 0;
    for (int i = 0; i < d->count; i++)
        ui_area += is_status(info, d->rects[i]) ? 0 : area(d->rects[i]);
    bool is_fast = info->reason == RENDER_REASON_UI &&
                   ui_area * 1000 <= (int64_t)p->fast_max_permille * info->w * info->h;
    int n = 0;
    for (int i = 0; i < d->count; i++) {
        bool st = is_status(info, d->rects[i]);
        pc[n++] =
            (struct render_update){is_fast && !st ? RENDER_UPDATE_FAST : RENDER_UPDATE_PARTIAL,
                                   d->rects[i], d->rect_changed[i]};
    }
    if (!render_rect_is_empty(s->pending)) /* status clock damage: grayscale text */
        pc[n++] = (struct render_update){RENDER_UPDATE_PARTIAL, s->pending, s->pending_pixels};
    return n;
}

static void merge_into(struct render_update *pc, int *n, int i, int j)
{
    pc[i].region = render_rect_union(pc[i].region, pc[j].region);
    pc[i].changed_pixels += pc[j].changed_pixels;
    if (pc[j].kind > pc[i].kind)
        pc[i].kind = pc[j].kind;
    memmove(&pc[j], &pc[j + 1], (size_t)(*n - j - 1) * sizeof *pc);
    (*n)--;
}

/* Finds the pair to merge next: the cheapest of one kind (any kind when is_any); false when
 * there is no such pair. */
static bool cheapest_pair(const struct render_update *pc, int n, bool is_any, int *bi, int *bj,
                          int64_t *cost)
{
    bool found = false;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            if (!is_any && pc[i].kind != pc[j].kind)
                continue;
            int64_t c = merge_cost(pc[i].region, pc[j].region);
            if (!found || c < *cost) {
                found = true;
                *cost = c;
                *bi = i;
                *bj = j;
            }
        }
    return found;
}

/* Merges cheap pairs (union adds at most their own area or the slack), then the cheapest pairs
 * until at most max_out remain. */
static void merge_pieces(struct render_update *pc, int *n, int max_out)
{
    for (;;) {
        int i = 0, j = 1;
        int64_t cost = 0;
        if (!cheapest_pair(pc, *n, false, &i, &j, &cost))
            break;
        int64_t own = area(pc[i].region) + area(pc[j].region);
        if (cost > own && cost > QUIRE_REFRESH_MERGE_SLACK_PX && *n <= max_out)
            break;
        merge_into(pc, n, i, j);
    }
    while (*n > max_out) {
        int i = 0, j = 1; /* set by cheapest_pair: more than max_out >= 1 pieces make a pair */
        int64_t cost = 0;
        if (!cheapest_pair(pc, *n, true, &i, &j, &cost))
            break;
        merge_into(pc, n, i, j);
    }
}

int render_refresh_decide(const struct render_refresh_policy *policy,
                          struct render_refresh_state *state, const struct render_frame_info *info,
                          const struct render_damage *damage, struct render_update *out,
                          int max_out)
{
    if (max_out > QUIRE_REFRESH_MAX_UPDATES)
        max_out = QUIRE_REFRESH_MAX_UPDATES;
    if (max_out < 1)
        return 0;
    if (info->reason == RENDER_REASON_CLOCK) {
        /* Never refresh for the clock alone: remember it for the next real update. */
        state->pending = render_rect_union(state->pending, damage_bounds(damage));
        state->pending_pixels += damage->changed_pixels;
        return 0;
    }
    if (damage->count == 0 && info->reason != RENDER_REASON_SCREEN_OPEN)
        return 0; /* nothing changed: nothing to refresh, no turn counted toward N (pending
                   * clock damage keeps waiting) */
    if (info->reason == RENDER_REASON_PAGE_TURN)
        state->turns_since_full++;
    state->changed_since_full += damage->changed_pixels;
    if (wants_full(policy, state, info))
        return emit_full(state, info, damage->changed_pixels + state->pending_pixels, out);
    if (info->reason == RENDER_REASON_MODAL_CLOSED)
        return emit_region_flash(state, damage, out);
    struct render_update pc[MAX_PIECES];
    int n = collect(policy, state, info, damage, pc);
    merge_pieces(pc, &n, max_out);
    memcpy(out, pc, (size_t)n * sizeof *out);
    state->pending = (struct render_rect){0, 0, 0, 0};
    state->pending_pixels = 0;
    return n;
}

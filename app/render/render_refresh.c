/* render_refresh: damage finding and the refresh decision. See render_refresh.h for the rules;
 * the decision reads top to bottom in render_refresh_decide. */
#include "render_refresh.h"

#include <string.h>

#include "config.h"

static const char *const kind_names[] = {
    [RENDER_UPDATE_FAST] = "fast",
    [RENDER_UPDATE_PARTIAL] = "partial",
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

/* Differing bytes in the 8-byte words a and b: a byte of x = a ^ b is non-zero exactly when
 * adding 0x7F to its low 7 bits or its own high bit sets bit 7. */
static int word_diff_count(uint64_t a, uint64_t b)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t x = a ^ b;
    uint64_t nz = (((x & low7) + low7) | x) & ~low7;
    return __builtin_popcountll(nz);
}

/* First and last differing column of one row and the count of differing pixels, a word at a
 * time (this runs on every changed row of every frame); -1 if the rows are equal. */
static int row_diff(const uint8_t *a, const uint8_t *b, int w, int *x0, int *x1)
{
    int first = -1, last = -1, n = 0, x = 0;
    for (; x + 8 <= w; x += 8) {
        uint64_t wa, wb;
        memcpy(&wa, a + x, 8);
        memcpy(&wb, b + x, 8);
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
        last += 7;
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

static void damage_add(struct render_damage *d, struct render_rect r)
{
    if (d->count < QUIRE_DAMAGE_MAX_RECTS) {
        d->rects[d->count++] = r;
        return;
    }
    /* Out of slots: fold into the last band, which is the nearest one above. */
    d->rects[d->count - 1] = render_rect_union(d->rects[d->count - 1], r);
}

void render_damage_find(const struct canvas *prev, const struct canvas *cur,
                        struct render_damage *out)
{
    memset(out, 0, sizeof *out);
    struct render_rect band = {0, 0, 0, 0};
    int last_changed_row = -1;
    for (int y = 0; y < cur->h; y++) {
        int x0, x1;
        const uint8_t *a = prev->pixels + (size_t)y * prev->stride;
        const uint8_t *b = cur->pixels + (size_t)y * cur->stride;
        if (memcmp(a, b, (size_t)cur->w) == 0)
            continue;
        out->changed_pixels += row_diff(a, b, cur->w, &x0, &x1);
        struct render_rect row = {x0, y, x1 - x0 + 1, 1};
        if (!render_rect_is_empty(band) && y - last_changed_row > QUIRE_DAMAGE_MERGE_GAP_PX) {
            damage_add(out, band);
            band = (struct render_rect){0, 0, 0, 0};
        }
        band = render_rect_union(band, row);
        last_changed_row = y;
    }
    if (!render_rect_is_empty(band))
        damage_add(out, band);
}

static struct render_rect damage_bounds(const struct render_damage *d)
{
    struct render_rect r = {0, 0, 0, 0};
    for (int i = 0; i < d->count; i++)
        r = render_rect_union(r, d->rects[i]);
    return r;
}

static bool wants_full(const struct render_refresh_policy *p, const struct render_refresh_state *s,
                       const struct render_frame_info *info)
{
    if (info->reason == RENDER_REASON_ARTICLE_START)
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

int render_refresh_decide(const struct render_refresh_policy *policy,
                          struct render_refresh_state *state, const struct render_frame_info *info,
                          const struct render_damage *damage, struct render_update *out,
                          int max_out)
{
    if (max_out < 1)
        return 0;
    struct render_rect bounds = damage_bounds(damage);
    if (info->reason == RENDER_REASON_CLOCK) {
        /* Never refresh for the clock alone: remember it for the next real update. */
        state->pending = render_rect_union(state->pending, bounds);
        state->pending_pixels += damage->changed_pixels;
        return 0;
    }
    if (info->reason == RENDER_REASON_PAGE_TURN)
        state->turns_since_full++;
    state->changed_since_full += damage->changed_pixels;
    if (wants_full(policy, state, info))
        return emit_full(state, info, damage->changed_pixels + state->pending_pixels, out);
    if (render_rect_is_empty(bounds))
        return 0; /* nothing changed: nothing to refresh (pending clock damage keeps waiting) */
    struct render_rect region = render_rect_union(bounds, state->pending);
    int64_t screen = (int64_t)info->w * info->h;
    bool is_small =
        (int64_t)region.w * region.h * 1000 <= (int64_t)policy->fast_max_permille * screen;
    out->kind =
        info->reason == RENDER_REASON_UI && is_small ? RENDER_UPDATE_FAST : RENDER_UPDATE_PARTIAL;
    out->region = region;
    out->changed_pixels = damage->changed_pixels + state->pending_pixels;
    state->pending = (struct render_rect){0, 0, 0, 0};
    state->pending_pixels = 0;
    return 1;
}

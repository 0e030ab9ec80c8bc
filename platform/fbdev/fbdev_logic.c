/* fbdev_logic: rotation, pixel formats, waveform mapping, in-flight tracking and evdev
 * decoding for the framebuffer backend. Pure functions over plain data; see fbdev_logic.h. */
#include "fbdev_logic.h"

#include <errno.h>

#include <linux/input.h>
#include <string.h>

void fbdev_screen_size(const struct fbdev_geometry *g, int *w, int *h)
{
    bool is_quarter = g->rotation & 1;
    *w = is_quarter ? g->yres : g->xres;
    *h = is_quarter ? g->xres : g->yres;
}

/* Drawing a 1072x1448 page into a panel of another size would garble it: refused before
 * anything is drawn. */
enum quire_status fbdev_check_panel(const struct fbdev_geometry *g,
                                    const struct platform_profile *pr, const char *path,
                                    struct quire_err *err)
{
    int w, h;
    fbdev_screen_size(g, &w, &h);
    if ((w == pr->w && h == pr->h) || (w == pr->h && h == pr->w))
        return QUIRE_OK;
    return quire_err_set(err, QUIRE_EINVAL, "%s: the panel is %dx%d but profile %s is %dx%d", path,
                         w, h, pr->name, pr->w, pr->h);
}

struct render_rect fbdev_rotate_rect(const struct fbdev_geometry *g, struct render_rect r)
{
    int W, H;
    fbdev_screen_size(g, &W, &H);
    switch (g->rotation & 3) {
    case 1:
        return (struct render_rect){H - r.y - r.h, r.x, r.h, r.w};
    case 2:
        return (struct render_rect){W - r.x - r.w, H - r.y - r.h, r.w, r.h};
    case 3:
        return (struct render_rect){r.y, W - r.x - r.w, r.h, r.w};
    default:
        return r;
    }
}

static void put_pixel(const struct fbdev_geometry *g, uint8_t *fb, int fx, int fy, uint8_t v)
{
    uint8_t *p = fb + (size_t)fy * g->stride;
    if (g->bpp == 8) {
        p[fx] = v;
    } else if (g->bpp == 16) {
        uint16_t px = (uint16_t)(((v >> 3) << 11) | ((v >> 2) << 5) | (v >> 3));
        memcpy(p + (size_t)fx * 2, &px, 2);
    } else {
        uint32_t px = 0xFF000000u | (uint32_t)v * 0x010101u;
        memcpy(p + (size_t)fx * 4, &px, 4);
    }
}

void fbdev_blit(const struct fbdev_geometry *g, const struct canvas *frame, struct render_rect r,
                uint8_t *fb)
{
    int W, H;
    fbdev_screen_size(g, &W, &H);
    if (g->rotation == 0 && g->bpp == 8) { /* the common case: straight copies */
        for (int y = r.y; y < r.y + r.h; y++)
            memcpy(fb + (size_t)y * g->stride + r.x,
                   frame->pixels + (size_t)y * frame->stride + r.x, (size_t)r.w);
        return;
    }
    for (int y = r.y; y < r.y + r.h; y++) {
        const uint8_t *row = frame->pixels + (size_t)y * frame->stride;
        for (int x = r.x; x < r.x + r.w; x++) {
            int fx = x, fy = y;
            switch (g->rotation & 3) {
            case 1:
                fx = H - 1 - y, fy = x;
                break;
            case 2:
                fx = W - 1 - x, fy = H - 1 - y;
                break;
            case 3:
                fx = y, fy = W - 1 - x;
                break;
            default:
                break;
            }
            put_pixel(g, fb, fx, fy, row[x]);
        }
    }
}

/* Update kind -> (waveform, mode). Full is GC16 with a flash; page turns use GL16, which
 * keeps text on white clean without flashing; UI feedback uses DU. */
static const struct {
    uint32_t waveform, mode;
} waveforms[] = {
    [RENDER_UPDATE_FAST] = {EPDC_WAVEFORM_DU, EPDC_MODE_PARTIAL},
    [RENDER_UPDATE_PARTIAL] = {EPDC_WAVEFORM_GL16, EPDC_MODE_PARTIAL},
    /* KOReader's "flashui": a flashing GC16 on the region a menu covered */
    [RENDER_UPDATE_FLASH] = {EPDC_WAVEFORM_GC16, EPDC_MODE_FULL},
    [RENDER_UPDATE_FULL] = {EPDC_WAVEFORM_GC16, EPDC_MODE_FULL},
};

struct epdc_update fbdev_update_make(const struct fbdev_geometry *g, enum render_update_kind kind,
                                     struct render_rect r, uint32_t marker)
{
    if (kind == RENDER_UPDATE_FAST) {
        int x0 = r.x & ~7, y0 = r.y & ~7;
        int x1 = (r.x + r.w + 7) & ~7, y1 = (r.y + r.h + 7) & ~7;
        r = (struct render_rect){x0, y0, x1 - x0, y1 - y0};
    }
    r = render_rect_intersect(r, (struct render_rect){0, 0, g->xres, g->yres});
    struct epdc_update u;
    memset(&u, 0, sizeof u);
    u.region = (struct epdc_rect){(uint32_t)r.y, (uint32_t)r.x, (uint32_t)r.w, (uint32_t)r.h};
    u.waveform = waveforms[kind].waveform;
    u.update_mode = waveforms[kind].mode;
    u.marker = marker;
    u.temperature = EPDC_TEMP_AMBIENT;
    return u;
}

enum epdc_abi fbdev_epdc_abi_for_profile(const char *profile_name)
{
    static const struct {
        const char *name;
        enum epdc_abi abi;
    } table[] = {
        {"kobo-clara", EPDC_ABI_KOBO_MARK7},
        {"kobo-libra", EPDC_ABI_KOBO_MARK7},
        {"kindle-basic", EPDC_ABI_KINDLE},
    };
    for (size_t i = 0; profile_name && i < sizeof table / sizeof *table; i++)
        if (strcmp(profile_name, table[i].name) == 0)
            return table[i].abi;
    return EPDC_ABI_KOBO_MARK7;
}

void fbdev_epdc_send_encode(enum epdc_abi abi, const struct epdc_update *u,
                            struct fbdev_epdc_call *out)
{
    memset(out, 0, sizeof *out);
    if (abi == EPDC_ABI_KOBO_MARK6) {
        struct epdc_update_mark6 *m = &out->arg.mark6;
        *m = (struct epdc_update_mark6){u->region,
                                        u->waveform,
                                        u->update_mode,
                                        u->marker,
                                        u->temperature,
                                        u->flags,
                                        {0, 0, 0, 0, {0, 0, 0, 0}}};
        out->request = EPDC_IOC_SEND_UPDATE_MARK6;
        out->size = sizeof *m;
        return;
    }
    struct epdc_update_mark7 *m = &out->arg.mark7;
    *m = (struct epdc_update_mark7){
        u->region, u->waveform, u->update_mode,         u->marker, u->temperature, u->flags,
        0,         0,           {0, 0, 0, {0, 0, 0, 0}}};
    out->request = EPDC_IOC_SEND_UPDATE_MARK7;
    out->size = sizeof *m;
}

void fbdev_epdc_wait_encode(enum epdc_abi abi, uint32_t marker, struct fbdev_epdc_call *out)
{
    memset(out, 0, sizeof *out);
    if (abi == EPDC_ABI_KOBO_MARK6) {
        out->arg.marker = marker;
        out->request = EPDC_IOC_WAIT_MARK6;
        out->size = sizeof out->arg.marker;
        return;
    }
    out->arg.marker_data = (struct epdc_marker_data){marker, 0};
    out->request = EPDC_IOC_WAIT_MARK7;
    out->size = sizeof out->arg.marker_data;
}

bool fbdev_wait_failure_should_log(int errnum, bool *has_logged)
{
    if (errnum == ETIMEDOUT || *has_logged)
        return false;
    *has_logged = true;
    return true;
}

int fbdev_inflight_take_overlapping(struct fbdev_inflight *f, struct render_rect r, uint32_t *out)
{
    int n = 0, keep = 0;
    for (int i = 0; i < f->count; i++) {
        if (!render_rect_is_empty(render_rect_intersect(f->regions[i], r))) {
            out[n++] = f->markers[i];
            continue;
        }
        f->markers[keep] = f->markers[i];
        f->regions[keep++] = f->regions[i];
    }
    f->count = keep;
    return n;
}

void fbdev_inflight_add(struct fbdev_inflight *f, uint32_t marker, struct render_rect r,
                        uint32_t *evicted)
{
    *evicted = 0;
    if (f->count == FBDEV_INFLIGHT_MAX) {
        *evicted = f->markers[0];
        memmove(f->markers, f->markers + 1, sizeof f->markers[0] * (FBDEV_INFLIGHT_MAX - 1));
        memmove(f->regions, f->regions + 1, sizeof f->regions[0] * (FBDEV_INFLIGHT_MAX - 1));
        f->count--;
    }
    f->markers[f->count] = marker;
    f->regions[f->count++] = r;
}

/* ---- evdev ---- */

static const struct {
    uint16_t code;
    enum platform_key key;
} keys[] = {
    {KEY_RIGHT, PLATFORM_KEY_RIGHT}, {KEY_PAGEDOWN, PLATFORM_KEY_NEXT},
    {KEY_F24, PLATFORM_KEY_NEXT}, /* Kobo page-forward button */
    {KEY_LEFT, PLATFORM_KEY_LEFT},   {KEY_PAGEUP, PLATFORM_KEY_PREV},
    {KEY_F23, PLATFORM_KEY_PREV}, /* Kobo page-back button */
    {KEY_UP, PLATFORM_KEY_UP},       {KEY_DOWN, PLATFORM_KEY_DOWN},
    {KEY_MENU, PLATFORM_KEY_MENU},   {KEY_HOME, PLATFORM_KEY_MENU},
    {KEY_ESC, PLATFORM_KEY_BACK},    {KEY_BACK, PLATFORM_KEY_BACK},
    {KEY_ENTER, PLATFORM_KEY_ENTER}, {KEY_BACKSPACE, PLATFORM_KEY_BACKSPACE},
};

void fbdev_input_init(struct fbdev_input *in, int screen_w, int screen_h,
                      const struct fbdev_touch_transform *t)
{
    memset(in, 0, sizeof *in);
    in->screen_w = screen_w;
    in->screen_h = screen_h;
    if (t)
        in->t = *t;
}

/* Touch units to screen px. */
static void touch_to_screen(const struct fbdev_input *in, int tx, int ty, int *sx, int *sy)
{
    if (in->t.swap_xy) {
        int t = tx;
        tx = ty;
        ty = t;
    }
    int mx = in->t.max_x > 0 ? in->t.max_x : in->screen_w - 1;
    int my = in->t.max_y > 0 ? in->t.max_y : in->screen_h - 1;
    if (in->t.mirror_x)
        tx = mx - tx;
    if (in->t.mirror_y)
        ty = my - ty;
    *sx = (int)((int64_t)tx * (in->screen_w - 1) / (mx > 0 ? mx : 1));
    *sy = (int)((int64_t)ty * (in->screen_h - 1) / (my > 0 ? my : 1));
}

/* A pointer event of type at the current contact, in screen px. */
static bool touch_event(struct fbdev_input *in, enum platform_event_type type,
                        struct platform_event *out)
{
    memset(out, 0, sizeof *out);
    out->type = type;
    touch_to_screen(in, in->x, in->y, &out->x, &out->y);
    return true;
}

/* One pointer event per report: where a contact starts, moves or ends. */
static bool feed_report(struct fbdev_input *in, struct platform_event *out)
{
    bool was_down = in->was_down, moved = in->x != in->down_x || in->y != in->down_y;
    in->was_down = in->is_down;
    in->down_x = in->x;
    in->down_y = in->y;
    if (in->is_down && !was_down)
        return touch_event(in, PLATFORM_EV_POINTER_DOWN, out);
    if (!in->is_down && was_down)
        return touch_event(in, PLATFORM_EV_POINTER_UP, out);
    return in->is_down && moved && touch_event(in, PLATFORM_EV_POINTER_MOVE, out);
}

static bool feed_key(struct fbdev_input *in, const struct fbdev_raw_event *raw,
                     struct platform_event *out)
{
    if (raw->code == BTN_TOUCH) {
        in->is_down = raw->value != 0;
        return false;
    }
    if (raw->value == 0 && raw->code == KEY_SPACE)
        return false;             /* text has no release */
    if (raw->code == KEY_SPACE) { /* a keyboard's space types text, as on every backend */
        memset(out, 0, sizeof *out);
        out->type = PLATFORM_EV_TEXT;
        out->text[0] = ' ';
        return true;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].code == raw->code) {
            memset(out, 0, sizeof *out);
            out->type = raw->value == 0 ? PLATFORM_EV_KEY_UP : PLATFORM_EV_KEY;
            out->key = keys[i].key;
            return true;
        }
    return false;
}

bool fbdev_input_feed(struct fbdev_input *in, const struct fbdev_raw_event *raw,
                      struct platform_event *out)
{
    switch (raw->type) {
    case EV_KEY:
        return feed_key(in, raw, out);
    case EV_ABS:
        if (raw->code == ABS_X || raw->code == ABS_MT_POSITION_X)
            in->x = raw->value;
        else if (raw->code == ABS_Y || raw->code == ABS_MT_POSITION_Y)
            in->y = raw->value;
        else if (raw->code == ABS_MT_TRACKING_ID)
            in->is_down = raw->value >= 0;
        return false;
    case EV_SYN:
        return raw->code == SYN_REPORT && feed_report(in, out);
    default:
        return false;
    }
}

/* sdl: the desktop e-ink emulator. The window shows the panel (scaled to fit the desktop) with
 * a HUD strip under it. Emulation: every update is quantised to the panel's gray levels (fast
 * updates to black and white, as A2 does), a full refresh flashes black first, optional
 * latency per update kind, and F2 outlines the regions the last updates touched. Input is
 * reported raw (keys, typed text, pointer down/move/up in panel px); platform_wake pushes an
 * SDL user event, which is thread-safe.
 * Event-driven: SDL_WaitEventTimeout blocks in the kernel, so an idle window uses no CPU.
 * Sections: window and drawing, present, input, open/close. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

#include "platform.h"
#include "quire_util.h"

enum { LAST_UPDATES = 8, FLASH_MS = 90 };

struct sdl_update {
    struct render_rect r;
    enum render_update_kind kind;
};

struct sdl {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    TTF_Font *hud_font;
    struct canvas panel; /* what the e-ink shows */
    uint32_t *argb;      /* panel converted for the texture */
    int latency_ms;
    int hud_h;
    long counts[RENDER_UPDATE_KIND_COUNT];
    struct sdl_update last[LAST_UPDATES];
    int last_n;
    bool is_outlined;
    bool is_down;     /* the mouse button or a finger is down on the panel */
    Uint32 wake_type; /* our SDL user event: platform_wake */
};

/* ---- window and drawing ---- */

static SDL_Rect panel_dst(struct sdl *s)
{
    int ww, wh;
    SDL_GetRendererOutputSize(s->ren, &ww, &wh);
    wh -= s->hud_h;
    double sx = (double)ww / s->panel.w, sy = (double)wh / s->panel.h;
    double k = sx < sy ? sx : sy;
    SDL_Rect d = {0, 0, (int)(s->panel.w * k), (int)(s->panel.h * k)};
    d.x = (ww - d.w) / 2;
    d.y = (wh - d.h) / 2;
    return d;
}

static void upload(struct sdl *s, struct render_rect r)
{
    for (int y = r.y; y < r.y + r.h; y++) {
        const uint8_t *src = s->panel.pixels + (size_t)y * s->panel.stride;
        uint32_t *dst = s->argb + (size_t)y * s->panel.w;
        for (int x = r.x; x < r.x + r.w; x++)
            dst[x] = 0xFF000000u | (uint32_t)src[x] * 0x010101u;
    }
    SDL_Rect sr = {r.x, r.y, r.w, r.h};
    SDL_UpdateTexture(s->tex, &sr, s->argb + (size_t)r.y * s->panel.w + r.x,
                      s->panel.w * (int)sizeof(uint32_t));
}

static void draw_hud(struct sdl *s)
{
    int ww, wh;
    SDL_GetRendererOutputSize(s->ren, &ww, &wh);
    SDL_Rect band = {0, wh - s->hud_h, ww, s->hud_h};
    SDL_SetRenderDrawColor(s->ren, 40, 40, 40, 255);
    SDL_RenderFillRect(s->ren, &band);
    if (!s->hud_font)
        return;
    char line[160];
    const struct sdl_update *u = s->last_n ? &s->last[(s->last_n - 1) % LAST_UPDATES] : NULL;
    snprintf(line, sizeof line,
             "full %ld  flash %ld  partial %ld  fast %ld   last: %s %dx%d   [F2] outline",
             s->counts[RENDER_UPDATE_FULL], s->counts[RENDER_UPDATE_FLASH],
             s->counts[RENDER_UPDATE_PARTIAL], s->counts[RENDER_UPDATE_FAST],
             u ? render_update_kind_name(u->kind) : "-", u ? u->r.w : 0, u ? u->r.h : 0);
    SDL_Surface *text = TTF_RenderUTF8_Blended(s->hud_font, line, (SDL_Color){230, 230, 230, 255});
    if (!text)
        return;
    SDL_Texture *t = SDL_CreateTextureFromSurface(s->ren, text);
    SDL_Rect d = {8, band.y + (s->hud_h - text->h) / 2, text->w, text->h};
    SDL_RenderCopy(s->ren, t, NULL, &d);
    SDL_DestroyTexture(t);
    SDL_FreeSurface(text);
}

static void draw_outlines(struct sdl *s, SDL_Rect dst)
{
    static const SDL_Color colours[] = {
        [RENDER_UPDATE_FAST] = {0, 160, 255, 255},
        [RENDER_UPDATE_PARTIAL] = {255, 140, 0, 255},
        [RENDER_UPDATE_FLASH] = {200, 0, 200, 255},
        [RENDER_UPDATE_FULL] = {230, 0, 0, 255},
    };
    double k = (double)dst.w / s->panel.w;
    int n = s->last_n < LAST_UPDATES ? s->last_n : LAST_UPDATES;
    for (int i = 0; i < n; i++) {
        const struct sdl_update *u = &s->last[i];
        SDL_Color c = colours[u->kind];
        SDL_SetRenderDrawColor(s->ren, c.r, c.g, c.b, 255);
        SDL_Rect r = {dst.x + (int)(u->r.x * k), dst.y + (int)(u->r.y * k), (int)(u->r.w * k),
                      (int)(u->r.h * k)};
        SDL_RenderDrawRect(s->ren, &r);
    }
}

static void redraw(struct sdl *s)
{
    SDL_SetRenderDrawColor(s->ren, 90, 90, 90, 255);
    SDL_RenderClear(s->ren);
    SDL_Rect dst = panel_dst(s);
    SDL_RenderCopy(s->ren, s->tex, NULL, &dst);
    if (s->is_outlined)
        draw_outlines(s, dst);
    draw_hud(s);
    SDL_RenderPresent(s->ren);
}

/* ---- present ---- */

/* Black over region r of the panel (all of it for a full refresh), shown for a moment. */
static void flash(struct sdl *s, struct render_rect r)
{
    SDL_Rect dst = panel_dst(s);
    double k = (double)dst.w / s->panel.w;
    SDL_Rect box = {dst.x + (int)(r.x * k), dst.y + (int)(r.y * k), (int)(r.w * k) + 1,
                    (int)(r.h * k) + 1};
    SDL_SetRenderDrawColor(s->ren, 0, 0, 0, 255);
    SDL_RenderFillRect(s->ren, &box);
    SDL_RenderPresent(s->ren);
    SDL_Delay(FLASH_MS);
}

static const int latency_permille[] = {
    [RENDER_UPDATE_FAST] = 250, /* A2 is about four times quicker than GC16 */
    [RENDER_UPDATE_PARTIAL] = 1000,
    [RENDER_UPDATE_FLASH] = 1500,
    [RENDER_UPDATE_FULL] = 1500,
};

static enum quire_status sdl_present(struct platform *p, const struct canvas *frame,
                                     struct render_rect r, enum render_update_kind kind,
                                     struct quire_err *err)
{
    struct sdl *s = p->impl;
    if (s->latency_ms > 0)
        SDL_Delay((Uint32)(s->latency_ms * latency_permille[kind] / 1000));
    for (int y = r.y; y < r.y + r.h; y++)
        memcpy(s->panel.pixels + (size_t)y * s->panel.stride + r.x,
               frame->pixels + (size_t)y * frame->stride + r.x, (size_t)r.w);
    struct canvas region = {r.w, r.h, s->panel.stride,
                            s->panel.pixels + (size_t)r.y * s->panel.stride + r.x};
    render_canvas_quantize(&region, kind == RENDER_UPDATE_FAST ? 2 : p->profile.gray_levels);
    if (kind == RENDER_UPDATE_FULL || kind == RENDER_UPDATE_FLASH)
        flash(s, r);
    upload(s, r);
    s->counts[kind]++;
    s->last[s->last_n++ % LAST_UPDATES] = (struct sdl_update){r, kind};
    redraw(s);
    return QUIRE_OK;
}

/* ---- input ---- */

static const struct {
    SDL_Keycode sym;
    enum platform_key key;
} keymap[] = {
    {SDLK_RIGHT, PLATFORM_KEY_RIGHT},
    {SDLK_LEFT, PLATFORM_KEY_LEFT},
    {SDLK_PAGEDOWN, PLATFORM_KEY_NEXT},
    {SDLK_PAGEUP, PLATFORM_KEY_PREV},
    {SDLK_UP, PLATFORM_KEY_UP},
    {SDLK_DOWN, PLATFORM_KEY_DOWN},
    {SDLK_ESCAPE, PLATFORM_KEY_BACK},
    {SDLK_AC_BACK, PLATFORM_KEY_BACK},
    {SDLK_MENU, PLATFORM_KEY_MENU},
    {SDLK_APPLICATION, PLATFORM_KEY_MENU},
    {SDLK_RETURN, PLATFORM_KEY_ENTER},
    {SDLK_KP_ENTER, PLATFORM_KEY_ENTER},
    {SDLK_BACKSPACE, PLATFORM_KEY_BACKSPACE},
    {SDLK_HOME, PLATFORM_KEY_HOME},
    {SDLK_END, PLATFORM_KEY_END},
};

static enum platform_key map_key(SDL_Keycode sym)
{
    for (size_t i = 0; i < sizeof keymap / sizeof keymap[0]; i++)
        if (keymap[i].sym == sym)
            return keymap[i].key;
    return PLATFORM_KEY_UNKNOWN;
}

/* Window point to panel px (wx, wy in renderer pixels); false outside the panel (the
 * letterbox bars and the HUD). */
static bool to_panel(struct sdl *s, double wx, double wy, int *px, int *py)
{
    SDL_Rect d = panel_dst(s);
    return platform_window_to_panel((struct render_rect){d.x, d.y, d.w, d.h}, s->panel.w,
                                    s->panel.h, wx, wy, px, py);
}

/* A touch point (normalised to the window, 0..1) to panel px. */
static bool finger_to_panel(struct sdl *s, float fx, float fy, int *px, int *py)
{
    int ww, wh;
    SDL_GetRendererOutputSize(s->ren, &ww, &wh);
    return to_panel(s, (double)fx * ww, (double)fy * wh, px, py);
}

/* A contact at window point (wx, wy) (or normalised finger point when is_finger) becomes a
 * pointer event; a press outside the panel starts nothing, a release or move off the panel is
 * clamped to its edge so the contact still ends. */
static bool pointer(struct sdl *s, enum platform_event_type type, double wx, double wy,
                    bool is_finger, struct platform_event *ev)
{
    int px, py;
    bool is_in = is_finger ? finger_to_panel(s, (float)wx, (float)wy, &px, &py)
                           : to_panel(s, wx, wy, &px, &py);
    if (type == PLATFORM_EV_POINTER_DOWN) {
        if (!is_in)
            return false;
        s->is_down = true;
    } else if (!s->is_down) {
        return false;
    } else if (!is_in) {
        SDL_Rect d = panel_dst(s);
        double k = (double)s->panel.w / (d.w > 0 ? d.w : 1);
        double fx = is_finger ? 0 : (wx - d.x) * k, fy = is_finger ? 0 : (wy - d.y) * k;
        px = fx < 0 ? 0 : fx >= s->panel.w ? s->panel.w - 1 : (int)fx;
        py = fy < 0 ? 0 : fy >= s->panel.h ? s->panel.h - 1 : (int)fy;
    }
    if (type == PLATFORM_EV_POINTER_UP)
        s->is_down = false;
    *ev = (struct platform_event){.type = type, .x = px, .y = py};
    return true;
}

static bool translate_key(struct sdl *s, const SDL_KeyboardEvent *k, struct platform_event *ev)
{
    if (k->keysym.sym == SDLK_F2) { /* the emulator's own: outline the last updates */
        s->is_outlined = !s->is_outlined;
        redraw(s);
        return false;
    }
    ev->type = PLATFORM_EV_KEY;
    ev->key = map_key(k->keysym.sym);
    return ev->key != PLATFORM_KEY_UNKNOWN;
}

/* Turns one SDL event into ours; false for events handled here or ignored. */
static bool translate(struct sdl *s, const SDL_Event *e, struct platform_event *ev)
{
    if (e->type == s->wake_type) {
        ev->type = PLATFORM_EV_WAKE;
        return true;
    }
    switch (e->type) {
    case SDL_QUIT:
        ev->type = PLATFORM_EV_QUIT;
        return true;
    case SDL_KEYDOWN:
        return translate_key(s, &e->key, ev);
    case SDL_KEYUP:
        ev->type = PLATFORM_EV_KEY_UP;
        ev->key = map_key(e->key.keysym.sym);
        return ev->key != PLATFORM_KEY_UNKNOWN;
    case SDL_TEXTINPUT:
        ev->type = PLATFORM_EV_TEXT;
        snprintf(ev->text, sizeof ev->text, "%s", e->text.text);
        return ev->text[0] != '\0';
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return false;
        return pointer(
            s, e->type == SDL_MOUSEBUTTONDOWN ? PLATFORM_EV_POINTER_DOWN : PLATFORM_EV_POINTER_UP,
            e->button.x, e->button.y, false, ev);
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !s->is_down)
            return false;
        return pointer(s, PLATFORM_EV_POINTER_MOVE, e->motion.x, e->motion.y, false, ev);
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
        return pointer(s,
                       e->type == SDL_FINGERDOWN ? PLATFORM_EV_POINTER_DOWN
                       : e->type == SDL_FINGERUP ? PLATFORM_EV_POINTER_UP
                                                 : PLATFORM_EV_POINTER_MOVE,
                       e->tfinger.x, e->tfinger.y, true, ev);
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
            e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            redraw(s);
        return false;
    default:
        return false;
    }
}

/* SDL_PushEvent may be called from any thread. */
static void sdl_wake(struct platform *p)
{
    struct sdl *s = p->impl;
    SDL_Event e;
    SDL_zero(e);
    e.type = s->wake_type;
    SDL_PushEvent(&e);
}

static enum quire_status sdl_wait_event(struct platform *p, int timeout_ms,
                                        struct platform_event *ev, struct quire_err *err)
{
    struct sdl *s = p->impl;
    int64_t deadline = timeout_ms < 0 ? -1 : platform_monotonic_ms() + timeout_ms;
    for (;;) {
        SDL_Event e;
        int left = deadline < 0 ? -1 : (int)(deadline - platform_monotonic_ms());
        if (deadline >= 0 && left <= 0) {
            ev->type = PLATFORM_EV_NONE;
            return QUIRE_OK;
        }
        /* Blocks in the kernel until an event or the timeout: no polling while idle. */
        int got = left < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, left);
        if (!got) {
            if (left < 0)
                return quire_err_set(err, QUIRE_EIO, "sdl: %s", SDL_GetError());
            continue;
        }
        if (translate(s, &e, ev))
            return QUIRE_OK;
    }
}

static enum quire_status sdl_screenshot(struct platform *p, const char *path, struct quire_err *err)
{
    return render_png_write(&((struct sdl *)p->impl)->panel, path, err);
}

/* ---- open and close ---- */

static void sdl_close(struct platform *p)
{
    struct sdl *s = p->impl;
    if (!s)
        return;
    if (s->hud_font)
        TTF_CloseFont(s->hud_font);
    if (TTF_WasInit())
        TTF_Quit();
    if (s->tex)
        SDL_DestroyTexture(s->tex);
    if (s->ren)
        SDL_DestroyRenderer(s->ren);
    if (s->win)
        SDL_DestroyWindow(s->win);
    SDL_Quit();
    quire_free(s->argb);
    render_canvas_fini(&s->panel);
    quire_free(s);
    p->impl = NULL;
}

/* The largest scale (at most 1) at which panel and HUD fit 90% of the desktop. */
static double fit_scale(const struct platform_profile *pr, int hud_h)
{
    SDL_DisplayMode dm;
    if (SDL_GetDesktopDisplayMode(0, &dm) != 0)
        return 0.5;
    double sx = 0.9 * dm.w / pr->w, sy = (0.9 * dm.h - hud_h) / pr->h;
    double k = sx < sy ? sx : sy;
    return k > 1.0 ? 1.0 : k < 0.1 ? 0.1 : k;
}

static enum quire_status create_window(struct sdl *s, const struct platform_profile *pr,
                                       bool is_fullscreen, struct quire_err *err)
{
    double k = fit_scale(pr, s->hud_h);
    char title[96];
    snprintf(title, sizeof title, "Quire - %s %dx%d", pr->name, pr->w, pr->h);
    s->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              (int)(pr->w * k), (int)(pr->h * k) + s->hud_h,
                              is_fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE);
    if (s->win)
        s->ren = SDL_CreateRenderer(s->win, -1, 0);
    if (s->ren) {
        SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
        s->tex = SDL_CreateTexture(s->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                   pr->w, pr->h);
    }
    if (!s->tex)
        return quire_err_set(err, QUIRE_EIO, "sdl: cannot open a window: %s", SDL_GetError());
    return QUIRE_OK;
}

static void open_hud_font(struct sdl *s)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/fonts/NotoSerif-Regular.ttf", quire_asset_root());
    if (TTF_Init() == 0)
        s->hud_font = TTF_OpenFont(path, 15); /* no font: the HUD strip stays blank */
}

static enum quire_status sdl_open(struct platform *p, const struct platform_options *opt,
                                  struct quire_err *err)
{
    struct sdl *s = quire_calloc(1, sizeof *s);
    if (!s)
        return quire_err_set(err, QUIRE_ENOMEM, "sdl: out of memory");
    p->impl = s;
    s->latency_ms = opt->latency_ms;
    s->hud_h = 24;
    enum quire_status st = QUIRE_OK;
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        st = quire_err_set(err, QUIRE_EIO, "sdl: cannot start video: %s", SDL_GetError());
    if (!st)
        st = render_canvas_init(&s->panel, opt->profile->w, opt->profile->h, err);
    if (!st && !(s->argb = quire_calloc((size_t)opt->profile->w * opt->profile->h, 4)))
        st = quire_err_set(err, QUIRE_ENOMEM, "sdl: out of memory");
    if (!st)
        st = create_window(s, opt->profile, opt->is_fullscreen, err);
    if (st) {
        sdl_close(p);
        return st;
    }
    open_hud_font(s);
    s->wake_type = SDL_RegisterEvents(1);
    SDL_StartTextInput(); /* letters, digits and space arrive as SDL_TEXTINPUT */
    upload(s, (struct render_rect){0, 0, s->panel.w, s->panel.h});
    redraw(s);
    p->present = sdl_present;
    p->wait_event = sdl_wait_event;
    p->screenshot = sdl_screenshot;
    p->wake = sdl_wake;
    p->close = sdl_close;
    return QUIRE_OK;
}

const struct platform_bootstrap platform_sdl_bootstrap = {
    .name = "sdl",
    .summary = "desktop e-ink emulator window",
    .open = sdl_open,
};

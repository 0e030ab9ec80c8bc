/* screen_search: a panel over the lower part of the screen below (the library or the page
 * being read, which stays visible above it): a query field and an on-screen keyboard (Latin,
 * Cyrillic and Persian layouts) for touch-only devices; a physical keyboard types into the
 * field too. Enter runs the search (FTS5, ranked) and opens the results screen: titles with
 * the matching words in context; a result opens the article at the page of its first match.
 * A key press and the field are fast updates of their own small regions; the panel is a
 * modal, so closing it (Esc, a tap above it) restores the page under it with a regional
 * flash over the panel alone, never a full-screen one. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "ui_screens.h"
#include "ui_widgets.h"

enum { KBD_ROWS = 4, KBD_MAX_KEYS = 12, QUERY_MAX = 200 };

/* Row 3 is the same on every layout: switch layout, space, backspace, search. */
enum kbd_special { KEY_CHAR, KEY_LAYOUT, KEY_SPACE, KEY_BACKSPACE, KEY_ENTER };

struct kbd_layout {
    enum ui_msg name;
    const char *rows[3][KBD_MAX_KEYS];
};

static const struct kbd_layout layouts[] = {
    {MSG_KBD_LATIN,
     {{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
      {"a", "s", "d", "f", "g", "h", "j", "k", "l", "'"},
      {"z", "x", "c", "v", "b", "n", "m", "-", "."}}},
    {MSG_KBD_CYRILLIC,
     {{"й", "ц", "у", "к", "е", "н", "г", "ш", "щ", "з", "х"},
      {"ф", "ы", "в", "а", "п", "р", "о", "л", "д", "ж", "э"},
      {"я", "ч", "с", "м", "и", "т", "ь", "б", "ю", "ъ", "ё"}}},
    {MSG_KBD_PERSIAN,
     {{"ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج"},
      {"ش", "س", "ی", "ب", "ل", "ا", "ت", "ن", "م", "ک", "گ"},
      {"ظ", "ط", "ز", "ر", "ذ", "د", "پ", "و", "چ", "ژ", "آ"}}},
};
enum { N_LAYOUTS = sizeof layouts / sizeof layouts[0] };

struct search {
    char query[QUERY_MAX];
    int layout;
    int pressed_row, pressed_col; /* the last key typed, outlined; -1 none */
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_OPEN},
    {UI_TRIG_KEY, PLATFORM_KEY_BACKSPACE, NULL, UI_ACT_BACKSPACE},
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_MENU, NULL, UI_ACT_BACK},
    {0},
};

static int row_keys(const struct kbd_layout *l, int row)
{
    int n = 0;
    while (n < KBD_MAX_KEYS && l->rows[row][n])
        n++;
    return n;
}

/* ---- geometry: the field and every key, for drawing and for taps ---- */

static int key_h(struct ui *ui)
{
    return ui_px(ui, 120);
}

/* The panel, bottom to top: the keyboard, the field, a title row. */
static struct render_rect panel_rect(struct ui *ui)
{
    int gap = ui_px(ui, 24);
    int h = ui_header_h(ui) + gap + ui_px(ui, 100) + gap + KBD_ROWS * key_h(ui) + ui_px(ui, 12);
    if (h > ui_height(ui))
        h = ui_height(ui);
    return (struct render_rect){0, ui_height(ui) - h, ui_width(ui), h};
}

static struct render_rect field_rect(struct ui *ui)
{
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX);
    return (struct render_rect){m, panel_rect(ui).y + ui_header_h(ui) + ui_px(ui, 24),
                                ui_width(ui) - 2 * m, ui_px(ui, 100)};
}

/* Key col of row (0..2 letters, 3 the special row) in screen px. Letter rows are laid out
 * left to right whatever the UI's direction: a keyboard is a physical object. */
static struct render_rect key_rect(struct ui *ui, const struct search *s, int row, int col)
{
    int m = ui_px(ui, 12), w = ui_width(ui) - 2 * m, kh = key_h(ui);
    int top = ui_height(ui) - KBD_ROWS * kh - m;
    if (row == 3) { /* layout 1/5, space 2/5, backspace 1/5, enter 1/5 */
        static const int start[] = {0, 1, 3, 4}, span[] = {1, 2, 1, 1};
        return (struct render_rect){m + start[col] * w / 5, top + 3 * kh, span[col] * w / 5, kh};
    }
    int n = row_keys(&layouts[s->layout], row), kw = w / KBD_MAX_KEYS + 1;
    int x0 = m + (w - n * kw) / 2;
    return (struct render_rect){x0 + col * kw, top + row * kh, kw, kh};
}

static bool key_hit(struct ui *ui, const struct search *s, int x, int y, int *row, int *col)
{
    for (int r = 0; r < KBD_ROWS; r++) {
        int n = r == 3 ? 4 : row_keys(&layouts[s->layout], r);
        for (int c = 0; c < n; c++)
            if (ui_rect_hit(key_rect(ui, s, r, c), x, y)) {
                *row = r;
                *col = c;
                return true;
            }
    }
    return false;
}

/* ---- editing ---- */

static void append(struct search *s, const char *text)
{
    size_t n = strlen(s->query), k = strlen(text);
    if (n + k < sizeof s->query)
        memcpy(s->query + n, text, k + 1);
}

static void backspace(struct search *s)
{
    size_t n = strlen(s->query);
    while (n > 0 && ((unsigned char)s->query[n - 1] & 0xC0) == 0x80)
        n--;
    s->query[n > 0 ? n - 1 : 0] = '\0';
}

/* Outlines the key that types c on the current layout, as if it had been pressed. */
static void press_char(struct search *s, const char *c, size_t len)
{
    s->pressed_row = s->pressed_col = -1;
    for (int r = 0; r < 3; r++)
        for (int k = 0; k < row_keys(&layouts[s->layout], r); k++)
            if (strlen(layouts[s->layout].rows[r][k]) == len &&
                memcmp(layouts[s->layout].rows[r][k], c, len) == 0) {
                s->pressed_row = r;
                s->pressed_col = k;
            }
    if (len == 1 && *c == ' ')
        s->pressed_row = 3, s->pressed_col = 1;
}

/* Typed text goes in a character at a time, each through the keyboard. */
static void type(struct search *s, const char *text)
{
    for (const char *p = text; *p;) {
        size_t len = 1;
        while (((unsigned char)p[len] & 0xC0) == 0x80)
            len++;
        char one[8];
        memcpy(one, p, len);
        one[len] = '\0';
        press_char(s, one, len);
        append(s, one);
        p += len;
    }
}

static enum quire_status run_search(struct ui *ui, struct search *s, struct quire_err *err)
{
    if (!s->query[0])
        return QUIRE_OK;
    return ui_push(ui, &ui_screen_results, s->query, err);
}

static enum quire_status special(struct ui *ui, struct search *s, int col, struct quire_err *err)
{
    switch (col) {
    case 0:
        s->layout = (s->layout + 1) % N_LAYOUTS;
        return QUIRE_OK;
    case 1:
        append(s, " ");
        return QUIRE_OK;
    case 2:
        backspace(s);
        return QUIRE_OK;
    default:
        return run_search(ui, s, err);
    }
}

static enum quire_status search_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                       enum ui_change *change, struct quire_err *err)
{
    struct search *s = state;
    int row, col;
    switch (a->act) {
    case UI_ACT_TEXT:
        type(s, a->text);
        *change = UI_CHANGE_SMALL;
        return QUIRE_OK;
    case UI_ACT_BACKSPACE:
        backspace(s);
        *change = UI_CHANGE_SMALL;
        return QUIRE_OK;
    case UI_ACT_OPEN:
        return run_search(ui, s, err);
    case UI_ACT_BACK:
        ui_pop(ui);
        return QUIRE_OK;
    case UI_ACT_TAP:
        if (!key_hit(ui, s, a->x, a->y, &row, &col)) {
            if (!ui_rect_hit(panel_rect(ui), a->x, a->y))
                ui_pop(ui); /* a tap on the page above closes the panel */
            return QUIRE_OK;
        }
        s->pressed_row = row;
        s->pressed_col = col;
        *change = row == 3 && col == 0 ? UI_CHANGE_PAGE : UI_CHANGE_SMALL;
        if (row == 3)
            return special(ui, s, col, err);
        append(s, layouts[s->layout].rows[row][col]);
        return QUIRE_OK;
    default:
        return QUIRE_OK;
    }
}

/* ---- drawing ---- */

static enum quire_status draw_key(struct ui *ui, struct canvas *c, const struct search *s, int r,
                                  int k, struct quire_err *err)
{
    static const enum ui_msg names[] = {UI_MSG_NONE, MSG_KEY_SPACE, MSG_KEY_BACKSPACE,
                                        MSG_KEY_ENTER};
    struct render_rect box = key_rect(ui, s, r, k);
    struct render_rect face = {box.x + 3, box.y + 3, box.w - 6, box.h - 6};
    render_canvas_outline(c, face, 1, render_gray(ui_render(ui), 100));
    const char *label = r < 3    ? layouts[s->layout].rows[r][k]
                        : k == 0 ? ui_msg(ui, layouts[(s->layout + 1) % N_LAYOUTS].name)
                                 : ui_msg(ui, names[k]);
    if (r == s->pressed_row && k == s->pressed_col)
        render_canvas_outline(c, face, ui_px(ui, 5), 0);
    return ui_draw_text(ui, c, label, NULL, r < 3 ? UI_SIZE_BODY : UI_SIZE_SMALL, r < 3, 1,
                        UI_ALIGN_CENTER, face, err);
}

static enum quire_status search_draw(struct ui *ui, void *state, struct canvas *c,
                                     struct render_rect *bounds, struct quire_err *err)
{
    struct search *s = state;
    struct render_rect panel = panel_rect(ui);
    int edge = ui_px(ui, 4) > 2 ? ui_px(ui, 4) : 2; /* the panel's top edge over the page */
    render_canvas_fill(c, panel, 255);
    render_canvas_fill(c, (struct render_rect){0, panel.y, panel.w, edge}, 0);
    *bounds = panel;
    enum quire_status rc = ui_draw_band(ui, c, panel.y, ui_msg(ui, MSG_TITLE_SEARCH),
                                        ui_msg(ui, layouts[s->layout].name), err);
    struct render_rect f = field_rect(ui);
    render_canvas_outline(c, f, ui_px(ui, 3), 0);
    struct render_rect in = {f.x + ui_px(ui, 20), f.y, f.w - ui_px(ui, 40), f.h};
    bool is_empty = !s->query[0];
    if (!rc) {
        char shown[QUERY_MAX + 8];
        snprintf(shown, sizeof shown, "%s|", s->query); /* the cursor */
        rc = ui_draw_text(ui, c, is_empty ? ui_msg(ui, MSG_SEARCH_PROMPT) : shown, NULL,
                          UI_SIZE_BODY, !is_empty, 1, is_empty ? UI_ALIGN_START : UI_ALIGN_NATURAL,
                          in, err);
    }
    for (int r = 0; r < KBD_ROWS && !rc; r++) {
        int n = r == 3 ? 4 : row_keys(&layouts[s->layout], r);
        for (int k = 0; k < n && !rc; k++)
            rc = draw_key(ui, c, s, r, k, err);
    }
    return rc;
}

static void search_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct search *s = state;
    ui_meta_add_text(m, "query", s->query);
    size_t n = strlen(m->extra);
    /* Where the keys are, for scripts that type by touch: the top letter row (x, y, key
     * width, height, keys), then the centres of backspace and search. */
    struct render_rect k0 = key_rect(ui, s, 0, 0), bs = key_rect(ui, s, 3, 2),
                       go = key_rect(ui, s, 3, 3);
    snprintf(m->extra + n, sizeof m->extra - n,
             ",\"layout\":%d,\"row0\":[%d,%d,%d,%d,%d],\"backspace\":[%d,%d],"
             "\"enter\":[%d,%d]",
             s->layout, k0.x, k0.y, k0.w, k0.h, row_keys(&layouts[s->layout], 0), bs.x + bs.w / 2,
             bs.y + bs.h / 2, go.x + go.w / 2, go.y + go.h / 2);
}

static enum quire_status search_open(struct ui *ui, const void *arg, void **state,
                                     struct quire_err *err)
{
    struct search *s = quire_calloc(1, sizeof *s);
    if (!s)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    s->pressed_row = s->pressed_col = -1;
    /* The keyboard starts in the UI language's script. */
    s->layout = ui_lang(ui) == UI_LANG_RU ? 1 : ui_lang(ui) == UI_LANG_FA ? 2 : 0;
    *state = s;
    return QUIRE_OK;
}

static void search_close(struct ui *ui, void *state)
{
    quire_free(state);
}

const struct ui_screen_class ui_screen_search = {
    .name = "search",
    .bindings = bindings,
    .is_modal = true,
    .takes_text = true,
    .open = search_open,
    .close = search_close,
    .on_action = search_action,
    .draw = search_draw,
    .meta = search_meta,
};

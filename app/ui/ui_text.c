/* ui_text: the label cache and label drawing. See ui_text.h. */
#include "ui_text.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"

struct entry {
    uint64_t key;
    char *text; /* the key's text, compared on a hash match */
    char lang[16];
    struct ui_text_style style;
    int max_w;
    struct layout_label *label;
    uint64_t used; /* tick of the last use */
};

struct ui_texts {
    struct layout_fonts *fonts;
    struct layout_cache *cache;
    struct entry entries[QUIRE_UI_LABEL_CACHE];
    uint64_t tick;
};

enum quire_status ui_texts_create(struct layout_fonts *fonts, struct layout_cache *cache,
                                  ui_texts **out, struct quire_err *err)
{
    *out = quire_calloc(1, sizeof **out);
    if (!*out)
        return quire_err_set(err, QUIRE_ENOMEM, "ui: out of memory");
    (*out)->fonts = fonts;
    (*out)->cache = cache;
    return QUIRE_OK;
}

static void entry_clear(struct entry *e)
{
    layout_label_destroy(e->label);
    quire_free(e->text);
    memset(e, 0, sizeof *e);
}

void ui_texts_destroy(ui_texts *t)
{
    if (!t)
        return;
    for (int i = 0; i < QUIRE_UI_LABEL_CACHE; i++)
        entry_clear(&t->entries[i]);
    quire_free(t);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t key_of(const char *text, const char *lang, const struct ui_text_style *s, int max_w)
{
    int k[4] = {s->px, s->max_lines, s->is_bold, max_w};
    uint64_t h = fnv(0xcbf29ce484222325ULL, text, strlen(text));
    h = fnv(h, lang ? lang : "", lang ? strlen(lang) : 0);
    return fnv(h, k, sizeof k);
}

static bool is_same(const struct entry *e, uint64_t key, const char *text, const char *lang,
                    const struct ui_text_style *s, int max_w)
{
    return e->label && e->key == key && e->max_w == max_w && e->style.px == s->px &&
           e->style.max_lines == s->max_lines && e->style.is_bold == s->is_bold &&
           strcmp(e->lang, lang ? lang : "") == 0 && strcmp(e->text, text) == 0;
}

/* The least recently used slot (an empty one first). */
static struct entry *victim(ui_texts *t)
{
    struct entry *v = &t->entries[0];
    for (int i = 0; i < QUIRE_UI_LABEL_CACHE; i++) {
        struct entry *e = &t->entries[i];
        if (!e->label)
            return e;
        if (e->used < v->used)
            v = e;
    }
    return v;
}

const struct layout_label *ui_text_get(ui_texts *t, const char *text, const char *lang,
                                       const struct ui_text_style *s, int max_w,
                                       struct quire_err *err)
{
    uint64_t key = key_of(text, lang, s, max_w);
    t->tick++;
    for (int i = 0; i < QUIRE_UI_LABEL_CACHE; i++)
        if (is_same(&t->entries[i], key, text, lang, s, max_w)) {
            t->entries[i].used = t->tick;
            return t->entries[i].label;
        }
    struct layout_label_opts o = {
        s->px,   max_w < 1 ? 1 : max_w, s->max_lines > 0 ? s->max_lines : 1, s->is_bold, lang,
        t->cache};
    struct layout_label *label;
    if (layout_label_create(t->fonts, text, &o, &label, err))
        return NULL;
    struct entry *e = victim(t);
    entry_clear(e);
    e->text = quire_strdup(text);
    if (!e->text) {
        layout_label_destroy(label);
        quire_err_set(err, QUIRE_ENOMEM, "ui: out of memory");
        return NULL;
    }
    e->key = key;
    snprintf(e->lang, sizeof e->lang, "%s", lang ? lang : "");
    e->style = *s;
    e->max_w = max_w;
    e->label = label;
    e->used = t->tick;
    return label;
}

int ui_text_width(ui_texts *t, const char *text, const char *lang,
                  const struct ui_text_style *style, int max_w)
{
    const struct layout_label *l = ui_text_get(t, text, lang, style, max_w, NULL);
    struct layout_label_metrics m = {0};
    if (l)
        layout_label_metrics_get(l, &m);
    return m.width;
}

enum quire_status ui_text_draw(ui_texts *t, render *rd, struct canvas *c, const char *text,
                               const char *lang, const struct ui_text_style *s,
                               struct render_rect r, bool is_rtl_ui, struct render_rect *used,
                               struct quire_err *err)
{
    if (used)
        *used = (struct render_rect){r.x, r.y, 0, 0};
    if (!text || !*text || r.w <= 0 || r.h <= 0)
        return QUIRE_OK;
    struct quire_err mine = {0};
    struct quire_err *e = err ? err : &mine;
    const struct layout_label *l = ui_text_get(t, text, lang, s, r.w, e);
    if (!l)
        return e->code;
    struct layout_label_metrics m;
    layout_label_metrics_get(l, &m);
    enum ui_align a = s->align;
    if (a == UI_ALIGN_NATURAL)
        a = m.is_rtl ? UI_ALIGN_END : UI_ALIGN_START; /* in left-to-right terms */
    else if (is_rtl_ui && a != UI_ALIGN_CENTER)
        a = a == UI_ALIGN_START ? UI_ALIGN_END : UI_ALIGN_START;
    int x = a == UI_ALIGN_START ? r.x
            : a == UI_ALIGN_END ? r.x + r.w - m.width
                                : r.x + (r.w - m.width) / 2;
    int y = s->is_vcenter ? r.y + (r.h - m.height) / 2 : r.y;
    if (used)
        *used = (struct render_rect){x, y, m.width, m.height};
    return render_page_draw_at(rd, c, layout_label_page(l), x - m.x0, y - m.y0, r, err);
}

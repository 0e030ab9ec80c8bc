/* render_glyph: FreeType faces and the LRU glyph cache. Sections: faces (a small table keyed by
 * file, index and size), the cache (hash chains plus one LRU list), rasterisation. */
#include "render_glyph.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <string.h>

#include "quire_util.h"

enum { MAX_FACES = 32, BUCKETS = 4096, PATH_MAX_LEN = 512 };

struct face_slot {
    FT_Face face;
    char path[PATH_MAX_LEN];
    int index;
    int size26;  /* size in 1/64 px */
    uint32_t id; /* unique per opening: glyphs of a closed face never match again */
    uint64_t last_use;
};

struct glyph_entry {
    uint32_t face_id, glyph;
    struct render_glyph g;
    struct glyph_entry *chain;       /* next in bucket */
    struct glyph_entry *prev, *next; /* LRU list: head = most recent */
    size_t bytes;
};

struct glyph_cache {
    FT_Library ft;
    int load_flags;
    uint8_t tone[256];
    struct face_slot faces[MAX_FACES];
    uint32_t next_face_id;
    uint64_t tick;
    struct glyph_entry *buckets[BUCKETS];
    struct glyph_entry *head, *tail;
    size_t budget, bytes;
    struct render_cache_stats stats;
};

enum quire_status glyph_cache_create(size_t budget_bytes, int dpi, const uint8_t tone[256],
                                     struct glyph_cache **out, struct quire_err *err)
{
    *out = NULL;
    struct glyph_cache *gc = quire_calloc(1, sizeof *gc);
    if (!gc)
        return quire_err_set(err, QUIRE_ENOMEM, "glyph cache: out of memory");
    if (FT_Init_FreeType(&gc->ft)) {
        quire_free(gc);
        return quire_err_set(err, QUIRE_ENOMEM, "glyph cache: cannot start FreeType");
    }
    /* High-dpi panels want outlines close to the design (light, vertical-only hinting); low-dpi
     * panels need stems snapped to whole pixels to stay crisp. */
    gc->load_flags = dpi >= 200 ? FT_LOAD_TARGET_LIGHT : FT_LOAD_TARGET_NORMAL;
    gc->budget = budget_bytes;
    for (int c = 0; c < 256; c++)
        gc->tone[c] = tone ? tone[c] : (uint8_t)(255 - c);
    gc->next_face_id = 1;
    *out = gc;
    return QUIRE_OK;
}

void glyph_cache_destroy(struct glyph_cache *gc)
{
    if (!gc)
        return;
    for (struct glyph_entry *e = gc->head, *next; e; e = next) {
        next = e->next;
        quire_free(e);
    }
    for (int i = 0; i < MAX_FACES; i++)
        if (gc->faces[i].face)
            FT_Done_Face(gc->faces[i].face);
    FT_Done_FreeType(gc->ft);
    quire_free(gc);
}

/* ---- faces ---- */

static struct face_slot *face_find(struct glyph_cache *gc, const char *path, int index, int size26)
{
    for (int i = 0; i < MAX_FACES; i++) {
        struct face_slot *f = &gc->faces[i];
        if (f->face && f->index == index && f->size26 == size26 && strcmp(f->path, path) == 0)
            return f;
    }
    return NULL;
}

static struct face_slot *face_slot_free(struct glyph_cache *gc)
{
    struct face_slot *oldest = &gc->faces[0];
    for (int i = 0; i < MAX_FACES; i++) {
        if (!gc->faces[i].face)
            return &gc->faces[i];
        if (gc->faces[i].last_use < oldest->last_use)
            oldest = &gc->faces[i];
    }
    FT_Done_Face(oldest->face);
    oldest->face = NULL;
    return oldest;
}

static enum quire_status face_get(struct glyph_cache *gc, const char *path, int index,
                                  float size_px, struct face_slot **out, struct quire_err *err)
{
    int size26 = (int)(size_px * 64.0f + 0.5f);
    if (strlen(path) >= PATH_MAX_LEN || size26 < 64 || size26 > 1000 * 64)
        return quire_err_set(err, QUIRE_EINVAL, "%s: bad font path or size %.1f", path,
                             (double)size_px);
    struct face_slot *f = face_find(gc, path, index, size26);
    if (!f) {
        f = face_slot_free(gc);
        if (FT_New_Face(gc->ft, path, index, &f->face))
            return quire_err_set(err, QUIRE_EFORMAT, "%s: cannot open font face %d", path, index);
        FT_Set_Char_Size(f->face, 0, size26, 72, 72);
        strcpy(f->path, path);
        f->index = index;
        f->size26 = size26;
        f->id = gc->next_face_id++;
    }
    f->last_use = ++gc->tick;
    *out = f;
    return QUIRE_OK;
}

uint32_t glyph_cache_char_index(struct glyph_cache *gc, const char *path, int index, float size_px,
                                uint32_t cp)
{
    struct face_slot *f;
    if (face_get(gc, path, index, size_px, &f, NULL))
        return 0;
    return FT_Get_Char_Index(f->face, cp);
}

/* ---- the cache ---- */

static uint32_t hash(uint32_t face_id, uint32_t glyph)
{
    uint32_t h = face_id * 0x9E3779B1u ^ glyph * 0x85EBCA77u;
    return (h ^ (h >> 15)) % BUCKETS;
}

static void lru_unlink(struct glyph_cache *gc, struct glyph_entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        gc->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        gc->tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push_front(struct glyph_cache *gc, struct glyph_entry *e)
{
    e->next = gc->head;
    e->prev = NULL;
    if (gc->head)
        gc->head->prev = e;
    gc->head = e;
    if (!gc->tail)
        gc->tail = e;
}

static void entry_remove(struct glyph_cache *gc, struct glyph_entry *e)
{
    struct glyph_entry **p = &gc->buckets[hash(e->face_id, e->glyph)];
    while (*p != e)
        p = &(*p)->chain;
    *p = e->chain;
    lru_unlink(gc, e);
    gc->bytes -= e->bytes;
    gc->stats.entries--;
    gc->stats.evictions++;
    quire_free(e);
}

/* Keeps the newest entry even when it alone passes the budget, so the caller can draw it. */
static void evict_to_budget(struct glyph_cache *gc)
{
    while (gc->bytes > gc->budget && gc->tail && gc->tail != gc->head)
        entry_remove(gc, gc->tail);
}

static struct glyph_entry *lookup(struct glyph_cache *gc, uint32_t face_id, uint32_t glyph)
{
    for (struct glyph_entry *e = gc->buckets[hash(face_id, glyph)]; e; e = e->chain)
        if (e->face_id == face_id && e->glyph == glyph)
            return e;
    return NULL;
}

static enum quire_status rasterise(struct glyph_cache *gc, struct face_slot *f, uint32_t id,
                                   struct glyph_entry **out, struct quire_err *err)
{
    if (FT_Load_Glyph(f->face, id, gc->load_flags | FT_LOAD_RENDER | FT_LOAD_NO_BITMAP) ||
        f->face->glyph->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: cannot render glyph %u", f->path, id);
    FT_GlyphSlot slot = f->face->glyph;
    const FT_Bitmap *bm = &slot->bitmap;
    size_t n = (size_t)bm->width * bm->rows;
    struct glyph_entry *e = quire_malloc(sizeof *e + n);
    if (!e)
        return quire_err_set(err, QUIRE_ENOMEM, "glyph cache: out of memory");
    uint8_t *dst = (uint8_t *)(e + 1);
    for (unsigned y = 0; y < bm->rows; y++) {
        const uint8_t *src = bm->buffer + (ptrdiff_t)y * bm->pitch;
        for (unsigned x = 0; x < bm->width; x++)
            dst[(size_t)y * bm->width + x] = gc->tone[src[x]];
    }
    e->g = (struct render_glyph){(int)bm->width,
                                 (int)bm->rows,
                                 slot->bitmap_left,
                                 slot->bitmap_top,
                                 (int)((slot->advance.x + 32) >> 6),
                                 dst};
    e->bytes = sizeof *e + n;
    *out = e;
    return QUIRE_OK;
}

enum quire_status glyph_cache_get(struct glyph_cache *gc, const char *path, int index,
                                  float size_px, uint32_t id, const struct render_glyph **out,
                                  struct quire_err *err)
{
    struct face_slot *f;
    enum quire_status st = face_get(gc, path, index, size_px, &f, err);
    if (st)
        return st;
    struct glyph_entry *e = lookup(gc, f->id, id);
    if (e) {
        gc->stats.hits++;
        lru_unlink(gc, e);
        lru_push_front(gc, e);
        *out = &e->g;
        return QUIRE_OK;
    }
    gc->stats.misses++;
    if ((st = rasterise(gc, f, id, &e, err)))
        return st;
    e->face_id = f->id;
    e->glyph = id;
    uint32_t b = hash(f->id, id);
    e->chain = gc->buckets[b];
    gc->buckets[b] = e;
    lru_push_front(gc, e);
    gc->bytes += e->bytes;
    gc->stats.entries++;
    evict_to_budget(gc);
    *out = &e->g;
    return QUIRE_OK;
}

void glyph_cache_stats(const struct glyph_cache *gc, struct render_cache_stats *out)
{
    *out = gc->stats;
    out->bytes = gc->bytes;
}

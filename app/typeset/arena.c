/* arena: the typesetter's bump allocator. Chunks come from quire_malloc (so tests can fail the
 * Nth allocation) and count against one byte budget per layout, which bounds the memory an
 * article's layout may take (QUIRE_LAYOUT_MAX_BYTES). */
#include <string.h>

#include "quire_util.h"
#include "typeset_internal.h"

#define CHUNK_MIN (64 * 1024)

struct ts_chunk {
    struct ts_chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

void ts_arena_init(struct ts_arena *a, size_t *budget)
{
    a->head = NULL;
    a->budget = budget;
}

static struct ts_chunk *chunk_new(struct ts_arena *a, size_t n)
{
    size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
    size_t total = sizeof(struct ts_chunk) + size;
    if (total > *a->budget)
        return NULL;
    struct ts_chunk *c = quire_malloc(total);
    if (!c)
        return NULL;
    *a->budget -= total;
    c->size = size;
    c->used = 0;
    c->next = a->head;
    a->head = c;
    return c;
}

void *ts_arena_alloc(struct ts_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct ts_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        c = chunk_new(a, n);
        if (!c)
            return NULL;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

void *ts_arena_calloc(struct ts_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = ts_arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

static void free_chain(struct ts_arena *a, struct ts_chunk *c)
{
    while (c) {
        struct ts_chunk *next = c->next;
        *a->budget += sizeof(struct ts_chunk) + c->size;
        quire_free(c);
        c = next;
    }
}

void ts_arena_reset(struct ts_arena *a)
{
    if (!a->head)
        return;
    /* keep the oldest chunk (the last in the list) */
    struct ts_chunk **pp = &a->head;
    while ((*pp)->next)
        pp = &(*pp)->next;
    struct ts_chunk *keep = *pp;
    *pp = NULL;
    free_chain(a, a->head);
    keep->used = 0;
    a->head = keep;
}

void ts_arena_fini(struct ts_arena *a)
{
    free_chain(a, a->head);
    a->head = NULL;
}

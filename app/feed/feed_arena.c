/* feed_arena: the memory gumbo's tree of one page lives in. gumbo makes a small allocation for
 * every node, attribute and growing string, and frees as many while it parses: through malloc
 * that is a sixth of its time, and freeing the tree afterwards is a walk over every node.
 * Here blocks come from 64 KiB chunks in size classes with free lists (so a freed string
 * buffer is reused and memory stays near what is live), larger ones from the heap, and the
 * whole tree goes at once with the arena.
 * The blocks come from malloc, not quire_malloc: gumbo has no way to fail, so an allocation
 * the tests make fail would crash it (it used malloc itself before). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed_page.h"

#define CHUNK_BYTES (64u * 1024)
#define N_CLASSES   8 /* 16, 32, ... 2048 bytes */
#define SMALLEST    16u
#define LARGEST     (SMALLEST << (N_CLASSES - 1))
#define BIG_CLASS   ((size_t)N_CLASSES)

/* Every block has its class just before it; a big one also its neighbours in the list. */
struct small_header {
    size_t pad, cls;
};
struct big_header {
    struct big_header *prev, *next;
    size_t pad, cls;
};
struct chunk {
    struct chunk *next;
    size_t pad;
};
struct free_block {
    struct free_block *next;
};

struct page_arena {
    struct chunk *chunks;
    char *cur; /* the unused end of the newest chunk */
    size_t left;
    struct free_block *free[N_CLASSES];
    struct big_header *bigs;
};

struct page_arena *page_arena_create(void)
{
    return quire_calloc(1, sizeof(struct page_arena));
}

void page_arena_destroy(struct page_arena *a)
{
    if (!a)
        return;
    for (struct chunk *c = a->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    for (struct big_header *b = a->bigs, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    quire_free(a);
}

static size_t class_of(size_t n)
{
    size_t cls = 0;
    while ((SMALLEST << cls) < n)
        cls++;
    return cls;
}

static void *big_alloc(struct page_arena *a, size_t n)
{
    if (n > SIZE_MAX - sizeof(struct big_header))
        return NULL;
    struct big_header *b = malloc(sizeof *b + n);
    if (!b)
        return NULL;
    *b = (struct big_header){NULL, a->bigs, 0, BIG_CLASS};
    if (a->bigs)
        a->bigs->prev = b;
    a->bigs = b;
    return b + 1;
}

static void *small_alloc(struct page_arena *a, size_t cls)
{
    struct free_block *f = a->free[cls];
    if (f) {
        a->free[cls] = f->next;
        return f;
    }
    size_t need = sizeof(struct small_header) + (SMALLEST << cls);
    if (a->left < need) {
        struct chunk *c = malloc(CHUNK_BYTES);
        if (!c)
            return NULL;
        c->next = a->chunks;
        a->chunks = c;
        a->cur = (char *)(c + 1);
        a->left = CHUNK_BYTES - sizeof *c;
    }
    struct small_header *h = (struct small_header *)a->cur;
    h->cls = cls;
    a->cur += need;
    a->left -= need;
    return h + 1;
}

static void *arena_alloc(void *userdata, size_t n)
{
    struct page_arena *a = userdata;
    return n > LARGEST ? big_alloc(a, n) : small_alloc(a, class_of(n));
}

static void arena_free(void *userdata, void *p)
{
    struct page_arena *a = userdata;
    if (!p)
        return;
    size_t cls = ((size_t *)p)[-1];
    if (cls != BIG_CLASS) {
        struct free_block *f = p;
        f->next = a->free[cls];
        a->free[cls] = f;
        return;
    }
    struct big_header *b = (struct big_header *)p - 1;
    if (b->prev)
        b->prev->next = b->next;
    else
        a->bigs = b->next;
    if (b->next)
        b->next->prev = b->prev;
    free(b);
}

void page_arena_gumbo_options(struct page_arena *a, GumboOptions *o)
{
    o->allocator = arena_alloc;
    o->deallocator = arena_free;
    o->userdata = a;
}

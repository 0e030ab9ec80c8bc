/* doc_internal: the block builder shared by the converters (doc.c, doc_html.c). Not public.
 * A builder accumulates one block's text (collapsing whitespace unless preformatted) and its
 * styled spans, then doc_builder_flush turns it into a block of the document. */
#ifndef QUIRE_DOC_INTERNAL_H
#define QUIRE_DOC_INTERNAL_H

#include "doc.h"
#include "quire_util.h"

struct doc_builder {
    struct doc *doc;
    struct quire_buf text;
    struct doc_span *spans;
    size_t span_count, span_alloc;
    bool is_pre;
    bool has_pending_space;
    uint8_t space_style; /* style and language of the pending space */
    const char *space_lang;
    size_t col_pos; /* preformatted: text.len up to which col is counted */
    uint32_t col;
};

#define DOC_TAB_STOP 8 /* columns between tab stops in preformatted text */

enum quire_status doc_new(struct doc **out);
void doc_builder_init(struct doc_builder *b, struct doc *doc);
void doc_builder_fini(struct doc_builder *b);
/* Appends n bytes of valid UTF-8 with a style and a language (interned, NULL = block's). */
enum quire_status doc_builder_text(struct doc_builder *b, const char *s, size_t n, uint8_t style,
                                   const char *lang);
/* Ends the current block (if it holds any text) as kind/level/lang/dir. */
enum quire_status doc_builder_flush(struct doc_builder *b, enum doc_kind kind, int level,
                                    const char *lang, enum doc_dir dir);
/* Adds a block without text (rule, image). src and alt are copied. */
enum quire_status doc_add_media(struct doc *doc, enum doc_kind kind, const char *src,
                                const char *alt, int width, int height);
/* Returns a copy of s owned by doc (the same pointer for equal strings), NULL on OOM. */
const char *doc_intern(struct doc *doc, const char *s);

#endif

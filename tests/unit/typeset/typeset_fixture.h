/* typeset_fixture: what the typesetter's tests share (typeset_fixture.c): the fonts of the
 * source tree, documents, layouts and the checks every layout must pass. */
#ifndef QUIRE_TEST_TYPESET_FIXTURE_H
#define QUIRE_TEST_TYPESET_FIXTURE_H

#include <hb.h>
#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "layout.h"
#include "quire_util.h"

/* The fonts of the source tree, loaded by setup() and freed by teardown() (cmocka group). */
extern struct layout_fonts *fonts;
int setup(void **state);
int teardown(void **state);
/* True when some run of the page is set in file (basename) at face index. */
bool uses_face(const struct layout_page *pg, const char *file, int index);
/* Documents: a file of tests/data/corpus, plain text, HTML. */
struct doc *corpus(const char *name);
struct doc *text_doc(const char *s);
/* A layout with the defaults but these; failing the test if refused. */
struct layout *lay(const struct doc *d, int w, int h, int px, const char *lang,
                   enum layout_linebreak mode);
struct layout *lay_margin(const struct doc *d, int w, int h, int px, int margin,
                          enum layout_linebreak mode);
struct doc *html_doc(const char *html);
/* The glyphs a line shows. */
size_t line_glyphs(const struct layout_page *pg, const struct layout_line *ln);
/* The horizontal ink of a run's glyph g, page px (a combining mark's origin may lie past its
 * base's advance; its ink does not). One HarfBuzz face per layout font, kept for the test. */
void glyph_ink(const struct layout_run *run, size_t g, float *x0, float *x1);
/* Lines within the measure, pages within their height. */
void check_geometry(const struct layout *l, int w, int h, int margin);
/* Every character of the input appears in the output in order (hyphens removed). */
void check_words(const struct layout *l, const struct doc *d);
/* Glyph ids of a word shaped alone (right to left). */
unsigned shape_word(const char *word, hb_codepoint_t *out, unsigned cap);
/* Left x of the first occurrence of the glyph sequence seq in the line, or -1. */
float find_seq(const struct layout_page *pg, const struct layout_line *ln,
               const hb_codepoint_t *seq, unsigned n);
/* True when the line's first logical word is set to the right of its last; is_checked: both
 * words were found (distinct, 3+ letters, in the body face: not in bold headings). */
bool line_reads_right_to_left(const struct layout *l, const struct layout_page *pg,
                              const struct layout_line *ln, bool *is_checked);

#endif

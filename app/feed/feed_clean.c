/* feed_clean: what is taken out of the gathered article (Readability's prepArticle): footers,
 * asides and navigation, share widgets, headings the class names call boilerplate, empty
 * paragraphs, and blocks that look like lists of links, galleries or forms rather than prose
 * (conditional cleaning, which spares data tables and code). Also the class/id hints. */
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "feed_page.h"

static const char *const negative[] = {
    "-ad-",     "hidden", "banner",   "combx",    "comment", "com-",       "contact",
    "footer",   "gdpr",   "masthead", "media",    "meta",    "outbrain",   "promo",
    "related",  "scroll", "share",    "shoutbox", "sidebar", "skyscraper", "sponsor",
    "shopping", "tags",   "widget",   NULL,
};
static const char *const positive[] = {
    "article", "body",       "content", "entry", "hentry", "h-entry", "main",
    "page",    "pagination", "post",    "text",  "blog",   "story",   NULL,
};

bool page_matches(const char *s, const char *const *words)
{
    if (!s)
        return false;
    /* Lowercased once, then strstr per word (the lists are lowercase): called for every
     * element's class and id, this was a twentieth of the extraction's time. */
    char low[256];
    size_t n = strlen(s);
    if (n < sizeof low) {
        for (size_t i = 0; i <= n; i++)
            low[i] = (char)tolower((unsigned char)s[i]);
        for (; *words; words++)
            if (strstr(low, *words))
                return true;
        return false;
    }
    for (; *words; words++)
        if (dom_contains_ci(s, *words))
            return true;
    return false;
}

/* Readability's "hid" as a whole class word. */
static bool has_hid_word(const char *s)
{
    for (const char *p = s; *p; p++)
        if (strncasecmp(p, "hid", 3) == 0 && (p == s || p[-1] == ' ') &&
            (p[3] == '\0' || p[3] == ' '))
            return true;
    return false;
}

static int weight_of(const char *s)
{
    if (!s || !*s)
        return 0;
    int w = 0;
    if (page_matches(s, negative) || has_hid_word(s))
        w -= 25;
    if (page_matches(s, positive))
        w += 25;
    return w;
}

int page_class_weight(const struct dom *d, int32_t i, int flags)
{
    if (!(flags & PAGE_WEIGHT_CLASSES))
        return 0;
    return weight_of(dom_attr(d, i, "class")) + weight_of(dom_attr(d, i, "id"));
}

/* Removes every element with tag under root for which should_remove says so, last first
 * (inner blocks are judged before the blocks holding them, as Readability does). */
static void remove_where(struct dom *d, int32_t root, uint16_t tag, int flags,
                         bool (*should_remove)(struct dom *d, int32_t i, int flags))
{
    int32_t last = DOM_NONE;
    for (int32_t i = d->nodes[root].first; i != DOM_NONE; i = dom_next(d, root, i, false))
        last = i;
    for (int32_t i = last; i != DOM_NONE && i != root;) {
        /* the previous node in document order: the previous sibling's last descendant */
        int32_t prev = d->nodes[i].prev;
        if (prev != DOM_NONE)
            while (d->nodes[prev].last != DOM_NONE)
                prev = d->nodes[prev].last;
        else
            prev = d->nodes[i].parent;
        if (d->nodes[i].tag == tag && should_remove(d, i, flags))
            dom_unlink(d, i);
        i = prev;
    }
}

static bool always(struct dom *d, int32_t i, int flags)
{
    return true;
}

static void mark_data_tables(struct dom *d, int32_t root)
{
    for (int32_t i = root; i != DOM_NONE; i = dom_next(d, root, i, false)) {
        if (d->nodes[i].tag != GUMBO_TAG_TABLE)
            continue;
        const char *role = dom_attr(d, i, "role");
        int rows = 0, cols = 0, row_cells = 0;
        bool data = dom_attr(d, i, "summary") != NULL;
        bool layout = (role && strcmp(role, "presentation") == 0);
        for (int32_t k = d->nodes[i].first; k != DOM_NONE; k = dom_next(d, i, k, false)) {
            uint16_t t = d->nodes[k].tag;
            data |= t == GUMBO_TAG_CAPTION || t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TFOOT ||
                    t == GUMBO_TAG_COLGROUP || t == GUMBO_TAG_TH;
            layout |= t == GUMBO_TAG_TABLE;
            if (t == GUMBO_TAG_TR) {
                rows++;
                row_cells = 0;
            }
            if (t == GUMBO_TAG_TD && ++row_cells > cols)
                cols = row_cells;
        }
        d->nodes[i].is_data_table = !layout && (data || rows >= 10 || cols > 4 || rows * cols > 10);
    }
}

static bool in_data_table(const struct dom *d, int32_t i)
{
    for (int32_t a = d->nodes[i].parent; a != DOM_NONE; a = d->nodes[a].parent)
        if (d->nodes[a].tag == GUMBO_TAG_TABLE && d->nodes[a].is_data_table)
            return true;
    return false;
}

/* Readability's _cleanConditionally test for one block. */
static bool is_fishy(struct dom *d, int32_t i, int flags)
{
    uint16_t tag = d->nodes[i].tag;
    if (tag == GUMBO_TAG_TABLE && d->nodes[i].is_data_table)
        return false;
    if (in_data_table(d, i) || dom_has_ancestor(d, i, GUMBO_TAG_CODE))
        return false;
    int weight = page_class_weight(d, i, flags);
    if (weight < 0)
        return true;
    struct dom_stats s;
    dom_stats(d, i, &s);
    if (s.commas >= 10)
        return false;
    bool is_list =
        tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || (s.chars > 0 && s.list_chars / s.chars > 0.9);
    int li = s.li - 100;
    double link_density = s.chars > 0 ? s.link_chars / s.chars : 0;
    double heading_density = s.chars > 0 ? s.heading_chars / s.chars : 0;
    bool in_figure = dom_has_ancestor(d, i, GUMBO_TAG_FIGURE);
    bool remove =
        (s.img > 1 && (double)s.p / s.img < 0.5 && !in_figure) || (!is_list && li > s.p) ||
        (!is_list && heading_density < 0.9 && s.chars < 25 && (s.img == 0 || s.img > 2) &&
         !in_figure) ||
        (!is_list && weight < 25 && link_density > 0.2) || (weight >= 25 && link_density > 0.5);
    if (is_list && remove) { /* a plain list of images stays */
        for (int32_t k = d->nodes[i].first; k != DOM_NONE; k = d->nodes[k].next)
            if (d->nodes[k].first != DOM_NONE && d->nodes[d->nodes[k].first].next != DOM_NONE)
                return true;
        return s.img != s.li + 0;
    }
    return remove;
}

static bool is_bad_heading(struct dom *d, int32_t i, int flags)
{
    return page_class_weight(d, i, flags) < 0;
}

static bool is_empty_paragraph(struct dom *d, int32_t i, int flags)
{
    struct dom_stats s;
    dom_stats(d, i, &s);
    return s.letters == 0 && s.img == 0;
}

/* Share bars: small blocks named share/sharedaddy inside the article's top-level blocks. */
static void remove_share_widgets(struct dom *d, int32_t article)
{
    static const char *const share[] = {"share", "sharedaddy", NULL};
    for (int32_t top = d->nodes[article].first; top != DOM_NONE; top = d->nodes[top].next) {
        for (int32_t k = d->nodes[top].first; k != DOM_NONE;) {
            char match[512];
            snprintf(match, sizeof match, "%s %s",
                     dom_attr(d, k, "class") ? dom_attr(d, k, "class") : "",
                     dom_attr(d, k, "id") ? dom_attr(d, k, "id") : "");
            struct dom_stats s = {0};
            bool is_share = d->nodes[k].tag != DOM_TEXT && page_matches(match, share);
            if (is_share)
                dom_stats(d, k, &s);
            int32_t next = dom_next(d, top, k, is_share && s.chars < 500);
            if (is_share && s.chars < 500)
                dom_unlink(d, k);
            k = next;
        }
    }
}

void page_clean_article(struct dom *d, int32_t article, int flags)
{
    mark_data_tables(d, article);
    if (flags & PAGE_CLEAN_CONDITIONALLY) {
        remove_where(d, article, GUMBO_TAG_FORM, flags, is_fishy);
        remove_where(d, article, GUMBO_TAG_FIELDSET, flags, is_fishy);
    }
    remove_where(d, article, GUMBO_TAG_FOOTER, flags, always);
    remove_where(d, article, GUMBO_TAG_ASIDE, flags, always);
    remove_where(d, article, GUMBO_TAG_NAV, flags, always);
    remove_share_widgets(d, article);
    remove_where(d, article, GUMBO_TAG_H1, flags, is_bad_heading);
    remove_where(d, article, GUMBO_TAG_H2, flags, is_bad_heading);
    if (flags & PAGE_CLEAN_CONDITIONALLY) {
        remove_where(d, article, GUMBO_TAG_TABLE, flags, is_fishy);
        remove_where(d, article, GUMBO_TAG_UL, flags, is_fishy);
        remove_where(d, article, GUMBO_TAG_DIV, flags, is_fishy);
    }
    remove_where(d, article, GUMBO_TAG_P, flags, is_empty_paragraph);
}

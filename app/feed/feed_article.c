/* feed_article: the article of a web page (see feed_article.h), Readability's method over
 * gumbo. One pass: (1) prepare the tree: take the byline out, drop unlikely blocks (sidebars,
 * comments, menus) and empty ones, turn text-only divs into paragraphs; (2) score paragraphs
 * (commas, length) and let the scores flow to five ancestors, scaled by link density; (3) take
 * the best candidate, climb to the ancestor that holds the competing candidates too, and
 * gather its siblings that look like more of the article; (4) clean the result. A pass that
 * keeps too little text is repeated with fewer switches (feed_extract.c); the longest wins.
 * The driver (passes, metadata, output) is feed_extract.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "feed.h"
#include "feed_internal.h"
#include "feed_page.h"

#define TOP_CANDIDATES 5

static const char *const unlikely[] = {
    "-ad-",       "ai2html", "banner",     "breadcrumbs",  "combx",    "comment",  "community",
    "cover-wrap", "disqus",  "extra",      "footer",       "gdpr",     "header",   "legends",
    "menu",       "related", "remark",     "replies",      "rss",      "shoutbox", "sidebar",
    "skyscraper", "social",  "sponsor",    "supplemental", "ad-break", "agegate",  "pagination",
    "pager",      "popup",   "yom-remote", NULL,
};
static const char *const maybe_candidate[] = {"and",     "article", "body",   "column",
                                              "content", "main",    "shadow", NULL};
static const char *const byline_words[] = {"byline",    "author",   "dateline",
                                           "writtenby", "p-author", NULL};
static const char *const unlikely_roles[] = {"menu",  "menubar",     "complementary", "navigation",
                                             "alert", "alertdialog", "dialog",        NULL};

static void match_string(const struct dom *d, int32_t i, char *buf, size_t size)
{
    const char *c = dom_attr(d, i, "class"), *id = dom_attr(d, i, "id");
    snprintf(buf, size, "%s %s", c ? c : "", id ? id : "");
}

static bool push_score(struct page_pass *p, int32_t i)
{
    if (p->n_to_score == p->alloc) {
        size_t na = p->alloc ? p->alloc * 2 : 256;
        int32_t *s = quire_realloc(p->to_score, na * sizeof *s);
        if (!s)
            return false;
        p->to_score = s;
        p->alloc = na;
    }
    p->to_score[p->n_to_score++] = i;
    return true;
}

static bool is_byline(struct page_pass *p, int32_t i, const char *match)
{
    if (p->byline || p->d.nodes[i].tag == DOM_TEXT)
        return false;
    const char *rel = dom_attr(&p->d, i, "rel"), *itemprop = dom_attr(&p->d, i, "itemprop");
    if (!(rel && strcmp(rel, "author") == 0) && !(itemprop && strstr(itemprop, "author")) &&
        !page_matches(match, byline_words))
        return false;
    char *text = dom_inner_text(&p->d, i, 1024);
    size_t n = text ? strlen(text) : 0;
    quire_free(text);
    if (n == 0 || n >= 100)
        return false;
    /* an author's name inside the byline ("By <span itemprop=name>...</span>, 2 hours ago") */
    int32_t who = i;
    for (int32_t k = p->d.nodes[i].first; k != DOM_NONE; k = dom_next(&p->d, i, k, false)) {
        const char *prop = dom_attr(&p->d, k, "itemprop");
        if (prop && strstr(prop, "name")) {
            who = k;
            break;
        }
    }
    p->byline = dom_inner_text(&p->d, who, 1024);
    return p->byline != NULL;
}

static bool is_heading(uint16_t t)
{
    return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6;
}

static bool duplicates_title(struct page_pass *p, int32_t i)
{
    uint16_t t = p->d.nodes[i].tag;
    if ((t != GUMBO_TAG_H1 && t != GUMBO_TAG_H2) || !p->title || !*p->title)
        return false;
    char *text = dom_inner_text(&p->d, i, 4096);
    bool dup = text && page_text_similarity(p->title, text) > 0.75;
    quire_free(text);
    return dup;
}

/* No text, no image, and no elements but line breaks and rules. */
static bool without_content(const struct dom *d, int32_t i)
{
    struct dom_stats s;
    dom_stats(d, i, &s);
    return s.letters == 0 && s.img == 0 && s.elements == s.breaks;
}

static bool has_block_descendant(const struct dom *d, int32_t i)
{
    struct dom_stats s;
    dom_stats(d, i, &s);
    return s.blocks > 0;
}

static bool is_blank_text(const struct dom *d, int32_t i)
{
    return d->nodes[i].tag == DOM_TEXT && !dom_text(d, i)[strspn(dom_text(d, i), " \t\r\n\f")];
}

/* Inline runs directly inside a div that also holds blocks become paragraphs. */
static bool wrap_phrasing(struct page_pass *p, int32_t div)
{
    struct dom *d = &p->d;
    int32_t para = DOM_NONE;
    for (int32_t k = d->nodes[div].first; k != DOM_NONE;) {
        int32_t next = d->nodes[k].next;
        if (dom_is_phrasing(d, k) && !(d->nodes[k].tag != DOM_TEXT && has_block_descendant(d, k))) {
            if (para != DOM_NONE) {
                dom_append(d, para, k);
            } else if (!is_blank_text(d, k)) {
                if ((para = dom_new(d, GUMBO_TAG_P)) == DOM_NONE)
                    return false;
                dom_replace(d, k, para);
                dom_append(d, para, k);
            }
        } else {
            para = DOM_NONE;
        }
        k = next;
    }
    return true;
}

static int32_t single_p_child(const struct dom *d, int32_t div)
{
    int32_t found = DOM_NONE;
    for (int32_t k = d->nodes[div].first; k != DOM_NONE; k = d->nodes[k].next) {
        if (is_blank_text(d, k))
            continue;
        if (d->nodes[k].tag != GUMBO_TAG_P || found != DOM_NONE)
            return DOM_NONE;
        found = k;
    }
    return found;
}

static double link_density(const struct dom *d, int32_t i)
{
    struct dom_stats s;
    dom_stats(d, i, &s);
    return s.chars > 0 ? s.link_chars / s.chars : 0;
}

/* A div: paragraphs for its loose text, itself a paragraph when it holds no blocks. *cont is
 * where the walk goes on (the div, or the paragraph that took its place). */
static bool prepare_div(struct page_pass *p, int32_t i, int32_t *cont)
{
    struct dom *d = &p->d;
    *cont = i;
    if (!wrap_phrasing(p, i))
        return false;
    int32_t only = single_p_child(d, i);
    if (only != DOM_NONE && link_density(d, i) < 0.25) {
        dom_replace(d, i, only);
        *cont = only;
        return push_score(p, only);
    }
    if (!has_block_descendant(d, i)) {
        d->nodes[i].tag = GUMBO_TAG_P;
        dom_touch(d, i);
        return push_score(p, i);
    }
    return true;
}

/* Step 1: returns false when out of memory. */
static bool prepare(struct page_pass *p)
{
    struct dom *d = &p->d;
    int32_t root = d->body;
    for (int32_t i = root; i != DOM_NONE;) {
        uint16_t t = d->nodes[i].tag;
        if (t == DOM_TEXT) {
            i = dom_next(d, root, i, false);
            continue;
        }
        char match[512];
        match_string(d, i, match, sizeof match);
        const char *role = dom_attr(d, i, "role");
        bool drop = i != root && is_byline(p, i, match);
        if (!drop && !p->title_header_removed && duplicates_title(p, i))
            drop = p->title_header_removed = true;
        if (!drop && (p->flags & PAGE_STRIP_UNLIKELY) && i != root && t != GUMBO_TAG_A &&
            ((page_matches(match, unlikely) && !page_matches(match, maybe_candidate) &&
              !dom_has_ancestor(d, i, GUMBO_TAG_TABLE) &&
              !dom_has_ancestor(d, i, GUMBO_TAG_CODE)) ||
             (role && page_matches(role, unlikely_roles))))
            drop = true;
        if (!drop &&
            (t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_HEADER ||
             is_heading(t)) &&
            without_content(d, i))
            drop = true;
        if (drop) {
            int32_t next = dom_next(d, root, i, true);
            dom_unlink(d, i);
            i = next;
            continue;
        }
        bool scored_tag = t == GUMBO_TAG_SECTION || t == GUMBO_TAG_P || t == GUMBO_TAG_TD ||
                          t == GUMBO_TAG_PRE || (is_heading(t) && t != GUMBO_TAG_H1);
        if (scored_tag && !push_score(p, i))
            return false;
        if (t == GUMBO_TAG_DIV && !prepare_div(p, i, &i))
            return false;
        i = dom_next(d, root, i, false);
    }
    return true;
}

static void init_node(struct page_pass *p, int32_t i)
{
    struct dom_node *n = &p->d.nodes[i];
    float s = 0;
    switch (n->tag) {
    case GUMBO_TAG_DIV:
        s = 5;
        break;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
        s = 3;
        break;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
        s = -3;
        break;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
        s = -5;
        break;
    default:
        break;
    }
    n->score = s + (float)page_class_weight(&p->d, i, p->flags);
    n->is_scored = true;
}

/* Step 2: scores flow from paragraphs to their ancestors. */
static void score_paragraphs(struct page_pass *p)
{
    struct dom *d = &p->d;
    for (size_t k = 0; k < p->n_to_score; k++) {
        int32_t el = p->to_score[k];
        if (d->nodes[el].parent == DOM_NONE)
            continue; /* removed since */
        struct dom_stats s;
        dom_stats(d, el, &s);
        if (s.chars < 25)
            continue;
        float score = 1.0f + (float)(s.commas + 1) + fminf(floorf((float)s.chars / 100), 3);
        int level = 0;
        for (int32_t a = d->nodes[el].parent; a != DOM_NONE && level < 5;
             a = d->nodes[a].parent, level++) {
            if (!d->nodes[a].is_scored)
                init_node(p, a);
            float divider = level == 0 ? 1 : level == 1 ? 2 : (float)level * 3;
            d->nodes[a].score += score / divider;
        }
    }
}

static float final_score(const struct dom *d, int32_t i)
{
    return d->nodes[i].score * (float)(1 - link_density(d, i));
}

static int top_candidates(const struct page_pass *p, int32_t *top, float *scores)
{
    const struct dom *d = &p->d;
    int n = 0;
    for (int32_t i = d->body; i != DOM_NONE; i = dom_next(d, d->body, i, false)) {
        if (!d->nodes[i].is_scored)
            continue;
        float s = final_score(d, i);
        int pos = n;
        while (pos > 0 && scores[pos - 1] < s)
            pos--;
        if (pos >= TOP_CANDIDATES)
            continue;
        int end = n < TOP_CANDIDATES ? n : TOP_CANDIDATES - 1;
        memmove(top + pos + 1, top + pos, (size_t)(end - pos) * sizeof *top);
        memmove(scores + pos + 1, scores + pos, (size_t)(end - pos) * sizeof *scores);
        top[pos] = i;
        scores[pos] = s;
        n = n < TOP_CANDIDATES ? n + 1 : n;
    }
    return n;
}

static bool is_ancestor(const struct dom *d, int32_t a, int32_t i)
{
    for (int lvl = 0; i != DOM_NONE; i = d->nodes[i].parent, lvl++)
        if (i == a)
            return true;
    return false;
}

/* Step 3a: the candidate, moved up to where the article's parts meet. */
static int32_t choose_top(struct page_pass *p)
{
    struct dom *d = &p->d;
    int32_t top[TOP_CANDIDATES];
    float scores[TOP_CANDIDATES];
    int n = top_candidates(p, top, scores);
    if (n == 0 || top[0] == d->body)
        return DOM_NONE;
    int32_t best = top[0];
    for (int k = 1; k < n; k++)
        d->nodes[top[k]].score = scores[k];
    d->nodes[best].score = scores[0];
    int alternatives = 0;
    for (int k = 1; k < n; k++)
        alternatives += scores[k] / scores[0] >= 0.75f;
    if (alternatives >= 3) {
        for (int32_t a = d->nodes[best].parent; a != DOM_NONE && a != d->body;
             a = d->nodes[a].parent) {
            int holding = 0;
            for (int k = 1; k < n; k++)
                holding += scores[k] / scores[0] >= 0.75f && is_ancestor(d, a, top[k]);
            if (holding >= 3) {
                best = a;
                break;
            }
        }
    }
    if (!d->nodes[best].is_scored)
        init_node(p, best);
    float last = d->nodes[best].score, threshold = last / 3;
    for (int32_t a = d->nodes[best].parent; a != DOM_NONE && a != d->body; a = d->nodes[a].parent) {
        if (!d->nodes[a].is_scored)
            continue;
        if (d->nodes[a].score < threshold)
            break;
        if (d->nodes[a].score > last) {
            best = a;
            break;
        }
        last = d->nodes[a].score;
    }
    for (int32_t a = d->nodes[best].parent;
         a != DOM_NONE && a != d->body && d->nodes[a].first == d->nodes[a].last;
         a = d->nodes[a].parent)
        best = a;
    if (!d->nodes[best].is_scored)
        init_node(p, best);
    return best;
}

static bool same_class(const struct dom *d, int32_t a, int32_t b)
{
    const char *ca = dom_attr(d, a, "class"), *cb = dom_attr(d, b, "class");
    return ca && cb && *ca && strcmp(ca, cb) == 0;
}

static bool sibling_belongs(struct page_pass *p, int32_t top, int32_t sib)
{
    struct dom *d = &p->d;
    if (sib == top)
        return true;
    float threshold = fmaxf(10, d->nodes[top].score * 0.2f);
    float bonus = same_class(d, sib, top) ? d->nodes[top].score * 0.2f : 0;
    if (d->nodes[sib].is_scored && d->nodes[sib].score + bonus >= threshold)
        return true;
    if (d->nodes[sib].tag != GUMBO_TAG_P)
        return false;
    struct dom_stats s;
    dom_stats(d, sib, &s);
    double density = s.chars > 0 ? s.link_chars / s.chars : 0;
    if (s.chars > 80 && density < 0.25)
        return true;
    if (s.chars > 0 && s.chars < 80 && density == 0) {
        char *text = dom_inner_text(d, sib, 4096);
        bool sentence =
            text && (strstr(text, ". ") || (strlen(text) && text[strlen(text) - 1] == '.'));
        quire_free(text);
        return sentence;
    }
    return false;
}

/* Step 3b: a new container with the candidate and its siblings that belong. */
static int32_t gather(struct page_pass *p, int32_t top)
{
    struct dom *d = &p->d;
    int32_t article = dom_new(d, GUMBO_TAG_DIV);
    if (article == DOM_NONE)
        return DOM_NONE;
    int32_t parent = d->nodes[top].parent;
    if (top == DOM_NONE || parent == DOM_NONE) {
        for (int32_t k = d->nodes[d->body].first; k != DOM_NONE;) {
            int32_t next = d->nodes[k].next;
            dom_append(d, article, k);
            k = next;
        }
        return article;
    }
    for (int32_t k = d->nodes[parent].first; k != DOM_NONE;) {
        int32_t next = d->nodes[k].next;
        if (sibling_belongs(p, top, k))
            dom_append(d, article, k);
        k = next;
    }
    return article;
}

int32_t page_run_pass(struct page_pass *p)
{
    if (!prepare(p))
        return DOM_NONE;
    score_paragraphs(p);
    int32_t top = choose_top(p);
    p->top = top;
    int32_t article = gather(p, top != DOM_NONE ? top : p->d.body);
    if (article != DOM_NONE)
        page_clean_article(&p->d, article, p->flags);
    return article;
}

/* ui_screens: the screen classes of the reader, and what opening each one takes. */
#ifndef QUIRE_UI_SCREENS_H
#define QUIRE_UI_SCREENS_H

#include "ui_article.h"
#include "ui_screen.h"

extern const struct ui_screen_class ui_screen_article;

/* ui_screen_article's open argument. */
struct ui_article_arg {
    struct ui_source source;
};

#endif

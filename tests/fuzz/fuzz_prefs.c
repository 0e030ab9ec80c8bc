/* fuzz_prefs: a setting's value comes from the command line or from a library file anyone can
 * edit: for any bytes, ui_pref_parse accepts (and its canonical text parses back to the same
 * value) or refuses with one line, leaving the settings as they were; the catalogue's
 * conversion scanner and digit converter never read or write out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui_prefs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    const struct ui_pref *row = ui_pref_at(data[0] % ui_pref_count());

    struct ui_prefs p, before;
    ui_prefs_default(&p);
    before = p;
    struct quire_err err;
    if (ui_pref_parse(row, &p, text, &err) == QUIRE_OK) {
        char canon[QUIRE_PREF_TEXT_MAX];
        ui_pref_text(row, &p, canon, sizeof canon);
        struct ui_prefs again;
        ui_prefs_default(&again);
        if (ui_pref_parse(row, &again, canon, NULL) != QUIRE_OK || memcmp(&again, &p, sizeof p))
            abort(); /* the canonical text must mean the same value */
        char shown[256];
        for (int lang = 0; lang < UI_LANG_COUNT; lang++)
            ui_pref_display(row, &p, (enum ui_lang)lang, shown, sizeof shown);
    } else if (memcmp(&p, &before, sizeof p) || strchr(err.msg, '\n')) {
        abort(); /* refused: nothing changed, one line */
    }
    char conv[16], digits[64];
    ui_format_conversions(text, conv, sizeof conv);
    ui_digits(UI_LANG_FA, text, digits, sizeof digits);
    free(text);
    return 0;
}

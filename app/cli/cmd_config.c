/* cmd_config: `quire config list|get|set|reset`: the reader's settings (the registry of
 * app/ui/ui_prefs.c) as stored in the library. A bad key or value exits 2 with one line and
 * leaves the library as it was: values are checked before the library is opened. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store.h"
#include "ui_prefs.h"

extern const struct cli_command cli_cmd_config;

static int bad(const struct quire_err *err)
{
    fprintf(stderr, "quire config: %s\n", err->msg);
    return CLI_EXIT_USAGE;
}

static void print_json_value(const struct ui_pref *row, const char *text)
{
    if (row->type == UI_PREF_INT)
        fputs(text, stdout);
    else if (row->type == UI_PREF_BOOL)
        fputs(!strcmp(text, "on") ? "true" : "false", stdout);
    else
        cli_print_json_string(text);
}

static void print_row_json(const struct ui_pref *row, const struct ui_prefs *p, bool is_first)
{
    static const char *const types[] = {"int", "bool", "enum", "text"};
    char value[QUIRE_PREF_TEXT_MAX], def[QUIRE_PREF_TEXT_MAX];
    ui_pref_text(row, p, value, sizeof value);
    ui_pref_default_text(row, def, sizeof def);
    printf("%s\n  {\"key\": ", is_first ? "" : ",");
    cli_print_json_string(row->key);
    printf(", \"type\": \"%s\", \"value\": ", types[row->type]);
    print_json_value(row, value);
    fputs(", \"default\": ", stdout);
    print_json_value(row, def);
    if (row->type == UI_PREF_INT) {
        printf(", \"low\": %d, \"high\": %d, \"step\": %d, \"zero_allowed\": %s", row->low,
               row->high, row->step, row->zero || row->low == 0 ? "true" : "false");
    } else if (row->type == UI_PREF_ENUM) {
        fputs(", \"choices\": [", stdout);
        for (int i = 0; i < row->n_choices; i++) {
            fputs(i ? ", " : "", stdout);
            cli_print_json_string(row->choices[i].code);
        }
        fputs("]", stdout);
    } else if (row->type == UI_PREF_TEXT) {
        fputs(", \"accepts\": ", stdout);
        cli_print_json_string(row->accepts);
    }
    fputs("}", stdout);
}

static void print_row_text(const struct ui_pref *row, const struct ui_prefs *p)
{
    char value[QUIRE_PREF_TEXT_MAX], def[QUIRE_PREF_TEXT_MAX], bounds[160];
    ui_pref_text(row, p, value, sizeof value);
    ui_pref_default_text(row, def, sizeof def);
    ui_pref_bounds(row, bounds, sizeof bounds);
    printf("%-32s %-10s default %-8s %s\n", row->key, *value ? value : "\"\"", *def ? def : "\"\"",
           bounds);
}

static int config_list(store *st, bool is_json)
{
    struct ui_prefs p;
    ui_prefs_load(st, &p);
    if (is_json)
        fputs("[", stdout);
    for (size_t i = 0; i < ui_pref_count(); i++) {
        if (is_json)
            print_row_json(ui_pref_at(i), &p, i == 0);
        else
            print_row_text(ui_pref_at(i), &p);
    }
    if (is_json)
        fputs("\n]\n", stdout);
    return CLI_EXIT_OK;
}

static int config_run(const struct cli_global *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cli_cmd_config, "name an action: list, get, set or reset");
    const char *action = argv[1];
    bool is_list = !strcmp(action, "list");
    int want = is_list ? -1 : !strcmp(action, "set") ? 4 : 3;
    if (!is_list && strcmp(action, "get") && strcmp(action, "set") && strcmp(action, "reset"))
        return cli_usage_error(&cli_cmd_config, "unknown action '%s'", action);
    bool is_json = is_list && argc == 3 && !strcmp(argv[2], "--json");
    if (is_list ? argc > 2 && !is_json : argc != want)
        return cli_usage_error(&cli_cmd_config, "wrong arguments for '%s'", action);

    /* Everything is checked before the library is opened: a bad request changes nothing. */
    struct quire_err err;
    const struct ui_pref *row = NULL;
    struct ui_prefs p;
    if (!is_list) {
        ui_prefs_default(&p);
        row = ui_pref_find(argv[2]);
        if (!row) {
            ui_prefs_set(&p, argv[2], "", &err);
            return bad(&err);
        }
        if (want == 4 && ui_pref_parse(row, &p, argv[3], &err))
            return bad(&err);
    }
    store *st;
    if (cli_open_store(g, &st, &err) != QUIRE_OK)
        return cli_fail(&err);
    int rc = CLI_EXIT_OK;
    if (is_list) {
        rc = config_list(st, is_json);
    } else if (!strcmp(action, "get")) {
        char value[QUIRE_PREF_TEXT_MAX];
        ui_prefs_load(st, &p);
        ui_pref_text(row, &p, value, sizeof value);
        printf("%s\n", value);
    } else {
        /* set: the value parsed above; reset: the default */
        if (ui_pref_save(st, row, &p, &err) != QUIRE_OK)
            rc = cli_fail(&err);
    }
    store_close(st);
    return rc;
}

const struct cli_command cli_cmd_config = {
    .name = "config",
    .summary = "show and change the reader's settings",
    .usage = "config list [--json] | get KEY | set KEY VALUE | reset KEY",
    .run = config_run,
};

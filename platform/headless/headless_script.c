/* headless_script: parser for the headless input script. See headless_script.h. */
#include "headless_script.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "quire_util.h"

static const char *const dir_names[] = {"left", "right", "up", "down"};
/* Where a swipe starts and ends, 1/1000 of the screen: a third of it, through the middle. */
static const int swipe_path[][4] = {
    {667, 500, 333, 500}, /* left: content moves left */
    {333, 500, 667, 500},
    {500, 667, 500, 333},
    {500, 333, 500, 667},
};
static bool is_name(const char *s)
{
    if (!*s || strlen(s) >= 64)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return false;
    return true;
}

/* One parser per command: fills st[0..*n) from the rest of the line (*n is 1 on entry, at
 * most HEADLESS_STEPS_PER_LINE), returns a problem or NULL. */
enum { HEADLESS_STEPS_PER_LINE = 3 };
typedef const char *(*step_parser)(char *arg, struct headless_step *st, int *n);

/* A named key's press (type PLATFORM_EV_KEY) or release; a key that types text is text. */
static const char *key_step(char *arg, struct headless_step *st, enum platform_event_type type,
                            bool is_text_ok)
{
    const char *text = platform_key_text(arg);
    if (text) {
        st->ev.type = PLATFORM_EV_TEXT;
        strcpy(st->ev.text, text);
        return is_text_ok ? NULL : "keydown and keyup want a key that types no text";
    }
    st->ev.type = type;
    st->ev.key = platform_key_from_name(arg);
    return st->ev.key == PLATFORM_KEY_UNKNOWN ? "unknown key name" : NULL;
}

static const char *parse_key(char *arg, struct headless_step *st, int *n)
{
    const char *problem = key_step(arg, &st[0], PLATFORM_EV_KEY, true);
    if (problem || st[0].ev.type == PLATFORM_EV_TEXT)
        return problem;
    st[1] = st[0];
    st[1].ev.type = PLATFORM_EV_KEY_UP;
    *n = 2;
    return NULL;
}

static const char *parse_keydown(char *arg, struct headless_step *st, int *n)
{
    return key_step(arg, st, PLATFORM_EV_KEY, false);
}

static const char *parse_keyup(char *arg, struct headless_step *st, int *n)
{
    return key_step(arg, st, PLATFORM_EV_KEY_UP, false);
}

static void pointer_step(struct headless_step *st, enum platform_event_type type, int x, int y)
{
    st->type = HEADLESS_STEP_EVENT;
    st->ev.type = type;
    st->ev.x = x;
    st->ev.y = y;
}

static const char *parse_point(char *arg, int *x, int *y, const char *usage)
{
    char *sy = strchr(arg, ' ');
    if (!sy)
        return usage;
    *sy++ = '\0';
    bool ok = quire_parse_int(arg, 0, 100000, x) && quire_parse_int(sy, 0, 100000, y);
    return ok ? NULL : usage;
}

static const char *parse_tap(char *arg, struct headless_step *st, int *n)
{
    int x, y;
    const char *problem = parse_point(arg, &x, &y, "tap wants X Y");
    pointer_step(&st[0], PLATFORM_EV_POINTER_DOWN, x, y);
    pointer_step(&st[1], PLATFORM_EV_POINTER_UP, x, y);
    *n = 2;
    return problem;
}

static const char *parse_hold(char *arg, struct headless_step *st, int *n)
{
    int x, y;
    const char *problem = parse_point(arg, &x, &y, "hold wants X Y");
    pointer_step(&st[0], PLATFORM_EV_POINTER_DOWN, x, y);
    st[1].type = HEADLESS_STEP_WAIT;
    st[1].ms = QUIRE_HOLD_MS;
    pointer_step(&st[2], PLATFORM_EV_POINTER_UP, x, y);
    *n = 3;
    return problem;
}

static const char *parse_swipe(char *arg, struct headless_step *st, int *n)
{
    for (int d = 0; d < 4; d++)
        if (strcmp(arg, dir_names[d]) == 0) {
            const int *p = swipe_path[d];
            pointer_step(&st[0], PLATFORM_EV_POINTER_DOWN, p[0], p[1]);
            pointer_step(&st[1], PLATFORM_EV_POINTER_MOVE, (p[0] + p[2]) / 2, (p[1] + p[3]) / 2);
            pointer_step(&st[2], PLATFORM_EV_POINTER_UP, p[2], p[3]);
            for (int i = 0; i < 3; i++)
                st[i].is_relative = true;
            *n = 3;
            return NULL;
        }
    return "swipe wants left, right, up or down";
}

static const char *parse_text(char *arg, struct headless_step *st, int *n)
{
    st->ev.type = PLATFORM_EV_TEXT;
    if (strlen(arg) >= sizeof st->ev.text)
        return "text is too long";
    strcpy(st->ev.text, arg);
    return NULL;
}

static const char *parse_wait(char *arg, struct headless_step *st, int *n)
{
    st->type = HEADLESS_STEP_WAIT;
    return quire_parse_int(arg, 0, 3600000, &st->ms) ? NULL : "wait wants milliseconds";
}

static const char *parse_shot(char *arg, struct headless_step *st, int *n)
{
    st->type = HEADLESS_STEP_SHOT;
    if (!is_name(arg))
        return "shot wants a NAME of letters, digits, - and _";
    strcpy(st->name, arg);
    return NULL;
}

static const char *parse_quit(char *arg, struct headless_step *st, int *n)
{
    st->ev.type = PLATFORM_EV_QUIT;
    return *arg ? "quit takes no argument" : NULL;
}

static const char *parse_wake(char *arg, struct headless_step *st, int *n)
{
    st->type = HEADLESS_STEP_WAKE;
    return *arg ? "wake takes no argument" : NULL;
}

static const char *parse_sync(char *arg, struct headless_step *st, int *n)
{
    st->ev.type = PLATFORM_EV_SYNC;
    return strcmp(arg, "now") == 0 ? NULL : "sync wants 'now'";
}

static const char *parse_await(char *arg, struct headless_step *st, int *n)
{
    st->type = HEADLESS_STEP_AWAIT;
    return strcmp(arg, "sync") == 0 ? NULL : "await wants 'sync'";
}

static const char *parse_sleep(char *arg, struct headless_step *st, int *n)
{
    st->type = HEADLESS_STEP_SLEEP;
    return quire_parse_int(arg, 0, 600000, &st->ms) ? NULL : "sleep wants milliseconds";
}

static const char *parse_idle(char *arg, struct headless_step *st, int *n)
{
    st->type = HEADLESS_STEP_IDLE;
    return quire_parse_int(arg, 0, 3600000, &st->ms) ? NULL : "idle wants milliseconds";
}

static const char *parse_suspend(char *arg, struct headless_step *st, int *n)
{
    st->type = HEADLESS_STEP_SUSPEND;
    return quire_parse_int(arg, 0, 864000000, &st->ms) ? NULL : "suspend wants milliseconds";
}

static const struct {
    const char *name;
    step_parser parse;
} commands[] = {
    {"key", parse_key},         {"tap", parse_tap},     {"hold", parse_hold},
    {"swipe", parse_swipe},     {"text", parse_text},   {"wait", parse_wait},
    {"shot", parse_shot},       {"wake", parse_wake},   {"quit", parse_quit},
    {"sync", parse_sync},       {"await", parse_await}, {"sleep", parse_sleep},
    {"keydown", parse_keydown}, {"keyup", parse_keyup}, {"idle", parse_idle},
    {"suspend", parse_suspend},
};

static const char *parse_step(const char *cmd, char *arg, struct headless_step *st, int *n)
{
    st->type = HEADLESS_STEP_EVENT;
    *n = 1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].parse(arg, st, n);
    return "unknown command";
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static enum quire_status parse_line(const char *name, int lineno, char *line,
                                    struct headless_script *out, struct quire_err *err)
{
    line = trim(line);
    if (!*line || *line == '#')
        return QUIRE_OK;
    if (out->count + HEADLESS_STEPS_PER_LINE > HEADLESS_SCRIPT_MAX_STEPS)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s:%d: more than %d steps", name, lineno,
                             HEADLESS_SCRIPT_MAX_STEPS);
    char *arg = line + strcspn(line, " \t");
    if (*arg)
        *arg++ = '\0';
    arg = trim(arg);
    struct headless_step *st = &out->steps[out->count];
    memset(st, 0, HEADLESS_STEPS_PER_LINE * sizeof *st);
    int n = 1;
    const char *problem = parse_step(line, arg, st, &n);
    if (problem)
        return quire_err_set(err, QUIRE_EFORMAT, "%s:%d: %s: '%s'", name, lineno, problem, line);
    for (int i = 0; i < n; i++)
        st[i].line = lineno;
    out->count += (size_t)n;
    return QUIRE_OK;
}

enum quire_status headless_script_parse(const char *name, const char *text, size_t len,
                                        struct headless_script *out, struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    if (len > HEADLESS_SCRIPT_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: script is larger than %d bytes", name,
                             HEADLESS_SCRIPT_MAX_BYTES);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (lines > HEADLESS_SCRIPT_MAX_STEPS)
        lines = HEADLESS_SCRIPT_MAX_STEPS + 1;
    char *copy = quire_malloc(len + 1);
    out->steps = quire_calloc(lines * HEADLESS_STEPS_PER_LINE, sizeof *out->steps);
    enum quire_status st = QUIRE_OK;
    if (!copy || !out->steps) {
        st = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    if (strlen(copy) != len) {
        st = quire_err_set(err, QUIRE_EFORMAT, "%s: script contains a NUL byte", name);
        goto done;
    }
    int lineno = 0;
    for (char *save = NULL, *line = copy; line && !st; line = save) {
        save = strchr(line, '\n');
        if (save)
            *save++ = '\0';
        st = parse_line(name, ++lineno, line, out, err);
    }
done:
    quire_free(copy);
    if (st)
        headless_script_fini(out);
    return st;
}

void headless_script_fini(struct headless_script *s)
{
    quire_free(s->steps);
    memset(s, 0, sizeof *s);
}

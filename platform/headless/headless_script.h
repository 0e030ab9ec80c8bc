/* headless_script: the input script of the headless backend, one command a line:
 * key NAME | keydown NAME | keyup NAME | tap X Y | hold X Y | swipe left|right|up|down | text
 * WORDS | wait MS | shot NAME | wake | quit | sync now | await sync | sleep MS | idle MS | suspend
 * MS. Blank lines and lines starting with '#' are skipped. Gestures become the raw pointer events
 * a touch panel reports (tap: down, up; hold: down, QUIRE_HOLD_MS, up; swipe: down, move, up
 * across a third of the screen from its middle), so the UI's gesture rules are what is tested. The
 * `key` is a press and its release; keydown and keyup hold a key (a kiosk's exit combination).
 * `sync now` asks for a sync as the library menu's "Sync now" does; `await sync` holds the script
 * (in real time, up to HEADLESS_AWAIT_MAX_MS) until the app says its sync has ended and it has
 * taken the result in; `sleep MS` lets MS real milliseconds pass (a transfer in flight) without
 * moving the virtual clock; `idle MS` lets them pass as on a device: the virtual clock follows the
 * real one and the loop wakes at its own deadlines and at platform_wake (the idle benchmark);
 * `suspend MS` is the device suspended for MS: the wall clock moves on, the loop's monotonic clock
 * does not (as CLOCK_MONOTONIC on Linux), and nothing happens until the next step. The whole
 * script is parsed up front so a typo fails before anything runs, with "FILE:LINE: problem".
 */
#ifndef QUIRE_PLATFORM_HEADLESS_SCRIPT_H
#define QUIRE_PLATFORM_HEADLESS_SCRIPT_H

#include <stddef.h>

#include "platform.h"

#define HEADLESS_SCRIPT_MAX_BYTES (1024 * 1024)
#define HEADLESS_SCRIPT_MAX_STEPS 100000
#define HEADLESS_AWAIT_MAX_MS     120000 /* `await sync` gives up after this, ms of real time */

enum headless_step_type {
    HEADLESS_STEP_EVENT,   /* deliver ev */
    HEADLESS_STEP_WAIT,    /* advance the virtual clock by ms */
    HEADLESS_STEP_SHOT,    /* save the screen as name.png */
    HEADLESS_STEP_WAKE,    /* as if a worker called platform_wake */
    HEADLESS_STEP_AWAIT,   /* block until the app's busy probe says false */
    HEADLESS_STEP_SLEEP,   /* sleep ms of real time */
    HEADLESS_STEP_IDLE,    /* ms of real time pass as on a device: the virtual clock follows */
    HEADLESS_STEP_SUSPEND, /* the device sleeps ms: the wall clock moves, the loop's does not */
};

struct headless_step {
    enum headless_step_type type;
    struct platform_event ev; /* for a swipe, ev.x/ev.y are 1/1000 of the screen (is_relative) */
    bool is_relative;
    int ms;
    char name[64];
    int line;
};

struct headless_script {
    struct headless_step *steps;
    size_t count;
};

/* Parses text (len bytes) named `name` for messages. On failure the script is empty. */
enum quire_status headless_script_parse(const char *name, const char *text, size_t len,
                                        struct headless_script *out, struct quire_err *err);
void headless_script_fini(struct headless_script *s);

#endif

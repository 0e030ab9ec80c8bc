/* epaper_sim: panel simulators for the e-paper backend's tests. Each is the peer of an
 * epaper_transport: every transfer is appended to a recording (the D/C level, then the bytes)
 * and decoded as the controller would, into the picture the panel would show after each
 * refresh. Reads are answered as the controller answers (IT8951: device information, register
 * values). Time is virtual: sleep_ms only advances a counter, so a stuck panel costs nothing. */
#ifndef QUIRE_TEST_EPAPER_SIM_H
#define QUIRE_TEST_EPAPER_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "epaper_transport.h"

enum epaper_sim_kind { SIM_WAVESHARE, SIM_IT8951 };

struct epaper_sim_display { /* one refresh as the controller was told to do it */
    int x, y, w, h, mode;   /* mode: IT8951 waveform; Waveshare 0 full, 1 partial */
};

struct epaper_sim {
    enum epaper_sim_kind kind;
    int w, h;               /* the panel */
    int report_w, report_h; /* what the IT8951 says it is */
    uint8_t *panel;         /* what it shows: 0 black .. 255 white */
    bool is_stuck_busy;     /* BUSY/HRDY never ready */
    int64_t virtual_ms;
    char error[256]; /* the first protocol violation seen */
    struct epaper_sim_display displays[64];
    int n_displays;
    uint8_t *recording; /* every transfer: D/C, length (u32), bytes */
    size_t recording_len, recording_cap;
    /* decoder state */
    int pins[EPAPER_PIN_COUNT];
    int busy_reads;
    uint16_t cmd;
    uint8_t params[16];
    size_t n_params, data_pos;
    uint8_t *plane_old, *plane_new; /* Waveshare RAM, one byte a pixel (0/1) */
    uint8_t ddx;
    bool is_partial, is_asleep, is_powered;
    int win[4]; /* Waveshare partial window x0, x1, y0, y1 (inclusive) */
    uint16_t args[8];
    size_t n_args, want_args;
    uint16_t reads[32];
    size_t n_reads;
    uint16_t lisar_lo, lisar_hi, i80cpcr, vcom;
    uint8_t *image; /* IT8951 image buffer, gray4 a pixel */
    int area[4];    /* IT8951 load area x, y, w, h */
    bool is_loading;
};

/* A simulator for a panel of w x h (the IT8951 reports the same until report_w/h change). */
void epaper_sim_init(struct epaper_sim *s, enum epaper_sim_kind kind, int w, int h);
void epaper_sim_fini(struct epaper_sim *s);
/* A transport whose peer is s (its close() leaves s alone). */
struct epaper_transport epaper_sim_transport(struct epaper_sim *s);

#endif

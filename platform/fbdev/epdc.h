/* epdc: our own declaration of the i.MX EPDC (electrophoretic display controller) update
 * interface that Kobo and Kindle kernels expose on /dev/fb0. Written from the ABI's public
 * shape (field order and sizes, ioctl numbers), not copied from any kernel header: an update
 * names a region, a waveform mode, partial or full, and a marker that a later ioctl waits on.
 * Waveform numbers differ between panels; the table in fbdev_logic.c maps our update kinds. */
#ifndef QUIRE_PLATFORM_EPDC_H
#define QUIRE_PLATFORM_EPDC_H

#include <stdint.h>
#include <sys/ioctl.h>

struct epdc_rect {
    uint32_t top, left, width, height;
};

/* A region drawn from a buffer other than the framebuffer; unused by Quire (zeroed). */
struct epdc_alt_buffer {
    uint32_t phys_addr;
    uint32_t width, height;
    struct epdc_rect region;
};

struct epdc_update {
    struct epdc_rect region;
    uint32_t waveform;    /* EPDC_WAVEFORM_* of the panel */
    uint32_t update_mode; /* EPDC_MODE_PARTIAL or EPDC_MODE_FULL (flash) */
    uint32_t marker;      /* non-zero: can be waited on */
    int32_t temperature;  /* EPDC_TEMP_AMBIENT: let the driver read the sensor */
    uint32_t flags;
    struct epdc_alt_buffer alt;
};

struct epdc_marker {
    uint32_t marker;
    uint32_t collision; /* out: the update collided with another */
};

enum {
    EPDC_MODE_PARTIAL = 0,
    EPDC_MODE_FULL = 1,
    EPDC_TEMP_AMBIENT = 0x1000,
};

/* Waveform numbers of the common i.MX6 Kobo/Kindle panels. */
enum {
    EPDC_WAVEFORM_INIT = 0,
    EPDC_WAVEFORM_DU = 1,   /* black/white, fast, no flash */
    EPDC_WAVEFORM_GC16 = 2, /* 16 grays, flashes in full mode */
    EPDC_WAVEFORM_GC4 = 3,
    EPDC_WAVEFORM_A2 = 4,   /* black/white, fastest, ghosts */
    EPDC_WAVEFORM_GL16 = 5, /* 16 grays, for text on white, no flash */
};

#define EPDC_IOC_MAGIC         'F'
#define EPDC_IOC_SEND_UPDATE   _IOW(EPDC_IOC_MAGIC, 0x2E, struct epdc_update)
#define EPDC_IOC_WAIT_COMPLETE _IOWR(EPDC_IOC_MAGIC, 0x2F, struct epdc_marker)

#endif

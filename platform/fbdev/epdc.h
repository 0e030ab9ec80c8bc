/* epdc: our own declaration of the i.MX EPDC (electrophoretic display controller) update
 * interface that Kobo and Kindle kernels expose on /dev/fb0. Written from the ABI's public
 * shape (field order and sizes, ioctl numbers), not copied from any kernel header: an update
 * names a region, a waveform mode, partial or full, and a marker that a later ioctl waits on.
 * Two generations of the ABI exist (the structs' sizes are part of the ioctl numbers, so a
 * wrong layout is rejected by the kernel): see EPDC_ABI_*. struct epdc_update is our neutral
 * form; fbdev_epdc_send_encode (fbdev_logic.h) lays it out for a generation. Waveform numbers
 * differ between panels; the table in fbdev_logic.c maps our update kinds. */
#ifndef QUIRE_PLATFORM_EPDC_H
#define QUIRE_PLATFORM_EPDC_H

#include <stdint.h>
#include <sys/ioctl.h>

struct epdc_rect {
    uint32_t top, left, width, height;
};

/* Our neutral update; encoded per ABI generation before the ioctl. */
struct epdc_update {
    struct epdc_rect region;
    uint32_t waveform;    /* EPDC_WAVEFORM_* of the panel */
    uint32_t update_mode; /* EPDC_MODE_PARTIAL or EPDC_MODE_FULL (flash) */
    uint32_t marker;      /* non-zero: can be waited on */
    int32_t temperature;  /* EPDC_TEMP_AMBIENT: let the driver read the sensor */
    uint32_t flags;
};

enum epdc_abi {
    /* Kobo Mark 7 (Clara HD, Libra H2O, ...): 72-byte update with dither_mode and quant_bit;
     * the wait ioctl takes {marker, collision_test} and writes it back. */
    EPDC_ABI_KOBO_MARK7,
    /* Kobo Mark 3 to 6: 68-byte update whose alt buffer starts with a 32-bit virtual address,
     * no dither fields; the wait ioctl takes a bare 32-bit marker. */
    EPDC_ABI_KOBO_MARK6,
    /* Kindle (newer i.MX kernels): the same layouts and numbers as Kobo Mark 7. */
    EPDC_ABI_KINDLE,
};

/* ---- the kernel layouts (all fields 32-bit: no padding on any ABI) ---- */

/* Region drawn from a buffer other than the framebuffer; unused by Quire (zeroed). */
struct epdc_alt_buffer {
    uint32_t phys_addr;
    uint32_t width, height;
    struct epdc_rect region;
};

struct epdc_alt_buffer_mark6 {
    uint32_t virt_addr; /* a pointer on the 32-bit ARM kernels that use this layout */
    uint32_t phys_addr;
    uint32_t width, height;
    struct epdc_rect region;
};

struct epdc_update_mark7 { /* also Kindle */
    struct epdc_rect region;
    uint32_t waveform, update_mode, marker;
    int32_t temperature;
    uint32_t flags;
    int32_t dither_mode; /* 0: no dithering by the controller */
    int32_t quant_bit;
    struct epdc_alt_buffer alt;
};

struct epdc_update_mark6 {
    struct epdc_rect region;
    uint32_t waveform, update_mode, marker;
    int32_t temperature;
    uint32_t flags;
    struct epdc_alt_buffer_mark6 alt;
};

struct epdc_marker_data {
    uint32_t marker;
    uint32_t collision_test; /* out: the update collided with another */
};

_Static_assert(sizeof(struct epdc_update_mark7) == 72, "Mark 7/Kindle update is 72 bytes");
_Static_assert(sizeof(struct epdc_update_mark6) == 68, "Mark 3-6 update is 68 bytes");
_Static_assert(sizeof(struct epdc_marker_data) == 8, "marker data is 8 bytes");

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

#define EPDC_IOC_MAGIC             'F'
#define EPDC_IOC_SEND_UPDATE_MARK7 _IOW(EPDC_IOC_MAGIC, 0x2E, struct epdc_update_mark7)
#define EPDC_IOC_SEND_UPDATE_MARK6 _IOW(EPDC_IOC_MAGIC, 0x2E, struct epdc_update_mark6)
#define EPDC_IOC_WAIT_MARK7        _IOWR(EPDC_IOC_MAGIC, 0x2F, struct epdc_marker_data)
#define EPDC_IOC_WAIT_MARK6        _IOW(EPDC_IOC_MAGIC, 0x2F, uint32_t)

#endif

/* fbdev: Linux framebuffer backend for Kobo/Kindle-class devices. Maps /dev/fb0 (or a plain
 * file of the same layout, for tests), draws updates into it with rotation and pixel format
 * conversion, and tells the EPDC what to refresh (epdc.h) with a waveform per update kind and
 * an update marker. Device quirks live here and nowhere else: before drawing over a region an
 * update in flight still covers we wait for its marker, and a flashing full update is waited
 * for before anything else is drawn. Input is evdev (a device, or a file of recorded
 * struct input_event records, which ends the session at its end). A plain file stands in for
 * the framebuffer in tests: it takes the profile's geometry, 8-bit gray, and every EPDC ioctl
 * the device would get is appended to FILE.epdc instead ("EPDC", request, size, then the
 * argument's bytes; all 32-bit native order), so the layouts can be checked without a panel.
 * Logic that needs no device is in fbdev_logic.c. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fbdev_logic.h"
#include "quire_util.h"

struct fbdev {
    int fd, input_fd;
    int wake_fd;          /* eventfd: platform_wake from another thread */
    bool is_device;       /* a real framebuffer: send EPDC ioctls */
    FILE *journal;        /* a plain file's stand-in for the ioctls (FILE.epdc) */
    bool is_input_device; /* evdev device (poll) rather than a recorded file */
    uint8_t *mem;
    size_t mem_len;
    struct fbdev_geometry geo;
    struct fbdev_inflight inflight;
    uint32_t next_marker;
    enum epdc_abi abi;    /* ioctl layouts of the device profile's kernel */
    bool has_logged_wait; /* a failed wait was reported */
    struct fbdev_input input;
};

/* Sends one EPDC call: the ioctl on a device, a journal record on a plain file. */
static int epdc_call(struct fbdev *f, struct fbdev_epdc_call *call)
{
    if (f->is_device)
        return ioctl(f->fd, call->request, &call->arg);
    uint32_t head[2] = {(uint32_t)call->request, (uint32_t)call->size};
    if (fwrite("EPDC", 4, 1, f->journal) != 1 || fwrite(head, sizeof head, 1, f->journal) != 1 ||
        fwrite(&call->arg, call->size, 1, f->journal) != 1 || fflush(f->journal) != 0) {
        errno = EIO;
        return -1;
    }
    return 0;
}

static void wait_marker(struct fbdev *f, uint32_t marker)
{
    if (!marker)
        return;
    struct fbdev_epdc_call call;
    fbdev_epdc_wait_encode(f->abi, marker, &call);
    /* A timeout means the update is done (or the driver stopped waiting): no error. Anything
     * else (a wrong ABI, a driver fault) is logged once: the panel may then ghost or tear. */
    if (epdc_call(f, &call) < 0 && fbdev_wait_failure_should_log(errno, &f->has_logged_wait))
        fprintf(stderr, "quire: fbdev: waiting for update %u failed: %s (logged once)\n",
                (unsigned)marker, strerror(errno));
}

static enum quire_status fbdev_present(struct platform *p, const struct canvas *frame,
                                       struct render_rect r, enum render_update_kind kind,
                                       struct quire_err *err)
{
    struct fbdev *f = p->impl;
    struct render_rect fr = fbdev_rotate_rect(&f->geo, r);
    uint32_t wait[FBDEV_INFLIGHT_MAX], evicted;
    int n = fbdev_inflight_take_overlapping(&f->inflight, fr, wait);
    for (int i = 0; i < n; i++)
        wait_marker(f, wait[i]);
    fbdev_blit(&f->geo, frame, r, f->mem);
    if (++f->next_marker == 0)
        f->next_marker = 1; /* 0 means "no marker" */
    uint32_t marker = f->next_marker;
    struct epdc_update u = fbdev_update_make(&f->geo, kind, fr, marker);
    struct fbdev_epdc_call call;
    fbdev_epdc_send_encode(f->abi, &u, &call);
    if (epdc_call(f, &call) < 0)
        return quire_err_set(err, QUIRE_EIO, "fbdev: update ioctl failed: %s", strerror(errno));
    if (kind == RENDER_UPDATE_FULL || kind == RENDER_UPDATE_FLASH) {
        wait_marker(f, marker); /* nothing may draw during the flash */
        return QUIRE_OK;
    }
    fbdev_inflight_add(&f->inflight, marker, fr, &evicted);
    wait_marker(f, evicted);
    return QUIRE_OK;
}

static bool read_raw(struct fbdev *f, struct fbdev_raw_event *raw, bool *is_eof)
{
    struct input_event ie;
    ssize_t n = read(f->input_fd, &ie, sizeof ie);
    *is_eof = n == 0 || (n > 0 && n < (ssize_t)sizeof ie);
    if (n != (ssize_t)sizeof ie)
        return false;
    *raw = (struct fbdev_raw_event){ie.type, ie.code, ie.value};
    return true;
}

/* True (once) when platform_wake was called since the last look. */
static bool take_wake(struct fbdev *f)
{
    uint64_t n;
    return f->wake_fd >= 0 && read(f->wake_fd, &n, sizeof n) == (ssize_t)sizeof n;
}

/* eventfd writes are async-signal-safe and never block (a counter). */
static void fbdev_wake(struct platform *p)
{
    struct fbdev *f = p->impl;
    uint64_t one = 1;
    if (f->wake_fd >= 0 && write(f->wake_fd, &one, sizeof one) < 0)
        return; /* the counter is full: a wake is pending anyway */
}

static enum quire_status fbdev_wait_event(struct platform *p, int timeout_ms,
                                          struct platform_event *ev, struct quire_err *err)
{
    struct fbdev *f = p->impl;
    int64_t deadline = timeout_ms < 0 ? -1 : platform_monotonic_ms() + timeout_ms;
    for (;;) {
        if (f->input_fd < 0) {
            ev->type = PLATFORM_EV_QUIT;
            return QUIRE_OK;
        }
        if (take_wake(f)) {
            ev->type = PLATFORM_EV_WAKE;
            return QUIRE_OK;
        }
        if (f->is_input_device) {
            int left = deadline < 0 ? -1 : (int)(deadline - platform_monotonic_ms());
            struct pollfd pfd[2] = {{f->input_fd, POLLIN, 0}, {f->wake_fd, POLLIN, 0}};
            if (deadline >= 0 && left <= 0) {
                ev->type = PLATFORM_EV_NONE;
                return QUIRE_OK;
            }
            if (poll(pfd, 2, left) <= 0 || !(pfd[0].revents & POLLIN))
                continue; /* a timeout, a signal, or a wake (taken above) */
        }
        struct fbdev_raw_event raw;
        bool is_eof;
        if (!read_raw(f, &raw, &is_eof)) {
            if (is_eof || !f->is_input_device) {
                ev->type = PLATFORM_EV_QUIT; /* the recording is over */
                return QUIRE_OK;
            }
            if (errno != EINTR && errno != EAGAIN)
                return quire_err_set(err, QUIRE_EIO, "fbdev: input: %s", strerror(errno));
            continue;
        }
        if (fbdev_input_feed(&f->input, &raw, ev))
            return QUIRE_OK;
    }
}

static void fbdev_close(struct platform *p)
{
    struct fbdev *f = p->impl;
    if (!f)
        return;
    if (f->mem && f->mem != MAP_FAILED)
        munmap(f->mem, f->mem_len);
    if (f->fd >= 0)
        close(f->fd);
    if (f->input_fd >= 0)
        close(f->input_fd);
    if (f->wake_fd >= 0)
        close(f->wake_fd);
    if (f->journal)
        fclose(f->journal);
    quire_free(f);
    p->impl = NULL;
}

/* A plain file takes the profile's geometry, 8-bit gray, and journals the EPDC calls. */
static enum quire_status probe_file(struct fbdev *f, const char *path, const struct stat *sb,
                                    const struct platform_profile *pr, struct quire_err *err)
{
    f->geo = (struct fbdev_geometry){pr->w, pr->h, pr->w, 8, 0};
    f->mem_len = (size_t)pr->w * pr->h;
    if ((size_t)sb->st_size < f->mem_len && ftruncate(f->fd, (off_t)f->mem_len) < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
    char jpath[4096];
    snprintf(jpath, sizeof jpath, "%s.epdc", path);
    if (!(f->journal = fopen(jpath, "we")))
        return quire_err_set(err, QUIRE_EIO, "%s: %s", jpath, strerror(errno));
    return QUIRE_OK;
}

/* A real framebuffer tells its geometry, which must match the profile. */
static enum quire_status probe(struct fbdev *f, const char *path, const struct platform_profile *pr,
                               struct quire_err *err)
{
    struct stat sb;
    if (fstat(f->fd, &sb) < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
    f->is_device = S_ISCHR(sb.st_mode);
    if (!f->is_device)
        return probe_file(f, path, &sb, pr, err);
    struct fb_var_screeninfo var;
    struct fb_fix_screeninfo fix;
    if (ioctl(f->fd, FBIOGET_VSCREENINFO, &var) < 0 || ioctl(f->fd, FBIOGET_FSCREENINFO, &fix) < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: not a framebuffer", path);
    if (var.bits_per_pixel != 8 && var.bits_per_pixel != 16 && var.bits_per_pixel != 32)
        return quire_err_set(err, QUIRE_EUNSUPPORTED, "%s: %u bits per pixel", path,
                             var.bits_per_pixel);
    f->geo = (struct fbdev_geometry){(int)var.xres, (int)var.yres, (int)fix.line_length,
                                     (int)var.bits_per_pixel, (int)(var.rotate & 3)};
    f->mem_len = (size_t)fix.smem_len;
    return fbdev_check_panel(&f->geo, pr, path, err);
}

static enum quire_status open_input(struct fbdev *f, const char *path, struct quire_err *err)
{
    f->input_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->input_fd < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
    struct stat sb;
    f->is_input_device = fstat(f->input_fd, &sb) == 0 && S_ISCHR(sb.st_mode);
    return QUIRE_OK;
}

static enum quire_status fbdev_open(struct platform *p, const struct platform_options *opt,
                                    struct quire_err *err)
{
    const char *path = opt->fb_path ? opt->fb_path : "/dev/fb0";
    struct fbdev *f = quire_calloc(1, sizeof *f);
    if (!f)
        return quire_err_set(err, QUIRE_ENOMEM, "fbdev: out of memory");
    p->impl = f;
    f->input_fd = -1;
    f->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    f->fd = open(path, O_RDWR | O_CLOEXEC);
    enum quire_status st = QUIRE_OK;
    if (f->fd < 0)
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
    f->abi = fbdev_epdc_abi_for_profile(opt->profile->name);
    if (!st)
        st = probe(f, path, opt->profile, err);
    if (!st) {
        f->mem = mmap(NULL, f->mem_len, PROT_READ | PROT_WRITE, MAP_SHARED, f->fd, 0);
        if (f->mem == MAP_FAILED)
            st = quire_err_set(err, QUIRE_EIO, "%s: mmap: %s", path, strerror(errno));
    }
    if (!st)
        st = open_input(f, opt->input_path ? opt->input_path : "/dev/input/event0", err);
    if (st) {
        fbdev_close(p);
        return st;
    }
    fbdev_screen_size(&f->geo, &p->profile.w, &p->profile.h);
    fbdev_input_init(&f->input, p->profile.w, p->profile.h, NULL);
    p->present = fbdev_present;
    p->wait_event = fbdev_wait_event;
    p->wake = fbdev_wake;
    p->close = fbdev_close;
    return QUIRE_OK;
}

const struct platform_bootstrap platform_fbdev_bootstrap = {
    .name = "fbdev",
    .summary = "Linux framebuffer with i.MX EPDC updates and evdev input",
    .open = fbdev_open,
};

/* net_http_file: the resumable file GET (see net_http.h): the partial-file sink, which writes
 * each chunk straight to the kernel so that the file only ever holds a prefix of the server's
 * bytes, and the attempt that resumes with Range or restarts from zero. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net_http_internal.h"

/* The first body bytes of an attempt decide: a 206 continues the partial file, anything else
 * (200 from a server or a file:// read without Range) rewrites it from the start. */
static bool check_restart(struct xfer *x, CURL *h)
{
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    x->checked_status = true;
    /* file:// (code 0) honours the resume offset itself. */
    if (x->start == 0 || code == 206 || code == 0)
        return true;
    if (ftruncate(x->fd, 0) != 0 || lseek(x->fd, 0, SEEK_SET) != 0)
        return false;
    x->have = 0;
    return true;
}

struct file_ctx {
    struct xfer x;
    CURL *h;
};

static size_t on_body_file(char *data, size_t size, size_t n, void *ctx)
{
    struct file_ctx *fc = ctx;
    struct xfer *x = &fc->x;
    size_t len = size * n;
    if (!x->checked_status) {
        long code = 0;
        curl_easy_getinfo(fc->h, CURLINFO_RESPONSE_CODE, &code);
        x->is_error_body = code != 0 && code != 200 && code != 206;
        if (!x->is_error_body && !check_restart(x, fc->h)) {
            x->sink_error = QUIRE_EIO;
            return 0;
        }
        x->checked_status = true;
    }
    if (x->is_error_body) /* not the bundle (a 203, a 299): stop, the status tells why */
        return 0;
    if (!net_body_tick(x)) /* nothing of this chunk is written: the file stays a prefix */
        return 0;
    x->res->received += len;
    if (x->have + len > x->size) {
        x->sink_error = QUIRE_ETOOBIG;
        return 0;
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(x->fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            x->sink_error = errno == ENOSPC ? QUIRE_ENOSPC : QUIRE_EIO;
            return 0;
        }
        off += (size_t)w;
    }
    x->have += len;
    if (x->have == x->size) {
        /* All of it: stop here rather than wait for a server that declared more, or none, and
         * holds the connection open (the hash check judges the bytes). */
        x->is_done = true;
        return 0;
    }
    net_throttle(x, len);
    return len;
}

/* ---- file GET with resume ---- */

struct file_job {
    const struct net_opts *o;
    double deadline;
    const char *url;
    int fd;
    uint64_t size, have;
    struct net_http_result *res;
};

static enum quire_status file_attempt(void *ctx, struct quire_err *err, bool *retry)
{
    struct file_job *j = ctx;
    struct file_ctx fc = {.x = {.o = j->o,
                                .res = j->res,
                                .fd = j->fd,
                                .have = j->have,
                                .size = j->size,
                                .start = j->have,
                                .deadline = j->deadline}};
    if (j->have == j->size)
        return QUIRE_OK;
    fc.h = curl_easy_init();
    if (!fc.h)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: cannot create a transfer", j->url);
    net_set_common(fc.h, j->o, j->url, &fc.x);
    if (j->have > 0)
        curl_easy_setopt(fc.h, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)j->have);
    curl_easy_setopt(fc.h, CURLOPT_WRITEFUNCTION, on_body_file);
    curl_easy_setopt(fc.h, CURLOPT_WRITEDATA, &fc);
    CURLcode rc = curl_easy_perform(fc.h);
    curl_easy_getinfo(fc.h, CURLINFO_RESPONSE_CODE, &j->res->status);
    fc.x.is_connected = net_was_connected(fc.h);
    curl_easy_cleanup(fc.h);
    j->have = fc.x.have;
    if (rc == CURLE_RANGE_ERROR || j->res->status == 416) {
        /* The server will not continue from here: start over on the next attempt. */
        if (ftruncate(j->fd, 0) == 0 && lseek(j->fd, 0, SEEK_SET) == 0)
            j->have = 0;
        *retry = true;
        return quire_err_set(err, QUIRE_ENET, "%s: server refused to resume", j->url);
    }
    enum quire_status st = net_classify(rc, j->res->status, &fc.x, j->url, retry, err);
    if (st == QUIRE_OK && j->have != j->size) {
        *retry = true;
        st = quire_err_set(err, QUIRE_ENET, "%s: transfer ended at %llu of %llu bytes", j->url,
                           (unsigned long long)j->have, (unsigned long long)j->size);
    }
    return st;
}

enum quire_status net_http_get_file(const struct net_opts *o, const char *url,
                                    const char *part_path, uint64_t size,
                                    struct net_http_result *res, struct quire_err *err)
{
    memset(res, 0, sizeof *res);
    int fd = open(part_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
    struct stat sb;
    struct file_job j = {
        .o = o, .deadline = net_deadline_of(o), .url = url, .fd = fd, .size = size, .res = res};
    enum quire_status st = QUIRE_OK;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) { /* two syncs must not append to one file */
        st = quire_err_set(err, QUIRE_EEXIST, "%s: another sync is downloading this bundle",
                           part_path);
        goto out;
    }
    if (fstat(fd, &sb) != 0) {
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
        goto out;
    }
    j.have = (uint64_t)sb.st_size;
    if (j.have > size && ftruncate(fd, 0) == 0) /* not a prefix of this file: start over */
        j.have = 0;
    if (lseek(fd, (off_t)j.have, SEEK_SET) < 0) {
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
        goto out;
    }
    res->resumed_from = j.have;
    st = net_with_retries(o, res, file_attempt, &j, err);
    if (st == QUIRE_ETOOBIG && ftruncate(fd, 0) != 0)
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
    if (st == QUIRE_OK && fsync(fd) != 0)
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
out:
    close(fd);
    return st;
}

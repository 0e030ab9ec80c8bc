/* sync_serve: `quire serve`, a relay over HTTP with libmicrohttpd (see sync_repo.h).
 * A small pool of polling threads answers requests; each request opens its own store handle,
 * which never crosses threads. A hostile LAN client is bounded: connections per address, a
 * deadline to send a whole request (the guard thread), an idle timeout, header memory. Routes:
 * GET|HEAD /index.json (the unsigned relay index, with an ETag and If-None-Match -> 304) and
 * GET|HEAD /<file> (an archived bundle, Range: bytes=N-[M] -> 206) — exactly what a static mirror
 * offers, so a reader syncs from a relay like from any mirror. Anything else is 404 or 405. */
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "config.h"
#include "quire_util.h"
#include "store.h"
#include "sync.h"
#include "sync_repo.h"

/* A connection still sending its request: the guard cuts it off past the deadline. */
struct guarded {
    int fd;
    double since;  /* monotonic seconds: accepted, or its last request answered */
    bool answered; /* the current request was read whole */
};

struct sync_server {
    struct MHD_Daemon *d;
    char db_path[1024];
    unsigned port;
    FILE *log;
    unsigned request_timeout_s;
    pthread_mutex_t mu; /* guards conns: MHD's pool threads and the guard thread */
    struct guarded conns[QUIRE_SERVE_MAX_CONNECTIONS];
    size_t n_conns;
    pthread_t guard;
    atomic_bool stopping;
};

/* The request line and headers come from anyone on the network: escaped, never raw. */
static void log_line(struct sync_server *srv, const char *method, const char *url, unsigned code,
                     const char *range)
{
    if (!srv->log)
        return;
    char m[64], u[1024], r[256];
    quire_escape_line(method, m, sizeof m);
    quire_escape_line(url, u, sizeof u);
    quire_escape_line(range, r, sizeof r);
    fprintf(srv->log, "serve: %s %s %u%s%s\n", m, u, code, range ? " range=" : "", r);
    fflush(srv->log);
}

/* ---- the guard: a bounded time to send a request ---- */

static int conn_fd(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    return ci ? ci->connect_fd : -1;
}

/* Sets the state of fd's entry (adds it when new); `gone` removes it. */
static void guard_mark(struct sync_server *srv, int fd, bool answered, bool gone)
{
    pthread_mutex_lock(&srv->mu);
    size_t i = 0;
    while (i < srv->n_conns && srv->conns[i].fd != fd)
        i++;
    if (gone) {
        if (i < srv->n_conns)
            srv->conns[i] = srv->conns[--srv->n_conns];
    } else if (i < srv->n_conns || srv->n_conns < QUIRE_SERVE_MAX_CONNECTIONS) {
        if (i == srv->n_conns)
            srv->n_conns++;
        srv->conns[i] = (struct guarded){.fd = fd, .since = quire_mono_s(), .answered = answered};
    }
    pthread_mutex_unlock(&srv->mu);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    int fd = conn_fd(c);
    if (fd >= 0)
        guard_mark(cls, fd, false, toe == MHD_CONNECTION_NOTIFY_CLOSED);
}

/* A kept-alive connection's next request gets its own deadline. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    int fd = conn_fd(c);
    if (fd >= 0)
        guard_mark(cls, fd, false, false);
}

/* Shuts down (never closes: MHD owns the descriptor) every connection that has not sent a
 * whole request in time; MHD sees the end of the stream and closes it. The entry stays under
 * the mutex until MHD reports the close, so a descriptor is never touched after reuse. */
static void *guard_main(void *arg)
{
    struct sync_server *srv = arg;
    while (!atomic_load(&srv->stopping)) {
        double now = quire_mono_s();
        pthread_mutex_lock(&srv->mu);
        for (size_t i = 0; i < srv->n_conns; i++)
            if (!srv->conns[i].answered &&
                now - srv->conns[i].since > (double)srv->request_timeout_s)
                shutdown(srv->conns[i].fd, SHUT_RDWR);
        pthread_mutex_unlock(&srv->mu);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 200000000L};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned code, const char *text)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    enum MHD_Result ok = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ok;
}

/* Loads the relay index of the whole library (and the archived path of every entry). */
static enum quire_status load_relay(struct sync_server *srv, struct sync_index **idx, char ***paths)
{
    store *s = NULL;
    enum quire_status st = store_open(srv->db_path, &s, NULL);
    if (!st)
        st = sync_relay_index(s, srv->db_path, NULL, 0, idx, paths, NULL);
    store_close(s);
    return st;
}

static unsigned serve_index(struct sync_server *srv, struct MHD_Connection *c,
                            const struct sync_index *idx)
{
    char *json = NULL, etag[72], hex[65];
    size_t len = 0;
    if (sync_index_write(idx, &json, &len, NULL))
        return reply_text(c, 500, "cannot build the index\n") == MHD_YES ? 500 : 0;
    quire_sha256_hex(json, len, hex);
    snprintf(etag, sizeof etag, "\"%.32s\"", hex);
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    bool same = inm && strcmp(inm, etag) == 0;
    struct MHD_Response *r =
        same ? MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT)
             : MHD_create_response_from_buffer(len, json, MHD_RESPMEM_MUST_COPY);
    quire_free(json);
    if (!r)
        return 0;
    MHD_add_response_header(r, "ETag", etag);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    unsigned code = same ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
    MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return code;
}

bool sync_serve_parse_range(const char *h, uint64_t size, uint64_t *from, uint64_t *to)
{
    char *end;
    if (!h || strncmp(h, "bytes=", 6) != 0 || h[6] < '0' || h[6] > '9')
        return false;
    unsigned long long a = strtoull(h + 6, &end, 10);
    if (*end != '-')
        return false;
    unsigned long long b = size ? size - 1 : 0;
    if (end[1] != '\0') {
        char *end2;
        b = strtoull(end + 1, &end2, 10);
        if (*end2 != '\0' || b < a)
            return false;
        if (b >= size)
            b = size - 1;
    }
    *from = a;
    *to = b;
    return true;
}

static unsigned serve_file(struct MHD_Connection *c, const struct sync_index_entry *e,
                           const char *path, const char *range)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        if (fd >= 0)
            close(fd);
        return reply_text(c, 404, "gone\n") == MHD_YES ? 404 : 0;
    }
    uint64_t size = (uint64_t)sb.st_size, from = 0, to = size ? size - 1 : 0;
    bool partial = range && sync_serve_parse_range(range, size, &from, &to);
    if (partial && from >= size) {
        close(fd);
        char cr[64];
        snprintf(cr, sizeof cr, "bytes */%llu", (unsigned long long)size);
        struct MHD_Response *r =
            MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Content-Range", cr);
        MHD_queue_response(c, MHD_HTTP_RANGE_NOT_SATISFIABLE, r);
        MHD_destroy_response(r);
        return MHD_HTTP_RANGE_NOT_SATISFIABLE;
    }
    uint64_t n = partial ? to - from + 1 : size;
    struct MHD_Response *r = MHD_create_response_from_fd_at_offset64(n, fd, from);
    if (!r) {
        close(fd);
        return 0;
    }
    char etag[72], cr[96];
    snprintf(etag, sizeof etag, "\"%s\"", e->sha256);
    MHD_add_response_header(r, "ETag", etag);
    MHD_add_response_header(r, "Accept-Ranges", "bytes");
    MHD_add_response_header(r, "Content-Type", "application/epub+zip");
    if (partial) {
        snprintf(cr, sizeof cr, "bytes %llu-%llu/%llu", (unsigned long long)from,
                 (unsigned long long)to, (unsigned long long)size);
        MHD_add_response_header(r, "Content-Range", cr);
    }
    unsigned code = partial ? MHD_HTTP_PARTIAL_CONTENT : MHD_HTTP_OK;
    MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return code;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_size, void **con_cls)
{
    struct sync_server *srv = cls;
    int fd = conn_fd(c);
    if (fd >= 0) /* the headers are in: the guard's deadline is met */
        guard_mark(srv, fd, true, false);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        log_line(srv, method, url, 405, NULL);
        return reply_text(c, 405, "only GET and HEAD\n");
    }
    const char *name = url[0] == '/' ? url + 1 : url;
    if (!name[0])
        name = SYNC_INDEX_FILE;
    const char *range = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE);
    struct sync_index *idx = NULL;
    char **paths = NULL;
    unsigned code = 404;
    if (!sync_index_name_ok(name)) {
        reply_text(c, 404, "not found\n");
    } else if (load_relay(srv, &idx, &paths) != QUIRE_OK) {
        code = 500;
        reply_text(c, 500, "cannot read the library\n");
    } else if (strcmp(name, SYNC_INDEX_FILE) == 0) {
        code = serve_index(srv, c, idx);
    } else {
        size_t i = 0;
        while (i < idx->n_bundles && strcmp(idx->bundles[i].file, name) != 0)
            i++;
        code = i < idx->n_bundles ? serve_file(c, &idx->bundles[i], paths[i], range)
                                  : (reply_text(c, 404, "not found\n"), 404u);
    }
    if (idx)
        sync_relay_paths_free(paths, idx->n_bundles);
    sync_index_free(idx);
    log_line(srv, method, url, code, range);
    return code ? MHD_YES : MHD_NO;
}

enum quire_status sync_server_start(const char *db_path, const struct sync_serve_opts *o,
                                    sync_server **out, struct quire_err *err)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)o->port)};
    *out = NULL;
    if (o->port > 65535 || inet_pton(AF_INET, o->bind_addr, &sa.sin_addr) != 1)
        return quire_err_set(err, QUIRE_EINVAL,
                             "serve: '%s' port %u is not an IPv4 address "
                             "and port",
                             o->bind_addr, o->port);
    struct sync_server *srv = quire_calloc(1, sizeof *srv);
    if (!srv)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    snprintf(srv->db_path, sizeof srv->db_path, "%s", db_path);
    store *s = NULL; /* a bundle a crash left out of the archive is served too */
    if (store_open(db_path, &s, NULL) == QUIRE_OK)
        sync_archive_recover(s, NULL, NULL, NULL);
    store_close(s);
    srv->log = o->log;
    srv->request_timeout_s =
        o->request_timeout_s ? o->request_timeout_s : QUIRE_SERVE_REQUEST_TIMEOUT_S;
    pthread_mutex_init(&srv->mu, NULL);
    if (pthread_create(&srv->guard, NULL, guard_main, srv) != 0) {
        pthread_mutex_destroy(&srv->mu);
        quire_free(srv);
        return quire_err_set(err, QUIRE_ENOMEM, "serve: cannot start a thread");
    }
    /* A pool of threads polls every connection, so idle and slow clients wait in epoll
     * without holding anyone up; each client address gets a few connections, each request
     * a bounded time and header memory. */
    srv->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)o->port, NULL, NULL, on_request,
        srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)QUIRE_SERVE_THREADS, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)QUIRE_SERVE_MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)QUIRE_SERVE_PER_CLIENT, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)QUIRE_SERVE_IDLE_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)QUIRE_SERVE_REQUEST_MEMORY, MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (!srv->d) {
        sync_server_stop(srv);
        return quire_err_set(err, QUIRE_ENET, "serve: cannot listen on %s:%u (in use?)",
                             o->bind_addr, o->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : o->port;
    *out = srv;
    return QUIRE_OK;
}

unsigned sync_server_port(const sync_server *srv)
{
    return srv->port;
}

void sync_server_stop(sync_server *srv)
{
    if (!srv)
        return;
    if (srv->d)
        MHD_stop_daemon(srv->d);
    atomic_store(&srv->stopping, true);
    pthread_join(srv->guard, NULL);
    pthread_mutex_destroy(&srv->mu);
    quire_free(srv);
}

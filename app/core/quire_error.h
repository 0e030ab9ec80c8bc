/* quire_error: the one error type of Quire.
 * Every fallible function returns an enum quire_status (0 = success) and, when given a
 * struct quire_err, fills it with the code and a one-line message for the user that names the
 * file and the problem. Callers may pass NULL when they only want the code. */
#ifndef QUIRE_CORE_ERROR_H
#define QUIRE_CORE_ERROR_H

#include <stddef.h>

enum quire_status {
    QUIRE_OK = 0,
    QUIRE_ENOMEM,     /* out of memory */
    QUIRE_EIO,        /* read/write failed */
    QUIRE_ENOSPC,     /* disk full or file size limit */
    QUIRE_EINVAL,     /* bad argument or usage */
    QUIRE_ENOTFOUND,  /* no such file, key, article */
    QUIRE_EEXIST,     /* already there */
    QUIRE_EFORMAT,    /* malformed input: not a zip, broken JSON, broken XHTML */
    QUIRE_ETOOBIG,    /* input passes a hard size cap */
    QUIRE_EUTF8,      /* invalid UTF-8 */
    QUIRE_EUNSAFE,    /* unsafe path in an archive */
    QUIRE_ESIGNATURE, /* signature missing or wrong */
    QUIRE_EUNTRUSTED, /* signed by a key that is not trusted */
    QUIRE_EHASH,      /* file does not match its recorded hash or size */
    QUIRE_EDUPLICATE, /* duplicate id inside one input */
    QUIRE_ESTALE,     /* older than what we already have */
    QUIRE_EDB,        /* SQLite error */
    QUIRE_ENET,       /* network error */
    QUIRE_ETIMEDOUT,  /* network stall or connect timeout */
    QUIRE_ECANCELED,  /* cancelled by the caller */
    QUIRE_EUNSUPPORTED,
    QUIRE_EBUSY, /* held by another program: the library's write lock, the sync lock */
    QUIRE_STATUS_COUNT
};

#define QUIRE_ERR_MSG_MAX 512

struct quire_err {
    enum quire_status code;
    char msg[QUIRE_ERR_MSG_MAX];
};

/* Short fixed description of a status code ("signature does not verify"). Never NULL. */
const char *quire_strerror(enum quire_status code);

/* Records code and a printf-style message in err (if not NULL); returns code so that
 * `return quire_err_set(err, QUIRE_EFORMAT, "%s: not a zip file", path);` reads naturally.
 * An empty format uses quire_strerror(code). */
enum quire_status quire_err_set(struct quire_err *err, enum quire_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepends "prefix: " to an existing message (to add the file name at an outer level). */
void quire_err_prefix(struct quire_err *err, const char *prefix);

void quire_err_clear(struct quire_err *err);

#endif

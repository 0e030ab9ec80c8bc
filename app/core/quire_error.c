/* quire_error: status codes, their descriptions and the message-carrying struct quire_err. */
#include "quire_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_text[QUIRE_STATUS_COUNT] = {
    [QUIRE_OK] = "success",
    [QUIRE_ENOMEM] = "out of memory",
    [QUIRE_EIO] = "input/output error",
    [QUIRE_ENOSPC] = "no space left (disk full or file size limit)",
    [QUIRE_EINVAL] = "invalid argument",
    [QUIRE_ENOTFOUND] = "not found",
    [QUIRE_EEXIST] = "already exists",
    [QUIRE_EFORMAT] = "malformed input",
    [QUIRE_ETOOBIG] = "too large",
    [QUIRE_EUTF8] = "invalid UTF-8",
    [QUIRE_EUNSAFE] = "unsafe path",
    [QUIRE_ESIGNATURE] = "signature missing or invalid",
    [QUIRE_EUNTRUSTED] = "signed by an untrusted key",
    [QUIRE_EHASH] = "hash or size mismatch",
    [QUIRE_EDUPLICATE] = "duplicate identifier",
    [QUIRE_ESTALE] = "older than the copy already held",
    [QUIRE_EDB] = "database error",
    [QUIRE_ENET] = "network error",
    [QUIRE_ETIMEDOUT] = "timed out",
    [QUIRE_ECANCELED] = "cancelled",
    [QUIRE_EUNSUPPORTED] = "not supported",
    [QUIRE_EBUSY] = "busy: held by another program",
};

const char *quire_strerror(enum quire_status code)
{
    if ((unsigned)code >= QUIRE_STATUS_COUNT || !status_text[code])
        return "unknown error";
    return status_text[code];
}

enum quire_status quire_err_set(struct quire_err *err, enum quire_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    if (!fmt || !*fmt) {
        snprintf(err->msg, sizeof err->msg, "%s", quire_strerror(code));
        return code;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void quire_err_prefix(struct quire_err *err, const char *prefix)
{
    if (!err || !prefix)
        return;
    char tmp[QUIRE_ERR_MSG_MAX];
    snprintf(tmp, sizeof tmp, "%s: %s", prefix, err->msg);
    memcpy(err->msg, tmp, sizeof tmp);
}

void quire_err_clear(struct quire_err *err)
{
    if (!err)
        return;
    err->code = QUIRE_OK;
    err->msg[0] = '\0';
}

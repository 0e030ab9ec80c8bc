/* sync_lock: one sync at a time per library (see sync.h). flock, not fcntl locks: an fcntl
 * lock is per process, so two syncs inside one reader would share it; a flock belongs to the
 * open file, and the kernel drops it when the holder exits or crashes. The lock file stays
 * beside the library (it is empty; deleting it under a holder would let a second one in). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "quire_util.h"
#include "sync.h"

#define SYNC_LOCK_FILE "sync.lock"

struct sync_lock {
    int fd;
};

enum quire_status sync_lock_acquire(const char *db_path, sync_lock **out, struct quire_err *err)
{
    char path[4096];
    *out = NULL;
    if (sync_library_dir(db_path, SYNC_LOCK_FILE, path, sizeof path))
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", db_path);
    char dir[4096];
    if (sync_library_dir(db_path, ".", dir, sizeof dir) == QUIRE_OK) {
        enum quire_status st = quire_mkdir_p(dir, err);
        if (st)
            return st;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK)
            return quire_err_set(err, QUIRE_EBUSY,
                                 "another sync of %s is running (it holds %s); this one did not "
                                 "start",
                                 db_path, path);
        return quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(e));
    }
    sync_lock *l = quire_calloc(1, sizeof *l);
    if (!l) {
        close(fd);
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    l->fd = fd;
    *out = l;
    return QUIRE_OK;
}

void sync_lock_release(sync_lock *l)
{
    if (!l)
        return;
    close(l->fd); /* closing the last descriptor of the open file drops the flock */
    quire_free(l);
}

/* store_provenance: where articles come from: the publisher keys the reader trusts and the
 * bundles imported (one row per file, by SHA-256, so the same bytes are never imported
 * twice). See store.h. */
#include "store.h"

#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "store_internal.h"

/* ---- keys ---- */

enum quire_status store_key_add(store *s, const struct store_key *key, struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_KEY_ADD);
    if (!st)
        return store_fail(s, err, "adding a key");
    store_bind_text(st, 1, key->keyid);
    sqlite3_bind_blob(st, 2, key->pk, 32, SQLITE_STATIC);
    store_bind_text(st, 3, key->name);
    sqlite3_bind_int64(st, 4, key->added ? key->added : quire_now());
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT)
        return quire_err_set(err, QUIRE_EEXIST, "key %s is already trusted", key->keyid);
    if (rc != SQLITE_DONE)
        return store_fail(s, err, "adding a key");
    return QUIRE_OK;
}

static void read_key(sqlite3_stmt *st, struct store_key *k)
{
    memset(k, 0, sizeof *k);
    store_copy_text(k->keyid, sizeof k->keyid, sqlite3_column_text(st, 0));
    if (sqlite3_column_bytes(st, 1) == 32)
        memcpy(k->pk, sqlite3_column_blob(st, 1), 32);
    store_copy_text(k->name, sizeof k->name, sqlite3_column_text(st, 2));
    k->added = sqlite3_column_int64(st, 3);
}

enum quire_status store_key_find(store *s, const char *keyid, struct store_key *out,
                                 struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_KEY_FIND);
    if (!st)
        return store_fail(s, err, "looking up a key");
    store_bind_text(st, 1, keyid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_key(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return QUIRE_OK;
    if (rc == SQLITE_DONE)
        return quire_err_set(err, QUIRE_ENOTFOUND, "key %s is not trusted", keyid);
    return store_fail(s, err, "looking up a key");
}

enum quire_status store_key_remove(store *s, const char *keyid, struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_KEY_REMOVE);
    if (!st)
        return store_fail(s, err, "removing a key");
    store_bind_text(st, 1, keyid);
    if (sqlite3_step(st) != SQLITE_DONE) {
        sqlite3_reset(st);
        return store_fail(s, err, "removing a key");
    }
    sqlite3_reset(st);
    if (sqlite3_changes(store_db(s)) == 0)
        return quire_err_set(err, QUIRE_ENOTFOUND, "key %s is not trusted", keyid);
    return QUIRE_OK;
}

enum quire_status store_key_list(store *s, store_key_cb cb, void *ctx, struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_KEY_LIST);
    if (!st)
        return store_fail(s, err, "listing keys");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_key k;
        read_key(st, &k);
        cb(ctx, &k);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? QUIRE_OK : store_fail(s, err, "listing keys");
}

/* ---- bundles ---- */

enum quire_status store_bundle_has(store *s, const char *sha256, bool *has, struct quire_err *err)
{
    *has = false;
    sqlite3_stmt *st = store_stmt(s, ST_BUNDLE_HAS);
    if (!st)
        return store_fail(s, err, "looking up a bundle");
    store_bind_text(st, 1, sha256);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "looking up a bundle");
    *has = rc == SQLITE_ROW;
    return QUIRE_OK;
}

enum quire_status store_bundle_put(store *s, struct store_bundle *b, struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_BUNDLE_PUT);
    if (!st)
        return store_fail(s, err, "recording a bundle");
    store_bind_text(st, 1, b->sha256);
    store_bind_text(st, 2, b->uuid);
    store_bind_text(st, 3, b->publisher);
    store_bind_text(st, 4, b->keyid);
    sqlite3_bind_int64(st, 5, b->sequence);
    sqlite3_bind_int64(st, 6, b->created);
    sqlite3_bind_int64(st, 7, b->size);
    store_bind_text(st, 8, b->source_path);
    sqlite3_bind_int(st, 9, b->verified);
    sqlite3_bind_int64(st, 10, quire_now());
    enum quire_status rc = store_step_done(s, st, err, "recording a bundle");
    if (!rc)
        b->id = sqlite3_last_insert_rowid(store_db(s));
    return rc;
}

/* fuzz_import: the whole import path on arbitrary bytes, into a real library file: container
 * checks, OPF synthesis for plain EPUBs (--allow-unsigned, the only way mutated bytes get past
 * a signature), the worker thread's UTF-8 and XHTML checks and text extraction, media, and the
 * store's transaction. Invariant: a failed import leaves the article count as it was.
 * Mode by the first byte: even, the rest is the bundle file; odd, the rest is the article
 * document inside a well-formed EPUB built here, so mutations reach the XHTML path instead of
 * breaking the zip's checksums. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "bundle_import.h"
#include "quire_util.h"
#include "store.h"

static char bundle_path[96], db_path[96];
static store *lib;
static long runs;

/* A fresh library every few thousand inputs keeps the file small and the runs fast. */
static void open_library(void)
{
    store_close(lib);
    lib = NULL;
    char wal[128], shm[128];
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    snprintf(shm, sizeof shm, "%s-shm", db_path);
    unlink(db_path);
    unlink(wal);
    unlink(shm);
    if (store_open(db_path, &lib, NULL) != QUIRE_OK)
        abort();
}

static void init(void)
{
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(bundle_path, sizeof bundle_path, "%s/fuzz_import_%ld.epub", dir, (long)getpid());
    snprintf(db_path, sizeof db_path, "%s/fuzz_import_%ld.db", dir, (long)getpid());
    open_library();
}

static bool add_entry(zip_t *z, const char *name, const void *data, size_t len)
{
    zip_source_t *src = zip_source_buffer(z, data, len, 0);
    if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(src);
        return false;
    }
    return true;
}

/* An EPUB with one spine item whose bytes are the fuzz input, and one image it may refer to. */
static void write_epub_around(const uint8_t *doc, size_t len)
{
    static const char container[] =
        "<?xml version=\"1.0\"?><container version=\"1.0\" "
        "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile "
        "full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
        "</rootfiles></container>";
    static const char opf[] =
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" "
        "version=\"3.0\" unique-identifier=\"id\"><metadata "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:identifier id=\"id\">urn:fuzz"
        "</dc:identifier><dc:title>F</dc:title><dc:language>en</dc:language></metadata>"
        "<manifest><item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>"
        "<item id=\"i\" href=\"i.png\" media-type=\"image/png\"/></manifest><spine>"
        "<itemref idref=\"a\"/></spine></package>";
    static const char png[] = "\x89PNG\r\n\x1a\n not really";
    int zerr;
    zip_t *z = zip_open(bundle_path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z || !add_entry(z, "mimetype", "application/epub+zip", 20) ||
        !add_entry(z, "META-INF/container.xml", container, sizeof container - 1) ||
        !add_entry(z, "OEBPS/content.opf", opf, sizeof opf - 1) ||
        !add_entry(z, "OEBPS/a.xhtml", doc, len) ||
        !add_entry(z, "OEBPS/i.png", png, sizeof png - 1) || zip_close(z) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lib)
        init();
    if (++runs % 5000 == 0)
        open_library();
    if (size > 0 && (data[0] & 1)) {
        write_epub_around(data + 1, size - 1);
    } else {
        FILE *f = fopen(bundle_path, "wb");
        if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
            abort();
    }
    int64_t before, after;
    if (store_article_count(lib, &before, NULL) != QUIRE_OK)
        abort();
    struct bundle_import_opts opts = {.allow_unsigned = true};
    struct bundle_import_result res;
    struct quire_err err;
    enum quire_status rc = bundle_import_file(lib, bundle_path, &opts, &res, &err);
    if (store_article_count(lib, &after, NULL) != QUIRE_OK)
        abort();
    if (rc != QUIRE_OK && after != before)
        abort(); /* a failed import wrote articles */
    if (rc != QUIRE_OK && (!err.msg[0] || !strstr(err.msg, bundle_path)))
        abort(); /* every failure names the file */
    if (rc == QUIRE_OK && after - before != res.inserted)
        abort();
    return 0;
}

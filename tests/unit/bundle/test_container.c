/* test_container: the writer's bundles re-open and verify; the reader's container checks
 * (caps, plain EPUBs, signatures replaced in place, atomic output); and every bad bundle from
 * tests/data/make-bad-bundles.sh fails with its own status and a message naming the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <zip.h>

#include "bundle.h"
#include "bundle_import.h"
#include "store.h"
#include "quire_util.h"

struct fx {
    char dir[64];
    char good[128];
    char keyfile[128];
    struct minisign_pubkey pk;
    struct minisign_seckey sk;
};

static void put_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/quire-bundle-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    char *pub, *sec;
    struct quire_err err;
    if (minisign_keygen(&pub, &sec, &f->pk, &err) ||
        minisign_seckey_parse(sec, strlen(sec), &f->sk, &err))
        return -1;
    put_file(f->dir, "k.key", sec);
    snprintf(f->keyfile, sizeof f->keyfile, "%s/k.key", f->dir);
    quire_free(pub);
    quire_free(sec);
    put_file(f->dir, "one.txt", "First Title\n\nPara one.\nPara two & <three>.\n");
    put_file(f->dir, "two.html",
             "<html><head><title>Second</title><script>x()</script></head>"
             "<body><h1>Second</h1><p onclick='y'>Body <b>bold</b></p></body></html>");
    put_file(f->dir, "three.txt", "Третий\n\nТекст.\n");
    char dir_one[128], dir_two[128], dir_three[128];
    snprintf(dir_one, sizeof dir_one, "%s/one.txt", f->dir);
    snprintf(dir_two, sizeof dir_two, "%s/two.html", f->dir);
    snprintf(dir_three, sizeof dir_three, "%s/three.txt", f->dir);
    struct bundle_input in[] = {
        {.path = dir_one, .section = "A"},
        {.path = dir_three, .section = "B", .language = "ru", .byline = "Автор"},
        {.path = dir_two, .section = "A"},
    };
    struct bundle_create_opts o = {.publisher = "Test Daily",
                                   .section = "A",
                                   .language = "en",
                                   .sequence = 42,
                                   .created = 1795600800,
                                   .key = &f->sk};
    snprintf(f->good, sizeof f->good, "%s/good.epub", f->dir);
    if (bundle_create(f->good, in, 3, &o, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static void copy_file(const char *from, const char *to)
{
    char *data;
    size_t n;
    assert_int_equal(quire_file_read(from, 1 << 26, &data, &n, NULL), QUIRE_OK);
    assert_int_equal(quire_file_write_atomic(to, data, n, NULL), QUIRE_OK);
    quire_free(data);
}

static void test_writer_output_verifies(void **state)
{
    struct fx *f = *state;
    bundle *b;
    struct quire_err err;
    assert_int_equal(bundle_open(f->good, &b, &err), QUIRE_OK);
    assert_true(bundle_is_signed(b));
    assert_memory_equal(bundle_get_signature(b)->keyid, f->pk.keyid, 8);
    assert_non_null(strstr(bundle_get_signature(b)->trusted_comment, "sequence:42"));
    assert_int_equal(bundle_verify(b, &f->pk, &err), QUIRE_OK);
    const struct bundle_manifest *m = bundle_get_manifest(b);
    assert_int_equal(m->sequence, 42);
    assert_int_equal(m->n_articles, 3);
    /* grouped by section, in order of first appearance: A (one, two), then B */
    assert_string_equal(m->articles[0].title, "First Title");
    assert_string_equal(m->articles[1].title, "Second");
    assert_string_equal(m->articles[2].title, "Третий");
    assert_string_equal(m->articles[2].language, "ru");
    assert_string_equal(m->articles[2].byline, "Автор");
    assert_string_equal(m->articles[0].guid, "one");
    assert_int_equal(m->n_languages, 2);
    for (size_t i = 0; i < m->n_articles; i++) {
        char *doc;
        size_t n;
        assert_int_equal(bundle_read_entry(b, m->articles[i].path, 1 << 20, &doc, &n, &err),
                         QUIRE_OK);
        assert_true(quire_utf8_valid(doc, n, NULL));
        xmlDocPtr x = xmlReadMemory(doc, (int)n, "a.xhtml", NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        assert_non_null(x); /* well-formed XHTML */
        xmlFreeDoc(x);
        assert_non_null(strstr(doc, m->articles[i].title));
        assert_null(strstr(doc, "<script"));
        assert_null(strstr(doc, "onclick"));
        quire_free(doc);
    }
    char *mt;
    size_t n;
    assert_int_equal(bundle_read_entry(b, "mimetype", 100, &mt, &n, &err), QUIRE_OK);
    assert_string_equal(mt, "application/epub+zip");
    quire_free(mt);
    bundle_close(b);
    bundle_close(NULL);
}

/* Bytes read once and checked by the caller count as verified; wrong bytes, a wrong length or
 * a file that is not in this bundle's manifest are refused. */
static void test_check_entry(void **state)
{
    struct fx *f = *state;
    bundle *b;
    struct quire_err err;
    assert_int_equal(bundle_open(f->good, &b, &err), QUIRE_OK);
    const struct bundle_manifest *m = bundle_get_manifest(b);
    const struct bundle_file_meta *file = NULL;
    for (size_t i = 0; i < m->n_files && !file; i++)
        if (strcmp(m->files[i].path, m->articles[0].path) == 0)
            file = &m->files[i];
    assert_non_null(file);
    char *doc;
    size_t n;
    assert_int_equal(bundle_read_entry(b, file->path, 1 << 20, &doc, &n, &err), QUIRE_OK);
    assert_int_equal(bundle_check_entry(b, file, doc, n - 1, &err), QUIRE_EHASH);
    assert_non_null(strstr(err.msg, "listed as"));
    doc[n / 2] ^= 1;
    assert_int_equal(bundle_check_entry(b, file, doc, n, &err), QUIRE_EHASH);
    assert_non_null(strstr(err.msg, "does not match its SHA-256"));
    assert_non_null(strstr(err.msg, f->good));
    doc[n / 2] ^= 1;
    struct bundle_file_meta stranger = *file;
    assert_int_equal(bundle_check_entry(b, &stranger, doc, n, &err), QUIRE_EINVAL);
    assert_int_equal(bundle_check_entry(b, file, doc, n, &err), QUIRE_OK);
    quire_free(doc);
    assert_int_equal(bundle_verify(b, &f->pk, &err), QUIRE_OK);
    bundle_close(b);
}

/* The checking thread may run only `ahead` articles ahead of the writer; the smallest windows
 * (one article: the two threads take turns) still import everything. The alarm turns a
 * deadlock into a failure. */
static void test_import_with_small_windows(void **state)
{
    struct fx *f = *state;
    for (size_t ahead = 0; ahead <= 3; ahead++) {
        char path[160];
        snprintf(path, sizeof path, "%s/window%zu.db", f->dir, ahead);
        store *s;
        struct quire_err err;
        assert_int_equal(store_open(path, &s, &err), QUIRE_OK);
        struct store_key k = {.added = 1};
        minisign_keyid_hex(f->pk.keyid, k.keyid);
        memcpy(k.pk, f->pk.pk, 32);
        assert_int_equal(store_key_add(s, &k, &err), QUIRE_OK);
        struct bundle_import_opts opts = {.ahead = ahead};
        struct bundle_import_result r;
        alarm(30);
        assert_int_equal(bundle_import_file(s, f->good, &opts, &r, &err), QUIRE_OK);
        alarm(0);
        assert_int_equal(r.inserted, 3);
        int64_t n;
        assert_int_equal(store_article_count(s, &n, &err), QUIRE_OK);
        assert_int_equal(n, 3);
        store_close(s);
    }
}

static void test_mimetype_first_and_stored(void **state)
{
    struct fx *f = *state;
    zip_t *za = zip_open(f->good, ZIP_RDONLY, NULL);
    assert_non_null(za);
    zip_stat_t st;
    assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
    assert_string_equal(st.name, "mimetype");
    assert_int_equal(st.comp_method, ZIP_CM_STORE);
    zip_discard(za);
    FILE *fp = fopen(f->good, "rb");
    char head[64];
    assert_int_equal(fread(head, 1, sizeof head, fp), sizeof head);
    fclose(fp);
    assert_memory_equal(head + 30, "mimetypeapplication/epub+zip", 28); /* no extra field */
}

static void test_verify_other_key_untrusted(void **state)
{
    struct fx *f = *state;
    char *pub, *sec;
    struct minisign_pubkey other;
    struct quire_err err;
    assert_int_equal(minisign_keygen(&pub, &sec, &other, &err), QUIRE_OK);
    bundle *b;
    assert_int_equal(bundle_open(f->good, &b, &err), QUIRE_OK);
    assert_int_equal(bundle_verify(b, &other, &err), QUIRE_EUNTRUSTED);
    char hex[17];
    minisign_keyid_hex(f->pk.keyid, hex);
    assert_non_null(strstr(err.msg, hex));
    assert_non_null(strstr(err.msg, "good.epub"));
    /* no key: everything but the signature's cryptography is checked */
    assert_int_equal(bundle_verify(b, NULL, &err), QUIRE_OK);
    bundle_close(b);
    quire_free(pub);
    quire_free(sec);
}

static void test_read_entry_cap(void **state)
{
    struct fx *f = *state;
    bundle *b;
    struct quire_err err;
    assert_int_equal(bundle_open(f->good, &b, &err), QUIRE_OK);
    char *data = (char *)1;
    size_t n;
    const char *path = bundle_get_manifest(b)->articles[0].path;
    assert_int_equal(bundle_read_entry(b, path, 10, &data, &n, &err), QUIRE_ETOOBIG);
    assert_null(data);
    assert_non_null(strstr(err.msg, "good.epub"));
    assert_int_equal(bundle_read_entry(b, "nope", 10, &data, &n, &err), QUIRE_ENOTFOUND);
    bundle_close(b);
}

/* Removes entries from a copy of the good bundle. */
static void strip(const char *path, const char *const *names)
{
    zip_t *za = zip_open(path, 0, NULL);
    assert_non_null(za);
    for (; *names; names++)
        assert_int_equal(zip_delete(za, (zip_uint64_t)zip_name_locate(za, *names, 0)), 0);
    assert_int_equal(zip_close(za), 0);
}

static void test_plain_epub_synthesised(void **state)
{
    struct fx *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/plain.epub", f->dir);
    copy_file(f->good, path);
    const char *names[] = {"META-INF/quire/manifest.json", "META-INF/quire/manifest.json.minisig",
                           NULL};
    strip(path, names);
    bundle *b;
    struct quire_err err;
    assert_int_equal(bundle_open(path, &b, &err), QUIRE_OK);
    assert_false(bundle_is_signed(b));
    assert_null(bundle_get_signature(b));
    assert_null(bundle_get_manifest_json(b, NULL));
    const struct bundle_manifest *m = bundle_get_manifest(b);
    assert_int_equal(m->n_articles, 3);
    assert_string_equal(m->articles[0].title, "First Title");
    assert_string_equal(m->articles[2].title, "Третий");
    assert_non_null(strstr(m->articles[0].guid, "urn:uuid:"));
    assert_non_null(strstr(m->articles[0].guid, "#a00001"));
    assert_string_equal(m->articles[0].path, "OEBPS/articles/a00001.xhtml");
    assert_string_equal(m->publisher, "Test Daily");
    assert_int_equal(m->articles[0].updated, 1795600800);
    assert_int_equal(bundle_verify(b, &f->pk, &err), QUIRE_ESIGNATURE);
    assert_non_null(strstr(err.msg, "plain.epub: not a signed bundle"));
    bundle_close(b);
    /* without container.xml it is neither a bundle nor an EPUB */
    const char *more[] = {"META-INF/container.xml", NULL};
    strip(path, more);
    assert_int_equal(bundle_open(path, &b, &err), QUIRE_EFORMAT);
    assert_non_null(strstr(err.msg, "plain.epub"));
}

static void test_set_signature(void **state)
{
    struct fx *f = *state;
    char path[160], before[65], after[65];
    snprintf(path, sizeof path, "%s/resigned.epub", f->dir);
    copy_file(f->good, path);
    struct quire_err err;
    /* garbage is refused and the file stays as it was */
    assert_int_equal(quire_sha256_file(path, before, NULL, &err), QUIRE_OK);
    assert_int_equal(bundle_set_signature(path, "not a signature", &err), QUIRE_EFORMAT);
    assert_int_equal(quire_sha256_file(path, after, NULL, &err), QUIRE_OK);
    assert_string_equal(before, after);
    /* a fresh key's signature over the same manifest replaces the old one */
    char *pub, *sec, *sig;
    struct minisign_pubkey pk2;
    struct minisign_seckey sk2;
    assert_int_equal(minisign_keygen(&pub, &sec, &pk2, &err), QUIRE_OK);
    assert_int_equal(minisign_seckey_parse(sec, strlen(sec), &sk2, &err), QUIRE_OK);
    assert_int_equal(bundle_sign(path, &sk2, &err), QUIRE_OK);
    bundle *b;
    assert_int_equal(bundle_open(path, &b, &err), QUIRE_OK);
    assert_int_equal(bundle_verify(b, &pk2, &err), QUIRE_OK);
    assert_int_equal(bundle_verify(b, &f->pk, &err), QUIRE_EUNTRUSTED);
    size_t n;
    const char *borrowed = bundle_get_manifest_json(b, &n);
    char *raw = malloc(n);
    memcpy(raw, borrowed, n);
    assert_int_equal(minisign_sign(&f->sk, raw, n, "sequence:42", &sig, &err), QUIRE_OK);
    bundle_close(b);
    assert_int_equal(bundle_set_signature(path, sig, &err), QUIRE_OK);
    assert_int_equal(bundle_open(path, &b, &err), QUIRE_OK);
    assert_int_equal(bundle_verify(b, &f->pk, &err), QUIRE_OK);
    bundle_close(b);
    /* a trusted comment naming another sequence than the manifest's is refused */
    quire_free(sig);
    assert_int_equal(minisign_sign(&f->sk, raw, n, "timestamp:1 sequence:41", &sig, &err),
                     QUIRE_OK);
    assert_int_equal(bundle_set_signature(path, sig, &err), QUIRE_OK);
    assert_int_equal(bundle_open(path, &b, &err), QUIRE_OK);
    assert_int_equal(bundle_verify(b, &f->pk, &err), QUIRE_ESIGNATURE);
    assert_non_null(strstr(err.msg, "sequence 41"));
    bundle_close(b);
    free(raw);
    quire_free(sig);
    quire_free(pub);
    quire_free(sec);
}

static void test_create_is_atomic(void **state)
{
    struct fx *f = *state;
    char bad_input[160], out[160], before[65], after[65];
    snprintf(bad_input, sizeof bad_input, "%s/bad.txt", f->dir);
    put_file(f->dir, "bad.txt", "Title\n\xff\xfe broken\n");
    struct bundle_input in = {.path = bad_input};
    struct bundle_create_opts o = {
        .publisher = "P", .section = "S", .language = "en", .key = &f->sk};
    struct quire_err err;
    /* invalid UTF-8 input: refused, the existing output untouched */
    snprintf(out, sizeof out, "%s/out.epub", f->dir);
    copy_file(f->good, out);
    assert_int_equal(quire_sha256_file(out, before, NULL, &err), QUIRE_OK);
    assert_int_equal(bundle_create(out, &in, 1, &o, &err), QUIRE_EUTF8);
    assert_non_null(strstr(err.msg, "bad.txt"));
    assert_int_equal(quire_sha256_file(out, after, NULL, &err), QUIRE_OK);
    assert_string_equal(before, after);
    /* unknown input type, missing folder */
    in.path = f->good;
    assert_int_equal(bundle_create(out, &in, 1, &o, &err), QUIRE_EINVAL);
    put_file(f->dir, "ok.txt", "T\n");
    snprintf(bad_input, sizeof bad_input, "%s/ok.txt", f->dir);
    in.path = bad_input;
    snprintf(out, sizeof out, "%s/missing/out.epub", f->dir);
    assert_int_not_equal(bundle_create(out, &in, 1, &o, &err), QUIRE_OK);
    assert_false(quire_file_exists(out));
    /* two inputs with the same name would share a guid */
    struct bundle_input twice[] = {{.path = bad_input}, {.path = bad_input}};
    snprintf(out, sizeof out, "%s/twice.epub", f->dir);
    assert_int_equal(bundle_create(out, twice, 2, &o, &err), QUIRE_EDUPLICATE);
    assert_false(quire_file_exists(out));
}

/* An EPUB shaped like pandoc's: OPF in EPUB/, nav in the spine, a title page, percent-encoded
 * and "../" hrefs, an href escaping the container, a repeated and a dangling itemref. */
static const char *const pandoc_entries[][2] = {
    {"mimetype", "application/epub+zip"},
    {"META-INF/container.xml",
     "<?xml version=\"1.0\"?><container version=\"1.0\" "
     "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
     "<rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\"/>"
     "</rootfiles></container>"},
    {"EPUB/content.opf",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" "
     "unique-identifier=\"epub-id-1\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
     "<dc:identifier id=\"isbn\">978-0</dc:identifier>"
     "<dc:identifier id=\"epub-id-1\">urn:uuid:11111111-2222-3333-4444-555555555555"
     "</dc:identifier><dc:title>A Pandoc Book</dc:title><dc:date>2024-05-01</dc:date>"
     "<dc:language>fr</dc:language><dc:creator>Jean Auteur</dc:creator>"
     "<meta property=\"dcterms:modified\">2024-05-02T10:00:00Z</meta></metadata><manifest>"
     "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
     "properties=\"nav\"/>"
     "<item id=\"title_page\" href=\"text/title_page.xhtml\" "
     "media-type=\"application/xhtml+xml\"/>"
     "<item id=\"ch1\" href=\"text/ch%20001.xhtml\" media-type=\"application/xhtml+xml\"/>"
     "<item id=\"ch2\" href=\"text/../text/ch002.xhtml#top\" "
     "media-type=\"application/xhtml+xml\"/>"
     "<item id=\"evil\" href=\"../../etc/passwd\" media-type=\"application/xhtml+xml\"/>"
     "<item id=\"css\" href=\"styles/s.css\" media-type=\"text/css\"/>"
     "</manifest><spine><itemref idref=\"title_page\"/><itemref idref=\"nav\"/>"
     "<itemref idref=\"ch1\"/><itemref idref=\"ch2\"/><itemref idref=\"evil\"/>"
     "<itemref idref=\"css\"/><itemref idref=\"ch1\"/><itemref idref=\"missing\"/>"
     "</spine></package>"},
    {"EPUB/nav.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>A Pandoc "
                       "Book</title></head><body><nav><h1>Contents</h1></nav></body></html>"},
    {"EPUB/text/title_page.xhtml",
     "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>A Pandoc Book</title></head>"
     "<body><h1 class=\"title\">A Pandoc Book</h1></body></html>"},
    {"EPUB/text/ch 001.xhtml",
     "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>A Pandoc Book</title></head>"
     "<body><section><h1>Chapter <em>One</em></h1><p>x</p></section></body></html>"},
    {"EPUB/text/ch002.xhtml",
     "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>ch002.xhtml</title></head>"
     "<body><h1>Chapter Two</h1></body></html>"},
};

static void test_pandoc_like_epub(void **state)
{
    struct fx *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/pandoc.epub", f->dir);
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
    assert_non_null(za);
    for (size_t i = 0; i < sizeof pandoc_entries / sizeof pandoc_entries[0]; i++) {
        const char *text = pandoc_entries[i][1];
        zip_source_t *src = zip_source_buffer(za, text, strlen(text), 0);
        assert_true(zip_file_add(za, pandoc_entries[i][0], src, 0) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    bundle *b;
    struct quire_err err;
    assert_int_equal(bundle_open(path, &b, &err), QUIRE_OK);
    const struct bundle_manifest *m = bundle_get_manifest(b);
    assert_int_equal(m->n_articles, 3);
    assert_string_equal(m->articles[0].title, "A Pandoc Book");
    assert_string_equal(m->articles[1].title, "Chapter One");
    assert_string_equal(m->articles[2].title, "Chapter Two");
    assert_string_equal(m->articles[1].path, "EPUB/text/ch 001.xhtml");
    assert_string_equal(m->articles[2].path, "EPUB/text/ch002.xhtml");
    assert_string_equal(m->articles[0].guid,
                        "urn:uuid:11111111-2222-3333-4444-555555555555#title_page");
    assert_string_equal(m->articles[1].language, "fr");
    assert_string_equal(m->articles[1].byline, "Jean Auteur");
    assert_string_equal(m->articles[1].section, "A Pandoc Book");
    assert_string_equal(m->publisher, "Jean Auteur");
    assert_int_equal(m->articles[1].published, 1714521600); /* 2024-05-01 */
    assert_int_equal(m->articles[1].updated, 1714644000);   /* 2024-05-02T10:00:00Z */
    assert_false(bundle_is_signed(b));
    char *doc;
    size_t n;
    assert_int_equal(bundle_read_entry(b, m->articles[1].path, 1 << 20, &doc, &n, &err), QUIRE_OK);
    quire_free(doc);
    bundle_close(b);
}

/* An entry name with a NUL inside ("a\0evil"): libzip would show it as "a". */
static void test_nul_in_entry_name(void **state)
{
    struct fx *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/nul.epub", f->dir);
    copy_file(f->good, path);
    zip_t *za = zip_open(path, 0, NULL);
    assert_non_null(za);
    zip_source_t *src = zip_source_buffer(za, "x", 1, 0);
    assert_true(zip_file_add(za, "aQQevil.txt", src, 0) >= 0);
    assert_int_equal(zip_close(za), 0);
    char *data;
    size_t n;
    assert_int_equal(quire_file_read(path, 1 << 24, &data, &n, NULL), QUIRE_OK);
    int patched = 0;
    for (size_t i = 0; i + 7 <= n; i++)
        if (memcmp(data + i, "aQQevil", 7) == 0) {
            data[i + 1] = '\0';
            patched++;
        }
    assert_int_equal(patched, 2); /* local header and central directory */
    assert_int_equal(quire_file_write_atomic(path, data, n, NULL), QUIRE_OK);
    quire_free(data);
    bundle *b;
    struct quire_err err;
    assert_int_equal(bundle_open(path, &b, &err), QUIRE_EUNSAFE);
    assert_non_null(strstr(err.msg, "nul.epub"));
    assert_non_null(strstr(err.msg, "NUL"));
}

/* Every allocation of ours in bundle_open and bundle_verify can fail: ENOMEM, no leak. */
static void test_open_alloc_failures(void **state)
{
    struct fx *f = *state;
    for (long n = 1; n < 100000; n++) {
        bundle *b = NULL;
        struct quire_err err;
        quire_alloc_fail_after(n);
        enum quire_status rc = bundle_open(f->good, &b, &err);
        if (rc == QUIRE_OK)
            rc = bundle_verify(b, &f->pk, &err);
        quire_alloc_fail_after(0);
        bundle_close(b);
        if (rc == QUIRE_OK) {
            assert_true(n > 10);
            return;
        }
        if (rc != QUIRE_ENOMEM)
            fail_msg("allocation %ld: status %d '%s'", n, rc, err.msg);
    }
    fail();
}

/* ---- the bad-bundle fixtures ---- */

enum stage { AT_OPEN, AT_VERIFY, VERIFIES };

struct bad_case {
    const char *file;
    enum stage stage;
    enum quire_status want;
    const char *msg;
};

static const struct bad_case bad_cases[] = {
    {"not-a-zip.epub", AT_OPEN, QUIRE_EFORMAT, "not a zip file"},
    {"truncated.epub", AT_OPEN, QUIRE_EFORMAT, "truncated"},
    {"path-dotdot.epub", AT_OPEN, QUIRE_EUNSAFE, "escapes the bundle"},
    {"path-absolute.epub", AT_OPEN, QUIRE_EUNSAFE, "absolute path"},
    {"zip-bomb.epub", AT_OPEN, QUIRE_ETOOBIG, "over the limit"},
    {"zip-bomb-lying.epub", AT_VERIFY, QUIRE_ETOOBIG, "inflates past"},
    {"manifest-missing.epub", AT_OPEN, QUIRE_EFORMAT, "no manifest"},
    {"manifest-malformed.epub", AT_OPEN, QUIRE_EFORMAT, "malformed JSON"},
    {"manifest-oversized.epub", AT_OPEN, QUIRE_ETOOBIG, "manifest.json"},
    {"signature-missing.epub", AT_VERIFY, QUIRE_ESIGNATURE, "not signed"},
    {"signature-wrong.epub", AT_VERIFY, QUIRE_ESIGNATURE, "does not verify"},
    {"signature-untrusted.epub", AT_VERIFY, QUIRE_EUNTRUSTED, "signed by key"},
    {"hash-mismatch.epub", AT_VERIFY, QUIRE_EHASH, "does not match its SHA-256"},
    {"unlisted-entry.epub", AT_VERIFY, QUIRE_EHASH, "not listed"},
    {"duplicate-guid.epub", AT_OPEN, QUIRE_EDUPLICATE, "duplicate article guid"},
    {"broken-xhtml.epub", VERIFIES, QUIRE_OK, ""},
    {"invalid-utf8.epub", VERIFIES, QUIRE_OK, ""},
};

static void check_bad(const char *dir, const struct bad_case *c, const struct minisign_pubkey *pk)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, c->file);
    bundle *b = NULL;
    struct quire_err err = {0};
    enum quire_status rc = bundle_open(path, &b, &err);
    if (c->stage != AT_OPEN && rc == QUIRE_OK)
        rc = bundle_verify(b, pk, &err);
    bundle_close(b);
    if (rc != c->want || !strstr(err.msg, c->msg) || (c->want && !strstr(err.msg, path)))
        fail_msg("%s: want %d '%s', got %d '%s'", c->file, c->want, c->msg, rc, err.msg);
}

static void test_bad_bundles(void **state)
{
    struct fx *f = *state;
    char cmd[768], dir[160];
    snprintf(dir, sizeof dir, "%s/bad", f->dir);
    /* $QUIRE is the binary as the host can run it (a qemu wrapper in cross builds). */
    const char *quire = getenv("QUIRE");
    char bin[256];
    snprintf(bin, sizeof bin, "%s/quire", QUIRE_TEST_BIN);
    snprintf(cmd, sizeof cmd, "bash '%s/tests/data/make-bad-bundles.sh' '%s' '%s' '%s'",
             QUIRE_TEST_SRC, quire && *quire ? quire : bin, dir, f->keyfile);
    assert_int_equal(system(cmd), 0);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++)
        check_bad(dir, &bad_cases[i], &f->pk);
    /* the lying bomb is caught on ACTUAL inflated bytes by a capped read too */
    char path[256];
    snprintf(path, sizeof path, "%s/zip-bomb-lying.epub", dir);
    bundle *b;
    struct quire_err err;
    assert_int_equal(bundle_open(path, &b, &err), QUIRE_OK);
    char *data;
    size_t n;
    assert_int_equal(bundle_read_entry(b, "OEBPS/bomb.bin", 1 << 20, &data, &n, &err),
                     QUIRE_ETOOBIG);
    bundle_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_output_verifies),
        cmocka_unit_test(test_check_entry),
        cmocka_unit_test(test_import_with_small_windows),
        cmocka_unit_test(test_mimetype_first_and_stored),
        cmocka_unit_test(test_verify_other_key_untrusted),
        cmocka_unit_test(test_read_entry_cap),
        cmocka_unit_test(test_plain_epub_synthesised),
        cmocka_unit_test(test_set_signature),
        cmocka_unit_test(test_create_is_atomic),
        cmocka_unit_test(test_pandoc_like_epub),
        cmocka_unit_test(test_nul_in_entry_name),
        cmocka_unit_test(test_open_alloc_failures),
        cmocka_unit_test(test_bad_bundles),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* Tests of app/image: each format decoded to the gray it shows (transparency over white,
 * colour to luma, an animation's first frame, interlaced GIF rows in place), broken and
 * truncated files of each format refused with a line naming the file, declared sizes past the
 * caps refused before decoding, and the gray encoders, box filter and quantiser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "image.h"
#include "image_make.h"
#include "quire_util.h"

/* w x h RGBA filled with one colour. */
static uint8_t *solid(int w, int h, uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
    uint8_t *p = malloc((size_t)w * h * 4);
    assert_non_null(p);
    for (int i = 0; i < w * h; i++) {
        p[i * 4] = r;
        p[i * 4 + 1] = g;
        p[i * 4 + 2] = b;
        p[i * 4 + 3] = a;
    }
    return p;
}

static int px(const struct image_gray *img, int x, int y)
{
    return img->pixels[(size_t)y * img->stride + x];
}

static void assert_near(int got, int want, int tolerance)
{
    if (abs(got - want) > tolerance)
        fail_msg("gray %d, expected %d (+-%d)", got, want, tolerance);
}

static void assert_refused(const uint8_t *data, size_t len, const char *name,
                           enum quire_status want)
{
    struct image_gray img;
    struct quire_err err;
    quire_err_clear(&err);
    enum quire_status st = image_decode(data, len, name, &img, &err);
    if (st != want)
        fail_msg("%s: status %d, expected %d (%s)", name, (int)st, (int)want, err.msg);
    assert_null(img.pixels);
    assert_non_null(strstr(err.msg, name));
}

static void test_sniff(void **state)
{
    assert_int_equal(image_sniff("\x89PNG\r\n\x1a\n", 8), IMAGE_PNG);
    assert_int_equal(image_sniff("\xFF\xD8\xFF\xE0", 4), IMAGE_JPEG);
    assert_int_equal(image_sniff("RIFF\0\0\0\0WEBPVP8 ", 16), IMAGE_WEBP);
    assert_int_equal(image_sniff("GIF89a", 6), IMAGE_GIF);
    assert_int_equal(image_sniff("GIF87a", 6), IMAGE_GIF);
    assert_int_equal(image_sniff("<svg", 4), IMAGE_UNKNOWN);
    assert_string_equal(image_format_mime(IMAGE_WEBP), "image/webp");
    assert_null(image_format_mime(IMAGE_UNKNOWN));
    assert_refused((const uint8_t *)"<svg/>", 6, "a.svg", QUIRE_EFORMAT);
}

/* Left half mid gray, right half transparent: gray 100 and white. */
static uint8_t *half_transparent(int w, int h)
{
    uint8_t *p = solid(w, h, 100, 100, 100, 255);
    for (int y = 0; y < h; y++)
        for (int x = w / 2; x < w; x++)
            p[((size_t)y * w + x) * 4 + 3] = 0;
    return p;
}

static void check_half_transparent(const uint8_t *file, size_t len, int w, int h, int tolerance)
{
    struct image_gray img;
    assert_int_equal(image_decode(file, len, "half", &img, NULL), QUIRE_OK);
    assert_int_equal(img.w, w);
    assert_int_equal(img.h, h);
    assert_near(px(&img, 1, 1), 100, tolerance);
    assert_near(px(&img, w - 2, h - 2), 255, tolerance);
    image_gray_fini(&img);
}

static void test_png_and_webp_alpha(void **state)
{
    uint8_t *rgba = half_transparent(32, 16);
    size_t len;
    uint8_t *png = make_png(rgba, 32, 16, &len);
    check_half_transparent(png, len, 32, 16, 1);
    free(png);
    uint8_t *webp = make_webp(rgba, 32, 16, true, &len);
    check_half_transparent(webp, len, 32, 16, 2);
    free(webp);
    webp = make_webp(rgba, 32, 16, false, &len);
    check_half_transparent(webp, len, 32, 16, 6);
    free(webp);
    free(rgba);
}

/* Colour becomes its luma (BT.601 weights): pure red is 76, green 150, blue 29. */
static void test_colour_to_luma(void **state)
{
    static const struct {
        uint8_t r, g, b;
        int gray;
    } colours[] = {{255, 0, 0, 76}, {0, 255, 0, 150}, {0, 0, 255, 29}, {200, 200, 200, 200}};
    for (size_t i = 0; i < sizeof colours / sizeof colours[0]; i++) {
        uint8_t *rgba = solid(16, 16, colours[i].r, colours[i].g, colours[i].b, 255);
        size_t len;
        uint8_t *files[3] = {make_jpeg(rgba, 16, 16, 95, false, &len), NULL, NULL};
        size_t lens[3] = {len};
        files[1] = make_jpeg(rgba, 16, 16, 95, true, &lens[1]);
        files[2] = make_webp(rgba, 16, 16, true, &lens[2]);
        for (int f = 0; f < 3; f++) {
            struct image_gray img;
            assert_int_equal(image_decode(files[f], lens[f], "colour", &img, NULL), QUIRE_OK);
            assert_near(px(&img, 8, 8), colours[i].gray, 4);
            image_gray_fini(&img);
            free(files[f]);
        }
        free(rgba);
    }
}

static void test_webp_animation_first_frame(void **state)
{
    uint8_t *dark = solid(24, 12, 50, 50, 50, 255), *light = solid(24, 12, 220, 220, 220, 255);
    size_t len;
    uint8_t *anim = make_webp_anim(dark, light, 24, 12, &len);
    struct image_gray img;
    assert_int_equal(image_decode(anim, len, "anim.webp", &img, NULL), QUIRE_OK);
    assert_int_equal(img.w, 24);
    assert_int_equal(img.h, 12);
    assert_near(px(&img, 12, 6), 50, 3);
    image_gray_fini(&img);
    free(anim);
    free(dark);
    free(light);
}

/* Rows y keep index y % 3 (black, gray, white), the last column the transparent index. */
static uint8_t *gif_rows(int w, int h, bool interlace, int frames, size_t *len)
{
    static const uint8_t palette[4 * 3] = {0, 0, 0, 128, 128, 128, 255, 255, 255, 255, 0, 0};
    uint8_t *idx = malloc((size_t)w * h);
    assert_non_null(idx);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            idx[y * w + x] = (uint8_t)(x == w - 1 ? 3 : y % 3);
    uint8_t *gif = make_gif(idx, w, h, palette, 4, 3, interlace, frames, len);
    free(idx);
    return gif;
}

static void test_gif_first_frame_and_interlace(void **state)
{
    for (int interlace = 0; interlace < 2; interlace++) {
        size_t len;
        uint8_t *gif = gif_rows(10, 19, interlace, 3, &len);
        struct image_gray img;
        assert_int_equal(image_decode(gif, len, "rows.gif", &img, NULL), QUIRE_OK);
        assert_int_equal(img.w, 10);
        assert_int_equal(img.h, 19);
        for (int y = 0; y < 19; y++) {
            static const int want[3] = {0, 128, 255};
            assert_int_equal(px(&img, 0, y), want[y % 3]);
            assert_int_equal(px(&img, 9, y), 255); /* transparent: white */
        }
        image_gray_fini(&img);
        free(gif);
    }
}

/* One valid file of each format, for the refusal tests. */
static uint8_t *sample(enum image_format f, size_t *len)
{
    uint8_t *card = make_card(40, 30), *out = NULL;
    size_t gif_len;
    switch (f) {
    case IMAGE_PNG:
        out = make_png(card, 40, 30, len);
        break;
    case IMAGE_JPEG:
        out = make_jpeg(card, 40, 30, 90, false, len);
        break;
    case IMAGE_WEBP:
        out = make_webp(card, 40, 30, false, len);
        break;
    default:
        out = gif_rows(40, 30, false, 1, &gif_len);
        *len = gif_len;
        break;
    }
    free(card);
    return out;
}

static void test_truncated_and_corrupt(void **state)
{
    static const enum image_format formats[] = {IMAGE_PNG, IMAGE_JPEG, IMAGE_WEBP, IMAGE_GIF};
    static const char *names[] = {"cut.png", "cut.jpg", "cut.webp", "cut.gif"};
    for (int i = 0; i < 4; i++) {
        size_t len;
        uint8_t *file = sample(formats[i], &len);
        struct image_gray img;
        assert_int_equal(image_decode(file, len, names[i], &img, NULL), QUIRE_OK);
        image_gray_fini(&img);
        /* Cut in the middle of the pixel data, then right after the signature. */
        assert_refused(file, len * 2 / 3, names[i], QUIRE_EFORMAT);
        assert_refused(file, 12, names[i], QUIRE_EFORMAT);
        /* Garbage after the signature: the header is broken. */
        memset(file + 12, 0xA5, len - 12 > 40 ? 40 : len - 12);
        if (formats[i] == IMAGE_GIF)
            memset(file + 6, 0xA5, 40); /* its header starts right after the signature */
        struct quire_err err;
        enum quire_status st = image_decode(file, len, names[i], &img, &err);
        if (st == QUIRE_OK) /* a decoder may read past damage in the pixels: never a crash */
            image_gray_fini(&img);
        else
            assert_non_null(strstr(err.msg, names[i]));
        free(file);
    }
}

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static size_t find(const uint8_t *p, size_t len, const void *what, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(p + i, what, n) == 0)
            return i;
    fail_msg("marker not found");
    return 0;
}

/* Each format's header rewritten to claim a picture past the caps: refused with ETOOBIG
 * before any pixel is decoded (the files are a few hundred bytes). */
static void test_huge_declared_size(void **state)
{
    size_t len;
    uint8_t *png = sample(IMAGE_PNG, &len);
    put_be32(png + 16, 20000); /* IHDR width, height, then its CRC over type and data */
    put_be32(png + 20, 20000);
    put_be32(png + 29, crc32_of(png + 12, 17));
    assert_refused(png, len, "huge.png", QUIRE_ETOOBIG);
    free(png);

    uint8_t *jpg = sample(IMAGE_JPEG, &len);
    size_t sof = find(jpg, len, "\xFF\xC0", 2);
    memcpy(jpg + sof + 5, "\xEA\x60\xEA\x60", 4); /* height, width: 60000 x 60000 */
    assert_refused(jpg, len, "huge.jpg", QUIRE_ETOOBIG);
    free(jpg);

    uint8_t *card = make_card(8, 8);
    uint8_t *webp = make_webp(card, 8, 8, true, &len);
    uint32_t bits = (uint32_t)webp[21] | (uint32_t)webp[22] << 8 | (uint32_t)webp[23] << 16 |
                    (uint32_t)webp[24] << 24;
    bits |= 0x0FFFFFFFu; /* VP8L: 14 bits of width - 1, 14 of height - 1 */
    for (int i = 0; i < 4; i++)
        webp[21 + i] = (uint8_t)(bits >> (8 * i));
    assert_refused(webp, len, "huge.webp", QUIRE_ETOOBIG);
    free(webp);

    uint8_t *white = solid(8, 8, 255, 255, 255, 255);
    uint8_t *anim = make_webp_anim(card, white, 8, 8, &len); /* two frames that differ */
    free(white);
    size_t vp8x = find(anim, len, "VP8X", 4);
    memcpy(anim + vp8x + 12, "\x5F\xEA\x00\x5F\xEA\x00", 6); /* canvas 60000 x 60000 */
    assert_refused(anim, len, "huge-anim.webp", QUIRE_ETOOBIG);
    free(anim);
    free(card);

    uint8_t *gif = sample(IMAGE_GIF, &len);
    memcpy(gif + 6, "\xFF\xFF\xFF\xFF", 4); /* logical screen 65535 x 65535 */
    assert_refused(gif, len, "huge.gif", QUIRE_ETOOBIG);
    free(gif);

    uint8_t big[16] = "\x89PNG\r\n\x1a\n";
    assert_int_equal(image_check_size(QUIRE_IMAGE_MAX_SIDE + 1, 1, "x", NULL), QUIRE_ETOOBIG);
    assert_int_equal(image_check_size(0, 5, "x", NULL), QUIRE_EFORMAT);
    assert_refused(big, (size_t)QUIRE_IMAGE_MAX_BYTES + 1, "big.png", QUIRE_ETOOBIG);
}

static void test_encoders_round_trip(void **state)
{
    struct image_gray img, back;
    assert_int_equal(image_gray_init(&img, 64, 32, NULL), QUIRE_OK);
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 64; x++)
            img.pixels[y * img.stride + x] = (uint8_t)(x * 4);
    void *data;
    size_t len;
    assert_int_equal(image_encode_png(&img, "rt.png", &data, &len, NULL), QUIRE_OK);
    assert_int_equal(image_sniff(data, len), IMAGE_PNG);
    assert_int_equal(image_decode(data, len, "rt.png", &back, NULL), QUIRE_OK);
    assert_memory_equal(back.pixels, img.pixels, 64 * 32); /* lossless */
    image_gray_fini(&back);
    quire_free(data);
    assert_int_equal(image_encode_jpeg(&img, 90, "rt.jpg", &data, &len, NULL), QUIRE_OK);
    assert_int_equal(image_sniff(data, len), IMAGE_JPEG);
    assert_int_equal(image_decode(data, len, "rt.jpg", &back, NULL), QUIRE_OK);
    for (int x = 0; x < 64; x += 9)
        assert_near(px(&back, x, 16), x * 4, 6);
    image_gray_fini(&back);
    quire_free(data);

    assert_int_equal(image_scale(&img, 16, 8, &back, NULL), QUIRE_OK);
    assert_int_equal(back.w, 16);
    assert_int_equal(px(&back, 0, 0), (0 + 4 + 8 + 12) / 4); /* the mean of 4 columns */
    image_gray_fini(&back);
    assert_int_equal(image_count_levels(&img), 64);
    image_quantize(&img, 16);
    assert_int_equal(image_count_levels(&img), 16);
    image_gray_fini(&img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_png_and_webp_alpha),
        cmocka_unit_test(test_colour_to_luma),
        cmocka_unit_test(test_webp_animation_first_frame),
        cmocka_unit_test(test_gif_first_frame_and_interlace),
        cmocka_unit_test(test_truncated_and_corrupt),
        cmocka_unit_test(test_huge_declared_size),
        cmocka_unit_test(test_encoders_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* config.h: every tunable of Quire in one place, each with its unit and sensible range.
 * Modules include this instead of scattering magic numbers. Caps on untrusted input are
 * hard limits: passing one is an error, never a bigger allocation. */
#ifndef QUIRE_CONFIG_H
#define QUIRE_CONFIG_H

/* ---- store ---- */
#define QUIRE_DB_BUSY_TIMEOUT_MS 5000 /* ms SQLite waits on a locked db (1000..60000) */
#define QUIRE_DB_FILENAME        "library.db"
#define QUIRE_DB_PAGE_BYTES      32768 /* page size of a new library, bytes (4096..65536) */
/* WAL kept between checkpoints and left on disk after one, bytes (1M..64M) */
#define QUIRE_DB_WAL_KEEP_BYTES (8L * 1024 * 1024)
/* Text queued for the full-text index before one statement indexes the batch, bytes
 * (256K..64M). Each batch becomes one FTS5 segment: bigger batches merge less, smaller ones
 * let indexing overlap the import's other work. */
#define QUIRE_FTS_BATCH_BYTES (2L * 1024 * 1024)

#define QUIRE_SEARCH_MAX_LIMIT 10000 /* most hits `quire search --limit` asks for */
/* `quire list`: most display cells of its language and section columns (longer values are
 * cut at a word, with an ellipsis). */
#define QUIRE_LIST_LANG_CELLS    12
#define QUIRE_LIST_SECTION_CELLS 18

/* ---- bundle: caps on untrusted bundles ---- */
#define QUIRE_BUNDLE_MAX_BYTES         (512L * 1024 * 1024) /* whole bundle file, bytes (1M..2G) */
#define QUIRE_BUNDLE_MAX_ENTRIES       20000               /* zip entries per bundle (10..100000) */
#define QUIRE_BUNDLE_MAX_ENTRY_BYTES   (64L * 1024 * 1024) /* one inflated entry, bytes */
#define QUIRE_BUNDLE_MAX_TOTAL_BYTES   (1024L * 1024 * 1024) /* all inflated entries, bytes */
#define QUIRE_BUNDLE_MAX_RATIO         200 /* inflated/compressed ratio above this is a zip bomb */
#define QUIRE_MANIFEST_MAX_BYTES       (16L * 1024 * 1024) /* manifest JSON, bytes (64K..64M) */
#define QUIRE_SIGNATURE_MAX_BYTES      4096                /* minisign signature file, bytes */
#define QUIRE_ARTICLE_MAX_BYTES        (8L * 1024 * 1024)  /* one article document, bytes */
#define QUIRE_BUNDLE_MAX_ARTICLES      100000              /* articles per bundle */
#define QUIRE_PATH_MAX_BYTES           512                 /* an entry path inside a bundle */
#define QUIRE_BUNDLE_RATIO_MIN_BYTES   (1024L * 1024) /* entries below this never count as bombs */
#define QUIRE_MANIFEST_MAX_FIELD_BYTES 4096 /* one string in the manifest, bytes (256..65536) */
#define QUIRE_MANIFEST_MAX_LANGUAGES   256  /* entries of the manifest's "languages" (1..4096) */

/* ---- import ---- */
/* Articles the checking thread may prepare ahead of the one being written (1..4096): enough
 * to keep both threads busy, few enough that a bundle of any size needs little memory. */
#define QUIRE_IMPORT_AHEAD 256
_Static_assert(QUIRE_IMPORT_AHEAD >= 1, "the import window holds at least one article");

/* ---- typesetting ---- */
#define QUIRE_DEFAULT_PAGE_W           1072 /* px, default page width (200..4000) */
#define QUIRE_DEFAULT_PAGE_H           1448 /* px, default page height (200..4000) */
#define QUIRE_DEFAULT_FONT_PX          36   /* px, body font size (8..200) */
#define QUIRE_DEFAULT_MARGIN_PX        48   /* px, page margin on each side (0..400) */
#define QUIRE_DEFAULT_LINE_SPACING     1.3  /* line height as a multiple of font size (1.0..3.0) */
#define QUIRE_MAX_CONSECUTIVE_HYPHENS  2    /* hyphenated lines in a row (1..5) */
#define QUIRE_MIN_WIDOW_LINES          2    /* lines kept together at page top/bottom (1..4) */
#define QUIRE_DOC_MAX_BLOCKS           200000 /* blocks in one article document (100..1000000) */
#define QUIRE_DOC_MAX_TEXT_BYTES       (8L * 1024 * 1024) /* text of one document, bytes */
#define QUIRE_DOC_MAX_SPANS            100000 /* styled spans in one block (100..1000000) */
#define QUIRE_DOC_MAX_STRINGS          4096   /* distinct languages/image sources per document */
#define QUIRE_HTML_MAX_DEPTH           256    /* element nesting the converter follows (16..1024) */
#define QUIRE_LAYOUT_MAX_BYTES         (256L * 1024 * 1024) /* layout memory per article, bytes */
#define QUIRE_LAYOUT_CACHE_MAX_BYTES   (32L * 1024 * 1024)  /* shared shaping cache, bytes */
#define QUIRE_FONT_FALLBACK_QUERIES    64   /* fontconfig asked for uncovered chars, per font set */
#define QUIRE_HYPHEN_MIN_WORD          5    /* letters in the shortest word hyphenated (4..10) */
#define QUIRE_HYPHEN_PENALTY           50   /* Knuth-Plass penalty of a hyphen break (0..1000) */
#define QUIRE_LETTER_BREAK_PENALTY     5000 /* break between letters of a too-wide word (>50) */
#define QUIRE_RAGGED_STRETCH_EM        2.0  /* ragged right: virtual line stretch, em (1..6) */
#define QUIRE_MAX_SPACE_STRETCH        3.0  /* justified: widest space, natural widths (1.5..10) */
#define QUIRE_INTERCHAR_STRETCH_EM     0.25 /* CJK: stretch between characters, em (0..1) */
#define QUIRE_INTERCHAR_SEA_STRETCH_EM 0.04 /* Thai, Khmer, Burmese, Tibetan: the same, em */
#define QUIRE_MAX_INTERCHAR_GAP        2.0  /* widest such gap, in its stretch (1..4) */
#define QUIRE_MAX_OVERSTRETCHED        0.25 /* loose-line share that sets a paragraph ragged */
#define QUIRE_KP_TOLERANCE             2.0  /* adjustment ratio accepted in pass one (1..10) */
/* The reader's own body size, px (0 = the device profile's default, else 16..96) */
#define QUIRE_READER_FONT_PX     0
#define QUIRE_READER_FONT_FAMILY "serif" /* bundled face of the body text: serif or sans */
#define QUIRE_READER_JUSTIFY     1       /* 1 = justified, 0 = ragged (0..1) */
#define QUIRE_READER_HYPHENATE   1       /* 1 = hyphenation where the language has patterns */

/* ---- render and refresh ---- */
#define QUIRE_FULL_REFRESH_EVERY       6 /* page turns between full flashing refreshes (1..50) */
#define QUIRE_FULL_REFRESH_EVERY_NIGHT 2 /* the same in night mode (1..50) */
#define QUIRE_FULL_REFRESH_IMAGE_PERMILLE                                                          \
    75 /* image area/page area that forces a flash, 1/1000                                         \
        */
#define QUIRE_GLYPH_CACHE_BYTES        (8L * 1024 * 1024) /* LRU glyph cache budget, bytes */
#define QUIRE_REFRESH_AREA_PERMILLE    2500 /* changed pixels since last flash, 1/1000 of screen */
#define QUIRE_NIGHT_MODE               0    /* 1 = white text on black (0..1) */
#define QUIRE_TEXT_DARKNESS            40   /* glyph darkening for low-contrast panels (0..100) */
#define QUIRE_ROTATION                 0    /* degrees the picture is turned: 0, 90, 180, 270 */
#define QUIRE_STATUS_BAND_PX           44   /* px at 300 dpi, bottom band for the status line */
#define QUIRE_STATUS_FONT_PX           22   /* px at 300 dpi, status line font size (8..60) */
#define QUIRE_IMAGE_MAX_PIXELS         (40L * 1000 * 1000) /* decoded image size cap, pixels */
#define QUIRE_IMAGE_MAX_BYTES          (32L * 1024 * 1024) /* encoded image size cap, bytes */
#define QUIRE_IMAGE_MAX_SIDE           16384 /* px, widest or tallest image decoded (app/image) */
#define QUIRE_IMAGE_JPEG_MAX_SCANS     500   /* scans of a progressive JPEG before it is refused */
#define QUIRE_IMAGE_DECODER_MAX_BYTES  (256L * 1024 * 1024) /* a JPEG decoder's working memory */
#define QUIRE_DAMAGE_MAX_RECTS         16 /* damage rectangles per frame before merging (1..64) */
#define QUIRE_DAMAGE_MERGE_GAP_PX      24 /* rows of no change that still join two bands (0..200) */
#define QUIRE_FAST_UPDATE_MAX_PERMILLE 250 /* a UI update larger than this goes partial */
#define QUIRE_REFRESH_MAX_UPDATES      4 /* update requests per frame, rects merged past it (1..16) */
#define QUIRE_REFRESH_MERGE_SLACK_PX                                                               \
    16384 /* px of unchanged area a merge may always add (0..1e6) */

/* ---- reader UI ---- */
#define QUIRE_HOLD_MS      600 /* ms a contact must stay put to be a hold, not a tap (300..2000) */
#define QUIRE_SWIPE_MIN_MM 6   /* mm a contact travels to be a swipe rather than a tap (2..30) */
#define QUIRE_TAP_MENU_PERMILLE                                                                    \
    125                             /* top band of the page that opens the menu, 1/1000 (0..300)   \
                                     */
#define QUIRE_TAP_BACK_PERMILLE 333 /* width of the page-back zone, 1/1000 (100..500) */
#define QUIRE_UI_FONT_PX        28  /* px at 300 dpi, text of lists and menus (12..80) */
#define QUIRE_UI_SMALL_PX       22  /* px at 300 dpi, secondary text: dates, sections (10..60) */
#define QUIRE_UI_TITLE_PX       40  /* px at 300 dpi, screen titles (16..100) */
#define QUIRE_UI_ROW_PX         150 /* px at 300 dpi, height of one library row (60..400) */
#define QUIRE_UI_GROUP_PX       64  /* px at 300 dpi, a group heading in the library */
#define QUIRE_UI_MARGIN_PX      40  /* px at 300 dpi, side margin of lists and menus (0..200) */
#define QUIRE_UI_LABEL_CACHE    256 /* typeset labels kept between frames (16..4096) */
#define QUIRE_UI_TIMERS         8   /* timers the shell keeps at once (4..64) */
#define QUIRE_UI_STACK          8   /* screens open at once, the library at the bottom (3..32) */

/* ---- sync ---- */
#define QUIRE_NET_CONNECT_TIMEOUT_S 20 /* s to connect to a mirror (1..120) */
#define QUIRE_NET_STALL_TIMEOUT_S   30 /* s below QUIRE_NET_STALL_BYTES_S before giving up */
/* The minimum transfer rate, bytes/s averaged over QUIRE_NET_STALL_TIMEOUT_S (1..65536): a
 * mirror that trickles slower counts as stalled and the sync fails over (--min-rate). */
#define QUIRE_NET_STALL_BYTES_S 128
/* s one file (index or bundle, all attempts) may take in all before the sync moves on
 * (10..86400; --deadline): a mirror just above the minimum rate cannot hold a sync for ever. */
#define QUIRE_NET_FILE_DEADLINE_S 3600
/* Bytes of unfinished downloads kept in partial/ (1M..4G): the oldest go first, so a relay
 * that never completes its bundles cannot fill the device (--max-partial-mb). */
#define QUIRE_SYNC_PARTIAL_MAX_BYTES (256LL * 1024 * 1024)
#define QUIRE_NET_RETRIES            3   /* attempts per mirror (1..10) */
#define QUIRE_NET_BACKOFF_MS         500 /* first retry delay, doubled each time (100..10000) */
#define QUIRE_NET_ONLINE_CHECK_MS    250 /* ms between a transfer's is_online queries (100..1000) */
#define QUIRE_INDEX_MAX_BYTES        (8L * 1024 * 1024) /* a repository index, bytes */
#define QUIRE_INDEX_MAX_BUNDLES      20000 /* bundles listed in one index (10..1000000) */
#define QUIRE_INDEX_MAX_LIST         64    /* languages or sections per bundle entry (1..1000) */
#define QUIRE_INDEX_MAX_STRING       256   /* bytes in one index string value (64..4096) */
#define QUIRE_INDEX_VALID_DAYS       14 /* days a published index stays valid by default (1..365) */
#define QUIRE_NET_BACKOFF_MAX_MS     8000 /* ms cap on the doubled retry delay (1000..60000) */
#define QUIRE_NET_MAX_MIRRORS        16   /* mirror URLs per source (1..64) */
/* Batches of GETs (the feed publisher's feeds and pages): threads, connections one host gets at
 * once, and the gap between two requests' starts on one host, to be a polite client. */
#define QUIRE_NET_BATCH_THREADS       4         /* (1..32) */
#define QUIRE_NET_PER_HOST            2         /* (1..8) */
#define QUIRE_NET_HOST_DELAY_MS       250       /* ms (0..60000) */
#define QUIRE_SYNC_PARTIAL_DIR        "partial" /* folder beside the library for resumable downloads */
#define QUIRE_SYNC_ARCHIVE_DIR        "bundles" /* folder beside the library keeping synced bundles */
#define QUIRE_SERVE_PORT              8787      /* default TCP port of `quire serve` (1..65535) */
#define QUIRE_SERVE_MAX_CONNECTIONS   512       /* open connections of `quire serve` (16..4096) */
#define QUIRE_SERVE_PER_CLIENT        8         /* connections per client address (1..64) */
#define QUIRE_SERVE_THREADS           4         /* threads polling serve's connections (1..16) */
#define QUIRE_SERVE_REQUEST_TIMEOUT_S 10    /* s a client has to send a whole request (2..120) */
#define QUIRE_SERVE_IDLE_TIMEOUT_S    15    /* s of silence before serve drops a client (5..300) */
#define QUIRE_SERVE_REQUEST_MEMORY    32768 /* bytes of request line and headers (8K..1M) */

/* Bounds of the numbers people type for sync and publishing (flags and `quire source set`;
 * sync and retention read the settings back through the same checked parser). */
#define QUIRE_INDEX_MAX_VALID_DAYS   3650        /* most days `publish --valid-days` accepts */
#define QUIRE_SETTING_MAX_RATE       (1LL << 40) /* sync.max_rate, bytes/s */
#define QUIRE_SETTING_MAX_LIBRARY_MB (1LL << 24) /* retention.max_library_mb (16 TB) */
#define QUIRE_SETTING_MAX_AGE_DAYS   36500       /* retention.max_age_days */
#define QUIRE_SETTING_MAX_PARTIAL_MB 4096        /* sync.max_partial_mb (--max-partial-mb) */

/* ---- reader UI settings (defaults of app/ui/ui_prefs.c's registry) ---- */
#define QUIRE_UI_LANG             "en" /* language of the reader's own text: en, ru, fa */
#define QUIRE_UI_LEFT_HANDED      0    /* 1 = tap zones swapped for the left hand (0..1) */
#define QUIRE_SYNC_EVERY_MINUTES  60   /* minutes between syncs (0 = never, ..1440) */
#define QUIRE_SLEEP_AFTER_MINUTES 15   /* idle minutes before sleeping (0 = never, ..1440) */
#define QUIRE_KIOSK_INTERVAL_S    20   /* s a kiosk shows each page (2..3600) */
#define QUIRE_KIOSK_IDLE_S        120  /* s after a touch before a kiosk cycles on (10..3600) */
#define QUIRE_KIOSK_SECTIONS      ""   /* comma-separated sections a kiosk shows ("" = all) */
/* Comma-separated hours (0..23) of a kiosk's daily deep clean of the panel ("" = never) */
#define QUIRE_KIOSK_DEEP_CLEAN_HOURS "3"
#define QUIRE_PREF_TEXT_MAX          256 /* bytes of a text setting's value, with its NUL */
#define QUIRE_KIOSK_ARTICLES         30  /* newest articles a kiosk's rotation shows (1..500) */
/* Keys (script names) that, held together for QUIRE_KIOSK_EXIT_HOLD_MS, leave kiosk mode: the
 * two page buttons of an e-reader, PgUp + PgDn on a keyboard. The only way out of a kiosk. */
#define QUIRE_KIOSK_EXIT_KEYS    "pgup", "pgdn"
#define QUIRE_KIOSK_EXIT_HOLD_MS 5000 /* ms the exit keys are held (1000..60000) */

/* ---- publisher side: feeds, fetching, extraction (app/feed) ---- */
#define QUIRE_FEED_MAX_BYTES        (16L * 1024 * 1024) /* one feed document, bytes (64K..256M) */
#define QUIRE_FEED_MAX_ITEMS        2000 /* items kept from one feed, first ones win (10..100000) */
#define QUIRE_FEED_MAX_FIELD_BYTES  (2L * 1024 * 1024) /* one item's content or summary, bytes */
#define QUIRE_FEED_MAX_TEXT_BYTES   4096 /* a title, link, guid, author or category, bytes */
#define QUIRE_FEED_MAX_LIST         64   /* categories or media of one item (1..1000) */
#define QUIRE_OPML_MAX_BYTES        (4L * 1024 * 1024) /* an OPML file, bytes (4K..64M) */
#define QUIRE_OPML_MAX_FEEDS        5000               /* feeds in one OPML file (1..100000) */
#define QUIRE_PAGE_MAX_BYTES        (4L * 1024 * 1024) /* one web page to extract, bytes (64K..64M) */
#define QUIRE_PAGE_MAX_NESTING      1000 /* open tags of a page before it is refused (100..10000) */
#define QUIRE_FEED_DB_FILENAME      "publisher.db" /* the publisher's state beside the library */
#define QUIRE_FEED_DEFAULT_ITEMS    30 /* newest items a feed contributes per run (1..2000) */
#define QUIRE_FEED_DEFAULT_AGE_DAYS 7  /* items older than this are skipped (1..3650) */
/* `quire feed publish`: the bundles' publisher name unless --publisher says, and the
 * repository's retention unless --keep-days says (bundles older than this leave the index and
 * the folder; readers keep what they synced: 1..3650, 0 keeps everything). */
#define QUIRE_FEED_PUBLISHER     "Quire feeds"
#define QUIRE_FEED_KEEP_DAYS     30
#define QUIRE_FEED_PICTURES      8 /* pictures one published story shows at most (0..64) */
#define QUIRE_FEED_PICTURE_BATCH 8 /* pictures a run downloads at once, then prepares (1..64) */

/* ---- publisher side: pictures (app/feed/feed_image.c) ---- */
/* px: the widest device profile's width (it8951-10in3, platform/platform.c; test_platform
 * keeps the two equal), so no reader scales a picture up. */
#define QUIRE_FEED_IMAGE_MAX_W         1872
#define QUIRE_FEED_IMAGE_MAX_H         4096 /* px, tallest picture kept (long infographics) */
#define QUIRE_FEED_IMAGE_MIN_W         160  /* px, narrowest a picture shrinks to fit its budget */
#define QUIRE_FEED_IMAGE_ARTICLE_BYTES (768L * 1024) /* an article's pictures together, bytes */
#define QUIRE_FEED_IMAGE_JPEG_QUALITY  82            /* first JPEG quality tried (1..100) */
#define QUIRE_FEED_IMAGE_JPEG_MIN_Q    35 /* lowest before the picture is made smaller (1..100) */
#define QUIRE_FEED_IMAGE_PNG_LEVELS    32 /* grays at most in a picture kept as PNG (2..256) */
#define QUIRE_FEED_IMAGE_FLAT_PERCENT  60 /* pixels like their neighbour: PNG tried too (1..100) */
#define QUIRE_FEED_IMAGE_CACHE_BYTES   (128L * 1024 * 1024) /* prepared pictures kept per run */

#endif

/* feed_date: the dates feeds write, to Unix time. RFC 822 / RFC 2822 as RSS uses it
 * ("Tue, 10 Jun 2003 04:00:00 GMT", named US zones, two-digit years, no seconds, no day name)
 * and RFC 3339 / W3C-DTF as Atom, RDF and JSON Feed use it ("2003-12-13T18:30:02.25+01:00",
 * "2003-12-13", a time without zone read as UTC). Fields are range-checked; anything else is
 * not a date. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool civil_ok(int y, int mo, int d, int h, int mi, int s)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1)
        return false;
    if (d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
        return false;
    return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

static bool make_time(int y, int mo, int d, int h, int mi, int s, int offset_min, int64_t *out)
{
    if (!civil_ok(y, mo, d, h, mi, s))
        return false;
    if (s == 60) /* a leap second is the next second's start */
        s = 59;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - (int64_t)offset_min * 60;
    return true;
}

/* Reads exactly n digits. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

/* Reads 1..max digits. */
static bool number(const char **p, int max, int *out, int *n_read)
{
    int v = 0, n = 0;
    while (n < max && isdigit((unsigned char)(*p)[n]))
        v = v * 10 + ((*p)[n++] - '0');
    *p += n;
    *out = v;
    if (n_read)
        *n_read = n;
    return n > 0;
}

static void skip_space(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n')
        (*p)++;
}

/* "+hh:mm", "+hhmm", "+hh", "Z" (and in RFC 822 the named zones). */
static bool numeric_zone(const char **p, int *offset_min)
{
    if (**p == 'Z' || **p == 'z') {
        (*p)++;
        *offset_min = 0;
        return true;
    }
    if (**p != '+' && **p != '-')
        return false;
    int sign = **p == '-' ? -1 : 1, h, m = 0;
    (*p)++;
    if (!digits(p, 2, &h))
        return false;
    if (**p == ':')
        (*p)++;
    if (isdigit((unsigned char)**p) && !digits(p, 2, &m))
        return false;
    if (h > 23 || m > 59)
        return false;
    *offset_min = sign * (h * 60 + m);
    return true;
}

static bool rfc3339(const char *s, int64_t *out)
{
    const char *p = s;
    int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, off = 0;
    skip_space(&p);
    if (!digits(&p, 4, &y))
        return false;
    if (*p == '-') {
        p++;
        if (!digits(&p, 2, &mo))
            return false;
        if (*p == '-') {
            p++;
            if (!digits(&p, 2, &d))
                return false;
        }
    }
    if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return false;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &sec))
                return false;
            if (*p == '.' || *p == ',') {
                p++;
                while (isdigit((unsigned char)*p))
                    p++;
            }
        }
        if (*p && !isspace((unsigned char)*p) && !numeric_zone(&p, &off))
            return false;
    }
    skip_space(&p);
    return !*p && make_time(y, mo, d, h, mi, sec, off, out);
}

static int month_of(const char *p)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    for (int i = 0; i < 12; i++)
        if (strncasecmp(p, months + 3 * i, 3) == 0)
            return i + 1;
    return 0;
}

static const struct {
    const char *name;
    int offset_min;
} zones[] = {
    {"UT", 0},        {"UTC", 0},       {"GMT", 0},       {"Z", 0},         {"EST", -5 * 60},
    {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60}, {"MST", -7 * 60}, {"MDT", -6 * 60},
    {"PST", -8 * 60}, {"PDT", -7 * 60}, {"BST", 60},      {"CET", 60},      {"CEST", 120},
    {"MSK", 180},     {"IST", 330},     {"JST", 540},
};

static bool named_zone(const char **p, int *offset_min)
{
    size_t n = 0;
    while (isalpha((unsigned char)(*p)[n]))
        n++;
    if (n == 0)
        return false;
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strlen(zones[i].name) == n && strncasecmp(*p, zones[i].name, n) == 0) {
            *offset_min = zones[i].offset_min;
            *p += n;
            return true;
        }
    if (n == 1) { /* RFC 822's military zones are ambiguous in practice (RFC 2822 4.3): UTC */
        *offset_min = 0;
        *p += 1;
        return true;
    }
    return false;
}

static bool rfc822(const char *s, int64_t *out)
{
    const char *p = s;
    int d, y, h, mi, sec = 0, off = 0, ny;
    skip_space(&p);
    if (isalpha((unsigned char)*p)) { /* day name: "Tue," or "Tuesday," */
        while (isalpha((unsigned char)*p))
            p++;
        if (*p == ',')
            p++;
        skip_space(&p);
    }
    if (!number(&p, 2, &d, NULL))
        return false;
    skip_space(&p);
    if (*p == '-')
        p++;
    int mo = month_of(p);
    if (!mo)
        return false;
    while (isalpha((unsigned char)*p))
        p++;
    if (*p == '-')
        p++;
    skip_space(&p);
    if (!number(&p, 4, &y, &ny) || (ny != 2 && ny != 4))
        return false;
    if (ny == 2) /* RFC 2822 4.3: 00-49 are 20xx, 50-99 are 19xx */
        y += y < 50 ? 2000 : 1900;
    skip_space(&p);
    if (!number(&p, 2, &h, NULL) || *p++ != ':' || !number(&p, 2, &mi, NULL))
        return false;
    if (*p == ':') {
        p++;
        if (!number(&p, 2, &sec, NULL))
            return false;
    }
    skip_space(&p);
    if (*p && !numeric_zone(&p, &off) && !named_zone(&p, &off))
        return false;
    skip_space(&p);
    return !*p && make_time(y, mo, d, h, mi, sec, off, out);
}

bool feed_date_parse(const char *s, int64_t *out)
{
    if (!s || strlen(s) > 64)
        return false;
    return rfc3339(s, out) || rfc822(s, out);
}

/* util.c: allocation that cannot fail, fatal errors with file and line,
 * randomness, UTF-8, and time in UTC and Europe/Copenhagen. */
#include "hjemvej.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Noreturn void fatal_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "hjemvej: fatal: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* One line on stderr in one write: a line is never split among other
 * threads' lines, and a busy server's request log costs one system call a
 * request (stderr is unbuffered: three calls before).  A line longer than
 * the buffer is cut, with "..." at its end. */
void log_msg(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	time_iso_utc(line, time(NULL));
	size_t n = strlen(line);
	line[n++] = ' ';
	va_start(ap, fmt);
	int k = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
	va_end(ap);
	if (k < 0)
		k = 0;
	if ((size_t)k >= sizeof line - n - 1) {
		n = sizeof line - 1;
		memcpy(line + n - 4, "...", 3);
		n--;
	} else {
		n += (size_t)k;
	}
	line[n++] = '\n';
	for (size_t off = 0; off < n;) {
		ssize_t w = write(2, line + off, n - off);
		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			break;
		}
		off += (size_t)w;
	}
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		FATAL("out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		FATAL("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		FATAL("out of memory (%zu bytes)", n);
	return p;
}

void *id_find(const void *rows, size_t n, size_t size, long long id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		long long at;
		memcpy(&at, (const char *)rows + mid * size, sizeof at);
		if (at == id)
			return (char *)rows + mid * size;
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void *rows_add(void *rows, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		rows = xrealloc(rows, *cap * size);
	}
	memset((char *)rows + *n * size, 0, size);
	(*n)++;
	return rows;
}

/* What snprintf(dst, size, "%s", src) does, without printf's machinery:
 * the pages copy short strings (dates) a few hundred times each. */
void str_copy(char *dst, size_t size, const char *src)
{
	if (!size)
		return;
	size_t n = src ? strnlen(src, size - 1) : 0;
	memcpy(dst, src ? src : "", n);
	dst[n] = 0;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void random_bytes(void *p, size_t n)
{
	randombytes_buf(p, n);
}

void hex_encode(char *out, const unsigned char *in, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[in[i] >> 4];
		out[2 * i + 1] = hx[in[i] & 15];
	}
	out[2 * n] = 0;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
int utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

int str_ct_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

/* ---- time ---------------------------------------------------------- */

static time_t real_now(void)
{
	return time(NULL);
}

time_t (*now_fn)(void) = real_now;

time_t now(void)
{
	return now_fn();
}

/* Writes v as exactly n decimal digits (the low ones). */
static char *put_digits(char *p, long v, int n)
{
	if (v < 0)
		v = -v;
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

void format_ymd(char out[11], int y, int m, int d)
{
	char *p = put_digits(out, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p = 0;
}

void time_iso_utc(char out[21], time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	format_ymd(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	char *p = out + 10;
	*p++ = 'T';
	p = put_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_min, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_sec, 2);
	*p++ = 'Z';
	*p = 0;
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant). */
static long days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The proleptic Gregorian date of a day number from days_from_civil. */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long mm = mp < 10 ? mp + 3 : mp - 9;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

/* Year, month and day of a date that begins åååå-mm-dd, without sscanf
 * (the schedules do this thousands of times per page); other spellings
 * are read as sscanf("%4d-%2d-%2d") read them before.  0 when read. */
int ymd_read(const char *iso, int *y, int *m, int *d)
{
	if (!iso)
		return -1;
	if (iso[0] && iso[1] && iso[2] && iso[3] && iso[4] == '-' && iso[5] && iso[6] && iso[7] == '-' &&
	    iso[8] && iso[9] && (iso[10] < '0' || iso[10] > '9')) {
		int ok = 1;
		for (int i = 0; i < 10; i++)
			if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
				ok = 0;
		if (ok) {
			*y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
			*m = (iso[5] - '0') * 10 + (iso[6] - '0');
			*d = (iso[8] - '0') * 10 + (iso[9] - '0');
			return 0;
		}
	}
	return sscanf(iso, "%4d-%2d-%2d", y, m, d) == 3 ? 0 : -1;
}

int time_parse_iso_utc(const char *s, time_t *out)
{
	int y, mo, d, h, mi, se;
	char z;
	/* the stored form, åååå-mm-ddTtt:mm:ssZ, without sscanf (a page reads
	 * a few hundred); other spellings as sscanf read them */
	if (s && strlen(s) == 20 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
	    digits(s + 8, 2) && s[10] == 'T' && digits(s + 11, 2) && s[13] == ':' && digits(s + 14, 2) &&
	    s[16] == ':' && digits(s + 17, 2) && s[19] == 'Z') {
		y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2);
		h = num(s + 11, 2), mi = num(s + 14, 2), se = num(s + 17, 2);
	} else if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 || z != 'Z') {
		return -1;
	}
	if (!date_valid(y, mo, d) || h > 23 || mi > 59 || se > 60)
		return -1;
	*out = (time_t)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

/* The last Sunday of a month, 01:00 UTC: when EU summer time starts/ends. */
static time_t last_sunday_0100(int year, int month)
{
	int mdays = month == 3 || month == 10 ? 31 : 30;
	long day = days_from_civil(year, month, mdays);
	long wd = (day + 4) % 7; /* 1970-01-01 was a Thursday (4); 0 = Sunday */
	if (wd < 0)
		wd += 7;
	return (time_t)(day - wd) * 86400 + 3600;
}

long copenhagen_offset(time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	int y = tm.tm_year + 1900;
	if (t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10))
		return 7200;
	return 3600;
}

static void copenhagen_tm(time_t t, struct tm *tm)
{
	time_t local = t + copenhagen_offset(t);
	gmtime_r(&local, tm);
}

void today_copenhagen(char out[11])
{
	struct tm tm;
	copenhagen_tm(now(), &tm);
	format_ymd(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void time_format_dk(char out[17], time_t t)
{
	struct tm tm;
	copenhagen_tm(t, &tm);
	char *p = put_digits(out, tm.tm_mday, 2);
	*p++ = '.';
	p = put_digits(p, tm.tm_mon + 1, 2);
	*p++ = '.';
	p = put_digits(p, tm.tm_year + 1900, 4);
	*p++ = ' ';
	p = put_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_min, 2);
	*p = 0;
}

void date_format_dk(char out[11], const char *iso)
{
	int y, m, d;
	if (!iso || ymd_read(iso, &y, &m, &d) || !date_valid(y, m, d)) {
		snprintf(out, 11, "%s", "-");
		return;
	}
	char *p = put_digits(out, d, 2);
	*p++ = '.';
	p = put_digits(p, m, 2);
	*p++ = '.';
	p = put_digits(p, y, 4);
	*p = 0;
}

int date_valid(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1800 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int date_parse(const char *in, char out[11])
{
	int y, m, d;
	size_t n = strlen(in);
	if (n == 10 && in[4] == '-' && in[7] == '-' && digits(in, 4) && digits(in + 5, 2) &&
	    digits(in + 8, 2)) {
		y = num(in, 4), m = num(in + 5, 2), d = num(in + 8, 2);
	} else if (n == 10 && in[2] == '.' && in[5] == '.' && digits(in, 2) &&
		   digits(in + 3, 2) && digits(in + 6, 4)) {
		d = num(in, 2), m = num(in + 3, 2), y = num(in + 6, 4);
	} else {
		return -1;
	}
	if (!date_valid(y, m, d))
		return -1;
	format_ymd(out, y, m, d);
	return 0;
}

long days_between(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;
	if (ymd_read(a, &ya, &ma, &da) || ymd_read(b, &yb, &mb, &db))
		return 0;
	return days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
}

/* The date a number of days after (or before) an åååå-mm-dd date; an
 * unreadable date counts from today. */
void date_add_days(char out[11], const char *iso, long days)
{
	int y, m, d;
	if (!ymd_read(iso, &y, &m, &d) && date_valid(y, m, d)) {
		civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
		if (y >= 0 && y <= 9999) {
			format_ymd(out, y, m, d);
			return;
		}
	}
	time_t t;
	char buf[21];
	snprintf(buf, sizeof buf, "%sT12:00:00Z", iso);
	if (time_parse_iso_utc(buf, &t))
		t = now();
	t += days * 86400;
	time_iso_utc(buf, t);
	memcpy(out, buf, 10);
	out[10] = 0;
}

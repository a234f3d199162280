/* Unit tests (Check).  Built against the program's own objects, run under
 * ASan+UBSan by make unit-test. */
#include "hjemvej.h"

#include <limits.h>

#include <check.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *fmt(const char *f, const char *arg)
{
	Buf b = {0};
	bprintf(&b, f, arg);
	return b.p;
}

/* ---- escaping ------------------------------------------------------------ */

/* The embedded files are found by a binary search over their paths: every
 * file by its own path, nothing by a prefix, a longer path or an unknown one. */
START_TEST(assets_are_found_by_exact_path_only)
{
	ck_assert_uint_gt(n_embedded_files, 10);
	for (size_t i = 0; i < n_embedded_files; i++)
		ck_assert_ptr_eq(asset_find(embedded_files[i].path), &embedded_files[i]);
	ck_assert_ptr_null(asset_find("/assets/app.cs"));
	ck_assert_ptr_null(asset_find("/assets/app.css2"));
	ck_assert_ptr_null(asset_find("/assets/"));
	ck_assert_ptr_null(asset_find(""));
	ck_assert_ptr_null(asset_find("/zzz"));
	ck_assert_ptr_nonnull(asset_find("/assets/app.css"));
}
END_TEST

/* bprintf copies the literal text between conversions whole, at the start,
 * the end and between two conversions with nothing between them. */
START_TEST(bprintf_literal_text_around_conversions)
{
	Buf b = {0};
	bprintf(&b, "%d%d", 1, 2);
	ck_assert_str_eq(buf_str(&b), "12");
	buf_reset(&b);
	bprintf(&b, "no conversion at all");
	ck_assert_str_eq(buf_str(&b), "no conversion at all");
	buf_reset(&b);
	bprintf(&b, "a %h b %% c %l", "<x>", -5LL);
	ck_assert_str_eq(buf_str(&b), "a &lt;x&gt; b % c -5");
	buf_reset(&b);
	bprintf(&b, "");
	ck_assert_str_eq(buf_str(&b), "");
	buf_free(&b);
}
END_TEST

START_TEST(html_text_escapes_markup)
{
	char *s = fmt("<p>%h</p>", "<script>alert('x') & \"y\"</script>");
	ck_assert_str_eq(s, "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</p>");
	free(s);
}
END_TEST

START_TEST(html_attribute_escapes_quotes_and_newlines)
{
	char *s = fmt("<input value=\"%a\">", "a\"b\nc`d'");
	ck_assert_str_eq(s, "<input value=\"a&quot;b&#10;c&#96;d&#39;\">");
	free(s);
}
END_TEST

START_TEST(html_keeps_danish_letters_and_replaces_invalid_utf8)
{
	char *s = fmt("%h", "Søren Ærø \xC3\x28 \xFF");
	ck_assert_str_eq(s, "Søren Ærø \xEF\xBF\xBD( \xEF\xBF\xBD");
	free(s);
	s = fmt("%h", "\xED\xA0\x80"); /* a UTF-16 surrogate is not UTF-8 */
	ck_assert_str_eq(s, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	free(s);
}
END_TEST

START_TEST(html_drops_control_characters)
{
	char *s = fmt("%h", "a\x01" "b\x1b" "c");
	ck_assert_str_eq(s, "abc");
	free(s);
	/* text keeps its whitespace and backticks; an attribute encodes them */
	s = fmt("%h", "a\nb\tc`d\re\x7f");
	ck_assert_str_eq(s, "a\nb\tc`d\re\x7f");
	free(s);
	s = fmt("%a", "a\tb\rc\x02" "d");
	ck_assert_str_eq(s, "a&#9;b&#13;cd");
	free(s);
}
END_TEST

START_TEST(url_component_percent_encodes)
{
	char *s = fmt("/login?next=%u", "/unge/1?x=æ&y=1 2");
	ck_assert_str_eq(s, "/login?next=%2Funge%2F1%3Fx%3D%C3%A6%26y%3D1%202");
	free(s);
}
END_TEST

START_TEST(json_escapes_for_script_context)
{
	char *s = fmt("{\"n\":\"%j\"}", "</script>\"\\\n'&");
	ck_assert_str_eq(s, "{\"n\":\"\\u003c/script\\u003e\\\"\\\\\\u000a\\u0027\\u0026\"}");
	free(s);
}
END_TEST

START_TEST(numbers_and_raw_literals)
{
	Buf b = {0};
	bprintf(&b, "%d %l %z %x %c %% %s", -7, 1234567890123LL, (size_t)42, 255u, 'q', "<b>");
	ck_assert_str_eq(b.p, "-7 1234567890123 42 ff q % <b>");
	buf_reset(&b);
	/* the ends of each type, written without snprintf */
	bprintf(&b, "%d|%d|%d|%l|%l|%z|%x|%x", 0, INT_MIN, INT_MAX, LLONG_MIN, LLONG_MAX, SIZE_MAX, 0u, UINT_MAX);
	ck_assert_str_eq(b.p, "0|-2147483648|2147483647|-9223372036854775808|9223372036854775807|"
			      "18446744073709551615|0|ffffffff");
	buf_free(&b);
}
END_TEST

START_TEST(str_copy_truncates_like_snprintf)
{
	char d[11];
	str_copy(d, sizeof d, "2026-12-02");
	ck_assert_str_eq(d, "2026-12-02");
	str_copy(d, sizeof d, "2026-12-02T10:00:00Z");
	ck_assert_str_eq(d, "2026-12-02");
	str_copy(d, sizeof d, NULL);
	ck_assert_str_eq(d, "");
	str_copy(d, 1, "x");
	ck_assert_str_eq(d, "");
	d[0] = 'k';
	str_copy(d, 0, "x"); /* no room: nothing written */
	ck_assert_int_eq(d[0], 'k');
}
END_TEST

START_TEST(buffer_grows_without_limit)
{
	Buf b = {0};
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "0123456789");
	ck_assert_uint_eq(b.n, 1000000);
	ck_assert_int_eq(b.p[b.n], 0);
	buf_free(&b);
}
END_TEST

/* ---- CPR ------------------------------------------------------------------- */

START_TEST(cpr_accepts_with_and_without_dash)
{
	char c[11];
	ck_assert_int_eq(cpr_parse("010203-1234", c), 0);
	ck_assert_str_eq(c, "0102031234");
	ck_assert_int_eq(cpr_parse(" 0102031234 ", c), 0);
	ck_assert_str_eq(c, "0102031234");
}
END_TEST

START_TEST(cpr_rejects_bad_numbers)
{
	char c[11];
	const char *bad[] = {"", "123", "01020312345", "010203--1234", "0102-031234", "320101-1234",
			     "011301-1234", "290201-1234" /* 1901 was no leap year */, "01020312a4",
			     "010203 1234", "-0102031234"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(cpr_parse(bad[i], c) != 0, "accepted %s", bad[i]);
}
END_TEST

START_TEST(cpr_century_from_seventh_digit)
{
	char d[11];
	ck_assert_int_eq(cpr_birth_date("2902004000", d), 0); /* 4, year 00 -> 2000, a leap year */
	ck_assert_str_eq(d, "2000-02-29");
	ck_assert_int_eq(cpr_birth_date("0101604000", d), 0); /* 4, year 60 -> 1960 */
	ck_assert_str_eq(d, "1960-01-01");
	ck_assert_int_eq(cpr_birth_date("0101605000", d), 0); /* 5, year 60 -> 1860 */
	ck_assert_str_eq(d, "1860-01-01");
	ck_assert_int_eq(cpr_birth_date("0101105000", d), 0); /* 5, year 10 -> 2010 */
	ck_assert_str_eq(d, "2010-01-01");
	ck_assert_int_eq(cpr_birth_date("0101991000", d), 0); /* 1 -> 1999 */
	ck_assert_str_eq(d, "1999-01-01");
	ck_assert_int_ne(cpr_birth_date("2902011000", d), 0); /* 1901-02-29 */
}
END_TEST

START_TEST(cpr_masking)
{
	char m[12];
	cpr_mask("0102031234", m);
	ck_assert_str_eq(m, "010203-XXXX");
	cpr_format("0102031234", m);
	ck_assert_str_eq(m, "010203-1234");
}
END_TEST

/* ---- dates and time --------------------------------------------------------- */

START_TEST(dates_parse_both_forms)
{
	char d[11];
	ck_assert_int_eq(date_parse("2026-03-01", d), 0);
	ck_assert_str_eq(d, "2026-03-01");
	ck_assert_int_eq(date_parse("01.03.2026", d), 0);
	ck_assert_str_eq(d, "2026-03-01");
	ck_assert_int_ne(date_parse("31.02.2026", d), 0);
	ck_assert_int_ne(date_parse("1.3.2026", d), 0);
	ck_assert_int_ne(date_parse("2026-3-1", d), 0);
	date_format_dk(d, "2026-03-01");
	ck_assert_str_eq(d, "01.03.2026");
}
END_TEST

START_TEST(copenhagen_summer_time)
{
	time_t t;
	char s[17];
	/* 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC */
	ck_assert_int_eq(time_parse_iso_utc("2026-03-29T00:59:59Z", &t), 0);
	ck_assert_int_eq(copenhagen_offset(t), 3600);
	ck_assert_int_eq(copenhagen_offset(t + 1), 7200);
	ck_assert_int_eq(time_parse_iso_utc("2026-10-25T00:59:59Z", &t), 0);
	ck_assert_int_eq(copenhagen_offset(t), 7200);
	ck_assert_int_eq(copenhagen_offset(t + 1), 3600);
	ck_assert_int_eq(time_parse_iso_utc("2026-07-01T22:30:00Z", &t), 0);
	time_format_dk(s, t);
	ck_assert_str_eq(s, "02.07.2026 00:30");
	ck_assert_int_eq(time_parse_iso_utc("2026-12-31T23:30:00Z", &t), 0);
	time_format_dk(s, t);
	ck_assert_str_eq(s, "01.01.2027 00:30");
}
END_TEST

START_TEST(iso_utc_round_trip)
{
	char s[21];
	time_t t;
	time_iso_utc(s, 0);
	ck_assert_str_eq(s, "1970-01-01T00:00:00Z");
	ck_assert_int_eq(time_parse_iso_utc("2024-02-29T12:34:56Z", &t), 0);
	time_iso_utc(s, t);
	ck_assert_str_eq(s, "2024-02-29T12:34:56Z");
	ck_assert_int_ne(time_parse_iso_utc("2023-02-29T12:34:56Z", &t), 0);
	/* out of range, cut short, no zone, or not digits: refused */
	ck_assert_int_ne(time_parse_iso_utc("2026-07-01T24:00:00Z", &t), 0);
	ck_assert_int_ne(time_parse_iso_utc("2026-07-01T12:60:00Z", &t), 0);
	ck_assert_int_ne(time_parse_iso_utc("2026-07-01T12:00:00", &t), 0);
	ck_assert_int_ne(time_parse_iso_utc("2026-07-01T12:00", &t), 0);
	ck_assert_int_ne(time_parse_iso_utc("2026-07-01T1a:00:00Z", &t), 0);
	ck_assert_int_ne(time_parse_iso_utc("", &t), 0);
	/* a spelling the stored form never has is still read as before */
	ck_assert_int_eq(time_parse_iso_utc("2026-7-1T1:2:3Z", &t), 0);
	time_iso_utc(s, t);
	ck_assert_str_eq(s, "2026-07-01T01:02:03Z");
	ck_assert_int_eq(days_between("2024-02-28", "2024-03-01"), 2);
}
END_TEST

/* ---- UTF-8 ------------------------------------------------------------------ */

START_TEST(utf8_validation)
{
	ck_assert(utf8_valid("æøå ÆØÅ 😀", strlen("æøå ÆØÅ 😀")));
	ck_assert(!utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
	ck_assert(!utf8_valid("\xE0\x80\xAF", 3));     /* overlong */
	ck_assert(!utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
	ck_assert(!utf8_valid("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
	ck_assert(!utf8_valid("\xC3", 1));             /* truncated */
	ck_assert_uint_eq(utf8_chars("æøå"), 3);
}
END_TEST

/* ---- routing and parameters -------------------------------------------------- */

START_TEST(routes_are_declared_completely)
{
	ck_assert_int_eq(routes_selfcheck(), 0);
	for (size_t i = 0; i < n_routes; i++)
		ck_assert_msg(routes[i].roles != 0, "route %s has no role rule", routes[i].pattern);
}
END_TEST

START_TEST(route_matching)
{
	char *pv[8];
	int n, mm;
	const Route *r = route_match("GET", "/unge/42", &mm, pv, &n);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->pattern, "/unge/:id");
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(pv[0], "42");
	free(pv[0]);
	ck_assert_ptr_null(route_match("GET", "/unge/", &mm, pv, &n));
	ck_assert_ptr_null(route_match("GET", "/unge/42/x", &mm, pv, &n));
	ck_assert_ptr_null(route_match("DELETE", "/unge/42", &mm, pv, &n));
	ck_assert_int_eq(mm, 1);
	ck_assert_ptr_null(route_match("GET", "/henvisning", &mm, pv, &n)); /* POST only */
	ck_assert_int_eq(mm, 1);
	r = route_match("GET", "/assets/app.css", &mm, pv, &n);
	ck_assert_ptr_nonnull(r);
	ck_assert(r->flags & R_ASSET);
}
END_TEST

static const char *check(ParamType t, unsigned flags, long long max, const char *raw, char **norm)
{
	ParamDef d = {"x", t, flags, 0, max, t == PT_ENUM ? target_groups : NULL};
	if (t == PT_INT)
		d.min = -5;
	return param_check(&d, raw, norm);
}

#define OK(t, f, max, raw, want)                                            \
	do {                                                                \
		char *n_ = NULL;                                            \
		const char *e_ = check(t, f, max, raw, &n_);                \
		ck_assert_msg(e_ == NULL, "%s rejected: %s", raw, e_);      \
		ck_assert_str_eq(n_, want);                                 \
		free(n_);                                                   \
	} while (0)
#define BAD(t, f, max, raw)                                                 \
	do {                                                                \
		char *n_ = NULL;                                            \
		ck_assert_msg(check(t, f, max, raw, &n_) != NULL, "%s accepted", raw); \
		ck_assert_ptr_null(n_);                                     \
	} while (0)

START_TEST(parameter_validators)
{
	OK(PT_ID, 0, 0, "17", "17");
	BAD(PT_ID, 0, 0, "0");
	BAD(PT_ID, 0, 0, "-1");
	BAD(PT_ID, 0, 0, "1e3");
	BAD(PT_ID, 0, 0, "9999999999999999999");
	OK(PT_INT, 0, 10, "-5", "-5");
	BAD(PT_INT, 0, 10, "11");
	BAD(PT_INT, 0, 10, "-6");
	OK(PT_LINE, 0, 5, "æøåÆØ", "æøåÆØ"); /* five characters, ten bytes */
	BAD(PT_LINE, 0, 5, "æøåÆØÅ");
	BAD(PT_LINE, 0, 50, "two\nlines");
	BAD(PT_LINE, 0, 50, "bad \xFF byte");
	OK(PT_TEXT, 0, 50, "two\r\nlines", "two\nlines");
	BAD(PT_TEXT, 0, 50, "nul\x7f");
	OK(PT_DATE, 0, 0, "24.12.2020", "2020-12-24");
	BAD(PT_DATE, P_PAST, 0, "2999-01-01");
	BAD(PT_DATE, 0, 0, "2020-13-01");
	OK(PT_CPR, 0, 0, "010203-1234", "0102031234");
	BAD(PT_CPR, 0, 0, "320199-1234");
	OK(PT_ENUM, 0, 0, "homeless", "homeless");
	BAD(PT_ENUM, 0, 0, "HOMELESS");
	OK(PT_TOKEN, 0, 8, "ab_-9", "ab_-9");
	BAD(PT_TOKEN, 0, 8, "a b");
	OK(PT_BOOL, 0, 0, "on", "1");
	BAD(PT_BOOL, 0, 0, "yes");
	OK(PT_PATH, 0, 0, "/unge/1", "/unge/1");
	BAD(PT_PATH, 0, 0, "//evil.example");
	BAD(PT_PATH, 0, 0, "https://evil.example");
	BAD(PT_PATH, 0, 0, "/\\evil");
	BAD(PT_PATH, 0, 0, "/a?b=c");
}
END_TEST

struct kv {
	char keys[8][64], vals[8][64];
	int n;
};

static void collect(void *ctx, char *k, char *v)
{
	struct kv *c = ctx;
	snprintf(c->keys[c->n], 64, "%s", k);
	snprintf(c->vals[c->n], 64, "%s", v);
	c->n++;
}

START_TEST(form_decoding)
{
	struct kv c = {0};
	const char *body = "a=1&b=%C3%A6+%26&c&d=%zz&e=%00x";
	form_decode(body, strlen(body), collect, &c);
	ck_assert_int_eq(c.n, 5);
	ck_assert_str_eq(c.vals[0], "1");
	ck_assert_str_eq(c.vals[1], "æ &");
	ck_assert_str_eq(c.keys[2], "c");
	ck_assert_str_eq(c.vals[2], "");
	ck_assert_str_eq(c.vals[3], "%zz");
	ck_assert_str_eq(c.vals[4], "\x7fx"); /* NUL never truncates a value */
}
END_TEST

/* ---- passwords and sessions ----------------------------------------------------- */

/* Six people log in at the same moment: at most two passwords are checked
 * at once (64 MiB each), the others wait, and every check still answers
 * right. */
static char pw_hash_shared[128];
static void *pw_check_thread(void *arg)
{
	*(int *)arg = password_verify(pw_hash_shared, "seks-på-én-gang");
	return NULL;
}

START_TEST(password_checks_run_at_most_two_at_once)
{
	ck_assert_int_eq(password_hash("seks-på-én-gang", pw_hash_shared), 0);
	password_checks_at_once(1);
	pthread_t th[6];
	int ok[6] = {0};
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, pw_check_thread, &ok[i]), 0);
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		ck_assert(ok[i]);
	}
	ck_assert_int_eq(password_checks_at_once(0), 2);
}
END_TEST

START_TEST(password_hashing)
{
	char h[128];
	const char *pw = "æøå-lang-adgangskode-med-unicode-😀";
	ck_assert_int_eq(password_hash(pw, h), 0);
	ck_assert(strncmp(h, "$argon2id$", 10) == 0);
	ck_assert(password_verify(h, pw));
	ck_assert(!password_verify(h, "æøå-lang-adgangskode-med-unicode-"));
	/* long passwords are not truncated: the last character counts */
	char lng[1001];
	memset(lng, 'a', 1000);
	lng[1000] = 0;
	ck_assert_int_eq(password_hash(lng, h), 0);
	lng[999] = 'b';
	ck_assert(!password_verify(h, lng));
	ck_assert(!password_acceptable("kort"));
	ck_assert(!password_acceptable("æøåæøåæ")); /* 7 characters, 14 bytes */
	ck_assert(password_acceptable("æøåæøåæø"));
	char g[21], g2[21];
	password_generate(g);
	password_generate(g2);
	ck_assert_uint_eq(strlen(g), 20);
	ck_assert_str_ne(g, g2);
}
END_TEST

START_TEST(session_expiry)
{
	long idle = 1800, abs = 43200;
	ck_assert(!session_expired(1000, 1000, 1000 + 1799, idle, abs));
	ck_assert(session_expired(1000, 1000, 1000 + 1800, idle, abs));
	ck_assert(!session_expired(1000, 1000 + 43000, 1000 + 43199, idle, abs));
	ck_assert(session_expired(1000, 1000 + 43000, 1000 + 43200, idle, abs));
	ck_assert(session_expired(1000, 1000, 999, idle, abs)); /* clock went back */
}
END_TEST

/* ---- the audit hash chain --------------------------------------------------------- */

static Db *temp_db(char *path)
{
	int from, to;
	strcpy(path, "/tmp/hjemvej-unit-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	Db *db = db_open(path, 1);
	ck_assert_int_eq(db_migrate(db, &from, &to), 0);
	ck_assert_int_ge(instrument_sync(db), 0);
	return db;
}

static void drop_db(Db *db, const char *path)
{
	db_close(db);
	db_remove_files(path);
}

/* ---- group sync (db.c) ------------------------------------------------------------ */

/* Four server connections save a change each while the first sync is held
 * back until all four have committed: one sync makes all four durable. */
static int sync_calls;
static int hold_first_sync(void)
{
	unsigned long long syncs, asked;
	if (sync_calls++ == 0)
		do {
			usleep(1000);
			db_sync_counts(&syncs, &asked);
		} while (asked < 4);
	return 0;
}

typedef struct SyncWriter {
	pthread_t th;
	const char *path;
	int n, ok;
} SyncWriter;

static void *sync_writer(void *arg)
{
	SyncWriter *w = arg;
	Db *db = db_open(w->path, 0);
	db_serialize_writers(db);
	db_begin(db);
	db_exec(db, "INSERT INTO municipality(name) VALUES (?)", "t", w->n == 0 ? "Syd" : w->n == 1 ? "Nord" : w->n == 2 ? "Øst" : "Vest");
	w->ok = db_commit(db);
	db_close(db);
	return NULL;
}

START_TEST(db_group_sync_makes_concurrent_changes_durable_together)
{
	char path[64];
	Db *db = temp_db(path);
	long long before = db_int(db, 0, "SELECT COUNT(*) FROM municipality", "");
	db_sync_hook = hold_first_sync;
	SyncWriter w[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (SyncWriter){.path = path, .n = i};
		pthread_create(&w[i].th, NULL, sync_writer, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(w[i].th, NULL);
		ck_assert_int_eq(w[i].ok, 1);
	}
	unsigned long long syncs, asked;
	db_sync_counts(&syncs, &asked);
	ck_assert_int_eq(asked, 4);
	ck_assert_int_eq(syncs, 1);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM municipality", ""), before + 4);
	db_sync_hook = NULL;
	drop_db(db, path);
}
END_TEST

/* A sync the disk refuses: the change is not called saved, and no later
 * change is either. */
static int refuse_sync(void)
{
	return 1; /* not SQLITE_OK: as the disk refusing */
}

START_TEST(db_group_sync_failure_refuses_every_later_change)
{
	char path[64];
	Db *db = temp_db(path);
	db_serialize_writers(db);
	db_begin(db);
	db_exec(db, "INSERT INTO municipality(name) VALUES (?)", "t", "Før");
	ck_assert_int_eq(db_commit(db), 1);
	db_sync_hook = refuse_sync;
	db_begin(db);
	db_exec(db, "INSERT INTO municipality(name) VALUES (?)", "t", "Under");
	ck_assert_int_eq(db_commit(db), 0);
	ck_assert(db_failed(db));
	db_sync_hook = NULL;
	db_clear_failure(db);
	db_begin(db);
	db_exec(db, "INSERT INTO municipality(name) VALUES (?)", "t", "Efter");
	ck_assert_int_eq(db_commit(db), 0);
	ck_assert(db_failed(db));
	/* a transaction without a change (access-log rows of views) is not held up */
	db_clear_failure(db);
	db_begin_log(db);
	ck_assert_int_eq(db_commit(db), 1);
	drop_db(db, path);
}
END_TEST

/* The sync thread (the server's requests): three changes committed with
 * their syncs deferred are handed to it and let go after one sync; when
 * the disk refuses, the wait ends not ok. */
typedef struct SyncDone {
	pthread_mutex_t m;
	int calls, oks;
} SyncDone;

static void sync_done_cb(void *arg, int ok)
{
	SyncDone *d = arg;
	pthread_mutex_lock(&d->m);
	d->calls++;
	d->oks += ok;
	pthread_mutex_unlock(&d->m);
}

static void sync_done_wait(SyncDone *d, int calls)
{
	for (int i = 0; i < 5000; i++) {
		pthread_mutex_lock(&d->m);
		int n = d->calls;
		pthread_mutex_unlock(&d->m);
		if (n >= calls)
			return;
		usleep(1000);
	}
	ck_abort_msg("the sync thread did not answer");
}

/* Changes committed back to back, as 64 support workers saving contacts:
 * a passive checkpoint never finds the write-ahead log wholly copied, so it
 * would never start again.  The checkpoint thread copies the rest holding
 * the write lock once the log is past its limit: 20,000 changes of two
 * pages each (about 250 MB of log written without it) leave a log of a
 * few thousand pages (what is committed between two of the thread's
 * rounds: 12-27 MB here, more on a slower machine), and every change is
 * there. */
START_TEST(db_checkpoint_thread_keeps_the_write_ahead_log_bounded)
{
	char path[64], wal[80], key[32];
	static char big[3001];
	struct stat st;
	Db *db = temp_db(path);
	db_serialize_writers(db);
	db_defer_syncs(db);
	db_checkpoint_limits(64, 64);
	ck_assert_int_eq(db_checkpointer_start(path), 0);
	memset(big, 'x', 3000);
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "bulk-%d", i);
		db_begin(db);
		db_exec(db, "INSERT INTO meta(key, value) VALUES (?, ?)", "tt", key, big);
		ck_assert_int_eq(db_commit(db), 1);
		(void)db_sync_wanted(db);
	}
	/* the thread never drops SQLite's locks on the database file: a
	 * close() of any descriptor of it would (POSIX), and another process
	 * (the sqlite3 tool, a backup) would then find the database unused
	 * and checkpoint or delete the write-ahead log under this one.  A
	 * connection in WAL mode holds a read lock on it between
	 * transactions: it is still in /proc/locks for this process. */
	snprintf(wal, sizeof wal, "%s-wal", path);
	ck_assert_int_eq(stat(path, &st), 0);
	char want[64], line[256];
	snprintf(want, sizeof want, " %ld ", (long)getpid());
	char ino[32];
	snprintf(ino, sizeof ino, ":%lu ", (unsigned long)st.st_ino);
	int locked = 0;
	FILE *locks = fopen("/proc/locks", "r");
	ck_assert_ptr_nonnull(locks);
	while (fgets(line, sizeof line, locks))
		if (strstr(line, want) && strstr(line, ino))
			locked = 1;
	fclose(locks);
	ck_assert_msg(locked, "the process no longer holds SQLite's lock on the database file");
	db_checkpointer_stop();
	db_checkpoint_limits(1000, 1000);
	ck_assert_int_eq(stat(wal, &st), 0);
	ck_assert_int_lt(st.st_size, 64 << 20);
	char *check = db_text(db, "PRAGMA quick_check", "");
	ck_assert_str_eq(check, "ok");
	free(check);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM meta WHERE key LIKE 'bulk-%'", ""), 20000);
	drop_db(db, path);
}
END_TEST

START_TEST(db_sync_thread_lets_parked_changes_go_once_on_disk)
{
	char path[64];
	Db *db = temp_db(path);
	db_serialize_writers(db);
	db_defer_syncs(db);
	ck_assert_int_eq(db_syncer_start(path), 0);
	unsigned long long seq[3];
	const char *names[3] = {"Ærø", "Fanø", "Læsø"};
	for (int i = 0; i < 3; i++) {
		db_begin(db);
		db_exec(db, "INSERT INTO municipality(name) VALUES (?)", "t", names[i]);
		ck_assert_int_eq(db_commit(db), 1);
		seq[i] = db_sync_wanted(db);
		ck_assert(seq[i] > 0);
		ck_assert_int_eq(db_sync_wanted(db), 0); /* taken once */
	}
	unsigned long long syncs, asked;
	db_sync_counts(&syncs, &asked);
	ck_assert_int_eq(syncs, 0); /* nothing synced inside the commits */
	SyncDone d = {.m = PTHREAD_MUTEX_INITIALIZER};
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(db_sync_submit(seq[i], sync_done_cb, &d), 0);
	sync_done_wait(&d, 3);
	ck_assert_int_eq(d.oks, 3);
	db_sync_counts(&syncs, &asked);
	ck_assert_int_le(syncs, 3);
	ck_assert_int_ge(syncs, 1);
	/* a transaction of view rows only asks for no sync */
	db_begin_log(db);
	ck_assert_int_eq(db_commit(db), 1);
	ck_assert_int_eq(db_sync_wanted(db), 0);
	/* the disk refuses: the wait ends not ok */
	db_sync_hook = refuse_sync;
	db_begin(db);
	db_exec(db, "INSERT INTO municipality(name) VALUES (?)", "t", "Rømø");
	ck_assert_int_eq(db_commit(db), 1);
	ck_assert_int_eq(db_sync_submit(db_sync_wanted(db), sync_done_cb, &d), 0);
	sync_done_wait(&d, 4);
	ck_assert_int_eq(d.oks, 3);
	db_sync_hook = NULL;
	db_syncer_stop();
	/* stopped: a wait is not taken, the caller syncs itself */
	ck_assert_int_eq(db_sync_submit(1, sync_done_cb, &d), -1);
	drop_db(db, path);
}
END_TEST

START_TEST(audit_chain_detects_edits)
{
	char path[64];
	long long rows;
	Db *db = temp_db(path);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(audit_log(db, 1, "karen", "coordinator", "view", 7, "person", "ok"), 0);
	ck_assert_int_eq(audit_verify(db, &rows), 0);
	ck_assert_int_eq(rows, 5);
	/* the application cannot change or delete a row */
	ck_assert_int_ne(db_exec(db, "UPDATE audit_log SET action = 'x' WHERE id = 3", ""), 0);
	db_clear_failure(db);
	ck_assert_int_ne(db_exec(db, "DELETE FROM audit_log WHERE id = 3", ""), 0);
	db_clear_failure(db);
	/* someone with the file drops the trigger and edits row 3 */
	ck_assert_int_eq(db_exec(db, "DROP TRIGGER audit_no_update", ""), 0);
	ck_assert_int_eq(db_exec(db, "UPDATE audit_log SET person_id = 8 WHERE id = 3", ""), 0);
	ck_assert_int_eq(audit_verify(db, &rows), 3);
	drop_db(db, path);
}
END_TEST

START_TEST(audit_chain_detects_removed_rows)
{
	char path[64];
	long long rows;
	Db *db = temp_db(path);
	for (int i = 0; i < 4; i++)
		audit_log(db, 1, "karen", "coordinator", "view", i, "person", "ok");
	ck_assert_int_eq(db_exec(db, "DROP TRIGGER audit_no_delete", ""), 0);
	ck_assert_int_eq(db_exec(db, "DELETE FROM audit_log WHERE id = 2", ""), 0);
	ck_assert_int_eq(audit_verify(db, &rows), 3);
	drop_db(db, path);
}
END_TEST

START_TEST(audit_row_is_part_of_the_change)
{
	char path[64];
	long long rows;
	Db *db = temp_db(path);
	db_begin(db);
	audit_log(db, 1, "karen", "coordinator", "create", 1, "referral", "ok");
	db_rollback(db);
	ck_assert_int_eq(db_int(db, -1, "SELECT COUNT(*) FROM audit_log", ""), 0);
	ck_assert_int_eq(audit_verify(db, &rows), 0);
	drop_db(db, path);
}
END_TEST

/* ---- the database layer ---------------------------------------------------------- */

START_TEST(db_refuses_two_statements)
{
	/* a prepare with text after the first statement is a programming error */
	char path[64];
	Db *db = temp_db(path);
	pid_t pid = fork();
	if (pid == 0) {
		close(2);
		db_exec(db, "SELECT 1; SELECT 2", "");
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	ck_assert(WIFSIGNALED(status));
	drop_db(db, path);
}
END_TEST

/* A connection reads the case data through the memory map or without it
 * (db_use_map: changes without, views with); the same rows either way, a
 * second connection's change is seen after a switch, and no switch happens
 * inside a transaction. */
START_TEST(db_use_map_switches_between_requests_only)
{
	char path[64];
	Db *db = temp_db(path);
	Db *other = db_open(path, 0);
	ck_assert_int_eq(db_exec(db, "INSERT INTO meta(key, value) VALUES ('a', '1')", ""), 0);
	ck_assert_int_gt(db_int(db, 0, "PRAGMA main.mmap_size", ""), 0);
	db_use_map(db, 0);
	ck_assert_int_eq(db_int(db, -1, "PRAGMA main.mmap_size", ""), 0);
	ck_assert_int_eq(db_int(db, 0, "PRAGMA main.cache_size", ""), -1024); /* a small cache without the map */
	ck_assert_int_eq(db_exec(other, "INSERT INTO meta(key, value) VALUES ('b', '2')", ""), 0);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM meta WHERE key IN ('a', 'b')", ""), 2);
	db_use_map(db, 1);
	ck_assert_int_gt(db_int(db, 0, "PRAGMA main.mmap_size", ""), 0);
	ck_assert_int_eq(db_int(db, 0, "PRAGMA main.cache_size", ""), -8192);
	ck_assert_int_eq(db_exec(other, "UPDATE meta SET value = '3' WHERE key = 'b'", ""), 0);
	char *v = db_text(db, "SELECT value FROM meta WHERE key = 'b'", "");
	ck_assert_str_eq(v, "3");
	free(v);
	/* inside a transaction the switch waits for the next request */
	db_begin(db);
	db_use_map(db, 0);
	ck_assert_int_gt(db_int(db, 0, "PRAGMA main.mmap_size", ""), 0);
	db_commit(db);
	db_read_begin(db);
	db_use_map(db, 0);
	ck_assert_int_gt(db_int(db, 0, "PRAGMA main.mmap_size", ""), 0);
	db_read_end(db);
	db_use_map(db, 0);
	ck_assert_int_eq(db_int(db, -1, "PRAGMA main.mmap_size", ""), 0);
	db_close(other);
	drop_db(db, path);
}
END_TEST

START_TEST(db_binds_values_and_reports_failure)
{
	char path[64];
	Db *db = temp_db(path);
	const char *evil = "x'); DROP TABLE users; --";
	ck_assert_int_eq(db_exec(db, "INSERT INTO meta(key, value) VALUES (?, ?)", "tt", "k", evil), 0);
	char *v = db_text(db, "SELECT value FROM meta WHERE key = ?", "t", "k");
	ck_assert_str_eq(v, evil);
	free(v);
	ck_assert_int_ne(db_exec(db, "INSERT INTO meta(key, value) VALUES (?, ?)", "tt", "k", "dup"), 0);
	ck_assert(db_failed(db));
	/* after a failure, calls do nothing until the failure is cleared */
	ck_assert_int_ne(db_exec(db, "INSERT INTO meta(key, value) VALUES ('j', 'v')", ""), 0);
	db_clear_failure(db);
	ck_assert_int_eq(db_int(db, -1, "SELECT COUNT(*) FROM meta WHERE key = 'j'", ""), 0);
	drop_db(db, path);
}
END_TEST

START_TEST(db_migrations_are_idempotent)
{
	char path[64];
	int from, to;
	Db *db = temp_db(path);
	ck_assert_int_eq(db_migrate(db, &from, &to), 0);
	ck_assert_int_eq(from, to);
	ck_assert_int_eq(to, n_migrations);
	drop_db(db, path);
}
END_TEST

/* ---- translation ----------------------------------------------------------------- */

START_TEST(translation_falls_back_to_danish)
{
	ck_assert_str_eq(tr("da", "Mine unge"), "Mine unge");
	ck_assert_str_eq(tr("en", "Mine unge"), "My young people");
	ck_assert_str_eq(tr("en", "ukendt tekst uden oversættelse"), "ukendt tekst uden oversættelse");
}
END_TEST

/* ---- network meetings: the three-a-year rule and the iCalendar writer ------------ */

START_TEST(meeting_rule_new_course_due_four_months_after_start)
{
	MeetingRule mr;
	meeting_rule("2026-01-15", NULL, 0, "2026-03-01", &mr);
	ck_assert_int_eq(mr.held_12m, 0);
	ck_assert_str_eq(mr.latest, "");
	ck_assert_str_eq(mr.due, "2026-05-15");
	ck_assert_int_eq(mr.overdue, 0);
	meeting_rule("2026-01-15", NULL, 0, "2026-05-15", &mr);
	ck_assert_int_eq(mr.overdue, 0); /* due today is not overdue */
	meeting_rule("2026-01-15", NULL, 0, "2026-05-16", &mr);
	ck_assert_int_eq(mr.overdue, 1);
}
END_TEST

START_TEST(meeting_rule_counts_last_twelve_months_and_due_after_latest)
{
	MeetingRule mr;
	/* unordered; one older than 12 months; one in the future is ignored */
	const char *held[] = {"2026-02-10", "2025-03-01", "2025-06-20", "2025-10-05", "2026-09-01"};
	meeting_rule("2024-12-01", held, 5, "2026-03-01", &mr);
	ck_assert_int_eq(mr.held_12m, 3); /* 2025-06-20, 2025-10-05, 2026-02-10 */
	ck_assert_str_eq(mr.latest, "2026-02-10");
	ck_assert_str_eq(mr.due, "2026-06-10");
	ck_assert_int_eq(mr.overdue, 0);
	/* exactly 12 months back is outside the window */
	const char *edge[] = {"2025-03-01"};
	meeting_rule("2024-12-01", edge, 1, "2026-03-01", &mr);
	ck_assert_int_eq(mr.held_12m, 0);
	ck_assert_int_eq(mr.overdue, 1);
	ck_assert_str_eq(mr.due, "2025-07-01");
}
END_TEST

START_TEST(meeting_rule_month_ends_and_leap_years)
{
	char d[11];
	date_add_months(d, "2025-10-31", 4);
	ck_assert_str_eq(d, "2026-02-28");
	date_add_months(d, "2027-10-31", 4);
	ck_assert_str_eq(d, "2028-02-29");
	date_add_months(d, "2026-03-31", -12);
	ck_assert_str_eq(d, "2025-03-31");
	date_add_months(d, "2026-01-15", -1);
	ck_assert_str_eq(d, "2025-12-15");
	date_add_months(d, "2025-11-30", 4);
	ck_assert_str_eq(d, "2026-03-30");
}
END_TEST

START_TEST(ical_escapes_text)
{
	Buf b = {0};
	ical_text(&b, "a\\b;c,d\ne\r\nf\x01g");
	ck_assert_str_eq(buf_str(&b), "a\\\\b\\;c\\,d\\ne\\nfg");
	buf_free(&b);
}
END_TEST

/* every physical line at most 75 octets, CRLF only, no UTF-8 character split,
 * and unfolding gives the line back */
static void check_folded(const char *folded, const char *line)
{
	Buf un = {0};
	const char *p = folded;
	int first = 1;
	while (*p) {
		const char *e = strstr(p, "\r\n");
		ck_assert_ptr_nonnull(e);
		ck_assert_uint_le((size_t)(e - p), 75);
		ck_assert_ptr_null(memchr(p, '\n', (size_t)(e - p)));
		ck_assert_ptr_null(memchr(p, '\r', (size_t)(e - p)));
		if (!first) {
			ck_assert_int_eq(p[0], ' ');
			p++;
		}
		ck_assert_msg(((unsigned char)p[0] & 0xC0) != 0x80, "a line starts inside a character");
		ck_assert_int_ne(utf8_valid(p, (size_t)(e - p)), 0);
		buf_append(&un, p, (size_t)(e - p));
		first = 0;
		p = e + 2;
	}
	ck_assert_str_eq(buf_str(&un), line);
	buf_free(&un);
}

START_TEST(ical_folds_at_75_octets_without_splitting_utf8)
{
	Buf line = {0}, out = {0};
	buf_puts(&line, "SUMMARY:");
	for (int i = 0; i < 100; i++)
		buf_puts(&line, i % 3 ? "ø" : "x"); /* 2-byte characters at odd offsets */
	ical_fold(&out, buf_str(&line));
	ck_assert_uint_gt(out.n, line.n + 4); /* it was folded */
	check_folded(buf_str(&out), buf_str(&line));
	/* a short line is not folded; 75 octets exactly is not folded */
	buf_reset(&out);
	ical_fold(&out, "VERSION:2.0");
	ck_assert_str_eq(buf_str(&out), "VERSION:2.0\r\n");
	buf_reset(&line);
	for (int i = 0; i < 75; i++)
		buf_putc(&line, 'a');
	buf_reset(&out);
	ical_fold(&out, buf_str(&line));
	ck_assert_uint_eq(out.n, 77);
	/* 3- and 4-byte characters too */
	buf_reset(&line);
	buf_puts(&line, "LOCATION:");
	for (int i = 0; i < 60; i++)
		buf_puts(&line, i % 2 ? "€" : "\xF0\x9F\x8F\xA0");
	buf_reset(&out);
	ical_fold(&out, buf_str(&line));
	check_folded(buf_str(&out), buf_str(&line));
	buf_free(&line);
	buf_free(&out);
}
END_TEST

START_TEST(ical_invitation_has_the_fields)
{
	Buf b = {0};
	IcalAttendee att[] = {{"Jens \"J\" Jobcenter", "jens@kommune.dk"}, {"Uden Mail", ""}};
	IcalEvent e = {
		.uid = "abc@hjemvej", .sequence = 2, .dtstamp = 1772366400 /* 2026-03-01T12:00:00Z */,
		.date = "2026-03-02", .start = "09:30", .end = "10:45", .summary = "Netværksmøde med Asta",
		.location = "Rådhuset, lokale 2; 1. sal", .description = "Linje 1\nLinje 2",
		.organizer_name = "Karen", .organizer_email = "karen@kommune.dk", .attendees = att,
		.nattendees = 2,
	};
	ical_invitation(&b, &e);
	const char *s = buf_str(&b);
	ck_assert_msg(strncmp(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37) == 0, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, "\r\nMETHOD:REQUEST\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nUID:abc@hjemvej\r\nSEQUENCE:2\r\nDTSTAMP:20260301T120000Z\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nDTSTART;TZID=Europe/Copenhagen:20260302T093000\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nDTEND;TZID=Europe/Copenhagen:20260302T104500\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nLOCATION:Rådhuset\\, lokale 2\\; 1. sal\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nDESCRIPTION:Linje 1\\nLinje 2\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "\r\nORGANIZER;CN=\"Karen\":mailto:karen@kommune.dk\r\n"));
	ck_assert_ptr_nonnull(strstr(s, "ATTENDEE;CN=\"Jens J Jobcenter\";"));
	ck_assert_ptr_null(strstr(s, "Uden Mail")); /* no address, no ATTENDEE */
	ck_assert_int_eq(strcmp(s + b.n - 15, "END:VCALENDAR\r\n"), 0);
	for (const char *p = s; *p; p++) /* every LF is part of a CRLF */
		if (*p == '\n')
			ck_assert_int_eq(p[-1], '\r');
	buf_free(&b);
}
END_TEST

START_TEST(ical_finds_email_in_contact)
{
	char m[64];
	ck_assert_int_eq(ical_find_email("tlf. 12 34 56 78, a.b@kommune.dk", m, sizeof m), 1);
	ck_assert_str_eq(m, "a.b@kommune.dk");
	ck_assert_int_eq(ical_find_email("<x@y.dk>", m, sizeof m), 1);
	ck_assert_str_eq(m, "x@y.dk");
	ck_assert_int_eq(ical_find_email("tlf. 12345678", m, sizeof m), 0);
	ck_assert_int_eq(ical_find_email("@ x@ y@z a@b.", m, sizeof m), 0);
}
END_TEST

/* ---- network map layout ------------------------------------------------------------ */

/* Every dot in its ring (with the whole dot inside the ring), in its
 * sector's quadrant clear of the sector lines, and no two dots overlapping. */
static void check_layout(const NetNode *in, int n)
{
	NetPos pos[NET_MAX_ROWS * 4];
	ck_assert_int_le(n, NET_MAX_ROWS * 4);
	network_layout(in, n, pos);
	for (int i = 0; i < n; i++) {
		double x = pos[i].x, y = pos[i].y, r2 = x * x + y * y;
		double lo = NET_R0 + in[i].ring * NET_RW + NET_DOT, hi = NET_R0 + (in[i].ring + 1) * NET_RW - NET_DOT;
		ck_assert_msg(r2 >= lo * lo && r2 <= hi * hi, "dot %d (%g,%g) outside ring %d", i, x, y, in[i].ring);
		int sx = in[i].sector == 1 || in[i].sector == 2 ? 1 : -1;
		int sy = in[i].sector <= 1 ? -1 : 1;
		ck_assert_msg(x * sx >= NET_DOT + 2 && y * sy >= NET_DOT + 2, "dot %d (%g,%g) outside sector %d", i, x,
			      y, in[i].sector);
		for (int k = 0; k < i; k++) {
			double dx = x - pos[k].x, dy = y - pos[k].y;
			ck_assert_msg(dx * dx + dy * dy >= (2.0 * NET_DOT) * (2.0 * NET_DOT),
				      "dots %d and %d overlap (%g,%g) (%g,%g)", k, i, pos[k].x, pos[k].y, x, y);
		}
	}
}

START_TEST(network_layout_one_per_cell)
{
	NetNode in[12];
	for (int i = 0; i < 12; i++)
		in[i] = (NetNode){i % 4, i / 4};
	check_layout(in, 12);
	/* one person alone sits in the middle of the sector and the ring */
	NetPos p;
	network_layout(&(NetNode){2, 1}, 1, &p);
	ck_assert(p.x > 0 && p.y > 0);
	ck_assert(p.x - p.y < 1 && p.y - p.x < 1);
}
END_TEST

START_TEST(network_layout_crowded_cells)
{
	/* a whole form of people in the close ring of one sector, the
	 * smallest room there is; and in every other cell */
	for (int s = 0; s < 4; s++)
		for (int g = 0; g < 3; g++) {
			NetNode in[NET_MAX_ROWS];
			for (int i = 0; i < NET_MAX_ROWS; i++)
				in[i] = (NetNode){s, g};
			for (int n = 1; n <= NET_MAX_ROWS; n++)
				check_layout(in, n);
		}
}
END_TEST

START_TEST(network_layout_mixed_and_catalogs)
{
	/* reproducible mixtures of sizes; the same input gives the same map */
	unsigned long long x = 88172645463325252ull;
	for (int round = 0; round < 200; round++) {
		NetNode in[NET_MAX_ROWS];
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int n = 1 + (int)(x % NET_MAX_ROWS);
		for (int i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			in[i] = (NetNode){(int)(x % 4), (int)((x >> 8) % 3)};
		}
		check_layout(in, n);
		NetPos a[NET_MAX_ROWS], b[NET_MAX_ROWS];
		network_layout(in, n, a);
		network_layout(in, n, b);
		ck_assert(memcmp(a, b, sizeof(NetPos) * (size_t)n) == 0);
	}
	/* relations and closeness map to sectors and rings; partner with friends */
	ck_assert_int_eq(network_sector("family"), 0);
	ck_assert_int_eq(network_sector("friend"), 1);
	ck_assert_int_eq(network_sector("partner"), 1);
	ck_assert_int_eq(network_sector("professional"), 2);
	ck_assert_int_eq(network_sector("other"), 3);
	ck_assert_int_eq(network_ring("close"), 0);
	ck_assert_int_eq(network_ring("middle"), 1);
	ck_assert_int_eq(network_ring("distant"), 2);
	for (const Choice *c = net_relations; c->key; c++)
		ck_assert(network_sector(c->key) >= 0 && network_sector(c->key) <= 3);
}
END_TEST
/* ---- the course's step rules (course.c) ------------------------------------------ */

/* A course referred on 2026-01-10 with the given steps recorded on
 * consecutive days from 2026-01-20 (step k on the 2k-th day). */
static CourseState course(int homeless, int comb, const char *recorded)
{
	CourseState s;
	memset(&s, 0, sizeof s);
	s.homeless = homeless;
	s.combination = comb;
	snprintf(s.date[1], 11, "%s", "2026-01-10");
	for (const char *p = recorded; *p; p++) {
		int k = *p - '0';
		char tmp[32];
		snprintf(tmp, sizeof tmp, "2026-01-%02d", (18 + 2 * k) % 100);
		memcpy(s.date[k], tmp, 11);
	}
	return s;
}

#define TODAY "2026-06-01"

START_TEST(course_current_step_is_the_highest_recorded)
{
	CourseState s = course(1, COMB_NONE, "");
	ck_assert_int_eq(course_current_step(&s), 1);
	s = course(1, COMB_ICM, "24");
	ck_assert_int_eq(course_current_step(&s), 4); /* ICM before the model started */
	s = course(0, COMB_MODEL, "237");
	ck_assert_int_eq(course_current_step(&s), 7);
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(course_current_step(&s), 0);
}
END_TEST

START_TEST(course_allocation_matches_the_target_group)
{
	ck_assert_ptr_null(allocation_rule(1, COMB_CTI));
	ck_assert_ptr_null(allocation_rule(0, COMB_CTI));
	ck_assert_ptr_null(allocation_rule(1, COMB_ICM));
	ck_assert_ptr_null(allocation_rule(0, COMB_MODEL));
	ck_assert_ptr_nonnull(strstr(allocation_rule(0, COMB_ICM), "ICM er kun for unge i hjemløshed"));
	ck_assert_ptr_nonnull(strstr(allocation_rule(1, COMB_MODEL), "for unge i risiko for hjemløshed"));
	ck_assert_ptr_nonnull(allocation_rule(1, COMB_NONE));
	ck_assert_int_eq(combination_from_key("model_cti"), COMB_CTI);
	ck_assert_int_eq(combination_from_key("nonsense"), COMB_NONE);
}
END_TEST

START_TEST(course_steps_in_order)
{
	CourseState s = course(1, COMB_NONE, "");
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 1), "henvisning"));
	ck_assert_ptr_null(course_step_rule(&s, 2));
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 3), "trin 2"));
	ck_assert_ptr_nonnull(course_step_rule(&s, 4));
	ck_assert_ptr_nonnull(course_step_rule(&s, 7));
	s = course(1, COMB_CTI, "2");
	ck_assert_ptr_null(course_step_rule(&s, 3));
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 2), "allerede"));
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 6), "startet (trin 4)"));
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 7), "trin 3"));
	ck_assert_ptr_nonnull(course_step_rule(&s, 0));
	ck_assert_ptr_nonnull(course_step_rule(&s, 8));
}
END_TEST

START_TEST(course_cti_waits_for_a_home_icm_does_not)
{
	CourseState s = course(1, COMB_CTI, "23");
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 4), "fundet en bolig"));
	snprintf(s.home_found, 11, "%s", "2026-03-01");
	ck_assert_ptr_null(course_step_rule(&s, 4));
	ck_assert_ptr_nonnull(strstr(course_step_check(&s, 4, "2026-02-28", TODAY), "boligen blev fundet"));
	ck_assert_ptr_null(course_step_check(&s, 4, "2026-03-01", TODAY));
	s = course(1, COMB_ICM, "2");
	ck_assert_ptr_null(course_step_rule(&s, 4));
	ck_assert_ptr_null(course_step_check(&s, 4, s.date[2], TODAY)); /* the day of the allocation */
}
END_TEST

START_TEST(course_no_support_steps_for_the_model_alone)
{
	CourseState s = course(0, COMB_MODEL, "23");
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 4), "uden bostøtte"));
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 6), "uden bostøtte"));
	ck_assert_ptr_null(course_step_rule(&s, 7));
	ck_assert(!course_step_applies(&s, 4));
	ck_assert(!course_step_applies(&s, 5));
	ck_assert(course_step_applies(&s, 7));
}
END_TEST

START_TEST(course_moving_in_only_for_the_homeless)
{
	CourseState s = course(0, COMB_CTI, "234");
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 5), "hjemløshed"));
	ck_assert_ptr_null(course_step_rule(&s, 6)); /* at risk: support ends without a move */
	s = course(1, COMB_CTI, "23");
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 5), "trin 4"));
	s = course(1, COMB_CTI, "234");
	ck_assert_ptr_null(course_step_rule(&s, 5));
	ck_assert(course_step_applies(&s, 5));
}
END_TEST

START_TEST(course_support_must_end_before_the_model_ends)
{
	CourseState s = course(1, COMB_ICM, "2345");
	ck_assert_ptr_nonnull(strstr(course_step_rule(&s, 7), "trin 6"));
	s = course(1, COMB_ICM, "23456");
	ck_assert_ptr_null(course_step_rule(&s, 7));
	s = course(1, COMB_ICM, "23");     /* support allocated but never started */
	ck_assert_ptr_null(course_step_rule(&s, 7));
}
END_TEST

START_TEST(course_dates_not_before_earlier_steps_nor_in_the_future)
{
	CourseState s = course(1, COMB_CTI, "23");
	/* step 3 was on 2026-01-24 */
	ck_assert_ptr_nonnull(strstr(course_step_check(&s, 7, "2026-01-23", TODAY), "tidligere trin"));
	ck_assert_ptr_null(course_step_check(&s, 7, "2026-01-24", TODAY));
	ck_assert_ptr_nonnull(strstr(course_step_check(&s, 7, "2026-06-02", TODAY), "fremtiden"));
	s = course(1, COMB_NONE, "");
	ck_assert_ptr_nonnull(course_step_check(&s, 2, "2026-01-09", TODAY));
	ck_assert_ptr_null(course_step_check(&s, 2, "2026-01-10", TODAY));
}
END_TEST

START_TEST(course_closed_accepts_nothing_more)
{
	CourseState s = course(1, COMB_ICM, "23");
	ck_assert_ptr_null(course_decline_check(&s, "2026-01-24", TODAY));
	ck_assert_ptr_nonnull(strstr(course_decline_check(&s, "2026-01-23", TODAY), "seneste trin"));
	ck_assert_ptr_null(course_home_check(&s, "2026-01-10", TODAY));
	ck_assert_ptr_nonnull(course_home_check(&s, "2026-01-09", TODAY));
	snprintf(s.closed_on, 11, "%s", "2026-02-01");
	for (int k = 2; k <= 7; k++)
		ck_assert_ptr_nonnull(strstr(course_step_rule(&s, k), "afsluttet"));
	ck_assert_ptr_nonnull(course_decline_check(&s, "2026-03-01", TODAY));
	ck_assert_ptr_nonnull(course_home_check(&s, "2026-03-01", TODAY));
}
END_TEST
/* ---- team.c: consent status and team membership ----------------------------------- */

static void day(char out[11], long offset)
{
	char today[11], buf[21];
	time_t t;
	today_copenhagen(today);
	snprintf(buf, sizeof buf, "%sT12:00:00Z", today);
	ck_assert_int_eq(time_parse_iso_utc(buf, &t), 0);
	time_iso_utc(buf, t + offset * 86400);
	memcpy(out, buf, 10);
	out[10] = 0;
}

static long long add_consent(Db *db, long long course, const char *actor, long expires_in)
{
	char given[11], expires[11];
	day(given, -20);
	day(expires, expires_in);
	long long id = db_int(db, 0,
			      "INSERT INTO consent(course_id, purpose, given_on, how, expires_on, created_at)"
			      " VALUES (?, 'test', ?, 'oral', ?, '2026-01-01T00:00:00Z') RETURNING id",
			      "Itt", course, given, expires);
	db_exec(db, "INSERT INTO consent_actor(consent_id, actor) VALUES (?,?)", "It", id, actor);
	return id;
}

START_TEST(consent_status_and_team_membership)
{
	char path[64], from[11], today[11];
	int covered = -1;
	Db *db = temp_db(path);
	day(from, -10);
	today_copenhagen(today);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('T') RETURNING id", "");
	actors_seed(db, m);
	actors_seed(db, m);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM actor WHERE municipality_id = ?", "I", m), 15);
	long long u = db_int(db, 0,
			     "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
			     " VALUES (?, 'tm', 'TM', 'team', 'x', 'now') RETURNING id", "I", m);
	long long p = db_int(db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, created_at)"
			     " VALUES (?, '0101011234', 'P', 'now') RETURNING id", "I", m);
	long long c = db_int(db, 0,
			     "INSERT INTO course(person_id, opened_on, target_group) VALUES (?, ?, 'homeless') RETURNING id",
			     "It", p, from);
	long long t = db_int(db, 0,
			     "INSERT INTO team_member(course_id, actor, name, user_id, from_date, created_at)"
			     " VALUES (?, 'uu', 'TM', ?, ?, 'now') RETURNING id", "IIt", c, u, from);
	ck_assert_int_eq(consent_status(db, c), CONSENT_NONE);
	ck_assert_int_eq(team_membership(db, p, u, &covered), 1);
	ck_assert_int_eq(covered, 0);
	/* a consent for another actor: valid, but the member is not covered */
	long long other = add_consent(db, c, "jobcenter", 100);
	ck_assert_int_eq(consent_status(db, c), CONSENT_VALID);
	team_membership(db, p, u, &covered);
	ck_assert_int_eq(covered, 0);
	/* one for the member's actor that expires within 30 days */
	long long mine = add_consent(db, c, "uu", 10);
	ck_assert_int_eq(consent_status(db, c), CONSENT_EXPIRING);
	team_membership(db, p, u, &covered);
	ck_assert_int_eq(covered, 1);
	/* withdrawal takes effect at once, whatever the date */
	db_exec(db, "UPDATE consent SET withdrawn_on = ? WHERE id IN (?, ?)", "tII", today, other, mine);
	ck_assert_int_eq(consent_status(db, c), CONSENT_WITHDRAWN);
	team_membership(db, p, u, &covered);
	ck_assert_int_eq(covered, 0);
	/* expired yesterday: not valid; expires today: still valid today */
	add_consent(db, c, "uu", -1);
	ck_assert_int_eq(consent_status(db, c), CONSENT_EXPIRED);
	team_membership(db, p, u, &covered);
	ck_assert_int_eq(covered, 0);
	add_consent(db, c, "uu", 0);
	ck_assert_int_eq(consent_status(db, c), CONSENT_EXPIRING);
	team_membership(db, p, u, &covered);
	ck_assert_int_eq(covered, 1);
	/* a membership ended today no longer counts */
	db_exec(db, "UPDATE team_member SET to_date = ? WHERE id = ?", "tI", today, t);
	ck_assert_int_eq(team_membership(db, p, u, &covered), 0);
	ck_assert_int_eq(covered, 0);
	drop_db(db, path);
}
END_TEST

START_TEST(cti_phases_three_months_each_nine_in_all)
{
	CtiPhases p;
	cti_phases("2026-01-15", &p);
	ck_assert_str_eq(p.phase[0], "2026-01-15");
	ck_assert_str_eq(p.phase[1], "2026-04-15");
	ck_assert_str_eq(p.phase[2], "2026-07-15");
	ck_assert_str_eq(p.last_day, "2026-10-14");
	ck_assert_str_eq(p.handover_by, "2026-09-14");
	ck_assert_int_eq(cti_phase_on(&p, "2026-01-14"), 0);
	ck_assert_int_eq(cti_phase_on(&p, "2026-01-15"), 1);
	ck_assert_int_eq(cti_phase_on(&p, "2026-04-14"), 1);
	ck_assert_int_eq(cti_phase_on(&p, "2026-04-15"), 2);
	ck_assert_int_eq(cti_phase_on(&p, "2026-07-15"), 3);
	ck_assert_int_eq(cti_phase_on(&p, "2026-10-14"), 3);
	ck_assert_int_eq(cti_phase_on(&p, "2026-10-15"), 4);
}
END_TEST

START_TEST(cti_phases_month_ends_and_leap_years)
{
	CtiPhases p;
	/* 31 May: August has 31 days, November 30, February 28 */
	cti_phases("2026-05-31", &p);
	ck_assert_str_eq(p.phase[1], "2026-08-31");
	ck_assert_str_eq(p.phase[2], "2026-11-30");
	ck_assert_str_eq(p.last_day, "2027-02-27");
	ck_assert_str_eq(p.handover_by, "2027-01-30");
	/* across a leap day: 30 November 2027 + 3 months is 29 February 2028 */
	cti_phases("2027-11-30", &p);
	ck_assert_str_eq(p.phase[1], "2028-02-29");
	ck_assert_str_eq(p.phase[2], "2028-05-30");
	ck_assert_str_eq(p.last_day, "2028-08-29");
	/* the year turns inside the course */
	cti_phases("2026-12-01", &p);
	ck_assert_str_eq(p.phase[1], "2027-03-01");
	ck_assert_str_eq(p.last_day, "2027-08-31");
	ck_assert_str_eq(p.handover_by, "2027-07-31");
	/* 1 March 2028 + 9 months - 1 day */
	cti_phases("2028-03-01", &p);
	ck_assert_str_eq(p.last_day, "2028-11-30");
}
END_TEST

START_TEST(support_caps_by_method)
{
	ck_assert_int_eq(support_cap(method_from_key("cti")), 10);
	ck_assert_int_eq(support_cap(method_from_key("icm")), 8);
	ck_assert_int_eq(support_cap(method_from_key("act")), 0);
	ck_assert_int_eq(method_from_key("xyz"), METHOD_NONE);
	ck_assert_str_eq(method_key(METHOD_ICM), "icm");
}
END_TEST

/* home.c: the housing situation now follows the homes: the referral's
 * situation, a home recorded but not moved into changes nothing, moving in
 * is "own_home", losing it the situation it left. */
START_TEST(home_situation_follows_the_homes)
{
	char path[64], buf[32];
	Db *db = temp_db(path);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('T') RETURNING id", "");
	long long p = db_int(db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, created_at)"
			     " VALUES (?, '0101011234', 'P', 'now') RETURNING id", "I", m);
	long long c = db_int(db, 0,
			     "INSERT INTO course(person_id, opened_on, target_group, housing_situation)"
			     " VALUES (?, '2026-01-05', 'homeless', 'natvarme') RETURNING id", "I", p);
	ck_assert_str_eq(home_situation(db, c, buf, sizeof buf), "natvarme");
	long long h = db_int(db, 0,
			     "INSERT INTO home(course_id, address, kind, found_how, lease_on, created_at)"
			     " VALUES (?, 'Vej 1', 'social', 'municipal', '2026-02-01', 'now') RETURNING id", "I", c);
	ck_assert_str_eq(home_situation(db, c, buf, sizeof buf), "natvarme");
	db_exec(db, "UPDATE home SET moved_in_on = '2026-02-10' WHERE id = ?", "I", h);
	ck_assert_str_eq(home_situation(db, c, buf, sizeof buf), "own_home");
	db_exec(db, "UPDATE home SET lost_on = '2026-05-01', lost_reason = 'eviction', housing_after = 'sofa' WHERE id = ?",
		"I", h);
	ck_assert_str_eq(home_situation(db, c, buf, sizeof buf), "sofa");
	/* a second home lost later counts, not the first */
	db_exec(db,
		"INSERT INTO home(course_id, address, kind, found_how, moved_in_on, lost_on, lost_reason, housing_after,"
		" created_at) VALUES (?, 'Vej 2', 'private', 'private', '2026-06-01', '2026-08-01', 'left', 'herberg', 'now')",
		"I", c);
	ck_assert_str_eq(home_situation(db, c, buf, sizeof buf), "herberg");
	ck_assert_str_eq(home_situation_label("own_home"), "I egen bolig");
	ck_assert_str_eq(home_situation_label(""), "Ukendt");
	ck_assert_str_eq(home_situation_label("herberg"), "Herberg/forsorgshjem (Serviceloven §110)");
	/* no course, no referral situation: unknown */
	ck_assert_str_eq(home_situation(db, 999, buf, sizeof buf), "");
	drop_db(db, path);
}
END_TEST

/* support.c: the caps and the project leader's override */
START_TEST(support_assign_check_caps_and_override)
{
	ck_assert_int_eq(support_assign_check(METHOD_CTI, 9, ROLE_COORDINATOR, NULL), ASSIGN_OK);
	ck_assert_int_eq(support_assign_check(METHOD_CTI, 10, ROLE_COORDINATOR, NULL), ASSIGN_FULL);
	ck_assert_int_eq(support_assign_check(METHOD_CTI, 10, ROLE_COORDINATOR, "begrundelse"), ASSIGN_FULL);
	ck_assert_int_eq(support_assign_check(METHOD_CTI, 10, ROLE_PROJECT_LEADER, NULL), ASSIGN_NEED_REASON);
	ck_assert_int_eq(support_assign_check(METHOD_CTI, 10, ROLE_PROJECT_LEADER, ""), ASSIGN_NEED_REASON);
	ck_assert_int_eq(support_assign_check(METHOD_CTI, 12, ROLE_PROJECT_LEADER, "kender den unge"), ASSIGN_OVERRIDE);
	ck_assert_int_eq(support_assign_check(METHOD_ICM, 7, ROLE_COORDINATOR, NULL), ASSIGN_OK);
	ck_assert_int_eq(support_assign_check(METHOD_ICM, 8, ROLE_COORDINATOR, NULL), ASSIGN_FULL);
	ck_assert_int_eq(support_assign_check(METHOD_ICM, 8, ROLE_PROJECT_LEADER, "x"), ASSIGN_OVERRIDE);
	ck_assert_int_eq(support_assign_check(METHOD_ACT, 40, ROLE_COORDINATOR, NULL), ASSIGN_OK);
	/* within the cap a reason is not an override */
	ck_assert_int_eq(support_assign_check(METHOD_CTI, 3, ROLE_PROJECT_LEADER, "x"), ASSIGN_OK);
}
END_TEST

START_TEST(cti_checklist_items_overdue)
{
	CtiPhases p;
	cti_phases("2026-01-15", &p); /* phase 2 from 2026-04-15, handover by 2026-09-14 */
	ck_assert_int_eq(cti_item_overdue(&p, "p1_moving", "2026-04-14"), 0);
	ck_assert_int_eq(cti_item_overdue(&p, "p1_moving", "2026-04-15"), 1);
	ck_assert_int_eq(cti_item_overdue(&p, "p2_adjust", "2026-07-14"), 0);
	ck_assert_int_eq(cti_item_overdue(&p, "p2_adjust", "2026-07-15"), 1);
	ck_assert_str_eq(p.handover_by, "2026-09-14");
	ck_assert_int_eq(cti_item_overdue(&p, "p3_handover", "2026-09-13"), 0);
	ck_assert_int_eq(cti_item_overdue(&p, "p3_handover", "2026-09-14"), 1);
	ck_assert_int_eq(cti_item_overdue(&p, "p3_longterm", "2026-10-14"), 0);
	ck_assert_int_eq(cti_item_overdue(&p, "p3_longterm", "2026-10-15"), 1);
	ck_assert_int_eq(cti_item_overdue(&p, "bogus", "2027-01-01"), 0);
	/* every checklist item names its phase */
	for (const Choice *c = cti_checklist; c->key; c++)
		ck_assert(c->key[0] == 'p' && c->key[1] >= '1' && c->key[1] <= '3' && c->key[2] == '_');
}
END_TEST

/* ---- contact.c: contacts per week and the CTI guide ---------------------------- */

static void intensity(const char *start, const char *upto, int cti, const char *const *dates, const int *reached,
		      int n, ContactIntensity *ci)
{
	contact_intensity(start, upto, cti, dates, reached, n, ci);
}

START_TEST(contact_weeks_run_monday_to_sunday)
{
	ContactIntensity ci;
	const char *d[] = {"2026-01-04", "2026-01-05", "2026-01-11", "2026-01-12", "2026-01-18", "2026-01-19"};
	const int ok[] = {1, 1, 1, 0, 1, 1};
	/* Monday 5 January to Sunday 18 January 2026: two weeks; the days
	 * before the start and after upto are not counted */
	intensity("2026-01-05", "2026-01-18", 0, d, ok, 6, &ci);
	ck_assert_int_eq(ci.nweeks, 2);
	ck_assert_str_eq(ci.weeks[0].monday, "2026-01-05");
	ck_assert_str_eq(ci.weeks[1].monday, "2026-01-12");
	ck_assert_int_eq(ci.weeks[0].contacts, 2); /* Monday and Sunday */
	ck_assert_int_eq(ci.weeks[1].contacts, 2);
	ck_assert_int_eq(ci.weeks[1].reached, 1);  /* the Monday was an attempt */
	ck_assert_int_eq(ci.nwindows, 0);          /* no guide outside CTI */
	ck_assert_int_eq(ci.weeks[0].window, -1);
	ck_assert_int_eq(ci.weeks[1].flagged, 0);
	contact_intensity_free(&ci);
	ck_assert_int_eq(weekday_of("2026-01-05"), 0);
	ck_assert_int_eq(weekday_of("2026-01-11"), 6);
	ck_assert_int_eq(weekday_of("2024-02-29"), 3);
	/* upto before the start: nothing to show */
	intensity("2026-01-05", "2026-01-04", 1, d, ok, 6, &ci);
	ck_assert_int_eq(ci.nweeks, 0);
	contact_intensity_free(&ci);
}
END_TEST

START_TEST(contact_weeks_start_mid_week)
{
	ContactIntensity ci;
	const char *d[] = {"2026-01-06", "2026-01-13"};
	const int ok[] = {1, 1};
	/* CTI from Wednesday 7 January: the first week is a part week; it joins
	 * the next, so the contact on Tuesday 13 January covers both */
	intensity("2026-01-07", "2026-01-25", 1, d, ok, 2, &ci);
	ck_assert_int_eq(ci.nweeks, 3);
	ck_assert_str_eq(ci.weeks[0].monday, "2026-01-05");
	ck_assert_int_eq(ci.weeks[0].contacts, 0); /* the 6th is before the start */
	ck_assert_int_eq(ci.weeks[0].phase, 1);
	ck_assert_int_eq(ci.nwindows, 2);
	ck_assert_int_eq(ci.windows[0].first, 0);
	ck_assert_int_eq(ci.windows[0].last, 1);
	ck_assert_int_eq(ci.windows[0].flagged, 0);
	ck_assert_int_eq(ci.weeks[0].flagged, 0);
	ck_assert_int_eq(ci.windows[1].flagged, 1); /* 19-25 January: nothing */
	ck_assert_int_eq(ci.weeks[2].flagged, 1);
	ck_assert_int_eq(ci.gaps[1], 1);
	contact_intensity_free(&ci);
	/* the current week is not judged before its Sunday */
	intensity("2026-01-07", "2026-01-24", 1, d, ok, 2, &ci);
	ck_assert_int_eq(ci.windows[1].judged, 0);
	ck_assert_int_eq(ci.weeks[2].flagged, 0);
	ck_assert_int_eq(ci.gaps[1], 0);
	contact_intensity_free(&ci);
}
END_TEST

START_TEST(contact_weeks_across_the_year_turn)
{
	ContactIntensity ci;
	int year;
	const char *d[] = {"2027-01-01", "2027-01-03", "2027-01-04"};
	const int ok[] = {1, 1, 1};
	intensity("2026-12-28", "2027-01-10", 0, d, ok, 3, &ci);
	ck_assert_int_eq(ci.nweeks, 2);
	ck_assert_str_eq(ci.weeks[1].monday, "2027-01-04");
	ck_assert_int_eq(ci.weeks[0].contacts, 2);
	ck_assert_int_eq(ci.weeks[1].contacts, 1);
	contact_intensity_free(&ci);
	/* ISO weeks: 2026 has 53, 1 January 2021 was in week 53 of 2020 */
	ck_assert_int_eq(iso_week("2026-12-28", &year), 53);
	ck_assert_int_eq(year, 2026);
	ck_assert_int_eq(iso_week("2027-01-03", &year), 53);
	ck_assert_int_eq(iso_week("2027-01-04", &year), 1);
	ck_assert_int_eq(year, 2027);
	ck_assert_int_eq(iso_week("2021-01-01", &year), 53);
	ck_assert_int_eq(year, 2020);
	ck_assert_int_eq(iso_week("2026-01-01", &year), 1);
	/* CTI across the year turn: weekly windows on both sides */
	intensity("2026-12-21", "2027-01-10", 1, d, ok, 3, &ci);
	ck_assert_int_eq(ci.nweeks, 3);
	ck_assert_int_eq(ci.weeks[0].flagged, 1); /* 21-27 December: nothing */
	ck_assert_int_eq(ci.weeks[1].flagged, 0);
	ck_assert_int_eq(ci.weeks[2].flagged, 0);
	ck_assert_int_eq(ci.gaps[1], 1);
	contact_intensity_free(&ci);
}
END_TEST

START_TEST(contact_guide_by_phase_and_attempts_do_not_count)
{
	/* CTI from Monday 5 January 2026: phase 2 from Sunday 5 April, phase 3
	 * from Sunday 5 July, the last day Sunday 4 October */
	const char *d[64];
	int ok[64], n = 0;
	char buf[64][11];
	for (int i = 0; i <= 12; i++) /* phase 1: every week */
		date_add_days(buf[n], "2026-01-05", 7L * i), d[n] = buf[n], ok[n++] = 1;
	for (int i = 13; i <= 25; i += 2) /* phase 2: one contact in every two weeks, but weeks 15-16 */
		if (i != 15)
			date_add_days(buf[n], "2026-01-05", 7L * i + 2), d[n] = buf[n], ok[n++] = 1;
	date_add_days(buf[n], "2026-01-05", 7L * 15 + 1), d[n] = buf[n], ok[n++] = 0; /* an attempt only */
	d[n] = "2026-07-20", ok[n++] = 1; /* phase 3: July and September, not August */
	d[n] = "2026-09-15", ok[n++] = 1;
	ContactIntensity ci;
	contact_intensity("2026-01-05", "2026-10-18", 1, d, ok, n, &ci);
	ck_assert_int_eq(ci.nweeks, 41);
	ck_assert_int_eq(ci.weeks[12].phase, 1); /* Monday 30 March; phase 2 begins on its Sunday */
	ck_assert_int_eq(ci.weeks[13].phase, 2);
	ck_assert_int_eq(ci.weeks[25].phase, 2);
	ck_assert_int_eq(ci.weeks[26].phase, 3);
	ck_assert_int_eq(ci.weeks[39].phase, 4);
	ck_assert_int_eq(ci.nwindows, 13 + 6 + 3);
	/* phase 2: pairs from its first week; the single week left joins the last pair */
	ck_assert_int_eq(ci.windows[13].first, 13);
	ck_assert_int_eq(ci.windows[13].last, 14);
	ck_assert_int_eq(ci.windows[18].first, 23);
	ck_assert_int_eq(ci.windows[18].last, 25);
	/* phase 3: the months from 5 July, by the weeks' Mondays */
	ck_assert_int_eq(ci.windows[19].first, 26);
	ck_assert_int_eq(ci.windows[19].last, 30);
	ck_assert_int_eq(ci.windows[20].first, 31);
	ck_assert_int_eq(ci.windows[20].last, 34);
	ck_assert_int_eq(ci.windows[21].last, 38);
	ck_assert_int_eq(ci.gaps[1], 0);
	ck_assert_int_eq(ci.gaps[2], 1); /* the attempt does not count */
	ck_assert_int_eq(ci.gaps[3], 1);
	ck_assert_int_eq(ci.weeks[15].flagged && ci.weeks[16].flagged, 1);
	ck_assert_int_eq(ci.weeks[14].flagged || ci.weeks[17].flagged, 0);
	for (int i = 31; i <= 34; i++)
		ck_assert_int_eq(ci.weeks[i].flagged, 1);
	ck_assert_int_eq(ci.weeks[30].flagged || ci.weeks[35].flagged || ci.weeks[40].flagged, 0);
	ck_assert_int_eq(ci.weeks[40].window, -1); /* after the nine months: no guide */
	contact_intensity_free(&ci);
	/* in the middle of phase 2 the windows are the same; the open one is not judged */
	contact_intensity("2026-01-05", "2026-05-20", 1, d, ok, n, &ci);
	ck_assert_int_eq(ci.nweeks, 20);
	ck_assert_int_eq(ci.gaps[2], 1);
	ck_assert_int_eq(ci.windows[ci.nwindows - 1].first, 19);
	ck_assert_int_eq(ci.windows[ci.nwindows - 1].judged, 0);
	contact_intensity_free(&ci);
}
END_TEST

START_TEST(contact_demo_keeps_the_rules)
{
	char path[64], from[11], today[11], last[11];
	Db *db = temp_db(path);
	day(from, -200);
	today_copenhagen(today);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('T') RETURNING id", "");
	long long p = db_int(db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, created_at)"
			     " VALUES (?, '0101011234', 'P', 'now') RETURNING id", "I", m);
	long long c = db_int(db, 0,
			     "INSERT INTO course(person_id, opened_on, target_group) VALUES (?, ?, 'homeless') RETURNING id",
			     "It", p, from);
	long long s = db_int(db, 0,
			     "INSERT INTO support_course(course_id, method, start_on, created_at) VALUES (?, 'cti', ?, 'now')"
			     " RETURNING id", "It", c, from);
	contact_demo(db, s, 42);
	ck_assert_int_eq(db_failed(db), 0);
	long long n = db_int(db, 0, "SELECT COUNT(*) FROM contact WHERE support_id = ?", "I", s);
	ck_assert_int_gt(n, 10);
	/* inside the support, never in the future, sensible durations */
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM contact WHERE on_date < ? OR on_date > ? OR minutes > 1440",
				"tt", from, today), 0);
	ck_assert_int_eq(contact_last(db, s, last), 1);
	ck_assert_str_le(last, today);
	/* reproducible from the seed */
	contact_demo(db, s, 42);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM contact WHERE support_id = ?", "I", s), 2 * n);
	drop_db(db, path);
}
END_TEST

START_TEST(instrument_schedule_every_third_month_from_a_mid_month_start)
{
	InstrDue d[16];
	int n = instr_schedule("2026-01-15", "", 3, d, 5);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(d[0].no, 0);
	ck_assert_str_eq(d[0].due, "2026-01-15");
	ck_assert_str_eq(d[0].from, "2026-01-15");
	ck_assert_str_eq(d[0].to, "2026-01-15");
	ck_assert_int_eq(d[1].no, 1);
	ck_assert_str_eq(d[1].from, "2026-01-15");
	ck_assert_str_eq(d[1].to, "2026-04-14");
	ck_assert_str_eq(d[1].due, "2026-04-15");
	ck_assert_str_eq(d[2].from, "2026-04-15");
	ck_assert_str_eq(d[2].due, "2026-07-15");
	ck_assert_str_eq(d[4].due, "2027-01-15"); /* the year turns */
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(d[i].final, 0);
}
END_TEST

START_TEST(instrument_schedule_month_ends_and_leap_years)
{
	InstrDue d[8];
	/* 30 November 2027: 29 February 2028 (a leap year), then 30 May */
	int n = instr_schedule("2027-11-30", "", 3, d, 4);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(d[1].due, "2028-02-29");
	ck_assert_str_eq(d[1].to, "2028-02-28");
	ck_assert_str_eq(d[2].due, "2028-05-30");
	ck_assert_str_eq(d[2].from, "2028-02-29");
	/* 31 May: 31 August, 30 November, 28 February (counted from the start, not chained) */
	n = instr_schedule("2026-05-31", "", 3, d, 5);
	ck_assert_str_eq(d[1].due, "2026-08-31");
	ck_assert_str_eq(d[2].due, "2026-11-30");
	ck_assert_str_eq(d[3].due, "2027-02-28");
	ck_assert_str_eq(d[4].due, "2027-05-31");
	ck_assert_str_eq(d[4].from, "2027-02-28");
}
END_TEST

START_TEST(instrument_schedule_course_ended_early_gets_a_final_measurement)
{
	InstrDue d[16];
	/* ended after seven months: 0, 1 (3 months), 2 (6 months), final at the end */
	int n = instr_schedule("2026-01-15", "2026-08-20", 3, d, 16);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(d[2].due, "2026-07-15");
	ck_assert_int_eq(d[3].final, 1);
	ck_assert_int_eq(d[3].no, 3);
	ck_assert_str_eq(d[3].from, "2026-07-15");
	ck_assert_str_eq(d[3].to, "2026-08-20");
	ck_assert_str_eq(d[3].due, "2026-08-20");
	/* a periodic one due less than 14 days before the end is the final one */
	n = instr_schedule("2026-01-15", "2026-07-20", 3, d, 16);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(d[1].due, "2026-04-15");
	ck_assert_int_eq(d[2].final, 1);
	ck_assert_str_eq(d[2].from, "2026-04-15");
	ck_assert_str_eq(d[2].due, "2026-07-20");
	/* ended within the first weeks: the start and the final one */
	n = instr_schedule("2026-01-15", "2026-02-01", 3, d, 16);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(d[1].final, 1);
	ck_assert_str_eq(d[1].from, "2026-01-15");
	/* ended on the start day */
	n = instr_schedule("2026-01-15", "2026-01-15", 3, d, 16);
	ck_assert_int_eq(n, 2);
	/* an end before the start, or no start: nothing */
	ck_assert_int_eq(instr_schedule("2026-01-15", "2026-01-01", 3, d, 16), 0);
	ck_assert_int_eq(instr_schedule("", "", 3, d, 16), 0);
	/* room for fewer than all: never more than max */
	ck_assert_int_eq(instr_schedule("2020-01-15", "2026-01-01", 3, d, 3), 3);
}
END_TEST

START_TEST(instrument_due_states_and_periods)
{
	ck_assert_int_eq(due_state("2026-04-15", "2026-03-31"), DUE_LATER);
	ck_assert_int_eq(due_state("2026-04-15", "2026-04-01"), DUE_SOON);
	ck_assert_int_eq(due_state("2026-04-15", "2026-04-14"), DUE_SOON);
	ck_assert_int_eq(due_state("2026-04-15", "2026-04-15"), DUE_NOW);
	ck_assert_int_eq(due_state("2026-04-15", "2026-04-29"), DUE_NOW);
	ck_assert_int_eq(due_state("2026-04-15", "2026-04-30"), DUE_LATE);
	char f[11], t[11];
	period_of("2026-02-29", 3, f, t); /* no such day */
	ck_assert_str_eq(f, "");
	period_of("2026-05-17", 3, f, t);
	ck_assert_str_eq(f, "2026-04-01");
	ck_assert_str_eq(t, "2026-06-30");
	period_of("2028-02-10", 3, f, t);
	ck_assert_str_eq(t, "2028-03-31");
	period_of("2026-12-31", 3, f, t);
	ck_assert_str_eq(f, "2026-10-01");
	ck_assert_str_eq(t, "2026-12-31");
	period_of("2026-07-01", 6, f, t);
	ck_assert_str_eq(f, "2026-07-01");
	ck_assert_str_eq(t, "2026-12-31");
	period_of("2026-06-30", 6, f, t);
	ck_assert_str_eq(f, "2026-01-01");
	ck_assert_str_eq(t, "2026-06-30");
	ck_assert_str_eq(housing_summary("own_home"), "housed");
	ck_assert_str_eq(housing_summary("sofa"), "homeless");
	ck_assert_str_eq(housing_summary("andet"), "homeless");
	ck_assert_str_eq(housing_summary("family"), "other");
	ck_assert_str_eq(housing_summary("unknown"), "unknown");
	ck_assert_str_eq(housing_summary(""), "unknown");
	ck_assert_str_eq(housing_summary("nonsense"), "unknown");
	/* every housing situation of DOMAIN.md §1 is an answer */
	for (const Choice *c = housing_situations; c->key; c++)
		ck_assert_ptr_nonnull(choice_label(housing_answers, c->key));
}
END_TEST

START_TEST(instrument_versions_keep_old_answers_readable)
{
	char path[64];
	Db *db = temp_db(path);
	/* synced once: one version of each, a second sync adds nothing */
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM instrument", ""), 3);
	ck_assert_int_eq(instrument_sync(db), 0);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM instrument", ""), 3);
	long long v1 = instrument_current(db, "dialog");
	long long item = db_int(db, 0, "SELECT id FROM instrument_item WHERE instrument_id = ? AND key = 'heard'", "I", v1);
	ck_assert_int_gt(item, 0);
	/* the stored definition differs from the one in the program (as after
	 * an item was added): the next sync stores a new version, the old one
	 * and its items stay */
	db_exec(db, "UPDATE instrument SET digest = 'old' WHERE id = ?", "I", v1);
	ck_assert_int_eq(instrument_sync(db), 1);
	long long v2 = instrument_current(db, "dialog");
	ck_assert_int_ne(v1, v2);
	ck_assert_int_eq(db_int(db, 0, "SELECT version FROM instrument WHERE id = ?", "I", v2), 2);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM instrument_item WHERE instrument_id = ?", "I", v1),
			 db_int(db, 0, "SELECT COUNT(*) FROM instrument_item WHERE instrument_id = ?", "I", v2));
	char *label = db_text(db, "SELECT label FROM instrument_item WHERE id = ?", "I", item);
	ck_assert_str_eq(label, "Jeg bliver hørt og er med til at bestemme");
	free(label);
	/* every scale item's options are stored with it: 1-5 and "Ved ikke" */
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM instrument_option WHERE item_id = ?", "I", item), 6);
	/* every instrument's every item has a known kind and, for choices, options */
	ck_assert_int_eq(db_int(db, 0,
				"SELECT COUNT(*) FROM instrument_item i WHERE i.kind IN ('scale','choice','multi')"
				" AND NOT EXISTS (SELECT 1 FROM instrument_option o WHERE o.item_id = i.id)", ""), 0);
	drop_db(db, path);
}
END_TEST

/* ---- measure.c: prefill, validation, old versions ------------------------------------ */

/* A course with a support course (CTI from 2026-01-10) and a user. */
static long long measure_fixture(Db *db, long long *course, long long *user)
{
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('T') RETURNING id", "");
	*user = db_int(db, 0,
		       "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
		       " VALUES (?, 'b', 'B', 'support', 'x', 'now') RETURNING id", "I", m);
	long long p = db_int(db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, created_at)"
			     " VALUES (?, '0101011234', 'P', 'now') RETURNING id", "I", m);
	*course = db_int(db, 0,
			 "INSERT INTO course(person_id, opened_on, target_group, housing_situation)"
			 " VALUES (?, '2026-01-05', 'homeless', 'herberg') RETURNING id", "I", p);
	ck_assert_int_ge(instrument_sync(db), 0);
	return db_int(db, 0,
		      "INSERT INTO support_course(course_id, method, start_on, created_at)"
		      " VALUES (?, 'cti', '2026-01-10', 'now') RETURNING id", "I", *course);
}

static void add_contact(Db *db, long long sid, const char *on, const char *kind, int minutes, int travel,
			const char *domain)
{
	long long k = db_int(db, 0,
			     "INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, created_at)"
			     " VALUES (?, ?, ?, ?, ?, 'home', 'now') RETURNING id", "Ittii",
			     sid, on, kind, minutes, travel);
	if (domain)
		db_exec(db, "INSERT INTO contact_domain(contact_id, domain) VALUES (?, ?)", "It", k, domain);
}

START_TEST(measure_prefill_counts_only_the_period)
{
	char path[64];
	long long course, user;
	Db *db = temp_db(path);
	long long sid = measure_fixture(db, &course, &user);
	/* the day before, the first and the last day, the day after */
	add_contact(db, sid, "2026-03-31", "face", 600, 0, "economy");
	add_contact(db, sid, "2026-04-01", "face", 60, 30, "housing");
	add_contact(db, sid, "2026-04-15", "attempt", 0, 15, NULL);
	add_contact(db, sid, "2026-06-30", "phone", 20, 0, "economy");
	add_contact(db, sid, "2026-07-01", "face", 600, 0, "network");
	char *v = measure_prefill(db, course, sid, "contacts", "2026-04-01", "2026-06-30");
	ck_assert_str_eq(v, "2"); /* the attempt did not reach the young person */
	free(v);
	v = measure_prefill(db, course, sid, "contact_hours", "2026-04-01", "2026-06-30");
	ck_assert_str_eq(v, "2,1"); /* 60 + 30 + 15 + 20 = 125 minutes */
	free(v);
	v = measure_prefill(db, course, sid, "contact_domains", "2026-04-01", "2026-06-30");
	ck_assert_str_eq(v, "economy housing");
	free(v);
	ck_assert_ptr_null(measure_prefill(db, course, sid, "contact_domains", "2026-08-01", "2026-08-31"));
	v = measure_prefill(db, course, sid, "contact_hours", "2026-08-01", "2026-08-31");
	ck_assert_str_eq(v, "0");
	free(v);
	drop_db(db, path);
}
END_TEST

START_TEST(measure_prefill_phase_method_housing_meetings_team)
{
	char path[64];
	long long course, user;
	Db *db = temp_db(path);
	long long sid = measure_fixture(db, &course, &user);
	char *v = measure_prefill(db, course, sid, "cti_phase", "2026-01-10", "2026-04-09");
	ck_assert_str_eq(v, "1");
	free(v);
	v = measure_prefill(db, course, sid, "cti_phase", "2026-04-10", "2026-07-09");
	ck_assert_str_eq(v, "2");
	free(v);
	v = measure_prefill(db, course, sid, "cti_phase", "2026-10-10", "2027-01-09");
	ck_assert_str_eq(v, "after");
	free(v);
	v = measure_prefill(db, course, sid, "support_method", "2026-01-10", "2026-04-09");
	ck_assert_str_eq(v, "cti");
	free(v);
	db_exec(db, "UPDATE support_course SET method = 'icm' WHERE id = ?", "I", sid);
	v = measure_prefill(db, course, sid, "cti_phase", "2026-01-10", "2026-04-09");
	ck_assert_str_eq(v, "none");
	free(v);
	v = measure_prefill(db, course, 0, "housing", "2026-01-10", "2026-04-09");
	ck_assert_str_eq(v, "herberg");
	free(v);
	/* meetings held in the period, and with the young person present */
	db_exec(db,
		"INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, held, young_present,"
		" created_at, updated_at) VALUES (?, '2026-02-01', '10:00', '11:00', 'R', 'u1', 1, 1, 'n', 'n'),"
		" (?, '2026-03-01', '10:00', '11:00', 'R', 'u2', 1, 0, 'n', 'n'),"
		" (?, '2026-03-02', '10:00', '11:00', 'R', 'u3', 0, NULL, 'n', 'n'),"
		" (?, '2026-05-01', '10:00', '11:00', 'R', 'u4', 1, 1, 'n', 'n')",
		"IIII", course, course, course, course);
	v = measure_prefill(db, course, 0, "meetings_held", "2026-01-10", "2026-04-09");
	ck_assert_str_eq(v, "2");
	free(v);
	v = measure_prefill(db, course, 0, "meetings_youth", "2026-01-10", "2026-04-09");
	ck_assert_str_eq(v, "1");
	free(v);
	/* a member added and one ended in the period, one added before */
	db_exec(db,
		"INSERT INTO team_member(course_id, actor, name, from_date, to_date, created_at) VALUES"
		" (?, 'uu', 'A', '2026-02-01', NULL, 'n'), (?, 'uu', 'B', '2025-12-01', '2026-03-01', 'n'),"
		" (?, 'uu', 'C', '2025-12-01', NULL, 'n')",
		"III", course, course, course);
	v = measure_prefill(db, course, 0, "team_changes", "2026-01-10", "2026-04-09");
	ck_assert_str_eq(v, "2");
	free(v);
	drop_db(db, path);
}
END_TEST

START_TEST(measure_hours_parse_and_validation)
{
	long long m = -1;
	/* the instruments use time registration's parser: one decimal */
	ck_assert_int_eq(hours_parse("12,5", &m), HOURS_OK);
	ck_assert_int_eq(m, 750);
	ck_assert_int_eq(hours_parse("12.5", &m), HOURS_OK);
	ck_assert_int_eq(m, 750);
	ck_assert_int_eq(hours_parse("3", &m), HOURS_OK);
	ck_assert_int_eq(m, 180);
	ck_assert_int_eq(hours_parse("1,75", &m), HOURS_DECIMALS);
	ck_assert_int_eq(hours_parse("-2", &m), HOURS_NEGATIVE);
	ck_assert_int_eq(hours_parse("1,", &m), HOURS_FORMAT);
	ck_assert_int_eq(hours_parse("tolv", &m), HOURS_FORMAT);
	char path[64];
	long long course, user;
	Db *db = temp_db(path);
	measure_fixture(db, &course, &user);
	long long sup = instrument_current(db, "individ_support");
	long long model = instrument_current(db, "individ_model");
	/* a 30-day period has 720 hours */
	ck_assert_ptr_null(measure_check_value(db, sup, "hours", "720", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_nonnull(measure_check_value(db, sup, "hours", "720,5", "2026-04-01", "2026-04-30"));
	/* ratings: only the scale's values */
	ck_assert_ptr_null(measure_check_value(db, model, "hverdag", "5", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_null(measure_check_value(db, model, "hverdag", "x", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_nonnull(measure_check_value(db, model, "hverdag", "6", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_nonnull(measure_check_value(db, model, "hverdag", "0", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_nonnull(measure_check_value(db, model, "hverdag", "", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_nonnull(measure_check_value(db, model, "housing", "slot", "2026-04-01", "2026-04-30"));
	/* numbers up to the item's largest value; the note may be left out */
	ck_assert_ptr_null(measure_check_value(db, model, "meetings_held", "50", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_nonnull(measure_check_value(db, model, "meetings_held", "51", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_nonnull(measure_check_value(db, model, "meetings_held", "2,5", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_null(measure_check_value(db, model, "note", "", "2026-04-01", "2026-04-30"));
	drop_db(db, path);
}
END_TEST

START_TEST(measure_old_answer_keeps_the_label_of_its_version)
{
	char path[64];
	long long course, user;
	Db *db = temp_db(path);
	measure_fixture(db, &course, &user);
	long long v1 = instrument_current(db, "individ_model");
	long long item = db_int(db, 0, "SELECT id FROM instrument_item WHERE instrument_id = ? AND key = 'hverdag'", "I",
				v1);
	long long mid = db_int(db, 0,
			       "INSERT INTO measurement(instrument_id, instrument_key, course_id, support_id, period_no,"
			       " period_from, period_to, due_on, filled_on, author_id, created_at)"
			       " VALUES (?, 'individ_model', ?, 0, 1, '2026-01-10', '2026-04-09', '2026-04-10',"
			       " '2026-04-12', ?, 'now') RETURNING id", "III", v1, course, user);
	db_exec(db, "INSERT INTO measurement_answer(measurement_id, item_id, num, txt) VALUES (?, ?, 3, '3')", "II", mid,
		item);
	/* a new version renames the item's scale */
	long long v2 = db_int(db, 0,
			      "INSERT INTO instrument(key, version, title, filled_by, months, digest, created_at)"
			      " VALUES ('individ_model', 2, 'Ny', 'coordinator', 3, 'd2', 'now') RETURNING id", "");
	long long item2 = db_int(db, 0,
				 "INSERT INTO instrument_item(instrument_id, position, key, section, label, kind, scale)"
				 " VALUES (?, 1, 'hverdag', 'Vurdering', 'Hverdagen', 'scale', 'rating') RETURNING id", "I",
				 v2);
	db_exec(db, "INSERT INTO instrument_option(item_id, position, value, label) VALUES (?, 1, '3', 'Tre')", "I",
		item2);
	ck_assert_int_eq(instrument_current(db, "individ_model"), v2);
	char *t = measure_answer_text(db, mid, "hverdag");
	ck_assert_str_eq(t, "3 – Nogle vanskeligheder");
	free(t);
	ck_assert_ptr_null(measure_answer_text(db, mid, "edu_status")); /* not answered */
	/* the new version checks against its own scale */
	ck_assert_ptr_nonnull(measure_check_value(db, v2, "hverdag", "4", "2026-04-01", "2026-04-30"));
	ck_assert_ptr_null(measure_check_value(db, v2, "hverdag", "3", "2026-04-01", "2026-04-30"));
	drop_db(db, path);
}
END_TEST

/* ---- timereg.c: time registration per quarter ----------------------------------- */

START_TEST(timereg_hours_parsing)
{
	long long m;
	ck_assert_int_eq(hours_parse("7,5", &m), HOURS_OK);
	ck_assert_int_eq(m, 450);
	ck_assert_int_eq(hours_parse("7.5", &m), HOURS_OK);
	ck_assert_int_eq(m, 450);
	ck_assert_int_eq(hours_parse(" 12 ", &m), HOURS_OK);
	ck_assert_int_eq(m, 720);
	ck_assert_int_eq(hours_parse("0", &m), HOURS_OK);
	ck_assert_int_eq(m, 0);
	ck_assert_int_eq(hours_parse("", &m), HOURS_OK);
	ck_assert_int_eq(m, 0);
	ck_assert_int_eq(hours_parse(",5", &m), HOURS_OK);
	ck_assert_int_eq(m, 30);
	ck_assert_int_eq(hours_parse("7,50", &m), HOURS_OK); /* a further zero is no decimal */
	ck_assert_int_eq(m, 450);
	ck_assert_int_eq(hours_parse("-1", &m), HOURS_NEGATIVE);
	ck_assert_int_eq(m, 0);
	ck_assert_int_eq(hours_parse("-0,5", &m), HOURS_NEGATIVE);
	ck_assert_int_eq(hours_parse("1,25", &m), HOURS_DECIMALS);
	ck_assert_int_eq(m, 0);
	ck_assert_int_eq(hours_parse("abc", &m), HOURS_FORMAT);
	ck_assert_int_eq(hours_parse("7,", &m), HOURS_FORMAT);
	ck_assert_int_eq(hours_parse("7,5,5", &m), HOURS_FORMAT);
	ck_assert_int_eq(hours_parse("1e3", &m), HOURS_FORMAT);
	ck_assert_int_eq(hours_parse("-", &m), HOURS_FORMAT);
	ck_assert_int_eq(hours_parse("7 t", &m), HOURS_FORMAT);
	ck_assert_int_eq(hours_parse("99999999999999999999999", &m), HOURS_HUGE);
	ck_assert_int_eq(hours_parse("1000001", &m), HOURS_HUGE);
	ck_assert_int_eq(m, 0);
	char h[32];
	hours_format(h, 450);
	ck_assert_str_eq(h, "7,5");
	hours_format(h, 480);
	ck_assert_str_eq(h, "8");
	hours_format(h, 45); /* rounded to a tenth */
	ck_assert_str_eq(h, "0,8");
	hours_format(h, 0);
	ck_assert_str_eq(h, "0");
}
END_TEST

START_TEST(timereg_quarter_limits)
{
	/* July-September: 92 days = 2208 hours */
	ck_assert_int_eq(timereg_limit("2026-07-01"), 2208LL * 60);
	ck_assert_int_eq(timereg_limit("2026-01-01"), 90LL * 24 * 60);
	ck_assert_int_eq(timereg_limit("2028-01-01"), 91LL * 24 * 60); /* leap year */
	ck_assert_int_eq(timereg_limit("2026-04-01"), 91LL * 24 * 60);
	ck_assert_int_eq(timereg_limit("2026-10-01"), 92LL * 24 * 60);
	ck_assert_int_eq(timereg_limit("2026-07-02"), 0);
	ck_assert_int_eq(timereg_limit("2026-08-01"), 0);
	ck_assert_int_eq(timereg_limit("2026-02-30"), 0);
	ck_assert_int_eq(timereg_limit(NULL), 0);
	/* which quarters may be registered on 23 November 2026 by a user whose first quarter began 1 April 2026 */
	ck_assert_ptr_null(timereg_quarter_check("2026-10-01", "2026-11-23", "2026-04-01")); /* the current one */
	ck_assert_ptr_null(timereg_quarter_check("2026-04-01", "2026-11-23", "2026-04-01"));
	ck_assert_ptr_nonnull(timereg_quarter_check("2026-01-01", "2026-11-23", "2026-04-01")); /* before the user */
	ck_assert_ptr_nonnull(timereg_quarter_check("2027-01-01", "2026-11-23", "2026-04-01")); /* the future */
	ck_assert_ptr_nonnull(timereg_quarter_check("2026-10-02", "2026-11-23", "2026-04-01")); /* not a first day */
	ck_assert_ptr_nonnull(timereg_quarter_check("2026-11-01", "2026-11-23", "2026-04-01"));
	/* the first day of a quarter is registrable on that day */
	ck_assert_ptr_null(timereg_quarter_check("2027-01-01", "2027-01-01", "2026-04-01"));
}
END_TEST

START_TEST(timereg_prefill_from_contacts_and_meetings)
{
	char path[64];
	Db *db = temp_db(path);
	long long mu = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('T') RETURNING id", "");
	long long ids[3];
	static const char *const names[3] = {"w", "w2", "k"};
	static const char *const roles[3] = {"support", "support", "coordinator"};
	for (int i = 0; i < 3; i++)
		ids[i] = db_int(db, 0,
				"INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
				" VALUES (?, ?, ?, ?, 'x', '2026-01-01T00:00:00Z') RETURNING id",
				"Ittt", mu, names[i], names[i], roles[i]);
	long long w = ids[0], w2 = ids[1], k = ids[2];
	long long p = db_int(db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
			     " VALUES (?, '0101011234', 'P', ?, 'now') RETURNING id", "II", mu, k);
	long long other = db_int(db, 0,
				 "INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
				 " VALUES (?, '0202021234', 'Q', ?, 'now') RETURNING id", "II", mu, w2);
	long long c = db_int(db, 0,
			     "INSERT INTO course(person_id, opened_on, target_group) VALUES (?, '2026-01-05', 'homeless')"
			     " RETURNING id", "I", p);
	long long c2 = db_int(db, 0,
			      "INSERT INTO course(person_id, opened_on, target_group) VALUES (?, '2026-01-05', 'homeless')"
			      " RETURNING id", "I", other);
	long long cti = db_int(db, 0,
			       "INSERT INTO support_course(course_id, method, start_on, created_at)"
			       " VALUES (?, 'cti', '2026-02-01', 'now') RETURNING id", "I", c);
	long long icm = db_int(db, 0,
			       "INSERT INTO support_course(course_id, method, start_on, created_at)"
			       " VALUES (?, 'icm', '2026-02-01', 'now') RETURNING id", "I", c2);
	/* w is the CTI worker from 1 August */
	db_exec(db, "INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at)"
		    " VALUES (?, ?, 'bostoette', '2026-08-01', 'now')", "II", cti, w);
	static const struct {
		int course; /* 0 cti, 1 icm */
		const char *on;
		int minutes, travel;
		int by; /* 0 w, 1 w2, -1 nobody recorded */
	} contacts[] = {
		{0, "2026-07-01", 60, 20, 0},  /* the quarter's first day: counted */
		{0, "2026-09-30", 45, 10, 0},  /* its last day: counted */
		{0, "2026-06-30", 100, 50, 0}, /* the quarter before */
		{0, "2026-10-01", 100, 50, 0}, /* the quarter after */
		{0, "2026-08-15", 30, 0, -1},  /* no recorder, w was the worker that day */
		{0, "2026-07-15", 200, 0, -1}, /* no recorder, before w was the worker */
		{0, "2026-08-16", 300, 30, 1}, /* recorded by another worker */
		{1, "2026-09-01", 90, 15, 0},  /* ICM, recorded by w */
	};
	for (size_t i = 0; i < sizeof contacts / sizeof contacts[0]; i++)
		db_exec(db,
			"INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, created_by, created_at)"
			" VALUES (?, ?, 'face', ?, ?, 'home', ?, 'now')",
			"ItiiJ", contacts[i].course ? icm : cti, contacts[i].on, contacts[i].minutes, contacts[i].travel,
			contacts[i].by < 0 ? 0LL : contacts[i].by ? w2 : w);
	const struct {
		long long *course;
		const char *on, *start, *end;
		int held;
	} meetings[] = {
		{&c, "2026-07-10", "10:00", "11:30", 1},  /* 90 minutes */
		{&c, "2026-09-30", "13:00", "14:00", 1},  /* 60 */
		{&c, "2026-08-10", "09:00", "12:00", 0},  /* planned, not held */
		{&c, "2026-06-30", "09:00", "12:00", 1},  /* the quarter before */
		{&c2, "2026-08-10", "09:00", "12:00", 1}, /* another coordinator's young person */
	};
	for (size_t i = 0; i < sizeof meetings / sizeof meetings[0]; i++) {
		char uid[32];
		snprintf(uid, sizeof uid, "m%zu@test", i);
		db_exec(db,
			"INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, held, created_at, updated_at)"
			" VALUES (?, ?, ?, ?, 'x', ?, ?, 'now', 'now')",
			"Itttti", *meetings[i].course, meetings[i].on, meetings[i].start, meetings[i].end, uid, meetings[i].held);
	}
	ck_assert_int_eq(db_failed(db), 0);
	TimePrefill t;
	timereg_prefill(db, w, "2026-07-01", "2026-09-30", &t);
	ck_assert_int_eq(t.minutes[TIME_CTI][TIME_DIRECT], 60 + 45 + 30);
	ck_assert_int_eq(t.minutes[TIME_CTI][TIME_TRANSPORT], 20 + 10);
	ck_assert_int_eq(t.contacts[TIME_CTI], 3);
	ck_assert_int_eq(t.minutes[TIME_ICM][TIME_DIRECT], 90);
	ck_assert_int_eq(t.minutes[TIME_ICM][TIME_TRANSPORT], 15);
	ck_assert_int_eq(t.contacts[TIME_ICM], 1);
	ck_assert_int_eq(t.minutes[TIME_MODEL][TIME_MEETINGS], 0);
	ck_assert_int_eq(t.meetings, 0);
	ck_assert_int_eq(t.minutes[TIME_ACT][TIME_DIRECT], 0);
	/* the coordinator: the held meetings of the young people they coordinate */
	timereg_prefill(db, k, "2026-07-01", "2026-09-30", &t);
	ck_assert_int_eq(t.minutes[TIME_MODEL][TIME_MEETINGS], 90 + 60);
	ck_assert_int_eq(t.meetings, 2);
	ck_assert_int_eq(t.minutes[TIME_CTI][TIME_DIRECT], 0);
	/* the other worker: their own contact, and the meeting of the young person they coordinate */
	timereg_prefill(db, w2, "2026-07-01", "2026-09-30", &t);
	ck_assert_int_eq(t.minutes[TIME_CTI][TIME_DIRECT], 300);
	ck_assert_int_eq(t.minutes[TIME_CTI][TIME_TRANSPORT], 30);
	ck_assert_int_eq(t.minutes[TIME_MODEL][TIME_MEETINGS], 180);
	/* the quarter after has only the one contact */
	timereg_prefill(db, w, "2026-10-01", "2026-12-31", &t);
	ck_assert_int_eq(t.minutes[TIME_CTI][TIME_DIRECT], 100);
	ck_assert_int_eq(t.contacts[TIME_CTI], 1);
	drop_db(db, path);
}
END_TEST

START_TEST(timereg_demo_history)
{
	char path[64], today[11], cf[11], ct[11], first[11], last[11];
	Db *db = temp_db(path);
	today_copenhagen(today);
	period_of(today, 3, cf, ct);
	date_add_months(first, cf, -24);
	date_add_months(last, cf, -3);
	long long mu = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('T') RETURNING id", "");
	static const char *const roles[] = {"coordinator", "coordinator", "support", "support", "team"};
	for (int i = 0; i < 5; i++) {
		char u[16];
		snprintf(u, sizeof u, "u%d", i);
		db_exec(db,
			"INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
			" VALUES (?, ?, ?, ?, 'x', '2026-01-01T00:00:00Z')",
			"Ittt", mu, u, u, roles[i]);
	}
	timereg_demo(db, mu, 7);
	ck_assert_int_eq(db_failed(db), 0);
	/* eight quarters for each of the four, two left out; none for the team member */
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM time_registration", ""), 4 * 8 - 2);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM time_registration t JOIN users u ON u.id = t.user_id"
				       " WHERE u.role = 'team'", ""), 0);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM time_registration WHERE period_from < ? OR period_from > ?",
				"tt", first, last), 0);
	/* every registration has hours, none above the quarter */
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM time_registration t WHERE NOT EXISTS"
				       " (SELECT 1 FROM time_hours h WHERE h.registration_id = t.id)", ""), 0);
	ck_assert_int_le(db_int(db, 0, "SELECT MAX(s) FROM (SELECT SUM(minutes) AS s FROM time_hours GROUP BY registration_id) x",
				""), 90LL * 24 * 60);
	/* run again: nothing more */
	timereg_demo(db, mu, 7);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM time_registration", ""), 4 * 8 - 2);
	drop_db(db, path);
}
END_TEST

/* ---- the fidelity measurement (fidelity.c) ------------------------------------------ */

/* The quarter of the hand-made data: 1.1.2025-31.3.2025, counted on 31.3. */
#define FQ "2025-01-01"

typedef struct FidDb {
	char path[64];
	Db *db;
	long long m, coord, coord2;
} FidDb;

static void fid_db(FidDb *f)
{
	f->db = temp_db(f->path);
	f->m = db_int(f->db, 0, "INSERT INTO municipality(name, coordinator_guide) VALUES ('F', 2) RETURNING id", "");
	f->coord = db_int(f->db, 0,
			  "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
			  " VALUES (?, 'k1', 'K1', 'coordinator', 'x', 'now') RETURNING id", "I", f->m);
	f->coord2 = db_int(f->db, 0,
			   "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
			   " VALUES (?, 'k2', 'K2', 'coordinator', 'x', 'now') RETURNING id", "I", f->m);
}

/* A course opened on opened (closed on closed or open), with its steps
 * 2 and 3 on the dates given ("" for none) and the coordinator (0 none). */
static long long fid_course(FidDb *f, long long coord, const char *opened, const char *closed, const char *step2,
			    const char *step3)
{
	static int n;
	char cpr[11];
	snprintf(cpr, sizeof cpr, "01019%05d", ++n);
	long long p = db_int(f->db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
			     " VALUES (?, ?, 'P', ?, 'now') RETURNING id", "ItJ", f->m, cpr, coord);
	long long c = db_int(f->db, 0,
			     "INSERT INTO course(person_id, opened_on, closed_on, target_group) VALUES (?, ?, ?, 'at_risk')"
			     " RETURNING id", "Itt", p, opened, closed && *closed ? closed : NULL);
	db_exec(f->db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 1, ?, 'now')", "It", c, opened);
	if (step2 && *step2)
		db_exec(f->db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 2, ?, 'now')", "It", c, step2);
	if (step3 && *step3)
		db_exec(f->db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 3, ?, 'now')", "It", c, step3);
	return c;
}

static void fid_expect(FidDb *f, const char *key, long long num, long long den)
{
	char today[11];
	long long n = -1, d = -1;
	today_copenhagen(today);
	ck_assert_int_eq(fidelity_compute(f->db, f->m, key, FQ, today, &n, &d), 0);
	ck_assert_msg(n == num && d == den, "%s: %lld of %lld, expected %lld of %lld", key, n, d, num, den);
}

START_TEST(fidelity_scores_from_shares_and_answers)
{
	ck_assert_int_eq(fidelity_share_score(0, 0), 0); /* no data */
	ck_assert_int_eq(fidelity_share_score(9, 10), 5);
	ck_assert_int_eq(fidelity_share_score(89, 100), 4);
	ck_assert_int_eq(fidelity_share_score(3, 4), 4);
	ck_assert_int_eq(fidelity_share_score(74, 100), 3);
	ck_assert_int_eq(fidelity_share_score(1, 2), 3);
	ck_assert_int_eq(fidelity_share_score(1, 4), 2);
	ck_assert_int_eq(fidelity_share_score(24, 100), 1);
	ck_assert_int_eq(fidelity_share_score(0, 7), 1);
	ck_assert_int_eq(fidelity_answer_score("ja"), 5);
	ck_assert_int_eq(fidelity_answer_score("delvist"), 3);
	ck_assert_int_eq(fidelity_answer_score("nej"), 1);
	ck_assert_int_eq(fidelity_answer_score("maaske"), 0);
	ck_assert_int_eq(fidelity_answer_score(NULL), 0);
	long long n, d;
	ck_assert_int_eq(fidelity_compute(NULL, 1, "m_authority", FQ, "2026-01-01", &n, &d), -1); /* manual */
	ck_assert_int_eq(fidelity_compute(NULL, 1, "nonsense", FQ, "2026-01-01", &n, &d), -1);
}
END_TEST

START_TEST(fidelity_element_and_total_leave_out_items_without_data)
{
	/* element 1: 5 and 3; element 2: 1 and one without data (0); element 5: only no data */
	const int el[] = {1, 1, 2, 2, 5, 7};
	const int sc[] = {5, 3, 1, 0, 0, 4};
	double out[8];
	double total = fidelity_scores(el, sc, 6, out);
	ck_assert_double_eq_tol(out[1], 4.0, 1e-9);
	ck_assert_double_eq_tol(out[2], 1.0, 1e-9); /* not (1 + 0) / 2 */
	ck_assert_double_eq_tol(out[5], 0.0, 1e-9); /* no score */
	ck_assert_double_eq_tol(out[7], 4.0, 1e-9);
	ck_assert_double_eq_tol(total, 3.0, 1e-9);  /* (4 + 1 + 4) / 3: element 5 is left out */
	ck_assert_double_eq_tol(fidelity_scores(el, (const int[]){0, 0, 0, 0, 0, 0}, 6, out), 0.0, 1e-9);
}
END_TEST

START_TEST(fidelity_coordinator_items_and_no_data)
{
	FidDb f;
	fid_db(&f);
	/* no courses at all: 0 of 0 (Ingen data) */
	fid_expect(&f, "coordinator", 0, 0);
	fid_expect(&f, "coordinator_caseload", 0, 0);
	fid_course(&f, f.coord, "2024-10-01", "", "2024-10-05", "2024-10-10");  /* counted, with */
	fid_course(&f, 0, "2025-01-10", "", "2025-02-01", "");                  /* counted, without */
	fid_course(&f, 0, "2025-03-01", "", "", "");                            /* not allocated */
	fid_course(&f, 0, "2025-03-01", "", "2025-04-02", "");                  /* allocated after the quarter */
	fid_course(&f, f.coord, "2024-01-01", "2025-03-31", "2024-01-05", "");  /* closed on the last day */
	fid_course(&f, 0, "2025-04-01", "", "2025-04-01", "");                  /* opened after */
	fid_expect(&f, "coordinator", 1, 2);
	/* caseloads against the guide value 2: coord has 1 open then, coord2 3 */
	for (int i = 0; i < 3; i++)
		fid_course(&f, f.coord2, "2024-06-01", "", "", "");
	fid_expect(&f, "coordinator_caseload", 1, 2);
	drop_db(f.db, f.path);
}
END_TEST

START_TEST(fidelity_team_and_consent)
{
	FidDb f;
	fid_db(&f);
	fid_expect(&f, "team", 0, 0);
	fid_expect(&f, "consent", 0, 0);
	long long a = fid_course(&f, f.coord, "2024-06-01", "", "2024-06-02", "2024-06-03");
	long long b = fid_course(&f, f.coord, "2024-06-01", "", "2024-06-02", "2024-06-03");
	fid_course(&f, f.coord, "2024-06-01", "", "2024-06-02", ""); /* not in the model: not counted */
	/* a: two members besides the coordinator (who is on the team too) */
	long long a1 = db_int(f.db, 0, "INSERT INTO team_member(course_id, actor, name, from_date, created_at)"
				       " VALUES (?, 'uu', 'A1', '2024-07-01', 'now') RETURNING id", "I", a);
	db_exec(f.db, "INSERT INTO team_member(course_id, actor, name, from_date, created_at)"
		      " VALUES (?, 'jobcenter', 'A2', '2024-07-01', 'now')", "I", a);
	db_exec(f.db, "INSERT INTO team_member(course_id, actor, name, user_id, from_date, created_at)"
		      " VALUES (?, 'visitation', 'K1', ?, '2024-07-01', 'now')", "II", a, f.coord);
	/* b: one current, one ended in the quarter, one from after it */
	db_exec(f.db, "INSERT INTO team_member(course_id, actor, name, from_date, created_at)"
		      " VALUES (?, 'uu', 'B1', '2024-07-01', 'now')", "I", b);
	db_exec(f.db, "INSERT INTO team_member(course_id, actor, name, from_date, to_date, created_at)"
		      " VALUES (?, 'misbrug', 'B2', '2024-07-01', '2025-02-01', 'now')", "I", b);
	db_exec(f.db, "INSERT INTO team_member(course_id, actor, name, from_date, created_at)"
		      " VALUES (?, 'misbrug', 'B3', '2025-04-01', 'now')", "I", b);
	fid_expect(&f, "team", 1, 2);
	/* consent: a's jobcenter and uu by actor, its coordinator member by member; b's uu expired */
	long long k = db_int(f.db, 0, "INSERT INTO consent(course_id, purpose, given_on, how, expires_on, created_at)"
				      " VALUES (?, 'x', '2024-07-01', 'signed', '2026-01-01', 'now') RETURNING id", "I", a);
	db_exec(f.db, "INSERT INTO consent_actor(consent_id, actor) VALUES (?, 'jobcenter')", "I", k);
	db_exec(f.db, "INSERT INTO consent_actor(consent_id, actor) VALUES (?, 'visitation')", "I", k);
	db_exec(f.db, "INSERT INTO consent_member(consent_id, member_id) VALUES (?, ?)", "II", k, a1);
	long long kb = db_int(f.db, 0, "INSERT INTO consent(course_id, purpose, given_on, how, expires_on, created_at)"
				       " VALUES (?, 'x', '2024-07-01', 'signed', '2025-03-30', 'now') RETURNING id", "I", b);
	db_exec(f.db, "INSERT INTO consent_actor(consent_id, actor) VALUES (?, 'uu')", "I", kb);
	fid_expect(&f, "consent", 1, 2);
	/* b's consent valid on the last day: both; a withdrawn in the quarter: one */
	db_exec(f.db, "UPDATE consent SET expires_on = '2025-03-31' WHERE id = ?", "I", kb);
	fid_expect(&f, "consent", 2, 2);
	db_exec(f.db, "UPDATE consent SET withdrawn_on = '2025-03-15' WHERE id = ?", "I", k);
	fid_expect(&f, "consent", 1, 2);
	drop_db(f.db, f.path);
}
END_TEST

static void fid_meeting(FidDb *f, long long course, const char *on, int held, int present)
{
	static int n;
	char uid[32];
	snprintf(uid, sizeof uid, "fid-%d", ++n);
	db_exec(f->db, "INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, held, young_present,"
		       " created_at, updated_at) VALUES (?, ?, '10:00', '11:00', 'x', ?, ?, ?, 'now', 'now')",
		"Ittii", course, on, uid, held, present);
}

START_TEST(fidelity_meetings_in_the_last_twelve_months)
{
	FidDb f;
	fid_db(&f);
	fid_expect(&f, "meetings", 0, 0);
	/* in the model since 2024-03-31: twelve months on 2025-03-31 */
	long long a = fid_course(&f, f.coord, "2024-01-01", "", "2024-02-01", "2024-03-31");
	long long b = fid_course(&f, f.coord, "2024-01-01", "", "2024-02-01", "2024-01-01");
	fid_course(&f, f.coord, "2024-01-01", "", "2024-02-01", "2024-04-01"); /* short of 12 months: not counted */
	/* a: three with the young person present, the first on the window's first day after it opens */
	fid_meeting(&f, a, "2024-04-01", 1, 1);
	fid_meeting(&f, a, "2024-09-01", 1, 1);
	fid_meeting(&f, a, "2025-03-31", 1, 1);
	/* b: three held, but one on the day twelve months before (outside), one without the young person,
	 * one planned and not held, one after the quarter */
	fid_meeting(&f, b, "2024-03-31", 1, 1);
	fid_meeting(&f, b, "2024-06-01", 1, 1);
	fid_meeting(&f, b, "2024-10-01", 1, 0);
	fid_meeting(&f, b, "2025-01-15", 0, 0);
	fid_meeting(&f, b, "2025-04-02", 1, 1);
	fid_meeting(&f, b, "2025-02-01", 1, 1);
	fid_expect(&f, "meetings", 1, 2);
	drop_db(f.db, f.path);
}
END_TEST

START_TEST(fidelity_agreements_with_responsible_and_deadline)
{
	FidDb f;
	fid_db(&f);
	fid_expect(&f, "agreements", 0, 0);
	long long c = fid_course(&f, f.coord, "2024-01-01", "", "2024-01-02", "2024-01-03");
	long long g = db_int(f.db, 0, "INSERT INTO goal(course_id, domain, text, status, set_on, status_on, created_at)"
				      " VALUES (?, 'bolig', 'x', 'active', '2024-01-03', '2024-01-03', 'now') RETURNING id", "I", c);
	long long t = db_int(f.db, 0, "INSERT INTO team_member(course_id, actor, name, from_date, created_at)"
				      " VALUES (?, 'uu', 'T', '2024-01-03', 'now') RETURNING id", "I", c);
	const struct {
		const char *resp, *name, *deadline, *agreed;
		int member;
	} rows[] = {
		{"young_person", "", "2025-04-01", "2025-01-10", 0},   /* yes */
		{"team_member", "", "2025-04-01", "2024-05-01", 1},    /* yes */
		{"chosen_adult", "", "2025-04-01", "2025-02-01", 0},   /* no: the adult is not named */
		{"chosen_adult", "Moster", "2025-04-01", "2025-02-01", 0}, /* yes */
		{"coordinator", "", "", "2025-03-31", 0},              /* no: no deadline */
		{"coordinator", "", "2025-05-01", "2024-03-31", 0},    /* outside: twelve months before */
		{"coordinator", "", "2025-05-01", "2025-04-01", 0},    /* outside: after */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		db_exec(f.db, "INSERT INTO agreement(goal_id, what, responsible, team_member_id, responsible_name, deadline,"
			      " status, agreed_on, created_at) VALUES (?, 'x', ?, ?, ?, ?, 'agreed', ?, 'now')",
			"ItJttt", g, rows[i].resp, rows[i].member ? t : 0, rows[i].name, rows[i].deadline, rows[i].agreed);
	fid_expect(&f, "agreements", 3, 5);
	drop_db(f.db, f.path);
}
END_TEST

START_TEST(fidelity_instruments_on_time_and_time_registrations)
{
	FidDb f;
	fid_db(&f);
	ck_assert_int_ge(instrument_sync(f.db), 0);
	fid_expect(&f, "instr_model", 0, 0);
	/* step 3 on 10.11.2024: no. 1 due 10.2.2025, filled on 20.2 (on time);
	 * step 3 on 1.12.2024: no. 1 due 1.3.2025, not filled (late);
	 * step 3 on 2.10.2024: no. 1 due 2.1.2025, filled on 1.2 (late) */
	long long a = fid_course(&f, f.coord, "2024-11-01", "", "2024-11-05", "2024-11-10");
	fid_course(&f, f.coord, "2024-11-01", "", "2024-11-05", "2024-12-01");
	long long c = fid_course(&f, f.coord, "2024-10-01", "", "2024-10-01", "2024-10-02");
	long long iid = instrument_current(f.db, "individ_model");
	db_exec(f.db, "INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, period_from, period_to,"
		      " due_on, filled_on, author_id, created_at) VALUES (?, 'individ_model', ?, 1, '2024-11-10',"
		      " '2025-02-09', '2025-02-10', '2025-02-20', ?, 'now')", "III", iid, a, f.coord);
	db_exec(f.db, "INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, period_from, period_to,"
		      " due_on, filled_on, author_id, created_at) VALUES (?, 'individ_model', ?, 1, '2024-10-02',"
		      " '2025-01-01', '2025-01-02', '2025-02-01', ?, 'now')", "III", iid, c, f.coord);
	fid_expect(&f, "instr_model", 1, 3);
	fid_expect(&f, "instr_support", 0, 0); /* no support courses */
	/* time registrations: two coordinators, one support worker, one inactive, one project leader */
	long long s = db_int(f.db, 0, "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
				      " VALUES (?, 's1', 'S1', 'support', 'x', 'now') RETURNING id", "I", f.m);
	db_exec(f.db, "INSERT INTO users(municipality_id, username, name, role, password_hash, active, created_at)"
		      " VALUES (?, 's2', 'S2', 'support', 'x', 0, 'now')", "I", f.m);
	db_exec(f.db, "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
		      " VALUES (?, 'pl', 'PL', 'project_leader', 'x', 'now')", "I", f.m);
	fid_expect(&f, "timereg", 0, 3);
	db_exec(f.db, "INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, submitted_at)"
		      " VALUES (?, ?, ?, '2025-03-31', 'now')", "IIt", f.m, s, FQ);
	db_exec(f.db, "INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, submitted_at)"
		      " VALUES (?, ?, '2024-10-01', '2024-12-31', 'now')", "II", f.m, f.coord); /* another quarter */
	fid_expect(&f, "timereg", 1, 3);
	drop_db(f.db, f.path);
}
END_TEST

static long long fid_support(FidDb *f, const char *method, const char *start, const char *end, long long worker)
{
	long long c = fid_course(f, f->coord, "2024-01-01", "", "2024-01-02", "2024-01-03");
	long long s = db_int(f->db, 0, "INSERT INTO support_course(course_id, method, start_on, end_on, created_at)"
				       " VALUES (?, ?, ?, ?, 'now') RETURNING id", "Ittt", c, method, start, end);
	db_exec(f->db, "INSERT INTO support_worker(support_id, user_id, discipline, from_on, created_at)"
		       " VALUES (?, ?, '', ?, 'now')", "IIt", s, worker, start);
	return s;
}

START_TEST(fidelity_support_caps_and_cti_checklists)
{
	FidDb f;
	fid_db(&f);
	fid_expect(&f, "support_caseload", 0, 0);
	fid_expect(&f, "cti_checklist", 0, 0);
	long long w1 = db_int(f.db, 0, "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
				       " VALUES (?, 'w1', 'W1', 'support', 'x', 'now') RETURNING id", "I", f.m);
	long long w2 = db_int(f.db, 0, "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
				       " VALUES (?, 'w2', 'W2', 'support', 'x', 'now') RETURNING id", "I", f.m);
	/* w1: 8 ICM (at the cap) and 1 CTI: within; w2: 9 ICM, one of them ended in the quarter: within */
	for (int i = 0; i < 8; i++)
		fid_support(&f, "icm", "2024-06-01", NULL, w1);
	long long cti_a = fid_support(&f, "cti", "2024-11-15", NULL, w1); /* phase 2 on 31.3 */
	for (int i = 0; i < 8; i++)
		fid_support(&f, "icm", "2024-06-01", NULL, w2);
	fid_support(&f, "icm", "2024-06-01", "2025-03-01", w2);
	fid_expect(&f, "support_caseload", 2, 2);
	/* one more open ICM for w2: 9 on the day, over the cap */
	fid_support(&f, "icm", "2025-03-31", NULL, w2);
	fid_expect(&f, "support_caseload", 1, 2);
	/* CTI: a in phase 2 (phase 1 passed), b in phase 1 (nothing passed: not counted),
	 * c past its nine months (not counted), d in phase 3 (phases 1 and 2 passed) */
	fid_support(&f, "cti", "2025-02-01", NULL, w1);
	fid_support(&f, "cti", "2024-05-01", NULL, w1);
	long long cti_d = fid_support(&f, "cti", "2024-08-15", NULL, w1);
	fid_expect(&f, "cti_checklist", 0, 2);
	for (const Choice *c = cti_checklist; c->key; c++) {
		if (c->key[1] == '1')
			db_exec(f.db, "INSERT INTO support_check(support_id, item, done_on, done_at) VALUES (?, ?, '2025-01-01', 'now')",
				"It", cti_a, c->key);
		if (c->key[1] == '1' || c->key[1] == '2')
			db_exec(f.db, "INSERT INTO support_check(support_id, item, done_on, done_at) VALUES (?, ?, ?, 'now')",
				"Itt", cti_d, c->key, c->key[1] == '2' ? "2025-04-01" : "2024-10-01");
	}
	/* d's phase 2 items were ticked after the quarter */
	fid_expect(&f, "cti_checklist", 1, 2);
	db_exec(f.db, "UPDATE support_check SET done_on = '2025-03-01' WHERE support_id = ?", "I", cti_d);
	fid_expect(&f, "cti_checklist", 2, 2);
	drop_db(f.db, f.path);
}
END_TEST

/* ---- report.c: the key figures of the half-yearly project report ---------------- */

/* A hand-made municipality: the period is the first half of 2026. */
#define RP_FROM "2026-01-01"
#define RP_TO "2026-06-30"
#define RP_TODAY "2026-11-23"

static long long rp_user(Db *db, long long m, const char *username, const char *role)
{
	return db_int(db, 0,
		      "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
		      " VALUES (?, ?, ?, ?, 'x', 'now') RETURNING id",
		      "Ittt", m, username, username, role);
}

/* A course: referred on opened, step 3 on step3 (or none), closed (or
 * not) for why (a course_end reason; "declined" declines), the allocation
 * comb (or none). */
static long long rp_course(Db *db, long long m, long long coord, const char *tg, const char *opened,
			   const char *step3, const char *closed, const char *why, const char *comb)
{
	static int n;
	char cpr[11];
	snprintf(cpr, sizeof cpr, "01010%05d", ++n);
	long long p = db_int(db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
			     " VALUES (?, ?, 'P', ?, 'now') RETURNING id",
			     "ItJ", m, cpr, coord);
	long long c = db_int(db, 0,
			     "INSERT INTO course(person_id, opened_on, closed_on, target_group) VALUES (?, ?, ?, ?) RETURNING id",
			     "Ittt", p, opened, closed, tg);
	db_exec(db,
		"INSERT INTO referral(course_id, referred_on, referrer_actor, reason, target_group, created_at)"
		" VALUES (?, ?, 'gadeplan', 'r', ?, 'now')",
		"Itt", c, opened, tg);
	db_exec(db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 1, ?, 'now')", "It", c,
		opened);
	if (comb)
		db_exec(db,
			"INSERT INTO allocation(course_id, needs, combination, rationale, created_at)"
			" VALUES (?, 'n', ?, 'r', 'now')",
			"It", c, comb);
	if (step3)
		db_exec(db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 3, ?, 'now')", "It", c,
			step3);
	if (closed) {
		int declined = streq(why, "declined");
		if (!declined)
			db_exec(db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 7, ?, 'now')",
				"It", c, closed);
		db_exec(db, "INSERT INTO course_end(course_id, kind, end_reason, created_at) VALUES (?, ?, ?, 'now')", "Itt", c,
			declined ? "declined" : "closed", why);
	}
	return c;
}

static long long rp_fig(Db *db, long long m, const char *key)
{
	ReportFigs *f = malloc(sizeof *f);
	report_figures(db, m, RP_FROM, RP_TO, RP_TODAY, f);
	long long v = report_fig(f, key);
	free(f);
	return v;
}

/* Courses on both sides of the period's edges. */
static long long rp_world(Db *db)
{
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('R') RETURNING id", "");
	long long other = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('Anden') RETURNING id", "");
	/* A: started before, still open: in the effort all through */
	rp_course(db, m, 0, "homeless", "2025-11-10", "2025-12-01", NULL, NULL, "model_cti");
	/* B: referred and started on the first day, ended on the last */
	rp_course(db, m, 0, "homeless", RP_FROM, RP_FROM, RP_TO, "less_complex", "model");
	/* C: referred on the last day, started the day after */
	rp_course(db, m, 0, "at_risk", RP_TO, "2026-07-01", NULL, NULL, "model");
	/* D: ended the day before the period */
	rp_course(db, m, 0, "at_risk", "2025-10-01", "2025-10-05", "2025-12-31", "self", "model");
	/* E: declined before step 3 */
	rp_course(db, m, 0, "homeless", "2026-02-01", NULL, "2026-03-01", "declined", NULL);
	/* F: started in the period, ended the day after it */
	rp_course(db, m, 0, "at_risk", "2026-03-01", "2026-04-01", "2026-07-01", "moved", "model_icm");
	/* another municipality counts nowhere */
	rp_course(db, other, 0, "homeless", "2026-02-01", "2026-02-02", NULL, NULL, "model");
	return m;
}

START_TEST(report_referred_started_ended_across_the_edges)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = rp_world(db);
	ck_assert_int_eq(rp_fig(db, m, "referred"), 4);    /* B, C, E, F */
	ck_assert_int_eq(rp_fig(db, m, "started"), 2);     /* B, F */
	ck_assert_int_eq(rp_fig(db, m, "ended"), 2);       /* B, E */
	ck_assert_int_eq(rp_fig(db, m, "ended_less_complex"), 1);
	ck_assert_int_eq(rp_fig(db, m, "ended_declined"), 1);
	ck_assert_int_eq(rp_fig(db, m, "ended_self"), 0);  /* D ended before */
	ck_assert_int_eq(rp_fig(db, m, "ended_moved"), 0); /* F ends after */
	ck_assert_int_eq(rp_fig(db, m, "active"), 3);      /* A, B, F */
	drop_db(db, path);
}
END_TEST

START_TEST(report_in_the_effort_at_the_end_by_combination_and_target_group)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = rp_world(db);
	ck_assert_int_eq(rp_fig(db, m, "open"), 2); /* A, F: B ended on the last day, C not started */
	ck_assert_int_eq(rp_fig(db, m, "open_model"), 0);
	ck_assert_int_eq(rp_fig(db, m, "open_model_cti"), 1);
	ck_assert_int_eq(rp_fig(db, m, "open_model_icm"), 1);
	ck_assert_int_eq(rp_fig(db, m, "open_homeless"), 1);
	ck_assert_int_eq(rp_fig(db, m, "open_at_risk"), 1);
	drop_db(db, path);
}
END_TEST

static void rp_meeting(Db *db, long long c, const char *on, int held, int young)
{
	static int n;
	char uid[32];
	snprintf(uid, sizeof uid, "rp-%d", ++n);
	db_exec(db,
		"INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, held, young_present,"
		" created_at, updated_at) VALUES (?, ?, '10:00', '11:00', 'x', ?, ?, ?, 'now', 'now')",
		"Ittii", c, on, uid, held, young);
}

START_TEST(report_meetings_held_and_with_the_young_person)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('R') RETURNING id", "");
	long long a = rp_course(db, m, 0, "homeless", "2025-11-01", "2025-11-10", NULL, NULL, "model");
	long long b = rp_course(db, m, 0, "at_risk", "2025-12-01", "2025-12-10", NULL, NULL, "model");
	long long c = rp_course(db, m, 0, "at_risk", "2025-12-01", "2025-12-10", NULL, NULL, "model");
	rp_meeting(db, a, RP_FROM, 1, 1);
	rp_meeting(db, a, "2026-03-01", 1, 1);
	rp_meeting(db, a, RP_TO, 1, 0);
	rp_meeting(db, b, "2026-05-01", 1, 0);
	rp_meeting(db, b, "2026-05-02", 0, 0);     /* planned, not held */
	rp_meeting(db, b, "2025-12-31", 1, 1);     /* before */
	rp_meeting(db, c, "2026-07-01", 1, 1);     /* after */
	ck_assert_int_eq(rp_fig(db, m, "meetings_held"), 4);
	ck_assert_int_eq(rp_fig(db, m, "meetings_youth"), 2);
	ck_assert_int_eq(rp_fig(db, m, "courses_youth_meeting"), 1);
	ck_assert_int_eq(rp_fig(db, m, "active"), 3);
	drop_db(db, path);
}
END_TEST

static long long rp_support(Db *db, long long course, const char *method, const char *start, const char *end,
			    long long worker, const char *wfrom, const char *wto)
{
	long long s = db_int(db, 0,
			     "INSERT INTO support_course(course_id, method, start_on, end_on, created_at)"
			     " VALUES (?, ?, ?, ?, 'now') RETURNING id",
			     "Ittt", course, method, start, end);
	db_exec(db,
		"INSERT INTO support_worker(support_id, user_id, discipline, from_on, to_on, created_at)"
		" VALUES (?, ?, 'bostoette', ?, ?, 'now')",
		"IItt", s, worker, wfrom, wto);
	return s;
}

START_TEST(report_caseloads_at_the_end_of_the_period)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = db_int(db, 0, "INSERT INTO municipality(name, coordinator_guide) VALUES ('R', 2) RETURNING id", "");
	long long k1 = rp_user(db, m, "k1", "coordinator"), k2 = rp_user(db, m, "k2", "coordinator");
	rp_user(db, m, "k3", "coordinator"); /* no young people */
	long long w1 = rp_user(db, m, "w1", "support"), w2 = rp_user(db, m, "w2", "support");
	long long c1 = rp_course(db, m, k1, "homeless", "2026-01-10", "2026-01-20", NULL, NULL, "model_cti");
	long long c2 = rp_course(db, m, k1, "homeless", "2026-02-10", "2026-02-20", "2026-07-05", "self", "model_cti");
	rp_course(db, m, k1, "homeless", "2026-02-10", "2026-02-20", "2026-06-30", "self", "model"); /* ended */
	long long c4 = rp_course(db, m, k1, "at_risk", "2026-03-10", NULL, NULL, NULL, NULL);   /* referred: counts */
	rp_course(db, m, k1, "at_risk", "2026-07-10", NULL, NULL, NULL, NULL);                   /* after */
	long long c6 = rp_course(db, m, k2, "homeless", "2025-12-10", "2025-12-20", NULL, NULL, "model_icm");
	rp_support(db, c1, "cti", "2026-03-01", NULL, w1, "2026-03-01", NULL);
	rp_support(db, c2, "cti", "2026-03-01", "2026-07-02", w1, "2026-03-01", NULL);
	rp_support(db, c4, "cti", "2026-03-01", "2026-06-30", w1, "2026-03-01", NULL); /* ended on the last day */
	rp_support(db, c6, "cti", "2026-07-01", NULL, w2, "2026-07-01", NULL);         /* starts after */
	rp_support(db, c6, "icm", "2026-01-01", NULL, w1, "2026-01-01", "2026-04-30"); /* w1 left it */
	ck_assert_int_eq(rp_fig(db, m, "coord_guide"), 2);
	ck_assert_int_eq(rp_fig(db, m, "coord_users"), 3);
	ck_assert_int_eq(rp_fig(db, m, "coord_cases"), 4); /* k1: c1, c2, c4; k2: c6 */
	ck_assert_int_eq(rp_fig(db, m, "coord_max"), 3);
	ck_assert_int_eq(rp_fig(db, m, "coord_over"), 1);
	ck_assert_int_eq(rp_fig(db, m, "cti_workers"), 1);
	ck_assert_int_eq(rp_fig(db, m, "cti_cases"), 2);
	ck_assert_int_eq(rp_fig(db, m, "cti_max"), 2);
	ck_assert_int_eq(rp_fig(db, m, "cti_over"), 0);
	ck_assert_int_eq(rp_fig(db, m, "cti_cap"), 10);
	ck_assert_int_eq(rp_fig(db, m, "icm_workers"), 0);
	ck_assert_int_eq(rp_fig(db, m, "icm_cap"), 8);
	drop_db(db, path);
}
END_TEST

static void rp_home(Db *db, long long c, const char *moved, const char *lost)
{
	db_exec(db,
		"INSERT INTO home(course_id, address, kind, found_how, moved_in_on, lost_on, lost_reason, created_at)"
		" VALUES (?, 'Vej 1', 'social', 'municipal', ?, ?, ?, 'now')",
		"Ittt", c, moved, lost, lost ? "eviction" : NULL);
}

START_TEST(report_housing_outcomes)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('R') RETURNING id", "");
	long long a = rp_course(db, m, 0, "homeless", "2025-10-01", "2025-10-10", NULL, NULL, "model_cti");
	long long b = rp_course(db, m, 0, "homeless", "2025-10-01", "2025-10-10", NULL, NULL, "model_icm");
	long long c = rp_course(db, m, 0, "homeless", "2025-10-01", "2025-10-10", NULL, NULL, "model_icm");
	long long d = rp_course(db, m, 0, "homeless", "2025-10-01", "2025-10-10", "2026-05-01", "self", "model_icm");
	long long e = rp_course(db, m, 0, "homeless", "2025-10-01", "2025-10-10", NULL, NULL, "model_cti");
	rp_home(db, a, RP_FROM, NULL);           /* moved in on the first day, kept */
	rp_home(db, b, "2025-11-01", "2026-03-01"); /* lost in the period */
	rp_home(db, b, "2026-04-01", NULL);      /* and a new one */
	rp_home(db, c, "2025-11-01", RP_TO);     /* lost on the last day */
	rp_home(db, d, "2026-02-01", NULL);      /* course ended: not in the effort at the end */
	rp_home(db, e, "2026-07-01", NULL);      /* after */
	ck_assert_int_eq(rp_fig(db, m, "homes_moved_in"), 3); /* a, b's second, d */
	ck_assert_int_eq(rp_fig(db, m, "homes_lost"), 2);     /* b's first, c */
	ck_assert_int_eq(rp_fig(db, m, "own_home_end"), 2);   /* a, b */
	ck_assert_int_eq(rp_fig(db, m, "open"), 4);
	drop_db(db, path);
}
END_TEST

START_TEST(report_documentation_completeness_in_the_period)
{
	char path[64];
	Db *db = temp_db(path);
	ck_assert_int_ge(instrument_sync(db), 0);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('R') RETURNING id", "");
	long long k = rp_user(db, m, "k", "coordinator");
	/* due on 10.01 (start) and 10.04 in the period; 10.07 after it */
	long long c = rp_course(db, m, k, "homeless", "2026-01-05", "2026-01-10", NULL, NULL, "model");
	const char *at[2][2] = {{"2026-01-10", "2026-01-15"}, {"2026-04-10", "2026-05-20"}};
	for (int i = 0; i < 2; i++)
		db_exec(db,
			"INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, period_from, period_to,"
			" due_on, filled_on, author_id, created_at) VALUES (?, 'individ_model', ?, ?, ?, ?, ?, ?, ?, 'now')",
			"IIittttI", instrument_current(db, "individ_model"), c, i, at[i][0], at[i][0], at[i][0], at[i][1], k);
	ck_assert_int_eq(rp_fig(db, m, "instr_individ_model_due"), 2);
	ck_assert_int_eq(rp_fig(db, m, "instr_individ_model_on_time"), 1);
	ck_assert_int_eq(rp_fig(db, m, "instr_individ_model_late"), 1);
	ck_assert_int_eq(rp_fig(db, m, "instr_individ_model_missing"), 0);
	ck_assert_int_eq(rp_fig(db, m, "instr_dialog_due"), 2);
	ck_assert_int_eq(rp_fig(db, m, "instr_dialog_missing"), 2);
	ck_assert_int_eq(rp_fig(db, m, "instr_individ_support_due"), 0);
	drop_db(db, path);
}
END_TEST

START_TEST(report_empty_period_is_all_zeros)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('R') RETURNING id", "");
	ReportFigs *f = malloc(sizeof *f);
	report_figures(db, m, RP_FROM, RP_TO, RP_TODAY, f);
	ck_assert_int_ge(f->n, 50);
	for (int i = 0; i < f->n; i++) {
		long long want = streq(f->fig[i].key, "coord_guide") ? 20
				 : streq(f->fig[i].key, "cti_cap")   ? 10
				 : streq(f->fig[i].key, "icm_cap")   ? 8
								     : 0;
		ck_assert_msg(f->fig[i].value == want, "%s = %lld", f->fig[i].key, f->fig[i].value);
	}
	ck_assert_int_eq(report_fig(f, "ended_other"), 0);
	ck_assert_int_eq(report_fig(f, "instr_dialog_on_time"), 0);
	ck_assert_int_eq(report_fig(f, "no_such_key"), -1);
	free(f);
	drop_db(db, path);
}
END_TEST

START_TEST(report_half_years_first_days_only_and_not_in_the_future)
{
	ck_assert_int_eq(report_half_check("2026-01-01", "2026-11-23"), 0);
	ck_assert_int_eq(report_half_check("2026-07-01", "2026-11-23"), 0);
	ck_assert_int_eq(report_half_check("2026-07-01", "2026-07-01"), 0); /* begun today */
	ck_assert_int_eq(report_half_check("2026-04-01", "2026-11-23"), 1); /* a quarter, not a half */
	ck_assert_int_eq(report_half_check("2026-01-02", "2026-11-23"), 1);
	ck_assert_int_eq(report_half_check("", "2026-11-23"), 1);
	ck_assert_int_eq(report_half_check("2027-01-01", "2026-12-31"), 2);
}
END_TEST

/* ---- table.c, chart.c: charts, box statistics, CSV and XLSX ------------------------ */

static void req_da(Req *r)
{
	memset(r, 0, sizeof *r);
	r->lang = "da";
}

static int near(double a, double b)
{
	return a - b < 1e-9 && b - a < 1e-9;
}

START_TEST(box_stats_quartiles_like_excel)
{
	BoxStats s;
	double odd[] = {9, 1, 8, 2, 7, 3, 6, 4, 5}; /* 1..9: QUARTILE.INC gives 3, 5, 7 */
	box_stats(odd, 9, &s);
	ck_assert_int_eq(s.n, 9);
	ck_assert(near(s.min, 1) && near(s.q1, 3) && near(s.median, 5) && near(s.q3, 7) && near(s.max, 9));
	for (int i = 0; i < 9; i++)
		ck_assert(near(odd[i], i + 1)); /* sorted */
	double even[] = {8, 6, 4, 2, 1, 3, 5, 7}; /* 1..8: positions 1.75, 3.5, 5.25 */
	box_stats(even, 8, &s);
	ck_assert(near(s.q1, 2.75) && near(s.median, 4.5) && near(s.q3, 6.25));
	ck_assert(near(s.min, 1) && near(s.max, 8));
	double uneven[] = {80, 10, 40, 20}; /* Excel: QUARTILE.INC({10,20,40,80}) = 17,5; 30; 50 */
	box_stats(uneven, 4, &s);
	ck_assert(near(s.q1, 17.5) && near(s.median, 30) && near(s.q3, 50));
}
END_TEST

START_TEST(box_stats_one_value_and_none)
{
	BoxStats s;
	double one[] = {131};
	box_stats(one, 1, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert(near(s.min, 131) && near(s.q1, 131) && near(s.median, 131) && near(s.q3, 131) && near(s.max, 131));
	double some[] = {5, 6};
	memset(&s, 0x55, sizeof s);
	box_stats(some, 0, &s);
	ck_assert_int_eq(s.n, 0);
	ck_assert(near(s.min, 0) && near(s.q1, 0) && near(s.median, 0) && near(s.q3, 0) && near(s.max, 0));
	box_stats(NULL, 0, &s);
	ck_assert_int_eq(s.n, 0);
}
END_TEST

static char *da(double v, int dec)
{
	Buf b = {0};
	num_da(&b, v, dec);
	buf_str(&b);
	return b.p;
}

START_TEST(danish_number_format)
{
	const struct {
		double v;
		int dec;
		const char *want;
	} cases[] = {
		{50700, 0, "50.700"}, {140000, 0, "140.000"}, {1234567.891, 2, "1.234.567,89"}, {12.5, 1, "12,5"},
		{999, 0, "999"}, {1000, 0, "1.000"}, {0.05, 2, "0,05"}, {-1234, 0, "-1.234"}, {-0.4, 0, "0"},
		{-12.25, 1, "-12,2"}, {0, 0, "0"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = da(cases[i].v, cases[i].dec);
		ck_assert_msg(strcmp(s, cases[i].want) == 0, "%g: %s, want %s", cases[i].v, s, cases[i].want);
		free(s);
	}
}
END_TEST

START_TEST(csv_bom_crlf_headings_and_neutralised_formulas)
{
	Req r;
	req_da(&r);
	Table *t = table_new("Boliger", 3, "Gruppe", "Antal", "Andel");
	table_row(t), cell_text(t, "=SUM(A1)"), cell_count(t, 1234), cell_share(t, 73, 100);
	table_row(t), cell_text(t, "+1"), cell_count(t, 3), cell_share(t, 2, 4);
	table_row(t), cell_text(t, "-1"), cell_count(t, 0), cell_share(t, 0, 0);
	table_row(t), cell_text(t, "@x"), cell_int(t, -7), cell_num(t, 2.5, 1);
	table_row(t), cell_text(t, "sagde \"hej\", ja"), cell_count(t, 5), cell_share(t, 1, 5);
	Buf b = {0};
	Table *ts[] = {t};
	table_csv(&r, &b, ts, 1);
	ck_assert_str_eq(buf_str(&b), "\xEF\xBB\xBFGruppe,Antal,Andel\r\n"
				      "\"'=SUM(A1)\",1234,0.7300\r\n"
				      "\"'+1\",under 5,under 5\r\n"
				      "\"'-1\",0,\r\n"
				      "\"'@x\",-7,2.5\r\n"
				      "\"sagde \"\"hej\"\", ja\",5,0.2000\r\n");
	/* the suppressed count 3 and the share 2 of 4 never show */
	ck_assert_ptr_null(strstr(b.p, ",3,"));
	ck_assert_ptr_null(strstr(b.p, "0.5000"));
	/* two tables: each under its title, an empty line between */
	Table *u = table_new("Andet", 1, "x");
	table_row(u), cell_text(u, "y");
	Table *two[] = {u, u};
	buf_reset(&b);
	table_csv(&r, &b, two, 2);
	ck_assert_str_eq(buf_str(&b), "\xEF\xBB\xBF" "Andet\r\nx\r\ny\r\n\r\nAndet\r\nx\r\ny\r\n");
	buf_free(&b);
	table_free(t);
	table_free(u);
}
END_TEST

/* A table whose rows are made first and filled out of order (the
 * pseudonymised export writes each answer into its row): cells not set
 * stay empty, a cell set twice keeps the last value, and the room reserved
 * once is not outgrown. */
START_TEST(table_cells_filled_out_of_order)
{
	Req r;
	req_da(&r);
	Table *t = table_new("Svar", 3, "nr", "a", "b");
	table_reserve(t, 3);
	Cell *room = t->cells;
	for (int i = 0; i < 3; i++)
		table_row(t), cell_int(t, i + 1);
	ck_assert_ptr_eq(t->cells, room);
	Cell *c = table_at(t, 2, 1);
	c->t = C_INT, c->v = 7;
	c = table_at(t, 0, 2);
	c->t = C_TEXT, c->s = xstrdup("først");
	free(c->s);
	c->s = xstrdup("sidst");
	Buf b = {0};
	Table *ts[] = {t};
	table_csv(&r, &b, ts, 1);
	ck_assert_str_eq(buf_str(&b), "\xEF\xBB\xBFnr,a,b\r\n1,,sidst\r\n2,,\r\n3,7,\r\n");
	buf_free(&b);
	table_free(t);
}
END_TEST

/* Writes the tables with table_xlsx to a temporary file and checks it with
 * tests/unit/xlsx_check.py (openpyxl) against the JSON expectations;
 * returns the checker's exit status. */
static int xlsx_check(Table *const *t, int n, const char *json)
{
	Req r;
	req_da(&r);
	Buf b = {0};
	ck_assert_int_eq(table_xlsx(&r, &b, t, n), 0);
	ck_assert(b.n > 100 && memcmp(b.p, "PK", 2) == 0); /* a zip */
	char xp[] = "/tmp/hjemvej-unit-XXXXXX", jp[] = "/tmp/hjemvej-unit-XXXXXX";
	int xf = mkstemp(xp), jf = mkstemp(jp);
	ck_assert(xf >= 0 && jf >= 0);
	ck_assert(write(xf, b.p, b.n) == (ssize_t)b.n);
	ck_assert(write(jf, json, strlen(json)) == (ssize_t)strlen(json));
	close(xf);
	close(jf);
	buf_free(&b);
	Buf cmd = {0};
	bprintf(&cmd, "python3 tests/unit/xlsx_check.py %h %h", xp, jp);
	int st = system(buf_str(&cmd));
	buf_free(&cmd);
	unlink(xp);
	unlink(jp);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static Table *xlsx_table(void)
{
	Table *t = table_new("Boliger: [alle]/*? unge i bolig ved forløbets slutning", 8, "Gruppe", "Antal", "Timer",
			     "Andel", "Dato", "Måned", "Tom", "Lille");
	table_row(t), cell_text(t, "=SUM(A1)"), cell_count(t, 1234), cell_num(t, 12.5, 1), cell_share(t, 73, 100),
		cell_date(t, "2026-03-15"), cell_month(t, "2026-02"), cell_empty(t), cell_count(t, 3);
	table_row(t), cell_text(t, "Få"), cell_int(t, -7), cell_num(t, 0.25, 2), cell_share(t, 2, 4), cell_date(t, "2024-02-29"),
		cell_month(t, "2025-12"), cell_empty(t), cell_share(t, 1, 3);
	table_note(t, "Tal under 5 vises ikke.");
	return t;
}

START_TEST(xlsx_types_read_back_with_openpyxl)
{
	Table *t = xlsx_table();
	Table *u = table_new("Boliger: [alle]/*? unge i bolig ved forløbets slutning", 1, "x");
	Table *ts[] = {t, u, u};
	int st = xlsx_check(ts, 3, "{\"sheets\": [\"Boliger alle unge i bolig ved f\", \"Boliger alle unge i bolig v (2)\","
				   " \"Boliger alle unge i bolig v (3)\"], \"cells\": ["
				   "{\"cell\": \"A1\", \"type\": \"str\", \"value\": \"Boliger: [alle]/*? unge i bolig ved forløbets slutning\", \"bold\": true},"
				   "{\"cell\": \"B2\", \"type\": \"str\", \"value\": \"Antal\", \"bold\": true},"
				   "{\"cell\": \"A3\", \"type\": \"str\", \"value\": \"=SUM(A1)\", \"bold\": false},"
				   "{\"cell\": \"B3\", \"type\": \"int\", \"value\": 1234, \"format\": \"#,##0\"},"
				   "{\"cell\": \"C3\", \"type\": \"float\", \"value\": 12.5, \"format\": \"#,##0.0\"},"
				   "{\"cell\": \"D3\", \"type\": \"float\", \"value\": 0.73, \"format\": \"0%\"},"
				   "{\"cell\": \"E3\", \"type\": \"datetime\", \"value\": \"2026-03-15\", \"format\": \"dd-mm-yyyy\"},"
				   "{\"cell\": \"F3\", \"type\": \"datetime\", \"value\": \"2026-02-01\", \"format\": \"mm-yyyy\"},"
				   "{\"cell\": \"G3\", \"type\": \"none\"},"
				   "{\"cell\": \"H3\", \"type\": \"str\", \"value\": \"under 5\"},"
				   "{\"cell\": \"B4\", \"type\": \"int\", \"value\": -7},"
				   "{\"cell\": \"C4\", \"type\": \"float\", \"value\": 0.25, \"format\": \"#,##0.00\"},"
				   "{\"cell\": \"D4\", \"type\": \"str\", \"value\": \"under 5\"},"
				   "{\"cell\": \"E4\", \"type\": \"datetime\", \"value\": \"2024-02-29\"},"
				   "{\"cell\": \"H4\", \"type\": \"str\", \"value\": \"under 5\"},"
				   "{\"cell\": \"A5\", \"type\": \"none\"},"
				   "{\"cell\": \"A6\", \"type\": \"str\", \"value\": \"Tal under 5 vises ikke.\"},"
				   "{\"sheet\": 1, \"cell\": \"A2\", \"type\": \"str\", \"value\": \"x\", \"bold\": true}]}");
	ck_assert_int_eq(st, 0);
	table_free(t);
	table_free(u);
}
END_TEST

START_TEST(xlsx_check_fails_on_a_wrong_expectation)
{
	Table *t = xlsx_table();
	Table *ts[] = {t};
	/* the count as text, the share as percent, a date as text, a wrong format, a wrong sheet name: each fails */
	const char *wrong[] = {
		"[{\"cell\": \"B3\", \"type\": \"str\", \"value\": \"1234\"}]",
		"[{\"cell\": \"D3\", \"type\": \"float\", \"value\": 73}]",
		"[{\"cell\": \"E3\", \"type\": \"str\", \"value\": \"2026-03-15\"}]",
		"[{\"cell\": \"B3\", \"type\": \"int\", \"value\": 1234, \"format\": \"0\"}]",
		"[{\"cell\": \"H3\", \"type\": \"int\", \"value\": 3}]",
		"{\"sheets\": [\"Boliger\"], \"cells\": []}",
	};
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
		ck_assert_msg(xlsx_check(ts, 1, wrong[i]) == 1, "expectation %zu passed", i);
	ck_assert_int_eq(xlsx_check(ts, 1, "[{\"cell\": \"B3\", \"type\": \"int\", \"value\": 1234, \"format\": \"#,##0\"}]"), 0);
	table_free(t);
}
END_TEST

START_TEST(xlsx_failure_is_reported_and_leaves_nothing)
{
	Req r;
	req_da(&r);
	Table *t = xlsx_table();
	Table *ts[] = {t};
	Buf b = {0};
	setenv("TMPDIR", "/nonexistent-hjemvej-dir", 1); /* no temporary file can be made: the caller answers 500 */
	ck_assert_int_ne(table_xlsx(&r, &b, ts, 1), 0);
	ck_assert_uint_eq(b.n, 0);
	setenv("TMPDIR", "/tmp", 1);
	ck_assert_int_eq(table_xlsx(&r, &b, ts, 1), 0);
	ck_assert_uint_gt(b.n, 0);
	buf_free(&b);
	table_free(t);
}
END_TEST

static int count_of(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

START_TEST(chart_bars_svg_with_title_table_and_no_bar_for_a_suppressed_group)
{
	Req r;
	req_da(&r);
	Table *t = table_new("Unge i bolig <ved slutningen>", 3, "Kombination", "Antal", "Andel");
	table_row(t), cell_text(t, "Samarbejdsmodellen alene"), cell_count(t, 40), cell_share(t, 30, 40);
	table_row(t), cell_text(t, "Med Critical Time Intervention"), cell_count(t, 3), cell_share(t, 2, 3);
	table_row(t), cell_text(t, "Med ICM"), cell_count(t, 12), cell_share(t, 10, 12);
	chart_bars(&r, t, 2, "Andel i bolig");
	const char *s = buf_str(&r.out);
	ck_assert_ptr_nonnull(strstr(s, "<figure class=\"hv-chart\">"));
	ck_assert_ptr_nonnull(strstr(s, "role=\"img\" aria-labelledby=\"hv-chart1-t hv-chart1-d\""));
	ck_assert_ptr_nonnull(strstr(s, "<title id=\"hv-chart1-t\">Unge i bolig &lt;ved slutningen&gt;</title>"));
	ck_assert_ptr_nonnull(strstr(s, "<desc id=\"hv-chart1-d\">Højest er Med ICM med 83 %, lavest er Samarbejdsmodellen alene med 75 %."));
	ck_assert_ptr_nonnull(strstr(s, ">Andel i bolig</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">100 %</text>")); /* shares drawn as percent */
	ck_assert_int_eq(count_of(s, "class=\"hv-chart-bar\""), 2); /* no bar for the group of 3 */
	ck_assert_ptr_nonnull(strstr(s, "hv-chart-suppressed"));
	ck_assert_ptr_null(strstr(s, "67 %")); /* 2 of 3 never shows */
	ck_assert_ptr_null(strstr(s, "style="));
	/* the table under it, after the svg */
	const char *tab = strstr(s, "<caption>Unge i bolig &lt;ved slutningen&gt;</caption>");
	ck_assert_ptr_nonnull(tab);
	ck_assert(tab > strstr(s, "</svg>"));
	/* a second chart on the page has its own ids */
	chart_bars(&r, t, 1, "Antal");
	ck_assert_ptr_nonnull(strstr(buf_str(&r.out), "aria-labelledby=\"hv-chart2-t hv-chart2-d\""));
	ck_assert_ptr_nonnull(strstr(buf_str(&r.out), ">40</text>"));
	buf_free(&r.out);
	table_free(t);
}
END_TEST

START_TEST(chart_lines_svg_with_legend_markers_and_dashes)
{
	Req r;
	req_da(&r);
	Table *t = table_new("Nye henvisninger", 3, "Måned", "Hjemløse", "I risiko");
	const char *m[] = {"2026-01", "2026-02", "2026-03", "2026-04"};
	long long a[] = {6, 8, 1250, 9}, b[] = {7, 2, 10, 12};
	for (int i = 0; i < 4; i++)
		table_row(t), cell_month(t, m[i]), cell_count(t, a[i]), cell_count(t, b[i]);
	chart_lines(&r, t, 1, 2, "Henvisninger");
	const char *s = buf_str(&r.out);
	ck_assert_ptr_nonnull(strstr(s, "role=\"img\""));
	ck_assert_ptr_nonnull(strstr(s, "<title id=\"hv-chart1-t\">Nye henvisninger</title>"));
	ck_assert_ptr_nonnull(strstr(s, "Hjemløse: 6 i 01.2026 og 9 i 04.2026."));
	ck_assert_ptr_nonnull(strstr(s, ">1.250</text>")); /* ticks 0, 250 ... 1.250 in Danish */
	ck_assert_int_eq(count_of(s, "class=\"hv-chart-line\""), 2);
	ck_assert_ptr_nonnull(strstr(s, "stroke-dasharray=\"6 4\"")); /* the second line is dashed */
	ck_assert_int_eq(count_of(s, "<circle"), 4 + 1);        /* 4 points and the legend */
	ck_assert_int_eq(count_of(s, "<rect x="), 3 + 1);       /* the suppressed 2 is not drawn */
	ck_assert_ptr_nonnull(strstr(s, "<caption>Nye henvisninger</caption>"));
	buf_free(&r.out);
	table_free(t);
}
END_TEST

static int attr_int(const char *s, const char *elem_start, const char *attr)
{
	const char *e = strstr(s, elem_start);
	ck_assert_ptr_nonnull(e);
	const char *end = strchr(e, '>');
	Buf b = {0};
	bprintf(&b, " %h=\"", attr);
	const char *a = strstr(e, buf_str(&b));
	ck_assert(a && a < end);
	int v = atoi(a + b.n);
	buf_free(&b);
	return v;
}

START_TEST(chart_boxes_median_between_quartiles_and_the_evaluation_marked)
{
	Req r;
	req_da(&r);
	Table *t = table_new("Timer pr. ung pr. år", 8, "Indsats", "Unge", "Mindst", "1. kvartil", "Median", "3. kvartil", "Størst",
			     "Evalueringen");
	table_row(t), cell_text(t, "Samarbejdsmodellen"), cell_count(t, 40), cell_num(t, 20, 0), cell_num(t, 80, 0),
		cell_num(t, 120, 0), cell_num(t, 160, 0), cell_num(t, 300, 0), cell_num(t, 131, 0);
	table_row(t), cell_text(t, "CTI"), cell_count(t, 3), cell_num(t, 10, 0), cell_num(t, 30, 0), cell_num(t, 50, 0),
		cell_num(t, 70, 0), cell_num(t, 150, 0), cell_num(t, 106, 0);
	chart_boxes(&r, t, "Timer");
	const char *s = buf_str(&r.out);
	ck_assert_ptr_nonnull(strstr(s, "role=\"img\""));
	ck_assert_ptr_nonnull(strstr(s, "<title id=\"hv-chart1-t\">Timer pr. ung pr. år</title>"));
	ck_assert_int_eq(count_of(s, "class=\"hv-chart-box\""), 1); /* none for the group of 3 */
	int top = attr_int(s, "class=\"hv-chart-box\"", "y"), h = attr_int(s, "class=\"hv-chart-box\"", "height");
	int med = attr_int(s, "class=\"hv-chart-median\"", "y1");
	ck_assert_msg(top < med && med < top + h, "median %d outside the box %d..%d", med, top, top + h);
	/* q3 = 160 higher up than q1 = 80: the median 120 halfway */
	ck_assert_int_le(abs(2 * med - (2 * top + h)), 2);
	ck_assert_int_eq(count_of(s, "class=\"hv-chart-reference\""), 2); /* the evaluation's figure even when suppressed */
	ck_assert_ptr_nonnull(strstr(s, ">Evalueringen</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">n = 40</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">n = under 5</text>"));
	ck_assert_ptr_nonnull(strstr(s, "Samarbejdsmodellen: median 120, fra 20 til 300. Evalueringen: 131."));
	ck_assert_ptr_nonnull(strstr(s, "<caption>Timer pr. ung pr. år</caption>"));
	buf_free(&r.out);
	table_free(t);
}
END_TEST

START_TEST(chart_without_figures_shows_only_the_table)
{
	Req r;
	req_da(&r);
	Table *t = table_new("Ingen tal", 2, "Gruppe", "Antal");
	chart_bars(&r, t, 1, "Antal"); /* no rows */
	table_row(t), cell_text(t, "A"), cell_empty(t);
	chart_bars(&r, t, 1, "Antal"); /* an empty cell */
	chart_lines(&r, t, 1, 1, "Antal");
	chart_bars(&r, t, 5, "Antal"); /* no such column */
	const char *s = buf_str(&r.out);
	ck_assert_ptr_null(strstr(s, "<svg"));
	ck_assert_int_eq(count_of(s, "<caption>Ingen tal</caption>"), 4);
	buf_free(&r.out);
	table_free(t);
}
END_TEST

/* ---- outcome.c: Resultater ---------------------------------------------------- */

/* A coordinator measurement ("individ_model") or a Dialogredskab ("dialog")
 * of course c, number no, filled on filled, with answers "key=value" (a
 * value of digits is a number, "x" is Ved ikke, anything else a choice). */
static void oc_measure(Db *db, long long c, const char *key, int no, int final, const char *filled, const char *answers)
{
	long long iid = instrument_current(db, key);
	long long author = db_int(db, 0, "SELECT id FROM users ORDER BY id LIMIT 1", "");
	long long mid = db_int(db, 0,
			       "INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, final, period_from,"
			       " period_to, due_on, filled_on, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'now')"
			       " RETURNING id",
			       "ItIiittttI", iid, key, c, no, final, filled, filled, filled, filled, author);
	char buf[256];
	snprintf(buf, sizeof buf, "%s", answers);
	for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
		char *eq = strchr(tok, '=');
		ck_assert_ptr_nonnull(eq);
		*eq = 0;
		const char *v = eq + 1;
		long long item = db_int(db, 0, "SELECT id FROM instrument_item WHERE instrument_id = ? AND key = ?", "It", iid, tok);
		ck_assert_int_gt(item, 0);
		if (v[0] >= '0' && v[0] <= '9')
			db_exec(db, "INSERT INTO measurement_answer(measurement_id, item_id, num, txt) VALUES (?, ?, ?, ?)", "IIIt",
				mid, item, atoll(v), v);
		else
			db_exec(db, "INSERT INTO measurement_answer(measurement_id, item_id, num, txt) VALUES (?, ?, NULL, ?)",
				"IIt", mid, item, v);
	}
}

static long long oc_world(Db *db)
{
	static int n;
	char name[32];
	snprintf(name, sizeof name, "O%d", ++n);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES (?) RETURNING id", "t", name);
	rp_user(db, m, name, "coordinator");
	return m;
}

/* The page's table cell as the figures num of den. */
static void oc_share(const Table *t, int row, int col, long long num, long long den)
{
	const Cell *c = table_cell(t, row, col);
	ck_assert_int_eq(c->t, C_SHARE);
	ck_assert_int_eq(c->num, num);
	ck_assert_int_eq(c->den, den);
}

static Req *oc_req(void)
{
	Req *r = calloc(1, sizeof *r);
	r->lang = "da";
	return r;
}

/* 100 courses ended in the period with a final measurement: 73 in their own
 * home, 20 homeless, 7 other, as in the evaluation; 3 more without one. */
START_TEST(outcome_housing_gives_the_evaluations_73_20_7)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = oc_world(db);
	static const char *const homeless[] = {"sofa", "herberg", "gade", "natvarme"};
	for (int i = 0; i < 100; i++) {
		/* the first 60 homeless with CTI, then 40 at risk in the model alone */
		int h = i < 60;
		long long c = rp_course(db, m, 0, h ? "homeless" : "at_risk", "2025-01-01", "2025-01-10", "2026-03-15",
					"less_complex", h ? "model_cti" : "model");
		const char *v = i < 73 ? "own_home" : i < 93 ? homeless[i % 4] : i % 2 ? "family" : "institution";
		char a[64];
		snprintf(a, sizeof a, "housing=%s", v);
		oc_measure(db, c, "individ_model", 1, 0, "2025-06-01", "housing=sofa");
		oc_measure(db, c, "individ_model", 2, 1, "2026-03-20", a);
	}
	for (int i = 0; i < 3; i++)
		rp_course(db, m, 0, "homeless", "2025-01-01", "2025-01-10", "2026-03-15", "self", "model_icm");
	long long out[OUT_N];
	outcome_housing(db, m, RP_FROM, RP_TO, NULL, NULL, out);
	ck_assert_int_eq(out[OUT_HOUSED], 73);
	ck_assert_int_eq(out[OUT_HOMELESS], 20);
	ck_assert_int_eq(out[OUT_OTHER], 7);
	ck_assert_int_eq(out[OUT_UNKNOWN], 0);
	ck_assert_int_eq(out[OUT_MISSING], 3);
	outcome_housing(db, m, RP_FROM, RP_TO, "model_cti", NULL, out);
	ck_assert_int_eq(out[OUT_HOUSED], 60);
	ck_assert_int_eq(out[OUT_MISSING], 0);
	outcome_housing(db, m, RP_FROM, RP_TO, "model", "at_risk", out);
	ck_assert_int_eq(out[OUT_HOUSED], 13);
	ck_assert_int_eq(out[OUT_HOMELESS], 20);
	ck_assert_int_eq(out[OUT_OTHER], 7);
	outcome_housing(db, m, RP_FROM, RP_TO, NULL, "homeless", out);
	ck_assert_int_eq(out[OUT_HOUSED], 60);
	ck_assert_int_eq(out[OUT_MISSING], 3);
	outcome_housing(db, m, RP_FROM, RP_TO, "model_icm", "at_risk", out);
	for (int i = 0; i < OUT_N; i++)
		ck_assert_int_eq(out[i], 0);

	/* the page: 73 % (73 of 100) next to the evaluation's 73 % */
	OutcomeFigs *f = malloc(sizeof *f);
	outcome_figures(db, m, RP_FROM, RP_TO, f);
	ck_assert_int_eq(f->g[OG_ALL].ended, 103);
	ck_assert_int_eq(f->g[OG_CTI].ended, 60);
	ck_assert_int_eq(f->g[OG_ICM].housing[OUT_MISSING], 3);
	ck_assert_int_eq(f->g[OG_AT_RISK].housing[OUT_OTHER], 7);
	Req *r = oc_req();
	Table *t = outcome_table(r, f, OT_HOUSING);
	oc_share(t, 0, 1, 73, 100);
	oc_share(t, 1, 1, 20, 100);
	oc_share(t, 2, 1, 7, 100);
	ck_assert_str_eq(table_cell(t, 0, 2)->s, "73 %");
	ck_assert_str_eq(table_cell(t, 1, 2)->s, "20 %");
	table_free(t);
	t = outcome_table(r, f, OT_HOUSING_GROUPS);
	oc_share(t, 0, 2, 73, 100);             /* the whole municipality */
	oc_share(t, 2, 2, 60, 60);              /* + CTI */
	ck_assert_int_eq(table_cell(t, 3, 2)->t, C_EMPTY); /* + ICM: none with a final measurement */
	oc_share(t, 5, 3, 20, 40);              /* at risk: homeless */
	ck_assert_int_eq((long long)table_cell(t, 0, 6)->v, 3); /* Uden slutmåling */
	ck_assert_int_eq((long long)table_cell(t, 3, 6)->v, 3);
	table_free(t);
	free(r);
	free(f);
	drop_db(db, path);
}
END_TEST

/* Closed the day before fra and the day after til: out; on fra and on til:
 * in; declined: out; another municipality: out; Ved ikke and no housing
 * answer: unknown. */
START_TEST(outcome_housing_period_edges_declined_and_unknown)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = oc_world(db), other = oc_world(db);
	const char *ends[] = {"2025-12-31", RP_FROM, RP_TO, "2026-07-01"};
	for (int i = 0; i < 4; i++) {
		long long c = rp_course(db, m, 0, "homeless", "2025-01-01", "2025-01-10", ends[i], "self", "model_icm");
		oc_measure(db, c, "individ_model", 1, 1, ends[i], "housing=own_home");
	}
	long long d = rp_course(db, m, 0, "homeless", "2025-01-01", NULL, "2026-02-01", "declined", NULL);
	oc_measure(db, d, "individ_model", 0, 1, "2026-02-01", "housing=own_home");
	long long o = rp_course(db, other, 0, "homeless", "2025-01-01", "2025-01-10", "2026-02-01", "self", "model");
	oc_measure(db, o, "individ_model", 1, 1, "2026-02-01", "housing=own_home");
	long long u = rp_course(db, m, 0, "at_risk", "2025-01-01", "2025-01-10", "2026-02-01", "self", "model");
	oc_measure(db, u, "individ_model", 1, 1, "2026-02-01", "housing=unknown");
	long long n = rp_course(db, m, 0, "at_risk", "2025-01-01", "2025-01-10", "2026-02-01", "self", "model");
	oc_measure(db, n, "individ_model", 1, 1, "2026-02-01", "hverdag=3");
	long long p = rp_course(db, m, 0, "at_risk", "2025-01-01", "2025-01-10", "2026-02-01", "self", "model");
	oc_measure(db, p, "individ_model", 1, 0, "2026-01-15", "housing=own_home"); /* not the final one */
	long long out[OUT_N];
	outcome_housing(db, m, RP_FROM, RP_TO, NULL, NULL, out);
	ck_assert_int_eq(out[OUT_HOUSED], 2);  /* on fra and on til */
	ck_assert_int_eq(out[OUT_UNKNOWN], 2); /* Ved ikke, no answer */
	ck_assert_int_eq(out[OUT_MISSING], 1); /* no final measurement */
	ck_assert_int_eq(out[OUT_HOMELESS] + out[OUT_OTHER], 0);
	drop_db(db, path);
}
END_TEST

START_TEST(outcome_empty_period_has_no_figures_and_no_division)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = oc_world(db);
	rp_course(db, m, 0, "homeless", "2026-08-01", "2026-08-10", NULL, NULL, "model_cti"); /* after */
	OutcomeFigs *f = malloc(sizeof *f);
	outcome_figures(db, m, RP_FROM, RP_TO, f);
	const char *zero = (const char *)f;
	for (size_t i = 0; i < sizeof *f; i++)
		ck_assert_int_eq(zero[i], 0);
	Req *r = oc_req();
	for (int k = 0; k < OT_N; k++) {
		Table *t = outcome_table(r, f, k);
		ck_assert_int_gt(t->nrows, 0);
		for (int row = 0; row < t->nrows; row++)
			for (int col = 0; col < t->ncols; col++)
				ck_assert_int_ne(table_cell(t, row, col)->t, C_SHARE); /* no 0 of 0 */
		table_free(t);
	}
	long long out[OUT_N];
	outcome_housing(db, m, RP_FROM, RP_TO, NULL, NULL, out);
	for (int i = 0; i < OUT_N; i++)
		ck_assert_int_eq(out[i], 0);
	free(r);
	free(f);
	drop_db(db, path);
}
END_TEST

/* Improvement: first and latest numeric answer on or before til; Ved ikke
 * is no data; one answer is no data; equal is not improved; the young
 * person's own ratings counted apart. */
START_TEST(outcome_improvement_first_to_latest_with_ved_ikke_and_one_measurement)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = oc_world(db);
	/* A: 2 -> 4: improved (economy 3 -> 3: not) */
	long long a = rp_course(db, m, 0, "homeless", "2025-01-01", "2025-01-10", NULL, NULL, "model_cti");
	oc_measure(db, a, "individ_model", 0, 0, "2025-01-15", "hverdag=2 oekonomi=3");
	oc_measure(db, a, "individ_model", 1, 0, "2025-04-15", "hverdag=4 oekonomi=3");
	/* B: 3, Ved ikke, 2 (and a 5 filled after til): worse */
	long long b = rp_course(db, m, 0, "homeless", "2025-01-01", "2025-01-10", NULL, NULL, "model_cti");
	oc_measure(db, b, "individ_model", 0, 0, "2025-01-15", "hverdag=3 oekonomi=1");
	oc_measure(db, b, "individ_model", 1, 0, "2026-02-15", "hverdag=x oekonomi=x");
	oc_measure(db, b, "individ_model", 2, 0, "2026-05-15", "hverdag=2 oekonomi=x");
	oc_measure(db, b, "individ_model", 3, 0, "2026-07-15", "hverdag=5 oekonomi=5");
	/* C: Ved ikke first, then 1 -> 2: improved from the first numeric */
	long long c = rp_course(db, m, 0, "at_risk", "2025-01-01", "2025-01-10", "2026-01-01", "self", "model");
	oc_measure(db, c, "individ_model", 0, 0, "2025-01-15", "hverdag=x");
	oc_measure(db, c, "individ_model", 1, 0, "2025-04-15", "hverdag=1");
	oc_measure(db, c, "individ_model", 2, 1, "2026-01-01", "hverdag=2");
	/* D: one measurement: no data */
	long long d = rp_course(db, m, 0, "at_risk", "2025-01-01", "2026-03-01", NULL, NULL, "model");
	oc_measure(db, d, "individ_model", 0, 0, "2026-03-05", "hverdag=1");
	/* E: the young person's own ratings only: 1 -> 5 */
	long long e = rp_course(db, m, 0, "at_risk", "2025-01-01", "2025-01-10", NULL, NULL, "model");
	oc_measure(db, e, "dialog", 0, 0, "2025-01-15", "hverdag=1 netvaerk=4");
	oc_measure(db, e, "dialog", 1, 0, "2025-04-15", "hverdag=5 netvaerk=2");
	/* out of the cohort: closed the day before fra, started after til, declined */
	long long x = rp_course(db, m, 0, "homeless", "2025-01-01", "2025-01-10", "2025-12-31", "self", "model");
	oc_measure(db, x, "individ_model", 0, 0, "2025-01-15", "hverdag=1");
	oc_measure(db, x, "individ_model", 1, 0, "2025-04-15", "hverdag=5");
	rp_course(db, m, 0, "homeless", "2026-06-01", "2026-07-01", NULL, NULL, "model");
	rp_course(db, m, 0, "homeless", "2026-01-01", NULL, "2026-02-01", "declined", NULL);

	OutcomeFigs *f = malloc(sizeof *f);
	outcome_figures(db, m, RP_FROM, RP_TO, f);
	const OutGroup *all = &f->g[OG_ALL];
	ck_assert_int_eq(all->cohort, 5); /* A-E */
	ck_assert_int_eq(all->rated[0][0], 3);    /* hverdag: A, B, C */
	ck_assert_int_eq(all->improved[0][0], 2); /* A, C */
	ck_assert_int_eq(all->rated[0][1], 1);    /* oekonomi: A (B has one numeric answer) */
	ck_assert_int_eq(all->improved[0][1], 0);
	ck_assert_int_eq(all->rated[1][0], 1);    /* the young person: E */
	ck_assert_int_eq(all->improved[1][0], 1);
	ck_assert_int_eq(all->rated[1][5], 1);
	ck_assert_int_eq(all->improved[1][5], 0);
	ck_assert_int_eq(f->g[OG_CTI].rated[0][0], 2);
	ck_assert_int_eq(f->g[OG_CTI].improved[0][0], 1);
	ck_assert_int_eq(f->g[OG_AT_RISK].cohort, 3);
	ck_assert_int_eq(f->g[OG_AT_RISK].improved[0][0], 1);
	Req *r = oc_req();
	Table *t = outcome_table(r, f, OT_IMPROVED);
	oc_share(t, 0, 1, 2, 3);
	ck_assert_int_eq((long long)table_cell(t, 0, 2)->v, 2); /* uden data: D and E */
	ck_assert(table_cell(t, 0, 2)->suppressed);
	oc_share(t, 0, 3, 1, 1);
	ck_assert(table_cell(t, 0, 3)->suppressed);
	ck_assert_str_eq(table_cell(t, 0, 5)->s, "34 %");
	ck_assert_str_eq(table_cell(t, 1, 5)->s, "37 %");
	ck_assert_str_eq(table_cell(t, 2, 5)->s, "Intet tal");
	table_free(t);
	free(r);
	free(f);
	drop_db(db, path);
}
END_TEST

/* Education or employment at the first and the latest answer. */
START_TEST(outcome_education_got_into_or_kept)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = oc_world(db);
	const char *seq[][3] = {
		{"none", "education", NULL},        /* got into */
		{"activation", "none", "employment"}, /* got into */
		{"employment", "employment", NULL}, /* kept */
		{"education", "none", NULL},        /* dropped out */
		{"none", "none", NULL},             /* never */
		{"education", NULL, NULL},          /* one answer: no data */
	};
	for (int i = 0; i < 6; i++) {
		long long c = rp_course(db, m, 0, i % 2 ? "at_risk" : "homeless", "2025-01-01", "2025-01-10", NULL, NULL,
					"model_icm");
		for (int k = 0; k < 3 && seq[i][k]; k++) {
			char a[64], on[11];
			snprintf(a, sizeof a, "edu_status=%s", seq[i][k]);
			snprintf(on, sizeof on, "2025-%02d-15", 1 + 3 * k);
			oc_measure(db, c, "individ_model", k, 0, on, a);
		}
	}
	OutcomeFigs *f = malloc(sizeof *f);
	outcome_figures(db, m, RP_FROM, RP_TO, f);
	ck_assert_int_eq(f->g[OG_ALL].cohort, 6);
	ck_assert_int_eq(f->g[OG_ALL].edu_rated, 5);
	ck_assert_int_eq(f->g[OG_ALL].edu_got, 2);
	ck_assert_int_eq(f->g[OG_ALL].edu_kept, 1);
	ck_assert_int_eq(f->g[OG_AT_RISK].edu_got, 1);
	Req *r = oc_req();
	Table *t = outcome_table(r, f, OT_EDUCATION);
	oc_share(t, 0, 2, 3, 5);
	ck_assert_int_eq((long long)table_cell(t, 0, 5)->v, 1); /* uden data */
	ck_assert_str_eq(table_cell(t, 0, 6)->s, "29 %");
	table_free(t);
	free(r);
	free(f);
	drop_db(db, path);
}
END_TEST

/* ---- cost.c: Omkostninger ----------------------------------------------------------- */

#define CO_FROM "2025-01-01"
#define CO_TO "2025-12-31"
#define CO_TODAY "2026-06-01"
#define CO_TOL 0.001

static long long co_user(Db *db, long long m, const char *username, const char *role)
{
	return db_int(db, 0,
		      "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
		      " VALUES (?, ?, ?, ?, 'x', '2024-01-01T00:00:00Z') RETURNING id",
		      "Ittt", m, username, username, role);
}

/* one registration of a user's quarter with minutes for one method */
static void co_reg(Db *db, long long m, long long user, const char *from, const char *to, const char *method,
		   long long minutes)
{
	long long id = db_int(db, 0, "SELECT id FROM time_registration WHERE user_id = ? AND period_from = ?", "It", user,
			      from);
	if (!id)
		id = db_int(db, 0,
			    "INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, submitted_at)"
			    " VALUES (?, ?, ?, ?, 'now') RETURNING id",
			    "IItt", m, user, from, to);
	db_exec(db, "INSERT INTO time_hours(registration_id, method, category, minutes) VALUES (?, ?, 'direct', ?)", "ItI",
		id, method, minutes);
}

static long long co_support(Db *db, long long course, const char *method, const char *start, const char *end,
			    const char *reason)
{
	return db_int(db, 0,
		      "INSERT INTO support_course(course_id, method, start_on, end_on, end_reason, created_at)"
		      " VALUES (?, ?, ?, ?, ?, 'now') RETURNING id",
		      "Itttt", course, method, start, end, reason);
}

static void co_contact(Db *db, long long sid, const char *on, long long minutes, long long travel)
{
	db_exec(db,
		"INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, created_at)"
		" VALUES (?, ?, 'face', ?, ?, 'home', 'now')",
		"ItII", sid, on, minutes, travel);
}

/* A hand-made municipality for 2025 (hourly cost 400 kr., 1,5 posts):
 * courses in the model A (step 3 2024-12-01, open: 365 days in 2025),
 * B (2024-06-01, open: 365), C (2024-01-15, closed as planned
 * 2025-01-15: 15 days, 366 days long), D (2024-09-01, moved away
 * 2025-03-01: 60 days, not completed as planned), E (declined, never in
 * the model): 805 young-person-days.  CTI 2025-04-01 to 2025-12-31 (275
 * days in 2025, 274 days long); ICM 2024-06-01 to 2025-06-30, no longer
 * needed (181 days, 394 long); ACT from 2025-12-22 (10 days).  The
 * coordinator registers 28 h model a quarter (112 h), the support worker
 * 2000 min model, 4800 min CTI, 6000 min ICM; outside the period: the
 * coordinator's Q4 2024 and Q1 2026 and another municipality. */
static long long co_world(Db *db)
{
	long long m = db_int(db, 0, "INSERT INTO municipality(name, hourly_cost, coordinator_posts) VALUES ('K', 400, 15)"
				    " RETURNING id", "");
	long long other = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('Anden') RETURNING id", "");
	long long coord = co_user(db, m, "k1", "coordinator");
	long long sup = co_user(db, m, "b1", "support");
	long long stranger = co_user(db, other, "x1", "coordinator");
	long long a = rp_course(db, m, coord, "homeless", "2024-11-01", "2024-12-01", NULL, NULL, "model_cti");
	long long b = rp_course(db, m, coord, "homeless", "2024-05-01", "2024-06-01", NULL, NULL, "model_icm");
	rp_course(db, m, coord, "at_risk", "2024-01-01", "2024-01-15", "2025-01-15", "less_complex", "model");
	rp_course(db, m, coord, "at_risk", "2024-08-01", "2024-09-01", "2025-03-01", "moved", "model");
	rp_course(db, m, coord, "at_risk", "2025-02-01", NULL, "2025-02-10", "declined", NULL);
	long long oc = rp_course(db, other, stranger, "homeless", "2024-01-01", "2024-01-02", NULL, NULL, "model_icm");
	long long cti = co_support(db, a, "cti", "2025-04-01", "2025-12-31", "cti_done");
	long long icm = co_support(db, b, "icm", "2024-06-01", "2025-06-30", "not_needed");
	long long act = co_support(db, b, "act", "2025-12-22", NULL, NULL);
	co_support(db, oc, "icm", "2024-01-10", NULL, NULL);
	co_contact(db, cti, "2025-05-01", 90, 30);
	co_contact(db, cti, "2025-12-31", 60, 0);
	co_contact(db, cti, "2026-01-05", 600, 0); /* after the period */
	co_contact(db, icm, "2025-02-01", 120, 60);
	co_contact(db, icm, "2024-12-31", 600, 0); /* before */
	co_contact(db, act, "2025-12-23", 60, 0);
	static const char *const q[4][2] = {{"2025-01-01", "2025-03-31"}, {"2025-04-01", "2025-06-30"},
					    {"2025-07-01", "2025-09-30"}, {"2025-10-01", "2025-12-31"}};
	for (int i = 0; i < 4; i++)
		co_reg(db, m, coord, q[i][0], q[i][1], "model", 1680);
	co_reg(db, m, sup, "2025-04-01", "2025-06-30", "model", 2000);
	co_reg(db, m, sup, "2025-04-01", "2025-06-30", "cti", 4800);
	co_reg(db, m, sup, "2025-07-01", "2025-09-30", "icm", 6000);
	/* the quarters just outside, and another municipality */
	co_reg(db, m, coord, "2024-10-01", "2024-12-31", "model", 6000);
	co_reg(db, m, coord, "2026-01-01", "2026-03-31", "model", 6000);
	co_reg(db, other, stranger, "2025-04-01", "2025-06-30", "model", 99999);
	return m;
}

START_TEST(cost_period_is_the_whole_quarters_inside)
{
	char f[11], t[11];
	ck_assert_int_eq(cost_quarters("2025-01-01", "2025-12-31", f, t), 4);
	ck_assert_str_eq(f, "2025-01-01");
	ck_assert_str_eq(t, "2025-12-31");
	/* a day in: that quarter is left out at both ends */
	ck_assert_int_eq(cost_quarters("2025-01-02", "2025-12-30", f, t), 2);
	ck_assert_str_eq(f, "2025-04-01");
	ck_assert_str_eq(t, "2025-09-30");
	ck_assert_int_eq(cost_quarters("2025-02-01", "2025-03-30", f, t), 0);
	ck_assert_str_eq(f, "");
	ck_assert_int_eq(cost_quarters("2025-04-01", "2025-06-30", f, t), 1);
	/* the default: the last four finished quarters */
	cost_default_period("2026-06-01", f, t);
	ck_assert_str_eq(f, "2025-04-01");
	ck_assert_str_eq(t, "2026-03-31");
	cost_default_period("2026-01-01", f, t);
	ck_assert_str_eq(f, "2025-01-01");
	ck_assert_str_eq(t, "2025-12-31");
}
END_TEST

START_TEST(cost_hours_per_young_person_year_by_method)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = co_world(db);
	CostFigs f;
	cost_figures(db, m, CO_FROM, CO_TO, CO_TODAY, &f);
	ck_assert_int_eq(f.quarters, 4);
	ck_assert_int_eq(f.registrations, 6); /* 4 + 2, not the quarters outside */
	ck_assert_int_eq(f.minutes[TIME_MODEL], 4 * 1680 + 2000);
	ck_assert_int_eq(f.coord_minutes, 4 * 1680);
	ck_assert_int_eq(f.minutes[TIME_CTI], 4800);
	ck_assert_int_eq(f.minutes[TIME_ICM], 6000);
	ck_assert_int_eq(f.minutes[TIME_ACT], 0);
	/* young-person-years: A 365 + B 365 + C 15 + D 60 days; E never in the model */
	ck_assert_int_eq(f.youth[TIME_MODEL], 4);
	ck_assert_double_eq_tol(f.years[TIME_MODEL], 805.0 / 365.0, CO_TOL);
	ck_assert_double_eq_tol(f.years[TIME_CTI], 275.0 / 365.0, CO_TOL);
	ck_assert_double_eq_tol(f.years[TIME_ICM], 181.0 / 365.0, CO_TOL);
	ck_assert_double_eq_tol(f.years[TIME_ACT], 10.0 / 365.0, CO_TOL);
	ck_assert_int_eq(f.youth[TIME_CTI], 1);
	ck_assert_int_eq(f.youth[TIME_ICM], 1); /* the other municipality's ICM is not counted */
	ck_assert_int_eq(f.youth[TIME_ACT], 1);
	/* 145,33 h / 2,2055 years = 65,9 h; the coordinator 112 h: 50,8 h */
	ck_assert_double_eq_tol(cost_hours(&f, TIME_MODEL), 8720.0 / 60.0 / (805.0 / 365.0), CO_TOL);
	ck_assert_double_eq_tol(cost_hours(&f, TIME_MODEL), 65.896, 0.001);
	ck_assert_double_eq_tol(cost_coordinator_hours(&f), 112.0 * 365.0 / 805.0, CO_TOL);
	ck_assert_double_eq_tol(cost_hours(&f, TIME_CTI), 80.0 * 365.0 / 275.0, CO_TOL);
	ck_assert_double_eq_tol(cost_hours(&f, TIME_ICM), 100.0 * 365.0 / 181.0, CO_TOL);
	ck_assert_double_eq_tol(cost_hours(&f, TIME_ACT), 0, CO_TOL);
	cost_figures_free(&f);
	drop_db(db, path);
}
END_TEST

START_TEST(cost_kroner_per_year_per_cti_course_and_per_youth)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = co_world(db);
	CostFigs f;
	cost_figures(db, m, CO_FROM, CO_TO, CO_TODAY, &f);
	ck_assert_int_eq(f.hourly, 400);
	/* a CTI course: CTI hours per young-person-year × 274 days in years × 400 kr. */
	int measured = 0;
	ck_assert_double_eq_tol(cost_cti_years(&f, &measured), 274.0 / (365.25 / 12.0) / 12.0, CO_TOL);
	ck_assert_int_eq(measured, 1);
	double course = 80.0 * 365.0 / 275.0 * (274.0 / 365.25) * 400.0;
	ck_assert_double_eq_tol(cost_cti_course(&f), course, 0.01);
	ck_assert_double_eq_tol(cost_cti_course(&f), 31861.8, 0.1);
	cost_figures_free(&f);
	/* every method's hours × 400 kr. per young-person-year in the model */
	double youth = 0;
	double per = cost_per_youth(db, m, CO_FROM, CO_TO, &youth);
	ck_assert_double_eq_tol(youth, 805.0 / 365.0, CO_TOL);
	ck_assert_double_eq_tol(per, (8720.0 + 4800.0 + 6000.0) / 60.0 * 400.0 / (805.0 / 365.0), 0.01);
	ck_assert_double_eq_tol(per, 59004.6, 0.1);
	/* no ended CTI course in the first quarter: the method's nine months */
	cost_figures(db, m, "2025-01-01", "2025-03-31", CO_TODAY, &f);
	ck_assert_double_eq_tol(cost_cti_years(&f, &measured), 0.75, CO_TOL);
	ck_assert_int_eq(measured, 0);
	ck_assert_double_eq_tol(cost_cti_course(&f), -1, CO_TOL); /* and no CTI young people then */
	cost_figures_free(&f);
	drop_db(db, path);
}
END_TEST

START_TEST(cost_lengths_of_courses_completed_as_planned)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = co_world(db);
	CostFigs f;
	cost_figures(db, m, CO_FROM, CO_TO, CO_TODAY, &f);
	/* the model: C only (D moved away, E declined) */
	ck_assert_int_eq(f.n_len[LEN_MODEL], 1);
	ck_assert_double_eq_tol(f.len[LEN_MODEL][0], 366.0 / (365.25 / 12.0), CO_TOL);
	ck_assert_int_eq(f.n_len[LEN_ICM], 1);
	ck_assert_double_eq_tol(f.len[LEN_ICM][0], 394.0 / (365.25 / 12.0), CO_TOL);
	ck_assert_double_eq_tol(cost_mean(f.len[LEN_ICM], f.n_len[LEN_ICM]), 12.94, 0.01);
	ck_assert_int_eq(f.n_len[LEN_CTI], 1);
	ck_assert_double_eq_tol(f.len[LEN_CTI][0], 274.0 / (365.25 / 12.0), CO_TOL);
	cost_figures_free(&f);
	/* an ICM course that ended for another reason is no completed one */
	db_exec(db, "UPDATE support_course SET end_reason = 'moved' WHERE method = 'icm'", "");
	cost_figures(db, m, CO_FROM, CO_TO, CO_TODAY, &f);
	ck_assert_int_eq(f.n_len[LEN_ICM], 0);
	ck_assert_double_eq_tol(cost_mean(f.len[LEN_ICM], f.n_len[LEN_ICM]), -1, CO_TOL);
	cost_figures_free(&f);
	drop_db(db, path);
}
END_TEST

START_TEST(cost_spread_from_the_contact_log)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = co_world(db);
	CostFigs f;
	cost_figures(db, m, CO_FROM, CO_TO, CO_TODAY, &f);
	/* the values given to box_stats: the contacts in the period, annualised */
	ck_assert_int_eq(f.n_spread[0], 1);
	ck_assert_double_eq_tol(f.spread[0][0], 180.0 / 60.0 * 365.0 / 275.0, CO_TOL);
	ck_assert_int_eq(f.n_spread[1], 1);
	ck_assert_double_eq_tol(f.spread[1][0], 180.0 / 60.0 * 365.0 / 181.0, CO_TOL);
	/* ACT has 10 days in the period: too few to annualise */
	ck_assert_int_eq(f.n_spread[2], 0);
	cost_figures_free(&f);
	drop_db(db, path);
}
END_TEST

START_TEST(cost_coordinators_needed_against_posts)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = co_world(db);
	CostFigs f;
	cost_figures(db, m, CO_FROM, CO_TO, CO_TODAY, &f);
	ck_assert_int_eq(f.caseload, 2); /* A and B are in the model now */
	ck_assert_int_eq(f.posts, 15);
	cost_figures_free(&f);
	/* 29 young people at 56 hours fill one post of 1.624 hours */
	ck_assert_double_eq_tol(cost_posts_needed(29, 56), 1.0, CO_TOL);
	ck_assert_double_eq_tol(cost_posts_needed(44, 56), 44.0 * 56.0 / 1624.0, CO_TOL);
	ck_assert_double_eq_tol(cost_posts_needed(0, 56), 0, CO_TOL);
	int t = -1;
	ck_assert_ptr_null(cost_posts_parse("2,5", &t));
	ck_assert_int_eq(t, 25);
	ck_assert_ptr_null(cost_posts_parse("2.5", &t));
	ck_assert_int_eq(t, 25);
	ck_assert_ptr_null(cost_posts_parse("1000", &t));
	ck_assert_int_eq(t, 10000);
	ck_assert_ptr_null(cost_posts_parse("0", &t));
	ck_assert_int_eq(t, 0);
	ck_assert_ptr_nonnull(cost_posts_parse("abc", &t));
	ck_assert_ptr_nonnull(cost_posts_parse("-1", &t));
	ck_assert_ptr_nonnull(cost_posts_parse("2,55", &t));
	ck_assert_ptr_nonnull(cost_posts_parse("1000,1", &t));
	ck_assert_ptr_nonnull(cost_posts_parse("", &t));
	drop_db(db, path);
}
END_TEST

START_TEST(cost_period_without_data_says_why)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = co_world(db);
	long long empty = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('Tom') RETURNING id", "");
	double youth = 99;
	ck_assert_double_eq_tol(cost_per_youth(db, empty, CO_FROM, CO_TO, &youth), -1, CO_TOL);
	ck_assert_double_eq_tol(youth, 0, CO_TOL);
	CostFigs f;
	cost_figures(db, empty, CO_FROM, CO_TO, CO_TODAY, &f);
	ck_assert_ptr_nonnull(strstr(cost_empty(&f), "hverken registreret timer eller unge"));
	ck_assert_double_eq_tol(cost_hours(&f, TIME_MODEL), -1, CO_TOL);
	cost_figures_free(&f);
	/* young people but no hours: Q2 2026 */
	ck_assert_double_eq_tol(cost_per_youth(db, m, "2026-04-01", "2026-06-30", NULL), -1, CO_TOL);
	/* no whole quarter */
	cost_figures(db, m, "2025-02-01", "2025-03-30", CO_TODAY, &f);
	ck_assert_ptr_nonnull(strstr(cost_empty(&f), "ikke et helt kvartal"));
	cost_figures_free(&f);
	/* hours, but no young people in the model */
	db_exec(db, "DELETE FROM course_event WHERE step = 3", "");
	cost_figures(db, m, "2026-01-01", "2026-03-31", CO_TODAY, &f);
	ck_assert_int_eq(f.minutes[TIME_MODEL], 6000);
	ck_assert_ptr_nonnull(strstr(cost_empty(&f), "ingen unge i samarbejdsmodellen"));
	ck_assert_double_eq_tol(cost_per_youth(db, m, "2026-01-01", "2026-03-31", NULL), -1, CO_TOL);
	cost_figures_free(&f);
	drop_db(db, path);
}
END_TEST

START_TEST(cost_quarter_just_outside_is_not_counted)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = co_world(db);
	CostFigs f;
	/* the period starts a day into Q1 2025: Q1 is out, and Q4 2024 too */
	cost_figures(db, m, "2025-01-02", CO_TO, CO_TODAY, &f);
	ck_assert_str_eq(f.from, "2025-04-01");
	ck_assert_int_eq(f.quarters, 3);
	ck_assert_int_eq(f.coord_minutes, 3 * 1680);
	ck_assert_int_eq(f.minutes[TIME_MODEL], 3 * 1680 + 2000);
	/* the days are counted over the same quarters: A and B 275 days, C and D none */
	ck_assert_double_eq_tol(f.years[TIME_MODEL], 550.0 / 365.0, CO_TOL);
	ck_assert_int_eq(f.youth[TIME_MODEL], 2);
	cost_figures_free(&f);
	/* Q4 2024 alone: only the coordinator's registration then */
	cost_figures(db, m, "2024-10-01", "2024-12-31", CO_TODAY, &f);
	ck_assert_int_eq(f.minutes[TIME_MODEL], 6000);
	ck_assert_int_eq(f.minutes[TIME_CTI], 0);
	cost_figures_free(&f);
	drop_db(db, path);
}
END_TEST

/* ---- the dashboard and the pseudonymised export (overview.c, pseudonym.c) -- */

typedef struct DashDb {
	char path[64];
	Db *db;
	long long m, coord, author;
	Req *r;
} DashDb;

static void dash_db(DashDb *f)
{
	f->db = temp_db(f->path);
	f->m = db_int(f->db, 0, "INSERT INTO municipality(name, coordinator_guide) VALUES ('D', 4) RETURNING id", "");
	f->coord = db_int(f->db, 0,
			  "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
			  " VALUES (?, 'dk', 'DK', 'coordinator', 'x', 'now') RETURNING id", "I", f->m);
	f->author = f->coord;
	f->r = xcalloc(1, sizeof *f->r);
	f->r->db = f->db;
	f->r->lang = "da";
	f->r->user.municipality_id = f->m;
}

static void dash_drop(DashDb *f)
{
	free(f->r);
	drop_db(f->db, f->path);
}

/* A young person with a course: referred on ref (step 1), allocated and
 * started on the dates given ("" none); returns the course. */
static long long dash_course(DashDb *f, const char *name, const char *cpr, const char *ref, const char *alloc,
			     const char *start, const char *closed, const char *comb)
{
	long long p = db_int(f->db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
			     " VALUES (?, ?, ?, ?, 'now') RETURNING id", "IttI", f->m, cpr, name, f->coord);
	long long c = db_int(f->db, 0,
			     "INSERT INTO course(person_id, opened_on, closed_on, target_group) VALUES (?, ?, ?, 'homeless')"
			     " RETURNING id", "Itt", p, ref, closed && *closed ? closed : NULL);
	db_exec(f->db,
		"INSERT INTO referral(course_id, referred_on, referrer_actor, referrer_name, reason, target_group, created_at)"
		" VALUES (?, ?, 'jobcenter', 'Hemmelig Henviser', 'Hemmelig grund', 'homeless', 'now')", "It", c, ref);
	db_exec(f->db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 1, ?, 'now')", "It", c, ref);
	if (alloc && *alloc) {
		db_exec(f->db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 2, ?, 'now')", "It", c,
			alloc);
		db_exec(f->db, "INSERT INTO allocation(course_id, needs, combination, rationale, created_at)"
			       " VALUES (?, 'n', ?, 'r', 'now')", "It", c, comb);
	}
	if (start && *start)
		db_exec(f->db, "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, 3, ?, 'now')", "It", c,
			start);
	ck_assert(!db_failed(f->db));
	return c;
}

static int dash_row(const Table *t, const char *label)
{
	for (int i = 0; i < t->nrows; i++) {
		const Cell *c = table_cell(t, i, 0);
		if (c->s && streq(c->s, label))
			return i;
	}
	ck_abort_msg("no row %s in %s", label, t->title);
	return -1;
}

static void dash_free(Table **t, int n)
{
	for (int i = 0; i < n; i++)
		table_free(t[i]);
}

START_TEST(pseudonym_is_a_stable_keyed_hash_of_16_hex_characters)
{
	unsigned char k1[32], k2[32];
	memset(k1, 1, sizeof k1);
	memset(k2, 2, sizeof k2);
	char a[17], b[17], c[17], d[17];
	pseudonym_of(k1, 42, a);
	pseudonym_of(k1, 42, b);
	pseudonym_of(k1, 43, c);
	pseudonym_of(k2, 42, d);
	ck_assert_uint_eq(strlen(a), 16);
	ck_assert_uint_eq(strspn(a, "0123456789abcdef"), 16);
	ck_assert_str_eq(a, b);    /* stable */
	ck_assert_str_ne(a, c);    /* per person */
	ck_assert_str_ne(a, d);    /* per municipality key */
	ck_assert_ptr_null(strstr(a, "42"));
}
END_TEST

START_TEST(pseudonym_key_is_made_once_and_kept)
{
	DashDb f;
	dash_db(&f);
	ck_assert_int_eq(db_int(f.db, -1, "SELECT COUNT(*) FROM municipality WHERE export_key IS NULL", ""), 1);
	unsigned char k1[32], k2[32], zero[32] = {0};
	ck_assert_int_eq(pseudonym_key(f.db, f.m, k1), 0);
	ck_assert_int_eq(pseudonym_key(f.db, f.m, k2), 0);
	ck_assert_mem_eq(k1, k2, 32);
	ck_assert(memcmp(k1, zero, 32) != 0);
	ck_assert_int_eq(db_int(f.db, -1, "SELECT COUNT(*) FROM municipality WHERE length(export_key) = 32", ""), 1);
	/* another municipality gets its own key */
	long long m2 = db_int(f.db, 0, "INSERT INTO municipality(name) VALUES ('E') RETURNING id", "");
	unsigned char k3[32];
	ck_assert_int_eq(pseudonym_key(f.db, m2, k3), 0);
	ck_assert(memcmp(k1, k3, 32) != 0);
	dash_drop(&f);
}
END_TEST

START_TEST(pseudonym_export_has_no_names_cpr_numbers_free_text_or_dates)
{
	DashDb f;
	dash_db(&f);
	long long c = dash_course(&f, "Sofie Hemmeligsen", "0102034234", "2026-02-10", "2026-03-01", "2026-03-20", "",
				  "model_cti");
	dash_course(&f, "Gammel Lukketsen", "0102034321", "2024-02-10", "", "", "2024-12-01", "model");
	db_exec(f.db, "INSERT INTO support_course(course_id, method, start_on, created_at) VALUES (?, 'cti', '2026-04-02', 'now')",
		"I", c);
	long long inst = instrument_current(f.db, "individ_model");
	long long mid = db_int(f.db, 0,
			       "INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, period_from,"
			       " period_to, due_on, filled_on, author_id, created_at) VALUES (?, 'individ_model', ?, 0,"
			       " '2026-03-20', '2026-03-20', '2026-03-20', '2026-03-25', ?, 'now') RETURNING id",
			       "III", inst, c, f.author);
	db_exec(f.db, "INSERT INTO measurement_answer(measurement_id, item_id, txt) SELECT ?, id, 'own_home'"
		      " FROM instrument_item WHERE instrument_id = ? AND key = 'housing'", "II", mid, inst);
	db_exec(f.db, "INSERT INTO measurement_answer(measurement_id, item_id, num) SELECT ?, id, 4"
		      " FROM instrument_item WHERE instrument_id = ? AND key = 'hverdag'", "II", mid, inst);
	db_exec(f.db, "INSERT INTO measurement_answer(measurement_id, item_id, txt) SELECT ?, id, 'Sofie siger hej'"
		      " FROM instrument_item WHERE instrument_id = ? AND key = 'note'", "II", mid, inst);
	/* the next quarter's measurement, with no answer on housing and an
	 * answer changed after it was given (the stored one is exported) */
	long long mid2 = db_int(f.db, 0,
				"INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, period_from,"
				" period_to, due_on, filled_on, author_id, created_at) VALUES (?, 'individ_model', ?, 1,"
				" '2026-03-21', '2026-06-20', '2026-06-20', '2026-07-02', ?, 'now') RETURNING id",
				"III", inst, c, f.author);
	db_exec(f.db, "INSERT INTO measurement_answer(measurement_id, item_id, num) SELECT ?, id, 2"
		      " FROM instrument_item WHERE instrument_id = ? AND key = 'hverdag'", "II", mid2, inst);
	db_exec(f.db, "UPDATE measurement_answer SET num = 3 WHERE measurement_id = ?", "I", mid2);
	ck_assert(!db_failed(f.db));
	unsigned char key[32];
	ck_assert_int_eq(pseudonym_key(f.db, f.m, key), 0);
	Table *t[PS_N];
	pseudonym_tables(f.r, key, "2026-01-01", "2026-12-31", t);
	ck_assert_int_eq(t[PS_COURSES]->nrows, 1); /* the course closed in 2024 is not in the period */
	ck_assert_int_eq(t[PS_MEASUREMENTS]->nrows, 2);
	for (int j = 0; j < t[PS_MEASUREMENTS]->ncols; j++) {
		const char *h = t[PS_MEASUREMENTS]->heads[j];
		const Cell *x = table_cell(t[PS_MEASUREMENTS], 1, j); /* the later measurement, second */
		if (streq(h, "maaling_nr"))
			ck_assert(x->t == C_INT && x->v == 1);
		if (streq(h, "hverdag"))
			ck_assert(x->t == C_INT && x->v == 3);
		if (streq(h, "bolig_samlet"))
			ck_assert_str_eq(x->s, "unknown");
		if (streq(h, "udfyldt_maaned"))
			ck_assert_str_eq(x->s, "2026-07");
		if (streq(h, "pseudonym"))
			ck_assert_str_eq(x->s, table_cell(t[PS_COURSES], 0, 0)->s);
	}
	for (int k = 0; k < PS_N; k++)
		for (int i = 0; i < t[k]->nrows; i++)
			for (int j = 0; j < t[k]->ncols; j++) {
				const Cell *x = table_cell(t[k], i, j);
				ck_assert_int_ne(x->t, C_DATE);
				if (!x->s)
					continue;
				ck_assert_msg(!strstr(x->s, "Sofie") && !strstr(x->s, "Hemmelig") && !strstr(x->s, "0102034234")
						      && !strstr(x->s, "010203"),
					      "%s: %s", t[k]->title, x->s);
				if (k != PS_DICTIONARY)
					ck_assert_msg(!(strlen(x->s) == 10 && x->s[4] == '-' && x->s[7] == '-'), "a date: %s", x->s);
			}
	Table *cs = t[PS_COURSES];
	char ps[17];
	pseudonym_of(key, db_int(f.db, 0, "SELECT person_id FROM course WHERE id = ?", "I", c), ps);
	ck_assert_str_eq(table_cell(cs, 0, 0)->s, ps);
	for (int j = 0; j < cs->ncols; j++) {
		const char *h = cs->heads[j];
		const Cell *x = table_cell(cs, 0, j);
		if (streq(h, "henvist_maaned"))
			ck_assert(x->t == C_MONTH && streq(x->s, "2026-02"));
		if (streq(h, "henviser"))
			ck_assert_str_eq(x->s, "jobcenter");
		if (streq(h, "kombination"))
			ck_assert_str_eq(x->s, "model_cti");
		if (streq(h, "cti_start_maaned"))
			ck_assert_str_eq(x->s, "2026-04");
		if (streq(h, "alder_ved_henvisning"))
			ck_assert(x->t == C_INT && x->v == 23);
	}
	Table *ms = t[PS_MEASUREMENTS];
	for (int j = 0; j < ms->ncols; j++) {
		const Cell *x = table_cell(ms, 0, j);
		if (streq(ms->heads[j], "hverdag"))
			ck_assert(x->t == C_INT && x->v == 4);
		if (streq(ms->heads[j], "bolig_samlet"))
			ck_assert_str_eq(x->s, "housed");
		if (streq(ms->heads[j], "udfyldt_maaned"))
			ck_assert_str_eq(x->s, "2026-03");
		ck_assert(!streq(ms->heads[j], "note"));
	}
	ck_assert_int_gt(t[PS_DICTIONARY]->nrows, cs->ncols + ms->ncols - 1);
	dash_free(t, PS_N);
	dash_drop(&f);
}
END_TEST

/* Five young people referred on 1 April 2026 and allocated after 10, 20,
 * 30, 40 and 50 days, started on 25 May; three had a meeting with the
 * young person present on 1 June; one more referred in May. */
static void dash_cohort(DashDb *f)
{
	const char *alloc[5] = {"2026-04-11", "2026-04-21", "2026-05-01", "2026-05-11", "2026-05-21"};
	for (int i = 0; i < 5; i++) {
		char name[32], cpr[24];
		snprintf(name, sizeof name, "Ung Navnesen%d", i);
		snprintf(cpr, sizeof cpr, "010100000%d", i);
		long long c = dash_course(f, name, cpr, "2026-04-01", alloc[i], "2026-05-25", "", "model");
		if (i < 3)
			db_exec(f->db, "INSERT INTO meeting(course_id, on_date, start_time, end_time, place, uid, held,"
				       " young_present, created_at, updated_at) VALUES (?, '2026-06-01', '10:00', '11:00', 'x', ?,"
				       " 1, 1, 'now', 'now')", "It", c, name);
	}
	dash_course(f, "Maj Navnesen", "0101099999", "2026-05-05", "", "", "", "model");
	ck_assert(!db_failed(f->db));
}

START_TEST(dashboard_referrals_per_month_and_median_days_to_allocation)
{
	DashDb f;
	dash_db(&f);
	dash_cohort(&f);
	Table *t[OV_N];
	int any[OV_N];
	overview_tables(f.r, "2026-10-31", t, any);
	Table *ref = t[OV_REFERRALS];
	ck_assert_int_eq(ref->nrows, 12);
	ck_assert_str_eq(table_cell(ref, 0, 0)->s, "2025-11");
	ck_assert_int_eq((int)table_cell(ref, dash_row(ref, "2026-04"), 1)->v, 5);
	ck_assert(!table_cell(ref, dash_row(ref, "2026-04"), 1)->suppressed);
	ck_assert(table_cell(ref, dash_row(ref, "2026-05"), 1)->suppressed); /* 1: under 5 */
	ck_assert_int_eq((int)table_cell(ref, dash_row(ref, "2026-06"), 1)->v, 0);
	Table *w = t[OV_WAITS];
	int q2 = dash_row(w, "2. kvt. 2026");
	ck_assert_int_eq((int)table_cell(w, q2, 1)->v, 5);
	ck_assert(table_cell(w, q2, 2)->t == C_NUM && table_cell(w, q2, 2)->v == 30); /* 10 20 30 40 50 */
	ck_assert_int_eq((int)table_cell(w, q2, 3)->v, 5);
	ck_assert(table_cell(w, q2, 4)->v == 54); /* 1 April to 25 May */
	ck_assert_int_eq(table_cell(w, dash_row(w, "1. kvt. 2026"), 2)->t, C_EMPTY);
	ck_assert_str_eq(table_cell(w, w->nrows - 1, 0)->s, "4. kvt. 2026");
	ck_assert(any[OV_REFERRALS] && any[OV_WAITS]);
	dash_free(t, OV_N);
	dash_drop(&f);
}
END_TEST

START_TEST(dashboard_steps_meetings_and_caseloads)
{
	DashDb f;
	dash_db(&f);
	dash_cohort(&f);
	Table *t[OV_N];
	int any[OV_N];
	overview_tables(f.r, "2026-10-31", t, any);
	Table *s = t[OV_STEPS];
	int total = dash_row(s, "I alt");
	ck_assert_int_eq((int)table_cell(s, total, 5)->v, 6);
	ck_assert_int_eq((int)table_cell(s, dash_row(s, "3. Startet i samarbejdsmodellen"), 2)->v, 5);
	ck_assert(table_cell(s, dash_row(s, "1. Henvist"), 1)->suppressed); /* the one in May */
	Table *m = t[OV_MEETINGS];
	const Cell *q2 = table_cell(m, dash_row(m, "2. kvt. 2026"), 2);
	const Cell *q3 = table_cell(m, dash_row(m, "3. kvt. 2026"), 2);
	const Cell *q4 = table_cell(m, dash_row(m, "4. kvt. 2026"), 2);
	ck_assert(q2->num == 5 && q2->den == 5);
	ck_assert(q3->num == 3 && q3->den == 5); /* due 1 October after the meeting, 25 September without */
	ck_assert(q4->num == 0 && q4->den == 5);
	ck_assert_int_eq(table_cell(m, dash_row(m, "1. kvt. 2026"), 2)->t, C_EMPTY);
	Table *c = t[OV_CASELOADS];
	int co = dash_row(c, "Koordinatorer");
	ck_assert_int_eq((int)table_cell(c, co, 1)->v, 4); /* the municipality's guide */
	ck_assert_int_eq((int)table_cell(c, co, 2)->v, 1);
	ck_assert_int_eq((int)table_cell(c, co, 4)->v, 6);
	ck_assert_int_eq((int)table_cell(c, co, 5)->v, 1); /* over the guide */
	ck_assert_int_eq((int)table_cell(c, dash_row(c, "CTI-medarbejdere"), 1)->v, CTI_CAP);
	ck_assert(!any[OV_FIDELITY] && !any[OV_FIDELITY_LATEST]);
	dash_free(t, OV_N);
	dash_drop(&f);
}
END_TEST

START_TEST(dashboard_empty_municipality_has_no_data_and_no_errors)
{
	DashDb f;
	dash_db(&f);
	Table *t[OV_N];
	int any[OV_N];
	overview_tables(f.r, "2026-10-31", t, any);
	for (int i = 0; i < OV_N; i++)
		ck_assert_msg(!any[i], "figure %d has data", i);
	ck_assert(!db_failed(f.db));
	ck_assert_int_eq(t[OV_OPEN]->nrows, 8);
	ck_assert_int_eq(table_cell(t[OV_MEETINGS], 0, 2)->t, C_EMPTY); /* no share of nothing */
	dash_free(t, OV_N);
	dash_drop(&f);
}
END_TEST

/* ---- schedules in bulk (issue 7) ------------------------------------------------- */

/* measure_schedules (two statements for a whole municipality) gives, on the
 * demo's data, exactly what measure_schedule gives course by course. */
/* Migration 18: the courses whose kept_ columns differ from what their
 * source tables give now (0 when the triggers kept every one). */
static long long kept_wrong(Db *db)
{
	return db_int(db, -1,
		      "SELECT COUNT(*) FROM course c WHERE"
		      " c.kept_combination IS NOT (SELECT a.combination FROM allocation a WHERE a.course_id = c.id)"
		      " OR c.kept_end_kind IS NOT (SELECT x.kind FROM course_end x WHERE x.course_id = c.id)"
		      " OR c.kept_step1_on IS NOT (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = c.id AND v.step = 1)"
		      " OR c.kept_step2_on IS NOT (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = c.id AND v.step = 2)"
		      " OR c.kept_step3_on IS NOT (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = c.id AND v.step = 3)"
		      " OR c.kept_step4_on IS NOT (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = c.id AND v.step = 4)"
		      " OR c.kept_step5_on IS NOT (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = c.id AND v.step = 5)"
		      " OR c.kept_step6_on IS NOT (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = c.id AND v.step = 6)"
		      " OR c.kept_step7_on IS NOT (SELECT MIN(v.on_date) FROM course_event v WHERE v.course_id = c.id AND v.step = 7)"
		      " OR c.kept_home_found_on IS NOT (SELECT MIN(h.on_date) FROM home_found h WHERE h.course_id = c.id)"
		      " OR c.kept_referred_on IS NOT (SELECT MIN(f.referred_on) FROM referral f WHERE f.course_id = c.id)",
		      "");
}

/* The state course_state_load reads from the kept columns against the one
 * computed from the source tables (the statement it ran before migration
 * 18), outside a snapshot so that nothing is remembered. */
static void state_as_computed(Db *db, long long course)
{
	CourseState s, want;
	Stmt q;
	memset(&want, 0, sizeof want);
	db_query(db, &q,
		 "SELECT 0, c.target_group, c.closed_on, a.combination, e.kind FROM course c"
		 " LEFT JOIN allocation a ON a.course_id = c.id LEFT JOIN course_end e ON e.course_id = c.id"
		 " WHERE c.id = ?"
		 " UNION ALL SELECT step, on_date, NULL, NULL, NULL FROM course_event WHERE course_id = ?"
		 " UNION ALL SELECT 8, on_date, NULL, NULL, NULL FROM home_found WHERE course_id = ?",
		 "III", course, course, course);
	while (db_step(&q)) {
		long long k = db_col_int(&q, 0);
		const char *on = db_col_text(&q, 1);
		if (k == 0) {
			want.homeless = streq(on, "homeless");
			str_copy(want.closed_on, 11, db_col_text(&q, 2));
			want.combination = combination_from_key(db_col_text(&q, 3));
			want.declined = streq(db_col_text(&q, 4), "declined");
		} else if (k >= 1 && k <= 7) {
			if (!want.date[k][0] || strcmp(on, want.date[k]) < 0)
				str_copy(want.date[k], 11, on);
		} else if (k == 8 && (!want.home_found[0] || strcmp(on, want.home_found) < 0)) {
			str_copy(want.home_found, 11, on);
		}
	}
	db_finalize(&q);
	ck_assert_int_eq(course_state_load(db, course, &s), 1);
	ck_assert_int_eq(s.homeless, want.homeless);
	ck_assert_int_eq(s.combination, want.combination);
	ck_assert_int_eq(s.declined, want.declined);
	ck_assert_str_eq(s.closed_on, want.closed_on);
	ck_assert_str_eq(s.home_found, want.home_found);
	for (int k = 1; k <= 7; k++)
		ck_assert_str_eq(s.date[k], want.date[k]);
}

/* Every insert, update and delete of a source table keeps the course's
 * kept_ columns (migration 18) equal to a fresh computation, for the course
 * changed and the course a row moves to or from; the other course is left
 * as it was. */
START_TEST(course_kept_figures_follow_every_source_table)
{
	char path[64];
	Db *db = temp_db(path);
	long long m = db_int(db, 0, "INSERT INTO municipality(name) VALUES ('T') RETURNING id", "");
	long long p = db_int(db, 0,
			     "INSERT INTO person(municipality_id, cpr, name, created_at)"
			     " VALUES (?, '0101011234', 'P', 'now') RETURNING id", "I", m);
	long long c = db_int(db, 0,
			     "INSERT INTO course(person_id, opened_on, target_group) VALUES (?, '2026-01-05', 'homeless')"
			     " RETURNING id", "I", p);
	long long d = db_int(db, 0,
			     "INSERT INTO course(person_id, opened_on, target_group) VALUES (?, '2026-02-01', 'at_risk')"
			     " RETURNING id", "I", p);
	ck_assert_int_eq(kept_wrong(db), 0);
	ck_assert_int_eq(db_int(db, -1, "SELECT COUNT(*) FROM course WHERE kept_referred_on IS NULL", ""), 2);
#define KEPT_OK()                                          \
	do {                                               \
		ck_assert(!db_failed(db));                 \
		ck_assert_int_eq(kept_wrong(db), 0);       \
		state_as_computed(db, c);                  \
		state_as_computed(db, d);                  \
	} while (0)
	/* referral: the first referred_on; a later one, an earlier one, moved, deleted */
	long long f1 = db_int(db, 0,
			      "INSERT INTO referral(course_id, referred_on, referrer_actor, reason, target_group, created_at)"
			      " VALUES (?, '2026-01-03', 'uu', 'r', 'homeless', 'now') RETURNING id", "I", c);
	KEPT_OK();
	ck_assert_int_eq(db_int(db, 0, "SELECT kept_referred_on = '2026-01-03' FROM course WHERE id = ?", "I", c), 1);
	long long f2 = db_int(db, 0,
			      "INSERT INTO referral(course_id, referred_on, referrer_actor, reason, target_group, created_at)"
			      " VALUES (?, '2026-01-04', 'uu', 'r', 'homeless', 'now') RETURNING id", "I", c);
	KEPT_OK();
	db_exec(db, "UPDATE referral SET referred_on = '2026-01-01' WHERE id = ?", "I", f2);
	KEPT_OK();
	ck_assert_int_eq(db_int(db, 0, "SELECT kept_referred_on = '2026-01-01' FROM course WHERE id = ?", "I", c), 1);
	db_exec(db, "UPDATE referral SET course_id = ? WHERE id = ?", "II", d, f2);
	KEPT_OK();
	ck_assert_int_eq(db_int(db, 0, "SELECT kept_referred_on = '2026-01-03' FROM course WHERE id = ?", "I", c), 1);
	ck_assert_int_eq(db_int(db, 0, "SELECT kept_referred_on = '2026-01-01' FROM course WHERE id = ?", "I", d), 1);
	db_exec(db, "UPDATE referral SET reason = 'other' WHERE id = ?", "I", f1); /* not a kept column */
	KEPT_OK();
	db_exec(db, "DELETE FROM referral WHERE id = ?", "I", f1);
	KEPT_OK();
	ck_assert_int_eq(db_int(db, -1, "SELECT kept_referred_on IS NULL FROM course WHERE id = ?", "I", c), 1);
	/* allocation: one per course */
	long long a = db_int(db, 0,
			     "INSERT INTO allocation(course_id, needs, combination, rationale, created_at)"
			     " VALUES (?, 'n', 'model_cti', 'r', 'now') RETURNING id", "I", c);
	KEPT_OK();
	db_exec(db, "UPDATE allocation SET combination = 'model_icm' WHERE id = ?", "I", a);
	KEPT_OK();
	db_exec(db, "UPDATE allocation SET course_id = ? WHERE id = ?", "II", d, a);
	KEPT_OK();
	db_exec(db, "DELETE FROM allocation WHERE id = ?", "I", a);
	KEPT_OK();
	db_exec(db, "INSERT INTO allocation(course_id, needs, combination, rationale, created_at)"
		    " VALUES (?, 'n', 'model', 'r', 'now')", "I", c);
	KEPT_OK();
	/* course_event: every step, a date changed, a step changed, moved, deleted */
	static const char *const on[] = {"", "2026-01-05", "2026-01-20", "2026-02-01", "2026-03-01",
					 "2026-03-15", "2026-04-01", "2026-05-01"};
	long long ev[8] = {0};
	for (int k = 1; k <= 7; k++) {
		ev[k] = db_int(db, 0,
			       "INSERT INTO course_event(course_id, step, on_date, recorded_at) VALUES (?, ?, ?, 'now')"
			       " RETURNING id", "IIt", c, (long long)k, on[k]);
		KEPT_OK();
	}
	db_exec(db, "UPDATE course_event SET on_date = '2026-02-02' WHERE id = ?", "I", ev[3]);
	KEPT_OK();
	db_exec(db, "UPDATE course_event SET step = 6 WHERE id = ?", "I", ev[7]);
	ck_assert(db_failed(db)); /* once per step and course (course_event_once) */
	db_clear_failure(db);
	KEPT_OK();
	db_exec(db, "DELETE FROM course_event WHERE id = ?", "I", ev[6]);
	KEPT_OK();
	db_exec(db, "UPDATE course_event SET step = 6 WHERE id = ?", "I", ev[7]);
	KEPT_OK();
	db_exec(db, "UPDATE course_event SET course_id = ? WHERE id = ?", "II", d, ev[2]);
	KEPT_OK();
	db_exec(db, "UPDATE course_event SET note = 'n' WHERE id = ?", "I", ev[1]);
	KEPT_OK();
	db_exec(db, "DELETE FROM course_event WHERE id = ?", "I", ev[5]);
	KEPT_OK();
	/* home_found: the first of several */
	long long h1 = db_int(db, 0,
			      "INSERT INTO home_found(course_id, kind, on_date, created_at)"
			      " VALUES (?, 'lease', '2026-03-10', 'now') RETURNING id", "I", c);
	KEPT_OK();
	long long h2 = db_int(db, 0,
			      "INSERT INTO home_found(course_id, kind, on_date, created_at)"
			      " VALUES (?, 'assigned', '2026-03-01', 'now') RETURNING id", "I", c);
	KEPT_OK();
	db_exec(db, "UPDATE home_found SET on_date = '2026-03-20' WHERE id = ?", "I", h2);
	KEPT_OK();
	db_exec(db, "UPDATE home_found SET course_id = ? WHERE id = ?", "II", d, h1);
	KEPT_OK();
	db_exec(db, "DELETE FROM home_found WHERE id = ?", "I", h2);
	KEPT_OK();
	/* course_end: declined, then closed, moved, deleted */
	db_exec(db, "INSERT INTO course_end(course_id, kind, end_reason, created_at) VALUES (?, 'declined', 'x', 'now')",
		"I", c);
	db_exec(db, "UPDATE course SET closed_on = '2026-05-01' WHERE id = ?", "I", c);
	KEPT_OK();
	db_exec(db, "UPDATE course_end SET kind = 'closed' WHERE course_id = ?", "I", c);
	KEPT_OK();
	db_exec(db, "UPDATE course_end SET course_id = ? WHERE course_id = ?", "II", d, c);
	KEPT_OK();
	db_exec(db, "DELETE FROM course_end WHERE course_id = ?", "I", d);
	KEPT_OK();
	/* course: a new one has nothing yet; one given another id (nothing
	 * names it) computes again; one deleted with its rows leaves the rest */
	long long e = db_int(db, 0,
			     "INSERT INTO course(person_id, opened_on, target_group) VALUES (?, '2026-06-01', 'homeless')"
			     " RETURNING id", "I", p);
	KEPT_OK();
	db_exec(db, "UPDATE course SET target_group = 'at_risk', opened_on = '2026-06-02' WHERE id = ?", "I", e);
	KEPT_OK();
	db_exec(db, "UPDATE course SET id = ? WHERE id = ?", "II", e + 100, e);
	KEPT_OK();
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM course WHERE id = ? AND kept_step1_on IS NULL", "I", e + 100),
			 1);
	db_exec(db, "DELETE FROM course_event WHERE course_id = ?", "I", d);
	db_exec(db, "DELETE FROM referral WHERE course_id = ?", "I", d);
	db_exec(db, "DELETE FROM allocation WHERE course_id = ?", "I", d);
	db_exec(db, "DELETE FROM home_found WHERE course_id = ?", "I", d);
	db_exec(db, "DELETE FROM course WHERE id = ?", "I", d);
	ck_assert(!db_failed(db));
	ck_assert_int_eq(kept_wrong(db), 0);
	state_as_computed(db, c);
	/* what the bulk load's end computes (db_bulk_end) is what the triggers keep */
	db_exec(db, "UPDATE course SET kept_step3_on = NULL, kept_referred_on = 'x', kept_combination = NULL", "");
	ck_assert_int_gt(kept_wrong(db), 0);
	ck_assert_int_ge(db_bulk_begin(db), 0);
	ck_assert_int_eq(db_bulk_end(db), 0);
	ck_assert_int_eq(kept_wrong(db), 0);
	ck_assert_int_eq(db_int(db, 0, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%kept%'", ""),
			 17);
#undef KEPT_OK
	drop_db(db, path);
}
END_TEST

START_TEST(measure_schedules_match_one_by_one)
{
	char path[64], today[11], qf[11], qt[11];
	Db *db = temp_db(path);
	FILE *devnull = fopen("/dev/null", "w");
	ck_assert_int_eq(demo_generate(db, 60, 7, devnull), 0);
	fclose(devnull);
	long long mu = db_int(db, 0, "SELECT MIN(id) FROM municipality", "");
	today_copenhagen(today);
	long long total_due = 0, total_missing = 0, total_done = 0;
	InstrDue *due = xcalloc(64, sizeof *due);
	for (int back = 0; back < 10; back++) {
		char d[11];
		date_add_months(d, today, -3 * back);
		period_of(d, 3, qf, qt);
		for (const InstrDef *def = instruments; def->key; def++) {
			Completeness bulk, one;
			memset(&one, 0, sizeof one);
			measure_completeness(db, mu, def->key, qf, qt, today, &bulk);
			Stmt q;
			if (streq(def->filled_by, "support"))
				db_query(db, &q,
					 "SELECT s.course_id, s.id FROM support_course s JOIN course c ON c.id = s.course_id"
					 " WHERE s.start_on <= ? AND (s.end_on IS NULL OR s.end_on >= ?)",
					 "tt", qt, qf);
			else
				db_query(db, &q,
					 "SELECT c.id, 0 FROM course c WHERE c.opened_on <= ?"
					 " AND (c.closed_on IS NULL OR c.closed_on >= ?)",
					 "tt", qt, qf);
			long long ids[2 * 256];
			int n = 0;
			while (db_step(&q) && n < 2 * 256) {
				ids[n++] = db_col_int(&q, 0);
				ids[n++] = db_col_int(&q, 1);
			}
			db_finalize(&q);
			for (int i = 0; i < n; i += 2) {
				int k = measure_schedule(db, ids[i], def->key, ids[i + 1], today, due, 64);
				for (int j = 0; j < k; j++) {
					if (strcmp(due[j].due, qf) < 0 || strcmp(due[j].due, qt) > 0 ||
					    due[j].state == DUE_SOON)
						continue;
					one.due++;
					if (due[j].state == DUE_DONE)
						one.on_time++;
					else if (due[j].state == DUE_DONE_LATE)
						one.late++;
					else if (due[j].state == DUE_LATE)
						one.missing++;
					else
						one.open++;
				}
			}
			ck_assert_msg(bulk.due == one.due && bulk.on_time == one.on_time && bulk.late == one.late &&
					      bulk.missing == one.missing && bulk.open == one.open,
				      "%s %s: bulk %lld/%lld/%lld/%lld/%lld, one by one %lld/%lld/%lld/%lld/%lld",
				      def->key, qf, (long long)bulk.due, (long long)bulk.on_time, (long long)bulk.late,
				      (long long)bulk.missing, (long long)bulk.open, (long long)one.due,
				      (long long)one.on_time, (long long)one.late, (long long)one.missing,
				      (long long)one.open);
			total_due += one.due;
			total_missing += one.missing;
			total_done += one.on_time + one.late;
		}
	}
	free(due);
	/* the demo has measurements made, and some missing: not a vacuous match */
	ck_assert_int_gt(total_due, 50);
	ck_assert_int_gt(total_missing, 0);
	ck_assert_int_gt(total_done, 0);
	ck_assert_int_eq(db_failed(db), 0);
	drop_db(db, path);
}
END_TEST

/* date_add_days by day numbers gives what the C library's calendar gives,
 * across leap days and centuries, both ways; odd spellings read as before. */
START_TEST(dates_by_day_number_match_the_calendar)
{
	static const char *const starts[] = {"2024-02-28", "2024-02-29", "2023-12-31", "1999-12-31",
					     "2100-02-28", "2000-02-29", "2026-03-29", "2026-10-25"};
	static const long offsets[] = {0, 1, -1, 14, -14, 59, 365, 366, -366, 3652, -3652, 40000};
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
			char got[11], want[21], buf[32];
			time_t t;
			date_add_days(got, starts[i], offsets[k]);
			snprintf(buf, sizeof buf, "%sT12:00:00Z", starts[i]);
			ck_assert_int_eq(time_parse_iso_utc(buf, &t), 0);
			t += offsets[k] * 86400;
			time_iso_utc(want, t);
			want[10] = 0;
			ck_assert_msg(streq(got, want), "%s %+ld: %s, the calendar says %s", starts[i], offsets[k], got,
				      want);
		}
	char out[11];
	int y, m, d;
	date_add_days(out, "2026-01-31T10:00:00Z", 1); /* a time after the date is ignored, as before */
	ck_assert_str_eq(out, "2026-02-01");
	ck_assert_int_eq(ymd_read("2026-1-5", &y, &m, &d), 0); /* the lenient spelling sscanf read */
	ck_assert(y == 2026 && m == 1 && d == 5);
	ck_assert_int_eq(ymd_read("", &y, &m, &d), -1);
	ck_assert_int_eq(ymd_read("2026-02-30", &y, &m, &d), 0);
	ck_assert_int_eq(date_valid(y, m, d), 0);
	ck_assert_int_eq(days_between("2024-02-28", "2024-03-01"), 2);
	date_add_months(out, "2025-10-31", 4);
	ck_assert_str_eq(out, "2026-02-28");
}
END_TEST

/* Each measurement row of the evaluators' export carries the pseudonym and
 * course number of its own course, whatever order the pseudonyms sort in. */
START_TEST(pseudonym_export_measurements_stay_with_their_course)
{
	DashDb f;
	dash_db(&f);
	long long inst = instrument_current(f.db, "individ_model");
	long long course[8], person[8];
	{
		/* courses without any measurement yet: an empty measurement
		 * sheet, no error */
		unsigned char k0[32];
		Table *t0[PS_N];
		dash_course(&f, "Uden Maalinger", "0102034299", "2025-02-10", "2025-03-01", "2025-03-20", "2025-06-01",
			    "model");
		ck_assert_int_eq(pseudonym_key(f.db, f.m, k0), 0);
		pseudonym_tables(f.r, k0, "2025-01-01", "2025-12-31", t0);
		ck_assert_int_eq(t0[PS_COURSES]->nrows, 1);
		ck_assert_int_eq(t0[PS_MEASUREMENTS]->nrows, 0);
		dash_free(t0, PS_N);
	}
	for (int i = 0; i < 8; i++) {
		char name[32], cpr[24];
		snprintf(name, sizeof name, "Ung Nummer%d", i);
		snprintf(cpr, sizeof cpr, "01020%05d", 34200 + i);
		course[i] = dash_course(&f, name, cpr, "2026-02-10", "2026-03-01", "2026-03-20", "", "model");
		person[i] = db_int(f.db, 0, "SELECT person_id FROM course WHERE id = ?", "I", course[i]);
		long long mid = db_int(f.db, 0,
				       "INSERT INTO measurement(instrument_id, instrument_key, course_id, period_no, period_from,"
				       " period_to, due_on, filled_on, author_id, created_at) VALUES (?, 'individ_model', ?, 0,"
				       " '2026-03-20', '2026-03-20', '2026-03-20', '2026-03-25', ?, 'now') RETURNING id",
				       "III", inst, course[i], f.author);
		db_exec(f.db, "INSERT INTO measurement_answer(measurement_id, item_id, num) SELECT ?, id, ?"
			      " FROM instrument_item WHERE instrument_id = ? AND key = 'hverdag'", "IiI", mid, 10 + i, inst);
	}
	ck_assert(!db_failed(f.db));
	unsigned char key[32];
	ck_assert_int_eq(pseudonym_key(f.db, f.m, key), 0);
	Table *t[PS_N];
	/* a period with none of the courses: empty sheets, no error */
	pseudonym_tables(f.r, key, "2020-01-01", "2020-12-31", t);
	ck_assert_int_eq(t[PS_COURSES]->nrows, 0);
	ck_assert_int_eq(t[PS_MEASUREMENTS]->nrows, 0);
	dash_free(t, PS_N);
	pseudonym_tables(f.r, key, "2026-01-01", "2026-12-31", t);
	Table *ms = t[PS_MEASUREMENTS];
	ck_assert_int_eq(ms->nrows, 8);
	int col = -1;
	for (int j = 0; j < ms->ncols; j++)
		if (streq(ms->heads[j], "hverdag"))
			col = j;
	ck_assert_int_ge(col, 0);
	for (int r = 0; r < 8; r++) {
		int i = (int)table_cell(ms, r, col)->v - 10; /* the course this row's answer belongs to */
		ck_assert(i >= 0 && i < 8);
		char ps[17];
		pseudonym_of(key, person[i], ps);
		ck_assert_msg(streq(table_cell(ms, r, 0)->s, ps), "row %d: measurement of course %d under %s, not %s", r, i,
			      table_cell(ms, r, 0)->s, ps);
	}
	dash_free(t, PS_N);
	dash_drop(&f);
}
END_TEST

/* ---- the dashboard's cache (dashcache.c) ------------------------------------------ */

static time_t cache_clock = 1780000000;
static time_t cache_now(void)
{
	return cache_clock;
}

/* Figures marked with a number (any[0]) and one small table, so that ASan
 * sees a use after free. */
static DashFigs *cache_figs(int mark)
{
	DashFigs *f = dash_figs_new();
	dash_figs_any(f)[0] = mark;
	Table *t = table_new("x", 1, "y");
	table_row(t);
	cell_int(t, mark);
	dash_figs_tables(f)[0] = t;
	return f;
}

/* Looks the key up: the mark of the kept figures, or 0 after computing and
 * keeping new figures marked with mark. */
static int cache_use(long long muni, const char *ref, const char *today, const char *lang, int mark)
{
	DashTicket tk;
	DashFigs *f = dash_cache_get(muni, ref, today, lang, &tk);
	if (f) {
		int m = dash_figs_any(f)[0];
		ck_assert_int_eq((int)table_cell(dash_figs_tables(f)[0], 0, 0)->v, m);
		dash_figs_release(f);
		return m;
	}
	f = cache_figs(mark);
	dash_cache_put(&tk, f);
	dash_figs_release(f);
	return 0;
}

START_TEST(dash_cache_keys_by_municipality_day_today_and_language)
{
	dash_cache_clear();
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 1), 0);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 1);
	/* another municipality never gets municipality 1's figures */
	ck_assert_int_eq(cache_use(2, "2026-10-31", "2026-12-02", "da", 2), 0);
	ck_assert_int_eq(cache_use(2, "2026-10-31", "2026-12-02", "da", 99), 2);
	ck_assert_int_eq(cache_use(1 + 1024, "2026-10-31", "2026-12-02", "da", 3), 0); /* same counter as 1 */
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 1);
	/* another reference day, today or language */
	ck_assert_int_eq(cache_use(1, "2026-10-30", "2026-12-02", "da", 4), 0);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-03", "da", 5), 0);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "en", 6), 0);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "en", 99), 6);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 1);
	long hits, misses;
	int entries;
	dash_cache_stats(&hits, &misses, &entries);
	ck_assert_int_eq(entries, 6);
	ck_assert_int_eq(hits, 5);
	ck_assert_int_eq(misses, 6);
	dash_cache_clear();
}
END_TEST

START_TEST(dash_cache_a_change_drops_its_municipality_only)
{
	dash_cache_clear();
	cache_use(1, "2026-10-31", "2026-12-02", "da", 1);
	cache_use(1, "2026-09-30", "2026-12-02", "en", 2);
	cache_use(2, "2026-10-31", "2026-12-02", "da", 3);
	dash_cache_changed(1);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 4), 0);
	ck_assert_int_eq(cache_use(1, "2026-09-30", "2026-12-02", "en", 5), 0);
	ck_assert_int_eq(cache_use(2, "2026-10-31", "2026-12-02", "da", 99), 3);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 4);
	/* a change by a user without a municipality drops every entry */
	dash_cache_changed(0);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 6), 0);
	ck_assert_int_eq(cache_use(2, "2026-10-31", "2026-12-02", "da", 7), 0);
	ck_assert_int_eq(cache_use(2, "2026-10-31", "2026-12-02", "da", 99), 7);
	dash_cache_clear();
}
END_TEST

START_TEST(dash_cache_figures_computed_across_a_change_are_not_kept)
{
	dash_cache_clear();
	DashTicket tk;
	ck_assert_ptr_null(dash_cache_get(1, "2026-10-31", "2026-12-02", "da", &tk));
	ck_assert_int_ge(tk.slot, 0);
	dash_cache_changed(1); /* committed while the figures were computed */
	DashFigs *f = cache_figs(1);
	dash_cache_put(&tk, f);
	dash_figs_release(f);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 2), 0);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 2);
	/* a failed computation keeps nothing */
	dash_cache_changed(1);
	ck_assert_ptr_null(dash_cache_get(1, "2026-10-31", "2026-12-02", "da", &tk));
	dash_cache_put(&tk, NULL);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 3), 0);
	dash_cache_clear();
}
END_TEST

START_TEST(dash_cache_entries_expire_after_the_maximum_age)
{
	time_t (*saved)(void) = now_fn;
	now_fn = cache_now;
	dash_cache_clear();
	cache_use(1, "2026-10-31", "2026-12-02", "da", 1);
	cache_clock += DASH_CACHE_MAX_AGE - 1;
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 1);
	cache_clock += 1;
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 2), 0);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 2);
	cache_clock -= 10; /* the clock set back: the age is unknown */
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 3), 0);
	dash_cache_clear();
	now_fn = saved;
}
END_TEST

START_TEST(dash_cache_holds_a_fixed_number_and_replaces_the_least_recently_used)
{
	dash_cache_clear();
	for (int m = 1; m <= DASH_CACHE_SLOTS; m++)
		ck_assert_int_eq(cache_use(m, "2026-10-31", "2026-12-02", "da", m), 0);
	/* figures handed out stay valid when their slot is taken */
	DashTicket tk;
	DashFigs *held = dash_cache_get(2, "2026-10-31", "2026-12-02", "da", &tk);
	ck_assert_ptr_nonnull(held);
	for (int m = 3; m <= DASH_CACHE_SLOTS; m++)
		ck_assert_int_eq(cache_use(m, "2026-10-31", "2026-12-02", "da", 99), m);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 1); /* 2 is now the oldest use */
	ck_assert_int_eq(cache_use(100, "2026-10-31", "2026-12-02", "da", 100), 0);
	long hits, misses;
	int entries;
	dash_cache_stats(&hits, &misses, &entries);
	ck_assert_int_eq(entries, DASH_CACHE_SLOTS);
	ck_assert_int_eq(cache_use(1, "2026-10-31", "2026-12-02", "da", 99), 1);
	ck_assert_int_eq(cache_use(100, "2026-10-31", "2026-12-02", "da", 99), 100);
	ck_assert_int_eq(cache_use(2, "2026-10-31", "2026-12-02", "da", 102), 0); /* 2 was replaced */
	ck_assert_int_eq((int)table_cell(dash_figs_tables(held)[0], 0, 0)->v, 2);
	dash_figs_release(held);
	dash_cache_clear();
}
END_TEST

typedef struct CacheWaiter {
	pthread_t th;
	DashFigs *got;
	DashTicket tk;
	int mark;
} CacheWaiter;

static void *cache_waiter(void *arg)
{
	CacheWaiter *w = arg;
	w->got = dash_cache_get(7, "2026-10-31", "2026-12-02", "da", &w->tk);
	w->mark = w->got ? dash_figs_any(w->got)[0] : 0;
	return NULL;
}

START_TEST(dash_cache_a_second_request_waits_for_the_one_computing)
{
	dash_cache_clear();
	DashTicket tk;
	ck_assert_ptr_null(dash_cache_get(7, "2026-10-31", "2026-12-02", "da", &tk));
	CacheWaiter w = {0};
	pthread_create(&w.th, NULL, cache_waiter, &w);
	usleep(100 * 1000);
	long hits, misses;
	int entries;
	dash_cache_stats(&hits, &misses, &entries);
	ck_assert_int_eq(misses, 1); /* the second has not computed */
	DashFigs *f = cache_figs(7);
	dash_cache_put(&tk, f);
	pthread_join(w.th, NULL);
	ck_assert_ptr_eq(w.got, f);
	ck_assert_int_eq(w.mark, 7);
	dash_figs_release(w.got);
	dash_figs_release(f);
	/* when the first fails, the one waiting computes */
	dash_cache_changed(7);
	ck_assert_ptr_null(dash_cache_get(7, "2026-10-31", "2026-12-02", "da", &tk));
	memset(&w, 0, sizeof w);
	pthread_create(&w.th, NULL, cache_waiter, &w);
	usleep(100 * 1000);
	dash_cache_put(&tk, NULL);
	pthread_join(w.th, NULL);
	ck_assert_ptr_null(w.got);
	ck_assert_int_ge(w.tk.slot, 0);
	f = cache_figs(8);
	dash_cache_put(&w.tk, f);
	dash_figs_release(f);
	ck_assert_int_eq(cache_use(7, "2026-10-31", "2026-12-02", "da", 99), 8);
	dash_cache_clear();
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hjemvej");
	struct {
		const char *name;
		const TTest *tests[16];
	} cases[] = {
		{"escaping", {assets_are_found_by_exact_path_only, bprintf_literal_text_around_conversions, html_text_escapes_markup, html_attribute_escapes_quotes_and_newlines,
			      html_keeps_danish_letters_and_replaces_invalid_utf8, html_drops_control_characters,
			      url_component_percent_encodes, json_escapes_for_script_context,
			      numbers_and_raw_literals, buffer_grows_without_limit, str_copy_truncates_like_snprintf}},
		{"cpr", {cpr_accepts_with_and_without_dash, cpr_rejects_bad_numbers,
			 cpr_century_from_seventh_digit, cpr_masking}},
		{"time", {dates_parse_both_forms, copenhagen_summer_time, iso_utc_round_trip, utf8_validation}},
		{"routing", {routes_are_declared_completely, route_matching, parameter_validators, form_decoding}},
		{"auth", {password_hashing, password_checks_run_at_most_two_at_once, session_expiry}},
		{"audit", {audit_chain_detects_edits, audit_chain_detects_removed_rows,
			   audit_row_is_part_of_the_change}},
		{"db", {db_use_map_switches_between_requests_only, db_refuses_two_statements, db_binds_values_and_reports_failure,
			db_migrations_are_idempotent, db_group_sync_makes_concurrent_changes_durable_together,
			db_checkpoint_thread_keeps_the_write_ahead_log_bounded,
			db_group_sync_failure_refuses_every_later_change, db_sync_thread_lets_parked_changes_go_once_on_disk}},
		{"i18n", {translation_falls_back_to_danish}},
		{"meetings", {meeting_rule_new_course_due_four_months_after_start,
			      meeting_rule_counts_last_twelve_months_and_due_after_latest,
			      meeting_rule_month_ends_and_leap_years, ical_escapes_text,
			      ical_folds_at_75_octets_without_splitting_utf8, ical_invitation_has_the_fields,
			      ical_finds_email_in_contact}},
		{"network", {network_layout_one_per_cell, network_layout_crowded_cells,
			     network_layout_mixed_and_catalogs}},
		{"course", {course_current_step_is_the_highest_recorded, course_allocation_matches_the_target_group,
			    course_steps_in_order, course_cti_waits_for_a_home_icm_does_not,
			    course_no_support_steps_for_the_model_alone, course_moving_in_only_for_the_homeless,
			    course_support_must_end_before_the_model_ends,
			    course_dates_not_before_earlier_steps_nor_in_the_future, course_closed_accepts_nothing_more}},
		{"team", {consent_status_and_team_membership}},
		{"support", {cti_phases_three_months_each_nine_in_all, cti_phases_month_ends_and_leap_years,
			     support_caps_by_method, support_assign_check_caps_and_override, cti_checklist_items_overdue}},
		{"home", {home_situation_follows_the_homes}},
		{"contacts", {contact_weeks_run_monday_to_sunday, contact_weeks_start_mid_week,
			      contact_weeks_across_the_year_turn, contact_guide_by_phase_and_attempts_do_not_count,
			      contact_demo_keeps_the_rules}},
		{"instruments", {instrument_schedule_every_third_month_from_a_mid_month_start,
				 instrument_schedule_month_ends_and_leap_years,
				 instrument_schedule_course_ended_early_gets_a_final_measurement,
				 instrument_due_states_and_periods, instrument_versions_keep_old_answers_readable}},
		{"measure", {measure_prefill_counts_only_the_period, measure_prefill_phase_method_housing_meetings_team,
			     measure_hours_parse_and_validation, measure_old_answer_keeps_the_label_of_its_version}},
		{"timereg", {timereg_hours_parsing, timereg_quarter_limits, timereg_prefill_from_contacts_and_meetings,
			     timereg_demo_history}},
		{"fidelity", {fidelity_scores_from_shares_and_answers, fidelity_element_and_total_leave_out_items_without_data,
			      fidelity_coordinator_items_and_no_data, fidelity_team_and_consent,
			      fidelity_meetings_in_the_last_twelve_months, fidelity_agreements_with_responsible_and_deadline,
			      fidelity_instruments_on_time_and_time_registrations, fidelity_support_caps_and_cti_checklists}},
		{"report", {report_referred_started_ended_across_the_edges,
			    report_in_the_effort_at_the_end_by_combination_and_target_group,
			    report_meetings_held_and_with_the_young_person, report_caseloads_at_the_end_of_the_period,
			    report_housing_outcomes, report_documentation_completeness_in_the_period,
			    report_empty_period_is_all_zeros, report_half_years_first_days_only_and_not_in_the_future}},
		{"charts", {box_stats_quartiles_like_excel, box_stats_one_value_and_none, danish_number_format,
			    csv_bom_crlf_headings_and_neutralised_formulas, table_cells_filled_out_of_order,
			    xlsx_types_read_back_with_openpyxl,
			    xlsx_check_fails_on_a_wrong_expectation, xlsx_failure_is_reported_and_leaves_nothing,
			    chart_bars_svg_with_title_table_and_no_bar_for_a_suppressed_group,
			    chart_lines_svg_with_legend_markers_and_dashes,
			    chart_boxes_median_between_quartiles_and_the_evaluation_marked, chart_without_figures_shows_only_the_table}},
		{"outcome", {outcome_housing_gives_the_evaluations_73_20_7, outcome_housing_period_edges_declined_and_unknown,
			     outcome_empty_period_has_no_figures_and_no_division,
			     outcome_improvement_first_to_latest_with_ved_ikke_and_one_measurement,
			     outcome_education_got_into_or_kept}},
		{"cost", {cost_period_is_the_whole_quarters_inside, cost_hours_per_young_person_year_by_method,
			  cost_kroner_per_year_per_cti_course_and_per_youth, cost_lengths_of_courses_completed_as_planned,
			  cost_spread_from_the_contact_log, cost_coordinators_needed_against_posts,
			  cost_period_without_data_says_why, cost_quarter_just_outside_is_not_counted}},
		{"dashboard", {pseudonym_is_a_stable_keyed_hash_of_16_hex_characters, pseudonym_key_is_made_once_and_kept,
			       pseudonym_export_has_no_names_cpr_numbers_free_text_or_dates,
			       dashboard_referrals_per_month_and_median_days_to_allocation,
			       dashboard_steps_meetings_and_caseloads, dashboard_empty_municipality_has_no_data_and_no_errors}},
		{"dashcache", {dash_cache_keys_by_municipality_day_today_and_language,
			       dash_cache_a_change_drops_its_municipality_only,
			       dash_cache_figures_computed_across_a_change_are_not_kept,
			       dash_cache_entries_expire_after_the_maximum_age,
			       dash_cache_holds_a_fixed_number_and_replaces_the_least_recently_used,
			       dash_cache_a_second_request_waits_for_the_one_computing}},
		{"performance", {measure_schedules_match_one_by_one, course_kept_figures_follow_every_source_table, dates_by_day_number_match_the_calendar,
				 pseudonym_export_measurements_stay_with_their_course}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_set_timeout(tc, 60);
		for (int k = 0; cases[i].tests[k]; k++)
			tcase_add_test(tc, cases[i].tests[k]);
		suite_add_tcase(s, tc);
	}
	return s;
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	assets_init();
	i18n_load();
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	i18n_free();
	return failed ? 1 : 0;
}

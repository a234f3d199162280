/* Unit tests (Check).  Built against the program's own objects, run under
 * ASan+UBSan by make unit-test. */
#include "hjemvej.h"

#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *fmt(const char *f, const char *arg)
{
	Buf b = {0};
	bprintf(&b, f, arg);
	return b.p;
}

/* ---- escaping ------------------------------------------------------------ */

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
	buf_free(&b);
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
	return db;
}

static void drop_db(Db *db, const char *path)
{
	char p[64];
	db_close(db);
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

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

static Suite *suite(void)
{
	Suite *s = suite_create("hjemvej");
	struct {
		const char *name;
		const TTest *tests[12];
	} cases[] = {
		{"escaping", {html_text_escapes_markup, html_attribute_escapes_quotes_and_newlines,
			      html_keeps_danish_letters_and_replaces_invalid_utf8, html_drops_control_characters,
			      url_component_percent_encodes, json_escapes_for_script_context,
			      numbers_and_raw_literals, buffer_grows_without_limit}},
		{"cpr", {cpr_accepts_with_and_without_dash, cpr_rejects_bad_numbers,
			 cpr_century_from_seventh_digit, cpr_masking}},
		{"time", {dates_parse_both_forms, copenhagen_summer_time, iso_utc_round_trip, utf8_validation}},
		{"routing", {routes_are_declared_completely, route_matching, parameter_validators, form_decoding}},
		{"auth", {password_hashing, session_expiry}},
		{"audit", {audit_chain_detects_edits, audit_chain_detects_removed_rows,
			   audit_row_is_part_of_the_change}},
		{"db", {db_refuses_two_statements, db_binds_values_and_reports_failure,
			db_migrations_are_idempotent}},
		{"i18n", {translation_falls_back_to_danish}},
		{"team", {consent_status_and_team_membership}},
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

/* auth.c: passwords, sessions, CSRF tokens, login throttling, and the
 * login and logout pages.
 *
 * Passwords: Argon2id (libsodium crypto_pwhash_str), at least 8 characters,
 * any Unicode, never truncated.  Sessions: 256 random bits in a __Host-
 * cookie, stored only as SHA-256, new at every login, ended at logout and
 * when the user is disabled; idle and absolute timeouts. */
#include "hjemvej.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_COOKIE "__Host-hjemvej"
#define PRE_COOKIE "__Host-hjemvej-pre"
#define THROTTLE_FAILURES 5
#define THROTTLE_WINDOW (15 * 60)

long session_idle_seconds = 30 * 60;
long session_max_seconds = 12 * 60 * 60;

/* ---- passwords ----------------------------------------------------------- */

/* Argon2id fills 64 MiB (MEMLIMIT_INTERACTIVE) for every password hashed
 * or checked: eight people logging in at the same moment would take half a
 * gigabyte.  At most PW_AT_ONCE run at a time, one per core of the small
 * machine this is built for (more would not finish sooner: each is one
 * thread's work); the others wait their turn. */
#define PW_AT_ONCE 2
static pthread_mutex_t pw_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pw_turn = PTHREAD_COND_INITIALIZER;
static int pw_running, pw_most;

static void pw_begin(void)
{
	pthread_mutex_lock(&pw_lock);
	while (pw_running >= PW_AT_ONCE)
		pthread_cond_wait(&pw_turn, &pw_lock);
	if (++pw_running > pw_most)
		pw_most = pw_running;
	pthread_mutex_unlock(&pw_lock);
}

static void pw_end(void)
{
	pthread_mutex_lock(&pw_lock);
	pw_running--;
	pthread_cond_signal(&pw_turn);
	pthread_mutex_unlock(&pw_lock);
}

int password_checks_at_once(int reset)
{
	pthread_mutex_lock(&pw_lock);
	int n = pw_most;
	if (reset)
		pw_most = 0;
	pthread_mutex_unlock(&pw_lock);
	return n;
}

int password_hash(const char *pw, char out[128])
{
	ASSERT(crypto_pwhash_STRBYTES <= 128);
	pw_begin();
	int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	pw_end();
	return rc;
}

int password_verify(const char *hash, const char *pw)
{
	pw_begin();
	int ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	pw_end();
	return ok;
}

int password_acceptable(const char *pw)
{
	return utf8_valid(pw, strlen(pw)) && utf8_chars(pw) >= 8;
}

/* 20 characters from an alphabet without look-alikes: about 112 bits. */
void password_generate(char out[21])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[20] = 0;
}

/* ---- users ------------------------------------------------------------------ */

void user_free(User *u)
{
	free(u->username);
	free(u->name);
	free(u->lang);
	memset(u, 0, sizeof *u);
}

/* A users row's columns id, municipality_id, username, name, role, lang,
 * active from column col of q on. */
static void user_row(Stmt *q, int col, User *u)
{
	user_free(u);
	u->id = db_col_int(q, col);
	u->municipality_id = db_col_int(q, col + 1);
	u->username = xstrdup(db_col_text(q, col + 2));
	u->name = xstrdup(db_col_text(q, col + 3));
	u->role = role_from_key(db_col_text(q, col + 4));
	u->lang = xstrdup(db_col_text(q, col + 5));
	u->active = (int)db_col_int(q, col + 6);
}

int user_load(Db *db, long long id, User *u)
{
	Stmt q;
	int found = 0;
	db_query(db, &q,
		 "SELECT id, municipality_id, username, name, role, lang, active FROM users WHERE id = ?",
		 "I", id);
	if (db_step(&q)) {
		user_row(&q, 0, u);
		found = 1;
	}
	db_finalize(&q);
	return found;
}

long long user_create(Db *db, const char *username, const char *name, int role,
		      long long municipality_id, const char *password)
{
	char hash[128], at[21];
	if (password_hash(password, hash))
		return -1;
	time_iso_utc(at, now());
	return db_int(db, -1,
		      "INSERT INTO users(municipality_id, username, name, role, password_hash, created_at)"
		      " VALUES (?,?,?,?,?,?) RETURNING id",
		      "Ittttt", municipality_id, username, name,
		      role_key(role), hash, at);
}

/* ---- sessions -------------------------------------------------------------- */

int session_expired(time_t created, time_t last_seen, time_t t, long idle, long absolute)
{
	return t - last_seen >= idle || t - created >= absolute || t < created;
}

static void token_hash(unsigned char out[32], const char *token)
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

static int token_wellformed(const char *t)
{
	if (!t || strlen(t) != 64)
		return 0;
	for (; *t; t++)
		if (!((*t >= '0' && *t <= '9') || (*t >= 'a' && *t <= 'f')))
			return 0;
	return 1;
}

void session_load(Req *r)
{
	const char *tok = req_cookie(r, SESSION_COOKIE);
	Stmt q;
	if (!token_wellformed(tok))
		return;
	token_hash(r->sess_hash, tok);
	time_t t = now();
	long long uid = 0, created = 0, seen = 0;
	User u = {0};
	/* the session and its user in one statement: each statement outside a
	 * transaction is a read transaction of its own, and one that follows
	 * another connection's commit costs this connection its page cache and
	 * its memory map (db.c) */
	db_query(r->db, &q,
		 "SELECT s.user_id, s.csrf, s.created, s.last_seen, s.flash,"
		 " u.id, u.municipality_id, u.username, u.name, u.role, u.lang, u.active FROM sessions s"
		 " JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND u.active = 1",
		 "b", r->sess_hash, sizeof r->sess_hash);
	if (db_step(&q)) {
		uid = db_col_int(&q, 0);
		str_copy(r->csrf, sizeof r->csrf, db_col_text(&q, 1));
		created = db_col_int(&q, 2);
		seen = db_col_int(&q, 3);
		if (!db_col_null(&q, 4)) {
			free(r->flash);
			r->flash = xstrdup(db_col_text(&q, 4));
		}
		user_row(&q, 5, &u);
	}
	db_finalize(&q);
	if (!uid)
		return;
	if (session_expired((time_t)created, (time_t)seen, t, session_idle_seconds,
			    session_max_seconds)) {
		db_exec(r->db, "DELETE FROM sessions WHERE id_hash = ?", "b", r->sess_hash,
			sizeof r->sess_hash);
		free(r->flash);
		r->flash = NULL;
		r->csrf[0] = 0;
		user_free(&u);
		return;
	}
	long step = session_idle_seconds / 4 < 15 ? session_idle_seconds / 4 : 15;
	if (t - seen >= step || r->flash)
		db_exec(r->db, "UPDATE sessions SET last_seen = ?, flash = NULL WHERE id_hash = ?", "Ib",
			(long long)t, r->sess_hash, sizeof r->sess_hash);
	user_free(&r->user);
	r->user = u;
	r->logged_in = 1;
	r->lang = strcmp(r->user.lang, "en") == 0 ? "en" : "da";
}

static void set_cookie(Req *r, const char *name, const char *value, int remove)
{
	Buf c = {0};
	/* name is a constant and value a hex token: neither needs escaping. */
	buf_puts(&c, name);
	buf_putc(&c, '=');
	buf_puts(&c, value);
	buf_puts(&c, "; Path=/; HttpOnly; Secure; SameSite=Lax");
	if (remove)
		buf_puts(&c, "; Max-Age=0");
	req_header(r, "Set-Cookie", c.p);
	buf_free(&c);
}

int session_create(Req *r, long long user_id)
{
	unsigned char raw[32], c[32];
	char tok[65];
	random_bytes(raw, sizeof raw);
	hex_encode(tok, raw, sizeof raw);
	random_bytes(c, sizeof c);
	hex_encode(r->csrf, c, sizeof c);
	token_hash(r->sess_hash, tok);
	long long t = (long long)now();
	if (db_exec(r->db, "INSERT INTO sessions(id_hash, user_id, csrf, created, last_seen) VALUES (?,?,?,?,?)",
		    "bItII", r->sess_hash, sizeof r->sess_hash, user_id, r->csrf, t, t))
		return -1;
	set_cookie(r, SESSION_COOKIE, tok, 0);
	return 0;
}

void session_end(Req *r)
{
	if (r->logged_in)
		db_exec(r->db, "DELETE FROM sessions WHERE id_hash = ?", "b", r->sess_hash,
			sizeof r->sess_hash);
	set_cookie(r, SESSION_COOKIE, "x", 1);
	r->logged_in = 0;
}

void flash_set(Req *r, const char *msg)
{
	if (r->logged_in)
		db_exec(r->db, "UPDATE sessions SET flash = ? WHERE id_hash = ?", "tb", msg, r->sess_hash,
			sizeof r->sess_hash);
}

/* ---- CSRF ---------------------------------------------------------------------- */

struct find_ctx {
	const char *key;
	char *val;
};

static void find_cb(void *ctx, char *key, char *val)
{
	struct find_ctx *f = ctx;
	if (!f->val && strcmp(key, f->key) == 0)
		f->val = xstrdup(val);
}

char *form_field(Req *r, const char *name)
{
	struct find_ctx f = {name, NULL};
	form_decode(r->body.p ? r->body.p : "", r->body.n, find_cb, &f);
	return f.val;
}

int csrf_ok(Req *r)
{
	struct find_ctx f = {"csrf", form_field(r, "csrf")};
	int ok = 0;
	if (f.val) {
		if (r->logged_in)
			ok = r->csrf[0] && str_ct_equal(f.val, r->csrf);
		else {
			const char *pre = req_cookie(r, PRE_COOKIE);
			ok = token_wellformed(pre) && str_ct_equal(f.val, pre);
		}
	}
	free(f.val);
	return ok;
}

/* ---- pages ------------------------------------------------------------------------ */

static void login_form(Req *r, const char *error)
{
	page_begin(r, _("Log ind"));
	hp(r, "<h1>%h</h1>", _("Log ind"));
	if (error)
		hp(r, "<div class=\"alert alert-error\" role=\"alert\"><div class=\"alert-body\">"
		      "<p class=\"alert-text\">%h</p></div></div>",
		   _(error));
	Buf action = {0};
	if (P(r, "next"))
		bprintf(&action, "/login?next=%u", P(r, "next"));
	form_begin(r, P(r, "next") ? action.p : "/login");
	buf_free(&action);
	field_text(r, "username", _("Brugernavn"), NULL, "text", "username");
	field_text(r, "password", _("Adgangskode"), NULL, "password", "current-password");
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>", _("Log ind"));
	form_end(r);
	page_end(r);
}

void page_login(Req *r)
{
	if (r->logged_in) {
		redirect(r, "/");
		return;
	}
	const char *pre = req_cookie(r, PRE_COOKIE);
	if (token_wellformed(pre)) {
		snprintf(r->csrf, sizeof r->csrf, "%s", pre);
	} else {
		unsigned char raw[32];
		random_bytes(raw, sizeof raw);
		hex_encode(r->csrf, raw, sizeof raw);
		set_cookie(r, PRE_COOKIE, r->csrf, 0);
	}
	login_form(r, NULL);
}

void page_login_post(Req *r)
{
	const char *user = P(r, "username");
	const char *pw = P(r, "password");
	time_t t = now();
	snprintf(r->csrf, sizeof r->csrf, "%s", req_cookie(r, PRE_COOKIE));
	if (!user || !pw) {
		r->status = 422;
		login_form(r, N_("Skriv brugernavn og adgangskode."));
		return;
	}
	Buf key = {0};
	for (const char *s = user; *s; s++)
		buf_putc(&key, (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s));
	long long fails = db_int(r->db, 0,
				 "SELECT COUNT(*) FROM login_attempts WHERE username = ? AND ok = 0 AND at > ?",
				 "tI", key.p, (long long)(t - THROTTLE_WINDOW));
	if (fails >= THROTTLE_FAILURES) {
		audit_log(r->db, 0, key.p, "", "login_throttled", 0, "login", "refused");
		r->status = 429;
		req_header(r, "Retry-After", "900");
		login_form(r, N_("For mange mislykkede forsøg. Vent 15 minutter, og prøv igen."));
		buf_free(&key);
		return;
	}
	Stmt q;
	long long uid = 0;
	int active = 0;
	char *hash = NULL;
	db_query(r->db, &q, "SELECT id, password_hash, active FROM users WHERE username = ?",
		 "t", key.p);
	if (db_step(&q)) {
		uid = db_col_int(&q, 0);
		hash = xstrdup(db_col_text(&q, 1));
		active = (int)db_col_int(&q, 2);
	}
	db_finalize(&q);
	int ok;
	if (hash) {
		ok = password_verify(hash, pw) && active;
	} else { /* spend the same time as for a real user */
		char dummy[128];
		password_hash("not a real password", dummy);
		ok = 0;
	}
	free(hash);
	db_begin(r->db);
	db_exec(r->db, "INSERT INTO login_attempts(username, at, ok) VALUES (?,?,?)", "tIi", key.p,
		(long long)t, ok);
	if (!ok) {
		audit_log(r->db, uid, key.p, "", "login_failed", 0, "login", "refused");
		db_commit(r->db);
		buf_free(&key);
		r->status = 401;
		login_form(r, N_("Forkert brugernavn eller adgangskode."));
		return;
	}
	session_create(r, uid);
	user_load(r->db, uid, &r->user);
	audit_log(r->db, uid, r->user.username, role_key(r->user.role), "login", 0, "login", "ok");
	db_commit(r->db);
	buf_free(&key);
	set_cookie(r, PRE_COOKIE, "x", 1);
	redirect(r, P(r, "next") ? P(r, "next") : "/");
}

void page_logout(Req *r)
{
	db_begin(r->db);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "logout", 0, "logout",
		  "ok");
	session_end(r);
	db_commit(r->db);
	redirect(r, "/login");
}

/* ---- one submission per form ----------------------------------------------- */

/* Every form from form_begin() carries a fresh random "once" token.  The
 * first POST of a token runs the handler inside a transaction that also
 * records the token; a second POST of the same token (a double click, a
 * reload of the result, a resent form after a network hiccup) writes
 * nothing and goes to where the first one went.  A refused or invalid
 * submission (status 400 and up) frees the token again, so the corrected
 * form can be sent. */
int once_begin(Req *r, char **token)
{
	*token = NULL;
	if (!r->logged_in)
		return 0;
	char *t = form_field(r, "once");
	if (!token_wellformed(t)) {
		free(t);
		return 0;
	}
	db_begin(r->db);
	db_exec(r->db, "DELETE FROM form_submission WHERE at < ?", "I", (long long)now() - 86400);
	Stmt q;
	int seen = 0;
	char *loc = NULL;
	db_query(r->db, &q, "SELECT location FROM form_submission WHERE token = ? AND user_id = ?", "tI", t,
		 r->user.id);
	if (db_step(&q)) {
		seen = 1;
		loc = xstrdup(db_col_text(&q, 0));
	}
	db_finalize(&q);
	if (seen) {
		flash_set(r, _("Formularen var allerede sendt. Intet er gemt to gange."));
		db_commit(r->db);
		redirect(r, loc[0] == '/' ? loc : "/");
		free(loc);
		free(t);
		return -1;
	}
	db_exec(r->db, "INSERT INTO form_submission(token, user_id, at, location) VALUES (?,?,?,'')", "tII", t,
		r->user.id, (long long)now());
	*token = t;
	return 1;
}

void once_end(Req *r, char *token)
{
	if (!db_in_tx(r->db)) { /* the handler rolled back: the token went with it */
		free(token);
		return;
	}
	if (r->status >= 400) {
		db_exec(r->db, "DELETE FROM form_submission WHERE token = ? AND user_id = ?", "tI", token,
			r->user.id);
	} else {
		const char *loc = "";
		for (int i = 0; i < r->nhdr; i++)
			if (strcmp(r->hdr[i].name, "Location") == 0)
				loc = r->hdr[i].value;
		db_exec(r->db, "UPDATE form_submission SET location = ? WHERE token = ? AND user_id = ?", "ttI",
			loc, token, r->user.id);
	}
	db_commit(r->db);
	free(token);
}

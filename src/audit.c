/* audit.c: the access log.  Every view of and change to a young person's
 * data, every refusal and every login event is a row here, written in the
 * same transaction as the change it records.  Rows form a hash chain: each
 * row stores SHA-256 over its canonical content and the previous row's hash,
 * so an edited, removed or inserted row breaks the chain at that row.  The
 * table is append-only for the application (triggers in schema.c). */
#include "hjemvej.h"

#include <sodium.h>
#include <string.h>

static const char genesis[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* Length-prefixed fields, so no choice of content can shift a boundary. */
static void canon_field(Buf *b, const char *s)
{
	bprintf(b, "%z:", strlen(s ? s : ""));
	buf_puts(b, s ? s : "");
	buf_putc(b, ';');
}

static void row_hash(char out[65], long long id, const char *at, long long user_id,
		     const char *username, const char *role, const char *action,
		     long long person_id, const char *route, const char *result,
		     const char *prev)
{
	Buf b = {0};
	unsigned char h[crypto_hash_sha256_BYTES];
	bprintf(&b, "hjemvej-audit-v1;%l;", id);
	canon_field(&b, at);
	bprintf(&b, "%l;", user_id);
	canon_field(&b, username);
	canon_field(&b, role);
	canon_field(&b, action);
	bprintf(&b, "%l;", person_id);
	canon_field(&b, route);
	canon_field(&b, result);
	canon_field(&b, prev);
	crypto_hash_sha256(h, (const unsigned char *)b.p, b.n);
	hex_encode(out, h, sizeof h);
	buf_free(&b);
}

int audit_log(Db *db, long long user_id, const char *username, const char *role,
	      const char *action, long long person_id, const char *route, const char *result)
{
	Stmt q;
	char at[21], hash[65], prev[65];
	long long id = 1;
	time_iso_utc(at, now());
	db_begin(db);
	snprintf(prev, sizeof prev, "%s", genesis);
	db_query(db, &q, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", "");
	if (db_step(&q)) {
		id = db_col_int(&q, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col_text(&q, 1));
	}
	db_finalize(&q);
	username = username ? username : "";
	role = role ? role : "";
	route = route ? route : "";
	row_hash(hash, id, at, user_id, username, role, action, person_id, route, result, prev);
	db_exec(db,
		"INSERT INTO audit_log(id, at, user_id, username, role, action, person_id, route,"
		" result, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
		"ItItttItttt", id, at, user_id, username, role, action,
		person_id, route, result, prev, hash);
	return db_commit(db) ? 0 : -1;
}

long long audit_verify(Db *db, long long *rows)
{
	Stmt q;
	char prev[65], hash[65];
	long long expect = 1, broken = 0;
	snprintf(prev, sizeof prev, "%s", genesis);
	*rows = 0;
	db_query(db, &q,
		 "SELECT id, at, user_id, username, role, action, person_id, route, result,"
		 " prev_hash, hash FROM audit_log ORDER BY id",
		 "");
	while (db_step(&q)) {
		long long id = db_col_int(&q, 0);
		(*rows)++;
		row_hash(hash, id, db_col_text(&q, 1), db_col_int(&q, 2), db_col_text(&q, 3),
			 db_col_text(&q, 4), db_col_text(&q, 5), db_col_int(&q, 6),
			 db_col_text(&q, 7), db_col_text(&q, 8), db_col_text(&q, 9));
		if (id != expect || strcmp(db_col_text(&q, 9), prev) != 0 ||
		    strcmp(db_col_text(&q, 10), hash) != 0) {
			broken = id;
			break;
		}
		snprintf(prev, sizeof prev, "%s", hash);
		expect = id + 1;
	}
	db_finalize(&q);
	return db_failed(db) ? -1 : broken;
}

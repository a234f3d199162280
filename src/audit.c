/* audit.c: the access log.  Every view of and change to a young person's
 * data, every refusal and every login event is a row here, written in the
 * same transaction as the change it records.  The table lives in a file of
 * its own beside the case data (db.c, attach_log).  Rows form a hash chain: each
 * row stores SHA-256 over its canonical content and the previous row's hash,
 * so an edited, removed or inserted row breaks the chain at that row.  The
 * table is append-only for the application (triggers in schema.c). */
#include "hjemvej.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* One row of the log, as the caller gave it. */
typedef struct Row {
	char at[21];
	long long user_id, person_id;
	const char *username, *role, *action, *route, *result;
	int state; /* group commit: 0 waiting, 1 written, -1 failed */
	struct Row *next;
} Row;

/* Writes rows in order, continuing the chain from the last row; in the
 * caller's transaction (db_begin nests). */
static int write_rows(Db *db, Row *rows, int views)
{
	Stmt q;
	char hash[65], prev[65];
	long long id = 1;
	if (views)
		db_begin_log(db);
	else
		db_begin(db);
	snprintf(prev, sizeof prev, "%s", genesis);
	db_query(db, &q, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", "");
	if (db_step(&q)) {
		id = db_col_int(&q, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col_text(&q, 1));
	}
	db_finalize(&q);
	for (Row *w = rows; w; w = w->next, id++) {
		row_hash(hash, id, w->at, w->user_id, w->username, w->role, w->action, w->person_id,
			 w->route, w->result, prev);
		db_exec(db,
			"INSERT INTO audit_log(id, at, user_id, username, role, action, person_id, route,"
			" result, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
			"ItItttItttt", id, w->at, w->user_id, w->username, w->role, w->action,
			w->person_id, w->route, w->result, prev, hash);
		snprintf(prev, sizeof prev, "%s", hash);
	}
	return db_commit(db) ? 0 : -1;
}

/* Group commit.  A row that records no change (a view, a list, a refusal)
 * has no transaction of its own to go in.  Writing each in a transaction of
 * its own made every view a commit (while the log was in the case data's
 * file, each such commit also made every other connection drop its page
 * cache).  Such rows are written together:
 *
 * - In the server, the rows of a request are kept (audit_defer_*) until its
 *   page is drawn; http.c then hands them to the log writer, a thread of
 *   its own, and suspends the connection.  The writer writes every row
 *   handed to it since its last commit in one transaction and only then
 *   lets the connections send their pages: a page is never shown without
 *   its row in the log, and if the rows cannot be written it answers 500.
 * - Otherwise (and while the server stops) a thread that must write a row
 *   and finds no write under way writes every queued row at once
 *   (group_write); the others wait for it. */
static pthread_mutex_t group_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t group_done = PTHREAD_COND_INITIALIZER;
static Row *group_head, *group_tail;
static int group_writing;

static int group_write(Db *db, Row *mine)
{
	pthread_mutex_lock(&group_lock);
	if (group_tail)
		group_tail->next = mine;
	else
		group_head = mine;
	group_tail = mine;
	while (mine->state == 0) {
		if (group_writing) {
			pthread_cond_wait(&group_done, &group_lock);
			continue;
		}
		Row *batch = group_head;
		group_head = group_tail = NULL;
		group_writing = 1;
		pthread_mutex_unlock(&group_lock);
		int rc = write_rows(db, batch, 1);
		pthread_mutex_lock(&group_lock);
		for (Row *w = batch, *next; w; w = next) {
			next = w->next; /* a written row's owner may return at once */
			w->state = rc == 0 ? 1 : -1;
		}
		group_writing = 0;
		pthread_cond_broadcast(&group_done);
	}
	pthread_mutex_unlock(&group_lock);
	return mine->state == 1 ? 0 : -1;
}

/* The rows a request logs outside a transaction, kept until its page is
 * drawn (only in the server's threads, while deferring is on). */
struct AuditRows {
	Row *head, *tail;
	void (*done)(void *arg, int ok);
	void *arg;
	struct AuditRows *next;
};
static _Thread_local AuditRows *deferred;

static Row *row_copy(const Row *w)
{
	Row *c = xcalloc(1, sizeof *c);
	*c = *w;
	c->username = xstrdup(w->username);
	c->role = xstrdup(w->role);
	c->action = xstrdup(w->action);
	c->route = xstrdup(w->route);
	c->result = xstrdup(w->result);
	c->next = NULL;
	return c;
}

static void rows_free(AuditRows *b)
{
	for (Row *w = b->head, *next; w; w = next) {
		next = w->next;
		free((char *)w->username);
		free((char *)w->role);
		free((char *)w->action);
		free((char *)w->route);
		free((char *)w->result);
		free(w);
	}
	free(b);
}

void audit_defer_begin(void)
{
	ASSERT(!deferred);
	deferred = xcalloc(1, sizeof *deferred);
}

AuditRows *audit_defer_take(void)
{
	AuditRows *b = deferred;
	deferred = NULL;
	if (b && !b->head) {
		free(b);
		return NULL;
	}
	return b;
}

/* The log writer. */
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t writer_wake = PTHREAD_COND_INITIALIZER;
static AuditRows *writer_head, *writer_tail;
static int writer_running, writer_stopping;
static pthread_t writer_thread;
static Db *writer_db;
static long writer_window_us = 1000;

static void *writer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&writer_lock);
	for (;;) {
		while (!writer_head && !writer_stopping)
			pthread_cond_wait(&writer_wake, &writer_lock);
		if (!writer_head)
			break; /* stopping, and nothing left to write */
		/* gather: the rows of the requests drawn in the next few
		 * milliseconds go in the same commit, one write of the log's
		 * pages for many views (docs/performance.md); an idle server's
		 * page waits this long for its row. */
		if (writer_window_us && !writer_stopping) {
			pthread_mutex_unlock(&writer_lock);
			struct timespec ts = {0, writer_window_us * 1000L};
			nanosleep(&ts, NULL);
			pthread_mutex_lock(&writer_lock);
		}
		AuditRows *batch = writer_head;
		writer_head = writer_tail = NULL;
		pthread_mutex_unlock(&writer_lock);
		/* one chain of every request's rows, in the order they came */
		Row *all = NULL, **link = &all;
		for (AuditRows *b = batch; b; b = b->next) {
			*link = b->head;
			link = &b->tail->next;
		}
		int rc = write_rows(writer_db, all, 1);
		db_rollback(writer_db);
		db_clear_failure(writer_db);
		for (AuditRows *b = batch, *next; b; b = next) {
			next = b->next;
			b->tail->next = NULL; /* undo the chain before freeing */
			b->done(b->arg, rc == 0);
			rows_free(b);
		}
		pthread_mutex_lock(&writer_lock);
	}
	writer_running = 0;
	pthread_mutex_unlock(&writer_lock);
	return NULL;
}

int audit_writer_start(const char *dbpath)
{
	writer_db = db_open(dbpath, 0);
	if (db_failed(writer_db)) {
		db_close(writer_db);
		writer_db = NULL;
		return -1;
	}
	db_serialize_writers(writer_db);
	writer_running = 1;
	writer_stopping = 0;
	if (pthread_create(&writer_thread, NULL, writer_main, NULL) != 0) {
		writer_running = 0;
		db_close(writer_db);
		writer_db = NULL;
		return -1;
	}
	return 0;
}

/* Writes what is queued, then stops; rows handed over later are written
 * by their own thread (audit_submit answers -1). */
void audit_writer_stop(void)
{
	pthread_mutex_lock(&writer_lock);
	int running = writer_running;
	writer_stopping = 1;
	pthread_cond_signal(&writer_wake);
	pthread_mutex_unlock(&writer_lock);
	if (!running)
		return;
	pthread_join(writer_thread, NULL);
	db_close(writer_db);
	writer_db = NULL;
}

/* Hands a request's rows to the log writer, which calls done(arg, ok) from
 * its own thread once they are written (ok) or could not be (not ok), and
 * frees them.  Answers -1 if the writer is not running: the caller then
 * writes them itself with audit_rows_write. */
int audit_submit(AuditRows *b, void (*done)(void *arg, int ok), void *arg)
{
	b->done = done;
	b->arg = arg;
	b->next = NULL;
	pthread_mutex_lock(&writer_lock);
	if (!writer_running || writer_stopping) {
		pthread_mutex_unlock(&writer_lock);
		return -1;
	}
	if (writer_tail)
		writer_tail->next = b;
	else
		writer_head = b;
	writer_tail = b;
	pthread_cond_signal(&writer_wake);
	pthread_mutex_unlock(&writer_lock);
	return 0;
}

/* Writes a request's rows on its own connection, in one transaction, and
 * frees them. */
int audit_rows_write(Db *db, AuditRows *b)
{
	int rc = db_failed(db) ? -1 : write_rows(db, b->head, 1);
	b->tail->next = NULL;
	rows_free(b);
	return rc;
}

int audit_log(Db *db, long long user_id, const char *username, const char *role,
	      const char *action, long long person_id, const char *route, const char *result)
{
	Row row = {.user_id = user_id,
		   .person_id = person_id,
		   .username = username ? username : "",
		   .role = role ? role : "",
		   .action = action,
		   .route = route ? route : "",
		   .result = result};
	time_iso_utc(row.at, now());
	/* a row that records a change goes in the change's transaction */
	if (db_in_write_tx(db) || !db_serialized(db))
		return write_rows(db, &row, 0);
	if (deferred) {
		Row *c = row_copy(&row);
		if (deferred->tail)
			deferred->tail->next = c;
		else
			deferred->head = c;
		deferred->tail = c;
		return 0;
	}
	if (!db_failed(db) && group_write(db, &row) == 0)
		return 0;
	if (!db_failed(db))
		db_set_failed(db, "the access log row was not written");
	return -1;
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

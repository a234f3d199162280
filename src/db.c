/* db.c: the database layer.  Every SQL statement of the program passes
 * through here: prepared (and cached) one statement at a time, values bound,
 * never formatted into the text.  Errors are loud: a failed call logs the
 * SQL and the error and marks the connection failed; the request then
 * answers 500 and its transaction is rolled back.
 *
 * SQL written by callers stays portable to PostgreSQL: '?' placeholders,
 * standard types, INSERT ... RETURNING, no SQLite-only functions.  What is
 * SQLite-specific (pragmas, the backup API, migration bookkeeping) lives only
 * in this file. */
#include "hjemvej.h"

#include <pthread.h>

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define STMT_CACHE 1024

struct Db {
	sqlite3 *h;
	char *path;
	int failed;
	char *err;
	int txdepth;
	int tx_failed;
	long nquery, nprepare; /* since db_counts_take: the request log shows them */
	int serialize;  /* writers of this process queue on write_lock (the server) */
	int holds_write;
	int read_tx;    /* in db_read_begin's snapshot */
	long long snap; /* that snapshot's number, unique in the process */
	int log_sync_full; /* PRAGMA log.synchronous is FULL (else NORMAL) */
	int log_created;   /* db_open made the access-log file (it was not there) */
	int tx_change;  /* the open transaction was begun (or joined) by db_begin */
	int mapped;     /* the case data is read through the memory map (db_use_map) */
	long long committed; /* change transactions committed (db_commits) */
	int defer_sync;      /* db_defer_syncs: the caller waits for the sync (db_sync_wanted) */
	unsigned long long sync_seq; /* the last change committed and not yet waited for */
	struct {
		const char *sql; /* the caller's literal: identity is the key */
		sqlite3_stmt *st;
		int busy;
	} cache[STMT_CACHE];
};

static void db_fail(Db *db, const char *what, const char *sql)
{
	const char *msg = sqlite3_errmsg(db->h);
	if (!db->failed) {
		log_msg("database error: %s: %s [%s]", what, msg, sql ? sql : "");
		free(db->err);
		db->err = xstrdup(msg);
	}
	db->failed = 1;
	if (db->txdepth)
		db->tx_failed = 1;
}

int db_failed(const Db *db)
{
	return db->failed;
}

const char *db_error(const Db *db)
{
	return db->err ? db->err : "";
}

const char *db_path(const Db *db)
{
	return db->path;
}

void db_clear_failure(Db *db)
{
	db->failed = 0;
	free(db->err);
	db->err = NULL;
}

static int exec_plain(Db *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_msg("database error: %s [%s]", err ? err : "?", sql);
		if (!db->failed) {
			free(db->err);
			db->err = xstrdup(err ? err : "?");
		}
		sqlite3_free(err);
		db->failed = 1;
		return -1;
	}
	return 0;
}

/* The access log is a database file of its own beside the case data
 * (db_log_path: the database's path with "-accesslog"), attached to every
 * connection as the schema "log", so that "audit_log" in SQL names its
 * table there.  Why a file of its own: a commit in WAL mode makes every
 * other connection of the same file drop its whole page cache, and the
 * server commits the access-log rows of views hundreds of times a second
 * under load; in a file of their own those commits leave the case data's
 * caches alone (docs/performance.md).  A change and its row are written in
 * one transaction over both files; SQLite commits the case data first and
 * the log right after it (WAL: atomic per file, not across the two), so a
 * power cut in between can leave a change without its row: that window is
 * one disk sync long (docs/operations.md). */
char *db_log_path(const char *path)
{
	size_t n = strlen(path);
	char *p = xmalloc(n + sizeof "-accesslog");
	memcpy(p, path, n);
	memcpy(p + n, "-accesslog", sizeof "-accesslog");
	return p;
}

static void attach_log(Db *db)
{
	struct stat st;
	sqlite3_stmt *a = NULL;
	if (db->failed)
		return;
	char *lp = db_log_path(db->path);
	if (stat(lp, &st) != 0) {
		/* ATTACH opens with the main file's flags, which may not allow
		 * creating it */
		sqlite3 *h = NULL;
		if (sqlite3_open_v2(lp, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK)
			db->log_created = 1;
		sqlite3_close(h);
	}
	if (sqlite3_prepare_v2(db->h, "ATTACH DATABASE ? AS log", -1, &a, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(a, 1, lp, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_step(a) != SQLITE_DONE)
		db_fail(db, "attach the access log", lp);
	sqlite3_finalize(a);
	free(lp);
	if (db->failed)
		return;
	exec_plain(db, "PRAGMA log.journal_mode=WAL");
	exec_plain(db, "PRAGMA log.synchronous=FULL");
	db->log_sync_full = 1;
	/* the log is appended to and its last row read: a small cache, no map */
	exec_plain(db, "PRAGMA log.cache_size=-512");
	exec_plain(db, "PRAGMA log.mmap_size=0");
}

/* Before the first connection: no memory statistics, whose global mutex
 * every allocation of every connection would otherwise take. */
static pthread_once_t configured = PTHREAD_ONCE_INIT;
static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

Db *db_open(const char *path, int create)
{
	pthread_once(&configured, configure);
	Db *db = xcalloc(1, sizeof *db);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		db->failed = 1;
		db->err = xstrdup(db->h ? sqlite3_errmsg(db->h) : "cannot open");
		return db;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	exec_plain(db, "PRAGMA journal_mode=WAL");
	exec_plain(db, "PRAGMA synchronous=FULL");
	exec_plain(db, "PRAGMA foreign_keys=ON");
	exec_plain(db, "PRAGMA trusted_schema=OFF");
	/* The case data through a memory map: a page is read where it lies in
	 * the kernel's page cache, with no read() and no copy.  In WAL mode a
	 * commit by another connection makes this one unmap the whole map and
	 * fault its pages in again, which made the map 6 times slower while
	 * every view committed its access-log row to this file; with the log
	 * in a file of its own (attach_log) only changes commit here, and the
	 * map makes the young person's page take about a fifth less CPU
	 * (docs/performance.md).  2 GB is SQLite's default ceiling. */
	exec_plain(db, "PRAGMA main.mmap_size=2147418112");
	db->mapped = 1;
	/* 8 MB of page cache per connection (SQLite's default is 2 MB): a
	 * report over a large municipality reads more of its pages once, not
	 * once per statement (the dashboard at national scale: about 1.2x
	 * faster; 16 and 32 MB were faster still but took the server's memory
	 * far over its target, docs/benchmarks.md).  The memory is taken as
	 * pages are read and given back when another connection commits; with
	 * the server's threads and the log writer it is at most 40 MB on a
	 * 2-core machine. */
	exec_plain(db, "PRAGMA cache_size=-8192");
	attach_log(db);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	return db;
}

/* Statements run and statements prepared since the last call. */
void db_counts_take(Db *db, long *queries, long *prepares)
{
	*queries = db->nquery;
	*prepares = db->nprepare;
	db->nquery = db->nprepare = 0;
}

void db_close(Db *db)
{
	if (!db)
		return;
	for (int i = 0; i < STMT_CACHE; i++)
		if (db->cache[i].st)
			sqlite3_finalize(db->cache[i].st);
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db->err);
	free(db);
}

/* A statement whose answer is one number (a pragma, EXISTS). */
static int int_of(Db *db, const char *sql, int *v)
{
	sqlite3_stmt *st;
	*v = 0;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, "prepare", sql);
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* One schema's migrations in one transaction; its PRAGMA user_version is
 * the number applied. */
static int migrate_schema(Db *db, const char *schema, const char *const *list, int n, int v)
{
	char pragma[64];
	if (v == n)
		return 0;
	if (exec_plain(db, "BEGIN IMMEDIATE"))
		return -1;
	for (int i = v; i < n; i++) {
		if (exec_plain(db, list[i]))
			goto fail;
	}
	snprintf(pragma, sizeof pragma, "PRAGMA %s.user_version=%d", schema, n);
	if (exec_plain(db, pragma) || exec_plain(db, "COMMIT"))
		goto fail;
	return 0;
fail:
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static void unlink_with_sidecars(const char *path)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	for (int i = 0; i < 4; i++) {
		Buf b = {0};
		buf_puts(&b, path);
		buf_puts(&b, sfx[i]);
		unlink(b.p);
		buf_free(&b);
	}
}

static void unlink_log(const char *path)
{
	char *lp = db_log_path(path);
	unlink_with_sidecars(lp);
	free(lp);
}

/* Removes a database's files: the case data and the access log, each with
 * SQLite's files beside it (hjemvej demo replacing a demo database). */
void db_remove_files(const char *path)
{
	unlink_with_sidecars(path);
	unlink_log(path);
}

/* db_migrate refuses the database because of its access log file: the
 * error names the file and says why. */
static int refuse_log(Db *db, const char *why)
{
	char *lp = db_log_path(db->path);
	Buf b = {0};
	buf_puts(&b, "the access log ");
	buf_puts(&b, lp);
	buf_putc(&b, ' ');
	buf_puts(&b, why);
	free(lp);
	free(db->err);
	db->err = xstrdup(buf_str(&b));
	buf_free(&b);
	db->failed = 1;
	return -1;
}

/* The migrations of both files: the access log's (log_migrations) and the
 * case data's (migrations), counted by each file's PRAGMA user_version;
 * *from and *to are the case data's.
 *
 * Up to migration LOG_MOVED the access log was the table audit_log in the
 * case data's file.  Its rows are copied to the log file in a transaction
 * of their own (only those not there yet, so a copy cut short is finished
 * at the next start), and only then does migration LOG_MOVED drop the old
 * table.  A database past LOG_MOVED whose log file is missing or empty has
 * lost its access log: it is refused, never given a new log silently. */
int db_migrate(Db *db, int *from, int *to)
{
	int v, lv;
	if (db->failed)
		return -1;
	if (int_of(db, "PRAGMA main.user_version", &v) ||
	    int_of(db, "PRAGMA log.user_version", &lv))
		return -1;
	*from = v;
	*to = n_migrations;
	if (v > n_migrations || lv > n_log_migrations) {
		free(db->err);
		db->err = xstrdup("the database is newer than this program");
		db->failed = 1;
		return -1;
	}
	if (v >= LOG_MOVED && lv == 0) {
		if (db->log_created)
			unlink_log(db->path);
		return refuse_log(db, "is missing or empty; restore it together with the database");
	}
	if (v == 0 && lv > 0) {
		/* a new database beside an access log with rows: that log is
		 * another database's, and is never taken over */
		int rows;
		if (int_of(db, "SELECT EXISTS (SELECT 1 FROM log.audit_log)", &rows))
			return -1;
		if (rows)
			return refuse_log(db, "belongs to another database; move it away first");
	}
	if (migrate_schema(db, "log", log_migrations, n_log_migrations, lv))
		return -1;
	if (v >= 1 && v < LOG_MOVED) {
		if (exec_plain(db, "BEGIN IMMEDIATE"))
			return -1;
		if (exec_plain(db, "INSERT INTO log.audit_log SELECT * FROM main.audit_log"
				   " WHERE id > (SELECT COALESCE(MAX(id), 0) FROM log.audit_log) ORDER BY id") ||
		    exec_plain(db, "COMMIT")) {
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return migrate_schema(db, "main", migrations, n_migrations, v);
}

static sqlite3_stmt *prepare(Db *db, const char *sql, int *slot)
{
	unsigned h = (unsigned)(((uintptr_t)sql >> 3) % STMT_CACHE);
	*slot = -1;
	db->nquery++;
	for (int k = 0; k < 8; k++) {
		int i = (int)((h + (unsigned)k) % STMT_CACHE);
		if (db->cache[i].sql == sql && !db->cache[i].busy) {
			db->cache[i].busy = 1;
			*slot = i;
			return db->cache[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	db->nprepare++;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail) != SQLITE_OK) {
		db_fail(db, "prepare", sql);
		return NULL;
	}
	if (!st) {
		db_fail(db, "empty statement", sql);
		return NULL;
	}
	while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';' || *tail == '\r'))
		tail++;
	if (tail && *tail)
		FATAL("more than one SQL statement in one prepare: %s", sql);
	for (int k = 0; k < 8; k++) {
		int i = (int)((h + (unsigned)k) % STMT_CACHE);
		if (!db->cache[i].st) {
			db->cache[i].sql = sql;
			db->cache[i].st = st;
			db->cache[i].busy = 1;
			*slot = i;
			break;
		}
	}
	return st;
}

static int bind_all(Db *db, sqlite3_stmt *st, const char *sql, const char *types, va_list ap)
{
	int n = sqlite3_bind_parameter_count(st);
	if ((int)strlen(types) != n)
		FATAL("%d parameters but bind types \"%s\" in: %s", n, types, sql);
	for (int i = 0; i < n; i++) {
		int rc;
		switch (types[i]) {
		case 'i': rc = sqlite3_bind_int64(st, i + 1, va_arg(ap, int)); break;
		case 'I': rc = sqlite3_bind_int64(st, i + 1, va_arg(ap, long long)); break;
		case 'J': {
			long long v = va_arg(ap, long long);
			rc = v ? sqlite3_bind_int64(st, i + 1, v) : sqlite3_bind_null(st, i + 1);
			break;
		}
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, i + 1);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t len = va_arg(ap, size_t);
			rc = sqlite3_bind_blob64(st, i + 1, p, len, SQLITE_TRANSIENT);
			break;
		}
		case 'n': rc = sqlite3_bind_null(st, i + 1); break;
		default: FATAL("bad bind type '%c' in: %s", types[i], sql);
		}
		if (rc != SQLITE_OK) {
			db_fail(db, "bind", sql);
			return -1;
		}
	}
	return 0;
}

static void release(Db *db, sqlite3_stmt *st, int slot)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (slot >= 0 && db->cache[slot].st == st)
		db->cache[slot].busy = 0;
	else
		sqlite3_finalize(st);
}

static int vquery(Db *db, Stmt *q, const char *sql, const char *types, va_list ap)
{
	int slot;
	q->db = db;
	q->st = NULL;
	q->done = 1;
	if (db->failed)
		return -1;
	sqlite3_stmt *st = prepare(db, sql, &slot);
	if (!st)
		return -1;
	q->st = st;
	q->slot = slot;
	if (bind_all(db, st, sql, types, ap)) {
		db_finalize(q);
		return -1;
	}
	q->done = 0;
	return 0;
}

int db_query(Db *db, Stmt *q, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = vquery(db, q, sql, types, ap);
	va_end(ap);
	return rc;
}

int db_step(Stmt *q)
{
	if (q->done || !q->st)
		return 0;
	int rc = sqlite3_step(q->st);
	if (rc == SQLITE_ROW)
		return 1;
	q->done = 1;
	if (rc != SQLITE_DONE)
		db_fail(q->db, "step", sqlite3_sql(q->st));
	return 0;
}

void db_finalize(Stmt *q)
{
	if (q->st)
		release(q->db, q->st, q->slot);
	q->st = NULL;
	q->done = 1;
}

long long db_col_int(Stmt *q, int i)
{
	return sqlite3_column_int64(q->st, i);
}

const char *db_col_text(Stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q->st, i);
	return s ? (const char *)s : "";
}

int db_col_null(Stmt *q, int i)
{
	return sqlite3_column_type(q->st, i) == SQLITE_NULL;
}

const void *db_col_blob(Stmt *q, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(q->st, i);
	*n = (size_t)sqlite3_column_bytes(q->st, i);
	return p;
}

static void write_lock_take(Db *db);
static void write_unlock(Db *db);

/* Runs a statement to its end; -1 when it failed. */
static int vexec(Db *db, const char *sql, const char *types, va_list ap)
{
	Stmt q;
	if (vquery(db, &q, sql, types, ap))
		return -1;
	/* A write outside a transaction (the session's last_seen and flash)
	 * queues on the server's write lock like a transaction: otherwise it
	 * meets the other writers in SQLite's busy handler, which sleeps for
	 * up to 100 ms at a time (64 support workers saving contacts: p50
	 * 170 ms). */
	int lone = db->serialize && !db->txdepth && !sqlite3_stmt_readonly(q.st);
	if (lone)
		write_lock_take(db);
	while (db_step(&q))
		;
	db_finalize(&q);
	if (lone)
		write_unlock(db);
	return db->failed ? -1 : 0;
}

int db_exec(Db *db, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = vexec(db, sql, types, ap);
	va_end(ap);
	return rc;
}

/* An INSERT: the new row's id, 0 when it failed.  Cheaper than INSERT ...
 * RETURNING id through db_int, which SQLite runs through a temporary table
 * of the returned rows (about 30,000 instructions a row). */
long long db_insert(Db *db, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = vexec(db, sql, types, ap);
	va_end(ap);
	return rc ? 0 : (long long)sqlite3_last_insert_rowid(db->h);
}

long long db_int(Db *db, long long dflt, const char *sql, const char *types, ...)
{
	Stmt q;
	va_list ap;
	long long v = dflt;
	va_start(ap, types);
	int rc = vquery(db, &q, sql, types, ap);
	va_end(ap);
	if (rc)
		return dflt;
	if (db_step(&q) && !db_col_null(&q, 0))
		v = db_col_int(&q, 0);
	db_finalize(&q);
	return v;
}

char *db_text(Db *db, const char *sql, const char *types, ...)
{
	Stmt q;
	va_list ap;
	char *v = NULL;
	va_start(ap, types);
	int rc = vquery(db, &q, sql, types, ap);
	va_end(ap);
	if (rc)
		return NULL;
	if (db_step(&q) && !db_col_null(&q, 0))
		v = xstrdup(db_col_text(&q, 0));
	db_finalize(&q);
	return v;
}

long long db_changes(Db *db)
{
	return sqlite3_changes64(db->h);
}

/* The server's connections take this mutex around a write transaction, so
 * that its writers queue in order and wake the moment the lock is free;
 * SQLite's busy handler, which polls with sleeps of up to 100 ms, is then
 * only met by other processes (a backup, the sqlite3 tool). */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* The server's connections: writers queue on write_lock, and a change is
 * made durable by a group sync (below) after its commit instead of by
 * SQLite syncing inside it. */
void db_serialize_writers(Db *db)
{
	db->serialize = 1;
	exec_plain(db, "PRAGMA main.synchronous=NORMAL");
	exec_plain(db, "PRAGMA log.synchronous=NORMAL");
	db->log_sync_full = 0;
	/* checkpoints are made by the checkpoint thread (below), not by the
	 * commit that happens to fill the write-ahead log */
	exec_plain(db, "PRAGMA wal_autocheckpoint=0");
}

int db_serialized(const Db *db)
{
	return db->serialize;
}

/* Whether the next request reads the case data through the memory map.
 * SQLite unmaps the whole map of a connection at its first read after
 * another connection's commit, and the pages read after that fault in
 * again one by one: with 64 support workers saving contacts, that was
 * more than half of each save's CPU (perf: page faults and page-table
 * work), and the saves went twice as fast without the map.  So the server
 * reads through the map for pages that only read (a young person's page:
 * about a third less CPU than without) and without it for a change,
 * whose few reads come from the page cache after each other change
 * anyway.  The switch is free while it stays; switching off unmaps. */
void db_use_map(Db *db, int on)
{
	on = on != 0;
	if (db->mapped == on || db->txdepth || db->read_tx)
		return;
	db->mapped = on;
	exec_plain(db, on ? "PRAGMA main.mmap_size=2147418112" : "PRAGMA main.mmap_size=0");
	/* without the map every page read is copied into the page cache: a
	 * change reads few pages, and the cache is emptied by every other
	 * commit anyway, so 1 MB, not 8 MB per worker thread (this did not
	 * move the benchmark's memory peak, docs/performance.md) */
	exec_plain(db, on ? "PRAGMA main.cache_size=-8192" : "PRAGMA main.cache_size=-1024");
}

/* A failure found outside SQLite (audit.c: a group commit that failed on
 * another thread's connection): the request answers 500 like any other. */
void db_set_failed(Db *db, const char *why)
{
	if (!db->failed) {
		log_msg("database error: %s", why);
		free(db->err);
		db->err = xstrdup(why);
	}
	db->failed = 1;
	if (db->txdepth)
		db->tx_failed = 1;
}

static void write_lock_take(Db *db)
{
	pthread_mutex_lock(&write_lock);
	db->holds_write = 1;
}

static void write_unlock(Db *db)
{
	if (db->holds_write) {
		db->holds_write = 0;
		pthread_mutex_unlock(&write_lock);
	}
}

/* Group sync.  With synchronous=FULL every change synced both write-ahead
 * logs inside its commit, holding the write lock: at most one change per
 * two disk syncs, and 64 writers queued behind each other's syncs.  The
 * server's connections commit at synchronous=NORMAL (the frames are
 * written to the logs, not yet synced) and then wait here: one of the
 * waiting threads syncs both logs for every change committed before its
 * sync began, the others wait for it, and the write lock is free for the
 * next change meanwhile.  A page that saved a change still answers only
 * once the change and its access-log row are on disk.  Every server
 * connection writes to the same two files, so a sync through one
 * connection's file handles covers the commits of all of them.  If a sync
 * fails, no later change is called saved (fsync's error may not come
 * again; the data it lost would go unnoticed). */
static pthread_mutex_t sync_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sync_cond = PTHREAD_COND_INITIALIZER;
static unsigned long long sync_asked, sync_upto, syncs_made;
static int sync_running, sync_broken;
int (*db_sync_hook)(void); /* tests: runs before each group sync; nonzero fails it */

static int wal_sync(Db *db, const char *schema)
{
	sqlite3_file *f = NULL;
	if (sqlite3_file_control(db->h, schema, SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK || !f ||
	    !f->pMethods)
		return SQLITE_OK; /* no write-ahead log open on this connection */
	return f->pMethods->xSync(f, SQLITE_SYNC_FULL);
}

/* The end of a sync (sync_lock held): the changes up to target are on
 * disk, or the disk refused. */
static void sync_done_locked(unsigned long long target, int ok)
{
	sync_running = 0;
	syncs_made++;
	if (ok && target > sync_upto)
		sync_upto = target;
	else if (!ok)
		sync_broken = 1;
	pthread_cond_broadcast(&sync_cond);
}

/* The sync thread.  A worker thread that waited for the sync itself would
 * hold up the other connections it serves, and with a few worker threads
 * all waiting, no new change could join the next sync: each sync covered
 * about one and a half changes.  The server's requests hand their wait to
 * this thread instead (db_sync_submit) and are parked meanwhile; it syncs
 * the two write-ahead logs by their file names, for every change
 * committed before it begins, and lets the requests go. */
typedef struct SyncWait {
	unsigned long long seq;
	void (*done)(void *arg, int ok);
	void *arg;
	struct SyncWait *next;
} SyncWait;
static SyncWait *sync_waits;
static pthread_t syncer;
static pthread_cond_t syncer_wake = PTHREAD_COND_INITIALIZER;
static int syncer_running, syncer_stopping;
static char *sync_path[2]; /* the two write-ahead logs */
static int sync_dir_done;   /* their directory synced once since start */

static int fd_sync(const char *path, int flags, int data_only)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0) {
		log_msg("sync: cannot open %s: %s", path, strerror(errno));
		return SQLITE_IOERR;
	}
	int rc = (data_only ? fdatasync(fd) : fsync(fd)) == 0 ? SQLITE_OK : SQLITE_IOERR_FSYNC;
	if (rc != SQLITE_OK)
		log_msg("sync: %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* Syncs a write-ahead log by its name (every connection's writes to it are
 * in the same file).  SQLite makes a new log file when a database is
 * opened after its last connection closed, so the first sync since start
 * also syncs the directory: a file whose name is not on disk is lost with
 * everything in it. */
static int path_sync(const char *path)
{
	int rc = fd_sync(path, O_RDWR, 1);
	if (rc == SQLITE_OK && !sync_dir_done) {
		char *dir = xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash)
			slash[slash == dir] = 0; /* "/x" keeps "/" */
		rc = fd_sync(slash ? dir : ".", O_RDONLY | O_DIRECTORY, 0);
		free(dir);
	}
	return rc;
}

static void *syncer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&sync_lock);
	for (;;) {
		while ((!sync_waits || sync_running) && !syncer_stopping)
			pthread_cond_wait(sync_running ? &sync_cond : &syncer_wake, &sync_lock);
		if (syncer_stopping && !sync_waits)
			break;
		if (sync_running) { /* stopping: let the running sync end */
			pthread_cond_wait(&sync_cond, &sync_lock);
			continue;
		}
		/* the waits a sync already made are let go without another */
		int need = 0;
		for (SyncWait *w = sync_waits; w; w = w->next)
			if (w->seq > sync_upto)
				need = 1;
		if (need && !sync_broken) {
			sync_running = 1;
			pthread_mutex_unlock(&sync_lock);
			int rc = db_sync_hook ? db_sync_hook() : SQLITE_OK;
			pthread_mutex_lock(&sync_lock);
			unsigned long long target = sync_asked;
			pthread_mutex_unlock(&sync_lock);
			for (int i = 0; i < 2 && rc == SQLITE_OK; i++)
				rc = path_sync(sync_path[i]);
			if (rc == SQLITE_OK)
				sync_dir_done = 1; /* only this thread reads it */
			pthread_mutex_lock(&sync_lock);
			sync_done_locked(target, rc == SQLITE_OK);
		}
		SyncWait *done = NULL, **pp = &sync_waits;
		while (*pp) {
			SyncWait *w = *pp;
			if (w->seq <= sync_upto || sync_broken) {
				*pp = w->next;
				w->next = done;
				done = w;
			} else {
				pp = &w->next;
			}
		}
		pthread_mutex_unlock(&sync_lock);
		while (done) {
			SyncWait *w = done;
			done = w->next;
			w->done(w->arg, w->seq <= sync_upto);
			free(w);
		}
		pthread_mutex_lock(&sync_lock);
	}
	pthread_mutex_unlock(&sync_lock);
	return NULL;
}

/* The write-ahead logs of the case data and of the access log, by name
 * (wal_paths_free gives them back). */
static void wal_paths(const char *path, char *out[2])
{
	char *lp = db_log_path(path);
	const char *db[2] = {path, lp};
	for (int i = 0; i < 2; i++) {
		size_t n = strlen(db[i]) + sizeof "-wal";
		out[i] = xmalloc(n);
		snprintf(out[i], n, "%s-wal", db[i]);
	}
	free(lp);
}

static void wal_paths_free(char *p[2])
{
	for (int i = 0; i < 2; i++) {
		free(p[i]);
		p[i] = NULL;
	}
}

int db_syncer_start(const char *path)
{
	wal_paths(path, sync_path);
	syncer_stopping = 0;
	sync_dir_done = 0;
	if (pthread_create(&syncer, NULL, syncer_main, NULL) != 0) {
		wal_paths_free(sync_path);
		return -1;
	}
	pthread_mutex_lock(&sync_lock);
	syncer_running = 1;
	pthread_mutex_unlock(&sync_lock);
	return 0;
}

/* Lets every parked wait go (after a last sync), then stops; later waits
 * are synced by their own threads (db_sync_submit answers -1). */
void db_syncer_stop(void)
{
	pthread_mutex_lock(&sync_lock);
	int running = syncer_running;
	syncer_running = 0;
	syncer_stopping = 1;
	pthread_cond_broadcast(&syncer_wake);
	pthread_mutex_unlock(&sync_lock);
	if (!running)
		return;
	pthread_join(syncer, NULL);
	wal_paths_free(sync_path);
}

/* The checkpoint thread.  SQLite copies the write-ahead log into the
 * database file (a checkpoint, with a sync of each) in the commit that
 * fills the log to 1,000 pages.  In the server that commit was mostly the
 * log writer's: every view parked behind it waited for the checkpoint's
 * syncs.  The server's connections make no checkpoints; this thread makes
 * a passive one of each file every 100 ms on a connection of its own,
 * which holds up neither readers nor writers. */
static pthread_t ckpt_thread;
static pthread_mutex_t ckpt_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ckpt_wake = PTHREAD_COND_INITIALIZER;
static int ckpt_running, ckpt_stopping;
static Db *ckpt_db;

/* A write-ahead log starts again from its beginning only when a writer
 * finds it wholly copied; with writers committing all the time a passive
 * checkpoint never catches up, and the log grew to hundreds of megabytes
 * (every read then searches it).  So when it has grown past its limit
 * (1,000 pages), it is copied again without the lock until what is left is
 * short (or it is past four times the limit), and then the rest holding
 * the server's write lock: a short wait for the writers, and the next
 * writer starts the log again.  Below the limit, a log that is wholly
 * copied starts again by itself at the next write. */
static int ckpt_limit[2] = {1000, 1000}; /* pages: the case data's log, the access log's */
static char *ckpt_wal[2]; /* the write-ahead logs of the case data and the access log */

/* For tests: other limits, before db_checkpointer_start. */
void db_checkpoint_limits(int main_pages, int log_pages)
{
	ckpt_limit[0] = main_pages;
	ckpt_limit[1] = log_pages;
}

/* The pass holding the lock syncs the write-ahead log (the pages written
 * since the last sync) and then the database file; those two syncs were
 * 20-40 ms of it, and every view waited for its access-log row meanwhile
 * (the young person's page's p99).  So the write-ahead log is synced just
 * before the lock is taken (the passes before it synced the database
 * file), and the syncs under it find little to write: the lock is held
 * about half as long (13 against 23-26 ms in A/B, p99 of the young
 * person's page 23 against 34-43 ms).  A failed sync here changes nothing:
 * SQLite's own syncs under the lock decide.
 *
 * Only the write-ahead log is opened here, never the database file: a
 * close() of any descriptor of a file drops every POSIX lock the process
 * holds on it, SQLite's included, and another process (the sqlite3 tool,
 * a backup) then takes the database for unused and checkpoints and
 * deletes the write-ahead log under the server.  A first version synced
 * the database file this way, and the benchmark's sqlite3 queries
 * corrupted the national data set (tests/unit: the locks stay). */
static void checkpoint(Db *db, int which, const char *schema, int limit)
{
	int frames = 0, copied = 0;
	int rc = sqlite3_wal_checkpoint_v2(db->h, schema, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
	for (int i = 0; rc == SQLITE_OK && frames >= limit && frames < 4 * limit && frames - copied > 256 && i < 8; i++)
		rc = sqlite3_wal_checkpoint_v2(db->h, schema, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
	if (rc == SQLITE_OK && frames >= limit) {
		if (ckpt_wal[which])
			fd_sync(ckpt_wal[which], O_RDWR, 1);
		pthread_mutex_lock(&write_lock);
		rc = sqlite3_wal_checkpoint_v2(db->h, schema, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
		pthread_mutex_unlock(&write_lock);
	}
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		log_msg("database: checkpoint of %s: %s", schema, sqlite3_errmsg(db->h));
}

static void *ckpt_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&ckpt_lock);
	while (!ckpt_stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&ckpt_wake, &ckpt_lock, &until);
		if (ckpt_stopping)
			break;
		pthread_mutex_unlock(&ckpt_lock);
		checkpoint(ckpt_db, 0, "main", ckpt_limit[0]);
		checkpoint(ckpt_db, 1, "log", ckpt_limit[1]);
		pthread_mutex_lock(&ckpt_lock);
	}
	pthread_mutex_unlock(&ckpt_lock);
	return NULL;
}

int db_checkpointer_start(const char *path)
{
	wal_paths(path, ckpt_wal);
	ckpt_db = db_open(path, 0);
	if (db_failed(ckpt_db)) {
		db_close(ckpt_db);
		ckpt_db = NULL;
		wal_paths_free(ckpt_wal);
		return -1;
	}
	ckpt_stopping = 0;
	if (pthread_create(&ckpt_thread, NULL, ckpt_main, NULL) != 0) {
		db_close(ckpt_db);
		ckpt_db = NULL;
		wal_paths_free(ckpt_wal);
		return -1;
	}
	ckpt_running = 1;
	return 0;
}

void db_checkpointer_stop(void)
{
	if (!ckpt_running)
		return;
	pthread_mutex_lock(&ckpt_lock);
	ckpt_stopping = 1;
	pthread_cond_signal(&ckpt_wake);
	pthread_mutex_unlock(&ckpt_lock);
	pthread_join(ckpt_thread, NULL);
	ckpt_running = 0;
	db_close(ckpt_db);
	ckpt_db = NULL;
	wal_paths_free(ckpt_wal);
}

/* Hands the wait for change seq to the sync thread, which calls
 * done(arg, ok) from its own thread once the change is on disk (ok) or the
 * disk refused (not ok).  -1 when the thread is not running: the caller
 * then waits itself (db_sync_wait). */
int db_sync_submit(unsigned long long seq, void (*done)(void *arg, int ok), void *arg)
{
	SyncWait *w = xmalloc(sizeof *w);
	*w = (SyncWait){.seq = seq, .done = done, .arg = arg};
	pthread_mutex_lock(&sync_lock);
	if (!syncer_running) {
		pthread_mutex_unlock(&sync_lock);
		free(w);
		return -1;
	}
	w->next = sync_waits;
	sync_waits = w;
	pthread_cond_signal(&syncer_wake);
	pthread_mutex_unlock(&sync_lock);
	return 0;
}


/* The connection's changes are synced by the caller (http.c): db_commit
 * only numbers them, and db_sync_wanted tells which to wait for. */
void db_defer_syncs(Db *db)
{
	db->defer_sync = 1;
}

unsigned long long db_sync_wanted(Db *db)
{
	unsigned long long seq = db->sync_seq;
	db->sync_seq = 0;
	return seq;
}

/* Marks a change committed: its number in the order of commits. */
static unsigned long long sync_ask(void)
{
	pthread_mutex_lock(&sync_lock);
	unsigned long long seq = ++sync_asked;
	pthread_mutex_unlock(&sync_lock);
	return seq;
}

/* Waits until change seq is on disk, syncing through db's own files when
 * no sync is under way; 0 when the disk refused. */
static int group_sync_wait(Db *db, unsigned long long mine)
{
	pthread_mutex_lock(&sync_lock);
	while (sync_upto < mine && !sync_broken) {
		if (sync_running) {
			pthread_cond_wait(&sync_cond, &sync_lock);
			continue;
		}
		sync_running = 1;
		pthread_mutex_unlock(&sync_lock);
		int rc = db_sync_hook ? db_sync_hook() : SQLITE_OK;
		pthread_mutex_lock(&sync_lock);
		unsigned long long target = sync_asked; /* every commit that has returned */
		pthread_mutex_unlock(&sync_lock);
		if (rc == SQLITE_OK)
			rc = wal_sync(db, "main");
		if (rc == SQLITE_OK)
			rc = wal_sync(db, "log");
		pthread_mutex_lock(&sync_lock);
		sync_done_locked(target, rc == SQLITE_OK);
	}
	int ok = sync_upto >= mine;
	pthread_mutex_unlock(&sync_lock);
	if (!ok)
		db_set_failed(db, "the disk did not confirm a sync of the database: no change is saved until restart");
	return ok;
}

static int group_sync(Db *db)
{
	return group_sync_wait(db, sync_ask());
}

/* A request whose sync thread is not running waits for its change here. */
int db_sync_wait(Db *db, unsigned long long seq)
{
	return group_sync_wait(db, seq);
}

/* Group syncs made since the process started, and changes that asked for
 * one (tests). */
void db_sync_counts(unsigned long long *syncs, unsigned long long *asked)
{
	pthread_mutex_lock(&sync_lock);
	*syncs = syncs_made;
	*asked = sync_asked;
	pthread_mutex_unlock(&sync_lock);
}

/* Write transactions start IMMEDIATE so that writers queue on the busy
 * timeout instead of failing at their first write; they nest.  A change is
 * on disk when its commit returns: the case data and then its access-log
 * row, each file's write-ahead log synced (synchronous FULL; in the server
 * by the group sync above, after the commit).  A
 * transaction begun with db_begin_log holds only access-log rows of views
 * and is committed with the log file at synchronous NORMAL: written to the
 * log file without waiting for the disk, and synced with the next change's
 * commit or the next checkpoint (or by the kernel within its writeback
 * interval), so a power cut can lose the last moments of view rows but
 * never a change. */
static void begin_tx(Db *db, int full)
{
	if (db->read_tx) {
		/* a programming error: fatal where tests run pages directly; the
		 * server logs it and goes on without the snapshot */
		if (!db->serialize)
			FATAL("db_begin inside a read snapshot");
		log_msg("programming error: a write inside a read snapshot; the snapshot ends here");
		db_read_end(db);
	}
	if (db->txdepth++ == 0) {
		db->tx_failed = 0;
		db->tx_change = 0;
		if (!db->failed && !db->serialize && db->log_sync_full != full) {
			exec_plain(db, full ? "PRAGMA log.synchronous=FULL" : "PRAGMA log.synchronous=NORMAL");
			db->log_sync_full = full;
		}
		if (db->serialize)
			write_lock_take(db);
		if (!db->failed && sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			db_fail(db, "begin", "BEGIN IMMEDIATE");
	}
}

void db_begin(Db *db)
{
	begin_tx(db, 1);
	db->tx_change = 1;
}

void db_begin_log(Db *db)
{
	begin_tx(db, db->txdepth > 0 ? db->log_sync_full : 0);
}

/* A read snapshot: every statement until db_read_end sees the same state of
 * the database, and no write lock is held, so a long page does not make
 * writers wait.  Writing inside it is a programming error. */
static long long snapshots;
static pthread_mutex_t snap_lock = PTHREAD_MUTEX_INITIALIZER;

void db_read_begin(Db *db)
{
	ASSERT(db->txdepth == 0 && !db->read_tx);
	db->read_tx = 1;
	pthread_mutex_lock(&snap_lock);
	db->snap = ++snapshots;
	pthread_mutex_unlock(&snap_lock);
	if (!db->failed && sqlite3_exec(db->h, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
		db_fail(db, "begin", "BEGIN DEFERRED");
}

/* The number of the read snapshot the connection is in, 0 outside one:
 * what is read inside one snapshot cannot change until it ends, so a
 * result may be kept for the snapshot's length (course_state_load). */
long long db_snapshot(const Db *db)
{
	return db->snap;
}

void db_read_end(Db *db)
{
	if (!db->read_tx)
		return;
	db->read_tx = 0;
	db->snap = 0;
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
}

int db_commit(Db *db)
{
	ASSERT(db->txdepth > 0);
	if (--db->txdepth > 0)
		return !db->tx_failed;
	if (db->failed || db->tx_failed) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		write_unlock(db);
		return 0;
	}
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, "commit", "COMMIT");
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		write_unlock(db);
		return 0;
	}
	write_unlock(db);
	if (db->tx_change && db->serialize) {
		if (db->defer_sync)
			db->sync_seq = sync_ask(); /* http.c parks the request until it is synced */
		else if (!group_sync(db))
			return 0;
	}
	if (db->tx_change)
		db->committed++;
	return 1;
}

/* How many transactions with a change (begun or joined by db_begin, not
 * only db_begin_log's access-log rows) this connection has committed: http.c
 * compares it before and after a request to know that the request changed
 * data (the dashboard's cache, dashcache.c).  Writes outside a transaction
 * (the session's last_seen) are not counted. */
long long db_commits(const Db *db)
{
	return db->committed;
}

void db_rollback(Db *db)
{
	db_read_end(db);
	if (db->txdepth == 0)
		return;
	db->txdepth = 0;
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	write_unlock(db);
}

int db_in_write_tx(const Db *db)
{
	return db->txdepth > 0;
}

int db_in_tx(const Db *db)
{
	return db->txdepth > 0 || db->read_tx;
}

/* One schema of the connection copied to a new file with SQLite's online
 * backup API, consistent while the server runs. */
static int backup_schema(Db *db, const char *schema, const char *to, char *err, size_t errlen)
{
	sqlite3 *dst;
	if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", to, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->h, schema);
	if (!b) {
		snprintf(err, errlen, "%s: %s", to, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	int rc;
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", to, sqlite3_errstr(rc));
		sqlite3_close(dst);
		return -1;
	}
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The case data, then its access log (to and db_log_path(to)).  The log is
 * copied second and only grows, so it holds the row of every change in the
 * copy of the case data. */
int db_backup(Db *db, const char *to, char *err, size_t errlen)
{
	if (backup_schema(db, "main", to, err, errlen))
		return -1;
	char *lto = db_log_path(to);
	int rc = backup_schema(db, "log", lto, err, errlen);
	free(lto);
	return rc;
}

int db_is_demo(Db *db)
{
	return db_int(db, 0, "SELECT value FROM meta WHERE key = 'demo'", "") == 1;
}

/* ---- bulk loading (natgen.c) --------------------------------------------
 * For generating a large data set into a fresh database: no journal, no
 * fsync, no foreign-key checks during the load, and the non-unique indexes
 * of the schema dropped before it and created again after it (building an
 * index once over sorted data is much faster than keeping it up to date
 * row by row).  UNIQUE constraints and unique indexes stay, so the load
 * still refuses duplicates.  db_bulk_end puts everything back as db_open
 * left it. */
static char **bulk_index_sql;
static int bulk_nindex;

int db_bulk_begin(Db *db)
{
	sqlite3_stmt *st;
	if (db->failed || db->txdepth)
		return -1;
	/* defensive mode (db_open) refuses journal_mode=OFF; the generator
	 * runs only its own SQL, and db_bulk_end turns it on again */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
	exec_plain(db, "PRAGMA journal_mode=OFF");
	exec_plain(db, "PRAGMA synchronous=OFF");
	exec_plain(db, "PRAGMA foreign_keys=OFF");
	exec_plain(db, "PRAGMA cache_size=-262144");
	/* the indexes, then the triggers that keep derived columns
	 * (person.active_until, migration 15; course's kept_ columns, 18): a
	 * trigger's query per row loaded, without the indexes it searches,
	 * made the load quadratic; db_bulk_end computes those columns once
	 * for every row */
	if (sqlite3_prepare_v2(db->h,
			       "SELECT name, sql, type FROM sqlite_master WHERE (type = 'index' AND sql IS NOT NULL"
			       " AND sql NOT LIKE 'CREATE UNIQUE%') OR type = 'trigger' ORDER BY type, name",
			       -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, "prepare", "sqlite_master");
		return -1;
	}
	char **names = NULL;
	int n = 0, *trigger = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		names = xrealloc(names, (size_t)(n + 1) * sizeof *names);
		trigger = xrealloc(trigger, (size_t)(n + 1) * sizeof *trigger);
		bulk_index_sql = xrealloc(bulk_index_sql, (size_t)(n + 1) * sizeof *bulk_index_sql);
		names[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		bulk_index_sql[n] = xstrdup((const char *)sqlite3_column_text(st, 1));
		trigger[n] = strcmp((const char *)sqlite3_column_text(st, 2), "trigger") == 0;
		n++;
	}
	sqlite3_finalize(st);
	bulk_nindex = n;
	for (int i = 0; i < n; i++) {
		Buf b = {0};
		buf_puts(&b, trigger[i] ? "DROP TRIGGER \"" : "DROP INDEX \"");
		buf_puts(&b, names[i]);
		buf_puts(&b, "\"");
		exec_plain(db, b.p);
		buf_free(&b);
		free(names[i]);
	}
	free(names);
	free(trigger);
	return db->failed ? -1 : n;
}

int db_bulk_end(Db *db)
{
	for (int i = 0; i < bulk_nindex; i++) {
		exec_plain(db, bulk_index_sql[i]);
		free(bulk_index_sql[i]);
	}
	free(bulk_index_sql);
	bulk_index_sql = NULL;
	bulk_nindex = 0;
	exec_plain(db, person_active_sql); /* what the dropped triggers keep */
	exec_plain(db, course_kept_sql);
	exec_plain(db, "PRAGMA foreign_keys=ON");
	exec_plain(db, "PRAGMA synchronous=FULL");
	exec_plain(db, "PRAGMA journal_mode=WAL");
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	return db->failed ? -1 : 0;
}

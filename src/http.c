/* http.c: the HTTP server and the path of a request.
 *
 * libmicrohttpd runs a pool of worker threads (internal polling with epoll);
 * each worker thread has its own SQLite connection.  A request passes:
 *   on_request (collect the body, at most BODY_LIMIT)
 *   -> req_handle: route match -> session -> role rule -> CSRF
 *      -> declared parameters validated -> handler -> 500 on database failure
 *   -> send: security headers on every response, error pages included. */
#include "hjemvej.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BODY_LIMIT (1024 * 1024)

static const char *server_db_path;
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static Db **dbs;
static size_t ndbs;
static _Thread_local Db *thread_db;

static Db *worker_db(void)
{
	if (thread_db)
		return thread_db;
	thread_db = db_open(server_db_path, 0);
	db_serialize_writers(thread_db);
	db_defer_syncs(thread_db);
	pthread_mutex_lock(&dbs_lock);
	dbs = xrealloc(dbs, (ndbs + 1) * sizeof *dbs);
	dbs[ndbs++] = thread_db;
	pthread_mutex_unlock(&dbs_lock);
	return thread_db;
}

void req_header(Req *r, const char *name, const char *value)
{
	if (r->nhdr >= (int)(sizeof r->hdr / sizeof r->hdr[0]))
		FATAL("too many response headers");
	r->hdr[r->nhdr].name = xstrdup(name);
	r->hdr[r->nhdr].value = xstrdup(value);
	r->nhdr++;
}

const char *req_in_header(Req *r, const char *name)
{
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *req_cookie(Req *r, const char *name)
{
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name) : NULL;
}

void redirect(Req *r, const char *location)
{
	r->status = 303;
	req_header(r, "Location", location);
	buf_reset(&r->out);
}

/* The response's headers and the request's parameters, freed and emptied. */
static void headers_params_free(Req *r)
{
	for (int i = 0; i < r->nhdr; i++) {
		free(r->hdr[i].name);
		free(r->hdr[i].value);
	}
	r->nhdr = 0;
	for (int i = 0; i < r->nparams; i++) {
		for (size_t k = 0; k < r->params[i].nvals; k++)
			free(r->params[i].vals[k]);
		free(r->params[i].vals);
		free(r->params[i].raw);
		free(r->params[i].label);
	}
	memset(r->params, 0, sizeof r->params);
	r->nparams = 0;
}

void req_free(Req *r)
{
	buf_free(&r->body);
	buf_free(&r->out);
	headers_params_free(r);
	user_free(&r->user);
	free(r->flash);
	free(r->method);
	free(r->path);
	free(r);
}

/* ---- the path of a request --------------------------------------------- */

static void nonce_new(Req *r)
{
	unsigned char b[16];
	random_bytes(b, sizeof b);
	hex_encode(r->nonce, b, sizeof b);
}

static int is_post(Req *r)
{
	return strcmp(r->method, "POST") == 0;
}

/* Same-origin check for state changes, beside the CSRF token.  A browser
 * that sends Sec-Fetch-Site (Chromium, Firefox, Safari) must say
 * same-origin.  Without it, an Origin header must name this host; under
 * "Referrer-Policy: no-referrer" browsers send "Origin: null" for a form
 * post, so a null or missing Origin leaves the decision to the token. */
static int origin_ok(Req *r)
{
	const char *site = req_in_header(r, "Sec-Fetch-Site");
	if (site)
		return strcmp(site, "same-origin") == 0;
	const char *origin = req_in_header(r, "Origin");
	if (!origin || strcmp(origin, "null") == 0)
		return 1;
	const char *host = req_in_header(r, "Host");
	const char *p = strstr(origin, "://");
	return host && p && strcmp(p + 3, host) == 0;
}

void req_handle(Req *r)
{
	int method_mismatch = 0, npv = 0;
	char *pv[8] = {0};
	const char *m = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;

	nonce_new(r);
	r->lang = "da";
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	const Route *rt = route_match(m, r->path, &method_mismatch, pv, &npv);
	r->route = rt;
	if (rt && (rt->flags & R_ASSET)) {
		rt->handler(r);
		goto out;
	}
	db_use_map(r->db, !is_post(r)); /* a change reads without the map (db_use_map) */
	session_load(r);
	if (!rt) {
		if (method_mismatch)
			req_header(r, "Allow", "GET, HEAD, POST");
		page_fail(r, method_mismatch ? 405 : 404, "%s",
			  method_mismatch ? N_("Metoden er ikke tilladt her.")
					  : N_("Siden findes ikke."));
		goto out;
	}
	if (rt->roles == 0) { /* deny by default: a route without a rule */
		page_fail(r, 403, "%s", N_("Du har ikke adgang til denne side."));
		goto out;
	}
	if (!(rt->roles & ROLE_PUBLIC)) {
		if (!r->logged_in) {
			if (is_post(r)) {
				page_fail(r, 401, "%s",
					  N_("Du er ikke logget ind, eller din session er udløbet. "
					     "Log ind igen."));
			} else {
				Buf loc = {0};
				bprintf(&loc, "/login?next=%u", r->path);
				redirect(r, loc.p);
				buf_free(&loc);
			}
			goto out;
		}
		if (!(rt->roles & r->user.role)) {
			audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role),
				  "refused", 0, rt->purpose, "role");
			page_fail(r, 403, "%s", N_("Du har ikke adgang til denne side."));
			goto out;
		}
	}
	if (is_post(r)) {
		const char *ct = req_in_header(r, "Content-Type");
		if (r->body_too_large) {
			page_fail(r, 413, "%s", N_("Formularen er for stor."));
			goto out;
		}
		if (r->body.n && (!ct || strncmp(ct, "application/x-www-form-urlencoded", 33) != 0)) {
			page_fail(r, 415, "%s", N_("Formularen er sendt i et ukendt format."));
			goto out;
		}
		if (!(rt->flags & R_CSRF_EXEMPT) && (!origin_ok(r) || !csrf_ok(r))) {
			audit_log(r->db, r->user.id, r->logged_in ? r->user.username : "",
				  r->logged_in ? role_key(r->user.role) : "", "refused", 0,
				  rt->purpose, "csrf");
			page_fail(r, 403, "%s",
				  N_("Formularen kunne ikke godkendes (den er udløbet eller kom fra "
				     "en anden side). Gå tilbage, genindlæs siden og prøv igen."));
			goto out;
		}
	}
	if (params_collect(r, pv, npv)) /* answers 404/400 itself */
		goto out;
	char *once = NULL;
	long long commits = db_commits(r->db);
	if (is_post(r) && once_begin(r, &once) < 0)
		goto out; /* a form sent twice: nothing written */
	rt->handler(r);
	if (r->deferred) { /* drawn again on a report thread (req_defer) */
		free(once);
		goto out;
	}
	if (once && !db_failed(r->db))
		once_end(r, once);
	else
		free(once);
	/* a change was committed: the dashboard's kept figures of the user's
	 * municipality are out of date (dashcache.c).  Only a POST changes
	 * case data; a GET's commits are its access-log rows and the export's
	 * key, made once (a report's row in its own transaction dropped the
	 * figures at every pseudonymised export) */
	if (is_post(r) && db_commits(r->db) != commits && (r->logged_in || r->user.id))
		dash_cache_changed(r->user.municipality_id);
	if (db_failed(r->db)) {
		db_rollback(r->db);
		db_clear_failure(r->db);
		r->nhdr = 0;
		page_fail(r, 500, "%s", N_("Der opstod en fejl. Intet er gemt. Prøv igen om lidt."));
	}
out:
	if (db_in_tx(r->db)) {
		log_msg("transaction left open by %s %s", r->method, r->path);
		db_rollback(r->db);
	}
	db_clear_failure(r->db);
	for (int i = 0; i < npv; i++)
		free(pv[i]);
}

/* ---- libmicrohttpd glue ------------------------------------------------- */

static void add_security_headers(struct MHD_Response *resp, Req *r, int is_asset)
{
	Buf csp = {0};
	bprintf(&csp,
		"default-src 'self'; script-src 'self' 'nonce-%h'; style-src 'self' 'nonce-%h'; "
		"img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; "
		"frame-ancestors 'none'; form-action 'self'",
		r->nonce, r->nonce);
	MHD_add_response_header(resp, "Content-Security-Policy", csp.p);
	buf_free(&csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (!is_asset)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result send_response(struct MHD_Connection *c, Req *r)
{
	struct MHD_Response *resp;
	const Asset *a = r->asset;
	if (a && r->status == 200)
		resp = MHD_create_response_from_buffer(a->size, (void *)a->data, MHD_RESPMEM_PERSISTENT);
	else if (r->status == 304)
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	else {
		size_t n = r->out.n;
		char *p = r->out.p;
		r->out.p = NULL;
		r->out.n = r->out.cap = 0;
		resp = MHD_create_response_from_buffer(n, p ? p : (void *)"",
						       p ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	add_security_headers(resp, r, a != NULL);
	if (r->status != 304)
		MHD_add_response_header(resp, "Content-Type", r->ctype);
	for (int i = 0; i < r->nhdr; i++)
		MHD_add_response_header(resp, r->hdr[i].name, r->hdr[i].value);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A parked request waits for its access-log rows (the log writer) and for
 * the sync of its change (db.c's sync thread); the last of them to finish
 * lets it go.  Its page is replaced by an error if either failed. */
static void wait_over(Req *r, int ok)
{
	if (!ok)
		r->wait_failed = 1;
	if (atomic_fetch_sub(&r->waiting, 1) == 1) {
		r->log_state = r->wait_failed ? -1 : 1;
		MHD_resume_connection(r->conn);
	}
}

/* Called by the log writer's thread when a parked request's rows are
 * written (ok) or not. */
static void log_written(void *arg, int ok)
{
	wait_over(arg, ok);
}

/* Called by the sync thread when the request's change is on disk (ok) or
 * the disk refused. */
static void synced(void *arg, int ok)
{
	wait_over(arg, ok);
}

/* The page is not shown if its access-log rows could not be written. */
static void log_failed(Req *r)
{
	r->nhdr = 0;
	buf_reset(&r->out);
	page_fail(r, 500, "%s", N_("Der opstod en fejl. Intet er gemt. Prøv igen om lidt."));
}

/* Draws the page of r on this thread's database connection.  Answers 1
 * when the connection waits for the log writer, which lets it go once the
 * page's access-log rows are written (the connection is parked here first
 * unless the caller parked it already); 0 when the page can be sent. */
static int run(Req *r, int parked)
{
	r->db = worker_db();
	if (db_failed(r->db) && !db_in_tx(r->db)) {
		/* the connection could not be opened: answer without the database */
		nonce_new(r);
		r->lang = "da";
		r->status = 503;
		r->ctype = "text/plain; charset=utf-8";
		buf_puts(&r->out, "Databasen er ikke tilgængelig.\n");
		return 0;
	}
	long q0, p0;
	db_counts_take(r->db, &q0, &p0);
	audit_defer_begin();
	req_handle(r);
	AuditRows *rows = audit_defer_take();
	unsigned long long change = db_sync_wanted(r->db);
	db_counts_take(r->db, &r->nquery, &r->nprepare);
	/* req_defer is called before a handler logs or changes anything */
	ASSERT(!r->deferred || (!rows && !change));
	if (!rows && !change)
		return 0;
	/* the page waits for its access-log rows (audit.c) and for its change
	 * to be on disk (db.c): the connection is parked while the log writer
	 * and the sync thread do that, and this thread goes on with other
	 * connections */
	if (!parked)
		MHD_suspend_connection(r->conn);
	r->wait_failed = 0;
	atomic_store(&r->waiting, 1); /* this thread's own hold, given up below */
	if (change) {
		atomic_fetch_add(&r->waiting, 1);
		if (db_sync_submit(change, synced, r) != 0) {
			atomic_fetch_sub(&r->waiting, 1);
			if (!db_sync_wait(r->db, change))
				r->wait_failed = 1;
			db_clear_failure(r->db);
		}
	}
	if (rows) {
		atomic_fetch_add(&r->waiting, 1);
		if (audit_submit(rows, log_written, r) != 0) {
			atomic_fetch_sub(&r->waiting, 1);
			if (audit_rows_write(r->db, rows) != 0)
				r->wait_failed = 1;
			db_clear_failure(r->db);
		}
	}
	if (atomic_fetch_sub(&r->waiting, 1) > 1)
		return 1; /* parked: the last wait to end lets it go */
	r->log_state = r->wait_failed ? -1 : 1;
	if (parked)
		return 0;
	MHD_resume_connection(r->conn); /* on_request is called again and sends it */
	return 1;
}

/* The request as it came in, before req_handle drew it: to be drawn again
 * (req_defer). */
static void req_rewind(Req *r)
{
	buf_reset(&r->out);
	headers_params_free(r);
	user_free(&r->user);
	memset(&r->user, 0, sizeof r->user);
	r->logged_in = 0;
	/* r->flash stays: session_load took it from the session (and cleared
	 * it there), so the page drawn again shows it */
	r->csrf[0] = 0;
	r->nerrors = 0;
	r->summary_at = 0;
	r->summary_pending = 0;
	r->handled = 0;
	r->chart_seq = 0;
	r->route = NULL;
	r->deferred = 0;
}

int req_defer(Req *r)
{
	if (!r->may_defer)
		return 0;
	r->deferred = 1;
	return 1;
}

/* ---- report threads ------------------------------------------------------
 * libmicrohttpd binds each connection to one worker thread.  A report that
 * takes a few hundred milliseconds (R_REPORT in routes.c) would hold up
 * every other connection of its thread for that long: the young person's
 * page had p99 0.4 s while reports ran (docs/performance.md).  Such a
 * request is parked and drawn on a report thread with its own database
 * connection; reports wait for each other there, pages never wait for a
 * report. */
static pthread_mutex_t rep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t rep_wake = PTHREAD_COND_INITIALIZER;
static Req *rep_head, *rep_tail;
static int rep_running, rep_stopping;
static pthread_t rep_threads[4];
static int nrep;

static int is_report(Req *r)
{
	int mm = 0, npv = 0;
	char *pv[8] = {0};
	if (!streq(r->method, "GET") && !streq(r->method, "HEAD"))
		return 0;
	const Route *rt = route_match("GET", r->path, &mm, pv, &npv);
	for (int i = 0; i < npv; i++)
		free(pv[i]);
	return rt && (rt->flags & R_REPORT);
}

static void *report_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&rep_lock);
	for (;;) {
		while (!rep_head && !rep_stopping)
			pthread_cond_wait(&rep_wake, &rep_lock);
		if (!rep_head)
			break; /* stopping, and nothing left to draw */
		Req *r = rep_head;
		rep_head = r->next_job;
		if (!rep_head)
			rep_tail = NULL;
		pthread_mutex_unlock(&rep_lock);
		r->on_report = 1;
		r->may_defer = 0;
		if (run(r, 1) == 0) {
			if (!r->log_state)
				r->log_state = 1; /* nothing to wait for: send it */
			MHD_resume_connection(r->conn);
		}
		pthread_mutex_lock(&rep_lock);
	}
	pthread_mutex_unlock(&rep_lock);
	return NULL;
}

/* Parks r and queues it for a report thread; -1 (nothing done) when the
 * report threads are not running. */
static int report_submit(Req *r)
{
	pthread_mutex_lock(&rep_lock);
	if (!rep_running || rep_stopping) {
		pthread_mutex_unlock(&rep_lock);
		return -1;
	}
	MHD_suspend_connection(r->conn);
	r->next_job = NULL;
	if (rep_tail)
		rep_tail->next_job = r;
	else
		rep_head = r;
	rep_tail = r;
	pthread_cond_signal(&rep_wake);
	pthread_mutex_unlock(&rep_lock);
	return 0;
}

static int reports_start(int n)
{
	rep_stopping = 0;
	nrep = 0;
	for (int i = 0; i < n && i < (int)(sizeof rep_threads / sizeof rep_threads[0]); i++) {
		if (pthread_create(&rep_threads[i], NULL, report_main, NULL) != 0)
			break;
		nrep++;
	}
	rep_running = nrep > 0;
	return nrep > 0 ? 0 : -1;
}

/* Draws what is queued, then stops; reports asked for later are drawn by
 * the worker thread itself. */
static void reports_stop(void)
{
	pthread_mutex_lock(&rep_lock);
	rep_stopping = 1;
	pthread_cond_broadcast(&rep_wake);
	pthread_mutex_unlock(&rep_lock);
	for (int i = 0; i < nrep; i++)
		pthread_join(rep_threads[i], NULL);
	pthread_mutex_lock(&rep_lock);
	rep_running = 0;
	nrep = 0;
	pthread_mutex_unlock(&rep_lock);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)version;
	Req *r = *con_cls;
	if (!r) {
		r = xcalloc(1, sizeof *r);
		r->conn = c;
		r->method = xstrdup(method);
		r->path = xstrdup(url);
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > BODY_LIMIT)
			r->body_too_large = 1;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!r->body_too_large && r->body.n + *upload_data_size <= BODY_LIMIT)
			buf_append(&r->body, upload_data, *upload_data_size);
		else
			r->body_too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->log_state) {
		/* resumed: the log writer has written its rows, or could not */
		if (r->log_state < 0)
			log_failed(r);
		return send_response(c, r);
	}
	if (is_report(r) && report_submit(r) == 0)
		return MHD_YES; /* parked: a report thread draws it and lets it go */
	r->may_defer = 1;
	int parked = run(r, 0);
	if (r->deferred) {
		/* the handler found a report's work to do (req_defer): drawn
		 * again from the start on a report thread, or here if none runs */
		req_rewind(r);
		if (report_submit(r) == 0)
			return MHD_YES;
		r->may_defer = 0;
		parked = run(r, 0);
	}
	if (parked)
		return MHD_YES; /* parked until its access-log rows are written */
	return send_response(c, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	Req *r = *con_cls;
	if (!r)
		return;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - r->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - r->t0.tv_nsec) / 1e6;
	/* the request log: method, path (never a query string), status, time,
	 * and the SQL statements run (q) and prepared (p) for it; "report":
	 * drawn on a report thread */
	if (!r->asset)
		log_msg("%s %s %d %.1fms q=%ld p=%ld%s", r->method, r->path, r->status, ms, r->nquery,
			r->nprepare, r->on_report ? " report" : "");
	req_free(r);
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return -1;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || colon[1] == 0)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = 0;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[') {
		size_t n = strlen(host);
		if (n < 3 || host[n - 1] != ']')
			return -1;
		host[n - 1] = 0;
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		*len = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host[0] ? host : "127.0.0.1", &s4->sin_addr) != 1)
			return -1;
		*len = sizeof *s4;
	}
	return 0;
}

int server_run(const char *dbpath, const char *listen, int threads)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	sigset_t set;
	int sig;

	if (parse_listen(listen, &ss, &sslen)) {
		fprintf(stderr, "hjemvej: --listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	server_db_path = dbpath;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* workers inherit the mask */
	signal(SIGPIPE, SIG_IGN);

	if (db_syncer_start(dbpath)) {
		fprintf(stderr, "hjemvej: cannot start the sync thread\n");
		return 1;
	}
	if (db_checkpointer_start(dbpath)) {
		fprintf(stderr, "hjemvej: cannot start the checkpoint thread\n");
		db_syncer_stop();
		return 1;
	}
	if (audit_writer_start(dbpath)) {
		fprintf(stderr, "hjemvej: cannot start the access-log writer on %s\n", dbpath);
		db_syncer_stop();
		db_checkpointer_stop();
		return 1;
	}
	/* one report thread per four worker threads, at least one */
	if (reports_start(threads / 4 > 1 ? threads / 4 : 1)) {
		fprintf(stderr, "hjemvej: cannot start the report threads\n");
		audit_writer_stop();
		db_syncer_stop();
		db_checkpointer_stop();
		return 1;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "hjemvej: cannot listen on %s: %s\n", listen, strerror(errno));
		reports_stop();
		audit_writer_stop();
		db_syncer_stop();
		db_checkpointer_stop();
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[128];
	snprintf(host, sizeof host, "%.*s", (int)(strrchr(listen, ':') - listen), listen);
	printf("hjemvej %s serving on http://%s:%u/\n", HJEMVEJ_VERSION, host[0] ? host : "127.0.0.1",
	       info ? info->port : 0);
	fflush(stdout);
	sigwait(&set, &sig);
	log_msg("stopping on signal %d", sig);
	/* queued reports are drawn, parked requests get their rows written and
	 * are let go; what comes later is done by the worker threads themselves */
	reports_stop();
	audit_writer_stop();
	db_syncer_stop();
	MHD_stop_daemon(d);
	db_checkpointer_stop();
	for (size_t i = 0; i < ndbs; i++)
		db_close(dbs[i]);
	free(dbs);
	dbs = NULL;
	ndbs = 0;
	return 0;
}

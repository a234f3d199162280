/*
 * hjemvej.h: the one header of hjemvej.
 *
 * Sections follow the layers of docs/architecture.md: utilities and the
 * buffer, the database layer, HTTP and routing, pages, domain catalogs,
 * command line.
 */
#ifndef HJEMVEJ_H
#define HJEMVEJ_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define HJEMVEJ_VERSION "0.1.0"

/* ---------------------------------------------------------------- util.c */

#define FATAL(...) fatal_at(__FILE__, __LINE__, __VA_ARGS__)
#define ASSERT(x) ((x) ? (void)0 : fatal_at(__FILE__, __LINE__, "assertion failed: %s", #x))

_Noreturn void fatal_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
void str_copy(char *dst, size_t size, const char *src); /* snprintf(dst, size, "%s", src) without printf; NULL copies as "" */
char *xstrndup(const char *s, size_t n);
/* Lists read in one statement and merged in C: rows of size bytes that each
 * begin with a long long id, kept in ascending id order.  id_find gives the
 * row with the id or NULL; rows_add a zeroed new row at the end. */
void *id_find(const void *rows, size_t n, size_t size, long long id);
void *rows_add(void *rows, size_t *n, size_t *cap, size_t size);

void random_bytes(void *p, size_t n);
void hex_encode(char *out, const unsigned char *in, size_t n); /* out: 2n+1 */
int utf8_valid(const char *s, size_t n);
size_t utf8_chars(const char *s);
int streq(const char *a, const char *b);
int str_ct_equal(const char *a, const char *b); /* constant-time for equal lengths */

/* Time: stored as UTC "YYYY-MM-DDTHH:MM:SSZ", dates as "YYYY-MM-DD". */
extern time_t (*now_fn)(void);
time_t now(void);
void time_iso_utc(char out[21], time_t t);
int time_parse_iso_utc(const char *s, time_t *out);
void today_copenhagen(char out[11]);
long copenhagen_offset(time_t t); /* seconds east of UTC: 3600 or 7200 */
void time_format_dk(char out[17], time_t t);  /* dd.mm.åååå tt:mm in Copenhagen */
void date_format_dk(char out[11], const char *iso_date); /* dd.mm.åååå */
void format_ymd(char out[11], int y, int m, int d);
int date_valid(int y, int m, int d);
int date_parse(const char *in, char out[11]); /* åååå-mm-dd or dd.mm.åååå */
long days_between(const char *iso_a, const char *iso_b);
void date_add_days(char out[11], const char *iso, long days);

/* ---------------------------------------------------------------- buf.c
 * The one buffer type and the one escaping output function.  Conversions:
 *   %h HTML text   %a HTML attribute   %u URL component   %j JSON string
 *   %s raw: string literals only (tools/codecheck.c fails the build otherwise)
 *   %d int   %l long long   %z size_t   %c char   %x unsigned hex   %%
 */
typedef struct Buf {
	char *p;
	size_t n, cap;
} Buf;

void buf_grow(Buf *b, size_t extra);
void buf_append(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_int(Buf *b, long long v); /* in decimal, as bprintf's %l */
void buf_reset(Buf *b);
void buf_free(Buf *b);
const char *buf_str(Buf *b); /* NUL-terminated view */
void bprintf(Buf *b, const char *fmt, ...);
void bvprintf(Buf *b, const char *fmt, va_list ap);
void buf_html(Buf *b, const char *s, int attr);
void buf_url(Buf *b, const char *s);
void buf_json(Buf *b, const char *s);

/* ---------------------------------------------------------------- db.c
 * The database layer.  All SQL in the program goes through these calls:
 * one statement per prepare, values always bound, errors loud.  A failed
 * call marks the connection failed; later calls do nothing until
 * db_clear_failure(), and the request answers 500 after a rollback.
 *
 * Bind types (one letter per '?'):  i int, I long long, J long long id (0 -> NULL),
 * t text (NULL -> NULL),
 * b blob (pointer, size_t), n NULL.
 */
typedef struct Db Db;
typedef struct Stmt {
	Db *db;
	void *st;
	int done;
	int slot; /* its place in the connection's statement cache, or -1 */
} Stmt;

Db *db_open(const char *path, int create);
void db_close(Db *db);
void db_counts_take(Db *db, long *queries, long *prepares);
void db_serialize_writers(Db *db);
void db_begin_log(Db *db);
void db_checkpoint_limits(int main_pages, int log_pages); /* tests: when the checkpoint thread holds up writers */
void db_use_map(Db *db, int on); /* the case data through the memory map for this request (db.c) */
int db_serialized(const Db *db);
void db_set_failed(Db *db, const char *why);
void db_read_begin(Db *db);
void db_read_end(Db *db);
long long db_snapshot(const Db *db);
int db_in_write_tx(const Db *db);
long long db_commits(const Db *db); /* change transactions committed on the connection */
void db_sync_counts(unsigned long long *syncs, unsigned long long *asked); /* group syncs (db.c) */
int db_syncer_start(const char *path);
int db_checkpointer_start(const char *path);
void db_checkpointer_stop(void);
void db_syncer_stop(void);
void db_defer_syncs(Db *db);
unsigned long long db_sync_wanted(Db *db); /* the change to wait for, 0 none; clears it */
int db_sync_submit(unsigned long long seq, void (*done)(void *arg, int ok), void *arg);
int db_sync_wait(Db *db, unsigned long long seq); /* 1 when on disk */
extern int (*db_sync_hook)(void); /* tests: before each group sync; nonzero fails it */
int db_migrate(Db *db, int *from, int *to);
int db_failed(const Db *db);
const char *db_error(const Db *db);
void db_clear_failure(Db *db);
int db_query(Db *db, Stmt *q, const char *sql, const char *types, ...);
int db_step(Stmt *q); /* 1 row, 0 done or failed */
void db_finalize(Stmt *q);
long long db_col_int(Stmt *q, int i);
const char *db_col_text(Stmt *q, int i); /* "" for NULL */
int db_col_null(Stmt *q, int i);
const void *db_col_blob(Stmt *q, int i, size_t *n);
int db_exec(Db *db, const char *sql, const char *types, ...);
long long db_int(Db *db, long long dflt, const char *sql, const char *types, ...);
long long db_insert(Db *db, const char *sql, const char *types, ...); /* the new row's id, 0 on failure */
char *db_text(Db *db, const char *sql, const char *types, ...); /* malloc'd or NULL */
long long db_changes(Db *db);
void db_begin(Db *db);  /* write transaction; nests */
int db_commit(Db *db);  /* 0 when the outermost commit failed */
void db_rollback(Db *db);
int db_in_tx(const Db *db);
int db_backup(Db *db, const char *to, char *err, size_t errlen);
int db_is_demo(Db *db);
const char *db_path(const Db *db);

/* Migrations, numbered; schema.c.  The case data's (migrations) and the
 * access log's file (log_migrations, the schema "log"); LOG_MOVED is the
 * migration that dropped the access log from the case data's file. */
extern const char *const migrations[];
extern const char *const person_active_sql; /* schema.c: recompute person.active_until (migration 15) */
extern const char *const course_kept_sql;   /* schema.c: recompute the kept_ columns of course (migration 18) */
extern const int n_migrations;
extern const char *const log_migrations[];
extern const int n_log_migrations;
#define LOG_MOVED 14
char *db_log_path(const char *path); /* malloc'd */
void db_remove_files(const char *path);

/* ---------------------------------------------------------------- roles */
enum {
	ROLE_ADMIN = 1 << 0,
	ROLE_LEADER = 1 << 1,
	ROLE_PROJECT_LEADER = 1 << 2,
	ROLE_COORDINATOR = 1 << 3,
	ROLE_SUPPORT = 1 << 4,
	ROLE_TEAM = 1 << 5,
	ROLE_PUBLIC = 1 << 15,   /* no login needed */
	ROLE_ANY = ROLE_ADMIN | ROLE_LEADER | ROLE_PROJECT_LEADER | ROLE_COORDINATOR |
		   ROLE_SUPPORT | ROLE_TEAM
};
int role_from_key(const char *key);
const char *role_key(int role);
const char *role_label(int role); /* untranslated N_ label */

/* ---------------------------------------------------------------- auth.c */
typedef struct User {
	long long id;
	long long municipality_id;
	char *username;
	char *name;
	char *lang;
	int role;
	int active;
} User;

int password_hash(const char *pw, char out[128]);
int password_verify(const char *hash, const char *pw);
int password_checks_at_once(int reset); /* the most hashes that ran at the same time (at most 2); reset: from now */
int password_acceptable(const char *pw); /* >= 8 chars, valid UTF-8 */
void password_generate(char out[21]);
void user_free(User *u);
int user_load(Db *db, long long id, User *u);
long long user_create(Db *db, const char *username, const char *name, int role,
		      long long municipality_id, const char *password);
int session_expired(time_t created, time_t last_seen, time_t t, long idle, long absolute);

extern long session_idle_seconds;
extern long session_max_seconds;

/* ---------------------------------------------------------------- audit.c */
int audit_log(Db *db, long long user_id, const char *username, const char *role,
	      const char *action, long long person_id, const char *route, const char *result);
long long audit_verify(Db *db, long long *rows); /* 0 ok, else first broken id */
typedef struct AuditRows AuditRows;
void audit_defer_begin(void);
AuditRows *audit_defer_take(void);
int audit_writer_start(const char *dbpath);
void audit_writer_stop(void);
int audit_submit(AuditRows *b, void (*done)(void *arg, int ok), void *arg);
int audit_rows_write(Db *db, AuditRows *b);

/* ---------------------------------------------------------------- cpr.c */
int cpr_parse(const char *in, char out[11]); /* 0 ok; normalised DDMMYYSSSS */
int cpr_birth_date(const char *cpr10, char out[11]);
void cpr_mask(const char *cpr10, char out[12]); /* DDMMYY-XXXX */
void cpr_format(const char *cpr10, char out[12]); /* DDMMYY-SSSS */

/* ---------------------------------------------------------------- i18n.c */
#define N_(s) (s)
const char *tr(const char *lang, const char *msgid);
int i18n_load(void);
void i18n_free(void);

/* ---------------------------------------------------------------- assets.c */
typedef struct Asset {
	const char *path;
	const unsigned char *data;
	size_t size;
} Asset;
extern const Asset embedded_files[];
extern const size_t n_embedded_files;
const Asset *asset_find(const char *path);
const char *asset_etag(const Asset *a);
const char *asset_url(const char *path); /* path?v=hash for links */
void assets_init(void);

/* ---------------------------------------------------------------- web */
typedef struct Req Req;
typedef void (*Handler)(Req *r);

typedef enum {
	PT_ID,     /* positive integer id */
	PT_INT,    /* integer in [min,max] */
	PT_LINE,   /* one line of text, at most max characters */
	PT_TEXT,   /* text with line breaks, at most max characters */
	PT_DATE,   /* date; normalised to åååå-mm-dd */
	PT_CPR,    /* CPR number; normalised to 10 digits */
	PT_ENUM,   /* one of choices */
	PT_TOKEN,  /* [A-Za-z0-9_-], at most max */
	PT_BOOL,   /* checkbox */
	PT_PATH    /* a local path to return to after login */
} ParamType;

enum {
	P_REQ = 1 << 0,     /* must be present and non-empty */
	P_MULTI = 1 << 1,   /* may repeat (checkbox lists) */
	P_PAST = 1 << 2,    /* date not after today */
	P_NOTRIM = 1 << 3,  /* keep surrounding white space (passwords) */
	P_QUERY = 1 << 4    /* from the query string; others come from a POST body */
};

typedef struct Choice {
	const char *key;
	const char *label; /* N_() Danish label */
} Choice;

typedef struct ParamDef {
	const char *name;
	ParamType type;
	unsigned flags;
	long long min, max;
	const Choice *choices;
} ParamDef;

/* R_REPORT: a report that takes a good part of a second at national scale;
 * the server draws it on a thread of its own (http.c), so that the pages of
 * the connections that share a worker thread with it are not held up. */
enum { R_CSRF_EXEMPT = 1 << 0, R_NO_SESSION = 1 << 1, R_ASSET = 1 << 2, R_REPORT = 1 << 3 };

typedef struct Route {
	const char *method;
	const char *pattern; /* "/unge/:id" */
	int roles;           /* 0 = nobody (deny by default) */
	Handler handler;
	const ParamDef *params; /* terminated by {0} */
	unsigned flags;
	const char *purpose;   /* for the access log */
} Route;

extern const Route routes[];
extern const size_t n_routes;

#define MAX_PARAMS 224 /* the network mapping form declares 8 per row, 25 rows */
typedef struct ParamVal {
	const ParamDef *def;
	char **vals; /* normalised values (P_MULTI may have several) */
	size_t nvals;
	char *raw;   /* first raw value as sent, for re-showing a form */
	const char *err;
	char *label; /* the field's label, once a field_* has shown it (owned) */
} ParamVal;

typedef struct Header {
	char *name, *value;
} Header;

struct Req {
	void *conn;
	Db *db;
	const Route *route;
	char *method, *path, *url_query;
	Buf body;
	int body_too_large;
	Buf out;
	int status;
	const char *ctype;
	Header hdr[16];
	int nhdr;
	char nonce[33];
	User user;
	int logged_in;
	unsigned char sess_hash[32];
	char csrf[65];
	char *flash;
	const char *lang;
	ParamVal params[MAX_PARAMS];
	int nparams;
	int nerrors;
	size_t summary_at;   /* where error_summary's list goes, filled in by page_end */
	int summary_pending;
	int handled;
	const void *asset;
	struct timespec t0;
	long nquery, nprepare; /* SQL statements run and prepared: in the request log */
	volatile int log_state; /* its waits (rows, sync): 0 none or waiting, 1 over, -1 one failed */
	atomic_int waiting;     /* http.c: the waits not over yet, while parked */
	volatile int wait_failed;
	struct Req *next_job;   /* http.c: the queue of the report threads */
	int may_defer;          /* http.c: req_defer may move the request to a report thread */
	int deferred;           /* req_defer did: the handler stopped, the request is drawn again there */
	int on_report;          /* drawn on a report thread */
	int chart_seq; /* chart.c: charts drawn so far on this page (unique SVG ids) */
};

/* http.c */
int server_run(const char *dbpath, const char *listen, int threads);
void req_header(Req *r, const char *name, const char *value);
const char *req_in_header(Req *r, const char *name);
const char *req_cookie(Req *r, const char *name);
void redirect(Req *r, const char *location);
void req_handle(Req *r); /* dispatch: also used by unit tests */
/* A handler about to do a report's work (hundreds of milliseconds) on a
 * worker thread, which would hold up every other connection of that
 * thread: answers 1 when the request will be drawn again from the start
 * on a report thread (the handler returns at once, having written and
 * logged nothing), 0 when it is to do the work itself (on a report thread
 * already, or none is running). */
int req_defer(Req *r);
void req_free(Req *r);

/* route.c */
const char *P(Req *r, const char *name);
long long PI(Req *r, const char *name);
int P_has(Req *r, const char *name, const char *value);
size_t P_count(Req *r, const char *name);
const char *P_at(Req *r, const char *name, size_t i);
const char *P_raw(Req *r, const char *name);
const char *P_err(Req *r, const char *name);
void P_set_err(Req *r, const char *name, const char *msg);
void P_prefill(Req *r, const char *name, const char *value);
void P_prefill_list(Req *r, const char *name, const char *value); /* one more checkbox, GET only */
const Route *route_match(const char *method, const char *path, int *method_mismatch,
			 char **pathvals, int *npathvals);
const char *param_check(const ParamDef *d, const char *raw, char **norm);
int params_collect(Req *r, char **pathvals, int npathvals);
void form_decode(const char *body, size_t n, void (*fn)(void *ctx, char *key, char *val), void *ctx);
int routes_selfcheck(void);

/* layout.c */
#define _(s) tr(r->lang, s)
void hp(Req *r, const char *fmt, ...);
void page_begin(Req *r, const char *title);
void page_end(Req *r);
void page_fail(Req *r, int status, const char *fmt, ...);
void form_begin(Req *r, const char *action);
void form_end(Req *r);
void form_buttons(Req *r, const char *button, const char *cancel); /* submit, cancel link, form_end */
void field_text(Req *r, const char *name, const char *label, const char *hint,
		const char *type, const char *autocomplete);
void field_textarea(Req *r, const char *name, const char *label, const char *hint);
void field_select(Req *r, const char *name, const char *label, const char *hint,
		  const Choice *choices);
void field_checkboxes(Req *r, const char *name, const char *label, const char *hint,
		      const Choice *choices);
void field_radios(Req *r, const char *name, const char *label, const char *hint,
		  const Choice *choices);
/* A field with more than field_text gives: a label part for screen readers
 * only, extra classes; field_open_opts writes the group, label, hint and
 * error, and the caller the control (closing the div, and a group's
 * fieldset), using field_describedby for its aria attributes. */
typedef struct FieldOpts {
	const char *name, *label, *hint;
	const char *label_sr;     /* more of the label for screen readers only, or NULL */
	const char *summary_label; /* the label in the error summary, when not label */
	const char *hint_class;   /* an extra class of the hint, or NULL */
	const char *group_class;  /* an extra class of the form group, or NULL */
	const char *legend_class; /* an extra class of a group's legend, or NULL */
	int group;                /* a fieldset with a legend (radios, checkboxes) */
} FieldOpts;
void field_open_opts(Req *r, const FieldOpts *o);
void field_set_label(Req *r, const char *name, const char *label); /* for the error summary */
void field_describedby(Req *r, const char *name, int has_hint); /* aria-describedby, aria-invalid */
void field_number_input(Req *r, const char *name, int has_hint, const char *inputmode, const char *extra_class);
void field_number(Req *r, const FieldOpts *o, const char *inputmode, const char *extra_class);
void error_summary(Req *r);
void flash_set(Req *r, const char *msg); /* shown once on the next page */
extern int demo_mode;
const char *field_value(Req *r, const char *name);
void change_history(Req *r, const char *entity, long long id, const char *(*label)(const char *field),
		    void (*value)(Req *r, const char *field, const char *v));

/* auth.c pages and session handling */
void session_load(Req *r);
int session_create(Req *r, long long user_id);
void session_end(Req *r);
int csrf_ok(Req *r);
char *form_field(Req *r, const char *name);
int once_begin(Req *r, char **token);
void once_end(Req *r, char *token);
void page_login(Req *r);
void page_login_post(Req *r);
void page_logout(Req *r);

/* pages */
void page_root(Req *r);
void page_caseload(Req *r);
void page_referral_form(Req *r);
void page_referral_post(Req *r);
void page_person(Req *r);
void page_person_cpr(Req *r);
void page_settings(Req *r);
void page_settings_post(Req *r);
void page_users(Req *r);
void page_user_add(Req *r);
void page_user_disable(Req *r);
void page_overview(Req *r);
void page_asset(Req *r);

/* person.c: object-level access */
int person_access(Req *r, long long person_id, const char *action);
int person_owner(Req *r, long long person_id, const char *action); /* may change the case */
int person_is_owner(Req *r, long long person_id); /* the same, without output or log */

/* goals.c: Redskab 3, goals and binding agreements */
void page_goals(Req *r);
void page_goal_add(Req *r);
void page_goal(Req *r);
void page_goal_save(Req *r);
void page_agreement_add(Req *r);
void page_agreement(Req *r);
void page_agreement_save(Req *r);
void page_agreement_followup(Req *r);
void page_my_agreements(Req *r);
void goals_section(Req *r, long long person, long long course);
void goals_caseload_cell(Req *r, long long course);
void goals_cell_draw(Req *r, long long late);
typedef struct GoalsLate {
	long long course;
	long long late; /* open agreements past their deadline */
} GoalsLate;
GoalsLate *goals_late_open(Db *db, const char *ids, const char *today, size_t *n);
/* at a network meeting: every open agreement with a status and a note
 * (form fields fa, fs, fn, in the held form of meeting.c) */
void agreements_review_fields(Req *r, long long course);
int agreements_review_check(Req *r, long long course);
void agreements_review_save(Req *r, long long course, long long meeting, const char *on_date);
void agreements_reviewed(Req *r, long long meeting);

/* ---------------------------------------------------------------- domain.c */
extern const Choice actors[];
extern const Choice risk_factors[];
extern const Choice housing_situations[];
extern const Choice target_groups[];
extern const Choice steps[];
extern const Choice role_choices[];
extern const Choice combinations[];
extern const Choice home_kinds[];
extern const Choice end_reasons[];
extern const Choice start_checklist[];
extern const Choice close_involvement[];
extern const Choice languages[];
extern const Choice life_domains[];
extern const Choice goal_statuses[];
extern const Choice agreement_statuses[];
extern const Choice responsible_kinds[];
const char *choice_label(const Choice *c, const char *key);

/* ---------------------------------------------------------------- ical.c, meeting.c
 * Network meetings (netværksmøder, core element 3) with the meeting
 * checklist (Mødetjekliste, tool 2) and their iCalendar invitations. */
typedef struct IcalAttendee {
	const char *name, *email;
} IcalAttendee;
typedef struct IcalEvent {
	const char *uid;       /* stable per meeting */
	int sequence;          /* counts the moves */
	time_t dtstamp;
	const char *date;      /* åååå-mm-dd */
	const char *start, *end; /* tt:mm, Copenhagen time */
	const char *summary, *location, *description;
	const char *organizer_name, *organizer_email; /* ORGANIZER only with an e-mail */
	const IcalAttendee *attendees;
	int nattendees;
} IcalEvent;
void ical_text(Buf *b, const char *s);        /* TEXT escaping */
void ical_fold(Buf *out, const char *line);   /* fold at 75 octets, CRLF */
int ical_find_email(const char *contact, char *out, size_t cap);
void ical_invitation(Buf *out, const IcalEvent *e);

/* The rule: at least three meetings a year with the young person present. */
typedef struct MeetingRule {
	int held_12m;     /* held with the young person present, last 12 months */
	char latest[11];  /* the latest such meeting, "" if none */
	char due[11];     /* the next meeting is due at the latest on this date */
	int overdue;      /* today is after due */
} MeetingRule;
void date_add_months(char out[11], const char *iso, int months);
int ymd_read(const char *iso, int *y, int *m, int *d);
void meeting_rule(const char *course_start, const char *const *held, int nheld,
		  const char *today, MeetingRule *out);
int meeting_next_due(Db *db, long long course_id, char out[11]); /* 1 overdue, 0 not, -1 no course */
void meeting_section(Req *r, long long person_id, long long course_id);
void meeting_caseload_cell(Req *r, long long course_id); /* a <td> with data-title (table--responsive-headers) */
struct CourseState; /* course.c */
typedef struct MeetingCell {
	long long course;
	int overdue;   /* as meeting_next_due: 1, 0, or -1 when nothing is due */
	char due[11];  /* the next meeting is due at the latest, "" when nothing is due */
	char next[11]; /* the next planned meeting, "" if none */
} MeetingCell;
void meeting_cell_draw(Req *r, const MeetingCell *c);
MeetingCell *meeting_cells_open(Db *db, const char *ids, const struct CourseState *cs, size_t n, const char *today);
MeetingCell *meeting_cells_read(Stmt *q, const struct CourseState *cs, size_t n, const char *today);
void meeting_demo(Db *db, long long course_id, unsigned seed);
void page_meeting_new(Req *r);
void page_meeting_create(Req *r);
void page_meeting(Req *r);
void page_meeting_move_form(Req *r);
void page_meeting_move(Req *r);
void page_meeting_checklist(Req *r);
void page_meeting_held(Req *r);
void page_meeting_ics(Req *r);
extern const Choice meeting_checklist[];
extern const Choice meeting_phases[];
extern const Choice network_relations[];
extern const Choice yes_no[];
/* ---------------------------------------------------------------- network.c
 * Tool 1, network mapping (Netværkskortlægning): dated versions of the
 * people in the young person's network, the server-drawn SVG map and the
 * comparison of two versions. */
#define NET_MAX_ROWS 25      /* people in one mapping (rows in the form) */
#define NET_R0 50            /* radius of the young person in the centre */
#define NET_RW 80            /* width of each closeness ring */
#define NET_DOT 6            /* radius of a person's dot */
typedef struct NetNode {
	int sector; /* 0 family (top left), 1 friends (top right), 2 professionals
		     * (bottom right), 3 other (bottom left) */
	int ring;   /* 0 close, 1 middle, 2 distant */
} NetNode;
typedef struct NetPos {
	double x, y; /* SVG coordinates, the centre at 0,0, y downwards */
} NetPos;
void network_layout(const NetNode *in, int n, NetPos *out);
int network_sector(const char *relation);
int network_ring(const char *closeness);
void network_section(Req *r, long long person_id, long long course_id);
void page_network(Req *r);
void page_network_form(Req *r);
void page_network_post(Req *r);
void page_network_version(Req *r);
void page_network_compare(Req *r);
extern const Choice net_relations[];
extern const Choice net_closeness[];
extern const Choice net_valence[];
extern const Choice net_frequency[];
/* ---------------------------------------------------------------- course.c
 * The course through the seven steps (DOMAIN.md §3), the allocation, the
 * coordinator and the start checklist.  The current step is derived from
 * the recorded events by the pure functions below (never stored). */
enum { COMB_NONE = 0, COMB_MODEL, COMB_CTI, COMB_ICM };
typedef struct CourseState {
	long long id;
	int homeless;        /* target group */
	int combination;     /* COMB_NONE until allocated */
	char date[8][11];    /* date of step 1..7, "" when not recorded */
	char home_found[11]; /* earliest home found, "" when none */
	char closed_on[11];  /* "" while the course is open */
	int declined;
} CourseState;
int combination_from_key(const char *key);
int course_current_step(const CourseState *s);
int course_step_applies(const CourseState *s, int step);
const char *course_step_rule(const CourseState *s, int step);
const char *course_step_check(const CourseState *s, int step, const char *date, const char *today);
const char *course_decline_check(const CourseState *s, const char *date, const char *today);
const char *course_home_check(const CourseState *s, const char *date, const char *today);
const char *allocation_rule(int homeless, int combination);
int course_state_load(Db *db, long long course_id, CourseState *s);
CourseState *course_states_open(Db *db, const char *ids, size_t *n); /* ids: a JSON array of course ids */
CourseState *course_states_read(Stmt *courses, size_t *n); /* id, then the state's columns (course.c) */
long long coordinator_caseload(Db *db, long long user_id);
void course_section(Req *r, long long person_id, long long course_id);
void course_unassigned(Req *r, long long mine); /* mine: coordinator_caseload */
void page_allocation(Req *r);
void page_allocation_post(Req *r);
void page_home_found(Req *r);
void page_home_found_post(Req *r);
void page_step(Req *r);
void page_step_post(Req *r);
void page_close(Req *r);
void page_close_post(Req *r);
void page_decline(Req *r);
void page_decline_post(Req *r);
void page_reopen(Req *r);
void page_reopen_post(Req *r);
void page_coordinator(Req *r);
void page_coordinator_post(Req *r);
void page_coordinator_take(Req *r);
void page_checklist_post(Req *r);
void page_guide(Req *r);
void page_guide_post(Req *r);
/* ---------------------------------------------------------------- team.c
 * The interdisciplinary team around a young person's course, consent
 * (samtykke, Retssikkerhedsloven §11a) and the municipality's actor
 * catalog (data, seeded from actors[]). */
enum { ACCESS_NONE, ACCESS_TEAM_ONLY, ACCESS_FULL }; /* person_access_level */
int person_access_level(Req *r, long long person_id); /* person.c; no output, no log */
enum { CONSENT_NONE, CONSENT_WITHDRAWN, CONSENT_EXPIRED, CONSENT_EXPIRING, CONSENT_VALID };
int consent_status(Db *db, long long course_id); /* the best of the course's consents today */
const char *consent_status_label(int status);    /* untranslated N_ label */
int team_membership(Db *db, long long person_id, long long user_id, int *covered);
void actors_seed(Db *db, long long municipality_id);
void team_section(Req *r, long long person_id, long long course_id);
void team_person_reduced(Req *r, long long person_id);
void team_caseload(Req *r, int standalone);
void consent_cell(Req *r, long long course_id);
void consent_cell_draw(Req *r, int status);
typedef struct ConsentCell {
	long long course;
	int status; /* consent_status */
} ConsentCell;
ConsentCell *consent_status_open(Db *db, const char *ids, size_t *n);
void page_team(Req *r);
void page_team_add(Req *r);
void page_team_end_form(Req *r);
void page_team_end(Req *r);
void page_consents(Req *r);
void page_consent_add(Req *r);
void page_consent_withdraw_form(Req *r);
void page_consent_withdraw(Req *r);
void page_actors(Req *r);
void page_actor_add(Req *r);
void page_actor_edit_form(Req *r);
void page_actor_edit(Req *r);
extern const Choice consent_kinds[];
extern const Choice consent_how[];
extern const Choice actor_active[];

/* ---------------------------------------------------------------- support.c, contact.c, home.c
 * Housing support (DOMAIN.md §4): support courses by method, the workers
 * and the caps on their caseloads, the CTI phases, contacts, the home. */
enum { METHOD_NONE = 0, METHOD_CTI, METHOD_ICM, METHOD_ACT };
#define CTI_CAP 10 /* young people per CTI worker at a time */
#define ICM_CAP 8  /* young people per ICM worker at a time */
typedef struct CtiPhases {
	char phase[3][11];  /* the first day of phase 1, 2, 3 */
	char last_day[11];  /* the last day of the nine months */
	char handover_by[11]; /* the handover agreement is due on this day */
} CtiPhases;
int method_from_key(const char *key);
const char *method_key(int method);
int support_cap(int method); /* 0: no cap */
void cti_phases(const char *start, CtiPhases *out);
int cti_phase_on(const CtiPhases *p, const char *date); /* 1-3; 0 before, 4 after */
long long support_caseload(Db *db, long long user_id, int method);
long long support_open(Db *db, long long course_id); /* 0: none open */
int support_is_worker(Db *db, long long person_id, long long user_id);
int support_may_change(Req *r, long long person_id, const char *action);
void support_section(Req *r, long long person_id, long long course_id);
void support_worklist(Req *r);
void contact_section(Req *r, long long person_id, long long support_id);
int contact_last(Db *db, long long support_id, char out[11]);
void home_section(Req *r, long long person_id, long long course_id);
/* home.c: the home (step 5) and losing it.  home_situation: the young
 * person's housing situation now: "own_home" (moved into a home not lost),
 * else a housing_situations key (after losing a home, or at the referral),
 * "" unknown; home_situation_label: its untranslated N_ label. */
extern const Choice dwelling_kinds[];
extern const Choice home_found_how[];
extern const Choice home_supports[];
extern const Choice home_lost_reasons[];
const char *home_situation(Db *db, long long course_id, char *buf, size_t n);
const char *home_situation_label(const char *key);
void page_home_new(Req *r);
void page_home_create(Req *r);
void page_home_edit(Req *r);
void page_home_save(Req *r);
void page_home_lost_form(Req *r);
void page_home_lost(Req *r);
/* support.c: the catalogs (domain.c), the cap check, the pages */
extern const Choice support_methods[];
extern const Choice act_disciplines[];
extern const Choice cti_checklist[]; /* key "pN_...": N is the phase */
extern const Choice support_end_reasons[];
extern const Choice next_supports[];
enum { ASSIGN_OK, ASSIGN_OVERRIDE, ASSIGN_FULL, ASSIGN_NEED_REASON };
int support_assign_check(int method, long long caseload, int role, const char *reason);
int cti_item_overdue(const CtiPhases *p, const char *item, const char *today);
void page_support_new(Req *r);
void page_support_create(Req *r);
void page_support(Req *r);
void page_support_checklist(Req *r);
void page_support_checklist_undo(Req *r);
void page_support_worker(Req *r);
void page_support_worker_post(Req *r);
void page_support_end(Req *r);
void page_support_end_post(Req *r);
void page_support_caseloads(Req *r);
void page_support_caseload(Req *r);
/* contact.c: the contacts and the contact intensity per week.  Weeks run
 * Monday-Sunday from the week of the start to the week of upto; for CTI the
 * weeks are grouped in the guide's windows (phase 1: each week; phase 2:
 * two weeks; phase 3: the months from the phase's start) and a window that
 * has ended without a contact that reached the young person is flagged. */
typedef struct ContactWeek {
	char monday[11];
	int contacts, reached; /* all contacts in the week; those that reached the young person */
	int phase;             /* CTI: 1-3 (4 after the nine months); 0 for ICM and ACT */
	int window;            /* the guide window it belongs to, -1 when none */
	int flagged;           /* in a finished window without a contact that reached the young person */
} ContactWeek;
typedef struct ContactWindow {
	int first, last; /* weeks */
	int phase, reached;
	int judged;      /* its last Sunday is not after upto */
	int flagged;
} ContactWindow;
typedef struct ContactIntensity {
	ContactWeek *weeks;
	int nweeks;
	ContactWindow *windows;
	int nwindows;
	int gaps[4]; /* flagged windows in phase 1, 2, 3 (index 0 unused) */
} ContactIntensity;
int weekday_of(const char *iso); /* 0 Monday .. 6 Sunday */
int iso_week(const char *iso, int *year);
void contact_intensity(const char *start, const char *upto, int cti, const char *const *dates,
		       const int *reached, int n, ContactIntensity *out);
void contact_intensity_free(ContactIntensity *ci);
void page_contacts(Req *r);
void page_contact_new(Req *r);
void page_contact_create(Req *r);
void page_contact(Req *r);
void page_contact_save(Req *r);
void contact_demo(Db *db, long long support_id, unsigned seed); /* for demo.c */
extern const Choice contact_kinds[];
extern const Choice contact_places[];

/* ---------------------------------------------------------------- instrument.c
 * Documentation of results (DOMAIN.md §6): the quarterly instruments
 * defined as data (items, scales, anchors, who fills in, how often), synced
 * into versioned tables (instrument, instrument_item, instrument_option),
 * when each measurement is due, and the worklist rows every documentation
 * task uses.  Items' kinds: "scale" and "choice" (one option of scale),
 * "multi" (several), "number" (0..max), "hours" (hours with a decimal comma,
 * stored as minutes in num), "text" (at most max characters).  prefill names
 * the source of the suggested answer (measure.c). */
typedef struct InstrItemDef {
	const char *key;
	const char *section;  /* N_ heading */
	const char *label;    /* N_ */
	const char *hint;     /* N_ or NULL */
	const char *kind;
	const char *scale;    /* scale key for scale/choice/multi, else NULL */
	int required;
	const char *prefill;  /* prefill source or NULL */
	int max;              /* number: largest value; text: characters */
} InstrItemDef;
typedef struct InstrDef {
	const char *key;       /* individ_model, individ_support, dialog */
	const char *title;     /* N_ */
	const char *filled_by; /* coordinator, support, youth (with the coordinator) */
	int months;            /* every this many months */
	const InstrItemDef *items;
} InstrDef;
extern const InstrDef instruments[];
extern const Choice housing_answers[];   /* the housing item's options */
extern const Choice housing_summaries[]; /* housed, homeless, other, unknown */
const char *housing_summary(const char *answer);
const Choice *instrument_scale(const char *key);
const InstrDef *instrument_def(const char *key);
int instrument_sync(Db *db);             /* new versions stored, -1 on failure */
long long instrument_current(Db *db, const char *key); /* the newest version's id */
#define OPEN_DAYS 14  /* a task shows this many days before it is due */
#define GRACE_DAYS 14 /* and is late this many days after */
enum { DUE_LATER, DUE_SOON, DUE_NOW, DUE_LATE, DUE_DONE, DUE_DONE_LATE };
typedef struct InstrDue {
	int no;              /* 0 start, 1, 2, ... */
	int final;           /* the final measurement at the end */
	char from[11], to[11]; /* the period it covers */
	char due[11];
	int state;           /* measure_schedule: DUE_* */
	long long measurement_id; /* measure_schedule: the one filled in, 0 if none */
	char filled_on[11];
} InstrDue;
int instr_schedule(const char *start, const char *end, int months, InstrDue *out, int max);
int due_state(const char *due, const char *today);
const char *due_state_label(int state); /* untranslated N_ label */
void period_of(const char *date, int months, char from[11], char to[11]); /* calendar quarter (3) or half (6) */
/* the period of the municipality's first course, or the day before from when it began earlier */
void first_course_period(Db *db, long long municipality_id, int months, const char *from, char out[11]);
/* the schedule of one course's instrument up to the first one not yet open
 * (the support instrument: support_id names the support course, else 0) */
int measure_schedule(Db *db, long long course_id, const char *key, long long support_id, const char *today,
		     InstrDue *out, int max);
typedef struct InstrMade { /* one measurement made, as the schedule needs it */
	int no;
	long long id;
	char filled_on[11];
} InstrMade;
int measure_schedule_of(const char *key, const char *start, const char *end, const InstrMade *made, int nmade,
			const char *today, InstrDue *out, int max);
int measure_responsible(Db *db, long long course_id, const char *key, long long support_id, long long user_id);
void measure_schedules(Db *db, long long municipality_id, const char *key, const char *from, const char *to,
		       const char *today, void (*fn)(void *arg, const InstrDue *due, int n), void *arg);
typedef struct Completeness {
	int due;      /* measurements due in the period (not those only coming soon) */
	int on_time;  /* filled in at the latest GRACE_DAYS after the due date */
	int late;     /* filled in, later */
	int missing;  /* not filled in and late */
	int open;     /* not filled in, not yet late */
} Completeness;
void measure_completeness(Db *db, long long municipality_id, const char *key, const char *from, const char *to,
			  const char *today, Completeness *out);
/* worklist rows: task, young person (or NULL), period, due date, state, link */
void todo_table_begin(Req *r, const char *caption);
void todo_row(Req *r, const char *task, const char *who, const char *from, const char *to, const char *due,
	      int state, const char *href);
void todo_table_end(Req *r);

/* ---------------------------------------------------------------- measure.c, timereg.c, fidelity.c, report.c
 * The documentation tasks.  Each X_todos writes the worklist rows
 * (todo_row) of the tasks open for r->user (DUE_SOON, DUE_NOW, DUE_LATE)
 * when show is set, else nothing, and returns how many there are; *late
 * gets how many of them are late.  X_demo fills in history for the demo. */
/* measure.c: filling in the three instruments */
void measure_section(Req *r, long long person_id, long long course_id); /* the young person's page */
int measure_todos(Req *r, int show, int *late);
/* A coordinator's young people's courses as one walk reads them
 * (person.c, caseload_courses) for "Mine unge" and its worklist notice:
 * every open course (of any municipality: the caseload counts them all),
 * and each course in the user's municipality closed in the last 90 days or
 * with a support course ended in them (the worklist's final
 * measurements), in name, person and course order. */
typedef struct CaseCourse {
	long long person, course;
	char *name, *cpr;
	char target[16];
	int open;  /* not closed */
	int here;  /* in the user's municipality */
	int model; /* here, and open or closed in the last 90 days: its instruments' schedules */
	char referred[11]; /* open: the first referral */
	char start[11], end[11]; /* here: the span of the model's schedules, as schedule_span */
} CaseCourse;
CaseCourse *caseload_courses(Req *r, const char *today, size_t *n);
void caseload_courses_free(CaseCourse *cc, size_t n);
int measure_todos_of(Req *r, int show, int *late, const CaseCourse *cc, size_t ncc); /* a coordinator's, from cc */
void measure_demo(Db *db, long long course_id, unsigned seed);
/* measure.c pages (/unge/:id/maalinger...) and what the unit tests reach */
void page_measures(Req *r);
void page_measure_new(Req *r);
void page_measure_create(Req *r);
void page_measure_print(Req *r);
void page_measure(Req *r);
void page_measure_edit(Req *r);
void page_measure_save(Req *r);
char *measure_prefill(Db *db, long long course_id, long long support_id, const char *source, const char *from,
		      const char *to); /* the suggested answer as text, malloc'd, NULL: none */
const char *measure_check_value(Db *db, long long instrument_id, const char *item_key, const char *value,
				const char *from, const char *to); /* NULL ok, else the N_ message */
char *measure_answer_text(Db *db, long long measurement_id, const char *item_key); /* in its version's words */
/* timereg.c: time registration per quarter; the hourly cost */
int timereg_todos(Req *r, int show, int *late);
void timereg_demo(Db *db, long long municipality_id, unsigned seed);
enum { TIME_MODEL, TIME_CTI, TIME_ICM, TIME_ACT, TIME_METHODS };
enum { TIME_DIRECT, TIME_MEETINGS, TIME_COORDINATION, TIME_TRANSPORT, TIME_CATEGORIES };
enum { HOURS_OK, HOURS_FORMAT, HOURS_NEGATIVE, HOURS_DECIMALS, HOURS_HUGE };
typedef struct TimePrefill {
	long long minutes[TIME_METHODS][TIME_CATEGORIES];
	int contacts[TIME_METHODS]; /* contacts behind direct contact and transport */
	int meetings;               /* held network meetings behind model/meetings */
} TimePrefill;
extern const Choice time_methods[];
extern const Choice time_categories[];
int hours_parse(const char *s, long long *minutes); /* HOURS_*; "7,5" or "7.5"; empty is 0 */
void hours_format(char out[32], long long minutes); /* "7,5" */
long long timereg_limit(const char *from);          /* the quarter's days × 24 h in minutes; 0: no quarter start */
const char *timereg_quarter_check(const char *from, const char *today, const char *start); /* NULL or N_ message */
void timereg_prefill(Db *db, long long user_id, const char *from, const char *to, TimePrefill *out);
void page_timereg(Req *r);
void page_timereg_new(Req *r);
void page_timereg_create(Req *r);
void page_timereg_view(Req *r);
void page_timereg_edit(Req *r);
void page_timereg_save(Req *r);
void page_timereg_overview(Req *r);
void page_hourly_cost(Req *r);
void page_hourly_cost_post(Req *r);
/* fidelity.c: the quarterly fidelity measurement */
int fidelity_todos(Req *r, int show, int *late);
void fidelity_demo(Db *db, long long municipality_id, long long author_id, unsigned seed);
/* fidelity.c: the items, scores and pages.  fidelity_share_score: num of den
 * as 1-5 (0 when den is 0: no data); fidelity_answer_score: ja 5, delvist 3,
 * nej 1, else 0; fidelity_scores: the mean per element (out[1..7], 0 without
 * a score) of items with a score 1-5, returns the mean of the elements that
 * have one (0 none); fidelity_compute: one computed item for the quarter
 * starting on from, counted on its last day or today (-1: no such item). */
extern const Choice fidelity_answers[];
int fidelity_share_score(long long num, long long den);
int fidelity_answer_score(const char *answer);
double fidelity_scores(const int *element, const int *score, int n, double out[8]);
int fidelity_compute(Db *db, long long municipality_id, const char *key, const char *from, const char *today,
		     long long *num, long long *den);
void page_fidelity_list(Req *r);
void page_fidelity_new(Req *r);
void page_fidelity_create(Req *r);
void page_fidelity(Req *r);
void page_fidelity_edit(Req *r);
void page_fidelity_save(Req *r);
/* report.c: the half-yearly project report; completeness for the municipality */
int report_todos(Req *r, int show, int *late);
void report_completeness(Req *r); /* the project leader's overview on /dokumentation */
void report_demo(Db *db, long long municipality_id, long long author_id, unsigned seed);
/* report.c: the key figures of a period, computed from the data (each a
 * count under a stable key: "referred", "started", "ended_less_complex",
 * "open_model_cti", "meetings_held", "instr_dialog_on_time", "cti_max",
 * "own_home_end", ...); report_fig: -1 for a key not there.
 * report_half_check: 0 when from is the first day of a half year that
 * has begun by today, 1 not a half's first day, 2 not begun.  The pages. */
#define REPORT_MAX_FIGS 96
typedef struct ReportFigs {
	int n;
	struct {
		char key[40];
		long long value;
	} fig[REPORT_MAX_FIGS];
} ReportFigs;
void report_figures(Db *db, long long municipality_id, const char *from, const char *to, const char *today,
		    ReportFigs *out);
long long report_fig(const ReportFigs *f, const char *key);
int report_half_check(const char *from, const char *today);
void page_reports(Req *r);
void page_report_new(Req *r);
void page_report_create(Req *r);
void page_report(Req *r);
void page_report_edit(Req *r);
void page_report_save(Req *r);
/* worklist.c: /dokumentation, every documentation task of the user */
void page_documentation(Req *r);
void documentation_notice(Req *r); /* on Mine unge: the open tasks, with a link */
void caseload_notice(Req *r, const CaseCourse *cc, size_t n); /* the same for a coordinator, from their courses */

/* ---------------------------------------------------------------- table.c, chart.c
 * Results for the leadership group (issue 6, DOMAIN.md §7, §8).  Every
 * report is built as Tables of typed cells; the same Table renders as an
 * HTML table (the text alternative under a chart), CSV and XLSX, so the
 * page, the print and the exports always show the same figures.
 * Headings and text are given already translated (_()).  A count below
 * SUPPRESS_BELOW (cell_count) and a share of fewer than SUPPRESS_BELOW
 * (cell_share) is suppressed in every format: "under 5" instead of the
 * figure, so that no young person can be identified. */
#define SUPPRESS_BELOW 5
typedef enum { C_EMPTY, C_TEXT, C_INT, C_NUM, C_SHARE, C_DATE, C_MONTH } CellType;
typedef struct Cell { /* 32 bytes: the export at national scale has half a million */
	double v;       /* C_INT, C_NUM; C_SHARE: the share 0..1 */
	char *s;        /* C_TEXT; C_DATE åååå-mm-dd; C_MONTH åååå-mm */
	int num, den;   /* C_SHARE: numerator and denominator (numbers of people) */
	unsigned char t;          /* a CellType */
	unsigned char dec;        /* C_NUM: decimals shown */
	unsigned char suppressed; /* shown as "under 5", never the value */
} Cell;
typedef struct Table {
	char *title;  /* the caption; the sheet name in XLSX (cut to 31) */
	char *note;   /* a sentence under the table, or NULL */
	int ncols, nrows, cap, fill;
	char **heads; /* ncols headings */
	Cell *cells;  /* nrows × ncols, row by row */
	int row_heads; /* the first column heads its row (th scope=row) */
} Table;
Table *table_new(const char *title, int ncols, ...); /* then ncols headings (const char *) */
void table_free(Table *t);
void table_note(Table *t, const char *note);
void table_row(Table *t); /* starts a row; the cells below fill it left to right */
void table_reserve(Table *t, int nrows); /* room for nrows rows in all, allocated once */
Cell *table_at(Table *t, int row, int col); /* a cell of a row already made, to fill out of order */
void cell_suppress_if_few(Table *t, long long n); /* the last cell: "under 5" when 0 < n < 5 */
void cell_text(Table *t, const char *s);
void cell_int(Table *t, long long v);
void cell_count(Table *t, long long v); /* a number of people: suppressed when 0 < v < 5 */
void cell_num(Table *t, double v, int decimals);
void cell_share(Table *t, long long num, long long den); /* shown "73 % (73 af 100)"; empty when den 0;
							   suppressed when den < 5 */
void cell_date(Table *t, const char *iso);
void cell_month(Table *t, const char *iso_month); /* åååå-mm */
void cell_empty(Table *t);
const Cell *table_cell(const Table *t, int row, int col);
void table_html(Req *r, const Table *t);
void table_csv(Req *r, Buf *b, Table *const *t, int n); /* UTF-8 BOM, RFC 4180, CRLF; formula cells neutralised */
int table_xlsx(Req *r, Buf *b, Table *const *t, int n); /* one sheet per table; 0 ok */
void csv_field(Buf *b, const char *s); /* one RFC 4180 field, neutralised against formulas */
void num_da(Buf *b, double v, int dec); /* Danish number format: 50.700 and 12,5 */
void cell_show(Req *r, Buf *b, const Cell *c); /* a cell's text as the page shows it */
/* When the route's "format" parameter is csv or xlsx: sends the tables as
 * a download named name.csv / name.xlsx, logs the export and returns 1.
 * Else returns 0 and the page goes on as HTML. */
int table_export(Req *r, const char *name, Table *const *t, int n);
void export_links(Req *r, const char *path_and_query); /* "Hent som CSV / Excel" for the page's tables */
void audit_muni(Req *r, const char *action, const char *result); /* a municipal-level view or change */
extern const Choice export_formats[];

/* chart.c: server-drawn SVG charts with a title, axis labels and
 * role="img"; each draws from a Table and shows the table under it as
 * its text alternative.  Suppressed and empty cells are not drawn.
 * chart_bars: one bar per row (label column 0, value column col);
 * chart_lines: x = column 0, one line per column first..last;
 * chart_boxes: one box per row, columns: label, n, min, q1, median, q3,
 * max, and the reference value (C_EMPTY when none), drawn as a mark. */
void chart_bars(Req *r, const Table *t, int col, const char *axis);
void chart_lines(Req *r, const Table *t, int first, int last, const char *axis);
void chart_boxes(Req *r, const Table *t, const char *axis);
typedef struct BoxStats {
	int n;
	double min, q1, median, q3, max;
} BoxStats;
void box_stats(double *v, int n, BoxStats *out); /* sorts v; quartiles by linear interpolation (Excel QUARTILE.INC) */

/* outcome.c: Resultater, DOMAIN.md §8 (docs/outcome.md says how each
 * figure is computed).  cost.c: Omkostninger, DOMAIN.md §7.  overview.c:
 * the leadership dashboard (Overblik).  pseudonym.c: the pseudonymised
 * individual-level export for evaluators. */
/* For the dashboard: the housing situation at the end of the courses that
 * ended in [from, to] (both åååå-mm-dd) in the municipality, optionally
 * only one combination ("model", "model_cti", "model_icm") and target
 * group ("homeless", "at_risk"); NULL for all.  out: housed, homeless,
 * other, unknown, and courses without a final measurement. */
enum { OUT_HOUSED, OUT_HOMELESS, OUT_OTHER, OUT_UNKNOWN, OUT_MISSING, OUT_N };
void outcome_housing(Db *db, long long municipality_id, const char *from, const char *to,
		     const char *combination, const char *target_group, long long out[OUT_N]);
/* For the dashboard: the cost in kroner per young person per year in
 * [from, to] from the time registrations and the hourly cost; -1 when the
 * period has no time registered or no young people.  *youth: the number
 * of young people (full years) it is divided by, when not NULL. */
double cost_per_youth(Db *db, long long municipality_id, const char *from, const char *to, double *youth);
/* cost.c: the figures of Omkostninger (docs/cost.md).  The period is the
 * calendar quarters wholly inside [from, to]; young-person-years are the
 * days inside it (up to today) of the courses in the model (step 3 to
 * closed) or of the support courses of a method, divided by 365. */
enum { LEN_MODEL, LEN_ICM, LEN_CTI, LEN_N }; /* course lengths: completed model, completed ICM, ended CTI */
#define SPREAD_MIN_DAYS 30 /* a support course is in the spread with at least this many days in the period */
typedef struct CostFigs {
	char from[11], to[11];        /* the whole quarters covered ("" when none) */
	int quarters;
	long long registrations, hourly, caseload;
	int posts;                    /* the municipality's coordinator posts in tenths */
	long long minutes[TIME_METHODS]; /* registered in the quarters */
	long long coord_minutes;      /* model minutes registered by coordinators */
	double years[TIME_METHODS];   /* young-person-years (model: courses; others: support courses) */
	long long youth[TIME_METHODS]; /* courses / support courses with days in the period */
	int n_len[LEN_N];
	double *len[LEN_N];           /* months per course completed in the period */
	int n_spread[3];
	double *spread[3];            /* CTI, ICM, ACT: contact hours per young person per year */
} CostFigs;
int cost_quarters(const char *fra, const char *til, char from[11], char to[11]); /* whole quarters in [fra, til] */
void cost_default_period(const char *today, char from[11], char to[11]); /* the last four finished quarters */
void cost_figures(Db *db, long long municipality_id, const char *from, const char *to, const char *today, CostFigs *f);
void cost_figures_free(CostFigs *f);
double cost_hours(const CostFigs *f, int method);      /* per young-person-year; -1 without young people */
double cost_coordinator_hours(const CostFigs *f);
double cost_mean(const double *v, int n);
double cost_cti_years(const CostFigs *f, int *measured);
double cost_cti_course(const CostFigs *f);             /* kroner per CTI course; -1 without data */
double cost_posts_needed(long long caseload, double hours_per_youth); /* posts of 1.624 hours */
const char *cost_empty(const CostFigs *f);             /* the N_ sentence for a period without data, or NULL */
const char *cost_posts_parse(const char *s, int *tenths); /* NULL or the N_ message */
void page_outcome(Req *r);
/* outcome.c: the figures of Resultater for [from, to] (docs/outcome.md
 * says how each is computed), per group: the whole municipality, each
 * combination, courses without an allocation, each target group. */
enum { OG_ALL, OG_MODEL, OG_CTI, OG_ICM, OG_NONE, OG_HOMELESS, OG_AT_RISK, OG_N };
#define OUT_DOMAINS 6
extern const char *const outcome_domains[OUT_DOMAINS]; /* hverdag, oekonomi, psykisk, fysisk, misbrug, netvaerk */
typedef struct OutGroup {
	long long ended;            /* courses ended in the period (not declined) */
	long long housing[OUT_N];   /* of those: the final measurement's housing, or OUT_MISSING */
	long long cohort;           /* courses in the model in the period (figures 2 and 3) */
	long long improved[2][OUT_DOMAINS], rated[2][OUT_DOMAINS]; /* [0] coordinator, [1] the young person */
	long long edu_got, edu_kept, edu_rated; /* education or employment */
} OutGroup;
typedef struct OutcomeFigs {
	OutGroup g[OG_N];
} OutcomeFigs;
void outcome_figures(Db *db, long long municipality_id, const char *from, const char *to, OutcomeFigs *f);
enum { OT_HOUSING, OT_HOUSING_GROUPS, OT_IMPROVED, OT_IMPROVED_COORD, OT_IMPROVED_YOUTH, OT_EDUCATION, OT_N };
Table *outcome_table(Req *r, const OutcomeFigs *f, int which); /* the page's and the exports' tables */
void page_cost(Req *r);
void page_cost_posts(Req *r);
void page_pseudonym(Req *r);
void page_pseudonym_export(Req *r);
void pseudonym_of(const unsigned char key[32], long long person_id, char out[17]);
/* overview.c: the dashboard's figures as Tables, computed for the 8
 * calendar quarters up to ref (åååå-mm-dd) in r->user's municipality;
 * any[k]: the figure has data (else the page shows a sentence).  The
 * caller frees the tables. */
enum { OV_STEPS, OV_OPEN, OV_REFERRALS, OV_REFERRERS, OV_WAITS, OV_CASELOADS, OV_MEETINGS, OV_DOCUMENTATION,
       OV_FIDELITY, OV_FIDELITY_LATEST, OV_HOUSING, OV_COST, OV_N };
void overview_tables(Req *r, const char *ref, Table *t[OV_N], int any[OV_N]);
void overview_tables_on(Req *r, const char *ref, const char *today, Table *t[OV_N], int any[OV_N]);
/* dashcache.c: the dashboard's figures kept between requests, by
 * municipality, reference day, today and language; dropped when a request
 * of the municipality commits a change, and after DASH_CACHE_MAX_AGE
 * seconds (changes by other processes).  docs/dashboard.md. */
#define DASH_CACHE_SLOTS 32
#define DASH_CACHE_MAX_AGE 300
typedef struct DashFigs DashFigs; /* OV_N Tables and their any[]; shared, read-only once kept */
typedef struct DashTicket {
	int slot; /* -1: nothing claimed */
	unsigned long long gen, epoch;
} DashTicket;
DashFigs *dash_figs_new(void); /* empty, with one reference, made now */
DashFigs *dash_cache_peek(long long muni, const char *ref, const char *today, const char *lang);
Table **dash_figs_tables(DashFigs *f);
int *dash_figs_any(DashFigs *f);
time_t dash_figs_made(const DashFigs *f);
void dash_figs_set_html(DashFigs *f, char *p, size_t n); /* takes p */
const char *dash_figs_html(const DashFigs *f, size_t *n);
void dash_figs_release(DashFigs *f);
/* The kept figures (a reference: release them), or NULL: then compute them
 * and hand them (or NULL on failure) to dash_cache_put with the ticket.
 * Waits while another request computes the same key. */
DashFigs *dash_cache_get(long long muni, const char *ref, const char *today, const char *lang, DashTicket *tk);
void dash_cache_put(DashTicket *tk, DashFigs *f);
void dash_cache_changed(long long muni); /* a change was committed (muni <= 0: anywhere) */
void dash_cache_stats(long *hits, long *misses, int *entries);
void dash_cache_clear(void);
/* pseudonym.c: the evaluators' export as Tables for the courses active in
 * [from, to]: PS_COURSES, PS_MEASUREMENTS, PS_DICTIONARY. */
enum { PS_COURSES, PS_MEASUREMENTS, PS_DICTIONARY, PS_N };
void pseudonym_tables(Req *r, const unsigned char key[32], const char *from, const char *to, Table *t[PS_N]);
int pseudonym_key(Db *db, long long municipality_id, unsigned char key[32]); /* made on first use; 0 ok */

/* ---------------------------------------------------------------- demo.c */
int demo_generate(Db *db, int size, unsigned seed, FILE *logins);
#define N_DEMO_GOALS 6
typedef struct DemoGoal {
	const char *domain, *text, *what[3];
} DemoGoal;
extern const DemoGoal demo_goal_catalog[N_DEMO_GOALS];
extern const char *const demo_goal_who[4], *const demo_goal_later[4];

/* ---------------------------------------------------------------- natgen.c
 * The national-scale data set (issue 7): 98 municipalities, `people` young
 * people over ten years, reproducible from the seed; rows per table and
 * the speed printed to out.  db_bulk_begin/db_bulk_end (db.c): no journal,
 * no fsync, no foreign-key checks, and the non-unique indexes dropped
 * during the load and built again after it. */
int natgen_generate(Db *db, long people, unsigned seed, FILE *out);
int db_bulk_begin(Db *db); /* the number of indexes dropped, -1 on failure */
int db_bulk_end(Db *db);

#endif

/* support.c: housing support (bostøtte, DOMAIN.md §4): support courses by
 * method (CTI, ICM, ACT), the support workers and the caps on their
 * caseloads, the CTI phases and their checklists, the end of support with
 * the decision on further support, the support section of the young
 * person's page and the support worker's worklist.
 *
 * The rules are pure functions (unit-tested): cti_phases, cti_phase_on,
 * support_cap.  Access: the young person's case owner (person_owner) and
 * the current worker of an open support course (support_may_change). */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- the rules (pure) ---------------------------------------------------- */

int method_from_key(const char *key)
{
	if (!key)
		return METHOD_NONE;
	if (streq(key, "cti"))
		return METHOD_CTI;
	if (streq(key, "icm"))
		return METHOD_ICM;
	if (streq(key, "act"))
		return METHOD_ACT;
	return METHOD_NONE;
}

const char *method_key(int method)
{
	switch (method) {
	case METHOD_CTI: return "cti";
	case METHOD_ICM: return "icm";
	case METHOD_ACT: return "act";
	default: return "";
	}
}

/* DOMAIN.md §4: at most 10 young people per CTI worker, 8 per ICM worker;
 * ACT is a team and has no cap per person. */
int support_cap(int method)
{
	switch (method) {
	case METHOD_CTI: return CTI_CAP;
	case METHOD_ICM: return ICM_CAP;
	default: return 0;
	}
}

/* CTI: nine months in three phases of three months.  Phase k starts on
 * start + 3(k-1) months (a day past the end of a shorter month is the
 * month's last day); the last day of support is the day before
 * start + 9 months; the handover agreement with the network is due one
 * month before the end: the day before start + 8 months. */
void cti_phases(const char *start, CtiPhases *out)
{
	char t[11];
	memset(out, 0, sizeof *out);
	snprintf(out->phase[0], sizeof out->phase[0], "%s", start);
	date_add_months(out->phase[1], start, 3);
	date_add_months(out->phase[2], start, 6);
	date_add_months(t, start, 9);
	if (t[0])
		date_add_days(out->last_day, t, -1);
	date_add_months(t, start, 8);
	if (t[0])
		date_add_days(out->handover_by, t, -1);
}

/* Assigning a worker with `caseload` open courses of the method: within
 * the cap, over it with a project leader's written reason (override), or
 * refused: over the cap for anyone else, or without a reason. */
int support_assign_check(int method, long long caseload, int role, const char *reason)
{
	int cap = support_cap(method);
	if (!cap || caseload < cap)
		return ASSIGN_OK;
	if (role != ROLE_PROJECT_LEADER)
		return ASSIGN_FULL;
	if (!reason || !reason[0])
		return ASSIGN_NEED_REASON;
	return ASSIGN_OVERRIDE;
}

/* Is a CTI checklist item (key "pN_...") overdue on a date?  The handover
 * agreement from the day it is due (one month before the end); any other
 * item once its phase has passed. */
int cti_item_overdue(const CtiPhases *p, const char *item, const char *today)
{
	if (!item || item[0] != 'p' || item[1] < '1' || item[1] > '3' || item[2] != '_' || !p->phase[0][0])
		return 0;
	if (streq(item, "p3_handover"))
		return strcmp(today, p->handover_by) >= 0;
	return cti_phase_on(p, today) > item[1] - '0';
}

/* The phase on a date: 1-3, 0 before the start, 4 after the last day. */
int cti_phase_on(const CtiPhases *p, const char *date)
{
	if (!p->phase[0][0] || strcmp(date, p->phase[0]) < 0)
		return 0;
	if (strcmp(date, p->last_day) > 0)
		return 4;
	if (strcmp(date, p->phase[2]) >= 0)
		return 3;
	if (strcmp(date, p->phase[1]) >= 0)
		return 2;
	return 1;
}

/* ---- loading ---------------------------------------------------------------- */

/* Open support courses of the method on which the user is a current
 * worker: the caseload the caps count.  The current assignments are two
 * ranges of the index on (user_id, to_on), open (NULL) and ending today or
 * later, not every assignment the worker ever had. */
long long support_caseload(Db *db, long long user_id, int method)
{
	char today[11];
	today_copenhagen(today);
	return db_int(db, 0,
		      "SELECT COUNT(DISTINCT s.id)"
		      " FROM (SELECT w.support_id FROM support_worker w WHERE w.user_id = ? AND w.to_on IS NULL"
		      " UNION ALL SELECT w.support_id FROM support_worker w WHERE w.user_id = ? AND w.to_on >= ?) w"
		      " CROSS JOIN support_course s CROSS JOIN course c"
		      " WHERE s.id = w.support_id AND s.end_on IS NULL AND s.method = ?"
		      " AND c.id = s.course_id AND c.closed_on IS NULL",
		      "IItt", user_id, user_id, today, method_key(method));
}

/* The open support course of a course, 0 when there is none. */
long long support_open(Db *db, long long course_id)
{
	return db_int(db, 0, "SELECT MAX(id) FROM support_course WHERE course_id = ? AND end_on IS NULL", "I",
		      course_id);
}

/* Is the user a current worker (or ACT team member with a login) on an
 * open support course of the young person's open course?  No output, no
 * log.  From the young person's courses to their support courses and
 * workers (a handful of rows), not from every assignment the user ever had
 * (hundreds for an ACT team member): it runs for every page a support
 * worker opens about a young person (person_access_level). */
int support_is_worker(Db *db, long long person_id, long long user_id)
{
	char today[11];
	today_copenhagen(today);
	/* from the young person's few courses, not from every support the
	 * worker has given in ten years (hundreds: the planner's own choice) */
	return db_int(db, 0,
		      "SELECT COUNT(*) FROM course c CROSS JOIN support_course s CROSS JOIN support_worker w"
		      " WHERE c.person_id = ? AND c.closed_on IS NULL AND s.course_id = c.id AND s.end_on IS NULL"
		      " AND w.support_id = s.id AND w.user_id = ? AND (w.to_on IS NULL OR w.to_on >= ?)",
		      "IIt", person_id, user_id, today) > 0;
}

/* May the user change the young person's housing support (contacts,
 * checklists, the home, the end of support)?  The case owner or a current
 * support worker; anyone else is answered like person_owner (404, logged). */
int support_may_change(Req *r, long long person_id, const char *action)
{
	if (!person_access(r, person_id, action))
		return 0;
	if (person_is_owner(r, person_id) || support_is_worker(r->db, person_id, r->user.id))
		return 1;
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person_id,
		  r->route->purpose, "refused");
	page_fail(r, 404, "%s", N_("Siden findes ikke."));
	return 0;
}

/* ---- shared parts of the pages ------------------------------------------ */

static const char *const phase_names[3] = {
	N_("Fase 1 Overgang til egen bolig"),
	N_("Fase 2 Afprøvning"),
	N_("Fase 3 Overdragelse"),
};

#define ACT_ROWS 5 /* rows for professionals in the ACT team form (routes.c) */
static const char *const row_user[ACT_ROWS] = {"tu0", "tu1", "tu2", "tu3", "tu4"};
static const char *const row_name[ACT_ROWS] = {"tn0", "tn1", "tn2", "tn3", "tn4"};
static const char *const row_disc[ACT_ROWS] = {"td0", "td1", "td2", "td3", "td4"};

static const char *method_short(int method)
{
	switch (method) {
	case METHOD_CTI: return "CTI";
	case METHOD_ICM: return "ICM";
	case METHOD_ACT: return "ACT";
	default: return "";
	}
}

static void dkdate(char out[11], const char *iso)
{
	if (iso && iso[0])
		date_format_dk(out, iso);
	else
		out[0] = 0;
}

static void copy10(char out[11], const char *s)
{
	snprintf(out, 11, "%s", s ? s : "");
}

static void audit(Req *r, const char *action, long long person, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person,
		  r->route->purpose, result);
}

static void go(Req *r, long long person, long long sid)
{
	Buf loc = {0};
	if (sid)
		bprintf(&loc, "/unge/%l/bostoette/%l", person, sid);
	else if (person)
		bprintf(&loc, "/unge/%l", person);
	else
		bprintf(&loc, "/mine-unge");
	redirect(r, loc.p);
	buf_free(&loc);
}

/* A support worker's caseload per method (support_caseload for CTI, ICM
 * and ACT) and the current assignments with a cap override. */
typedef struct Caseload {
	long long uid;
	char *name;
	long long n[3]; /* by method: n[METHOD_CTI - 1] ... */
	long long over;
} Caseload;

/* One current assignment of caseloads_read. */
typedef struct Assignment {
	long long uid, sid;
	int method, open, over; /* open: the course is open; over: a cap override */
} Assignment;

static int assignment_cmp(const void *a, const void *b)
{
	const Assignment *x = a, *y = b;
	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return x->sid < y->sid ? -1 : x->sid > y->sid;
}

static int caseload_id_cmp(const void *a, const void *b)
{
	const Caseload *x = a, *y = b;
	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* by name, then id, as ORDER BY would (strcmp on UTF-8 is byte order) */
static int caseload_name_cmp(const void *a, const void *b)
{
	const Caseload *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : caseload_id_cmp(a, b);
}

/* The caseloads of the municipality's active support workers, by name, in
 * one statement (not four per worker): the workers (the index on
 * (municipality_id, role), not a scan of every user), then their current
 * assignments, read once as two ranges of the index on (user_id, to_on)
 * per worker, and counted here per method as support_caseload counts them
 * (distinct open support courses of an open course; the overrides of every
 * current assignment to an open support course) instead of grouped and
 * sorted in SQL. */
static Caseload *caseloads_read(Req *r, size_t *n)
{
	Stmt q;
	Caseload *out = NULL;
	Assignment *as = NULL;
	size_t cap = 0, na = 0, acap = 0;
	char today[11];
	today_copenhagen(today);
	*n = 0;
	db_query(r->db, &q,
		 "SELECT 0, id, name, 0, NULL, 0, 0 FROM users WHERE municipality_id = ? AND role = 'support'"
		 " AND active = 1"
		 " UNION ALL SELECT 1, w.user_id, NULL, s.id, s.method, c.closed_on IS NULL, w.override_reason <> ''"
		 " FROM users v CROSS JOIN support_worker w CROSS JOIN support_course s CROSS JOIN course c"
		 " WHERE v.municipality_id = ? AND v.role = 'support' AND v.active = 1"
		 " AND w.user_id = v.id AND w.to_on IS NULL"
		 " AND s.id = w.support_id AND s.end_on IS NULL AND c.id = s.course_id"
		 " UNION ALL SELECT 1, w.user_id, NULL, s.id, s.method, c.closed_on IS NULL, w.override_reason <> ''"
		 " FROM users v CROSS JOIN support_worker w CROSS JOIN support_course s CROSS JOIN course c"
		 " WHERE v.municipality_id = ? AND v.role = 'support' AND v.active = 1"
		 " AND w.user_id = v.id AND w.to_on >= ?"
		 " AND s.id = w.support_id AND s.end_on IS NULL AND c.id = s.course_id",
		 "IIIt", r->user.municipality_id, r->user.municipality_id, r->user.municipality_id, today);
	while (db_step(&q)) {
		if (db_col_int(&q, 0) == 0) {
			out = rows_add(out, n, &cap, sizeof *out);
			Caseload *c = &out[*n - 1];
			c->uid = db_col_int(&q, 1);
			c->name = xstrdup(db_col_text(&q, 2));
			continue;
		}
		as = rows_add(as, &na, &acap, sizeof *as);
		Assignment *a = &as[na - 1];
		a->uid = db_col_int(&q, 1);
		a->sid = db_col_int(&q, 3);
		a->method = method_from_key(db_col_text(&q, 4));
		a->open = db_col_int(&q, 5) != 0;
		a->over = db_col_int(&q, 6) != 0;
	}
	db_finalize(&q);
	if (*n > 1)
		qsort(out, *n, sizeof *out, caseload_id_cmp);
	if (na > 1)
		qsort(as, na, sizeof *as, assignment_cmp);
	for (size_t i = 0; i < na; i++) {
		const Assignment *a = &as[i];
		Caseload *c = id_find(out, *n, sizeof *out, a->uid);
		if (!c)
			continue;
		c->over += a->over;
		/* a support course once per worker (two assignments to one are one young person) */
		if (a->open && a->method >= METHOD_CTI && a->method <= METHOD_ACT &&
		    (i == 0 || as[i - 1].uid != a->uid || as[i - 1].sid != a->sid))
			c->n[a->method - 1]++;
	}
	free(as);
	if (*n > 1)
		qsort(out, *n, sizeof *out, caseload_name_cmp);
	return out;
}

static void caseloads_free(Caseload *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].name);
	free(c);
}

/* "CTI 7 af 10, ICM 2 af 8, ACT 1": a worker's caseload against the caps. */
static void caseload_text(Req *r, Buf *b, const long long n[3])
{
	char t[64];
	snprintf(t, sizeof t, "CTI %lld %s %d, ", n[METHOD_CTI - 1], _("af"), CTI_CAP);
	buf_puts(b, t);
	snprintf(t, sizeof t, "ICM %lld %s %d, ", n[METHOD_ICM - 1], _("af"), ICM_CAP);
	buf_puts(b, t);
	snprintf(t, sizeof t, "ACT %lld", n[METHOD_ACT - 1]);
	buf_puts(b, t);
}

/* Users to choose from, keys are ids; workers: active support workers of
 * the municipality with their caseload; else active users who can be on
 * an ACT team.  Labels are plain text (field_select escapes them). */
/* A user as a choice: the id as its key, "name (what)" as its label; the
 * label Buf is given up to the choice. */
static void user_choice(Choice *c, long long id, const char *name, Buf *what)
{
	Buf k = {0}, l = {0};
	bprintf(&k, "%l", id);
	buf_puts(&l, name);
	buf_puts(&l, " (");
	buf_puts(&l, buf_str(what));
	buf_puts(&l, ")");
	c->key = xstrdup(k.p);
	c->label = xstrdup(l.p);
	buf_free(&k);
	buf_free(&l);
	buf_free(what);
}

static Choice *user_choices(Req *r, int workers)
{
	Stmt q;
	size_t n = 0, cap = 8;
	if (workers) { /* the caseloads of them all in one statement */
		size_t nw = 0;
		Caseload *w = caseloads_read(r, &nw);
		Choice *c = xcalloc(nw + 1, sizeof *c);
		for (size_t i = 0; i < nw; i++) {
			Buf what = {0};
			caseload_text(r, &what, w[i].n);
			user_choice(&c[n++], w[i].uid, w[i].name, &what);
		}
		caseloads_free(w, nw);
		c[n].key = c[n].label = NULL;
		return c;
	}
	Choice *c = xcalloc(cap + 1, sizeof *c);
	db_query(r->db, &q,
		 "SELECT id, name, role FROM users WHERE municipality_id = ? AND active = 1"
		 " AND role IN ('support','team','coordinator')"
		 " ORDER BY name, id",
		 "I", r->user.municipality_id);
	while (db_step(&q)) {
		if (n == cap) {
			cap *= 2;
			c = xrealloc(c, (cap + 1) * sizeof *c);
		}
		Buf what = {0};
		buf_puts(&what, _(role_label(role_from_key(db_col_text(&q, 2)))));
		user_choice(&c[n++], db_col_int(&q, 0), db_col_text(&q, 1), &what);
	}
	db_finalize(&q);
	c[n].key = c[n].label = NULL;
	return c;
}

static void choices_free(Choice *c)
{
	for (Choice *p = c; p->key; p++) {
		free((char *)p->key);
		free((char *)p->label);
	}
	free(c);
}

/* Is the id an active user of the municipality (a support worker when
 * worker)? */
static int user_ok(Req *r, long long uid, int worker)
{
	return db_int(r->db, 0,
		      "SELECT COUNT(*) FROM users WHERE id = ? AND municipality_id = ? AND active = 1"
		      " AND (role = 'support' OR (? = 0 AND role IN ('team','coordinator')))",
		      "IIi", uid, r->user.municipality_id, worker) > 0;
}

/* The worker field against the method's cap; sets the field's error.
 * Returns ASSIGN_OK or ASSIGN_OVERRIDE when the worker may be assigned. */
static int check_worker(Req *r, int method)
{
	long long uid = PI(r, "worker");
	if (!uid)
		return ASSIGN_OK;
	if (!user_ok(r, uid, 1)) {
		P_set_err(r, "worker", N_("Vælg en bostøttemedarbejder fra listen."));
		return ASSIGN_FULL;
	}
	int a = support_assign_check(method, support_caseload(r->db, uid, method), r->user.role,
				     P(r, "override_reason"));
	if (a == ASSIGN_FULL)
		P_set_err(r, "worker",
			  N_("Medarbejderen har nået loftet for metoden (højst 10 unge i CTI og 8 i ICM ad gangen). "
			     "Vælg en anden medarbejder. Kun projektlederen kan overskride loftet, med en skriftlig begrundelse."));
	else if (a == ASSIGN_NEED_REASON)
		P_set_err(r, "override_reason",
			  N_("Medarbejderen har nået loftet for metoden. Skriv en begrundelse for at overskride det."));
	return a;
}

/* The ACT team rows: each row a discipline and a user or a name.  Returns
 * the number of filled rows; sets errors at the rows. */
static int check_rows(Req *r)
{
	int n = 0;
	for (int i = 0; i < ACT_ROWS; i++) {
		int who = PI(r, row_user[i]) || (P(r, row_name[i]) && P(r, row_name[i])[0]);
		int disc = P(r, row_disc[i]) != NULL;
		if (PI(r, row_user[i]) && !user_ok(r, PI(r, row_user[i]), 0))
			P_set_err(r, row_user[i], N_("Vælg en bruger fra listen."));
		if (who && !disc)
			P_set_err(r, row_disc[i], N_("Vælg fagpersonens faglighed."));
		if (disc && !who)
			P_set_err(r, row_name[i], N_("Vælg en bruger eller skriv fagpersonens navn."));
		if (who && disc)
			n++;
	}
	return n;
}

static void add_worker(Req *r, long long sid, long long uid, const char *name, const char *disc,
		       const char *from, int over)
{
	char at[21];
	time_iso_utc(at, now());
	db_exec(r->db,
		"INSERT INTO support_worker(support_id, user_id, name, discipline, from_on, override_reason,"
		" override_by, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
		"IJttttJIt", sid, uid, name ? name : "", disc, from,
		over == ASSIGN_OVERRIDE ? P(r, "override_reason") : "", over == ASSIGN_OVERRIDE ? r->user.id : 0,
		r->user.id, at);
}

static void add_rows(Req *r, long long sid, const char *from)
{
	for (int i = 0; i < ACT_ROWS; i++) {
		long long uid = PI(r, row_user[i]);
		const char *name = P(r, row_name[i]);
		if ((uid || (name && name[0])) && P(r, row_disc[i]))
			add_worker(r, sid, uid, uid ? "" : name, P(r, row_disc[i]), from, ASSIGN_OK);
	}
}

static void act_rows_form(Req *r)
{
	Choice *users = user_choices(r, 0);
	hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("ACT-teamet"),
	   _("Kun for ACT: fagpersonerne i teamet ud over bostøttemedarbejderen. Vælg en bruger, eller skriv navnet, "
	     "hvis fagpersonen ikke har en bruger i hjemvej."));
	for (int i = 0; i < ACT_ROWS; i++) {
		char legend[64];
		snprintf(legend, sizeof legend, "%s %d", _("Fagperson"), i + 1);
		hp(r, "<fieldset class=\"hv-card\">\n<legend class=\"h4\">%h</legend>\n", legend);
		field_select(r, row_disc[i], _("Faglighed"), NULL, act_disciplines);
		field_select(r, row_user[i], _("Bruger"), NULL, users);
		field_text(r, row_name[i], _("Navn (hvis fagpersonen ikke har en bruger)"), NULL, "text", "off");
		hp(r, "</fieldset>\n");
	}
	choices_free(users);
}

static void breadcrumbs(Req *r, long long person, const char *name, long long sid, const char *here)
{
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l\" class=\"breadcrumbs__link\">%h</a></li>",
	   _("Brødkrumme"), _("Mine unge"), person, name);
	if (sid)
		hp(r, "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l/bostoette/%l\" class=\"breadcrumbs__link\">%h</a></li>",
		   person, sid, _("Bostøtte"));
	hp(r, "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n", here);
}

static void alert(Req *r, const char *kind, const char *text)
{
	if (streq(kind, "warning"))
		hp(r, "<div class=\"alert alert-warning\" role=\"note\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p></div></div>\n",
		   text);
	else
		hp(r, "<div class=\"alert alert-info\" role=\"note\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p></div></div>\n",
		   text);
}

/* ---- a support course ------------------------------------------------------ */

typedef struct Sup {
	long long id, course, person;
	int method;
	char start[11], end[11], next_on[11];
	char *reason, *note, *next, *name;
} Sup;

static int sup_load(Db *db, long long person, long long sid, Sup *s)
{
	Stmt q;
	int found = 0;
	memset(s, 0, sizeof *s);
	db_query(db, &q,
		 "SELECT s.id, s.course_id, s.method, s.start_on, s.end_on, s.end_reason, s.end_note,"
		 " s.next_support, s.next_support_on, p.name FROM support_course s"
		 " JOIN course c ON c.id = s.course_id JOIN person p ON p.id = c.person_id"
		 " WHERE s.id = ? AND p.id = ?",
		 "II", sid, person);
	if (db_step(&q)) {
		found = 1;
		s->id = db_col_int(&q, 0);
		s->course = db_col_int(&q, 1);
		s->person = person;
		s->method = method_from_key(db_col_text(&q, 2));
		copy10(s->start, db_col_text(&q, 3));
		copy10(s->end, db_col_text(&q, 4));
		s->reason = xstrdup(db_col_text(&q, 5));
		s->note = xstrdup(db_col_text(&q, 6));
		s->next = xstrdup(db_col_text(&q, 7));
		copy10(s->next_on, db_col_text(&q, 8));
		s->name = xstrdup(db_col_text(&q, 9));
	}
	db_finalize(&q);
	return found;
}

static void sup_free(Sup *s)
{
	free(s->reason);
	free(s->note);
	free(s->next);
	free(s->name);
}

enum { WHO_VIEW, WHO_OWNER, WHO_CHANGE };
enum { TX_WRITE, TX_READ };

/* The access check, a transaction, and the support course, which must
 * belong to the young person (else 404, logged).  0: answered.  A page that
 * only reads (TX_READ) is drawn in a read snapshot, without the server's
 * write lock; its caller ends it (db_read_end) before logging the view,
 * whose row then goes to the log writer, as on the young person's page
 * (person.c). */
static int sup_open(Req *r, int who, const char *action, int tx, Sup *s)
{
	long long person = PI(r, "id");
	int ok = who == WHO_VIEW    ? person_access(r, person, action)
		 : who == WHO_OWNER ? person_owner(r, person, action)
				    : support_may_change(r, person, action);
	if (!ok)
		return 0;
	if (tx == TX_READ)
		db_read_begin(r->db);
	else
		db_begin(r->db);
	if (!sup_load(r->db, person, PI(r, "sid"), s)) {
		if (tx == TX_READ) {
			db_read_end(r->db);
			audit(r, action, person, "not_found");
		} else {
			audit(r, action, person, "not_found");
			db_commit(r->db);
		}
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return 0;
	}
	return 1;
}

/* The warnings of an open CTI course on a date (msgids); the number of
 * overdue checklist items other than the handover agreement. */
/* A CTI checklist item ticked, as a list reads them in one statement. */
typedef struct SupCheck {
	long long sid;
	char item[32];
} SupCheck;

/* Is the item ticked: from the list's checks when given (in support
 * course order), else from the database. */
static int check_done(Db *db, long long sid, const char *item, const SupCheck *done, size_t ndone)
{
	if (!done)
		return db_int(db, 0, "SELECT COUNT(*) FROM support_check WHERE support_id = ? AND item = ?", "It", sid,
			      item) != 0;
	size_t lo = 0, hi = ndone;
	while (lo < hi) { /* the first check of the support course */
		size_t mid = lo + (hi - lo) / 2;
		if (done[mid].sid < sid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ndone && done[lo].sid == sid; lo++)
		if (streq(done[lo].item, item))
			return 1;
	return 0;
}

static int sup_warnings_of(Db *db, long long sid, int method, const char *start, const char *end,
			   const char *today, const SupCheck *done, size_t ndone, const char *out[3])
{
	int n = 0, overdue = 0;
	if (method != METHOD_CTI || (end && end[0]))
		return 0;
	CtiPhases p;
	cti_phases(start, &p);
	for (const Choice *c = cti_checklist; c->key; c++) {
		if (!cti_item_overdue(&p, c->key, today))
			continue;
		if (check_done(db, sid, c->key, done, ndone))
			continue;
		if (streq(c->key, "p3_handover"))
			out[n++] = N_("Overdragelsesaftalen med netværket mangler. Den skal være på plads senest en måned før bostøtten slutter.");
		else
			overdue++;
	}
	if (strcmp(today, p.last_day) > 0)
		out[n++] = N_("De ni måneder er gået, men bostøtten er ikke afsluttet.");
	if (overdue)
		out[n++] = N_("Der er punkter på tjeklisten fra en afsluttet fase, som ikke er udført.");
	return n;
}

static int sup_warnings(Db *db, long long sid, int method, const char *start, const char *end,
			const char *today, const char *out[3])
{
	return sup_warnings_of(db, sid, method, start, end, today, NULL, 0, out);
}

/* The current workers as text ("Bo Berg; Ida Holm (Psykiater)"). */
static void workers_text(Req *r, Buf *b, long long sid, int method, const char *today)
{
	Stmt q;
	int n = 0;
	db_query(r->db, &q,
		 "SELECT COALESCE(u.name, w.name), w.discipline FROM support_worker w"
		 " LEFT JOIN users u ON u.id = w.user_id"
		 " WHERE w.support_id = ? AND (w.to_on IS NULL OR w.to_on >= ?) ORDER BY w.discipline <> 'bostoette', w.id",
		 "It", sid, today);
	while (db_step(&q)) {
		if (n++)
			buf_puts(b, "; ");
		buf_puts(b, db_col_text(&q, 0));
		if (method == METHOD_ACT) {
			buf_puts(b, " (");
			buf_puts(b, _(choice_label(act_disciplines, db_col_text(&q, 1))));
			buf_puts(b, ")");
		}
	}
	db_finalize(&q);
	if (!n)
		buf_puts(b, _("Ingen medarbejder"));
}

static void phase_line(Req *r, const char *start, const char *today)
{
	CtiPhases p;
	cti_phases(start, &p);
	int ph = cti_phase_on(&p, today);
	if (ph >= 1 && ph <= 3)
		hp(r, "%h, %l %h", _(phase_names[ph - 1]), days_between(today, p.last_day), _("dage tilbage"));
	else if (ph == 0)
		hp(r, "%h", _("Ikke startet endnu"));
	else
		hp(r, "%h", _("De ni måneder er gået"));
}

static void support_render(Req *r, Sup *s)
{
	char today[11], d[11], d2[11];
	today_copenhagen(today);
	int open = !s->end[0];
	int may_change = person_is_owner(r, s->person) || support_is_worker(r->db, s->person, r->user.id);
	page_begin(r, _("Bostøtte"));
	breadcrumbs(r, s->person, s->name, 0, _("Bostøtte"));
	hp(r, "<h1>%h: %h</h1>\n<p class=\"hv-muted\">%h</p>\n", _("Bostøtte"), method_short(s->method), s->name);
	error_summary(r);
	hp(r, "<dl class=\"hv-dl\">\n");
	hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Metode"), _(choice_label(support_methods, method_key(s->method))));
	dkdate(d, s->start);
	hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Start"), d);
	if (!open) {
		dkdate(d, s->end);
		hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Afsluttet"), d);
	}
	hp(r, "</dl>\n");

	/* the workers */
	Stmt q;
	hp(r, "<section aria-labelledby=\"h-workers\">\n<h2 id=\"h-workers\">%h</h2>\n<ul class=\"hv-list\">\n",
	   s->method == METHOD_ACT ? _("ACT-teamet") : _("Bostøttemedarbejder"));
	db_query(r->db, &q,
		 "SELECT COALESCE(u.name, w.name), w.discipline, w.from_on, w.to_on, w.override_reason, o.name"
		 " FROM support_worker w LEFT JOIN users u ON u.id = w.user_id LEFT JOIN users o ON o.id = w.override_by"
		 " WHERE w.support_id = ? ORDER BY w.to_on IS NULL DESC, w.to_on DESC, w.discipline <> 'bostoette', w.id",
		 "I", s->id);
	while (db_step(&q)) {
		int current = db_col_null(&q, 3) || strcmp(db_col_text(&q, 3), today) >= 0;
		dkdate(d, db_col_text(&q, 2));
		hp(r, "<li%s>%h, %h, %h %h", current ? "" : " class=\"hv-muted\"", db_col_text(&q, 0),
		   _(choice_label(act_disciplines, db_col_text(&q, 1))), _("fra"), d);
		if (!db_col_null(&q, 3)) {
			dkdate(d2, db_col_text(&q, 3));
			hp(r, " %h %h", _("til"), d2);
		}
		if (db_col_text(&q, 4)[0])
			hp(r, "<br><strong>%h</strong> %h <span class=\"hv-muted\">(%h %h)</span>",
			   _("Loftet er overskredet:"), db_col_text(&q, 4), _("godkendt af"), db_col_text(&q, 5));
		hp(r, "</li>\n");
	}
	db_finalize(&q);
	hp(r, "</ul>\n");
	if (open && person_is_owner(r, s->person))
		hp(r, "<p><a href=\"/unge/%l/bostoette/%l/medarbejder\">%h</a></p>\n", s->person, s->id,
		   s->method == METHOD_ACT ? _("Skift medarbejder eller ændr ACT-teamet") : _("Skift medarbejder"));
	hp(r, "</section>\n");

	/* CTI: the phases, the warnings, the checklists */
	if (s->method == METHOD_CTI) {
		CtiPhases p;
		cti_phases(s->start, &p);
		int ph = open ? cti_phase_on(&p, today) : 0;
		hp(r, "<section aria-labelledby=\"h-phases\">\n<h2 id=\"h-phases\">%h</h2>\n<ol class=\"hv-phases\">\n",
		   _("De tre faser"));
		for (int k = 0; k < 3; k++) {
			char until[11];
			if (k < 2)
				date_add_days(until, p.phase[k + 1], -1);
			else
				copy10(until, p.last_day);
			dkdate(d, p.phase[k]);
			dkdate(d2, until);
			hp(r, "<li%s><strong>%h</strong><br>%h–%h%s", ph == k + 1 ? " class=\"hv-now\" aria-current=\"step\"" : "",
			   _(phase_names[k]), d, d2, ph == k + 1 ? " " : "");
			if (ph == k + 1)
				hp(r, "<span class=\"hv-tag\">%h</span>", _("nu"));
			hp(r, "</li>\n");
		}
		hp(r, "</ol>\n");
		dkdate(d, p.handover_by);
		dkdate(d2, p.last_day);
		if (open) {
			hp(r, "<p>");
			phase_line(r, s->start, today);
			hp(r, ". %h %h. %h %h.</p>\n", _("Sidste dag:"), d2, _("Overdragelsesaftalen senest:"), d);
		}
		/* the ticked items, read once for the warnings and the checklists
		 * (by their place in cti_checklist) */
		int nitems = 0;
		while (cti_checklist[nitems].key)
			nitems++;
		char (*done_on)[11] = xcalloc((size_t)nitems, sizeof *done_on);
		char **done_note = xcalloc((size_t)nitems, sizeof *done_note);
		SupCheck *done = xcalloc((size_t)nitems, sizeof *done);
		size_t ndone = 0;
		db_query(r->db, &q, "SELECT item, done_on, note FROM support_check WHERE support_id = ?", "I", s->id);
		while (db_step(&q))
			for (int k = 0; k < nitems; k++)
				if (streq(cti_checklist[k].key, db_col_text(&q, 0)) && !done_note[k]) {
					copy10(done_on[k], db_col_text(&q, 1));
					done_note[k] = xstrdup(db_col_text(&q, 2));
					done[ndone].sid = s->id;
					snprintf(done[ndone].item, sizeof done[ndone].item, "%s", cti_checklist[k].key);
					ndone++;
				}
		db_finalize(&q);
		const char *w[3];
		int nw = sup_warnings_of(r->db, s->id, s->method, s->start, s->end, today, done, ndone, w);
		for (int i = 0; i < nw; i++)
			alert(r, "warning", _(w[i]));

		hp(r, "<h2>%h</h2>\n", _("Tjeklister for faserne"));
		int form = open && may_change;
		if (form) {
			Buf act = {0};
			bprintf(&act, "/unge/%l/bostoette/%l/tjekliste", s->person, s->id);
			form_begin(r, act.p);
			buf_free(&act);
		}
		const char *err = P_err(r, "item");
		hp(r, "<div class=\"form-group%s\" id=\"item\">\n", err ? " form-error" : "");
		if (err)
			hp(r, "<span class=\"form-error-message\" id=\"item-error\"><span class=\"sr-only\">%h </span>%h</span>\n",
			   _("Fejl:"), _(err));
		for (int k = 0; k < 3; k++) {
			hp(r, "<fieldset>\n<legend class=\"form-label\">%h</legend>\n<ul class=\"nobullet-list\">\n",
			   _(phase_names[k]));
			for (int ci = 0; ci < nitems; ci++) {
				const Choice *c = &cti_checklist[ci];
				if (c->key[1] - '1' != k)
					continue;
				if (done_note[ci]) {
					dkdate(d, done_on[ci]);
					hp(r, "<li class=\"hv-done\"><span class=\"hv-ok\">%h</span> %h <span class=\"hv-muted\">(%h %h",
					   _("Udført:"), _(c->label), _("den"), d);
					if (done_note[ci][0])
						hp(r, ": %h", done_note[ci]);
					hp(r, ")</span>");
					/* a tick by mistake can be taken back (kept in the history) */
					if (form) {
						Buf lab = {0};
						bprintf(&lab, "%h: %h", _("Fortryd"), _(c->label));
						hp(r, " <button type=\"submit\" class=\"button button-tertiary hv-small\""
						      " formaction=\"/unge/%l/bostoette/%l/tjekliste/fortryd\" name=\"undo\" value=\"%a\""
						      " aria-label=\"%a\">%h</button>",
						   s->person, s->id, c->key, lab.p, _("Fortryd"));
						buf_free(&lab);
					}
					hp(r, "</li>\n");
					continue;
				}
				int late = open && cti_item_overdue(&p, c->key, today);
				if (form)
					hp(r, "<li><input id=\"item-%a\" type=\"checkbox\" name=\"item\" value=\"%a\" class=\"form-checkbox\"%s%s>"
					      "<label for=\"item-%a\">%h%s",
					   c->key, c->key, P_has(r, "item", c->key) ? " checked" : "",
					   err ? " aria-describedby=\"item-error\"" : "", c->key, _(c->label), late ? " " : "");
				else
					hp(r, "<li>%h%s", _(c->label), late ? " " : "");
				if (late)
					hp(r, "<strong class=\"hv-overdue\">%h</strong>", _("(overskredet)"));
				if (form)
					hp(r, "</label></li>\n");
				else
					hp(r, "</li>\n");
			}
			hp(r, "</ul>\n</fieldset>\n");
		}
		hp(r, "</div>\n");
		if (form) {
			field_text(r, "done_on", _("Udført den (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
			field_text(r, "note", _("Note"), NULL, "text", "off");
			hp(r, "<button type=\"submit\" class=\"button button-secondary\">%h</button>\n", _("Gem tjeklisten"));
			form_end(r);
		}
		hp(r, "</section>\n");
		for (int k = 0; k < nitems; k++)
			free(done_note[k]);
		free(done_note);
		free(done_on);
		free(done);
	}

	if (open && may_change)
		hp(r, "<p><a class=\"button button-secondary\" href=\"/unge/%l/bostoette/%l/afslut\">%h</a></p>\n", s->person,
		   s->id, _("Afslut bostøtten"));

	contact_section(r, s->person, s->id); /* contact.c: contacts and the weekly chart */

	if (!open) {
		hp(r, "<section aria-labelledby=\"h-end\">\n<h2 id=\"h-end\">%h</h2>\n<dl class=\"hv-dl\">\n",
		   _("Afslutning"));
		dkdate(d, s->end);
		hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Afsluttet"), d);
		hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Årsag"), _(choice_label(support_end_reasons, s->reason)));
		if (s->note[0])
			hp(r, "<dt>%h</dt><dd class=\"hv-pre\">%h</dd>\n", _("Note"), s->note);
		hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Videre støtte"), _(choice_label(next_supports, s->next)));
		if (s->next_on[0]) {
			dkdate(d2, s->next_on);
			hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Den videre støtte starter"), d2);
			long gap = days_between(s->end, s->next_on);
			if (gap > 0)
				hp(r, "<dt>%h</dt><dd><strong class=\"hv-warn\">%l %h</strong></dd>\n", _("Pause i støtten"),
				   (long long)gap, _("dage uden støtte"));
			else
				hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Pause i støtten"), _("Ingen: den videre støtte starter straks"));
		}
		hp(r, "</dl>\n</section>\n");
	}
	page_end(r);
}

void page_support(Req *r)
{
	Sup s;
	if (!sup_open(r, WHO_VIEW, "view", TX_READ, &s))
		return;
	support_render(r, &s);
	db_read_end(r->db);
	audit(r, "view", s.person, "ok");
	sup_free(&s);
}

void page_support_checklist(Req *r)
{
	Sup s;
	char today[11];
	if (!sup_open(r, WHO_CHANGE, "support_checklist", TX_WRITE, &s))
		return;
	today_copenhagen(today);
	if (s.method != METHOD_CTI || s.end[0]) {
		audit(r, "support_checklist", s.person, "refused");
		db_commit(r->db);
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		sup_free(&s);
		return;
	}
	if (!P_count(r, "item") && !P_err(r, "item"))
		P_set_err(r, "item", N_("Markér mindst ét punkt på tjeklisten."));
	if (P(r, "done_on") && strcmp(P(r, "done_on"), s.start) < 0)
		P_set_err(r, "done_on", N_("Datoen må ikke ligge før bostøttens start."));
	if (r->nerrors) {
		r->status = 422;
		support_render(r, &s);
		audit(r, "support_checklist", s.person, "invalid");
		db_commit(r->db);
		sup_free(&s);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	for (size_t i = 0; i < P_count(r, "item"); i++)
		if (!db_int(r->db, 0, "SELECT COUNT(*) FROM support_check WHERE support_id = ? AND item = ?", "It", s.id,
			    P_at(r, "item", i)))
			db_exec(r->db,
				"INSERT INTO support_check(support_id, item, done_on, note, done_by, done_at)"
				" VALUES (?,?,?,?,?,?)",
				"ItttIt", s.id, P_at(r, "item", i), P(r, "done_on"), P(r, "note") ? P(r, "note") : "",
				r->user.id, at);
	audit(r, "support_checklist", s.person, "ok");
	if (db_commit(r->db)) {
		flash_set(r, _("Tjeklisten er gemt."));
		go(r, s.person, s.id);
	}
	sup_free(&s);
}

/* Take back a tick on the CTI checklist (a mistake on a small screen); the
 * removed tick is kept in change_log. */
void page_support_checklist_undo(Req *r)
{
	Sup s;
	if (!sup_open(r, WHO_CHANGE, "support_checklist", TX_WRITE, &s))
		return;
	if (s.method != METHOD_CTI || s.end[0]) {
		audit(r, "support_checklist", s.person, "refused");
		db_commit(r->db);
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		sup_free(&s);
		return;
	}
	char at[21], *was = db_text(r->db, "SELECT done_on || ' ' || note FROM support_check WHERE support_id = ? AND item = ?",
				     "It", s.id, P(r, "undo"));
	time_iso_utc(at, now());
	if (was) {
		db_exec(r->db, "DELETE FROM support_check WHERE support_id = ? AND item = ?", "It", s.id, P(r, "undo"));
		db_exec(r->db,
			"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
			" VALUES ('support_check', ?, ?, ?, '', ?, ?)",
			"IttIt", s.id, P(r, "undo"), was, r->user.id, at);
	}
	audit(r, "support_checklist", s.person, was ? "ok" : "unchanged");
	if (db_commit(r->db)) {
		if (was)
			flash_set(r, _("Markeringen er fjernet fra tjeklisten."));
		else
			flash_set(r, _("Punktet var ikke markeret."));
		go(r, s.person, s.id);
	}
	free(was);
	sup_free(&s);
}

/* ---- starting support (step 4) --------------------------------------------- */

typedef struct Start {
	long long person;
	char *name;
	CourseState cs;
	char today[11];
} Start;

/* person_owner, a transaction (TX_READ: a read snapshot, as sup_open), the
 * young person's current course (the open one, else the latest; as
 * course.c).  0: answered. */
static int start_open(Req *r, const char *action, int tx, Start *c)
{
	memset(c, 0, sizeof *c);
	c->person = PI(r, "id");
	if (!person_owner(r, c->person, action))
		return 0;
	if (tx == TX_READ)
		db_read_begin(r->db);
	else
		db_begin(r->db);
	c->name = db_text(r->db, "SELECT name FROM person WHERE id = ?", "I", c->person);
	long long course = db_int(r->db, 0,
				  "SELECT id FROM course WHERE person_id = ?"
				  " ORDER BY closed_on IS NULL DESC, opened_on DESC, id DESC LIMIT 1",
				  "I", c->person);
	course_state_load(r->db, course, &c->cs);
	today_copenhagen(c->today);
	return 1;
}

/* The course rule of step 4, for a later support course too (after an
 * ended one, step 4 is recorded already), and no second open one. */
static const char *start_rule(Db *db, const CourseState *cs, CourseState *later)
{
	*later = *cs;
	later->date[4][0] = 0;
	const char *m = course_step_rule(later, 4);
	if (m)
		return m;
	if (support_open(db, cs->id))
		return N_("Den unge har allerede et åbent bostøtteforløb. Det skal afsluttes, før et nyt kan starte.");
	return NULL;
}

/* The methods the allocation allows: CTI for model + CTI; ICM or ACT
 * (for the most complex needs) for model + ICM. */
static void methods_allowed(const CourseState *cs, Choice out[4])
{
	int n = 0;
	for (const Choice *c = support_methods; c->key; c++) {
		int m = method_from_key(c->key);
		if ((cs->combination == COMB_CTI && m == METHOD_CTI) || (cs->combination == COMB_ICM && m != METHOD_CTI))
			out[n++] = *c;
	}
	out[n].key = out[n].label = NULL;
}

static void start_form(Req *r, Start *c, const char *blocked)
{
	Buf act = {0};
	page_begin(r, _("Start bostøtte"));
	breadcrumbs(r, c->person, c->name ? c->name : "", 0, _("Start bostøtte"));
	hp(r, "<h1>%h</h1>\n<p class=\"hv-muted\">%h</p>\n", _("Start bostøtte"), c->name ? c->name : "");
	if (blocked) {
		alert(r, "warning", _(blocked));
		hp(r, "<p><a href=\"/unge/%l\">%h</a></p>\n", c->person, _("Tilbage til den unges side"));
		page_end(r);
		return;
	}
	hp(r, "<p>%h</p>\n", _("Bostøtten er trin 4 i forløbet. CTI varer ni måneder i tre faser; ICM og ACT har ingen fast slutdato. "
			       "En CTI-medarbejder har højst 10 unge ad gangen, en ICM-medarbejder højst 8."));
	error_summary(r);
	bprintf(&act, "/unge/%l/bostoette/ny", c->person);
	form_begin(r, act.p);
	buf_free(&act);
	Choice allowed[4];
	methods_allowed(&c->cs, allowed);
	field_radios(r, "method", _("Metode (skal udfyldes)"),
		     c->cs.combination == COMB_ICM ? _("Den unge er visiteret til ICM. ACT er et tværfagligt team til unge med de mest komplekse behov.")
						   : _("Den unge er visiteret til CTI."),
		     allowed);
	field_text(r, "start_on", _("Startdato (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	Choice *workers = user_choices(r, 1);
	field_select(r, "worker", _("Bostøttemedarbejder (skal udfyldes)"),
		     _("I parentes: medarbejderens unge lige nu pr. metode og loftet."), workers);
	choices_free(workers);
	if (r->user.role == ROLE_PROJECT_LEADER)
		field_textarea(r, "override_reason", _("Begrundelse for at overskride loftet"),
			       _("Kun når medarbejderen har nået loftet. Begrundelsen logges og vises på medarbejderens sagsstamme."));
	else
		hp(r, "<p class=\"hv-muted\">%h</p>\n", _("Har medarbejderen nået loftet, kan kun projektlederen overskride det."));
	if (c->cs.combination == COMB_ICM)
		act_rows_form(r);
	Buf back = {0};
	bprintf(&back, "/unge/%l", c->person);
	form_buttons(r, _("Start bostøtten"), back.p);
	buf_free(&back);
	page_end(r);
}

void page_support_new(Req *r)
{
	Start c;
	CourseState later;
	if (!start_open(r, "support_start", TX_READ, &c))
		return;
	start_form(r, &c, start_rule(r->db, &c.cs, &later));
	db_read_end(r->db);
	audit(r, "support_start", c.person, "view");
	free(c.name);
}

void page_support_create(Req *r)
{
	Start c;
	CourseState later;
	if (!start_open(r, "support_start", TX_WRITE, &c))
		return;
	const char *m = start_rule(r->db, &c.cs, &later);
	int method = method_from_key(P(r, "method"));
	if (m && support_open(r->db, c.cs.id))
		P_set_err(r, "method", m);
	else if (m)
		P_set_err(r, "start_on", m);
	if (!m && method) {
		Choice allowed[4];
		int ok = 0;
		methods_allowed(&c.cs, allowed);
		for (Choice *a = allowed; a->key; a++)
			ok |= streq(a->key, P(r, "method"));
		if (!ok)
			P_set_err(r, "method", c.cs.combination == COMB_CTI ? N_("Den unge er visiteret til CTI. Vælg CTI.")
									   : N_("Den unge er visiteret til ICM. Vælg ICM eller ACT."));
	}
	if (!m && P(r, "start_on") && (m = course_step_check(&later, 4, P(r, "start_on"), c.today)))
		P_set_err(r, "start_on", m);
	int over = method ? check_worker(r, method) : ASSIGN_OK;
	int rows = method == METHOD_ACT ? check_rows(r) : 0;
	if (method == METHOD_ACT && !rows && !P_err(r, "tn0") && !P_err(r, "td0"))
		P_set_err(r, "td0", N_("Et ACT-team skal have mindst én fagperson ud over bostøttemedarbejderen."));
	if (r->nerrors) {
		r->status = 422;
		start_form(r, &c, NULL);
		audit(r, "support_start", c.person, "invalid");
		db_commit(r->db);
		free(c.name);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	long long sid = db_int(r->db, 0,
			       "INSERT INTO support_course(course_id, method, start_on, created_by, created_at)"
			       " VALUES (?,?,?,?,?) RETURNING id",
			       "IttIt", c.cs.id, P(r, "method"), P(r, "start_on"), r->user.id, at);
	add_worker(r, sid, PI(r, "worker"), "", "bostoette", P(r, "start_on"), over);
	if (method == METHOD_ACT)
		add_rows(r, sid, P(r, "start_on"));
	if (!c.cs.date[4][0])
		db_exec(r->db,
			"INSERT INTO course_event(course_id, step, on_date, recorded_by, recorded_at, note)"
			" VALUES (?,4,?,?,?,'')",
			"ItIt", c.cs.id, P(r, "start_on"), r->user.id, at);
	if (over == ASSIGN_OVERRIDE)
		audit(r, "support_cap_override", c.person, "ok");
	audit(r, "support_start", c.person, "ok");
	if (db_commit(r->db)) {
		flash_set(r, _("Bostøtten er startet."));
		go(r, c.person, sid);
	}
	free(c.name);
}

/* ---- changing the worker or the ACT team ------------------------------------ */

static void worker_form(Req *r, Sup *s, const char *blocked)
{
	char today[11];
	today_copenhagen(today);
	page_begin(r, _("Skift medarbejder"));
	breadcrumbs(r, s->person, s->name, s->id, _("Skift medarbejder"));
	hp(r, "<h1>%h</h1>\n<p class=\"hv-muted\">%h</p>\n", _("Skift medarbejder"), s->name);
	if (blocked) {
		alert(r, "warning", _(blocked));
		page_end(r);
		return;
	}
	Buf cur = {0};
	workers_text(r, &cur, s->id, s->method, today);
	hp(r, "<p>%h %h</p>\n", _("Nu:"), cur.p);
	buf_free(&cur);
	error_summary(r);
	Buf act = {0};
	bprintf(&act, "/unge/%l/bostoette/%l/medarbejder", s->person, s->id);
	form_begin(r, act.p);
	buf_free(&act);
	Choice *workers = user_choices(r, 1);
	field_select(r, "worker", s->method == METHOD_ACT ? _("Ny bostøttemedarbejder") : _("Ny bostøttemedarbejder (skal udfyldes)"),
		     _("I parentes: medarbejderens unge lige nu pr. metode og loftet."), workers);
	choices_free(workers);
	field_text(r, "from_on", _("Fra dato (skal udfyldes)"),
		   _("dd.mm.åååå. Den nuværende medarbejders opgave slutter dagen før."), "text", "off");
	if (r->user.role == ROLE_PROJECT_LEADER)
		field_textarea(r, "override_reason", _("Begrundelse for at overskride loftet"),
			       _("Kun når medarbejderen har nået loftet. Begrundelsen logges og vises på medarbejderens sagsstamme."));
	if (s->method == METHOD_ACT) {
		Stmt q;
		int n = 0;
		db_query(r->db, &q,
			 "SELECT w.id, COALESCE(u.name, w.name), w.discipline FROM support_worker w"
			 " LEFT JOIN users u ON u.id = w.user_id"
			 " WHERE w.support_id = ? AND w.discipline <> 'bostoette' AND (w.to_on IS NULL OR w.to_on >= ?)"
			 " ORDER BY w.id",
			 "It", s->id, today);
		while (db_step(&q)) {
			if (n++ == 0) {
				const char *err = P_err(r, "end_member");
				hp(r, "<div class=\"form-group%s\">\n<fieldset id=\"end_member\"%s>\n<legend class=\"form-label\">%h</legend>\n",
				   err ? " form-error" : "", err ? " aria-describedby=\"end_member-error\"" : "",
				   _("Fagpersoner, der forlader teamet"));
				if (err)
					hp(r, "<span class=\"form-error-message\" id=\"end_member-error\"><span class=\"sr-only\">%h </span>%h</span>\n",
					   _("Fejl:"), _(err));
				hp(r, "<ul class=\"nobullet-list\">\n");
			}
			hp(r, "<li><input id=\"end_member-%l\" type=\"checkbox\" name=\"end_member\" value=\"%l\" class=\"form-checkbox\"%s>"
			      "<label for=\"end_member-%l\">%h (%h)</label></li>\n",
			   db_col_int(&q, 0), db_col_int(&q, 0), P_has(r, "end_member", db_col_text(&q, 0)) ? " checked" : "",
			   db_col_int(&q, 0), db_col_text(&q, 1), _(choice_label(act_disciplines, db_col_text(&q, 2))));
		}
		db_finalize(&q);
		if (n)
			hp(r, "</ul>\n</fieldset>\n</div>\n");
		act_rows_form(r);
	}
	Buf back = {0};
	bprintf(&back, "/unge/%l/bostoette/%l", s->person, s->id);
	form_buttons(r, _("Gem"), back.p);
	buf_free(&back);
	page_end(r);
}

void page_support_worker(Req *r)
{
	Sup s;
	if (!sup_open(r, WHO_OWNER, "support_worker", TX_READ, &s))
		return;
	worker_form(r, &s, s.end[0] ? N_("Bostøtten er afsluttet.") : NULL);
	db_read_end(r->db);
	audit(r, "support_worker", s.person, "view");
	sup_free(&s);
}

void page_support_worker_post(Req *r)
{
	Sup s;
	char today[11];
	if (!sup_open(r, WHO_OWNER, "support_worker", TX_WRITE, &s))
		return;
	today_copenhagen(today);
	if (s.end[0]) {
		r->status = 422;
		worker_form(r, &s, N_("Bostøtten er afsluttet."));
		audit(r, "support_worker", s.person, "invalid");
		db_commit(r->db);
		sup_free(&s);
		return;
	}
	long long uid = PI(r, "worker");
	char *cur_from = db_text(r->db,
				 "SELECT MAX(from_on) FROM support_worker WHERE support_id = ? AND discipline = 'bostoette'"
				 " AND (to_on IS NULL OR to_on >= ?)",
				 "It", s.id, today);
	if (uid && db_int(r->db, 0,
			  "SELECT COUNT(*) FROM support_worker WHERE support_id = ? AND user_id = ? AND discipline = 'bostoette'"
			  " AND (to_on IS NULL OR to_on >= ?)",
			  "IIt", s.id, uid, today))
		P_set_err(r, "worker", N_("Medarbejderen giver allerede bostøtten. Vælg en anden."));
	else if (!uid && s.method != METHOD_ACT && !P_err(r, "worker"))
		P_set_err(r, "worker", N_("Vælg den nye bostøttemedarbejder."));
	const char *from = P(r, "from_on");
	if (from && strcmp(from, s.start) < 0)
		P_set_err(r, "from_on", N_("Datoen må ikke ligge før bostøttens start."));
	else if (from && uid && cur_from && cur_from[0] && strcmp(from, cur_from) <= 0)
		P_set_err(r, "from_on", N_("Den nye medarbejder kan tidligst starte dagen efter, at den nuværende startede."));
	int over = P_err(r, "worker") ? ASSIGN_OK : check_worker(r, s.method);
	int rows = 0, ends = 0;
	if (s.method == METHOD_ACT) {
		rows = check_rows(r);
		for (size_t i = 0; i < P_count(r, "end_member"); i++)
			if (!db_int(r->db, 0,
				    "SELECT COUNT(*) FROM support_worker WHERE id = ? AND support_id = ? AND discipline <> 'bostoette'"
				    " AND (to_on IS NULL OR to_on >= ?)",
				    "IIt", strtoll(P_at(r, "end_member", i), NULL, 10), s.id, today))
				P_set_err(r, "end_member", N_("Vælg blandt teamets nuværende fagpersoner."));
			else
				ends++;
		if (!uid && !rows && !ends && !r->nerrors)
			P_set_err(r, "worker", N_("Vælg en ny medarbejder, en fagperson der forlader teamet, eller tilføj en fagperson."));
	}
	if (r->nerrors) {
		r->status = 422;
		worker_form(r, &s, NULL);
		audit(r, "support_worker", s.person, "invalid");
		db_commit(r->db);
		free(cur_from);
		sup_free(&s);
		return;
	}
	char before[11];
	date_add_days(before, from, -1);
	if (uid) {
		db_exec(r->db,
			"UPDATE support_worker SET to_on = ? WHERE support_id = ? AND discipline = 'bostoette'"
			" AND (to_on IS NULL OR to_on >= ?)",
			"tIt", before, s.id, from);
		add_worker(r, s.id, uid, "", "bostoette", from, over);
	}
	for (size_t i = 0; i < P_count(r, "end_member"); i++)
		db_exec(r->db, "UPDATE support_worker SET to_on = ? WHERE id = ? AND support_id = ?", "tII", before,
			strtoll(P_at(r, "end_member", i), NULL, 10), s.id);
	if (rows)
		add_rows(r, s.id, from);
	if (over == ASSIGN_OVERRIDE)
		audit(r, "support_cap_override", s.person, "ok");
	audit(r, "support_worker", s.person, "ok");
	if (db_commit(r->db)) {
		flash_set(r, _("Medarbejderne er opdateret."));
		go(r, s.person, s.id);
	}
	free(cur_from);
	sup_free(&s);
}

/* ---- ending support (step 6) ------------------------------------------------ */

static void end_form(Req *r, Sup *s, const char *blocked)
{
	page_begin(r, _("Afslut bostøtten"));
	breadcrumbs(r, s->person, s->name, s->id, _("Afslut bostøtten"));
	hp(r, "<h1>%h</h1>\n<p class=\"hv-muted\">%h</p>\n", _("Afslut bostøtten"), s->name);
	if (blocked) {
		alert(r, "warning", _(blocked));
		page_end(r);
		return;
	}
	hp(r, "<p>%h</p>\n", _("Bostøtten er trin 6 i forløbet. Beslut sammen med den unge, om der er brug for støtte bagefter, "
			       "og hvornår den starter, så der ikke opstår et hul i støtten."));
	error_summary(r);
	Buf act = {0};
	bprintf(&act, "/unge/%l/bostoette/%l/afslut", s->person, s->id);
	form_begin(r, act.p);
	buf_free(&act);
	field_text(r, "end_on", _("Slutdato (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	field_radios(r, "end_reason", _("Årsag (skal udfyldes)"), NULL, support_end_reasons);
	field_textarea(r, "end_note", _("Note"), NULL);
	field_radios(r, "next_support", _("Videre støtte (skal udfyldes)"), NULL, next_supports);
	field_text(r, "next_support_on", _("Den videre støtte starter"),
		   _("dd.mm.åååå. Skal udfyldes, medmindre der ikke er behov, eller den unge har takket nej. Må ligge efter slutdatoen."),
		   "text", "off");
	Buf back = {0};
	bprintf(&back, "/unge/%l/bostoette/%l", s->person, s->id);
	form_buttons(r, _("Afslut bostøtten"), back.p);
	buf_free(&back);
	page_end(r);
}

void page_support_end(Req *r)
{
	Sup s;
	if (!sup_open(r, WHO_CHANGE, "support_end", TX_READ, &s))
		return;
	end_form(r, &s, s.end[0] ? N_("Bostøtten er afsluttet.") : NULL);
	db_read_end(r->db);
	audit(r, "support_end", s.person, "view");
	sup_free(&s);
}

void page_support_end_post(Req *r)
{
	Sup s;
	if (!sup_open(r, WHO_CHANGE, "support_end", TX_WRITE, &s))
		return;
	if (s.end[0]) {
		r->status = 422;
		end_form(r, &s, N_("Bostøtten er afsluttet."));
		audit(r, "support_end", s.person, "invalid");
		db_commit(r->db);
		sup_free(&s);
		return;
	}
	const char *end = P(r, "end_on"), *next = P(r, "next_support"), *next_on = P(r, "next_support_on");
	int none = next && (streq(next, "none") || streq(next, "declined"));
	if (end && strcmp(end, s.start) < 0)
		P_set_err(r, "end_on", N_("Slutdatoen må ikke ligge før bostøttens start."));
	if (next && !none && !next_on && !P_err(r, "next_support_on"))
		P_set_err(r, "next_support_on", N_("Skriv datoen, hvor den videre støtte starter."));
	if (next_on && !none && strcmp(next_on, s.start) < 0)
		P_set_err(r, "next_support_on", N_("Den videre støtte kan ikke starte før bostøtten."));
	if (r->nerrors) {
		r->status = 422;
		end_form(r, &s, NULL);
		audit(r, "support_end", s.person, "invalid");
		db_commit(r->db);
		sup_free(&s);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	db_exec(r->db,
		"UPDATE support_course SET end_on = ?, end_reason = ?, end_note = ?, next_support = ?,"
		" next_support_on = ?, ended_by = ?, version = version + 1 WHERE id = ? AND end_on IS NULL",
		"tttttII", end, P(r, "end_reason"), P(r, "end_note") ? P(r, "end_note") : "", next, none ? NULL : next_on,
		r->user.id, s.id);
	db_exec(r->db, "UPDATE support_worker SET to_on = ? WHERE support_id = ? AND (to_on IS NULL OR to_on > ?)", "tIt",
		end, s.id, end);
	if (!db_int(r->db, 0, "SELECT COUNT(*) FROM course_event WHERE course_id = ? AND step = 6", "I", s.course))
		db_exec(r->db,
			"INSERT INTO course_event(course_id, step, on_date, recorded_by, recorded_at, note)"
			" VALUES (?,6,?,?,?,'')",
			"ItIt", s.course, end, r->user.id, at);
	audit(r, "support_end", s.person, "ok");
	int owner = person_is_owner(r, s.person);
	if (db_commit(r->db)) {
		/* a support worker no longer sees the young person once the support has ended */
		flash_set(r, _("Bostøtten er afsluttet."));
		if (owner)
			go(r, s.person, s.id);
		else
			go(r, 0, 0);
	}
	sup_free(&s);
}

/* ---- caseloads -------------------------------------------------------------- */

static void count_cell(Req *r, long long n, int cap)
{
	if (n >= cap)
		hp(r, "<td><strong class=\"hv-warn\">%l %h %d</strong></td>", n, _("af"), cap);
	else
		hp(r, "<td>%l %h %d</td>", n, _("af"), cap);
}

/* The project leader's overview: every active support worker with their
 * caseload per method against the cap, free places and overrides. */
void page_support_caseloads(Req *r)
{
	size_t nw = 0;
	db_read_begin(r->db); /* one snapshot, no write lock; the log row after it */
	page_begin(r, _("Bostøtte: medarbejdernes sagsstammer"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Bostøtte: medarbejdernes sagsstammer"),
	   _("En CTI-medarbejder har højst 10 unge ad gangen og en ICM-medarbejder højst 8. ACT er et team og har intet loft pr. medarbejder."));
	Caseload *w = caseloads_read(r, &nw);
	for (size_t i = 0; i < nw; i++) {
		long long cti = w[i].n[METHOD_CTI - 1], icm = w[i].n[METHOD_ICM - 1], act = w[i].n[METHOD_ACT - 1];
		long long over = w[i].over;
		if (i == 0)
			hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
			      "<table class=\"table table--compact\">\n<caption class=\"sr-only\">%h</caption>\n"
			      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">CTI</th><th scope=\"col\">ICM</th>"
			      "<th scope=\"col\">ACT</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			   _("Bostøttemedarbejdere"), _("Bostøttemedarbejdere"), _("Medarbejder"), _("Ledige pladser"),
			   _("Loft overskredet"));
		hp(r, "<tr><td><a href=\"/bostoette/medarbejdere/%l\">%h</a></td>", w[i].uid, w[i].name);
		count_cell(r, cti, CTI_CAP);
		count_cell(r, icm, ICM_CAP);
		hp(r, "<td>%l</td><td>CTI %l, ICM %l</td><td>%s", act, cti < CTI_CAP ? CTI_CAP - cti : 0,
		   icm < ICM_CAP ? ICM_CAP - icm : 0, over ? "<strong class=\"hv-warn\">" : "");
		if (over)
			hp(r, "%l %h</strong>", over, over == 1 ? _("gang") : _("gange"));
		else
			hp(r, "%h", _("Nej"));
		hp(r, "</td></tr>\n");
	}
	if (nw)
		hp(r, "</tbody>\n</table>\n</div>\n");
	else
		hp(r, "<p>%h</p>\n", _("Kommunen har ingen aktive bostøttemedarbejdere."));
	caseloads_free(w, nw);
	db_read_end(r->db);
	audit(r, "list", 0, "ok");
	page_end(r);
}

/* One worker's caseload: their young people per method with the start,
 * the phase and days left (CTI), and each override with its reason.  The
 * project leader or the worker themselves; anyone else 404, logged. */
void page_support_caseload(Req *r)
{
	long long uid = PI(r, "uid");
	char today[11];
	today_copenhagen(today);
	char *name = db_text(r->db, "SELECT name FROM users WHERE id = ? AND municipality_id = ? AND role = 'support'", "II",
			     uid, r->user.municipality_id);
	if (!name || !(r->user.role == ROLE_PROJECT_LEADER || r->user.id == uid)) {
		audit(r, "list", 0, name ? "refused" : "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		free(name);
		return;
	}
	db_read_begin(r->db); /* one snapshot, no write lock; the log row after it */
	page_begin(r, name);
	if (r->user.role == ROLE_PROJECT_LEADER)
		hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
		      "<li class=\"breadcrumbs__list-item\"><a href=\"/bostoette\" class=\"breadcrumbs__link\">%h</a></li>"
		      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n",
		   _("Brødkrumme"), _("Bostøtte"), name);
	/* the worker's young people of every method in one statement (the
	 * current assignments as two ranges of the index on (user_id, to_on)),
	 * by method; the caseload per method counts them as support_caseload */
	typedef struct Row {
		long long person, sid;
		int method;
		char *name, *reason, *by;
		char start[11];
	} Row;
	Row *rows = NULL;
	size_t nrows = 0, cap = 0;
	long long count[3] = {0, 0, 0};
	Stmt q;
	db_query(r->db, &q,
		 "SELECT p.id, p.name, s.id, s.start_on, w.override_reason, o.name, s.method"
		 " FROM (SELECT w.support_id, w.override_reason, w.override_by FROM support_worker w"
		 " WHERE w.user_id = ? AND w.to_on IS NULL"
		 " UNION ALL SELECT w.support_id, w.override_reason, w.override_by FROM support_worker w"
		 " WHERE w.user_id = ? AND w.to_on >= ?) w"
		 " JOIN support_course s ON s.id = w.support_id JOIN course c ON c.id = s.course_id"
		 " JOIN person p ON p.id = c.person_id LEFT JOIN users o ON o.id = w.override_by"
		 " WHERE s.end_on IS NULL AND c.closed_on IS NULL"
		 " ORDER BY CASE s.method WHEN 'cti' THEN 1 WHEN 'icm' THEN 2 ELSE 3 END, s.start_on, p.name, s.id",
		 "IIt", uid, uid, today);
	while (db_step(&q)) {
		int m = method_from_key(db_col_text(&q, 6));
		if (m < METHOD_CTI || m > METHOD_ACT)
			continue;
		rows = rows_add(rows, &nrows, &cap, sizeof *rows);
		Row *w = &rows[nrows - 1];
		w->person = db_col_int(&q, 0);
		w->name = xstrdup(db_col_text(&q, 1));
		w->sid = db_col_int(&q, 2);
		copy10(w->start, db_col_text(&q, 3));
		w->reason = xstrdup(db_col_text(&q, 4));
		w->by = xstrdup(db_col_text(&q, 5));
		w->method = m;
		/* two assignments to one support course are one young person:
		 * the same ordering keys, so next to each other */
		if (nrows == 1 || rows[nrows - 2].sid != w->sid)
			count[m - 1]++;
	}
	db_finalize(&q);
	hp(r, "<h1>%h</h1>\n<p>%h ", _("Sagsstamme"), name);
	Buf t = {0};
	caseload_text(r, &t, count);
	hp(r, "(%h)</p>\n", t.p);
	buf_free(&t);
	size_t i = 0;
	for (int m = METHOD_CTI; m <= METHOD_ACT; m++) {
		int n = 0;
		hp(r, "<h2>%h</h2>\n", _(choice_label(support_methods, method_key(m))));
		for (; i < nrows && rows[i].method == m; i++) {
			const Row *w = &rows[i];
			char d[11];
			if (n++ == 0) {
				hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
				      "<table class=\"table table--compact\">\n<caption class=\"sr-only\">%h</caption>\n"
				      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>",
				   method_short(m), method_short(m), _("Navn"), _("Start"));
				if (m == METHOD_CTI)
					hp(r, "<th scope=\"col\">%h</th>", _("Fase"));
				hp(r, "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n", _("Loft overskredet"));
			}
			dkdate(d, w->start);
			hp(r, "<tr><td><a href=\"/unge/%l/bostoette/%l\">%h</a></td><td>%h</td>", w->person, w->sid, w->name, d);
			if (m == METHOD_CTI) {
				hp(r, "<td>");
				phase_line(r, w->start, today);
				hp(r, "</td>");
			}
			if (w->reason[0])
				hp(r, "<td>%h <span class=\"hv-muted\">(%h %h)</span></td></tr>\n", w->reason, _("godkendt af"),
				   w->by);
			else
				hp(r, "<td>%h</td></tr>\n", _("Nej"));
		}
		if (n)
			hp(r, "</tbody>\n</table>\n</div>\n");
		else
			hp(r, "<p>%h</p>\n", _("Ingen unge med denne metode lige nu."));
	}
	for (i = 0; i < nrows; i++) {
		free(rows[i].name);
		free(rows[i].reason);
		free(rows[i].by);
	}
	free(rows);
	db_read_end(r->db);
	audit(r, "list", 0, "ok");
	page_end(r);
	free(name);
}

/* ---- the young person's page and the worklist ------------------------------- */

/* An ended support course as support_section lists it. */
typedef struct SupEnded {
	long long id;
	int method;
	char start[11], end[11];
	char *next; /* the decision on further support */
} SupEnded;

/* the latest started first */
static int support_ended_cmp(const void *a, const void *b)
{
	const SupEnded *x = a, *y = b;
	int c = strcmp(y->start, x->start);
	return c ? c : (y->id > x->id) - (y->id < x->id);
}

void support_section(Req *r, long long person, long long course)
{
	CourseState cs, later;
	char today[11], d[11], d2[11];
	if (!course || !course_state_load(r->db, course, &cs) || !course_step_applies(&cs, 4))
		return;
	today_copenhagen(today);
	/* the course's support courses in one statement: the open one (as
	 * support_open: the latest not ended) and the ended ones */
	Stmt q;
	SupEnded *ended = NULL;
	size_t nended = 0, cap = 0;
	long long open = 0;
	db_query(r->db, &q, "SELECT id, method, start_on, end_on, next_support FROM support_course WHERE course_id = ?",
		 "I", course);
	while (db_step(&q)) {
		if (db_col_null(&q, 3)) {
			if (db_col_int(&q, 0) > open)
				open = db_col_int(&q, 0);
			continue;
		}
		ended = rows_add(ended, &nended, &cap, sizeof *ended);
		SupEnded *e = &ended[nended - 1];
		e->id = db_col_int(&q, 0);
		e->method = method_from_key(db_col_text(&q, 1));
		snprintf(e->start, sizeof e->start, "%s", db_col_text(&q, 2));
		snprintf(e->end, sizeof e->end, "%s", db_col_text(&q, 3));
		e->next = xstrdup(db_col_text(&q, 4));
	}
	db_finalize(&q);
	if (nended > 1)
		qsort(ended, nended, sizeof *ended, support_ended_cmp);
	hp(r, "<section aria-labelledby=\"h-support\">\n<h2 id=\"h-support\">%h</h2>\n", _("Bostøtte"));
	if (open) {
		Sup s;
		sup_load(r->db, person, open, &s);
		Buf w = {0};
		workers_text(r, &w, s.id, s.method, today);
		dkdate(d, s.start);
		hp(r, "<div class=\"hv-card\">\n<dl class=\"hv-dl\">\n<dt>%h</dt><dd>%h</dd>\n<dt>%h</dt><dd>%h</dd>\n"
		      "<dt>%h</dt><dd>%h</dd>\n",
		   _("Metode"), _(choice_label(support_methods, method_key(s.method))),
		   s.method == METHOD_ACT ? _("ACT-teamet") : _("Bostøttemedarbejder"), w.p, _("Start"), d);
		buf_free(&w);
		if (s.method == METHOD_CTI) {
			hp(r, "<dt>%h</dt><dd>", _("Fase"));
			phase_line(r, s.start, today);
			hp(r, "</dd>\n");
		}
		hp(r, "</dl>\n");
		const char *warn[3];
		int nw = sup_warnings(r->db, s.id, s.method, s.start, s.end, today, warn);
		for (int i = 0; i < nw; i++)
			alert(r, "warning", _(warn[i]));
		hp(r, "<p><a href=\"/unge/%l/bostoette/%l\">%h</a></p>\n</div>\n", person, s.id, _("Se bostøtteforløbet"));
		sup_free(&s);
	} else if (person_is_owner(r, person) && !start_rule(r->db, &cs, &later)) {
		hp(r, "<p><a class=\"button button-primary\" href=\"/unge/%l/bostoette/ny\">%h</a></p>\n", person,
		   _("Start bostøtte"));
	} else {
		hp(r, "<p>%h</p>\n", _("Ingen åben bostøtte."));
	}
	for (size_t i = 0; i < nended; i++) {
		const SupEnded *e = &ended[i];
		if (i == 0)
			hp(r, "<h3>%h</h3>\n<ul>\n", _("Tidligere bostøtteforløb"));
		dkdate(d, e->start);
		dkdate(d2, e->end);
		hp(r, "<li><a href=\"/unge/%l/bostoette/%l\">%h %h–%h</a>: %h</li>\n", person, e->id,
		   method_short(e->method), d, d2, _(choice_label(next_supports, e->next)));
		free(e->next);
	}
	if (nended)
		hp(r, "</ul>\n");
	free(ended);
	hp(r, "</section>\n");
}

/* The support worker's "Mine unge": the young people they support, then
 * those whose team they are on. */
void support_worklist(Req *r)
{
	Stmt q;
	char today[11];
	today_copenhagen(today);
	db_read_begin(r->db); /* one snapshot, no write lock; the log row after it */
	page_begin(r, _("Mine unge"));
	hp(r, "<h1>%h</h1>\n", _("Mine unge"));
	documentation_notice(r); /* worklist.c */
	/* the list first, with the latest contact as a column (as contact_last,
	 * contact.c: the latest that was not only an attempt, from the newest
	 * back); the worker's current assignments are two ranges of the index
	 * on (user_id, to_on), the open ones (NULL) and those ending today or
	 * later, not every assignment the worker ever had */
	typedef struct Row {
		long long person, sid, course;
		int method;
		char *name;
		char start[11], last[11];
	} Row;
	Row *rows = NULL;
	size_t n = 0, cap = 0;
	Buf course_ids = {0}, cti_ids = {0}; /* JSON arrays of the list's ids */
	db_query(r->db, &q,
		 "SELECT DISTINCT p.id, p.name, s.id, s.method, s.start_on, c.id,"
		 " (SELECT k.on_date FROM contact k WHERE k.support_id = s.id AND k.kind <> 'attempt'"
		 " ORDER BY k.on_date DESC LIMIT 1)"
		 " FROM (SELECT w.support_id FROM support_worker w WHERE w.user_id = ? AND w.to_on IS NULL"
		 " UNION ALL SELECT w.support_id FROM support_worker w WHERE w.user_id = ? AND w.to_on >= ?) w"
		 " JOIN support_course s ON s.id = w.support_id JOIN course c ON c.id = s.course_id"
		 " JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND s.end_on IS NULL AND c.closed_on IS NULL ORDER BY p.name, p.id",
		 "IItI", r->user.id, r->user.id, today, r->user.municipality_id);
	while (db_step(&q)) {
		rows = rows_add(rows, &n, &cap, sizeof *rows);
		Row *w = &rows[n - 1];
		w->person = db_col_int(&q, 0);
		w->name = xstrdup(db_col_text(&q, 1));
		w->sid = db_col_int(&q, 2);
		w->method = method_from_key(db_col_text(&q, 3));
		copy10(w->start, db_col_text(&q, 4));
		w->course = db_col_int(&q, 5);
		copy10(w->last, db_col_text(&q, 6)); /* "" when there is none */
		bprintf(&course_ids, "%s%l", course_ids.n ? "," : "[", w->course);
		if (w->method == METHOD_CTI) /* only CTI has the checklist (sup_warnings_of) */
			bprintf(&cti_ids, "%s%l", cti_ids.n ? "," : "[", w->sid);
	}
	db_finalize(&q);
	buf_puts(&course_ids, course_ids.n ? "]" : "[]");
	buf_puts(&cti_ids, cti_ids.n ? "]" : "[]");
	/* the figures of every row, one statement per kind for the whole list
	 * (not per row), for the list's ids (bound as one JSON array, so the
	 * assignments are not looked up again), merged by course or support
	 * course id: the courses' states and meetings (the "Næste møde" cell),
	 * the CTI checklist */
	Stmt courses, mq;
	size_t ncs = 0, nchecks = 0;
	db_query(r->db, &courses,
		 "SELECT c.id, c.target_group, c.closed_on, c.kept_combination, c.kept_end_kind, c.kept_home_found_on,"
		 " c.kept_step1_on, c.kept_step2_on, c.kept_step3_on, c.kept_step4_on, c.kept_step5_on,"
		 " c.kept_step6_on, c.kept_step7_on"
		 " FROM course c WHERE c.closed_on IS NULL AND c.id IN (SELECT value FROM json_each(?))"
		 " ORDER BY c.id",
		 "t", course_ids.p);
	CourseState *states = course_states_read(&courses, &ncs);
	db_query(r->db, &mq,
		 "SELECT m.course_id, m.held, m.on_date FROM meeting m"
		 " WHERE m.course_id IN (SELECT value FROM json_each(?))"
		 " AND ((m.held = 1 AND m.young_present = 1) OR (m.held = 0 AND m.on_date >= ?))"
		 " ORDER BY m.course_id, m.on_date",
		 "tt", course_ids.p, today);
	MeetingCell *meetings = meeting_cells_read(&mq, states, ncs, today);
	SupCheck *checks = NULL;
	cap = 0;
	db_query(r->db, &q,
		 "SELECT k.support_id, k.item FROM support_check k"
		 " WHERE k.support_id IN (SELECT value FROM json_each(?))"
		 " ORDER BY k.support_id",
		 "t", cti_ids.p);
	while (db_step(&q)) {
		checks = rows_add(checks, &nchecks, &cap, sizeof *checks);
		checks[nchecks - 1].sid = db_col_int(&q, 0);
		snprintf(checks[nchecks - 1].item, sizeof checks[nchecks - 1].item, "%s", db_col_text(&q, 1));
	}
	db_finalize(&q);
	buf_free(&course_ids);
	buf_free(&cti_ids);
	for (size_t i = 0; i < n; i++) {
		const Row *w = &rows[i];
		if (i == 0)
			hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
			      "<table class=\"table table--compact table--responsive-headers\">\n<caption class=\"sr-only\">%h</caption>\n"
			      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "</tr></thead>\n<tbody>\n",
			   _("Unge, du giver bostøtte"), _("Unge, du giver bostøtte"), _("Navn"), _("Metode"), _("Fase"),
			   _("Dage tilbage"), _("Seneste kontakt"), _("Næste møde"), _("Advarsler"));
		/* on a phone each row is a card (DKFDS table--responsive-headers);
		 * data-title names each cell */
		hp(r, "<tr><td><a href=\"/unge/%l\">%h</a><br><a class=\"hv-small\" href=\"/unge/%l/bostoette/%l\">%h</a></td>"
		      "<td data-title=\"%a\">%h</td>",
		   w->person, w->name, w->person, w->sid, _("Bostøtte"), _("Metode"), method_short(w->method));
		if (w->method == METHOD_CTI) {
			CtiPhases p;
			cti_phases(w->start, &p);
			int ph = cti_phase_on(&p, today);
			if (ph >= 1 && ph <= 3)
				hp(r, "<td data-title=\"%a\">%h</td><td data-title=\"%a\">%l</td>", _("Fase"),
				   _(phase_names[ph - 1]), _("Dage tilbage"), days_between(today, p.last_day));
			else
				hp(r, "<td data-title=\"%a\">%h</td><td data-title=\"%a\">%s</td>", _("Fase"),
				   ph ? _("De ni måneder er gået") : _("Ikke startet endnu"), _("Dage tilbage"), "-");
		} else {
			hp(r, "<td data-title=\"%a\">%s</td><td data-title=\"%a\">%s</td>", _("Fase"), "-",
			   _("Dage tilbage"), "-");
		}
		char d[11];
		if (w->last[0]) {
			dkdate(d, w->last);
			hp(r, "<td data-title=\"%a\">%h <span class=\"hv-muted\">(%l %h)</span></td>", _("Seneste kontakt"), d,
			   days_between(w->last, today), _("dage siden"));
		} else {
			hp(r, "<td data-title=\"%a\"><span class=\"hv-muted\">%h</span></td>", _("Seneste kontakt"),
			   _("Ingen endnu"));
		}
		const CourseState *cs = id_find(states, ncs, sizeof *states, w->course);
		if (cs)
			meeting_cell_draw(r, &meetings[cs - states]);
		else
			meeting_caseload_cell(r, w->course);
		const char *warn[3];
		int nw = sup_warnings_of(r->db, w->sid, w->method, w->start, "", today, checks, nchecks, warn);
		hp(r, "<td data-title=\"%a\">", _("Advarsler"));
		for (int k = 0; k < nw; k++)
			hp(r, "%s<strong class=\"hv-overdue\">%h</strong>", k ? "<br>" : "", _(warn[k]));
		if (!nw)
			hp(r, "%s", "-");
		hp(r, "</td></tr>\n");
	}
	for (size_t i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
	free(states);
	free(meetings);
	free(checks);
	if (n)
		hp(r, "</tbody>\n</table>\n</div>\n");
	else
		hp(r, "<p>%h</p>\n", _("Du giver ikke bostøtte til nogen unge lige nu."));
	hp(r, "<p><a href=\"/bostoette/medarbejdere/%l\">%h</a></p>\n", r->user.id, _("Din sagsstamme pr. metode"));
	team_caseload(r, 0); /* team.c: young people whose team they are on */
	db_read_end(r->db);
	audit(r, "list", 0, "ok");
	page_end(r);
}

/* ---- demo ------------------------------------------------------------------- */


/* course.c: the young person's course (forløb) through the seven steps
 * (DOMAIN.md §3): allocation with the combination of methods, a home found,
 * the dated steps 3-6, closing the collaboration model (step 7), declining
 * (takker nej), a new course after a closed one, the coordinator and their
 * caseload against the municipality's guide value, and the coordinator's
 * start checklist.
 *
 * The step rules are pure functions over a CourseState (unit-tested); the
 * current step is derived from the recorded events, never stored.  Every
 * form: person_access first, then check and write in one transaction with
 * the access-log row; bad input or a broken rule answers 422 with a Danish
 * message at the field and writes nothing but the access-log row. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- the rules (pure) ---------------------------------------------------- */

int combination_from_key(const char *key)
{
	if (!key)
		return COMB_NONE;
	if (streq(key, "model"))
		return COMB_MODEL;
	if (streq(key, "model_cti"))
		return COMB_CTI;
	if (streq(key, "model_icm"))
		return COMB_ICM;
	return COMB_NONE;
}

/* The current step: the highest step recorded. */
int course_current_step(const CourseState *s)
{
	for (int k = 7; k >= 1; k--)
		if (s->date[k][0])
			return k;
	return 0;
}

/* Does the step belong to this course?  Housing support (4, 6) only with a
 * combination that has it (unknown before the allocation), moving into own
 * home (5) only for a young person who was homeless. */
int course_step_applies(const CourseState *s, int step)
{
	if (step == 4 || step == 6)
		return s->combination != COMB_MODEL;
	if (step == 5)
		return s->homeless;
	return step >= 1 && step <= 7;
}

/* May the step be recorded now, whatever the date?  NULL when it may,
 * else the Danish message (a msgid). */
const char *course_step_rule(const CourseState *s, int step)
{
	if (s->closed_on[0])
		return N_("Forløbet er afsluttet. Der kan ikke registreres flere trin.");
	if (step < 1 || step > 7)
		return N_("Ukendt trin.");
	if (step == 1)
		return N_("Trin 1 registreres med en henvisning.");
	if (s->date[step][0])
		return N_("Trinnet er allerede registreret.");
	switch (step) {
	case 2:
		if (!s->date[1][0])
			return N_("Den unge skal være henvist, før der kan visiteres.");
		break;
	case 3:
		if (!s->date[2][0])
			return N_("Den unge skal være udredt og visiteret (trin 2), før forløbet i samarbejdsmodellen kan starte.");
		break;
	case 4:
		if (!s->date[2][0] || s->combination == COMB_NONE)
			return N_("Den unge skal være visiteret til bostøtte (trin 2), før bostøtten kan starte.");
		if (s->combination == COMB_MODEL)
			return N_("Den unge er visiteret til samarbejdsmodellen uden bostøtte, så der er ingen bostøtte at starte eller afslutte.");
		if (s->combination == COMB_CTI && !s->home_found[0])
			return N_("Bostøtte efter CTI kan først starte, når der er fundet en bolig. Registrér først, at boligen er fundet (tildelt bolig eller underskrevet lejekontrakt).");
		break;
	case 5:
		if (!s->homeless)
			return N_("Indflytning i egen bolig registreres kun for unge, der var i hjemløshed.");
		if (s->combination != COMB_MODEL && !s->date[4][0])
			return N_("Bostøtten skal være startet (trin 4), før indflytningen i egen bolig registreres.");
		if (!s->date[3][0])
			return N_("Forløbet i samarbejdsmodellen skal være startet (trin 3), før indflytningen i egen bolig registreres.");
		break;
	case 6:
		if (s->combination == COMB_MODEL)
			return N_("Den unge er visiteret til samarbejdsmodellen uden bostøtte, så der er ingen bostøtte at starte eller afslutte.");
		if (!s->date[4][0])
			return N_("Bostøtten kan først afsluttes, når den er startet (trin 4).");
		break;
	case 7:
		if (!s->date[3][0])
			return N_("Forløbet i samarbejdsmodellen skal være startet (trin 3), før det kan afsluttes.");
		if (s->date[4][0] && !s->date[6][0])
			return N_("Bostøtten er ikke afsluttet. Registrér først, at bostøtten er afsluttet (trin 6).");
		break;
	}
	return NULL;
}

/* The rule and the date: not in the future, not before a step with a lower
 * number, and CTI support not before the home was found. */
const char *course_step_check(const CourseState *s, int step, const char *date, const char *today)
{
	const char *m = course_step_rule(s, step);
	if (m)
		return m;
	if (strcmp(date, today) > 0)
		return N_("Datoen må ikke ligge i fremtiden.");
	for (int k = 1; k < step; k++)
		if (s->date[k][0] && strcmp(date, s->date[k]) < 0)
			return N_("Datoen må ikke ligge før datoen for et tidligere trin i forløbet.");
	if (step == 4 && s->combination == COMB_CTI && strcmp(date, s->home_found) < 0)
		return N_("Bostøtte efter CTI kan tidligst starte den dag, boligen blev fundet.");
	return NULL;
}

/* A young person can decline at any step of an open course. */
const char *course_decline_check(const CourseState *s, const char *date, const char *today)
{
	if (s->closed_on[0])
		return N_("Forløbet er allerede afsluttet.");
	if (strcmp(date, today) > 0)
		return N_("Datoen må ikke ligge i fremtiden.");
	for (int k = 1; k <= 7; k++)
		if (s->date[k][0] && strcmp(date, s->date[k]) < 0)
			return N_("Datoen må ikke ligge før forløbets seneste trin.");
	return NULL;
}

const char *course_home_check(const CourseState *s, const char *date, const char *today)
{
	if (s->closed_on[0])
		return N_("Forløbet er afsluttet.");
	if (strcmp(date, today) > 0)
		return N_("Datoen må ikke ligge i fremtiden.");
	if (strcmp(date, s->date[1]) < 0)
		return N_("Datoen må ikke ligge før henvisningsdatoen.");
	return NULL;
}

/* The combination against the target group (DOMAIN.md §3): ICM only for
 * homeless youth; the model without housing support only for youth at risk
 * (a homeless young person is refused it: the guide gives it to youth at
 * risk, and a homeless young person needs a home and support); CTI for
 * both. */
const char *allocation_rule(int homeless, int combination)
{
	if (combination == COMB_ICM && !homeless)
		return N_("ICM er kun for unge i hjemløshed. Vælg samarbejdsmodellen uden bostøtte eller med CTI.");
	if (combination == COMB_MODEL && homeless)
		return N_("Samarbejdsmodellen uden bostøtte er for unge i risiko for hjemløshed. En ung i hjemløshed visiteres med bostøtte efter CTI eller ICM.");
	if (combination == COMB_NONE)
		return N_("Vælg en af mulighederne.");
	return NULL;
}

/* ---- loading ---------------------------------------------------------------- */

/* Inside a read snapshot the state of a course cannot change: a page that
 * asks for it several times (the young person's page: the course, then each
 * instrument's schedule) reads it once. */
#define STATE_MEMO 16
static _Thread_local struct {
	const Db *db;
	long long snap;
	int found;
	CourseState s;
} state_memo[STATE_MEMO];

/* target group, closed on, combination, end kind, first home found */
static void state_row(Stmt *q, int col, CourseState *s)
{
	s->homeless = streq(db_col_text(q, col), "homeless");
	str_copy(s->closed_on, 11, db_col_text(q, col + 1));
	s->combination = combination_from_key(db_col_text(q, col + 2));
	s->declined = streq(db_col_text(q, col + 3), "declined");
	str_copy(s->home_found, 11, db_col_text(q, col + 4));
}

int course_state_load(Db *db, long long course_id, CourseState *s)
{
	Stmt q;
	int found = 0;
	long long snap = db_snapshot(db);
	__typeof__(&state_memo[0]) m = &state_memo[(unsigned long long)course_id % STATE_MEMO];
	if (snap && m->snap == snap && m->db == db && m->s.id == course_id) {
		*s = m->s;
		return m->found;
	}
	memset(s, 0, sizeof *s);
	s->id = course_id;
	/* one statement, no aggregate (they cost more than the rows): the
	 * course's row (0), each step's date (1-7) and each home found (8);
	 * the first dates are taken here */
	db_query(db, &q,
		 "SELECT 0, c.target_group, c.closed_on, a.combination, e.kind FROM course c"
		 " LEFT JOIN allocation a ON a.course_id = c.id LEFT JOIN course_end e ON e.course_id = c.id"
		 " WHERE c.id = ?"
		 " UNION ALL SELECT step, on_date, NULL, NULL, NULL FROM course_event WHERE course_id = ?"
		 " UNION ALL SELECT 8, on_date, NULL, NULL, NULL FROM home_found WHERE course_id = ?",
		 "III", course_id, course_id, course_id);
	while (db_step(&q)) {
		long long k = db_col_int(&q, 0);
		const char *on = db_col_text(&q, 1);
		if (k == 0) {
			found = 1;
			s->homeless = streq(on, "homeless");
			str_copy(s->closed_on, 11, db_col_text(&q, 2));
			s->combination = combination_from_key(db_col_text(&q, 3));
			s->declined = streq(db_col_text(&q, 4), "declined");
		} else if (k >= 1 && k <= 7) {
			if (!s->date[k][0] || strcmp(on, s->date[k]) < 0)
				str_copy(s->date[k], 11, on);
		} else if (k == 8) {
			if (!s->home_found[0] || strcmp(on, s->home_found) < 0)
				str_copy(s->home_found, 11, on);
		}
	}
	db_finalize(&q);
	if (snap && !db_failed(db)) {
		m->db = db;
		m->snap = snap;
		m->found = found;
		m->s = *s;
	}
	return found;
}

/* The state of each course of a list (ids: a JSON array of course ids,
 * bound to json_each; the list's own statement found them), as
 * course_state_load gives each, in two statements: in course id order
 * (id_find), *n of them.  Each course is found by its id, so the
 * statements do not walk the young people again. */
CourseState *course_states_open(Db *db, const char *ids, size_t *n)
{
	Stmt q, events;
	/* joins, not a scalar subquery per figure (about 6 M instructions
	 * for the project leader's 766 courses); allocation and course_end
	 * have at most one row per course, a course with more than one home
	 * found has a row for each, next to each other (course_states_read
	 * keeps the first date) */
	db_query(db, &q,
		 "SELECT c.id, c.target_group, c.closed_on, a.combination, e.kind, h.on_date"
		 " FROM course c LEFT JOIN allocation a ON a.course_id = c.id"
		 " LEFT JOIN course_end e ON e.course_id = c.id LEFT JOIN home_found h ON h.course_id = c.id"
		 " WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id",
		 "t", ids);
	/* one event per course and step (the unique index course_event_once,
	 * migration 7), so no MIN and GROUP BY: their aggregation cost more
	 * than the reads (about 10 M instructions for the project leader's
	 * 766 courses of the national data set) */
	db_query(db, &events,
		 "SELECT e.course_id, e.step, e.on_date FROM course_event e"
		 " WHERE e.course_id IN (SELECT value FROM json_each(?))",
		 "t", ids);
	return course_states_read(&q, &events, n);
}

/* The states of a list's courses from two statements the caller ran:
 * courses (id, target group, closed on, combination, end kind, a home
 * found: rows of the same course next to each other, the first date kept)
 * in id order, and events (course id, step, its first date).  Both are
 * finalized. */
CourseState *course_states_read(Stmt *courses, Stmt *events, size_t *n)
{
	CourseState *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (db_step(courses)) {
		long long id = db_col_int(courses, 0);
		if (*n && out[*n - 1].id == id) { /* another home found */
			CourseState *s = &out[*n - 1];
			const char *h = db_col_text(courses, 5);
			if (h && *h && (!s->home_found[0] || strcmp(h, s->home_found) < 0))
				str_copy(s->home_found, 11, h);
			continue;
		}
		out = rows_add(out, n, &cap, sizeof *out);
		CourseState *s = &out[*n - 1];
		s->id = db_col_int(courses, 0);
		state_row(courses, 1, s);
	}
	db_finalize(courses);
	while (db_step(events)) {
		CourseState *s = id_find(out, *n, sizeof *out, db_col_int(events, 0));
		long long k = db_col_int(events, 1);
		if (s && k >= 1 && k <= 7)
			str_copy(s->date[k], 11, db_col_text(events, 2));
	}
	db_finalize(events);
	return out;
}

/* Open courses of the young people a coordinator has. */
long long coordinator_caseload(Db *db, long long user_id)
{
	return db_int(db, 0,
		      "SELECT COUNT(*) FROM person p JOIN course c ON c.person_id = p.id AND c.closed_on IS NULL"
		      " WHERE p.coordinator_id = ?",
		      "I", user_id);
}

static long long guide_value(Req *r)
{
	return db_int(r->db, 20, "SELECT coordinator_guide FROM municipality WHERE id = ?", "I",
		      r->user.municipality_id);
}

/* ---- the pages' frame ---------------------------------------------------- */

typedef struct Ctx {
	long long person;
	char *name;
	CourseState cs;
	char today[11];
} Ctx;

/* Object access, then a transaction with the person's current course (the
 * open one, else the latest; the same one person_render shows) loaded.
 * 0: answered already. */
static int ctx_open(Req *r, const char *action, Ctx *c)
{
	memset(c, 0, sizeof *c);
	c->person = PI(r, "id");
	if (!person_owner(r, c->person, action))
		return 0;
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

static void audit(Req *r, Ctx *c, const char *action, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, c->person,
		  r->route->purpose, result);
}

/* Ends a page view or a refused form: the access-log row, commit. */
static void ctx_close(Req *r, Ctx *c, const char *action, const char *result)
{
	audit(r, c, action, result);
	db_commit(r->db);
	free(c->name);
}

/* A change was written (and the flash set): log it, commit, back to the
 * young person's page. */
static void ctx_done(Req *r, Ctx *c, const char *action)
{
	audit(r, c, action, "ok");
	int ok = db_commit(r->db);
	if (ok) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l", c->person);
		redirect(r, loc.p);
		buf_free(&loc);
	}
	free(c->name);
}

static void form_page_begin(Req *r, Ctx *c, const char *title, const char *intro)
{
	page_begin(r, title);
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n",
	   _("Brødkrumme"), _("Mine unge"), c->person, c->name ? c->name : "", title);
	hp(r, "<h1>%h</h1>\n<p class=\"hv-muted\">%h</p>\n", title, c->name ? c->name : "");
	if (intro)
		hp(r, "<p>%h</p>\n", intro);
	error_summary(r);
}

static void form_page_end(Req *r, Ctx *c, const char *button)
{
	Buf back = {0};
	bprintf(&back, "/unge/%l", c->person);
	form_buttons(r, button, back.p);
	buf_free(&back);
	page_end(r);
}

/* The step cannot be recorded now: say why instead of showing the form. */
static void blocked(Req *r, Ctx *c, const char *title, const char *msg)
{
	form_page_begin(r, c, title, NULL);
	hp(r, "<div class=\"alert alert-warning\" role=\"note\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p>"
	      "</div></div>\n<p><a href=\"/unge/%l\">%h</a></p>\n",
	   _(msg), c->person, _("Tilbage til den unges side"));
	page_end(r);
}

static void form_action(Buf *b, long long person, const char *what)
{
	buf_reset(b);
	bprintf(b, "/unge/%l/", person);
	buf_puts(b, what);
}

static void date_field(Req *r, const char *label)
{
	field_text(r, "on_date", label, _("dd.mm.åååå"), "text", "off");
}

static void now_iso(char at[21])
{
	time_iso_utc(at, now());
}

static void add_event(Req *r, Ctx *c, int step, const char *date, const char *note)
{
	char at[21];
	now_iso(at);
	db_exec(r->db,
		"INSERT INTO course_event(course_id, step, on_date, recorded_by, recorded_at, note)"
		" VALUES (?,?,?,?,?,?)",
		"IitItt", c->cs.id, step, date, r->user.id, at, note ? note : "");
}

/* ---- allocation (step 2) --------------------------------------------------- */

static void allocation_form(Req *r, Ctx *c)
{
	Buf a = {0};
	char ref[11];
	date_format_dk(ref, c->cs.date[1]);
	form_page_begin(r, c, _("Udredning og visitation"),
			_("Vurdér den unges støttebehov og vælg den kombination af metoder, den unge visiteres til. "
			  "Samarbejdsmodellen uden bostøtte er for unge i risiko for hjemløshed, CTI for begge "
			  "målgrupper og ICM for unge i hjemløshed."));
	hp(r, "<dl class=\"hv-dl\"><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd></dl>\n", _("Målgruppe"),
	   _(choice_label(target_groups, c->cs.homeless ? "homeless" : "at_risk")), _("Henvisningsdato"), ref);
	form_action(&a, c->person, "visitation");
	form_begin(r, a.p);
	field_textarea(r, "needs", _("Vurdering af støttebehov (skal udfyldes)"),
		       _("Hvad har den unge brug for støtte til?"));
	field_radios(r, "combination", _("Indsatskombination (skal udfyldes)"), NULL, combinations);
	field_textarea(r, "rationale", _("Begrundelse for kombinationen (skal udfyldes)"), NULL);
	date_field(r, _("Dato for visitation (skal udfyldes)"));
	form_page_end(r, c, _("Gem visitation"));
	buf_free(&a);
}

void page_allocation(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "allocation_form", &c))
		return;
	const char *m = course_step_rule(&c.cs, 2);
	if (m)
		blocked(r, &c, _("Udredning og visitation"), m);
	else
		allocation_form(r, &c);
	ctx_close(r, &c, "allocation_form", "ok");
}

void page_allocation_post(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "allocation", &c))
		return;
	const char *m = course_step_rule(&c.cs, 2);
	int comb = combination_from_key(P(r, "combination"));
	if (m)
		P_set_err(r, "on_date", m);
	else if (P(r, "on_date") && (m = course_step_check(&c.cs, 2, P(r, "on_date"), c.today)))
		P_set_err(r, "on_date", m);
	if (comb && (m = allocation_rule(c.cs.homeless, comb)))
		P_set_err(r, "combination", m);
	if (r->nerrors) {
		r->status = 422;
		allocation_form(r, &c);
		ctx_close(r, &c, "allocation", "invalid");
		return;
	}
	char at[21];
	now_iso(at);
	db_exec(r->db,
		"INSERT INTO allocation(course_id, needs, combination, rationale, created_by, created_at)"
		" VALUES (?,?,?,?,?,?)",
		"ItttIt", c.cs.id, P(r, "needs"), P(r, "combination"), P(r, "rationale"), r->user.id, at);
	add_event(r, &c, 2, P(r, "on_date"), NULL);
	flash_set(r, _("Visitationen er gemt."));
	ctx_done(r, &c, "allocation");
}

/* ---- a home found ------------------------------------------------------------- */

static void home_form(Req *r, Ctx *c)
{
	Buf a = {0};
	form_page_begin(r, c, _("Bolig fundet"),
			_("Registrér, at der er fundet en bolig til den unge: når boligen er tildelt, eller når "
			  "lejekontrakten er underskrevet. Bostøtte efter CTI kan først starte, når boligen er fundet."));
	form_action(&a, c->person, "bolig-fundet");
	form_begin(r, a.p);
	field_radios(r, "kind", _("Hvordan er boligen fundet? (skal udfyldes)"), NULL, home_kinds);
	date_field(r, _("Dato (skal udfyldes)"));
	form_page_end(r, c, _("Gem"));
	buf_free(&a);
}

void page_home_found(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "home_found_form", &c))
		return;
	if (c.cs.closed_on[0])
		blocked(r, &c, _("Bolig fundet"), N_("Forløbet er afsluttet."));
	else
		home_form(r, &c);
	ctx_close(r, &c, "home_found_form", "ok");
}

void page_home_found_post(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "home_found", &c))
		return;
	const char *m;
	if (c.cs.closed_on[0])
		P_set_err(r, "on_date", N_("Forløbet er afsluttet."));
	else if (P(r, "on_date") && (m = course_home_check(&c.cs, P(r, "on_date"), c.today)))
		P_set_err(r, "on_date", m);
	if (r->nerrors) {
		r->status = 422;
		home_form(r, &c);
		ctx_close(r, &c, "home_found", "invalid");
		return;
	}
	char at[21];
	now_iso(at);
	db_exec(r->db,
		"INSERT INTO home_found(course_id, kind, on_date, created_by, created_at) VALUES (?,?,?,?,?)",
		"IttIt", c.cs.id, P(r, "kind"), P(r, "on_date"), r->user.id, at);
	flash_set(r, _("Det er registreret, at der er fundet en bolig."));
	ctx_done(r, &c, "home_found");
}

/* ---- step 3 (steps 4-6: support.c and home.c) ---------------------------------------------------------------- */

static const char *step_hint(int step)
{
	switch (step) {
	case 3: return N_("Fx hvordan koordinatoren og den unge har aftalt at holde kontakt.");
	default: return NULL;
	}
}

static void step_form(Req *r, Ctx *c, int step)
{
	Buf a = {0};
	const char *title = _(steps[step - 1].label);
	form_page_begin(r, c, title, NULL);
	bprintf(&a, "/unge/%l/trin/%d", c->person, step);
	form_begin(r, a.p);
	date_field(r, _("Dato (skal udfyldes)"));
	field_textarea(r, "note", _("Bemærkning"), _(step_hint(step)));
	form_page_end(r, c, _("Registrér trinnet"));
	buf_free(&a);
}

/* Steps 4-6 have their own records: the support course (start and end)
 * and the home.  Their step pages lead there. */
static int step_elsewhere(Req *r, Ctx *c, int step)
{
	Buf a = {0};
	long long sid = support_open(r->db, c->cs.id);
	if (step == 4)
		bprintf(&a, "/unge/%l/bostoette/ny", c->person);
	else if (step == 5)
		bprintf(&a, "/unge/%l/bolig/ny", c->person);
	else if (step == 6 && sid)
		bprintf(&a, "/unge/%l/bostoette/%l/afslut", c->person, sid);
	else if (step == 6)
		bprintf(&a, "/unge/%l", c->person);
	else
		return 0;
	redirect(r, a.p);
	buf_free(&a);
	return 1;
}

void page_step(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "step_form", &c))
		return;
	int step = (int)PI(r, "step");
	if (step_elsewhere(r, &c, step)) {
		ctx_close(r, &c, "step_form", "ok");
		return;
	}
	const char *m = course_step_rule(&c.cs, step);
	if (m)
		blocked(r, &c, _(steps[step - 1].label), m);
	else
		step_form(r, &c, step);
	ctx_close(r, &c, "step_form", "ok");
}

void page_step_post(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "step", &c))
		return;
	int step = (int)PI(r, "step");
	if (step_elsewhere(r, &c, step)) {
		ctx_close(r, &c, "step", "elsewhere");
		return;
	}
	const char *m = course_step_rule(&c.cs, step);
	if (m)
		P_set_err(r, "on_date", m);
	else if (P(r, "on_date") && (m = course_step_check(&c.cs, step, P(r, "on_date"), c.today)))
		P_set_err(r, "on_date", m);
	if (r->nerrors) {
		r->status = 422;
		step_form(r, &c, step);
		ctx_close(r, &c, "step", "invalid");
		return;
	}
	add_event(r, &c, step, P(r, "on_date"), P(r, "note"));
	flash_set(r, _("Trinnet er registreret."));
	ctx_done(r, &c, "step");
}

/* ---- closing the collaboration model (step 7) -------------------------------------- */

static void close_form(Req *r, Ctx *c)
{
	Buf a = {0};
	form_page_begin(r, c, _("Afslut samarbejdsmodellen"),
			_("Forløbet afsluttes, når der ikke længere er brug for den koordinerende indsats. Den unge "
			  "og det tværfaglige team skal altid inddrages i beslutningen."));
	form_action(&a, c->person, "afslut");
	form_begin(r, a.p);
	date_field(r, _("Dato for afslutning (skal udfyldes)"));
	field_checkboxes(r, "involved", _("Hvem har deltaget i beslutningen?"), NULL, close_involvement);
	field_textarea(r, "not_involved", _("Hvis ikke begge har deltaget: hvorfor ikke?"), NULL);
	field_radios(r, "end_reason", _("Hvorfor afsluttes forløbet? (skal udfyldes)"), NULL, end_reasons);
	field_textarea(r, "end_text", _("Uddybning"), _("Skal udfyldes, når årsagen er Andet."));
	form_page_end(r, c, _("Afslut forløbet"));
	buf_free(&a);
}

void page_close(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "close_form", &c))
		return;
	const char *m = course_step_rule(&c.cs, 7);
	if (m)
		blocked(r, &c, _("Afslut samarbejdsmodellen"), m);
	else
		close_form(r, &c);
	ctx_close(r, &c, "close_form", "ok");
}

void page_close_post(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "close", &c))
		return;
	const char *m = course_step_rule(&c.cs, 7);
	if (m)
		P_set_err(r, "on_date", m);
	else if (P(r, "on_date") && (m = course_step_check(&c.cs, 7, P(r, "on_date"), c.today)))
		P_set_err(r, "on_date", m);
	int youth = P_has(r, "involved", "youth"), team = P_has(r, "involved", "team");
	if ((!youth || !team) && !P(r, "not_involved") && !P_err(r, "not_involved"))
		P_set_err(r, "not_involved",
			  N_("Den unge og teamet skal inddrages i beslutningen. Sæt flueben ved begge, eller skriv hvorfor det ikke er sket."));
	if (P(r, "end_reason") && streq(P(r, "end_reason"), "other") && !P(r, "end_text") &&
	    !P_err(r, "end_text"))
		P_set_err(r, "end_text", N_("Beskriv, hvorfor forløbet afsluttes."));
	if (r->nerrors) {
		r->status = 422;
		close_form(r, &c);
		ctx_close(r, &c, "close", "invalid");
		return;
	}
	char at[21];
	now_iso(at);
	add_event(r, &c, 7, P(r, "on_date"), NULL);
	db_exec(r->db,
		"INSERT INTO course_end(course_id, kind, end_reason, reason_text, youth_took_part,"
		" team_took_part, not_involved_reason, created_by, created_at)"
		" VALUES (?,'closed',?,?,?,?,?,?,?)",
		"IttiitIt", c.cs.id, P(r, "end_reason"), P(r, "end_text") ? P(r, "end_text") : "", youth, team,
		P(r, "not_involved") ? P(r, "not_involved") : "", r->user.id, at);
	db_exec(r->db, "UPDATE course SET closed_on = ? WHERE id = ?", "tI", P(r, "on_date"), c.cs.id);
	flash_set(r, _("Forløbet i samarbejdsmodellen er afsluttet."));
	ctx_done(r, &c, "close");
}

/* ---- declining (takker nej) ---------------------------------------------------------- */

static void decline_form(Req *r, Ctx *c)
{
	Buf a = {0};
	form_page_begin(r, c, _("Den unge takker nej"),
			_("Den unge kan takke nej på ethvert trin. Forløbet afsluttes med den begrundelse, der "
			  "skrives her. Et nyt forløb kan startes senere."));
	form_action(&a, c->person, "takker-nej");
	form_begin(r, a.p);
	date_field(r, _("Dato (skal udfyldes)"));
	field_textarea(r, "reason", _("Hvorfor takker den unge nej? (skal udfyldes)"), NULL);
	form_page_end(r, c, _("Registrér og afslut forløbet"));
	buf_free(&a);
}

void page_decline(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "decline_form", &c))
		return;
	if (c.cs.closed_on[0])
		blocked(r, &c, _("Den unge takker nej"), N_("Forløbet er allerede afsluttet."));
	else
		decline_form(r, &c);
	ctx_close(r, &c, "decline_form", "ok");
}

void page_decline_post(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "decline", &c))
		return;
	const char *m;
	if (c.cs.closed_on[0])
		P_set_err(r, "on_date", N_("Forløbet er allerede afsluttet."));
	else if (P(r, "on_date") && (m = course_decline_check(&c.cs, P(r, "on_date"), c.today)))
		P_set_err(r, "on_date", m);
	if (r->nerrors) {
		r->status = 422;
		decline_form(r, &c);
		ctx_close(r, &c, "decline", "invalid");
		return;
	}
	char at[21];
	now_iso(at);
	db_exec(r->db,
		"INSERT INTO course_end(course_id, kind, end_reason, reason_text, created_by, created_at)"
		" VALUES (?,'declined','declined',?,?,?)",
		"ItIt", c.cs.id, P(r, "reason"), r->user.id, at);
	db_exec(r->db, "UPDATE course SET closed_on = ? WHERE id = ?", "tI", P(r, "on_date"), c.cs.id);
	flash_set(r, _("Det er registreret, at den unge har takket nej. Forløbet er afsluttet."));
	ctx_done(r, &c, "decline");
}

/* ---- a new course after a closed one -------------------------------------------------- */

static void reopen_form(Req *r, Ctx *c)
{
	Buf a = {0};
	form_page_begin(r, c, _("Nyt forløb"),
			_("Start et nyt forløb for den unge med en ny henvisning. De tidligere forløb bevares og "
			  "vises på den unges side."));
	form_action(&a, c->person, "nyt-forloeb");
	form_begin(r, a.p);
	field_text(r, "referred_on", _("Henvisningsdato (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	field_select(r, "referrer_actor", _("Henvist af (skal udfyldes)"), NULL, actors);
	field_text(r, "referrer_name", _("Henviserens navn og kontaktoplysninger"), NULL, "text", "off");
	field_textarea(r, "reason", _("Begrundelse for henvisningen (skal udfyldes)"),
		       _("Hvorfor er den unge henvist, og hvad er den unges situation?"));
	field_radios(r, "target_group", _("Målgruppe (skal udfyldes)"), NULL, target_groups);
	field_select(r, "housing_situation", _("Boligsituation (for unge i hjemløshed)"),
		     _("Kategorierne fra den nationale hjemløsetælling"), housing_situations);
	field_checkboxes(r, "risk", _("Risikofaktorer (for unge i risiko for hjemløshed)"),
			 _("Markér dem, der er eller har været til stede"), risk_factors);
	form_page_end(r, c, _("Start nyt forløb"));
	buf_free(&a);
}

void page_reopen(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "reopen_form", &c))
		return;
	if (!c.cs.closed_on[0])
		blocked(r, &c, _("Nyt forløb"), N_("Den unge har allerede et åbent forløb."));
	else
		reopen_form(r, &c);
	ctx_close(r, &c, "reopen_form", "ok");
}

void page_reopen_post(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "reopen", &c))
		return;
	const char *tg = P(r, "target_group");
	if (!c.cs.closed_on[0])
		P_set_err(r, "referred_on", N_("Den unge har allerede et åbent forløb."));
	else if (P(r, "referred_on") && strcmp(P(r, "referred_on"), c.cs.closed_on) < 0)
		P_set_err(r, "referred_on", N_("Henvisningsdatoen ligger før det tidligere forløb blev afsluttet."));
	if (tg && streq(tg, "homeless") && !P(r, "housing_situation") && !P_err(r, "housing_situation"))
		P_set_err(r, "housing_situation", N_("Vælg den unges boligsituation."));
	if (tg && streq(tg, "at_risk") && !P(r, "risk") && !P_err(r, "risk"))
		P_set_err(r, "risk", N_("Markér mindst én risikofaktor."));
	if (r->nerrors) {
		r->status = 422;
		reopen_form(r, &c);
		ctx_close(r, &c, "reopen", "invalid");
		return;
	}
	char at[21];
	now_iso(at);
	int homeless = streq(tg, "homeless");
	const char *hs = homeless ? P(r, "housing_situation") : NULL;
	long long course = db_int(r->db, 0,
				  "INSERT INTO course(person_id, opened_on, target_group, housing_situation)"
				  " VALUES (?,?,?,?) RETURNING id",
				  "Ittt", c.person, P(r, "referred_on"), tg, hs);
	c.cs.id = course;
	add_event(r, &c, 1, P(r, "referred_on"), NULL);
	long long rid = db_int(r->db, 0,
			       "INSERT INTO referral(course_id, referred_on, referrer_actor, referrer_name,"
			       " reason, target_group, housing_situation, created_by, created_at)"
			       " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
			       "IttttttIt", course, P(r, "referred_on"), P(r, "referrer_actor"),
			       P(r, "referrer_name") ? P(r, "referrer_name") : "", P(r, "reason"), tg, hs,
			       r->user.id, at);
	if (!homeless)
		for (const Choice *k = risk_factors; k->key; k++)
			if (P_has(r, "risk", k->key))
				db_exec(r->db, "INSERT INTO referral_risk(referral_id, factor) VALUES (?,?)", "It",
					rid, k->key);
	flash_set(r, _("Et nyt forløb er startet. De tidligere forløb er bevaret."));
	ctx_done(r, &c, "reopen");
}

/* ---- the start checklist (step 3) -------------------------------------------------------- */

void page_checklist_post(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "checklist", &c))
		return;
	if (c.cs.closed_on[0]) {
		page_fail(r, 422, "%s", N_("Forløbet er afsluttet. Tjeklisten kan ikke ændres."));
		ctx_close(r, &c, "checklist", "invalid");
		return;
	}
	char at[21];
	now_iso(at);
	for (const Choice *k = start_checklist; k->key; k++) {
		int had = (int)db_int(r->db, 0, "SELECT 1 FROM start_check WHERE course_id = ? AND item = ?", "It",
				      c.cs.id, k->key);
		if (P_has(r, "item", k->key) && !had)
			db_exec(r->db,
				"INSERT INTO start_check(course_id, item, done_by, done_at) VALUES (?,?,?,?)",
				"ItIt", c.cs.id, k->key, r->user.id, at);
		else if (!P_has(r, "item", k->key) && had)
			db_exec(r->db, "DELETE FROM start_check WHERE course_id = ? AND item = ?", "It", c.cs.id,
				k->key);
	}
	flash_set(r, _("Tjeklisten er gemt."));
	ctx_done(r, &c, "checklist");
}

/* ---- the coordinator ------------------------------------------------------------------------ */

/* After an assignment: a warning when the coordinator is above the guide. */
static void caseload_flash(Req *r, long long coordinator)
{
	if (coordinator_caseload(r->db, coordinator) > guide_value(r))
		flash_set(r, _("Gemt. Bemærk: koordinatoren har nu flere unge med åbent forløb end det vejledende antal."));
	else
		flash_set(r, _("Gemt."));
}

static void coordinator_form(Req *r, Ctx *c)
{
	Buf a = {0};
	Stmt q;
	long long g = guide_value(r);
	long long current = db_int(r->db, 0, "SELECT coordinator_id FROM person WHERE id = ?", "I", c->person);
	form_page_begin(r, c, _("Vælg myndighedskoordinator"), NULL);
	hp(r, "<p>%h %l %h</p>\n", _("Det vejledende antal unge pr. koordinator er"), g,
	   _("i kommunen. Det er tilladt at gå over, men koordinatoren får så mindre tid til hver ung."));
	form_action(&a, c->person, "koordinator");
	form_begin(r, a.p);
	const char *err = P_err(r, "coordinator");
	hp(r, "<div class=\"form-group%s\">\n<fieldset id=\"coordinator\"%s>\n<legend class=\"form-label\">%h</legend>\n",
	   err ? " form-error" : "", err ? " aria-describedby=\"coordinator-error\"" : "",
	   _("Myndighedskoordinator (skal udfyldes)"));
	if (err)
		hp(r, "<span class=\"form-error-message\" id=\"coordinator-error\"><span class=\"sr-only\">%h </span>%h</span>\n",
		   _("Fejl:"), _(err));
	hp(r, "<ul class=\"nobullet-list\">\n");
	db_query(r->db, &q,
		 "SELECT u.id, u.name, (SELECT COUNT(*) FROM person p JOIN course k ON k.person_id = p.id"
		 " AND k.closed_on IS NULL WHERE p.coordinator_id = u.id)"
		 " FROM users u WHERE u.municipality_id = ? AND u.role = 'coordinator' AND u.active = 1"
		 " ORDER BY u.name, u.id",
		 "I", r->user.municipality_id);
	const char *chosen = P_raw(r, "coordinator");
	while (db_step(&q)) {
		long long uid = db_col_int(&q, 0), n = db_col_int(&q, 2);
		char idtxt[24];
		snprintf(idtxt, sizeof idtxt, "%lld", uid);
		int on = chosen ? streq(chosen, idtxt) : uid == current;
		hp(r, "<li><input id=\"coordinator-%l\" type=\"radio\" name=\"coordinator\" value=\"%l\" class=\"form-radio\"%s>"
		      "<label for=\"coordinator-%l\">%h <span class=\"hv-muted\">(%l %h %l)</span>",
		   uid, uid, on ? " checked" : "", uid, db_col_text(&q, 1), n, _("unge med åbent forløb; vejledende antal"), g);
		if (uid != current && n >= g)
			hp(r, " <strong class=\"hv-warn\">%h</strong>", _("Advarsel: over det vejledende antal, hvis den unge tildeles"));
		else if (n > g)
			hp(r, " <strong class=\"hv-warn\">%h</strong>", _("Advarsel: over det vejledende antal"));
		hp(r, "</label></li>\n");
	}
	db_finalize(&q);
	hp(r, "</ul>\n</fieldset>\n</div>\n");
	form_page_end(r, c, _("Gem koordinator"));
	buf_free(&a);
}

void page_coordinator(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "coordinator_form", &c))
		return;
	coordinator_form(r, &c);
	ctx_close(r, &c, "coordinator_form", "ok");
}

void page_coordinator_post(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "coordinator", &c))
		return;
	long long uid = PI(r, "coordinator");
	if (!P_err(r, "coordinator")) {
		if (!uid)
			P_set_err(r, "coordinator", N_("Vælg en koordinator."));
		else if (!db_int(r->db, 0,
				 "SELECT 1 FROM users WHERE id = ? AND municipality_id = ? AND role = 'coordinator'"
				 " AND active = 1",
				 "II", uid, r->user.municipality_id))
			P_set_err(r, "coordinator", N_("Vælg en af kommunens aktive koordinatorer."));
	}
	if (r->nerrors) {
		r->status = 422;
		coordinator_form(r, &c);
		ctx_close(r, &c, "coordinator", "invalid");
		return;
	}
	db_exec(r->db, "UPDATE person SET coordinator_id = ? WHERE id = ?", "II", uid, c.person);
	audit(r, &c, "coordinator", "ok");
	if (db_commit(r->db)) {
		Buf loc = {0};
		caseload_flash(r, uid);
		bprintf(&loc, "/unge/%l", c.person);
		redirect(r, loc.p);
		buf_free(&loc);
	}
	free(c.name);
}

/* A coordinator takes a young person who has no coordinator yet.  Not
 * through person_access (the young person is not theirs yet): same
 * municipality and no coordinator, else 404 or 403, logged. */
void page_coordinator_take(Req *r)
{
	long long id = PI(r, "id");
	Stmt q;
	long long muni = -1, coord = 0;
	db_begin(r->db);
	db_query(r->db, &q, "SELECT municipality_id, coordinator_id FROM person WHERE id = ?", "I", id);
	if (db_step(&q)) {
		muni = db_col_int(&q, 0);
		coord = db_col_int(&q, 1);
	}
	db_finalize(&q);
	if (muni != r->user.municipality_id || coord) {
		int nf = muni != r->user.municipality_id;
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "coordinator_take",
			  muni < 0 ? 0 : id, r->route->purpose, nf ? "not_found" : "refused");
		db_commit(r->db);
		if (nf)
			page_fail(r, 404, "%s", N_("Siden findes ikke."));
		else
			page_fail(r, 403, "%s", N_("Den unge har allerede en koordinator."));
		return;
	}
	db_exec(r->db, "UPDATE person SET coordinator_id = ? WHERE id = ? AND coordinator_id IS NULL", "II",
		r->user.id, id);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "coordinator_take", id,
		  r->route->purpose, "ok");
	if (!db_commit(r->db))
		return;
	Buf loc = {0};
	caseload_flash(r, r->user.id);
	bprintf(&loc, "/unge/%l", id);
	redirect(r, loc.p);
	buf_free(&loc);
}

/* On "Mine unge" for a coordinator: the young people with an open course
 * and no coordinator, each with a button to take them.  mine: the
 * coordinator's caseload (coordinator_caseload), which the list counted
 * as it read its rows. */
void course_unassigned(Req *r, long long mine)
{
	Stmt q;
	int n = 0;
	if (r->user.role != ROLE_COORDINATOR)
		return;
	long long g = guide_value(r);
	db_query(r->db, &q,
		 "SELECT p.id, p.name, c.target_group, c.opened_on FROM person p"
		 " JOIN course c ON c.person_id = p.id AND c.closed_on IS NULL"
		 " WHERE p.municipality_id = ? AND p.coordinator_id IS NULL ORDER BY c.opened_on, p.id",
		 "I", r->user.municipality_id);
	while (db_step(&q)) {
		char d[11];
		if (n++ == 0) {
			hp(r, "<section aria-labelledby=\"h-unassigned\">\n<h2 id=\"h-unassigned\">%h</h2>\n"
			      "<p>%h %l %h %l.",
			   _("Unge uden koordinator"), _("Du har"), mine, _("unge med åbent forløb; det vejledende antal er"), g);
			if (mine >= g)
				hp(r, " <strong class=\"hv-warn\">%h</strong>", _("Tager du flere, kommer du over det vejledende antal."));
			hp(r, "</p>\n<table class=\"table table--compact hv-unassigned\">\n<caption class=\"sr-only\">%h</caption>\n"
			      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\"><span class=\"sr-only\">%h</span></th></tr></thead>\n<tbody>\n",
			   _("Unge uden koordinator"), _("Navn"), _("Målgruppe"), _("Henvist"), _("Handling"));
		}
		date_format_dk(d, db_col_text(&q, 3));
		hp(r, "<tr><td>%h</td><td>%h</td><td>%h</td><td><form method=\"post\" action=\"/unge/%l/koordinator/tag\">"
		      "<input type=\"hidden\" name=\"csrf\" value=\"%a\"><button type=\"submit\" class=\"button button-secondary hv-small\">"
		      "%h <span class=\"sr-only\">%h</span></button></form></td></tr>\n",
		   db_col_text(&q, 1), _(choice_label(target_groups, db_col_text(&q, 2))), d, db_col_int(&q, 0),
		   r->csrf, _("Bliv koordinator"), db_col_text(&q, 1));
	}
	db_finalize(&q);
	if (n)
		hp(r, "</tbody>\n</table>\n</section>\n");
}

/* ---- the municipality's guide value --------------------------------------------------------------- */

static void guide_page(Req *r)
{
	Stmt q;
	long long g = guide_value(r);
	page_begin(r, _("Koordinatorer"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Koordinatorer"),
	   _("Hver koordinators antal unge med åbent forløb, holdt op mod kommunens vejledende antal "
	     "(modellen anbefaler omkring 20)."));
	hp(r, "<table class=\"table table--compact\">\n<caption class=\"sr-only\">%h</caption>\n<thead><tr>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	   _("Koordinatorernes sagstal"), _("Koordinator"), _("Unge med åbent forløb"), _("Status"));
	db_query(r->db, &q,
		 "SELECT u.name, (SELECT COUNT(*) FROM person p JOIN course k ON k.person_id = p.id"
		 " AND k.closed_on IS NULL WHERE p.coordinator_id = u.id)"
		 " FROM users u WHERE u.municipality_id = ? AND u.role = 'coordinator' AND u.active = 1"
		 " ORDER BY u.name, u.id",
		 "I", r->user.municipality_id);
	while (db_step(&q)) {
		long long n = db_col_int(&q, 1);
		hp(r, "<tr><td>%h</td><td>%l</td><td>", db_col_text(&q, 0), n);
		if (n > g)
			hp(r, "<strong class=\"hv-warn\">%h</strong>", _("Over det vejledende antal"));
		else
			hp(r, "%h", _("Inden for det vejledende antal"));
		hp(r, "</td></tr>\n");
	}
	db_finalize(&q);
	hp(r, "</tbody>\n</table>\n<h2>%h</h2>\n", _("Vejledende antal unge pr. koordinator"));
	error_summary(r);
	form_begin(r, "/kommune/koordinatorer");
	char gv[24];
	snprintf(gv, sizeof gv, "%lld", g);
	P_prefill(r, "guide", gv);
	field_number(r, &(FieldOpts){.name = "guide", .label = _("Vejledende antal (skal udfyldes)")}, "numeric", NULL);
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Gem"));
	form_end(r);
	page_end(r);
}

void page_guide(Req *r)
{
	guide_page(r);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "guide_view", 0,
		  r->route->purpose, "ok");
}

void page_guide_post(Req *r)
{
	if (r->nerrors) {
		r->status = 422;
		guide_page(r);
		return;
	}
	db_begin(r->db);
	db_exec(r->db, "UPDATE municipality SET coordinator_guide = ? WHERE id = ?", "II", PI(r, "guide"),
		r->user.municipality_id);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "guide_change", 0,
		  r->route->purpose, P(r, "guide"));
	if (!db_commit(r->db))
		return;
	flash_set(r, _("Det vejledende antal er gemt."));
	redirect(r, "/kommune/koordinatorer");
}

/* ---- the section on the young person's page ----------------------------------------------------------- */

static void days_dd(Req *r, const char *term, const char *from, const char *to, const char *today)
{
	hp(r, "<dt>%h</dt><dd>", term);
	if (to[0])
		hp(r, "%l %h", days_between(from, to), _("dage"));
	else
		hp(r, "%h (%l %h)", _("ikke endnu"), days_between(from, today), _("dage siden henvisning"));
	hp(r, "</dd>\n");
}

static void action_link(Req *r, long long person, const char *path, const char *label)
{
	hp(r, "<li><a class=\"button button-secondary\" href=\"/unge/%l/%a\">%h</a></li>\n", person, path, label);
}

/* A course as the section shows it: the allocation (comb NULL when none)
 * and the end (end_kind NULL when none). */
typedef struct CourseRow {
	long long id, last_step;
	char opened[11], closed[11], target_group[16];
	char *comb, *needs, *rationale;
	char *end_kind, *end_reason, *reason_text, *not_involved;
	int youth, team;
} CourseRow;

static char *dup_or_null(Stmt *q, int i)
{
	return db_col_null(q, i) ? NULL : xstrdup(db_col_text(q, i));
}

static void course_row_free(CourseRow *c)
{
	free(c->comb);
	free(c->needs);
	free(c->rationale);
	free(c->end_kind);
	free(c->end_reason);
	free(c->reason_text);
	free(c->not_involved);
}

/* earlier courses: the latest first */
static int course_row_cmp(const void *a, const void *b)
{
	const CourseRow *x = a, *y = b;
	int c = strcmp(y->opened, x->opened);
	return c ? c : (y->id > x->id) - (y->id < x->id);
}

typedef struct HomeFoundRow {
	long long id;
	char on[11], kind[16];
} HomeFoundRow;

static int home_found_cmp(const void *a, const void *b)
{
	const HomeFoundRow *x = a, *y = b;
	int c = strcmp(x->on, y->on);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static void end_summary(Req *r, const CourseRow *c)
{
	char d[11];
	date_format_dk(d, c->closed);
	if (c->end_kind) {
		int declined = streq(c->end_kind, "declined");
		hp(r, "<dt>%h</dt><dd>%h %h", declined ? _("Takket nej") : _("Afsluttet"), d,
		   declined ? "" : _(choice_label(end_reasons, c->end_reason)));
		if (c->reason_text[0])
			hp(r, "<br><span class=\"hv-pre\">%h</span>", c->reason_text);
		hp(r, "</dd>\n");
		if (!declined) {
			hp(r, "<dt>%h</dt><dd>%h: %h. %h: %h.", _("Inddraget i beslutningen"), _("Den unge"),
			   c->youth ? _("ja") : _("nej"), _("Teamet"), c->team ? _("ja") : _("nej"));
			if (c->not_involved[0])
				hp(r, " <span class=\"hv-pre\">%h</span>", c->not_involved);
			hp(r, "</dd>\n");
		}
	} else {
		hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Afsluttet"), d);
	}
}

static void allocation_summary(Req *r, const CourseRow *c)
{
	if (!c->comb)
		return;
	hp(r, "<dt>%h</dt><dd><strong>%h</strong></dd>\n", _("Indsatskombination"),
	   _(choice_label(combinations, c->comb)));
	hp(r, "<dt>%h</dt><dd class=\"hv-pre\">%h</dd>\n", _("Vurdering af støttebehov"), c->needs);
	hp(r, "<dt>%h</dt><dd class=\"hv-pre\">%h</dd>\n", _("Begrundelse"), c->rationale);
}

/* The start checklist's items done (from course_section's statement). */
typedef struct Checks {
	int done[16];
	char when[16][17];
	char *who[16];
} Checks;

static void checklist_render(Req *r, long long person, const CourseState *s, Checks *c, int owner)
{
	int form = owner && !s->closed_on[0]; /* read-only for others and once closed */
	hp(r, "<h3>%h</h3>\n", _("Koordinatorens starttjekliste"));
	if (form)
		hp(r, "<form method=\"post\" action=\"/unge/%l/tjekliste\">\n<input type=\"hidden\" name=\"csrf\" value=\"%a\">\n"
		      "<fieldset><legend class=\"sr-only\">%h</legend>\n",
		   person, r->csrf, _("Koordinatorens starttjekliste"));
	hp(r, "<ul class=\"nobullet-list hv-checklist\">\n");
	int i = 0;
	for (const Choice *k = start_checklist; k->key; k++, i++) {
		if (form)
			hp(r, "<li><input id=\"item-%a\" type=\"checkbox\" name=\"item\" value=\"%a\" class=\"form-checkbox\"%s>"
			      "<label for=\"item-%a\">%h",
			   k->key, k->key, c->done[i] ? " checked" : "", k->key, _(k->label));
		else
			hp(r, "<li>%h %h", c->done[i] ? "✓" : "–", _(k->label));
		if (c->done[i])
			hp(r, " <span class=\"hv-muted\">(%h, %h)</span>", c->who[i], c->when[i]);
		hp(r, "%s</li>\n", form ? "</label>" : "");
	}
	hp(r, "</ul>\n");
	if (form)
		hp(r, "</fieldset>\n<button type=\"submit\" class=\"button button-secondary\">%h</button>\n</form>\n",
		   _("Gem tjeklisten"));
}

/* Drawn at the marked place in person_render.  What it shows is read in
 * one statement, a row per fact with its kind in the first column, and
 * put in order here: the young person's courses with their allocation and
 * end (1), the current course's homes found (2) and step notes (3), the
 * coordinator (4) and the start checklist's items done (5). */
void course_section(Req *r, long long person, long long course)
{
	CourseState s;
	Stmt q;
	char today[11];
	CourseRow cur = {0}, *earlier = NULL;
	HomeFoundRow *found = NULL;
	Checks checks = {0};
	char *note[8] = {0}, *cname = NULL;
	size_t nearlier = 0, cap_earlier = 0, nfound = 0, cap_found = 0;
	today_copenhagen(today);
	course_state_load(r->db, course, &s);
	db_query(r->db, &q,
		 "SELECT 1, o.id, o.opened_on, o.closed_on, o.target_group,"
		 " CASE WHEN o.id = ? THEN 0 ELSE"
		 " (SELECT MAX(x.step) FROM course_event x WHERE x.course_id = o.id AND x.on_date <> '') END,"
		 " a.combination, a.needs, a.rationale, e.kind, e.end_reason, e.reason_text, e.youth_took_part,"
		 " e.team_took_part, e.not_involved_reason"
		 " FROM course o LEFT JOIN allocation a ON a.course_id = o.id LEFT JOIN course_end e ON e.course_id = o.id"
		 " WHERE o.person_id = ?"
		 " UNION ALL SELECT 2, h.id, h.on_date, h.kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
		 " FROM home_found h WHERE h.course_id = ?"
		 " UNION ALL SELECT 3, x.step, x.note, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
		 " FROM course_event x WHERE x.course_id = ? AND x.note <> ''"
		 " UNION ALL SELECT 4, NULL, u.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
		 " FROM person p JOIN users u ON u.id = p.coordinator_id WHERE p.id = ?"
		 " UNION ALL SELECT 5, NULL, k.item, k.done_at, u.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
		 " FROM start_check k LEFT JOIN users u ON u.id = k.done_by WHERE k.course_id = ?",
		 "IIIIII", course, person, course, course, person, course);
	while (db_step(&q)) {
		long long k = db_col_int(&q, 0);
		if (k == 1) {
			CourseRow c = {0};
			c.id = db_col_int(&q, 1);
			str_copy(c.opened, sizeof c.opened, db_col_text(&q, 2));
			str_copy(c.closed, sizeof c.closed, db_col_text(&q, 3));
			str_copy(c.target_group, sizeof c.target_group, db_col_text(&q, 4));
			c.last_step = db_col_int(&q, 5);
			c.comb = dup_or_null(&q, 6);
			c.needs = xstrdup(db_col_text(&q, 7));
			c.rationale = xstrdup(db_col_text(&q, 8));
			c.end_kind = dup_or_null(&q, 9);
			c.end_reason = xstrdup(db_col_text(&q, 10));
			c.reason_text = xstrdup(db_col_text(&q, 11));
			c.youth = (int)db_col_int(&q, 12);
			c.team = (int)db_col_int(&q, 13);
			c.not_involved = xstrdup(db_col_text(&q, 14));
			if (c.id == course) {
				cur = c;
			} else {
				earlier = rows_add(earlier, &nearlier, &cap_earlier, sizeof *earlier);
				earlier[nearlier - 1] = c;
			}
		} else if (k == 2) {
			found = rows_add(found, &nfound, &cap_found, sizeof *found);
			found[nfound - 1].id = db_col_int(&q, 1);
			str_copy(found[nfound - 1].on, sizeof found[nfound - 1].on, db_col_text(&q, 2));
			str_copy(found[nfound - 1].kind, sizeof found[nfound - 1].kind, db_col_text(&q, 3));
		} else if (k == 3) {
			long long step = db_col_int(&q, 1);
			if (step >= 1 && step <= 7 && !note[step])
				note[step] = xstrdup(db_col_text(&q, 2));
		} else if (k == 4) {
			free(cname);
			cname = xstrdup(db_col_text(&q, 2));
		} else if (k == 5) {
			int i = 0;
			for (const Choice *c = start_checklist; c->key; c++, i++) {
				ASSERT(i < (int)(sizeof checks.done / sizeof checks.done[0]));
				if (streq(c->key, db_col_text(&q, 2)) && !checks.done[i]) {
					time_t t;
					checks.done[i] = 1;
					checks.when[i][0] = 0;
					if (time_parse_iso_utc(db_col_text(&q, 3), &t) == 0)
						time_format_dk(checks.when[i], t);
					checks.who[i] = xstrdup(db_col_text(&q, 4));
					break;
				}
			}
		}
	}
	db_finalize(&q);
	if (nfound > 1)
		qsort(found, nfound, sizeof *found, home_found_cmp);
	if (nearlier > 1)
		qsort(earlier, nearlier, sizeof *earlier, course_row_cmp);

	hp(r, "<section aria-labelledby=\"h-model\" class=\"hv-course\">\n<h2 id=\"h-model\">%h</h2>\n",
	   _("Visitation og forløb"));
	hp(r, "<dl class=\"hv-dl\">\n");
	if (s.closed_on[0])
		end_summary(r, &cur);
	days_dd(r, _("Fra henvisning til visitation"), s.date[1], s.date[2], today);
	days_dd(r, _("Fra henvisning til opstart"), s.date[1], s.date[3], today);
	allocation_summary(r, &cur);
	for (size_t i = 0; i < nfound; i++) {
		char d[11];
		date_format_dk(d, found[i].on);
		hp(r, "<dt>%h</dt><dd>%h %h</dd>\n", _("Bolig fundet"), d, _(choice_label(home_kinds, found[i].kind)));
	}
	for (int step = 1; step <= 7; step++) {
		char key[24];
		if (!note[step])
			continue;
		snprintf(key, sizeof key, "%d", step);
		hp(r, "<dt>%h</dt><dd class=\"hv-pre\">%h</dd>\n", _(choice_label(steps, key)), note[step]);
	}
	hp(r, "<dt>%h</dt><dd>%h", _("Myndighedskoordinator"), cname ? cname : _("Ingen koordinator endnu"));
	if (r->user.role == ROLE_PROJECT_LEADER)
		hp(r, " <a href=\"/unge/%l/koordinator\">%h</a>", person, cname ? _("Skift koordinator") : _("Vælg koordinator"));
	hp(r, "</dd>\n</dl>\n");

	/* the actions that the rules allow now, for the case owner */
	int owner = person_is_owner(r, person);
	if (owner)
		hp(r, "<h3>%h</h3>\n<ul class=\"nobullet-list hv-actions\">\n", _("Næste skridt"));
	if (!owner)
		;
	else if (!s.closed_on[0]) {
		if (!course_step_rule(&s, 2))
			action_link(r, person, "visitation", _("Udredning og visitation"));
		if (!course_step_rule(&s, 3))
			action_link(r, person, "trin/3", _("Registrér: startet i samarbejdsmodellen"));
		if ((s.combination == COMB_CTI || s.homeless) && s.combination != COMB_MODEL && !s.date[5][0])
			action_link(r, person, "bolig-fundet", _("Registrér: bolig fundet"));
		/* steps 4-6 are recorded by the support course (support.c:
		 * its section below starts it) and the home (home.c) */
		if (!course_step_rule(&s, 5))
			action_link(r, person, "bolig/ny", _("Registrér: flyttet i egen bolig"));
		if (!course_step_rule(&s, 7))
			action_link(r, person, "afslut", _("Afslut samarbejdsmodellen"));
		action_link(r, person, "takker-nej", _("Den unge takker nej"));
	} else {
		action_link(r, person, "nyt-forloeb", _("Start nyt forløb"));
	}
	if (owner)
		hp(r, "</ul>\n");
	if (s.combination == COMB_CTI && !s.home_found[0] && !s.closed_on[0])
		hp(r, "<p class=\"hv-muted\">%h</p>\n",
		   _("Bostøtte efter CTI starter, når der er fundet en bolig."));
	checklist_render(r, person, &s, &checks, owner);

	/* earlier courses: the history stays */
	for (size_t i = 0; i < nearlier; i++) {
		const CourseRow *e = &earlier[i];
		char o[11], key[24];
		if (i == 0)
			hp(r, "<h3>%h</h3>\n", _("Tidligere forløb"));
		date_format_dk(o, e->opened);
		snprintf(key, sizeof key, "%lld", e->last_step); /* as course_current_step */
		hp(r, "<div class=\"hv-card\">\n<dl class=\"hv-dl\">\n<dt>%h</dt><dd>%h</dd>\n<dt>%h</dt><dd>%h</dd>\n",
		   _("Henvist"), o, _("Målgruppe"), _(choice_label(target_groups, e->target_group)));
		hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Sidste trin"), _(choice_label(steps, key)));
		allocation_summary(r, e);
		if (e->closed[0])
			end_summary(r, e);
		hp(r, "</dl>\n</div>\n");
		course_row_free(&earlier[i]);
	}
	hp(r, "</section>\n");
	course_row_free(&cur);
	free(earlier);
	free(found);
	free(cname);
	for (int i = 0; i < 8; i++)
		free(note[i]);
	for (int i = 0; i < 16; i++)
		free(checks.who[i]);
}

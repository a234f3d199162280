/* team.c: core element 2, the interdisciplinary team around a young
 * person's course, and consent (samtykke, Retssikkerhedsloven §11a,
 * DOMAIN.md §10), which decides what a team member may see; and the
 * municipality's actor catalog, data the administrator and the project
 * leader can adjust.
 *
 * - The team: members from the actor catalog, chosen with the young person
 *   (actor, name, contact, role in the team, from/to dates, optionally linked
 *   to a user account).  A linked user sees the young person while the
 *   membership is current (to_date NULL or after today).
 * - Consent: specific (kinds of information, actors and/or team members,
 *   purpose), given on a date, signed or oral with a note, an expiry date;
 *   withdrawal takes effect at once.  A team member without a valid consent
 *   covering their actor (or them by name) sees only that the young person
 *   is on their team (person.c: person_access_level).
 * - Actors: a table per municipality seeded from actors[]; keys never change
 *   and an actor is deactivated, never deleted, so old records keep their
 *   label. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- the actor catalog ------------------------------------------------------ */

void actors_seed(Db *db, long long municipality_id)
{
	int pos = 1;
	for (const Choice *c = actors; c->key; c++, pos++)
		db_exec(db,
			"INSERT INTO actor(municipality_id, key, position) SELECT ?, ?, ?"
			" WHERE NOT EXISTS (SELECT 1 FROM actor WHERE municipality_id = ? AND key = ?)",
			"ItiIt", municipality_id, c->key, pos, municipality_id, c->key);
}

/* The label of an actor key in the user's language: the municipality's own
 * name for it, else the built-in label, else the key.  malloc'd. */
static char *actor_label(Req *r, const char *key)
{
	char *own = db_text(r->db, "SELECT label FROM actor WHERE municipality_id = ? AND key = ?", "It",
			    r->user.municipality_id, key);
	if (own && own[0])
		return own;
	free(own);
	const char *b = choice_label(actors, key);
	return xstrdup(b[0] ? _(b) : key);
}

/* The municipality's actors as a Choice list for field_select and
 * field_checkboxes (labels: own name or the built-in msgid).  With
 * keep: also the inactive one with that key (a record that uses it). */
static Choice *actor_choices(Req *r, int active_only)
{
	Stmt q;
	size_t n = 0, cap = 16;
	Choice *c = xcalloc(cap + 1, sizeof *c);
	db_query(r->db, &q,
		 "SELECT key, label FROM actor WHERE municipality_id = ? AND (active = 1 OR ? = 0)"
		 " ORDER BY position, id",
		 "Ii", r->user.municipality_id, active_only);
	while (db_step(&q)) {
		if (n == cap) {
			cap *= 2;
			c = xrealloc(c, (cap + 1) * sizeof *c);
		}
		const char *key = db_col_text(&q, 0);
		const char *b = choice_label(actors, key);
		c[n].key = xstrdup(key);
		c[n].label = xstrdup(!db_col_null(&q, 1) && db_col_text(&q, 1)[0] ? db_col_text(&q, 1)
						: b[0] ? b : key);
		n++;
	}
	db_finalize(&q);
	c[n].key = c[n].label = NULL;
	return c;
}

static void choices_free(Choice *c)
{
	for (Choice *p = c; p && p->key; p++) {
		free((char *)p->key);
		free((char *)p->label);
	}
	free(c);
}

static int choice_has(const Choice *c, const char *key)
{
	for (; key && c->key; c++)
		if (streq(c->key, key))
			return 1;
	return 0;
}

/* ---- consent status and team membership -------------------------------------- */

static int one_status(const char *today, int withdrawn, const char *expires)
{
	if (withdrawn)
		return CONSENT_WITHDRAWN;
	if (strcmp(expires, today) < 0)
		return CONSENT_EXPIRED;
	char soon[11];
	date_add_days(soon, today, 30);
	return strcmp(expires, soon) <= 0 ? CONSENT_EXPIRING : CONSENT_VALID;
}

/* Valid when a consent is valid and none of the valid ones expires within
 * 30 days; expiring when one does; otherwise the last state (expired,
 * withdrawn) or none. */
typedef struct ConsentAcc {
	int valid, expiring, other;
} ConsentAcc;

static void consent_add(ConsentAcc *a, const char *today, int withdrawn, const char *expires)
{
	int s = one_status(today, withdrawn, expires);
	if (s == CONSENT_VALID)
		a->valid = 1;
	else if (s == CONSENT_EXPIRING)
		a->expiring = 1;
	else if (s > a->other)
		a->other = s;
}

static int consent_result(const ConsentAcc *a)
{
	return a->expiring ? CONSENT_EXPIRING : a->valid ? CONSENT_VALID : a->other;
}

int consent_status(Db *db, long long course_id)
{
	Stmt q;
	char today[11];
	ConsentAcc a = {0, 0, CONSENT_NONE};
	today_copenhagen(today);
	db_query(db, &q, "SELECT withdrawn_on IS NOT NULL, expires_on FROM consent WHERE course_id = ?",
		 "I", course_id);
	while (db_step(&q))
		consent_add(&a, today, (int)db_col_int(&q, 0), db_col_text(&q, 1));
	db_finalize(&q);
	return consent_result(&a);
}

/* consent_status of each course of a list (ids: a JSON array of course
 * ids) with a consent, in one statement: in course id order (id_find), *n
 * of them; a course not there has none (CONSENT_NONE). */
ConsentCell *consent_status_open(Db *db, const char *ids, size_t *n)
{
	Stmt q;
	ConsentCell *out = NULL;
	size_t cap = 0;
	char today[11];
	ConsentAcc a = {0, 0, CONSENT_NONE};
	*n = 0;
	today_copenhagen(today);
	db_query(db, &q,
		 "SELECT k.course_id, k.withdrawn_on IS NOT NULL, k.expires_on FROM consent k"
		 " WHERE k.course_id IN (SELECT value FROM json_each(?)) ORDER BY k.course_id",
		 "t", ids);
	while (db_step(&q)) {
		long long course = db_col_int(&q, 0);
		if (!*n || out[*n - 1].course != course) {
			if (*n)
				out[*n - 1].status = consent_result(&a);
			a = (ConsentAcc){0, 0, CONSENT_NONE};
			out = rows_add(out, n, &cap, sizeof *out);
			out[*n - 1].course = course;
		}
		consent_add(&a, today, (int)db_col_int(&q, 1), db_col_text(&q, 2));
	}
	db_finalize(&q);
	if (*n)
		out[*n - 1].status = consent_result(&a);
	return out;
}

const char *consent_status_label(int status)
{
	switch (status) {
	case CONSENT_VALID: return N_("Gyldigt");
	case CONSENT_EXPIRING: return N_("Udløber inden for 30 dage");
	case CONSENT_EXPIRED: return N_("Udløbet");
	case CONSENT_WITHDRAWN: return N_("Trukket tilbage");
	default: return N_("Intet samtykke");
	}
}

static const char *status_class(int status)
{
	switch (status) {
	case CONSENT_VALID: return "hv-ok";
	case CONSENT_EXPIRING: return "hv-warn";
	default: return "hv-bad";
	}
}

/* Is the user a current member of the young person's team (open course,
 * from_date reached, no end date or one after today)?  *covered: a valid
 * consent covers the member's actor or the member by name. */
int team_membership(Db *db, long long person_id, long long user_id, int *covered)
{
	Stmt q;
	char today[11];
	int member = 0;
	*covered = 0;
	today_copenhagen(today);
	db_query(db, &q,
		 "SELECT t.id, EXISTS (SELECT 1 FROM consent k WHERE k.course_id = t.course_id"
		 "  AND k.withdrawn_on IS NULL AND k.given_on <= ? AND k.expires_on >= ?"
		 "  AND (EXISTS (SELECT 1 FROM consent_actor a WHERE a.consent_id = k.id AND a.actor = t.actor)"
		 "   OR EXISTS (SELECT 1 FROM consent_member m WHERE m.consent_id = k.id AND m.member_id = t.id)))"
		 /* from the young person's courses and their teams, not from
		  * every team the user has been on (+ keeps the planner off the
		  * index on user_id: thousands of rows for a coordinator) */
		 " FROM course c CROSS JOIN team_member t"
		 " WHERE c.person_id = ? AND c.closed_on IS NULL AND t.course_id = c.id AND +t.user_id = ?"
		 " AND t.from_date <= ? AND (t.to_date IS NULL OR t.to_date > ?)",
		 "ttIItt", today, today, person_id, user_id, today, today);
	while (db_step(&q)) {
		member = 1;
		if (db_col_int(&q, 1))
			*covered = 1;
	}
	db_finalize(&q);
	return member;
}

/* ---- shared pieces ----------------------------------------------------------- */

typedef struct Course {
	long long id;
	char *name;
	char opened[11];
	long long coordinator;
} Course;

/* The person's course (the open one, else the latest). */
static int course_load(Req *r, long long person_id, Course *c)
{
	Stmt q;
	memset(c, 0, sizeof *c);
	db_query(r->db, &q,
		 "SELECT c.id, p.name, c.opened_on, p.coordinator_id FROM person p"
		 " JOIN course c ON c.person_id = p.id WHERE p.id = ?"
		 " ORDER BY c.closed_on IS NULL DESC, c.opened_on DESC, c.id DESC LIMIT 1",
		 "I", person_id);
	if (db_step(&q)) {
		c->id = db_col_int(&q, 0);
		c->name = xstrdup(db_col_text(&q, 1));
		snprintf(c->opened, sizeof c->opened, "%s", db_col_text(&q, 2));
		c->coordinator = db_col_int(&q, 3);
	}
	db_finalize(&q);
	return c->id != 0;
}

/* The team and consent pages change the young person's case: the project
 * leader or the young person's own coordinator only.  Others get what
 * person_access gives them (404 or 403, logged), or 404 (logged) when they
 * can see the young person but do not own the case. */
static int owner_access(Req *r, long long person_id, const char *action, Course *c)
{
	if (!person_owner(r, person_id, action))
		return 0;
	if (!course_load(r, person_id, c)) {
		free(c->name);
		c->name = NULL;
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person_id,
			  r->route->purpose, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return 0;
	}
	return 1;
}

static void breadcrumbs(Req *r, long long person_id, const char *name, const char *here)
{
	Buf href = {0};
	bprintf(&href, "/unge/%l", person_id);
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"%a\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n",
	   _("Brødkrumme"), _("Mine unge"), href.p, name, here);
	buf_free(&href);
}

static void redirect_to(Req *r, const char *where, long long id)
{
	Buf loc = {0};
	if (streq(where, "team"))
		bprintf(&loc, "/unge/%l/team", id);
	else if (streq(where, "samtykke"))
		bprintf(&loc, "/unge/%l/samtykke", id);
	else
		bprintf(&loc, "/aktoerer");
	redirect(r, loc.p);
	buf_free(&loc);
}

static void dk_date(char out[11], const char *iso)
{
	if (iso && iso[0])
		date_format_dk(out, iso);
	else
		out[0] = 0;
}

/* ---- the section on the young person's page ---------------------------------- */

/* A member of the team as the tables show it.  The statements that read
 * them give, from a column on: id, actor key, name, contact, role in the
 * team, from, to, the user's name (NULL for none) and the municipality's
 * own label of the actor (NULL for none): member_read. */
typedef struct Member {
	long long id;
	char *actor, *name, *contact, *role, *user; /* actor: its label */
	char from[11], to[11];
	int to_null;
} Member;

static void member_read(Req *r, Stmt *q, int col, Member *m)
{
	const char *own = db_col_text(q, col + 8); /* as actor_label */
	const char *b = choice_label(actors, db_col_text(q, col + 1));
	m->id = db_col_int(q, col);
	m->actor = xstrdup(own[0] ? own : b[0] ? _(b) : db_col_text(q, col + 1));
	m->name = xstrdup(db_col_text(q, col + 2));
	m->contact = xstrdup(db_col_text(q, col + 3));
	m->role = xstrdup(db_col_text(q, col + 4));
	snprintf(m->from, sizeof m->from, "%s", db_col_text(q, col + 5));
	snprintf(m->to, sizeof m->to, "%s", db_col_text(q, col + 6));
	m->to_null = db_col_null(q, col + 6);
	m->user = db_col_null(q, col + 7) ? NULL : xstrdup(db_col_text(q, col + 7));
}

/* current members first, then by the date they joined */
static int member_cmp(const void *a, const void *b)
{
	const Member *x = a, *y = b;
	int c = (!x->to_null) - (!y->to_null);
	if (!c)
		c = strcmp(x->from, y->from);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Every member of the course's team, current and ended, *n of them. */
static Member *members_all(Req *r, long long course_id, size_t *n)
{
	Stmt q;
	Member *m = NULL;
	size_t cap = 0;
	*n = 0;
	db_query(r->db, &q,
		 "SELECT t.id, t.actor, t.name, t.contact, t.team_role, t.from_date, t.to_date, u.name, ac.label"
		 " FROM team_member t LEFT JOIN users u ON u.id = t.user_id"
		 " LEFT JOIN actor ac ON ac.municipality_id = ? AND ac.key = t.actor WHERE t.course_id = ?",
		 "II", r->user.municipality_id, course_id);
	while (db_step(&q)) {
		m = rows_add(m, n, &cap, sizeof *m);
		member_read(r, &q, 0, &m[*n - 1]);
	}
	db_finalize(&q);
	return m;
}

/* Draws the members (in member_cmp's order) and frees them. */
static void members_table(Req *r, Member *m, size_t nm, long long person_id, int manage)
{
	char today[11];
	today_copenhagen(today);
	if (nm > 1)
		qsort(m, nm, sizeof *m, member_cmp);
	for (size_t i = 0; i < nm; i++) {
		const Member *x = &m[i];
		char from[11], to[11];
		int ended = !x->to_null && strcmp(x->to, today) <= 0;
		if (i == 0) {
			hp(r, "<table class=\"table table--compact hv-team\">\n<caption class=\"sr-only\">%h</caption>\n"
			      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th>",
			   _("Teamets medlemmer"), _("Navn"), _("Aktør"), _("Rolle i teamet"),
			   _("Kontakt"), _("Periode"));
			if (manage)
				hp(r, "<th scope=\"col\"><span class=\"sr-only\">%h</span></th>", _("Handling"));
			hp(r, "</tr></thead>\n<tbody>\n");
		}
		dk_date(from, x->from);
		dk_date(to, x->to);
		hp(r, "<tr%s><td>%h", ended ? " class=\"hv-ended\"" : "", x->name);
		if (x->user)
			hp(r, " <span class=\"hv-muted\">(%h: %h)</span>", _("bruger"), x->user);
		hp(r, "</td><td>%h</td><td>%h</td><td>%h</td><td>%h %h%h%h</td>", x->actor, x->role,
		   x->contact, _("fra"), from, to[0] ? " – " : "", to);
		if (manage) {
			hp(r, "<td>");
			if (!ended && x->to_null) {
				Buf href = {0};
				bprintf(&href, "/unge/%l/team/%l/afslut", person_id, x->id);
				hp(r, "<a href=\"%a\">%h <span class=\"sr-only\">%h</span></a>", href.p,
				   _("Afslut"), x->name);
				buf_free(&href);
			}
			hp(r, "</td>");
		}
		hp(r, "</tr>\n");
	}
	if (nm)
		hp(r, "</tbody>\n</table>\n");
	else
		hp(r, "<p>%h</p>\n", _("Der er ingen medlemmer i teamet endnu."));
	for (size_t i = 0; i < nm; i++) {
		free(m[i].actor);
		free(m[i].name);
		free(m[i].contact);
		free(m[i].role);
		free(m[i].user);
	}
	free(m);
}

/* The current members and the consents (consent_status) in one statement:
 * a member (1) or a consent (2) per row. */
void team_section(Req *r, long long person_id, long long course_id)
{
	Stmt q;
	char today[11];
	Member *m = NULL;
	size_t nm = 0, cap = 0;
	ConsentAcc a = {0, 0, CONSENT_NONE};
	today_copenhagen(today);
	db_query(r->db, &q,
		 "SELECT 1, t.id, t.actor, t.name, t.contact, t.team_role, t.from_date, t.to_date, u.name, ac.label"
		 " FROM team_member t LEFT JOIN users u ON u.id = t.user_id"
		 " LEFT JOIN actor ac ON ac.municipality_id = ? AND ac.key = t.actor"
		 " WHERE t.course_id = ? AND (t.to_date IS NULL OR t.to_date > ?)"
		 " UNION ALL SELECT 2, CASE WHEN k.withdrawn_on IS NULL THEN 0 ELSE 1 END, k.expires_on,"
		 " NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM consent k WHERE k.course_id = ?",
		 "IItI", r->user.municipality_id, course_id, today, course_id);
	while (db_step(&q)) {
		if (db_col_int(&q, 0) == 2) {
			consent_add(&a, today, (int)db_col_int(&q, 1), db_col_text(&q, 2));
			continue;
		}
		m = rows_add(m, &nm, &cap, sizeof *m);
		member_read(r, &q, 1, &m[nm - 1]);
	}
	db_finalize(&q);
	int status = consent_result(&a);
	int owner = person_is_owner(r, person_id);
	hp(r, "<section aria-labelledby=\"h-team\">\n<h2 id=\"h-team\">%h</h2>\n", _("Det tværfaglige team"));
	members_table(r, m, nm, person_id, 0);
	hp(r, "<p>%h: <strong class=\"%a\" id=\"consent-status\">%h</strong></p>\n", _("Samtykke"),
	   status_class(status), _(consent_status_label(status)));
	if (owner) {
		Buf a1 = {0}, b = {0};
		bprintf(&a1, "/unge/%l/team", person_id);
		bprintf(&b, "/unge/%l/samtykke", person_id);
		hp(r, "<p><a href=\"%a\">%h</a> · <a href=\"%a\">%h</a></p>\n", a1.p, _("Teamet: tilføj og afslut medlemmer"),
		   b.p, _("Samtykker"));
		buf_free(&a1);
		buf_free(&b);
	}
	hp(r, "</section>\n");
}

/* A team member without valid consent: the young person's name and that
 * they are on the member's team, nothing else. */
void team_person_reduced(Req *r, long long person_id)
{
	Stmt q;
	char *name = db_text(r->db, "SELECT name FROM person WHERE id = ?", "I", person_id);
	char today[11];
	today_copenhagen(today);
	page_begin(r, name ? name : "");
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n",
	   _("Brødkrumme"), _("Mine unge"), name ? name : "");
	hp(r, "<h1>%h</h1>\n", name ? name : "");
	hp(r, "<div class=\"alert alert-info\" id=\"reduced\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p>"
	      "<p class=\"alert-text\">%h</p></div></div>\n",
	   _("Den unge er i dit team."),
	   _("Der er ikke et gyldigt samtykke, der dækker dig eller din aktør. Derfor kan du ikke se den "
	     "unges oplysninger. Tal med den unges myndighedskoordinator."));
	db_query(r->db, &q,
		 "SELECT t.team_role, t.from_date FROM team_member t JOIN course c ON c.id = t.course_id"
		 " WHERE c.person_id = ? AND c.closed_on IS NULL AND t.user_id = ?"
		 " AND (t.to_date IS NULL OR t.to_date > ?) ORDER BY t.id",
		 "IIt", person_id, r->user.id, today);
	while (db_step(&q)) {
		char from[11];
		dk_date(from, db_col_text(&q, 1));
		hp(r, "<p>%h %h%h%h.</p>\n", _("Du er med i teamet fra"), from,
		   db_col_text(&q, 0)[0] ? ", " : "", db_col_text(&q, 0));
	}
	db_finalize(&q);
	page_end(r);
	free(name);
}

/* The municipality's own actor labels, for actor_label_of. */
typedef struct OwnActor {
	char *key, *label;
} OwnActor;

static OwnActor *own_actors(Req *r, size_t *n)
{
	Stmt q;
	OwnActor *out = NULL;
	size_t cap = 0;
	*n = 0;
	db_query(r->db, &q, "SELECT key, label FROM actor WHERE municipality_id = ?", "I", r->user.municipality_id);
	while (db_step(&q)) {
		out = rows_add(out, n, &cap, sizeof *out);
		out[*n - 1].key = xstrdup(db_col_text(&q, 0));
		out[*n - 1].label = xstrdup(db_col_text(&q, 1));
	}
	db_finalize(&q);
	return out;
}

/* actor_label from the labels own_actors read. */
static char *actor_label_of(Req *r, const char *key, const OwnActor *own, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (streq(own[i].key, key) && own[i].label[0])
			return xstrdup(own[i].label);
	const char *b = choice_label(actors, key);
	return xstrdup(b[0] ? _(b) : key);
}

/* A row of team_caseload: one current membership of the user. */
typedef struct CaseRow {
	long long person, member;
	char *name, *role, *actor;
	int covered;   /* a valid consent covers this membership (as team_membership) */
	int supported; /* the user is the course's current support worker (covered not read) */
} CaseRow;

/* team_caseload's order: by name, then person and membership id, as the
 * BINARY collation would (strcmp on UTF-8 is byte order). */
static int case_row_cmp(const void *a, const void *b)
{
	const CaseRow *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return x->member < y->member ? -1 : x->member > y->member;
}

/* The caseload of a team member or support worker (standalone), or, under a
 * coordinator's own list, the young people whose team they are on.  One
 * statement reads the user's current memberships with the access of each
 * (whether a valid consent covers it, as team_membership) and whether the
 * user supports the young person; the actors' labels are read once for
 * the whole list, not per row. */
void team_caseload(Req *r, int standalone)
{
	Stmt q;
	char today[11];
	int n = 0;
	size_t nrows = 0, cap = 0, nown = 0;
	CaseRow *rows = NULL;
	OwnActor *own = NULL;
	today_copenhagen(today);
	if (standalone) {
		page_begin(r, _("Mine unge"));
		hp(r, "<h1>%h</h1>\n", _("Mine unge"));
	}
	db_query(r->db, &q,
		 "SELECT p.id, p.name, t.team_role, t.actor, t.id,"
		 /* 2: a support worker finds the young people they support in
		  * their own list (support.c), with full access (from the
		  * course's open support course, not from every assignment the
		  * worker has had); else 1 when a valid consent covers the
		  * membership (as team_membership), 0 when not */
		 " CASE WHEN EXISTS (SELECT 1 FROM support_course s CROSS JOIN support_worker w"
		 "  WHERE s.course_id = c.id AND s.end_on IS NULL AND w.support_id = s.id AND w.user_id = ?"
		 "  AND (w.to_on IS NULL OR w.to_on >= ?)) THEN 2"
		 " ELSE EXISTS (SELECT 1 FROM consent k WHERE k.course_id = c.id"
		 "  AND k.withdrawn_on IS NULL AND k.given_on <= ? AND k.expires_on >= ?"
		 "  AND (EXISTS (SELECT 1 FROM consent_actor a WHERE a.consent_id = k.id AND a.actor = t.actor)"
		 "   OR EXISTS (SELECT 1 FROM consent_member m WHERE m.consent_id = k.id AND m.member_id = t.id))) END"
		 /* the user's current memberships are two ranges of the index
		  * on (user_id, to_date), the open ones (NULL) and those ending
		  * after today, not every team the user has been on */
		 " FROM (SELECT id, course_id, team_role, actor FROM team_member"
		 "  WHERE user_id = ? AND to_date IS NULL AND from_date <= ?"
		 "  UNION ALL SELECT id, course_id, team_role, actor FROM team_member"
		 "  WHERE user_id = ? AND to_date > ? AND from_date <= ?) t"
		 " CROSS JOIN course c CROSS JOIN person p"
		 " WHERE c.id = t.course_id AND c.closed_on IS NULL AND p.id = c.person_id"
		 " AND p.municipality_id = ? AND (p.coordinator_id IS NULL OR p.coordinator_id <> ?)",
		 "ItttItIttII", r->user.id, today, today, today, r->user.id, today, r->user.id, today, today,
		 r->user.municipality_id, standalone ? 0 : r->user.id);
	while (db_step(&q)) {
		rows = rows_add(rows, &nrows, &cap, sizeof *rows);
		CaseRow *w = &rows[nrows - 1];
		w->person = db_col_int(&q, 0);
		w->name = xstrdup(db_col_text(&q, 1));
		w->role = xstrdup(db_col_text(&q, 2));
		w->actor = xstrdup(db_col_text(&q, 3));
		w->member = db_col_int(&q, 4);
		w->supported = db_col_int(&q, 5) == 2;
		w->covered = db_col_int(&q, 5) == 1;
	}
	db_finalize(&q);
	if (nrows > 1)
		qsort(rows, nrows, sizeof *rows, case_row_cmp);
	int covered = 0;
	for (size_t i = 0, end = 0; i < nrows; i++) {
		const CaseRow *w = &rows[i];
		/* a young person's access: any of the user's current
		 * memberships on their open courses covered (team_membership),
		 * the rows of one young person being together */
		if (i == end) {
			int unknown = 0, shown = 0; /* a supported row's consent is not read */
			covered = 0;
			for (end = i; end < nrows && rows[end].person == w->person; end++) {
				covered |= rows[end].covered;
				unknown |= rows[end].supported;
				shown |= !rows[end].supported;
			}
			if (!covered && unknown && shown) /* two open courses, one supported: not in practice */
				team_membership(r->db, w->person, r->user.id, &covered);
		}
		if (w->supported)
			continue;
		if (n++ == 0) {
			own = own_actors(r, &nown); /* once the list has a row (under a coordinator's own list it is often empty) */
			if (!standalone)
				hp(r, "<h2>%h</h2>\n", _("Unge, hvis team du er med i"));
			hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n",
			   _("Unge, hvis team du er med i"));
			hp(r, "<table class=\"table table--compact table--responsive-headers\">\n"
			      "<caption class=\"sr-only\">%h</caption>\n"
			      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			   _("Unge, hvis team du er med i"), _("Navn"), _("Aktør"), _("Rolle i teamet"),
			   _("Adgang"));
		}
		char *actor = actor_label_of(r, w->actor, own, nown);
		hp(r, "<tr><td><a href=\"/unge/%l\">%h</a></td><td data-title=\"%a\">%h</td><td data-title=\"%a\">%h</td>"
		      "<td data-title=\"%a\" class=\"%s\">%h</td></tr>\n",
		   w->person, w->name, _("Aktør"), actor, _("Rolle i teamet"), w->role, _("Adgang"),
		   covered ? "hv-ok" : "hv-warn", covered ? _("Samtykke dækker") : _("Kun navn: intet gyldigt samtykke"));
		free(actor);
	}
	for (size_t i = 0; i < nrows; i++) {
		free(rows[i].name);
		free(rows[i].role);
		free(rows[i].actor);
	}
	free(rows);
	for (size_t i = 0; i < nown; i++) {
		free(own[i].key);
		free(own[i].label);
	}
	free(own);
	if (n)
		hp(r, "</tbody>\n</table>\n</div>\n");
	if (standalone) {
		if (!n)
			hp(r, "<p>%h</p>\n", _("Du er ikke med i nogen unges team endnu."));
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "list", 0,
			  r->route->purpose, "ok");
		page_end(r);
	}
}

/* The caseload's consent column: a flag when consent is missing, expired,
 * withdrawn or expires within 30 days. */
void consent_cell(Req *r, long long course_id)
{
	consent_cell_draw(r, consent_status(r->db, course_id));
}

void consent_cell_draw(Req *r, int s)
{
	if (s == CONSENT_VALID)
		hp(r, "<td data-title=\"%a\">%h</td>", _("Samtykke"), _("Gyldigt"));
	else
		hp(r, "<td data-title=\"%a\"><strong class=\"%a\">%h</strong></td>", _("Samtykke"), status_class(s),
		   _(consent_status_label(s)));
}

/* ---- the team page ----------------------------------------------------------- */

/* Users who can be linked to a membership: active, same municipality, role
 * team, support or coordinator.  Keys are user ids. */
static Choice *user_choices(Req *r)
{
	Stmt q;
	size_t n = 0, cap = 16;
	Choice *c = xcalloc(cap + 1, sizeof *c);
	db_query(r->db, &q,
		 "SELECT id, name, username, role FROM users WHERE municipality_id = ? AND active = 1"
		 " AND role IN ('team','support','coordinator') ORDER BY name, id",
		 "I", r->user.municipality_id);
	while (db_step(&q)) {
		if (n == cap) {
			cap *= 2;
			c = xrealloc(c, (cap + 1) * sizeof *c);
		}
		Buf k = {0}, l = {0};
		bprintf(&k, "%l", db_col_int(&q, 0));
		c[n].key = xstrdup(k.p);
		/* plain text: field_select escapes it */
		buf_puts(&l, db_col_text(&q, 1));
		buf_puts(&l, " (");
		buf_puts(&l, db_col_text(&q, 2));
		buf_puts(&l, ", ");
		buf_puts(&l, _(role_label(role_from_key(db_col_text(&q, 3)))));
		buf_puts(&l, ")");
		c[n].label = xstrdup(buf_str(&l));
		buf_free(&k);
		buf_free(&l);
		n++;
	}
	db_finalize(&q);
	c[n].key = c[n].label = NULL;
	return c;
}

static void team_page(Req *r, long long person_id, Course *c)
{
	char opened[11];
	dk_date(opened, c->opened);
	page_begin(r, _("Det tværfaglige team"));
	breadcrumbs(r, person_id, c->name, _("Det tværfaglige team"));
	hp(r, "<h1>%h: %h</h1>\n", _("Det tværfaglige team"), c->name);
	size_t nm = 0;
	Member *m = members_all(r, c->id, &nm);
	members_table(r, m, nm, person_id, 1);
	hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("Tilføj et medlem"),
	   _("Vælg medlemmerne sammen med den unge. Felter markeret (skal udfyldes) er påkrævede."));
	error_summary(r);
	Buf action = {0}, hint = {0};
	bprintf(&action, "/unge/%l/team", person_id);
	bprintf(&hint, "%h %h", _("dd.mm.åååå, ikke før henvisningen den"), opened);
	Choice *ac = actor_choices(r, 1), *uc = user_choices(r);
	form_begin(r, action.p);
	field_select(r, "actor", _("Aktør (skal udfyldes)"), NULL, ac);
	field_text(r, "name", _("Navn (skal udfyldes)"), NULL, "text", "off");
	field_text(r, "contact", _("Kontaktoplysninger"), _("Telefon og e-mail"), "text", "off");
	field_text(r, "team_role", _("Rolle i teamet"), _("Fx kontaktperson for uddannelse"), "text", "off");
	field_text(r, "from_date", _("Med i teamet fra (skal udfyldes)"), buf_str(&hint), "text", "off");
	field_select(r, "user_id", _("Brugerkonto i hjemvej"),
		     _("Vælg en bruger, hvis medlemmet skal kunne logge ind og se den unge"), uc);
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Tilføj medlem"));
	form_end(r);
	page_end(r);
	choices_free(ac);
	choices_free(uc);
	buf_free(&action);
	buf_free(&hint);
}

void page_team(Req *r)
{
	long long id = PI(r, "id");
	Course c;
	if (!owner_access(r, id, "team_view", &c))
		return;
	db_begin(r->db);
	team_page(r, id, &c);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "team_view", id,
		  r->route->purpose, "ok");
	db_commit(r->db);
	free(c.name);
}

void page_team_add(Req *r)
{
	long long id = PI(r, "id");
	Course c;
	if (!owner_access(r, id, "team_add", &c))
		return;
	Choice *ac = actor_choices(r, 1), *uc = user_choices(r);
	if (P(r, "actor") && !choice_has(ac, P(r, "actor")))
		P_set_err(r, "actor", N_("Vælg en af mulighederne."));
	if (P(r, "user_id") && !choice_has(uc, P(r, "user_id")))
		P_set_err(r, "user_id", N_("Vælg en af mulighederne."));
	if (P(r, "from_date") && strcmp(P(r, "from_date"), c.opened) < 0)
		P_set_err(r, "from_date", N_("Datoen må ikke ligge før henvisningen."));
	if (P(r, "user_id") && !r->nerrors &&
	    db_int(r->db, 0,
		   "SELECT 1 FROM team_member WHERE course_id = ? AND user_id = ? AND to_date IS NULL", "II",
		   c.id, PI(r, "user_id")))
		P_set_err(r, "user_id", N_("Brugeren er allerede med i teamet."));
	choices_free(ac);
	choices_free(uc);
	if (r->nerrors) {
		r->status = 422;
		db_begin(r->db);
		team_page(r, id, &c);
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "team_view", id,
			  r->route->purpose, "ok");
		db_commit(r->db);
		free(c.name);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	db_exec(r->db,
		"INSERT INTO team_member(course_id, actor, name, contact, team_role, user_id, from_date,"
		" created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
		"IttttJtIt", c.id, P(r, "actor"), P(r, "name"),
		P(r, "contact") ? P(r, "contact") : "", P(r, "team_role") ? P(r, "team_role") : "",
		PI(r, "user_id"), P(r, "from_date"), r->user.id, at);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "team_add", id,
		  r->route->purpose, "ok");
	free(c.name);
	if (!db_commit(r->db))
		return;
	flash_set(r, _("Medlemmet er tilføjet til teamet."));
	redirect_to(r, "team", id);
}

/* The member of this person's course, or 0 (404, logged). */
static int member_load(Req *r, long long person_id, Course *c, char *name, size_t nlen, char from[11],
		       int *ended)
{
	Stmt q;
	int found = 0;
	db_query(r->db, &q,
		 "SELECT name, from_date, to_date IS NOT NULL FROM team_member WHERE id = ? AND course_id = ?",
		 "II", PI(r, "mid"), c->id);
	if (db_step(&q)) {
		found = 1;
		snprintf(name, nlen, "%s", db_col_text(&q, 0));
		snprintf(from, 11, "%s", db_col_text(&q, 1));
		*ended = (int)db_col_int(&q, 2);
	}
	db_finalize(&q);
	if (!found) {
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "team_end", person_id,
			  r->route->purpose, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
	}
	return found;
}

static void end_page(Req *r, long long person_id, Course *c, const char *member, const char *from)
{
	char fromdk[11];
	dk_date(fromdk, from);
	page_begin(r, _("Afslut medlemskab"));
	breadcrumbs(r, person_id, c->name, _("Afslut medlemskab"));
	hp(r, "<h1>%h: %h</h1>\n<p>%h</p>\n", _("Afslut medlemskab"), member,
	   _("Når medlemskabet er afsluttet, kan medlemmet ikke længere se den unge."));
	error_summary(r);
	Buf action = {0}, hint = {0};
	bprintf(&action, "/unge/%l/team/%l/afslut", person_id, PI(r, "mid"));
	bprintf(&hint, "%h %h", _("dd.mm.åååå, ikke før medlemskabets start den"), fromdk);
	form_begin(r, action.p);
	field_text(r, "to_date", _("Med i teamet til (skal udfyldes)"), buf_str(&hint), "text", "off");
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Afslut medlemskab"));
	form_end(r);
	page_end(r);
	buf_free(&action);
	buf_free(&hint);
}

void page_team_end_form(Req *r)
{
	long long id = PI(r, "id");
	Course c;
	char name[256], from[11];
	int ended = 0;
	if (!owner_access(r, id, "team_view", &c))
		return;
	db_begin(r->db);
	if (member_load(r, id, &c, name, sizeof name, from, &ended)) {
		end_page(r, id, &c, name, from);
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "team_view", id,
			  r->route->purpose, "ok");
	}
	db_commit(r->db);
	free(c.name);
}

void page_team_end(Req *r)
{
	long long id = PI(r, "id");
	Course c;
	char name[256], from[11];
	int ended = 0;
	if (!owner_access(r, id, "team_end", &c))
		return;
	db_begin(r->db);
	if (!member_load(r, id, &c, name, sizeof name, from, &ended)) {
		db_commit(r->db);
		free(c.name);
		return;
	}
	if (ended)
		P_set_err(r, "to_date", N_("Medlemskabet er allerede afsluttet."));
	else if (P(r, "to_date") && strcmp(P(r, "to_date"), from) < 0)
		P_set_err(r, "to_date", N_("Slutdatoen må ikke ligge før medlemskabets start."));
	if (r->nerrors) {
		r->status = 422;
		end_page(r, id, &c, name, from);
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "team_view", id,
			  r->route->purpose, "ok");
		db_commit(r->db);
		free(c.name);
		return;
	}
	db_exec(r->db, "UPDATE team_member SET to_date = ? WHERE id = ? AND course_id = ? AND to_date IS NULL",
		"tII", P(r, "to_date"), PI(r, "mid"), c.id);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "team_end", id,
		  r->route->purpose, "ok");
	free(c.name);
	if (!db_commit(r->db))
		return;
	flash_set(r, _("Medlemskabet er afsluttet."));
	redirect_to(r, "team", id);
}

/* ---- consent ----------------------------------------------------------------- */

static Choice *member_choices(Req *r, long long course_id)
{
	Stmt q;
	size_t n = 0, cap = 16;
	char today[11];
	Choice *c = xcalloc(cap + 1, sizeof *c);
	today_copenhagen(today);
	db_query(r->db, &q,
		 "SELECT id, name, actor FROM team_member WHERE course_id = ?"
		 " AND (to_date IS NULL OR to_date > ?) ORDER BY from_date, id",
		 "It", course_id, today);
	while (db_step(&q)) {
		if (n == cap) {
			cap *= 2;
			c = xrealloc(c, (cap + 1) * sizeof *c);
		}
		Buf k = {0}, l = {0};
		char *actor = actor_label(r, db_col_text(&q, 2));
		bprintf(&k, "%l", db_col_int(&q, 0));
		buf_puts(&l, db_col_text(&q, 1));
		buf_puts(&l, " (");
		buf_puts(&l, actor);
		buf_puts(&l, ")");
		c[n].key = xstrdup(k.p);
		c[n].label = xstrdup(buf_str(&l));
		free(actor);
		buf_free(&k);
		buf_free(&l);
		n++;
	}
	db_finalize(&q);
	c[n].key = c[n].label = NULL;
	return c;
}

static void consent_list(Req *r, long long person_id, long long course_id)
{
	Stmt q;
	char today[11];
	int n = 0;
	today_copenhagen(today);
	db_query(r->db, &q,
		 "SELECT id, purpose, given_on, how, note, expires_on, withdrawn_on, withdrawal_note"
		 " FROM consent WHERE course_id = ? ORDER BY given_on DESC, id DESC",
		 "I", course_id);
	while (db_step(&q)) {
		long long cid = db_col_int(&q, 0);
		char given[11], expires[11], withdrawn[11];
		int s = one_status(today, !db_col_null(&q, 6), db_col_text(&q, 5));
		dk_date(given, db_col_text(&q, 2));
		dk_date(expires, db_col_text(&q, 5));
		dk_date(withdrawn, db_col_text(&q, 6));
		n++;
		hp(r, "<div class=\"hv-card hv-consent\" id=\"consent-%l\">\n<h3>%h %h <span class=\"%a\">%h</span></h3>\n"
		      "<dl class=\"hv-dl\">\n",
		   cid, _("Samtykke givet"), given, status_class(s), _(consent_status_label(s)));
		hp(r, "<dt>%h</dt><dd class=\"hv-pre\">%h</dd>\n", _("Formål"), db_col_text(&q, 1));
		Stmt k;
		hp(r, "<dt>%h</dt><dd><ul>", _("Oplysninger"));
		db_query(r->db, &k, "SELECT kind FROM consent_kind WHERE consent_id = ? ORDER BY kind", "I", cid);
		while (db_step(&k))
			hp(r, "<li>%h</li>", _(choice_label(consent_kinds, db_col_text(&k, 0))));
		db_finalize(&k);
		hp(r, "</ul></dd>\n<dt>%h</dt><dd><ul>", _("Med hvem"));
		db_query(r->db, &k, "SELECT actor FROM consent_actor WHERE consent_id = ? ORDER BY actor", "I", cid);
		while (db_step(&k)) {
			char *a = actor_label(r, db_col_text(&k, 0));
			hp(r, "<li>%h</li>", a);
			free(a);
		}
		db_finalize(&k);
		db_query(r->db, &k,
			 "SELECT t.name FROM consent_member m JOIN team_member t ON t.id = m.member_id"
			 " WHERE m.consent_id = ? ORDER BY t.name",
			 "I", cid);
		while (db_step(&k))
			hp(r, "<li>%h (%h)</li>", db_col_text(&k, 0), _("teammedlem"));
		db_finalize(&k);
		hp(r, "</ul></dd>\n");
		hp(r, "<dt>%h</dt><dd>%h", _("Hvordan"), _(choice_label(consent_how, db_col_text(&q, 3))));
		if (db_col_text(&q, 4)[0])
			hp(r, ": %h", db_col_text(&q, 4));
		hp(r, "</dd>\n<dt>%h</dt><dd>%h</dd>\n", _("Udløber"), expires);
		if (withdrawn[0]) {
			hp(r, "<dt>%h</dt><dd>%h", _("Trukket tilbage"), withdrawn);
			if (db_col_text(&q, 7)[0])
				hp(r, ": %h", db_col_text(&q, 7));
			hp(r, "</dd>\n");
		}
		hp(r, "</dl>\n");
		if (!withdrawn[0]) {
			Buf href = {0};
			bprintf(&href, "/unge/%l/samtykke/%l/tilbagekald", person_id, cid);
			hp(r, "<p><a href=\"%a\">%h <span class=\"sr-only\">%h %h</span></a></p>\n", href.p,
			   _("Registrér tilbagekaldelse"), _("af samtykket givet"), given);
			buf_free(&href);
		}
		hp(r, "</div>\n");
	}
	db_finalize(&q);
	if (!n)
		hp(r, "<p>%h</p>\n", _("Der er ikke registreret noget samtykke endnu."));
}

static void consent_page(Req *r, long long person_id, Course *c)
{
	page_begin(r, _("Samtykker"));
	breadcrumbs(r, person_id, c->name, _("Samtykker"));
	hp(r, "<h1>%h: %h</h1>\n", _("Samtykker"), c->name);
	consent_list(r, person_id, c->id);
	hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("Registrér et samtykke"),
	   _("Et samtykke skal være konkret: hvilke oplysninger, med hvem og til hvad. Et generelt "
	     "samtykke er ikke gyldigt. Felter markeret (skal udfyldes) er påkrævede."));
	error_summary(r);
	Buf action = {0};
	bprintf(&action, "/unge/%l/samtykke", person_id);
	Choice *ac = actor_choices(r, 1), *mc = member_choices(r, c->id);
	form_begin(r, action.p);
	field_checkboxes(r, "kind", _("Hvilke oplysninger (skal udfyldes)"), NULL, consent_kinds);
	field_checkboxes(r, "actor", _("Med hvilke aktører"),
			 _("Alle teammedlemmer fra en valgt aktør er omfattet"), ac);
	if (mc[0].key)
		field_checkboxes(r, "member", _("Med hvilke teammedlemmer"),
				 _("Vælg aktører, teammedlemmer eller begge; mindst én"), mc);
	field_textarea(r, "purpose", _("Formål (skal udfyldes)"), _("Hvad må oplysningerne bruges til?"));
	field_text(r, "given_on", _("Givet den (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	field_radios(r, "how", _("Hvordan (skal udfyldes)"), NULL, consent_how);
	field_text(r, "note", _("Note"), _("Fx: underskrevet, scanning ligger i sagen"), "text", "off");
	field_text(r, "expires_on", _("Udløber den (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Registrér samtykke"));
	form_end(r);
	page_end(r);
	choices_free(ac);
	choices_free(mc);
	buf_free(&action);
}

void page_consents(Req *r)
{
	long long id = PI(r, "id");
	Course c;
	if (!owner_access(r, id, "consent_view", &c))
		return;
	db_begin(r->db);
	consent_page(r, id, &c);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "consent_view", id,
		  r->route->purpose, "ok");
	db_commit(r->db);
	free(c.name);
}

static size_t multi_count(Req *r, const char *name, const Choice *allowed, int *bad)
{
	size_t n = 0;
	for (const Choice *c = allowed; c->key; c++)
		if (P_has(r, name, c->key))
			n++;
	/* a value sent that is not among the choices */
	for (int i = 0; i < r->nparams; i++)
		if (streq(r->params[i].def->name, name))
			*bad = r->params[i].nvals > n;
	return n;
}

void page_consent_add(Req *r)
{
	long long id = PI(r, "id");
	Course c;
	if (!owner_access(r, id, "consent_add", &c))
		return;
	Choice *ac = actor_choices(r, 1), *mc = member_choices(r, c.id);
	int bad_a = 0, bad_m = 0;
	size_t na = multi_count(r, "actor", ac, &bad_a), nm = multi_count(r, "member", mc, &bad_m);
	if (bad_a)
		P_set_err(r, "actor", N_("Vælg en af mulighederne."));
	else if (bad_m)
		P_set_err(r, "actor", N_("Vælg en af mulighederne."));
	else if (!na && !nm && !P_err(r, "actor") && !P_err(r, "member"))
		P_set_err(r, "actor", N_("Vælg mindst én aktør eller ét teammedlem."));
	if (P(r, "given_on") && P(r, "expires_on") && strcmp(P(r, "expires_on"), P(r, "given_on")) <= 0)
		P_set_err(r, "expires_on", N_("Udløbsdatoen skal ligge efter datoen for samtykket."));
	if (r->nerrors) {
		choices_free(ac);
		choices_free(mc);
		r->status = 422;
		db_begin(r->db);
		consent_page(r, id, &c);
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "consent_view", id,
			  r->route->purpose, "ok");
		db_commit(r->db);
		free(c.name);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	long long cid = db_int(r->db, 0,
			       "INSERT INTO consent(course_id, purpose, given_on, how, note, expires_on,"
			       " created_by, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
			       "ItttttIt", c.id, P(r, "purpose"), P(r, "given_on"),
			       P(r, "how"), P(r, "note") ? P(r, "note") : "", P(r, "expires_on"), r->user.id, at);
	for (const Choice *k = consent_kinds; k->key; k++)
		if (P_has(r, "kind", k->key))
			db_exec(r->db, "INSERT INTO consent_kind(consent_id, kind) VALUES (?,?)", "It", cid, k->key);
	for (const Choice *k = ac; k->key; k++)
		if (P_has(r, "actor", k->key))
			db_exec(r->db, "INSERT INTO consent_actor(consent_id, actor) VALUES (?,?)", "It", cid,
				k->key);
	for (const Choice *k = mc; k->key; k++)
		if (P_has(r, "member", k->key))
			db_exec(r->db, "INSERT INTO consent_member(consent_id, member_id) VALUES (?,?)", "II",
				cid, strtoll(k->key, NULL, 10));
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "consent_add", id,
		  r->route->purpose, "ok");
	choices_free(ac);
	choices_free(mc);
	free(c.name);
	if (!db_commit(r->db))
		return;
	flash_set(r, _("Samtykket er registreret."));
	redirect_to(r, "samtykke", id);
}

static int consent_load(Req *r, long long person_id, Course *c, char given[11], int *withdrawn)
{
	Stmt q;
	int found = 0;
	db_query(r->db, &q, "SELECT given_on, withdrawn_on IS NOT NULL FROM consent WHERE id = ? AND course_id = ?",
		 "II", PI(r, "cid"), c->id);
	if (db_step(&q)) {
		found = 1;
		snprintf(given, 11, "%s", db_col_text(&q, 0));
		*withdrawn = (int)db_col_int(&q, 1);
	}
	db_finalize(&q);
	if (!found) {
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "consent_withdraw",
			  person_id, r->route->purpose, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
	}
	return found;
}

static void withdraw_page(Req *r, long long person_id, Course *c, const char *given)
{
	char gdk[11];
	dk_date(gdk, given);
	page_begin(r, _("Tilbagekald samtykke"));
	breadcrumbs(r, person_id, c->name, _("Tilbagekald samtykke"));
	hp(r, "<h1>%h</h1>\n<p>%h %h. %h</p>\n", _("Tilbagekald samtykke"), _("Samtykket blev givet den"), gdk,
	   _("Tilbagekaldelsen gælder straks: teammedlemmer, som kun samtykket dækkede, kan ikke længere se "
	     "den unges oplysninger."));
	error_summary(r);
	Buf action = {0};
	bprintf(&action, "/unge/%l/samtykke/%l/tilbagekald", person_id, PI(r, "cid"));
	form_begin(r, action.p);
	field_text(r, "withdrawn_on", _("Trukket tilbage den (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	field_textarea(r, "withdrawal_note", _("Note"), _("Fx hvordan den unge trak samtykket tilbage"));
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Tilbagekald samtykke"));
	form_end(r);
	page_end(r);
	buf_free(&action);
}

void page_consent_withdraw_form(Req *r)
{
	long long id = PI(r, "id");
	Course c;
	char given[11];
	int withdrawn = 0;
	if (!owner_access(r, id, "consent_view", &c))
		return;
	db_begin(r->db);
	if (consent_load(r, id, &c, given, &withdrawn)) {
		withdraw_page(r, id, &c, given);
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "consent_view", id,
			  r->route->purpose, "ok");
	}
	db_commit(r->db);
	free(c.name);
}

void page_consent_withdraw(Req *r)
{
	long long id = PI(r, "id");
	Course c;
	char given[11];
	int withdrawn = 0;
	if (!owner_access(r, id, "consent_withdraw", &c))
		return;
	db_begin(r->db);
	if (!consent_load(r, id, &c, given, &withdrawn)) {
		db_commit(r->db);
		free(c.name);
		return;
	}
	if (withdrawn)
		P_set_err(r, "withdrawn_on", N_("Samtykket er allerede trukket tilbage."));
	else if (P(r, "withdrawn_on") && strcmp(P(r, "withdrawn_on"), given) < 0)
		P_set_err(r, "withdrawn_on", N_("Datoen må ikke ligge før samtykket blev givet."));
	if (r->nerrors) {
		r->status = 422;
		withdraw_page(r, id, &c, given);
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "consent_view", id,
			  r->route->purpose, "ok");
		db_commit(r->db);
		free(c.name);
		return;
	}
	db_exec(r->db,
		"UPDATE consent SET withdrawn_on = ?, withdrawal_note = ?, withdrawn_by = ?"
		" WHERE id = ? AND course_id = ? AND withdrawn_on IS NULL",
		"ttIII", P(r, "withdrawn_on"), P(r, "withdrawal_note") ? P(r, "withdrawal_note") : "",
		r->user.id, PI(r, "cid"), c.id);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "consent_withdraw", id,
		  r->route->purpose, "ok");
	free(c.name);
	if (!db_commit(r->db))
		return;
	flash_set(r, _("Samtykket er trukket tilbage. Det gælder straks."));
	redirect_to(r, "samtykke", id);
}

/* ---- the actor catalog page (administrator, project leader) ---------------- */

static void actors_page(Req *r)
{
	Stmt q;
	page_begin(r, _("Aktører"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Aktører"),
	   _("Kommunens katalog over aktører i det tværfaglige team. En aktør kan omdøbes eller "
	     "deaktiveres, men ikke slettes, så gamle registreringer stadig kan læses."));
	hp(r, "<table class=\"table table--compact hv-actors\">\n<caption class=\"sr-only\">%h</caption>\n"
	      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "<th scope=\"col\"><span class=\"sr-only\">%h</span></th></tr></thead>\n<tbody>\n",
	   _("Aktører"), _("Navn"), _("Nøgle"), _("Status"), _("Handling"));
	db_query(r->db, &q,
		 "SELECT id, key, label, active FROM actor WHERE municipality_id = ? ORDER BY position, id", "I",
		 r->user.municipality_id);
	while (db_step(&q)) {
		const char *b = choice_label(actors, db_col_text(&q, 1));
		const char *label = !db_col_null(&q, 2) && db_col_text(&q, 2)[0] ? db_col_text(&q, 2)
				    : b[0]					   ? _(b)
										   : db_col_text(&q, 1);
		hp(r, "<tr><td>%h</td><td><code>%h</code></td><td>%h</td>"
		      "<td><a href=\"/aktoerer/%l\">%h <span class=\"sr-only\">%h</span></a></td></tr>\n",
		   label, db_col_text(&q, 1), db_col_int(&q, 3) ? _("Aktiv") : _("Deaktiveret"),
		   db_col_int(&q, 0), _("Ret"), label);
	}
	db_finalize(&q);
	hp(r, "</tbody>\n</table>\n<h2>%h</h2>\n", _("Tilføj en aktør"));
	error_summary(r);
	form_begin(r, "/aktoerer");
	field_text(r, "label", _("Navn (skal udfyldes)"), NULL, "text", "off");
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Tilføj aktør"));
	form_end(r);
	page_end(r);
}

void page_actors(Req *r)
{
	actors_page(r);
}

/* Is the name in use by another actor of the municipality (its own name
 * or, when not renamed, the built-in Danish name)? */
static int label_taken(Req *r, const char *label, long long except)
{
	Stmt q;
	int taken = 0;
	db_query(r->db, &q, "SELECT key, label FROM actor WHERE municipality_id = ? AND id <> ?", "II",
		 r->user.municipality_id, except);
	while (db_step(&q)) {
		const char *own = db_col_null(&q, 1) ? "" : db_col_text(&q, 1);
		if (streq(own[0] ? own : choice_label(actors, db_col_text(&q, 0)), label))
			taken = 1;
	}
	db_finalize(&q);
	return taken;
}

void page_actor_add(Req *r)
{
	if (P(r, "label") && label_taken(r, P(r, "label"), 0))
		P_set_err(r, "label", N_("Der findes allerede en aktør med det navn."));
	if (r->nerrors) {
		r->status = 422;
		actors_page(r);
		return;
	}
	unsigned char rnd[5];
	char hex[11], key[16];
	random_bytes(rnd, sizeof rnd);
	hex_encode(hex, rnd, sizeof rnd);
	snprintf(key, sizeof key, "x%s", hex);
	db_begin(r->db);
	actors_seed(r->db, r->user.municipality_id);
	long long pos = db_int(r->db, 0, "SELECT MAX(position) FROM actor WHERE municipality_id = ?", "I",
			       r->user.municipality_id);
	db_exec(r->db, "INSERT INTO actor(municipality_id, key, label, active, position) VALUES (?,?,?,1,?)",
		"IttI", r->user.municipality_id, key, P(r, "label"), pos + 1);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "actor_add", 0,
		  r->route->purpose, "ok");
	if (!db_commit(r->db))
		return;
	flash_set(r, _("Aktøren er tilføjet."));
	redirect_to(r, "aktoerer", 0);
}

static int actor_load(Req *r, char **key, char **label, int *active)
{
	Stmt q;
	int found = 0;
	db_query(r->db, &q, "SELECT key, label, active FROM actor WHERE id = ? AND municipality_id = ?", "II",
		 PI(r, "id"), r->user.municipality_id);
	if (db_step(&q)) {
		found = 1;
		*key = xstrdup(db_col_text(&q, 0));
		*label = db_col_null(&q, 1) ? NULL : xstrdup(db_col_text(&q, 1));
		*active = (int)db_col_int(&q, 2);
	}
	db_finalize(&q);
	if (!found)
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
	return found;
}

static void actor_edit_page(Req *r, const char *key, const char *label, int active)
{
	const char *b = choice_label(actors, key);
	page_begin(r, _("Ret aktør"));
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/aktoerer\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n",
	   _("Brødkrumme"), _("Aktører"), _("Ret aktør"));
	hp(r, "<h1>%h</h1>\n<p>%h <code>%h</code>", _("Ret aktør"), _("Nøgle (ændres aldrig):"), key);
	if (b[0])
		hp(r, ". %h %h", _("Standardnavn:"), _(b));
	hp(r, "</p>\n");
	error_summary(r);
	Buf action = {0};
	bprintf(&action, "/aktoerer/%l", PI(r, "id"));
	/* show the stored values the first time */
	for (int i = 0; i < r->nparams; i++) {
		ParamVal *v = &r->params[i];
		if (!v->raw && streq(v->def->name, "label"))
			v->raw = xstrdup(label ? label : b[0] ? _(b) : key);
		if (!v->raw && streq(v->def->name, "active"))
			v->raw = xstrdup(active ? "1" : "0");
	}
	form_begin(r, action.p);
	field_text(r, "label", _("Navn (skal udfyldes)"), NULL, "text", "off");
	field_radios(r, "active", _("Status (skal udfyldes)"), NULL, actor_active);
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Gem"));
	form_end(r);
	page_end(r);
	buf_free(&action);
}

void page_actor_edit_form(Req *r)
{
	char *key = NULL, *label = NULL;
	int active = 0;
	if (!actor_load(r, &key, &label, &active))
		return;
	actor_edit_page(r, key, label, active);
	free(key);
	free(label);
}

void page_actor_edit(Req *r)
{
	char *key = NULL, *label = NULL;
	int active = 0;
	if (!actor_load(r, &key, &label, &active))
		return;
	if (P(r, "label") && label_taken(r, P(r, "label"), PI(r, "id")))
		P_set_err(r, "label", N_("Der findes allerede en aktør med det navn."));
	if (r->nerrors) {
		r->status = 422;
		actor_edit_page(r, key, label, active);
		free(key);
		free(label);
		return;
	}
	const char *b = choice_label(actors, key);
	/* the built-in name (in Danish) again: back to the translated default */
	const char *newlabel = b[0] && streq(P(r, "label"), b) ? NULL : P(r, "label");
	db_begin(r->db);
	db_exec(r->db, "UPDATE actor SET label = ?, active = ? WHERE id = ? AND municipality_id = ?", "tiII",
		newlabel, streq(P(r, "active"), "1"), PI(r, "id"), r->user.municipality_id);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "actor_edit", 0,
		  r->route->purpose, "ok");
	free(key);
	free(label);
	if (!db_commit(r->db))
		return;
	flash_set(r, _("Aktøren er gemt."));
	redirect_to(r, "aktoerer", 0);
}

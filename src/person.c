/* person.c: the young person (den unge): object-level access, the caseload
 * list "Mine unge" and the young person's page.  Every look at a young
 * person's data is written to the access log. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* How much of this young person may the user see?  Deny by default: same
 * municipality, and the project leader (everyone), the young person's own
 * coordinator, or a current member of the young person's team (a user
 * linked to a team_member row with no end date or one in the future).  A
 * team member whose actor (or who by name) is not covered by a valid
 * consent sees only that the young person is on their team.  No output,
 * no log: person_access and page_person answer and log. */
int person_access_level(Req *r, long long person_id)
{
	Stmt q;
	long long muni = -1, coord = 0;
	db_query(r->db, &q, "SELECT municipality_id, coordinator_id FROM person WHERE id = ?", "I",
		 person_id);
	if (db_step(&q)) {
		muni = db_col_int(&q, 0);
		coord = db_col_int(&q, 1);
	}
	db_finalize(&q);
	if (muni != r->user.municipality_id)
		return ACCESS_NONE;
	if (r->user.role == ROLE_PROJECT_LEADER ||
	    (r->user.role == ROLE_COORDINATOR && coord == r->user.id))
		return ACCESS_FULL;
	if (r->user.role & (ROLE_COORDINATOR | ROLE_SUPPORT | ROLE_TEAM)) {
		int covered = 0;
		/* the support worker gives the support the young person was
		 * allocated: the whole case, as long as the support is open */
		if (support_is_worker(r->db, person_id, r->user.id))
			return ACCESS_FULL;
		if (team_membership(r->db, person_id, r->user.id, &covered))
			return covered ? ACCESS_FULL : ACCESS_TEAM_ONLY;
	}
	return ACCESS_NONE;
}

/* May the user see this young person's data?  A person the user may not
 * know of answers 404 (logged "not_found" for another municipality or no
 * such person, "refused" for one in the user's municipality); a team member
 * without consent answers 403 (logged "refused_consent"). */
int person_access(Req *r, long long person_id, const char *action)
{
	int level = person_access_level(r, person_id);
	if (level == ACCESS_FULL)
		return 1;
	if (level == ACCESS_TEAM_ONLY) {
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action,
			  person_id, r->route->purpose, "refused_consent");
		page_fail(r, 403, "%s",
			  N_("Der er ikke et gyldigt samtykke, der giver dig adgang til den unges oplysninger."));
		return 0;
	}
	int known = db_int(r->db, 0, "SELECT 1 FROM person WHERE id = ? AND municipality_id = ?", "II",
			   person_id, r->user.municipality_id) == 1;
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action,
		  known ? person_id : 0, r->route->purpose, known ? "refused" : "not_found");
	page_fail(r, 404, "%s", N_("Siden findes ikke."));
	return 0;
}

/* Is the user the young person's case owner (the project leader or the
 * young person's own coordinator)?  No output, no log: pages use it to show
 * actions only to those who may take them. */
int person_is_owner(Req *r, long long person_id)
{
	/* the young person's page asks once per section: inside a read
	 * snapshot the answer cannot change, so it is kept for its length */
	static _Thread_local struct {
		const Db *db;
		long long snap, person, user;
		int owner;
	} memo;
	if (r->user.role == ROLE_PROJECT_LEADER)
		return 1;
	if (r->user.role != ROLE_COORDINATOR)
		return 0;
	long long snap = db_snapshot(r->db);
	if (snap && memo.snap == snap && memo.db == r->db && memo.person == person_id && memo.user == r->user.id)
		return memo.owner;
	int owner = db_int(r->db, 0, "SELECT coordinator_id FROM person WHERE id = ? AND municipality_id = ?", "II",
			   person_id, r->user.municipality_id) == r->user.id;
	if (snap && !db_failed(r->db)) {
		memo.db = r->db;
		memo.snap = snap;
		memo.person = person_id;
		memo.user = r->user.id;
		memo.owner = owner;
	}
	return owner;
}

/* May the user change this young person's case?  Only the young person's
 * own coordinator and the project leader: a team member (even a coordinator
 * on another coordinator's young person's team) may look, not change.
 * Answers like person_access; a team member is refused with 404, logged. */
int person_owner(Req *r, long long person_id, const char *action)
{
	if (!person_access(r, person_id, action))
		return 0;
	if (person_is_owner(r, person_id))
		return 1;
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person_id,
		  r->route->purpose, "refused");
	page_fail(r, 404, "%s", N_("Siden findes ikke."));
	return 0;
}

void page_root(Req *r)
{
	switch (r->user.role) {
	case ROLE_ADMIN: redirect(r, "/admin/brugere"); break;
	case ROLE_LEADER: redirect(r, "/overblik"); break;
	default: redirect(r, "/mine-unge"); break;
	}
}

static void step_cell(Req *r, long long step)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", step);
	hp(r, "<span class=\"hv-step\">%l</span> %h", step, _(choice_label(steps, key)));
}

/* The coordinator's courses for "Mine unge" and its worklist notice
 * (CaseCourse), in one walk of their young people active in the
 * worklist's 90 days (person.active_until, migration 15: with an open
 * course, or a course closed or a support course ended since): the others
 * are passed over in the index, not read.  The first referral and the
 * schedule's span (the first dates of steps 3 and 7) are on the course's
 * row (migration 18). */
CaseCourse *caseload_courses(Req *r, const char *today, size_t *n)
{
	Stmt q;
	char since[11];
	CaseCourse *out = NULL;
	size_t cap = 0;
	*n = 0;
	date_add_days(since, today, -90); /* as measure_todos */
	db_query(r->db, &q,
		 "SELECT p.id, p.name, p.cpr, c.id, c.target_group, c.closed_on IS NULL, p.municipality_id = ?,"
		 " c.closed_on IS NULL OR c.closed_on >= ?,"
		 " CASE WHEN c.closed_on IS NULL THEN c.kept_referred_on END,"
		 " CASE WHEN p.municipality_id = ? THEN COALESCE(c.kept_step3_on, '') END,"
		 " CASE WHEN p.municipality_id = ? THEN COALESCE(c.kept_step7_on, c.closed_on, '') END"
		 " FROM person p CROSS JOIN course c"
		 " WHERE p.coordinator_id = ? AND p.active_until >= ? AND c.person_id = p.id"
		 " AND (c.closed_on IS NULL OR ((c.closed_on >= ? OR EXISTS (SELECT 1 FROM support_course s"
		 " WHERE s.course_id = c.id AND s.end_on IS NOT NULL AND s.end_on < ? AND s.end_on >= ?))"
		 " AND p.municipality_id = ?))"
		 " ORDER BY p.name, p.id, c.id",
		 "ItIIIttttI", r->user.municipality_id, since, r->user.municipality_id, r->user.municipality_id,
		 r->user.id, since, since, today, since, r->user.municipality_id);
	while (db_step(&q)) {
		out = rows_add(out, n, &cap, sizeof *out);
		CaseCourse *c = &out[*n - 1];
		c->person = db_col_int(&q, 0);
		c->name = xstrdup(db_col_text(&q, 1));
		c->cpr = xstrdup(db_col_text(&q, 2));
		c->course = db_col_int(&q, 3);
		str_copy(c->target, sizeof c->target, db_col_text(&q, 4));
		c->open = db_col_int(&q, 5) != 0;
		c->here = db_col_int(&q, 6) != 0;
		c->model = c->here && db_col_int(&q, 7) != 0;
		str_copy(c->referred, sizeof c->referred, db_col_text(&q, 8));
		str_copy(c->start, sizeof c->start, db_col_text(&q, 9));
		str_copy(c->end, sizeof c->end, db_col_text(&q, 10));
	}
	db_finalize(&q);
	return out;
}

void caseload_courses_free(CaseCourse *cc, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cc[i].name);
		free(cc[i].cpr);
	}
	free(cc);
}

/* A row of the caseload list as its statement reads it. */
typedef struct CaseRow {
	long long person, course;
	char *name, *coordinator; /* coordinator: NULL when none */
	char masked[12], target[16], referred[11];
} CaseRow;

static int ll_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* The project leader's list in the order of ORDER BY p.name, p.id (the
 * names compared byte for byte, as SQLite's BINARY collation does), then
 * by course, so that the rows of one course are next to each other. */
static int case_row_cmp(const void *a, const void *b)
{
	const CaseRow *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return x->course < y->course ? -1 : x->course > y->course;
}

/* The course ids of the rows as a JSON array in id order, for the
 * statements that read each kind of figure (json_each). */
static void case_ids(const CaseRow *rows, size_t n, Buf *ids)
{
	long long *v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = rows[i].course;
	qsort(v, n, sizeof *v, ll_cmp);
	buf_putc(ids, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(ids, ',');
		bprintf(ids, "%l", v[i]);
	}
	buf_putc(ids, ']');
	free(v);
}

void page_caseload(Req *r)
{
	Stmt q;
	char today[11];
	int all = r->user.role == ROLE_PROJECT_LEADER;
	if (r->user.role == ROLE_SUPPORT) {
		support_worklist(r); /* support.c: the young people they support */
		return;
	}
	if (r->user.role == ROLE_TEAM) {
		team_caseload(r, 1); /* team.c: the young people whose team they are on */
		return;
	}
	today_copenhagen(today);
	db_read_begin(r->db); /* one snapshot, no write lock; the log row after it */
	page_begin(r, all ? _("Alle unge") : _("Mine unge"));
	hp(r, "<h1>%h</h1>\n", all ? _("Alle unge") : _("Mine unge"));
	/* the rows: the young people and their open courses, one walk; the
	 * project leader's of the municipality, the coordinator's with their
	 * worklist's courses (caseload_courses) */
	CaseRow *rows = NULL;
	size_t n = 0, cap = 0;
	long long caseload = 0; /* the coordinator's open courses, as coordinator_caseload counts them */
	if (all) {
		documentation_notice(r); /* worklist.c */
		/* Only the young people with an open course, found by
		 * person.active_until ('9999-12-31' while a course is open,
		 * migration 15) in person(coordinator_id, active_until): per
		 * coordinator of the municipality (a young person's coordinator
		 * is one of the municipality's users: course.c checks it when
		 * it is set, and a user's municipality never changes), then
		 * those with none.  Not a walk of all the municipality's young
		 * people (7,042 in m1 of the national data set, 766 with an open
		 * course).  The first referral is kept on the course row
		 * (migration 18); the rows are sorted by name, id and course in
		 * C (case_row_cmp). */
		db_query(r->db, &q,
			 "SELECT p.id, p.name, p.cpr, c.target_group, c.id, c.kept_referred_on, u.name"
			 " FROM users u CROSS JOIN person p CROSS JOIN course c"
			 " WHERE u.municipality_id = ? AND p.coordinator_id = u.id AND p.active_until >= '9999-12-31'"
			 " AND p.municipality_id = ? AND c.person_id = p.id AND c.closed_on IS NULL"
			 " UNION ALL"
			 " SELECT p.id, p.name, p.cpr, c.target_group, c.id, c.kept_referred_on, NULL"
			 " FROM person p CROSS JOIN course c"
			 " WHERE p.coordinator_id IS NULL AND p.active_until >= '9999-12-31'"
			 " AND p.municipality_id = ? AND c.person_id = p.id AND c.closed_on IS NULL",
			 "III", r->user.municipality_id, r->user.municipality_id, r->user.municipality_id);
		while (db_step(&q)) {
			rows = rows_add(rows, &n, &cap, sizeof *rows);
			CaseRow *w = &rows[n - 1];
			w->person = db_col_int(&q, 0);
			w->name = xstrdup(db_col_text(&q, 1));
			cpr_mask(db_col_text(&q, 2), w->masked);
			str_copy(w->target, sizeof w->target, db_col_text(&q, 3));
			w->course = db_col_int(&q, 4);
			str_copy(w->referred, sizeof w->referred, db_col_text(&q, 5));
			w->coordinator = db_col_null(&q, 6) ? NULL : xstrdup(db_col_text(&q, 6));
		}
		db_finalize(&q);
		if (n) /* qsort of NULL is undefined, even of none */
			qsort(rows, n, sizeof *rows, case_row_cmp);
	} else {
		size_t ncc = 0;
		CaseCourse *cc = caseload_courses(r, today, &ncc);
		caseload_notice(r, cc, ncc); /* worklist.c */
		for (size_t i = 0; i < ncc; i++) {
			if (!cc[i].open)
				continue;
			caseload++;
			if (!cc[i].here)
				continue;
			rows = rows_add(rows, &n, &cap, sizeof *rows);
			CaseRow *w = &rows[n - 1];
			w->person = cc[i].person;
			w->name = xstrdup(cc[i].name);
			cpr_mask(cc[i].cpr, w->masked);
			memcpy(w->target, cc[i].target, sizeof w->target);
			w->course = cc[i].course;
			memcpy(w->referred, cc[i].referred, sizeof w->referred);
			w->coordinator = NULL;
		}
		caseload_courses_free(cc, ncc);
	}
	if (r->user.role == ROLE_COORDINATOR || all)
		hp(r, "<p><a class=\"button button-primary\" href=\"/henvisning/ny\">%h</a></p>\n",
		   _("Registrér ny henvisning"));
	/* the figures of every row, one statement per kind for the whole list
	 * (not per row), each finding the rows' courses by id; merged by
	 * course id */
	Buf ids = {0};
	case_ids(rows, n, &ids);
	size_t ncs = 0, nlate = 0, nconsent = 0;
	CourseState *states = NULL;
	MeetingCell *meetings = NULL;
	GoalsLate *late = NULL;
	ConsentCell *consents = NULL;
	if (n) {
		states = course_states_open(r->db, buf_str(&ids), &ncs);
		meetings = meeting_cells_open(r->db, buf_str(&ids), states, ncs, today);
		late = goals_late_open(r->db, buf_str(&ids), today, &nlate);
		consents = consent_status_open(r->db, buf_str(&ids), &nconsent);
	}
	buf_free(&ids);
	for (size_t i = 0; i < n; i++) {
		const CaseRow *w = &rows[i];
		char ref[11];
		if (i == 0) {
			hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n",
			   _("Unge med åbent forløb"));
			hp(r, "<table class=\"table table--compact table--responsive-headers\">\n<caption class=\"sr-only\">%h</caption>\n"
			      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th>%s</tr></thead>\n<tbody>\n",
			   _("Unge med åbent forløb"), _("Navn"), _("CPR-nummer"), _("Målgruppe og indsats"),
			   _("Nuværende trin"), _("Henvist"), _("Dage til visitation / opstart"), _("Næste møde"),
			   _("Aftaler"), _("Samtykke"), all ? "<th scope=\"col\">" : "");
			if (all)
				hp(r, "%h</th>", _("Koordinator"));
		}
		date_format_dk(ref, w->referred);
		/* on a phone each row is a card: data-title names each cell */
		hp(r, "<tr><td><a href=\"/unge/%l\">%h</a></td><td data-title=\"%a\">%h</td><td data-title=\"%a\">%h",
		   w->person, w->name, _("CPR-nummer"), w->masked, _("Målgruppe og indsats"),
		   _(choice_label(target_groups, w->target)));
		long long course = w->course;
		const CourseState *found = id_find(states, ncs, sizeof *states, course);
		CourseState cs;
		if (found)
			cs = *found;
		else
			course_state_load(r->db, course, &cs); /* every listed course is open, so in states: a fallback */
		if (cs.combination > 0)
			hp(r, "<br><span class=\"hv-muted\">%h</span>", _(combinations[cs.combination - 1].label));
		hp(r, "</td><td data-title=\"%a\">", _("Nuværende trin"));
		step_cell(r, course_current_step(&cs));
		hp(r, "</td><td data-title=\"%a\">%h <span class=\"hv-muted\">(%l %h)</span></td><td data-title=\"%a\">",
		   _("Henvist"), ref, days_between(w->referred, today), _("dage siden"),
		   _("Dage til visitation / opstart"));
		if (cs.date[2][0])
			hp(r, "%l", days_between(cs.date[1], cs.date[2]));
		else
			hp(r, "<span class=\"hv-muted\">%h</span>", _("venter"));
		hp(r, " / ");
		if (cs.date[3][0])
			hp(r, "%l", days_between(cs.date[1], cs.date[3]));
		else
			hp(r, "<span class=\"hv-muted\">%h</span>", _("venter"));
		hp(r, "</td>");
		if (found)
			meeting_cell_draw(r, &meetings[found - states]);
		else
			meeting_caseload_cell(r, course);
		const GoalsLate *gl = id_find(late, nlate, sizeof *late, course);
		goals_cell_draw(r, gl ? gl->late : 0);
		const ConsentCell *cc = id_find(consents, nconsent, sizeof *consents, course);
		consent_cell_draw(r, cc ? cc->status : CONSENT_NONE); /* team.c: missing or expiring consent */
		if (all)
			hp(r, "<td data-title=\"%a\">%h</td>", _("Koordinator"),
			   w->coordinator ? w->coordinator : _("Ingen koordinator"));
		hp(r, "</tr>\n");
	}
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].coordinator);
	}
	free(rows);
	free(states);
	free(meetings);
	free(late);
	free(consents);
	if (n)
		hp(r, "</tbody>\n</table>\n</div>\n");
	else
		hp(r, "<p>%h</p>\n", r->user.role == ROLE_COORDINATOR || all
					    ? _("Du har ingen unge med åbent forløb lige nu.")
					    : _("Du er ikke tilknyttet nogen unge endnu."));
	course_unassigned(r, caseload);
	if (r->user.role == ROLE_COORDINATOR)
		team_caseload(r, 0); /* team.c: other coordinators' young people whose team they are on */
	db_read_end(r->db);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "list", 0,
		  r->route->purpose, "ok");
	page_end(r);
}

static void dl_row(Req *r, const char *term, const char *value)
{
	hp(r, "<dt>%h</dt><dd>%h</dd>\n", term, value);
}

/* A referral and a risk factor as the young person's page shows them. */
typedef struct Referral {
	long long id;
	char on[11];
	char *actor, *name, *reason, *created_at, *by; /* by: NULL when no user */
} Referral;

typedef struct RiskRow {
	long long referral;
	char *factor;
} RiskRow;

static int referral_cmp(const void *a, const void *b)
{
	const Referral *x = a, *y = b;
	int c = strcmp(x->on, y->on);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int risk_cmp(const void *a, const void *b)
{
	const RiskRow *x = a, *y = b;
	int c = (x->referral > y->referral) - (x->referral < y->referral);
	return c ? c : strcmp(x->factor, y->factor);
}

static void person_render(Req *r, long long id, int show_cpr)
{
	Stmt q;
	char *name = NULL, *cpr = NULL, *coord = NULL;
	long long course = 0;
	char *tg = NULL, *hs = NULL, *opened = NULL;
	/* the course shown: the open one, else the latest (opened, then id);
	 * picked here from the person's courses, without a sort in SQL */
	int best_open = 0;
	db_query(r->db, &q,
		 "SELECT p.name, p.cpr, u.name, c.id, c.target_group, c.housing_situation, c.opened_on,"
		 " CASE WHEN c.closed_on IS NULL THEN 1 ELSE 0 END"
		 " FROM person p LEFT JOIN users u ON u.id = p.coordinator_id"
		 " LEFT JOIN course c ON c.person_id = p.id WHERE p.id = ?",
		 "I", id);
	while (db_step(&q)) {
		int open = (int)db_col_int(&q, 7);
		long long cid = db_col_int(&q, 3);
		if (name) {
			int c = open != best_open ? open - best_open : strcmp(db_col_text(&q, 6), opened);
			if (c < 0 || (c == 0 && cid <= course))
				continue;
			free(tg);
			free(hs);
			free(opened);
		} else {
			name = xstrdup(db_col_text(&q, 0));
			cpr = xstrdup(db_col_text(&q, 1));
			coord = db_col_null(&q, 2) ? NULL : xstrdup(db_col_text(&q, 2));
		}
		best_open = open;
		course = cid;
		tg = xstrdup(db_col_text(&q, 4));
		hs = db_col_null(&q, 5) ? NULL : xstrdup(db_col_text(&q, 5));
		opened = xstrdup(db_col_text(&q, 6));
	}
	db_finalize(&q);
	if (!name) {
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return;
	}
	char shown[12], birth[11], birth_dk[11], today[11];
	if (show_cpr)
		cpr_format(cpr, shown);
	else
		cpr_mask(cpr, shown);
	cpr_birth_date(cpr, birth);
	date_format_dk(birth_dk, birth);
	today_copenhagen(today);

	page_begin(r, name);
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n",
	   _("Brødkrumme"), _("Mine unge"), name);
	hp(r, "<h1>%h</h1>\n", name);
	hp(r, "<div class=\"hv-cols\">\n<section aria-labelledby=\"h-person\">\n<h2 id=\"h-person\">%h</h2>\n<dl class=\"hv-dl\">\n",
	   _("Personoplysninger"));
	hp(r, "<dt>%h</dt><dd><span id=\"cpr\">%h</span>", _("CPR-nummer"), shown);
	if (!show_cpr) {
		Buf action = {0};
		bprintf(&action, "/unge/%l/cpr", id);
		hp(r, " <form method=\"post\" action=\"%a\" class=\"hv-inline\">"
		      "<input type=\"hidden\" name=\"csrf\" value=\"%a\">"
		      "<button type=\"submit\" class=\"button button-tertiary hv-small\">%h</button></form>",
		   action.p, r->csrf, _("Vis CPR-nummer"));
		buf_free(&action);
	}
	hp(r, "</dd>\n");
	dl_row(r, _("Fødselsdato"), birth_dk);
	dl_row(r, _("Målgruppe"), _(choice_label(target_groups, tg)));
	if (hs)
		dl_row(r, _("Boligsituation ved henvisning"), _(choice_label(housing_situations, hs)));
	dl_row(r, _("Myndighedskoordinator"), coord ? coord : _("Ingen koordinator endnu"));
	hp(r, "</dl>\n</section>\n");

	/* the course: seven steps, the current one derived from the events */
	CourseState cs;
	char dates[8][11] = {{0}};
	course_state_load(r->db, course, &cs);
	long long current = course_current_step(&cs);
	for (int s = 1; s <= 7; s++)
		if (cs.date[s][0])
			date_format_dk(dates[s], cs.date[s]);
	hp(r, "<section aria-labelledby=\"h-course\">\n<h2 id=\"h-course\">%h</h2>\n", _("Forløb"));
	hp(r, "<p>%h: <strong>", _("Nuværende trin"));
	step_cell(r, current);
	hp(r, "</strong>. %h %l.</p>\n", _("Dage siden henvisning:"), days_between(opened, today));
	hp(r, "<ol class=\"hv-steps\">\n");
	for (int s = 1; s <= 7; s++)
		hp(r, "<li class=\"%s\"><span>%h</span> <span class=\"hv-muted\">%h</span></li>\n",
		   dates[s][0] ? "hv-done" : "hv-todo", _(steps[s - 1].label),
		   dates[s][0] ? dates[s] : course_step_applies(&cs, s) ? "" : _("(ikke relevant)"));
	hp(r, "</ol>\n</section>\n</div>\n");

	/* The collaboration model's parts, each drawn by its feature file
	 * (one call per feature, in page order). */
	course_section(r, id, course);
	support_section(r, id, course); /* support.c: housing support, contacts */
	home_section(r, id, course);    /* home.c: the home (step 5) */
	team_section(r, id, course); /* team.c: the team and consent */
	goals_section(r, id, course);
	meeting_section(r, id, course);
	network_section(r, id, course);
	measure_section(r, id, course); /* measure.c: the quarterly instruments */

	/* referrals, with their risk factors, in one statement: a referral
	 * (1) or a risk factor (2) per row, put in order here */
	Referral *refs = NULL;
	RiskRow *risks = NULL;
	size_t nrefs = 0, cap_refs = 0, nrisks = 0, cap_risks = 0;
	db_query(r->db, &q,
		 "SELECT 1, f.id, f.referred_on, f.referrer_actor, f.referrer_name, f.reason, f.created_at, u.name"
		 " FROM referral f LEFT JOIN users u ON u.id = f.created_by WHERE f.course_id = ?"
		 " UNION ALL SELECT 2, k.referral_id, k.factor, NULL, NULL, NULL, NULL, NULL"
		 " FROM referral f CROSS JOIN referral_risk k WHERE f.course_id = ? AND k.referral_id = f.id",
		 "II", course, course);
	while (db_step(&q)) {
		if (db_col_int(&q, 0) == 2) {
			risks = rows_add(risks, &nrisks, &cap_risks, sizeof *risks);
			risks[nrisks - 1].referral = db_col_int(&q, 1);
			risks[nrisks - 1].factor = xstrdup(db_col_text(&q, 2));
			continue;
		}
		refs = rows_add(refs, &nrefs, &cap_refs, sizeof *refs);
		Referral *f = &refs[nrefs - 1];
		f->id = db_col_int(&q, 1);
		snprintf(f->on, sizeof f->on, "%s", db_col_text(&q, 2));
		f->actor = xstrdup(db_col_text(&q, 3));
		f->name = xstrdup(db_col_text(&q, 4));
		f->reason = xstrdup(db_col_text(&q, 5));
		f->created_at = xstrdup(db_col_text(&q, 6));
		f->by = db_col_null(&q, 7) ? NULL : xstrdup(db_col_text(&q, 7));
	}
	db_finalize(&q);
	if (nrefs > 1)
		qsort(refs, nrefs, sizeof *refs, referral_cmp);
	if (nrisks > 1)
		qsort(risks, nrisks, sizeof *risks, risk_cmp);
	hp(r, "<section aria-labelledby=\"h-ref\">\n<h2 id=\"h-ref\">%h</h2>\n", _("Henvisning"));
	for (size_t i = 0; i < nrefs; i++) {
		Referral *f = &refs[i];
		char d[11];
		date_format_dk(d, f->on);
		hp(r, "<div class=\"hv-card\">\n<dl class=\"hv-dl\">\n");
		dl_row(r, _("Henvisningsdato"), d);
		dl_row(r, _("Henvist af"), _(choice_label(actors, f->actor)));
		if (f->name[0])
			dl_row(r, _("Henviserens navn"), f->name);
		hp(r, "<dt>%h</dt><dd class=\"hv-pre\">%h</dd>\n", _("Begrundelse"), f->reason);
		time_t created;
		if (time_parse_iso_utc(f->created_at, &created) == 0) {
			char when[17];
			time_format_dk(when, created);
			hp(r, "<dt>%h</dt><dd>%h, %h</dd>\n", _("Registreret"), when, f->by ? f->by : "-");
		}
		int nr = 0;
		for (size_t k = 0; k < nrisks; k++) {
			if (risks[k].referral != f->id)
				continue;
			if (nr++ == 0)
				hp(r, "<dt>%h</dt><dd><ul>", _("Risikofaktorer"));
			hp(r, "<li>%h</li>", _(choice_label(risk_factors, risks[k].factor)));
		}
		if (nr)
			hp(r, "</ul></dd>\n");
		hp(r, "</dl>\n</div>\n");
		free(f->actor);
		free(f->name);
		free(f->reason);
		free(f->created_at);
		free(f->by);
	}
	for (size_t k = 0; k < nrisks; k++)
		free(risks[k].factor);
	free(refs);
	free(risks);
	hp(r, "</section>\n");
	page_end(r);
	free(name);
	free(cpr);
	free(coord);
	free(tg);
	free(hs);
	free(opened);
}

void page_person(Req *r)
{
	long long id = PI(r, "id");
	int level = person_access_level(r, id);
	if (level == ACCESS_TEAM_ONLY) {
		/* on the team, no consent: only that the young person is on it */
		db_begin(r->db);
		team_person_reduced(r, id);
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "view_reduced", id,
			  r->route->purpose, "ok");
		db_commit(r->db);
		return;
	}
	/* full access was just found; anyone else is refused (and logged) by
	 * person_access */
	if (level != ACCESS_FULL && !person_access(r, id, "view"))
		return;
	/* drawn from one snapshot without the write lock; the view's log row
	 * follows in its own short transaction, and if it cannot be written
	 * the page is not shown (a database failure answers 500) */
	db_read_begin(r->db);
	person_render(r, id, 0);
	db_read_end(r->db);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "view", id,
		  r->route->purpose, "ok");
}

void page_person_cpr(Req *r)
{
	long long id = PI(r, "id");
	if (!person_access(r, id, "reveal_cpr"))
		return;
	db_read_begin(r->db);
	person_render(r, id, 1);
	db_read_end(r->db);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "reveal_cpr", id,
		  r->route->purpose, "ok");
}

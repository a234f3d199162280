/* goals.c: Redskab 3, the goals and agreements form (Mål- og aftaleskema),
 * core element 4 of the collaboration model (DOMAIN.md §2).
 *
 * A goal is in the young person's own words, in one life domain, with a
 * status.  Under a goal, binding agreements (aftaler): what will be done,
 * who is responsible (the young person, the coordinator, the support
 * worker, the chosen adult or a named member of the team), by when, a
 * status, and a follow-up note each time it is followed up.  Every change
 * keeps its history in change_log (who, when, which field, before, after).
 * An edit carries the version it was made from: when someone else saved in
 * between, nothing is overwritten and the user is told (409). */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

typedef struct Course {
	long long person, id;
	char *name, *opened; /* opened: åååå-mm-dd */
} Course;

static void course_free(Course *c)
{
	free(c->name);
	free(c->opened);
}

/* The young person's current course: the open one, else the latest. */
static int course_load(Req *r, long long person, Course *c)
{
	Stmt q;
	memset(c, 0, sizeof *c);
	c->person = person;
	db_query(r->db, &q,
		 "SELECT p.name, c.id, c.opened_on FROM person p JOIN course c ON c.person_id = p.id"
		 " WHERE p.id = ? ORDER BY c.closed_on IS NULL DESC, c.opened_on DESC, c.id DESC LIMIT 1",
		 "I", person);
	if (db_step(&q)) {
		c->name = xstrdup(db_col_text(&q, 0));
		c->id = db_col_int(&q, 1);
		c->opened = xstrdup(db_col_text(&q, 2));
	}
	db_finalize(&q);
	return c->id != 0;
}

static void log_change(Req *r, const char *entity, long long id, const char *field, const char *before,
		       const char *after, const char *at)
{
	if (streq(before ? before : "", after ? after : ""))
		return;
	db_exec(r->db,
		"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
		" VALUES (?,?,?,?,?,?,?)",
		"tItttIt", entity, id, field, before ? before : "", after ? after : "", r->user.id, at);
}

static void audit(Req *r, const char *action, long long person)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person,
		  r->route->purpose, "ok");
}

/* ---- who is responsible ------------------------------------------------------- */

/* The choices for "responsible": the four kinds, then every current member
 * of the course's team as "team-<id>".  Freed with choices_free. */
static Choice *responsible_choices(Req *r, long long course, const char *today)
{
	size_t n = 0, cap = 16;
	Choice *c = xcalloc(cap, sizeof *c);
	for (const Choice *k = responsible_kinds; k->key; k++) {
		c[n].key = xstrdup(k->key);
		c[n].label = xstrdup(_(k->label));
		n++;
	}
	Stmt q;
	db_query(r->db, &q,
		 "SELECT id, name, actor FROM team_member WHERE course_id = ?"
		 " AND (to_date IS NULL OR to_date >= ?) ORDER BY name, id",
		 "It", course, today);
	while (db_step(&q)) {
		if (n + 2 > cap) {
			cap *= 2;
			c = xrealloc(c, cap * sizeof *c);
		}
		Buf key = {0}, label = {0};
		bprintf(&key, "team-%l", db_col_int(&q, 0));
		const char *actor = choice_label(actors, db_col_text(&q, 2));
		buf_puts(&label, db_col_text(&q, 1));
		if (actor[0]) {
			buf_puts(&label, " (");
			buf_puts(&label, _(actor));
			buf_puts(&label, ")");
		}
		c[n].key = key.p;
		c[n].label = label.p;
		n++;
	}
	db_finalize(&q);
	c[n].key = c[n].label = NULL;
	return c;
}

static void choices_free(Choice *c)
{
	for (Choice *k = c; k->key; k++) {
		free((char *)k->key);
		free((char *)k->label);
	}
	free(c);
}

/* Splits a "responsible" value: the kind, or "team" and the member id.
 * The member must be on this course's team today.  0 when invalid. */
static int responsible_parse(Req *r, long long course, const char *v, const char **kind, long long *member,
			     const char *today)
{
	*member = 0;
	if (!v)
		return 0;
	if (strncmp(v, "team-", 5) == 0) {
		char *end;
		long long id = strtoll(v + 5, &end, 10);
		if (*end || id <= 0)
			return 0;
		if (!db_int(r->db, 0,
			    "SELECT 1 FROM team_member WHERE id = ? AND course_id = ?"
			    " AND (to_date IS NULL OR to_date >= ?)",
			    "IIt", id, course, today))
			return 0;
		*kind = "team_member";
		*member = id;
		return 1;
	}
	for (const Choice *k = responsible_kinds; k->key; k++)
		if (streq(k->key, v)) {
			*kind = k->key;
			return 1;
		}
	return 0;
}

/* "Who" as shown: the member's name, the chosen adult's name, or the kind. */
static void responsible_show(Req *r, const char *kind, const char *member_name, const char *adult_name)
{
	if (streq(kind, "team_member"))
		hp(r, "%h", member_name);
	else if (streq(kind, "chosen_adult") && adult_name[0])
		hp(r, "%h (%h)", adult_name, _("den unges valgte voksne"));
	else
		hp(r, "%h", _(choice_label(responsible_kinds, kind)));
}

static int agreement_open(const char *status)
{
	return streq(status, "agreed") || streq(status, "in_progress");
}

static void deadline_cell(Req *r, const char *deadline, const char *status, const char *today)
{
	char d[11];
	date_format_dk(d, deadline);
	if (agreement_open(status) && strcmp(deadline, today) < 0)
		hp(r, "%h <strong class=\"hv-overdue\">%h</strong>", d, _("overskredet"));
	else
		hp(r, "%h", d);
}

/* ---- pages ---------------------------------------------------------------------- */

static void breadcrumbs(Req *r, const Course *c, const char *here, long long goal_id, const char *goal_text)
{
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l\" class=\"breadcrumbs__link\">%h</a></li>",
	   _("Brødkrumme"), _("Mine unge"), c->person, c->name);
	if (goal_id) {
		hp(r, "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l/maal\" class=\"breadcrumbs__link\">%h</a></li>",
		   c->person, _("Mål og aftaler"));
		if (person_is_owner(r, c->person)) /* a goal's page is the case owner's */
			hp(r, "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l/maal/%l\" class=\"breadcrumbs__link\">%h</a></li>",
			   c->person, goal_id, goal_text);
		else
			hp(r, "<li class=\"breadcrumbs__list-item\">%h</li>", goal_text);
	}
	hp(r, "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n", here);
}

/* The agreements of one goal as a table. */
static int agreements_table(Req *r, const Course *c, long long goal, const char *today, int links)
{
	Stmt q;
	int n = 0;
	db_query(r->db, &q,
		 "SELECT a.id, a.what, a.responsible, COALESCE(m.name, ''), a.responsible_name, a.deadline, a.status,"
		 " (SELECT f.note FROM agreement_followup f WHERE f.agreement_id = a.id ORDER BY f.id DESC LIMIT 1)"
		 " FROM agreement a LEFT JOIN team_member m ON m.id = a.team_member_id"
		 " WHERE a.goal_id = ? ORDER BY a.deadline, a.id",
		 "I", goal);
	while (db_step(&q)) {
		if (n++ == 0)
			hp(r, "<table class=\"table table--compact hv-agreements\">\n<thead><tr><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			   _("Hvad gør vi"), _("Hvem har ansvaret"), _("Frist"), _("Status"), _("Seneste opfølgning"));
		hp(r, "<tr><td class=\"hv-pre\">");
		if (links)
			hp(r, "<a href=\"/unge/%l/aftaler/%l\">%h</a>", c->person, db_col_int(&q, 0), db_col_text(&q, 1));
		else
			hp(r, "%h", db_col_text(&q, 1));
		hp(r, "</td><td>");
		responsible_show(r, db_col_text(&q, 2), db_col_text(&q, 3), db_col_text(&q, 4));
		hp(r, "</td><td>");
		deadline_cell(r, db_col_text(&q, 5), db_col_text(&q, 6), today);
		hp(r, "</td><td>%h</td><td class=\"hv-pre\">%h</td></tr>\n",
		   _(choice_label(agreement_statuses, db_col_text(&q, 6))), db_col_text(&q, 7));
	}
	db_finalize(&q);
	if (n)
		hp(r, "</tbody>\n</table>\n");
	return n;
}

static void goals_overview(Req *r, const Course *c, int print)
{
	char today[11];
	today_copenhagen(today);
	const char *title = print ? _("Mål- og aftaleskema") : _("Mål og aftaler");
	page_begin(r, title);
	if (!print)
		breadcrumbs(r, c, _("Mål og aftaler"), 0, NULL);
	hp(r, "<h1>%h</h1>\n", title);
	if (print) {
		char d[11];
		date_format_dk(d, today);
		hp(r, "<p class=\"hv-print-lead\">%h: <strong>%h</strong>. %h %h.</p>\n", _("Mine mål og vores aftaler"),
		   c->name, _("Udskrevet"), d);
	} else {
		hp(r, "<p>%h</p>\n<p><a href=\"/unge/%l/maal/udskrift\">%h</a></p>\n",
		   _("Redskab 3: Mål- og aftaleskemaet. Målene står med den unges egne ord; under hvert mål står, "
		     "hvem der gør hvad og hvornår."),
		   c->person, _("Udskriftsvenlig udgave til den unge"));
	}
	error_summary(r);
	Stmt q;
	int n = 0;
	db_query(r->db, &q,
		 "SELECT id, domain, text, status, set_on FROM goal WHERE course_id = ?"
		 " ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END, set_on, id",
		 "I", c->id);
	while (db_step(&q)) {
		char d[11];
		long long gid = db_col_int(&q, 0);
		n++;
		date_format_dk(d, db_col_text(&q, 4));
		hp(r, "<section class=\"hv-card hv-goal\" aria-labelledby=\"goal-%l\">\n<h2 id=\"goal-%l\" class=\"h3\">",
		   gid, gid);
		if (print || !person_is_owner(r, c->person))
			hp(r, "%h", db_col_text(&q, 2));
		else
			hp(r, "<a href=\"/unge/%l/maal/%l\">%h</a>", c->person, gid, db_col_text(&q, 2));
		hp(r, "</h2>\n<p class=\"hv-muted\">%h · %h · %h %h</p>\n",
		   _(choice_label(life_domains, db_col_text(&q, 1))),
		   _(choice_label(goal_statuses, db_col_text(&q, 3))), _("sat"), d);
		if (!agreements_table(r, c, gid, today, !print))
			hp(r, "<p>%h</p>\n", _("Ingen aftaler under dette mål endnu."));
		hp(r, "</section>\n");
	}
	db_finalize(&q);
	if (!n)
		hp(r, "<p>%h</p>\n", _("Der er ingen mål endnu."));
	if (!print && person_is_owner(r, c->person)) {
		hp(r, "<h2>%h</h2>\n", _("Nyt mål"));
		Buf action = {0};
		bprintf(&action, "/unge/%l/maal", c->person);
		form_begin(r, action.p);
		buf_free(&action);
		char todaydk[11];
		date_format_dk(todaydk, today);
		P_prefill(r, "set_on", todaydk);
		field_textarea(r, "text", _("Målet med den unges egne ord (skal udfyldes)"),
			       _("Skriv det, som den unge siger det."));
		field_select(r, "domain", _("Livsområde (skal udfyldes)"), NULL, life_domains);
		field_text(r, "set_on", _("Dato (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
		hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Tilføj mål"));
		form_end(r);
	}
	page_end(r);
}

void page_goals(Req *r)
{
	long long id = PI(r, "id");
	if (!person_access(r, id, "view"))
		return;
	Course c;
	db_begin(r->db);
	if (!course_load(r, id, &c)) {
		db_rollback(r->db);
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return;
	}
	goals_overview(r, &c, streq(r->route->purpose, "goals_print"));
	audit(r, "view", id);
	db_commit(r->db);
	course_free(&c);
}

/* Dates: not before the course began, not in the future (P_PAST). */
static void check_not_before(Req *r, const char *field, const char *date, const char *earliest, const char *msg)
{
	if (date && earliest && strcmp(date, earliest) < 0)
		P_set_err(r, field, msg);
}

void page_goal_add(Req *r)
{
	long long id = PI(r, "id");
	if (!person_owner(r, id, "goal_add"))
		return;
	Course c;
	if (!course_load(r, id, &c)) {
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return;
	}
	check_not_before(r, "set_on", P(r, "set_on"), c.opened, N_("Datoen ligger før den unges forløb begyndte."));
	if (r->nerrors) {
		r->status = 422;
		db_begin(r->db);
		goals_overview(r, &c, 0);
		audit(r, "view", id);
		db_commit(r->db);
		course_free(&c);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	long long gid = db_int(r->db, 0,
			       "INSERT INTO goal(course_id, domain, text, status, set_on, status_on, created_by, created_at)"
			       " VALUES (?,?,?,'active',?,?,?,?) RETURNING id",
			       "IttttIt", c.id, P(r, "domain"), P(r, "text"), P(r, "set_on"), P(r, "set_on"),
			       r->user.id, at);
	log_change(r, "goal", gid, "created", "", P(r, "text"), at);
	audit(r, "goal_add", id);
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/maal/%l", id, gid);
		flash_set(r, _("Målet er tilføjet. Tilføj nu aftalerne: hvem gør hvad, og hvornår."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
	course_free(&c);
}

/* ---- one goal: edit it, its agreements, a new agreement, its history ---------- */

typedef struct Goal {
	long long id, version;
	char *domain, *text, *status, *set_on;
} Goal;

static void goal_free(Goal *g)
{
	free(g->domain);
	free(g->text);
	free(g->status);
	free(g->set_on);
}

static int goal_load(Req *r, const Course *c, long long gid, Goal *g)
{
	Stmt q;
	memset(g, 0, sizeof *g);
	db_query(r->db, &q, "SELECT id, version, domain, text, status, set_on FROM goal WHERE id = ? AND course_id = ?",
		 "II", gid, c->id);
	if (db_step(&q)) {
		g->id = db_col_int(&q, 0);
		g->version = db_col_int(&q, 1);
		g->domain = xstrdup(db_col_text(&q, 2));
		g->text = xstrdup(db_col_text(&q, 3));
		g->status = xstrdup(db_col_text(&q, 4));
		g->set_on = xstrdup(db_col_text(&q, 5));
	}
	db_finalize(&q);
	return g->id != 0;
}

static const char *field_label(const char *field)
{
	if (streq(field, "text")) return N_("Målet");
	if (streq(field, "domain")) return N_("Livsområde");
	if (streq(field, "status")) return N_("Status");
	if (streq(field, "what")) return N_("Hvad gør vi");
	if (streq(field, "responsible")) return N_("Ansvarlig");
	if (streq(field, "deadline")) return N_("Frist");
	if (streq(field, "followup")) return N_("Opfølgning");
	if (streq(field, "created")) return N_("Oprettet");
	return N_("Andet");
}

/* A stored value as shown in the history: catalog keys get their label. */
static const char *history_label(Req *r, const char *field, const char *v)
{
	const char *l = "";
	if (streq(field, "domain"))
		l = choice_label(life_domains, v);
	else if (streq(field, "status"))
		l = choice_label(goal_statuses, v)[0] ? choice_label(goal_statuses, v)
						     : choice_label(agreement_statuses, v);
	else if (streq(field, "responsible"))
		l = choice_label(responsible_kinds, v);
	return l[0] ? _(l) : v;
}

static void history_value(Req *r, const char *field, const char *v)
{
	hp(r, "%h", history_label(r, field, v));
}

static void history(Req *r, const char *entity, long long id)
{
	change_history(r, entity, id, field_label, history_value);
}

/* version: the version the next save is made from; NULL: the one the
 * form was sent with, else the stored one. */
static void goal_page(Req *r, const Course *c, const Goal *g, const char *version)
{
	char today[11], d[11];
	today_copenhagen(today);
	page_begin(r, g->text);
	breadcrumbs(r, c, g->text, 0, NULL);
	hp(r, "<h1>%h</h1>\n", g->text);
	date_format_dk(d, g->set_on);
	hp(r, "<p class=\"hv-muted\">%h · %h · %h %h</p>\n", _(choice_label(life_domains, g->domain)),
	   _(choice_label(goal_statuses, g->status)), _("sat"), d);
	error_summary(r);
	hp(r, "<h2>%h</h2>\n", _("Aftaler"));
	if (!agreements_table(r, c, g->id, today, 1))
		hp(r, "<p>%h</p>\n", _("Ingen aftaler under dette mål endnu."));

	Buf action = {0};
	hp(r, "<h2>%h</h2>\n", _("Ny aftale"));
	bprintf(&action, "/unge/%l/maal/%l/aftaler", c->person, g->id);
	form_begin(r, action.p);
	field_textarea(r, "what", _("Hvad gør vi (skal udfyldes)"), _("Skriv aftalen, så den unge kan genkende den."));
	Choice *who = responsible_choices(r, c->id, today);
	field_select(r, "responsible", _("Hvem har ansvaret (skal udfyldes)"),
		     _("Teamets medlemmer står med navn. Tilføj et medlem til teamet først, hvis det mangler."), who);
	choices_free(who);
	field_text(r, "responsible_name", _("Navn på den unges valgte voksne"),
		   _("Kun når den unges valgte voksne har ansvaret"), "text", "off");
	field_text(r, "deadline", _("Frist (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Tilføj aftale"));
	form_end(r);

	hp(r, "<h2>%h</h2>\n", _("Redigér målet"));
	buf_reset(&action);
	bprintf(&action, "/unge/%l/maal/%l", c->person, g->id);
	form_begin(r, action.p);
	char stored[24];
	snprintf(stored, sizeof stored, "%lld", g->version);
	P_prefill(r, "version", stored);
	hp(r, "<input type=\"hidden\" name=\"version\" value=\"%a\">\n", version ? version : field_value(r, "version"));
	P_prefill(r, "text", g->text);
	P_prefill(r, "domain", g->domain);
	P_prefill(r, "status", g->status);
	field_textarea(r, "text", _("Målet med den unges egne ord (skal udfyldes)"), NULL);
	field_select(r, "domain", _("Livsområde (skal udfyldes)"), NULL, life_domains);
	field_radios(r, "status", _("Status (skal udfyldes)"), NULL, goal_statuses);
	hp(r, "<button type=\"submit\" class=\"button button-secondary\">%h</button>\n", _("Gem målet"));
	form_end(r);
	buf_free(&action);
	history(r, "goal", g->id);
	page_end(r);
}

/* A goal or agreement id that is not of this young person's course: 404,
 * logged.  Returns 0 for the caller to return. */
static int not_found(Req *r, const char *action, Course *c)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, c->person,
		  r->route->purpose, "not_found");
	page_fail(r, 404, "%s", N_("Siden findes ikke."));
	course_free(c);
	return 0;
}

/* Loads the person's course and the goal of the path, or answers 404. */
static int goal_context(Req *r, const char *action, Course *c, Goal *g)
{
	long long id = PI(r, "id");
	if (!person_owner(r, id, action))
		return 0;
	if (!course_load(r, id, c) || !goal_load(r, c, PI(r, "gid"), g))
		return not_found(r, action, c);
	return 1;
}

static void goal_page_again(Req *r, const Course *c, const Goal *g, int status, const char *version)
{
	r->status = status;
	db_begin(r->db);
	goal_page(r, c, g, version);
	audit(r, "view", c->person);
	db_commit(r->db);
}

void page_goal(Req *r)
{
	Course c;
	Goal g;
	if (!goal_context(r, "view", &c, &g))
		return;
	goal_page_again(r, &c, &g, 200, NULL);
	goal_free(&g);
	course_free(&c);
}

void page_goal_save(Req *r)
{
	Course c;
	Goal g;
	if (!goal_context(r, "goal_change", &c, &g))
		return;
	if (!P(r, "text") && !P_err(r, "text"))
		P_set_err(r, "text", N_("Feltet skal udfyldes."));
	if (!P(r, "domain") && !P_err(r, "domain"))
		P_set_err(r, "domain", N_("Vælg en af mulighederne."));
	if (!P(r, "status") && !P_err(r, "status"))
		P_set_err(r, "status", N_("Vælg en af mulighederne."));
	if (r->nerrors || !P(r, "version")) {
		goal_page_again(r, &c, &g, 422, NULL);
		goto done;
	}
	char at[21], today[11];
	time_iso_utc(at, now());
	today_copenhagen(today);
	db_begin(r->db);
	long long changed = db_int(r->db, 0,
				   "UPDATE goal SET text = ?, domain = ?, status = ?,"
				   " status_on = CASE WHEN status = ? THEN status_on ELSE ? END, version = version + 1"
				   " WHERE id = ? AND version = ? RETURNING id",
				   "ttttIII", P(r, "text"), P(r, "domain"), P(r, "status"), P(r, "status"), today,
				   g.id, PI(r, "version"));
	if (!changed) {
		db_rollback(r->db);
		/* someone saved in between: show theirs, keep ours in the form */
		Goal now_g;
		goal_load(r, &c, g.id, &now_g);
		P_set_err(r, "text", N_("Målet er ændret af en anden, mens du redigerede. Se den nye udgave og "
					 "historikken herunder, og gem igen, hvis din ændring stadig skal med."));
		char version[24];
		snprintf(version, sizeof version, "%lld", now_g.version);
		goal_page_again(r, &c, &now_g, 409, version);
		goal_free(&now_g);
		goto done;
	}
	log_change(r, "goal", g.id, "text", g.text, P(r, "text"), at);
	log_change(r, "goal", g.id, "domain", g.domain, P(r, "domain"), at);
	log_change(r, "goal", g.id, "status", g.status, P(r, "status"), at);
	audit(r, "goal_change", c.person);
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/maal/%l", c.person, g.id);
		flash_set(r, _("Målet er gemt."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
done:
	goal_free(&g);
	course_free(&c);
}

void page_agreement_add(Req *r)
{
	Course c;
	Goal g;
	if (!goal_context(r, "agreement_add", &c, &g))
		return;
	char today[11], at[21];
	today_copenhagen(today);
	const char *kind = NULL;
	long long member = 0;
	if (!P(r, "what") && !P_err(r, "what"))
		P_set_err(r, "what", N_("Feltet skal udfyldes."));
	if (!P_err(r, "responsible") && !responsible_parse(r, c.id, P(r, "responsible"), &kind, &member, today))
		P_set_err(r, "responsible", P(r, "responsible") ? N_("Vælg en person, der er med i den unges team i dag.")
								: N_("Vælg en af mulighederne."));
	if (kind && streq(kind, "chosen_adult") && !P(r, "responsible_name") && !P_err(r, "responsible_name"))
		P_set_err(r, "responsible_name", N_("Skriv navnet på den unges valgte voksne."));
	if (!P(r, "deadline") && !P_err(r, "deadline"))
		P_set_err(r, "deadline", N_("Feltet skal udfyldes."));
	check_not_before(r, "deadline", P(r, "deadline"), today, N_("Fristen ligger før i dag, hvor aftalen indgås."));
	if (r->nerrors) {
		goal_page_again(r, &c, &g, 422, NULL);
		goto done;
	}
	time_iso_utc(at, now());
	db_begin(r->db);
	long long aid = db_int(r->db, 0,
			       "INSERT INTO agreement(goal_id, what, responsible, team_member_id, responsible_name,"
			       " deadline, status, agreed_on, created_by, created_at)"
			       " VALUES (?,?,?,?,?,?,'agreed',?,?,?) RETURNING id",
			       "IttJtttIt", g.id, P(r, "what"), kind, member,
			       streq(kind, "chosen_adult") ? P(r, "responsible_name") : "", P(r, "deadline"), today,
			       r->user.id, at);
	log_change(r, "agreement", aid, "created", "", P(r, "what"), at);
	audit(r, "agreement_add", c.person);
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/maal/%l", c.person, g.id);
		flash_set(r, _("Aftalen er tilføjet."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
done:
	goal_free(&g);
	course_free(&c);
}

/* ---- one agreement: edit, follow up, history -------------------------------------- */

typedef struct Agreement {
	long long id, goal, version, member, member_user;
	char *what, *responsible, *adult, *deadline, *status, *agreed_on, *goal_text, *member_name;
} Agreement;

static void agreement_free(Agreement *a)
{
	free(a->what);
	free(a->responsible);
	free(a->adult);
	free(a->deadline);
	free(a->status);
	free(a->agreed_on);
	free(a->goal_text);
	free(a->member_name);
}

static int agreement_load(Req *r, const Course *c, long long aid, Agreement *a)
{
	Stmt q;
	memset(a, 0, sizeof *a);
	db_query(r->db, &q,
		 "SELECT a.id, a.goal_id, a.version, COALESCE(a.team_member_id, 0), COALESCE(m.user_id, 0),"
		 " a.what, a.responsible, a.responsible_name, a.deadline, a.status, a.agreed_on, g.text,"
		 " COALESCE(m.name, '')"
		 " FROM agreement a JOIN goal g ON g.id = a.goal_id LEFT JOIN team_member m ON m.id = a.team_member_id"
		 " WHERE a.id = ? AND g.course_id = ?",
		 "II", aid, c->id);
	if (db_step(&q)) {
		a->id = db_col_int(&q, 0);
		a->goal = db_col_int(&q, 1);
		a->version = db_col_int(&q, 2);
		a->member = db_col_int(&q, 3);
		a->member_user = db_col_int(&q, 4);
		a->what = xstrdup(db_col_text(&q, 5));
		a->responsible = xstrdup(db_col_text(&q, 6));
		a->adult = xstrdup(db_col_text(&q, 7));
		a->deadline = xstrdup(db_col_text(&q, 8));
		a->status = xstrdup(db_col_text(&q, 9));
		a->agreed_on = xstrdup(db_col_text(&q, 10));
		a->goal_text = xstrdup(db_col_text(&q, 11));
		a->member_name = xstrdup(db_col_text(&q, 12));
	}
	db_finalize(&q);
	return a->id != 0;
}

/* May the user follow up on this agreement?  The case owners, and the team
 * member who is responsible for it. */
static int may_follow_up(Req *r, long long person, const Agreement *a)
{
	return person_is_owner(r, person) || (a->member_user && a->member_user == r->user.id);
}

static void agreement_page(Req *r, const Course *c, const Agreement *a, const char *version)
{
	char today[11], d[11];
	today_copenhagen(today);
	page_begin(r, _("Aftale"));
	breadcrumbs(r, c, _("Aftale"), a->goal, a->goal_text);
	hp(r, "<h1>%h</h1>\n", _("Aftale"));
	error_summary(r);
	hp(r, "<dl class=\"hv-dl\">\n<dt>%h</dt><dd class=\"hv-pre\">%h</dd>\n<dt>%h</dt><dd>", _("Hvad gør vi"), a->what,
	   _("Hvem har ansvaret"));
	responsible_show(r, a->responsible, a->member_name, a->adult);
	hp(r, "</dd>\n<dt>%h</dt><dd>", _("Frist"));
	deadline_cell(r, a->deadline, a->status, today);
	date_format_dk(d, a->agreed_on);
	hp(r, "</dd>\n<dt>%h</dt><dd>%h</dd>\n<dt>%h</dt><dd>%h</dd>\n</dl>\n", _("Status"),
	   _(choice_label(agreement_statuses, a->status)), _("Aftalt"), d);

	/* follow-ups */
	Stmt q;
	int n = 0;
	db_query(r->db, &q,
		 "SELECT f.on_date, f.status, f.note, COALESCE(u.name, '') FROM agreement_followup f"
		 " LEFT JOIN users u ON u.id = f.created_by WHERE f.agreement_id = ? ORDER BY f.id DESC",
		 "I", a->id);
	hp(r, "<h2>%h</h2>\n", _("Opfølgning"));
	while (db_step(&q)) {
		if (n++ == 0)
			hp(r, "<ul class=\"hv-followups\">\n");
		date_format_dk(d, db_col_text(&q, 0));
		hp(r, "<li><strong>%h</strong> · %h · %h<br><span class=\"hv-pre\">%h</span></li>\n", d,
		   db_col_text(&q, 3), _(choice_label(agreement_statuses, db_col_text(&q, 1))), db_col_text(&q, 2));
	}
	db_finalize(&q);
	if (n)
		hp(r, "</ul>\n");
	else
		hp(r, "<p>%h</p>\n", _("Aftalen er ikke fulgt op endnu."));

	Buf action = {0};
	char stored[24];
	snprintf(stored, sizeof stored, "%lld", a->version);
	P_prefill(r, "version", stored);
	if (may_follow_up(r, c->person, a)) {
		bprintf(&action, "/unge/%l/aftaler/%l/opfoelgning", c->person, a->id);
		form_begin(r, action.p);
		hp(r, "<input type=\"hidden\" name=\"version\" value=\"%a\">\n", version ? version : field_value(r, "version"));
		P_prefill(r, "fstatus", a->status);
		field_radios(r, "fstatus", _("Hvordan går det med aftalen? (skal udfyldes)"), NULL, agreement_statuses);
		field_textarea(r, "note", _("Opfølgning (skal udfyldes)"), _("Hvad er der sket siden sidst?"));
		hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Gem opfølgning"));
		form_end(r);
	}
	if (person_is_owner(r, c->person)) {
		hp(r, "<h2>%h</h2>\n", _("Redigér aftalen"));
		buf_reset(&action);
		bprintf(&action, "/unge/%l/aftaler/%l", c->person, a->id);
		form_begin(r, action.p);
		hp(r, "<input type=\"hidden\" name=\"version\" value=\"%a\">\n", version ? version : field_value(r, "version"));
		char deadline[11];
		date_format_dk(deadline, a->deadline);
		char who[32];
		if (streq(a->responsible, "team_member"))
			snprintf(who, sizeof who, "team-%lld", a->member);
		else
			snprintf(who, sizeof who, "%s", a->responsible);
		P_prefill(r, "what", a->what);
		P_prefill(r, "responsible", who);
		P_prefill(r, "responsible_name", a->adult);
		P_prefill(r, "deadline", deadline);
		field_textarea(r, "what", _("Hvad gør vi (skal udfyldes)"), NULL);
		Choice *choices = responsible_choices(r, c->id, today);
		field_select(r, "responsible", _("Hvem har ansvaret (skal udfyldes)"), NULL, choices);
		choices_free(choices);
		field_text(r, "responsible_name", _("Navn på den unges valgte voksne"),
			   _("Kun når den unges valgte voksne har ansvaret"), "text", "off");
		field_text(r, "deadline", _("Frist (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
		hp(r, "<button type=\"submit\" class=\"button button-secondary\">%h</button>\n", _("Gem aftalen"));
		form_end(r);
	}
	buf_free(&action);
	history(r, "agreement", a->id);
	page_end(r);
}

static int agreement_context(Req *r, const char *action, Course *c, Agreement *a)
{
	long long id = PI(r, "id");
	if (!person_access(r, id, action))
		return 0;
	if (!course_load(r, id, c) || !agreement_load(r, c, PI(r, "aid"), a))
		return not_found(r, action, c);
	return 1;
}

static void agreement_page_again(Req *r, const Course *c, const Agreement *a, int status, const char *version)
{
	r->status = status;
	db_begin(r->db);
	agreement_page(r, c, a, version);
	audit(r, "view", c->person);
	db_commit(r->db);
}

void page_agreement(Req *r)
{
	Course c;
	Agreement a;
	if (!agreement_context(r, "view", &c, &a))
		return;
	agreement_page_again(r, &c, &a, 200, NULL);
	agreement_free(&a);
	course_free(&c);
}

/* Someone saved in between: show their version and history, keep what
 * this user typed, and let the next save be made from the new version. */
static void agreement_conflict(Req *r, const Course *c, long long aid, const char *field)
{
	Agreement now_a;
	agreement_load(r, c, aid, &now_a);
	P_set_err(r, field, N_("Aftalen er ændret af en anden, mens du skrev. Se den nye udgave og historikken, "
			       "og gem igen, hvis din ændring stadig skal med."));
	char version[24];
	snprintf(version, sizeof version, "%lld", now_a.version);
	agreement_page_again(r, c, &now_a, 409, version);
	agreement_free(&now_a);
}

void page_agreement_save(Req *r)
{
	Course c;
	Agreement a;
	if (!agreement_context(r, "agreement_change", &c, &a))
		return;
	if (!person_owner(r, c.person, "agreement_change"))
		goto done;
	char today[11], at[21];
	today_copenhagen(today);
	const char *kind = NULL;
	long long member = 0;
	if (!P(r, "what") && !P_err(r, "what"))
		P_set_err(r, "what", N_("Feltet skal udfyldes."));
	/* the member already responsible may stay, even after leaving the team */
	int same = P(r, "responsible") && streq(a.responsible, "team_member") &&
		   strncmp(P(r, "responsible"), "team-", 5) == 0 && atoll(P(r, "responsible") + 5) == a.member;
	if (same) {
		kind = "team_member";
		member = a.member;
	} else if (!P_err(r, "responsible") && !responsible_parse(r, c.id, P(r, "responsible"), &kind, &member, today))
		P_set_err(r, "responsible", P(r, "responsible") ? N_("Vælg en person, der er med i den unges team i dag.")
								: N_("Vælg en af mulighederne."));
	if (kind && streq(kind, "chosen_adult") && !P(r, "responsible_name") && !P_err(r, "responsible_name"))
		P_set_err(r, "responsible_name", N_("Skriv navnet på den unges valgte voksne."));
	if (!P(r, "deadline") && !P_err(r, "deadline"))
		P_set_err(r, "deadline", N_("Feltet skal udfyldes."));
	check_not_before(r, "deadline", P(r, "deadline"), a.agreed_on,
			 N_("Fristen ligger før den dag, aftalen blev indgået."));
	if (r->nerrors || !P(r, "version")) {
		agreement_page_again(r, &c, &a, 422, NULL);
		goto done;
	}
	time_iso_utc(at, now());
	const char *adult = streq(kind, "chosen_adult") ? P(r, "responsible_name") : "";
	db_begin(r->db);
	if (!db_int(r->db, 0,
		    "UPDATE agreement SET what = ?, responsible = ?, team_member_id = ?, responsible_name = ?,"
		    " deadline = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
		    "ttJttII", P(r, "what"), kind, member, adult, P(r, "deadline"), a.id, PI(r, "version"))) {
		db_rollback(r->db);
		agreement_conflict(r, &c, a.id, "what");
		goto done;
	}
	char *after = member ? db_text(r->db, "SELECT name FROM team_member WHERE id = ?", "I", member) : NULL;
	log_change(r, "agreement", a.id, "what", a.what, P(r, "what"), at);
	log_change(r, "agreement", a.id, "responsible",
		   streq(a.responsible, "team_member") ? a.member_name : a.responsible, after ? after : kind, at);
	free(after);
	log_change(r, "agreement", a.id, "deadline", a.deadline, P(r, "deadline"), at);
	audit(r, "agreement_change", c.person);
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/aftaler/%l", c.person, a.id);
		flash_set(r, _("Aftalen er gemt."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
done:
	agreement_free(&a);
	course_free(&c);
}

void page_agreement_followup(Req *r)
{
	Course c;
	Agreement a;
	if (!agreement_context(r, "agreement_followup", &c, &a))
		return;
	if (!may_follow_up(r, c.person, &a)) {
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "agreement_followup",
			  c.person, r->route->purpose, "refused");
		page_fail(r, 403, "%s", N_("Kun den ansvarlige og den unges koordinator kan følge op på aftalen."));
		goto done;
	}
	if (!P(r, "fstatus") && !P_err(r, "fstatus"))
		P_set_err(r, "fstatus", N_("Vælg en af mulighederne."));
	if (!P(r, "note") && !P_err(r, "note"))
		P_set_err(r, "note", N_("Feltet skal udfyldes."));
	if (r->nerrors || !P(r, "version")) {
		agreement_page_again(r, &c, &a, 422, NULL);
		goto done;
	}
	char today[11], at[21];
	today_copenhagen(today);
	time_iso_utc(at, now());
	db_begin(r->db);
	if (!db_int(r->db, 0,
		    "UPDATE agreement SET status = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
		    "tII", P(r, "fstatus"), a.id, PI(r, "version"))) {
		db_rollback(r->db);
		agreement_conflict(r, &c, a.id, "note");
		goto done;
	}
	db_exec(r->db,
		"INSERT INTO agreement_followup(agreement_id, on_date, status, note, created_by, created_at)"
		" VALUES (?,?,?,?,?,?)",
		"ItttIt", a.id, today, P(r, "fstatus"), P(r, "note"), r->user.id, at);
	log_change(r, "agreement", a.id, "status", a.status, P(r, "fstatus"), at);
	log_change(r, "agreement", a.id, "followup", "", P(r, "note"), at);
	audit(r, "agreement_followup", c.person);
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/aftaler/%l", c.person, a.id);
		flash_set(r, _("Opfølgningen er gemt."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
done:
	agreement_free(&a);
	course_free(&c);
}

/* ---- on the young person's page, and the worklist ---------------------------------- */

/* A short section on the young person's page: goals and the open and
 * overdue agreements, with a link to the form. */
void goals_section(Req *r, long long person, long long course)
{
	char today[11];
	today_copenhagen(today);
	Stmt q;
	long long goals = 0, open = 0, late = 0;
	/* one statement, counted here (an aggregate costs more than the
	 * rows): an active goal (1) or an open agreement with its deadline (2)
	 * per row */
	db_query(r->db, &q,
		 "SELECT 1, NULL FROM goal x WHERE x.course_id = ? AND x.status = 'active'"
		 " UNION ALL SELECT 2, a.deadline FROM goal g CROSS JOIN agreement a"
		 " WHERE g.course_id = ? AND a.goal_id = g.id AND a.status IN ('agreed', 'in_progress')",
		 "II", course, course);
	while (db_step(&q)) {
		if (db_col_int(&q, 0) == 1) {
			goals++;
		} else {
			open++;
			if (strcmp(db_col_text(&q, 1), today) < 0)
				late++;
		}
	}
	db_finalize(&q);
	hp(r, "<section aria-labelledby=\"h-goals\">\n<h2 id=\"h-goals\">%h</h2>\n", _("Mål og aftaler"));
	hp(r, "<p>%h: %l. %h: %l.", _("Aktive mål"), goals, _("Åbne aftaler"), open);
	if (late)
		hp(r, " <strong class=\"hv-overdue\">%h: %l.</strong>", _("Overskredne aftaler"), late);
	hp(r, "</p>\n<p><a href=\"/unge/%l/maal\">%h</a></p>\n</section>\n", person, _("Se mål og aftaler"));
}

/* A cell of "Mine unge": the open agreements whose deadline has passed. */
void goals_cell_draw(Req *r, long long late)
{
	if (late)
		hp(r, "<td data-title=\"%a\"><strong class=\"hv-overdue\">%l %h</strong></td>", _("Aftaler"), late,
		   _("overskredne"));
	else
		hp(r, "<td data-title=\"%a\"><span class=\"hv-muted\">%h</span></td>", _("Aftaler"), _("ingen overskredne"));
}

void goals_caseload_cell(Req *r, long long course)
{
	char today[11];
	today_copenhagen(today);
	long long late = db_int(r->db, 0,
				"SELECT COUNT(*) FROM agreement a JOIN goal g ON g.id = a.goal_id WHERE g.course_id = ?"
				" AND a.status IN ('agreed', 'in_progress') AND a.deadline < ?",
				"It", course, today);
	goals_cell_draw(r, late);
}

/* The late agreements of each course of a list (ids: a JSON array of
 * course ids) with any, in one statement: in course id order (id_find), *n
 * of them. */
GoalsLate *goals_late_open(Db *db, const char *ids, const char *today, size_t *n)
{
	Stmt q;
	GoalsLate *out = NULL;
	size_t cap = 0;
	*n = 0;
	db_query(db, &q,
		 "SELECT g.course_id, COUNT(*) FROM goal g CROSS JOIN agreement a"
		 " WHERE g.course_id IN (SELECT value FROM json_each(?)) AND a.goal_id = g.id"
		 " AND a.status IN ('agreed', 'in_progress') AND a.deadline < ? GROUP BY g.course_id ORDER BY g.course_id",
		 "tt", ids, today);
	while (db_step(&q)) {
		out = rows_add(out, n, &cap, sizeof *out);
		out[*n - 1].course = db_col_int(&q, 0);
		out[*n - 1].late = db_col_int(&q, 1);
	}
	db_finalize(&q);
	return out;
}

/* The worklist: open agreements the user is responsible for, across their
 * young people (as a named team member, or as the young person's
 * coordinator), and the network meetings they are invited to.  A team
 * member whom no valid consent covers sees that an agreement or a meeting
 * exists, not what it says.  Each young person shown is in the access log. */
void page_my_agreements(Req *r)
{
	char today[11];
	today_copenhagen(today);
	page_begin(r, _("Mine aftaler og møder"));
	hp(r, "<h1>%h</h1>\n<h2>%h</h2>\n<p>%h</p>\n", _("Mine aftaler og møder"), _("Mine aftaler"),
	   _("De aftaler, du har ansvaret for, med den tidligste frist først."));
	Stmt q;
	int n = 0;
	db_query(r->db, &q,
		 "SELECT p.id, p.name, a.id, a.what, a.deadline, a.status, g.text"
		 " FROM agreement a JOIN goal g ON g.id = a.goal_id JOIN course c ON c.id = g.course_id"
		 " JOIN person p ON p.id = c.person_id"
		 " LEFT JOIN team_member m ON m.id = a.team_member_id"
		 " WHERE p.municipality_id = ? AND c.closed_on IS NULL AND a.status IN ('agreed', 'in_progress')"
		 " AND ((a.responsible = 'team_member' AND m.user_id = ? AND (m.to_date IS NULL OR m.to_date >= ?))"
		 "   OR (a.responsible = 'coordinator' AND p.coordinator_id = ?))"
		 " ORDER BY a.deadline, p.name, a.id",
		 "IItI", r->user.municipality_id, r->user.id, today, r->user.id);
	while (db_step(&q)) {
		long long pid = db_col_int(&q, 0);
		int full = person_access_level(r, pid) == ACCESS_FULL;
		if (n++ == 0)
			hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
			      "<table class=\"table table--compact\">\n<thead><tr><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			   _("Mine aftaler"), _("Frist"), _("Den unge"), _("Aftale"), _("Mål"), _("Status"));
		hp(r, "<tr><td>");
		deadline_cell(r, db_col_text(&q, 4), db_col_text(&q, 5), today);
		if (full)
			hp(r, "</td><td>%h</td><td class=\"hv-pre\"><a href=\"/unge/%l/aftaler/%l\">%h</a></td><td>%h</td>"
			      "<td>%h</td></tr>\n",
			   db_col_text(&q, 1), pid, db_col_int(&q, 2), db_col_text(&q, 3), db_col_text(&q, 6),
			   _(choice_label(agreement_statuses, db_col_text(&q, 5))));
		else
			hp(r, "</td><td>%h</td><td colspan=\"3\">%h</td></tr>\n", db_col_text(&q, 1),
			   _("Der er ikke et gyldigt samtykke, der dækker dig. Tal med den unges koordinator."));
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "list", pid,
			  r->route->purpose, full ? "ok" : "reduced");
	}
	db_finalize(&q);
	if (n)
		hp(r, "</tbody>\n</table>\n</div>\n");
	else
		hp(r, "<p>%h</p>\n", _("Du har ingen åbne aftaler."));

	/* the network meetings ahead: as the coordinator or as an invited member */
	n = 0;
	db_query(r->db, &q,
		 "SELECT m.on_date, m.start_time, m.end_time, m.place, p.name, p.id, m.id, p.coordinator_id"
		 " FROM meeting m JOIN course c ON c.id = m.course_id JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.closed_on IS NULL AND m.held = 0 AND m.on_date >= ?"
		 " AND (p.coordinator_id = ? OR EXISTS (SELECT 1 FROM meeting_participant mp"
		 "   JOIN team_member t ON t.id = mp.team_member_id WHERE mp.meeting_id = m.id AND t.user_id = ?))"
		 " ORDER BY m.on_date, m.start_time, m.id",
		 "ItII", r->user.municipality_id, today, r->user.id, r->user.id);
	hp(r, "<h2>%h</h2>\n", _("Kommende netværksmøder"));
	while (db_step(&q)) {
		char d[11];
		long long pid = db_col_int(&q, 5);
		if (n++ == 0)
			hp(r, "<ul class=\"hv-meetings\">\n");
		date_format_dk(d, db_col_text(&q, 0));
		hp(r, "<li><strong>%h %h–%h</strong>, %h: ", d, db_col_text(&q, 1), db_col_text(&q, 2),
		   db_col_text(&q, 3));
		if (db_col_int(&q, 7) == r->user.id || r->user.role == ROLE_PROJECT_LEADER)
			hp(r, "<a href=\"/unge/%l/moeder/%l\">%h %h</a>", pid, db_col_int(&q, 6), _("Netværksmøde med"),
			   db_col_text(&q, 4));
		else
			hp(r, "%h %h", _("Netværksmøde med"), db_col_text(&q, 4));
		hp(r, "</li>\n");
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "list", pid,
			  r->route->purpose, "ok");
	}
	db_finalize(&q);
	if (n)
		hp(r, "</ul>\n");
	else
		hp(r, "<p>%h</p>\n", _("Du er ikke inviteret til nogen kommende netværksmøder."));
	page_end(r);
}

/* ---- at a network meeting: following up every open agreement ---------------- */

/* Inside the meeting's "held" form: for each open agreement of the course
 * its goal, what, who and deadline, a status and a follow-up note.  The
 * fields repeat in the same order: fa (the agreement), fs (its status),
 * fn (the note); what the user sent is shown again after an error. */
void agreements_review_fields(Req *r, long long course)
{
	char today[11];
	today_copenhagen(today);
	int post = streq(r->method, "POST");
	Stmt q;
	size_t n = 0;
	if (P_err(r, "fa"))
		hp(r, "<p class=\"form-error-message\" id=\"fa\">%h</p>\n", _(P_err(r, "fa")));
	db_query(r->db, &q,
		 "SELECT a.id, a.what, a.responsible, COALESCE(m.name, ''), a.responsible_name, a.deadline, a.status,"
		 " g.text FROM agreement a JOIN goal g ON g.id = a.goal_id"
		 " LEFT JOIN team_member m ON m.id = a.team_member_id"
		 " WHERE g.course_id = ? AND a.status IN ('agreed', 'in_progress') ORDER BY a.deadline, a.id",
		 "I", course);
	while (db_step(&q)) {
		long long aid = db_col_int(&q, 0);
		if (n == 0)
			hp(r, "<h3>%h</h3>\n<p class=\"form-hint\" id=\"review-hint\">%h</p>\n", _("Opfølgning på aftalerne"),
			   _("Gå aftalerne igennem med den unge. Skriv kort, hvad der er sket, og ret status. "
			     "Lad feltet stå tomt, hvis aftalen ikke blev drøftet."));
		/* what was sent for this row, when the form comes back */
		const char *status = db_col_text(&q, 6), *note = "";
		for (size_t i = 0; post && i < P_count(r, "fa"); i++)
			if (atoll(P_at(r, "fa", i)) == aid) {
				if (P_at(r, "fs", i))
					status = P_at(r, "fs", i);
				if (P_at(r, "fn", i))
					note = P_at(r, "fn", i);
			}
		hp(r, "<fieldset class=\"hv-card hv-review\">\n<legend class=\"form-label\">%h</legend>\n<p>", db_col_text(&q, 1));
		hp(r, "%h: %h · %h: ", _("Mål"), db_col_text(&q, 7), _("Ansvarlig"));
		responsible_show(r, db_col_text(&q, 2), db_col_text(&q, 3), db_col_text(&q, 4));
		hp(r, " · %h: ", _("Frist"));
		deadline_cell(r, db_col_text(&q, 5), db_col_text(&q, 6), today);
		hp(r, "</p>\n<input type=\"hidden\" name=\"fa\" value=\"%l\">\n", aid);
		hp(r, "<div class=\"form-group\"><label class=\"form-label\" for=\"fs-%l\">%h</label>\n"
		      "<select class=\"form-select\" id=\"fs-%l\" name=\"fs\">\n",
		   aid, _("Status"), aid);
		for (const Choice *c = agreement_statuses; c->key; c++)
			hp(r, "<option value=\"%a\"%s>%h</option>\n", c->key, streq(c->key, status) ? " selected" : "",
			   _(c->label));
		hp(r, "</select></div>\n<div class=\"form-group\"><label class=\"form-label\" for=\"fn-%l\">%h</label>\n"
		      "<textarea class=\"form-input\" id=\"fn-%l\" name=\"fn\" rows=\"2\" aria-describedby=\"review-hint\">%h</textarea>"
		      "</div>\n</fieldset>\n",
		   aid, _("Opfølgning"), aid, note);
		n++;
	}
	db_finalize(&q);
}

/* The rows sent must be open agreements of this course, each once, with a
 * status; otherwise the form is refused as a whole (it was changed while
 * open, or not made by this page). */
int agreements_review_check(Req *r, long long course)
{
	size_t n = P_count(r, "fa");
	if (P_err(r, "fa") || P_err(r, "fs") || P_err(r, "fn") || P_count(r, "fs") != n || P_count(r, "fn") != n) {
		P_set_err(r, "fa", N_("Opfølgningen på aftalerne kunne ikke læses. Genindlæs siden og prøv igen."));
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		long long aid = atoll(P_at(r, "fa", i));
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= atoll(P_at(r, "fa", k)) == aid;
		if (dup || !db_int(r->db, 0,
				   "SELECT COUNT(*) FROM agreement a JOIN goal g ON g.id = a.goal_id"
				   " WHERE a.id = ? AND g.course_id = ? AND a.status IN ('agreed', 'in_progress')",
				   "II", aid, course)) {
			P_set_err(r, "fa", N_("En af aftalerne er ændret, mens du skrev. Genindlæs siden og prøv igen."));
			return 0;
		}
	}
	return 1;
}

/* Writes a follow-up, tied to the meeting, for each row with a note or a
 * new status.  Inside the caller's transaction. */
void agreements_review_save(Req *r, long long course, long long meeting, const char *on_date)
{
	char at[21];
	time_iso_utc(at, now());
	(void)course;
	for (size_t i = 0; i < P_count(r, "fa"); i++) {
		long long aid = atoll(P_at(r, "fa", i));
		const char *status = P_at(r, "fs", i), *note = P_at(r, "fn", i);
		char *before = db_text(r->db, "SELECT status FROM agreement WHERE id = ?", "I", aid);
		if (before && (note[0] || !streq(before, status))) {
			db_exec(r->db, "UPDATE agreement SET status = ?, version = version + 1 WHERE id = ?", "tI", status,
				aid);
			db_exec(r->db,
				"INSERT INTO agreement_followup(agreement_id, meeting_id, on_date, status, note, created_by,"
				" created_at) VALUES (?,?,?,?,?,?,?)",
				"IItttIt", aid, meeting, on_date, status, note, r->user.id, at);
			log_change(r, "agreement", aid, "status", before, status, at);
			if (note[0])
				log_change(r, "agreement", aid, "followup", "", note, at);
		}
		free(before);
	}
}

/* On a held meeting's page: the agreements followed up at it. */
void agreements_reviewed(Req *r, long long meeting)
{
	Stmt q;
	int n = 0;
	db_query(r->db, &q,
		 "SELECT a.what, f.status, f.note FROM agreement_followup f JOIN agreement a ON a.id = f.agreement_id"
		 " WHERE f.meeting_id = ? ORDER BY f.id",
		 "I", meeting);
	while (db_step(&q)) {
		if (n++ == 0)
			hp(r, "<h3>%h</h3>\n<ul class=\"hv-followups\">\n", _("Aftaler fulgt op på mødet"));
		hp(r, "<li><strong>%h</strong> · %h<br><span class=\"hv-pre\">%h</span></li>\n", db_col_text(&q, 0),
		   _(choice_label(agreement_statuses, db_col_text(&q, 1))), db_col_text(&q, 2));
	}
	db_finalize(&q);
	if (n)
		hp(r, "</ul>\n");
}

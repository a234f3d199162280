/* meeting.c: network meetings (netværksmøder), core element 3 of the
 * collaboration model (DOMAIN.md §2): planning a meeting with the young
 * person (time, place, invited team members and network persons, the young
 * person's own points for the agenda), moving it (the invitation's
 * SEQUENCE counts the moves), the meeting checklist (Mødetjekliste, tool
 * 2), recording the meeting as held (attendance, whether the young person
 * was there, minutes, next meeting), the iCalendar invitation (ical.c) and
 * the rule of at least three meetings a year with the young person
 * present.  Every view and change goes through person_access and the
 * access log. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- the rule: three meetings a year with the young person present ------
 *
 * A meeting counts when it is recorded as held with the young person
 * present.  Three a year, evenly spread, is one every four months, so the
 * rule kept day to day is: the next meeting is due at the latest four
 * months after the latest meeting with the young person present, and for a
 * course without one, four months after the course started in the
 * collaboration model (step 3).  Whoever keeps that always has at least
 * three such meetings in any 12 months.  After the due date the meeting is
 * overdue.  Before step 3 and after step 7 nothing is due.  "Last 12 months" is the dates after today minus 12 months, up
 * to and including today; later dates are ignored.  Months are calendar
 * months; a day that does not exist in the target month becomes its last
 * day (31.10 + 4 months = 28.02 or 29.02). */

void date_add_months(char out[11], const char *iso, int months)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (ymd_read(iso, &y, &m, &d) || !date_valid(y, m, d)) {
		out[0] = 0;
		return;
	}
	long total = (long)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int last = mdays[m - 1] + (m == 2 && leap);
	format_ymd(out, y, m, d > last ? last : d);
}

void meeting_rule(const char *course_start, const char *const *held, int nheld,
		  const char *today, MeetingRule *out)
{
	char from[11];
	memset(out, 0, sizeof *out);
	date_add_months(from, today, -12);
	for (int i = 0; i < nheld; i++) {
		if (strcmp(held[i], today) > 0)
			continue;
		if (strcmp(held[i], from) > 0)
			out->held_12m++;
		if (strcmp(held[i], out->latest) > 0)
			snprintf(out->latest, sizeof out->latest, "%s", held[i]);
	}
	date_add_months(out->due, out->latest[0] ? out->latest : course_start, 4);
	out->overdue = out->due[0] && strcmp(today, out->due) > 0;
}

/* 0 and the rule for a course in the model; -1 when nothing is due (not
 * started in the model, or the model has ended). */
static int course_rule(Db *db, long long course, MeetingRule *mr)
{
	memset(mr, 0, sizeof *mr);
	char *opened = db_text(db,
			       "SELECT MIN(e.on_date) FROM course_event e JOIN course c ON c.id = e.course_id"
			       " WHERE e.course_id = ? AND e.step = 3 AND c.closed_on IS NULL"
			       " AND NOT EXISTS (SELECT 1 FROM course_event x WHERE x.course_id = e.course_id"
			       " AND x.step = 7)",
			       "I", course);
	if (!opened || !opened[0]) {
		free(opened);
		return -1;
	}
	char (*dates)[11] = NULL;
	const char **ptrs = NULL;
	int n = 0;
	Stmt q;
	db_query(db, &q,
		 "SELECT on_date FROM meeting WHERE course_id = ? AND held = 1 AND young_present = 1"
		 " ORDER BY on_date",
		 "I", course);
	while (db_step(&q)) {
		dates = xrealloc(dates, (size_t)(n + 1) * sizeof *dates);
		snprintf(dates[n++], 11, "%s", db_col_text(&q, 0));
	}
	db_finalize(&q);
	ptrs = xcalloc((size_t)n + 1, sizeof *ptrs);
	for (int i = 0; i < n; i++)
		ptrs[i] = dates[i];
	char today[11];
	today_copenhagen(today);
	meeting_rule(opened, ptrs, n, today, mr);
	free(ptrs);
	free(dates);
	free(opened);
	return 0;
}

/* The date the next meeting is due at the latest (out, "" when nothing is
 * due); 1 when overdue, 0 when not, -1 when nothing is due. */
int meeting_next_due(Db *db, long long course_id, char out[11])
{
	MeetingRule mr;
	out[0] = 0;
	if (course_rule(db, course_id, &mr))
		return -1;
	memcpy(out, mr.due, 11);
	return mr.overdue;
}

/* ---- helpers ---------------------------------------------------------------- */

typedef struct Mtg {
	long long id, course;
	char date[11], start[6], end[6];
	char *place, *points, *uid, *minutes, *next;
	char opened[11];
	int sequence, young_invited, held, young_present, closed;
} Mtg;

static void mtg_free(Mtg *m)
{
	free(m->place);
	free(m->points);
	free(m->uid);
	free(m->minutes);
	free(m->next);
}

static void log_change(Req *r, const char *action, long long person, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person,
		  r->route->purpose, result);
}

/* The meeting, only when it belongs to this young person; else 404
 * (logged). */
static int mtg_load(Req *r, long long person, long long mid, Mtg *m, const char *action)
{
	Stmt q;
	int found = 0;
	memset(m, 0, sizeof *m);
	db_query(r->db, &q,
		 "SELECT m.id, m.course_id, m.on_date, m.start_time, m.end_time, m.place, m.young_points,"
		 " m.uid, m.sequence, m.young_invited, m.held, m.young_present, m.minutes, m.next_date,"
		 " c.opened_on, c.closed_on"
		 " FROM meeting m JOIN course c ON c.id = m.course_id WHERE m.id = ? AND c.person_id = ?",
		 "II", mid, person);
	if (db_step(&q)) {
		found = 1;
		m->id = db_col_int(&q, 0);
		m->course = db_col_int(&q, 1);
		snprintf(m->date, sizeof m->date, "%s", db_col_text(&q, 2));
		snprintf(m->start, sizeof m->start, "%s", db_col_text(&q, 3));
		snprintf(m->end, sizeof m->end, "%s", db_col_text(&q, 4));
		m->place = xstrdup(db_col_text(&q, 5));
		m->points = xstrdup(db_col_text(&q, 6));
		m->uid = xstrdup(db_col_text(&q, 7));
		m->sequence = (int)db_col_int(&q, 8);
		m->young_invited = (int)db_col_int(&q, 9);
		m->held = (int)db_col_int(&q, 10);
		m->young_present = db_col_null(&q, 11) ? -1 : (int)db_col_int(&q, 11);
		m->minutes = xstrdup(db_col_text(&q, 12));
		m->next = db_col_null(&q, 13) ? NULL : xstrdup(db_col_text(&q, 13));
		snprintf(m->opened, sizeof m->opened, "%s", db_col_text(&q, 14));
		m->closed = !db_col_null(&q, 15);
	}
	db_finalize(&q);
	if (!found) {
		log_change(r, action, person, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
	}
	return found;
}

/* The young person's current course (the open one, else the latest). */
static long long current_course(Db *db, long long person, char opened[11], int *closed)
{
	Stmt q;
	long long id = 0;
	opened[0] = 0;
	*closed = 0;
	db_query(db, &q,
		 "SELECT id, opened_on, closed_on FROM course WHERE person_id = ?"
		 " ORDER BY closed_on IS NULL DESC, opened_on DESC, id DESC LIMIT 1",
		 "I", person);
	if (db_step(&q)) {
		id = db_col_int(&q, 0);
		snprintf(opened, 11, "%s", db_col_text(&q, 1));
		*closed = !db_col_null(&q, 2);
	}
	db_finalize(&q);
	return id;
}

static char *person_name(Db *db, long long person)
{
	char *n = db_text(db, "SELECT name FROM person WHERE id = ?", "I", person);
	return n ? n : xstrdup("");
}

/* "09:30", "9:30", "09.30" -> "09:30"; 0 when valid */
static int time_norm(const char *in, char out[6])
{
	int h, m;
	char sep, extra;
	if (!in || sscanf(in, "%2d%c%2d%c", &h, &sep, &m, &extra) != 3 || (sep != ':' && sep != '.'))
		return -1;
	size_t n = strlen(in);
	if (n < 4 || n > 5 || in[n - 3] != sep || h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	snprintf(out, 6, "%02d:%02d", h, m);
	return 0;
}

/* Fill a field shown on a GET form with a stored value (the user's input,
 * when there is any, wins). */
static void prefill(Req *r, const char *name, const char *value)
{
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].def->name, name) == 0 && !r->params[i].raw && value)
			r->params[i].raw = xstrdup(value);
}

static void breadcrumbs(Req *r, long long person, const char *name, const char *here,
			long long mid, const char *meeting_label)
{
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l\" class=\"breadcrumbs__link\">%h</a></li>",
	   _("Brødkrumme"), _("Mine unge"), person, name);
	if (mid)
		hp(r, "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l/moeder/%l\" class=\"breadcrumbs__link\">%h</a></li>",
		   person, mid, meeting_label);
	hp(r, "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n", here);
}

/* A group of checkboxes built by the caller, with the same error markup
 * as layout.c's fields (fieldset id=name for the error summary). */
static void group_open(Req *r, const char *name, const char *legend, const char *hint)
{
	const char *err = P_err(r, name);
	hp(r, "<div class=\"form-group%s\">\n<fieldset id=\"%a\"", err ? " form-error" : "", name);
	if (hint || err) {
		hp(r, " aria-describedby=\"");
		if (hint)
			hp(r, "%a-hint%s", name, err ? " " : "");
		if (err)
			hp(r, "%a-error", name);
		hp(r, "\"");
	}
	hp(r, ">\n<legend class=\"form-label\">%h</legend>\n", legend);
	if (hint)
		hp(r, "<span class=\"form-hint\" id=\"%a-hint\">%h</span>\n", name, hint);
	if (err)
		hp(r, "<span class=\"form-error-message\" id=\"%a-error\"><span class=\"sr-only\">%h </span>%h</span>\n",
		   name, _("Fejl:"), _(err));
	hp(r, "<ul class=\"nobullet-list\">\n");
}

static void group_close(Req *r)
{
	hp(r, "</ul>\n</fieldset>\n</div>\n");
}

/* ---- planning ------------------------------------------------------------------- */

static const char *const guest_names[] = {"guest1_name", "guest2_name", "guest3_name"};
static const char *const guest_rels[] = {"guest1_rel", "guest2_rel", "guest3_rel"};

/* The current members of the course's team: not ended before today. */
static int team_query(Db *db, Stmt *q, long long course)
{
	char today[11];
	today_copenhagen(today);
	return db_query(db, q,
			"SELECT id, name, actor, team_role, contact FROM team_member WHERE course_id = ?"
			" AND (to_date IS NULL OR to_date >= ?) ORDER BY name, id",
			"It", course, today);
}

static void plan_form(Req *r, long long person, long long course)
{
	char *name = person_name(r->db, person);
	Stmt q;
	int n = 0;
	page_begin(r, _("Planlæg netværksmøde"));
	breadcrumbs(r, person, name, _("Planlæg netværksmøde"), 0, NULL);
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Planlæg netværksmøde"),
	   _("Planlæg mødet sammen med den unge. Felter markeret (skal udfyldes) er påkrævede."));
	error_summary(r);
	Buf action = {0};
	bprintf(&action, "/unge/%l/moeder", person);
	form_begin(r, action.p);
	buf_free(&action);
	hp(r, "<h2>%h</h2>\n", _("Tid og sted"));
	field_text(r, "date", _("Dato (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	field_text(r, "start", _("Starttidspunkt (skal udfyldes)"), _("tt:mm, fx 09:30"), "text", "off");
	field_text(r, "end", _("Sluttidspunkt (skal udfyldes)"), _("tt:mm, fx 10:30"), "text", "off");
	field_text(r, "place", _("Sted (skal udfyldes)"), _("Fx den unges bolig, jobcentret eller en café"),
		   "text", "off");
	hp(r, "<h2>%h</h2>\n", _("Deltagere"));
	int young = strcmp(r->method, "GET") == 0 ? 1 : P(r, "young") != NULL;
	hp(r, "<div class=\"form-group\">\n<input id=\"young\" type=\"checkbox\" name=\"young\" value=\"1\" class=\"form-checkbox\"%s>"
	      "<label for=\"young\">%h (%h)</label>\n</div>\n",
	   young ? " checked" : "", _("Den unge er inviteret"), name);
	team_query(r->db, &q, course);
	while (db_step(&q)) {
		char key[24];
		if (n++ == 0)
			group_open(r, "member", _("Teammedlemmer"), _("Kun den unges nuværende team kan inviteres."));
		snprintf(key, sizeof key, "%lld", db_col_int(&q, 0));
		hp(r, "<li><input id=\"member-%a\" type=\"checkbox\" name=\"member\" value=\"%a\" class=\"form-checkbox\"%s>"
		      "<label for=\"member-%a\">%h, %h</label></li>\n",
		   key, key, P_has(r, "member", key) ? " checked" : "", key, db_col_text(&q, 1),
		   db_col_text(&q, 3)[0] ? db_col_text(&q, 3) : _(choice_label(actors, db_col_text(&q, 2))));
	}
	db_finalize(&q);
	if (n) {
		group_close(r);
	} else {
		hp(r, "<p id=\"member\">%h</p>\n", _("Den unge har ikke nogen i sit team endnu."));
		if (P_err(r, "member"))
			hp(r, "<p class=\"form-error-message\">%h</p>\n", _(P_err(r, "member")));
	}
	hp(r, "<h3>%h</h3>\n<p class=\"form-hint\">%h</p>\n", _("Andre fra den unges netværk"),
	   _("Fx den unges valgte voksne, familie eller venner. Udfyld kun dem, der skal med."));
	static const char *const name_labels[] = {N_("Navn, person 1"), N_("Navn, person 2"), N_("Navn, person 3")};
	static const char *const rel_labels[] = {N_("Relation, person 1"), N_("Relation, person 2"),
						  N_("Relation, person 3")};
	for (int i = 0; i < 3; i++) {
		hp(r, "<div class=\"hv-card\">\n");
		field_text(r, guest_names[i], _(name_labels[i]), NULL, "text", "off");
		field_select(r, guest_rels[i], _(rel_labels[i]), NULL, network_relations);
		hp(r, "</div>\n");
	}
	hp(r, "<h2>%h</h2>\n", _("Dagsorden"));
	field_textarea(r, "points", _("Den unges egne punkter til dagsordenen"),
		       _("Skriv punkterne med den unges egne ord."));
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Planlæg mødet"));
	form_end(r);
	page_end(r);
	free(name);
}

void page_meeting_new(Req *r)
{
	long long person = PI(r, "id");
	char opened[11];
	int closed;
	if (!person_access(r, person, "view"))
		return;
	db_begin(r->db);
	long long course = current_course(r->db, person, opened, &closed);
	plan_form(r, person, course);
	log_change(r, "view", person, "ok");
	db_commit(r->db);
}

/* Time fields: both valid and the end after the start. */
static void check_times(Req *r, char start[6], char end[6])
{
	start[0] = end[0] = 0;
	if (P(r, "start") && time_norm(P(r, "start"), start))
		P_set_err(r, "start", N_("Skriv et klokkeslæt som tt:mm, fx 09:30."));
	if (P(r, "end") && time_norm(P(r, "end"), end))
		P_set_err(r, "end", N_("Skriv et klokkeslæt som tt:mm, fx 09:30."));
	if (start[0] && end[0] && strcmp(end, start) <= 0)
		P_set_err(r, "end", N_("Mødet skal slutte efter det starter."));
}

static void check_date(Req *r, const char *opened)
{
	if (P(r, "date") && opened[0] && strcmp(P(r, "date"), opened) < 0)
		P_set_err(r, "date", N_("Mødet kan ikke ligge før den unge blev henvist."));
}

static void add_participant(Db *db, long long meeting, long long member, const char *name,
			    const char *relation)
{
	db_exec(db,
		"INSERT INTO meeting_participant(meeting_id, team_member_id, name, relation) VALUES (?,?,?,?)",
		"IJtt", meeting, member, name, relation);
}

static void new_uid(char out[48])
{
	unsigned char raw[16];
	char hex[33];
	random_bytes(raw, sizeof raw);
	hex_encode(hex, raw, sizeof raw);
	snprintf(out, 48, "%s@hjemvej", hex);
}

void page_meeting_create(Req *r)
{
	long long person = PI(r, "id");
	char opened[11], start[6], end[6];
	int closed;
	if (!person_owner(r, person, "meeting_create"))
		return;
	long long course = current_course(r->db, person, opened, &closed);
	check_times(r, start, end);
	check_date(r, opened);
	if (closed && !P_err(r, "date"))
		P_set_err(r, "date", N_("Den unges forløb er afsluttet. Der kan ikke planlægges møder."));
	/* every invited team member must be on this course's team now */
	ParamVal *mv = NULL;
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].def->name, "member") == 0)
			mv = &r->params[i];
	char today[11];
	today_copenhagen(today);
	for (size_t i = 0; mv && i < mv->nvals; i++)
		if (!db_int(r->db, 0,
			    "SELECT COUNT(*) FROM team_member WHERE id = ? AND course_id = ?"
			    " AND (to_date IS NULL OR to_date >= ?)",
			    "IIt", strtoll(mv->vals[i], NULL, 10), course, today)) {
			P_set_err(r, "member", N_("Vælg kun deltagere fra den unges nuværende team."));
			break;
		}
	for (int i = 0; i < 3; i++) {
		if (P(r, guest_rels[i]) && !P(r, guest_names[i]) && !P_err(r, guest_names[i]))
			P_set_err(r, guest_names[i], N_("Skriv personens navn, eller fjern relationen."));
		if (P(r, guest_names[i]) && !P(r, guest_rels[i]) && !P_err(r, guest_rels[i]))
			P_set_err(r, guest_rels[i], N_("Vælg personens relation til den unge."));
	}
	if (r->nerrors) {
		r->status = 422;
		plan_form(r, person, course);
		return;
	}
	char at[21], uid[48];
	time_iso_utc(at, now());
	new_uid(uid);
	db_begin(r->db);
	/* the same form sent twice (a double click): the meeting is there already */
	long long same = db_int(r->db, 0,
				"SELECT MIN(id) FROM meeting WHERE course_id = ? AND held = 0 AND on_date = ?"
				" AND start_time = ? AND end_time = ? AND place = ?",
				"Itttt", course, P(r, "date"), start, end, P(r, "place"));
	if (same) {
		db_commit(r->db);
		Buf loc = {0};
		flash_set(r, _("Mødet var allerede planlagt. Der er ikke oprettet et nyt."));
		bprintf(&loc, "/unge/%l/moeder/%l", person, same);
		redirect(r, loc.p);
		buf_free(&loc);
		return;
	}
	long long mid = db_int(r->db, 0,
			       "INSERT INTO meeting(course_id, on_date, start_time, end_time, place, young_invited,"
			       " young_points, uid, created_by, created_at, updated_at)"
			       " VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
			       "IttttittItt", course, P(r, "date"), start, end, P(r, "place"),
			       P(r, "young") ? 1 : 0, P(r, "points") ? P(r, "points") : "", uid,
			       r->user.id, at, at);
	for (size_t i = 0; mv && i < mv->nvals; i++) {
		long long tm = strtoll(mv->vals[i], NULL, 10);
		if (db_int(r->db, 0, "SELECT COUNT(*) FROM meeting_participant WHERE meeting_id = ?"
				     " AND team_member_id = ?", "II", mid, tm))
			continue; /* the same member twice */
		char *tname = db_text(r->db, "SELECT name FROM team_member WHERE id = ?", "I", tm);
		add_participant(r->db, mid, tm, tname ? tname : "", "");
		free(tname);
	}
	for (int i = 0; i < 3; i++)
		if (P(r, guest_names[i]))
			add_participant(r->db, mid, 0, P(r, guest_names[i]), P(r, guest_rels[i]));
	log_change(r, "meeting_create", person, "ok");
	if (!db_commit(r->db))
		return;
	Buf loc = {0};
	flash_set(r, _("Mødet er planlagt. Hent invitationen og send den til deltagerne."));
	bprintf(&loc, "/unge/%l/moeder/%l", person, mid);
	redirect(r, loc.p);
	buf_free(&loc);
}

/* ---- the meeting's page ---------------------------------------------------------- */

static void meeting_title(Req *r, Buf *b, const Mtg *m)
{
	char d[11];
	date_format_dk(d, m->date);
	bprintf(b, "%h %h", _("Netværksmøde"), d);
}

static void checklist_form(Req *r, long long person, const Mtg *m)
{
	hp(r, "<section aria-labelledby=\"tjekliste\">\n<h2 id=\"tjekliste\">%h</h2>\n", _("Mødetjekliste"));
	Buf action = {0};
	bprintf(&action, "/unge/%l/moeder/%l/tjekliste", person, m->id);
	form_begin(r, action.p);
	buf_free(&action);
	for (const Choice *ph = meeting_phases; ph->key; ph++) {
		size_t plen = strlen(ph->key);
		hp(r, "<div class=\"form-group\">\n<fieldset>\n<legend class=\"form-label\">%h</legend>\n"
		      "<ul class=\"nobullet-list\">\n",
		   _(ph->label));
		for (const Choice *c = meeting_checklist; c->key; c++) {
			if (strncmp(c->key, ph->key, plen) != 0 || c->key[plen] != '_')
				continue;
			Stmt q;
			int on = 0;
			char when[17] = "";
			char *who = NULL;
			db_query(r->db, &q,
				 "SELECT k.checked_at, u.name FROM meeting_check k LEFT JOIN users u ON u.id = k.checked_by"
				 " WHERE k.meeting_id = ? AND k.item = ?",
				 "It", m->id, c->key);
			if (db_step(&q)) {
				time_t t;
				on = 1;
				if (time_parse_iso_utc(db_col_text(&q, 0), &t) == 0)
					time_format_dk(when, t);
				who = xstrdup(db_col_null(&q, 1) ? "-" : db_col_text(&q, 1));
			}
			db_finalize(&q);
			hp(r, "<li><input id=\"item-%a\" type=\"checkbox\" name=\"item\" value=\"%a\" class=\"form-checkbox\"%s>"
			      "<label for=\"item-%a\">%h",
			   c->key, c->key, on ? " checked" : "", c->key, _(c->label));
			if (on)
				hp(r, " <span class=\"hv-muted\">(%h %h, %h)</span>", _("afkrydset af"), who, when);
			hp(r, "</label>");
			if (on) /* what the user saw: only these can be unticked by this form */
				hp(r, "<input type=\"hidden\" name=\"was\" value=\"%a\">", c->key);
			hp(r, "</li>\n");
			free(who);
		}
		hp(r, "</ul>\n</fieldset>\n</div>\n");
	}
	hp(r, "<button type=\"submit\" class=\"button button-secondary\">%h</button>\n", _("Gem tjeklisten"));
	form_end(r);
	hp(r, "</section>\n");
}

static void held_form(Req *r, long long person, const Mtg *m)
{
	Stmt q;
	int post = strcmp(r->method, "POST") == 0;
	hp(r, "<section aria-labelledby=\"h-held\">\n<h2 id=\"h-held\">%h</h2>\n", _("Registrér mødet som afholdt"));
	error_summary(r);
	Buf action = {0};
	bprintf(&action, "/unge/%l/moeder/%l/afholdt", person, m->id);
	form_begin(r, action.p);
	buf_free(&action);
	hp(r, "<div class=\"hv-card hv-young\">\n");
	field_radios(r, "young_present", _("Deltog den unge i mødet? (skal udfyldes)"),
		     _("Det er hele idéen med netværksmødet, at den unge er med."), yes_no);
	hp(r, "</div>\n");
	int n = 0;
	db_query(r->db, &q, "SELECT id, name, relation FROM meeting_participant WHERE meeting_id = ? ORDER BY id",
		 "I", m->id);
	while (db_step(&q)) {
		char key[24];
		if (n++ == 0)
			group_open(r, "present", _("Hvem af de inviterede deltog?"), _("Markér dem, der var til stede."));
		snprintf(key, sizeof key, "%lld", db_col_int(&q, 0));
		hp(r, "<li><input id=\"present-%a\" type=\"checkbox\" name=\"present\" value=\"%a\" class=\"form-checkbox\"%s>"
		      "<label for=\"present-%a\">%h</label></li>\n",
		   key, key, (post ? P_has(r, "present", key) : 1) ? " checked" : "", key, db_col_text(&q, 1));
	}
	db_finalize(&q);
	if (n)
		group_close(r);
	field_textarea(r, "minutes", _("Referat"),
		       _("Hvad blev drøftet, og hvad blev besluttet? Skriv så den unge kan læse det."));
	agreements_review_fields(r, m->course); /* goals.c: follow-up of the open agreements */
	field_text(r, "next_date", _("Dato for næste møde"),
		   _("dd.mm.åååå. Mødet bliver planlagt med samme tid, sted og deltagere."), "text", "off");
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Registrér mødet"));
	form_end(r);
	hp(r, "</section>\n");
}

static void meeting_render(Req *r, long long person, const Mtg *m)
{
	Stmt q;
	char *name = person_name(r->db, person);
	char d[11], today[11];
	Buf title = {0};
	today_copenhagen(today);
	date_format_dk(d, m->date);
	meeting_title(r, &title, m);
	page_begin(r, buf_str(&title));
	breadcrumbs(r, person, name, buf_str(&title), 0, NULL);
	hp(r, "<h1>%h</h1>\n", buf_str(&title));
	hp(r, "<div class=\"hv-cols\">\n<section aria-labelledby=\"h-when\">\n<h2 id=\"h-when\">%h</h2>\n<dl class=\"hv-dl\">\n",
	   _("Tid og sted"));
	hp(r, "<dt>%h</dt><dd>%h</dd>\n<dt>%h</dt><dd>%h-%h</dd>\n<dt>%h</dt><dd>%h</dd>\n", _("Dato"), d,
	   _("Tid"), m->start, m->end, _("Sted"), m->place);
	hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Status"),
	   m->held ? _("Afholdt") : strcmp(m->date, today) < 0 ? _("Venter på at blive registreret som afholdt")
							    : _("Planlagt"));
	if (m->sequence)
		hp(r, "<dt>%h</dt><dd>%h %d</dd>\n", _("Invitation"), _("flyttet, version"), m->sequence);
	hp(r, "</dl>\n<p><a class=\"button button-secondary\" href=\"/unge/%l/moeder/%l/invitation.ics\" download>%h</a>",
	   person, m->id, _("Hent invitation (.ics)"));
	if (!m->held)
		hp(r, " <a href=\"/unge/%l/moeder/%l/flyt\">%h</a>", person, m->id, _("Flyt mødet eller ret stedet"));
	hp(r, "</p>\n</section>\n");

	hp(r, "<section aria-labelledby=\"h-who\">\n<h2 id=\"h-who\">%h</h2>\n<ul>\n", _("Inviterede"));
	hp(r, "<li><strong>%h</strong> (%h)", name, _("den unge"));
	if (!m->young_invited)
		hp(r, " <span class=\"hv-muted\">%h</span>", _("ikke inviteret"));
	if (m->held)
		hp(r, ": <strong>%h</strong>", m->young_present == 1 ? _("deltog") : _("deltog ikke"));
	hp(r, "</li>\n");
	db_query(r->db, &q,
		 "SELECT p.name, p.relation, p.present, t.actor, t.team_role FROM meeting_participant p"
		 " LEFT JOIN team_member t ON t.id = p.team_member_id WHERE p.meeting_id = ? ORDER BY p.id",
		 "I", m->id);
	while (db_step(&q)) {
		const char *what = db_col_text(&q, 1)[0] ? _(choice_label(network_relations, db_col_text(&q, 1)))
			: db_col_text(&q, 4)[0] ? db_col_text(&q, 4)
			: _(choice_label(actors, db_col_text(&q, 3)));
		hp(r, "<li>%h (%h)", db_col_text(&q, 0), what);
		if (m->held && !db_col_null(&q, 2))
			hp(r, ": %h", db_col_int(&q, 2) ? _("deltog") : _("deltog ikke"));
		hp(r, "</li>\n");
	}
	db_finalize(&q);
	hp(r, "</ul>\n</section>\n</div>\n");

	hp(r, "<section aria-labelledby=\"h-points\">\n<h2 id=\"h-points\">%h</h2>\n", _("Den unges punkter til dagsordenen"));
	if (m->points[0])
		hp(r, "<p class=\"hv-pre\">%h</p>\n", m->points);
	else
		hp(r, "<p>%h</p>\n", _("Ingen punkter skrevet endnu."));
	hp(r, "</section>\n");

	checklist_form(r, person, m);

	if (m->held) {
		hp(r, "<section aria-labelledby=\"h-minutes\">\n<h2 id=\"h-minutes\">%h</h2>\n", _("Mødet er afholdt"));
		hp(r, "<p class=\"hv-young\"><strong>%h</strong></p>\n",
		   m->young_present == 1 ? _("Den unge deltog i mødet.") : _("Den unge deltog ikke i mødet."));
		hp(r, "<h3>%h</h3>\n", _("Referat"));
		if (m->minutes[0])
			hp(r, "<p class=\"hv-pre\">%h</p>\n", m->minutes);
		else
			hp(r, "<p>%h</p>\n", _("Der er ikke skrevet referat."));
		agreements_reviewed(r, m->id); /* goals.c */
		if (m->next) {
			char nd[11];
			date_format_dk(nd, m->next);
			hp(r, "<p>%h %h.</p>\n", _("Næste møde:"), nd);
		}
		hp(r, "</section>\n");
	} else if (strcmp(m->date, today) <= 0) {
		held_form(r, person, m);
	} else {
		hp(r, "<p>%h</p>\n", _("Mødet kan registreres som afholdt fra mødedagen."));
	}
	page_end(r);
	buf_free(&title);
	free(name);
}

void page_meeting(Req *r)
{
	long long person = PI(r, "id");
	Mtg m;
	if (!person_access(r, person, "view"))
		return;
	db_begin(r->db);
	if (!mtg_load(r, person, PI(r, "mid"), &m, "view")) {
		db_commit(r->db);
		return;
	}
	meeting_render(r, person, &m);
	log_change(r, "view", person, "ok");
	db_commit(r->db);
	mtg_free(&m);
}

/* ---- moving ---------------------------------------------------------------------- */

static void move_form(Req *r, long long person, const Mtg *m)
{
	char *name = person_name(r->db, person);
	Buf title = {0};
	meeting_title(r, &title, m);
	page_begin(r, _("Flyt mødet"));
	breadcrumbs(r, person, name, _("Flyt mødet"), m->id, buf_str(&title));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Flyt mødet"),
	   _("Når du flytter mødet, får invitationen et nyt versionsnummer. Hent den igen og send den til "
	     "deltagerne, så deres kalendere bliver opdateret."));
	error_summary(r);
	Buf action = {0};
	bprintf(&action, "/unge/%l/moeder/%l/flyt", person, m->id);
	form_begin(r, action.p);
	buf_free(&action);
	field_text(r, "date", _("Dato (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	field_text(r, "start", _("Starttidspunkt (skal udfyldes)"), _("tt:mm, fx 09:30"), "text", "off");
	field_text(r, "end", _("Sluttidspunkt (skal udfyldes)"), _("tt:mm, fx 10:30"), "text", "off");
	field_text(r, "place", _("Sted (skal udfyldes)"), NULL, "text", "off");
	/* the version the user saw: a move by someone else meanwhile is not overwritten */
	hp(r, "<input type=\"hidden\" name=\"seq\" value=\"%a\">\n", field_value(r, "seq"));
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Gem ændringen"));
	form_end(r);
	page_end(r);
	buf_free(&title);
	free(name);
}

void page_meeting_move_form(Req *r)
{
	long long person = PI(r, "id");
	Mtg m;
	if (!person_access(r, person, "view"))
		return;
	db_begin(r->db);
	if (!mtg_load(r, person, PI(r, "mid"), &m, "view")) {
		db_commit(r->db);
		return;
	}
	char d[11];
	date_format_dk(d, m.date);
	prefill(r, "date", d);
	prefill(r, "start", m.start);
	prefill(r, "end", m.end);
	prefill(r, "place", m.place);
	char seq[24];
	snprintf(seq, sizeof seq, "%d", m.sequence);
	prefill(r, "seq", seq);
	move_form(r, person, &m);
	log_change(r, "view", person, "ok");
	db_commit(r->db);
	mtg_free(&m);
}

void page_meeting_move(Req *r)
{
	long long person = PI(r, "id");
	Mtg m;
	char start[6], end[6];
	if (!person_owner(r, person, "meeting_move"))
		return;
	db_begin(r->db);
	if (!mtg_load(r, person, PI(r, "mid"), &m, "meeting_move")) {
		db_commit(r->db);
		return;
	}
	check_times(r, start, end);
	check_date(r, m.opened);
	if (m.held && !P_err(r, "date"))
		P_set_err(r, "date", N_("Mødet er afholdt og kan ikke flyttes."));
	if (P(r, "seq") && PI(r, "seq") != m.sequence && !r->nerrors) {
		/* moved by someone else since the form was shown: show the meeting as it is now */
		P_set_err(r, "date", N_("Mødet er blevet flyttet af en anden, mens du rettede. Formularen viser nu "
					"den nye tid og det nye sted. Ret igen, og gem."));
		for (int i = 0; i < r->nparams; i++) {
			const char *nm = r->params[i].def->name;
			if (strcmp(nm, "date") && strcmp(nm, "start") && strcmp(nm, "end") && strcmp(nm, "place") &&
			    strcmp(nm, "seq"))
				continue;
			free(r->params[i].raw);
			r->params[i].raw = NULL;
		}
		char d[11], seq[24];
		date_format_dk(d, m.date);
		snprintf(seq, sizeof seq, "%d", m.sequence);
		prefill(r, "date", d);
		prefill(r, "start", m.start);
		prefill(r, "end", m.end);
		prefill(r, "place", m.place);
		prefill(r, "seq", seq);
	}
	if (r->nerrors) {
		r->status = 422;
		db_commit(r->db); /* nothing written */
		move_form(r, person, &m);
		mtg_free(&m);
		return;
	}
	int changed = strcmp(P(r, "date"), m.date) || strcmp(start, m.start) || strcmp(end, m.end) ||
		      strcmp(P(r, "place"), m.place);
	if (changed) {
		char at[21];
		time_iso_utc(at, now());
		db_exec(r->db,
			"UPDATE meeting SET on_date = ?, start_time = ?, end_time = ?, place = ?,"
			" sequence = sequence + 1, updated_at = ? WHERE id = ?",
			"tttttI", P(r, "date"), start, end, P(r, "place"), at, m.id);
		log_change(r, "meeting_move", person, "ok");
	}
	if (!db_commit(r->db)) {
		mtg_free(&m);
		return;
	}
	Buf loc = {0};
	if (changed)
		flash_set(r, _("Mødet er flyttet. Hent den opdaterede invitation og send den til deltagerne."));
	else
		flash_set(r, _("Intet er ændret."));
	bprintf(&loc, "/unge/%l/moeder/%l", person, m.id);
	redirect(r, loc.p);
	buf_free(&loc);
	mtg_free(&m);
}

/* ---- the checklist --------------------------------------------------------------- */

void page_meeting_checklist(Req *r)
{
	long long person = PI(r, "id");
	Mtg m;
	if (!person_owner(r, person, "meeting_checklist"))
		return;
	if (r->nerrors) {
		page_fail(r, 422, "%s", N_("Tjeklisten indeholder et punkt, der ikke findes. Genindlæs siden og prøv igen."));
		return;
	}
	db_begin(r->db);
	if (!mtg_load(r, person, PI(r, "mid"), &m, "meeting_checklist")) {
		db_commit(r->db);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	for (const Choice *c = meeting_checklist; c->key; c++) {
		int was = (int)db_int(r->db, 0, "SELECT COUNT(*) FROM meeting_check WHERE meeting_id = ? AND item = ?",
				      "It", m.id, c->key);
		int on = P_has(r, "item", c->key);
		if (on && !was)
			db_exec(r->db, "INSERT INTO meeting_check(meeting_id, item, checked_by, checked_at) VALUES (?,?,?,?)",
				"ItIt", m.id, c->key, r->user.id, at);
		else if (!on && was && P_has(r, "was", c->key)) /* a tick made meanwhile by someone else stays */
			db_exec(r->db, "DELETE FROM meeting_check WHERE meeting_id = ? AND item = ?", "It", m.id, c->key);
	}
	log_change(r, "meeting_checklist", person, "ok");
	if (!db_commit(r->db)) {
		mtg_free(&m);
		return;
	}
	Buf loc = {0};
	flash_set(r, _("Tjeklisten er gemt."));
	bprintf(&loc, "/unge/%l/moeder/%l#tjekliste", person, m.id);
	redirect(r, loc.p);
	buf_free(&loc);
	mtg_free(&m);
}

/* ---- holding the meeting --------------------------------------------------------- */

/* The next meeting: the same time, place and invitees (team members still
 * on the team, and the network persons), unless one is already planned
 * that day. */
static void plan_next(Req *r, const Mtg *m, const char *date, const char *at)
{
	if (db_int(r->db, 0, "SELECT COUNT(*) FROM meeting WHERE course_id = ? AND on_date = ?", "It",
		   m->course, date))
		return;
	char uid[48], today[11];
	new_uid(uid);
	today_copenhagen(today);
	long long nid = db_int(r->db, 0,
			       "INSERT INTO meeting(course_id, on_date, start_time, end_time, place, young_invited,"
			       " uid, created_by, created_at, updated_at) VALUES (?,?,?,?,?,1,?,?,?,?) RETURNING id",
			       "ItttttItt", m->course, date, m->start, m->end, m->place, uid, r->user.id, at, at);
	db_exec(r->db,
		"INSERT INTO meeting_participant(meeting_id, team_member_id, name, relation)"
		" SELECT ?, p.team_member_id, p.name, p.relation FROM meeting_participant p"
		" LEFT JOIN team_member t ON t.id = p.team_member_id"
		" WHERE p.meeting_id = ? AND (p.team_member_id IS NULL OR t.to_date IS NULL OR t.to_date >= ?)"
		" ORDER BY p.id",
		"IIt", nid, m->id, today);
}

void page_meeting_held(Req *r)
{
	long long person = PI(r, "id");
	Mtg m;
	char today[11];
	if (!person_owner(r, person, "meeting_held"))
		return;
	db_begin(r->db);
	if (!mtg_load(r, person, PI(r, "mid"), &m, "meeting_held")) {
		db_commit(r->db);
		return;
	}
	today_copenhagen(today);
	if (m.held) {
		db_commit(r->db);
		page_fail(r, 422, "%s", N_("Mødet er allerede registreret som afholdt."));
		mtg_free(&m);
		return;
	}
	if (strcmp(m.date, today) > 0 && !P_err(r, "young_present"))
		P_set_err(r, "young_present", N_("Mødet kan først registreres som afholdt fra mødedagen."));
	if (P(r, "next_date") && strcmp(P(r, "next_date"), m.date) <= 0)
		P_set_err(r, "next_date", N_("Næste møde skal ligge efter dette møde."));
	ParamVal *pv = NULL;
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].def->name, "present") == 0)
			pv = &r->params[i];
	for (size_t i = 0; pv && i < pv->nvals; i++)
		if (!db_int(r->db, 0, "SELECT COUNT(*) FROM meeting_participant WHERE id = ? AND meeting_id = ?",
			    "II", strtoll(pv->vals[i], NULL, 10), m.id)) {
			P_set_err(r, "present", N_("Markér kun personer, der var inviteret til mødet."));
			break;
		}
	agreements_review_check(r, m.course);
	if (r->nerrors) {
		r->status = 422;
		db_commit(r->db); /* nothing written */
		meeting_render(r, person, &m);
		mtg_free(&m);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	int young = streq(P(r, "young_present"), "yes");
	db_exec(r->db,
		"UPDATE meeting SET held = 1, young_present = ?, minutes = ?, next_date = ?, held_by = ?,"
		" held_at = ?, updated_at = ? WHERE id = ?",
		"ittIttI", young, P(r, "minutes") ? P(r, "minutes") : "", P(r, "next_date"), r->user.id, at, at,
		m.id);
	db_exec(r->db, "UPDATE meeting_participant SET present = 0 WHERE meeting_id = ?", "I", m.id);
	for (size_t i = 0; pv && i < pv->nvals; i++)
		db_exec(r->db, "UPDATE meeting_participant SET present = 1 WHERE id = ? AND meeting_id = ?", "II",
			strtoll(pv->vals[i], NULL, 10), m.id);
	agreements_review_save(r, m.course, m.id, m.date);
	if (P(r, "next_date"))
		plan_next(r, &m, P(r, "next_date"), at);
	log_change(r, "meeting_held", person, "ok");
	if (!db_commit(r->db)) {
		mtg_free(&m);
		return;
	}
	Buf loc = {0};
	if (young)
		flash_set(r, _("Mødet er registreret som afholdt med den unge til stede."));
	else
		flash_set(r, _("Mødet er registreret som afholdt. Den unge var ikke til stede, så mødet tæller "
			       "ikke med i de tre møder om året."));
	bprintf(&loc, "/unge/%l/moeder/%l", person, m.id);
	redirect(r, loc.p);
	buf_free(&loc);
	mtg_free(&m);
}

/* ---- the invitation ---------------------------------------------------------------- */

void page_meeting_ics(Req *r)
{
	long long person = PI(r, "id");
	Mtg m;
	if (!person_access(r, person, "view"))
		return;
	db_begin(r->db);
	if (!mtg_load(r, person, PI(r, "mid"), &m, "view")) {
		db_commit(r->db);
		return;
	}
	/* only the first name of the young person; never a CPR number */
	char *full = person_name(r->db, person);
	size_t fl = strcspn(full, " \t");
	full[fl] = 0;
	Buf summary = {0}, desc = {0};
	buf_puts(&summary, _("Netværksmøde"));
	if (fl) {
		buf_puts(&summary, " ");
		buf_puts(&summary, _("med"));
		buf_puts(&summary, " ");
		buf_puts(&summary, full);
	}
	buf_puts(&desc, buf_str(&summary));
	buf_puts(&desc, ".\n");
	buf_puts(&desc, _("Dagsorden og referat findes i hjemvej."));

	/* the organizer: the coordinator, when they are on the team with an e-mail */
	char org_mail[256] = "";
	char *org_name = NULL;
	Stmt q;
	db_query(r->db, &q,
		 "SELECT u.name, t.contact FROM person p JOIN users u ON u.id = p.coordinator_id"
		 " LEFT JOIN team_member t ON t.user_id = u.id AND t.course_id = ? WHERE p.id = ?",
		 "II", m.course, person);
	while (db_step(&q))
		if (!org_mail[0] && ical_find_email(db_col_text(&q, 1), org_mail, sizeof org_mail)) {
			free(org_name);
			org_name = xstrdup(db_col_text(&q, 0));
		}
	db_finalize(&q);

	IcalAttendee *att = NULL;
	int natt = 0;
	db_query(r->db, &q,
		 "SELECT p.name, t.contact FROM meeting_participant p JOIN team_member t ON t.id = p.team_member_id"
		 " WHERE p.meeting_id = ? ORDER BY p.id",
		 "I", m.id);
	while (db_step(&q)) {
		char mail[256];
		if (!ical_find_email(db_col_text(&q, 1), mail, sizeof mail))
			continue;
		att = xrealloc(att, (size_t)(natt + 1) * sizeof *att);
		att[natt].name = xstrdup(db_col_text(&q, 0));
		att[natt].email = xstrdup(mail);
		natt++;
	}
	db_finalize(&q);

	IcalEvent e = {
		.uid = m.uid, .sequence = m.sequence, .dtstamp = now(), .date = m.date, .start = m.start,
		.end = m.end, .summary = buf_str(&summary), .location = m.place, .description = buf_str(&desc),
		.organizer_name = org_name, .organizer_email = org_mail, .attendees = att, .nattendees = natt,
	};
	buf_reset(&r->out);
	ical_invitation(&r->out, &e);
	r->ctype = "text/calendar; charset=utf-8";
	Buf cd = {0};
	bprintf(&cd, "attachment; filename=\"netvaerksmoede-%h.ics\"", m.date);
	req_header(r, "Content-Disposition", buf_str(&cd));
	buf_free(&cd);
	log_change(r, "view", person, "ok");
	db_commit(r->db);

	for (int i = 0; i < natt; i++) {
		free((char *)att[i].name);
		free((char *)att[i].email);
	}
	free(att);
	free(org_name);
	free(full);
	buf_free(&summary);
	buf_free(&desc);
	mtg_free(&m);
}

/* ---- the young person's page and the caseload ---------------------------------- */

static void date_cell(Req *r, const char *iso)
{
	char d[11];
	date_format_dk(d, iso);
	hp(r, "%h", d);
}

/* A meeting as the section lists it. */
typedef struct MtgRow {
	long long id;
	int held, young_present;
	char date[11];
	char *start, *end, *place;
} MtgRow;

/* planned: by date, start time, id */
static int mtg_planned_cmp(const void *a, const void *b)
{
	const MtgRow *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	if (!c)
		c = strcmp(x->start, y->start);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* held: the latest first */
static int mtg_held_cmp(const void *a, const void *b)
{
	const MtgRow *x = a, *y = b;
	int c = strcmp(y->date, x->date);
	return c ? c : (y->id > x->id) - (y->id < x->id);
}

/* The course's meetings are read in one statement; the rule (course_rule)
 * is computed from them and the course's state. */
void meeting_section(Req *r, long long person, long long course)
{
	Stmt q;
	MeetingRule mr;
	CourseState cs;
	char today[11], next[11] = "";
	today_copenhagen(today);
	hp(r, "<section aria-labelledby=\"h-meetings\">\n<h2 id=\"h-meetings\">%h</h2>\n", _("Netværksmøder"));
	if (!course) {
		hp(r, "<p>%h</p>\n</section>\n", _("Den unge har intet forløb."));
		return;
	}
	course_state_load(r->db, course, &cs);
	MtgRow *m = NULL;
	size_t nm = 0, cap = 0, nplanned = 0, nheld = 0;
	db_query(r->db, &q,
		 "SELECT id, on_date, start_time, end_time, place, held, young_present FROM meeting WHERE course_id = ?",
		 "I", course);
	while (db_step(&q)) {
		m = rows_add(m, &nm, &cap, sizeof *m);
		MtgRow *x = &m[nm - 1];
		x->id = db_col_int(&q, 0);
		str_copy(x->date, sizeof x->date, db_col_text(&q, 1));
		x->start = xstrdup(db_col_text(&q, 2));
		x->end = xstrdup(db_col_text(&q, 3));
		x->place = xstrdup(db_col_text(&q, 4));
		x->held = (int)db_col_int(&q, 5);
		x->young_present = (int)db_col_int(&q, 6); /* NULL: 0 */
	}
	db_finalize(&q);
	/* planned (held = 0) first, then held (held = 1), each in its order */
	MtgRow *planned = xcalloc(nm + 1, sizeof *planned), *held = xcalloc(nm + 1, sizeof *held);
	const char **counted = xcalloc(nm + 1, sizeof *counted);
	int ncounted = 0;
	for (size_t i = 0; i < nm; i++) {
		if (m[i].held == 0) {
			planned[nplanned++] = m[i];
			if (strcmp(m[i].date, today) >= 0 && (!next[0] || strcmp(m[i].date, next) < 0))
				memcpy(next, m[i].date, sizeof next);
		} else if (m[i].held == 1) {
			held[nheld++] = m[i];
			if (m[i].young_present == 1)
				counted[ncounted++] = m[i].date;
		}
	}
	if (nplanned > 1)
		qsort(planned, nplanned, sizeof *planned, mtg_planned_cmp);
	if (nheld > 1)
		qsort(held, nheld, sizeof *held, mtg_held_cmp);
	/* as course_rule: due only in the model (from step 3), until it ends */
	int closed = cs.closed_on[0] != 0;
	int in_model = cs.date[3][0] && !cs.date[7][0] && !closed;
	if (in_model) {
		meeting_rule(cs.date[3], counted, ncounted, today, &mr);
	} else { /* nothing is due, but the meetings held still count */
		char from[11];
		memset(&mr, 0, sizeof mr);
		date_add_months(from, today, -12);
		for (int i = 0; i < ncounted; i++)
			if (strcmp(counted[i], from) > 0 && strcmp(counted[i], today) <= 0)
				mr.held_12m++;
	}
	hp(r, "<p>%h</p>\n", _("Den unge skal være med til mindst tre netværksmøder om året. Derfor må der højst "
			       "gå fire måneder fra et møde, hvor den unge var med, til det næste."));
	hp(r, "<dl class=\"hv-dl hv-card\">\n<dt>%h</dt><dd><strong>%d</strong> %h</dd>\n",
	   _("Møder med den unge til stede de sidste 12 måneder"), mr.held_12m,
	   mr.held_12m >= 3 ? _("(mindst 3: godt)") : _("(skal være mindst 3)"));
	hp(r, "<dt>%h</dt><dd>", _("Næste planlagte møde"));
	if (next[0])
		date_cell(r, next);
	else
		hp(r, "%h", _("Intet møde planlagt"));
	hp(r, "</dd>\n");
	hp(r, "<dt>%h</dt><dd>", _("Næste møde skal holdes senest"));
	if (in_model) {
		date_cell(r, mr.due);
		if (mr.overdue)
			hp(r, " <strong class=\"hv-overdue\">%h</strong>", _("Overskredet"));
	} else {
		hp(r, "%h", closed ? _("Forløbet er afsluttet") : _("Fire måneder efter starten i samarbejdsmodellen"));
	}
	hp(r, "</dd>\n");
	hp(r, "</dl>\n");
	int owner = person_is_owner(r, person); /* only the case owner plans and opens meetings */
	if (!closed && owner)
		hp(r, "<p><a class=\"button button-primary\" href=\"/unge/%l/moeder/ny\">%h</a></p>\n", person,
		   _("Planlæg netværksmøde"));

	for (size_t i = 0; i < nplanned; i++) {
		const MtgRow *x = &planned[i];
		if (i == 0)
			hp(r, "<h3>%h</h3>\n<table class=\"table table--compact\">\n<thead><tr><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			   _("Planlagte møder"), _("Dato"), _("Tid"), _("Sted"));
		char d[11];
		date_format_dk(d, x->date);
		if (owner)
			hp(r, "<tr><td><a href=\"/unge/%l/moeder/%l\">%h</a>", person, x->id, d);
		else
			hp(r, "<tr><td>%h", d);
		if (strcmp(x->date, today) < 0)
			hp(r, " <span class=\"hv-muted\">(%h)</span>", _("ikke registreret som afholdt"));
		hp(r, "</td><td>%h-%h</td><td>%h</td></tr>\n", x->start, x->end, x->place);
	}
	if (nplanned)
		hp(r, "</tbody>\n</table>\n");
	for (size_t i = 0; i < nheld; i++) {
		const MtgRow *x = &held[i];
		if (i == 0)
			hp(r, "<h3>%h</h3>\n<table class=\"table table--compact\">\n<thead><tr><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			   _("Afholdte møder"), _("Dato"), _("Den unge deltog"), _("Sted"));
		char d[11];
		date_format_dk(d, x->date);
		if (owner)
			hp(r, "<tr><td><a href=\"/unge/%l/moeder/%l\">%h</a>", person, x->id, d);
		else
			hp(r, "<tr><td>%h", d);
		hp(r, "</td><td>%h</td><td>%h</td></tr>\n", x->young_present ? _("Ja") : _("Nej"), x->place);
	}
	if (nheld)
		hp(r, "</tbody>\n</table>\n");
	hp(r, "</section>\n");
	for (size_t i = 0; i < nm; i++) {
		free(m[i].start);
		free(m[i].end);
		free(m[i].place);
	}
	free(m);
	free(planned);
	free(held);
	free(counted);
}

/* The "Næste møde" cell of "Mine unge": the next planned meeting and the
 * date the next meeting is due, marked when overdue. */
void meeting_cell_draw(Req *r, const MeetingCell *c)
{
	hp(r, "<td data-title=\"%a\">", _("Næste møde"));
	if (c->next[0]) {
		hp(r, "%h ", _("Planlagt"));
		date_cell(r, c->next);
		hp(r, "<br>");
	}
	if (c->overdue == 1) {
		hp(r, "<strong class=\"hv-overdue\">%h</strong> <span class=\"hv-muted\">(%h ", _("Overskredet"),
		   _("senest"));
		date_cell(r, c->due);
		hp(r, ")</span>");
	} else if (c->overdue == 0) {
		hp(r, "<span class=\"hv-muted\">%h ", _("senest"));
		date_cell(r, c->due);
		hp(r, "</span>");
	}
	hp(r, "</td>");
}

void meeting_caseload_cell(Req *r, long long course)
{
	MeetingCell c;
	char today[11];
	memset(&c, 0, sizeof c);
	c.course = course;
	today_copenhagen(today);
	c.overdue = meeting_next_due(r->db, course, c.due);
	char *next = db_text(r->db,
			     "SELECT MIN(on_date) FROM meeting WHERE course_id = ? AND held = 0 AND on_date >= ?",
			     "It", course, today);
	snprintf(c.next, sizeof c.next, "%s", next ? next : "");
	free(next);
	meeting_cell_draw(r, &c);
}

/* The cells of the open courses in cs (course_states_open of the same
 * ids, a JSON array of course ids), as meeting_caseload_cell gives each:
 * the meetings in one statement, merged in C.  out[i] is cs[i]'s. */
MeetingCell *meeting_cells_open(Db *db, const char *ids, const struct CourseState *cs, size_t n, const char *today)
{
	Stmt q;
	/* held with the young person present (the rule), or planned from today */
	db_query(db, &q,
		 "SELECT m.course_id, m.held, m.on_date FROM meeting m"
		 " WHERE m.course_id IN (SELECT value FROM json_each(?))"
		 " AND ((m.held = 1 AND m.young_present = 1) OR (m.held = 0 AND m.on_date >= ?))"
		 " ORDER BY m.course_id, m.on_date",
		 "tt", ids, today);
	return meeting_cells_read(&q, cs, n, today);
}

/* The cells of the courses in cs from a statement the caller ran: the
 * meetings held with the young person present and those planned from
 * today (course id, held, date), in course id and date order.  Finalized. */
MeetingCell *meeting_cells_read(Stmt *q, const CourseState *cs, size_t n, const char *today)
{
	typedef struct M {
		long long course;
		int held;
		char date[11];
	} M;
	M *m = NULL;
	size_t nm = 0, cap = 0;
	while (db_step(q)) {
		m = rows_add(m, &nm, &cap, sizeof *m);
		m[nm - 1].course = db_col_int(q, 0);
		m[nm - 1].held = db_col_int(q, 1) == 1;
		snprintf(m[nm - 1].date, sizeof m[nm - 1].date, "%s", db_col_text(q, 2));
	}
	db_finalize(q);
	MeetingCell *out = xcalloc(n, sizeof *out);
	const char **held = xcalloc(nm + 1, sizeof *held);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		MeetingCell *c = &out[i];
		int nheld = 0;
		c->course = cs[i].id;
		while (j < nm && m[j].course < c->course)
			j++;
		for (; j < nm && m[j].course == c->course; j++) {
			if (m[j].held)
				held[nheld++] = m[j].date;
			else if (!c->next[0])
				memcpy(c->next, m[j].date, sizeof c->next);
		}
		/* as course_rule: due only in the model, until it ends */
		if (!cs[i].date[3][0] || cs[i].date[7][0] || cs[i].closed_on[0]) {
			c->overdue = -1;
			continue;
		}
		MeetingRule mr;
		meeting_rule(cs[i].date[3], held, nheld, today, &mr);
		memcpy(c->due, mr.due, sizeof c->due);
		c->overdue = mr.overdue;
	}
	free(held);
	free(m);
	return out;
}

/* ---- demo ------------------------------------------------------------------------- */

static void days_after(char out[11], const char *iso, long days)
{
	char tmp[21];
	time_t t;
	snprintf(tmp, sizeof tmp, "%sT12:00:00Z", iso);
	if (time_parse_iso_utc(tmp, &t))
		t = now();
	time_iso_utc(tmp, t + days * 86400);
	memcpy(out, tmp, 10);
	out[10] = 0;
}

/* Meetings for a demo course: from step 3 (started in the model) a first
 * meeting within a few weeks, then one every 2-5 months until today or the
 * end of the course, most with the young person present, the team invited
 * and the checklist mostly ticked; a planned meeting ahead for an open
 * course.  Reproducible from the seed, with its own random sequence so it
 * does not shift the rest of the demo. */
void meeting_demo(Db *db, long long course, unsigned seed)
{
	static const char *const places[] = {
		"Jobcentret, mødelokale 2", "Den unges bolig", "Ungecaféen, Søndergade 12",
		"Rådhuset, lokale 114", "Herberget, samtalerummet",
	};
	static const char *const times[][2] = {{"09:00", "10:30"}, {"10:00", "11:00"}, {"13:00", "14:30"},
					       {"14:00", "15:00"}};
	static const char *const minutes[] = {
		"Vi gennemgik aftalerne fra sidst. Boligansøgningen er sendt. Den unge vil gerne i gang med "
		"et forløb på produktionsskolen.",
		"Den unge fortalte om sin uge. Vi talte om økonomi og budget. Jobcentret sørger for et møde "
		"om uddannelseshjælp.",
		"Gennemgang af mål om bolig og netværk. Den unge har fået kontakt til sin moster igen.",
		"Status på behandling og bostøtte. Næste skridt: besøg på bostedet sammen med bostøtten.",
	};
	static const char *const absent = "Den unge kom ikke i dag. Vi aftalte, at koordinatoren ringer til "
					  "den unge i morgen og finder en ny dato sammen med den unge.";
	unsigned long long g = 0x2545F4914F6CDD1Dull ^ ((unsigned long long)seed << 20) ^
			       (unsigned long long)course * 0x9E3779B97F4A7C15ull;
#define R(n) (g ^= g << 13, g ^= g >> 7, g ^= g << 17, (unsigned)(g % (n)))
	char *started = db_text(db, "SELECT MIN(on_date) FROM course_event WHERE course_id = ? AND step = 3", "I",
				course);
	char *ended = db_text(db, "SELECT MIN(on_date) FROM course_event WHERE course_id = ? AND step = 7", "I",
			      course);
	long long coord = db_int(db, 0,
				 "SELECT p.coordinator_id FROM person p JOIN course c ON c.person_id = p.id WHERE c.id = ?",
				 "I", course);
	char today[11], at[21], d[11], stop[11];
	today_copenhagen(today);
	time_iso_utc(at, now());
	if (!started || !started[0])
		goto out;
	snprintf(stop, sizeof stop, "%s", ended && ended[0] ? ended : today);
	long off = 10 + (long)R(20);
	for (int k = 0;; k++) {
		char uid[64], next[11];
		days_after(d, started, off);
		int past = strcmp(d, stop) < 0;
		if (!past && ended && ended[0])
			break;
		if (!past) /* the planned meeting: within the next weeks */
			days_after(d, today, 7 + (long)R(40));
		snprintf(uid, sizeof uid, "demo-%u-%lld-%d@hjemvej", seed, course, k);
		unsigned tm = R(4), pl = R(5);
		int young = R(5) != 0;
		off += 60 + (long)R(90);
		days_after(next, started, off);
		long long mid = db_int(db, 0,
				       "INSERT INTO meeting(course_id, on_date, start_time, end_time, place, young_invited,"
				       " young_points, uid, created_by, created_at, updated_at)"
				       " VALUES (?,?,?,?,?,1,?,?,?,?,?) RETURNING id",
				       "IttttttJtt", course, d, times[tm][0], times[tm][1], places[pl],
				       R(2) ? "Min bolig, og hvad der skal ske med den." : "", uid, coord, at, at);
		db_exec(db,
			"INSERT INTO meeting_participant(meeting_id, team_member_id, name, relation)"
			" SELECT ?, id, name, '' FROM team_member WHERE course_id = ? ORDER BY id",
			"II", mid, course);
		if (!past) {
			db_exec(db, "INSERT INTO meeting_check(meeting_id, item, checked_by, checked_at) VALUES (?,?,?,?)",
				"ItJt", mid, "before_agenda", coord, at);
			break;
		}
		db_exec(db,
			"UPDATE meeting SET held = 1, young_present = ?, minutes = ?, next_date = ?, held_by = ?,"
			" held_at = ? WHERE id = ?",
			"ittJtI", young, young ? minutes[R(4)] : absent, next, coord, at, mid);
		db_exec(db, "UPDATE meeting_participant SET present = 1 WHERE meeting_id = ?", "I", mid);
		if (R(3) == 0)
			db_exec(db,
				"UPDATE meeting_participant SET present = 0 WHERE id = (SELECT MIN(id) FROM"
				" meeting_participant WHERE meeting_id = ?)",
				"I", mid);
		for (const Choice *c = meeting_checklist; c->key; c++)
			if (R(6) != 0)
				db_exec(db,
					"INSERT INTO meeting_check(meeting_id, item, checked_by, checked_at) VALUES (?,?,?,?)",
					"ItJt", mid, c->key, coord, at);
	}
#undef R
out:
	free(started);
	free(ended);
}

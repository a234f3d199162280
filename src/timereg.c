/* timereg.c: time registration per quarter (registrering af tidsforbrug,
 * DOMAIN.md §7) and the municipality's hourly cost.
 *
 * Every calendar quarter each coordinator and support worker registers
 * their hours per method (Samarbejdsmodellen, CTI, ICM, ACT), split into
 * direct contact with the young person, network meetings, coordination and
 * cooperation, and transport; stored as minutes in time_hours.  A project
 * leader registers too when they coordinate young people (or have
 * registered before).  A quarter is due the day after it ends, shows on
 * the worklist OPEN_DAYS before and is late GRACE_DAYS after (due_state).
 * A person's quarters run from the quarter they were created in, or from
 * their first registration when that is earlier (history entered later,
 * as in the demo).
 *
 * The form is prefilled from the data that has durations (timereg_prefill):
 * the contacts a support worker recorded (or, with no recorder, those on a
 * support course where they were the worker that day) give direct contact
 * and transport per method; the network meetings held in the quarter for
 * the young people a coordinator coordinates give meetings under
 * Samarbejdsmodellen.  The person corrects and submits.  One registration
 * per person and quarter; it is amended with version (409) and every
 * changed cell kept in change_log (entity time_registration).
 *
 * Access: a registration is seen by its owner and by the project leader of
 * the municipality; anyone else gets 404 (logged).  Only the owner amends.
 * Every view and change is in the access log (person_id 0). */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

const Choice time_methods[] = {
	{"model", N_("Samarbejdsmodellen")},
	{"cti", N_("CTI")},
	{"icm", N_("ICM")},
	{"act", N_("ACT")},
	{0, 0},
};

const Choice time_categories[] = {
	{"direct", N_("Direkte kontakt med den unge")},
	{"meetings", N_("Netværksmøder (forberedelse, afholdelse, opfølgning)")},
	{"coordination", N_("Koordinering og samarbejde")},
	{"transport", N_("Transport")},
	{0, 0},
};

/* the form's field per cell: "<method>_<category>" */
static const char *const cell_names[TIME_METHODS][TIME_CATEGORIES] = {
	{"model_direct", "model_meetings", "model_coordination", "model_transport"},
	{"cti_direct", "cti_meetings", "cti_coordination", "cti_transport"},
	{"icm_direct", "icm_meetings", "icm_coordination", "icm_transport"},
	{"act_direct", "act_meetings", "act_coordination", "act_transport"},
};

/* the change_log field and its name in the history */
static const char *const cell_fields[TIME_METHODS][TIME_CATEGORIES] = {
	{"model.direct", "model.meetings", "model.coordination", "model.transport"},
	{"cti.direct", "cti.meetings", "cti.coordination", "cti.transport"},
	{"icm.direct", "icm.meetings", "icm.coordination", "icm.transport"},
	{"act.direct", "act.meetings", "act.coordination", "act.transport"},
};

static const char *const cell_titles[TIME_METHODS][TIME_CATEGORIES] = {
	{N_("Samarbejdsmodellen: direkte kontakt"), N_("Samarbejdsmodellen: netværksmøder"),
	 N_("Samarbejdsmodellen: koordinering og samarbejde"), N_("Samarbejdsmodellen: transport")},
	{N_("CTI: direkte kontakt"), N_("CTI: netværksmøder"), N_("CTI: koordinering og samarbejde"),
	 N_("CTI: transport")},
	{N_("ICM: direkte kontakt"), N_("ICM: netværksmøder"), N_("ICM: koordinering og samarbejde"),
	 N_("ICM: transport")},
	{N_("ACT: direkte kontakt"), N_("ACT: netværksmøder"), N_("ACT: koordinering og samarbejde"),
	 N_("ACT: transport")},
};

#define MAX_HOURLY_COST 10000

static const Choice no_hours[] = {
	{"1", N_("Ingen timer i kvartalet")},
	{0, 0},
};

/* ---- the rules (pure) ------------------------------------------------------- */

/* Hours as typed ("7,5", "7.5", "12", ",5"): at most one decimal (a
 * further zero is allowed: "7,50"); empty is 0.  *minutes gets the
 * value in minutes.  HOURS_OK or the reason it is refused. */
int hours_parse(const char *s, long long *minutes)
{
	*minutes = 0;
	if (!s)
		return HOURS_OK;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return HOURS_OK;
	int neg = 0;
	size_t i = 0;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
	}
	long long whole = 0;
	int digits = 0, huge = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (whole > 100000000)
			huge = 1;
		else
			whole = whole * 10 + (s[i] - '0');
	}
	int tenth = 0, decimals = 0, extra = 0;
	if (i < n && (s[i] == ',' || s[i] == '.')) {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, decimals++) {
			if (decimals == 0)
				tenth = s[i] - '0';
			else if (s[i] != '0')
				extra = 1;
		}
		if (!decimals)
			return HOURS_FORMAT;
	}
	if (i != n || digits + decimals == 0)
		return HOURS_FORMAT;
	if (neg && (whole || tenth || extra))
		return HOURS_NEGATIVE;
	if (extra)
		return HOURS_DECIMALS;
	if (huge || whole > 1000000)
		return HOURS_HUGE;
	*minutes = whole * 60 + tenth * 6;
	return HOURS_OK;
}

/* Minutes as hours with at most one decimal (rounded), a decimal comma:
 * "7,5", "8". */
void hours_format(char out[32], long long minutes)
{
	long long tenths = (minutes * 10 + 30) / 60;
	if (tenths % 10)
		snprintf(out, 32, "%lld,%lld", tenths / 10, tenths % 10);
	else
		snprintf(out, 32, "%lld", tenths / 10);
}

/* The most minutes a quarter can hold (its days × 24 hours); 0 when from
 * is not the first day of a calendar quarter. */
long long timereg_limit(const char *from)
{
	char f[11], t[11];
	if (!from)
		return 0;
	period_of(from, 3, f, t);
	if (!f[0] || !streq(f, from))
		return 0;
	return (days_between(f, t) + 1) * 24 * 60;
}

/* May a registration be made for the quarter starting on from?  start:
 * the first day of the person's first quarter.  NULL or the message. */
const char *timereg_quarter_check(const char *from, const char *today, const char *start)
{
	char f[11], t[11], cur[11], ct[11];
	if (!from || !timereg_limit(from))
		return N_("Vælg et kvartal ud fra dets første dag (1. januar, 1. april, 1. juli eller 1. oktober).");
	period_of(today, 3, cur, ct);
	if (strcmp(from, cur) > 0)
		return N_("Kvartalet er ikke begyndt endnu. Timerne registreres, når kvartalet er ved at være slut.");
	period_of(from, 3, f, t);
	if (start && start[0] && strcmp(t, start) < 0)
		return N_("Kvartalet ligger før du blev oprettet som bruger. Der skal ikke registreres tid for det.");
	return NULL;
}

/* minutes between "HH:MM" times; 0 when end is not after start */
static long meeting_minutes(const char *start, const char *end)
{
	int h1, m1, h2, m2;
	if (sscanf(start, "%2d:%2d", &h1, &m1) != 2 || sscanf(end, "%2d:%2d", &h2, &m2) != 2)
		return 0;
	long d = (h2 * 60L + m2) - (h1 * 60L + m1);
	return d > 0 ? d : 0;
}

static int method_index(const char *key)
{
	for (int i = 0; time_methods[i].key; i++)
		if (streq(time_methods[i].key, key))
			return i;
	return -1;
}

/* The suggestion for a person's quarter from the data with durations. */
void timereg_prefill(Db *db, long long user_id, const char *from, const char *to, TimePrefill *out)
{
	memset(out, 0, sizeof *out);
	Stmt q;
	db_query(db, &q,
		 "SELECT s.method, COUNT(*), COALESCE(SUM(c.minutes), 0), COALESCE(SUM(c.travel_minutes), 0)"
		 " FROM contact c JOIN support_course s ON s.id = c.support_id"
		 " WHERE c.on_date >= ? AND c.on_date <= ? AND (c.created_by = ? OR (c.created_by IS NULL AND EXISTS"
		 " (SELECT 1 FROM support_worker w WHERE w.support_id = c.support_id AND w.user_id = ?"
		 " AND w.from_on <= c.on_date AND (w.to_on IS NULL OR w.to_on >= c.on_date))))"
		 " GROUP BY s.method",
		 "ttII", from, to, user_id, user_id);
	while (db_step(&q)) {
		int m = method_index(db_col_text(&q, 0));
		if (m < 0)
			continue;
		out->contacts[m] += (int)db_col_int(&q, 1);
		out->minutes[m][TIME_DIRECT] += db_col_int(&q, 2);
		out->minutes[m][TIME_TRANSPORT] += db_col_int(&q, 3);
	}
	db_finalize(&q);
	db_query(db, &q,
		 "SELECT m.start_time, m.end_time FROM meeting m JOIN course c ON c.id = m.course_id"
		 " JOIN person p ON p.id = c.person_id"
		 " WHERE p.coordinator_id = ? AND m.held = 1 AND m.on_date >= ? AND m.on_date <= ?",
		 "Itt", user_id, from, to);
	while (db_step(&q)) {
		out->meetings++;
		out->minutes[TIME_MODEL][TIME_MEETINGS] += meeting_minutes(db_col_text(&q, 0), db_col_text(&q, 1));
	}
	db_finalize(&q);
}

/* ---- loading -------------------------------------------------------------------- */

typedef struct TimeReg {
	long long id, user_id, version;
	char from[11], to[11];
	char submitted[21];
	char *note, *name;
	long long minutes[TIME_METHODS][TIME_CATEGORIES];
} TimeReg;

static void reg_free(TimeReg *t)
{
	free(t->note);
	free(t->name);
	t->note = t->name = NULL;
}

static void load_hours(Db *db, long long id, long long minutes[TIME_METHODS][TIME_CATEGORIES])
{
	memset(minutes, 0, sizeof(long long) * TIME_METHODS * TIME_CATEGORIES);
	Stmt q;
	db_query(db, &q, "SELECT method, category, minutes FROM time_hours WHERE registration_id = ?", "I", id);
	while (db_step(&q)) {
		int m = method_index(db_col_text(&q, 0));
		for (int c = 0; m >= 0 && c < TIME_CATEGORIES; c++)
			if (streq(time_categories[c].key, db_col_text(&q, 1)))
				minutes[m][c] = db_col_int(&q, 2);
	}
	db_finalize(&q);
}

/* The registration in the user's municipality; 0 when there is none. */
static int reg_load(Req *r, long long id, TimeReg *t)
{
	memset(t, 0, sizeof *t);
	Stmt q;
	db_query(r->db, &q,
		 "SELECT t.id, t.user_id, t.version, t.period_from, t.period_to, t.submitted_at, t.note, u.name"
		 " FROM time_registration t JOIN users u ON u.id = t.user_id WHERE t.id = ? AND t.municipality_id = ?",
		 "II", id, r->user.municipality_id);
	if (db_step(&q)) {
		t->id = db_col_int(&q, 0);
		t->user_id = db_col_int(&q, 1);
		t->version = db_col_int(&q, 2);
		snprintf(t->from, sizeof t->from, "%s", db_col_text(&q, 3));
		snprintf(t->to, sizeof t->to, "%s", db_col_text(&q, 4));
		snprintf(t->submitted, sizeof t->submitted, "%s", db_col_text(&q, 5));
		t->note = xstrdup(db_col_text(&q, 6));
		t->name = xstrdup(db_col_text(&q, 7));
	}
	db_finalize(&q);
	if (t->id)
		load_hours(r->db, t->id, t->minutes);
	return t->id != 0;
}

static long long total_of(long long minutes[TIME_METHODS][TIME_CATEGORIES])
{
	long long s = 0;
	for (int m = 0; m < TIME_METHODS; m++)
		for (int c = 0; c < TIME_CATEGORIES; c++)
			s += minutes[m][c];
	return s;
}

/* The first day of the person's first quarter: the quarter they were
 * created in, or of their first registration when that is earlier. */
static void user_start(Db *db, long long user_id, char out[11])
{
	char t[11], created[11] = "";
	char *c = db_text(db, "SELECT created_at FROM users WHERE id = ?", "I", user_id);
	if (c)
		snprintf(created, sizeof created, "%.10s", c);
	free(c);
	period_of(created, 3, out, t);
	char *first = db_text(db, "SELECT MIN(period_from) FROM time_registration WHERE user_id = ?", "I", user_id);
	if (first && (!out[0] || strcmp(first, out) < 0))
		snprintf(out, 11, "%s", first);
	free(first);
}

/* Does the user register time?  Coordinators and support workers; a
 * project leader who coordinates young people or has registered before. */
static int registers(Db *db, long long user_id, int role)
{
	if (role & (ROLE_COORDINATOR | ROLE_SUPPORT))
		return 1;
	if (!(role & ROLE_PROJECT_LEADER))
		return 0;
	return db_int(db, 0, "SELECT COUNT(*) FROM person WHERE coordinator_id = ?", "I", user_id) > 0 ||
	       db_int(db, 0, "SELECT COUNT(*) FROM time_registration WHERE user_id = ?", "I", user_id) > 0;
}

static long long reg_of(Db *db, long long user_id, const char *from)
{
	return db_int(db, 0, "SELECT id FROM time_registration WHERE user_id = ? AND period_from = ?", "It", user_id,
		      from);
}

static void audit(Req *r, const char *action, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, 0, r->route->purpose, result);
}

/* ---- showing ------------------------------------------------------------------ */

static void quarter_name(Req *r, const char *from)
{
	int y = 0, m = 0, d = 0;
	sscanf(from, "%4d-%2d-%2d", &y, &m, &d);
	hp(r, "%d. %h %d", (m - 1) / 3 + 1, _("kvartal"), y);
}

static void quarter_span(Req *r, const char *from, const char *to)
{
	char a[11], b[11];
	date_format_dk(a, from);
	date_format_dk(b, to);
	hp(r, "%h–%h", a, b);
}

static void show_hours(Req *r, long long minutes)
{
	char h[32];
	hours_format(h, minutes);
	hp(r, "%h", h);
}

/* whole kroner with a thousands point: "12.345" */
static void show_kroner(Req *r, long long kr)
{
	char s[32], out[48];
	int n = snprintf(s, sizeof s, "%lld", kr < 0 ? -kr : kr), k = 0;
	if (kr < 0)
		out[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = s[i];
	}
	out[k] = 0;
	hp(r, "%h %h", out, _("kr."));
}

static long long cost_of(long long minutes, long long hourly)
{
	return (minutes * hourly + 30) / 60;
}

static long long hourly_cost(Db *db, long long municipality)
{
	return db_int(db, 387, "SELECT hourly_cost FROM municipality WHERE id = ?", "I", municipality);
}

static void breadcrumbs(Req *r, const char *here)
{
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/dokumentation\" class=\"breadcrumbs__link\">%h</a></li>",
	   _("Brødkrumme"), _("Dokumentation"));
	if (here)
		hp(r, "<li class=\"breadcrumbs__list-item\"><a href=\"/tid\" class=\"breadcrumbs__link\">%h</a></li>"
		      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li>",
		   _("Tidsregistrering"), here);
	else
		hp(r, "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li>", _("Tidsregistrering"));
	hp(r, "</ol></nav>\n");
}

/* The hours of a registration: methods as rows, categories as columns. */
static void hours_table(Req *r, long long minutes[TIME_METHODS][TIME_CATEGORIES], long long hourly)
{
	hp(r, "<table class=\"table table--compact table--responsive-headers hv-time-table\">\n<caption>%h</caption>\n"
	      "<thead><tr><th scope=\"col\">%h</th>",
	   _("Timer pr. metode"), _("Metode"));
	for (int c = 0; c < TIME_CATEGORIES; c++)
		hp(r, "<th scope=\"col\">%h</th>", _(time_categories[c].label));
	hp(r, "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n", _("I alt"));
	long long col[TIME_CATEGORIES] = {0};
	for (int m = 0; m < TIME_METHODS; m++) {
		long long row = 0;
		hp(r, "<tr><th scope=\"row\" data-title=\"%a\">%h</th>", _("Metode"), _(time_methods[m].label));
		for (int c = 0; c < TIME_CATEGORIES; c++) {
			hp(r, "<td data-title=\"%a\">", _(time_categories[c].label));
			show_hours(r, minutes[m][c]);
			hp(r, "</td>");
			row += minutes[m][c];
			col[c] += minutes[m][c];
		}
		hp(r, "<td data-title=\"%a\"><strong>", _("I alt"));
		show_hours(r, row);
		hp(r, "</strong></td></tr>\n");
	}
	hp(r, "<tr><th scope=\"row\" data-title=\"%a\">%h</th>", _("Metode"), _("I alt"));
	for (int c = 0; c < TIME_CATEGORIES; c++) {
		hp(r, "<td data-title=\"%a\"><strong>", _(time_categories[c].label));
		show_hours(r, col[c]);
		hp(r, "</strong></td>");
	}
	hp(r, "<td data-title=\"%a\"><strong>", _("I alt"));
	show_hours(r, total_of(minutes));
	hp(r, "</strong></td></tr>\n</tbody>\n</table>\n");
	if (hourly > 0) {
		hp(r, "<p>%h ", _("Timer i alt:"));
		show_hours(r, total_of(minutes));
		hp(r, " %h ", _("svarende til"));
		show_kroner(r, cost_of(total_of(minutes), hourly));
		hp(r, " %h ", _("ved en timepris på"));
		show_kroner(r, hourly);
		hp(r, "</p>\n");
	}
}

/* ---- the worklist -------------------------------------------------------------- */

/* Calls fn for each quarter of the user from their first up to the current
 * one that is open (due soon, now or late) and not registered. */
static int open_quarters(Db *db, long long user_id, int role, const char *today,
			 void (*fn)(Req *r, const char *from, const char *to, const char *due, int state), Req *r,
			 int *late)
{
	int n = 0;
	*late = 0;
	if (!registers(db, user_id, role))
		return 0;
	char from[11], to[11], due[11], next[11];
	user_start(db, user_id, from);
	/* the quarters registered, in one statement, in order */
	char (*done)[11] = NULL;
	int ndone = 0, cap = 0, at = 0;
	Stmt q;
	db_query(db, &q, "SELECT period_from FROM time_registration WHERE user_id = ? ORDER BY period_from", "I",
		 user_id);
	while (db_step(&q)) {
		if (ndone == cap) {
			cap = cap ? 2 * cap : 16;
			done = xrealloc(done, (size_t)cap * sizeof *done);
		}
		snprintf(done[ndone++], 11, "%s", db_col_text(&q, 0));
	}
	db_finalize(&q);
	for (int guard = 0; from[0] && strcmp(from, today) <= 0 && guard < 400; guard++) {
		char f[11];
		period_of(from, 3, f, to);
		date_add_days(due, to, 1);
		int state = due_state(due, today);
		while (at < ndone && strcmp(done[at], from) < 0)
			at++;
		int registered = at < ndone && streq(done[at], from);
		if (state != DUE_LATER && !registered) {
			n++;
			*late += state == DUE_LATE;
			if (fn)
				fn(r, from, to, due, state);
		}
		date_add_months(next, from, 3);
		snprintf(from, sizeof from, "%s", next);
	}
	free(done);
	return n;
}

static void todo_cb(Req *r, const char *from, const char *to, const char *due, int state)
{
	Buf href = {0};
	bprintf(&href, "/tid/ny?fra=%u", from);
	todo_row(r, _("Tidsregistrering"), NULL, from, to, due, state, href.p);
	buf_free(&href);
}

int timereg_todos(Req *r, int show, int *late)
{
	char today[11];
	today_copenhagen(today);
	return open_quarters(r->db, r->user.id, r->user.role, today, show ? todo_cb : NULL, r, late);
}

/* ---- /tid: the user's own registrations ----------------------------------------- */

static void own_open_cb(Req *r, const char *from, const char *to, const char *due, int state)
{
	char d[11];
	date_format_dk(d, due);
	hp(r, "<tr><th scope=\"row\" data-title=\"%a\">", _("Kvartal"));
	quarter_name(r, from);
	hp(r, "<br><span class=\"hv-muted\">");
	quarter_span(r, from, to);
	hp(r, "</span></th><td data-title=\"%a\">%h</td><td data-title=\"%a\">", _("Frist"), d, _("Status"));
	if (state == DUE_LATE)
		hp(r, "<strong class=\"text-error\">%h</strong>", _(due_state_label(state)));
	else
		hp(r, "%h", _(due_state_label(state)));
	hp(r, "</td><td data-title=\"%a\"><a href=\"/tid/ny?fra=%u\">%h<span class=\"sr-only\"> ", _("Handling"), from,
	   _("Registrér timer"));
	quarter_name(r, from);
	hp(r, "</span></a></td></tr>\n");
}

void page_timereg(Req *r)
{
	char today[11];
	today_copenhagen(today);
	db_begin(r->db);
	page_begin(r, _("Tidsregistrering"));
	breadcrumbs(r, NULL);
	hp(r, "<h1>%h</h1>\n", _("Tidsregistrering"));
	hp(r, "<p>%h</p>\n",
	   _("Hvert kvartal registrerer du dine timer pr. metode: direkte kontakt med den unge, netværksmøder, "
	     "koordinering og samarbejde samt transport. Fristen er dagen efter kvartalets sidste dag."));
	int mine = registers(r->db, r->user.id, r->user.role);
	if (!mine) {
		hp(r, "<p>%h</p>\n", _("Du registrerer ikke selv tid, fordi du ikke er koordinator for nogen unge."));
	} else {
		int late;
		size_t mark = r->out.n;
		hp(r, "<h2>%h</h2>\n<table class=\"table table--compact table--responsive-headers\">\n<caption>%h</caption>\n"
		      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		      "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		   _("Skal registreres"), _("Kvartaler uden registrering"), _("Kvartal"), _("Frist"), _("Status"),
		   _("Handling"));
		int n = open_quarters(r->db, r->user.id, r->user.role, today, own_open_cb, r, &late);
		if (n)
			hp(r, "</tbody>\n</table>\n");
		else {
			r->out.n = mark;
			hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("Skal registreres"), _("Du har ingen kvartaler, der mangler."));
		}
		hp(r, "<h2>%h</h2>\n", _("Dine registreringer"));
		Stmt q;
		int k = 0;
		db_query(r->db, &q,
			 "SELECT t.id, t.period_from, t.period_to, t.submitted_at, COALESCE(SUM(h.minutes), 0)"
			 " FROM time_registration t LEFT JOIN time_hours h ON h.registration_id = t.id"
			 " WHERE t.user_id = ? GROUP BY t.id, t.period_from, t.period_to, t.submitted_at"
			 " ORDER BY t.period_from DESC",
			 "I", r->user.id);
		while (db_step(&q)) {
			if (k++ == 0)
				hp(r, "<table class=\"table table--compact table--responsive-headers\">\n<caption>%h</caption>\n"
				      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
				      "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
				   _("Indsendte registreringer"), _("Kvartal"), _("Indsendt"), _("Timer i alt"), _("Handling"));
			char when[17] = "";
			time_t tt;
			if (time_parse_iso_utc(db_col_text(&q, 3), &tt) == 0)
				time_format_dk(when, tt);
			long long id = db_col_int(&q, 0);
			hp(r, "<tr><th scope=\"row\" data-title=\"%a\"><a href=\"/tid/%l\">", _("Kvartal"), id);
			quarter_name(r, db_col_text(&q, 1));
			hp(r, "</a><br><span class=\"hv-muted\">");
			quarter_span(r, db_col_text(&q, 1), db_col_text(&q, 2));
			hp(r, "</span></th><td data-title=\"%a\">%h</td><td data-title=\"%a\">", _("Indsendt"), when,
			   _("Timer i alt"));
			show_hours(r, db_col_int(&q, 4));
			hp(r, "</td><td data-title=\"%a\"><a href=\"/tid/%l/ret\">%h<span class=\"sr-only\"> ", _("Handling"),
			   id, _("Ret"));
			quarter_name(r, db_col_text(&q, 1));
			hp(r, "</span></a></td></tr>\n");
		}
		db_finalize(&q);
		if (k)
			hp(r, "</tbody>\n</table>\n");
		else
			hp(r, "<p>%h</p>\n", _("Du har ikke indsendt nogen registreringer endnu."));
		char cf[11], ct[11];
		period_of(today, 3, cf, ct);
		if (!reg_of(r->db, r->user.id, cf))
			hp(r, "<p><a href=\"/tid/ny?fra=%u\">%h</a></p>\n", cf, _("Registrér timer for det nuværende kvartal"));
	}
	if (r->user.role & ROLE_PROJECT_LEADER)
		hp(r, "<h2>%h</h2>\n<ul>\n<li><a href=\"/tid/oversigt\">%h</a></li>\n<li><a href=\"/tid/timepris\">%h</a></li>\n</ul>\n",
		   _("For kommunen"), _("Tidsregistrering for kommunen"), _("Timepris"));
	page_end(r);
	audit(r, "view", "ok");
	db_commit(r->db);
}

/* ---- the form ---------------------------------------------------------------------- */

/* One cell: a text input for hours with the phone's decimal keyboard, its
 * label (the method for screen readers), the suggestion (when prefilled)
 * as hint, and its error. */
static void cell_field(Req *r, int m, int c, const char *hint)
{
	Buf sr = {0};
	buf_puts(&sr, ", ");
	buf_puts(&sr, _(time_methods[m].label));
	hp(r, "<div class=\"col-12 col-md-6 col-lg-3\">\n");
	field_number(r,
		     &(FieldOpts){.name = cell_names[m][c], .label = _(time_categories[c].label), .hint = hint,
				  .label_sr = buf_str(&sr), .summary_label = _(cell_titles[m][c]),
				  .hint_class = "hv-time-prefill"},
		     "decimal", NULL);
	hp(r, "</div>\n");
	buf_free(&sr);
}

/* The grid: a fieldset per method with its four cells.  pre: the
 * suggestion (NULL on an amendment). */
static void hours_grid(Req *r, const TimePrefill *pre, long long limit)
{
	const char *err = P_err(r, "hours");
	char h[32];
	hours_format(h, limit);
	field_set_label(r, "hours", _("Timer"));
	hp(r, "<div class=\"form-group%s\" id=\"hours\">\n", err ? " form-error" : "");
	hp(r, "<p class=\"form-hint\">%h %h %h</p>\n",
	   _("Skriv timer med højst én decimal, fx 7,5. Tomme felter tæller som 0. Højst"), h,
	   _("timer i alt (kvartalets dage gange 24 timer)."));
	if (err)
		hp(r, "<span class=\"form-error-message\" id=\"hours-error\"><span class=\"sr-only\">%h </span>%h</span>\n",
		   _("Fejl:"), _(err));
	for (int m = 0; m < TIME_METHODS; m++) {
		hp(r, "<fieldset class=\"hv-time-method\">\n<legend class=\"h3\">%h</legend>\n<div class=\"row\">\n",
		   _(time_methods[m].label));
		for (int c = 0; c < TIME_CATEGORIES; c++) {
			char hint[200];
			hint[0] = 0;
			if (pre && pre->minutes[m][c]) {
				char v[32];
				hours_format(v, pre->minutes[m][c]);
				if (m == TIME_MODEL && c == TIME_MEETINGS)
					snprintf(hint, sizeof hint, "%s %d %s: %s %s", _("Forslag fra"), pre->meetings,
						 pre->meetings == 1 ? _("afholdt netværksmøde") : _("afholdte netværksmøder"),
						 v, _("timer"));
				else if (c == TIME_DIRECT)
					snprintf(hint, sizeof hint, "%s %d %s: %s %s", _("Forslag fra"), pre->contacts[m],
						 pre->contacts[m] == 1 ? _("kontakt") : _("kontakter"), v, _("timer"));
				else
					snprintf(hint, sizeof hint, "%s %d %s: %s %s", _("Forslag fra transporttiden i"),
						 pre->contacts[m], pre->contacts[m] == 1 ? _("kontakt") : _("kontakter"), v,
						 _("timer"));
			}
			cell_field(r, m, c, hint[0] ? hint : NULL);
		}
		hp(r, "</div>\n</fieldset>\n");
	}
	hp(r, "</div>\n");
	field_checkboxes(r, "none", _("Ingen timer"), NULL, no_hours);
	field_textarea(r, "note", _("Bemærkning"), _("Fx ferie, sygdom eller opgaver, der ikke passer i skemaet."));
}

/* The rules of the form; each broken rule is a message at its field. */
static void hours_check(Req *r, long long limit, long long minutes[TIME_METHODS][TIME_CATEGORIES])
{
	long long total = 0;
	int bad = 0;
	for (int m = 0; m < TIME_METHODS; m++)
		for (int c = 0; c < TIME_CATEGORIES; c++) {
			const char *name = cell_names[m][c];
			minutes[m][c] = 0;
			if (P_err(r, name)) {
				P_set_err(r, name, N_("Skriv antal timer som et tal, fx 7,5."));
				bad = 1;
				continue;
			}
			switch (hours_parse(P(r, name), &minutes[m][c])) {
			case HOURS_OK:
				break;
			case HOURS_NEGATIVE:
				P_set_err(r, name, N_("Antal timer kan ikke være negativt."));
				bad = 1;
				break;
			case HOURS_DECIMALS:
				P_set_err(r, name, N_("Skriv højst én decimal, fx 7,5."));
				bad = 1;
				break;
			case HOURS_HUGE:
				P_set_err(r, name, N_("Flere timer, end der er i kvartalet. Tjek tallet."));
				bad = 1;
				break;
			default:
				P_set_err(r, name, N_("Skriv antal timer som et tal, fx 7,5."));
				bad = 1;
				break;
			}
			if (!P_err(r, name) && minutes[m][c] > limit)
				P_set_err(r, name, N_("Flere timer, end der er i kvartalet. Tjek tallet."));
			total += minutes[m][c];
		}
	if (bad)
		return;
	int none = P(r, "none") != NULL;
	if (total > limit)
		P_set_err(r, "hours", N_("Timerne i alt er flere, end der er i kvartalet. Tjek tallene."));
	else if (total == 0 && !none)
		P_set_err(r, "hours", N_("Skriv dine timer, eller sæt flueben ved »Ingen timer i kvartalet«."));
	else if (total > 0 && none)
		P_set_err(r, "none", N_("Du har skrevet timer. Fjern fluebenet eller timerne."));
}

static void save_hours(Req *r, long long id, long long minutes[TIME_METHODS][TIME_CATEGORIES])
{
	db_exec(r->db, "DELETE FROM time_hours WHERE registration_id = ?", "I", id);
	for (int m = 0; m < TIME_METHODS; m++)
		for (int c = 0; c < TIME_CATEGORIES; c++)
			if (minutes[m][c])
				db_exec(r->db,
					"INSERT INTO time_hours(registration_id, method, category, minutes) VALUES (?,?,?,?)",
					"IttI", id, time_methods[m].key, time_categories[c].key, minutes[m][c]);
}

static void log_change(Req *r, long long id, const char *field, const char *before, const char *after,
		       const char *at)
{
	if (streq(before, after))
		return;
	db_exec(r->db,
		"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
		" VALUES ('time_registration',?,?,?,?,?,?)",
		"ItttIt", id, field, before, after, r->user.id, at);
}

/* ---- new ---------------------------------------------------------------------------- */

/* The quarter of ?fra=, checked; else the page answered (400). */
static int quarter_arg(Req *r, const char *action, char from[11], char to[11])
{
	char today[11], start[11];
	today_copenhagen(today);
	if (!registers(r->db, r->user.id, r->user.role)) {
		audit(r, action, "refused");
		page_fail(r, 403, "%s", N_("Du registrerer ikke selv tid, fordi du ikke er koordinator for nogen unge."));
		return 0;
	}
	const char *fra = P(r, "fra");
	user_start(r->db, r->user.id, start);
	const char *msg = P_err(r, "fra") ? N_("Vælg et kvartal ud fra dets første dag (1. januar, 1. april, 1. juli eller 1. oktober).")
					  : timereg_quarter_check(fra, today, start);
	if (msg) {
		audit(r, action, "refused");
		page_fail(r, 400, "%h", msg);
		return 0;
	}
	period_of(fra, 3, from, to);
	return 1;
}

static void exists_notice(Req *r, long long id, const char *from)
{
	hp(r, "<div class=\"alert alert-warning\" role=\"alert\"><div class=\"alert-body\"><p class=\"alert-text\">%h ",
	   _("Du har allerede indsendt en registrering for"));
	quarter_name(r, from);
	hp(r, ". <a href=\"/tid/%l/ret\">%h</a>.</p></div></div>\n", id, _("Ret den indsendte i stedet"));
}

static void new_page(Req *r, const char *from, const char *to, int status, long long existing)
{
	r->status = status;
	TimePrefill pre;
	timereg_prefill(r->db, r->user.id, from, to, &pre);
	db_begin(r->db);
	page_begin(r, _("Registrér timer"));
	breadcrumbs(r, _("Registrér timer"));
	hp(r, "<h1>%h ", _("Registrér timer for"));
	quarter_name(r, from);
	hp(r, "</h1>\n<p class=\"hv-muted\">");
	quarter_span(r, from, to);
	hp(r, " · %h</p>\n", r->user.name);
	if (existing) {
		exists_notice(r, existing, from);
		if (status == 200) {
			page_end(r);
			audit(r, "view", "ok");
			db_commit(r->db);
			return;
		}
	}
	error_summary(r);
	int any = 0;
	for (int m = 0; m < TIME_METHODS; m++)
		for (int c = 0; c < TIME_CATEGORIES; c++)
			if (pre.minutes[m][c]) {
				char v[32];
				hours_format(v, pre.minutes[m][c]);
				P_prefill(r, cell_names[m][c], v);
				any = 1;
			}
	if (any)
		hp(r, "<p>%h</p>\n",
		   _("Nogle felter er udfyldt på forhånd ud fra dine kontakter og de afholdte netværksmøder. Ret tallene, "
		     "så de passer, og udfyld resten."));
	else
		hp(r, "<p>%h</p>\n", _("Der er ingen kontakter eller møder med varighed at foreslå timer ud fra. Udfyld felterne."));
	Buf action = {0};
	bprintf(&action, "/tid/ny?fra=%u", from);
	form_begin(r, action.p);
	hours_grid(r, &pre, timereg_limit(from));
	form_buttons(r, _("Indsend registreringen"), "/tid");
	buf_free(&action);
	page_end(r);
	audit(r, "view", "ok");
	db_commit(r->db);
}

void page_timereg_new(Req *r)
{
	char from[11], to[11];
	if (!quarter_arg(r, "view", from, to))
		return;
	new_page(r, from, to, 200, reg_of(r->db, r->user.id, from));
}

void page_timereg_create(Req *r)
{
	char from[11], to[11];
	if (!quarter_arg(r, "timereg_add", from, to))
		return;
	long long minutes[TIME_METHODS][TIME_CATEGORIES];
	hours_check(r, timereg_limit(from), minutes);
	long long existing = reg_of(r->db, r->user.id, from);
	if (existing || r->nerrors) {
		if (existing)
			audit(r, "timereg_add", "refused");
		new_page(r, from, to, 422, existing);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	long long id = db_int(r->db, 0,
			      "INSERT INTO time_registration(municipality_id, user_id, period_from, period_to, note, submitted_at)"
			      " VALUES (?,?,?,?,?,?) RETURNING id",
			      "IItttt", r->user.municipality_id, r->user.id, from, to, P(r, "note") ? P(r, "note") : "", at);
	save_hours(r, id, minutes);
	log_change(r, id, "created", "", from, at);
	audit(r, "timereg_add", "ok");
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/tid/%l", id);
		flash_set(r, _("Registreringen er indsendt."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
}

/* ---- one registration ---------------------------------------------------------------- */

static const char *history_label(const char *field)
{
	for (int m = 0; m < TIME_METHODS; m++)
		for (int c = 0; c < TIME_CATEGORIES; c++)
			if (streq(field, cell_fields[m][c]))
				return cell_titles[m][c];
	if (streq(field, "note"))
		return N_("Bemærkning");
	if (streq(field, "created"))
		return N_("Indsendt");
	return N_("Andet");
}

static void history_value(Req *r, const char *field, const char *v)
{
	if (streq(field, "note") || !v[0]) {
		hp(r, "%h", v);
	} else if (streq(field, "created")) {
		quarter_name(r, v);
	} else {
		show_hours(r, strtoll(v, NULL, 10));
		hp(r, " %h", _("timer"));
	}
}

/* The registration of the path, which the user may see (change: amend);
 * else 404, logged. */
static int reg_context(Req *r, const char *action, int change, TimeReg *t)
{
	if (!reg_load(r, PI(r, "tid"), t)) {
		audit(r, action, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return 0;
	}
	int own = t->user_id == r->user.id;
	if (!own && (change || !(r->user.role & ROLE_PROJECT_LEADER))) {
		audit(r, action, "refused");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		reg_free(t);
		return 0;
	}
	return 1;
}

void page_timereg_view(Req *r)
{
	TimeReg t;
	if (!reg_context(r, "view", 0, &t))
		return;
	db_begin(r->db);
	page_begin(r, _("Tidsregistrering"));
	breadcrumbs(r, _("Registrering"));
	hp(r, "<h1>%h ", _("Tidsregistrering"));
	quarter_name(r, t.from);
	hp(r, "</h1>\n<p class=\"hv-muted\">");
	quarter_span(r, t.from, t.to);
	char when[17] = "";
	time_t tt;
	if (time_parse_iso_utc(t.submitted, &tt) == 0)
		time_format_dk(when, tt);
	hp(r, "</p>\n<p>%h %h %h %h.</p>\n", _("Indsendt"), when, _("af"), t.name);
	long long total = total_of(t.minutes);
	if (!total)
		hp(r, "<p><strong>%h</strong></p>\n", _("Ingen timer i kvartalet."));
	hours_table(r, t.minutes, (r->user.role & ROLE_PROJECT_LEADER) ? hourly_cost(r->db, r->user.municipality_id) : 0);
	if (t.note[0])
		hp(r, "<h2>%h</h2>\n<p class=\"hv-pre\">%h</p>\n", _("Bemærkning"), t.note);
	if (t.user_id == r->user.id)
		hp(r, "<p><a class=\"button button-secondary\" href=\"/tid/%l/ret\">%h</a></p>\n", t.id, _("Ret registreringen"));
	change_history(r, "time_registration", t.id, history_label, history_value);
	page_end(r);
	audit(r, "view", "ok");
	db_commit(r->db);
	reg_free(&t);
}

/* version: the version the next save is made from */
static void edit_page(Req *r, TimeReg *t, int status, long long version)
{
	r->status = status;
	db_begin(r->db);
	page_begin(r, _("Ret tidsregistrering"));
	breadcrumbs(r, _("Ret registrering"));
	hp(r, "<h1>%h ", _("Ret tidsregistrering for"));
	quarter_name(r, t->from);
	hp(r, "</h1>\n<p class=\"hv-muted\">");
	quarter_span(r, t->from, t->to);
	hp(r, " · %h</p>\n", t->name);
	error_summary(r);
	for (int m = 0; m < TIME_METHODS; m++)
		for (int c = 0; c < TIME_CATEGORIES; c++) {
			char v[32];
			hours_format(v, t->minutes[m][c]);
			P_prefill(r, cell_names[m][c], t->minutes[m][c] ? v : NULL);
		}
	if (!total_of(t->minutes) && streq(r->method, "GET"))
		P_prefill(r, "none", "1");
	P_prefill(r, "note", t->note);
	Buf action = {0};
	bprintf(&action, "/tid/%l/ret", t->id);
	form_begin(r, action.p);
	hp(r, "<input type=\"hidden\" name=\"version\" value=\"%l\">\n", version);
	hours_grid(r, NULL, timereg_limit(t->from));
	buf_reset(&action);
	bprintf(&action, "/tid/%l", t->id);
	form_buttons(r, _("Gem rettelsen"), action.p);
	buf_free(&action);
	change_history(r, "time_registration", t->id, history_label, history_value);
	page_end(r);
	audit(r, "view", "ok");
	db_commit(r->db);
}

void page_timereg_edit(Req *r)
{
	TimeReg t;
	if (!reg_context(r, "view", 1, &t))
		return;
	edit_page(r, &t, 200, t.version);
	reg_free(&t);
}

void page_timereg_save(Req *r)
{
	TimeReg t;
	if (!reg_context(r, "timereg_change", 1, &t))
		return;
	long long minutes[TIME_METHODS][TIME_CATEGORIES];
	hours_check(r, timereg_limit(t.from), minutes);
	if (r->nerrors || !P(r, "version")) {
		edit_page(r, &t, 422, P(r, "version") ? PI(r, "version") : t.version);
		reg_free(&t);
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	const char *note = P(r, "note") ? P(r, "note") : "";
	db_begin(r->db);
	if (!db_int(r->db, 0,
		    "UPDATE time_registration SET note = ?, version = version + 1 WHERE id = ? AND user_id = ? AND version = ?"
		    " RETURNING id",
		    "tIII", note, t.id, r->user.id, PI(r, "version"))) {
		db_rollback(r->db);
		/* someone saved in between (another tab): show theirs, keep ours */
		TimeReg now_t;
		reg_load(r, t.id, &now_t);
		P_set_err(r, "hours", N_("Registreringen er rettet et andet sted, mens du skrev. Se historikken herunder, og "
					 "gem igen, hvis din rettelse stadig skal med."));
		audit(r, "timereg_change", "conflict");
		edit_page(r, &now_t, 409, now_t.version);
		reg_free(&now_t);
		reg_free(&t);
		return;
	}
	save_hours(r, t.id, minutes);
	for (int m = 0; m < TIME_METHODS; m++)
		for (int c = 0; c < TIME_CATEGORIES; c++) {
			char a[24], b[24];
			snprintf(a, sizeof a, "%lld", t.minutes[m][c]);
			snprintf(b, sizeof b, "%lld", minutes[m][c]);
			log_change(r, t.id, cell_fields[m][c], a, b, at);
		}
	log_change(r, t.id, "note", t.note, note, at);
	audit(r, "timereg_change", "ok");
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/tid/%l", t.id);
		flash_set(r, _("Rettelsen er gemt."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
	reg_free(&t);
}

/* ---- the hourly cost ------------------------------------------------------------------- */

static const char *cost_label(const char *field)
{
	if (streq(field, "coordinator_posts"))
		return N_("Koordinatorstillinger (tiendedele af en fuldtidsstilling)");
	return streq(field, "hourly_cost") ? N_("Timepris i kroner") : N_("Andet");
}

static void cost_value(Req *r, const char *field, const char *v)
{
	(void)field;
	hp(r, "%h", v);
}

static void cost_page(Req *r, int status)
{
	r->status = status;
	long long cost = hourly_cost(r->db, r->user.municipality_id);
	char v[24];
	snprintf(v, sizeof v, "%lld", cost);
	db_begin(r->db);
	page_begin(r, _("Timepris"));
	if (r->user.role & ROLE_PROJECT_LEADER)
		breadcrumbs(r, _("Timepris"));
	hp(r, "<h1>%h</h1>\n", _("Timepris"));
	hp(r, "<p>%h</p>\n",
	   _("Timeprisen er kommunens udgift pr. medarbejdertime i kroner. Den bruges til at regne de registrerede timer "
	     "om til kroner i oversigten over tidsregistreringen og i opgørelsen af udgifterne. Evalueringen regnede "
	     "med omkring 387-392 kr. i timen."));
	hp(r, "<p>%h ", _("Timeprisen er nu"));
	show_kroner(r, cost);
	hp(r, "</p>\n");
	error_summary(r);
	P_prefill(r, "hourly_cost", v);
	form_begin(r, "/tid/timepris");
	field_text(r, "hourly_cost", _("Timepris i kroner (skal udfyldes)"), _("Et helt tal, fx 387."), "text", "off");
	form_buttons(r, _("Gem timeprisen"), (r->user.role & ROLE_PROJECT_LEADER) ? "/tid/oversigt" : "/");
	change_history(r, "municipality", r->user.municipality_id, cost_label, cost_value);
	page_end(r);
	audit(r, "view", "ok");
	db_commit(r->db);
}

void page_hourly_cost(Req *r)
{
	cost_page(r, 200);
}

void page_hourly_cost_post(Req *r)
{
	const char *s = P(r, "hourly_cost");
	long long v = 0;
	int ok = s && *s && !P_err(r, "hourly_cost") && strlen(s) <= 9;
	for (const char *p = s; ok && *p; p++)
		if (*p < '0' || *p > '9')
			ok = 0;
	if (ok)
		v = strtoll(s, NULL, 10);
	if (!s && !P_err(r, "hourly_cost"))
		P_set_err(r, "hourly_cost", N_("Skriv timeprisen i hele kroner, fx 387."));
	else if (!ok)
		P_set_err(r, "hourly_cost", N_("Skriv timeprisen i hele kroner, fx 387."));
	else if (v < 1 || v > MAX_HOURLY_COST)
		P_set_err(r, "hourly_cost", N_("Timeprisen skal være mellem 1 og 10.000 kr."));
	if (r->nerrors) {
		cost_page(r, 422);
		return;
	}
	char at[21], a[24], b[24];
	time_iso_utc(at, now());
	db_begin(r->db);
	snprintf(a, sizeof a, "%lld", hourly_cost(r->db, r->user.municipality_id));
	snprintf(b, sizeof b, "%lld", v);
	db_exec(r->db, "UPDATE municipality SET hourly_cost = ? WHERE id = ?", "II", v, r->user.municipality_id);
	if (!streq(a, b))
		db_exec(r->db,
			"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
			" VALUES ('municipality',?,'hourly_cost',?,?,?,?)",
			"IttIt", r->user.municipality_id, a, b, r->user.id, at);
	audit(r, "hourly_cost_change", "ok");
	if (db_commit(r->db)) {
		flash_set(r, _("Timeprisen er gemt."));
		redirect(r, "/tid/timepris");
	}
}

/* ---- the municipality's overview ---------------------------------------------------------- */

#define OVERVIEW_QUARTERS 8

typedef struct Registrant {
	long long id;
	int role;
	char *name;
	char start[11];
	int active;
} Registrant;

void page_timereg_overview(Req *r)
{
	char today[11], cf[11], ct[11];
	today_copenhagen(today);
	long long hourly = hourly_cost(r->db, r->user.municipality_id);
	/* the registrants */
	Registrant *people = NULL;
	size_t n = 0, cap = 0;
	Stmt q;
	db_query(r->db, &q,
		 "SELECT u.id, u.role, u.name, u.active FROM users u WHERE u.municipality_id = ?"
		 " AND (u.role IN ('coordinator', 'support') OR (u.role = 'project_leader' AND"
		 " (EXISTS (SELECT 1 FROM person p WHERE p.coordinator_id = u.id)"
		 " OR EXISTS (SELECT 1 FROM time_registration t WHERE t.user_id = u.id))))"
		 " ORDER BY CASE u.role WHEN 'coordinator' THEN 1 WHEN 'project_leader' THEN 2 ELSE 3 END, u.name, u.id",
		 "I", r->user.municipality_id);
	while (db_step(&q)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			people = xrealloc(people, cap * sizeof *people);
		}
		Registrant *p = &people[n++];
		memset(p, 0, sizeof *p);
		p->id = db_col_int(&q, 0);
		p->role = role_from_key(db_col_text(&q, 1));
		p->name = xstrdup(db_col_text(&q, 2));
		p->active = (int)db_col_int(&q, 3);
	}
	db_finalize(&q);
	for (size_t i = 0; i < n; i++)
		user_start(r->db, people[i].id, people[i].start);
	/* the quarters: the current one when it is open or registered by
	 * someone, and the eight before it */
	char quarters[OVERVIEW_QUARTERS + 1][11];
	int nq = 0;
	period_of(today, 3, cf, ct);
	char due[11];
	date_add_days(due, ct, 1);
	char from[11];
	snprintf(from, sizeof from, "%s", cf);
	if (due_state(due, today) == DUE_LATER &&
	    !db_int(r->db, 0, "SELECT COUNT(*) FROM time_registration WHERE municipality_id = ? AND period_from = ?", "It",
		    r->user.municipality_id, cf))
		date_add_months(from, cf, -3);
	int want = streq(from, cf) ? OVERVIEW_QUARTERS + 1 : OVERVIEW_QUARTERS;
	for (; nq < want; nq++) {
		snprintf(quarters[nq], 11, "%s", from);
		char prev[11];
		date_add_months(prev, from, -3);
		snprintf(from, sizeof from, "%s", prev);
	}

	db_begin(r->db);
	page_begin(r, _("Tidsregistrering for kommunen"));
	breadcrumbs(r, _("For kommunen"));
	hp(r, "<h1>%h</h1>\n", _("Tidsregistrering for kommunen"));
	hp(r, "<p>%h ", _("Koordinatorernes og bostøttemedarbejdernes timer pr. kvartal og metode. Udgiften er regnet med en timepris på"));
	show_kroner(r, hourly);
	hp(r, " <a href=\"/tid/timepris\">%h</a></p>\n", _("Ret timeprisen"));

	/* per quarter, one table; the summary first */
	long long sum_q[OVERVIEW_QUARTERS + 1][TIME_METHODS];
	int expected[OVERVIEW_QUARTERS + 1], got[OVERVIEW_QUARTERS + 1], late_q[OVERVIEW_QUARTERS + 1];
	memset(sum_q, 0, sizeof sum_q);
	size_t summary_at = r->out.n;
	for (int k = 0; k < nq; k++) {
		char f[11], t[11], d[11];
		period_of(quarters[k], 3, f, t);
		date_add_days(d, t, 1);
		int state_q = due_state(d, today);
		expected[k] = got[k] = late_q[k] = 0;
		hp(r, "<section aria-labelledby=\"q-%a\">\n<h2 id=\"q-%a\">", f, f);
		quarter_name(r, f);
		hp(r, " <span class=\"hv-muted\">(");
		quarter_span(r, f, t);
		hp(r, ")</span></h2>\n");
		hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"q-%a\">\n", f);
		hp(r, "<table class=\"table table--compact table--responsive-headers\">\n<caption>%h ", _("Timer pr. medarbejder i"));
		quarter_name(r, f);
		hp(r, "</caption>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>", _("Medarbejder"), _("Status"));
		for (int m = 0; m < TIME_METHODS; m++)
			hp(r, "<th scope=\"col\">%h</th>", _(time_methods[m].label));
		hp(r, "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n", _("Timer i alt"),
		   _("Udgift"));
		for (size_t i = 0; i < n; i++) {
			Registrant *p = &people[i];
			if (strcmp(p->start, t) > 0 || !p->start[0])
				continue;
			long long id = reg_of(r->db, p->id, f);
			if (!id && !p->active)
				continue;
			expected[k]++;
			hp(r, "<tr><th scope=\"row\" data-title=\"%a\">%h<br><span class=\"hv-muted\">%h</span></th>"
			      "<td data-title=\"%a\">",
			   _("Medarbejder"), p->name, _(role_label(p->role)), _("Status"));
			long long mins[TIME_METHODS][TIME_CATEGORIES];
			memset(mins, 0, sizeof mins);
			if (id) {
				got[k]++;
				char *sub = db_text(r->db, "SELECT submitted_at FROM time_registration WHERE id = ?", "I", id);
				char late_on[11], subd[11] = "";
				date_add_days(late_on, d, GRACE_DAYS);
				if (sub)
					snprintf(subd, sizeof subd, "%.10s", sub);
				free(sub);
				hp(r, "<a href=\"/tid/%l\">%h<span class=\"sr-only\"> %h</span></a>", id,
				   strcmp(subd, late_on) > 0 ? _("Registreret for sent") : _("Registreret"), p->name);
				load_hours(r->db, id, mins);
			} else {
				int st = due_state(d, today);
				if (st == DUE_LATE) {
					late_q[k]++;
					hp(r, "<strong class=\"text-error\">%h</strong>", _("Mangler, for sent"));
				} else {
					hp(r, "%h", _(due_state_label(st)));
				}
			}
			hp(r, "</td>");
			long long row = 0;
			for (int m = 0; m < TIME_METHODS; m++) {
				long long s = 0;
				for (int c = 0; c < TIME_CATEGORIES; c++)
					s += mins[m][c];
				sum_q[k][m] += s;
				row += s;
				hp(r, "<td data-title=\"%a\">", _(time_methods[m].label));
				if (id)
					show_hours(r, s);
				else
					hp(r, "–");
				hp(r, "</td>");
			}
			hp(r, "<td data-title=\"%a\">", _("Timer i alt"));
			if (id)
				show_hours(r, row);
			else
				hp(r, "–");
			hp(r, "</td><td data-title=\"%a\">", _("Udgift"));
			if (id)
				show_kroner(r, cost_of(row, hourly));
			else
				hp(r, "–");
			hp(r, "</td></tr>\n");
		}
		long long all = 0;
		hp(r, "<tr><th scope=\"row\" data-title=\"%a\">%h</th><td data-title=\"%a\">%d %h %d</td>", _("Medarbejder"),
		   _("I alt"), _("Status"), got[k], _("af"), expected[k]);
		for (int m = 0; m < TIME_METHODS; m++) {
			hp(r, "<td data-title=\"%a\"><strong>", _(time_methods[m].label));
			show_hours(r, sum_q[k][m]);
			hp(r, "</strong></td>");
			all += sum_q[k][m];
		}
		hp(r, "<td data-title=\"%a\"><strong>", _("Timer i alt"));
		show_hours(r, all);
		hp(r, "</strong></td><td data-title=\"%a\"><strong>", _("Udgift"));
		show_kroner(r, cost_of(all, hourly));
		hp(r, "</strong></td></tr>\n</tbody>\n</table>\n</div>\n");
		if (state_q == DUE_SOON || state_q == DUE_NOW)
			hp(r, "<p class=\"hv-muted\">%h</p>\n", _("Kvartalet er ikke slut, eller fristen er ikke overskredet endnu."));
		hp(r, "</section>\n");
	}
	/* the summary of the quarters, put before the tables */
	Buf sum = {0};
	Buf saved = r->out;
	r->out = sum;
	hp(r, "<h2>%h</h2>\n<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
	      "<table class=\"table table--compact table--responsive-headers\">\n<caption>%h</caption>\n"
	      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>",
	   _("Kvartalerne"), _("Kvartalerne"), _("Kvartalerne"), _("Kvartal"), _("Registreret"),
	   _("Mangler, for sent"));
	for (int m = 0; m < TIME_METHODS; m++)
		hp(r, "<th scope=\"col\">%h</th>", _(time_methods[m].label));
	hp(r, "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n", _("Timer i alt"), _("Udgift"));
	for (int k = 0; k < nq; k++) {
		long long all = 0;
		hp(r, "<tr><th scope=\"row\" data-title=\"%a\"><a href=\"#q-%a\">", _("Kvartal"), quarters[k]);
		quarter_name(r, quarters[k]);
		hp(r, "</a></th><td data-title=\"%a\">%d %h %d</td><td data-title=\"%a\">%d</td>", _("Registreret"), got[k],
		   _("af"), expected[k], _("Mangler, for sent"), late_q[k]);
		for (int m = 0; m < TIME_METHODS; m++) {
			hp(r, "<td data-title=\"%a\">", _(time_methods[m].label));
			show_hours(r, sum_q[k][m]);
			hp(r, "</td>");
			all += sum_q[k][m];
		}
		hp(r, "<td data-title=\"%a\">", _("Timer i alt"));
		show_hours(r, all);
		hp(r, "</td><td data-title=\"%a\">", _("Udgift"));
		show_kroner(r, cost_of(all, hourly));
		hp(r, "</td></tr>\n");
	}
	hp(r, "</tbody>\n</table>\n</div>\n");
	sum = r->out;
	r->out = saved;
	Buf out = {0};
	buf_append(&out, r->out.p, summary_at);
	buf_append(&out, sum.p, sum.n);
	buf_append(&out, r->out.p + summary_at, r->out.n - summary_at);
	buf_free(&r->out);
	buf_free(&sum);
	r->out = out;
	page_end(r);
	audit(r, "view", "ok");
	db_commit(r->db);
	for (size_t i = 0; i < n; i++)
		free(people[i].name);
	free(people);
}

/* ---- the demo ------------------------------------------------------------------------------ */

/* Registrations for every coordinator and support worker of the
 * municipality for the eight quarters up to the last finished one, with
 * hours near the evaluation's (DOMAIN.md §7: a coordinator about 56 hours
 * per young person a year under the collaboration model; CTI 106 and ICM
 * 226 hours per young person a year; ACT counted like ICM), split over the
 * categories.  The first support worker misses the quarter two back and
 * the second coordinator the last finished one, so the worklist shows
 * them.  Reproducible from the seed; a quarter already registered is left
 * as it is. */
void timereg_demo(Db *db, long long municipality_id, unsigned seed)
{
	static const int split_model[TIME_CATEGORIES] = {35, 30, 25, 10};
	static const int split_support[TIME_CATEGORIES] = {55, 5, 20, 20};
	char today[11], cf[11], ct[11];
	today_copenhagen(today);
	period_of(today, 3, cf, ct);
	unsigned long long s = ((unsigned long long)seed + 11) * 0x9E3779B97F4A7C15ull ^ (unsigned long long)municipality_id;
#define DEMO_RND(n) (s ^= s << 13, s ^= s >> 7, s ^= s << 17, (unsigned)(s % (n)))
	Stmt q;
	long long ids[64];
	int roles[64], nu = 0;
	db_query(db, &q,
		 "SELECT id, role FROM users WHERE municipality_id = ? AND active = 1 AND role IN ('coordinator', 'support')"
		 " ORDER BY id",
		 "I", municipality_id);
	while (db_step(&q) && nu < 64) {
		ids[nu] = db_col_int(&q, 0);
		roles[nu] = role_from_key(db_col_text(&q, 1));
		nu++;
	}
	db_finalize(&q);
	int nsupport = 0, ncoord = 0;
	for (int i = 0; i < nu; i++) {
		int support = roles[i] == ROLE_SUPPORT;
		int rank = support ? nsupport++ : ncoord++;
		/* young people: coordinated, or supported now per method */
		long long young[TIME_METHODS] = {0};
		if (!support) {
			young[TIME_MODEL] = db_int(db, 0, "SELECT COUNT(*) FROM person WHERE coordinator_id = ?", "I", ids[i]);
			if (!young[TIME_MODEL])
				young[TIME_MODEL] = 1;
		} else {
			for (int m = 1; m < TIME_METHODS; m++)
				young[m] = db_int(db, 0,
						  "SELECT COUNT(DISTINCT s.id) FROM support_worker w JOIN support_course s"
						  " ON s.id = w.support_id WHERE w.user_id = ? AND s.method = ?",
						  "It", ids[i], time_methods[m].key);
			if (!young[1] && !young[2] && !young[3])
				young[2] = 1;
		}
		for (int k = 1; k <= OVERVIEW_QUARTERS; k++) {
			char from[11], to[11], due[11], sub_on[11], at[21], any[11];
			date_add_months(any, cf, -3 * k);
			period_of(any, 3, from, to);
			if ((support && rank == 0 && k == 2) || (!support && rank == 1 && k == 1))
				continue;
			if (db_int(db, 0, "SELECT COUNT(*) FROM time_registration WHERE user_id = ? AND period_from = ?", "It",
				   ids[i], from))
				continue;
			date_add_days(due, to, 1);
			date_add_days(sub_on, due, (long)DEMO_RND(12) - 4);
			unsigned hh = 7 + DEMO_RND(8);
			unsigned mm = DEMO_RND(60);
			snprintf(at, sizeof at, "%sT%02u:%02u:00Z", sub_on, hh, mm);
			long long id = db_int(db, 0,
					      "INSERT INTO time_registration(municipality_id, user_id, period_from, period_to,"
					      " note, submitted_at) VALUES (?,?,?,?,'',?) RETURNING id",
					      "IIttt", municipality_id, ids[i], from, to, at);
			for (int m = 0; m < TIME_METHODS; m++) {
				if (!young[m])
					continue;
				/* hours a year per young person, a quarter of it, ±15 % */
				long long per_year = m == TIME_MODEL ? 56 : m == 1 ? 106 : 226;
				long long quarter_minutes = young[m] * per_year * 60 / 4;
				quarter_minutes = quarter_minutes * (85 + DEMO_RND(31)) / 100;
				const int *split = m == TIME_MODEL ? split_model : split_support;
				for (int c = 0; c < TIME_CATEGORIES; c++) {
					long long mins = quarter_minutes * split[c] / 100 / 30 * 30; /* whole half hours */
					if (mins)
						db_exec(db,
							"INSERT INTO time_hours(registration_id, method, category, minutes)"
							" VALUES (?,?,?,?)",
							"IttI", id, time_methods[m].key, time_categories[c].key, mins);
				}
			}
		}
	}
#undef DEMO_RND
}

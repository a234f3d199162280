/* report.c: the half-yearly project report (projektindberetning, DOMAIN.md
 * §6) and the project leader's completeness overview on /dokumentation.
 *
 * A report covers a calendar half year (period_of(date, 6, ...)) and is
 * due the day after the half ends.  The key figures are computed from the
 * data by report_figures (pure over the database, unit-tested) and frozen
 * as submitted in project_report_figure: the stored report shows those
 * numbers, never recomputed ones.  The project leader's written answers
 * (project_report_answer) can be amended with version (409 on a concurrent
 * edit) and every changed answer kept in change_log (entity
 * "project_report").  One report per municipality and half year: a second
 * one is refused (422) with a link to the submitted one.  Views and changes
 * go to the access log (person 0: no young person's data is shown). */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- the written answers -------------------------------------------------- */

#define ANSWER_MAX 4000

static const Choice questions[] = {
	{"a_model", N_("Erfaringer med samarbejdsmodellen")},
	{"a_cti", N_("Erfaringer med CTI")},
	{"a_icm", N_("Erfaringer med ICM og ACT")},
	{"a_plan", N_("Fremdrift i forhold til implementeringsplanen")},
	{"a_challenges", N_("Udfordringer")},
	{"a_other", N_("Andet")},
	{0, 0},
};

static const char *question_hint(const char *key)
{
	if (streq(key, "a_plan"))
		return N_("De syv implementeringstrin: samarbejde på tværs, ledelsesopbakning, billige boliger, "
			  "organisering af teamet, visitation, klare roller og kompetencer.");
	if (streq(key, "a_model"))
		return N_("Fx netværksmøderne, teamet og koordinatorens rolle.");
	return NULL;
}

/* ---- the key figures ---------------------------------------------------- */

static void fig_set(ReportFigs *f, const char *key, long long value)
{
	for (int i = 0; i < f->n; i++)
		if (streq(f->fig[i].key, key)) {
			f->fig[i].value = value;
			return;
		}
	ASSERT(f->n < REPORT_MAX_FIGS);
	snprintf(f->fig[f->n].key, sizeof f->fig[f->n].key, "%s", key);
	f->fig[f->n].value = value;
	f->n++;
}

static void fig_add(ReportFigs *f, const char *key, long long d)
{
	long long v = report_fig(f, key);
	fig_set(f, key, (v < 0 ? 0 : v) + d);
}

long long report_fig(const ReportFigs *f, const char *key)
{
	for (int i = 0; i < f->n; i++)
		if (streq(f->fig[i].key, key))
			return f->fig[i].value;
	return -1;
}

static const char *const methods_capped[] = {"cti", "icm"};

void report_figures(Db *db, long long mid, const char *from, const char *to, const char *today, ReportFigs *f)
{
	char key[48];
	memset(f, 0, sizeof *f);
	/* every key is there, also in an empty period */
	static const char *const zero[] = {"referred", "started", "ended", "active", "open", "open_homeless",
					   "open_at_risk", "meetings_held", "meetings_youth", "courses_youth_meeting",
					   "homes_moved_in", "homes_lost", "own_home_end", 0};
	for (int i = 0; zero[i]; i++)
		fig_set(f, zero[i], 0);
	for (const Choice *c = end_reasons; c->key; c++) {
		snprintf(key, sizeof key, "ended_%s", c->key);
		fig_set(f, key, 0);
	}
	for (const Choice *c = combinations; c->key; c++) {
		snprintf(key, sizeof key, "open_%s", c->key);
		fig_set(f, key, 0);
	}

	fig_set(f, "referred",
		db_int(db, 0,
		       "SELECT COUNT(*) FROM referral x JOIN course c ON c.id = x.course_id"
		       " JOIN person p ON p.id = c.person_id WHERE p.municipality_id = ? AND x.referred_on >= ?"
		       " AND x.referred_on <= ?",
		       "Itt", mid, from, to));

	/* the courses: start in the model (step 3), end (step 7 or closed) */
	Stmt q;
	db_query(db, &q,
		 "SELECT COALESCE(s.on_date, ''), COALESCE(e.on_date, c.closed_on, ''), COALESCE(a.combination, 'model'),"
		 " c.target_group, COALESCE(ce.end_reason, 'other'),"
		 " (SELECT COUNT(*) FROM home h WHERE h.course_id = c.id AND h.moved_in_on IS NOT NULL"
		 "  AND h.moved_in_on <= ? AND (h.lost_on IS NULL OR h.lost_on > ?))"
		 " FROM course c JOIN person p ON p.id = c.person_id"
		 " LEFT JOIN course_event s ON s.course_id = c.id AND s.step = 3"
		 " LEFT JOIN course_event e ON e.course_id = c.id AND e.step = 7"
		 " LEFT JOIN allocation a ON a.course_id = c.id"
		 " LEFT JOIN course_end ce ON ce.course_id = c.id"
		 " WHERE p.municipality_id = ?",
		 "ttI", to, to, mid);
	while (db_step(&q)) {
		const char *start = db_col_text(&q, 0), *end = db_col_text(&q, 1);
		if (*start && strcmp(start, from) >= 0 && strcmp(start, to) <= 0)
			fig_add(f, "started", 1);
		if (*end && strcmp(end, from) >= 0 && strcmp(end, to) <= 0) {
			const char *why = db_col_text(&q, 4);
			fig_add(f, "ended", 1);
			snprintf(key, sizeof key, "ended_%s", *choice_label(end_reasons, why) ? why : "other");
			fig_add(f, key, 1);
		}
		if (!*start || strcmp(start, to) > 0)
			continue;
		if (!*end || strcmp(end, from) >= 0)
			fig_add(f, "active", 1);
		if (*end && strcmp(end, to) <= 0)
			continue;
		/* in the effort at the end of the period */
		const char *comb = db_col_text(&q, 2);
		fig_add(f, "open", 1);
		snprintf(key, sizeof key, "open_%s", *choice_label(combinations, comb) ? comb : "model");
		fig_add(f, key, 1);
		fig_add(f, streq(db_col_text(&q, 3), "homeless") ? "open_homeless" : "open_at_risk", 1);
		if (db_col_int(&q, 5) > 0)
			fig_add(f, "own_home_end", 1);
	}
	db_finalize(&q);

	/* network meetings */
	fig_set(f, "meetings_held",
		db_int(db, 0,
		       "SELECT COUNT(*) FROM meeting m JOIN course c ON c.id = m.course_id JOIN person p ON p.id = c.person_id"
		       " WHERE p.municipality_id = ? AND m.held = 1 AND m.on_date >= ? AND m.on_date <= ?",
		       "Itt", mid, from, to));
	fig_set(f, "meetings_youth",
		db_int(db, 0,
		       "SELECT COUNT(*) FROM meeting m JOIN course c ON c.id = m.course_id JOIN person p ON p.id = c.person_id"
		       " WHERE p.municipality_id = ? AND m.held = 1 AND m.young_present = 1 AND m.on_date >= ?"
		       " AND m.on_date <= ?",
		       "Itt", mid, from, to));
	fig_set(f, "courses_youth_meeting",
		db_int(db, 0,
		       "SELECT COUNT(DISTINCT m.course_id) FROM meeting m JOIN course c ON c.id = m.course_id"
		       " JOIN person p ON p.id = c.person_id WHERE p.municipality_id = ? AND m.held = 1"
		       " AND m.young_present = 1 AND m.on_date >= ? AND m.on_date <= ?",
		       "Itt", mid, from, to));

	/* documentation completeness */
	for (const InstrDef *d = instruments; d->key; d++) {
		Completeness c;
		measure_completeness(db, mid, d->key, from, to, today, &c);
		snprintf(key, sizeof key, "instr_%s_due", d->key);
		fig_set(f, key, c.due);
		snprintf(key, sizeof key, "instr_%s_on_time", d->key);
		fig_set(f, key, c.on_time);
		snprintf(key, sizeof key, "instr_%s_late", d->key);
		fig_set(f, key, c.late);
		snprintf(key, sizeof key, "instr_%s_missing", d->key);
		fig_set(f, key, c.missing);
		snprintf(key, sizeof key, "instr_%s_open", d->key);
		fig_set(f, key, c.open);
	}

	/* caseloads at the end of the period: coordinators (open courses of
	 * their young people) against the guide value */
	long long guide = db_int(db, 20, "SELECT coordinator_guide FROM municipality WHERE id = ?", "I", mid);
	long long users = 0, cases = 0, max = 0, over = 0;
	db_query(db, &q,
		 "SELECT u.id, (SELECT COUNT(*) FROM person p JOIN course c ON c.person_id = p.id"
		 "  WHERE p.coordinator_id = u.id AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on > ?))"
		 " FROM users u WHERE u.municipality_id = ? AND u.role = 'coordinator' AND u.active = 1",
		 "ttI", to, to, mid);
	while (db_step(&q)) {
		long long n = db_col_int(&q, 1);
		users++;
		cases += n;
		if (n > max)
			max = n;
		if (n > guide)
			over++;
	}
	db_finalize(&q);
	fig_set(f, "coord_guide", guide);
	fig_set(f, "coord_users", users);
	fig_set(f, "coord_cases", cases);
	fig_set(f, "coord_max", max);
	fig_set(f, "coord_over", over);

	/* CTI and ICM workers against the caps: support courses of the method
	 * open on the last day with the worker assigned that day */
	for (int m = 0; m < 2; m++) {
		const char *meth = methods_capped[m];
		long long cap = support_cap(method_from_key(meth));
		users = cases = max = over = 0;
		db_query(db, &q,
			 "SELECT w.user_id, COUNT(DISTINCT s.id) FROM support_worker w"
			 " JOIN support_course s ON s.id = w.support_id JOIN users u ON u.id = w.user_id"
			 " WHERE u.municipality_id = ? AND s.method = ? AND s.start_on <= ?"
			 " AND (s.end_on IS NULL OR s.end_on > ?) AND w.from_on <= ? AND (w.to_on IS NULL OR w.to_on >= ?)"
			 " GROUP BY w.user_id",
			 "Ittttt", mid, meth, to, to, to, to);
		while (db_step(&q)) {
			long long n = db_col_int(&q, 1);
			users++;
			cases += n;
			if (n > max)
				max = n;
			if (n > cap)
				over++;
		}
		db_finalize(&q);
		snprintf(key, sizeof key, "%s_cap", meth);
		fig_set(f, key, cap);
		snprintf(key, sizeof key, "%s_workers", meth);
		fig_set(f, key, users);
		snprintf(key, sizeof key, "%s_cases", meth);
		fig_set(f, key, cases);
		snprintf(key, sizeof key, "%s_max", meth);
		fig_set(f, key, max);
		snprintf(key, sizeof key, "%s_over", meth);
		fig_set(f, key, over);
	}

	/* housing outcomes */
	fig_set(f, "homes_moved_in",
		db_int(db, 0,
		       "SELECT COUNT(*) FROM home h JOIN course c ON c.id = h.course_id JOIN person p ON p.id = c.person_id"
		       " WHERE p.municipality_id = ? AND h.moved_in_on >= ? AND h.moved_in_on <= ?",
		       "Itt", mid, from, to));
	fig_set(f, "homes_lost",
		db_int(db, 0,
		       "SELECT COUNT(*) FROM home h JOIN course c ON c.id = h.course_id JOIN person p ON p.id = c.person_id"
		       " WHERE p.municipality_id = ? AND h.lost_on >= ? AND h.lost_on <= ?",
		       "Itt", mid, from, to));
}

/* 0: from is the first day of a half year that has begun by today; 1:
 * not a half's first day; 2: a half not begun yet. */
int report_half_check(const char *from, const char *today)
{
	char f[11], t[11];
	if (!from || !*from)
		return 1;
	period_of(from, 6, f, t);
	if (!f[0] || !streq(f, from))
		return 1;
	if (strcmp(from, today) > 0)
		return 2;
	return 0;
}

/* ---- shared bits of the pages -------------------------------------------- */

static void half_label(Req *r, Buf *b, const char *from)
{
	int y = 0, m = 0, d = 0;
	sscanf(from, "%4d-%2d-%2d", &y, &m, &d);
	bprintf(b, "%h %d", m <= 6 ? _("1. halvår") : _("2. halvår"), y);
}

static void due_of(const char *to, char due[11])
{
	date_add_days(due, to, 1);
}

static void audit(Req *r, const char *action, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, 0, r->route->purpose, result);
}

static long long report_of_half(Db *db, long long mid, const char *from)
{
	return db_int(db, 0, "SELECT id FROM project_report WHERE municipality_id = ? AND period_from = ?", "It", mid,
		      from);
}

/* The first day of the half year of the municipality's first course, "" if none. */
static void first_half(Db *db, long long mid, char out[11])
{
	char t[11];
	out[0] = 0;
	char *first = db_text(db,
			      "SELECT MIN(c.opened_on) FROM course c JOIN person p ON p.id = c.person_id"
			      " WHERE p.municipality_id = ?",
			      "I", mid);
	if (first && *first)
		period_of(first, 6, out, t);
	free(first);
}

static void share(Req *r, long long num, long long den)
{
	if (den <= 0)
		hp(r, "–");
	else
		hp(r, "%l %%", (num * 100 + den / 2) / den);
}

static void num_cell(Req *r, const char *title, long long v)
{
	if (v < 0)
		hp(r, "<td data-title=\"%a\">–</td>", title);
	else
		hp(r, "<td data-title=\"%a\">%l</td>", title, v);
}

typedef struct FigRow {
	const char *key;
	const char *label; /* N_ */
	const char *def;   /* N_: one line: how it is counted */
} FigRow;

static void fig_table_begin(Req *r, const char *caption)
{
	hp(r, "<table class=\"table table--compact table--responsive-headers hv-report-figs\"><caption>%h</caption>"
	      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>\n",
	   caption, _("Nøgletal"), _("Antal"), _("Sådan er det opgjort"));
}

static void fig_row(Req *r, const char *label, long long v, const char *def)
{
	hp(r, "<tr><th scope=\"row\" data-title=\"%a\">%h</th>", _("Nøgletal"), label);
	num_cell(r, _("Antal"), v);
	hp(r, "<td data-title=\"%a\">%h</td></tr>\n", _("Sådan er det opgjort"), def);
}

static void fig_rows(Req *r, const ReportFigs *f, const FigRow *rows)
{
	for (const FigRow *x = rows; x->key; x++)
		fig_row(r, _(x->label), report_fig(f, x->key), _(x->def));
}

static const FigRow rows_flow[] = {
	{"referred", N_("Henviste unge"), N_("Henvisninger med en henvisningsdato i perioden.")},
	{"started", N_("Startet i samarbejdsmodellen"), N_("Forløb, hvor trin 3 (start i samarbejdsmodellen) er dateret i perioden.")},
	{"ended", N_("Afsluttede forløb"), N_("Forløb afsluttet i perioden: trin 7, eller den unge har takket nej.")},
	{0, 0, 0},
};

static const FigRow rows_meetings[] = {
	{"active", N_("Forløb i samarbejdsmodellen i perioden"),
	 N_("Forløb, der har været i samarbejdsmodellen (trin 3 og ikke afsluttet) mindst én dag i perioden.")},
	{"meetings_held", N_("Netværksmøder afholdt"), N_("Møder registreret som afholdt med en dato i perioden.")},
	{"meetings_youth", N_("Heraf med den unge til stede"), N_("Afholdte møder i perioden, hvor den unge var med.")},
	{"courses_youth_meeting", N_("Forløb med mindst ét møde med den unge"),
	 N_("Forløb med mindst ét afholdt møde i perioden, hvor den unge var med.")},
	{0, 0, 0},
};

static const FigRow rows_housing[] = {
	{"homes_moved_in", N_("Flyttet ind i egen bolig"), N_("Boliger med en indflytningsdato i perioden.")},
	{"homes_lost", N_("Bolig mistet"), N_("Boliger, der er mistet i perioden.")},
	{"own_home_end", N_("I egen bolig ved periodens slutning"),
	 N_("Unge i indsatsen ved periodens slutning, der da boede i en bolig, de var flyttet ind i og ikke havde mistet.")},
	{0, 0, 0},
};

/* The key figures, from computed or stored values (a key not there: –). */
static void figures_render(Req *r, const ReportFigs *f)
{
	char key[48];
	hp(r, "<h2>%h</h2>\n", _("Unge i indsatsen"));
	fig_table_begin(r, _("Henvist, startet og afsluttet i perioden"));
	fig_rows(r, f, rows_flow);
	for (const Choice *c = end_reasons; c->key; c++) {
		Buf l = {0};
		bprintf(&l, "%h: %h", _("Afsluttet"), _(c->label));
		snprintf(key, sizeof key, "ended_%s", c->key);
		fig_row(r, buf_str(&l), report_fig(f, key), _("Heraf afsluttet med denne årsag."));
		buf_free(&l);
	}
	hp(r, "</tbody></table>\n");

	fig_table_begin(r, _("I indsatsen ved periodens slutning"));
	fig_row(r, _("I indsatsen i alt"), report_fig(f, "open"),
		_("Forløb startet i samarbejdsmodellen senest periodens sidste dag og ikke afsluttet da."));
	for (const Choice *c = combinations; c->key; c++) {
		snprintf(key, sizeof key, "open_%s", c->key);
		fig_row(r, _(c->label), report_fig(f, key), _("Heraf med denne kombination fra visitationen."));
	}
	fig_row(r, _(choice_label(target_groups, "homeless")), report_fig(f, "open_homeless"), _("Heraf i denne målgruppe."));
	fig_row(r, _(choice_label(target_groups, "at_risk")), report_fig(f, "open_at_risk"), _("Heraf i denne målgruppe."));
	hp(r, "</tbody></table>\n");

	hp(r, "<h2>%h</h2>\n", _("Netværksmøder"));
	fig_table_begin(r, _("Netværksmøder i perioden"));
	fig_rows(r, f, rows_meetings);
	hp(r, "</tbody></table>\n<p>%h ", _("Andel af forløbene i perioden med mindst ét møde med den unge:"));
	share(r, report_fig(f, "courses_youth_meeting"), report_fig(f, "active"));
	hp(r, "</p>\n");

	hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("Dokumentation"),
	   _("Målinger med frist i perioden. Til tiden: udfyldt senest 14 dage efter fristen. Mangler: ikke udfyldt "
	     "og mere end 14 dage efter fristen. Ikke for sent endnu: fristen er netop passeret."));
	hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption>%h</caption><thead><tr>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>\n",
	   _("De tre redskaber"), _("Redskab"), _("Med frist"), _("Til tiden"), _("For sent"), _("Mangler"),
	   _("Ikke for sent endnu"), _("Andel til tiden"));
	for (const InstrDef *d = instruments; d->key; d++) {
		static const char *const parts[] = {"due", "on_time", "late", "missing", "open"};
		const char *titles[] = {_("Med frist"), _("Til tiden"), _("For sent"), _("Mangler"), _("Ikke for sent endnu")};
		hp(r, "<tr><th scope=\"row\" data-title=\"%a\">%h</th>", _("Redskab"), _(d->title));
		for (int i = 0; i < 5; i++) {
			snprintf(key, sizeof key, "instr_%s_%s", d->key, parts[i]);
			num_cell(r, titles[i], report_fig(f, key));
		}
		char kd[48], ko[48];
		snprintf(kd, sizeof kd, "instr_%s_due", d->key);
		snprintf(ko, sizeof ko, "instr_%s_on_time", d->key);
		hp(r, "<td data-title=\"%a\">", _("Andel til tiden"));
		share(r, report_fig(f, ko), report_fig(f, kd));
		hp(r, "</td></tr>\n");
	}
	hp(r, "</tbody></table>\n");

	hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("Sagsstammer ved periodens slutning"),
	   _("Koordinatorer: åbne forløb hos de unge, de er koordinator for, mod kommunens pejlemærke. "
	     "CTI og ICM: åbne bostøtteforløb pr. medarbejder mod loftet (10 og 8)."));
	hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption>%h</caption><thead><tr>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>\n",
	   _("Sagsstammer"), _("Funktion"), _("Medarbejdere"), _("Unge i alt"), _("Største sagsstamme"),
	   _("Pejlemærke eller loft"), _("Over"));
	static const char *const who[] = {"coord", "cti", "icm"};
	const char *wlabel[] = {_("Koordinatorer"), _("CTI-medarbejdere"), _("ICM-medarbejdere")};
	static const char *const parts[] = {"users", "cases", "max", "guide", "over"};
	const char *ptitle[] = {_("Medarbejdere"), _("Unge i alt"), _("Største sagsstamme"), _("Pejlemærke eller loft"),
				_("Over")};
	for (int w = 0; w < 3; w++) {
		hp(r, "<tr><th scope=\"row\" data-title=\"%a\">%h</th>", _("Funktion"), wlabel[w]);
		for (int i = 0; i < 5; i++) {
			if (w == 0)
				snprintf(key, sizeof key, "coord_%s", parts[i]);
			else if (i == 0)
				snprintf(key, sizeof key, "%s_workers", who[w]);
			else if (i == 3)
				snprintf(key, sizeof key, "%s_cap", who[w]);
			else
				snprintf(key, sizeof key, "%s_%s", who[w], parts[i]);
			num_cell(r, ptitle[i], report_fig(f, key));
		}
		hp(r, "</tr>\n");
	}
	hp(r, "</tbody></table>\n");

	hp(r, "<h2>%h</h2>\n", _("Bolig"));
	fig_table_begin(r, _("Boliger i perioden"));
	fig_rows(r, f, rows_housing);
	hp(r, "</tbody></table>\n<p>%h ", _("Andel af de unge i indsatsen ved periodens slutning i egen bolig:"));
	share(r, report_fig(f, "own_home_end"), report_fig(f, "open"));
	hp(r, "</p>\n");
}

/* ---- the list ------------------------------------------------------------- */

void page_reports(Req *r)
{
	char today[11], from[11], to[11], first[11];
	today_copenhagen(today);
	long long mid = r->user.municipality_id;
	int leader = r->user.role == ROLE_PROJECT_LEADER;
	db_begin(r->db);
	page_begin(r, _("Projektindberetning"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Projektindberetning"),
	   _("Projektlederen indsender en projektindberetning for hvert halvår: nøgletal beregnet ud fra data og "
	     "skriftlige svar om erfaringer og fremdrift. Fristen er dagen efter halvårets slutning."));
	if (leader) {
		/* the due ones first, as on the worklist */
		size_t mark = r->out.n;
		int late;
		todo_table_begin(r, _("Skal indsendes"));
		int n = report_todos(r, 1, &late);
		todo_table_end(r);
		if (!n)
			r->out.n = mark;
	}
	first_half(r->db, mid, first);
	period_of(today, 6, from, to);
	hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption>%h</caption><thead><tr>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "</tr></thead><tbody>\n",
	   _("Halvår"), _("Halvår"), _("Frist"), _("Status"), _("Handling"));
	for (int k = 0; k < 12; k++) {
		char due[11], d[11], prev[11];
		if (k > 0 && (!first[0] || strcmp(from, first) < 0))
			break;
		due_of(to, due);
		date_format_dk(d, due);
		Buf l = {0};
		half_label(r, &l, from);
		hp(r, "<tr><th scope=\"row\" data-title=\"%a\">%h</th><td data-title=\"%a\">%h</td>", _("Halvår"), buf_str(&l),
		   _("Frist"), d);
		long long rid = 0;
		char *at = NULL;
		Stmt q;
		db_query(r->db, &q, "SELECT id, submitted_at FROM project_report WHERE municipality_id = ? AND period_from = ?",
			 "It", mid, from);
		if (db_step(&q)) {
			rid = db_col_int(&q, 0);
			at = xstrdup(db_col_text(&q, 1));
		}
		db_finalize(&q);
		if (rid) {
			char when[17] = "";
			time_t t;
			if (time_parse_iso_utc(at, &t) == 0)
				time_format_dk(when, t);
			hp(r, "<td data-title=\"%a\">%h %h</td><td data-title=\"%a\"><a href=\"/projektindberetning/%l\">%h<span class=\"sr-only\"> %h</span></a></td>",
			   _("Status"), _("Indsendt"), when, _("Handling"), rid, _("Se"), buf_str(&l));
		} else {
			int st = due_state(due, today);
			hp(r, "<td data-title=\"%a\">", _("Status"));
			if (st == DUE_LATE)
				hp(r, "<strong class=\"text-error\">%h</strong>", _(due_state_label(st)));
			else
				hp(r, "%h", _(due_state_label(st)));
			hp(r, "</td><td data-title=\"%a\">", _("Handling"));
			if (leader)
				hp(r, "<a href=\"/projektindberetning/ny?fra=%u\">%h<span class=\"sr-only\"> %h</span></a>", from,
				   _("Udfyld"), buf_str(&l));
			else
				hp(r, "–");
			hp(r, "</td>");
		}
		hp(r, "</tr>\n");
		free(at);
		buf_free(&l);
		/* the half before */
		date_add_days(prev, from, -1);
		period_of(prev, 6, from, to);
	}
	hp(r, "</tbody></table>\n");
	audit(r, "report_list", "ok");
	page_end(r);
	db_commit(r->db);
}

/* ---- a new report ---------------------------------------------------------- */

static void period_line(Req *r, const char *from, const char *to)
{
	char f[11], t[11], d[11], due[11];
	due_of(to, due);
	date_format_dk(f, from);
	date_format_dk(t, to);
	date_format_dk(d, due);
	hp(r, "<p>%h %h–%h. %h %h.</p>\n", _("Perioden er"), f, t, _("Fristen er"), d);
}

static void answer_fields(Req *r)
{
	hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("Projektlederens svar"),
	   _("Skriv mindst ét svar. Hvert svar må højst være på 4000 tegn."));
	for (const Choice *c = questions; c->key; c++)
		field_textarea(r, c->key, _(c->label), question_hint(c->key) ? _(question_hint(c->key)) : NULL);
}

static void new_form(Req *r, const char *from, const char *to, long long existing)
{
	char today[11];
	today_copenhagen(today);
	Buf l = {0}, title = {0};
	half_label(r, &l, from);
	bprintf(&title, "%h %h", _("Projektindberetning for"), buf_str(&l));
	page_begin(r, buf_str(&title));
	hp(r, "<h1>%h</h1>\n", buf_str(&title));
	period_line(r, from, to);
	if (existing) {
		hp(r, "<div class=\"alert alert-warning\" role=\"alert\"><div class=\"alert-body\"><p class=\"alert-text\">%h "
		      "<a href=\"/projektindberetning/%l/ret\">%h</a>.</p></div></div>\n",
		   _("Der er allerede indsendt en projektindberetning for dette halvår. Ret den indsendte i stedet:"), existing,
		   _("ret den indsendte projektindberetning"));
	}
	error_summary(r);
	hp(r, "<p>%h</p>\n", _("Nøgletallene herunder er beregnet nu ud fra data. De gemmes, som de er, når du indsender, "
			      "og ændres ikke senere."));
	ReportFigs *f = xmalloc(sizeof *f);
	report_figures(r->db, r->user.municipality_id, from, to, today, f);
	figures_render(r, f);
	free(f);
	if (!existing) {
		Buf a = {0};
		bprintf(&a, "/projektindberetning/ny?fra=%u", from);
		form_begin(r, buf_str(&a));
		answer_fields(r);
		form_buttons(r, _("Indsend projektindberetningen"), "/projektindberetning");
		buf_free(&a);
	}
	page_end(r);
	buf_free(&l);
	buf_free(&title);
}

/* The half of ?fra= or a 422 page; 1 when the caller may go on. */
static int half_ok(Req *r, char from[11], char to[11], const char *action)
{
	char today[11];
	today_copenhagen(today);
	int m = P(r, "fra") ? report_half_check(P(r, "fra"), today) : 1;
	if (m) {
		audit(r, action, "invalid");
		if (m == 2)
			page_fail(r, 422, "%s",
				  N_("Halvåret er ikke begyndt endnu. Projektindberetningen kan først laves, når halvåret er i gang."));
		else
			page_fail(r, 422, "%s", N_("Datoen skal være den første dag i et halvår: 1. januar eller 1. juli."));
		return 0;
	}
	period_of(P(r, "fra"), 6, from, to);
	return 1;
}

void page_report_new(Req *r)
{
	char from[11], to[11];
	db_begin(r->db);
	if (half_ok(r, from, to, "report_form")) {
		new_form(r, from, to, report_of_half(r->db, r->user.municipality_id, from));
		audit(r, "report_form", "ok");
	}
	db_commit(r->db);
}

static int answers_check(Req *r)
{
	int any = 0;
	for (const Choice *c = questions; c->key; c++)
		if (P(r, c->key) || P_err(r, c->key))
			any = 1;
	if (!any)
		P_set_err(r, questions[0].key, N_("Skriv mindst ét af svarene."));
	return r->nerrors == 0;
}

void page_report_create(Req *r)
{
	char from[11], to[11], today[11], at[21];
	long long mid = r->user.municipality_id;
	today_copenhagen(today);
	db_begin(r->db);
	if (!half_ok(r, from, to, "report_submit")) {
		db_commit(r->db);
		return;
	}
	long long existing = report_of_half(r->db, mid, from);
	int ok = answers_check(r);
	if (existing || !ok) {
		r->status = 422;
		new_form(r, from, to, existing);
		audit(r, "report_submit", existing ? "duplicate" : "invalid");
		db_commit(r->db);
		return;
	}
	time_iso_utc(at, now());
	long long rid = db_int(r->db, 0,
			       "INSERT INTO project_report(municipality_id, period_from, period_to, author_id, submitted_at)"
			       " VALUES (?, ?, ?, ?, ?) RETURNING id",
			       "IttIt", mid, from, to, r->user.id, at);
	ReportFigs *f = xmalloc(sizeof *f);
	report_figures(r->db, mid, from, to, today, f);
	for (int i = 0; i < f->n; i++)
		db_exec(r->db, "INSERT INTO project_report_figure(report_id, key, value) VALUES (?, ?, ?)", "ItI", rid,
			f->fig[i].key, f->fig[i].value);
	free(f);
	for (const Choice *c = questions; c->key; c++)
		if (P(r, c->key))
			db_exec(r->db, "INSERT INTO project_report_answer(report_id, question, answer) VALUES (?, ?, ?)", "Itt",
				rid, c->key, P(r, c->key));
	audit(r, "report_submit", "ok");
	if (!db_commit(r->db))
		return;
	Buf loc = {0};
	flash_set(r, _("Projektindberetningen er indsendt."));
	bprintf(&loc, "/projektindberetning/%l", rid);
	redirect(r, buf_str(&loc));
	buf_free(&loc);
}

/* ---- a submitted report ------------------------------------------------------ */

typedef struct Report {
	long long id, version, author;
	char from[11], to[11];
	char *submitted_at, *author_name;
} Report;

static int report_load(Req *r, long long id, Report *rep)
{
	Stmt q;
	memset(rep, 0, sizeof *rep);
	db_query(r->db, &q,
		 "SELECT p.id, p.version, p.period_from, p.period_to, p.submitted_at, COALESCE(u.name, '')"
		 " FROM project_report p LEFT JOIN users u ON u.id = p.author_id WHERE p.id = ? AND p.municipality_id = ?",
		 "II", id, r->user.municipality_id);
	if (db_step(&q)) {
		rep->id = db_col_int(&q, 0);
		rep->version = db_col_int(&q, 1);
		snprintf(rep->from, sizeof rep->from, "%s", db_col_text(&q, 2));
		snprintf(rep->to, sizeof rep->to, "%s", db_col_text(&q, 3));
		rep->submitted_at = xstrdup(db_col_text(&q, 4));
		rep->author_name = xstrdup(db_col_text(&q, 5));
	}
	db_finalize(&q);
	return rep->id != 0;
}

static void report_free(Report *rep)
{
	free(rep->submitted_at);
	free(rep->author_name);
}

static char *answer_of(Req *r, long long rid, const char *question)
{
	return db_text(r->db, "SELECT answer FROM project_report_answer WHERE report_id = ? AND question = ?", "It", rid,
		       question);
}

static const char *history_label(const char *field)
{
	const char *l = choice_label(questions, field);
	return *l ? l : field;
}

static void history_value(Req *r, const char *field, const char *v)
{
	(void)field;
	hp(r, "%h", *v ? v : "–");
}

/* 404 for a report id of another municipality or none; logged. */
static int report_context(Req *r, const char *action, Report *rep)
{
	if (report_load(r, PI(r, "rid"), rep))
		return 1;
	db_begin(r->db);
	audit(r, action, "not_found");
	db_commit(r->db);
	page_fail(r, 404, "%s", N_("Siden findes ikke."));
	return 0;
}

static void signed_line(Req *r, const Report *rep)
{
	char when[17] = "";
	time_t t;
	if (time_parse_iso_utc(rep->submitted_at, &t) == 0)
		time_format_dk(when, t);
	hp(r, "<p><strong>%h</strong> %h %h %h.", _("Indsendt"), when, _("af"), rep->author_name);
	if (rep->version > 1)
		hp(r, " %h %l.", _("Svarene er rettet. Udgave"), rep->version);
	hp(r, "</p>\n");
}

void page_report(Req *r)
{
	Report rep;
	if (!report_context(r, "report_view", &rep))
		return;
	db_begin(r->db);
	Buf l = {0}, title = {0};
	half_label(r, &l, rep.from);
	bprintf(&title, "%h %h", _("Projektindberetning for"), buf_str(&l));
	page_begin(r, buf_str(&title));
	hp(r, "<h1>%h</h1>\n", buf_str(&title));
	char *mname = db_text(r->db, "SELECT name FROM municipality WHERE id = ?", "I", r->user.municipality_id);
	hp(r, "<p>%h %h</p>\n", _("Kommune:"), mname ? mname : "");
	free(mname);
	period_line(r, rep.from, rep.to);
	signed_line(r, &rep);
	hp(r, "<p class=\"hv-noprint\">%h</p>\n", _("Siden kan udskrives med browserens udskriftsfunktion (fx Ctrl+P). "
						   "Menuen og knapperne kommer ikke med på papiret."));
	if (r->user.role == ROLE_PROJECT_LEADER)
		hp(r, "<p class=\"hv-noprint\"><a class=\"button button-secondary\" href=\"/projektindberetning/%l/ret\">%h</a></p>\n",
		   rep.id, _("Ret svarene"));
	hp(r, "<p>%h</p>\n", _("Nøgletallene er, som de var, da indberetningen blev indsendt."));
	ReportFigs *f = xcalloc(1, sizeof *f);
	Stmt q;
	db_query(r->db, &q, "SELECT key, value FROM project_report_figure WHERE report_id = ? ORDER BY key", "I", rep.id);
	while (db_step(&q))
		if (f->n < REPORT_MAX_FIGS)
			fig_set(f, db_col_text(&q, 0), db_col_int(&q, 1));
	db_finalize(&q);
	figures_render(r, f);
	free(f);
	hp(r, "<h2>%h</h2>\n", _("Projektlederens svar"));
	for (const Choice *c = questions; c->key; c++) {
		char *a = answer_of(r, rep.id, c->key);
		hp(r, "<h3>%h</h3>\n<p class=\"hv-pre\">%h</p>\n", _(c->label), a && *a ? a : _("Ikke besvaret."));
		free(a);
	}
	change_history(r, "project_report", rep.id, history_label, history_value);
	hp(r, "<p class=\"hv-noprint\"><a href=\"/projektindberetning\">%h</a></p>\n", _("Alle projektindberetninger"));
	audit(r, "report_view", "ok");
	page_end(r);
	db_commit(r->db);
	buf_free(&l);
	buf_free(&title);
	report_free(&rep);
}

/* version: the version the next save is made from (NULL: as sent or stored) */
static void amend_form(Req *r, const Report *rep, const char *version)
{
	Buf l = {0}, title = {0}, a = {0};
	half_label(r, &l, rep->from);
	bprintf(&title, "%h %h", _("Ret projektindberetningen for"), buf_str(&l));
	page_begin(r, buf_str(&title));
	hp(r, "<h1>%h</h1>\n", buf_str(&title));
	period_line(r, rep->from, rep->to);
	signed_line(r, rep);
	hp(r, "<p>%h</p>\n", _("Du kan rette svarene. Nøgletallene ændres ikke. Hver ændring gemmes i historikken."));
	error_summary(r);
	bprintf(&a, "/projektindberetning/%l/ret", rep->id);
	form_begin(r, buf_str(&a));
	char stored[24];
	snprintf(stored, sizeof stored, "%lld", rep->version);
	P_prefill(r, "version", stored);
	hp(r, "<input type=\"hidden\" name=\"version\" value=\"%a\">\n", version ? version : field_value(r, "version"));
	for (const Choice *c = questions; c->key; c++) {
		char *v = answer_of(r, rep->id, c->key);
		P_prefill(r, c->key, v ? v : "");
		free(v);
	}
	answer_fields(r);
	buf_reset(&a);
	bprintf(&a, "/projektindberetning/%l", rep->id);
	form_buttons(r, _("Gem svarene"), buf_str(&a));
	change_history(r, "project_report", rep->id, history_label, history_value);
	page_end(r);
	buf_free(&l);
	buf_free(&title);
	buf_free(&a);
}

void page_report_edit(Req *r)
{
	Report rep;
	if (!report_context(r, "report_form", &rep))
		return;
	db_begin(r->db);
	amend_form(r, &rep, NULL);
	audit(r, "report_form", "ok");
	db_commit(r->db);
	report_free(&rep);
}

void page_report_save(Req *r)
{
	Report rep;
	if (!report_context(r, "report_change", &rep))
		return;
	answers_check(r);
	if (r->nerrors || !P(r, "version")) {
		r->status = 422;
		db_begin(r->db);
		amend_form(r, &rep, NULL);
		audit(r, "report_change", "invalid");
		db_commit(r->db);
		goto done;
	}
	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	long long changed = db_int(r->db, 0,
				   "UPDATE project_report SET version = version + 1 WHERE id = ? AND version = ? RETURNING id",
				   "II", rep.id, PI(r, "version"));
	if (!changed) {
		db_rollback(r->db);
		Report now_rep;
		report_load(r, rep.id, &now_rep);
		P_set_err(r, questions[0].key,
			  N_("Svarene er rettet af en anden, mens du skrev. Se historikken herunder, og gem igen, hvis "
			     "dine rettelser stadig skal med."));
		char version[24];
		snprintf(version, sizeof version, "%lld", now_rep.version);
		r->status = 409;
		db_begin(r->db);
		amend_form(r, &now_rep, version);
		audit(r, "report_change", "conflict");
		db_commit(r->db);
		report_free(&now_rep);
		goto done;
	}
	int n = 0;
	for (const Choice *c = questions; c->key; c++) {
		char *old = answer_of(r, rep.id, c->key);
		const char *new = P(r, c->key) ? P(r, c->key) : "";
		if (!streq(old ? old : "", new)) {
			db_exec(r->db,
				"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
				" VALUES ('project_report', ?, ?, ?, ?, ?, ?)",
				"ItttIt", rep.id, c->key, old ? old : "", new, r->user.id, at);
			db_exec(r->db, "DELETE FROM project_report_answer WHERE report_id = ? AND question = ?", "It", rep.id,
				c->key);
			if (*new)
				db_exec(r->db,
					"INSERT INTO project_report_answer(report_id, question, answer) VALUES (?, ?, ?)", "Itt",
					rep.id, c->key, new);
			n++;
		}
		free(old);
	}
	audit(r, "report_change", "ok");
	if (!db_commit(r->db))
		goto done;
	Buf loc = {0};
	if (n)
		flash_set(r, _("Svarene er rettet."));
	else
		flash_set(r, _("Der var ingen ændringer."));
	bprintf(&loc, "/projektindberetning/%l", rep.id);
	redirect(r, buf_str(&loc));
	buf_free(&loc);
done:
	report_free(&rep);
}

/* ---- the worklist and the completeness overview ------------------------------- */

int report_todos(Req *r, int show, int *late)
{
	*late = 0;
	if (r->user.role != ROLE_PROJECT_LEADER)
		return 0;
	char today[11], from[11], to[11], first[11], prev[11], due[11];
	long long mid = r->user.municipality_id;
	today_copenhagen(today);
	period_of(today, 6, from, to);
	/* the loop goes back at most four halves: a first course before the
	 * earliest of them is all it needs to know (instrument.c) */
	date_add_months(prev, from, -24);
	first_course_period(r->db, mid, 6, prev, first);
	if (!first[0])
		return 0;
	int n = 0;
	for (int k = 0; k < 5 && n < 4 && strcmp(from, first) >= 0; k++) {
		due_of(to, due);
		int st = due_state(due, today);
		if (st != DUE_LATER && !report_of_half(r->db, mid, from)) {
			n++;
			if (st == DUE_LATE)
				++*late;
			if (show) {
				Buf href = {0}, task = {0};
				bprintf(&href, "/projektindberetning/ny?fra=%u", from);
				bprintf(&task, "%h: ", _("Projektindberetning"));
				half_label(r, &task, from);
				todo_row(r, buf_str(&task), NULL, from, to, due, st, buf_str(&href));
				buf_free(&href);
				buf_free(&task);
			}
		}
		date_add_days(prev, from, -1);
		period_of(prev, 6, from, to);
	}
	return n;
}

static void quarter_label(Req *r, Buf *b, const char *from)
{
	int y = 0, m = 0, d = 0;
	sscanf(from, "%4d-%2d-%2d", &y, &m, &d);
	bprintf(b, "%d. %h %d", (m - 1) / 3 + 1, _("kvartal"), y);
}

void report_completeness(Req *r)
{
	char today[11], qf[4][11], qt[4][11], prev[11];
	long long mid = r->user.municipality_id;
	today_copenhagen(today);
	period_of(today, 3, qf[0], qt[0]);
	for (int i = 1; i < 4; i++) {
		date_add_days(prev, qf[i - 1], -1);
		period_of(prev, 3, qf[i], qt[i]);
	}
	hp(r, "<h2 id=\"fuldstaendighed\">%h</h2>\n<p>%h</p>\n", _("Fuldstændighed for kommunen"),
	   _("Redskaberne med frist i kvartalet for alle unge i kommunen. Til tiden: udfyldt senest 14 dage efter "
	     "fristen. Mangler: ikke udfyldt og mere end 14 dage efter fristen."));
	hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption>%h</caption><thead><tr>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>\n",
	   _("De tre redskaber pr. kvartal"), _("Kvartal"), _("Redskab"), _("Med frist"), _("Til tiden"), _("For sent"),
	   _("Mangler"), _("Andel til tiden"));
	for (int i = 0; i < 4; i++) {
		Buf ql = {0};
		quarter_label(r, &ql, qf[i]);
		for (const InstrDef *d = instruments; d->key; d++) {
			Completeness c;
			measure_completeness(r->db, mid, d->key, qf[i], qt[i], today, &c);
			hp(r, "<tr><td data-title=\"%a\">%h</td><td data-title=\"%a\">%h</td>", _("Kvartal"), buf_str(&ql),
			   _("Redskab"), _(d->title));
			num_cell(r, _("Med frist"), c.due);
			num_cell(r, _("Til tiden"), c.on_time);
			num_cell(r, _("For sent"), c.late);
			if (c.missing)
				hp(r, "<td data-title=\"%a\"><strong class=\"text-error\">%d</strong></td>", _("Mangler"), c.missing);
			else
				num_cell(r, _("Mangler"), 0);
			hp(r, "<td data-title=\"%a\">", _("Andel til tiden"));
			share(r, c.on_time, c.due);
			hp(r, "</td></tr>\n");
		}
		buf_free(&ql);
	}
	hp(r, "</tbody></table>\n");

	/* time registrations and fidelity per finished quarter */
	long long staff = db_int(r->db, 0,
				 "SELECT COUNT(*) FROM users WHERE municipality_id = ? AND active = 1"
				 " AND role IN ('coordinator', 'support')",
				 "I", mid);
	hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption>%h</caption><thead><tr>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>\n",
	   _("Tidsregistrering og fidelitetsmåling pr. kvartal"), _("Kvartal"), _("Tidsregistrering"),
	   _("Fidelitetsmåling"));
	for (int i = 0; i < 4; i++) {
		Buf ql = {0};
		char due[11];
		due_of(qt[i], due);
		int st = due_state(due, today);
		quarter_label(r, &ql, qf[i]);
		hp(r, "<tr><td data-title=\"%a\">%h</td><td data-title=\"%a\">", _("Kvartal"), buf_str(&ql),
		   _("Tidsregistrering"));
		if (strcmp(qt[i], today) >= 0) {
			hp(r, "%h", _("Kvartalet er ikke slut"));
		} else {
			long long done = db_int(r->db, 0,
						"SELECT COUNT(*) FROM time_registration t JOIN users u ON u.id = t.user_id"
						" WHERE t.municipality_id = ? AND t.period_from = ? AND u.active = 1"
						" AND u.role IN ('coordinator', 'support')",
						"It", mid, qf[i]);
			hp(r, "%l %h %l (", done, _("af"), staff);
			share(r, done, staff);
			hp(r, ")");
			if (done < staff)
				hp(r, " <a href=\"/tid/oversigt\">%h<span class=\"sr-only\"> %h</span></a>", _("Se hvem der mangler"),
				   buf_str(&ql));
		}
		hp(r, "</td><td data-title=\"%a\">", _("Fidelitetsmåling"));
		long long fid = db_int(r->db, 0, "SELECT id FROM fidelity WHERE municipality_id = ? AND period_from = ?", "It",
				       mid, qf[i]);
		if (fid)
			hp(r, "%h", _("Indsendt"));
		else if (st == DUE_LATER)
			hp(r, "%h", _(due_state_label(st)));
		else
			hp(r, "<a href=\"/fidelitet\">%h<span class=\"sr-only\"> %h</span></a>",
			   st == DUE_LATE ? _("Mangler") : _(due_state_label(st)), buf_str(&ql));
		hp(r, "</td></tr>\n");
		buf_free(&ql);
	}
	hp(r, "</tbody></table>\n");

	/* the project report: the current and the last half */
	char hf[11], ht[11];
	period_of(today, 6, hf, ht);
	hp(r, "<h3>%h</h3>\n<ul>\n", _("Projektindberetning"));
	for (int k = 0; k < 2; k++) {
		char due[11];
		Buf hl = {0};
		due_of(ht, due);
		half_label(r, &hl, hf);
		long long rid = report_of_half(r->db, mid, hf);
		int st = due_state(due, today);
		if (rid)
			hp(r, "<li>%h: <a href=\"/projektindberetning/%l\">%h</a></li>\n", buf_str(&hl), rid, _("Indsendt"));
		else if (st == DUE_LATER)
			hp(r, "<li>%h: %h</li>\n", buf_str(&hl), _(due_state_label(st)));
		else
			hp(r, "<li>%h: <a href=\"/projektindberetning/ny?fra=%u\">%h</a></li>\n", buf_str(&hl), hf,
			   st == DUE_LATE ? _("Mangler") : _(due_state_label(st)));
		buf_free(&hl);
		date_add_days(prev, hf, -1);
		period_of(prev, 6, hf, ht);
	}
	hp(r, "</ul>\n");
}

/* ---- the demo ------------------------------------------------------------------- */

void report_demo(Db *db, long long municipality_id, long long author_id, unsigned seed)
{
	static const char *const model[] = {
		"Netværksmøderne fungerer godt. De unge siger, at de ikke skal fortælle deres historie igen og igen.",
		"Teamene er kommet godt i gang. Det tager tid at få alle aktører med til møderne.",
		"Koordinatorerne har fået en tydeligere rolle, og de unge ved, hvem de skal kontakte.",
	};
	static const char *const cti[] = {
		"CTI virker godt for de unge, der har fået en bolig. Overdragelsen i fase 3 kræver mere planlægning.",
		"Det er svært at nå overdragelsesaftalen en måned før slut. Vi har lavet en fast påmindelse.",
	};
	static const char *const icm[] = {
		"ICM-medarbejderne er tæt på loftet på 8 unge. ACT-teamet bruges til de mest komplekse forløb.",
		"ICM-forløbene er lange, og de unge er glade for den faste kontakt.",
	};
	static const char *const plan[] = {
		"Styregruppen har mødtes hvert kvartal. Aftalen med boligforeningerne om ungdomsboliger er fornyet.",
		"Visitationen er gjort enklere, og teamet visiterer nu selv. Supervision er i gang.",
	};
	static const char *const challenges[] = {
		"Der mangler billige boliger. Flere unge venter for længe på en bolig.",
		"Tidsregistreringen bliver ikke altid lavet til tiden.",
	};
	char today[11], from[11], to[11], prev[11], at[21];
	today_copenhagen(today);
	period_of(today, 6, from, to);
	unsigned s = seed * 2654435761u + 17;
	ReportFigs *f = xmalloc(sizeof *f);
	for (int k = 0; k < 3; k++) {
		date_add_days(prev, from, -1);
		period_of(prev, 6, from, to);
		if (report_of_half(db, municipality_id, from))
			continue;
		char sub[11];
		date_add_days(sub, to, 1 + (int)(s % 10));
		s = s * 1103515245u + 12345u;
		snprintf(at, sizeof at, "%sT10:%02u:00Z", sub, (s >> 8) % 60);
		db_begin(db);
		long long rid = db_int(db, 0,
				       "INSERT INTO project_report(municipality_id, period_from, period_to, author_id, submitted_at)"
				       " VALUES (?, ?, ?, ?, ?) RETURNING id",
				       "IttIt", municipality_id, from, to, author_id, at);
		report_figures(db, municipality_id, from, to, sub, f);
		for (int i = 0; i < f->n; i++)
			db_exec(db, "INSERT INTO project_report_figure(report_id, key, value) VALUES (?, ?, ?)", "ItI", rid,
				f->fig[i].key, f->fig[i].value);
		const char *ans[][2] = {
			{"a_model", model[(s >> 4) % 3]},
			{"a_cti", cti[(s >> 6) % 2]},
			{"a_icm", icm[(s >> 7) % 2]},
			{"a_plan", plan[(s >> 9) % 2]},
			{"a_challenges", challenges[(s >> 11) % 2]},
		};
		for (size_t i = 0; i < sizeof ans / sizeof ans[0]; i++)
			db_exec(db, "INSERT INTO project_report_answer(report_id, question, answer) VALUES (?, ?, ?)", "Itt", rid,
				ans[i][0], ans[i][1]);
		db_commit(db);
	}
	free(f);
}

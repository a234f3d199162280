/* cost.c: Omkostninger (issue 6, part 2; DOMAIN.md §7).  The hours and
 * cost per young person per year of the collaboration model, the
 * coordinator alone, CTI, ICM and ACT from the quarterly time
 * registrations and the municipality's hourly cost; the cost of a CTI
 * course and of the combinations; the average length of completed
 * courses; the spread as box plots; and how many coordinator posts the
 * current caseload needs against the posts the municipality has.  Every
 * figure stands next to the evaluation's.  docs/cost.md says exactly how
 * each is computed.
 *
 * The period: the calendar quarters that lie wholly inside fra–til (the
 * registrations are per quarter), by default the last four finished
 * quarters.  Young-person-years: the days each course (in the model from
 * step 3 to closed) or support course (start_on to end_on) lies inside
 * the period, up to today, summed and divided by 365.
 *
 * Speed: every query starts from the municipality (person's index, the
 * time registrations' index) and joins over indexed columns; the courses
 * come grouped by their clipped dates (the model) or one row per support
 * course with its contacts summed in SQL (needed for the spread).  Day
 * counts are done in C because date arithmetic is not portable SQL.
 *
 * Leaders see aggregates only: no young person is named; figures over
 * fewer than SUPPRESS_BELOW young people or courses are suppressed. */
#include "hjemvej.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the evaluation's figures (DOMAIN.md §7) */
#define REF_MODEL_HOURS 131.0
#define REF_COORD_HOURS 56.0
#define REF_CTI_HOURS 106.0
#define REF_ICM_HOURS 226.0
#define REF_MODEL_KR 50700.0
#define REF_MODEL_CTI_KR 91700.0
#define REF_MODEL_ICM_KR 140000.0
#define REF_MODEL_MONTHS 11.7
#define REF_ICM_MONTHS 13.0
/* about 29 young people fill a full-time coordinator post at 56 hours each */
#define POST_YOUTH 29
#define POST_HOURS (POST_YOUTH * 56)
#define CTI_DEFAULT_MONTHS 9.0
#define MAX_POSTS_TENTHS 10000

static const double ref_hours[TIME_METHODS] = {REF_MODEL_HOURS, REF_CTI_HOURS, REF_ICM_HOURS, -1};
static const char *const len_names[LEN_N] = {N_("Samarbejdsmodellen, planmæssigt afsluttet"),
					      N_("ICM, planmæssigt afsluttet"), N_("CTI, alle afsluttede")};
static const double len_refs[LEN_N] = {REF_MODEL_MONTHS, REF_ICM_MONTHS, -1};

/* ---- the period ------------------------------------------------------------- */

int cost_quarters(const char *fra, const char *til, char from[11], char to[11])
{
	char f[11], t[11];
	from[0] = to[0] = 0;
	period_of(fra, 3, f, t);
	if (!f[0])
		return 0;
	if (streq(f, fra))
		snprintf(from, 11, "%s", f);
	else
		date_add_days(from, t, 1);
	period_of(til, 3, f, t);
	if (!f[0])
		return 0;
	if (streq(t, til))
		snprintf(to, 11, "%s", t);
	else
		date_add_days(to, f, -1);
	if (strcmp(from, to) > 0) {
		from[0] = to[0] = 0;
		return 0;
	}
	int n = 0;
	for (char q[11] = ""; ; n++) {
		date_add_months(q, from, 3 * n);
		if (strcmp(q, to) > 0)
			break;
	}
	return n;
}

void cost_default_period(const char *today, char from[11], char to[11])
{
	char f[11], t[11];
	period_of(today, 3, f, t);
	date_add_days(to, f, -1);
	date_add_months(from, f, -12);
}

/* ---- the figures ------------------------------------------------------------ */

static void push(double **v, int *n, double x)
{
	if ((*n & (*n - 1)) == 0) /* 0, 1, 2, 4, 8 ...: grow */
		*v = xrealloc(*v, (size_t)(*n ? *n * 2 : 1) * sizeof **v);
	(*v)[(*n)++] = x;
}

static int method_of(const char *key)
{
	if (streq(key, "model"))
		return TIME_MODEL;
	if (streq(key, "cti"))
		return TIME_CTI;
	if (streq(key, "icm"))
		return TIME_ICM;
	if (streq(key, "act"))
		return TIME_ACT;
	return -1;
}

#define DAYS_PER_MONTH (365.25 / 12.0)

/* The period's whole quarters, the hourly cost and the hours registered
 * in them (f->from, f->to, f->quarters, f->hourly, f->registrations,
 * f->minutes, f->coord_minutes); 0 when the period holds no whole quarter. */
static int hours_registered(Db *db, long long mid, const char *from, const char *to, CostFigs *f)
{
	snprintf(f->from, sizeof f->from, "%s", from);
	snprintf(f->to, sizeof f->to, "%s", to);
	f->quarters = cost_quarters(from, to, f->from, f->to);
	f->hourly = db_int(db, 387, "SELECT hourly_cost FROM municipality WHERE id = ?", "I", mid);
	if (!f->quarters)
		return 0;
	const char *qf = f->from, *qt = f->to;
	/* hours: the registrations of the quarters in the period */
	f->registrations = db_int(db, 0,
				  "SELECT COUNT(*) FROM time_registration WHERE municipality_id = ? AND period_from >= ?"
				  " AND period_to <= ?",
				  "Itt", mid, qf, qt);
	Stmt q;
	db_query(db, &q,
		 "SELECT h.method, SUM(h.minutes), SUM(CASE WHEN u.role = 'coordinator' OR (u.role = 'project_leader'"
		 " AND EXISTS (SELECT 1 FROM person p WHERE p.coordinator_id = u.id AND p.municipality_id = ?))"
		 " THEN h.minutes ELSE 0 END)"
		 " FROM time_registration t JOIN time_hours h ON h.registration_id = t.id JOIN users u ON u.id = t.user_id"
		 " WHERE t.municipality_id = ? AND t.period_from >= ? AND t.period_to <= ? GROUP BY h.method",
		 "IItt", mid, mid, qf, qt);
	while (db_step(&q)) {
		int m = method_of(db_col_text(&q, 0));
		if (m < 0)
			continue;
		f->minutes[m] += db_col_int(&q, 1);
		if (m == TIME_MODEL)
			f->coord_minutes += db_col_int(&q, 2);
	}
	db_finalize(&q);
	return 1;
}

/* Young-person-years in the model from f->from to end (f->years and
 * f->youth of TIME_MODEL), grouped by the clipped dates. */
static void cost_model_years(Db *db, long long mid, const char *end, CostFigs *f)
{
	const char *qf = f->from;
	long long days = 0;
	Stmt q;
	db_query(db, &q,
		 "SELECT CASE WHEN s.on_date < ? THEN ? ELSE s.on_date END,"
		 " CASE WHEN c.closed_on IS NULL OR c.closed_on > ? THEN ? ELSE c.closed_on END, COUNT(*)"
		 " FROM person p JOIN course c ON c.person_id = p.id"
		 " JOIN course_event s ON s.course_id = c.id AND s.step = 3"
		 " WHERE p.municipality_id = ? AND s.on_date <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?)"
		 " GROUP BY 1, 2",
		 "ttttItt", qf, qf, end, end, mid, end, qf);
	while (db_step(&q)) {
		long d = days_between(db_col_text(&q, 0), db_col_text(&q, 1)) + 1;
		if (d > 0) {
			days += d * db_col_int(&q, 2);
			f->youth[TIME_MODEL] += db_col_int(&q, 2);
		}
	}
	db_finalize(&q);
	f->years[TIME_MODEL] = (double)days / 365.0;
}

void cost_figures(Db *db, long long mid, const char *from, const char *to, const char *today, CostFigs *f)
{
	memset(f, 0, sizeof *f);
	f->posts = db_int(db, 0, "SELECT coordinator_posts FROM municipality WHERE id = ?", "I", mid);
	/* the caseload now: in the model (step 3 on or before today), not closed */
	f->caseload = db_int(db, 0,
			     "SELECT COUNT(*) FROM person p JOIN course c ON c.person_id = p.id"
			     " JOIN course_event s ON s.course_id = c.id AND s.step = 3"
			     " WHERE p.municipality_id = ? AND s.on_date <= ? AND c.closed_on IS NULL",
			     "It", mid, today);
	if (!hours_registered(db, mid, from, to, f))
		return;
	const char *qf = f->from, *qt = f->to;
	/* the days are counted up to today at the latest */
	char end[11];
	snprintf(end, sizeof end, "%s", strcmp(qt, today) > 0 ? today : qt);
	if (strcmp(qf, end) > 0) /* the period has not begun */
		return;
	cost_model_years(db, mid, end, f);
	Stmt q;

	/* the support courses, one row each with their contacts in the period */
	long long sdays[TIME_METHODS] = {0};
	db_query(db, &q,
		 "SELECT s.method, CASE WHEN s.start_on < ? THEN ? ELSE s.start_on END,"
		 " CASE WHEN s.end_on IS NULL OR s.end_on > ? THEN ? ELSE s.end_on END,"
		 " COALESCE(SUM(k.minutes + k.travel_minutes), 0)"
		 " FROM person p JOIN course c ON c.person_id = p.id JOIN support_course s ON s.course_id = c.id"
		 " LEFT JOIN contact k ON k.support_id = s.id AND k.on_date >= ? AND k.on_date <= ?"
		 " WHERE p.municipality_id = ? AND s.start_on <= ? AND (s.end_on IS NULL OR s.end_on >= ?)"
		 " GROUP BY s.id, s.method, s.start_on, s.end_on",
		 "ttttttItt", qf, qf, end, end, qf, end, mid, end, qf);
	while (db_step(&q)) {
		int m = method_of(db_col_text(&q, 0));
		long d = days_between(db_col_text(&q, 1), db_col_text(&q, 2)) + 1;
		if (m < TIME_CTI || d <= 0)
			continue;
		sdays[m] += d;
		f->youth[m]++;
		if (d >= SPREAD_MIN_DAYS)
			push(&f->spread[m - TIME_CTI], &f->n_spread[m - TIME_CTI],
			     (double)db_col_int(&q, 3) / 60.0 * 365.0 / (double)d);
	}
	db_finalize(&q);
	for (int m = TIME_CTI; m < TIME_METHODS; m++)
		f->years[m] = (double)sdays[m] / 365.0;

	/* completed model courses: start in the model to closed, closed in the
	 * period as planned (the problems less complex, or the young person
	 * coordinates alone) */
	db_query(db, &q,
		 "SELECT s.on_date, c.closed_on FROM person p JOIN course c ON c.person_id = p.id"
		 " JOIN course_event s ON s.course_id = c.id AND s.step = 3 JOIN course_end e ON e.course_id = c.id"
		 " WHERE p.municipality_id = ? AND c.closed_on >= ? AND c.closed_on <= ? AND e.kind = 'closed'"
		 " AND e.end_reason IN ('less_complex', 'self')",
		 "Itt", mid, qf, qt);
	while (db_step(&q)) {
		long d = days_between(db_col_text(&q, 0), db_col_text(&q, 1));
		if (d >= 0)
			push(&f->len[LEN_MODEL], &f->n_len[LEN_MODEL], (double)d / DAYS_PER_MONTH);
	}
	db_finalize(&q);
	/* ended support courses: ICM ended as planned (no longer needed), every
	 * ended CTI course (its length prices a CTI course) */
	db_query(db, &q,
		 "SELECT s.method, s.start_on, s.end_on FROM person p JOIN course c ON c.person_id = p.id"
		 " JOIN support_course s ON s.course_id = c.id"
		 " WHERE p.municipality_id = ? AND s.end_on >= ? AND s.end_on <= ?"
		 " AND (s.method = 'cti' OR (s.method = 'icm' AND s.end_reason = 'not_needed'))",
		 "Itt", mid, qf, qt);
	while (db_step(&q)) {
		int k = streq(db_col_text(&q, 0), "cti") ? LEN_CTI : LEN_ICM;
		long d = days_between(db_col_text(&q, 1), db_col_text(&q, 2));
		if (d >= 0)
			push(&f->len[k], &f->n_len[k], (double)d / DAYS_PER_MONTH);
	}
	db_finalize(&q);
}

void cost_figures_free(CostFigs *f)
{
	for (int i = 0; i < 3; i++) {
		free(f->spread[i]);
		free(f->len[i]);
		f->spread[i] = f->len[i] = NULL;
	}
}

double cost_hours(const CostFigs *f, int method)
{
	if (f->years[method] <= 0)
		return -1;
	return (double)f->minutes[method] / 60.0 / f->years[method];
}

double cost_coordinator_hours(const CostFigs *f)
{
	if (f->years[TIME_MODEL] <= 0)
		return -1;
	return (double)f->coord_minutes / 60.0 / f->years[TIME_MODEL];
}

double cost_mean(const double *v, int n)
{
	if (n <= 0)
		return -1;
	double s = 0;
	for (int i = 0; i < n; i++)
		s += v[i];
	return s / n;
}

/* The length of a CTI course in years: the average of the CTI courses
 * that ended in the period, else the method's nine months (*measured 0). */
double cost_cti_years(const CostFigs *f, int *measured)
{
	*measured = f->n_len[LEN_CTI] > 0;
	return (*measured ? cost_mean(f->len[LEN_CTI], f->n_len[LEN_CTI]) : CTI_DEFAULT_MONTHS) / 12.0;
}

/* Kroner per CTI course: CTI hours per young-person-year × the length in
 * years × the hourly cost; -1 without CTI young-person-years. */
double cost_cti_course(const CostFigs *f)
{
	double h = cost_hours(f, TIME_CTI);
	int measured;
	if (h < 0)
		return -1;
	return h * cost_cti_years(f, &measured) * (double)f->hourly;
}

double cost_posts_needed(long long caseload, double hours_per_youth)
{
	return (double)caseload * hours_per_youth / (double)POST_HOURS;
}

const char *cost_empty(const CostFigs *f)
{
	long long all = 0;
	for (int m = 0; m < TIME_METHODS; m++)
		all += f->minutes[m];
	if (!f->quarters)
		return N_("Perioden rummer ikke et helt kvartal. Timerne registreres pr. kvartal, så vælg en periode, der "
			  "dækker mindst ét helt kvartal.");
	if (!all && f->years[TIME_MODEL] <= 0)
		return N_("Der er hverken registreret timer eller unge i samarbejdsmodellen i perioden, så der er ingen "
			  "omkostninger at vise.");
	if (!all)
		return N_("Der er ikke registreret timer for kvartalerne i perioden, så der er ingen omkostninger at vise. "
			  "Timerne registreres under Dokumentation, Tidsregistrering.");
	if (f->years[TIME_MODEL] <= 0)
		return N_("Der var ingen unge i samarbejdsmodellen i perioden, så timerne kan ikke fordeles pr. ung.");
	return NULL;
}

/* Only what the kroner per young person need (the dashboard asks for it
 * per quarter): the hours and the young-person-years in the model, not the
 * support courses, their contacts and the lengths of cost_figures. */
double cost_per_youth(Db *db, long long municipality_id, const char *from, const char *to, double *youth)
{
	char today[11], end[11];
	today_copenhagen(today);
	CostFigs f;
	memset(&f, 0, sizeof f);
	if (hours_registered(db, municipality_id, from, to, &f)) {
		snprintf(end, sizeof end, "%s", strcmp(f.to, today) > 0 ? today : f.to);
		if (strcmp(f.from, end) <= 0)
			cost_model_years(db, municipality_id, end, &f);
	}
	long long all = 0;
	for (int m = 0; m < TIME_METHODS; m++)
		all += f.minutes[m];
	if (youth)
		*youth = f.years[TIME_MODEL];
	cost_figures_free(&f);
	if (!all || f.years[TIME_MODEL] <= 0)
		return -1;
	return (double)all / 60.0 * (double)f.hourly / f.years[TIME_MODEL];
}

/* "2,5", "2.5", "3": tenths of a post, 0 to 1000, at most one decimal.
 * NULL or the message. */
const char *cost_posts_parse(const char *s, int *tenths)
{
	long long minutes;
	*tenths = 0;
	if (!s || !*s)
		return N_("Skriv antallet af stillinger, fx 2,5.");
	switch (hours_parse(s, &minutes)) {
	case HOURS_OK:
		break;
	case HOURS_NEGATIVE:
		return N_("Antallet af stillinger kan ikke være negativt.");
	case HOURS_DECIMALS:
		return N_("Skriv antallet med højst én decimal, fx 2,5.");
	case HOURS_HUGE:
		return N_("Antallet af stillinger skal være mellem 0 og 1.000.");
	default:
		return N_("Skriv antallet af stillinger som et tal, fx 2,5.");
	}
	if (minutes / 6 > MAX_POSTS_TENTHS)
		return N_("Antallet af stillinger skal være mellem 0 og 1.000.");
	*tenths = (int)(minutes / 6);
	return NULL;
}

static void posts_text(char out[32], long long tenths)
{
	if (tenths % 10)
		snprintf(out, 32, "%lld,%lld", tenths / 10, tenths % 10);
	else
		snprintf(out, 32, "%lld", tenths / 10);
}

/* ---- the tables ------------------------------------------------------------- */

/* A figure per young person: empty without data (v < 0), "under 5" when
 * it rests on fewer than SUPPRESS_BELOW young people or courses. */
static void cell_per(Table *t, double v, int dec, long long n)
{
	if (v < 0) {
		cell_empty(t);
		return;
	}
	cell_num(t, v, dec);
	cell_suppress_if_few(t, n);
}

static void cell_ref(Table *t, double v, int dec)
{
	if (v < 0)
		cell_empty(t);
	else
		cell_num(t, v, dec);
}

enum { T_HOURS, T_COMBI, T_LEN, T_SPREAD, T_SPREAD_LEN, T_POSTS, T_N };

static void build_tables(Req *r, const CostFigs *f, Table *t[T_N])
{
	double hourly = (double)f->hourly;
	/* hours and kroner per young person per year */
	t[T_HOURS] = table_new(_("Timer og udgift pr. ung pr. år"), 7, _("Metode"), _("Unge"), _("Unge-år i perioden"),
			       _("Timer pr. ung pr. år"), _("Evalueringen, timer"), _("Kr. pr. ung pr. år"),
			       _("Evalueringen, kr."));
	for (int m = 0; m <= TIME_METHODS; m++) {
		/* the coordinator alone goes after the model */
		int k = m == 0 ? TIME_MODEL : m == 1 ? -1 : m - 1;
		Table *T = t[T_HOURS];
		table_row(T);
		double h = k < 0 ? cost_coordinator_hours(f) : cost_hours(f, k);
		int km = k < 0 ? TIME_MODEL : k;
		cell_text(T, k < 0 ? _("Koordinatoren alene") : _(time_methods[k].label));
		cell_count(T, f->youth[km]);
		cell_num(T, f->years[km], 1);
		cell_per(T, h, 1, f->youth[km]);
		cell_ref(T, k < 0 ? REF_COORD_HOURS : ref_hours[k], 0);
		cell_per(T, h < 0 ? -1 : h * hourly, 0, f->youth[km]);
		cell_ref(T, k == TIME_MODEL ? REF_MODEL_KR : -1, 0);
	}
	table_note(t[T_HOURS], _("Timerne er alle registrerede timer på metoden i periodens kvartaler delt med de unge-år, "
				 "metoden har haft i perioden. Koordinatoren alene: timerne på samarbejdsmodellen, som "
				 "koordinatorerne har registreret."));

	/* per course and combination */
	int measured;
	double cti_years = cost_cti_years(f, &measured);
	double model = cost_hours(f, TIME_MODEL);
	double model_kr = model < 0 ? -1 : model * hourly;
	double cti_course = cost_cti_course(f);
	long long n_model = f->youth[TIME_MODEL];
	t[T_COMBI] = table_new(_("Udgift pr. forløb og kombination"), 3, _("Kombination"), _("Kr. pr. ung"),
			       _("Evalueringen, kr."));
	table_row(t[T_COMBI]);
	cell_text(t[T_COMBI], _("Et CTI-forløb (CTI alene)"));
	cell_per(t[T_COMBI], cti_course, 0, f->youth[TIME_CTI]);
	cell_empty(t[T_COMBI]);
	table_row(t[T_COMBI]);
	cell_text(t[T_COMBI], _("Samarbejdsmodellen i et år + et CTI-forløb"));
	cell_per(t[T_COMBI], model_kr < 0 || cti_course < 0 ? -1 : model_kr + cti_course, 0,
		 n_model < f->youth[TIME_CTI] ? n_model : f->youth[TIME_CTI]);
	cell_num(t[T_COMBI], REF_MODEL_CTI_KR, 0);
	for (int k = TIME_ICM; k <= TIME_ACT; k++) {
		double h = cost_hours(f, k);
		table_row(t[T_COMBI]);
		cell_text(t[T_COMBI], k == TIME_ICM ? _("Samarbejdsmodellen + ICM i et år") : _("Samarbejdsmodellen + ACT i et år"));
		cell_per(t[T_COMBI], model_kr < 0 || h < 0 ? -1 : model_kr + h * hourly, 0,
			 n_model < f->youth[k] ? n_model : f->youth[k]);
		cell_ref(t[T_COMBI], k == TIME_ICM ? REF_MODEL_ICM_KR : -1, 0);
	}
	{
		Buf note = {0};
		char y[32];
		snprintf(y, sizeof y, "%.1f", cti_years * 12.0);
		for (char *p = y; *p; p++)
			if (*p == '.')
				*p = ',';
		if (measured)
			bprintf(&note, "%h %h %h", _("Et CTI-forløb er regnet med de afsluttede CTI-forløbs gennemsnitlige længde:"),
				y, _("måneder."));
		else
			bprintf(&note, "%h %h %h", _("Ingen CTI-forløb sluttede i perioden, så et CTI-forløb er regnet med metodens"),
				y, _("måneder."));
		table_note(t[T_COMBI], buf_str(&note));
		buf_free(&note);
	}

	/* lengths */
	t[T_LEN] = table_new(_("Forløbenes gennemsnitlige længde"), 4, _("Forløb"), _("Afsluttede i perioden"),
			     _("Måneder i gennemsnit"), _("Evalueringen, måneder"));
	for (int k = 0; k < LEN_N; k++) {
		table_row(t[T_LEN]);
		cell_text(t[T_LEN], _(len_names[k]));
		cell_count(t[T_LEN], f->n_len[k]);
		cell_per(t[T_LEN], cost_mean(f->len[k], f->n_len[k]), 1, f->n_len[k]);
		cell_ref(t[T_LEN], len_refs[k], 1);
	}
	table_note(t[T_LEN], _("Samarbejdsmodellen: fra start i modellen (trin 3) til forløbet blev afsluttet, fordi den "
			       "unges problemer er blevet mindre komplekse, eller den unge selv klarer koordineringen. "
			       "ICM: bostøtteforløb afsluttet, fordi intensiv støtte ikke længere er nødvendig."));

	/* the spread */
	static const char *const box_heads[8] = {N_("Metode"), N_("Unge"), N_("Mindst"), N_("Nedre kvartil"),
						 N_("Median"), N_("Øvre kvartil"), N_("Højst"), N_("Evalueringen")};
	t[T_SPREAD] = table_new(_("Spredning: timer pr. ung pr. år i bostøtten efter kontaktloggen"), 8, _(box_heads[0]),
				_(box_heads[1]), _(box_heads[2]), _(box_heads[3]), _(box_heads[4]), _(box_heads[5]),
				_(box_heads[6]), _(box_heads[7]));
	t[T_SPREAD_LEN] = table_new(_("Spredning: de afsluttede forløbs længde i måneder"), 8, _("Forløb"),
				    _("Forløb i alt"), _(box_heads[2]), _(box_heads[3]), _(box_heads[4]), _(box_heads[5]),
				    _(box_heads[6]), _(box_heads[7]));
	for (int s = 0; s < 2; s++) {
		Table *T = s ? t[T_SPREAD_LEN] : t[T_SPREAD];
		for (int k = 0; k < 3; k++) {
			int n = s ? f->n_len[k] : f->n_spread[k];
			const double *src = s ? f->len[k] : f->spread[k];
			table_row(T);
			cell_text(T, s ? _(len_names[k]) : _(time_methods[TIME_CTI + k].label));
			cell_count(T, n);
			if (n >= SUPPRESS_BELOW) {
				double *v = xmalloc((size_t)n * sizeof *v);
				memcpy(v, src, (size_t)n * sizeof *v);
				BoxStats b;
				box_stats(v, n, &b);
				free(v);
				cell_num(T, b.min, 1);
				cell_num(T, b.q1, 1);
				cell_num(T, b.median, 1);
				cell_num(T, b.q3, 1);
				cell_num(T, b.max, 1);
			} else {
				for (int i = 0; i < 5; i++)
					cell_empty(T);
			}
			cell_ref(T, s ? len_refs[k] : ref_hours[TIME_CTI + k], 1);
		}
	}
	table_note(t[T_SPREAD], _("Hver ung er et bostøtteforløb med mindst 30 dage i perioden: minutterne og "
				  "transporttiden i kontaktloggen i perioden omregnet til timer pr. år. Under 5 forløb "
				  "vises ikke."));
	table_note(t[T_SPREAD_LEN], _("Hvert forløb er et afsluttet forløb som i tabellen over forløbenes længde. Under 5 "
				      "forløb vises ikke."));

	/* coordinators */
	t[T_POSTS] = table_new(_("Koordinatorer til de unge i samarbejdsmodellen nu"), 2, _("Nøgletal"), _("Værdi"));
	Table *T = t[T_POSTS];
	table_row(T);
	cell_text(T, _("Unge i samarbejdsmodellen nu"));
	cell_count(T, f->caseload);
	table_row(T);
	cell_text(T, _("Timer pr. ung pr. år (evalueringen)"));
	cell_num(T, REF_COORD_HOURS, 0);
	table_row(T);
	cell_text(T, _("Timer pr. fuldtidsstilling om året"));
	cell_int(T, POST_HOURS);
	table_row(T);
	cell_text(T, _("Stillinger, der skal til"));
	/* with under 5 young people the posts would tell their number */
	cell_per(T, cost_posts_needed(f->caseload, REF_COORD_HOURS), 1, f->caseload);
	table_row(T);
	cell_text(T, _("Stillinger i kommunen"));
	cell_num(T, f->posts / 10.0, 1);
	table_row(T);
	cell_text(T, _("Forskel (stillinger i kommunen minus dem, der skal til)"));
	{
		/* rounded to the tenth shown, so that it never reads "-0,0" */
		double x = (f->posts / 10.0 - cost_posts_needed(f->caseload, REF_COORD_HOURS)) * 10.0;
		long long d = (long long)(x < 0 ? x - 0.5 : x + 0.5);
		cell_num(T, (double)d / 10.0, 1); /* may be negative: fewer posts than needed */
		cell_suppress_if_few(T, f->caseload);
	}
	double own = cost_coordinator_hours(f);
	if (own > 0) {
		table_row(T);
		cell_text(T, _("Stillinger, der skal til med kommunens egne koordinatortimer"));
		cell_per(T, cost_posts_needed(f->caseload, own), 1,
			 f->caseload < f->youth[TIME_MODEL] ? f->caseload : f->youth[TIME_MODEL]);
	}
	table_note(T, _("Evalueringen: en koordinator bruger 56 timer om året pr. ung, og ca. 29 unge fylder en "
			"fuldtidsstilling. Det svarer til 29 × 56 = 1.624 timer om året pr. stilling."));
}

/* ---- the page ---------------------------------------------------------------- */

static void date_field_value(Req *r, const char *name, const char *iso)
{
	char d[11];
	date_format_dk(d, iso);
	P_prefill(r, name, d);
}

/* The report for the period in fra/til (or the default); status 422 when
 * the posts form failed (its message at the field).  from_post: the
 * request is the posts form's POST (no export). */
static void cost_render(Req *r, int status, int from_post)
{
	char today[11], fra[11], til[11], qf[11], qt[11];
	today_copenhagen(today);
	cost_default_period(today, fra, til);
	if (P(r, "fra"))
		snprintf(fra, sizeof fra, "%s", P(r, "fra"));
	if (P(r, "til"))
		snprintf(til, sizeof til, "%s", P(r, "til"));
	int bad_order = strcmp(til, fra) < 0;
	if (bad_order) {
		P_set_err(r, "til", N_("Til-datoen ligger før fra-datoen. Vælg en til-dato, der ligger efter fra-datoen."));
		status = 422;
	}
	CostFigs f;
	memset(&f, 0, sizeof f);
	Table *t[T_N] = {0};
	if (!bad_order) {
		cost_figures(r->db, r->user.municipality_id, fra, til, today, &f);
		build_tables(r, &f, t);
		if (!from_post && table_export(r, "omkostninger", t, T_N)) {
			for (int i = 0; i < T_N; i++)
				table_free(t[i]);
			cost_figures_free(&f);
			return;
		}
	}
	r->status = status;
	page_begin(r, _("Omkostninger"));
	hp(r, "<h1>%h</h1>\n<p class=\"hv-lead\">%h</p>\n", _("Omkostninger"),
	   _("Timer og udgifter pr. ung ud fra kommunens tidsregistrering og timepris, ved siden af evalueringens tal "
	     "for samarbejdsmodellen, CTI og ICM."));
	/* the period */
	date_field_value(r, "fra", fra);
	date_field_value(r, "til", til);
	hp(r, "<form method=\"get\" action=\"/omkostninger\" class=\"hv-period hv-noprint\" novalidate>\n");
	field_text(r, "fra", _("Fra"), _("dd.mm.åååå"), "text", "off");
	field_text(r, "til", _("Til"), _("dd.mm.åååå"), "text", "off");
	hp(r, "<button type=\"submit\" class=\"button button-secondary\">%h</button>\n</form>\n", _("Vis perioden"));
	if (!bad_order) {
		cost_quarters(fra, til, qf, qt);
		const char *empty = cost_empty(&f);
		if (f.quarters) {
			char a[11], b[11];
			date_format_dk(a, qf);
			date_format_dk(b, qt);
			hp(r, "<p>%h %d %h %h–%h. %h %l %h <a href=\"/tid/oversigt\" class=\"hv-noprint\">%h</a></p>\n",
			   _("Perioden dækker hele kvartaler:"), f.quarters, f.quarters == 1 ? _("kvartal,") : _("kvartaler,"), a,
			   b, _("Timeprisen er"), f.hourly, _("kr."), _("Tidsregistreringen"));
		}
		if (empty)
			hp(r, "<div class=\"alert alert-info\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p>"
			      "</div></div>\n",
			   _(empty));
		else {
			hp(r, "<h2>%h</h2>\n", _("Timer og udgift pr. ung pr. år"));
			table_html(r, t[T_HOURS]);
			hp(r, "<h2>%h</h2>\n", _("Pr. forløb og kombination"));
			table_html(r, t[T_COMBI]);
		}
		if (f.quarters) {
			hp(r, "<h2>%h</h2>\n", _("Forløbenes længde"));
			table_html(r, t[T_LEN]);
			hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("Spredning"),
			   _("Boksene viser den mindste og største værdi, de to kvartiler og medianen; stregen er evalueringens "
			     "tal."));
			chart_boxes(r, t[T_SPREAD], _("Timer pr. ung pr. år"));
			chart_boxes(r, t[T_SPREAD_LEN], _("Måneder"));
		}
	}
	hp(r, "<h2 id=\"koordinatorer\">%h</h2>\n", _("Koordinatorer"));
	if (t[T_POSTS])
		table_html(r, t[T_POSTS]);
	if (r->user.role & ROLE_PROJECT_LEADER) {
		char v[32];
		posts_text(v, f.posts ? f.posts
				      : db_int(r->db, 0, "SELECT coordinator_posts FROM municipality WHERE id = ?", "I",
					       r->user.municipality_id));
		P_prefill(r, "stillinger", v);
		hp(r, "<div class=\"hv-noprint\">\n");
		form_begin(r, "/omkostninger/stillinger");
		field_text(r, "stillinger", _("Kommunens koordinatorstillinger"),
			   _("Antal fuldtidsstillinger med højst én decimal, fx 2,5."), "text", "off");
		hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Gem stillingerne"));
		form_end(r);
		hp(r, "</div>\n");
	}
	if (!bad_order) {
		Buf here = {0};
		bprintf(&here, "/omkostninger?fra=%u&til=%u", fra, til);
		export_links(r, buf_str(&here));
		buf_free(&here);
	}
	page_end(r);
	/* a view's row is written before the page is sent (audit.c); a refused
	 * form's row goes in the form's transaction (once_begin) */
	audit_muni(r, from_post ? "coordinator_posts_change" : "view", status == 422 ? "invalid" : "ok");
	for (int i = 0; i < T_N; i++)
		table_free(t[i]);
	cost_figures_free(&f);
}

void page_cost(Req *r)
{
	cost_render(r, 200, 0);
}

void page_cost_posts(Req *r)
{
	int tenths = 0;
	const char *err = cost_posts_parse(P_raw(r, "stillinger"), &tenths);
	if (err) {
		P_set_err(r, "stillinger", err);
		cost_render(r, 422, 1);
		return;
	}
	char at[21], a[32], b[32];
	time_iso_utc(at, now());
	db_begin(r->db);
	posts_text(a, db_int(r->db, 0, "SELECT coordinator_posts FROM municipality WHERE id = ?", "I",
			     r->user.municipality_id));
	posts_text(b, tenths);
	db_exec(r->db, "UPDATE municipality SET coordinator_posts = ? WHERE id = ?", "iI", tenths,
		r->user.municipality_id);
	if (!streq(a, b))
		db_exec(r->db,
			"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
			" VALUES ('municipality',?,'coordinator_posts',?,?,?,?)",
			"IttIt", r->user.municipality_id, a, b, r->user.id, at);
	audit_muni(r, "coordinator_posts_change", "ok");
	if (db_commit(r->db)) {
		flash_set(r, _("Koordinatorstillingerne er gemt."));
		redirect(r, "/omkostninger#koordinatorer");
	}
}

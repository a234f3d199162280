/* overview.c: the leadership dashboard (Overblik, issue 6 part 3; DOMAIN.md
 * §2 core element 6).  One page with the newest figures and the trend over
 * the last DASH_QUARTERS calendar quarters: young people in the effort by
 * step and combination, referrals per month and who refers, time from
 * referral to allocation and start, caseloads against the guide and caps,
 * the meeting rule, documentation completeness, the fidelity score, housing
 * outcomes and cost per young person.  Aggregates only, never a named young
 * person; every figure is a Table (counts of people below 5 suppressed),
 * so the page and its CSV/Excel export show the same.  docs/dashboard.md
 * says how each figure is computed. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

#define DASH_QUARTERS 8
#define DASH_MONTHS 12

typedef struct Quarter {
	char from[11], to[11]; /* the calendar quarter */
	char end[11];          /* the day it is counted on: its last day, or today while it runs */
	char label[32];
} Quarter;

/* The last n quarters up to the one holding ref, oldest first. */
static void quarters_back(Req *r, const char *ref, Quarter *q, int n)
{
	char d[11];
	snprintf(d, sizeof d, "%s", ref);
	for (int i = n - 1; i >= 0; i--) {
		period_of(d, 3, q[i].from, q[i].to);
		snprintf(q[i].end, sizeof q[i].end, "%s", strcmp(q[i].to, ref) > 0 ? ref : q[i].to);
		int y = atoi(q[i].from), m = atoi(q[i].from + 5);
		Buf b = {0};
		bprintf(&b, _("%d. kvt. %d"), (m - 1) / 3 + 1, y);
		snprintf(q[i].label, sizeof q[i].label, "%s", buf_str(&b));
		buf_free(&b);
		date_add_days(d, q[i].from, -1);
	}
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* The median of v[0..n) (sorts v); n > 0. */
static double median_of(long *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_long);
	return n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2.0;
}

/* ---- the figures, each a Table (also reached by the unit tests) --------- */

/* Open courses today by current step (the highest step recorded, as
 * course_current_step) and combination: one GROUP BY. */
static Table *fig_steps(Req *r, long long muni, long long *total)
{
	long long n[8][4] = {{0}};
	Stmt q;
	db_query(r->db, &q,
		 "SELECT COALESCE((SELECT MAX(e.step) FROM course_event e WHERE e.course_id = c.id), 0),"
		 " COALESCE(a.combination, ''), COUNT(*)"
		 " FROM course c JOIN person p ON p.id = c.person_id"
		 " LEFT JOIN allocation a ON a.course_id = c.id"
		 " WHERE p.municipality_id = ? AND c.closed_on IS NULL GROUP BY 1, 2",
		 "I", muni);
	while (db_step(&q)) {
		long long s = db_col_int(&q, 0);
		int k = combination_from_key(db_col_text(&q, 1));
		if (s < 0 || s > 7 || k < 0 || k > 3)
			continue;
		n[s][k] += db_col_int(&q, 2);
	}
	db_finalize(&q);
	Table *t = table_new(_("Unge med åbent forløb efter trin og kombination"), 6, _("Trin"), _("Ikke visiteret"),
			     _("Samarbejdsmodellen uden bostøtte"), _("Samarbejdsmodellen + CTI"),
			     _("Samarbejdsmodellen + ICM"), _("I alt"));
	long long col[5] = {0};
	*total = 0;
	for (int s = 0; s <= 7; s++) {
		long long sum = n[s][0] + n[s][1] + n[s][2] + n[s][3];
		if (s == 0 && sum == 0)
			continue;
		table_row(t);
		Buf b = {0};
		if (s == 0)
			buf_puts(&b, _("Uden trin"));
		else
			bprintf(&b, "%d. %h", s, _(steps[s - 1].label));
		cell_text(t, buf_str(&b));
		buf_free(&b);
		for (int k = 0; k < 4; k++) {
			cell_count(t, n[s][k]);
			col[k] += n[s][k];
		}
		cell_count(t, sum);
		col[4] += sum;
	}
	table_row(t);
	cell_text(t, _("I alt"));
	for (int k = 0; k < 5; k++)
		cell_count(t, col[k]);
	*total = col[4];
	table_note(t, _("Trinnet er det seneste trin, der er registreret i forløbet."));
	return t;
}

/* Courses open at each quarter's end by target group: one query per quarter. */
static Table *fig_open_trend(Req *r, long long muni, const Quarter *qs, int *any)
{
	Table *t = table_new(_("Unge med åbent forløb ved kvartalets slutning"), 4, _("Kvartal"),
			     _("Ung i hjemløshed"), _("Ung i risiko for hjemløshed"), _("I alt"));
	for (int i = 0; i < DASH_QUARTERS; i++) {
		long long h = 0, a = 0;
		Stmt q;
		db_query(r->db, &q,
			 "SELECT c.target_group, COUNT(*) FROM course c JOIN person p ON p.id = c.person_id"
			 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on > ?)"
			 " GROUP BY c.target_group",
			 "Itt", muni, qs[i].end, qs[i].end);
		while (db_step(&q)) {
			if (streq(db_col_text(&q, 0), "homeless"))
				h = db_col_int(&q, 1);
			else
				a = db_col_int(&q, 1);
		}
		db_finalize(&q);
		if (h + a)
			*any = 1;
		table_row(t);
		cell_text(t, qs[i].label);
		cell_count(t, h);
		cell_count(t, a);
		cell_count(t, h + a);
	}
	return t;
}

/* Referrals per month for the last DASH_MONTHS months up to ref. */
static Table *fig_referrals(Req *r, long long muni, const char *ref, char first_month[11], long long *total)
{
	char months[DASH_MONTHS][8];
	long long n[DASH_MONTHS] = {0};
	char first[11];
	snprintf(first, sizeof first, "%.7s-01", ref);
	for (int i = DASH_MONTHS - 1; i >= 0; i--) {
		snprintf(months[i], sizeof months[i], "%.7s", first);
		if (i)
			date_add_months(first, first, -1);
	}
	snprintf(first_month, 11, "%.7s-01", months[0]);
	Stmt q;
	db_query(r->db, &q,
		 "SELECT SUBSTR(f.referred_on, 1, 7), COUNT(*) FROM referral f JOIN course c ON c.id = f.course_id"
		 " JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND f.referred_on >= ? AND f.referred_on <= ? GROUP BY 1",
		 "Itt", muni, first_month, ref);
	while (db_step(&q))
		for (int i = 0; i < DASH_MONTHS; i++)
			if (streq(months[i], db_col_text(&q, 0)))
				n[i] = db_col_int(&q, 1);
	db_finalize(&q);
	Table *t = table_new(_("Nye henvisninger pr. måned"), 2, _("Måned"), _("Henvisninger"));
	*total = 0;
	for (int i = 0; i < DASH_MONTHS; i++) {
		table_row(t);
		cell_month(t, months[i]);
		cell_count(t, n[i]);
		*total += n[i];
	}
	return t;
}

/* Who refers (the referrer's kind of actor) in the same months. */
static Table *fig_referrers(Req *r, long long muni, const char *from, const char *ref)
{
	Table *t = table_new(_("Hvem henviser (seneste 12 måneder)"), 3, _("Henviser"), _("Henvisninger"),
			     _("Andel"));
	long long total = db_int(r->db, 0,
				 "SELECT COUNT(*) FROM referral f JOIN course c ON c.id = f.course_id"
				 " JOIN person p ON p.id = c.person_id"
				 " WHERE p.municipality_id = ? AND f.referred_on >= ? AND f.referred_on <= ?",
				 "Itt", muni, from, ref);
	Stmt q;
	db_query(r->db, &q,
		 "SELECT f.referrer_actor, COUNT(*) FROM referral f JOIN course c ON c.id = f.course_id"
		 " JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND f.referred_on >= ? AND f.referred_on <= ?"
		 " GROUP BY f.referrer_actor ORDER BY 2 DESC, 1",
		 "Itt", muni, from, ref);
	while (db_step(&q)) {
		const char *k = db_col_text(&q, 0);
		const char *label = choice_label(actors, k);
		long long n = db_col_int(&q, 1);
		table_row(t);
		cell_text(t, label ? _(label) : k);
		cell_count(t, n);
		if (n < SUPPRESS_BELOW)
			cell_share(t, n, 0); /* empty: a share would show the small count */
		else
			cell_share(t, n, total);
	}
	db_finalize(&q);
	return t;
}

/* Median days from the referral to the allocation (step 2) and to the start
 * in the model (step 3), by the quarter the step was recorded in: one query. */
static Table *fig_waits(Req *r, long long muni, const Quarter *qs, int *any)
{
	long *d[2][DASH_QUARTERS];
	int n[2][DASH_QUARTERS] = {{0}}, cap[2][DASH_QUARTERS] = {{0}};
	memset(d, 0, sizeof d);
	Stmt q;
	db_query(r->db, &q,
		 "SELECT e.step, e.on_date, (SELECT MIN(f.referred_on) FROM referral f WHERE f.course_id = c.id)"
		 " FROM course_event e JOIN course c ON c.id = e.course_id JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND e.step IN (2, 3) AND e.on_date >= ? AND e.on_date <= ?",
		 "Itt", muni, qs[0].from, qs[DASH_QUARTERS - 1].end);
	while (db_step(&q)) {
		int k = (int)db_col_int(&q, 0) - 2;
		const char *on = db_col_text(&q, 1), *ref = db_col_text(&q, 2);
		if (!ref[0])
			continue;
		for (int i = 0; i < DASH_QUARTERS; i++) {
			if (strcmp(on, qs[i].from) < 0 || strcmp(on, qs[i].to) > 0)
				continue;
			if (n[k][i] == cap[k][i]) {
				cap[k][i] = cap[k][i] ? 2 * cap[k][i] : 16;
				d[k][i] = xrealloc(d[k][i], (size_t)cap[k][i] * sizeof **d);
			}
			d[k][i][n[k][i]++] = days_between(ref, on);
			*any = 1;
		}
	}
	db_finalize(&q);
	Table *t = table_new(_("Tid fra henvisning til visitation og start (mediandage)"), 5, _("Kvartal"),
			     _("Visiteret"), _("Dage til visitation (median)"), _("Startet"),
			     _("Dage til start (median)"));
	for (int i = 0; i < DASH_QUARTERS; i++) {
		table_row(t);
		cell_text(t, qs[i].label);
		for (int k = 0; k < 2; k++) {
			cell_count(t, n[k][i]);
			if (n[k][i]) {
				cell_num(t, median_of(d[k][i], n[k][i]), 0);
				cell_suppress_if_few(t, n[k][i]);
			} else {
				cell_empty(t);
			}
			free(d[k][i]);
		}
	}
	table_note(t, _("Forløb, der er visiteret eller startet i kvartalet. Medianen vises ikke for færre end 5 unge."));
	return t;
}

/* Caseloads now: coordinators (open courses of their young people) against
 * the municipality's guide; CTI and ICM workers (their open support courses
 * of the method) against the caps.  Two GROUP BY queries. */
static Table *fig_caseloads(Req *r, long long muni, const char *today, int *any)
{
	long long guide = db_int(r->db, 20, "SELECT coordinator_guide FROM municipality WHERE id = ?", "I", muni);
	long long staff[3] = {0}, sum[3] = {0}, max[3] = {0}, over[3] = {0};
	long long limit[3] = {guide, CTI_CAP, ICM_CAP};
	Stmt q;
	db_query(r->db, &q,
		 "SELECT p.coordinator_id, COUNT(*) FROM person p JOIN course c ON c.person_id = p.id"
		 " WHERE p.municipality_id = ? AND c.closed_on IS NULL AND p.coordinator_id IS NOT NULL"
		 " GROUP BY p.coordinator_id",
		 "I", muni);
	while (db_step(&q)) {
		long long n = db_col_int(&q, 1);
		staff[0]++;
		sum[0] += n;
		if (n > max[0])
			max[0] = n;
		if (n > limit[0])
			over[0]++;
	}
	db_finalize(&q);
	db_query(r->db, &q,
		 "SELECT w.user_id, s.method, COUNT(DISTINCT s.id) FROM support_worker w"
		 " JOIN support_course s ON s.id = w.support_id JOIN course c ON c.id = s.course_id"
		 " JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND w.user_id IS NOT NULL AND (w.to_on IS NULL OR w.to_on >= ?)"
		 " AND s.end_on IS NULL AND c.closed_on IS NULL AND s.method IN ('cti', 'icm')"
		 " GROUP BY w.user_id, s.method",
		 "It", muni, today);
	while (db_step(&q)) {
		int k = streq(db_col_text(&q, 1), "cti") ? 1 : 2;
		long long n = db_col_int(&q, 2);
		staff[k]++;
		sum[k] += n;
		if (n > max[k])
			max[k] = n;
		if (n > limit[k])
			over[k]++;
	}
	db_finalize(&q);
	Table *t = table_new(_("Sagsstammer i dag mod vejledning og loft"), 6, _("Medarbejdere"),
			     _("Vejledning/loft (unge pr. medarbejder)"), _("Medarbejdere med unge"),
			     _("Unge pr. medarbejder (gennemsnit)"), _("Største sagsstamme"),
			     _("Medarbejdere over vejledning/loft"));
	const char *names[3] = {_("Koordinatorer"), _("CTI-medarbejdere"), _("ICM-medarbejdere")};
	for (int k = 0; k < 3; k++) {
		if (staff[k])
			*any = 1;
		table_row(t);
		cell_text(t, names[k]);
		cell_int(t, limit[k]);
		cell_int(t, staff[k]);
		if (staff[k])
			cell_num(t, (double)sum[k] / (double)staff[k], 1);
		else
			cell_empty(t);
		cell_int(t, max[k]);
		cell_int(t, over[k]);
	}
	table_note(t, _("Tallene er medarbejdere, ikke unge; ingen ung kan genkendes af dem."));
	return t;
}

/* The meeting rule at each quarter's end: of the courses in the collaboration
 * model on that day (started, step 7 not recorded, not closed), those whose
 * next meeting with the young person present is not overdue (meeting_rule).
 * Two queries; the rule is applied in C per course and quarter. */
typedef struct MCourse {
	long long id;
	char start[11], stop[11]; /* stop: step 7 or closed, "" while in the model */
	int first, n;             /* its held meetings in the array below */
} MCourse;

static Table *fig_meetings(Req *r, long long muni, const Quarter *qs, int *any)
{
	const char *qend = qs[DASH_QUARTERS - 1].end, *qfrom = qs[0].from;
	MCourse *cs = NULL;
	int nc = 0, cc = 0;
	Stmt q;
	db_query(r->db, &q,
		 "SELECT c.id, s.on_date, COALESCE((SELECT MIN(x.on_date) FROM course_event x"
		 " WHERE x.course_id = c.id AND x.step = 7), c.closed_on, '')"
		 " FROM course c JOIN person p ON p.id = c.person_id"
		 " JOIN course_event s ON s.course_id = c.id AND s.step = 3"
		 " WHERE p.municipality_id = ? AND s.on_date <= ? AND (c.closed_on IS NULL OR c.closed_on > ?)"
		 " ORDER BY c.id",
		 "Itt", muni, qend, qfrom);
	while (db_step(&q)) {
		if (nc == cc) {
			cc = cc ? 2 * cc : 64;
			cs = xrealloc(cs, (size_t)cc * sizeof *cs);
		}
		MCourse *m = &cs[nc++];
		memset(m, 0, sizeof *m);
		m->id = db_col_int(&q, 0);
		snprintf(m->start, sizeof m->start, "%s", db_col_text(&q, 1));
		const char *closed = db_col_text(&q, 2);
		snprintf(m->stop, sizeof m->stop, "%s", closed);
	}
	db_finalize(&q);
	char (*dates)[11] = NULL;
	long long *owner = NULL;
	int nd = 0, cd = 0;
	/* the meetings of the courses not closed before the window (the list
	 * above; others would be dropped below), from the municipality's
	 * young people down */
	db_query(r->db, &q,
		 "SELECT m.course_id, m.on_date FROM person p CROSS JOIN course c CROSS JOIN meeting m"
		 " WHERE c.person_id = p.id AND m.course_id = c.id"
		 " AND p.municipality_id = ? AND (c.closed_on IS NULL OR c.closed_on > ?)"
		 " AND m.held = 1 AND m.young_present = 1 AND m.on_date <= ?"
		 " ORDER BY m.course_id, m.on_date",
		 "Itt", muni, qfrom, qend);
	while (db_step(&q)) {
		if (nd == cd) {
			cd = cd ? 2 * cd : 256;
			dates = xrealloc(dates, (size_t)cd * sizeof *dates);
			owner = xrealloc(owner, (size_t)cd * sizeof *owner);
		}
		owner[nd] = db_col_int(&q, 0);
		snprintf(dates[nd], sizeof dates[nd], "%s", db_col_text(&q, 1));
		nd++;
	}
	db_finalize(&q);
	/* both lists are ordered by course: attach each course's meetings */
	for (int i = 0, j = 0; i < nc; i++) {
		while (j < nd && owner[j] < cs[i].id)
			j++;
		cs[i].first = j;
		while (j < nd && owner[j] == cs[i].id)
			j++;
		cs[i].n = j - cs[i].first;
	}
	const char **held = xcalloc((size_t)(nd ? nd : 1), sizeof *held);
	Table *t = table_new(_("Netværksmøder med den unge til stede (reglen om tre om året)"), 3, _("Kvartal"),
			     _("Forløb i samarbejdsmodellen"), _("Næste møde ikke overskredet"));
	for (int i = 0; i < DASH_QUARTERS; i++) {
		const char *day = qs[i].end;
		long long in = 0, ok = 0;
		for (int k = 0; k < nc; k++) {
			MCourse *m = &cs[k];
			if (strcmp(m->start, day) > 0 || (m->stop[0] && strcmp(m->stop, day) <= 0))
				continue;
			int nh = 0;
			for (int j = 0; j < m->n; j++)
				if (strcmp(dates[m->first + j], day) <= 0)
					held[nh++] = dates[m->first + j];
			MeetingRule mr;
			meeting_rule(m->start, held, nh, day, &mr);
			in++;
			ok += !mr.overdue;
		}
		if (in)
			*any = 1;
		table_row(t);
		cell_text(t, qs[i].label);
		cell_count(t, in);
		cell_share(t, ok, in);
	}
	table_note(t, _("Et forløb er med, når den unge er startet i samarbejdsmodellen og ikke afsluttet på "
			"kvartalets sidste dag. Næste møde skal holdes senest 4 måneder efter det seneste møde med den unge "
			"til stede (eller starten)."));
	free(held);
	free(dates);
	free(owner);
	free(cs);
	return t;
}

/* Documentation completeness by quarter: the three instruments' schedules
 * (measure_schedule, as measure_completeness counts them), read once per
 * course and instrument and counted in the quarter of each due date. */
typedef struct DocArg {
	const Quarter *qs;
	long long due[DASH_QUARTERS], on_time[DASH_QUARTERS], late[DASH_QUARTERS], missing[DASH_QUARTERS];
} DocArg;

static void documentation_add(void *arg, const InstrDue *sched, int k)
{
	DocArg *a = arg;
	for (int j = 0; j < k; j++) {
		if (sched[j].state == DUE_SOON || sched[j].state == DUE_LATER)
			continue;
		for (int x = 0; x < DASH_QUARTERS; x++) {
			if (strcmp(sched[j].due, a->qs[x].from) < 0 || strcmp(sched[j].due, a->qs[x].to) > 0)
				continue;
			a->due[x]++;
			if (sched[j].state == DUE_DONE)
				a->on_time[x]++;
			else if (sched[j].state == DUE_DONE_LATE)
				a->late[x]++;
			else if (sched[j].state == DUE_LATE)
				a->missing[x]++;
		}
	}
}

static Table *fig_documentation(Req *r, long long muni, const Quarter *qs, const char *today, int *any)
{
	DocArg a = {.qs = qs};
	long long *due = a.due, *on_time = a.on_time, *late = a.late, *missing = a.missing;
	for (const InstrDef *d = instruments; d->key; d++)
		measure_schedules(r->db, muni, d->key, qs[0].from, qs[DASH_QUARTERS - 1].to, today, documentation_add, &a);
	Table *t = table_new(_("Målinger med frist i kvartalet (dokumentation af resultater)"), 5, _("Kvartal"),
			     _("Målinger med frist"), _("Udfyldt til tiden"), _("Udfyldt for sent"), _("Mangler"));
	for (int i = 0; i < DASH_QUARTERS; i++) {
		if (due[i])
			*any = 1;
		table_row(t);
		cell_text(t, qs[i].label);
		cell_count(t, due[i]);
		cell_share(t, on_time[i], due[i]);
		cell_share(t, late[i], due[i]);
		cell_share(t, missing[i], due[i]);
	}
	table_note(t, _("Alle tre instrumenter tælles med. Til tiden: udfyldt senest 14 dage efter fristen. Målinger, "
			"hvis frist endnu ikke er overskredet med 14 dage og som ikke er udfyldt, tæller som åbne."));
	return t;
}

/* The fidelity score of each submitted quarterly measurement in the window
 * (the mean of the core elements' means, fidelity_scores): one query. */
static const char *const element_short[] = {
	"", N_("Koordinator"), N_("Team"), N_("Møder"), N_("Aftaler"), N_("Dokumentation"), N_("Ledergruppe"),
	N_("Bostøtte"),
};

static Table *fig_fidelity(Req *r, long long muni, const Quarter *qs, Table **latest_t, int *any)
{
	double total[DASH_QUARTERS] = {0}, el[DASH_QUARTERS][8];
	int have[DASH_QUARTERS] = {0};
	memset(el, 0, sizeof el);
	/* one query for all the items, ordered by quarter */
	enum { MAXI = 64 };
	int e[MAXI], s[MAXI], n = 0, cur = -1;
	Stmt q;
	db_query(r->db, &q,
		 "SELECT f.period_from, i.element, i.score FROM fidelity f JOIN fidelity_item i ON i.fidelity_id = f.id"
		 " WHERE f.municipality_id = ? AND f.period_from >= ? AND f.period_from <= ? ORDER BY f.period_from",
		 "Itt", muni, qs[0].from, qs[DASH_QUARTERS - 1].to);
	for (;;) {
		int row = db_step(&q);
		int x = -1;
		if (row)
			for (int i = 0; i < DASH_QUARTERS; i++)
				if (streq(db_col_text(&q, 0), qs[i].from))
					x = i;
		if (!row || x != cur) {
			if (cur >= 0 && n) {
				total[cur] = fidelity_scores(e, s, n, el[cur]);
				have[cur] = total[cur] > 0;
			}
			n = 0;
			cur = x;
		}
		if (!row)
			break;
		if (x >= 0 && n < MAXI) {
			e[n] = (int)db_col_int(&q, 1);
			s[n] = (int)db_col_int(&q, 2);
			n++;
		}
	}
	db_finalize(&q);
	Table *t = table_new(_("Fidelitetsscore pr. kvartal (1-5)"), 2, _("Kvartal"), _("Samlet score"));
	int last = -1;
	for (int i = 0; i < DASH_QUARTERS; i++) {
		table_row(t);
		cell_text(t, qs[i].label);
		if (have[i]) {
			cell_num(t, total[i], 1);
			last = i;
			*any = 1;
		} else {
			cell_empty(t);
		}
	}
	table_note(t, _("Et tomt felt: ingen fidelitetsmåling indsendt for kvartalet."));
	Table *l = table_new(_("Seneste fidelitetsmåling efter kerneelement (1-5)"), 2, _("Kerneelement"),
			     _("Score"));
	if (last >= 0) {
		Buf b = {0};
		bprintf(&b, _("Fidelitetsmåling for %h"), qs[last].label);
		table_note(l, buf_str(&b));
		buf_free(&b);
		for (int k = 1; k <= 7; k++) {
			table_row(l);
			Buf nb = {0};
			bprintf(&nb, "%d. %h", k, _(element_short[k]));
			cell_text(l, buf_str(&nb));
			buf_free(&nb);
			if (el[last][k] > 0)
				cell_num(l, el[last][k], 1);
			else
				cell_empty(l);
		}
		table_row(l);
		cell_text(l, _("Samlet score"));
		cell_num(l, total[last], 1);
	}
	*latest_t = l;
	return t;
}

/* Housing at the end of the courses that ended in each quarter (outcome.c). */
static Table *fig_housing(Req *r, long long muni, const Quarter *qs, int *any)
{
	Table *t = table_new(_("Boligsituation ved afslutning af forløb"), 7, _("Kvartal"), _("Afsluttede forløb"),
			     _("I bolig"), _("Hjemløs"), _("Andet"), _("Ved ikke"), _("Uden slutmåling"));
	for (int i = 0; i < DASH_QUARTERS; i++) {
		long long o[OUT_N];
		outcome_housing(r->db, muni, qs[i].from, qs[i].to, NULL, NULL, o);
		long long all = 0;
		for (int k = 0; k < OUT_N; k++)
			all += o[k];
		long long measured = all - o[OUT_MISSING];
		if (all)
			*any = 1;
		table_row(t);
		cell_text(t, qs[i].label);
		cell_count(t, all);
		cell_share(t, o[OUT_HOUSED], measured);
		cell_share(t, o[OUT_HOMELESS], measured);
		cell_share(t, o[OUT_OTHER], measured);
		cell_share(t, o[OUT_UNKNOWN], measured);
		cell_count(t, o[OUT_MISSING]);
	}
	table_note(t, _("Andelene er af de afsluttede forløb med en slutmåling. Evalueringen: 73 % i bolig og 20 % "
			"hjemløse ved afslutningen."));
	return t;
}

/* Cost per young person per year in each quarter (cost.c). */
static Table *fig_cost(Req *r, long long muni, const Quarter *qs, int *any)
{
	Table *t = table_new(_("Omkostning pr. ung pr. år"), 3, _("Kvartal"), _("Kroner pr. ung pr. år"),
			     _("Unge (helårsunge)"));
	for (int i = 0; i < DASH_QUARTERS; i++) {
		double youth = 0;
		double c = cost_per_youth(r->db, muni, qs[i].from, qs[i].to, &youth);
		table_row(t);
		cell_text(t, qs[i].label);
		if (c >= 0) {
			cell_num(t, c, 0);
			cell_num(t, youth, 1);
			*any = 1;
		} else {
			cell_empty(t);
			cell_empty(t);
		}
	}
	table_note(t, _("Fra tidsregistreringerne og timeprisen. Evalueringen: 50.700 kr. (samarbejdsmodellen), "
			"91.700 kr. (+ CTI) og 140.000 kr. (+ ICM) pr. ung."));
	return t;
}

void overview_tables(Req *r, const char *ref, Table *t[OV_N], int any[OV_N])
{
	char today[11];
	today_copenhagen(today);
	overview_tables_on(r, ref, today, t, any);
}

/* The same, counted on the given today (the cache's key, dashcache.c). */
void overview_tables_on(Req *r, const char *ref, const char *today, Table *t[OV_N], int any[OV_N])
{
	long long muni = r->user.municipality_id;
	Quarter qs[DASH_QUARTERS];
	quarters_back(r, ref, qs, DASH_QUARTERS);
	long long open_now = 0, referred = 0;
	char first_month[11];
	memset(any, 0, OV_N * sizeof *any);
	t[OV_STEPS] = fig_steps(r, muni, &open_now);
	any[OV_STEPS] = open_now > 0;
	t[OV_OPEN] = fig_open_trend(r, muni, qs, &any[OV_OPEN]);
	t[OV_REFERRALS] = fig_referrals(r, muni, ref, first_month, &referred);
	any[OV_REFERRALS] = referred > 0;
	t[OV_REFERRERS] = fig_referrers(r, muni, first_month, ref);
	any[OV_REFERRERS] = referred > 0;
	t[OV_WAITS] = fig_waits(r, muni, qs, &any[OV_WAITS]);
	t[OV_CASELOADS] = fig_caseloads(r, muni, today, &any[OV_CASELOADS]);
	t[OV_MEETINGS] = fig_meetings(r, muni, qs, &any[OV_MEETINGS]);
	t[OV_DOCUMENTATION] = fig_documentation(r, muni, qs, today, &any[OV_DOCUMENTATION]);
	t[OV_FIDELITY] = fig_fidelity(r, muni, qs, &t[OV_FIDELITY_LATEST], &any[OV_FIDELITY]);
	any[OV_FIDELITY_LATEST] = t[OV_FIDELITY_LATEST]->nrows > 0;
	t[OV_HOUSING] = fig_housing(r, muni, qs, &any[OV_HOUSING]);
	t[OV_COST] = fig_cost(r, muni, qs, &any[OV_COST]);
}

/* ---- the page ------------------------------------------------------------ */

enum { SHOW_TABLE, SHOW_BARS, SHOW_LINES };

/* One figure: its chart (or table), or the sentence that explains why it is empty. */
static void block_show(Req *r, Table *const *t, const int *any, int k, int show, int first, int last,
		       const char *axis, const char *empty)
{
	if (!any[k]) {
		hp(r, "<p class=\"hv-empty\">%h</p>\n", empty);
		return;
	}
	if (show == SHOW_BARS)
		chart_bars(r, t[k], first, axis);
	else if (show == SHOW_LINES)
		chart_lines(r, t[k], first, last, axis);
	else
		table_html(r, t[k]);
}

/* The figures, drawn from the Tables: the charts with their tables, or the
 * sentence that says why a figure is empty. */
static void figures_draw(Req *r, Table *const *t, const int *any)
{
	hp(r, "<h2>%h</h2>\n", _("Unge i indsatsen"));
	block_show(r, t, any, OV_STEPS, SHOW_TABLE, 0, 0, NULL, _("Der er ingen unge med åbent forløb."));
	block_show(r, t, any, OV_OPEN, SHOW_LINES, 1, 3, _("Unge"),
		   _("Der har ikke været unge i indsatsen i de seneste 8 kvartaler."));
	hp(r, "<h2>%h</h2>\n", _("Henvisninger"));
	block_show(r, t, any, OV_REFERRALS, SHOW_BARS, 1, 1, _("Henvisninger"),
		   _("Der er ingen henvisninger i de seneste 12 måneder."));
	block_show(r, t, any, OV_REFERRERS, SHOW_TABLE, 0, 0, NULL,
		   _("Når der er henvisninger, vises her, hvem der henviser."));
	hp(r, "<h2>%h</h2>\n", _("Tid fra henvisning til visitation og start"));
	block_show(r, t, any, OV_WAITS, SHOW_LINES, 2, 2, _("Dage"),
		   _("Ingen unge er visiteret eller startet i de seneste 8 kvartaler."));
	hp(r, "<h2>%h</h2>\n", _("Sagsstammer"));
	block_show(r, t, any, OV_CASELOADS, SHOW_TABLE, 0, 0, NULL,
		   _("Ingen koordinatorer eller bostøttemedarbejdere har unge i dag."));
	hp(r, "<h2>%h</h2>\n", _("Netværksmøder"));
	block_show(r, t, any, OV_MEETINGS, SHOW_LINES, 2, 2, _("Andel"),
		   _("Ingen unge har været i samarbejdsmodellen i de seneste 8 kvartaler."));
	hp(r, "<h2>%h</h2>\n", _("Dokumentation"));
	block_show(r, t, any, OV_DOCUMENTATION, SHOW_LINES, 2, 2, _("Andel"),
		   _("Der har ikke været målinger med frist i de seneste 8 kvartaler."));
	hp(r, "<h2>%h</h2>\n", _("Fidelitet"));
	block_show(r, t, any, OV_FIDELITY, SHOW_LINES, 1, 1, _("Score"),
		   _("Der er ikke indsendt nogen fidelitetsmåling i de seneste 8 kvartaler."));
	if (any[OV_FIDELITY_LATEST])
		table_html(r, t[OV_FIDELITY_LATEST]);
	hp(r, "<p><a href=\"/fidelitet\">%h</a></p>\n", _("Se fidelitetsmålingerne"));
	hp(r, "<h2>%h</h2>\n", _("Boligsituation ved afslutning"));
	block_show(r, t, any, OV_HOUSING, SHOW_LINES, 2, 3, _("Andel"),
		   _("Ingen forløb er afsluttet i de seneste 8 kvartaler."));
	hp(r, "<p><a href=\"/resultater\">%h</a></p>\n", _("Se alle resultater"));
	hp(r, "<h2>%h</h2>\n", _("Omkostning pr. ung"));
	block_show(r, t, any, OV_COST, SHOW_LINES, 1, 1, _("Kroner"),
		   _("Omkostningen kan beregnes, når der er registreret tid og er unge i indsatsen."));
	hp(r, "<p><a href=\"/omkostninger\">%h</a></p>\n", _("Se omkostningerne"));
}

/* Draws the figures once, into the kept DashFigs: a page from the cache
 * then only copies them.  The HTML depends on nothing but the Tables and the
 * language (the key); the charts' ids count from 0, as on a page that draws
 * no chart before them. */
static void figures_html(Req *r, DashFigs *f)
{
	Buf page = r->out;
	int seq = r->chart_seq;
	memset(&r->out, 0, sizeof r->out);
	r->chart_seq = 0;
	figures_draw(r, dash_figs_tables(f), dash_figs_any(f));
	dash_figs_set_html(f, r->out.p, r->out.n);
	r->out = page;
	r->chart_seq = seq;
}

/* The figures for the user's municipality on ref: kept ones from the
 * cache (dashcache.c), or computed in one read snapshot (so that they agree
 * with one another) and kept.  NULL when the database failed.  Release
 * them with dash_figs_release. */
/* The figures kept, or computed here: on a report thread, as computing
 * them (250-450 ms at national scale) on a worker thread held up every
 * other connection of that thread (the young person's page p99 0.13-0.37 s
 * while dashboards were computed, docs/performance.md).  NULL: the
 * database failed, or the request was moved (r->deferred). */
static DashFigs *overview_figures(Req *r, const char *ref, const char *today)
{
	DashFigs *f = dash_cache_peek(r->user.municipality_id, ref, today, r->lang);
	if (f)
		return f;
	if (req_defer(r))
		return NULL;
	DashTicket tk;
	f = dash_cache_get(r->user.municipality_id, ref, today, r->lang, &tk);
	if (f)
		return f;
	f = dash_figs_new();
	db_read_begin(r->db);
	overview_tables_on(r, ref, today, dash_figs_tables(f), dash_figs_any(f));
	db_read_end(r->db);
	if (db_failed(r->db)) {
		dash_cache_put(&tk, NULL);
		dash_figs_release(f);
		return NULL;
	}
	figures_html(r, f);
	dash_cache_put(&tk, f);
	return f;
}

void page_overview(Req *r)
{
	char today[11], ref[11];
	today_copenhagen(today);
	const char *til = P(r, "til");
	snprintf(ref, sizeof ref, "%s", til && *til && strcmp(til, today) < 0 ? til : today);
	DashFigs *f = overview_figures(r, ref, today);
	if (!f)
		return; /* the database failed: 500 (req_handle); or drawn again on a report thread */
	Table *const *t = dash_figs_tables(f);
	const int *any = dash_figs_any(f);
	/* the view's access-log row (and the export's, table_export) is kept
	 * for the request and written by the log writer before the page is
	 * sent (audit.c): no write transaction of its own */
	if (table_export(r, "overblik", t, OV_N))
		goto done;
	audit_muni(r, "view_overview", "ok");

	page_begin(r, _("Overblik"));
	char refdk[11], made[17];
	date_format_dk(refdk, ref);
	time_format_dk(made, dash_figs_made(f));
	hp(r, "<h1>%h</h1>\n<p class=\"lead\">%h</p>\n", _("Overblik"),
	   _("Ledergruppens overblik over indsatsen: de nyeste tal og udviklingen over de seneste 8 kvartaler. "
	     "Kun samlede tal; grupper under 5 unge vises som \"under 5\", så ingen kan genkendes."));
	hp(r, "<p>%h %h. %h %h.</p>\n", _("Tallene er opgjort pr."), refdk, _("De er beregnet kl."), made + 11);
	int some = 0;
	for (int i = 0; i < OV_N; i++)
		some |= any[i];
	if (!some)
		hp(r, "<div class=\"alert alert-info\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p></div></div>\n",
		   _("Der er endnu ingen data i kommunen. Når de første unge er henvist, og der dokumenteres, vises "
		     "tallene her."));
	hp(r, "<nav aria-label=\"%a\"><ul class=\"hv-actions hv-noprint\">\n"
	      "<li><a href=\"/resultater\">%h</a></li>\n<li><a href=\"/omkostninger\">%h</a></li>\n"
	      "<li><a href=\"/fidelitet\">%h</a></li>\n<li><a href=\"/projektindberetning\">%h</a></li>\n</ul></nav>\n",
	   _("Detaljer"), _("Resultater"), _("Omkostninger"), _("Fidelitet"), _("Projektindberetning"));
	Buf self = {0}; /* the exports are of the figures shown: the same til */
	if (strcmp(ref, today) != 0)
		bprintf(&self, "/overblik?til=%u", ref);
	else
		buf_puts(&self, "/overblik");
	export_links(r, buf_str(&self));
	buf_free(&self);

	size_t n;
	const char *html = dash_figs_html(f, &n);
	buf_append(&r->out, html, n); /* drawn by figures_html with hp */
	page_end(r);
done:
	dash_figs_release(f);
}

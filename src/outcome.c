/* outcome.c: Resultater, the outcome report for the leadership group
 * (issue 6, part 1; DOMAIN.md §6, §7).  For a period [fra, til], for the
 * whole municipality and split by combination and target group:
 *
 *   1. the housing situation at the end of the courses that ended in the
 *      period (the final coordinator measurement), next to the
 *      evaluation's 73 % in housing and 20 % homeless;
 *   2. the share whose rating of six life domains improved between the
 *      first and the latest measurement, the coordinator's rating
 *      (Individindberetning og Samarbejdsmodel) and the young person's own
 *      (Dialogredskab) side by side, next to 34 % (everyday) and 37 %
 *      (economy);
 *   3. the share in education or employment at the latest measurement
 *      (got into it or kept it), next to 29 %.
 *
 * docs/outcome.md says exactly which rows and answers each figure counts.
 * Every figure is counted in SQL (four grouped queries restricted to the
 * municipality first, over indexed columns), never per course; the page
 * shows aggregates only, small groups suppressed by the Table cells.  The
 * measurements are joined to the municipality's courses with "cs CROSS
 * JOIN measurement m WHERE m.course_id = cs.course_id": the same join in
 * any SQL database, and in SQLite it keeps the courses the outer loop
 * (without statistics SQLite would rather scan every municipality's
 * measurements of the instrument by the unique index). */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

const char *const outcome_domains[OUT_DOMAINS] = {"hverdag", "oekonomi", "psykisk", "fysisk", "misbrug", "netvaerk"};

static const char *const domain_labels[OUT_DOMAINS] = {
	N_("Hverdagsmestring"), N_("Håndtering af egen økonomi"), N_("Psykisk helbred"),
	N_("Fysisk helbred"),   N_("Misbrug"),                    N_("Netværk"),
};

/* The evaluation's figure for a domain in whole per cent, -1 for none. */
static int domain_reference(int d)
{
	return d == 0 ? 34 : d == 1 ? 37 : -1;
}

static const char *const group_labels[OG_N] = {
	N_("Hele kommunen"),
	N_("Samarbejdsmodellen uden bostøtte"),
	N_("Samarbejdsmodellen + CTI"),
	N_("Samarbejdsmodellen + ICM"),
	N_("Ikke visiteret"),
	N_("Unge i hjemløshed"),
	N_("Unge i risiko for hjemløshed"),
};

/* The groups a course of combination comb and target group tg counts in:
 * the whole municipality, its combination, its target group. */
static int groups_of(const char *comb, const char *tg, int out[3])
{
	int n = 0;
	out[n++] = OG_ALL;
	out[n++] = streq(comb, "model")       ? OG_MODEL
		   : streq(comb, "model_cti") ? OG_CTI
		   : streq(comb, "model_icm") ? OG_ICM
					      : OG_NONE;
	out[n++] = streq(tg, "homeless") ? OG_HOMELESS : OG_AT_RISK;
	return n;
}

static int domain_index(const char *key)
{
	for (int d = 0; d < OUT_DOMAINS; d++)
		if (streq(outcome_domains[d], key))
			return d;
	return -1;
}

/* ---- 1. the housing situation at the end ---------------------------------- */

/* The courses that ended in [from, to] (course.closed_on; a declined course
 * is not an ended effort) grouped by combination, target group, whether
 * they have a final coordinator measurement and its housing answer.  fn is
 * called once per group with the number of courses. */
static void housing_rows(Db *db, long long mid, const char *from, const char *to,
			 void (*fn)(void *ctx, const char *comb, const char *tg, int missing, const char *answer,
				    long long n),
			 void *ctx)
{
	Stmt q;
	db_query(db, &q,
		 "SELECT COALESCE(a.combination, ''), c.target_group, CASE WHEN m.id IS NULL THEN 1 ELSE 0 END,"
		 " COALESCE(x.txt, ''), COUNT(*)"
		 " FROM person p JOIN course c ON c.person_id = p.id"
		 " LEFT JOIN course_end ce ON ce.course_id = c.id"
		 " LEFT JOIN allocation a ON a.course_id = c.id"
		 " LEFT JOIN measurement m ON m.course_id = c.id AND m.instrument_key = 'individ_model'"
		 "  AND m.support_id = 0 AND m.final = 1"
		 "  AND NOT EXISTS (SELECT 1 FROM measurement m2 WHERE m2.course_id = m.course_id"
		 "   AND m2.instrument_key = m.instrument_key AND m2.support_id = 0 AND m2.final = 1"
		 "   AND m2.period_no > m.period_no)"
		 " LEFT JOIN instrument_item i ON i.instrument_id = m.instrument_id AND i.key = 'housing'"
		 " LEFT JOIN measurement_answer x ON x.measurement_id = m.id AND x.item_id = i.id"
		 " WHERE p.municipality_id = ? AND c.closed_on >= ? AND c.closed_on <= ?"
		 " AND (ce.kind IS NULL OR ce.kind <> 'declined')"
		 " GROUP BY COALESCE(a.combination, ''), c.target_group, CASE WHEN m.id IS NULL THEN 1 ELSE 0 END,"
		 " COALESCE(x.txt, '')",
		 "Itt", mid, from, to);
	while (db_step(&q))
		fn(ctx, db_col_text(&q, 0), db_col_text(&q, 1), (int)db_col_int(&q, 2), db_col_text(&q, 3),
		   db_col_int(&q, 4));
	db_finalize(&q);
}

static int housing_slot(int missing, const char *answer)
{
	if (missing)
		return OUT_MISSING;
	const char *s = housing_summary(answer);
	return streq(s, "housed") ? OUT_HOUSED : streq(s, "homeless") ? OUT_HOMELESS : streq(s, "other") ? OUT_OTHER
														: OUT_UNKNOWN;
}

typedef struct HousingFilter {
	const char *comb, *tg;
	long long *out;
} HousingFilter;

static void housing_filtered(void *ctx, const char *comb, const char *tg, int missing, const char *answer, long long n)
{
	HousingFilter *f = ctx;
	if ((f->comb && !streq(f->comb, comb)) || (f->tg && !streq(f->tg, tg)))
		return;
	f->out[housing_slot(missing, answer)] += n;
}

void outcome_housing(Db *db, long long municipality_id, const char *from, const char *to,
		     const char *combination, const char *target_group, long long out[OUT_N])
{
	for (int i = 0; i < OUT_N; i++)
		out[i] = 0;
	HousingFilter f = {combination, target_group, out};
	housing_rows(db, municipality_id, from, to, housing_filtered, &f);
}

static void housing_grouped(void *ctx, const char *comb, const char *tg, int missing, const char *answer, long long n)
{
	OutcomeFigs *f = ctx;
	int g[3], ng = groups_of(comb, tg, g);
	int slot = housing_slot(missing, answer);
	for (int k = 0; k < ng; k++) {
		f->g[g[k]].housing[slot] += n;
		f->g[g[k]].ended += n;
	}
}

/* ---- 2. and 3.: the courses in the model in the period -------------------- */

/* The cohort of figures 2 and 3 (the same WHERE in every query below):
 * courses of the municipality that started in the collaboration model
 * (step 3) on or before til and were not closed before fra, declined ones
 * left out. */
/* (COHORT: the FROM ... WHERE repeated in the three queries below.) */

void outcome_figures(Db *db, long long mid, const char *from, const char *to, OutcomeFigs *f)
{
	memset(f, 0, sizeof *f);
	housing_rows(db, mid, from, to, housing_grouped, f);

	Stmt q;
	int g[3], ng;
	db_query(db, &q,
		 "SELECT COALESCE(a.combination, ''), c.target_group, COUNT(*)"
		 " FROM person p JOIN course c ON c.person_id = p.id"
		 " JOIN course_event s ON s.course_id = c.id AND s.step = 3"
		 " LEFT JOIN course_end ce ON ce.course_id = c.id"
		 " LEFT JOIN allocation a ON a.course_id = c.id"
		 " WHERE p.municipality_id = ? AND s.on_date <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?)"
		 " AND (ce.kind IS NULL OR ce.kind <> 'declined')"
		 " GROUP BY COALESCE(a.combination, ''), c.target_group",
		 "Itt", mid, to, from);
	while (db_step(&q)) {
		ng = groups_of(db_col_text(&q, 0), db_col_text(&q, 1), g);
		for (int k = 0; k < ng; k++)
			f->g[g[k]].cohort += db_col_int(&q, 2);
	}
	db_finalize(&q);

	/* 2. per course, instrument and domain: the numeric answers filled on
	 * or before til ("Ved ikke" has none); the first and the latest by
	 * the measurement's number (0 at the start, the final one last). */
	/* One row per answer in (course, instrument, domain, number) order;
	 * the first and the latest of each run are compared here, in one
	 * pass.  CROSS JOIN: from the municipality's courses to the answers of
	 * the six items, each a search of its key. */
	db_query(db, &q,
		 "WITH cs AS (SELECT c.id AS course_id, COALESCE(a.combination, '') AS comb, c.target_group AS tg"
		 " FROM person p JOIN course c ON c.person_id = p.id"
		 " JOIN course_event s ON s.course_id = c.id AND s.step = 3"
		 " LEFT JOIN course_end ce ON ce.course_id = c.id"
		 " LEFT JOIN allocation a ON a.course_id = c.id"
		 " WHERE p.municipality_id = ? AND s.on_date <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?)"
		 " AND (ce.kind IS NULL OR ce.kind <> 'declined'))"
		 " SELECT cs.comb, cs.tg, m.instrument_key, i.key, x.num, m.course_id"
		 " FROM cs CROSS JOIN measurement m CROSS JOIN instrument_item i CROSS JOIN measurement_answer x"
		 " WHERE m.course_id = cs.course_id AND m.instrument_key IN ('individ_model', 'dialog')"
		 " AND m.support_id = 0 AND m.filled_on <= ? AND i.instrument_id = m.instrument_id"
		 " AND i.key IN ('hverdag', 'oekonomi', 'psykisk', 'fysisk', 'misbrug', 'netvaerk')"
		 " AND x.measurement_id = m.id AND x.item_id = i.id AND x.num IS NOT NULL"
		 " ORDER BY m.course_id, m.instrument_key, i.key, m.period_no",
		 "Ittt", mid, to, from, to);
	{
		long long course = -1, first = 0, last = 0;
		int n = 0, who = 0, d = -1, ngr = 0, gr[4];
		char ik[32] = "", dom[32] = "";
		for (int more = 1; more;) {
			more = db_step(&q);
			int same = more && db_col_int(&q, 5) == course && streq(db_col_text(&q, 2), ik) &&
				   streq(db_col_text(&q, 3), dom);
			if (!same && n > 1 && d >= 0) /* a run ends: first against latest */
				for (int k = 0; k < ngr; k++) {
					f->g[gr[k]].improved[who][d] += last > first;
					f->g[gr[k]].rated[who][d]++;
				}
			if (!more)
				break;
			if (!same) {
				course = db_col_int(&q, 5);
				snprintf(ik, sizeof ik, "%s", db_col_text(&q, 2));
				snprintf(dom, sizeof dom, "%s", db_col_text(&q, 3));
				who = streq(ik, "dialog") ? 1 : 0;
				d = domain_index(dom);
				ngr = groups_of(db_col_text(&q, 0), db_col_text(&q, 1), gr);
				first = db_col_int(&q, 4);
				n = 0;
			}
			last = db_col_int(&q, 4);
			n++;
		}
	}
	db_finalize(&q);

	/* 3. education or employment: edu_status of the coordinator's first
	 * and latest measurement (filled on or before til) that answered it. */
	db_query(db, &q,
		 "WITH cs AS (SELECT c.id AS course_id, COALESCE(a.combination, '') AS comb, c.target_group AS tg"
		 " FROM person p JOIN course c ON c.person_id = p.id"
		 " JOIN course_event s ON s.course_id = c.id AND s.step = 3"
		 " LEFT JOIN course_end ce ON ce.course_id = c.id"
		 " LEFT JOIN allocation a ON a.course_id = c.id"
		 " WHERE p.municipality_id = ? AND s.on_date <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?)"
		 " AND (ce.kind IS NULL OR ce.kind <> 'declined')),"
		 " st AS (SELECT m.course_id AS course_id, m.period_no AS pno,"
		 "  CASE WHEN x.txt IN ('education', 'employment') THEN 1 ELSE 0 END AS inside"
		 "  FROM cs CROSS JOIN measurement m"
		 "  JOIN measurement_answer x ON x.measurement_id = m.id"
		 "  JOIN instrument_item i ON i.id = x.item_id"
		 "  WHERE m.course_id = cs.course_id AND m.instrument_key = 'individ_model'"
		 "  AND m.support_id = 0 AND m.filled_on <= ? AND i.key = 'edu_status' AND x.txt <> ''),"
		 " ends AS (SELECT course_id, MIN(pno) AS lo, MAX(pno) AS hi FROM st GROUP BY course_id)"
		 " SELECT cs.comb, cs.tg, SUM(CASE WHEN l.inside = 1 AND b.inside = 0 THEN 1 ELSE 0 END),"
		 " SUM(CASE WHEN l.inside = 1 AND b.inside = 1 THEN 1 ELSE 0 END), COUNT(*)"
		 " FROM ends e JOIN cs ON cs.course_id = e.course_id"
		 " JOIN st b ON b.course_id = e.course_id AND b.pno = e.lo"
		 " JOIN st l ON l.course_id = e.course_id AND l.pno = e.hi"
		 " WHERE e.hi > e.lo GROUP BY cs.comb, cs.tg",
		 "Ittt", mid, to, from, to);
	while (db_step(&q)) {
		ng = groups_of(db_col_text(&q, 0), db_col_text(&q, 1), g);
		for (int k = 0; k < ng; k++) {
			f->g[g[k]].edu_got += db_col_int(&q, 2);
			f->g[g[k]].edu_kept += db_col_int(&q, 3);
			f->g[g[k]].edu_rated += db_col_int(&q, 4);
		}
	}
	db_finalize(&q);
}

/* ---- the tables ------------------------------------------------------------ */

static int group_shown(const OutcomeFigs *f, int g)
{
	/* "Ikke visiteret" only when there is such a course */
	return g != OG_NONE || f->g[g].ended || f->g[g].cohort;
}

static void reference_cell(Req *r, Table *t, int percent)
{
	if (percent < 0) {
		cell_text(t, _("Intet tal"));
		return;
	}
	Buf b = {0};
	bprintf(&b, "%d %%", percent);
	cell_text(t, buf_str(&b));
	buf_free(&b);
}

Table *outcome_table(Req *r, const OutcomeFigs *f, int which)
{
	Table *t = NULL;
	const OutGroup *all = &f->g[OG_ALL];
	long long measured = all->housing[OUT_HOUSED] + all->housing[OUT_HOMELESS] + all->housing[OUT_OTHER] +
			     all->housing[OUT_UNKNOWN];
	switch (which) {
	case OT_HOUSING: {
		/* the shares only (each shows its numerator and denominator): a
		 * count column beside them would be suppressed under 5 while the
		 * share still named it */
		t = table_new(_("Boligsituation ved afslutningen, hele kommunen"), 3, _("Boligsituation"),
			      _("Andel af forløb med slutmåling"), _("Evalueringen"));
		static const char *const labels[] = {N_("I bolig"), N_("Hjemløs"), N_("Andet"), N_("Ved ikke")};
		for (int s = OUT_HOUSED; s <= OUT_UNKNOWN; s++) {
			table_row(t);
			cell_text(t, _(labels[s]));
			cell_share(t, all->housing[s], measured);
			if (s == OUT_HOUSED)
				reference_cell(r, t, 73);
			else if (s == OUT_HOMELESS)
				reference_cell(r, t, 20);
			else
				cell_empty(t);
		}
		table_note(t, _("Forløb afsluttet i perioden. Andelene er af forløbene med en slutmåling; forløb uden "
				"slutmåling står i tabellen nedenfor."));
		break;
	}
	case OT_HOUSING_GROUPS: {
		t = table_new(_("Boligsituation ved afslutningen efter kombination og målgruppe"), 7, _("Gruppe"),
			      _("Afsluttede forløb"), _("I bolig"), _("Hjemløs"), _("Andet"), _("Ved ikke"),
			      _("Uden slutmåling"));
		for (int g = 0; g < OG_N; g++) {
			if (!group_shown(f, g))
				continue;
			const OutGroup *o = &f->g[g];
			long long den = o->ended - o->housing[OUT_MISSING];
			table_row(t);
			cell_text(t, _(group_labels[g]));
			cell_count(t, o->ended);
			for (int s = OUT_HOUSED; s <= OUT_UNKNOWN; s++)
				cell_share(t, o->housing[s], den);
			cell_count(t, o->housing[OUT_MISSING]);
		}
		table_row(t);
		cell_text(t, _("Evalueringen (Ungeprojektet)"));
		cell_empty(t);
		reference_cell(r, t, 73);
		reference_cell(r, t, 20);
		cell_empty(t);
		cell_empty(t);
		cell_empty(t);
		break;
	}
	case OT_IMPROVED: {
		t = table_new(_("Forbedring fra første til seneste måling, hele kommunen"), 6, _("Livsområde"),
			      _("Koordinatorens vurdering"), _("Uden data (koordinator)"), _("Den unges egen vurdering"),
			      _("Uden data (den unge)"), _("Evalueringen"));
		for (int d = 0; d < OUT_DOMAINS; d++) {
			table_row(t);
			cell_text(t, _(domain_labels[d]));
			for (int who = 0; who < 2; who++) {
				cell_share(t, all->improved[who][d], all->rated[who][d]);
				cell_count(t, all->cohort - all->rated[who][d]);
			}
			reference_cell(r, t, domain_reference(d));
		}
		table_note(t, _("Forløb i samarbejdsmodellen i perioden. Forbedret: den seneste vurdering er højere end "
				"den første. Uden data: færre end to besvarelser med et tal (Ved ikke tæller ikke). "
				"Evalueringen har kun tal for hverdag og økonomi."));
		break;
	}
	case OT_IMPROVED_COORD:
	case OT_IMPROVED_YOUTH: {
		int who = which == OT_IMPROVED_YOUTH;
		t = table_new(who ? _("Forbedring efter kombination og målgruppe, den unges egen vurdering")
				  : _("Forbedring efter kombination og målgruppe, koordinatorens vurdering"),
			      8, _("Gruppe"), _("Forløb i perioden"), _(domain_labels[0]), _(domain_labels[1]),
			      _(domain_labels[2]), _(domain_labels[3]), _(domain_labels[4]), _(domain_labels[5]));
		for (int g = 0; g < OG_N; g++) {
			if (!group_shown(f, g))
				continue;
			const OutGroup *o = &f->g[g];
			table_row(t);
			cell_text(t, _(group_labels[g]));
			cell_count(t, o->cohort);
			for (int d = 0; d < OUT_DOMAINS; d++)
				cell_share(t, o->improved[who][d], o->rated[who][d]);
		}
		table_row(t);
		cell_text(t, _("Evalueringen (Ungeprojektet)"));
		cell_empty(t);
		for (int d = 0; d < OUT_DOMAINS; d++)
			reference_cell(r, t, domain_reference(d));
		break;
	}
	case OT_EDUCATION: {
		t = table_new(_("I uddannelse eller beskæftigelse ved seneste måling"), 7, _("Gruppe"),
			      _("Forløb i perioden"), _("Kommet i eller fastholdt"), _("Heraf kommet i"), _("Heraf fastholdt"),
			      _("Uden data"), _("Evalueringen"));
		for (int g = 0; g < OG_N; g++) {
			if (!group_shown(f, g))
				continue;
			const OutGroup *o = &f->g[g];
			table_row(t);
			cell_text(t, _(group_labels[g]));
			cell_count(t, o->cohort);
			cell_share(t, o->edu_got + o->edu_kept, o->edu_rated);
			cell_count(t, o->edu_got);
			cell_count(t, o->edu_kept);
			cell_count(t, o->cohort - o->edu_rated);
			if (g == OG_ALL)
				reference_cell(r, t, 29);
			else
				cell_empty(t);
		}
		table_note(t, _("Koordinatorens svar om uddannelse og beskæftigelse ved første og seneste måling. "
				"Uden data: færre end to besvarelser."));
		break;
	}
	default:
		FATAL("outcome_table %d", which);
	}
	return t;
}

/* ---- the page ------------------------------------------------------------- */

/* The last four finished calendar quarters before today. */
static void default_period(char from[11], char to[11])
{
	char today[11], qfrom[11], qto[11];
	today_copenhagen(today);
	period_of(today, 3, qfrom, qto);
	date_add_days(to, qfrom, -1);
	date_add_months(from, qfrom, -12);
}

static void period_form(Req *r)
{
	hp(r, "<form method=\"get\" action=\"/resultater\" class=\"hv-noprint\" novalidate>\n"
	      "<fieldset>\n<legend class=\"h3\">%h</legend>\n",
	   _("Periode"));
	field_text(r, "fra", _("Fra"), _("Skriv fx 01.01.2026."), "text", NULL);
	field_text(r, "til", _("Til"), _("Skriv fx 31.12.2026."), "text", NULL);
	hp(r, "</fieldset>\n<button type=\"submit\" class=\"button button-secondary\">%h</button>\n</form>\n",
	   _("Vis resultater"));
}

void page_outcome(Req *r)
{
	char from[11], to[11], dfrom[11], dto[11];
	default_period(from, to);
	if (P(r, "fra") && *P(r, "fra"))
		snprintf(from, sizeof from, "%s", P(r, "fra"));
	if (P(r, "til") && *P(r, "til"))
		snprintf(to, sizeof to, "%s", P(r, "til"));
	date_format_dk(dfrom, from);
	date_format_dk(dto, to);
	P_prefill(r, "fra", dfrom);
	P_prefill(r, "til", dto);
	int bad = strcmp(to, from) < 0;
	if (bad)
		P_set_err(r, "til", N_("Til-datoen skal være samme dag som fra-datoen eller senere."));

	OutcomeFigs *f = xcalloc(1, sizeof *f);
	Table *t[OT_N] = {0};
	if (!bad) {
		outcome_figures(r->db, r->user.municipality_id, from, to, f);
		for (int i = 0; i < OT_N; i++)
			t[i] = outcome_table(r, f, i);
		if (table_export(r, "resultater", t, OT_N))
			goto done;
	}

	audit_muni(r, "outcome_view", bad ? "invalid" : "ok"); /* written before the page is sent */
	if (bad)
		r->status = 422;
	page_begin(r, _("Resultater"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Resultater"),
	   _("Kommunens resultater for de unge i indsatsen, ved siden af evalueringens tal fra Ungeprojektet. Kun "
	     "samlede tal: grupper med færre end 5 unge vises som \"under 5\"."));
	error_summary(r);
	period_form(r);
	if (bad) {
		page_end(r);
		goto done;
	}
	hp(r, "<p><strong>%h %h–%h</strong></p>\n", _("Perioden:"), dfrom, dto);
	Buf self = {0};
	bprintf(&self, "/resultater?fra=%u&til=%u", from, to);
	export_links(r, buf_str(&self));
	buf_free(&self);
	if (r->user.role == ROLE_PROJECT_LEADER)
		hp(r, "<p class=\"hv-noprint\"><a href=\"/eksport\">%h</a></p>\n",
		   _("Pseudonymiseret udtræk på individniveau til evaluatorer"));

	const OutGroup *all = &f->g[OG_ALL];
	hp(r, "<h2>%h</h2>\n", _("Boligsituation ved afslutningen"));
	if (!all->ended) {
		hp(r, "<p>%h</p>\n",
		   _("Ingen forløb blev afsluttet i perioden, så der er ingen boligsituation ved afslutningen at vise. "
		     "Vælg en længere periode."));
	} else {
		hp(r, "<p>%h</p>\n",
		   _("Koordinatorens slutmåling (Individindberetning og Samarbejdsmodel) for de forløb, der blev afsluttet "
		     "i perioden. Evalueringen: 73 % i bolig og 20 % i hjemløshed ved afslutningen."));
		chart_bars(r, t[OT_HOUSING], 1, _("Andel af forløbene"));
		table_html(r, t[OT_HOUSING_GROUPS]);
	}

	hp(r, "<h2>%h</h2>\n", _("Forbedring i livssituationen"));
	if (!all->cohort) {
		hp(r, "<p>%h</p>\n",
		   _("Ingen unge var i samarbejdsmodellen i perioden, så der er ingen målinger at sammenligne."));
	} else {
		hp(r, "<p>%h</p>\n",
		   _("Andelen af forløbene, hvor vurderingen er blevet bedre fra den første til den seneste måling: "
		     "koordinatorens vurdering og den unges egen vurdering (Dialogredskabet) side om side. Evalueringen: "
		     "34 % fik styrket hverdagsmestring og 37 % håndteringen af egen økonomi; for de andre områder har "
		     "evalueringen ikke et tal."));
		chart_bars(r, t[OT_IMPROVED], 1, _("Andel forbedret (koordinatorens vurdering)"));
		table_html(r, t[OT_IMPROVED_COORD]);
		table_html(r, t[OT_IMPROVED_YOUTH]);
	}

	hp(r, "<h2>%h</h2>\n", _("Uddannelse og beskæftigelse"));
	if (!all->cohort) {
		hp(r, "<p>%h</p>\n", _("Ingen unge var i samarbejdsmodellen i perioden."));
	} else {
		hp(r, "<p>%h</p>\n",
		   _("Andelen, der er i uddannelse eller beskæftigelse ved den seneste måling: kommet i (ikke ved den "
		     "første måling) eller fastholdt (også ved den første). Evalueringen: 29 %."));
		table_html(r, t[OT_EDUCATION]);
	}
	hp(r, "<p class=\"hv-muted\">%h</p>\n",
	   _("Sådan er tallene beregnet: se docs/outcome.md i hjemvejs dokumentation."));
	page_end(r);
done:
	for (int i = 0; i < OT_N; i++)
		table_free(t[i]);
	free(f);
}

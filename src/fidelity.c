/* fidelity.c: the quarterly fidelity measurement (fidelitetsmåling,
 * DOMAIN.md §2 and §6), done by the project leader for the municipality.
 *
 * The items are data (fid_items below): key, core element (1-6, 7 for the
 * housing support method rules), a Danish label, a sentence saying what is
 * counted, and either a function that computes the item from the data or
 * none (a manual item the project leader answers Ja / Delvist / Nej).
 *
 * A computed item counts num of den for the quarter "as of" its last day
 * (today while the quarter runs).  The share becomes a score:
 * >= 90 % 5, >= 75 % 4, >= 50 % 3, >= 25 % 2, else 1
 * (fidelity_share_score); a manual answer Ja 5, Delvist 3, Nej 1.  A
 * computed item with den 0 has no data ("Ingen data"): it is not stored
 * (fidelity_item.score must be 1-5) and not in any score.  An element's
 * score is the mean of its items' scores, the total the mean of the
 * elements that have a score.
 *
 * Stored as submitted: fidelity (one per municipality and quarter) and
 * fidelity_item (num/den/score of the computed items then, the manual
 * answers as scores with their notes).  The page of a stored measurement
 * never recomputes.  The manual answers may be amended (version, 409;
 * change_log entity "fidelity", field = item key, or key ".note").
 *
 * Due the day after the quarter ends (due_state: shown 14 days before,
 * late 14 days after). */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- the period ---------------------------------------------------------- */

typedef struct FidPeriod {
	char from[11], to[11]; /* the calendar quarter */
	char at[11];           /* the day the data is counted on: to, or today while the quarter runs */
	char year_ago[11];     /* at minus 12 months */
	char today[11];
} FidPeriod;

static void fid_period(FidPeriod *p, const char *from, const char *today)
{
	char f[11], t[11];
	period_of(from, 3, f, t);
	snprintf(p->from, sizeof p->from, "%s", f);
	snprintf(p->to, sizeof p->to, "%s", t);
	snprintf(p->today, sizeof p->today, "%s", today);
	snprintf(p->at, sizeof p->at, "%s", strcmp(t, today) > 0 ? today : t);
	date_add_months(p->year_ago, p->at, -12);
}

/* ---- the computed items -------------------------------------------------- */

typedef int (*FidFn)(Db *db, long long m, const FidPeriod *p, long long *num, long long *den);

/* Element 1: open courses past allocation (step 2) with a coordinator. */
static int fid_coordinator(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	Stmt q;
	db_query(db, &q,
		 "SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.coordinator_id IS NOT NULL THEN 1 ELSE 0 END), 0)"
		 " FROM course c JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on > ?)"
		 " AND EXISTS (SELECT 1 FROM course_event e WHERE e.course_id = c.id AND e.step = 2 AND e.on_date <= ?)",
		 "Ittt", m, p->at, p->at, p->at);
	if (db_step(&q)) {
		*den = db_col_int(&q, 0);
		*num = db_col_int(&q, 1);
	}
	db_finalize(&q);
	return 0;
}

/* Element 1: coordinators within the municipality's guide value. */
static int fid_coordinator_caseload(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	long long guide = db_int(db, 20, "SELECT coordinator_guide FROM municipality WHERE id = ?", "I", m);
	Stmt q;
	db_query(db, &q,
		 "SELECT p.coordinator_id, COUNT(*) FROM course c JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND p.coordinator_id IS NOT NULL AND c.opened_on <= ?"
		 " AND (c.closed_on IS NULL OR c.closed_on > ?) GROUP BY p.coordinator_id",
		 "Itt", m, p->at, p->at);
	while (db_step(&q)) {
		(*den)++;
		if (db_col_int(&q, 1) <= guide)
			(*num)++;
	}
	db_finalize(&q);
	return 0;
}

/* The courses in the model (step 3 reached, step 7 not) and open on p->at;
 * since: step 3 on or before this date. */
/* The courses in the model (step 3 reached, step 7 not) and open on
 * p->at, written out in each query below ("in the model"). */

/* Element 2: a team of at least two members besides the coordinator. */
static int fid_team(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	Stmt q;
	db_query(db, &q,
		 "SELECT (SELECT COUNT(*) FROM team_member t WHERE t.course_id = c.id AND t.from_date <= ?"
		 " AND (t.to_date IS NULL OR t.to_date > ?)"
		 " AND (t.user_id IS NULL OR p.coordinator_id IS NULL OR t.user_id <> p.coordinator_id))"
		 " FROM course c JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on > ?)"
		 " AND EXISTS (SELECT 1 FROM course_event e WHERE e.course_id = c.id AND e.step = 3 AND e.on_date <= ?)"
		 " AND NOT EXISTS (SELECT 1 FROM course_event e WHERE e.course_id = c.id AND e.step = 7 AND e.on_date <= ?)",
		 "ttItttt", p->at, p->at, m, p->at, p->at, p->at, p->at);
	while (db_step(&q)) {
		(*den)++;
		if (db_col_int(&q, 0) >= 2)
			(*num)++;
	}
	db_finalize(&q);
	return 0;
}

/* Element 2: every current team member covered by a consent valid then. */
static int fid_consent(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	Stmt q;
	db_query(db, &q,
		 "SELECT (SELECT COUNT(*) FROM team_member t WHERE t.course_id = c.id AND t.from_date <= ?"
		 " AND (t.to_date IS NULL OR t.to_date > ?)),"
		 " (SELECT COUNT(*) FROM team_member t WHERE t.course_id = c.id AND t.from_date <= ?"
		 " AND (t.to_date IS NULL OR t.to_date > ?) AND NOT EXISTS (SELECT 1 FROM consent k"
		 " WHERE k.course_id = c.id AND k.given_on <= ? AND k.expires_on >= ?"
		 " AND (k.withdrawn_on IS NULL OR k.withdrawn_on > ?)"
		 " AND (EXISTS (SELECT 1 FROM consent_actor a WHERE a.consent_id = k.id AND a.actor = t.actor)"
		 " OR EXISTS (SELECT 1 FROM consent_member x WHERE x.consent_id = k.id AND x.member_id = t.id))))"
		 " FROM course c JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on > ?)"
		 " AND EXISTS (SELECT 1 FROM course_event e WHERE e.course_id = c.id AND e.step = 3 AND e.on_date <= ?)"
		 " AND NOT EXISTS (SELECT 1 FROM course_event e WHERE e.course_id = c.id AND e.step = 7 AND e.on_date <= ?)",
		 "tttttttItttt", p->at, p->at, p->at, p->at, p->at, p->at, p->at, m, p->at, p->at, p->at, p->at);
	while (db_step(&q)) {
		if (db_col_int(&q, 0) == 0)
			continue;
		(*den)++;
		if (db_col_int(&q, 1) == 0)
			(*num)++;
	}
	db_finalize(&q);
	return 0;
}

/* Element 3: courses in the model for at least 12 months with at least
 * three meetings held with the young person present in the last 12
 * months (meeting_rule on p->at). */
static int fid_meetings(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	Stmt q;
	long long *ids = NULL;
	char (*start)[11] = NULL;
	size_t n = 0, cap = 0;
	db_query(db, &q,
		 "SELECT c.id, (SELECT MIN(e.on_date) FROM course_event e WHERE e.course_id = c.id AND e.step = 3)"
		 " FROM course c JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on > ?)"
		 " AND EXISTS (SELECT 1 FROM course_event e WHERE e.course_id = c.id AND e.step = 3 AND e.on_date <= ?)"
		 " AND NOT EXISTS (SELECT 1 FROM course_event e WHERE e.course_id = c.id AND e.step = 7 AND e.on_date <= ?)",
		 "Itttt", m, p->at, p->at, p->year_ago, p->at);
	while (db_step(&q)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			ids = xrealloc(ids, cap * sizeof *ids);
			start = xrealloc(start, cap * sizeof *start);
		}
		ids[n] = db_col_int(&q, 0);
		snprintf(start[n], 11, "%s", db_col_text(&q, 1));
		n++;
	}
	db_finalize(&q);
	for (size_t i = 0; i < n; i++) {
		const char *held[64];
		char dates[64][11];
		int nh = 0;
		db_query(db, &q,
			 "SELECT on_date FROM meeting WHERE course_id = ? AND held = 1 AND young_present = 1"
			 " AND on_date > ? AND on_date <= ? ORDER BY on_date DESC",
			 "Itt", ids[i], p->year_ago, p->at);
		while (db_step(&q) && nh < 64) {
			snprintf(dates[nh], 11, "%s", db_col_text(&q, 0));
			held[nh] = dates[nh];
			nh++;
		}
		db_finalize(&q);
		MeetingRule mr;
		meeting_rule(start[i], held, nh, p->at, &mr);
		(*den)++;
		if (mr.held_12m >= 3)
			(*num)++;
	}
	free(ids);
	free(start);
	return 0;
}

/* Element 4: agreements made in the last 12 months with someone
 * responsible (named for the chosen adult, a member for a team member)
 * and a deadline. */
static int fid_agreements(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	Stmt q;
	db_query(db, &q,
		 "SELECT COUNT(*), COALESCE(SUM(CASE WHEN a.deadline <> '' AND"
		 " (a.responsible IN ('young_person','coordinator','support')"
		 " OR (a.responsible = 'team_member' AND a.team_member_id IS NOT NULL)"
		 " OR (a.responsible = 'chosen_adult' AND a.responsible_name <> '')) THEN 1 ELSE 0 END), 0)"
		 " FROM agreement a JOIN goal g ON g.id = a.goal_id JOIN course c ON c.id = g.course_id"
		 " JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND a.agreed_on > ? AND a.agreed_on <= ?",
		 "Itt", m, p->year_ago, p->at);
	if (db_step(&q)) {
		*den = db_col_int(&q, 0);
		*num = db_col_int(&q, 1);
	}
	db_finalize(&q);
	return 0;
}

/* Element 5: the instruments due in the quarter that are settled (filled
 * in, or late), filled in on time. */
static int fid_instrument(Db *db, long long m, const FidPeriod *p, const char *key, long long *num, long long *den)
{
	Completeness c;
	measure_completeness(db, m, key, p->from, p->to, p->today, &c);
	*num = c.on_time;
	*den = c.on_time + c.late + c.missing;
	return 0;
}

static int fid_instr_model(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	return fid_instrument(db, m, p, "individ_model", num, den);
}

static int fid_instr_support(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	return fid_instrument(db, m, p, "individ_support", num, den);
}

static int fid_instr_dialog(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	return fid_instrument(db, m, p, "dialog", num, den);
}

/* Element 5: the active coordinators and support workers who have
 * submitted their time registration for the quarter. */
static int fid_timereg(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	Stmt q;
	db_query(db, &q,
		 "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM time_registration t"
		 " WHERE t.user_id = u.id AND t.period_from = ?) THEN 1 ELSE 0 END), 0)"
		 " FROM users u WHERE u.municipality_id = ? AND u.active = 1 AND u.role IN ('coordinator','support')",
		 "tI", p->from, m);
	if (db_step(&q)) {
		*den = db_col_int(&q, 0);
		*num = db_col_int(&q, 1);
	}
	db_finalize(&q);
	return 0;
}

/* Element 7: support workers within the caps (10 CTI, 8 ICM) on p->at. */
static int fid_support_caseload(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	Stmt q;
	long long user = 0;
	int within = 1;
	db_query(db, &q,
		 "SELECT w.user_id, s.method, COUNT(DISTINCT s.id) FROM support_worker w"
		 " JOIN support_course s ON s.id = w.support_id JOIN course c ON c.id = s.course_id"
		 " JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND w.user_id IS NOT NULL AND w.from_on <= ?"
		 " AND (w.to_on IS NULL OR w.to_on >= ?) AND s.start_on <= ? AND (s.end_on IS NULL OR s.end_on > ?)"
		 " AND s.method IN ('cti','icm') GROUP BY w.user_id, s.method ORDER BY w.user_id",
		 "Itttt", m, p->at, p->at, p->at, p->at);
	while (db_step(&q)) {
		long long u = db_col_int(&q, 0);
		if (u != user) {
			if (user) {
				(*den)++;
				*num += within;
			}
			user = u;
			within = 1;
		}
		int cap = support_cap(method_from_key(db_col_text(&q, 1)));
		if (cap && db_col_int(&q, 2) > cap)
			within = 0;
	}
	db_finalize(&q);
	if (user) {
		(*den)++;
		*num += within;
	}
	return 0;
}

/* Element 7: CTI courses within their nine months and past phase 1 on
 * p->at, with every checklist item of the phases passed done. */
static int fid_cti_checklist(Db *db, long long m, const FidPeriod *p, long long *num, long long *den)
{
	Stmt q;
	long long *ids = NULL;
	char (*start)[11] = NULL;
	size_t n = 0, cap = 0;
	db_query(db, &q,
		 "SELECT s.id, s.start_on FROM support_course s JOIN course c ON c.id = s.course_id"
		 " JOIN person p ON p.id = c.person_id WHERE p.municipality_id = ? AND s.method = 'cti'"
		 " AND s.start_on <= ? AND (s.end_on IS NULL OR s.end_on > ?)",
		 "Itt", m, p->at, p->at);
	while (db_step(&q)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			ids = xrealloc(ids, cap * sizeof *ids);
			start = xrealloc(start, cap * sizeof *start);
		}
		ids[n] = db_col_int(&q, 0);
		snprintf(start[n], 11, "%s", db_col_text(&q, 1));
		n++;
	}
	db_finalize(&q);
	for (size_t i = 0; i < n; i++) {
		CtiPhases ph;
		cti_phases(start[i], &ph);
		int phase = cti_phase_on(&ph, p->at);
		if (phase < 2 || phase > 3)
			continue;
		int done = 1;
		for (const Choice *c = cti_checklist; c->key && done; c++) {
			int k = c->key[1] - '0';
			if (k >= phase)
				continue;
			if (!db_int(db, 0, "SELECT COUNT(*) FROM support_check WHERE support_id = ? AND item = ? AND done_on <= ?",
				    "Itt", ids[i], c->key, p->at))
				done = 0;
		}
		(*den)++;
		*num += done;
	}
	free(ids);
	free(start);
	return 0;
}

/* ---- the catalog --------------------------------------------------------- */

typedef struct FidItem {
	const char *key;
	int element;
	const char *label;   /* N_ */
	const char *counted; /* N_: what is counted (computed), or a hint (manual) */
	FidFn compute;       /* NULL: answered by the project leader */
} FidItem;

/* What the three instruments' on-time items count (one text for all three). */
static const char counted_on_time[] =
	N_("Målinger med frist i kvartalet, der er udfyldt eller for sent. Talt: dem, der er udfyldt senest 14 dage efter fristen. Målinger, der stadig kan nås til tiden, er ikke med.");

static const FidItem fid_items[] = {
	{"coordinator", 1, N_("Unge med en fast myndighedskoordinator"),
	 N_("Åbne forløb, der er visiteret (trin 2), ved kvartalets slutning. Talt: dem, hvor den unge har en koordinator."),
	 fid_coordinator},
	{"coordinator_caseload", 1, N_("Koordinatorer inden for kommunens pejletal"),
	 N_("Koordinatorer med mindst én ung i et åbent forløb ved kvartalets slutning. Talt: dem, der ikke har flere unge end pejletallet."),
	 fid_coordinator_caseload},
	{"m_authority", 1, N_("Koordinatoren har myndighed til at visitere"),
	 N_("Kan koordinatoren selv træffe afgørelse om indsatser, uden at sagen skal videre?"), NULL},
	{"team", 2, N_("Forløb med et team på mindst to fagpersoner ud over koordinatoren"),
	 N_("Forløb i samarbejdsmodellen (trin 3 nået, ikke afsluttet) ved kvartalets slutning. Talt: dem med mindst to nuværende teammedlemmer ud over koordinatoren."),
	 fid_team},
	{"consent", 2, N_("Gyldigt samtykke for alle i teamet"),
	 N_("Forløb i samarbejdsmodellen med mindst ét teammedlem ved kvartalets slutning. Talt: dem, hvor hvert teammedlem er dækket af et samtykke, der var gyldigt den dag."),
	 fid_consent},
	{"m_team_choice", 2, N_("Den unge er med til at vælge teamet"),
	 N_("Bliver den unge spurgt, hvem der skal være med i teamet?"), NULL},
	{"meetings", 3, N_("Mindst tre netværksmøder med den unge på et år"),
	 N_("Forløb, der har været i samarbejdsmodellen (trin 3) i mindst 12 måneder ved kvartalets slutning og stadig er åbne. Talt: dem med mindst tre afholdte møder med den unge til stede i de sidste 12 måneder."),
	 fid_meetings},
	{"agreements", 4, N_("Aftaler med en ansvarlig og en frist"),
	 N_("Aftaler indgået i de 12 måneder op til kvartalets slutning. Talt: dem med en ansvarlig (med navn for den unges voksne, et medlem for et teammedlem) og en frist."),
	 fid_agreements},
	{"instr_model", 5, N_("Individindberetning og Samarbejdsmodel udfyldt til tiden"),
	 counted_on_time,
	 fid_instr_model},
	{"instr_support", 5, N_("Individindberetning og bostøtte udfyldt til tiden"),
	 counted_on_time,
	 fid_instr_support},
	{"instr_dialog", 5, N_("Dialogredskab udfyldt til tiden"),
	 counted_on_time,
	 fid_instr_dialog},
	{"timereg", 5, N_("Tidsregistrering indsendt for kvartalet"),
	 N_("Aktive koordinatorer og bostøttemedarbejdere. Talt: dem, der har indsendt tidsregistrering for kvartalet."),
	 fid_timereg},
	{"m_leadership_met", 6, N_("Den tværgående ledergruppe har holdt møde i kvartalet"),
	 N_("Har ledere fra de involverede forvaltninger mødtes om indsatsen?"), NULL},
	{"m_leadership_resources", 6, N_("Ledergruppen prioriterer ressourcer og løser forhindringer"),
	 N_("Har ledergruppen fx fundet boliger, tid eller løst sager, der sad fast?"), NULL},
	{"support_caseload", 7, N_("Bostøttemedarbejdere inden for loftet"),
	 N_("Medarbejdere med mindst ét åbent CTI- eller ICM-forløb ved kvartalets slutning. Talt: dem med højst 10 CTI-forløb og højst 8 ICM-forløb."),
	 fid_support_caseload},
	{"cti_checklist", 7, N_("CTI-forløb med tjeklister for de afsluttede faser"),
	 N_("CTI-forløb inden for de ni måneder og i fase 2 eller 3 ved kvartalets slutning. Talt: dem, hvor alle punkter på tjeklisterne for de faser, der er afsluttet, er krydset af."),
	 fid_cti_checklist},
	{"m_supervision", 7, N_("Supervision for koordinatorer og bostøttemedarbejdere"),
	 N_("Har koordinatorer og bostøttemedarbejdere fået supervision i kvartalet?"), NULL},
	{"m_flexible", 7, N_("Fleksibel arbejdstid for bostøttemedarbejdere"),
	 N_("Kan bostøttemedarbejderne arbejde, når den unge har brug for det, også uden for almindelig arbejdstid?"), NULL},
	{0, 0, 0, 0, 0},
};

static const char *const element_names[] = {
	"",
	N_("1. Ansvarlig tværgående myndighedskoordinator"),
	N_("2. Tværfagligt team omkring den unge"),
	N_("3. Netværksmøder med den unge"),
	N_("4. Forpligtende aftaler om mål og handlinger"),
	N_("5. Dokumentation af resultater"),
	N_("6. Tværgående ledergruppe"),
	N_("7. Metoderegler for bostøtte"),
};

static const char *const element_short[] = {
	"", N_("Koordinator"), N_("Team"), N_("Møder"), N_("Aftaler"), N_("Dokumentation"), N_("Ledergruppe"),
	N_("Bostøtte"),
};

const Choice fidelity_answers[] = {
	{"ja", N_("Ja")},
	{"delvist", N_("Delvist")},
	{"nej", N_("Nej")},
	{0, 0},
};

static const FidItem *item_def(const char *key)
{
	for (const FidItem *it = fid_items; it->key; it++)
		if (streq(it->key, key))
			return it;
	return NULL;
}

/* ---- scores (pure) ------------------------------------------------------- */

int fidelity_share_score(long long num, long long den)
{
	if (den <= 0)
		return 0;
	if (num * 100 >= den * 90)
		return 5;
	if (num * 100 >= den * 75)
		return 4;
	if (num * 100 >= den * 50)
		return 3;
	if (num * 100 >= den * 25)
		return 2;
	return 1;
}

int fidelity_answer_score(const char *answer)
{
	if (!answer)
		return 0;
	if (streq(answer, "ja"))
		return 5;
	if (streq(answer, "delvist"))
		return 3;
	if (streq(answer, "nej"))
		return 1;
	return 0;
}

static const char *score_answer(int score)
{
	return score >= 5 ? "ja" : score >= 3 ? "delvist" : "nej";
}

double fidelity_scores(const int *element, const int *score, int n, double out[8])
{
	int cnt[8] = {0};
	double sum[8] = {0};
	for (int i = 0; i < n; i++) {
		if (element[i] < 1 || element[i] > 7 || score[i] < 1 || score[i] > 5)
			continue;
		cnt[element[i]]++;
		sum[element[i]] += score[i];
	}
	double total = 0;
	int ne = 0;
	out[0] = 0;
	for (int e = 1; e <= 7; e++) {
		out[e] = cnt[e] ? sum[e] / cnt[e] : 0;
		if (cnt[e]) {
			total += out[e];
			ne++;
		}
	}
	return ne ? total / ne : 0;
}

int fidelity_compute(Db *db, long long municipality_id, const char *key, const char *from, const char *today,
		     long long *num, long long *den)
{
	const FidItem *it = item_def(key);
	*num = *den = 0;
	if (!it || !it->compute)
		return -1;
	FidPeriod p;
	fid_period(&p, from, today);
	if (!p.from[0])
		return -1;
	return it->compute(db, municipality_id, &p, num, den);
}

/* ---- the stored measurements ---------------------------------------------- */

typedef struct FidRow {
	const FidItem *def;
	int stored;
	long long num, den;
	int score;     /* 0: no data */
	char note[1024];
} FidRow;

enum { N_ITEMS = sizeof fid_items / sizeof fid_items[0] - 1 };

static void rows_scores(const FidRow *rows, double out[8], double *total)
{
	int el[N_ITEMS], sc[N_ITEMS];
	for (int i = 0; i < N_ITEMS; i++) {
		el[i] = rows[i].def->element;
		sc[i] = rows[i].score;
	}
	*total = fidelity_scores(el, sc, N_ITEMS, out);
}

/* The items of a stored measurement; computed ones not stored had no data. */
static void rows_load(Db *db, long long fid, FidRow *rows)
{
	memset(rows, 0, N_ITEMS * sizeof *rows);
	for (int i = 0; i < N_ITEMS; i++)
		rows[i].def = &fid_items[i];
	Stmt q;
	db_query(db, &q, "SELECT item, COALESCE(num, 0), COALESCE(den, 0), score, note FROM fidelity_item WHERE fidelity_id = ?",
		 "I", fid);
	while (db_step(&q)) {
		for (int i = 0; i < N_ITEMS; i++) {
			if (!streq(fid_items[i].key, db_col_text(&q, 0)))
				continue;
			rows[i].stored = 1;
			rows[i].num = db_col_int(&q, 1);
			rows[i].den = db_col_int(&q, 2);
			rows[i].score = (int)db_col_int(&q, 3);
			snprintf(rows[i].note, sizeof rows[i].note, "%s", db_col_text(&q, 4));
		}
	}
	db_finalize(&q);
}

/* The computed items now (for the form). */
static void rows_compute(Db *db, long long m, const char *from, const char *today, FidRow *rows)
{
	FidPeriod p;
	fid_period(&p, from, today);
	memset(rows, 0, N_ITEMS * sizeof *rows);
	for (int i = 0; i < N_ITEMS; i++) {
		rows[i].def = &fid_items[i];
		if (!fid_items[i].compute)
			continue;
		fid_items[i].compute(db, m, &p, &rows[i].num, &rows[i].den);
		rows[i].score = fidelity_share_score(rows[i].num, rows[i].den);
	}
}

/* ---- output helpers -------------------------------------------------------- */

static void score_text(char out[8], double v)
{
	int x = (int)(v * 10 + 0.5);
	if (x < 0 || x > 99)
		x = 0;
	snprintf(out, 8, "%d,%d", x / 10 % 10, x % 10);
}

static void quarter_name(Req *r, char *out, size_t n, const char *from)
{
	int y = 0, mth = 1;
	sscanf(from, "%4d-%2d", &y, &mth);
	snprintf(out, n, "%d. %s %d", (mth - 1) / 3 + 1, _("kvartal"), y);
}

static int user_may(Req *r)
{
	return r->user.role == ROLE_PROJECT_LEADER;
}

static void log_it(Req *r, const char *action, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, 0, r->route->purpose, result);
}

static void scoring_help(Req *r)
{
	hp(r, "<details class=\"details\"><summary class=\"details-summary\">%h</summary><div class=\"details-text\">\n"
	      "<p>%h</p>\n<ul><li>%h</li><li>%h</li><li>%h</li><li>%h</li><li>%h</li></ul>\n<p>%h</p>\n<p>%h</p>\n"
	      "</div></details>\n",
	   _("Sådan regnes point"),
	   _("Et beregnet punkt får point efter andelen:"), _("90 % eller mere: 5 point"), _("75-89 %: 4 point"),
	   _("50-74 %: 3 point"), _("25-49 %: 2 point"), _("under 25 %: 1 point"),
	   _("Et punkt, du svarer på: Ja 5 point, Delvist 3 point, Nej 1 point."),
	   _("Et beregnet punkt uden data (0 at tælle) vises som \"Ingen data\" og tæller ikke med. Et kerneelements "
	     "point er gennemsnittet af dets punkter; det samlede point er gennemsnittet af kerneelementerne."));
}

/* The computed items of one element as a table with the evidence. */
static void computed_table(Req *r, const FidRow *rows, int element)
{
	int any = 0;
	for (int i = 0; i < N_ITEMS; i++) {
		const FidRow *x = &rows[i];
		if (x->def->element != element || !x->def->compute)
			continue;
		if (!any++)
			hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption>%h</caption><thead><tr>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "</tr></thead><tbody>\n",
			   _("Beregnet ud fra data"), _("Punkt"), _("Grundlag"), _("Andel"), _("Point"));
		hp(r, "<tr id=\"item-%a\"><td data-title=\"%a\"><strong>%h</strong><br><span class=\"hv-hint\">%h</span></td>",
		   x->def->key, _("Punkt"), _(x->def->label), _(x->def->counted));
		if (x->den > 0) {
			long long pct = (x->num * 100 + x->den / 2) / x->den;
			hp(r, "<td data-title=\"%a\">%l %h %l</td><td data-title=\"%a\">%l\xc2\xa0%%</td><td data-title=\"%a\">%d</td></tr>\n",
			   _("Grundlag"), x->num, _("af"), x->den, _("Andel"), pct, _("Point"), x->score);
		} else {
			hp(r, "<td data-title=\"%a\">%h</td><td data-title=\"%a\">–</td><td data-title=\"%a\">–</td></tr>\n",
			   _("Grundlag"), _("Ingen data"), _("Andel"), _("Point"));
		}
	}
	if (any)
		hp(r, "</tbody></table>\n");
}

/* The manual items of one element as read-only answers. */
static void manual_answers(Req *r, const FidRow *rows, int element)
{
	int any = 0;
	for (int i = 0; i < N_ITEMS; i++) {
		const FidRow *x = &rows[i];
		if (x->def->element != element || x->def->compute)
			continue;
		if (!any++)
			hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption>%h</caption><thead><tr>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "</tr></thead><tbody>\n",
			   _("Besvaret af projektlederen"), _("Punkt"), _("Svar"), _("Bemærkning"), _("Point"));
		hp(r, "<tr id=\"item-%a\"><td data-title=\"%a\"><strong>%h</strong></td><td data-title=\"%a\">%h</td>"
		      "<td data-title=\"%a\" class=\"hv-pre\">%h</td><td data-title=\"%a\">%d</td></tr>\n",
		   x->def->key, _("Punkt"), _(x->def->label), _("Svar"),
		   x->stored ? _(choice_label(fidelity_answers, score_answer(x->score))) : "–", _("Bemærkning"),
		   x->note[0] ? x->note : "–", _("Point"), x->score);
	}
	if (any)
		hp(r, "</tbody></table>\n");
}

static void manual_fields(Req *r, int element)
{
	for (const FidItem *it = fid_items; it->key; it++) {
		if (it->element != element || it->compute)
			continue;
		char note[48];
		snprintf(note, sizeof note, "%s_note", it->key);
		Buf label = {0};
		bprintf(&label, "%h %h", _(it->label), _("(skal udfyldes)"));
		field_radios(r, it->key, buf_str(&label), _(it->counted), fidelity_answers);
		buf_free(&label);
		field_textarea(r, note, _("Bemærkning"), _("Fx hvad der er gjort, eller hvad der mangler."));
	}
}

static int element_has(int element, int manual)
{
	for (const FidItem *it = fid_items; it->key; it++)
		if (it->element == element && (manual ? !it->compute : it->compute != NULL))
			return 1;
	return 0;
}

/* ---- the new measurement ---------------------------------------------------- */

static long long existing(Db *db, long long m, const char *from)
{
	return db_int(db, 0, "SELECT id FROM fidelity WHERE municipality_id = ? AND period_from = ?", "It", m, from);
}

/* Whether the quarter starting on from can be measured: 0 yes, else why
 * (quarter_refuse shows it). */
enum { Q_OK, Q_NOT_FIRST, Q_FUTURE };
static int quarter_rule(const char *from, const char *today)
{
	char f[11], t[11];
	period_of(from, 3, f, t);
	if (!streq(f, from))
		return Q_NOT_FIRST;
	if (strcmp(from, today) > 0)
		return Q_FUTURE;
	return Q_OK;
}

static void quarter_refuse(Req *r, int status, int why)
{
	if (why == Q_NOT_FIRST)
		page_fail(r, status, "%s",
			  N_("Datoen skal være den første dag i et kvartal (1. januar, 1. april, 1. juli eller 1. oktober)."));
	else
		page_fail(r, status, "%s",
			  N_("Kvartalet er ikke begyndt endnu. En fidelitetsmåling kan ikke laves for et kommende kvartal."));
}

static void new_form(Req *r, const char *from, const FidRow *rows)
{
	char qn[40], f[11], t[11], today[11], to[11], tmp[11];
	today_copenhagen(today);
	period_of(from, 3, tmp, to);
	date_format_dk(f, from);
	date_format_dk(t, to);
	quarter_name(r, qn, sizeof qn, from);
	page_begin(r, _("Ny fidelitetsmåling"));
	hp(r, "<h1>%h: %h</h1>\n<p>%h %h–%h.</p>\n", _("Fidelitetsmåling"), qn, _("Kvartalet"), f, t);
	if (strcmp(to, today) > 0)
		hp(r, "<div class=\"alert alert-info\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p></div></div>\n",
		   _("Kvartalet er ikke slut endnu. Tallene er opgjort til i dag."));
	hp(r, "<p>%h</p>\n", _("De beregnede punkter regnes ud fra data og gemmes, som de er, når du indsender. "
			       "Svar på de punkter, data ikke kan svare på."));
	scoring_help(r);
	error_summary(r);
	Buf action = {0};
	bprintf(&action, "/fidelitet/ny?fra=%u", from);
	form_begin(r, buf_str(&action));
	buf_free(&action);
	for (int e = 1; e <= 7; e++) {
		hp(r, "<h2>%h</h2>\n", _(element_names[e]));
		computed_table(r, rows, e);
		if (element_has(e, 1))
			manual_fields(r, e);
	}
	form_buttons(r, _("Indsend fidelitetsmåling"), "/fidelitet");
	page_end(r);
}

static void refuse_second(Req *r, long long fid)
{
	char href[40];
	snprintf(href, sizeof href, "/fidelitet/%lld/ret", fid);
	r->status = 422;
	page_begin(r, _("Der er allerede en måling for kvartalet"));
	hp(r, "<h1>%h</h1>\n<p>%h <a href=\"%a\">%h</a>.</p>\n", _("Der er allerede en måling for kvartalet"),
	   _("Der er allerede indsendt en fidelitetsmåling for dette kvartal, så der kan ikke laves en til."),
	   href, _("Ret den indsendte i stedet"));
	page_end(r);
}

void page_fidelity_new(Req *r)
{
	char today[11];
	today_copenhagen(today);
	const char *from = P(r, "fra");
	int why = quarter_rule(from, today);
	if (why) {
		quarter_refuse(r, 400, why);
		return;
	}
	long long fid = existing(r->db, r->user.municipality_id, from);
	if (fid) {
		refuse_second(r, fid);
		return;
	}
	db_begin(r->db);
	log_it(r, "fidelity_view_new", "ok");
	db_commit(r->db);
	FidRow rows[N_ITEMS];
	rows_compute(r->db, r->user.municipality_id, from, today, rows);
	new_form(r, from, rows);
}

static int manual_check(Req *r)
{
	for (const FidItem *it = fid_items; it->key; it++) {
		if (it->compute || P_err(r, it->key))
			continue;
		if (!P(r, it->key))
			P_set_err(r, it->key, N_("Svar Ja, Delvist eller Nej."));
	}
	return r->nerrors;
}

static const char *note_of(Req *r, const char *key)
{
	char note[48];
	snprintf(note, sizeof note, "%s_note", key);
	const char *v = P(r, note);
	return v ? v : "";
}

void page_fidelity_create(Req *r)
{
	char today[11], at[21];
	today_copenhagen(today);
	time_iso_utc(at, now());
	const char *from = P(r, "fra");
	int why = quarter_rule(from, today);
	if (why) {
		quarter_refuse(r, 422, why);
		return;
	}
	long long fid = existing(r->db, r->user.municipality_id, from);
	if (fid) {
		refuse_second(r, fid);
		return;
	}
	FidRow rows[N_ITEMS];
	rows_compute(r->db, r->user.municipality_id, from, today, rows);
	if (manual_check(r)) {
		r->status = 422;
		new_form(r, from, rows);
		return;
	}
	char f[11], t[11];
	period_of(from, 3, f, t);
	db_begin(r->db);
	fid = db_int(r->db, 0,
		     "INSERT INTO fidelity(municipality_id, period_from, period_to, author_id, submitted_at)"
		     " VALUES (?, ?, ?, ?, ?) RETURNING id",
		     "IttIt", r->user.municipality_id, f, t, r->user.id, at);
	for (int i = 0; i < N_ITEMS; i++) {
		const FidItem *it = rows[i].def;
		if (it->compute) {
			if (rows[i].den > 0)
				db_exec(r->db,
					"INSERT INTO fidelity_item(fidelity_id, item, element, computed, num, den, score)"
					" VALUES (?, ?, ?, 1, ?, ?, ?)",
					"ItiIIi", fid, it->key, it->element, rows[i].num, rows[i].den, rows[i].score);
		} else {
			db_exec(r->db,
				"INSERT INTO fidelity_item(fidelity_id, item, element, computed, score, note)"
				" VALUES (?, ?, ?, 0, ?, ?)",
				"Itiit", fid, it->key, it->element, fidelity_answer_score(P(r, it->key)), note_of(r, it->key));
		}
	}
	log_it(r, "fidelity_create", "ok");
	if (!db_commit(r->db))
		return;
	char loc[40];
	snprintf(loc, sizeof loc, "/fidelitet/%lld", fid);
	flash_set(r, _("Fidelitetsmålingen er indsendt."));
	redirect(r, loc);
}

/* ---- one stored measurement ---------------------------------------------------- */

typedef struct Fid {
	long long id, version;
	char from[11], to[11], submitted_at[21];
	char *author;
} Fid;

static int fid_load(Req *r, long long id, Fid *f)
{
	memset(f, 0, sizeof *f);
	Stmt q;
	int ok = 0;
	db_query(r->db, &q,
		 "SELECT f.id, f.version, f.period_from, f.period_to, f.submitted_at, COALESCE(u.name, '')"
		 " FROM fidelity f LEFT JOIN users u ON u.id = f.author_id WHERE f.id = ? AND f.municipality_id = ?",
		 "II", id, r->user.municipality_id);
	if (db_step(&q)) {
		ok = 1;
		f->id = db_col_int(&q, 0);
		f->version = db_col_int(&q, 1);
		snprintf(f->from, sizeof f->from, "%s", db_col_text(&q, 2));
		snprintf(f->to, sizeof f->to, "%s", db_col_text(&q, 3));
		snprintf(f->submitted_at, sizeof f->submitted_at, "%s", db_col_text(&q, 4));
		f->author = xstrdup(db_col_text(&q, 5));
	}
	db_finalize(&q);
	return ok;
}

static const char *history_label(const char *field)
{
	static const char note_label[] = N_("Bemærkning");
	const char *dot = strchr(field, '.');
	if (dot)
		return note_label;
	const FidItem *it = item_def(field);
	return it ? it->label : field;
}

static void history_value(Req *r, const char *field, const char *v)
{
	if (!strchr(field, '.') && choice_label(fidelity_answers, v)[0])
		hp(r, "%h", _(choice_label(fidelity_answers, v)));
	else
		hp(r, "%h", v);
}

static int fid_find(Req *r, Fid *f, const char *action)
{
	if (!fid_load(r, PI(r, "fid"), f)) {
		log_it(r, action, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return 0;
	}
	return 1;
}

void page_fidelity(Req *r)
{
	Fid f;
	db_begin(r->db);
	if (!fid_find(r, &f, "fidelity_view")) {
		db_commit(r->db);
		return;
	}
	log_it(r, "fidelity_view", "ok");
	db_commit(r->db);
	FidRow rows[N_ITEMS];
	rows_load(r->db, f.id, rows);
	double el[8], total;
	rows_scores(rows, el, &total);
	char qn[40], a[11], b[11], when[17] = "", st[8];
	quarter_name(r, qn, sizeof qn, f.from);
	date_format_dk(a, f.from);
	date_format_dk(b, f.to);
	time_t t;
	if (time_parse_iso_utc(f.submitted_at, &t) == 0)
		time_format_dk(when, t);
	page_begin(r, _("Fidelitetsmåling"));
	hp(r, "<h1>%h: %h</h1>\n<p>%h %h–%h. %h %h %h %h.</p>\n", _("Fidelitetsmåling"), qn, _("Kvartalet"), a, b,
	   _("Indsendt af"), f.author, _("den"), when);
	hp(r, "<p>%h</p>\n", _("Tallene er, som de var, da målingen blev indsendt. Brug browserens udskriv for at få den på papir."));
	score_text(st, total);
	hp(r, "<table class=\"table table--compact\"><caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th></tr></thead><tbody>\n",
	   _("Point pr. kerneelement"), _("Kerneelement"), _("Point (1-5)"));
	for (int e = 1; e <= 7; e++) {
		char s[8];
		score_text(s, el[e]);
		hp(r, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", _(element_names[e]), el[e] > 0 ? s : _("Ingen data"));
	}
	hp(r, "<tr><th scope=\"row\">%h</th><td><strong id=\"total-score\">%h</strong></td></tr>\n</tbody></table>\n",
	   _("Samlet"), total > 0 ? st : _("Ingen data"));
	scoring_help(r);
	for (int e = 1; e <= 7; e++) {
		hp(r, "<h2>%h</h2>\n", _(element_names[e]));
		computed_table(r, rows, e);
		manual_answers(r, rows, e);
	}
	if (user_may(r))
		hp(r, "<p><a class=\"button button-secondary\" href=\"/fidelitet/%l/ret\">%h</a></p>\n", f.id,
		   _("Ret svarene"));
	change_history(r, "fidelity", f.id, history_label, history_value);
	hp(r, "<p><a href=\"/fidelitet\">%h</a></p>\n", _("Alle fidelitetsmålinger"));
	page_end(r);
	free(f.author);
}

static void edit_form(Req *r, const Fid *f, const FidRow *rows, long long version)
{
	char qn[40];
	quarter_name(r, qn, sizeof qn, f->from);
	page_begin(r, _("Ret fidelitetsmåling"));
	hp(r, "<h1>%h: %h</h1>\n<p>%h</p>\n", _("Ret fidelitetsmåling"), qn,
	   _("Du kan rette svarene på de punkter, du har besvaret. De beregnede punkter står, som de blev indsendt."));
	error_summary(r);
	char action[48], v[24];
	snprintf(action, sizeof action, "/fidelitet/%lld/ret", f->id);
	snprintf(v, sizeof v, "%lld", version);
	form_begin(r, action);
	hp(r, "<input type=\"hidden\" name=\"version\" value=\"%a\">\n", v);
	for (int e = 1; e <= 7; e++) {
		if (!element_has(e, 1))
			continue;
		hp(r, "<h2>%h</h2>\n", _(element_names[e]));
		manual_fields(r, e);
	}
	char back[40];
	snprintf(back, sizeof back, "/fidelitet/%lld", f->id);
	form_buttons(r, _("Gem rettelser"), back);
	change_history(r, "fidelity", f->id, history_label, history_value);
	(void)rows;
	page_end(r);
}

static void prefill_rows(Req *r, const FidRow *rows)
{
	for (int i = 0; i < N_ITEMS; i++) {
		if (rows[i].def->compute || !rows[i].stored)
			continue;
		char note[48];
		snprintf(note, sizeof note, "%s_note", rows[i].def->key);
		P_prefill(r, rows[i].def->key, score_answer(rows[i].score));
		P_prefill(r, note, rows[i].note);
	}
}

void page_fidelity_edit(Req *r)
{
	Fid f;
	db_begin(r->db);
	if (!fid_find(r, &f, "fidelity_view")) {
		db_commit(r->db);
		return;
	}
	log_it(r, "fidelity_view", "ok");
	db_commit(r->db);
	FidRow rows[N_ITEMS];
	rows_load(r->db, f.id, rows);
	prefill_rows(r, rows);
	edit_form(r, &f, rows, f.version);
	free(f.author);
}

void page_fidelity_save(Req *r)
{
	Fid f;
	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	int found = fid_find(r, &f, "fidelity_change");
	db_commit(r->db);
	if (!found)
		return;
	FidRow rows[N_ITEMS];
	rows_load(r->db, f.id, rows);
	if (!P(r, "version") && !P_err(r, "version"))
		P_set_err(r, "version", N_("Siden mangler versionen. Hent siden igen."));
	if (manual_check(r)) {
		r->status = 422;
		edit_form(r, &f, rows, P(r, "version") ? PI(r, "version") : f.version);
		free(f.author);
		return;
	}
	db_begin(r->db);
	if (!db_int(r->db, 0, "UPDATE fidelity SET version = version + 1 WHERE id = ? AND version = ? RETURNING id", "II",
		    f.id, PI(r, "version"))) {
		log_it(r, "fidelity_change", "conflict");
		db_commit(r->db);
		P_set_err(r, fid_items[2].key,
			  N_("Målingen er rettet af en anden, mens du rettede. Se historikken, og gem igen, hvis din ændring stadig skal med."));
		r->status = 409;
		edit_form(r, &f, rows, f.version);
		free(f.author);
		return;
	}
	for (int i = 0; i < N_ITEMS; i++) {
		const FidItem *it = rows[i].def;
		if (it->compute)
			continue;
		const char *ans = P(r, it->key), *note = note_of(r, it->key);
		const char *old = rows[i].stored ? score_answer(rows[i].score) : "";
		char nf[48];
		snprintf(nf, sizeof nf, "%s.note", it->key);
		if (!streq(old, ans))
			db_exec(r->db,
				"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
				" VALUES ('fidelity', ?, ?, ?, ?, ?, ?)",
				"ItttIt", f.id, it->key, old, ans, r->user.id, at);
		if (!streq(rows[i].note, note))
			db_exec(r->db,
				"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
				" VALUES ('fidelity', ?, ?, ?, ?, ?, ?)",
				"ItttIt", f.id, nf, rows[i].note, note, r->user.id, at);
		if (rows[i].stored)
			db_exec(r->db, "UPDATE fidelity_item SET score = ?, note = ? WHERE fidelity_id = ? AND item = ?", "itIt",
				fidelity_answer_score(ans), note, f.id, it->key);
		else
			db_exec(r->db,
				"INSERT INTO fidelity_item(fidelity_id, item, element, computed, score, note)"
				" VALUES (?, ?, ?, 0, ?, ?)",
				"Itiit", f.id, it->key, it->element, fidelity_answer_score(ans), note);
	}
	log_it(r, "fidelity_change", "ok");
	if (!db_commit(r->db)) {
		free(f.author);
		return;
	}
	char loc[40];
	snprintf(loc, sizeof loc, "/fidelitet/%lld", f.id);
	free(f.author);
	flash_set(r, _("Rettelserne er gemt."));
	redirect(r, loc);
}

/* ---- the open quarters ------------------------------------------------------ */

typedef struct OpenQ {
	char from[11], to[11], due[11];
	int state;
} OpenQ;

/* The quarters open and not measured, from the quarter of the first course
 * or four quarters back, whichever is later, up to the current one. */
static int open_quarters(Db *db, long long m, const char *today, OpenQ *out, int max)
{
	char cur[11], tmp[11], start[11], back[11];
	period_of(today, 3, cur, tmp);
	date_add_months(back, cur, -12);
	snprintf(start, sizeof start, "%s", back);
	char fq[11];
	first_course_period(db, m, 3, back, fq); /* instrument.c */
	if (fq[0] && strcmp(fq, start) > 0)
		snprintf(start, sizeof start, "%s", fq);
	int n = 0;
	for (char q[11]; strcmp(start, cur) <= 0 && n < max; snprintf(start, sizeof start, "%s", q)) {
		OpenQ *o = &out[n];
		period_of(start, 3, o->from, o->to);
		date_add_days(o->due, o->to, 1);
		date_add_months(q, start, 3);
		o->state = due_state(o->due, today);
		if (o->state == DUE_LATER || existing(db, m, o->from))
			continue;
		n++;
	}
	return n;
}

int fidelity_todos(Req *r, int show, int *late)
{
	*late = 0;
	if (r->user.role != ROLE_PROJECT_LEADER)
		return 0;
	char today[11];
	today_copenhagen(today);
	OpenQ q[8];
	int n = open_quarters(r->db, r->user.municipality_id, today, q, 8);
	for (int i = 0; i < n; i++) {
		if (q[i].state == DUE_LATE)
			(*late)++;
		if (show) {
			Buf href = {0};
			bprintf(&href, "/fidelitet/ny?fra=%u", q[i].from);
			todo_row(r, _("Fidelitetsmåling"), NULL, q[i].from, q[i].to, q[i].due, q[i].state, buf_str(&href));
			buf_free(&href);
		}
	}
	return n;
}

/* ---- the list and the trend ---------------------------------------------------- */

typedef struct FidSum {
	long long id;
	char from[11];
	double el[8], total;
} FidSum;

static void trend_chart(Req *r, const FidSum *s, int n)
{
	/* s is newest first; draw oldest to newest */
	enum { L = 40, T = 16, H = 160, STEP = 80, B = 40 };
	int width = L + n * STEP + 10, height = T + H + B;
	hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n", _("Udvikling i samlet point"));
	hp(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
	      " aria-labelledby=\"fid-trend-title fid-trend-desc\">\n",
	   width, height, width, height);
	hp(r, "<title id=\"fid-trend-title\">%h</title>\n<desc id=\"fid-trend-desc\">%h</desc>\n",
	   _("Udvikling i samlet point"), _("Samlet point (1-5) for hvert kvartal. Tallene står i tabellen under grafen."));
	for (int v = 1; v <= 5; v++) {
		int y = T + H - (v - 1) * H / 4;
		hp(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
		      "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" fill=\"#3d3d3d\">%d</text>\n",
		   L, y, width - 4, y, v > 1 ? "#dcdcdc" : "#707070", L - 6, y + 4, v);
	}
	Buf pts = {0};
	for (int k = 0; k < n; k++) {
		const FidSum *x = &s[n - 1 - k];
		int cx = L + k * STEP + STEP / 2;
		char qn[40], st[8];
		quarter_name(r, qn, sizeof qn, x->from);
		int yy = (int)(x->from[2] - '0') * 10 + (x->from[3] - '0');
		int qq = ((x->from[5] - '0') * 10 + (x->from[6] - '0') - 1) / 3 + 1;
		hp(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\" fill=\"#3d3d3d\">K%d %d</text>\n", cx,
		   T + H + 18, qq, yy);
		if (x->total <= 0)
			continue;
		int y = T + H - (int)((x->total - 1) * H / 4);
		score_text(st, x->total);
		bprintf(&pts, "%d,%d ", cx, y);
		hp(r, "<g><title>%h: %h</title><circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"#004993\"/>"
		      "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1a1a1a\">%h</text></g>\n",
		   qn, st, cx, y, cx, y - 9, st);
	}
	if (pts.n)
		hp(r, "<polyline points=\"%a\" fill=\"none\" stroke=\"#004993\" stroke-width=\"2\"/>\n", buf_str(&pts));
	buf_free(&pts);
	hp(r, "</svg>\n</div>\n");
}

void page_fidelity_list(Req *r)
{
	db_begin(r->db);
	log_it(r, "fidelity_list", "ok");
	db_commit(r->db);
	char today[11];
	today_copenhagen(today);
	page_begin(r, _("Fidelitetsmåling"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Fidelitetsmåling"),
	   _("Hvert kvartal måler projektlederen, hvor tæt kommunen følger samarbejdsmodellens seks kerneelementer og "
	     "metodereglerne for bostøtte. Det, data kan svare på, regnes ud; resten svarer du på. "
	     "Målingen skal laves dagen efter kvartalets slutning."));
	if (user_may(r)) {
		OpenQ q[8];
		int n = open_quarters(r->db, r->user.municipality_id, today, q, 8);
		hp(r, "<h2>%h</h2>\n", _("Mangler"));
		if (!n) {
			hp(r, "<p>%h</p>\n", _("Ingen kvartaler mangler en måling lige nu."));
		} else {
			todo_table_begin(r, _("Kvartaler, der mangler en måling"));
			for (int i = 0; i < n; i++) {
				Buf href = {0};
				bprintf(&href, "/fidelitet/ny?fra=%u", q[i].from);
				todo_row(r, _("Fidelitetsmåling"), NULL, q[i].from, q[i].to, q[i].due, q[i].state, buf_str(&href));
				buf_free(&href);
			}
			todo_table_end(r);
		}
		char cur[11], tmp[11];
		period_of(today, 3, cur, tmp);
		if (!existing(r->db, r->user.municipality_id, cur))
			hp(r, "<p><a href=\"/fidelitet/ny?fra=%u\">%h</a></p>\n", cur, _("Se tallene for det løbende kvartal"));
	}
	FidSum s[64];
	int n = 0;
	Stmt q;
	db_query(r->db, &q, "SELECT id, period_from FROM fidelity WHERE municipality_id = ? ORDER BY period_from DESC LIMIT 64",
		 "I", r->user.municipality_id);
	while (db_step(&q)) {
		s[n].id = db_col_int(&q, 0);
		snprintf(s[n].from, sizeof s[n].from, "%s", db_col_text(&q, 1));
		n++;
	}
	db_finalize(&q);
	hp(r, "<h2>%h</h2>\n", _("Målinger"));
	if (!n) {
		hp(r, "<p>%h</p>\n", _("Der er ingen fidelitetsmålinger endnu."));
		page_end(r);
		return;
	}
	for (int i = 0; i < n; i++) {
		FidRow rows[N_ITEMS];
		rows_load(r->db, s[i].id, rows);
		rows_scores(rows, s[i].el, &s[i].total);
	}
	hp(r, "<h3>%h</h3>\n", _("Udvikling"));
	trend_chart(r, s, n);
	hp(r, "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
	      "<table class=\"table table--compact\" id=\"fid-list\"><caption>%h</caption><thead><tr><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th>",
	   _("Point pr. kvartal"), _("Point pr. kvartal (1-5)"), _("Kvartal"), _("Samlet"));
	for (int e = 1; e <= 7; e++)
		hp(r, "<th scope=\"col\">%h</th>", _(element_short[e]));
	hp(r, "</tr></thead><tbody>\n");
	for (int i = 0; i < n; i++) {
		char qn[40], st[8];
		quarter_name(r, qn, sizeof qn, s[i].from);
		score_text(st, s[i].total);
		hp(r, "<tr><th scope=\"row\"><a href=\"/fidelitet/%l\">%h</a></th><td><strong>%h</strong></td>", s[i].id, qn,
		   s[i].total > 0 ? st : "–");
		for (int e = 1; e <= 7; e++) {
			score_text(st, s[i].el[e]);
			hp(r, "<td>%h</td>", s[i].el[e] > 0 ? st : "–");
		}
		hp(r, "</tr>\n");
	}
	hp(r, "</tbody></table>\n</div>\n");
	hp(r, "<p>%h</p>\n", _("Kerneelementerne: 1 koordinator, 2 team, 3 netværksmøder, 4 aftaler, 5 dokumentation, "
			       "6 ledergruppe; 7 er metodereglerne for bostøtte."));
	page_end(r);
}

/* ---- the demo -------------------------------------------------------------------- */

void fidelity_demo(Db *db, long long municipality_id, long long author_id, unsigned seed)
{
	char today[11], cur[11], tmp[11];
	today_copenhagen(today);
	period_of(today, 3, cur, tmp);
	unsigned s = seed ? seed : 1;
	/* the last 8 finished quarters, oldest first; the latest is left missing */
	for (int k = 8; k >= 2; k--) {
		char from[11], to[11], sub[11], at[21];
		date_add_months(from, cur, -3 * k);
		period_of(from, 3, tmp, to);
		if (existing(db, municipality_id, from))
			continue;
		date_add_days(sub, to, 3 + (int)(s % 10));
		snprintf(at, sizeof at, "%sT09:00:00Z", sub);
		db_begin(db);
		long long fid = db_int(db, 0,
				       "INSERT INTO fidelity(municipality_id, period_from, period_to, author_id, submitted_at)"
				       " VALUES (?, ?, ?, ?, ?) RETURNING id",
				       "IttIt", municipality_id, from, to, author_id, at);
		FidPeriod p;
		fid_period(&p, from, today);
		int step = 8 - k; /* 0 oldest .. 6 newest: the answers improve */
		for (const FidItem *it = fid_items; it->key; it++) {
			if (it->compute) {
				long long num = 0, den = 0;
				it->compute(db, municipality_id, &p, &num, &den);
				if (den > 0)
					db_exec(db,
						"INSERT INTO fidelity_item(fidelity_id, item, element, computed, num, den, score)"
						" VALUES (?, ?, ?, 1, ?, ?, ?)",
						"ItiIIi", fid, it->key, it->element, num, den, fidelity_share_score(num, den));
				continue;
			}
			s = s * 1103515245u + 12345u;
			int roll = (int)((s >> 16) % 10) + step; /* 0..15 */
			int score = roll >= 9 ? 5 : roll >= 4 ? 3 : 1;
			const char *note = score == 5 ? "" : score == 3 ? "Sker, men ikke fast." : "Ikke kommet i gang endnu.";
			db_exec(db,
				"INSERT INTO fidelity_item(fidelity_id, item, element, computed, score, note)"
				" VALUES (?, ?, ?, 0, ?, ?)",
				"Itiit", fid, it->key, it->element, score, note);
		}
		db_commit(db);
	}
}

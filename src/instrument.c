/* instrument.c: the quarterly instruments as data (DOMAIN.md §6), their
 * versions in the database, and when each is due.
 *
 * The three instruments of the evaluation are defined below, in one place:
 * items, scales with their anchors, who fills them in and how often.  At
 * start-up instrument_sync() compares each definition with the newest
 * version in the database (by a digest of the definition) and, when it has
 * changed, stores it as a new version with its items and options.  A
 * measurement points at the version and the items it answered, so adding
 * an item here changes no page and leaves every old answer readable.
 *
 * The schedule (instr_schedule, pure): measurement 0 at the start, then one
 * every third month (start + 3k months, a day past the end of a shorter
 * month is that month's last day), and the final one at the end of the
 * course.  A periodic measurement due within GRACE_DAYS before the end is
 * replaced by the final one.  A measurement shows on the worklist from
 * OPEN_DAYS before its due date and is late GRACE_DAYS after it. */
#include "hjemvej.h"

#include <sodium.h>
#include <string.h>

/* ---- scales ------------------------------------------------------------ */

/* The coordinator's and the support worker's rating: higher is better. */
static const Choice scale_rating[] = {
	{"1", N_("1 – Meget store vanskeligheder")},
	{"2", N_("2 – Store vanskeligheder")},
	{"3", N_("3 – Nogle vanskeligheder")},
	{"4", N_("4 – Små vanskeligheder")},
	{"5", N_("5 – Ingen vanskeligheder")},
	{"x", N_("Ved ikke")},
	{0, 0},
};

/* The young person's own rating of how things go (Dialogredskab). */
static const Choice scale_mood[] = {
	{"1", N_("1 – Meget dårligt")},
	{"2", N_("2 – Dårligt")},
	{"3", N_("3 – Både og")},
	{"4", N_("4 – Godt")},
	{"5", N_("5 – Meget godt")},
	{"x", N_("Ved ikke")},
	{0, 0},
};

/* The young person's view of the effort (Dialogredskab). */
static const Choice scale_agree[] = {
	{"1", N_("1 – Slet ikke")},
	{"2", N_("2 – Lidt")},
	{"3", N_("3 – Noget")},
	{"4", N_("4 – Meget")},
	{"5", N_("5 – Helt")},
	{"x", N_("Ved ikke")},
	{0, 0},
};

/* The housing situation: DOMAIN.md §1 with own home, other and unknown;
 * housing_summary() groups them. */
const Choice housing_answers[] = {
	{"own_home", N_("I egen bolig med lejekontrakt")},
	{"gade", N_("Gadesover (gade, trappeopgang, skur)")},
	{"natvarme", N_("Natvarmestue")},
	{"herberg", N_("Herberg/forsorgshjem (Serviceloven §110)")},
	{"hotel", N_("Hotel, vandrerhjem eller camping pga. hjemløshed")},
	{"sofa", N_("Midlertidigt hos familie/venner uden kontrakt (sofasurfer)")},
	{"udslusning", N_("Udslusningsbolig uden fast lejekontrakt")},
	{"faengsel", N_("Fængsel, løsladelse inden for 1 måned uden bolig")},
	{"hospital", N_("Hospital/behandling, udskrivning inden for 1 måned uden bolig")},
	{"andet", N_("Anden hjemløshed")},
	{"family", N_("Bor fast hos forældre eller familie")},
	{"institution", N_("Institution, opholdssted eller anden boform")},
	{"unknown", N_("Ved ikke")},
	{0, 0},
};

const Choice housing_summaries[] = {
	{"housed", N_("I bolig")},
	{"homeless", N_("Hjemløs")},
	{"other", N_("Andet")},
	{"unknown", N_("Ved ikke")},
	{0, 0},
};

const char *housing_summary(const char *answer)
{
	if (!answer || !*answer || streq(answer, "unknown"))
		return "unknown";
	if (streq(answer, "own_home"))
		return "housed";
	if (streq(answer, "family") || streq(answer, "institution"))
		return "other";
	for (const Choice *c = housing_situations; c->key; c++)
		if (streq(c->key, answer))
			return "homeless";
	return "unknown";
}

static const Choice edu_status[] = {
	{"education", N_("I uddannelse")},
	{"employment", N_("I beskæftigelse")},
	{"activation", N_("I aktiverings- eller afklaringsforløb")},
	{"none", N_("Ingen af delene")},
	{0, 0},
};

static const Choice edu_change[] = {
	{"started", N_("Startet i perioden")},
	{"kept", N_("Fastholdt i perioden")},
	{"stopped", N_("Stoppet i perioden")},
	{"none", N_("Ingen uddannelse eller beskæftigelse i perioden")},
	{0, 0},
};

static const Choice income[] = {
	{"su", N_("SU")},
	{"uddannelseshjaelp", N_("Uddannelseshjælp eller kontanthjælp")},
	{"wages", N_("Løn")},
	{"benefit", N_("Anden offentlig ydelse (fx sygedagpenge, førtidspension)")},
	{"none", N_("Ingen indkomst")},
	{"unknown", N_("Ved ikke")},
	{0, 0},
};

static const Choice cti_phase_answers[] = {
	{"1", N_("Fase 1 (måned 1-3)")},
	{"2", N_("Fase 2 (måned 4-6)")},
	{"3", N_("Fase 3 (måned 7-9)")},
	{"after", N_("Efter de ni måneder")},
	{"none", N_("Ikke CTI")},
	{0, 0},
};

typedef struct Scale {
	const char *key;
	const Choice *options;
} Scale;

static const Scale scales[] = {
	{"rating", scale_rating},
	{"mood", scale_mood},
	{"agree", scale_agree},
	{"housing", housing_answers},
	{"edu_status", edu_status},
	{"edu_change", edu_change},
	{"income", income},
	{"method", support_methods},
	{"cti_phase", cti_phase_answers},
	{"life_domains", life_domains},
	{0, 0},
};

const Choice *instrument_scale(const char *key)
{
	for (const Scale *s = scales; s->key; s++)
		if (streq(s->key, key))
			return s->options;
	return NULL;
}

/* ---- the instruments ---------------------------------------------------- */

static const InstrItemDef items_model[] = {
	{"housing", N_("Boligsituation"), N_("Hvor bor den unge nu?"), N_("Udfyldt ud fra det registrerede; ret, hvis det ikke passer."),
	 "choice", "housing", 1, "housing", 0},
	{"edu_status", N_("Uddannelse og beskæftigelse"), N_("Er den unge i uddannelse eller beskæftigelse?"), 0,
	 "choice", "edu_status", 1, 0, 0},
	{"edu_change", N_("Uddannelse og beskæftigelse"), N_("Er uddannelse eller beskæftigelse startet eller fastholdt i perioden?"), 0,
	 "choice", "edu_change", 1, 0, 0},
	{"income", N_("Forsørgelse"), N_("Den unges hovedindkomst"), 0, "choice", "income", 1, 0, 0},
	{"hverdag", N_("Vurdering"), N_("Hverdagsmestring"), N_("Din vurdering som koordinator."), "scale", "rating", 1, 0, 0},
	{"oekonomi", N_("Vurdering"), N_("Håndtering af egen økonomi"), N_("Din vurdering som koordinator."), "scale", "rating", 1, 0, 0},
	{"psykisk", N_("Vurdering"), N_("Psykisk helbred"), N_("Din vurdering som koordinator."), "scale", "rating", 1, 0, 0},
	{"fysisk", N_("Vurdering"), N_("Fysisk helbred"), N_("Din vurdering som koordinator."), "scale", "rating", 1, 0, 0},
	{"misbrug", N_("Vurdering"), N_("Misbrug"), N_("5 betyder intet misbrug."), "scale", "rating", 1, 0, 0},
	{"netvaerk", N_("Vurdering"), N_("Netværk"), N_("Din vurdering som koordinator."), "scale", "rating", 1, 0, 0},
	{"meetings_held", N_("Indsatsen i perioden"), N_("Netværksmøder afholdt"), N_("Udfyldt fra møderne i perioden."),
	 "number", 0, 1, "meetings_held", 50},
	{"meetings_youth", N_("Indsatsen i perioden"), N_("Heraf med den unge til stede"), 0,
	 "number", 0, 1, "meetings_youth", 50},
	{"team_changes", N_("Indsatsen i perioden"), N_("Ændringer i teamet (nye og afsluttede medlemmer)"), N_("Udfyldt fra teamet."),
	 "number", 0, 1, "team_changes", 100},
	{"note", N_("Indsatsen i perioden"), N_("Bemærkninger"), 0, "text", 0, 0, 0, 2000},
	{0, 0, 0, 0, 0, 0, 0, 0, 0},
};

static const InstrItemDef items_support[] = {
	{"method", N_("Bostøtten"), N_("Metode"), N_("Udfyldt fra bostøtteforløbet."), "choice", "method", 1, "support_method", 0},
	{"phase", N_("Bostøtten"), N_("CTI-fase ved periodens slutning"), 0, "choice", "cti_phase", 1, "cti_phase", 0},
	{"contacts", N_("Kontakt i perioden"), N_("Kontakter med den unge"), N_("Udfyldt fra kontaktloggen."),
	 "number", 0, 1, "contacts", 1000},
	{"hours", N_("Kontakt i perioden"), N_("Timer med den unge, inkl. transport"), N_("Udfyldt fra kontaktloggen. Skriv fx 12,5."),
	 "hours", 0, 1, "contact_hours", 0},
	{"domains", N_("Kontakt i perioden"), N_("Livsområder, der er arbejdet med"), N_("Udfyldt fra kontaktloggen."),
	 "multi", "life_domains", 0, "contact_domains", 0},
	{"hverdag", N_("Vurdering"), N_("Hverdagsmestring"), N_("Din vurdering som bostøttemedarbejder."), "scale", "rating", 1, 0, 0},
	{"oekonomi", N_("Vurdering"), N_("Håndtering af egen økonomi"), N_("Din vurdering som bostøttemedarbejder."), "scale", "rating", 1, 0, 0},
	{"psykisk", N_("Vurdering"), N_("Psykisk helbred"), N_("Din vurdering som bostøttemedarbejder."), "scale", "rating", 1, 0, 0},
	{"fysisk", N_("Vurdering"), N_("Fysisk helbred"), N_("Din vurdering som bostøttemedarbejder."), "scale", "rating", 1, 0, 0},
	{"misbrug", N_("Vurdering"), N_("Misbrug"), N_("5 betyder intet misbrug."), "scale", "rating", 1, 0, 0},
	{"netvaerk", N_("Vurdering"), N_("Netværk"), N_("Din vurdering som bostøttemedarbejder."), "scale", "rating", 1, 0, 0},
	{"note", N_("Kontakt i perioden"), N_("Bemærkninger"), 0, "text", 0, 0, 0, 2000},
	{0, 0, 0, 0, 0, 0, 0, 0, 0},
};

static const InstrItemDef items_dialog[] = {
	{"hverdag", N_("Sådan går det"), N_("Din hverdag"), N_("Fx at stå op, handle, gøre rent og klare aftaler."), "scale", "mood", 1, 0, 0},
	{"oekonomi", N_("Sådan går det"), N_("Din økonomi"), N_("Fx at betale husleje og regninger og få pengene til at slå til."), "scale", "mood", 1, 0, 0},
	{"psykisk", N_("Sådan går det"), N_("Hvordan du har det psykisk"), 0, "scale", "mood", 1, 0, 0},
	{"fysisk", N_("Sådan går det"), N_("Dit fysiske helbred"), 0, "scale", "mood", 1, 0, 0},
	{"misbrug", N_("Sådan går det"), N_("Alkohol, hash og andre stoffer"), N_("5 betyder, at det ikke er et problem for dig."), "scale", "mood", 1, 0, 0},
	{"netvaerk", N_("Sådan går det"), N_("Familie, venner og andre, du kan regne med"), 0, "scale", "mood", 1, 0, 0},
	{"bolig", N_("Sådan går det"), N_("Der, hvor du bor"), 0, "scale", "mood", 1, 0, 0},
	{"uddannelse", N_("Sådan går det"), N_("Skole, uddannelse eller arbejde"), 0, "scale", "mood", 1, 0, 0},
	{"heard", N_("Sådan oplever du indsatsen"), N_("Jeg bliver hørt og er med til at bestemme"), 0, "scale", "agree", 1, 0, 0},
	{"overview", N_("Sådan oplever du indsatsen"), N_("Jeg har overblik over min egen sag"), 0, "scale", "agree", 1, 0, 0},
	{"fewer_meetings", N_("Sådan oplever du indsatsen"), N_("Jeg skal til færre møder og skal ikke fortælle min historie igen og igen"), 0,
	 "scale", "agree", 1, 0, 0},
	{"team_goals", N_("Sådan oplever du indsatsen"), N_("Mit team arbejder for mine mål"), 0, "scale", "agree", 1, 0, 0},
	{"wish", N_("Sådan oplever du indsatsen"), N_("Hvad er vigtigst for dig nu?"), N_("Skriv med dine egne ord. Du må springe over."), "text", 0, 0, 0, 2000},
	{0, 0, 0, 0, 0, 0, 0, 0, 0},
};

const InstrDef instruments[] = {
	{"individ_model", N_("Individindberetning og Samarbejdsmodel"), "coordinator", 3, items_model},
	{"individ_support", N_("Individindberetning og bostøtte"), "support", 3, items_support},
	{"dialog", N_("Dialogredskab"), "youth", 3, items_dialog},
	{0, 0, 0, 0, 0},
};

const InstrDef *instrument_def(const char *key)
{
	for (const InstrDef *d = instruments; d->key; d++)
		if (streq(d->key, key))
			return d;
	return NULL;
}

/* The definition as text, for its digest. */
static void def_text(Buf *b, const InstrDef *d)
{
	bprintf(b, "%h|%h|%h|%d\n", d->key, d->title, d->filled_by, d->months);
	for (const InstrItemDef *it = d->items; it->key; it++) {
		bprintf(b, "%h|%h|%h|%h|%h|%h|%d|%h|%d\n", it->key, it->section, it->label,
			it->hint ? it->hint : "", it->kind, it->scale ? it->scale : "", it->required,
			it->prefill ? it->prefill : "", it->max);
		const Choice *opt = it->scale ? instrument_scale(it->scale) : NULL;
		for (; opt && opt->key; opt++)
			bprintf(b, " %h=%h\n", opt->key, opt->label);
	}
}

static void def_digest(const InstrDef *d, char out[65])
{
	Buf b = {0};
	unsigned char h[32];
	def_text(&b, d);
	crypto_generichash(h, sizeof h, (const unsigned char *)b.p, b.n, NULL, 0);
	hex_encode(out, h, sizeof h);
	buf_free(&b);
}

int instrument_sync(Db *db)
{
	int added = 0;
	char stamp[21];
	time_iso_utc(stamp, now());
	db_begin(db);
	for (const InstrDef *d = instruments; d->key; d++) {
		char digest[65];
		def_digest(d, digest);
		char *cur = db_text(db, "SELECT digest FROM instrument WHERE key = ? ORDER BY version DESC LIMIT 1",
				    "t", d->key);
		int same = cur && streq(cur, digest);
		free(cur);
		if (same)
			continue;
		long long version = db_int(db, 0, "SELECT COALESCE(MAX(version), 0) + 1 FROM instrument WHERE key = ?",
					   "t", d->key);
		long long iid = db_int(db, 0,
				       "INSERT INTO instrument(key, version, title, filled_by, months, digest, created_at)"
				       " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
				       "tIttitt", d->key, version, d->title, d->filled_by,
				       d->months, digest, stamp);
		int pos = 0;
		for (const InstrItemDef *it = d->items; it->key; it++) {
			long long item = db_int(db, 0,
						"INSERT INTO instrument_item(instrument_id, position, key, section, label, hint,"
						" kind, scale, required, prefill, max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
						" RETURNING id",
						"Iittttttiti", iid, ++pos, it->key, it->section, it->label,
						it->hint ? it->hint : "", it->kind, it->scale ? it->scale : "",
						it->required, it->prefill ? it->prefill : "", it->max);
			const Choice *opt = it->scale ? instrument_scale(it->scale) : NULL;
			int opos = 0;
			for (; opt && opt->key; opt++)
				db_exec(db, "INSERT INTO instrument_option(item_id, position, value, label) VALUES (?, ?, ?, ?)",
					"Iitt", item, ++opos, opt->key, opt->label);
		}
		added++;
	}
	if (!db_commit(db))
		return -1;
	return added;
}

long long instrument_current(Db *db, const char *key)
{
	return db_int(db, 0, "SELECT id FROM instrument WHERE key = ? ORDER BY version DESC LIMIT 1", "t", key);
}

/* ---- the schedule ------------------------------------------------------- */

static int leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* For a valid date y-m-d: the date `add` months after it, as
 * date_add_months gives it (a day past the end of a shorter month is its
 * last day), and the day before that, as date_add_days(-1): from the date
 * read once, not parsed again for every period. */
static void months_after(int y, int m, int d, int add, char due[11], char before[11])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long total = (long)y * 12 + (m - 1) + add;
	int yy = (int)(total / 12), mm = (int)(total % 12) + 1;
	int last = mdays[mm - 1] + (mm == 2 && leap_year(yy));
	int dd = d > last ? last : d;
	format_ymd(due, yy, mm, dd);
	if (dd > 1) {
		format_ymd(before, yy, mm, dd - 1);
	} else {
		int py = mm == 1 ? yy - 1 : yy, pm = mm == 1 ? 12 : mm - 1;
		format_ymd(before, py, pm, mdays[pm - 1] + (pm == 2 && leap_year(py)));
	}
}

int instr_schedule(const char *start, const char *end, int months, InstrDue *out, int max)
{
	int n = 0;
	if (!start || !*start || months <= 0 || max <= 0)
		return 0;
	int ended = end && *end;
	if (ended && strcmp(end, start) < 0)
		return 0;
	/* a periodic measurement due after this is replaced by the final one */
	char last_cutoff[11] = "";
	if (ended)
		date_add_days(last_cutoff, end, -GRACE_DAYS);
	/* measurement 0: the situation at the start */
	memset(&out[n], 0, sizeof out[n]);
	str_copy(out[n].from, 11, start);
	str_copy(out[n].to, 11, start);
	str_copy(out[n].due, 11, start);
	n++;
	char prev[11];
	str_copy(prev, 11, start);
	int sy, sm, sd;
	int valid = !ymd_read(start, &sy, &sm, &sd) && date_valid(sy, sm, sd);
	for (int k = 1; n < max; k++) {
		char due[11], before[11];
		if (valid)
			months_after(sy, sm, sd, months * k, due, before);
		else
			due[0] = 0; /* as date_add_months of a date it cannot read */
		if (!due[0] || k > 1000)
			break;
		if (ended) {
			if (strcmp(due, last_cutoff) > 0)
				break; /* due too near or after the end: the final one replaces it */
		} else if (strcmp(due, "9999-12-31") >= 0) {
			break;
		}
		InstrDue *d = &out[n++];
		memset(d, 0, sizeof *d);
		d->no = k;
		str_copy(d->from, 11, prev);
		str_copy(d->to, 11, before);
		str_copy(d->due, 11, due);
		str_copy(prev, 11, due);
		if (!ended && n >= max)
			break;
	}
	if (ended && n < max) {
		InstrDue *d = &out[n];
		memset(d, 0, sizeof *d);
		d->no = out[n - 1].no + 1;
		d->final = 1;
		str_copy(d->from, 11, n == 1 ? start : prev);
		str_copy(d->to, 11, end);
		str_copy(d->due, 11, end);
		n++;
	}
	return n;
}

int due_state(const char *due, const char *today)
{
	char open[11], late[11];
	date_add_days(open, due, -OPEN_DAYS);
	date_add_days(late, due, GRACE_DAYS);
	if (strcmp(today, open) < 0)
		return DUE_LATER;
	if (strcmp(today, due) < 0)
		return DUE_SOON;
	if (strcmp(today, late) <= 0)
		return DUE_NOW;
	return DUE_LATE;
}

const char *due_state_label(int state)
{
	switch (state) {
	case DUE_SOON: return N_("Snart");
	case DUE_NOW: return N_("Skal udfyldes nu");
	case DUE_LATE: return N_("For sent");
	case DUE_DONE: return N_("Udfyldt");
	case DUE_DONE_LATE: return N_("Udfyldt for sent");
	default: return N_("Ikke endnu");
	}
}

void period_of(const char *date, int months, char from[11], char to[11])
{
	int y, m, d;
	from[0] = to[0] = 0;
	if (months <= 0 || 12 % months || ymd_read(date, &y, &m, &d) || !date_valid(y, m, d))
		return;
	int first = (m - 1) / months * months + 1;
	char next[11];
	format_ymd(from, y, first, 1);
	months_after(y, first, 1, months, next, to); /* the next period's first day and the day before */
}

/* The first day of the period (months: 3 a quarter, 6 a half year) of the
 * municipality's first course, as period_of gives it for the courses'
 * MIN(opened_on), when that period does not begin before `from` (a
 * period's first day); when a course was opened before `from`, the day
 * before `from` (the callers only compare it with the periods from `from`
 * on); "" when the municipality has no course.  The young people are
 * walked in the index with each one's first course (index only), and the
 * walk stops at the first course before `from`: in a municipality with
 * years of courses that is one of the first, where the MIN over the join
 * read all of them (about 23 M instructions on the national data set). */
void first_course_period(Db *db, long long municipality_id, int months, const char *from, char out[11])
{
	Stmt q;
	char first[11] = "", t[11];
	out[0] = 0;
	db_query(db, &q,
		 "SELECT (SELECT MIN(c.opened_on) FROM course c WHERE c.person_id = p.id)"
		 " FROM person p WHERE p.municipality_id = ?",
		 "I", municipality_id);
	while (db_step(&q)) {
		if (db_col_null(&q, 0))
			continue;
		const char *o = db_col_text(&q, 0);
		if (strcmp(o, from) < 0) {
			db_finalize(&q);
			date_add_days(out, from, -1);
			return;
		}
		if (!first[0] || strcmp(o, first) < 0)
			str_copy(first, sizeof first, o);
	}
	db_finalize(&q);
	if (first[0])
		period_of(first, months, out, t);
}

/* ---- the schedule of a course in the database --------------------------- */

/* The start and end the instrument's schedule runs from: the start in the
 * collaboration model (step 3) to its end (step 7 or the course closed)
 * for the coordinator's instruments; the support course for the support
 * worker's.  0 when nothing is scheduled. */
static int schedule_span(Db *db, long long course_id, const InstrDef *d, long long support_id,
			 char start[11], char end[11])
{
	start[0] = end[0] = 0;
	char *s = NULL, *e = NULL;
	if (streq(d->filled_by, "support")) {
		Stmt q;
		db_query(db, &q, "SELECT start_on, COALESCE(end_on, '') FROM support_course WHERE id = ? AND course_id = ?",
			 "II", support_id, course_id);
		if (db_step(&q)) {
			s = xstrdup(db_col_text(&q, 0));
			e = xstrdup(db_col_text(&q, 1));
		}
		db_finalize(&q);
	} else {
		CourseState cs;
		if (course_state_load(db, course_id, &cs) && cs.date[3][0]) { /* 1 when found */
			s = xstrdup(cs.date[3]);
			e = xstrdup(cs.date[7][0] ? cs.date[7] : cs.closed_on);
		}
	}
	int ok = s && *s;
	if (ok) {
		snprintf(start, 11, "%s", s);
		snprintf(end, 11, "%s", e ? e : "");
	}
	free(s);
	free(e);
	return ok;
}


/* The states of the n periods in out with the measurements made (in period
 * order), up to the first one not yet open: how many are kept. */
static int states_of(InstrDue *out, int n, const InstrMade *made, int nmade, const char *today)
{
	int kept = 0, m = 0;
	for (int i = 0; i < n; i++) {
		InstrDue *x = &out[i];
		x->measurement_id = 0;
		x->filled_on[0] = 0;
		while (m < nmade && made[m].no < x->no)
			m++;
		if (m < nmade && made[m].no == x->no) {
			x->measurement_id = made[m].id;
			str_copy(x->filled_on, 11, made[m].filled_on);
		}
		if (x->measurement_id) {
			char late[11];
			date_add_days(late, x->due, GRACE_DAYS);
			x->state = strcmp(x->filled_on, late) > 0 ? DUE_DONE_LATE : DUE_DONE;
		} else {
			x->state = due_state(x->due, today);
			if (x->state == DUE_LATER)
				break; /* not yet open: neither this nor any later one */
		}
		kept = i + 1;
	}
	return kept;
}

/* The schedule from start to end with the measurements made (in period
 * order) and their states, up to the first one not yet open.  An open
 * course's schedule runs for up to max periods, most of them years ahead:
 * those up to today are computed first and more only when every one was
 * kept (instr_schedule with a smaller max gives the same first periods). */
static int schedule_states(const InstrDef *d, const char *start, const char *end, const InstrMade *made, int nmade,
			   const char *today, InstrDue *out, int max)
{
	/* first as many periods as are due by today and two more (most
	 * schedules stop at the first one not yet open, just after today) */
	int first = 16, sy, sm, sd, ty, tm, td;
	if (d->months > 0 && !ymd_read(start, &sy, &sm, &sd) && !ymd_read(today, &ty, &tm, &td)) {
		int months = (ty - sy) * 12 + (tm - sm) + 1;
		first = (months > 0 ? months / d->months : 0) + 3;
	}
	for (int lim = max < first ? max : first;; lim = lim < max / 2 ? lim * 2 : max) {
		int n = instr_schedule(start, end, d->months, out, lim);
		int kept = states_of(out, n, made, nmade, today);
		if (kept < n || n < lim || lim >= max)
			return kept;
	}
}

static void made_add(InstrMade **made, int *n, int *cap, Stmt *q, int col)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*made = xrealloc(*made, (size_t)*cap * sizeof **made);
	}
	InstrMade *m = &(*made)[(*n)++];
	m->no = (int)db_col_int(q, col);
	m->id = db_col_int(q, col + 1);
	snprintf(m->filled_on, sizeof m->filled_on, "%s", db_col_text(q, col + 2));
}

/* The schedule from a span read with the course (the start in the model,
 * step 3, to step 7 or the course closed; the support course's start and
 * end for the support instrument) and the measurements made in period
 * order, as measure_schedule gives it: for lists that read the spans and
 * measurements of many courses in one statement each. */
int measure_schedule_of(const char *key, const char *start, const char *end, const InstrMade *made, int nmade,
			const char *today, InstrDue *out, int max)
{
	const InstrDef *d = instrument_def(key);
	if (!d || !start || !*start)
		return 0;
	return schedule_states(d, start, end ? end : "", made, nmade, today, out, max);
}

int measure_schedule(Db *db, long long course_id, const char *key, long long support_id, const char *today,
		     InstrDue *out, int max)
{
	const InstrDef *d = instrument_def(key);
	char start[11], end[11];
	if (!d || !schedule_span(db, course_id, d, support_id, start, end))
		return 0;
	/* the measurements made, in one statement, in period order */
	InstrMade *made = NULL;
	int nmade = 0, cap = 0;
	Stmt q;
	db_query(db, &q,
		 "SELECT period_no, id, filled_on FROM measurement WHERE instrument_key = ? AND course_id = ?"
		 " AND support_id = ? ORDER BY period_no",
		 "tII", key, course_id, support_id);
	while (db_step(&q))
		made_add(&made, &nmade, &cap, &q, 0);
	db_finalize(&q);
	int kept = schedule_states(d, start, end, made, nmade, today, out, max);
	free(made);
	return kept;
}

/* Every schedule of one instrument in a municipality whose course (for the
 * support instrument: support course) overlaps from..to, as
 * measure_schedule would give each: two statements in all, the spans and
 * the measurements made, merged in C in course order.  fn is called once
 * per course with its schedule. */
void measure_schedules(Db *db, long long municipality_id, const char *key, const char *from, const char *to,
		       const char *today, void (*fn)(void *arg, const InstrDue *due, int n), void *arg)
{
	const InstrDef *d = instrument_def(key);
	if (!d)
		return;
	int support = streq(d->filled_by, "support");
	Stmt spans, mq;
	if (support) {
		db_query(db, &spans,
			 "SELECT s.course_id, s.id, s.start_on, COALESCE(s.end_on, '') FROM support_course s"
			 " JOIN course c ON c.id = s.course_id JOIN person p ON p.id = c.person_id"
			 " WHERE p.municipality_id = ? AND s.start_on <= ? AND (s.end_on IS NULL OR s.end_on >= ?)"
			 " ORDER BY s.course_id, s.id",
			 "Itt", municipality_id, to, from);
		/* CROSS JOIN: from the municipality's young people to their
		 * measurements, not through every measurement of the country */
		db_query(db, &mq,
			 "SELECT m.course_id, m.support_id, m.period_no, m.id, m.filled_on FROM person p"
			 " CROSS JOIN course c CROSS JOIN support_course s CROSS JOIN measurement m"
			 " WHERE c.person_id = p.id AND s.course_id = c.id AND m.course_id = c.id AND m.support_id = s.id"
			 " AND m.instrument_key = ? AND p.municipality_id = ? AND s.start_on <= ?"
			 " AND (s.end_on IS NULL OR s.end_on >= ?) ORDER BY m.course_id, m.support_id, m.period_no",
			 "tItt", key, municipality_id, to, from);
	} else {
		/* the span: the start in the model (step 3) to its end (step 7,
		 * else the course closed), as schedule_span */
		db_query(db, &spans,
			 "SELECT c.id, 0,"
			 " COALESCE((SELECT MIN(e.on_date) FROM course_event e WHERE e.course_id = c.id AND e.step = 3), ''),"
			 " COALESCE((SELECT MIN(e.on_date) FROM course_event e WHERE e.course_id = c.id AND e.step = 7),"
			 " c.closed_on, '')"
			 " FROM course c JOIN person p ON p.id = c.person_id"
			 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?)"
			 " ORDER BY c.id",
			 "Itt", municipality_id, to, from);
		db_query(db, &mq,
			 "SELECT m.course_id, m.support_id, m.period_no, m.id, m.filled_on FROM person p"
			 " CROSS JOIN course c CROSS JOIN measurement m"
			 " WHERE c.person_id = p.id AND m.course_id = c.id"
			 " AND m.instrument_key = ? AND p.municipality_id = ? AND c.opened_on <= ?"
			 " AND (c.closed_on IS NULL OR c.closed_on >= ?) ORDER BY m.course_id, m.support_id, m.period_no",
			 "tItt", key, municipality_id, to, from);
	}
	enum { MAXDUE = 64 };
	InstrDue *due = xcalloc(MAXDUE, sizeof *due);
	InstrMade *made = NULL;
	int cap = 0;
	int have = db_step(&mq);
	while (db_step(&spans)) {
		long long course = db_col_int(&spans, 0), sid = db_col_int(&spans, 1);
		int nmade = 0;
		/* the measurements are in the same order: skip those of courses
		 * without a span, keep this course's */
		while (have && (db_col_int(&mq, 0) < course ||
				(db_col_int(&mq, 0) == course && db_col_int(&mq, 1) < sid)))
			have = db_step(&mq);
		while (have && db_col_int(&mq, 0) == course && db_col_int(&mq, 1) == sid) {
			made_add(&made, &nmade, &cap, &mq, 2);
			have = db_step(&mq);
		}
		const char *start = db_col_text(&spans, 2);
		if (!*start)
			continue; /* not started in the model: nothing scheduled */
		int k = schedule_states(d, start, db_col_text(&spans, 3), made, nmade, today, due, MAXDUE);
		fn(arg, due, k);
	}
	db_finalize(&spans);
	db_finalize(&mq);
	free(made);
	free(due);
}

int measure_responsible(Db *db, long long course_id, const char *key, long long support_id, long long user_id)
{
	const InstrDef *d = instrument_def(key);
	if (!d || !user_id)
		return 0;
	if (streq(d->filled_by, "support")) {
		char today[11];
		today_copenhagen(today);
		if (db_int(db, 0,
			   "SELECT COUNT(*) FROM support_worker w JOIN support_course s ON s.id = w.support_id"
			   " WHERE w.support_id = ? AND s.course_id = ? AND w.user_id = ?"
			   " AND (w.to_on IS NULL OR w.to_on >= ?) AND w.from_on <= ?",
			   "IIItt", support_id, course_id, user_id, today, today) > 0)
			return 1;
		/* after the support has ended the workers' assignments have
		 * ended too: the young person's coordinator does what is left
		 * (the final measurement) */
		return db_int(db, 0,
			      "SELECT COUNT(*) FROM support_course s JOIN course c ON c.id = s.course_id"
			      " JOIN person p ON p.id = c.person_id"
			      " WHERE s.id = ? AND s.course_id = ? AND s.end_on IS NOT NULL AND s.end_on < ?"
			      " AND p.coordinator_id = ?",
			      "IItI", support_id, course_id, today, user_id) > 0;
	}
	return db_int(db, 0,
		      "SELECT COUNT(*) FROM course c JOIN person p ON p.id = c.person_id"
		      " WHERE c.id = ? AND p.coordinator_id = ?",
		      "II", course_id, user_id) > 0;
}

typedef struct CompletenessArg {
	const char *from, *to;
	Completeness *out;
} CompletenessArg;

static void completeness_add(void *arg, const InstrDue *due, int k)
{
	CompletenessArg *a = arg;
	for (int j = 0; j < k; j++) {
		if (strcmp(due[j].due, a->from) < 0 || strcmp(due[j].due, a->to) > 0)
			continue;
		if (due[j].state == DUE_SOON)
			continue;
		a->out->due++;
		if (due[j].state == DUE_DONE)
			a->out->on_time++;
		else if (due[j].state == DUE_DONE_LATE)
			a->out->late++;
		else if (due[j].state == DUE_LATE)
			a->out->missing++;
		else
			a->out->open++;
	}
}

void measure_completeness(Db *db, long long municipality_id, const char *key, const char *from, const char *to,
			  const char *today, Completeness *out)
{
	memset(out, 0, sizeof *out);
	CompletenessArg a = {from, to, out};
	measure_schedules(db, municipality_id, key, from, to, today, completeness_add, &a);
}

/* ---- the worklist ------------------------------------------------------- */

void todo_table_begin(Req *r, const char *caption)
{
	hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption>%h</caption>"
	      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
	   caption, _("Opgave"), _("Ung"), _("Periode"), _("Frist"), _("Status"));
}

void todo_row(Req *r, const char *task, const char *who, const char *from, const char *to, const char *due,
	      int state, const char *href)
{
	char f[11], t[11], d[11];
	date_format_dk(f, from);
	date_format_dk(t, to);
	date_format_dk(d, due);
	hp(r, "<tr><td data-title=\"%a\"><a href=\"%a\">%h</a></td><td data-title=\"%a\">%h</td>", _("Opgave"),
	   href, task, _("Ung"), who && *who ? who : "–");
	if (streq(from, to))
		hp(r, "<td data-title=\"%a\">%h</td>", _("Periode"), f);
	else
		hp(r, "<td data-title=\"%a\">%h–%h</td>", _("Periode"), f, t);
	hp(r, "<td data-title=\"%a\">%h</td><td data-title=\"%a\">", _("Frist"), d, _("Status"));
	if (state == DUE_LATE)
		hp(r, "<strong class=\"text-error\">%h</strong>", tr(r->lang, due_state_label(state)));
	else
		hp(r, "%h", tr(r->lang, due_state_label(state)));
	hp(r, "</td></tr>");
}

void todo_table_end(Req *r)
{
	hp(r, "</tbody></table>");
}

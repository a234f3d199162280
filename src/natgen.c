/* natgen.c: the national-scale data set (issue 7, part 1).
 *
 * `hjemvej demo --scale national [--seed S] [--people N]` makes 98
 * municipalities and N young people (100,000 by default) with courses
 * spread over the last ten years: every step, combination, target group
 * and housing support method, with referrals, allocations, teams and
 * consent, network mappings and meetings, goals and agreements, homes,
 * support courses with their workers, contacts, the quarterly instruments
 * (answers drawn from the version in the database) and the staff's
 * quarterly time registrations.  Users for every role in every
 * municipality, as many coordinators and support workers as the open
 * courses need so that caseloads sit near the guide (20) and the caps
 * (CTI 10, ICM 8).  Most courses are closed, those of the last year or two
 * mostly open.
 *
 * Reproducible: one xorshift generator seeded from S, consumed in a fixed
 * order; the ids are counted here (explicit INTEGER PRIMARY KEYs), so the
 * same seed and the same day give the same rows.  Speed: one transaction,
 * the statements reused from db.c's cache, dates as day numbers with the
 * text made once, and db_bulk_begin/db_bulk_end around the load (no
 * journal, the non-unique indexes built after it).  All users share one
 * password, hashed once. */
#include "hjemvej.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- randomness and dates ----------------------------------------------------- */

static unsigned long long ng_s;

static unsigned R(unsigned n)
{
	ng_s ^= ng_s << 13;
	ng_s ^= ng_s >> 7;
	ng_s ^= ng_s << 17;
	return n ? (unsigned)((ng_s * 0x2545F4914F6CDD1Dull >> 33) % n) : 0;
}

#define YEARS_DAYS 3652
#define NDAYS (YEARS_DAYS + 2000)
#define NONE (-1)

static char (*dstr)[11]; /* day number -> "YYYY-MM-DD" */
static char base_day[11];
static int today_n;

static const char *D(int d)
{
	if (d < 0)
		d = 0;
	if (d >= NDAYS)
		d = NDAYS - 1;
	return dstr[d];
}

static int day_of(const char *iso)
{
	return (int)days_between(base_day, iso);
}

/* "YYYY-MM-DDTHH:MM:SSZ" of a day, in one of a few rotating buffers */
static const char *TS(int d, int hour)
{
	static char b[8][21];
	static int k;
	char *p = b[k++ & 7];
	snprintf(p, 21, "%sT%02d:%02d:00Z", D(d), hour % 24, (d * 7 + hour) % 60);
	return p;
}

/* ---- counting rows -------------------------------------------------------------- */

enum {
	T_MUNI, T_USERS, T_PERSON, T_COURSE, T_EVENT, T_REFERRAL, T_RISK, T_ALLOC, T_START, T_HOMEFOUND,
	T_END, T_TEAM, T_CONSENT, T_CKIND, T_CACTOR, T_CMEMBER, T_MAP, T_NPERSON, T_MEETING, T_MPART,
	T_MCHECK, T_GOAL, T_AGREE, T_FOLLOW, T_SUPPORT, T_WORKER, T_SCHECK, T_CONTACT, T_CDOMAIN, T_HOME,
	T_HSUPPORT, T_MEAS, T_ANSWER, T_TIMEREG, T_HOURS, T_N
};
static const char *const tname[T_N] = {
	"municipality", "users", "person", "course", "course_event", "referral", "referral_risk", "allocation",
	"start_check", "home_found", "course_end", "team_member", "consent", "consent_kind", "consent_actor",
	"consent_member", "network_map", "network_person", "meeting", "meeting_participant", "meeting_check",
	"goal", "agreement", "agreement_followup", "support_course", "support_worker", "support_check",
	"contact", "contact_domain", "home", "home_support", "measurement", "measurement_answer",
	"time_registration", "time_hours",
};
static long long rows[T_N]; /* rows written; also the last id given */
static long long lineage;   /* network_person.lineage */

/* ---- the instruments, from the database ------------------------------------- */

typedef struct NItem {
	long long id;
	char key[32], kind[16];
	int max, nopt;
	char opt[16][24];
} NItem;

typedef struct NInstr {
	long long id;
	const char *key;
	int n;
	NItem it[40];
} NInstr;

static int instr_load_ng(Db *db, const char *key, NInstr *in)
{
	memset(in, 0, sizeof *in);
	in->key = key;
	in->id = instrument_current(db, key);
	if (!in->id)
		return -1;
	Stmt q;
	db_query(db, &q, "SELECT id, key, kind, max FROM instrument_item WHERE instrument_id = ? ORDER BY position",
		 "I", in->id);
	while (db_step(&q) && in->n < 40) {
		NItem *it = &in->it[in->n++];
		it->id = db_col_int(&q, 0);
		snprintf(it->key, sizeof it->key, "%s", db_col_text(&q, 1));
		snprintf(it->kind, sizeof it->kind, "%s", db_col_text(&q, 2));
		it->max = (int)db_col_int(&q, 3);
	}
	db_finalize(&q);
	for (int i = 0; i < in->n; i++) {
		NItem *it = &in->it[i];
		db_query(db, &q, "SELECT value FROM instrument_option WHERE item_id = ? ORDER BY position", "I", it->id);
		while (db_step(&q) && it->nopt < 16)
			snprintf(it->opt[it->nopt++], sizeof it->opt[0], "%s", db_col_text(&q, 0));
		db_finalize(&q);
	}
	return in->n ? 0 : -1;
}

static int has_opt(const NItem *it, const char *v)
{
	for (int k = 0; k < it->nopt; k++)
		if (streq(it->opt[k], v))
			return 1;
	return 0;
}

/* ---- catalogs ------------------------------------------------------------------- */

static const char *const munis[98] = {
	"København", "Frederiksberg", "Albertslund", "Allerød", "Ballerup", "Brøndby", "Dragør", "Egedal",
	"Fredensborg", "Frederikssund", "Furesø", "Gentofte", "Gladsaxe", "Glostrup", "Gribskov", "Halsnæs",
	"Helsingør", "Herlev", "Hillerød", "Hvidovre", "Høje-Taastrup", "Hørsholm", "Ishøj", "Lyngby-Taarbæk",
	"Rudersdal", "Rødovre", "Tårnby", "Vallensbæk", "Bornholm", "Christiansø", "Faxe", "Greve", "Guldborgsund",
	"Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland", "Næstved", "Odsherred", "Ringsted", "Roskilde",
	"Slagelse", "Solrød", "Sorø", "Stevns", "Vordingborg", "Assens", "Billund", "Esbjerg", "Fanø",
	"Fredericia", "Faaborg-Midtfyn", "Haderslev", "Kerteminde", "Kolding", "Langeland", "Middelfart",
	"Nordfyn", "Nyborg", "Odense", "Svendborg", "Sønderborg", "Tønder", "Varde", "Vejen", "Vejle", "Ærø",
	"Aabenraa", "Favrskov", "Hedensted", "Herning", "Holstebro", "Horsens", "Ikast-Brande", "Lemvig",
	"Norddjurs", "Odder", "Randers", "Ringkøbing-Skjern", "Samsø", "Silkeborg", "Skanderborg", "Skive",
	"Struer", "Syddjurs", "Viborg", "Aarhus", "Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt",
	"Læsø", "Mariagerfjord", "Morsø", "Rebild", "Thisted", "Aalborg",
};
/* relative sizes: the four big cities, then the rest */
static int muni_weight(int m)
{
	const char *n = munis[m];
	if (streq(n, "København"))
		return 60;
	if (streq(n, "Aarhus"))
		return 34;
	if (streq(n, "Odense") || streq(n, "Aalborg"))
		return 20;
	if (streq(n, "Christiansø") || streq(n, "Læsø") || streq(n, "Samsø") || streq(n, "Fanø") || streq(n, "Ærø"))
		return 1;
	return 4 + (int)(m * 7 % 9);
}

static const char *const first[] = {
	"Asta", "Bjørk", "Carl", "Dagmar", "Elias", "Frida", "Gustav", "Halfdan", "Ida", "Johan", "Karla", "Lauge",
	"Malou", "Nohr", "Olivia", "Palle", "Ronja", "Sigurd", "Tilde", "Ulrik", "Vilma", "William", "Yrsa",
	"Zakarias", "Ahmad", "Leyla", "Mikkel", "Sofie", "Noah", "Emma", "Oscar", "Freja", "Lucas", "Alma",
};
static const char *const last[] = {
	"Agerholm", "Bækgaard", "Christoffersen", "Damsgaard", "Egeskov", "Fjordside", "Grønbech", "Hjortshøj",
	"Ibsgaard", "Juulsager", "Kløvedal", "Lyngholt", "Mølbjerg", "Nørrelund", "Østerby", "Pilgaard",
	"Rævsager", "Skovbæk", "Tranemose", "Uglebjerg", "Vestergård", "Hansen", "Nielsen", "Jensen",
};
#define NF (sizeof first / sizeof first[0])
#define NL (sizeof last / sizeof last[0])

static const char *const reasons[] = {
	"Bor på herberg efter brud med familien. Har brug for hjælp til bolig og økonomi.",
	"Sofasurfer hos venner. Har afbrudt uddannelse og har gæld.",
	"Udskrives fra behandling om tre uger uden et sted at bo.",
	"Huslejerestance; udsat for udsættelse. Sagsbehandler i jobcentret henviser.",
	"Tidligere anbragt; efterværn ophører. Svagt netværk.",
	"Sover skiftevis på gaden og i natvarmestue. Kontakt via gadeplan.",
};
static const char *const needs_texts[] = {
	"Har brug for en bolig, hjælp til økonomien og kontakt til misbrugsbehandling.",
	"Har brug for støtte til at fastholde boligen og komme i gang med uddannelse.",
	"Har brug for hjælp til at flytte ind og skabe en hverdag i egen bolig.",
	"Har brug for koordinering mellem jobcenter, psykiatri og UU.",
};
static const char *const comb_keys[3] = {"model", "model_cti", "model_icm"};

/* ---- the plan of one young person ----------------------------------------------- */

typedef struct Plan {
	int d[8];   /* day of step 1..7, NONE if not reached */
	int found;  /* home found, NONE */
	int closed; /* course closed or declined, NONE while open */
	int lost;   /* the home lost, NONE */
	char homeless, comb, method, declined, athome;
	long long coord, worker;
} Plan;

static int open_support(const Plan *p)
{
	return p->d[4] != NONE && p->d[6] == NONE && p->closed == NONE;
}

static void plan_make(Plan *p)
{
	memset(p, 0, sizeof *p);
	for (int k = 0; k < 8; k++)
		p->d[k] = NONE;
	p->found = p->closed = p->lost = NONE;
	int t = today_n, opened = t - 5 - (int)R(YEARS_DAYS - 5);
	p->homeless = R(100) < 60;
	p->athome = R(2);
	p->comb = p->homeless ? (R(100) < 55 ? 1 : 2) : (R(100) < 60 ? 0 : 1);
	p->method = p->comb == 1 ? METHOD_CTI : p->comb == 2 ? (R(4) ? METHOD_ICM : METHOD_ACT) : METHOD_NONE;
	int ev[8], found = NONE;
	for (int k = 0; k < 8; k++)
		ev[k] = NONE;
	ev[1] = opened;
	ev[2] = ev[1] + 3 + (int)R(14);
	ev[3] = ev[2] + 3 + (int)R(14);
	if (R(100) < 6) { /* declined before the start in the model */
		int at = R(2) ? 1 : 2;
		for (int k = 1; k <= at; k++)
			if (ev[k] <= t)
				p->d[k] = ev[k];
		int c = ev[at] + 1 + (int)R(10);
		if (ev[at] <= t) {
			p->closed = c > t ? t : c;
			p->declined = 1;
		}
		return;
	}
	if (p->comb == 0) {
		ev[7] = ev[3] + 180 + (int)R(540);
	} else if (p->comb == 1) {
		found = ev[3] + 3 + (int)R(28);
		ev[4] = found + 3 + (int)R(12);
		if (p->homeless)
			ev[5] = ev[4] + 5 + (int)R(35);
		CtiPhases ph;
		cti_phases(D(ev[4]), &ph);
		ev[6] = day_of(ph.last_day);
		ev[7] = ev[6] + 14 + (int)R(100);
	} else {
		ev[4] = ev[3] + 3 + (int)R(14);
		found = ev[4] + 14 + (int)R(100);
		ev[5] = found + 5 + (int)R(25);
		ev[6] = ev[4] + 180 + (int)R(360);
		ev[7] = ev[6] + 14 + (int)R(80);
	}
	/* the events in their order, cut at today */
	for (int k = 1; k <= 7; k++) {
		if (ev[k] == NONE)
			continue;
		if (k == 4 && found != NONE && found <= t)
			p->found = found;
		if (ev[k] > t)
			break;
		if (k == 4 && p->found == NONE)
			break;
		p->d[k] = ev[k];
	}
	if (p->comb == 2 && found != NONE && found <= t && p->d[4] != NONE)
		p->found = found;
	if (p->comb == 2 && p->found == NONE)
		p->d[5] = NONE;
	if (p->d[7] != NONE)
		p->closed = p->d[7];
	if (p->d[5] != NONE && R(12) == 0) {
		int l = p->d[5] + 30 + (int)R(300);
		if (l <= t && (p->closed == NONE || l < p->closed))
			p->lost = l;
	}
}

/* ---- one course's rows ---------------------------------------------------------- */

typedef struct Course {
	long long id, person, sid;
	long long members[8];
	int nmembers;
	int mday[128], mheld[128], myoung[128], nmeet;
	int cday[1024], cmin[1024], ncontact;
	int base, trend;
} Course;

static const char *password_hash_all;

static void ins_team(Db *db, Course *c, const char *actor, const char *name, const char *role, long long user,
		     int from, int to, long long by)
{
	long long id = ++rows[T_TEAM];
	db_exec(db,
		"INSERT INTO team_member(id, course_id, actor, name, contact, team_role, user_id, from_date, to_date,"
		" created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
		"IIttttJttJt", id, c->id, actor, name, "tlf. 70 20 30 40", role, user, D(from),
		to == NONE ? NULL : D(to), by, TS(from, 10));
	if (c->nmembers < 8)
		c->members[c->nmembers++] = id;
}

static void gen_team(Db *db, Course *c, const Plan *p, long long fagperson, int i)
{
	static const char *const roles[] = {"Kontaktperson for uddannelse", "Sagsbehandler for ydelser", "Behandler",
					    "Kontaktperson i jobcentret", "Støtte til økonomi og gæld"};
	static const char *const pick[] = {"jobcenter", "misbrug", "ydelse", "socialpsykiatri", "regionspsykiatri",
					   "kriminalforsorg", "boligforening"};
	const char *acts[8];
	int na = 0, from = p->d[3], to = p->closed;
	int n = 2 + (int)R(2);
	for (int k = 0; k < n; k++) {
		char name[96];
		if (k == 0 && i % 3 == 0) {
			ins_team(db, c, "uu", "Frede Fagperson", roles[0], fagperson, from, to, p->coord);
			acts[na++] = "uu";
			continue;
		}
		const char *a = pick[R(7)];
		snprintf(name, sizeof name, "%s %s", first[R(NF)], last[R(NL)]);
		ins_team(db, c, a, name, roles[R(5)], 0, from, to, p->coord);
		acts[na++] = a;
	}
	/* the consent */
	int expires = p->closed == NONE ? today_n + 30 + (int)R(330) : from + 365;
	long long cid = ++rows[T_CONSENT];
	db_exec(db,
		"INSERT INTO consent(id, course_id, purpose, given_on, how, note, expires_on, created_by, created_at)"
		" VALUES (?,?,?,?,?,?,?,?,?)",
		"IItttttJt", cid, c->id,
		"Samarbejde i det tværfaglige team om bolig, uddannelse og økonomi.", D(from), i % 4 ? "signed" : "oral",
		"", D(expires), p->coord, TS(from, 11));
	for (int k = 0; consent_kinds[k].key; k++)
		if (k == 3 || R(3) == 0) {
			rows[T_CKIND]++;
			db_exec(db, "INSERT INTO consent_kind(consent_id, kind) VALUES (?,?)", "It", cid, consent_kinds[k].key);
		}
	for (int k = 0; k < na; k++) {
		int dup = 0;
		for (int j = 0; j < k; j++)
			dup |= streq(acts[j], acts[k]);
		if (dup)
			continue;
		rows[T_CACTOR]++;
		db_exec(db, "INSERT INTO consent_actor(consent_id, actor) VALUES (?,?)", "It", cid, acts[k]);
	}
}

static void gen_goals(Db *db, const Course *c, const Plan *p)
{
	const DemoGoal *goals = demo_goal_catalog;
	const char *const *who = demo_goal_who, *const *later = demo_goal_later;
	int n = 1 + (int)R(3), used = 0;
	for (int g = 0; g < n; g++) {
		int k = (int)R(N_DEMO_GOALS);
		while (used & (1 << k))
			k = (k + 1) % N_DEMO_GOALS;
		used |= 1 << k;
		int set = p->d[3] + (int)R(20);
		if (set > today_n)
			set = today_n;
		const char *status = "active";
		int status_on = set;
		if (p->closed != NONE) {
			unsigned x = R(10);
			status = x < 6 ? "reached" : x < 8 ? "dropped" : "active";
			if (x < 8)
				status_on = p->closed;
		}
		long long gid = ++rows[T_GOAL];
		db_exec(db,
			"INSERT INTO goal(id, course_id, domain, text, status, set_on, status_on, created_by, created_at)"
			" VALUES (?,?,?,?,?,?,?,?,?)",
			"IItttttJt", gid, c->id, goals[k].domain, goals[k].text, status, D(set), D(status_on), p->coord,
			TS(set, 12));
		int na = 2 + (int)R(2);
		for (int a = 0; a < na; a++) {
			int deadline = set + 14 + (int)R(60);
			int past = deadline < today_n;
			const char *st = past && R(6) ? later[R(4)] : "agreed";
			long long aid = ++rows[T_AGREE];
			db_exec(db,
				"INSERT INTO agreement(id, goal_id, what, responsible, deadline, status, agreed_on, created_by,"
				" created_at) VALUES (?,?,?,?,?,?,?,?,?)",
				"IItttttJt", aid, gid, goals[k].what[a], who[R(4)], D(deadline), st, D(set), p->coord,
				TS(set, 12));
			if (!streq(st, "agreed")) {
				rows[T_FOLLOW]++;
				db_exec(db,
					"INSERT INTO agreement_followup(id, agreement_id, on_date, status, note, created_by,"
					" created_at) VALUES (?,?,?,?,?,?,?)",
					"IItttJt", rows[T_FOLLOW], aid, D(deadline), st, "Fulgt op på netværksmødet.", p->coord,
					TS(deadline, 13));
			}
		}
	}
}

static void gen_network(Db *db, const Course *c, const Plan *p)
{
	static const struct {
		const char *name, *relation;
	} cast[] = {
		{"Mor", "family"}, {"Far", "family"}, {"Mormor", "family"}, {"Storebror", "family"},
		{"Lillesøster", "family"}, {"Kæresten", "partner"}, {"Ven fra skolen", "friend"},
		{"Bedste ven", "friend"}, {"Sagsbehandler", "professional"}, {"UU-vejleder", "professional"},
		{"Naboen", "other"}, {"Træner i klubben", "other"},
	};
	static const char *const helps[] = {"", "", "Lån af penge", "Et sted at sove", "Følge til møder", "Samtaler"};
	int in[12] = {0}, cl[12], va[12], fq[12];
	long long lin[12];
	int n = 4 + (int)R(5);
	for (int k = 0; k < n;) {
		int x = (int)R(12);
		if (in[x])
			continue;
		in[x] = 1, k++;
		cl[x] = (int)R(3), va[x] = R(5) < 3 ? 0 : (int)R(3), fq[x] = (int)R(5), lin[x] = ++lineage;
	}
	int end = p->closed == NONE ? today_n : p->closed;
	int versions = end - p->d[3] > 120 && R(2) ? 2 : 1;
	for (int v = 0; v < versions; v++) {
		int on = p->d[3] + (end - p->d[3]) * v / versions + (int)R(3);
		if (on > today_n)
			on = today_n;
		if (v) {
			int x = (int)R(12);
			if (in[x])
				cl[x] = (int)R(3), va[x] = (int)R(3);
		}
		long long map = ++rows[T_MAP];
		db_exec(db,
			"INSERT INTO network_map(id, course_id, mapped_on, note, created_by, created_at) VALUES (?,?,?,?,?,?)",
			"IIttJt", map, c->id, D(on), v ? "" : "Lavet sammen med den unge ved opstarten.", p->coord, TS(on, 14));
		int pos = 0;
		for (int x = 0; x < 12; x++) {
			if (!in[x])
				continue;
			rows[T_NPERSON]++;
			db_exec(db,
				"INSERT INTO network_person(id, map_id, lineage, position, name, relation, closeness, valence,"
				" frequency, can_help) VALUES (?,?,?,?,?,?,?,?,?,?)",
				"IIIitttttt", rows[T_NPERSON], map, lin[x], pos++, cast[x].name, cast[x].relation,
				net_closeness[cl[x]].key, net_valence[va[x]].key, net_frequency[fq[x]].key, helps[R(6)]);
		}
	}
}

static void gen_meetings(Db *db, Course *c, const Plan *p, unsigned seed)
{
	static const char *const places[] = {"Jobcentret, mødelokale 2", "Den unges bolig", "Ungecaféen, Søndergade 12",
					     "Rådhuset, lokale 114", "Herberget, samtalerummet"};
	static const char *const times[][2] = {{"09:00", "10:30"}, {"10:00", "11:00"}, {"13:00", "14:30"},
					       {"14:00", "15:00"}};
	static const char *const minutes[] = {
		"Vi gennemgik aftalerne fra sidst. Boligansøgningen er sendt.",
		"Den unge fortalte om sin uge. Vi talte om økonomi og budget.",
		"Gennemgang af mål om bolig og netværk.",
		"Status på behandling og bostøtte. Næste skridt aftalt.",
	};
	int stop = p->closed == NONE ? today_n : p->closed;
	int d = p->d[3] + 10 + (int)R(20);
	c->nmeet = 0;
	for (int k = 0; c->nmeet < 128; k++) {
		int past = d < stop;
		if (!past && p->closed != NONE)
			break;
		if (!past)
			d = today_n + 7 + (int)R(40);
		int next = d + 60 + (int)R(60);
		long long mid = ++rows[T_MEETING];
		char uid[64];
		snprintf(uid, sizeof uid, "ng-%u-%lld@hjemvej", seed, mid);
		unsigned tm = R(4);
		int young = R(5) != 0;
		if (past)
			db_exec(db,
				"INSERT INTO meeting(id, course_id, on_date, start_time, end_time, place, young_invited,"
				" young_points, uid, held, young_present, minutes, next_date, held_by, held_at, created_by,"
				" created_at, updated_at) VALUES (?,?,?,?,?,?,1,?,?,1,?,?,?,?,?,?,?,?)",
				"IIttttttittJtJtt", mid, c->id, D(d), times[tm][0], times[tm][1], places[R(5)],
				R(2) ? "Min bolig, og hvad der skal ske med den." : "", uid, young,
				young ? minutes[R(4)] : "Den unge kom ikke i dag. Koordinatoren ringer i morgen.", D(next),
				p->coord, TS(d, 15), p->coord, TS(d - 14, 9), TS(d, 15));
		else
			db_exec(db,
				"INSERT INTO meeting(id, course_id, on_date, start_time, end_time, place, young_invited,"
				" young_points, uid, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,1,?,?,?,?,?)",
				"IIttttttJtt", mid, c->id, D(d), times[tm][0], times[tm][1], places[R(5)], "", uid,
				p->coord, TS(today_n, 9), TS(today_n, 9));
		c->mday[c->nmeet] = d, c->mheld[c->nmeet] = past, c->myoung[c->nmeet] = past && young;
		c->nmeet++;
		int nm = c->nmembers < 3 ? c->nmembers : 3;
		for (int j = 0; j < nm; j++) {
			rows[T_MPART]++;
			if (past)
				db_exec(db,
					"INSERT INTO meeting_participant(id, meeting_id, team_member_id, name, relation, present)"
					" SELECT ?, ?, id, name, '', ? FROM team_member WHERE id = ?",
					"IIiI", rows[T_MPART], mid, j == 0 && R(3) == 0 ? 0 : 1, c->members[j]);
			else
				db_exec(db,
					"INSERT INTO meeting_participant(id, meeting_id, team_member_id, name, relation)"
					" SELECT ?, ?, id, name, '' FROM team_member WHERE id = ?",
					"III", rows[T_MPART], mid, c->members[j]);
		}
		if (!past) {
			rows[T_MCHECK]++;
			db_exec(db, "INSERT INTO meeting_check(meeting_id, item, checked_by, checked_at) VALUES (?,?,?,?)",
				"ItJt", mid, "before_agenda", p->coord, TS(today_n, 9));
			break;
		}
		d = next;
	}
}

static void gen_support(Db *db, Course *c, const Plan *p)
{
	static const char *const next[] = {"sel85", "sel85", "mentor", "sel85a", "none", "other"};
	int start = p->d[4], end = p->d[6];
	const char *nx = end != NONE ? next[R(6)] : NULL;
	int next_on = nx && !streq(nx, "none") ? end + (R(4) ? 1 : 14 + (int)R(30)) : NONE;
	c->sid = ++rows[T_SUPPORT];
	db_exec(db,
		"INSERT INTO support_course(id, course_id, method, start_on, end_on, end_reason, end_note, next_support,"
		" next_support_on, created_by, created_at, ended_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
		"IItttttttJtJ", c->sid, c->id, method_key(p->method), D(start), end == NONE ? NULL : D(end),
		end == NONE ? NULL : p->method == METHOD_CTI ? "cti_done" : "not_needed", "", nx,
		next_on == NONE ? NULL : D(next_on), p->coord, TS(start, 10), end == NONE ? 0 : p->worker);
	rows[T_WORKER]++;
	db_exec(db,
		"INSERT INTO support_worker(id, support_id, user_id, discipline, from_on, to_on, created_by, created_at)"
		" VALUES (?,?,?,?,?,?,?,?)",
		"IIItttJt", rows[T_WORKER], c->sid, p->worker, "bostoette", D(start), end == NONE ? NULL : D(end),
		p->coord, TS(start, 10));
	if (p->method == METHOD_ACT) {
		static const struct {
			const char *name, *discipline;
		} act[] = {{"Pia Poulsen", "psykiater"}, {"Mads Krog", "misbrug"}, {"Sara Lund", "sygeplejerske"},
			   {"Søren Dahl", "socialraadgiver"}, {"Jonas Vang", "jobcenter"}};
		for (int k = 0; k < 5; k++) {
			rows[T_WORKER]++;
			db_exec(db,
				"INSERT INTO support_worker(id, support_id, name, discipline, from_on, to_on, created_by,"
				" created_at) VALUES (?,?,?,?,?,?,?,?)",
				"IIttttJt", rows[T_WORKER], c->sid, act[k].name, act[k].discipline, D(start),
				end == NONE ? NULL : D(end), p->coord, TS(start, 10));
		}
	}
	int upto = end != NONE && end < today_n ? end : today_n;
	CtiPhases ph;
	int phase_day[4] = {start, NONE, NONE, NONE};
	if (p->method == METHOD_CTI) {
		cti_phases(D(start), &ph);
		phase_day[1] = start, phase_day[2] = day_of(ph.phase[1]), phase_day[3] = day_of(ph.phase[2]);
		int k = 0;
		for (const Choice *ch = cti_checklist; ch->key; ch++, k++) {
			int d = phase_day[ch->key[1] - '0'] + 5 + 3 * k;
			if (d > upto || R(6) == 0)
				continue;
			rows[T_SCHECK]++;
			db_exec(db,
				"INSERT INTO support_check(support_id, item, done_on, done_by, done_at) VALUES (?,?,?,?,?)",
				"IttIt", c->sid, ch->key, D(d), p->worker, TS(d, 16));
		}
	}
	ins_team(db, c, "bostoette", "Bostøttemedarbejder", p->method == METHOD_CTI ? "Bostøttemedarbejder (CTI)"
							   : p->method == METHOD_ICM ? "Bostøttemedarbejder (ICM)" : "ACT-teamet",
		 p->worker, start, end, p->coord);
	/* contacts, week by week (Monday-Sunday) */
	static const char *const notes[] = {"", "", "Gennemgik post og regninger.", "Handlede ind sammen.",
					    "Talte om at søge job.", "Fulgtes til lægen."};
	static const char *const kinds[] = {"face", "face", "face", "face", "phone", "phone", "sms", "video", "attempt"};
	static const char *const cplaces[] = {"home", "home", "home", "street", "office", "other"};
	c->ncontact = 0;
	int monday = start - weekday_of(D(start));
	for (int w = monday; w <= upto && c->ncontact < 1024; w += 7) {
		int phase = p->method != METHOD_CTI ? 0 : w < phase_day[2] ? 1 : w < phase_day[3] ? 2 : 3;
		unsigned chance = phase == 1 ? 90 : phase == 2 ? 70 : phase == 3 ? 45 : 65;
		for (int rep = 0; rep < 2; rep++) {
			if (rep && (phase != 1 || R(2)))
				break; /* a second contact in the week: CTI phase 1 */
			if (R(100) >= chance)
				continue;
			int on = w + (int)R(7);
			if (on < start || on > upto)
				continue;
			const char *kind = kinds[R(9)];
			const char *place = streq(kind, "face") ? cplaces[R(6)] : "other";
			int min = streq(kind, "attempt") ? 0 : streq(kind, "sms") ? 5 : 20 + 5 * (int)R(15);
			int travel = streq(kind, "face") && !streq(place, "office") ? 10 + 5 * (int)R(7) : 0;
			long long kid = ++rows[T_CONTACT];
			db_exec(db,
				"INSERT INTO contact(id, support_id, on_date, kind, minutes, travel_minutes, place, note,"
				" created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
				"IIttiittIt", kid, c->sid, D(on), kind, min, travel, place, notes[R(6)], p->worker,
				TS(on, 17));
			c->cday[c->ncontact] = on, c->cmin[c->ncontact] = min + travel, c->ncontact++;
			if (streq(kind, "attempt"))
				continue;
			int a = (int)R(8), b = (int)R(8);
			rows[T_CDOMAIN]++;
			db_exec(db, "INSERT INTO contact_domain(contact_id, domain) VALUES (?,?)", "It", kid, life_domains[a].key);
			if (b != a && R(2)) {
				rows[T_CDOMAIN]++;
				db_exec(db, "INSERT INTO contact_domain(contact_id, domain) VALUES (?,?)", "It", kid,
					life_domains[b].key);
			}
		}
	}
}

static void gen_home(Db *db, const Course *c, const Plan *p, const char *hs)
{
	static const char *const streets[] = {"Æblevej", "Havnegade", "Skolestien", "Engvej", "Byparken", "Møllevej"};
	static const char *const kinds[] = {"social_youth", "social_youth", "social", "private", "dormitory", "transitional"};
	static const char *const how[] = {"municipal", "youth_quota", "youth_quota", "association", "private"};
	char address[96];
	snprintf(address, sizeof address, "%s %u, %u. th.", streets[R(6)], 1 + R(80), R(4));
	long long home = ++rows[T_HOME];
	int lease = p->found != NONE ? p->found : p->d[5] - 3;
	if (p->lost != NONE)
		db_exec(db,
			"INSERT INTO home(id, course_id, address, kind, rent, found_how, lease_on, moved_in_on, support_note,"
			" lost_on, lost_reason, lost_note, housing_after, created_by, created_at)"
			" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			"IIttIttttttttIt", home, c->id, address, kinds[R(6)], (long long)(2900 + 100 * R(30)), how[R(5)],
			D(lease), D(p->d[5]), "Hjælp til flytning.", D(p->lost), R(2) ? "eviction" : "left",
			"Huslejerestance; bostøtten fortsætter.", hs ? hs : "sofa", p->worker, TS(p->d[5], 11));
	else
		db_exec(db,
			"INSERT INTO home(id, course_id, address, kind, rent, found_how, lease_on, moved_in_on, support_note,"
			" created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
			"IIttIttttIt", home, c->id, address, kinds[R(6)], (long long)(2900 + 100 * R(30)), how[R(5)],
			D(lease), D(p->d[5]), "Hjælp til flytning; møbler fra genbrug.", p->worker, TS(p->d[5], 11));
	for (int k = 0; home_supports[k].key; k++)
		if (k < 2 || R(3) == 0) {
			rows[T_HSUPPORT]++;
			db_exec(db, "INSERT INTO home_support(home_id, item) VALUES (?,?)", "It", home, home_supports[k].key);
		}
}

/* ---- the quarterly instruments -------------------------------------------------- */

static void answer(Db *db, long long mid, const NItem *it, const Course *c, const Plan *p, const char *hs,
		   const InstrDue *d, int from, int to)
{
	char buf[160];
	const char *txt = "";
	long long num = 0;
	int has_num = 0;
	if (streq(it->kind, "choice")) {
		if (streq(it->key, "housing")) {
			int housed = p->d[5] != NONE && p->d[5] <= to && (p->lost == NONE || p->lost > to);
			txt = housed ? "own_home"
			      : !p->homeless ? (p->athome ? "own_home" : "family")
			      : p->lost != NONE && p->lost <= to ? "sofa"
			      : hs && has_opt(it, hs) ? hs : "sofa";
		} else if (streq(it->key, "method")) {
			txt = method_key(p->method);
		} else if (streq(it->key, "phase")) {
			if (p->method == METHOD_CTI) {
				CtiPhases ph;
				cti_phases(D(p->d[4]), &ph);
				int k = cti_phase_on(&ph, D(to));
				txt = k >= 1 && k <= 3 ? (k == 1 ? "1" : k == 2 ? "2" : "3") : "after";
			} else {
				txt = "none";
			}
		} else if (it->nopt) {
			int k = (int)R((unsigned)(it->nopt > 1 ? it->nopt - 1 : 1));
			if (streq(it->key, "edu_status") && d->no >= 3 && R(2))
				k = 0;
			txt = it->opt[k];
		}
		if (!has_opt(it, txt))
			txt = it->nopt ? it->opt[0] : "";
	} else if (streq(it->kind, "scale")) {
		int x = c->base + (c->trend * d->no) / 2 - (int)R(2);
		x = x < 1 ? 1 : x > 5 ? 5 : x;
		if (R(25) == 0 && has_opt(it, "x")) {
			txt = "x";
		} else {
			snprintf(buf, sizeof buf, "%d", x);
			txt = buf;
			num = x, has_num = 1;
		}
	} else if (streq(it->kind, "number")) {
		has_num = 1;
		if (streq(it->key, "meetings_held") || streq(it->key, "meetings_youth")) {
			int youth = streq(it->key, "meetings_youth");
			for (int k = 0; k < c->nmeet; k++)
				if (c->mheld[k] && c->mday[k] >= from && c->mday[k] <= to && (!youth || c->myoung[k]))
					num++;
		} else if (streq(it->key, "contacts")) {
			for (int k = 0; k < c->ncontact; k++)
				if (c->cday[k] >= from && c->cday[k] <= to)
					num++;
		} else {
			num = R(4) == 0;
		}
		if (it->max > 0 && num > it->max)
			num = it->max;
	} else if (streq(it->kind, "hours")) {
		has_num = 1;
		for (int k = 0; k < c->ncontact; k++)
			if (c->cday[k] >= from && c->cday[k] <= to)
				num += c->cmin[k];
		num = num / 6 * 6; /* one decimal of an hour */
	} else if (streq(it->kind, "multi")) {
		int n = 0;
		buf[0] = 0;
		for (int k = 0; k < it->nopt; k++)
			if (R(3) == 0 && n < 3) {
				if (n++)
					strcat(buf, " ");
				strcat(buf, it->opt[k]);
			}
		if (!n)
			return;
		txt = buf;
	} else { /* text */
		if (R(3))
			return;
		txt = "Går fremad. Vi følger op på næste netværksmøde.";
	}
	rows[T_ANSWER]++;
	if (has_num)
		db_exec(db, "INSERT INTO measurement_answer(measurement_id, item_id, num, txt) VALUES (?,?,?,?)", "IIIt",
			mid, it->id, num, txt);
	else
		db_exec(db, "INSERT INTO measurement_answer(measurement_id, item_id, num, txt) VALUES (?,?,NULL,?)", "IIt",
			mid, it->id, txt);
}

static void gen_measure(Db *db, const NInstr *in, const Course *c, const Plan *p, const char *hs, long long sid,
			int start, int end, long long author)
{
	InstrDue due[64];
	int n = instr_schedule(D(start), end == NONE ? "" : D(end), 3, due, 64);
	for (int i = 0; i < n; i++) {
		const InstrDue *d = &due[i];
		int dd = day_of(d->due);
		if (dd > today_n || R(10) == 0)
			continue;
		int filled = dd + (R(8) == 0 ? 15 + (int)R(20) : (int)R(10));
		if (filled > today_n)
			filled = today_n;
		long long mid = ++rows[T_MEAS];
		db_exec(db,
			"INSERT INTO measurement(id, instrument_id, instrument_key, course_id, support_id, period_no, final,"
			" period_from, period_to, due_on, filled_on, author_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
			"IItIIiittttIt", mid, in->id, in->key, c->id, sid, d->no, d->final, d->from, d->to, d->due, D(filled),
			author, TS(filled, 12));
		int from = day_of(d->from), to = day_of(d->to);
		for (int k = 0; k < in->n; k++)
			answer(db, mid, &in->it[k], c, p, hs, d, from, to);
	}
}

/* ---- one young person ------------------------------------------------------------- */

static void gen_person(Db *db, long long muni, const Plan *p, int i, long long fagperson, const NInstr *ins,
		       unsigned seed)
{
	static Course c;
	char cpr[16], name[96];
	int opened = p->d[1];
	int year = atoi(D(opened)) - 17 - (int)R(8);
	snprintf(cpr, sizeof cpr, "%02u%02u%02d%d%03u", 1 + R(28), 1 + R(12), year % 100, year >= 2000 ? 4 : (int)R(4),
		 R(1000));
	snprintf(name, sizeof name, "%s %s", first[R(NF)], last[R(NL)]);
	memset(&c, 0, sizeof c);
	c.person = ++rows[T_PERSON];
	c.base = 1 + (int)R(3), c.trend = R(5) ? 1 : 0;
	db_exec(db, "INSERT INTO person(id, municipality_id, cpr, name, coordinator_id, created_at) VALUES (?,?,?,?,?,?)",
		"IIttJt", c.person, muni, cpr, name, p->coord, TS(opened, 9));
	const char *hs = p->homeless ? housing_situations[R(8)].key : NULL;
	const char *tg = p->homeless ? "homeless" : "at_risk";
	c.id = ++rows[T_COURSE];
	db_exec(db,
		"INSERT INTO course(id, person_id, opened_on, closed_on, target_group, housing_situation)"
		" VALUES (?,?,?,?,?,?)",
		"IItttt", c.id, c.person, D(opened), p->closed == NONE ? NULL : D(p->closed), tg, hs);
	long long rid = ++rows[T_REFERRAL];
	db_exec(db,
		"INSERT INTO referral(id, course_id, referred_on, referrer_actor, referrer_name, reason, target_group,"
		" housing_situation, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
		"IIttttttJt", rid, c.id, D(opened), actors[R(14)].key, "", reasons[R(6)], tg, hs, p->coord, TS(opened, 9));
	if (!p->homeless)
		for (int k = 0; risk_factors[k].key; k++)
			if (R(3) == 0 || k == 5) {
				rows[T_RISK]++;
				db_exec(db, "INSERT INTO referral_risk(referral_id, factor) VALUES (?,?)", "It", rid,
					risk_factors[k].key);
			}
	for (int s = 1; s <= 7; s++) {
		if (p->d[s] == NONE)
			continue;
		rows[T_EVENT]++;
		db_exec(db,
			"INSERT INTO course_event(id, course_id, step, on_date, recorded_by, recorded_at) VALUES (?,?,?,?,?,?)",
			"IIitJt", rows[T_EVENT], c.id, s, D(p->d[s]), p->coord, TS(p->d[s], 10));
		if (s == 2) {
			rows[T_ALLOC]++;
			db_exec(db,
				"INSERT INTO allocation(id, course_id, needs, combination, rationale, created_by, created_at)"
				" VALUES (?,?,?,?,?,?,?)",
				"IItttJt", rows[T_ALLOC], c.id, needs_texts[R(4)], comb_keys[(int)p->comb],
				p->homeless ? "Hjemløs; bostøtte valgt efter behovet for langvarig eller tidsafgrænset støtte."
					    : "I risiko for hjemløshed; vurderet ud fra risikofaktorerne.",
				p->coord, TS(p->d[2], 11));
		}
		if (s == 3)
			for (int q = 0, m = 3 + (int)R(4); q < m && start_checklist[q].key; q++) {
				rows[T_START]++;
				db_exec(db, "INSERT INTO start_check(course_id, item, done_by, done_at) VALUES (?,?,?,?)", "ItJt",
					c.id, start_checklist[q].key, p->coord, TS(p->d[3], 12));
			}
		if (s == 3 && p->found != NONE) {
			rows[T_HOMEFOUND]++;
			db_exec(db,
				"INSERT INTO home_found(id, course_id, kind, on_date, created_by, created_at) VALUES (?,?,?,?,?,?)",
				"IIttJt", rows[T_HOMEFOUND], c.id, R(2) ? "lease" : "assigned", D(p->found), p->coord,
				TS(p->found, 12));
		}
	}
	if (p->closed != NONE) {
		static const char *const why[] = {"less_complex", "self", "moved", "other"};
		rows[T_END]++;
		if (p->declined) {
			db_exec(db,
				"INSERT INTO course_end(course_id, kind, end_reason, reason_text, created_by, created_at)"
				" VALUES (?,'declined','declined',?,?,?)",
				"ItJt", c.id, "Ønsker ikke kontakt til kommunen lige nu.", p->coord, TS(p->closed, 13));
		} else {
			const char *reason = why[R(4)];
			int team = R(5) != 0;
			db_exec(db,
				"INSERT INTO course_end(course_id, kind, end_reason, reason_text, youth_took_part, team_took_part,"
				" not_involved_reason, created_by, created_at) VALUES (?,'closed',?,?,1,?,?,?,?)",
				"IttitJt", c.id, reason, streq(reason, "other") ? "Overgået til bostøtte efter servicelovens §85." : "",
				team, team ? "" : "Teamet kunne ikke samles; drøftet med hver enkelt.", p->coord, TS(p->closed, 13));
		}
	}
	if (p->d[3] == NONE)
		return;
	gen_team(db, &c, p, fagperson, i);
	if (p->d[4] != NONE)
		gen_support(db, &c, p);
	if (p->d[5] != NONE)
		gen_home(db, &c, p, hs);
	gen_meetings(db, &c, p, seed);
	gen_goals(db, &c, p);
	gen_network(db, &c, p);
	int end = p->d[7] != NONE ? p->d[7] : p->closed;
	gen_measure(db, &ins[0], &c, p, hs, 0, p->d[3], end, p->coord);
	gen_measure(db, &ins[1], &c, p, hs, 0, p->d[3], end, p->coord);
	if (p->d[4] != NONE)
		gen_measure(db, &ins[2], &c, p, hs, c.sid, p->d[4], p->d[6], p->worker);
}

/* ---- users and time registrations --------------------------------------------------- */

static long long user_add(Db *db, long long muni, int m, const char *what, int n, int role, FILE *out)
{
	char username[64], name[96];
	if (n)
		snprintf(username, sizeof username, "m%d-%s%d", m + 1, what, n);
	else
		snprintf(username, sizeof username, "m%d-%s", m + 1, what);
	snprintf(name, sizeof name, "%s %s", first[R(NF)], last[R(NL)]);
	long long id = ++rows[T_USERS];
	db_exec(db,
		"INSERT INTO users(id, municipality_id, username, name, role, password_hash, created_at)"
		" VALUES (?,?,?,?,?,?,?)",
		"IIttttt", id, muni, username, name, role_key(role), password_hash_all, TS(0, 8));
	if (m == 0 && n <= 1)
		fprintf(out, "  %-24s %s\n", username, role_key(role));
	return id;
}

typedef struct Staff {
	long long id;
	int method; /* METHOD_NONE: a coordinator */
} Staff;

static void gen_time(Db *db, long long muni, const Staff *st, int n)
{
	static const char *const cats[4] = {"direct", "meetings", "coordination", "transport"};
	static const int split_model[4] = {35, 30, 25, 10}, split_support[4] = {55, 5, 20, 20};
	char cf[11], ct[11];
	period_of(D(today_n), 3, cf, ct);
	int current = day_of(cf);
	int q = day_of(D(today_n - YEARS_DAYS + 100));
	char f[11], t[11];
	for (;;) {
		period_of(D(q), 3, f, t);
		int from = day_of(f), to = day_of(t);
		if (from >= current)
			break;
		for (int i = 0; i < n; i++) {
			if (R(20) == 0)
				continue;
			int sub = to + 1 + (int)R(10);
			if (sub > today_n)
				sub = today_n;
			long long id = ++rows[T_TIMEREG];
			db_exec(db,
				"INSERT INTO time_registration(id, municipality_id, user_id, period_from, period_to, note,"
				" submitted_at) VALUES (?,?,?,?,?,'',?)",
				"IIIttt", id, muni, st[i].id, f, t, TS(sub, 9 + (int)R(6)));
			int total = 60 * (280 + (int)R(120));
			const int *split = st[i].method ? split_support : split_model;
			const char *meth = st[i].method ? method_key(st[i].method) : "model";
			for (int k = 0; k < 4; k++) {
				rows[T_HOURS]++;
				db_exec(db, "INSERT INTO time_hours(registration_id, method, category, minutes) VALUES (?,?,?,?)",
					"Itti", id, meth, cats[k], total * split[k] / 100 / 30 * 30);
			}
			if (!st[i].method) { /* the coordinator also coordinates the support */
				rows[T_HOURS]++;
				db_exec(db, "INSERT INTO time_hours(registration_id, method, category, minutes) VALUES (?,?,?,?)",
					"Itti", id, R(2) ? "cti" : "icm", "coordination", 60 * (5 + (int)R(20)));
			}
		}
		q = to + 1;
	}
}

/* ---- the whole set ------------------------------------------------------------------- */

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int natgen_generate(Db *db, long people, unsigned seed, FILE *out)
{
	double t0 = seconds();
	/* SQLite checks the schema's CHECK (x IN (...)) constraints with a
	 * small temporary b-tree per row, allocated and freed each time; with
	 * glibc's default trim threshold every free gave the memory back to
	 * the kernel (brk and a TLB flush per row: two thirds of the time).
	 * Keep it. */
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
	mallopt(M_TOP_PAD, 64 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
	char today[11], pw[21], hash[128];
	memset(rows, 0, sizeof rows);
	lineage = 0;
	ng_s = 0x9E3779B97F4A7C15ull ^ ((unsigned long long)seed * 0xD1B54A32D192ED03ull);
	if (!ng_s)
		ng_s = 1;
	for (int k = 0; k < 8; k++)
		(void)R(2);
	today_copenhagen(today);
	date_add_days(base_day, today, -(YEARS_DAYS + 30));
	today_n = day_of(today);
	dstr = xmalloc(sizeof *dstr * NDAYS);
	for (int d = 0; d < NDAYS; d++)
		date_add_days(dstr[d], base_day, d);
	/* one password for every user, hashed once */
	password_generate(pw);
	if (password_hash(pw, hash)) {
		free(dstr);
		return -1;
	}
	password_hash_all = hash;
	NInstr *ins = xcalloc(3, sizeof *ins);
	if (instr_load_ng(db, "individ_model", &ins[0]) || instr_load_ng(db, "dialog", &ins[1]) ||
	    instr_load_ng(db, "individ_support", &ins[2])) {
		free(ins);
		free(dstr);
		return -1;
	}
	int dropped = db_bulk_begin(db);
	if (dropped < 0) {
		free(ins);
		free(dstr);
		return -1;
	}
	fprintf(out, "\nLogins of municipality 1 (%s); every user of the data set has the password %s\n", munis[0], pw);
	db_begin(db);
	db_exec(db, "INSERT INTO meta(key, value) VALUES ('demo', '1')", "");
	long wsum = 0;
	for (int m = 0; m < 98; m++)
		wsum += muni_weight(m);
	long given = 0;
	for (int m = 0; m < 98 && !db_failed(db); m++) {
		long n = people * muni_weight(m) / wsum;
		if (m == 97)
			n = people - given;
		given += n;
		Plan *plan = xcalloc((size_t)(n ? n : 1), sizeof *plan);
		int open = 0, open_m[4] = {0};
		for (long i = 0; i < n; i++) {
			plan_make(&plan[i]);
			open += plan[i].closed == NONE;
			if (open_support(&plan[i]))
				open_m[(int)plan[i].method]++;
		}
		int ncoord = open / 20 + (open % 20 != 0), ncti = open_m[METHOD_CTI] / CTI_CAP + (open_m[METHOD_CTI] % CTI_CAP != 0);
		int nicm = open_m[METHOD_ICM] / ICM_CAP + (open_m[METHOD_ICM] % ICM_CAP != 0);
		ncoord += !ncoord, ncti += !ncti, nicm += !nicm;
		long long muni = ++rows[T_MUNI];
		db_exec(db, "INSERT INTO municipality(id, name, coordinator_posts) VALUES (?,?,?)", "Iti", muni, munis[m],
			ncoord * 10);
		actors_seed(db, muni);
		Staff *st = xcalloc((size_t)(ncoord + ncti + nicm + 1), sizeof *st);
		int ns = 0;
		user_add(db, muni, m, "admin", 0, ROLE_ADMIN, out);
		user_add(db, muni, m, "leder", 0, ROLE_LEADER, out);
		long long pl = user_add(db, muni, m, "projektleder", 0, ROLE_PROJECT_LEADER, out);
		(void)pl;
		for (int k = 0; k < ncoord; k++)
			st[ns++] = (Staff){user_add(db, muni, m, "koordinator", k + 1, ROLE_COORDINATOR, out), METHOD_NONE};
		for (int k = 0; k < ncti; k++)
			st[ns++] = (Staff){user_add(db, muni, m, "cti", k + 1, ROLE_SUPPORT, out), METHOD_CTI};
		for (int k = 0; k < nicm; k++)
			st[ns++] = (Staff){user_add(db, muni, m, "icm", k + 1, ROLE_SUPPORT, out), METHOD_ICM};
		st[ns++] = (Staff){user_add(db, muni, m, "act", 0, ROLE_SUPPORT, out), METHOD_ACT};
		long long fagperson = user_add(db, muni, m, "fagperson", 0, ROLE_TEAM, out);
		/* caseloads: the open courses dealt round, the closed ones to anyone */
		int rc = 0, rcti = 0, ricm = 0;
		for (long i = 0; i < n; i++) {
			Plan *p = &plan[i];
			p->coord = st[p->closed == NONE ? rc++ % ncoord : (int)R((unsigned)ncoord)].id;
			if (p->method == METHOD_CTI)
				p->worker = st[ncoord + (open_support(p) ? rcti++ % ncti : (int)R((unsigned)ncti))].id;
			else if (p->method == METHOD_ICM)
				p->worker = st[ncoord + ncti + (open_support(p) ? ricm++ % nicm : (int)R((unsigned)nicm))].id;
			else if (p->method == METHOD_ACT)
				p->worker = st[ns - 1].id;
		}
		for (long i = 0; i < n && !db_failed(db); i++)
			gen_person(db, muni, &plan[i], (int)i, fagperson, ins, seed);
		gen_time(db, muni, st, ns);
		free(st);
		free(plan);
	}
	audit_log(db, 0, "hjemvej demo", "", "natgen_generate", 0, "cli", "ok");
	int ok = db_commit(db);
	double t1 = seconds();
	if (ok)
		ok = db_bulk_end(db) == 0;
	double t2 = seconds();
	free(ins);
	free(dstr);
	dstr = NULL;
	if (!ok)
		return -1;
	long long total = 0;
	long long actor_rows = db_int(db, 0, "SELECT COUNT(*) FROM actor", "");
	fprintf(out, "\nRows per table:\n");
	for (int t = 0; t < T_N; t++) {
		fprintf(out, "  %-22s %10lld\n", tname[t], rows[t]);
		total += rows[t];
	}
	fprintf(out, "  %-22s %10lld\n", "actor", actor_rows);
	total += actor_rows;
	double secs = t2 - t0;
	fprintf(out, "loaded in %.1f s, %d indexes built in %.1f s\n", t1 - t0, dropped, t2 - t1);
	double cpu = (double)clock() / CLOCKS_PER_SEC;
	fprintf(out, "cpu: %.1f s of this process (%.0f rows per cpu second)\n", cpu, cpu > 0 ? (double)total / cpu : 0.0);
	fprintf(out, "rows: %lld in %.1f s (%.0f rows/s)\n", total, secs, secs > 0 ? (double)total / secs : 0.0);
	return 0;
}

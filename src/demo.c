/* demo.c: a synthetic municipality for demonstration and benchmarks:
 * invented names, generated CPR numbers with valid dates, users for every
 * role and young people at every step (allocated with combinations that
 * keep the rules, homes found before CTI, some closed or declined, a few
 * with a new course, checklists partly ticked).  Reproducible from the seed; the
 * same generator makes large data sets (--size) in one transaction. */
#include "hjemvej.h"

#include <string.h>

static unsigned long long rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const first[] = {
	"Asta", "Bjørk", "Carl", "Dagmar", "Elias", "Frida", "Gustav", "Halfdan", "Ida", "Johan",
	"Karla", "Lauge", "Malou", "Nohr", "Olivia", "Palle", "Ronja", "Sigurd", "Tilde", "Ulrik",
	"Vilma", "William", "Yrsa", "Zakarias", "Ahmad", "Leyla", "Mikkel", "Sofie", "Noah", "Emma",
};
static const char *const last[] = {
	"Agerholm", "Bækgaard", "Christoffersen", "Damsgaard", "Egeskov", "Fjordside", "Grønbech",
	"Hjortshøj", "Ibsgaard", "Juulsager", "Kløvedal", "Lyngholt", "Mølbjerg", "Nørrelund",
	"Østerby", "Pilgaard", "Rævsager", "Skovbæk", "Tranemose", "Uglebjerg", "Vestergård",
};
static const char *const reasons[] = {
	"Bor på herberg efter brud med familien. Har brug for hjælp til bolig og økonomi.",
	"Sofasurfer hos venner. Har afbrudt uddannelse og har gæld.",
	"Udskrives fra behandling om tre uger uden et sted at bo.",
	"Huslejerestance; udsat for udsættelse. Sagsbehandler i jobcentret henviser.",
	"Tidligere anbragt; efterværn ophører. Svagt netværk.",
	"Sover skiftevis på gaden og i natvarmestue. Kontakt via gadeplan.",
};

static void cpr_make(char out[11], int year)
{
	int m = 1 + (int)rnd(12), d = 1 + (int)rnd(28);
	int d7 = year >= 2000 ? 4 : (int)rnd(4);
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%02d%02d%02d%d%03u", d, m, year % 100, d7, rnd(1000));
	memcpy(out, tmp, 10);
	out[10] = 0;
}

/* Goals in a young person's words with agreements under them, for the
 * demo and the national data set (natgen.c). */
const DemoGoal demo_goal_catalog[N_DEMO_GOALS] = {
	{"housing", "Jeg vil have min egen lejlighed",
	 {"Skrive op til en ungdomsbolig", "Tage med til boligforeningen", "Søge om indskudslån"}},
	{"economy", "Jeg vil have styr på min økonomi",
	 {"Lave et budget", "Ringe til kreditorerne om en afdragsordning", "Søge boligstøtte"}},
	{"education", "Jeg vil i gang med en uddannelse",
	 {"Møde med UU-vejlederen", "Besøge produktionsskolen", "Søge optagelse til august"}},
	{"mental_health", "Jeg vil have det bedre med mig selv",
	 {"Bestille tid hos egen læge", "Tale med psykiatrien om udredning", "Gå til samtaler"}},
	{"network", "Jeg vil se min lillesøster igen",
	 {"Ringe til min mor", "Aftale et besøg", "Tage med til fodbold om lørdagen"}},
	{"substance", "Jeg vil skære ned på hashen",
	 {"Møde i misbrugsbehandlingen", "Skrive ned hvornår jeg ryger", "Finde noget andet at lave om aftenen"}},
};
const char *const demo_goal_who[4] = {"young_person", "coordinator", "support", "young_person"};
const char *const demo_goal_later[4] = {"done", "in_progress", "not_done", "done"};

/* Redskab 3: goals in the young person's words with agreements under them,
 * some followed up, some overdue. */
static void demo_goals(Db *db, long long course, const char *from, const char *today, long long coord,
		       const char *at)
{
	const DemoGoal *goals = demo_goal_catalog;
	const char *const *who = demo_goal_who, *const *later = demo_goal_later;
	int n = 1 + (int)rnd(3);
	for (int g = 0; g < n; g++) {
		int k = (int)rnd(N_DEMO_GOALS);
		char set_on[11], deadline[11];
		date_add_days(set_on, from, (long)rnd(20));
		if (strcmp(set_on, today) > 0)
			memcpy(set_on, today, sizeof set_on);
		long long gid = db_int(db, 0,
				       "INSERT INTO goal(course_id, domain, text, status, set_on, status_on, created_by,"
				       " created_at) VALUES (?,?,?,'active',?,?,?,?) RETURNING id",
				       "IttttJt", course, goals[k].domain, goals[k].text, set_on, set_on, coord, at);
		int na = 1 + (int)rnd(3);
		for (int a = 0; a < na; a++) {
			date_add_days(deadline, set_on, 14 + (long)rnd(60));
			int past = strcmp(deadline, today) < 0;
			const char *status = past && rnd(6) ? later[rnd(4)] : "agreed";
			long long aid = db_int(db, 0,
					       "INSERT INTO agreement(goal_id, what, responsible, deadline, status, agreed_on,"
					       " created_by, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
					       "ItttttJt", gid, goals[k].what[a], who[rnd(4)], deadline, status, set_on,
					       coord, at);
			if (!streq(status, "agreed"))
				db_exec(db,
					"INSERT INTO agreement_followup(agreement_id, on_date, status, note, created_by,"
					" created_at) VALUES (?,?,?,?,?,?)",
					"ItttJt", aid, deadline, status, "Fulgt op på netværksmødet.", coord, at);
		}
	}
}
/* Network mappings (tool 1) for a young person in the collaboration model:
 * 1-3 dated versions of 4-12 people, each version changing a few people.
 * A generator of its own, seeded from the seed and the young person's
 * number, so the rest of the demo does not change with it. */
static void demo_network(Db *db, long long course, const char *started, const char *today, unsigned seed,
			 int nr, long long by, const char *at)
{
	static const struct {
		const char *name, *relation;
	} cast[] = {
		{"Mor", "family"}, {"Far", "family"}, {"Mormor", "family"}, {"Storebror", "family"},
		{"Lillesøster", "family"}, {"Moster Inge", "family"}, {"Kæresten", "partner"},
		{"Ven fra skolen", "friend"}, {"Bedste ven", "friend"}, {"Ven fra herberget", "friend"},
		{"Holdkammerat", "friend"}, {"Sagsbehandler", "professional"},
		{"Bostøttemedarbejder", "professional"}, {"UU-vejleder", "professional"},
		{"Læge", "professional"}, {"Misbrugskonsulent", "professional"}, {"Naboen", "other"},
		{"Træner i klubben", "other"}, {"Præsten", "other"}, {"Tidligere plejefamilie", "other"},
	};
	static const char *const helps[] = {"", "", "Lån af penge", "Et sted at sove", "Følge til møder",
					    "Hjælp med ansøgninger", "Samtaler", "Mad og vask"};
	unsigned long long s = ((unsigned long long)seed + 1) * 0x9E3779B97F4A7C15ull ^
			       ((unsigned long long)nr + 1) * 0xBF58476D1CE4E5B9ull;
#define NRND(n) (s ^= s << 13, s ^= s >> 7, s ^= s << 17, (unsigned)(s % (n)))
	for (int i = 0; i < 16; i++)
		(void)NRND(2);
	const int ncast = (int)(sizeof cast / sizeof cast[0]);
	int in[20] = {0}, cl[20], va[20], fq[20], hl[20];
	long long lineage[20] = {0};
	int n = 4 + (int)NRND(9);
	for (int k = 0; k < n;) {
		int c = (int)NRND((unsigned)ncast);
		if (in[c])
			continue;
		in[c] = 1, k++;
		cl[c] = (int)NRND(3), va[c] = NRND(5) < 3 ? 0 : (int)NRND(3), fq[c] = (int)NRND(5);
		hl[c] = (int)NRND(8);
	}
	long span = days_between(started, today);
	int versions = 1 + (int)NRND(3);
	if (span < 2 * versions)
		versions = 1;
	for (int v = 0; v < versions; v++) {
		char on[11];
		date_add_days(on, started, span * v / versions + (long)NRND(3));
		if (strcmp(on, today) > 0)
			memcpy(on, today, sizeof on);
		if (v > 0) { /* a few changes since the last version */
			for (int k = 0; k < 3; k++) {
				int c = (int)NRND((unsigned)ncast);
				if (in[c])
					cl[c] = (int)NRND(3), va[c] = (int)NRND(3), fq[c] = (int)NRND(5);
			}
			int gone = (int)NRND((unsigned)ncast), count = 0;
			for (int c = 0; c < ncast; c++)
				count += in[c];
			if (in[gone] && count > 4)
				in[gone] = 0;
			int c = (int)NRND((unsigned)ncast);
			if (!in[c] && count < 12)
				in[c] = 1, cl[c] = (int)NRND(3), va[c] = 0, fq[c] = (int)NRND(4), hl[c] = (int)NRND(8),
				lineage[c] = 0;
		}
		long long map = db_int(db, 0,
				       "INSERT INTO network_map(course_id, mapped_on, note, created_by, created_at)"
				       " VALUES (?,?,?,?,?) RETURNING id",
				       "IttJt", course, on, v ? "" : "Lavet sammen med den unge ved opstarten.", by, at);
		int pos = 0;
		for (int c = 0; c < ncast; c++) {
			if (!in[c])
				continue;
			if (!lineage[c])
				lineage[c] = db_int(db, 0, "SELECT COALESCE(MAX(lineage), 0) + 1 FROM network_person", "");
			db_exec(db,
				"INSERT INTO network_person(map_id, lineage, position, name, relation, closeness, valence,"
				" frequency, can_help) VALUES (?,?,?,?,?,?,?,?,?)",
				"IIitttttt", map, lineage[c], pos++, cast[c].name, cast[c].relation,
				net_closeness[cl[c]].key, net_valence[va[c]].key, net_frequency[fq[c]].key, helps[hl[c]]);
		}
	}
#undef NRND
}

static const char *const needs_texts[] = {
	"Har brug for en bolig, hjælp til økonomien og kontakt til misbrugsbehandling.",
	"Har brug for støtte til at fastholde boligen og komme i gang med uddannelse.",
	"Har brug for hjælp til at flytte ind og skabe en hverdag i egen bolig.",
	"Har brug for koordinering mellem jobcenter, psykiatri og UU.",
};
static const char *const decline_texts[] = {
	"Ønsker ikke kontakt til kommunen lige nu.",
	"Er flyttet til en ven og mener ikke at have brug for hjælp.",
	"Vil ikke have bostøtte; siger nej tak til hele indsatsen.",
};

/* One course: the referral, then the events in the model's order for the
 * combination (consistent with the rules in course.c), cut at a random
 * point; a course that reached step 7 is closed with a reason, and some
 * decline on the way.  closed gets the closing date ("" while open). */
/* One course of a young person through its steps; returns the course,
 * with the date it started in the model (step 3, "" if not yet) and the
 * highest step reached. */
static long long demo_course(Db *db, long long person, long long c, int homeless, const char *referred,
			     const char *today, const char *at, char closed[11], char started[11], int *reached,
			     int force)
{
	static const char *const combs[2][2] = {{"model", "model_cti"}, {"model_cti", "model_icm"}};
	const char *comb = combs[homeless][rnd(2)];
	if (force)
		comb = force == METHOD_CTI ? "model_cti" : "model_icm";
	const char *hs = homeless ? housing_situations[rnd(8)].key : NULL;
	char d[11], prev[11];
	long long course = db_int(db, 0,
				  "INSERT INTO course(person_id, opened_on, target_group, housing_situation)"
				  " VALUES (?,?,?,?) RETURNING id",
				  "Ittt", person, referred, homeless ? "homeless" : "at_risk", hs);
	long long rid = db_int(db, 0,
			       "INSERT INTO referral(course_id, referred_on, referrer_actor, referrer_name,"
			       " reason, target_group, housing_situation, created_by, created_at)"
			       " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
			       "IttttttJt", course, referred, actors[rnd(14)].key, "",
			       reasons[rnd(sizeof reasons / sizeof reasons[0])],
			       homeless ? "homeless" : "at_risk", hs, c, at);
	if (!homeless)
		for (int k = 0; risk_factors[k].key; k++)
			if (rnd(3) == 0 || k == 5)
				db_exec(db, "INSERT INTO referral_risk(referral_id, factor) VALUES (?,?)",
					"It", rid, risk_factors[k].key);
	/* the order of events; 'h' is "home found" */
	const char *seq = streq(comb, "model") ? "1237"
			  : streq(comb, "model_icm") ? "1234h567"
			  : homeless ? "123h4567" : "123h467";
	int n = 1 + (int)rnd((unsigned)strlen(seq));
	if (force) /* an open support course: up to step 4, or 5 */
		n = (int)(strchr(seq, '4') - seq) + 1 + (homeless && rnd(3) != 0);
	long offset = 0;
	char support_from[11] = "";
	memcpy(prev, referred, sizeof prev);
	for (int k = 0; k < n; k++) {
		if (seq[k] == '6' && support_from[0]) {
			/* CTI lasts nine months; ICM until intensive support is
			 * no longer needed (a completed ICM course: 13 months on
			 * average, seed 001) */
			char t[11];
			if (streq(comb, "model_cti")) {
				date_add_months(t, support_from, 9);
				date_add_days(d, t, -1);
			} else {
				date_add_days(d, support_from, 180 + (long)rnd(360));
			}
			offset = days_between(referred, d);
		}
		date_add_days(d, referred, offset);
		if (strcmp(d, today) > 0) {
			if (seq[k] >= '5')
				break; /* not yet: the course is still in support */
			memcpy(d, today, sizeof d);
		}
		if (seq[k] == '4')
			memcpy(support_from, d, sizeof support_from);
		memcpy(prev, d, sizeof prev);
		offset += 3 + (long)rnd(14);
		if (seq[k] == 'h') {
			db_exec(db, "INSERT INTO home_found(course_id, kind, on_date, created_by, created_at)"
				    " VALUES (?,?,?,?,?)",
				"IttJt", course, rnd(2) ? "lease" : "assigned", d, c, at);
			continue;
		}
		int step = seq[k] - '0';
		*reached = step;
		if (step == 3)
			memcpy(started, d, 11);
		db_exec(db,
			"INSERT INTO course_event(course_id, step, on_date, recorded_by, recorded_at)"
			" VALUES (?,?,?,?,?)",
			"IitJt", course, step, d, c, at);
		if (step == 2)
			db_exec(db,
				"INSERT INTO allocation(course_id, needs, combination, rationale, created_by, created_at)"
				" VALUES (?,?,?,?,?,?)",
				"ItttJt", course, needs_texts[rnd(4)], comb,
				homeless ? "Hjemløs; bostøtte valgt efter behovet for langvarig eller tidsafgrænset støtte."
					 : "I risiko for hjemløshed; vurderet ud fra risikofaktorerne.",
				c, at);
		if (step == 3)
			for (int q = 0, m = (int)rnd(7); q < m; q++)
				db_exec(db, "INSERT INTO start_check(course_id, item, done_by, done_at) VALUES (?,?,?,?)",
					"ItJt", course, start_checklist[q].key, c, at);
		if (step == 7) {
			static const char *const why[] = {"less_complex", "self", "moved", "other"};
			const char *reason = why[rnd(4)];
			int team = rnd(5) != 0;
			db_exec(db,
				"INSERT INTO course_end(course_id, kind, end_reason, reason_text, youth_took_part,"
				" team_took_part, not_involved_reason, created_by, created_at)"
				" VALUES (?,'closed',?,?,1,?,?,?,?)",
				"IttitJt", course, reason,
				streq(reason, "other") ? "Overgået til bostøtte efter servicelovens §85." : "", team,
				team ? "" : "Teamet kunne ikke samles; drøftet med hver enkelt.", c, at);
			db_exec(db, "UPDATE course SET closed_on = ? WHERE id = ?", "tI", d, course);
			memcpy(closed, d, 11);
			return course;
		}
	}
	if (rnd(7) == 0) {
		date_add_days(d, prev, 1 + (long)rnd(10));
		if (strcmp(d, today) > 0)
			memcpy(d, today, sizeof d);
		db_exec(db,
			"INSERT INTO course_end(course_id, kind, end_reason, reason_text, created_by, created_at)"
			" VALUES (?,'declined','declined',?,?,?)",
			"ItJt", course, decline_texts[rnd(3)], c, at);
		db_exec(db, "UPDATE course SET closed_on = ? WHERE id = ?", "tI", d, course);
		memcpy(closed, d, 11);
	}
	return course;
}

/* The team around a course beyond step 2: 2-5 members chosen from the
 * actor catalog, some linked to the demo user fagperson (UU, team role)
 * (the support worker joins in demo_support), and a consent
 * that covers most of the members' actors: some expire soon, some have
 * expired, one is withdrawn, and some leave fagperson uncovered (a reduced
 * page). */
static void demo_team(Db *db, long long course, const char *started, const char *today, int i,
		      long long coord, long long fagperson, int *withdrawn_one, const char *at)
{
	static const char *const roles[] = {
		"Kontaktperson for uddannelse", "Sagsbehandler for ydelser", "Behandler",
		"Kontaktperson i jobcentret", "Bostøttemedarbejder", "Støtte til økonomi og gæld",
	};
	static const char *const pick[] = {"jobcenter", "misbrug", "ydelse", "socialpsykiatri",
					   "regionspsykiatri", "kriminalforsorg", "boligforening"};
	const char *member_actor[6];
	int n = 2 + (int)rnd(4), m = 0;
	int with_fag = i % 3 == 0;
	for (int k = 0; k < n && m < 6; k++) {
		char name[128], contact[64];
		const char *actor, *role = roles[rnd(sizeof roles / sizeof roles[0])];
		long long user = 0;
		if (k == 0 && with_fag) {
			actor = "uu", user = fagperson, role = roles[0];
			snprintf(name, sizeof name, "%s", "Frede Fagperson");
		} else {
			actor = pick[rnd(sizeof pick / sizeof pick[0])];
			snprintf(name, sizeof name, "%s %s", first[rnd(sizeof first / sizeof first[0])],
				 last[rnd(sizeof last / sizeof last[0])]);
		}
		snprintf(contact, sizeof contact, "tlf. 70 %02u %02u %02u", rnd(100), rnd(100), rnd(100));
		db_exec(db,
			"INSERT INTO team_member(course_id, actor, name, contact, team_role, user_id, from_date,"
			" created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
			"IttttJtJt", course, actor, name, contact, role, user, started, coord, at);
		member_actor[m++] = actor;
	}
	/* the consent */
	char expires[11];
	int kind = i % 10;
	if (kind == 1 || kind == 6)
		date_add_days(expires, today, 3 + (long)rnd(25)); /* expires soon */
	else if (kind == 4)
		date_add_days(expires, started, 30); /* expired (or soon) */
	else
		date_add_days(expires, today, 60 + (long)rnd(300));
	if (strcmp(expires, started) <= 0)
		date_add_days(expires, started, 1);
	long long cid = db_int(db, 0,
			       "INSERT INTO consent(course_id, purpose, given_on, how, note, expires_on,"
			       " created_by, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
			       "ItttttJt", course,
			       "Samarbejde i det tværfaglige team om bolig, uddannelse og økonomi.", started,
			       i % 4 == 0 ? "oral" : "signed",
			       i % 4 == 0 ? "Givet mundtligt på første møde." : "Underskrevet; scanning ligger i sagen.",
			       expires, coord, at);
	for (int k = 0; consent_kinds[k].key; k++)
		if (k == 3 || rnd(3) == 0)
			db_exec(db, "INSERT INTO consent_kind(consent_id, kind) VALUES (?,?)", "It", cid,
				consent_kinds[k].key);
	for (int k = 0; k < m; k++) {
		if (streq(member_actor[k], "uu") && i % 9 == 3)
			continue; /* fagperson not covered: sees only the name */
		db_exec(db,
			"INSERT INTO consent_actor(consent_id, actor) SELECT ?, ? WHERE NOT EXISTS"
			" (SELECT 1 FROM consent_actor WHERE consent_id = ? AND actor = ?)",
			"ItIt", cid, member_actor[k], cid, member_actor[k]);
	}
	if (!*withdrawn_one && i % 3 == 0 && i % 9 != 3) {
		*withdrawn_one = 1;
		db_exec(db, "UPDATE consent SET withdrawn_on = ?, withdrawal_note = ? WHERE id = ?", "ttI", today,
			"Den unge trak samtykket tilbage i telefonen.", cid);
	}
}

/* ---- housing support ------------------------------------------------------ */

/* Support workers by method.  Each new support course takes the first
 * worker below the cap (so the first worker of a method is at the cap and
 * the next near it); when all are full a new worker is made. */
typedef struct Pool {
	long long id[256];
	int load[256];
	int n;
} Pool;
static struct {
	Pool cti, icm;
	long long act; /* the ACT team's contact person (a user) */
	long long muni, project_leader;
	int override_done, home_lost;
	FILE *logins;
} sup;

static long long demo_user(Db *db, const char *username, const char *name, int role)
{
	char pw[21];
	password_generate(pw);
	long long id = user_create(db, username, name, role, sup.muni, pw);
	fprintf(sup.logins, "  %-14s %-22s %s\n", username, pw, role_key(role));
	return id;
}

static long long pool_take(Db *db, Pool *p, int method, int open)
{
	int cap = support_cap(method);
	if (!open && p->n)
		return p->id[rnd((unsigned)p->n)]; /* an ended course: anyone */
	for (int k = 0; k < p->n; k++)
		if (p->load[k] < cap) {
			p->load[k]++;
			return p->id[k];
		}
	if (p->n == (int)(sizeof p->id / sizeof p->id[0]))
		return p->id[p->n - 1];
	char u[32], name[128];
	snprintf(u, sizeof u, "%s%d", method == METHOD_CTI ? "cti" : "icm", p->n + 1);
	snprintf(name, sizeof name, "%s %s", first[rnd(sizeof first / sizeof first[0])],
		 last[rnd(sizeof last / sizeof last[0])]);
	p->id[p->n] = demo_user(db, u, name, ROLE_SUPPORT);
	p->load[p->n] = 1;
	return p->id[p->n++];
}

/* The home a homeless young person moved into (step 5); now and then lost
 * again later. */
static void demo_home(Db *db, long long course, const CourseState *s, const char *today, long long by,
		      const char *at)
{
	static const char *const streets[] = {"Æblevej", "Havnegade", "Skolestien", "Engvej", "Byparken",
					      "Møllevej", "Kirkegade"};
	static const char *const kinds[] = {"social_youth", "social_youth", "social", "private", "dormitory",
					    "transitional"};
	static const char *const how[] = {"municipal", "youth_quota", "youth_quota", "association", "private"};
	char address[128], lease[11];
	snprintf(address, sizeof address, "%s %u, %u. th.", streets[rnd(7)], 1 + rnd(80), rnd(4));
	if (s->home_found[0])
		memcpy(lease, s->home_found, sizeof lease);
	else
		date_add_days(lease, s->date[5], -(long)(3 + rnd(20)));
	long long home = db_int(db, 0,
				"INSERT INTO home(course_id, address, kind, rent, found_how, lease_on, moved_in_on,"
				" support_note, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
				"IttIttttJt", course, address, kinds[rnd(6)], (long long)(2900 + 100 * rnd(30)),
				how[rnd(5)], lease, s->date[5], "Hjælp til flytning; møbler fra genbrug.", by, at);
	for (int k = 0; home_supports[k].key; k++)
		if (k < 2 || rnd(3) == 0)
			db_exec(db, "INSERT INTO home_support(home_id, item) VALUES (?,?)", "It", home,
				home_supports[k].key);
	if (rnd(9) == 0 || !sup.home_lost) { /* at least one home is lost again */
		char lost[11];
		date_add_days(lost, s->date[5], 30 + (long)rnd(200));
		if (strcmp(lost, today) < 0) {
			sup.home_lost = 1;
			db_exec(db,
				"UPDATE home SET lost_on = ?, lost_reason = ?, lost_note = ?, housing_after = ? WHERE id = ?",
				"ttttI", lost, rnd(2) ? "eviction" : "left", "Huslejerestance; bostøtten fortsætter.",
				"sofa", home);
		}
	}
}

/* The support course of a course that reached step 4, its workers (for
 * ACT a team), its end (step 6) with the further support, the home (step
 * 5) and the contacts. */
static void demo_support(Db *db, long long course, int force, long long coord, const char *today,
			 const char *at)
{
	CourseState s;
	course_state_load(db, course, &s);
	if (!s.date[4][0])
		return;
	int method = s.combination == COMB_CTI ? METHOD_CTI
		     : force == METHOD_ACT || (!force && rnd(5) == 0) ? METHOD_ACT
									: METHOD_ICM;
	int open = !s.date[6][0] && !s.closed_on[0];
	const char *end = s.date[6][0] ? s.date[6] : s.closed_on[0] ? s.closed_on : NULL;
	/* once: a young person who knows the first CTI worker already gets
	 * them above the cap, with the project leader's written reason */
	const char *why = "";
	if (method == METHOD_CTI && open && !sup.override_done && sup.cti.load[0] >= CTI_CAP) {
		sup.override_done = 1;
		sup.cti.load[0]++;
		why = "Den unge kender Bo fra gadeplan og vil kun tale med ham; de andre har ikke plads før om en måned.";
	}
	long long worker = why[0] ? sup.cti.id[0]
			   : method == METHOD_ACT ? sup.act
						  : pool_take(db, method == METHOD_CTI ? &sup.cti : &sup.icm, method, open);
	static const char *const next[] = {"sel85", "sel85", "mentor", "sel85a", "none", "other"};
	const char *nx = end ? next[rnd(6)] : NULL;
	char next_on[11] = "";
	if (nx && !streq(nx, "none"))
		date_add_days(next_on, end, rnd(4) ? 1 : 14 + (long)rnd(30)); /* now and then a gap */
	long long sid = db_int(db, 0,
			       "INSERT INTO support_course(course_id, method, start_on, end_on, end_reason, end_note,"
			       " next_support, next_support_on, created_by, created_at, ended_by)"
			       " VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
			       "ItttttttJtJ", course, method_key(method), s.date[4], end,
			       end ? (method == METHOD_CTI ? "cti_done" : s.closed_on[0] ? "declined" : "not_needed") : NULL,
			       "", nx, next_on[0] ? next_on : NULL, coord, at, end ? worker : 0);
	db_exec(db,
		"INSERT INTO support_worker(support_id, user_id, discipline, from_on, to_on, override_reason,"
		" override_by, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
		"IIttttJJt", sid, worker, "bostoette", s.date[4], end, why, why[0] ? sup.project_leader : 0, coord, at);
	if (method == METHOD_ACT) {
		static const struct {
			const char *name, *discipline;
		} act[] = {{"Pia Poulsen", "psykiater"},
			   {"Mads Krog", "misbrug"},
			   {"Sara Lund", "sygeplejerske"},
			   {"Søren Dahl", "socialraadgiver"},
			   {"Jonas Vang", "jobcenter"}};
		for (int k = 0; k < 5; k++)
			db_exec(db,
				"INSERT INTO support_worker(support_id, name, discipline, from_on, to_on, created_by,"
				" created_at) VALUES (?,?,?,?,?,?,?)",
				"IttttJt", sid, act[k].name, act[k].discipline, s.date[4], end, coord, at);
	}
	/* CTI: the checklists of the phases reached, mostly done (now and
	 * then an item left, so that some are overdue) */
	if (method == METHOD_CTI) {
		CtiPhases p;
		cti_phases(s.date[4], &p);
		int k = 0;
		for (const Choice *c = cti_checklist; c->key; c++, k++) {
			char d[11];
			date_add_days(d, p.phase[c->key[1] - '1'], 5 + 3 * k);
			if (strcmp(d, today) > 0 || (end && strcmp(d, end) > 0) || rnd(6) == 0)
				continue;
			db_exec(db,
				"INSERT INTO support_check(support_id, item, done_on, done_by, done_at)"
				" VALUES (?,?,?,?,?)",
				"IttJt", sid, c->key, d, worker, at);
		}
	}
	/* the worker is on the young person's team */
	db_exec(db,
		"INSERT INTO team_member(course_id, actor, name, contact, team_role, user_id, from_date, to_date,"
		" created_by, created_at) SELECT ?, 'bostoette', name, '', ?, id, ?, ?, ?, ? FROM users WHERE id = ?",
		"ItttJtI", course, method == METHOD_CTI ? "Bostøttemedarbejder (CTI)"
				  : method == METHOD_ICM ? "Bostøttemedarbejder (ICM)" : "ACT-teamet",
		s.date[4], end, coord, at, worker);
	if (s.date[5][0])
		demo_home(db, course, &s, today, worker, at);
	contact_demo(db, sid, (unsigned)course); /* contact.c */
}

/* What a course holds once it is under way: the team and the network
 * meetings from allocation (step 2), goals and agreements and network
 * mappings from the start in the model (step 3). */
static void demo_parts(Db *db, long long course, const char *started, long long c, unsigned seed, int nr,
		       const char *today, const char *at, long long fagperson, int force, int *withdrawn_one)
{
	if (started[0])
		demo_team(db, course, started, today, nr, c, fagperson, withdrawn_one, at);
	demo_support(db, course, force, c, today, at);
	meeting_demo(db, course, seed);
	if (started[0]) {
		demo_goals(db, course, started, today, c, at);
		demo_network(db, course, started, today, seed, nr, c, at);
	}
}

int demo_generate(Db *db, int size, unsigned seed, FILE *logins)
{
	static const struct {
		const char *username, *name;
		int role;
	} users[] = {
		{"admin", "Alma Administrator", ROLE_ADMIN},
		{"leder", "Lene Ledergruppe", ROLE_LEADER},
		{"projektleder", "Per Projektleder", ROLE_PROJECT_LEADER},
		{"koordinator", "Karen Koordinator", ROLE_COORDINATOR},
		{"koordinator2", "Kasper Koordinator", ROLE_COORDINATOR},
		{"bostotte", "Bo Bostøtte", ROLE_SUPPORT},   /* CTI, at the cap */
		{"bostotte2", "Bente Brink", ROLE_SUPPORT},  /* CTI, near it */
		{"icm", "Ivan Iversen", ROLE_SUPPORT},       /* ICM */
		{"icm2", "Inge Holm", ROLE_SUPPORT},         /* ICM */
		{"act", "Asta Krogh", ROLE_SUPPORT},         /* the ACT team */
		{"fagperson", "Frede Fagperson", ROLE_TEAM},
	};
	long long coord[2] = {0, 0}, fagperson = 0;
	int withdrawn_one = 0;
	int ncoord = 0;
	char today[11], at[21];
	rng = 0x9E3779B97F4A7C15ull ^ ((unsigned long long)seed * 0x100000001B3ull) ^ 1;
	today_copenhagen(today);
	time_iso_utc(at, now());

	db_begin(db);
	db_exec(db, "INSERT INTO meta(key, value) VALUES ('demo', '1')", "");
	long long muni = db_int(db, 0, "INSERT INTO municipality(name) VALUES (?) RETURNING id", "t",
				"Demo Kommune");
	actors_seed(db, muni);
	/* the coordinator posts for the cost report: 1,5 posts (two coordinators) */
	db_exec(db, "UPDATE municipality SET coordinator_posts = 15 WHERE id = ?", "I", muni);
	memset(&sup, 0, sizeof sup);
	sup.muni = muni;
	sup.logins = logins;
	fprintf(logins, "\nDemo logins (the passwords are new for each demo database):\n");
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		char pw[21];
		password_generate(pw);
		long long id = user_create(db, users[i].username, users[i].name, users[i].role, muni, pw);
		if (users[i].role == ROLE_COORDINATOR && ncoord < 2)
			coord[ncoord++] = id;
		if (users[i].role == ROLE_TEAM)
			fagperson = id;
		if (users[i].role == ROLE_PROJECT_LEADER)
			sup.project_leader = id;
		if (users[i].role == ROLE_SUPPORT && users[i].username[0] == 'b')
			sup.cti.id[sup.cti.n++] = id;
		else if (users[i].role == ROLE_SUPPORT && users[i].username[0] == 'i')
			sup.icm.id[sup.icm.n++] = id;
		else if (users[i].role == ROLE_SUPPORT)
			sup.act = id;
		fprintf(logins, "  %-14s %-22s %s\n", users[i].username, pw,
			role_key(users[i].role));
	}
	fprintf(logins, "\n");
	{
		/* the staff have worked in the effort for three years: their
		 * quarterly registrations are due from then */
		char since[11], stamp[21];
		date_add_months(since, today, -36);
		snprintf(stamp, sizeof stamp, "%sT08:00:00Z", since);
		db_exec(db, "UPDATE users SET created_at = ? WHERE municipality_id = ?", "tI", stamp, muni);
	}

	for (int i = 0; i < size; i++) {
		char cpr[11], name[128], referred[11], d[11];
		int year = 1997 + (int)rnd(11);
		cpr_make(cpr, year);
		snprintf(name, sizeof name, "%s %s", first[rnd(sizeof first / sizeof first[0])],
			 last[rnd(sizeof last / sizeof last[0])]);
		int homeless = rnd(2);
		date_add_days(referred, today, -(long)(20 + rnd(900))); /* up to two and a half years */
		/* every other young person is in housing support now, the
		 * starts spread over the last year so that every CTI phase
		 * (and a CTI course past its nine months) is there */
		int force = 0;
		if (i % 2 == 0) {
			static const int methods[] = {METHOD_CTI, METHOD_ICM, METHOD_CTI, METHOD_ICM,
						      METHOD_ACT, METHOD_CTI, METHOD_CTI, METHOD_ICM};
			force = methods[(i / 2) % 8];
			homeless = force != METHOD_CTI || rnd(3) != 0;
			date_add_days(referred, today, -(long)(45 + (i / 2) * 53 % 320));
		}
		long long c = i % 10 == 9 ? 0 : coord[i % 2];
		long long person = db_int(db, 0,
					  "INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
					  " VALUES (?,?,?,?,?) RETURNING id",
					  "IttJt", muni, cpr, name, c, at);
		char closed[11] = "", started[11] = "";
		int step = 0;
		long long course = demo_course(db, person, c, homeless, referred, today, at, closed, started, &step,
					       force);
		demo_parts(db, course, started, c, seed, i, today, at, fagperson, force, &withdrawn_one);
		measure_demo(db, course, seed + (unsigned)i);
		/* a few come back after a closed course: a new course, the old one kept */
		if (closed[0] && rnd(4) == 0) {
			date_add_days(d, closed, 10 + (long)rnd(60));
			if (strcmp(d, today) <= 0) {
				char again[11] = "", started2[11] = "";
				course = demo_course(db, person, c, homeless, d, today, at, again, started2, &step, 0);
				demo_parts(db, course, started2, c, seed, i, today, at, fagperson, 0,
					   &withdrawn_one);
				measure_demo(db, course, seed + 1000u + (unsigned)i);
			}
		}
	}
	/* the municipality's own documentation: time registrations, fidelity
	 * measurements and project reports over the last two years */
	timereg_demo(db, muni, seed);
	fidelity_demo(db, muni, sup.project_leader, seed);
	report_demo(db, muni, sup.project_leader, seed);
	audit_log(db, 0, "hjemvej demo", "", "demo_generate", 0, "cli", "ok");
	return db_commit(db) ? 0 : -1;
}

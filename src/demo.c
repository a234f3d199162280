/* demo.c: a synthetic municipality for demonstration and benchmarks:
 * invented names, generated CPR numbers with valid dates, users for every
 * role and young people at every step.  Reproducible from the seed; the
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

static void date_add(char out[11], const char *iso, long days)
{
	time_t t;
	char buf[21];
	snprintf(buf, sizeof buf, "%sT12:00:00Z", iso);
	if (time_parse_iso_utc(buf, &t))
		t = now();
	t += days * 86400;
	time_iso_utc(buf, t);
	memcpy(out, buf, 10);
	out[10] = 0;
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
		date_add(on, started, span * v / versions + (long)NRND(3));
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
		{"bostotte", "Bo Bostøtte", ROLE_SUPPORT},
		{"fagperson", "Frede Fagperson", ROLE_TEAM},
	};
	long long coord[2] = {0, 0};
	int ncoord = 0;
	char today[11], at[21];
	rng = 0x9E3779B97F4A7C15ull ^ ((unsigned long long)seed * 0x100000001B3ull) ^ 1;
	today_copenhagen(today);
	time_iso_utc(at, now());

	db_begin(db);
	db_exec(db, "INSERT INTO meta(key, value) VALUES ('demo', '1')", "");
	long long muni = db_int(db, 0, "INSERT INTO municipality(name) VALUES (?) RETURNING id", "t",
				"Demo Kommune");
	fprintf(logins, "\nDemo logins (the passwords are new for each demo database):\n");
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		char pw[21];
		password_generate(pw);
		long long id = user_create(db, users[i].username, users[i].name, users[i].role, muni, pw);
		if (users[i].role == ROLE_COORDINATOR && ncoord < 2)
			coord[ncoord++] = id;
		fprintf(logins, "  %-14s %-22s %s\n", users[i].username, pw,
			role_key(users[i].role));
	}
	fprintf(logins, "\n");

	for (int i = 0; i < size; i++) {
		char cpr[11], name[128], referred[11], d[11], started[11] = "";
		int year = 1997 + (int)rnd(11);
		cpr_make(cpr, year);
		snprintf(name, sizeof name, "%s %s", first[rnd(sizeof first / sizeof first[0])],
			 last[rnd(sizeof last / sizeof last[0])]);
		int homeless = rnd(2);
		/* moving into own home (step 5) only for the homeless */
		int step = 1 + (int)rnd(homeless ? 6 : 5);
		if (!homeless && step == 5)
			step = 6;
		date_add(referred, today, -(long)(20 + rnd(500)));
		long long c = i % 10 == 9 ? 0 : coord[i % 2];
		long long person = db_int(db, 0,
					  "INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
					  " VALUES (?,?,?,?,?) RETURNING id",
					  "IttJt", muni, cpr, name, c, at);
		const char *hs = homeless ? housing_situations[rnd(8)].key : NULL;
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
		long offset = 0;
		for (int s = 1; s <= step; s++) {
			if (!homeless && s == 5)
				continue;
			date_add(d, referred, offset);
			if (strcmp(d, today) > 0)
				memcpy(d, today, sizeof d);
			db_exec(db,
				"INSERT INTO course_event(course_id, step, on_date, recorded_by, recorded_at)"
				" VALUES (?,?,?,?,?)",
				"IitJt", course, s, d, c, at);
			if (s == 3)
				memcpy(started, d, sizeof started);
			offset += 3 + (long)rnd(14);
		}
		if (started[0])
			demo_network(db, course, started, today, seed, i, c, at);
	}
	audit_log(db, 0, "hjemvej demo", "", "demo_generate", 0, "cli", "ok");
	return db_commit(db) ? 0 : -1;
}

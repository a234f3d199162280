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

/* The team around a course beyond step 2: 2-5 members chosen from the
 * actor catalog, some linked to the demo users fagperson (UU, team role)
 * and bostotte (the housing support team, from step 4), and a consent
 * that covers most of the members' actors: some expire soon, some have
 * expired, one is withdrawn, and some leave fagperson uncovered (a reduced
 * page). */
static void demo_team(Db *db, long long course, const char *started, const char *today, int i, int step,
		      long long coord, long long fagperson, long long bostotte, int *withdrawn_one,
		      const char *at)
{
	static const char *const roles[] = {
		"Kontaktperson for uddannelse", "Sagsbehandler for ydelser", "Behandler",
		"Kontaktperson i jobcentret", "Bostøttemedarbejder", "Støtte til økonomi og gæld",
	};
	static const char *const pick[] = {"jobcenter", "misbrug", "ydelse", "socialpsykiatri",
					   "regionspsykiatri", "kriminalforsorg", "boligforening"};
	const char *member_actor[6];
	int n = 2 + (int)rnd(4), m = 0;
	int with_fag = i % 3 == 0, with_bo = step >= 4 && step <= 6 && i % 2 == 0;
	for (int k = 0; k < n && m < 6; k++) {
		char name[128], contact[64];
		const char *actor, *role = roles[rnd(sizeof roles / sizeof roles[0])];
		long long user = 0;
		if (k == 0 && with_fag) {
			actor = "uu", user = fagperson, role = roles[0];
			snprintf(name, sizeof name, "%s", "Frede Fagperson");
		} else if (k == 1 && with_bo) {
			actor = "bostoette", user = bostotte, role = roles[4];
			snprintf(name, sizeof name, "%s", "Bo Bostøtte");
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
		date_add(expires, today, 3 + (long)rnd(25)); /* expires soon */
	else if (kind == 4)
		date_add(expires, started, 30); /* expired (or soon) */
	else
		date_add(expires, today, 60 + (long)rnd(300));
	if (strcmp(expires, started) <= 0)
		date_add(expires, started, 1);
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
	long long coord[2] = {0, 0}, fagperson = 0, bostotte = 0;
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
	fprintf(logins, "\nDemo logins (the passwords are new for each demo database):\n");
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		char pw[21];
		password_generate(pw);
		long long id = user_create(db, users[i].username, users[i].name, users[i].role, muni, pw);
		if (users[i].role == ROLE_COORDINATOR && ncoord < 2)
			coord[ncoord++] = id;
		if (users[i].role == ROLE_TEAM)
			fagperson = id;
		if (users[i].role == ROLE_SUPPORT)
			bostotte = id;
		fprintf(logins, "  %-14s %-22s %s\n", users[i].username, pw,
			role_key(users[i].role));
	}
	fprintf(logins, "\n");

	for (int i = 0; i < size; i++) {
		char cpr[11], name[128], referred[11], d[11];
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
		char started[11] = "";
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
			demo_team(db, course, started, today, i, step, c, fagperson, bostotte, &withdrawn_one, at);
	}
	audit_log(db, 0, "hjemvej demo", "", "demo_generate", 0, "cli", "ok");
	return db_commit(db) ? 0 : -1;
}

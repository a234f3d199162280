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
static void demo_course(Db *db, long long person, long long c, int homeless, const char *referred,
			const char *today, const char *at, char closed[11])
{
	static const char *const combs[2][2] = {{"model", "model_cti"}, {"model_cti", "model_icm"}};
	const char *comb = combs[homeless][rnd(2)];
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
	long offset = 0;
	memcpy(prev, referred, sizeof prev);
	for (int k = 0; k < n; k++) {
		date_add(d, referred, offset);
		if (strcmp(d, today) > 0)
			memcpy(d, today, sizeof d);
		memcpy(prev, d, sizeof prev);
		offset += 3 + (long)rnd(14);
		if (seq[k] == 'h') {
			db_exec(db, "INSERT INTO home_found(course_id, kind, on_date, created_by, created_at)"
				    " VALUES (?,?,?,?,?)",
				"IttJt", course, rnd(2) ? "lease" : "assigned", d, c, at);
			continue;
		}
		int step = seq[k] - '0';
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
			return;
		}
	}
	if (rnd(7) == 0) {
		date_add(d, prev, 1 + (long)rnd(10));
		if (strcmp(d, today) > 0)
			memcpy(d, today, sizeof d);
		db_exec(db,
			"INSERT INTO course_end(course_id, kind, end_reason, reason_text, created_by, created_at)"
			" VALUES (?,'declined','declined',?,?,?)",
			"ItJt", course, decline_texts[rnd(3)], c, at);
		db_exec(db, "UPDATE course SET closed_on = ? WHERE id = ?", "tI", d, course);
		memcpy(closed, d, 11);
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
		char cpr[11], name[128], referred[11], d[11];
		int year = 1997 + (int)rnd(11);
		cpr_make(cpr, year);
		snprintf(name, sizeof name, "%s %s", first[rnd(sizeof first / sizeof first[0])],
			 last[rnd(sizeof last / sizeof last[0])]);
		int homeless = rnd(2);
		date_add(referred, today, -(long)(20 + rnd(500)));
		long long c = i % 10 == 9 ? 0 : coord[i % 2];
		long long person = db_int(db, 0,
					  "INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
					  " VALUES (?,?,?,?,?) RETURNING id",
					  "IttJt", muni, cpr, name, c, at);
		char closed[11] = "";
		demo_course(db, person, c, homeless, referred, today, at, closed);
		/* a few come back after a closed course: a new course, the old one kept */
		if (closed[0] && rnd(4) == 0) {
			date_add(d, closed, 10 + (long)rnd(60));
			if (strcmp(d, today) <= 0) {
				char again[11] = "";
				demo_course(db, person, c, homeless, d, today, at, again);
			}
		}
	}
	audit_log(db, 0, "hjemvej demo", "", "demo_generate", 0, "cli", "ok");
	return db_commit(db) ? 0 : -1;
}

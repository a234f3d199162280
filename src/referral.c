/* referral.c: registering a referral (henvisning), step 1 of the young
 * person's course (DOMAIN.md §3).  Bad input re-shows the form with the
 * user's input and a Danish message at each field (422); nothing is written
 * until everything is valid.  A second referral for a CPR number with an
 * open course is added to that course instead of creating a duplicate. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

static void referral_form(Req *r)
{
	page_begin(r, _("Ny henvisning"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Ny henvisning"),
	   _("Registrér en ung, der er henvist til indsatsen. Felter markeret (skal udfyldes) er påkrævede."));
	error_summary(r);
	form_begin(r, "/henvisning");
	hp(r, "<h2>%h</h2>\n", _("Den unge"));
	field_text(r, "cpr", _("CPR-nummer (skal udfyldes)"), _("10 cifre, fx 010203-1234"), "text", "off");
	field_text(r, "name", _("Navn (skal udfyldes)"), NULL, "text", "off");
	hp(r, "<h2>%h</h2>\n", _("Henvisningen"));
	field_text(r, "referred_on", _("Henvisningsdato (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	field_select(r, "referrer_actor", _("Henvist af (skal udfyldes)"), NULL, actors);
	field_text(r, "referrer_name", _("Henviserens navn og kontaktoplysninger"), NULL, "text", "off");
	field_textarea(r, "reason", _("Begrundelse for henvisningen (skal udfyldes)"),
		       _("Hvorfor er den unge henvist, og hvad er den unges situation?"));
	hp(r, "<h2>%h</h2>\n", _("Målgruppe"));
	field_radios(r, "target_group", _("Målgruppe (skal udfyldes)"), NULL, target_groups);
	field_select(r, "housing_situation", _("Boligsituation (for unge i hjemløshed)"),
		     _("Kategorierne fra den nationale hjemløsetælling"), housing_situations);
	field_checkboxes(r, "risk", _("Risikofaktorer (for unge i risiko for hjemløshed)"),
			 _("Markér dem, der er eller har været til stede"), risk_factors);
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Registrér henvisning"));
	form_end(r);
	page_end(r);
}

void page_referral_form(Req *r)
{
	referral_form(r);
}

static void add_referral(Req *r, long long course)
{
	char at[21];
	time_iso_utc(at, now());
	long long rid = db_int(r->db, 0,
			       "INSERT INTO referral(course_id, referred_on, referrer_actor, referrer_name,"
			       " reason, target_group, housing_situation, created_by, created_at)"
			       " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
			       "IttttttIt", course, P(r, "referred_on"), P(r, "referrer_actor"),
			       P(r, "referrer_name") ? P(r, "referrer_name") : "", P(r, "reason"),
			       P(r, "target_group"),
			       streq(P(r, "target_group"), "homeless") ? P(r, "housing_situation") : NULL,
			       r->user.id, at);
	if (streq(P(r, "target_group"), "at_risk"))
		for (const Choice *c = risk_factors; c->key; c++)
			if (P_has(r, "risk", c->key))
				db_exec(r->db, "INSERT INTO referral_risk(referral_id, factor) VALUES (?,?)",
					"It", rid, c->key);
}

void page_referral_post(Req *r)
{
	const char *tg = P(r, "target_group");
	if (streq(tg, "homeless") && !P(r, "housing_situation") && !P_err(r, "housing_situation"))
		P_set_err(r, "housing_situation", N_("Vælg den unges boligsituation."));
	if (streq(tg, "at_risk") && !P(r, "risk") && !P_err(r, "risk"))
		P_set_err(r, "risk", N_("Markér mindst én risikofaktor."));
	if (P(r, "cpr") && P(r, "referred_on")) {
		char birth[11];
		cpr_birth_date(P(r, "cpr"), birth);
		if (strcmp(P(r, "referred_on"), birth) < 0)
			P_set_err(r, "referred_on", N_("Henvisningsdatoen ligger før den unges fødselsdato."));
	}
	if (r->nerrors) {
		r->status = 422;
		referral_form(r);
		return;
	}

	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	Stmt q;
	long long person = 0, open_course = 0, coordinator = 0;
	db_query(r->db, &q,
		 "SELECT p.id, p.coordinator_id, (SELECT c.id FROM course c WHERE c.person_id = p.id"
		 " AND c.closed_on IS NULL ORDER BY c.id DESC LIMIT 1)"
		 " FROM person p WHERE p.municipality_id = ? AND p.cpr = ? ORDER BY p.id LIMIT 1",
		 "It", r->user.municipality_id, P(r, "cpr"));
	if (db_step(&q)) {
		person = db_col_int(&q, 0);
		coordinator = db_col_int(&q, 1);
		open_course = db_col_int(&q, 2);
	}
	db_finalize(&q);

	if (open_course) {
		add_referral(r, open_course);
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "referral_added",
			  person, r->route->purpose, "ok");
		if (!db_commit(r->db))
			return;
		int mine = r->user.role == ROLE_PROJECT_LEADER || coordinator == r->user.id;
		if (mine) {
			Buf loc = {0};
			flash_set(r, _("Den unge havde allerede et åbent forløb. Henvisningen er "
					     "tilføjet til det forløb, så der ikke er oprettet en dublet."));
			bprintf(&loc, "/unge/%l", person);
			redirect(r, loc.p);
			buf_free(&loc);
		} else {
			char *cname = coordinator ? db_text(r->db, "SELECT name FROM users WHERE id = ?", "I",
							    coordinator)
						  : NULL;
			page_begin(r, _("Henvisningen er tilføjet"));
			hp(r, "<h1>%h</h1>\n<p>%h</p>\n<p>%h %h.</p>\n", _("Henvisningen er tilføjet"),
			   _("Den unge har allerede et åbent forløb, så henvisningen er tilføjet til det i "
			     "stedet for at oprette en dublet."),
			   _("Den unges myndighedskoordinator er"), cname ? cname : _("ikke valgt endnu"));
			page_end(r);
			free(cname);
		}
		return;
	}

	if (!person)
		person = db_int(r->db, 0,
				"INSERT INTO person(municipality_id, cpr, name, coordinator_id, created_at)"
				" VALUES (?,?,?,?,?) RETURNING id",
				"IttJt", r->user.municipality_id, P(r, "cpr"), P(r, "name"),
				r->user.role == ROLE_COORDINATOR ? r->user.id : 0, at);
	long long course = db_int(r->db, 0,
				  "INSERT INTO course(person_id, opened_on, target_group, housing_situation)"
				  " VALUES (?,?,?,?) RETURNING id",
				  "Ittt", person, P(r, "referred_on"), tg,
				  streq(tg, "homeless") ? P(r, "housing_situation") : NULL);
	db_exec(r->db,
		"INSERT INTO course_event(course_id, step, on_date, recorded_by, recorded_at)"
		" VALUES (?,1,?,?,?)",
		"ItIt", course, P(r, "referred_on"), r->user.id, at);
	add_referral(r, course);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "create", person,
		  r->route->purpose, "ok");
	if (!db_commit(r->db))
		return;
	Buf loc = {0};
	flash_set(r, _("Henvisningen er registreret."));
	bprintf(&loc, "/unge/%l", person);
	redirect(r, loc.p);
	buf_free(&loc);
}

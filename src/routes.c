/* routes.c: every route of the program, in one table: method, path
 * pattern, the roles that may use it, its handler, its declared parameters
 * and its purpose (written to the access log).  A route without roles is
 * refused (deny by default); a parameter not declared here never reaches a
 * handler.  Add a page here and in docs/architecture.md's list. */
#include "hjemvej.h"

#define STAFF (ROLE_COORDINATOR | ROLE_PROJECT_LEADER | ROLE_SUPPORT | ROLE_TEAM)
#define CASE_OWNERS (ROLE_COORDINATOR | ROLE_PROJECT_LEADER)
#define ID {"id", PT_ID, P_REQ, 0, 0, 0}
#define END {0, 0, 0, 0, 0, 0}

static const ParamDef p_none[] = {END};
static const ParamDef p_id[] = {ID, END};
static const ParamDef p_login[] = {
	{"username", PT_LINE, P_REQ, 0, 100, 0},
	{"password", PT_LINE, P_REQ | P_NOTRIM, 0, 1000, 0},
	{"next", PT_PATH, P_QUERY, 0, 0, 0},
	END,
};
static const ParamDef p_referral[] = {
	{"cpr", PT_CPR, P_REQ, 0, 0, 0},
	{"name", PT_LINE, P_REQ, 0, 200, 0},
	{"referred_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"referrer_actor", PT_ENUM, P_REQ, 0, 0, actors},
	{"referrer_name", PT_LINE, 0, 0, 200, 0},
	{"reason", PT_TEXT, P_REQ, 0, 4000, 0},
	{"target_group", PT_ENUM, P_REQ, 0, 0, target_groups},
	{"housing_situation", PT_ENUM, 0, 0, 0, housing_situations},
	{"risk", PT_ENUM, P_MULTI, 0, 0, risk_factors},
	END,
};
static const ParamDef p_user_add[] = {
	{"username", PT_LINE, P_REQ, 0, 64, 0},
	{"name", PT_LINE, P_REQ, 0, 200, 0},
	{"role", PT_ENUM, P_REQ, 0, 0, role_choices},
	END,
};
/* team.c: the team, consent, the actor catalog */
static const ParamDef p_team[] = {
	ID,
	{"actor", PT_TOKEN, P_REQ, 0, 40, 0},
	{"name", PT_LINE, P_REQ, 0, 200, 0},
	{"contact", PT_LINE, 0, 0, 200, 0},
	{"team_role", PT_LINE, 0, 0, 200, 0},
	{"from_date", PT_DATE, P_REQ, 0, 0, 0},
	{"user_id", PT_ID, 0, 0, 0, 0},
	END,
};
static const ParamDef p_team_end[] = {
	ID,
	{"mid", PT_ID, P_REQ, 0, 0, 0},
	{"to_date", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	END,
};
static const ParamDef p_consent[] = {
	ID,
	{"kind", PT_ENUM, P_REQ | P_MULTI, 0, 0, consent_kinds},
	{"actor", PT_TOKEN, P_MULTI, 0, 40, 0},
	{"member", PT_ID, P_MULTI, 0, 0, 0},
	{"purpose", PT_TEXT, P_REQ, 0, 2000, 0},
	{"given_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"how", PT_ENUM, P_REQ, 0, 0, consent_how},
	{"note", PT_LINE, 0, 0, 500, 0},
	{"expires_on", PT_DATE, P_REQ, 0, 0, 0},
	END,
};
static const ParamDef p_withdraw[] = {
	ID,
	{"cid", PT_ID, P_REQ, 0, 0, 0},
	{"withdrawn_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"withdrawal_note", PT_TEXT, 0, 0, 2000, 0},
	END,
};
static const ParamDef p_actor_add[] = {{"label", PT_LINE, P_REQ, 0, 200, 0}, END};
static const ParamDef p_actor_edit[] = {
	ID,
	{"label", PT_LINE, P_REQ, 0, 200, 0},
	{"active", PT_ENUM, P_REQ, 0, 0, actor_active},
	END,
};
static const ParamDef p_settings[] = {{"lang", PT_ENUM, P_REQ, 0, 0, languages}, END};

const Route routes[] = {
	{"GET", "/assets/", ROLE_PUBLIC, page_asset, p_none, R_ASSET, "asset"},
	{"GET", "/", ROLE_ANY, page_root, p_none, 0, "home"},
	{"GET", "/login", ROLE_PUBLIC, page_login, p_login, 0, "login"},
	{"POST", "/login", ROLE_PUBLIC, page_login_post, p_login, 0, "login"},
	{"POST", "/logout", ROLE_ANY, page_logout, p_none, 0, "logout"},
	{"GET", "/mine-unge", STAFF, page_caseload, p_none, 0, "caseload"},
	{"GET", "/henvisning/ny", CASE_OWNERS, page_referral_form, p_referral, 0, "referral"},
	{"POST", "/henvisning", CASE_OWNERS, page_referral_post, p_referral, 0, "referral"},
	{"GET", "/unge/:id", STAFF, page_person, p_id, 0, "person"},
	{"POST", "/unge/:id/cpr", STAFF, page_person_cpr, p_id, 0, "person_cpr"},
	{"GET", "/unge/:id/team", STAFF, page_team, p_team, 0, "team"},
	{"POST", "/unge/:id/team", STAFF, page_team_add, p_team, 0, "team"},
	{"GET", "/unge/:id/team/:mid/afslut", STAFF, page_team_end_form, p_team_end, 0, "team"},
	{"POST", "/unge/:id/team/:mid/afslut", STAFF, page_team_end, p_team_end, 0, "team"},
	{"GET", "/unge/:id/samtykke", STAFF, page_consents, p_consent, 0, "consent"},
	{"POST", "/unge/:id/samtykke", STAFF, page_consent_add, p_consent, 0, "consent"},
	{"GET", "/unge/:id/samtykke/:cid/tilbagekald", STAFF, page_consent_withdraw_form, p_withdraw, 0, "consent"},
	{"POST", "/unge/:id/samtykke/:cid/tilbagekald", STAFF, page_consent_withdraw, p_withdraw, 0, "consent"},
	{"GET", "/aktoerer", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_actors, p_actor_add, 0, "actors"},
	{"POST", "/aktoerer", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_actor_add, p_actor_add, 0, "actors"},
	{"GET", "/aktoerer/:id", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_actor_edit_form, p_actor_edit, 0, "actors"},
	{"POST", "/aktoerer/:id", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_actor_edit, p_actor_edit, 0, "actors"},
	{"GET", "/overblik", ROLE_LEADER | ROLE_PROJECT_LEADER, page_overview, p_none, 0, "overview"},
	{"GET", "/indstillinger", ROLE_ANY, page_settings, p_none, 0, "settings"},
	{"POST", "/indstillinger", ROLE_ANY, page_settings_post, p_settings, 0, "settings"},
	{"GET", "/admin/brugere", ROLE_ADMIN, page_users, p_user_add, 0, "users"},
	{"POST", "/admin/brugere", ROLE_ADMIN, page_user_add, p_user_add, 0, "users"},
	{"POST", "/admin/brugere/:id/deaktiver", ROLE_ADMIN, page_user_disable, p_id, 0, "users"},
};

const size_t n_routes = sizeof routes / sizeof routes[0];

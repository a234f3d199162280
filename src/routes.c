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
/* course.c */
#define DATE_REQ {"on_date", PT_DATE, P_REQ | P_PAST, 0, 0, 0}
static const ParamDef p_allocation[] = {
	ID, DATE_REQ,
	{"needs", PT_TEXT, P_REQ, 0, 4000, 0},
	{"combination", PT_ENUM, P_REQ, 0, 0, combinations},
	{"rationale", PT_TEXT, P_REQ, 0, 4000, 0},
	END,
};
static const ParamDef p_home[] = {ID, DATE_REQ, {"kind", PT_ENUM, P_REQ, 0, 0, home_kinds}, END};
static const ParamDef p_step[] = {
	ID, {"step", PT_INT, P_REQ, 3, 6, 0}, DATE_REQ, {"note", PT_TEXT, 0, 0, 2000, 0}, END,
};
static const ParamDef p_close[] = {
	ID, DATE_REQ,
	{"involved", PT_ENUM, P_MULTI, 0, 0, close_involvement},
	{"not_involved", PT_TEXT, 0, 0, 2000, 0},
	{"end_reason", PT_ENUM, P_REQ, 0, 0, end_reasons},
	{"end_text", PT_TEXT, 0, 0, 2000, 0},
	END,
};
static const ParamDef p_decline[] = {ID, DATE_REQ, {"reason", PT_TEXT, P_REQ, 0, 4000, 0}, END};
static const ParamDef p_reopen[] = {
	ID,
	{"referred_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"referrer_actor", PT_ENUM, P_REQ, 0, 0, actors},
	{"referrer_name", PT_LINE, 0, 0, 200, 0},
	{"reason", PT_TEXT, P_REQ, 0, 4000, 0},
	{"target_group", PT_ENUM, P_REQ, 0, 0, target_groups},
	{"housing_situation", PT_ENUM, 0, 0, 0, housing_situations},
	{"risk", PT_ENUM, P_MULTI, 0, 0, risk_factors},
	END,
};
static const ParamDef p_coordinator[] = {ID, {"coordinator", PT_ID, 0, 0, 0, 0}, END};
static const ParamDef p_checklist[] = {ID, {"item", PT_ENUM, P_MULTI, 0, 0, start_checklist}, END};
static const ParamDef p_guide[] = {{"guide", PT_INT, P_REQ, 1, 500, 0}, END};

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
	{"GET", "/unge/:id", CASE_OWNERS, page_person, p_id, 0, "person"},
	{"POST", "/unge/:id/cpr", CASE_OWNERS, page_person_cpr, p_id, 0, "person_cpr"},
	{"GET", "/unge/:id/visitation", CASE_OWNERS, page_allocation, p_allocation, 0, "allocation"},
	{"POST", "/unge/:id/visitation", CASE_OWNERS, page_allocation_post, p_allocation, 0, "allocation"},
	{"GET", "/unge/:id/bolig-fundet", CASE_OWNERS, page_home_found, p_home, 0, "home_found"},
	{"POST", "/unge/:id/bolig-fundet", CASE_OWNERS, page_home_found_post, p_home, 0, "home_found"},
	{"GET", "/unge/:id/trin/:step", CASE_OWNERS, page_step, p_step, 0, "course_step"},
	{"POST", "/unge/:id/trin/:step", CASE_OWNERS, page_step_post, p_step, 0, "course_step"},
	{"GET", "/unge/:id/afslut", CASE_OWNERS, page_close, p_close, 0, "course_close"},
	{"POST", "/unge/:id/afslut", CASE_OWNERS, page_close_post, p_close, 0, "course_close"},
	{"GET", "/unge/:id/takker-nej", CASE_OWNERS, page_decline, p_decline, 0, "course_decline"},
	{"POST", "/unge/:id/takker-nej", CASE_OWNERS, page_decline_post, p_decline, 0, "course_decline"},
	{"GET", "/unge/:id/nyt-forloeb", CASE_OWNERS, page_reopen, p_reopen, 0, "course_reopen"},
	{"POST", "/unge/:id/nyt-forloeb", CASE_OWNERS, page_reopen_post, p_reopen, 0, "course_reopen"},
	{"POST", "/unge/:id/tjekliste", CASE_OWNERS, page_checklist_post, p_checklist, 0, "start_checklist"},
	{"GET", "/unge/:id/koordinator", ROLE_PROJECT_LEADER, page_coordinator, p_coordinator, 0, "coordinator"},
	{"POST", "/unge/:id/koordinator", ROLE_PROJECT_LEADER, page_coordinator_post, p_coordinator, 0, "coordinator"},
	{"POST", "/unge/:id/koordinator/tag", ROLE_COORDINATOR, page_coordinator_take, p_id, 0, "coordinator_take"},
	{"GET", "/kommune/koordinatorer", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_guide, p_guide, 0, "coordinator_guide"},
	{"POST", "/kommune/koordinatorer", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_guide_post, p_guide, 0, "coordinator_guide"},
	{"GET", "/overblik", ROLE_LEADER | ROLE_PROJECT_LEADER, page_overview, p_none, 0, "overview"},
	{"GET", "/indstillinger", ROLE_ANY, page_settings, p_none, 0, "settings"},
	{"POST", "/indstillinger", ROLE_ANY, page_settings_post, p_settings, 0, "settings"},
	{"GET", "/admin/brugere", ROLE_ADMIN, page_users, p_user_add, 0, "users"},
	{"POST", "/admin/brugere", ROLE_ADMIN, page_user_add, p_user_add, 0, "users"},
	{"POST", "/admin/brugere/:id/deaktiver", ROLE_ADMIN, page_user_disable, p_id, 0, "users"},
};

const size_t n_routes = sizeof routes / sizeof routes[0];

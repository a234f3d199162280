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
/* network meetings (meeting.c) */
#define MID {"mid", PT_ID, P_REQ, 0, 0, 0}
#define MEETING_WHEN \
	{"date", PT_DATE, P_REQ, 0, 0, 0}, {"start", PT_LINE, P_REQ, 0, 5, 0}, \
	{"end", PT_LINE, P_REQ, 0, 5, 0}, {"place", PT_LINE, P_REQ, 0, 200, 0}
static const ParamDef p_meeting_plan[] = {
	ID, MEETING_WHEN,
	{"young", PT_BOOL, 0, 0, 0, 0},
	{"member", PT_ID, P_MULTI, 0, 0, 0},
	{"guest1_name", PT_LINE, 0, 0, 200, 0}, {"guest1_rel", PT_ENUM, 0, 0, 0, network_relations},
	{"guest2_name", PT_LINE, 0, 0, 200, 0}, {"guest2_rel", PT_ENUM, 0, 0, 0, network_relations},
	{"guest3_name", PT_LINE, 0, 0, 200, 0}, {"guest3_rel", PT_ENUM, 0, 0, 0, network_relations},
	{"points", PT_TEXT, 0, 0, 4000, 0},
	END,
};
static const ParamDef p_meeting[] = {
	ID, MID,
	{"young_present", PT_ENUM, P_REQ, 0, 0, yes_no},
	{"present", PT_ID, P_MULTI, 0, 0, 0},
	{"minutes", PT_TEXT, 0, 0, 20000, 0},
	{"next_date", PT_DATE, 0, 0, 0, 0},
	END,
};
static const ParamDef p_meeting_move[] = {ID, MID, MEETING_WHEN, {"seq", PT_INT, 0, 0, 1000000, 0}, END};
static const ParamDef p_meeting_check[] = {
	ID, MID,
	{"item", PT_ENUM, P_MULTI, 0, 0, meeting_checklist},
	{"was", PT_ENUM, P_MULTI, 0, 0, meeting_checklist},
	END,
};
static const ParamDef p_meeting_id[] = {ID, MID, END};
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
	{"GET", "/unge/:id/moeder/ny", CASE_OWNERS, page_meeting_new, p_meeting_plan, 0, "meeting"},
	{"POST", "/unge/:id/moeder", CASE_OWNERS, page_meeting_create, p_meeting_plan, 0, "meeting"},
	{"GET", "/unge/:id/moeder/:mid", CASE_OWNERS, page_meeting, p_meeting, 0, "meeting"},
	{"GET", "/unge/:id/moeder/:mid/flyt", CASE_OWNERS, page_meeting_move_form, p_meeting_move, 0, "meeting"},
	{"POST", "/unge/:id/moeder/:mid/flyt", CASE_OWNERS, page_meeting_move, p_meeting_move, 0, "meeting"},
	{"POST", "/unge/:id/moeder/:mid/tjekliste", CASE_OWNERS, page_meeting_checklist, p_meeting_check, 0, "meeting"},
	{"POST", "/unge/:id/moeder/:mid/afholdt", CASE_OWNERS, page_meeting_held, p_meeting, 0, "meeting"},
	{"GET", "/unge/:id/moeder/:mid/invitation.ics", CASE_OWNERS, page_meeting_ics, p_meeting_id, 0,
	 "meeting_invitation"},
	{"GET", "/overblik", ROLE_LEADER | ROLE_PROJECT_LEADER, page_overview, p_none, 0, "overview"},
	{"GET", "/indstillinger", ROLE_ANY, page_settings, p_none, 0, "settings"},
	{"POST", "/indstillinger", ROLE_ANY, page_settings_post, p_settings, 0, "settings"},
	{"GET", "/admin/brugere", ROLE_ADMIN, page_users, p_user_add, 0, "users"},
	{"POST", "/admin/brugere", ROLE_ADMIN, page_user_add, p_user_add, 0, "users"},
	{"POST", "/admin/brugere/:id/deaktiver", ROLE_ADMIN, page_user_disable, p_id, 0, "users"},
};

const size_t n_routes = sizeof routes / sizeof routes[0];

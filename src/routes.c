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
/* Network mapping: the date, a note and NET_MAX_ROWS rows of one person
 * each (name, relation, closeness, supports/burdens, contact frequency,
 * can help with, the person's key in earlier versions, remove). */
#define NET_ROW(i)                                                                  \
	{"n" #i, PT_LINE, 0, 0, 200, 0}, {"rel" #i, PT_ENUM, 0, 0, 0, net_relations}, \
	{"cl" #i, PT_ENUM, 0, 0, 0, net_closeness}, {"va" #i, PT_ENUM, 0, 0, 0, net_valence}, \
	{"fq" #i, PT_ENUM, 0, 0, 0, net_frequency}, {"help" #i, PT_LINE, 0, 0, 300, 0},  \
	{"key" #i, PT_ID, 0, 0, 0, 0}, {"del" #i, PT_BOOL, 0, 0, 0, 0}
static const ParamDef p_network[] = {
	ID,
	{"mapped_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"note", PT_TEXT, 0, 0, 4000, 0},
	NET_ROW(0),
	NET_ROW(1),
	NET_ROW(2),
	NET_ROW(3),
	NET_ROW(4),
	NET_ROW(5),
	NET_ROW(6),
	NET_ROW(7),
	NET_ROW(8),
	NET_ROW(9),
	NET_ROW(10),
	NET_ROW(11),
	NET_ROW(12),
	NET_ROW(13),
	NET_ROW(14),
	NET_ROW(15),
	NET_ROW(16),
	NET_ROW(17),
	NET_ROW(18),
	NET_ROW(19),
	NET_ROW(20),
	NET_ROW(21),
	NET_ROW(22),
	NET_ROW(23),
	NET_ROW(24),
	END,
};
static const ParamDef p_network_map[] = {ID, {"map", PT_ID, P_REQ, 0, 0, 0}, END};
static const ParamDef p_network_compare[] = {
	ID,
	{"fra", PT_ID, P_QUERY, 0, 0, 0},
	{"til", PT_ID, P_QUERY, 0, 0, 0},
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
	{"GET", "/unge/:id", CASE_OWNERS, page_person, p_id, 0, "person"},
	{"POST", "/unge/:id/cpr", CASE_OWNERS, page_person_cpr, p_id, 0, "person_cpr"},
	{"GET", "/unge/:id/netvaerk", CASE_OWNERS, page_network, p_id, 0, "network"},
	{"GET", "/unge/:id/netvaerk/ny", CASE_OWNERS, page_network_form, p_network, 0, "network"},
	{"POST", "/unge/:id/netvaerk", CASE_OWNERS, page_network_post, p_network, 0, "network"},
	{"GET", "/unge/:id/netvaerk/sammenlign", CASE_OWNERS, page_network_compare, p_network_compare, 0,
	 "network"},
	{"GET", "/unge/:id/netvaerk/:map", CASE_OWNERS, page_network_version, p_network_map, 0, "network"},
	{"GET", "/overblik", ROLE_LEADER | ROLE_PROJECT_LEADER, page_overview, p_none, 0, "overview"},
	{"GET", "/indstillinger", ROLE_ANY, page_settings, p_none, 0, "settings"},
	{"POST", "/indstillinger", ROLE_ANY, page_settings_post, p_settings, 0, "settings"},
	{"GET", "/admin/brugere", ROLE_ADMIN, page_users, p_user_add, 0, "users"},
	{"POST", "/admin/brugere", ROLE_ADMIN, page_user_add, p_user_add, 0, "users"},
	{"POST", "/admin/brugere/:id/deaktiver", ROLE_ADMIN, page_user_disable, p_id, 0, "users"},
};

const size_t n_routes = sizeof routes / sizeof routes[0];

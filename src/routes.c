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
/* report.c: the project report's written answers (at most 4000 characters each) */
#define REPORT_ANSWERS \
	{"a_model", PT_TEXT, 0, 0, 4000, 0}, {"a_cti", PT_TEXT, 0, 0, 4000, 0}, {"a_icm", PT_TEXT, 0, 0, 4000, 0}, \
	{"a_plan", PT_TEXT, 0, 0, 4000, 0}, {"a_challenges", PT_TEXT, 0, 0, 4000, 0}, {"a_other", PT_TEXT, 0, 0, 4000, 0}
static const ParamDef p_report_new[] = {{"fra", PT_DATE, P_QUERY | P_REQ, 0, 0, 0}, REPORT_ANSWERS, END};
static const ParamDef p_report[] = {{"rid", PT_ID, P_REQ, 0, 0, 0}, {"version", PT_INT, 0, 1, 1000000000, 0},
				    REPORT_ANSWERS, END};
static const ParamDef p_id[] = {ID, END};
/* the leadership reports: a period and an export format */
static const ParamDef p_period[] = {{"fra", PT_DATE, P_QUERY, 0, 0, 0}, {"til", PT_DATE, P_QUERY, 0, 0, 0},
				    {"format", PT_ENUM, P_QUERY, 0, 0, export_formats}, END};
/* Omkostninger: the period and, posted by the project leader, the coordinator posts */
static const ParamDef p_cost[] = {{"fra", PT_DATE, P_QUERY, 0, 0, 0}, {"til", PT_DATE, P_QUERY, 0, 0, 0},
				  {"format", PT_ENUM, P_QUERY, 0, 0, export_formats}, {"stillinger", PT_LINE, 0, 0, 20, 0},
				  END};
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
static const ParamDef p_goal_new[] = {
	ID,
	{"domain", PT_ENUM, P_REQ, 0, 0, life_domains},
	{"text", PT_TEXT, P_REQ, 0, 1000, 0},
	{"set_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	END,
};
/* one goal's page holds two forms (edit the goal, a new agreement); each
 * handler checks what its form requires */
static const ParamDef p_goal[] = {
	ID,
	{"gid", PT_ID, P_REQ, 0, 0, 0},
	{"version", PT_INT, 0, 1, 1000000000, 0},
	{"domain", PT_ENUM, 0, 0, 0, life_domains},
	{"text", PT_TEXT, 0, 0, 1000, 0},
	{"status", PT_ENUM, 0, 0, 0, goal_statuses},
	{"what", PT_TEXT, 0, 0, 2000, 0},
	{"responsible", PT_TOKEN, 0, 0, 30, 0},
	{"responsible_name", PT_LINE, 0, 0, 200, 0},
	{"deadline", PT_DATE, 0, 0, 0, 0},
	END,
};
static const ParamDef p_agreement[] = {
	ID,
	{"aid", PT_ID, P_REQ, 0, 0, 0},
	{"version", PT_INT, 0, 1, 1000000000, 0},
	{"what", PT_TEXT, 0, 0, 2000, 0},
	{"responsible", PT_TOKEN, 0, 0, 30, 0},
	{"responsible_name", PT_LINE, 0, 0, 200, 0},
	{"deadline", PT_DATE, 0, 0, 0, 0},
	{"fstatus", PT_ENUM, 0, 0, 0, agreement_statuses},
	{"note", PT_TEXT, 0, 0, 4000, 0},
	END,
};
/* the fidelity measurement (fidelity.c): the manual items and their notes */
#define FID_MANUAL(k) {k, PT_ENUM, 0, 0, 0, fidelity_answers}, {k "_note", PT_TEXT, 0, 0, 2000, 0}
#define FID_ANSWERS \
	FID_MANUAL("m_authority"), FID_MANUAL("m_team_choice"), FID_MANUAL("m_leadership_met"), \
	FID_MANUAL("m_leadership_resources"), FID_MANUAL("m_supervision"), FID_MANUAL("m_flexible")
static const ParamDef p_fidelity_new[] = {{"fra", PT_DATE, P_REQ | P_QUERY, 0, 0, 0}, FID_ANSWERS, END};
static const ParamDef p_fidelity[] = {
	{"fid", PT_ID, P_REQ, 0, 0, 0}, {"version", PT_INT, 0, 1, 1000000000, 0}, FID_ANSWERS, END,
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
	/* the follow-up of the open agreements (goals.c), row by row */
	{"fa", PT_ID, P_MULTI, 0, 0, 0},
	{"fs", PT_ENUM, P_MULTI, 0, 0, agreement_statuses},
	{"fn", PT_TEXT, P_MULTI, 0, 2000, 0},
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
/* home.c: the home of a homeless young person (step 5) and losing it */
static const ParamDef p_home_new[] = {
	ID,
	{"address", PT_LINE, P_REQ, 0, 200, 0},
	{"kind", PT_ENUM, P_REQ, 0, 0, dwelling_kinds},
	{"rent", PT_INT, 0, 0, 1000000, 0},
	{"found_how", PT_ENUM, P_REQ, 0, 0, home_found_how},
	{"lease_on", PT_DATE, P_PAST, 0, 0, 0},
	{"moved_in_on", PT_DATE, P_PAST, 0, 0, 0},
	{"support", PT_ENUM, P_MULTI, 0, 0, home_supports},
	{"support_note", PT_TEXT, 0, 0, 2000, 0},
	END,
};
static const ParamDef p_home_edit[] = {
	ID,
	{"hid", PT_ID, P_REQ, 0, 0, 0},
	{"version", PT_INT, 0, 1, 1000000000, 0},
	{"address", PT_LINE, P_REQ, 0, 200, 0},
	{"kind", PT_ENUM, P_REQ, 0, 0, dwelling_kinds},
	{"rent", PT_INT, 0, 0, 1000000, 0},
	{"found_how", PT_ENUM, P_REQ, 0, 0, home_found_how},
	{"lease_on", PT_DATE, P_PAST, 0, 0, 0},
	{"moved_in_on", PT_DATE, P_PAST, 0, 0, 0},
	{"support", PT_ENUM, P_MULTI, 0, 0, home_supports},
	{"support_note", PT_TEXT, 0, 0, 2000, 0},
	END,
};
static const ParamDef p_home_lost[] = {
	ID,
	{"hid", PT_ID, P_REQ, 0, 0, 0},
	{"version", PT_INT, 0, 1, 1000000000, 0},
	{"lost_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"lost_reason", PT_ENUM, P_REQ, 0, 0, home_lost_reasons},
	{"lost_note", PT_TEXT, 0, 0, 2000, 0},
	{"housing_after", PT_ENUM, P_REQ, 0, 0, housing_situations},
	END,
};
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
/* support.c: housing support (bostøtte) */
#define SID {"sid", PT_ID, P_REQ, 0, 0, 0}
#define ACT_ROW(i) \
	{"tu" #i, PT_ID, 0, 0, 0, 0}, {"tn" #i, PT_LINE, 0, 0, 200, 0}, {"td" #i, PT_ENUM, 0, 0, 0, act_disciplines}
#define ACT_ROWS_ALL ACT_ROW(0), ACT_ROW(1), ACT_ROW(2), ACT_ROW(3), ACT_ROW(4)
static const ParamDef p_support_new[] = {
	ID,
	{"method", PT_ENUM, P_REQ, 0, 0, support_methods},
	{"start_on", PT_DATE, P_REQ, 0, 0, 0},
	{"worker", PT_ID, P_REQ, 0, 0, 0},
	{"override_reason", PT_TEXT, 0, 0, 2000, 0},
	ACT_ROWS_ALL,
	END,
};
static const ParamDef p_support[] = {
	ID, SID,
	{"item", PT_ENUM, P_MULTI, 0, 0, cti_checklist},
	{"done_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"note", PT_LINE, 0, 0, 500, 0},
	END,
};
static const ParamDef p_support_worker[] = {
	ID, SID,
	{"worker", PT_ID, 0, 0, 0, 0},
	{"from_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"override_reason", PT_TEXT, 0, 0, 2000, 0},
	{"end_member", PT_ID, P_MULTI, 0, 0, 0},
	ACT_ROWS_ALL,
	END,
};
static const ParamDef p_support_end[] = {
	ID, SID,
	{"end_on", PT_DATE, P_REQ | P_PAST, 0, 0, 0},
	{"end_reason", PT_ENUM, P_REQ, 0, 0, support_end_reasons},
	{"end_note", PT_TEXT, 0, 0, 2000, 0},
	{"next_support", PT_ENUM, P_REQ, 0, 0, next_supports},
	{"next_support_on", PT_DATE, 0, 0, 0, 0},
	END,
};
static const ParamDef p_support_undo[] = {ID, SID, {"undo", PT_ENUM, P_REQ, 0, 0, cti_checklist}, END};
static const ParamDef p_support_uid[] = {{"uid", PT_ID, P_REQ, 0, 0, 0}, END};
/* contact.c: the support worker's contacts (one form for new and corrected) */
static const ParamDef p_contact[] = {
	ID,
	{"sid", PT_ID, P_REQ, 0, 0, 0},
	{"kid", PT_ID, 0, 0, 0, 0},
	{"version", PT_INT, 0, 1, 1000000000, 0},
	{"on_date", PT_DATE, P_REQ, 0, 0, 0},
	{"kind", PT_ENUM, 0, 0, 0, contact_kinds},
	{"minutes", PT_INT, 0, -1000000000, 1000000000, 0},
	{"travel_minutes", PT_INT, 0, -1000000000, 1000000000, 0},
	{"place", PT_ENUM, 0, 0, 0, contact_places},
	{"domain", PT_ENUM, P_MULTI, 0, 0, life_domains},
	{"note", PT_TEXT, 0, 0, 2000, 0},
	END,
};
/* measure.c: the quarterly instruments.  The answers are a1..a40 (the
 * item's position in its version); measure.c checks each against the
 * item's kind and scale in the database. */
static const Choice instrument_keys[] = {
	{"individ_model", N_("Individindberetning og Samarbejdsmodel")},
	{"individ_support", N_("Individindberetning og bostøtte")},
	{"dialog", N_("Dialogredskab")},
	{0, 0},
};
#define ANS(n) {"a" #n, PT_TEXT, P_MULTI, 0, 2000, 0}
#define ANS10(d) ANS(d##0), ANS(d##1), ANS(d##2), ANS(d##3), ANS(d##4), ANS(d##5), ANS(d##6), ANS(d##7), \
	ANS(d##8), ANS(d##9)
#define ANSWERS ANS(1), ANS(2), ANS(3), ANS(4), ANS(5), ANS(6), ANS(7), ANS(8), ANS(9), ANS10(1), ANS10(2), \
	ANS10(3), ANS(40)
static const ParamDef p_measure_new[] = {
	ID,
	{"instrument", PT_ENUM, P_QUERY | P_REQ, 0, 0, instrument_keys},
	{"nr", PT_INT, P_QUERY | P_REQ, 0, 1000, 0},
	{"sid", PT_ID, P_QUERY, 0, 0, 0},
	ANSWERS,
	END,
};
static const ParamDef p_measure_print[] = {
	ID, {"instrument", PT_ENUM, P_QUERY | P_REQ, 0, 0, instrument_keys}, END,
};
static const ParamDef p_measure[] = {
	ID,
	{"mid", PT_ID, P_REQ, 0, 0, 0},
	{"version", PT_INT, 0, 1, 1000000000, 0},
	ANSWERS,
	END,
};
/* timereg.c: time registration per quarter, one field per method and kind of work */
#define TIME_CELL(n) {n, PT_LINE, 0, 0, 20, 0}
#define TIME_FORM \
	TIME_CELL("model_direct"), TIME_CELL("model_meetings"), TIME_CELL("model_coordination"), \
	TIME_CELL("model_transport"), TIME_CELL("cti_direct"), TIME_CELL("cti_meetings"), \
	TIME_CELL("cti_coordination"), TIME_CELL("cti_transport"), TIME_CELL("icm_direct"), \
	TIME_CELL("icm_meetings"), TIME_CELL("icm_coordination"), TIME_CELL("icm_transport"), \
	TIME_CELL("act_direct"), TIME_CELL("act_meetings"), TIME_CELL("act_coordination"), \
	TIME_CELL("act_transport"), {"none", PT_BOOL, 0, 0, 0, 0}, {"note", PT_TEXT, 0, 0, 1000, 0}, \
	{"hours", PT_BOOL, 0, 0, 0, 0}
static const ParamDef p_time_new[] = {{"fra", PT_DATE, P_REQ | P_QUERY, 0, 0, 0}, TIME_FORM, END};
static const ParamDef p_time[] = {
	{"tid", PT_ID, P_REQ, 0, 0, 0}, {"version", PT_INT, 0, 1, 1000000000, 0}, TIME_FORM, END,
};
static const ParamDef p_hourly_cost[] = {{"hourly_cost", PT_LINE, P_REQ, 0, 20, 0}, END};
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
	{"GET", "/unge/:id/maal", STAFF, page_goals, p_goal_new, 0, "goals"},
	{"GET", "/unge/:id/maal/udskrift", STAFF, page_goals, p_goal_new, 0, "goals_print"},
	{"POST", "/unge/:id/maal", CASE_OWNERS, page_goal_add, p_goal_new, 0, "goals"},
	{"GET", "/unge/:id/maal/:gid", CASE_OWNERS, page_goal, p_goal, 0, "goals"},
	{"POST", "/unge/:id/maal/:gid", CASE_OWNERS, page_goal_save, p_goal, 0, "goals"},
	{"POST", "/unge/:id/maal/:gid/aftaler", CASE_OWNERS, page_agreement_add, p_goal, 0, "goals"},
	{"GET", "/unge/:id/aftaler/:aid", STAFF, page_agreement, p_agreement, 0, "goals"},
	{"POST", "/unge/:id/aftaler/:aid", CASE_OWNERS, page_agreement_save, p_agreement, 0, "goals"},
	{"POST", "/unge/:id/aftaler/:aid/opfoelgning", STAFF, page_agreement_followup, p_agreement, 0, "goals"},
	{"GET", "/mine-aftaler", STAFF, page_my_agreements, p_none, 0, "my_agreements"},
	{"GET", "/unge/:id/moeder/ny", CASE_OWNERS, page_meeting_new, p_meeting_plan, 0, "meeting"},
	{"POST", "/unge/:id/moeder", CASE_OWNERS, page_meeting_create, p_meeting_plan, 0, "meeting"},
	{"GET", "/unge/:id/moeder/:mid", CASE_OWNERS, page_meeting, p_meeting, 0, "meeting"},
	{"GET", "/unge/:id/moeder/:mid/flyt", CASE_OWNERS, page_meeting_move_form, p_meeting_move, 0, "meeting"},
	{"POST", "/unge/:id/moeder/:mid/flyt", CASE_OWNERS, page_meeting_move, p_meeting_move, 0, "meeting"},
	{"POST", "/unge/:id/moeder/:mid/tjekliste", CASE_OWNERS, page_meeting_checklist, p_meeting_check, 0, "meeting"},
	{"POST", "/unge/:id/moeder/:mid/afholdt", CASE_OWNERS, page_meeting_held, p_meeting, 0, "meeting"},
	{"GET", "/unge/:id/moeder/:mid/invitation.ics", CASE_OWNERS, page_meeting_ics, p_meeting_id, 0,
	 "meeting_invitation"},
	{"GET", "/unge/:id/netvaerk", CASE_OWNERS, page_network, p_id, 0, "network"},
	{"GET", "/unge/:id/netvaerk/ny", CASE_OWNERS, page_network_form, p_network, 0, "network"},
	{"POST", "/unge/:id/netvaerk", CASE_OWNERS, page_network_post, p_network, 0, "network"},
	{"GET", "/unge/:id/netvaerk/sammenlign", CASE_OWNERS, page_network_compare, p_network_compare, 0,
	 "network"},
	{"GET", "/unge/:id/netvaerk/:map", CASE_OWNERS, page_network_version, p_network_map, 0, "network"},
	{"GET", "/unge/:id/visitation", CASE_OWNERS, page_allocation, p_allocation, 0, "allocation"},
	{"POST", "/unge/:id/visitation", CASE_OWNERS, page_allocation_post, p_allocation, 0, "allocation"},
	{"GET", "/unge/:id/bolig-fundet", CASE_OWNERS, page_home_found, p_home, 0, "home_found"},
	{"POST", "/unge/:id/bolig-fundet", CASE_OWNERS, page_home_found_post, p_home, 0, "home_found"},
	/* home.c: support_may_change decides (case owner or support worker) */
	{"GET", "/unge/:id/bolig/ny", STAFF, page_home_new, p_home_new, 0, "home"},
	{"POST", "/unge/:id/bolig/ny", STAFF, page_home_create, p_home_new, 0, "home"},
	{"GET", "/unge/:id/bolig/:hid", STAFF, page_home_edit, p_home_edit, 0, "home"},
	{"POST", "/unge/:id/bolig/:hid", STAFF, page_home_save, p_home_edit, 0, "home"},
	{"GET", "/unge/:id/bolig/:hid/mistet", STAFF, page_home_lost_form, p_home_lost, 0, "home_lost"},
	{"POST", "/unge/:id/bolig/:hid/mistet", STAFF, page_home_lost, p_home_lost, 0, "home_lost"},
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
	{"GET", "/unge/:id/team", STAFF, page_team, p_team, 0, "team"},
	{"POST", "/unge/:id/team", STAFF, page_team_add, p_team, 0, "team"},
	{"GET", "/unge/:id/team/:mid/afslut", STAFF, page_team_end_form, p_team_end, 0, "team"},
	{"POST", "/unge/:id/team/:mid/afslut", STAFF, page_team_end, p_team_end, 0, "team"},
	{"GET", "/unge/:id/samtykke", STAFF, page_consents, p_consent, 0, "consent"},
	{"POST", "/unge/:id/samtykke", STAFF, page_consent_add, p_consent, 0, "consent"},
	{"GET", "/unge/:id/samtykke/:cid/tilbagekald", STAFF, page_consent_withdraw_form, p_withdraw, 0, "consent"},
	{"POST", "/unge/:id/samtykke/:cid/tilbagekald", STAFF, page_consent_withdraw, p_withdraw, 0, "consent"},
	{"GET", "/unge/:id/bostoette/ny", CASE_OWNERS, page_support_new, p_support_new, 0, "support_start"},
	{"POST", "/unge/:id/bostoette/ny", CASE_OWNERS, page_support_create, p_support_new, 0, "support_start"},
	{"GET", "/unge/:id/bostoette/:sid", STAFF, page_support, p_support, 0, "support"},
	{"POST", "/unge/:id/bostoette/:sid/tjekliste", STAFF, page_support_checklist, p_support, 0, "support_checklist"},
	{"POST", "/unge/:id/bostoette/:sid/tjekliste/fortryd", STAFF, page_support_checklist_undo, p_support_undo, 0,
	 "support_checklist"},
	{"GET", "/unge/:id/bostoette/:sid/medarbejder", CASE_OWNERS, page_support_worker, p_support_worker, 0, "support_worker"},
	{"POST", "/unge/:id/bostoette/:sid/medarbejder", CASE_OWNERS, page_support_worker_post, p_support_worker, 0, "support_worker"},
	{"GET", "/unge/:id/bostoette/:sid/afslut", STAFF, page_support_end, p_support_end, 0, "support_end"},
	{"POST", "/unge/:id/bostoette/:sid/afslut", STAFF, page_support_end_post, p_support_end, 0, "support_end"},
	{"GET", "/bostoette", ROLE_PROJECT_LEADER, page_support_caseloads, p_none, 0, "support_caseloads"},
	{"GET", "/bostoette/medarbejdere/:uid", STAFF, page_support_caseload, p_support_uid, 0, "support_caseload"},
	{"GET", "/unge/:id/bostoette/:sid/kontakter", STAFF, page_contacts, p_contact, 0, "contacts"},
	{"GET", "/unge/:id/bostoette/:sid/kontakter/ny", STAFF, page_contact_new, p_contact, 0, "contacts"},
	{"POST", "/unge/:id/bostoette/:sid/kontakter", STAFF, page_contact_create, p_contact, 0, "contacts"},
	{"GET", "/unge/:id/bostoette/:sid/kontakter/:kid", STAFF, page_contact, p_contact, 0, "contacts"},
	{"POST", "/unge/:id/bostoette/:sid/kontakter/:kid", STAFF, page_contact_save, p_contact, 0, "contacts"},
	{"GET", "/unge/:id/maalinger", STAFF, page_measures, p_id, 0, "measurements"},
	{"GET", "/unge/:id/maalinger/ny", STAFF, page_measure_new, p_measure_new, 0, "measurements"},
	{"POST", "/unge/:id/maalinger/ny", STAFF, page_measure_create, p_measure_new, 0, "measurements"},
	{"GET", "/unge/:id/maalinger/udskrift", STAFF, page_measure_print, p_measure_print, 0, "measurements"},
	{"GET", "/unge/:id/maalinger/:mid", STAFF, page_measure, p_measure, 0, "measurements"},
	{"GET", "/unge/:id/maalinger/:mid/ret", STAFF, page_measure_edit, p_measure, 0, "measurements"},
	{"POST", "/unge/:id/maalinger/:mid/ret", STAFF, page_measure_save, p_measure, 0, "measurements"},
	{"GET", "/aktoerer", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_actors, p_actor_add, 0, "actors"},
	{"POST", "/aktoerer", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_actor_add, p_actor_add, 0, "actors"},
	{"GET", "/aktoerer/:id", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_actor_edit_form, p_actor_edit, 0, "actors"},
	{"POST", "/aktoerer/:id", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_actor_edit, p_actor_edit, 0, "actors"},
	{"GET", "/dokumentation", ROLE_COORDINATOR | ROLE_PROJECT_LEADER | ROLE_SUPPORT, page_documentation, p_none, 0,
	 "documentation"},
	{"GET", "/tid", CASE_OWNERS | ROLE_SUPPORT, page_timereg, p_none, 0, "time_registration"},
	{"GET", "/tid/ny", CASE_OWNERS | ROLE_SUPPORT, page_timereg_new, p_time_new, 0, "time_registration"},
	{"POST", "/tid/ny", CASE_OWNERS | ROLE_SUPPORT, page_timereg_create, p_time_new, 0, "time_registration"},
	{"GET", "/tid/oversigt", ROLE_PROJECT_LEADER, page_timereg_overview, p_none, 0, "time_overview"},
	{"GET", "/tid/timepris", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_hourly_cost, p_hourly_cost, 0, "hourly_cost"},
	{"POST", "/tid/timepris", ROLE_ADMIN | ROLE_PROJECT_LEADER, page_hourly_cost_post, p_hourly_cost, 0, "hourly_cost"},
	{"GET", "/tid/:tid", CASE_OWNERS | ROLE_SUPPORT, page_timereg_view, p_time, 0, "time_registration"},
	{"GET", "/tid/:tid/ret", CASE_OWNERS | ROLE_SUPPORT, page_timereg_edit, p_time, 0, "time_registration"},
	{"POST", "/tid/:tid/ret", CASE_OWNERS | ROLE_SUPPORT, page_timereg_save, p_time, 0, "time_registration"},
	{"GET", "/fidelitet", ROLE_PROJECT_LEADER | ROLE_LEADER, page_fidelity_list, p_none, 0, "fidelity"},
	{"GET", "/fidelitet/ny", ROLE_PROJECT_LEADER, page_fidelity_new, p_fidelity_new, 0, "fidelity"},
	{"POST", "/fidelitet/ny", ROLE_PROJECT_LEADER, page_fidelity_create, p_fidelity_new, 0, "fidelity"},
	{"GET", "/fidelitet/:fid", ROLE_PROJECT_LEADER | ROLE_LEADER, page_fidelity, p_fidelity, 0, "fidelity"},
	{"GET", "/fidelitet/:fid/ret", ROLE_PROJECT_LEADER, page_fidelity_edit, p_fidelity, 0, "fidelity"},
	{"POST", "/fidelitet/:fid/ret", ROLE_PROJECT_LEADER, page_fidelity_save, p_fidelity, 0, "fidelity"},
	/* report.c: the half-yearly project report; the leader may read submitted ones */
	{"GET", "/projektindberetning", ROLE_PROJECT_LEADER | ROLE_LEADER, page_reports, p_none, 0, "project_report"},
	{"GET", "/projektindberetning/ny", ROLE_PROJECT_LEADER, page_report_new, p_report_new, 0, "project_report"},
	{"POST", "/projektindberetning/ny", ROLE_PROJECT_LEADER, page_report_create, p_report_new, 0, "project_report"},
	{"GET", "/projektindberetning/:rid", ROLE_PROJECT_LEADER | ROLE_LEADER, page_report, p_report, 0, "project_report"},
	{"GET", "/projektindberetning/:rid/ret", ROLE_PROJECT_LEADER, page_report_edit, p_report, 0, "project_report"},
	{"POST", "/projektindberetning/:rid/ret", ROLE_PROJECT_LEADER, page_report_save, p_report, 0, "project_report"},
	/* the leadership group's results and costs (aggregates only) */
	{"GET", "/overblik", ROLE_LEADER | ROLE_PROJECT_LEADER, page_overview, p_period, 0, "overview"},
	{"GET", "/resultater", ROLE_LEADER | ROLE_PROJECT_LEADER, page_outcome, p_period, R_REPORT, "outcome"},
	{"GET", "/omkostninger", ROLE_LEADER | ROLE_PROJECT_LEADER, page_cost, p_cost, R_REPORT, "cost"},
	{"POST", "/omkostninger/stillinger", ROLE_PROJECT_LEADER, page_cost_posts, p_cost, 0,
	 "coordinator_posts"},
	{"GET", "/eksport", ROLE_PROJECT_LEADER, page_pseudonym, p_none, 0, "pseudonym_export"},
	{"GET", "/eksport/pseudonym", ROLE_PROJECT_LEADER, page_pseudonym_export, p_period, R_REPORT, "pseudonym_export"},
	{"GET", "/indstillinger", ROLE_ANY, page_settings, p_none, 0, "settings"},
	{"POST", "/indstillinger", ROLE_ANY, page_settings_post, p_settings, 0, "settings"},
	{"GET", "/admin/brugere", ROLE_ADMIN, page_users, p_user_add, 0, "users"},
	{"POST", "/admin/brugere", ROLE_ADMIN, page_user_add, p_user_add, 0, "users"},
	{"POST", "/admin/brugere/:id/deaktiver", ROLE_ADMIN, page_user_disable, p_id, 0, "users"},
};

const size_t n_routes = sizeof routes / sizeof routes[0];

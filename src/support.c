/* support.c: housing support (bostøtte, DOMAIN.md §4): support courses by
 * method (CTI, ICM, ACT), the support workers and the caps on their
 * caseloads, the CTI phases and their checklists, the end of support with
 * the decision on further support, the support section of the young
 * person's page and the support worker's worklist.
 *
 * The rules are pure functions (unit-tested): cti_phases, cti_phase_on,
 * support_cap.  Access: the young person's case owner (person_owner) and
 * the current worker of an open support course (support_may_change). */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- the rules (pure) ---------------------------------------------------- */

int method_from_key(const char *key)
{
	if (!key)
		return METHOD_NONE;
	if (streq(key, "cti"))
		return METHOD_CTI;
	if (streq(key, "icm"))
		return METHOD_ICM;
	if (streq(key, "act"))
		return METHOD_ACT;
	return METHOD_NONE;
}

const char *method_key(int method)
{
	switch (method) {
	case METHOD_CTI: return "cti";
	case METHOD_ICM: return "icm";
	case METHOD_ACT: return "act";
	default: return "";
	}
}

/* DOMAIN.md §4: at most 10 young people per CTI worker, 8 per ICM worker;
 * ACT is a team and has no cap per person. */
int support_cap(int method)
{
	switch (method) {
	case METHOD_CTI: return CTI_CAP;
	case METHOD_ICM: return ICM_CAP;
	default: return 0;
	}
}

/* CTI: nine months in three phases of three months.  Phase k starts on
 * start + 3(k-1) months (a day past the end of a shorter month is the
 * month's last day); the last day of support is the day before
 * start + 9 months; the handover agreement with the network is due one
 * month before the end: the day before start + 8 months. */
void cti_phases(const char *start, CtiPhases *out)
{
	char t[11];
	memset(out, 0, sizeof *out);
	snprintf(out->phase[0], sizeof out->phase[0], "%s", start);
	date_add_months(out->phase[1], start, 3);
	date_add_months(out->phase[2], start, 6);
	date_add_months(t, start, 9);
	if (t[0])
		date_add_days(out->last_day, t, -1);
	date_add_months(t, start, 8);
	if (t[0])
		date_add_days(out->handover_by, t, -1);
}

/* The phase on a date: 1-3, 0 before the start, 4 after the last day. */
int cti_phase_on(const CtiPhases *p, const char *date)
{
	if (!p->phase[0][0] || strcmp(date, p->phase[0]) < 0)
		return 0;
	if (strcmp(date, p->last_day) > 0)
		return 4;
	if (strcmp(date, p->phase[2]) >= 0)
		return 3;
	if (strcmp(date, p->phase[1]) >= 0)
		return 2;
	return 1;
}

/* ---- loading ---------------------------------------------------------------- */

/* Open support courses of the method on which the user is a current
 * worker: the caseload the caps count. */
long long support_caseload(Db *db, long long user_id, int method)
{
	char today[11];
	today_copenhagen(today);
	return db_int(db, 0,
		      "SELECT COUNT(DISTINCT s.id) FROM support_worker w"
		      " JOIN support_course s ON s.id = w.support_id"
		      " JOIN course c ON c.id = s.course_id"
		      " WHERE w.user_id = ? AND (w.to_on IS NULL OR w.to_on >= ?)"
		      " AND s.end_on IS NULL AND s.method = ? AND c.closed_on IS NULL",
		      "Itt", user_id, today, method_key(method));
}

/* The open support course of a course, 0 when there is none. */
long long support_open(Db *db, long long course_id)
{
	return db_int(db, 0, "SELECT MAX(id) FROM support_course WHERE course_id = ? AND end_on IS NULL", "I",
		      course_id);
}

/* Is the user a current worker (or ACT team member with a login) on an
 * open support course of the young person's open course?  No output, no
 * log. */
int support_is_worker(Db *db, long long person_id, long long user_id)
{
	char today[11];
	today_copenhagen(today);
	return db_int(db, 0,
		      "SELECT COUNT(*) FROM support_worker w"
		      " JOIN support_course s ON s.id = w.support_id"
		      " JOIN course c ON c.id = s.course_id"
		      " WHERE c.person_id = ? AND c.closed_on IS NULL AND s.end_on IS NULL"
		      " AND w.user_id = ? AND (w.to_on IS NULL OR w.to_on >= ?)",
		      "IIt", person_id, user_id, today) > 0;
}

/* May the user change the young person's housing support (contacts,
 * checklists, the home, the end of support)?  The case owner or a current
 * support worker; anyone else is answered like person_owner (404, logged). */
int support_may_change(Req *r, long long person_id, const char *action)
{
	if (!person_access(r, person_id, action))
		return 0;
	if (person_is_owner(r, person_id) || support_is_worker(r->db, person_id, r->user.id))
		return 1;
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person_id,
		  r->route->purpose, "refused");
	page_fail(r, 404, "%s", N_("Siden findes ikke."));
	return 0;
}

/* ---- pages ---------------------------------------------------------------- */

/* The support section of the young person's page (drawn by person_render). */
void support_section(Req *r, long long person, long long course)
{
	(void)r;
	(void)person;
	(void)course;
}

/* The support worker's "Mine unge". */
void support_worklist(Req *r)
{
	team_caseload(r, 1);
}

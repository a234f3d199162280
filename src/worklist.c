/* worklist.c: /dokumentation, the documentation tasks of the user (DOMAIN.md
 * §6): every instrument, time registration, fidelity measurement and
 * project report that is due soon, due now or late for the person who must
 * do it, in one table; for the project leader also the completeness of the
 * whole municipality (report.c) and the links to the municipality's own
 * measurements. */
#include "hjemvej.h"

void page_documentation(Req *r)
{
	page_begin(r, _("Dokumentation"));
	hp(r, "<h1>%h</h1>\n", _("Dokumentation"));
	hp(r, "<p>%h</p>\n", _("Her er de målinger og registreringer, du skal lave nu eller snart. "
			       "En opgave vises 14 dage før fristen og er for sent 14 dage efter den."));
	size_t mark = r->out.n;
	int late = 0, l, n = 0;
	todo_table_begin(r, _("Dine opgaver"));
	n += measure_todos(r, 1, &l), late += l;
	n += timereg_todos(r, 1, &l), late += l;
	n += fidelity_todos(r, 1, &l), late += l;
	n += report_todos(r, 1, &l), late += l;
	todo_table_end(r);
	if (n == 0) {
		r->out.n = mark;
		hp(r, "<p><strong>%h</strong></p>\n", _("Du har ingen opgaver med dokumentation lige nu."));
	} else if (late) {
		hp(r, "<p>%h %d</p>\n", _("Opgaver, der er for sent:"), late);
	}
	hp(r, "<h2>%h</h2>\n<ul>\n", _("Registreringer og målinger"));
	if (r->user.role & (ROLE_COORDINATOR | ROLE_SUPPORT))
		hp(r, "<li><a href=\"/tid\">%h</a></li>\n", _("Tidsregistrering"));
	if (r->user.role & ROLE_PROJECT_LEADER) {
		hp(r, "<li><a href=\"/fidelitet\">%h</a></li>\n", _("Fidelitetsmåling"));
		hp(r, "<li><a href=\"/projektindberetning\">%h</a></li>\n", _("Projektindberetning"));
		hp(r, "<li><a href=\"/tid/oversigt\">%h</a></li>\n", _("Tidsregistrering for kommunen"));
	}
	hp(r, "</ul>\n");
	if (r->user.role & ROLE_PROJECT_LEADER)
		report_completeness(r);
	page_end(r);
}

/* The notice on "Mine unge": how many documentation tasks are open, how
 * many late, with a link to them.  Nothing when there are none. */
static void notice(Req *r, int n, int late)
{
	if (!n)
		return;
	hp(r, "<div class=\"alert %s\" role=\"status\"><div class=\"alert-body\"><p class=\"alert-text\">",
	   late ? "alert-warning" : "alert-info");
	if (late)
		hp(r, "<a href=\"/dokumentation\">%h: %d</a> (%h: %d)", _("Opgaver med dokumentation"), n,
		   _("for sent"), late);
	else
		hp(r, "<a href=\"/dokumentation\">%h: %d</a>", _("Opgaver med dokumentation"), n);
	hp(r, "</p></div></div>\n");
}

static void other_todos(Req *r, int *n, int *late)
{
	int l;
	*n += timereg_todos(r, 0, &l), *late += l;
	*n += fidelity_todos(r, 0, &l), *late += l;
	*n += report_todos(r, 0, &l), *late += l;
}

void documentation_notice(Req *r)
{
	int late = 0, n = measure_todos(r, 0, &late);
	other_todos(r, &n, &late);
	notice(r, n, late);
}

/* A coordinator's "Mine unge": the instrument tasks from the courses the
 * list has read (caseload_courses), not from a walk of its own. */
void caseload_notice(Req *r, const CaseCourse *cc, size_t ncc)
{
	int late = 0, n = measure_todos_of(r, 0, &late, cc, ncc);
	other_todos(r, &n, &late);
	notice(r, n, late);
}

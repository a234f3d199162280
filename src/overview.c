/* overview.c: the leadership overview (Overblik): aggregates only, never a
 * named young person; a count below 5 is shown as "under 5" so that no one
 * can be identified. */
#include "hjemvej.h"

#define SUPPRESS_BELOW 5

static void count_cell(Req *r, long long n)
{
	if (n > 0 && n < SUPPRESS_BELOW)
		hp(r, "<td>%h</td>", _("under 5"));
	else
		hp(r, "<td>%l</td>", n);
}

void page_overview(Req *r)
{
	long long counts[8][2] = {{0}};
	Stmt q;
	db_query(r->db, &q,
		 "SELECT c.target_group, c.id"
		 " FROM course c JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.closed_on IS NULL",
		 "I", r->user.municipality_id);
	while (db_step(&q)) {
		CourseState cs;
		course_state_load(r->db, db_col_int(&q, 1), &cs);
		long long s = course_current_step(&cs);
		if (s >= 1 && s <= 7)
			counts[s][streq(db_col_text(&q, 0), "homeless") ? 0 : 1]++;
	}
	db_finalize(&q);
	page_begin(r, _("Overblik"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _("Overblik"),
	   _("Unge med åbent forløb fordelt på trin og målgruppe. Tal under 5 vises ikke, så ingen kan genkendes."));
	hp(r, "<table class=\"table table--compact\">\n<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	   _("Unge i indsatsen efter trin"), _("Trin"), _("Ung i hjemløshed"),
	   _("Ung i risiko for hjemløshed"), _("I alt"));
	for (int s = 1; s <= 7; s++) {
		hp(r, "<tr><th scope=\"row\">%d. %h</th>", s, _(steps[s - 1].label));
		count_cell(r, counts[s][0]);
		count_cell(r, counts[s][1]);
		count_cell(r, counts[s][0] + counts[s][1]);
		hp(r, "</tr>\n");
	}
	hp(r, "</tbody>\n</table>\n");
	page_end(r);
}

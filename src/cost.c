/* cost.c: Omkostninger (issue 6, part 2).  Stub. */
#include "hjemvej.h"

void page_cost(Req *r)
{
	page_fail(r, 404, _("Siden findes ikke endnu."));
}

void page_cost_posts(Req *r)
{
	page_fail(r, 404, _("Siden findes ikke endnu."));
}

double cost_per_youth(Db *db, long long municipality_id, const char *from, const char *to, double *youth)
{
	(void)db;
	(void)municipality_id;
	(void)from;
	(void)to;
	if (youth)
		*youth = 0;
	return -1;
}

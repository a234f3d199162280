/* outcome.c: Resultater (issue 6, part 1).  Stub. */
#include "hjemvej.h"

void page_outcome(Req *r)
{
	page_fail(r, 404, _("Siden findes ikke endnu."));
}

void outcome_housing(Db *db, long long municipality_id, const char *from, const char *to,
		     const char *combination, const char *target_group, long long out[OUT_N])
{
	(void)db;
	(void)municipality_id;
	(void)from;
	(void)to;
	(void)combination;
	(void)target_group;
	for (int i = 0; i < OUT_N; i++)
		out[i] = 0;
}

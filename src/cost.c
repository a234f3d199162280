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

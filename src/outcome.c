/* outcome.c: Resultater (issue 6, part 1).  Stub. */
#include "hjemvej.h"

void page_outcome(Req *r)
{
	page_fail(r, 404, _("Siden findes ikke endnu."));
}

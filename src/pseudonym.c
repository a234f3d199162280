/* pseudonym.c: the pseudonymised export for evaluators (issue 6, part 5).  Stub. */
#include "hjemvej.h"

void page_pseudonym(Req *r)
{
	page_fail(r, 404, _("Siden findes ikke endnu."));
}

void page_pseudonym_export(Req *r)
{
	page_fail(r, 404, _("Siden findes ikke endnu."));
}

void pseudonym_of(const unsigned char key[32], long long person_id, char out[17])
{
	(void)key;
	(void)person_id;
	out[0] = 0;
}

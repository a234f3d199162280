/* contact.c: the support worker's contacts with the young person
 * (kontakter, DOMAIN.md §4): a short form fast to fill in on a phone, the
 * list, and the contact intensity per week as a server-drawn SVG chart,
 * for CTI against the guide of the phase. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* The contacts and the chart on the support course's page. */
void contact_section(Req *r, long long person, long long support)
{
	(void)r;
	(void)person;
	(void)support;
}

/* The date of the latest contact that reached the young person; 0 when none. */
int contact_last(Db *db, long long support, char out[11])
{
	char *d = db_text(db, "SELECT MAX(on_date) FROM contact WHERE support_id = ? AND kind <> 'attempt'", "I",
			  support);
	out[0] = 0;
	if (d)
		snprintf(out, 11, "%s", d);
	int found = d != NULL;
	free(d);
	return found;
}

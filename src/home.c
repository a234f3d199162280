/* home.c: the home a homeless young person moves into (step 5, DOMAIN.md
 * §3 and §5): address, kind, rent, how it was found, lease and moving-in
 * dates, the practical support; and losing the home later, with the
 * housing situation it leaves the young person in (Housing First: the
 * support continues). */
#include "hjemvej.h"

/* The home section of the young person's page. */
void home_section(Req *r, long long person, long long course)
{
	(void)r;
	(void)person;
	(void)course;
}

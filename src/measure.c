/* measure.c: filling in the three quarterly instruments (stub; issue 5). */
#include "hjemvej.h"

void measure_section(Req *r, long long person_id, long long course_id)
{
	(void)r, (void)person_id, (void)course_id;
}

int measure_todos(Req *r, int show, int *late)
{
	(void)r, (void)show;
	*late = 0;
	return 0;
}

void measure_demo(Db *db, long long course_id, unsigned seed)
{
	(void)db, (void)course_id, (void)seed;
}

/* fidelity.c: the quarterly fidelity measurement (stub; issue 5). */
#include "hjemvej.h"

int fidelity_todos(Req *r, int show, int *late)
{
	(void)r, (void)show;
	*late = 0;
	return 0;
}

void fidelity_demo(Db *db, long long municipality_id, long long author_id, unsigned seed)
{
	(void)db, (void)municipality_id, (void)author_id, (void)seed;
}

/* chart.c: server-drawn SVG charts (bars, lines, box plots).  Stub until
 * the chart part of issue 6 is in: each chart shows only its table. */
#include "hjemvej.h"

#include <string.h>

void chart_bars(Req *r, const Table *t, int col, const char *axis)
{
	(void)col;
	(void)axis;
	table_html(r, t);
}

void chart_lines(Req *r, const Table *t, int first, int last, const char *axis)
{
	(void)first;
	(void)last;
	(void)axis;
	table_html(r, t);
}

void chart_boxes(Req *r, const Table *t, const char *axis)
{
	(void)axis;
	table_html(r, t);
}

void box_stats(double *v, int n, BoxStats *out)
{
	(void)v;
	memset(out, 0, sizeof *out);
	out->n = n;
}

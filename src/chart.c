/* chart.c: server-drawn SVG charts (bars, lines, box plots) for the
 * leadership reports (issue 6 part 4).  No JavaScript and no chart
 * library: each chart is an inline <svg role="img"> with a <title> (the
 * table's title) and a <desc> (a sentence that sums it up), drawn from a
 * Table, and the table itself follows under it as the text alternative.
 *
 * Geometry: a viewBox W wide with whole-number coordinates, width 100%
 * (app.css), so it scales down to a phone.  Ids are "hv-chartN-t/-d" with
 * N counted per request in r->chart_seq, unique within the page.  Colours
 * are DKFDS colours with at least 3:1 contrast against white; the lines
 * differ also by marker and dash pattern, not by colour alone.  No style
 * attributes (the CSP forbids them): presentation attributes and classes
 * in assets/app.css. */
#include "hjemvej.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	W = 560,      /* viewBox width */
	ML = 60,      /* left margin: the y axis' tick labels */
	MR = 12,      /* right margin */
	PH = 220,     /* height of the plot area */
	LINE_H = 15,  /* height of a line of text under the plot */
	FONT = 13,    /* font size */
	MAX_SERIES = 6
};
#define CHAR_W 7.5 /* a rough width of one character at FONT */

static const char *const palette[MAX_SERIES] = {"#0059b3", "#b51d09", "#358000", "#1a1a1a", "#7a3e9d", "#8a4b00"};
static const char *const dashes[MAX_SERIES] = {"", "6 4", "2 3", "10 3 2 3", "1 4", "12 5"};

/* ---- values ----------------------------------------------------------- */

/* The value a cell is drawn at: 1 when it is drawn (a number, not
 * suppressed); a share as percent 0-100. */
static int cell_value(const Cell *c, double *v)
{
	if (c->suppressed)
		return 0;
	switch ((CellType)c->t) {
	case C_INT:
	case C_NUM:
		*v = c->v;
		return isfinite(c->v);
	case C_SHARE:
		*v = 100.0 * c->v;
		return isfinite(c->v);
	default:
		return 0;
	}
}

/* A value's short text on the chart: 73 %, 50.700, 12,5. */
static void value_text(Buf *b, const Cell *c)
{
	if (c->t == C_SHARE) {
		num_da(b, 100.0 * c->v, 0);
		buf_puts(b, " %");
	} else {
		num_da(b, c->v, c->t == C_NUM ? c->dec : 0);
	}
}

/* ---- the y scale -------------------------------------------------------- */

typedef struct Scale {
	double lo, hi, step;
	int dec;   /* decimals of the tick labels */
	int top, bottom; /* the plot area's y */
	int share; /* ticks shown as percent */
} Scale;

/* A scale from lo to hi in about five steps of 1, 2, 2.5 or 5 × 10^k,
 * always with 0 in it. */
static void scale_fit(Scale *s, double min, double max)
{
	if (min > 0)
		min = 0;
	if (max < 0)
		max = 0;
	if (max - min < 1e-9)
		max = min + 1;
	double raw = (max - min) / 5;
	double mag = pow(10, floor(log10(raw)));
	double f = raw / mag;
	s->step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
	s->lo = floor(min / s->step + 1e-9) * s->step;
	s->hi = ceil(max / s->step - 1e-9) * s->step;
	if (s->hi <= s->lo)
		s->hi = s->lo + s->step;
	s->dec = 0;
	while (s->dec < 6 && fabs(s->step * pow(10, s->dec) - round(s->step * pow(10, s->dec))) > 1e-6)
		s->dec++;
}

static int scale_y(const Scale *s, double v)
{
	return s->bottom - (int)lround((v - s->lo) / (s->hi - s->lo) * (s->bottom - s->top));
}

/* Grid lines, tick labels and the y axis. */
static void draw_axis(Req *r, const Scale *s)
{
	Buf b = {0};
	int nticks = (int)lround((s->hi - s->lo) / s->step);
	hp(r, "<g class=\"hv-chart-axis\" font-size=\"%d\" text-anchor=\"end\">\n", FONT - 1);
	for (int i = 0; i <= nticks; i++) {
		double v = s->lo + i * s->step;
		if (fabs(v) < s->step * 1e-6)
			v = 0;
		int y = scale_y(s, v);
		buf_reset(&b);
		num_da(&b, v, s->dec);
		if (s->share)
			buf_puts(&b, " %");
		hp(r, "<line class=\"hv-chart-grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d6d6d6\"/>"
		      "<text x=\"%d\" y=\"%d\">%h</text>\n",
		   ML, y, W - MR, y, ML - 6, y + 4, buf_str(&b));
	}
	hp(r, "</g>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\"/>\n", ML, s->top, ML, s->bottom);
	int y0 = scale_y(s, 0);
	hp(r, "<line class=\"hv-chart-zero\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\"/>\n", ML, y0, W - MR, y0);
	buf_free(&b);
}

/* ---- text ---------------------------------------------------------------- */

static size_t u8chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* The bytes of the first k characters of s[0..n). */
static size_t u8cut(const char *s, size_t n, size_t k)
{
	size_t i = 0;
	while (i < n && k > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		k--;
	}
	return i;
}

enum { MAX_LINES = 3 };

/* Ends a line cut short with an ellipsis, within maxch characters. */
static void ellipsize(Buf *line, size_t maxch)
{
	size_t n = line->n;
	if (u8chars(line->p, n) >= maxch)
		n = u8cut(line->p, n, maxch > 1 ? maxch - 1 : 0);
	while (n > 0 && line->p[n - 1] == ' ')
		n--;
	line->n = n;
	buf_puts(line, "\xE2\x80\xA6");
}

/* Wraps s at spaces into at most maxlines lines of at most maxch
 * characters (a longer word is cut; what does not fit ends in "…").
 * Returns the number of lines. */
static int wrap(const char *s, int maxch_i, int maxlines, Buf *lines)
{
	size_t maxch = maxch_i < 1 ? 1 : (size_t)maxch_i;
	int nl = 0;
	size_t cur = 0;
	const char *p = s;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		size_t wb = (size_t)(e - p), wc = u8chars(p, wb);
		if (cur > 0 && cur + 1 + wc <= maxch) {
			buf_putc(&lines[nl - 1], ' ');
			buf_append(&lines[nl - 1], p, wb);
			cur += 1 + wc;
			p = e;
			continue;
		}
		if (cur > 0) {
			if (nl == maxlines) {
				ellipsize(&lines[nl - 1], maxch);
				return nl;
			}
			cur = 0;
		}
		if (cur == 0) {
			nl++;
			buf_reset(&lines[nl - 1]);
		}
		if (wc <= maxch) {
			buf_append(&lines[nl - 1], p, wb);
			cur = wc;
			p = e;
		} else {
			/* a word longer than a line is cut with a hyphen */
			size_t k = u8cut(p, wb, maxch > 2 ? maxch - 1 : maxch);
			buf_append(&lines[nl - 1], p, k);
			if (maxch > 2)
				buf_putc(&lines[nl - 1], '-');
			cur = maxch;
			p += k;
		}
	}
	return nl;
}

/* Text lines centred at x from baseline y down; returns the lines drawn. */
static int draw_lines_of_text(Req *r, const char *s, int x, int y, int width, int maxlines, const char *cls)
{
	Buf lines[MAX_LINES] = {{0}};
	if (maxlines > MAX_LINES)
		maxlines = MAX_LINES;
	int n = wrap(s, (int)((width - 4) / CHAR_W), maxlines, lines);
	for (int i = 0; i < n; i++) {
		hp(r, "<text class=\"%a\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%h</text>\n", cls, x,
		   y + i * LINE_H, buf_str(&lines[i]));
		buf_free(&lines[i]);
	}
	return n;
}

static int lines_needed(const char *s, int width, int maxlines)
{
	Buf lines[MAX_LINES] = {{0}};
	int n = wrap(s, (int)((width - 4) / CHAR_W), maxlines > MAX_LINES ? MAX_LINES : maxlines, lines);
	for (int i = 0; i < MAX_LINES; i++)
		buf_free(&lines[i]);
	return n;
}

/* ---- the frame ------------------------------------------------------------ */

/* Opens the figure and the svg with its title, description and the axis
 * label; returns the chart's number. */
static int chart_open(Req *r, const Table *t, int height, const char *desc, const char *axis)
{
	int id = ++r->chart_seq;
	hp(r, "<figure class=\"hv-chart\">\n<svg class=\"hv-chart-svg\" role=\"img\" aria-labelledby=\"hv-chart%d-t hv-chart%d-d\" "
	      "viewBox=\"0 0 %d %d\" width=\"100%%\" preserveAspectRatio=\"xMidYMid meet\" "
	      "font-family=\"'IBM Plex Sans', Arial, sans-serif\" font-size=\"%d\" fill=\"#1a1a1a\">\n"
	      "<title id=\"hv-chart%d-t\">%h</title>\n<desc id=\"hv-chart%d-d\">%h</desc>\n",
	   id, id, W, height, FONT, id, t->title, id, desc);
	if (axis && *axis)
		hp(r, "<text class=\"hv-chart-axis-label\" x=\"4\" y=\"16\" font-weight=\"600\">%h</text>\n", axis);
	return id;
}

static void chart_close(Req *r, const Table *t)
{
	hp(r, "</svg>\n</figure>\n");
	table_html(r, t);
}

/* A legend of items laid out left to right, wrapping; draw_item draws the
 * symbol of item i in a 28 × 14 box at (x, y). Returns the height used. */
typedef void (*LegendSymbol)(Req *r, int i, int x, int y);
static int legend(Req *r, int top, const char *const *labels, int n, LegendSymbol sym, int draw)
{
	int x = ML, y = top, rows = 1;
	for (int i = 0; i < n; i++) {
		int lc = (int)u8chars(labels[i], strlen(labels[i]));
		if (lc > 40)
			lc = 40;
		int w = 34 + (int)(lc * CHAR_W) + 16;
		if (x > ML && x + w > W - MR) {
			x = ML;
			y += 22;
			rows++;
		}
		if (draw) {
			sym(r, i, x, y);
			Buf l[1] = {{0}};
			wrap(labels[i], 40, 1, l);
			hp(r, "<text x=\"%d\" y=\"%d\">%h</text>\n", x + 34, y + 11, buf_str(&l[0]));
			buf_free(&l[0]);
		}
		x += w;
	}
	return rows * 22;
}

/* ---- bars ----------------------------------------------------------------- */

void chart_bars(Req *r, const Table *t, int col, const char *axis)
{
	if (col < 1 || col >= t->ncols || t->nrows == 0) {
		table_html(r, t);
		return;
	}
	int n = t->nrows, drawn = 0, shown = 0, hi_row = -1, lo_row = -1, share = 0;
	double min = 0, max = 0, hi = 0, lo = 0;
	for (int i = 0; i < n; i++) {
		const Cell *c = table_cell(t, i, col);
		double v;
		share |= c->t == C_SHARE;
		shown += c->suppressed;
		if (!cell_value(c, &v))
			continue;
		if (!drawn || v > hi)
			hi = v, hi_row = i;
		if (!drawn || v < lo)
			lo = v, lo_row = i;
		drawn++;
	}
	if (!drawn && !shown) {
		table_html(r, t);
		return;
	}
	min = drawn ? lo : 0;
	max = drawn ? hi : 1;

	/* The sentence that sums it up. */
	Buf desc = {0}, a = {0}, b = {0}, lab = {0}, lab2 = {0};
	if (drawn) {
		cell_show(r, &lab, table_cell(t, hi_row, 0));
		value_text(&a, table_cell(t, hi_row, col));
		if (drawn == 1) {
			bprintf(&desc, _("%h: %h."), buf_str(&lab), buf_str(&a));
		} else if (hi_row == lo_row) {
			bprintf(&desc, _("Alle %d grupper har %h."), drawn, buf_str(&a));
		} else {
			cell_show(r, &lab2, table_cell(t, lo_row, 0));
			value_text(&b, table_cell(t, lo_row, col));
			bprintf(&desc, _("Højest er %h med %h, lavest er %h med %h."), buf_str(&lab), buf_str(&a),
				buf_str(&lab2), buf_str(&b));
		}
	}
	if (shown) {
		if (desc.n)
			buf_putc(&desc, ' ');
		buf_puts(&desc, _("Grupper under 5 er ikke vist."));
	}

	int slot = (W - MR - ML) / n;
	int label_lines = 1;
	for (int i = 0; i < n; i++) {
		buf_reset(&lab);
		cell_show(r, &lab, table_cell(t, i, 0));
		int k = lines_needed(buf_str(&lab), slot, MAX_LINES);
		if (k > label_lines)
			label_lines = k;
	}
	Scale s = {.top = 40, .share = share};
	s.bottom = s.top + PH;
	scale_fit(&s, min, max);
	int height = s.bottom + 8 + label_lines * LINE_H + 8;
	chart_open(r, t, height, buf_str(&desc), axis);
	draw_axis(r, &s);

	int bw = slot * 6 / 10 > 64 ? 64 : slot * 6 / 10;
	int y0 = scale_y(&s, 0);
	for (int i = 0; i < n; i++) {
		const Cell *c = table_cell(t, i, col);
		int cx = ML + slot * i + slot / 2;
		double v;
		if (cell_value(c, &v)) {
			int y = scale_y(&s, v);
			int top = v >= 0 ? y : y0, h = abs(y - y0);
			buf_reset(&a);
			value_text(&a, c);
			hp(r, "<rect class=\"hv-chart-bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#0059b3\"/>\n", cx - bw / 2,
			   top, bw, h);
			draw_lines_of_text(r, buf_str(&a), cx, v >= 0 ? y - 5 : y + 14, slot, 1, "hv-chart-value");
		} else if (c->suppressed) {
			draw_lines_of_text(r, _("under 5"), cx, y0 - 6 - (slot < 70 ? LINE_H : 0), slot, 2, "hv-chart-suppressed");
		}
		buf_reset(&lab);
		cell_show(r, &lab, table_cell(t, i, 0));
		draw_lines_of_text(r, buf_str(&lab), cx, s.bottom + 8 + 12, slot, MAX_LINES, "hv-chart-xlabel");
	}
	buf_free(&desc);
	buf_free(&a);
	buf_free(&b);
	buf_free(&lab);
	buf_free(&lab2);
	chart_close(r, t);
}

/* ---- lines ---------------------------------------------------------------- */

/* A point marker of series k at (x, y): circle, square, triangle, diamond,
 * cross, triangle down. */
static void marker(Req *r, int k, int x, int y)
{
	const char *c = palette[k % MAX_SERIES];
	switch (k % MAX_SERIES) {
	case 0: hp(r, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%a\"/>", x, y, c); break;
	case 1: hp(r, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"8\" fill=\"%a\"/>", x - 4, y - 4, c); break;
	case 2:
		hp(r, "<path d=\"M%d %dL%d %dL%d %dZ\" fill=\"%a\"/>", x, y - 5, x + 5, y + 4, x - 5, y + 4, c);
		break;
	case 3:
		hp(r, "<path d=\"M%d %dL%d %dL%d %dL%d %dZ\" fill=\"%a\"/>", x, y - 5, x + 5, y, x, y + 5, x - 5, y, c);
		break;
	case 4:
		hp(r, "<path d=\"M%d %dL%d %dM%d %dL%d %d\" stroke=\"%a\" stroke-width=\"2.5\"/>", x - 4, y - 4, x + 4, y + 4,
		   x - 4, y + 4, x + 4, y - 4, c);
		break;
	default:
		hp(r, "<path d=\"M%d %dL%d %dL%d %dZ\" fill=\"%a\"/>", x, y + 5, x + 5, y - 4, x - 5, y - 4, c);
		break;
	}
}

static void line_symbol(Req *r, int k, int x, int y)
{
	hp(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%a\" stroke-width=\"2\" stroke-dasharray=\"%a\"/>", x,
	   y + 7, x + 28, y + 7, palette[k % MAX_SERIES], *dashes[k % MAX_SERIES] ? dashes[k % MAX_SERIES] : "none");
	marker(r, k, x + 14, y + 7);
	hp(r, "\n");
}

void chart_lines(Req *r, const Table *t, int first, int last, const char *axis)
{
	if (first < 1 || last >= t->ncols || first > last || t->nrows == 0) {
		table_html(r, t);
		return;
	}
	if (last - first + 1 > MAX_SERIES)
		last = first + MAX_SERIES - 1;
	int n = t->nrows, ns = last - first + 1, drawn = 0, share = 0;
	double min = 0, max = 0;
	Buf desc = {0}, a = {0}, b = {0}, l1 = {0}, l2 = {0};
	for (int k = 0; k < ns; k++) {
		int f = -1, l = -1;
		for (int i = 0; i < n; i++) {
			const Cell *c = table_cell(t, i, first + k);
			double v;
			share |= c->t == C_SHARE;
			if (!cell_value(c, &v))
				continue;
			if (!drawn || v < min)
				min = v;
			if (!drawn || v > max)
				max = v;
			drawn++;
			if (f < 0)
				f = i;
			l = i;
		}
		if (f < 0)
			continue;
		buf_reset(&a);
		buf_reset(&b);
		buf_reset(&l1);
		buf_reset(&l2);
		value_text(&a, table_cell(t, f, first + k));
		value_text(&b, table_cell(t, l, first + k));
		cell_show(r, &l1, table_cell(t, f, 0));
		cell_show(r, &l2, table_cell(t, l, 0));
		if (desc.n)
			buf_putc(&desc, ' ');
		bprintf(&desc, _("%h: %h i %h og %h i %h."), t->heads[first + k], buf_str(&a), buf_str(&l1), buf_str(&b),
			buf_str(&l2));
	}
	if (!drawn) {
		buf_free(&desc);
		table_html(r, t);
		return;
	}

	int slot = (W - MR - ML) / n;
	/* Show every step-th x label so that none overlap: each in at most
	 * two lines, its longest word in one. */
	int longest = 1, longest_word = 1;
	for (int i = 0; i < n; i++) {
		buf_reset(&l1);
		cell_show(r, &l1, table_cell(t, i, 0));
		const char *p = buf_str(&l1);
		int lc = (int)u8chars(p, l1.n);
		if (lc > longest)
			longest = lc;
		for (const char *w = p; *w;) {
			size_t wl = strcspn(w, " ");
			int wc = (int)u8chars(w, wl);
			if (wc > longest_word)
				longest_word = wc;
			w += wl;
			w += strspn(w, " ");
		}
	}
	int step = 1;
	while (step < n && ((longest + 1) / 2 > (int)((slot * step - 4) / CHAR_W) ||
			    longest_word > (int)((slot * step - 4) / CHAR_W)))
		step++;
	int label_lines = 1;
	for (int i = 0; i < n; i += step) {
		buf_reset(&l1);
		cell_show(r, &l1, table_cell(t, i, 0));
		int k = lines_needed(buf_str(&l1), slot * step, 2);
		if (k > label_lines)
			label_lines = k;
	}

	const char *labels[MAX_SERIES];
	for (int k = 0; k < ns; k++)
		labels[k] = t->heads[first + k];
	int lh = legend(r, 28, labels, ns, line_symbol, 0);
	Scale s = {.top = 28 + lh + 12, .share = share};
	s.bottom = s.top + PH;
	scale_fit(&s, min, max);
	int height = s.bottom + 8 + label_lines * LINE_H + 8;
	chart_open(r, t, height, buf_str(&desc), axis);
	hp(r, "<g class=\"hv-chart-legend\">\n");
	legend(r, 28, labels, ns, line_symbol, 1);
	hp(r, "</g>\n");
	draw_axis(r, &s);

	for (int k = 0; k < ns; k++) {
		hp(r, "<path class=\"hv-chart-line\" fill=\"none\" stroke=\"%a\" stroke-width=\"2\" stroke-dasharray=\"%a\" d=\"",
		   palette[k], *dashes[k] ? dashes[k] : "none");
		int pen = 0;
		for (int i = 0; i < n; i++) {
			double v;
			if (!cell_value(table_cell(t, i, first + k), &v)) {
				pen = 0;
				continue;
			}
			if (pen)
				hp(r, "L%d %d", ML + slot * i + slot / 2, scale_y(&s, v));
			else
				hp(r, "M%d %d", ML + slot * i + slot / 2, scale_y(&s, v));
			pen = 1;
		}
		hp(r, "\"/>\n<g class=\"hv-chart-markers\">");
		for (int i = 0; i < n; i++) {
			double v;
			if (cell_value(table_cell(t, i, first + k), &v))
				marker(r, k, ML + slot * i + slot / 2, scale_y(&s, v));
		}
		hp(r, "</g>\n");
	}
	for (int i = 0; i < n; i += step) {
		buf_reset(&l1);
		cell_show(r, &l1, table_cell(t, i, 0));
		int cx = ML + slot * i + slot / 2;
		hp(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\"/>\n", cx, s.bottom, cx, s.bottom + 4);
		draw_lines_of_text(r, buf_str(&l1), cx, s.bottom + 8 + 12, slot * step, 2, "hv-chart-xlabel");
	}
	buf_free(&desc);
	buf_free(&a);
	buf_free(&b);
	buf_free(&l1);
	buf_free(&l2);
	chart_close(r, t);
}

/* ---- box plots ------------------------------------------------------------ */

enum { BX_LABEL, BX_N, BX_MIN, BX_Q1, BX_MED, BX_Q3, BX_MAX, BX_REF, BX_COLS };

static void box_symbol(Req *r, int k, int x, int y)
{
	switch (k) {
	case 0: /* the box */
		hp(r, "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"12\" fill=\"#dbe9f6\" stroke=\"#0059b3\" stroke-width=\"2\"/>\n",
		   x + 4, y + 1);
		break;
	case 1: /* the median */
		hp(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\" stroke-width=\"3\"/>\n", x + 2, y + 7,
		   x + 26, y + 7);
		break;
	case 2: /* the whiskers */
		hp(r, "<path d=\"M%d %dL%d %dM%d %dL%d %dM%d %dL%d %d\" stroke=\"#0059b3\" stroke-width=\"1.5\" fill=\"none\"/>\n",
		   x + 8, y, x + 20, y, x + 14, y, x + 14, y + 14, x + 8, y + 14, x + 20, y + 14);
		break;
	default: /* the evaluation's figure */
		hp(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b51d09\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>",
		   x, y + 7, x + 28, y + 7);
		hp(r, "<path d=\"M%d %dL%d %dL%d %dL%d %dZ\" fill=\"#b51d09\"/>\n", x + 14, y + 1, x + 20, y + 7, x + 14, y + 13,
		   x + 8, y + 7);
		break;
	}
}

static int box_drawn(const Table *t, int i, double v[BX_COLS])
{
	if (table_cell(t, i, BX_N)->suppressed)
		return 0;
	for (int c = BX_MIN; c <= BX_MAX; c++)
		if (!cell_value(table_cell(t, i, c), &v[c]))
			return 0;
	return 1;
}

void chart_boxes(Req *r, const Table *t, const char *axis)
{
	if (t->ncols < BX_COLS || t->nrows == 0) {
		table_html(r, t);
		return;
	}
	int n = t->nrows, drawn = 0, suppressed = 0, share = 0;
	double min = 0, max = 0, v[BX_COLS];
	Buf desc = {0}, a = {0}, b = {0}, c = {0}, lab = {0};
	for (int i = 0; i < n; i++) {
		share |= table_cell(t, i, BX_MED)->t == C_SHARE;
		double ref;
		int has_ref = cell_value(table_cell(t, i, BX_REF), &ref);
		if (has_ref) {
			if (!drawn || ref < min)
				min = ref;
			if (!drawn || ref > max)
				max = ref;
		}
		if (!box_drawn(t, i, v)) {
			suppressed += table_cell(t, i, BX_N)->suppressed;
			drawn += has_ref;
			continue;
		}
		if (!drawn || v[BX_MIN] < min)
			min = v[BX_MIN];
		if (!drawn || v[BX_MAX] > max)
			max = v[BX_MAX];
		drawn++;
		buf_reset(&lab);
		buf_reset(&a);
		buf_reset(&b);
		buf_reset(&c);
		cell_show(r, &lab, table_cell(t, i, BX_LABEL));
		value_text(&a, table_cell(t, i, BX_MED));
		value_text(&b, table_cell(t, i, BX_MIN));
		value_text(&c, table_cell(t, i, BX_MAX));
		if (desc.n)
			buf_putc(&desc, ' ');
		bprintf(&desc, _("%h: median %h, fra %h til %h."), buf_str(&lab), buf_str(&a), buf_str(&b), buf_str(&c));
		if (has_ref) {
			buf_reset(&a);
			value_text(&a, table_cell(t, i, BX_REF));
			buf_putc(&desc, ' ');
			bprintf(&desc, _("Evalueringen: %h."), buf_str(&a));
		}
	}
	if (!drawn && !suppressed) {
		buf_free(&desc);
		table_html(r, t);
		return;
	}
	if (suppressed) {
		if (desc.n)
			buf_putc(&desc, ' ');
		buf_puts(&desc, _("Grupper under 5 er ikke vist."));
	}

	int slot = (W - MR - ML) / n;
	int label_lines = 1;
	for (int i = 0; i < n; i++) {
		buf_reset(&lab);
		cell_show(r, &lab, table_cell(t, i, BX_LABEL));
		int k = lines_needed(buf_str(&lab), slot, 2);
		if (k > label_lines)
			label_lines = k;
	}
	const char *labels[4] = {_("Midterste halvdel"), _("Median"), _("Mindste til største"), _("Evalueringen")};
	int lh = legend(r, 28, labels, 4, box_symbol, 0);
	Scale s = {.top = 28 + lh + 12, .share = share};
	s.bottom = s.top + PH;
	scale_fit(&s, min, max);
	int height = s.bottom + 8 + (label_lines + 1) * LINE_H + 8;
	chart_open(r, t, height, buf_str(&desc), axis);
	hp(r, "<g class=\"hv-chart-legend\">\n");
	legend(r, 28, labels, 4, box_symbol, 1);
	hp(r, "</g>\n");
	draw_axis(r, &s);

	int bw = slot / 2 > 72 ? 72 : slot / 2;
	for (int i = 0; i < n; i++) {
		int cx = ML + slot * i + slot / 2;
		if (box_drawn(t, i, v)) {
			int ymin = scale_y(&s, v[BX_MIN]), yq1 = scale_y(&s, v[BX_Q1]), ymed = scale_y(&s, v[BX_MED]);
			int yq3 = scale_y(&s, v[BX_Q3]), ymax = scale_y(&s, v[BX_MAX]);
			hp(r, "<g class=\"hv-chart-boxplot\">"
			      "<path class=\"hv-chart-whisker\" d=\"M%d %dL%d %dM%d %dL%d %dM%d %dL%d %dM%d %dL%d %d\" stroke=\"#0059b3\" "
			      "stroke-width=\"1.5\" fill=\"none\"/>",
			   cx, ymax, cx, yq3, cx, yq1, cx, ymin, cx - bw / 4, ymax, cx + bw / 4, ymax, cx - bw / 4, ymin,
			   cx + bw / 4, ymin);
			hp(r, "<rect class=\"hv-chart-box\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#dbe9f6\" stroke=\"#0059b3\" "
			      "stroke-width=\"2\"/>",
			   cx - bw / 2, yq3, bw, yq1 - yq3);
			hp(r, "<line class=\"hv-chart-median\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\" stroke-width=\"3\"/>"
			      "</g>\n",
			   cx - bw / 2, ymed, cx + bw / 2, ymed);
		} else if (table_cell(t, i, BX_N)->suppressed) {
			draw_lines_of_text(r, _("under 5"), cx, scale_y(&s, 0) - 6 - (slot < 70 ? LINE_H : 0), slot, 2,
					   "hv-chart-suppressed");
		}
		double ref;
		if (cell_value(table_cell(t, i, BX_REF), &ref)) {
			int y = scale_y(&s, ref), half = bw / 2 + 10;
			hp(r, "<g class=\"hv-chart-reference\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b51d09\" "
			      "stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
			      "<path d=\"M%d %dL%d %dL%d %dL%d %dZ\" fill=\"#b51d09\"/></g>\n",
			   cx - half, y, cx + half, y, cx + half, y - 6, cx + half + 6, y, cx + half, y + 6, cx + half - 6, y);
		}
		buf_reset(&lab);
		cell_show(r, &lab, table_cell(t, i, BX_LABEL));
		int nl = draw_lines_of_text(r, buf_str(&lab), cx, s.bottom + 8 + 12, slot, 2, "hv-chart-xlabel");
		buf_reset(&a);
		cell_show(r, &a, table_cell(t, i, BX_N));
		buf_reset(&b);
		bprintf(&b, _("n = %h"), buf_str(&a));
		draw_lines_of_text(r, buf_str(&b), cx, s.bottom + 8 + 12 + nl * LINE_H, slot, 1, "hv-chart-n");
	}
	buf_free(&desc);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	buf_free(&lab);
	chart_close(r, t);
}

/* ---- box statistics --------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The p-quantile of sorted v[0..n) as Excel's QUARTILE.INC and
 * PERCENTILE.INC: position p(n-1), linear between its neighbours. */
static double quantile(const double *v, int n, double p)
{
	double pos = p * (n - 1);
	int i = (int)floor(pos);
	double f = pos - i;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + f * (v[i + 1] - v[i]);
}

void box_stats(double *v, int n, BoxStats *out)
{
	memset(out, 0, sizeof *out);
	if (n <= 0 || !v)
		return;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	out->n = n;
	out->min = v[0];
	out->max = v[n - 1];
	out->q1 = quantile(v, n, 0.25);
	out->median = quantile(v, n, 0.5);
	out->q3 = quantile(v, n, 0.75);
}

/* table.c: the one shape of every figure in the leadership reports.  A
 * Table of typed cells renders as an HTML table, as CSV and as XLSX from
 * the same data, so the page, its print and its exports never disagree.
 * Small groups are suppressed here, once, for every format. */
#include "hjemvej.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

const Choice export_formats[] = {
	{"csv", N_("CSV")},
	{"xlsx", N_("Excel")},
	{0, 0},
};

static char *xstrdup0(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

Table *table_new(const char *title, int ncols, ...)
{
	ASSERT(ncols > 0);
	Table *t = xcalloc(1, sizeof *t);
	t->title = xstrdup(title);
	t->ncols = ncols;
	t->heads = xcalloc((size_t)ncols, sizeof *t->heads);
	va_list ap;
	va_start(ap, ncols);
	for (int i = 0; i < ncols; i++)
		t->heads[i] = xstrdup(va_arg(ap, const char *));
	va_end(ap);
	t->row_heads = 1;
	return t;
}

void table_free(Table *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->ncols; i++)
		free(t->heads[i]);
	for (int i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].s);
	free(t->heads);
	free(t->cells);
	free(t->title);
	free(t->note);
	free(t);
}

void table_note(Table *t, const char *note)
{
	free(t->note);
	t->note = xstrdup0(note);
}

void table_row(Table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->cells = xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
	}
	memset(t->cells + (size_t)t->nrows * (size_t)t->ncols, 0, (size_t)t->ncols * sizeof *t->cells);
	t->nrows++;
	t->fill = 0;
}

void table_reserve(Table *t, int nrows)
{
	if (nrows <= t->cap)
		return;
	t->cap = nrows;
	t->cells = xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
}

Cell *table_at(Table *t, int row, int col)
{
	ASSERT(row >= 0 && row < t->nrows && col >= 0 && col < t->ncols);
	return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

/* The last cell written is suppressed when it rests on n with 0 < n <
 * SUPPRESS_BELOW young people (a median, a figure per young person). */
void cell_suppress_if_few(Table *t, long long n)
{
	if (n > 0 && n < SUPPRESS_BELOW)
		table_at(t, t->nrows - 1, t->fill - 1)->suppressed = 1;
}

/* The next cell of the current row. */
static Cell *next_cell(Table *t)
{
	ASSERT(t->nrows > 0);
	if (t->fill >= t->ncols)
		FATAL("table %s: more cells than columns", t->title);
	return &t->cells[(size_t)(t->nrows - 1) * (size_t)t->ncols + (size_t)t->fill++];
}

void cell_empty(Table *t)
{
	next_cell(t);
}

void cell_text(Table *t, const char *s)
{
	Cell *c = next_cell(t);
	c->t = C_TEXT;
	c->s = xstrdup(s ? s : "");
}

void cell_int(Table *t, long long v)
{
	Cell *c = next_cell(t);
	c->t = C_INT;
	c->v = (double)v;
}

void cell_count(Table *t, long long v)
{
	Cell *c = next_cell(t);
	c->t = C_INT;
	c->v = (double)v;
	c->suppressed = v > 0 && v < SUPPRESS_BELOW;
}

void cell_num(Table *t, double v, int decimals)
{
	Cell *c = next_cell(t);
	c->t = C_NUM;
	c->v = v;
	c->dec = (unsigned char)decimals;
}

void cell_share(Table *t, long long num, long long den)
{
	if (den <= 0) {
		cell_empty(t);
		return;
	}
	Cell *c = next_cell(t);
	c->t = C_SHARE;
	c->num = (int)num;
	c->den = (int)den;
	c->v = (double)num / (double)den;
	c->suppressed = den < SUPPRESS_BELOW;
}

void cell_date(Table *t, const char *iso)
{
	if (!iso || !*iso) {
		cell_empty(t);
		return;
	}
	Cell *c = next_cell(t);
	c->t = C_DATE;
	c->s = xstrdup(iso);
}

void cell_month(Table *t, const char *iso_month)
{
	if (!iso_month || !*iso_month) {
		cell_empty(t);
		return;
	}
	Cell *c = next_cell(t);
	c->t = C_MONTH;
	c->s = xstrndup(iso_month, 7);
}

const Cell *table_cell(const Table *t, int row, int col)
{
	ASSERT(row >= 0 && row < t->nrows && col >= 0 && col < t->ncols);
	return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

/* A number with a Danish decimal comma and thousands points: 50.700 and 12,5. */
void num_da(Buf *b, double v, int dec)
{
	char raw[64];
	snprintf(raw, sizeof raw, "%.*f", dec, v);
	const char *p = raw;
	if (*p == '-') {
		p++;
		if (p[strspn(p, "0.")]) /* -0,4 rounded to 0 shows 0, not -0 */
			buf_putc(b, '-');
	}
	const char *dot = strchr(p, '.');
	size_t ilen = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < ilen; i++) {
		if (i > 0 && (ilen - i) % 3 == 0)
			buf_putc(b, '.');
		buf_putc(b, p[i]);
	}
	if (dot) {
		buf_putc(b, ',');
		buf_puts(b, dot + 1);
	}
}

/* The text of a cell as the page shows it (Danish number format). */
void cell_show(Req *r, Buf *b, const Cell *c)
{
	if (c->suppressed) {
		buf_puts(b, _("under 5"));
		return;
	}
	switch ((CellType)c->t) {
	case C_EMPTY:
		break;
	case C_TEXT:
		buf_puts(b, c->s);
		break;
	case C_INT:
		num_da(b, c->v, 0);
		break;
	case C_NUM:
		num_da(b, c->v, c->dec);
		break;
	case C_SHARE:
		num_da(b, 100.0 * c->v, 0);
		bprintf(b, _(" %% (%l af %l)"), (long long)c->num, (long long)c->den);
		break;
	case C_DATE: {
		char d[11];
		date_format_dk(d, c->s);
		buf_puts(b, d);
		break;
	}
	case C_MONTH: {
		char m[16];
		snprintf(m, sizeof m, "%.2s.%.4s", c->s + 5, c->s);
		buf_puts(b, m);
		break;
	}
	}
}

void table_html(Req *r, const Table *t)
{
	hp(r, "<div class=\"table--responsive-scroll\">\n<table class=\"table table--compact hv-figures\">\n"
	      "<caption>%h</caption>\n<thead><tr>",
	   t->title);
	for (int i = 0; i < t->ncols; i++)
		hp(r, "<th scope=\"col\">%h</th>", t->heads[i]);
	hp(r, "</tr></thead>\n<tbody>\n");
	Buf v = {0};
	for (int row = 0; row < t->nrows; row++) {
		hp(r, "<tr>");
		for (int col = 0; col < t->ncols; col++) {
			const Cell *c = table_cell(t, row, col);
			buf_reset(&v);
			cell_show(r, &v, c);
			int numeric = c->t == C_INT || c->t == C_NUM || c->t == C_SHARE;
			if (col == 0 && t->row_heads)
				hp(r, "<th scope=\"row\">%h</th>", buf_str(&v));
			else if (numeric)
				hp(r, "<td class=\"hv-num\">%h</td>", buf_str(&v));
			else
				hp(r, "<td>%h</td>", buf_str(&v));
		}
		hp(r, "</tr>\n");
	}
	buf_free(&v);
	hp(r, "</tbody>\n</table>\n</div>\n");
	if (t->note)
		hp(r, "<p class=\"hv-table-note\">%h</p>\n", t->note);
}

void csv_field(Buf *b, const char *s)
{
	/* A cell that a spreadsheet would read as a formula gets a leading
	 * apostrophe (OWASP's advice): =, +, -, @, tab and carriage return. */
	int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		buf_puts(b, s); /* most fields: as they are, in one copy */
		return;
	}
	buf_puts(b, formula ? "\"'" : "\"");
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		buf_append(b, s, (size_t)(q - s + 1));
		buf_putc(b, '"'); /* a quote doubled */
	}
	buf_puts(b, s);
	buf_putc(b, '"');
}

/* A cell as CSV: numbers with a decimal point and no thousands separator
 * (what a program reads), a share as a fraction 0.73, dates åååå-mm-dd. */
static void cell_csv(Req *r, Buf *b, const Cell *c)
{
	char n[64];
	if (c->suppressed) {
		csv_field(b, _("under 5"));
		return;
	}
	switch ((CellType)c->t) {
	case C_EMPTY:
		break;
	case C_TEXT:
	case C_DATE:
	case C_MONTH:
		csv_field(b, c->s);
		break;
	case C_INT: /* a whole number (cell_int, cell_count), digit by digit:
		     * snprintf's %.0f was a fifth of the national export's time */
		if (c->v >= -9.2e18 && c->v <= 9.2e18) {
			buf_int(b, (long long)c->v);
			break;
		}
		snprintf(n, sizeof n, "%.0f", c->v);
		buf_puts(b, n);
		break;
	case C_NUM:
		snprintf(n, sizeof n, "%.*f", c->dec, c->v);
		buf_puts(b, n);
		break;
	case C_SHARE:
		snprintf(n, sizeof n, "%.4f", c->v);
		buf_puts(b, n);
		break;
	}
}

void table_csv(Req *r, Buf *b, Table *const *t, int n)
{
	buf_puts(b, "\xEF\xBB\xBF");
	for (int k = 0; k < n; k++) {
		if (k > 0)
			buf_puts(b, "\r\n");
		if (n > 1) {
			csv_field(b, t[k]->title);
			buf_puts(b, "\r\n");
		}
		for (int i = 0; i < t[k]->ncols; i++) {
			if (i)
				buf_putc(b, ',');
			csv_field(b, t[k]->heads[i]);
		}
		buf_puts(b, "\r\n");
		for (int row = 0; row < t[k]->nrows; row++) {
			for (int col = 0; col < t[k]->ncols; col++) {
				if (col)
					buf_putc(b, ',');
				cell_csv(r, b, table_cell(t[k], row, col));
			}
			buf_puts(b, "\r\n");
		}
	}
}

/* ---- XLSX (libxlsxwriter) ----------------------------------------------- */

/* A sheet name from a title: the characters Excel forbids ([]:*?/\) as
 * spaces, at most 31 characters (cut at a character, not a byte), no
 * apostrophe first or last, and unique in the workbook (compared without
 * case, as Excel does): a repeated name gets " (2)", " (3)" ... */
static void sheet_name(char *out, size_t outsz, const char *title, char names[][LXW_MAX_SHEETNAME_LENGTH], int k)
{
	char base[LXW_MAX_SHEETNAME_LENGTH];
	size_t n = 0, chars = 0;
	for (const char *p = title ? title : ""; *p && n + 4 < sizeof base;) {
		size_t len = 1;
		while ((p[len] & 0xC0) == 0x80)
			len++;
		if (chars == LXW_SHEETNAME_MAX)
			break;
		if (len == 1 && (*p == ' ' || strchr("[]:*?/\\\r\n\t", *p))) {
			p++;
			if (n == 0 || base[n - 1] == ' ')
				continue; /* one space for a run of them */
			base[n++] = ' ';
		} else {
			memcpy(base + n, p, len);
			n += len;
			p += len;
		}
		chars++;
	}
	base[n] = 0;
	/* trim spaces and apostrophes at the ends */
	char *b = base;
	while (*b == ' ' || *b == '\'')
		b++;
	n = strlen(b);
	while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\''))
		b[--n] = 0;
	if (!*b || strcasecmp(b, "History") == 0) {
		snprintf(out, outsz, "Ark %d", k + 1);
		b = NULL;
	} else {
		snprintf(out, outsz, "%s", b);
	}
	for (int dup = 2;; dup++) {
		int taken = 0;
		for (int i = 0; i < k; i++)
			taken |= strcasecmp(names[i], out) == 0;
		if (!taken)
			break;
		char suffix[16];
		snprintf(suffix, sizeof suffix, " (%d)", dup);
		/* cut the base so that base + suffix stays within 31 characters */
		const char *src = b ? b : "Ark";
		size_t keep = 0, c = 0, room = LXW_SHEETNAME_MAX - strlen(suffix);
		while (src[keep] && c < room) {
			keep++;
			while ((src[keep] & 0xC0) == 0x80)
				keep++;
			c++;
		}
		while (keep > 0 && src[keep - 1] == ' ')
			keep--;
		snprintf(out, outsz, "%.*s%s", (int)keep, src, suffix);
	}
}

typedef struct XlsxFormats {
	lxw_format *bold, *integer, *share, *date, *month, *num[10];
} XlsxFormats;

/* The width a cell's text takes, in characters (roughly). */
static int cell_width(Req *r, const Cell *c)
{
	Buf b = {0};
	cell_show(r, &b, c);
	int w = 0;
	for (size_t i = 0; i < b.n; i++)
		w += ((unsigned char)b.p[i] & 0xC0) != 0x80;
	buf_free(&b);
	if (c->t == C_SHARE && !c->suppressed)
		w = 6;
	return w;
}

static lxw_error xlsx_cell(Req *r, lxw_worksheet *ws, XlsxFormats *f, lxw_row_t row, lxw_col_t col, const Cell *c)
{
	if (c->suppressed)
		return worksheet_write_string(ws, row, col, _("under 5"), NULL);
	switch ((CellType)c->t) {
	case C_EMPTY:
		return LXW_NO_ERROR;
	case C_TEXT:
		return worksheet_write_string(ws, row, col, c->s, NULL);
	case C_INT:
		return worksheet_write_number(ws, row, col, c->v, f->integer);
	case C_NUM:
		return worksheet_write_number(ws, row, col, c->v, f->num[c->dec > 9 ? 9 : c->dec]);
	case C_SHARE:
		return worksheet_write_number(ws, row, col, c->v, f->share);
	case C_DATE:
	case C_MONTH: {
		lxw_datetime dt = {0};
		int day = 1;
		if (c->t == C_DATE ? sscanf(c->s, "%4d-%2d-%2d", &dt.year, &dt.month, &day) != 3
				   : sscanf(c->s, "%4d-%2d", &dt.year, &dt.month) != 2)
			return worksheet_write_string(ws, row, col, c->s, NULL);
		dt.day = day;
		return worksheet_write_datetime(ws, row, col, &dt, c->t == C_DATE ? f->date : f->month);
	}
	}
	return LXW_NO_ERROR;
}

/* The workbook goes to a temporary file (libxlsxwriter 1.1.4 cannot write
 * to memory), read back into b and removed. */
int table_xlsx(Req *r, Buf *b, Table *const *t, int n)
{
	const char *env = getenv("TMPDIR");
	char dir[2048], path[4096];
	snprintf(dir, sizeof dir, "%s", env && *env ? env : "/tmp");
	snprintf(path, sizeof path, "%s/hjemvej-xlsx-XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	/* libxlsxwriter's own temporary files in the same directory; constant
	 * memory: each row goes to the sheet's temporary file when the next one
	 * begins (rows are written in order), so a sheet of half a million
	 * cells does not stay in memory as libxlsxwriter's cells (about 45 MB
	 * for the pseudonymised export at national scale, kept by malloc after
	 * the request) */
	lxw_workbook_options opt = {.constant_memory = 1, .tmpdir = dir, .use_zip64 = 0};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		unlink(path);
		return -1;
	}
	lxw_error err = LXW_NO_ERROR;
	XlsxFormats f = {0};
	f.bold = workbook_add_format(wb);
	format_set_bold(f.bold);
	f.integer = workbook_add_format(wb);
	format_set_num_format(f.integer, "#,##0");
	f.share = workbook_add_format(wb);
	format_set_num_format(f.share, "0%");
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "dd-mm-yyyy");
	f.month = workbook_add_format(wb);
	format_set_num_format(f.month, "mm-yyyy");
	for (int d = 0; d < 10; d++) {
		char nf[24] = "#,##0";
		if (d > 0) {
			strcat(nf, ".");
			for (int i = 0; i < d; i++)
				strcat(nf, "0");
		}
		f.num[d] = workbook_add_format(wb);
		format_set_num_format(f.num[d], nf);
	}
	char(*names)[LXW_MAX_SHEETNAME_LENGTH] = xcalloc((size_t)(n > 0 ? n : 1), sizeof *names);
	for (int k = 0; k < n && !err; k++) {
		const Table *tb = t[k];
		sheet_name(names[k], sizeof names[k], tb->title, names, k);
		lxw_worksheet *ws = workbook_add_worksheet(wb, names[k]);
		if (!ws) {
			err = LXW_ERROR_SHEETNAME_ALREADY_USED;
			break;
		}
		/* The columns' widths first (from the widest cell), then row 1
		 * the title, row 2 the headings, then the rows, in order; the
		 * note after an empty row. */
		int *width = xcalloc((size_t)tb->ncols, sizeof *width);
		for (int col = 0; col < tb->ncols; col++)
			width[col] = (int)strlen(tb->heads[col]);
		for (int row = 0; row < tb->nrows; row++)
			for (int col = 0; col < tb->ncols; col++) {
				int w = cell_width(r, table_cell(tb, row, col));
				if (w > width[col])
					width[col] = w;
			}
		for (int col = 0; col < tb->ncols && !err; col++) {
			int w = width[col] + 2;
			err = worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, w < 10 ? 10 : w > 60 ? 60 : w, NULL);
		}
		free(width);
		if (!err)
			err = worksheet_write_string(ws, 0, 0, tb->title, f.bold);
		for (int col = 0; col < tb->ncols && !err; col++)
			err = worksheet_write_string(ws, 1, (lxw_col_t)col, tb->heads[col], f.bold);
		for (int row = 0; row < tb->nrows && !err; row++)
			for (int col = 0; col < tb->ncols && !err; col++)
				err = xlsx_cell(r, ws, &f, (lxw_row_t)(row + 2), (lxw_col_t)col, table_cell(tb, row, col));
		if (!err && tb->note)
			err = worksheet_write_string(ws, (lxw_row_t)(tb->nrows + 3), 0, tb->note, NULL);
	}
	free(names);
	if (n == 0 && !err && !workbook_add_worksheet(wb, NULL))
		err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	lxw_error cerr = workbook_close(wb);
	if (!err)
		err = cerr;
	if (!err) {
		FILE *in = fopen(path, "rb");
		if (!in) {
			err = LXW_ERROR_CREATING_TMPFILE;
		} else {
			char chunk[8192];
			size_t got;
			while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
				buf_append(b, chunk, got);
			if (ferror(in))
				err = LXW_ERROR_CREATING_TMPFILE;
			fclose(in);
		}
	}
	unlink(path);
	return err != LXW_NO_ERROR;
}

void audit_muni(Req *r, const char *action, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, 0, r->route->purpose, result);
}

int table_export(Req *r, const char *name, Table *const *t, int n)
{
	const char *f = P(r, "format");
	if (!f || !*f)
		return 0;
	Buf out = {0};
	int xlsx = streq(f, "xlsx");
	if (xlsx ? table_xlsx(r, &out, t, n) != 0 : (table_csv(r, &out, t, n), 0)) {
		buf_free(&out);
		page_fail(r, 500, _("Filen kunne ikke laves."));
		return 1;
	}
	/* outside a transaction the row is kept for the request and written by
	 * the log writer before the file is sent (audit.c) */
	audit_muni(r, xlsx ? "export_xlsx" : "export_csv", "ok");
	/* the file becomes the response as it is (not copied) */
	buf_free(&r->out);
	r->out = out;
	r->ctype = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			: "text/csv; charset=utf-8";
	char today[11];
	today_copenhagen(today);
	Buf cd = {0};
	bprintf(&cd, "attachment; filename=\"%h-%h.%h\"", name, today, xlsx ? "xlsx" : "csv");
	req_header(r, "Content-Disposition", buf_str(&cd));
	buf_free(&cd);
	return 1;
}

void export_links(Req *r, const char *path_and_query)
{
	const char *sep = strchr(path_and_query, '?') ? "&" : "?";
	hp(r, "<ul class=\"hv-actions hv-noprint\">\n<li><a class=\"button button-secondary\" href=\"%a%a"
	      "format=csv\">%h</a></li>\n<li><a class=\"button button-secondary\" href=\"%a%aformat=xlsx\">%h</a></li>\n"
	      "</ul>\n",
	   path_and_query, sep, _("Hent som CSV"), path_and_query, sep, _("Hent som Excel"));
}

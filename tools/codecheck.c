/* codecheck.c: the build's static check of the C sources, run by the
 * Makefile as "build/codecheck po/en.po src/FILE.c...".
 *
 * A) Safe output.  Every call of a printf-like output function (table
 *    below) has a string-literal format, only the project's conversions,
 *    one argument per conversion, and a string literal for every raw %s.
 * B) Translations.  Every _("...") and N_("...") string has a non-empty
 *    English msgstr in the catalog, and no msgstr changes the conversions
 *    of its msgid.  Catalog entries no source uses are warned about.
 *
 * Usage:
 *   codecheck CATALOG.po FILE.c...             check (exit 1 on a problem)
 *   codecheck --missing CATALOG.po FILE.c...   print PO entries for the
 *                                              strings CATALOG lacks
 *   codecheck --extract [CATALOG.po] FILE.c... the same; without a catalog,
 *                                              every string
 *
 * Problems go to stderr as "file:line: message", warnings as
 * "warning: file:line: message".
 *
 * What counts as a literal (format, raw %s argument): one or more adjacent
 * string literals, or _() / N_() of such (the translation is checked to keep
 * the conversions); for a %s argument also "cond ? LITERAL : LITERAL". */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The checked output functions and the 0-based index of their format. */
static const struct {
	const char *name;
	size_t fmt_arg;
} checked[] = {
	{"bprintf", 1},
	{"hp", 1},
	{"page_fail", 2},
	{"flash_set", 1},
};

/* The database calls and the 0-based index of their SQL; the bind types
 * follow it.  The SQL must be a literal (values are bound, never pasted
 * in), and it must have as many ? as the types have letters. */
static const struct {
	const char *name;
	size_t sql_arg;
} sql_calls[] = {
	{"db_exec", 1},
	{"db_insert", 1},
	{"db_query", 2},
	{"db_int", 2},
	{"db_text", 1},
};

/* Conversions that take one argument each; "%%" takes none. */
static const char conversions[] = "shaujdlzcx";

static enum { CHECK, LIST } mode = CHECK;
static int n_errors;

/* ---- memory, buffers, messages ----------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("codecheck: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* Makes room for element n of a growable array of *cap elements. */
static void *grow(void *arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(arr, *cap * size);
}

/* A growable byte string; p is NUL-terminated once anything was added. */
typedef struct {
	char *p;
	size_t n, cap;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 64;
		b->p = xrealloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static void buf_addc(Buf *b, char c)
{
	buf_add(b, &c, 1);
}

static void buf_clear(Buf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = 0;
}

static const char *buf_str(Buf *b)
{
	if (!b->p)
		buf_add(b, "", 0);
	return b->p;
}

static void buf_free(Buf *b)
{
	free(b->p);
	*b = (Buf){0};
}

static int buf_eq(const Buf *a, const Buf *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
}

__attribute__((format(printf, 3, 4)))
static void error_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	n_errors++;
}

__attribute__((format(printf, 3, 4)))
static void warning_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "warning: %s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Reads a whole file; returns 0 (after reporting) when it cannot. */
static int read_file(const char *name, Buf *out)
{
	FILE *fp = fopen(name, "rb");
	if (!fp) {
		error_at(name, 0, "cannot open: %s", strerror(errno));
		return 0;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(out, chunk, n);
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		error_at(name, 0, "cannot read");
		return 0;
	}
	buf_str(out);
	return 1;
}

/* ---- string escapes (shared by C literals and the PO file) ------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void put_utf8(Buf *b, unsigned long cp)
{
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(b, (char)(0xc0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addc(b, (char)(0xe0 | cp >> 12));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | (cp >> 18 & 0x07)));
		buf_addc(b, (char)(0x80 | (cp >> 12 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Appends the decoded body of a string literal (the text between the
 * quotes) to out. */
static void decode(Buf *out, const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		if (*s != '\\' || s + 1 == end) {
			buf_addc(out, *s++);
			continue;
		}
		s++;
		char c = *s++;
		unsigned long v = 0;
		int digits = 0;
		switch (c) {
		case 'n': buf_addc(out, '\n'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 'a': buf_addc(out, '\a'); break;
		case 'b': buf_addc(out, '\b'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'v': buf_addc(out, '\v'); break;
		case '\n': break; /* line splice */
		case 'x':
			while (s < end && hexval(*s) >= 0)
				v = v * 16 + (unsigned long)hexval(*s++);
			buf_addc(out, (char)(v & 0xff));
			break;
		case 'u':
		case 'U':
			for (int want = c == 'u' ? 4 : 8; digits < want && s < end && hexval(*s) >= 0; digits++)
				v = v * 16 + (unsigned long)hexval(*s++);
			put_utf8(out, v);
			break;
		default:
			if (c >= '0' && c <= '7') {
				v = (unsigned long)(c - '0');
				for (digits = 1; digits < 3 && s < end && *s >= '0' && *s <= '7'; digits++)
					v = v * 8 + (unsigned long)(*s++ - '0');
				buf_addc(out, (char)(v & 0xff));
			} else {
				buf_addc(out, c); /* \\ \" \' \? */
			}
		}
	}
}

/* Appends s in C/PO string syntax, without the surrounding quotes. */
static void quote(Buf *out, const Buf *s)
{
	for (size_t i = 0; i < s->n; i++) {
		unsigned char c = (unsigned char)s->p[i];
		char oct[8];
		switch (c) {
		case '"': buf_add(out, "\\\"", 2); break;
		case '\\': buf_add(out, "\\\\", 2); break;
		case '\n': buf_add(out, "\\n", 2); break;
		case '\t': buf_add(out, "\\t", 2); break;
		case '\r': buf_add(out, "\\r", 2); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				snprintf(oct, sizeof oct, "\\%03o", c);
				buf_add(out, oct, 4);
			} else {
				buf_addc(out, (char)c);
			}
		}
	}
}

/* Appends the character after each '%' (except in "%%") to seq: the
 * sequence of conversions.  A '%' ending the string appends a NUL. */
static void conversions_of(const Buf *s, Buf *seq)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->p[i] != '%')
			continue;
		if (i + 1 == s->n) {
			buf_addc(seq, 0);
			break;
		}
		if (s->p[++i] != '%')
			buf_addc(seq, s->p[i]);
	}
}

/* ---- the catalog -------------------------------------------------------- */

typedef struct {
	Buf id, str;
	int line, str_line; /* of msgid, msgstr */
	int has_str, used;
} Entry;

static const char *po_name;
static Entry *po;
static size_t n_po, po_cap;

/* The catalog entry for msgid s (never the header), or NULL. */
static Entry *po_find(const Buf *s, size_t upto)
{
	if (s->n == 0)
		return NULL;
	for (size_t i = 0; i < upto; i++)
		if (buf_eq(&po[i].id, s))
			return &po[i];
	return NULL;
}

/* Is line [q, end) keyword kw followed by a blank or a quote? */
static int po_keyword(const char *q, const char *end, const char *kw)
{
	size_t n = strlen(kw);
	return (size_t)(end - q) > n && memcmp(q, kw, n) == 0 &&
	       (q[n] == ' ' || q[n] == '\t' || q[n] == '"');
}

/* Decodes the quoted strings in [q, end) onto out; 0 if malformed. */
static int po_strings(const char *q, const char *end, Buf *out)
{
	int count = 0;
	for (;;) {
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q == end)
			return count > 0;
		if (*q != '"')
			return 0;
		const char *s = ++q;
		while (q < end && *q != '"')
			q += *q == '\\' && q + 1 < end ? 2 : 1;
		if (q >= end)
			return 0;
		decode(out, s, (size_t)(q - s));
		q++;
		count++;
	}
}

/* Ends the entry being read: it must have a msgstr and a new msgid. */
static void po_finish(void)
{
	if (n_po == 0)
		return;
	Entry *e = &po[n_po - 1];
	if (!e->has_str)
		error_at(po_name, e->line, "msgid without msgstr");
	for (size_t i = 0; i + 1 < n_po; i++)
		if (buf_eq(&po[i].id, &e->id)) {
			error_at(po_name, e->line, "duplicate msgid (first at line %d)", po[i].line);
			break;
		}
}

static void read_po(const char *name)
{
	Buf text = {0};
	po_name = name;
	if (!read_file(name, &text))
		return;
	const char *p = text.p, *end = text.p + text.n;
	Buf *target = NULL; /* the string that "..." lines extend */
	int line = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p, *le = eol ? eol : end;
		p = eol ? eol + 1 : end;
		line++;
		if (le > q && le[-1] == '\r')
			le--;
		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		if (q == le || *q == '#')
			continue;
		if (po_keyword(q, le, "msgid")) {
			po_finish();
			po = grow(po, n_po, &po_cap, sizeof *po);
			po[n_po] = (Entry){.line = line};
			target = &po[n_po++].id;
			q += 5;
		} else if (po_keyword(q, le, "msgstr")) {
			if (n_po == 0 || po[n_po - 1].has_str) {
				error_at(name, line, "msgstr without msgid");
				target = NULL;
				continue;
			}
			po[n_po - 1].has_str = 1;
			po[n_po - 1].str_line = line;
			target = &po[n_po - 1].str;
			q += 6;
		} else if (*q != '"') {
			error_at(name, line, "unsupported PO line (only msgid and msgstr are supported)");
			target = NULL;
			continue;
		} else if (!target) {
			error_at(name, line, "string outside msgid or msgstr");
			continue;
		}
		if (!po_strings(q, le, target))
			error_at(name, line, "malformed PO string");
	}
	po_finish();
	buf_free(&text);
}

/* Rule 8: a msgstr keeps the conversions of its msgid, in order. */
static void check_catalog(void)
{
	Buf a = {0}, b = {0}, q = {0};
	for (size_t i = 0; i < n_po; i++) {
		Entry *e = &po[i];
		if (e->id.n == 0 || e->str.n == 0)
			continue;
		buf_clear(&a);
		buf_clear(&b);
		conversions_of(&e->id, &a);
		conversions_of(&e->str, &b);
		if (!buf_eq(&a, &b)) {
			buf_clear(&q);
			quote(&q, &e->id);
			error_at(po_name, e->str_line, "translation changes conversions: \"%s\"", buf_str(&q));
		}
	}
	buf_free(&a);
	buf_free(&b);
	buf_free(&q);
}

/* Rule 7: warns about entries no scanned source uses. */
static void warn_unused(void)
{
	Buf q = {0};
	for (size_t i = 0; i < n_po; i++) {
		if (po[i].id.n == 0 || po[i].used)
			continue;
		buf_clear(&q);
		quote(&q, &po[i].id);
		warning_at(po_name, po[i].line, "translation not used in the sources: \"%s\"", buf_str(&q));
	}
	buf_free(&q);
}

/* ---- the tokenizer ------------------------------------------------------ */

enum { T_IDENT, T_NUMBER, T_STRING, T_CHAR, T_PUNCT };

typedef struct {
	int kind, line;
	size_t pos, len;
} Tok;

typedef struct {
	const char *name;
	Buf text;
	Tok *tok;
	size_t ntok, cap;
} Src;

static int is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a backslash-newline line splice at i, or 0. */
static size_t splice_at(const Src *f, size_t i)
{
	const char *t = f->text.p;
	if (t[i] != '\\')
		return 0;
	if (i + 1 < f->text.n && t[i + 1] == '\n')
		return 2;
	if (i + 2 < f->text.n && t[i + 1] == '\r' && t[i + 2] == '\n')
		return 3;
	return 0;
}

/* Skips the string or char literal whose quote is at i; returns the index
 * after it.  Strict: an unterminated literal is an error (in a
 * preprocessor line it just ends at the newline). */
static size_t skip_quoted(const Src *f, size_t i, int *line, int strict)
{
	const char *t = f->text.p;
	char q = t[i++];
	int start = *line;
	while (i < f->text.n && t[i] != q && t[i] != '\n') {
		size_t sp = splice_at(f, i);
		if (sp) {
			(*line)++;
			i += sp;
		} else {
			i += t[i] == '\\' && i + 1 < f->text.n && t[i + 1] != '\n' ? 2 : 1;
		}
	}
	if (i < f->text.n && t[i] == q)
		return i + 1;
	if (strict)
		error_at(f->name, start, "unterminated %s literal", q == '"' ? "string" : "character");
	return i;
}

/* If a comment starts at i, returns the index after it, else i.  A //
 * comment ends before its newline. */
static size_t skip_comment(const Src *f, size_t i, int *line)
{
	const char *t = f->text.p;
	size_t n = f->text.n;
	if (i + 1 >= n || t[i] != '/')
		return i;
	if (t[i + 1] == '/') {
		for (i += 2; i < n && t[i] != '\n';) {
			size_t sp = splice_at(f, i);
			if (sp)
				(*line)++;
			i += sp ? sp : 1;
		}
		return i;
	}
	if (t[i + 1] == '*') {
		int start = *line;
		for (i += 2; i + 1 < n && !(t[i] == '*' && t[i + 1] == '/'); i++)
			if (t[i] == '\n')
				(*line)++;
		if (i + 1 >= n) {
			error_at(f->name, start, "unterminated comment");
			return n;
		}
		return i + 2;
	}
	return i;
}

/* Skips a preprocessor line (with its continuations and comments) that
 * starts at i; returns the index of the newline ending it. */
static size_t skip_directive(const Src *f, size_t i, int *line)
{
	const char *t = f->text.p;
	while (i < f->text.n && t[i] != '\n') {
		size_t sp = splice_at(f, i), j;
		if (sp) {
			(*line)++;
			i += sp;
		} else if ((j = skip_comment(f, i, line)) != i) {
			i = j;
		} else if (t[i] == '"' || t[i] == '\'') {
			i = skip_quoted(f, i, line, 0);
		} else {
			i++;
		}
	}
	return i;
}

static void tokenize(Src *f)
{
	const char *t = f->text.p;
	size_t n = f->text.n, i = 0;
	int line = 1, bol = 1; /* bol: nothing but blanks so far on this line */
	while (i < n) {
		char c = t[i];
		size_t j;
		if (c == '\n') {
			line++;
			bol = 1;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
			continue;
		}
		if ((j = splice_at(f, i)) > 0) {
			line++;
			i += j;
			continue;
		}
		if ((j = skip_comment(f, i, &line)) != i) {
			i = j;
			continue;
		}
		if (c == '#' && bol) {
			i = skip_directive(f, i, &line);
			continue;
		}
		bol = 0;
		Tok tk = {T_PUNCT, line, i, 0};
		if (c == '"' || c == '\'') {
			tk.kind = c == '"' ? T_STRING : T_CHAR;
			i = skip_quoted(f, i, &line, 1);
		} else if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(t[i + 1]))) {
			tk.kind = T_NUMBER;
			for (i++; i < n; i++)
				if (!is_ident(t[i]) && t[i] != '.' &&
				    !((t[i] == '+' || t[i] == '-') && strchr("eEpP", t[i - 1])))
					break;
		} else if (is_ident(c)) {
			while (i < n && is_ident(t[i]))
				i++;
			size_t len = i - tk.pos;
			tk.kind = T_IDENT;
			/* an encoding prefix: L"", u"", U"", u8"" */
			if (i < n && (t[i] == '"' || t[i] == '\'') &&
			    ((len == 1 && strchr("LuU", c)) || (len == 2 && c == 'u' && t[i - 1] == '8'))) {
				tk.kind = t[i] == '"' ? T_STRING : T_CHAR;
				i = skip_quoted(f, i, &line, 1);
			}
		} else if (c == '.' && i + 2 < n && t[i + 1] == '.' && t[i + 2] == '.') {
			i += 3;
		} else if (c == '-' && i + 1 < n && t[i + 1] == '>') {
			i += 2;
		} else {
			i++;
		}
		tk.len = i - tk.pos;
		f->tok = grow(f->tok, f->ntok, &f->cap, sizeof *f->tok);
		f->tok[f->ntok++] = tk;
	}
}

static int tok_is(const Src *f, size_t k, const char *s)
{
	return k < f->ntok && f->tok[k].len == strlen(s) &&
	       memcmp(f->text.p + f->tok[k].pos, s, f->tok[k].len) == 0;
}

/* Appends the decoded value of string literal token k. */
static void decode_token(const Src *f, size_t k, Buf *out)
{
	const char *s = f->text.p + f->tok[k].pos, *end = s + f->tok[k].len;
	while (s < end && *s != '"')
		s++; /* past an encoding prefix */
	if (s < end)
		s++;
	if (end > s && end[-1] == '"')
		end--;
	decode(out, s, (size_t)(end - s));
}

/* ---- calls and their arguments ----------------------------------------- */

typedef struct {
	size_t a, b; /* tokens [a, b) */
} Range;

typedef struct {
	size_t name, close; /* tokens: the function name and the matching ')' */
	Range *arg;
	size_t nargs, cap;
	int is_decl;
} Call;

static int is_open(const Src *f, size_t k)
{
	return tok_is(f, k, "(") || tok_is(f, k, "[") || tok_is(f, k, "{");
}

static int is_close(const Src *f, size_t k)
{
	return tok_is(f, k, ")") || tok_is(f, k, "]") || tok_is(f, k, "}");
}

static void add_arg(Call *c, size_t a, size_t b)
{
	c->arg = grow(c->arg, c->nargs, &c->cap, sizeof *c->arg);
	c->arg[c->nargs++] = (Range){a, b};
}

/* Parses the call whose name is token k (followed by '('): finds the
 * matching ')' and splits the arguments at top-level commas.  Returns 0
 * (after reporting) when the parentheses do not balance. */
static int parse_call(const Src *f, size_t k, Call *c)
{
	static const char *const stmt_words[] = {"return", "else", "do", "case", "sizeof"};
	size_t depth = 0, start = k + 2;
	*c = (Call){.name = k};
	for (size_t i = k + 1; i < f->ntok; i++) {
		if (tok_is(f, i, "..."))
			c->is_decl = 1;
		if (is_open(f, i)) {
			depth++;
		} else if (is_close(f, i) && --depth == 0) {
			if (i > start || c->nargs > 0)
				add_arg(c, start, i);
			c->close = i;
			/* "void hp(...) {" or a prototype "void flash_set(Req *r, ...);" */
			if (tok_is(f, i + 1, "{"))
				c->is_decl = 1;
			if (k > 0 && f->tok[k - 1].kind == T_IDENT) {
				c->is_decl = 1;
				for (size_t w = 0; w < sizeof stmt_words / sizeof *stmt_words; w++)
					if (tok_is(f, k - 1, stmt_words[w]))
						c->is_decl = 0;
			}
			return 1;
		} else if (depth == 1 && tok_is(f, i, ",")) {
			add_arg(c, start, i);
			start = i + 1;
		}
	}
	error_at(f->name, f->tok[k].line, "unbalanced parentheses after %.*s",
		 (int)f->tok[k].len, f->text.p + f->tok[k].pos);
	free(c->arg);
	return 0;
}

/* If tokens [a, b) are adjacent string literals, or (allow_tr) _() or N_()
 * of such, decodes them onto out and returns 1. */
static int literal_arg(const Src *f, size_t a, size_t b, Buf *out, int allow_tr)
{
	if (allow_tr && b >= a + 4 && (tok_is(f, a, "_") || tok_is(f, a, "N_")) &&
	    tok_is(f, a + 1, "(") && tok_is(f, b - 1, ")")) {
		a += 2;
		b -= 1;
	}
	if (a >= b)
		return 0;
	for (size_t i = a; i < b; i++)
		if (f->tok[i].kind != T_STRING)
			return 0;
	for (size_t i = a; i < b; i++)
		decode_token(f, i, out);
	return 1;
}

/* May this argument go out raw?  A literal (as for a format), or
 * "cond ? X : Y" where X and Y may. */
static int raw_ok(const Src *f, size_t a, size_t b)
{
	Buf tmp = {0};
	int ok = literal_arg(f, a, b, &tmp, 1);
	buf_free(&tmp);
	if (ok)
		return 1;
	size_t depth = 0, nested = 0, question = 0;
	int seen = 0; /* a top-level '?' was seen, at token question */
	for (size_t i = a; i < b; i++) {
		if (is_open(f, i)) {
			depth++;
		} else if (is_close(f, i)) {
			if (depth > 0)
				depth--;
		} else if (depth > 0) {
			continue;
		} else if (tok_is(f, i, "?")) {
			if (seen)
				nested++;
			else
				seen = 1, question = i;
		} else if (tok_is(f, i, ":") && seen) {
			if (nested == 0)
				return raw_ok(f, question + 1, i) && raw_ok(f, i + 1, b);
			nested--;
		}
	}
	return 0;
}

/* The source text of tokens [a, b), blanks and comments as one space. */
static void arg_text(const Src *f, Range r, Buf *out)
{
	for (size_t i = r.a; i < r.b; i++) {
		if (i > r.a && f->tok[i].pos > f->tok[i - 1].pos + f->tok[i - 1].len)
			buf_addc(out, ' ');
		buf_add(out, f->text.p + f->tok[i].pos, f->tok[i].len);
	}
}

/* Rules 1-4 for a call of a checked output function. */
static void check_format_call(const Src *f, const Call *c, size_t fmt_arg)
{
	int line = f->tok[c->name].line;
	if (c->nargs <= fmt_arg) {
		error_at(f->name, line, "format is not a string literal (no format argument)");
		return;
	}
	Range fr = c->arg[fmt_arg];
	if (fr.a < fr.b)
		line = f->tok[fr.a].line;
	Buf fmt = {0}, seq = {0}, text = {0};
	if (!literal_arg(f, fr.a, fr.b, &fmt, 1)) {
		error_at(f->name, line, "format is not a string literal");
		goto out;
	}
	conversions_of(&fmt, &seq);
	int unknown = 0;
	for (size_t i = 0; i < seq.n; i++) {
		unsigned char ch = (unsigned char)seq.p[i];
		if (ch && strchr(conversions, ch))
			continue;
		unknown++;
		if (!ch)
			error_at(f->name, line, "unknown conversion %% at the end of the format");
		else if (ch > 0x20 && ch < 0x7f)
			error_at(f->name, line, "unknown conversion %%%c", ch);
		else
			error_at(f->name, line, "unknown conversion %%\\%03o", ch);
	}
	if (unknown)
		goto out;
	size_t nargs = c->nargs - fmt_arg - 1;
	if (seq.n != nargs)
		error_at(f->name, f->tok[c->name].line, "%zu conversions but %zu arguments", seq.n, nargs);
	for (size_t i = 0; i < seq.n && i < nargs; i++) {
		Range ar = c->arg[fmt_arg + 1 + i];
		if (seq.p[i] != 's' || raw_ok(f, ar.a, ar.b))
			continue;
		buf_clear(&text);
		arg_text(f, ar, &text);
		error_at(f->name, ar.a < ar.b ? f->tok[ar.a].line : line,
			 "raw %%s with a non-literal argument: %s", buf_str(&text));
	}
out:
	buf_free(&fmt);
	buf_free(&seq);
	buf_free(&text);
}

static Buf *listed; /* --missing: the strings printed so far */
static size_t n_listed, listed_cap;

/* Rules 5 and 6 for a call of _() or N_(); --missing output. */
static void check_translation_call(const Src *f, const Call *c, int is_n)
{
	int line = f->tok[c->name].line;
	Buf s = {0}, q = {0};
	if (c->nargs != 1 || !literal_arg(f, c->arg[0].a, c->arg[0].b, &s, 0)) {
		if (is_n && mode == CHECK)
			error_at(f->name, line, "N_() argument is not a string literal");
		goto out;
	}
	Entry *e = po_find(&s, n_po);
	if (e)
		e->used = 1;
	quote(&q, &s);
	if (mode == CHECK) {
		if (!e || !e->str.n)
			error_at(f->name, line, "missing English translation: \"%s\"", buf_str(&q));
		goto out;
	}
	if (e)
		goto out;
	for (size_t i = 0; i < n_listed; i++)
		if (buf_eq(&listed[i], &s))
			goto out;
	printf("msgid \"%s\"\nmsgstr \"\"\n\n", buf_str(&q));
	listed = grow(listed, n_listed, &listed_cap, sizeof *listed);
	listed[n_listed++] = s;
	s = (Buf){0};
out:
	buf_free(&s);
	buf_free(&q);
}

/* Placeholders in SQL text, not counting a ? inside a quoted string. */
static size_t placeholders(const Buf *sql)
{
	size_t n = 0;
	char quote = 0;
	for (size_t i = 0; i < sql->n; i++) {
		char ch = sql->p[i];
		if (quote) {
			if (ch == quote)
				quote = 0;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == '?') {
			n++;
		}
	}
	return n;
}

static void check_sql_call(const Src *f, const Call *c, size_t sql_arg)
{
	int line = f->tok[c->name].line;
	if (c->nargs <= sql_arg + 1) {
		error_at(f->name, line, "SQL call without SQL and bind types");
		return;
	}
	Range sr = c->arg[sql_arg], tr = c->arg[sql_arg + 1];
	if (sr.a < sr.b)
		line = f->tok[sr.a].line;
	Buf sql = {0}, types = {0};
	if (!literal_arg(f, sr.a, sr.b, &sql, 0)) {
		error_at(f->name, line, "SQL is not a string literal");
		goto out;
	}
	if (!literal_arg(f, tr.a, tr.b, &types, 0)) {
		error_at(f->name, line, "bind types are not a string literal");
		goto out;
	}
	size_t want = placeholders(&sql), args = 0;
	for (size_t i = 0; i < types.n; i++) /* a blob ('b') takes a pointer and a length */
		args += types.p[i] == 'b' ? 2 : 1;
	if (want != types.n)
		error_at(f->name, line, "%zu placeholders but %zu bind types", want, types.n);
	else if (c->nargs != sql_arg + 2 + args)
		error_at(f->name, line, "%zu bind types need %zu values but %zu are given", types.n, args,
			 c->nargs - sql_arg - 2);
out:
	buf_free(&sql);
	buf_free(&types);
}

static int sql_index(const Src *f, size_t k)
{
	for (size_t i = 0; i < sizeof sql_calls / sizeof *sql_calls; i++)
		if (tok_is(f, k, sql_calls[i].name))
			return (int)i;
	return -1;
}

/* Index in checked[] of the function named by token k, or -1. */
static int checked_index(const Src *f, size_t k)
{
	for (size_t i = 0; i < sizeof checked / sizeof *checked; i++)
		if (tok_is(f, k, checked[i].name))
			return (int)i;
	return -1;
}

static void check_source(const char *name)
{
	Src f = {.name = name};
	if (!read_file(name, &f.text))
		goto out;
	tokenize(&f);
	for (size_t k = 0; k + 1 < f.ntok; k++) {
		if (f.tok[k].kind != T_IDENT || !tok_is(&f, k + 1, "("))
			continue;
		if (k > 0 && (tok_is(&f, k - 1, ".") || tok_is(&f, k - 1, "->")))
			continue;
		int fi = checked_index(&f, k), is_tr = tok_is(&f, k, "_"), is_n = tok_is(&f, k, "N_");
		int si = sql_index(&f, k);
		Call c;
		if ((fi < 0 && si < 0 && !is_tr && !is_n) || !parse_call(&f, k, &c))
			continue;
		if (c.is_decl)
			;
		else if (si >= 0) {
			if (mode == CHECK)
				check_sql_call(&f, &c, sql_calls[si].sql_arg);
		}
		else if (fi >= 0 && mode == CHECK)
			check_format_call(&f, &c, checked[fi].fmt_arg);
		else if (fi < 0)
			check_translation_call(&f, &c, is_n);
		free(c.arg);
	}
out:
	buf_free(&f.text);
	free(f.tok);
}

static void usage(void)
{
	fputs("usage: codecheck CATALOG.po FILE.c...\n"
	      "       codecheck --missing CATALOG.po FILE.c...\n"
	      "       codecheck --extract [CATALOG.po] FILE.c...\n",
	      stderr);
	exit(2);
}

static int is_po(const char *s)
{
	size_t n = strlen(s);
	return n >= 3 && strcmp(s + n - 3, ".po") == 0;
}

int main(int argc, char **argv)
{
	int i = 1;
	const char *catalog = NULL;
	if (argc > 1 && strcmp(argv[1], "--missing") == 0) {
		mode = LIST;
		if (argc < 3)
			usage();
		catalog = argv[2];
		i = 3;
	} else if (argc > 1 && strcmp(argv[1], "--extract") == 0) {
		mode = LIST;
		i = 2;
		if (i < argc && is_po(argv[i]))
			catalog = argv[i++];
	} else {
		if (argc < 2 || argv[1][0] == '-')
			usage();
		catalog = argv[1];
		i = 2;
	}
	if (catalog)
		read_po(catalog);
	if (mode == CHECK)
		check_catalog();
	for (; i < argc; i++)
		check_source(argv[i]);
	if (mode == CHECK && catalog)
		warn_unused();

	for (size_t k = 0; k < n_po; k++) {
		buf_free(&po[k].id);
		buf_free(&po[k].str);
	}
	free(po);
	for (size_t k = 0; k < n_listed; k++)
		buf_free(&listed[k]);
	free(listed);
	if (fflush(stdout) != 0) {
		perror("codecheck: stdout");
		return 1;
	}
	return n_errors ? 1 : 0;
}

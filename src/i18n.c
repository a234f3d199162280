/* i18n.c: translation.  The source language is Danish: every UI string is
 * written in Danish inside _() or N_() and is its own msgid.  Other
 * languages are gettext-style catalogs po/LANG.po, embedded into the binary
 * at build time and read at start-up.  tools/codecheck.c fails the build
 * when a string has no English translation. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

typedef struct Entry {
	char *id, *str;
} Entry;

static Entry *table;  /* open addressing, size a power of two */
static size_t table_size;

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void put(char *id, char *str)
{
	size_t i = hash(id) & (table_size - 1);
	while (table[i].id) {
		if (strcmp(table[i].id, id) == 0) {
			free(id);
			free(str);
			return;
		}
		i = (i + 1) & (table_size - 1);
	}
	table[i].id = id;
	table[i].str = str;
}

/* Reads one quoted PO string at *p (after optional spaces); appends the
 * decoded text to b.  Returns 0 when there was none. */
static int po_string(const char **p, Buf *b)
{
	const char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '"')
		return 0;
	s++;
	while (*s && *s != '"') {
		if (*s == '\\' && s[1]) {
			s++;
			buf_putc(b, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
		} else {
			buf_putc(b, *s);
		}
		s++;
	}
	if (*s == '"')
		s++;
	while (*s && *s != '\n')
		s++;
	if (*s == '\n')
		s++;
	*p = s;
	return 1;
}

static void skip_line(const char **p)
{
	while (**p && **p != '\n')
		(*p)++;
	if (**p)
		(*p)++;
}

static int load_po(const char *text)
{
	const char *p = text;
	int n = 0;
	Buf id = {0}, str = {0};
	while (*p) {
		if (strncmp(p, "msgid ", 6) == 0) {
			buf_reset(&id);
			p += 6;
			po_string(&p, &id);
			while (*p == '"' || *p == ' ')
				if (!po_string(&p, &id))
					break;
			if (strncmp(p, "msgstr ", 7) != 0)
				return -1;
			buf_reset(&str);
			p += 7;
			po_string(&p, &str);
			while (*p == '"')
				if (!po_string(&p, &str))
					break;
			if (id.n && str.n) {
				put(xstrdup(buf_str(&id)), xstrdup(buf_str(&str)));
				n++;
			}
		} else {
			skip_line(&p);
		}
	}
	buf_free(&id);
	buf_free(&str);
	return n;
}

int i18n_load(void)
{
	const Asset *a = asset_find("po/en.po");
	if (!a)
		return -1;
	i18n_free();
	table_size = 4096;
	table = xcalloc(table_size, sizeof *table);
	char *text = xstrndup((const char *)a->data, a->size);
	int n = load_po(text);
	free(text);
	return n;
}

void i18n_free(void)
{
	for (size_t i = 0; i < table_size; i++) {
		free(table[i].id);
		free(table[i].str);
	}
	free(table);
	table = NULL;
	table_size = 0;
}

const char *tr(const char *lang, const char *msgid)
{
	if (!msgid || !table || !lang || strcmp(lang, "en") != 0)
		return msgid;
	size_t i = hash(msgid) & (table_size - 1);
	while (table[i].id) {
		if (strcmp(table[i].id, msgid) == 0)
			return table[i].str;
		i = (i + 1) & (table_size - 1);
	}
	return msgid;
}

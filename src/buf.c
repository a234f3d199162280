/* buf.c: the one buffer type and the one escaping output function.
 *
 * bprintf() is the only way text reaches a page.  Each conversion names the
 * context it writes into, so the safe choice is the short one:
 *   %h  HTML text (between tags)        %a  HTML attribute value (quoted)
 *   %u  URL component (percent-encoded) %j  JSON string content
 *   %s  raw: string literals only; tools/codecheck.c fails the build when a
 *       %s argument is anything else
 *   %d int  %l long long  %z size_t  %c char  %x unsigned hex  %%
 * Invalid UTF-8 in %h, %a and %j output becomes U+FFFD, so bytes a client
 * sent can be shown back safely. */
#include "hjemvej.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void buf_grow(Buf *b, size_t extra)
{
	if (b->n + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->n + extra + 1) {
		if (cap > SIZE_MAX / 2)
			FATAL("buffer too large");
		cap *= 2;
	}
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void buf_append(Buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = 0;
}

void buf_puts(Buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(Buf *b, char c)
{
	buf_grow(b, 1);
	b->p[b->n++] = c;
	b->p[b->n] = 0;
}

void buf_reset(Buf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = 0;
}

void buf_free(Buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

const char *buf_str(Buf *b)
{
	if (!b->p)
		buf_grow(b, 0), b->p[0] = 0;
	return b->p;
}

/* Length of the valid UTF-8 sequence at s, or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
				      : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
				      : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return len && utf8_valid((const char *)s, len) ? len : 0;
}

static const char replacement[] = "\xEF\xBF\xBD";

/* The bytes buf_html copies as they are: printable ASCII and the
 * whitespace text may hold, except the five HTML specials; in attributes
 * also not ` and the whitespace that would otherwise be normalised.  Bit 0:
 * safe in text, bit 1: safe in an attribute.  Built once, read per byte. */
static unsigned char html_safe[256];
static pthread_once_t html_safe_once = PTHREAD_ONCE_INIT;

static void html_safe_init(void)
{
	for (int c = 0x20; c < 0x80; c++)
		html_safe[c] = 3;
	html_safe['\n'] = html_safe['\t'] = html_safe['\r'] = 1;
	html_safe['&'] = html_safe['<'] = html_safe['>'] = html_safe['"'] = html_safe['\''] = 0;
	html_safe['`'] = 1;
}

void buf_html(Buf *b, const char *str, int attr)
{
	pthread_once(&html_safe_once, html_safe_init);
	const unsigned char mask = attr ? 2 : 1;
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	while (*s) {
		const unsigned char *start = s;
		while (html_safe[*s] & mask)
			s++;
		buf_append(b, start, (size_t)(s - start));
		if (!*s)
			break;
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); s++; continue;
		case '<': buf_puts(b, "&lt;"); s++; continue;
		case '>': buf_puts(b, "&gt;"); s++; continue;
		case '"': buf_puts(b, "&quot;"); s++; continue;
		case '\'': buf_puts(b, "&#39;"); s++; continue;
		case '`': buf_puts(b, "&#96;"); s++; continue;
		case '\n': buf_puts(b, "&#10;"); s++; continue;
		case '\r': buf_puts(b, "&#13;"); s++; continue;
		case '\t': buf_puts(b, "&#9;"); s++; continue;
		default: break;
		}
		if (*s < 0x20) { /* other control characters are dropped */
			s++;
			continue;
		}
		size_t len = utf8_seq(s);
		if (len) {
			buf_append(b, s, len);
			s += len;
		} else {
			buf_puts(b, replacement);
			s++;
		}
	}
	if (!b->p)
		buf_grow(b, 0), b->p[0] = 0;
}

void buf_url(Buf *b, const char *str)
{
	static const char hx[] = "0123456789ABCDEF";
	for (const unsigned char *s = (const unsigned char *)(str ? str : ""); *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_' || *s == '.' || *s == '~') {
			buf_putc(b, (char)*s);
		} else {
			char e[3] = {'%', hx[*s >> 4], hx[*s & 15]};
			buf_append(b, e, 3);
		}
	}
}

void buf_json(Buf *b, const char *str)
{
	static const char hx[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	while (*s) {
		unsigned c = *s;
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
			s++;
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'') {
			char e[6] = {'\\', 'u', '0', '0', hx[c >> 4], hx[c & 15]};
			buf_append(b, e, 6);
			s++;
		} else if (c < 0x80) {
			buf_putc(b, (char)c);
			s++;
		} else {
			size_t len = utf8_seq(s);
			if (len) {
				buf_append(b, s, len);
				s += len;
			} else {
				buf_puts(b, "\\ufffd");
				s++;
			}
		}
	}
}

/* Numbers are written digit by digit: snprintf's generality cost more than
 * the rest of a number's conversion (about 700 instructions per number, a
 * few hundred numbers per page). */
static void put_unsigned(Buf *b, unsigned long long v, unsigned base)
{
	static const char digits[] = "0123456789abcdef";
	char num[24];
	char *e = num + sizeof num, *p = e;
	do {
		*--p = digits[v % base];
		v /= base;
	} while (v);
	buf_append(b, p, (size_t)(e - p));
}

static void put_signed(Buf *b, long long v)
{
	if (v < 0) {
		buf_putc(b, '-');
		put_unsigned(b, 0ULL - (unsigned long long)v, 10);
	} else {
		put_unsigned(b, (unsigned long long)v, 10);
	}
}

void buf_int(Buf *b, long long v)
{
	put_signed(b, v);
}

void bvprintf(Buf *b, const char *fmt, va_list ap)
{
	for (const char *f = fmt; *f; f++) {
		/* the literal text up to the next conversion, found by the C
		 * library's word-at-a-time search (a byte loop here was a tenth
		 * of the young person's page's instructions) */
		const char *pct = strchr(f, '%');
		size_t lit = pct ? (size_t)(pct - f) : strlen(f);
		buf_append(b, f, lit);
		f += lit;
		if (!*f)
			break;
		f++;
		switch (*f) {
		case 's': buf_puts(b, va_arg(ap, const char *)); break;
		case 'h': buf_html(b, va_arg(ap, const char *), 0); break;
		case 'a': buf_html(b, va_arg(ap, const char *), 1); break;
		case 'u': buf_url(b, va_arg(ap, const char *)); break;
		case 'j': buf_json(b, va_arg(ap, const char *)); break;
		case 'd': put_signed(b, va_arg(ap, int)); break;
		case 'l': put_signed(b, va_arg(ap, long long)); break;
		case 'z': put_unsigned(b, va_arg(ap, size_t), 10); break;
		case 'x': put_unsigned(b, va_arg(ap, unsigned), 16); break;
		case 'c': buf_putc(b, (char)va_arg(ap, int)); break;
		case '%': buf_putc(b, '%'); break;
		default: FATAL("bad conversion %%%c in format \"%s\"", *f ? *f : '?', fmt);
		}
	}
	if (!b->p)
		buf_grow(b, 0), b->p[0] = 0;
}

void bprintf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bvprintf(b, fmt, ap);
	va_end(ap);
}

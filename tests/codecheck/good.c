/* good.c: every codecheck rule is satisfied here.  Not meant to compile.
 * A call in a comment is skipped: hp(r, "%s", name); hp(r, fmt); */
#include "hjemvej.h"
#define SHOW(x) hp(r, "%s", x)   /* macro bodies are skipped */
#define SHOW2(x) \
	hp(r, fmt, \
	   x)

// hp(r, "%q", name);  line comments are skipped too

/* A definition and prototypes are declarations, not calls. */
void hp(Req *r, const char *fmt, ...)
{
	(void)r;
	(void)fmt;
}
void bprintf(Buf *b, const char *fmt, ...);
static void flash_set(Req *r, const char *msg);

static const char *const labels[] = {N_("Oversigt"), N_("Personer")};

static void page(Req *r, Buf *b, const char *name, int a, int b2, const Row *row)
{
	hp(r, "<p>%h</p>", name);
	hp(r, "<p>%d</p>\n", f(a, b2));
	hp(r, "<p>%d%% done, %l of %z, %c, %x</p>", a, (long long)g(h(a), b2), sizeof(x[a]), ',', 0xffu);
	hp(r,
	   "<a href=\"/person/%u\">"
	   "%h</a>\n",
	   name,
	   _("Hej verden"));
	hp(r, "<li%s>%h</li>", a ? " class=\"here\"" : "", _(row->label));
	hp(r, "%s%s", "<ul>" "\n", N_("Siden findes ikke."));
	hp(r, _("Du har %d nye beskeder"), a);
	bprintf(b, "{\"name\": \"%j\", \"n\": %d}", name, (int)(row->n + 1));
	bprintf(b, "%s", _("En lang tekst, der "
			   "fortsætter på næste linje"));
	page_fail(r, 404, "%s", N_("Siden findes ikke."));
	page_fail(r, 400, "%h: %a",
		  name, labels[(a, 1)]);
	flash_set(r, _("Brugeren er gemt."));
	flash_set(r, "Gemt");
	puts("hp(r, name) and _(\"Ikke oversat\") in a string are ignored");
	putc('"', stdout);
	row->hp(r, name);
	row.flash_set(r, name);
	r->log(_("Han sagde \"hej\"\\\n"));
	hp(r, u8"%h", name);
	return hp(r, "</ul>");
}

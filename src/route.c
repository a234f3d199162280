/* route.c: matching a path to a declared route, and the declared
 * parameters.  A handler only ever sees parameters its route declares,
 * validated and normalised by their type; anything else the client sent is
 * dropped here.  The routes themselves are declared in routes.c. */
#include "hjemvej.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

/* Match "/unge/:id" against "/unge/42"; path values are returned in
 * pattern order. */
static int pattern_match(const char *pat, const char *path, char **vals, int *nvals)
{
	int n = 0;
	while (*pat && *path) {
		if (*pat == ':') {
			while (*pat && *pat != '/')
				pat++;
			const char *s = path;
			while (*path && *path != '/')
				path++;
			if (path == s || n >= 8)
				goto fail;
			vals[n++] = xstrndup(s, (size_t)(path - s));
			continue;
		}
		if (*pat != *path)
			goto fail;
		pat++, path++;
	}
	if (*pat || *path)
		goto fail;
	*nvals = n;
	return 1;
fail:
	for (int i = 0; i < n; i++)
		free(vals[i]), vals[i] = NULL;
	return 0;
}

const Route *route_match(const char *method, const char *path, int *method_mismatch,
			 char **pathvals, int *npathvals)
{
	*method_mismatch = 0;
	*npathvals = 0;
	for (size_t i = 0; i < n_routes; i++) {
		const Route *rt = &routes[i];
		if (rt->flags & R_ASSET) {
			if (strncmp(path, rt->pattern, strlen(rt->pattern)) == 0) {
				if (strcmp(method, "GET") != 0) {
					*method_mismatch = 1;
					continue;
				}
				return rt;
			}
			continue;
		}
		char *vals[8];
		int n = 0;
		if (!pattern_match(rt->pattern, path, vals, &n))
			continue;
		if (strcmp(rt->method, method) != 0) {
			*method_mismatch = 1;
			for (int k = 0; k < n; k++)
				free(vals[k]);
			continue;
		}
		for (int k = 0; k < n; k++)
			pathvals[k] = vals[k];
		*npathvals = n;
		return rt;
	}
	return NULL;
}

/* ---- validators ---------------------------------------------------------- */

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static const char *check_text(const ParamDef *d, const char *raw, char **norm)
{
	size_t n = strlen(raw);
	if (!utf8_valid(raw, n))
		return N_("Teksten indeholder ugyldige tegn. Skriv den igen.");
	Buf b = {0};
	for (const char *s = raw; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r') {
			if (s[1] != '\n')
				buf_putc(&b, '\n');
			continue;
		}
		if ((c < 0x20 && !(d->type == PT_TEXT && (c == '\n' || c == '\t'))) || c == 0x7F) {
			buf_free(&b);
			return d->type == PT_LINE ? N_("Feltet må kun indeholde én linje tekst.")
						  : N_("Teksten indeholder ugyldige tegn. Skriv den igen.");
		}
		buf_putc(&b, (char)c);
	}
	if ((long long)utf8_chars(buf_str(&b)) > d->max) {
		buf_free(&b);
		return d->type == PT_LINE ? N_("Teksten er for lang.")
					  : N_("Teksten er for lang. Forkort den.");
	}
	*norm = b.p ? b.p : xstrdup("");
	return NULL;
}

/* Returns NULL and sets *norm (malloc'd) when raw is valid; otherwise the
 * Danish message (a msgid) for the user. */
const char *param_check(const ParamDef *d, const char *raw, char **norm)
{
	char tmp[16];
	*norm = NULL;
	switch (d->type) {
	case PT_ID:
		if (!all_digits(raw) || strlen(raw) > 15 || strtoll(raw, NULL, 10) < 1)
			return N_("Ugyldigt id.");
		break;
	case PT_INT: {
		const char *s = raw[0] == '-' ? raw + 1 : raw;
		if (!all_digits(s) || strlen(s) > 17)
			return N_("Skriv et helt tal.");
		long long v = strtoll(raw, NULL, 10);
		if (v < d->min || v > d->max)
			return N_("Tallet er uden for det tilladte område.");
		break;
	}
	case PT_LINE:
	case PT_TEXT:
		return check_text(d, raw, norm);
	case PT_DATE: {
		char iso[11], today[11];
		if (date_parse(raw, iso))
			return N_("Skriv en gyldig dato som dd.mm.åååå.");
		today_copenhagen(today);
		if ((d->flags & P_PAST) && strcmp(iso, today) > 0)
			return N_("Datoen må ikke ligge i fremtiden.");
		*norm = xstrdup(iso);
		return NULL;
	}
	case PT_CPR: {
		char c[11];
		if (cpr_parse(raw, c))
			return N_("Skriv et gyldigt CPR-nummer: 10 cifre (ddmmåå-xxxx), hvor de "
				  "første seks er en rigtig dato.");
		*norm = xstrdup(c);
		return NULL;
	}
	case PT_ENUM:
		for (const Choice *c = d->choices; c && c->key; c++)
			if (strcmp(c->key, raw) == 0)
				goto ok;
		return N_("Vælg en af mulighederne.");
	case PT_TOKEN:
		if (strlen(raw) > (size_t)d->max)
			return N_("Ugyldig værdi.");
		for (const char *s = raw; *s; s++)
			if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
				return N_("Ugyldig værdi.");
		break;
	case PT_BOOL:
		if (strcmp(raw, "1") != 0 && strcmp(raw, "on") != 0)
			return N_("Ugyldig værdi.");
		snprintf(tmp, sizeof tmp, "%s", "1");
		*norm = xstrdup(tmp);
		return NULL;
	case PT_PATH:
		if (raw[0] != '/' || raw[1] == '/' || raw[1] == '\\' || strlen(raw) > 200)
			return N_("Ugyldig værdi.");
		for (const char *s = raw; *s; s++)
			if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			      (*s >= '0' && *s <= '9') || strchr("/-_.", *s)))
				return N_("Ugyldig værdi.");
		break;
	}
ok:
	*norm = xstrdup(raw);
	return NULL;
}

/* ---- collecting -------------------------------------------------------------- */

static ParamVal *pv_find(Req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].def->name, name) == 0)
			return &r->params[i];
	return NULL;
}

static void pv_add(Req *r, const char *name, const char *raw)
{
	ParamVal *v = pv_find(r, name);
	if (!v)
		return; /* not declared: it never reaches a handler */
	if (v->raw && !(v->def->flags & P_MULTI))
		return; /* a repeated single parameter: the first counts */
	if (!v->raw)
		v->raw = xstrdup(raw);
	const char *s = raw;
	Buf trimmed = {0};
	if (!(v->def->flags & P_NOTRIM) && v->def->type != PT_TEXT) {
		while (*s == ' ' || *s == '\t')
			s++;
		size_t n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		buf_append(&trimmed, s, n);
		s = buf_str(&trimmed);
	}
	if (!*s && (v->def->flags & P_MULTI) && v->def->type == PT_TEXT) {
		/* a repeated text field keeps its empty values, so that the
		 * n-th value still belongs to the n-th row of the form */
		v->vals = xrealloc(v->vals, (v->nvals + 1) * sizeof *v->vals);
		v->vals[v->nvals++] = xstrdup("");
	} else if (*s) {
		char *norm = NULL;
		const char *err = param_check(v->def, s, &norm);
		if (err) {
			if (!v->err)
				v->err = err, r->nerrors++;
		} else {
			v->vals = xrealloc(v->vals, (v->nvals + 1) * sizeof *v->vals);
			v->vals[v->nvals++] = norm;
		}
	}
	buf_free(&trimmed);
}

static enum MHD_Result query_cb(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	Req *r = cls;
	ParamVal *v = pv_find(r, key);
	if (v && (v->def->flags & P_QUERY))
		pv_add(r, key, value ? value : "");
	return MHD_YES;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static char *url_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			int c = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);
			*o++ = (char)(c ? c : 0x7F); /* a NUL byte is refused as a control character */
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = 0;
	return out;
}

void form_decode(const char *body, size_t n, void (*fn)(void *ctx, char *key, char *val), void *ctx)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && body[j] != '&')
			j++;
		size_t eq = i;
		while (eq < j && body[eq] != '=')
			eq++;
		if (j > i) {
			char *k = url_decode(body + i, eq - i);
			char *v = eq < j ? url_decode(body + eq + 1, j - eq - 1) : xstrdup("");
			fn(ctx, k, v);
			free(k);
			free(v);
		}
		i = j + 1;
	}
}

static void body_cb(void *ctx, char *key, char *val)
{
	Req *r = ctx;
	ParamVal *v = pv_find(r, key);
	if (v && !(v->def->flags & P_QUERY))
		pv_add(r, key, val);
}

/* Fills r->params from the route's declarations.  Returns non-zero when it
 * has answered the request itself (a bad id in the path: 404; a bad query
 * parameter on a page: 400).  Form errors are left to the handler, which
 * shows the form again with a message at each field. */
int params_collect(Req *r, char **pathvals, int npathvals)
{
	const Route *rt = r->route;
	int pathidx = 0;
	r->nparams = 0;
	for (const ParamDef *d = rt->params; d && d->name; d++) {
		if (r->nparams >= MAX_PARAMS)
			FATAL("route %s declares too many parameters", rt->pattern);
		r->params[r->nparams++].def = d;
	}
	/* path parameters, in pattern order */
	for (const char *p = strchr(rt->pattern, ':'); p; p = strchr(p + 1, ':')) {
		size_t len = strcspn(p + 1, "/");
		for (int i = 0; i < r->nparams; i++) {
			if (strlen(r->params[i].def->name) == len &&
			    strncmp(r->params[i].def->name, p + 1, len) == 0 && pathidx < npathvals) {
				pv_add(r, r->params[i].def->name, pathvals[pathidx]);
				if (r->params[i].err || !r->params[i].nvals) {
					page_fail(r, 404, "%s", N_("Siden findes ikke."));
					return 1;
				}
			}
		}
		pathidx++;
	}
	if (r->conn)
		MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_cb, r);
	if (strcmp(r->method, "POST") == 0)
		form_decode(r->body.p ? r->body.p : "", r->body.n, body_cb, r);
	for (int i = 0; i < r->nparams; i++) {
		ParamVal *v = &r->params[i];
		int sent = (v->def->flags & P_QUERY) || strcmp(r->method, "POST") == 0;
		if ((v->def->flags & P_REQ) && sent && !v->nvals && !v->err) {
			v->err = v->def->type == PT_ENUM || v->def->type == PT_BOOL
					 ? N_("Vælg en af mulighederne.")
					 : N_("Feltet skal udfyldes.");
			r->nerrors++;
		}
	}
	if (r->nerrors && strcmp(r->method, "POST") != 0) {
		page_fail(r, 400, "%s", N_("Forespørgslen indeholder en ugyldig værdi."));
		return 1;
	}
	return 0;
}

static ParamVal *declared(Req *r, const char *name)
{
	ParamVal *v = pv_find(r, name);
	if (!v)
		FATAL("handler reads undeclared parameter \"%s\" on %s", name,
		      r->route ? r->route->pattern : "?");
	return v;
}

const char *P(Req *r, const char *name)
{
	ParamVal *v = declared(r, name);
	return v->nvals && !v->err ? v->vals[0] : NULL;
}

long long PI(Req *r, const char *name)
{
	const char *s = P(r, name);
	return s ? strtoll(s, NULL, 10) : 0;
}

/* The values of a repeated parameter, in the order sent. */
size_t P_count(Req *r, const char *name)
{
	ParamVal *v = declared(r, name);
	return v->err ? 0 : v->nvals;
}

const char *P_at(Req *r, const char *name, size_t i)
{
	ParamVal *v = declared(r, name);
	return !v->err && i < v->nvals ? v->vals[i] : NULL;
}

int P_has(Req *r, const char *name, const char *value)
{
	ParamVal *v = declared(r, name);
	for (size_t i = 0; i < v->nvals; i++)
		if (strcmp(v->vals[i], value) == 0)
			return 1;
	return 0;
}

const char *P_raw(Req *r, const char *name)
{
	ParamVal *v = declared(r, name);
	return v->raw;
}

const char *P_err(Req *r, const char *name)
{
	return declared(r, name)->err;
}

/* An edit form shows what is stored: a value the client did not send is
 * filled in as if it had been (validated like one). */
void P_prefill(Req *r, const char *name, const char *value)
{
	ParamVal *v = declared(r, name);
	if (!v->raw && value)
		pv_add(r, name, value);
}

/* A form shown from a stored record with a checkbox list (P_MULTI): each
 * stored value in turn.  Only on a GET, where nothing was sent that it
 * could override (a POST keeps what the user ticked, even nothing). */
void P_prefill_list(Req *r, const char *name, const char *value)
{
	ParamVal *v = declared(r, name);
	if (value && (v->def->flags & P_MULTI) && streq(r->method, "GET"))
		pv_add(r, name, value);
}

void P_set_err(Req *r, const char *name, const char *msg)
{
	ParamVal *v = declared(r, name);
	if (!v->err)
		r->nerrors++;
	v->err = msg;
}

/* Run at start-up and by the tests: every route has a role rule, a
 * purpose, and declares each of its path parameters. */
int routes_selfcheck(void)
{
	int bad = 0;
	for (size_t i = 0; i < n_routes; i++) {
		const Route *rt = &routes[i];
		if (!rt->roles || !rt->purpose || !rt->handler) {
			fprintf(stderr, "route %s %s lacks a role rule, purpose or handler\n", rt->method,
				rt->pattern);
			bad++;
		}
		for (const char *p = strchr(rt->pattern, ':'); p; p = strchr(p + 1, ':')) {
			size_t len = strcspn(p + 1, "/");
			int found = 0;
			for (const ParamDef *d = rt->params; d && d->name; d++)
				if (strlen(d->name) == len && strncmp(d->name, p + 1, len) == 0)
					found = 1;
			if (!found) {
				fprintf(stderr, "route %s does not declare its path parameter\n", rt->pattern);
				bad++;
			}
		}
	}
	return bad;
}

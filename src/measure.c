/* measure.c: filling in the three quarterly instruments (DOMAIN.md §6,
 * issue 5 part 1): the young person's schedule, the form of one
 * measurement, the filled-in measurement with its history, amending it,
 * the printable blank form, the section on the young person's page, the
 * worklist rows and the demo history.
 *
 * Every page is drawn from the instrument's definition in the database
 * (instrument, instrument_item, instrument_option), never from the C
 * definitions in instrument.c: a new item or a new version needs no change
 * here, and an old measurement is shown with the items and labels of the
 * version it answered.  The form's fields are named a<position> (a1..a40,
 * declared in routes.c).
 *
 * Answers (measurement_answer): scale: txt the option value, num the value
 * when it is a number ("x", Ved ikke, has none); choice: txt; multi: txt,
 * the values separated by spaces; number: num; hours: num in minutes; text:
 * txt.  Each answer also has a canonical text (the option values, the
 * number, hours as "12,5", the text): the form's value and what change_log
 * keeps when a measurement is amended. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 40
#define MAX_DUE 64

/* ---- the definition, from the database ---------------------------------- */

typedef struct Opt {
	char *value, *label;
} Opt;

typedef struct Item {
	long long id;
	int pos, required, max;
	char *key, *section, *label, *hint, *kind, *prefill;
	Opt *opts;
	int nopts;
} Item;

typedef struct Instr {
	long long id;
	int version;
	char *key, *title, *filled_by;
	Item items[MAX_ITEMS];
	int n;
} Instr;

static void instr_free(Instr *in)
{
	for (int i = 0; i < in->n; i++) {
		Item *it = &in->items[i];
		free(it->key), free(it->section), free(it->label), free(it->hint), free(it->kind), free(it->prefill);
		for (int k = 0; k < it->nopts; k++)
			free(it->opts[k].value), free(it->opts[k].label);
		free(it->opts);
	}
	free(in->key), free(in->title), free(in->filled_by);
	memset(in, 0, sizeof *in);
}

static int instr_load(Db *db, long long instrument_id, Instr *in)
{
	Stmt q;
	memset(in, 0, sizeof *in);
	db_query(db, &q, "SELECT id, version, key, title, filled_by FROM instrument WHERE id = ?", "I", instrument_id);
	if (db_step(&q)) {
		in->id = db_col_int(&q, 0);
		in->version = (int)db_col_int(&q, 1);
		in->key = xstrdup(db_col_text(&q, 2));
		in->title = xstrdup(db_col_text(&q, 3));
		in->filled_by = xstrdup(db_col_text(&q, 4));
	}
	db_finalize(&q);
	if (!in->id)
		return 0;
	db_query(db, &q,
		 "SELECT id, position, required, max, key, section, label, hint, kind, prefill FROM instrument_item"
		 " WHERE instrument_id = ? ORDER BY position",
		 "I", instrument_id);
	while (db_step(&q) && in->n < MAX_ITEMS) {
		Item *it = &in->items[in->n++];
		it->id = db_col_int(&q, 0);
		it->pos = (int)db_col_int(&q, 1);
		it->required = (int)db_col_int(&q, 2);
		it->max = (int)db_col_int(&q, 3);
		it->key = xstrdup(db_col_text(&q, 4));
		it->section = xstrdup(db_col_text(&q, 5));
		it->label = xstrdup(db_col_text(&q, 6));
		it->hint = xstrdup(db_col_text(&q, 7));
		it->kind = xstrdup(db_col_text(&q, 8));
		it->prefill = xstrdup(db_col_text(&q, 9));
	}
	db_finalize(&q);
	for (int i = 0; i < in->n; i++) {
		Item *it = &in->items[i];
		int cap = 0;
		db_query(db, &q, "SELECT value, label FROM instrument_option WHERE item_id = ? ORDER BY position", "I",
			 it->id);
		while (db_step(&q)) {
			if (it->nopts == cap) {
				cap = cap ? cap * 2 : 8;
				it->opts = xrealloc(it->opts, (size_t)cap * sizeof *it->opts);
			}
			it->opts[it->nopts].value = xstrdup(db_col_text(&q, 0));
			it->opts[it->nopts].label = xstrdup(db_col_text(&q, 1));
			it->nopts++;
		}
		db_finalize(&q);
	}
	return 1;
}

static const Item *item_by_key(const Instr *in, const char *key)
{
	for (int i = 0; i < in->n; i++)
		if (streq(in->items[i].key, key))
			return &in->items[i];
	return NULL;
}

static const char *opt_label(const Item *it, const char *value)
{
	for (int k = 0; k < it->nopts; k++)
		if (streq(it->opts[k].value, value))
			return it->opts[k].label;
	return NULL;
}

static int is_choice(const Item *it)
{
	return streq(it->kind, "scale") || streq(it->kind, "choice") || streq(it->kind, "multi");
}

static void field_name(char out[8], const Item *it)
{
	snprintf(out, 8, "a%d", it->pos);
}

/* ---- prefill from the data ----------------------------------------------- */

static void append_key(Buf *b, const char *key)
{
	if (b->n)
		buf_putc(b, ' ');
	buf_puts(b, key);
}

static char *num_text(long long n)
{
	char num[32];
	snprintf(num, sizeof num, "%lld", n);
	return xstrdup(num);
}

/* The CTI phase at the period's end: "1".."3", "after" the nine months,
 * "none" for another method. */
static char *cti_phase_text(Db *db, long long support_id, const char *to)
{
	Stmt q;
	char *out = NULL;
	db_query(db, &q, "SELECT method, start_on FROM support_course WHERE id = ?", "I", support_id);
	if (db_step(&q)) {
		if (!streq(db_col_text(&q, 0), "cti"))
			out = xstrdup("none");
		else {
			CtiPhases p;
			cti_phases(db_col_text(&q, 1), &p);
			int ph = cti_phase_on(&p, to);
			if (ph >= 1 && ph <= 3)
				out = num_text(ph);
			else if (ph > 3)
				out = xstrdup("after");
		}
	}
	db_finalize(&q);
	return out;
}

/* The suggested answer of a prefill source for a course (and support
 * course) in the period from..to, as canonical text; NULL when the data has
 * none.  Malloc'd. */
char *measure_prefill(Db *db, long long course_id, long long support_id, const char *source, const char *from,
		      const char *to)
{
	if (streq(source, "housing")) {
		char buf[40];
		const char *h = home_situation(db, course_id, buf, sizeof buf);
		return h && *h ? xstrdup(h) : NULL;
	}
	if (streq(source, "meetings_held") || streq(source, "meetings_youth"))
		return num_text(db_int(db, 0,
				       "SELECT COUNT(*) FROM meeting WHERE course_id = ? AND held = 1"
				       " AND (? = 0 OR young_present = 1) AND on_date >= ? AND on_date <= ?",
				       "Iitt", course_id, streq(source, "meetings_youth"), from, to));
	if (streq(source, "team_changes"))
		return num_text(db_int(db, 0,
				       "SELECT (SELECT COUNT(*) FROM team_member WHERE course_id = ? AND from_date >= ?"
				       " AND from_date <= ?) + (SELECT COUNT(*) FROM team_member WHERE course_id = ?"
				       " AND to_date IS NOT NULL AND to_date >= ? AND to_date <= ?)",
				       "IttItt", course_id, from, to, course_id, from, to));
	if (!support_id)
		return NULL;
	if (streq(source, "support_method"))
		return db_text(db, "SELECT method FROM support_course WHERE id = ? AND course_id = ?", "II", support_id,
			       course_id);
	if (streq(source, "cti_phase"))
		return cti_phase_text(db, support_id, to);
	if (streq(source, "contacts"))
		return num_text(db_int(db, 0,
				       "SELECT COUNT(*) FROM contact WHERE support_id = ? AND kind <> 'attempt'"
				       " AND on_date >= ? AND on_date <= ?",
				       "Itt", support_id, from, to));
	if (streq(source, "contact_hours")) {
		char h[32];
		hours_format(h, db_int(db, 0,
				       "SELECT COALESCE(SUM(minutes + travel_minutes), 0) FROM contact WHERE support_id = ?"
				       " AND on_date >= ? AND on_date <= ?",
				       "Itt", support_id, from, to));
		return xstrdup(h);
	}
	if (streq(source, "contact_domains")) {
		Buf b = {0};
		Stmt q;
		db_query(db, &q,
			 "SELECT DISTINCT d.domain FROM contact_domain d JOIN contact c ON c.id = d.contact_id"
			 " WHERE c.support_id = ? AND c.on_date >= ? AND c.on_date <= ? ORDER BY d.domain",
			 "Itt", support_id, from, to);
		while (db_step(&q))
			append_key(&b, db_col_text(&q, 0));
		db_finalize(&q);
		if (!b.n) {
			buf_free(&b);
			return NULL;
		}
		char *out = xstrdup(buf_str(&b));
		buf_free(&b);
		return out;
	}
	return NULL;
}

/* ---- one answer: checking and storing ----------------------------------- */

typedef struct Answer {
	int set;        /* answered */
	int has_num;
	long long num;
	char *txt;      /* stored txt */
	char *canon;    /* canonical text */
} Answer;

static void answer_free(Answer *a)
{
	free(a->txt);
	free(a->canon);
	memset(a, 0, sizeof *a);
}

static int has_word(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = list; p && *p;) {
		while (*p == ' ')
			p++;
		size_t k = strcspn(p, " ");
		if (k == n && k && strncmp(p, w, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

/* Checks the values sent for one item (from..to: the period, for hours).
 * NULL when valid (out filled in), else the untranslated message. */
static const char *check_item(const Item *it, const char *const *vals, size_t n, const char *from, const char *to,
			      Answer *out)
{
	memset(out, 0, sizeof *out);
	size_t given = 0;
	for (size_t i = 0; i < n; i++)
		if (vals[i] && *vals[i])
			given++;
	if (!given)
		return it->required ? (is_choice(it) && !streq(it->kind, "multi") ? N_("Vælg et svar.")
										   : N_("Besvar spørgsmålet."))
				    : NULL;
	const char *v = NULL;
	for (size_t i = 0; i < n && !v; i++)
		if (vals[i] && *vals[i])
			v = vals[i];
	if (streq(it->kind, "scale") || streq(it->kind, "choice")) {
		if (given > 1 || !opt_label(it, v))
			return N_("Vælg et af svarene på listen.");
		out->txt = xstrdup(v);
		out->canon = xstrdup(v);
		if (streq(it->kind, "scale") && v[0] >= '0' && v[0] <= '9') {
			out->has_num = 1;
			out->num = strtoll(v, NULL, 10);
		}
	} else if (streq(it->kind, "multi")) {
		Buf b = {0};
		for (size_t i = 0; i < n; i++)
			if (vals[i] && *vals[i] && !opt_label(it, vals[i])) {
				buf_free(&b);
				return N_("Vælg et af svarene på listen.");
			}
		for (int k = 0; k < it->nopts; k++)
			for (size_t i = 0; i < n; i++)
				if (vals[i] && streq(vals[i], it->opts[k].value)) {
					append_key(&b, vals[i]);
					break;
				}
		out->txt = xstrdup(buf_str(&b));
		out->canon = xstrdup(buf_str(&b));
		buf_free(&b);
	} else if (streq(it->kind, "number")) {
		char *end;
		long long x = strtoll(v, &end, 10);
		if (!(*v >= '0' && *v <= '9') || *end || strlen(v) > 9)
			return N_("Skriv et helt tal, fx 3.");
		if (x < 0 || (it->max > 0 && x > it->max))
			return N_("Tallet er for stort. Tjek det.");
		out->has_num = 1;
		out->num = x;
		out->txt = xstrdup("");
		char d[24];
		snprintf(d, sizeof d, "%lld", x);
		out->canon = xstrdup(d);
	} else if (streq(it->kind, "hours")) {
		long long m;
		int hr = hours_parse(v, &m); /* timereg.c: the one parser of hours */
		if (hr == HOURS_DECIMALS)
			return N_("Skriv timerne med højst én decimal, fx 12,5.");
		if (hr != HOURS_OK || !*v)
			return N_("Skriv antal timer som et tal, fx 12,5.");
		long days = days_between(from, to) + 1;
		if (days < 1)
			days = 1;
		if (m > days * 24 * 60)
			return N_("Der er ikke så mange timer i perioden. Tjek tallet.");
		out->has_num = 1;
		out->num = m;
		out->txt = xstrdup("");
		char h[32];
		hours_format(h, m);
		out->canon = xstrdup(h);
	} else {
		if (it->max > 0 && utf8_chars(v) > (size_t)it->max)
			return N_("Teksten er for lang. Gør den kortere.");
		out->txt = xstrdup(v);
		out->canon = xstrdup(v);
	}
	out->set = 1;
	return NULL;
}

/* For the unit tests: the check of one value for an item of an instrument
 * version.  NULL when valid, else the untranslated message. */
const char *measure_check_value(Db *db, long long instrument_id, const char *item_key, const char *value,
				const char *from, const char *to)
{
	static const char *unknown = "unknown item";
	Instr in;
	if (!instr_load(db, instrument_id, &in))
		return unknown;
	const Item *it = item_by_key(&in, item_key);
	const char *msg = unknown;
	if (it) {
		Answer a;
		const char *vals[1] = {value};
		msg = check_item(it, vals, 1, from, to, &a);
		answer_free(&a);
	}
	instr_free(&in);
	return msg;
}

/* The stored answer of an item as canonical text (malloc'd), NULL if none. */
static char *stored_canon(Db *db, long long mid, const Item *it)
{
	Stmt q;
	char *out = NULL;
	db_query(db, &q, "SELECT num, txt FROM measurement_answer WHERE measurement_id = ? AND item_id = ?", "II", mid,
		 it->id);
	if (db_step(&q)) {
		if (streq(it->kind, "number") || streq(it->kind, "hours")) {
			if (!db_col_null(&q, 0)) {
				char d[32];
				if (streq(it->kind, "hours"))
					hours_format(d, db_col_int(&q, 0));
				else
					snprintf(d, sizeof d, "%lld", db_col_int(&q, 0));
				out = xstrdup(d);
			}
		} else if (db_col_text(&q, 1)[0]) {
			out = xstrdup(db_col_text(&q, 1));
		}
	}
	db_finalize(&q);
	return out;
}

/* The canonical text as words, in the untranslated Danish of the version's
 * labels (tr'd by the caller). */
static void canon_words(Buf *b, const Item *it, const char *canon, const char *lang)
{
	if (!canon || !*canon) {
		return;
	}
	if (is_choice(it)) {
		int n = 0;
		for (int k = 0; k < it->nopts; k++)
			if (has_word(canon, it->opts[k].value)) {
				if (n++)
					buf_puts(b, ", ");
				buf_puts(b, lang ? tr(lang, it->opts[k].label) : it->opts[k].label);
			}
		if (!n)
			buf_puts(b, canon);
	} else if (streq(it->kind, "hours")) {
		buf_puts(b, canon);
		buf_puts(b, " ");
		buf_puts(b, lang ? tr(lang, N_("timer")) : "timer");
	} else {
		buf_puts(b, canon);
	}
}

/* For the unit tests and other features: the answer of a measurement to an
 * item (by key) in the words of the version it answered (untranslated
 * Danish).  Malloc'd; NULL when not answered. */
char *measure_answer_text(Db *db, long long measurement_id, const char *item_key)
{
	long long iid = db_int(db, 0, "SELECT instrument_id FROM measurement WHERE id = ?", "I", measurement_id);
	Instr in;
	if (!iid || !instr_load(db, iid, &in))
		return NULL;
	const Item *it = item_by_key(&in, item_key);
	char *out = NULL;
	char *c = it ? stored_canon(db, measurement_id, it) : NULL;
	if (c) {
		Buf b = {0};
		canon_words(&b, it, c, NULL);
		out = xstrdup(buf_str(&b));
		buf_free(&b);
	}
	free(c);
	instr_free(&in);
	return out;
}

static void answer_store(Db *db, long long mid, const Item *it, const Answer *a)
{
	db_exec(db, "DELETE FROM measurement_answer WHERE measurement_id = ? AND item_id = ?", "II", mid, it->id);
	if (!a->set)
		return;
	if (a->has_num)
		db_exec(db, "INSERT INTO measurement_answer(measurement_id, item_id, num, txt) VALUES (?, ?, ?, ?)", "IIIt",
			mid, it->id, a->num, a->txt ? a->txt : "");
	else
		db_exec(db, "INSERT INTO measurement_answer(measurement_id, item_id, num, txt) VALUES (?, ?, NULL, ?)",
			"IIt", mid, it->id, a->txt ? a->txt : "");
}

/* ---- the context of a page ------------------------------------------------- */

typedef struct Ctx {
	long long person, course, sid;
	char *name;          /* the young person */
	const InstrDef *def; /* who fills it in, how often (the schedule) */
	char key[24];
	InstrDue due;        /* the measurement's period */
} Ctx;

static void ctx_free(Ctx *c)
{
	free(c->name);
	c->name = NULL;
}

static void audit(Req *r, const char *action, long long person, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person, r->route->purpose,
		  result);
}

/* The young person of the path whom the user may see, and their newest
 * course.  Else answered (404/403) and logged. */
static int person_ctx(Req *r, const char *action, Ctx *c)
{
	memset(c, 0, sizeof *c);
	c->person = PI(r, "id");
	if (!person_access(r, c->person, action))
		return 0;
	c->course = db_int(r->db, 0, "SELECT id FROM course WHERE person_id = ? ORDER BY id DESC LIMIT 1", "I",
			   c->person);
	c->name = db_text(r->db, "SELECT name FROM person WHERE id = ?", "I", c->person);
	if (!c->name)
		c->name = xstrdup("");
	return 1;
}

/* Mine unge › the young person › Målinger › here (NULL: Målinger is here). */
static void breadcrumbs(Req *r, const Ctx *c, const char *here)
{
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l\" class=\"breadcrumbs__link\">%h</a></li>",
	   _("Brødkrumme"), _("Mine unge"), c->person, c->name);
	if (here)
		hp(r, "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l/maalinger\" class=\"breadcrumbs__link\">%h</a></li>"
		      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n",
		   c->person, _("Målinger"), here);
	else
		hp(r, "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n", _("Målinger"));
}

static void measure_href(Buf *b, long long person, const char *key, int nr, long long sid)
{
	bprintf(b, "/unge/%l/maalinger/ny?instrument=%u&nr=%d", person, key, nr);
	if (sid)
		bprintf(b, "&sid=%l", sid);
}

static void period_text(Req *r, const InstrDue *d)
{
	char f[11], t[11];
	date_format_dk(f, d->from);
	date_format_dk(t, d->to);
	if (d->no == 0)
		hp(r, "%h (%h)", _("Start"), f);
	else if (d->final)
		hp(r, "%h (%h–%h)", _("Slutmåling"), f, t);
	else
		hp(r, "%h %d (%h–%h)", _("Måling"), d->no, f, t);
}

/* The instrument, support course and period of the query; answered and
 * logged when they do not name an open measurement.  found: the period. */
static int measure_ctx(Req *r, const char *action, Ctx *c)
{
	if (!person_ctx(r, action, c))
		return 0;
	const char *key = P(r, "instrument");
	c->def = key ? instrument_def(key) : NULL;
	if (!c->def || P_err(r, "nr") || P_err(r, "sid") || !c->course) {
		audit(r, action, c->person, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return 0;
	}
	snprintf(c->key, sizeof c->key, "%s", key);
	if (streq(c->def->filled_by, "support")) {
		c->sid = db_int(r->db, 0, "SELECT id FROM support_course WHERE id = ? AND course_id = ?", "II",
				PI(r, "sid"), c->course);
		if (!c->sid) {
			audit(r, action, c->person, "not_found");
			page_fail(r, 404, "%s", N_("Bostøtteforløbet findes ikke."));
			return 0;
		}
	}
	int nr = P(r, "nr") ? (int)PI(r, "nr") : 0;
	char today[11];
	today_copenhagen(today);
	InstrDue *due = xcalloc(MAX_DUE, sizeof *due);
	int n = measure_schedule(r->db, c->course, c->key, c->sid, today, due, MAX_DUE);
	int found = 0;
	for (int i = 0; i < n && !found; i++)
		if (due[i].no == nr) {
			c->due = due[i];
			found = 1;
		}
	if (!found) {
		int later = 0;
		n = measure_schedule(r->db, c->course, c->key, c->sid, "9999-12-30", due, MAX_DUE);
		for (int i = 0; i < n; i++)
			if (due[i].no == nr)
				later = 1;
		audit(r, action, c->person, "refused");
		if (later)
			page_fail(r, 422, "%s",
				  N_("Målingen kan ikke udfyldes endnu. Den kan udfyldes fra 14 dage før fristen."));
		else
			page_fail(r, 404, "%s", N_("Målingen findes ikke i den unges plan for målinger."));
	}
	free(due);
	return found;
}

/* The user must be the one who fills it in; else 403, logged. */
static int responsible_or_refuse(Req *r, Ctx *c, const char *action, long long author)
{
	if (measure_responsible(r->db, c->course, c->key, c->sid, r->user.id) || (author && author == r->user.id))
		return 1;
	audit(r, action, c->person, "refused");
	if (streq(c->key, "individ_support"))
		page_fail(r, 403, "%s",
			  N_("Kun en bostøttemedarbejder, der er på bostøtteforløbet nu, kan udfylde og rette denne måling."));
	else
		page_fail(r, 403, "%s", N_("Kun den unges myndighedskoordinator kan udfylde og rette denne måling."));
	return 0;
}

/* ---- the form ----------------------------------------------------------------- */

/* One item as a form field; prefilled: the answer came from the data. */
static void item_field(Req *r, const Item *it, int big, int prefilled)
{
	char name[8];
	field_name(name, it);
	Buf label = {0};
	buf_puts(&label, _(it->label));
	if (it->required && !big) {
		buf_putc(&label, ' ');
		buf_puts(&label, _("(skal udfyldes)"));
	}
	Buf hint = {0};
	if (it->hint[0])
		buf_puts(&hint, _(it->hint));
	if (prefilled && !it->hint[0])
		buf_puts(&hint, _("Udfyldt fra det registrerede."));
	char max[16];
	snprintf(max, sizeof max, "%d", it->max);
	if (streq(it->kind, "number") || (streq(it->kind, "text") && it->max > 0)) {
		int number = streq(it->kind, "number");
		if (hint.n)
			buf_putc(&hint, ' ');
		buf_puts(&hint, number ? _("Et helt tal fra 0 til") : _("Højst"));
		buf_putc(&hint, ' ');
		buf_puts(&hint, max);
		buf_puts(&hint, number ? "." : " ");
		if (!number)
			buf_puts(&hint, _("tegn."));
	}
	int group = is_choice(it);
	field_open_opts(r, &(FieldOpts){.name = name, .label = buf_str(&label), .hint = hint.n ? buf_str(&hint) : NULL,
					.group = group, .group_class = prefilled ? "hv-prefilled" : NULL,
					.legend_class = big ? "hv-question" : NULL});
	if (group) {
		int multi = streq(it->kind, "multi");
		hp(r, "<ul class=\"nobullet-list\">\n");
		for (int k = 0; k < it->nopts; k++) {
			const Opt *o = &it->opts[k];
			int on = multi ? P_has(r, name, o->value) : streq(P_raw(r, name), o->value);
			hp(r, "<li><input id=\"%a-%d\" type=\"%s\" name=\"%a\" value=\"%a\" class=\"%s\"%s>"
			      "<label for=\"%a-%d\">%h</label></li>\n",
			   name, k + 1, multi ? "checkbox" : "radio", name, o->value,
			   multi ? "form-checkbox" : "form-radio", on ? " checked" : "", name, k + 1, _(o->label));
		}
		hp(r, "</ul>\n</fieldset>\n");
	} else if (streq(it->kind, "text")) {
		hp(r, "<textarea class=\"form-input\" id=\"%a\" name=\"%a\" rows=\"4\"", name, name);
		field_describedby(r, name, hint.n > 0);
		hp(r, ">%h</textarea>\n", field_value(r, name));
	} else {
		field_number_input(r, name, hint.n > 0, streq(it->kind, "hours") ? "decimal" : "numeric", NULL);
	}
	hp(r, "</div>\n");
	buf_free(&label);
	buf_free(&hint);
}

static void due_line(Req *r, const Ctx *c)
{
	char d[11];
	date_format_dk(d, c->due.due);
	hp(r, "<p class=\"hv-muted\">%h · ", c->name);
	period_text(r, &c->due);
	hp(r, " · %h %h</p>\n", _("Frist"), d);
}

/* The form of instrument in (for the period of c).  On a GET: new
 * (mid 0) prefilled from the data, else from the stored answers. */
static void measure_form(Req *r, Ctx *c, const Instr *in, long long mid, long long version, int status,
			 const char *notice)
{
	int big = streq(in->key, "dialog");
	int get = streq(r->method, "GET");
	int prefilled[MAX_ITEMS] = {0};
	for (int i = 0; i < in->n; i++) {
		const Item *it = &in->items[i];
		char name[8];
		field_name(name, it);
		char *v = NULL;
		if (get && mid)
			v = stored_canon(r->db, mid, it);
		else if (get && it->prefill[0]) {
			v = measure_prefill(r->db, c->course, c->sid, it->prefill, c->due.from, c->due.to);
			if (v && is_choice(it)) { /* only values the version knows */
				Buf ok = {0};
				for (int k = 0; k < it->nopts; k++)
					if (has_word(v, it->opts[k].value))
						append_key(&ok, it->opts[k].value);
				free(v);
				v = ok.n ? xstrdup(buf_str(&ok)) : NULL;
				buf_free(&ok);
			}
			prefilled[i] = v != NULL;
		}
		if (v && streq(it->kind, "multi")) {
			for (const char *p = v; *p;) {
				size_t k = strcspn(p, " ");
				char *w = xstrndup(p, k);
				P_prefill_list(r, name, w);
				free(w);
				p += k;
				while (*p == ' ')
					p++;
			}
		} else if (v) {
			P_prefill(r, name, v);
		}
		free(v);
	}
	r->status = status;
	Buf title = {0};
	bprintf(&title, "%h", _(in->title));
	page_begin(r, buf_str(&title));
	breadcrumbs(r, c, _(in->title));
	hp(r, "<h1>%h%s%h</h1>\n", _(in->title), mid ? ": " : "", mid ? _("ret") : "");
	due_line(r, c);
	if (big)
		hp(r, "<p class=\"hv-lead\">%h</p>\n",
		   _("Udfyld skemaet sammen med den unge. Den unge vælger selv svarene. Der er ingen rigtige eller forkerte svar."));
	if (notice)
		hp(r, "<div class=\"alert alert-warning\" role=\"alert\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p>"
		      "</div></div>\n", _(notice));
	error_summary(r);
	Buf action = {0};
	if (mid)
		bprintf(&action, "/unge/%l/maalinger/%l/ret", c->person, mid);
	else
		measure_href(&action, c->person, c->key, c->due.no, c->sid);
	hp(r, "<div class=\"%s\">\n", big ? "hv-dialog hv-bigchoice" : "hv-measure-form");
	form_begin(r, buf_str(&action));
	if (mid)
		hp(r, "<input type=\"hidden\" name=\"version\" value=\"%l\">\n", version);
	const char *section = NULL;
	for (int i = 0; i < in->n; i++) {
		const Item *it = &in->items[i];
		if (!section || !streq(section, it->section)) {
			section = it->section;
			if (section[0])
				hp(r, "<h2>%h</h2>\n", _(section));
		}
		item_field(r, it, big, prefilled[i]);
	}
	Buf cancel = {0};
	if (mid)
		bprintf(&cancel, "/unge/%l/maalinger/%l", c->person, mid);
	else
		bprintf(&cancel, "/unge/%l/maalinger", c->person);
	form_buttons(r, mid ? _("Gem rettelserne") : _("Indsend målingen"), buf_str(&cancel));
	hp(r, "</div>\n");
	page_end(r);
	buf_free(&cancel);
	buf_free(&action);
	buf_free(&title);
}

/* Checks every item of the form; the answers in out (in->n of them). */
static void check_form(Req *r, const Ctx *c, const Instr *in, Answer *out)
{
	for (int i = 0; i < in->n; i++) {
		const Item *it = &in->items[i];
		char name[8];
		field_name(name, it);
		if (P_err(r, name)) { /* too long for the declaration */
			memset(&out[i], 0, sizeof out[i]);
			continue;
		}
		size_t n = P_count(r, name);
		const char **vals = xcalloc(n + 1, sizeof *vals);
		for (size_t k = 0; k < n; k++)
			vals[k] = P_at(r, name, k);
		const char *msg = check_item(it, vals, n, c->due.from, c->due.to, &out[i]);
		if (msg)
			P_set_err(r, name, msg);
		free(vals);
	}
}

static void answers_free(Answer *a, int n)
{
	for (int i = 0; i < n; i++)
		answer_free(&a[i]);
}

/* A measurement already submitted for the period: 422, with a link to it. */
static void refuse_second(Req *r, const Ctx *c, const char *action)
{
	audit(r, action, c->person, "refused");
	r->status = 422;
	page_begin(r, _("Målingen er allerede indsendt"));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n<p><a href=\"/unge/%l/maalinger/%l/ret\">%h</a></p>\n",
	   _("Målingen er allerede indsendt"),
	   _("Der er allerede indsendt en måling for denne periode. Ret den indsendte i stedet."), c->person,
	   c->due.measurement_id, _("Ret den indsendte måling"));
	page_end(r);
}

void page_measure_new(Req *r)
{
	Ctx c;
	if (!measure_ctx(r, "measurement_view", &c))
		goto done;
	if (!responsible_or_refuse(r, &c, "measurement_add", 0))
		goto done;
	if (c.due.measurement_id) {
		refuse_second(r, &c, "measurement_add");
		goto done;
	}
	Instr in;
	if (!instr_load(r->db, instrument_current(r->db, c.key), &in)) {
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		goto done;
	}
	db_begin(r->db);
	measure_form(r, &c, &in, 0, 0, 200, NULL);
	audit(r, "measurement_view", c.person, "ok");
	db_commit(r->db);
	instr_free(&in);
done:
	ctx_free(&c);
}

void page_measure_create(Req *r)
{
	Ctx c;
	Instr in;
	memset(&in, 0, sizeof in);
	Answer ans[MAX_ITEMS];
	memset(ans, 0, sizeof ans);
	if (!measure_ctx(r, "measurement_add", &c))
		goto done;
	if (!responsible_or_refuse(r, &c, "measurement_add", 0))
		goto done;
	if (c.due.measurement_id) {
		refuse_second(r, &c, "measurement_add");
		goto done;
	}
	long long iid = instrument_current(r->db, c.key);
	if (!instr_load(r->db, iid, &in)) {
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		goto done;
	}
	check_form(r, &c, &in, ans);
	if (r->nerrors) {
		measure_form(r, &c, &in, 0, 0, 422, NULL);
		goto done;
	}
	char at[21], today[11];
	time_iso_utc(at, now());
	today_copenhagen(today);
	db_begin(r->db);
	if (db_int(r->db, 0,
		   "SELECT COUNT(*) FROM measurement WHERE instrument_key = ? AND course_id = ? AND support_id = ?"
		   " AND period_no = ?",
		   "tIIi", c.key, c.course, c.sid, c.due.no)) {
		db_rollback(r->db);
		c.due.measurement_id = db_int(r->db, 0,
					      "SELECT id FROM measurement WHERE instrument_key = ? AND course_id = ?"
					      " AND support_id = ? AND period_no = ?",
					      "tIIi", c.key, c.course, c.sid, c.due.no);
		refuse_second(r, &c, "measurement_add");
		goto done;
	}
	long long mid = db_int(r->db, 0,
			       "INSERT INTO measurement(instrument_id, instrument_key, course_id, support_id, period_no,"
			       " final, period_from, period_to, due_on, filled_on, author_id, created_at)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			       "ItIIiittttIt", iid, c.key, c.course, c.sid, c.due.no, c.due.final, c.due.from,
			       c.due.to, c.due.due, today, r->user.id, at);
	for (int i = 0; i < in.n; i++)
		answer_store(r->db, mid, &in.items[i], &ans[i]);
	audit(r, "measurement_add", c.person, "ok");
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/maalinger/%l", c.person, mid);
		flash_set(r, _("Målingen er indsendt."));
		redirect(r, buf_str(&loc));
		buf_free(&loc);
	}
done:
	answers_free(ans, MAX_ITEMS);
	instr_free(&in);
	ctx_free(&c);
}

/* ---- a filled-in measurement ------------------------------------------------ */

typedef struct Meas {
	long long id, instrument_id, course, sid, author, version;
	char key[24], filled_on[11], author_name[201];
	InstrDue due;
} Meas;

/* The measurement of the path, of the young person of the path. */
static int meas_load(Req *r, const Ctx *c, Meas *m)
{
	Stmt q;
	memset(m, 0, sizeof *m);
	db_query(r->db, &q,
		 "SELECT m.id, m.instrument_id, m.course_id, m.support_id, m.author_id, m.version, m.instrument_key,"
		 " m.filled_on, COALESCE(u.name, ''), m.period_no, m.final, m.period_from, m.period_to, m.due_on"
		 " FROM measurement m JOIN course c ON c.id = m.course_id LEFT JOIN users u ON u.id = m.author_id"
		 " WHERE m.id = ? AND c.person_id = ?",
		 "II", PI(r, "mid"), c->person);
	if (db_step(&q)) {
		m->id = db_col_int(&q, 0);
		m->instrument_id = db_col_int(&q, 1);
		m->course = db_col_int(&q, 2);
		m->sid = db_col_int(&q, 3);
		m->author = db_col_int(&q, 4);
		m->version = db_col_int(&q, 5);
		snprintf(m->key, sizeof m->key, "%s", db_col_text(&q, 6));
		snprintf(m->filled_on, sizeof m->filled_on, "%s", db_col_text(&q, 7));
		snprintf(m->author_name, sizeof m->author_name, "%s", db_col_text(&q, 8));
		m->due.no = (int)db_col_int(&q, 9);
		m->due.final = (int)db_col_int(&q, 10);
		snprintf(m->due.from, sizeof m->due.from, "%s", db_col_text(&q, 11));
		snprintf(m->due.to, sizeof m->due.to, "%s", db_col_text(&q, 12));
		snprintf(m->due.due, sizeof m->due.due, "%s", db_col_text(&q, 13));
	}
	db_finalize(&q);
	return m->id != 0;
}

/* The measurement of the path and its context; else answered, logged. */
static int meas_ctx(Req *r, const char *action, Ctx *c, Meas *m, Instr *in)
{
	memset(in, 0, sizeof *in);
	if (!person_ctx(r, action, c))
		return 0;
	if (!meas_load(r, c, m) || !instr_load(r->db, m->instrument_id, in)) {
		audit(r, action, c->person, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return 0;
	}
	c->course = m->course;
	c->sid = m->sid;
	c->def = instrument_def(m->key);
	snprintf(c->key, sizeof c->key, "%s", m->key);
	c->due = m->due;
	c->due.measurement_id = m->id;
	return 1;
}

static _Thread_local const Instr *history_instr;

static const char *history_label(const char *field)
{
	const Item *it = history_instr ? item_by_key(history_instr, field) : NULL;
	return it ? it->label : N_("Andet");
}

static void history_value(Req *r, const char *field, const char *v)
{
	const Item *it = history_instr ? item_by_key(history_instr, field) : NULL;
	Buf b = {0};
	if (it)
		canon_words(&b, it, v, r->lang);
	else
		buf_puts(&b, v);
	hp(r, "%h", b.n ? buf_str(&b) : "–");
	buf_free(&b);
}

void page_measure(Req *r)
{
	Ctx c;
	Meas m;
	Instr in;
	if (!meas_ctx(r, "measurement_view", &c, &m, &in))
		goto done;
	db_begin(r->db);
	page_begin(r, _(in.title));
	breadcrumbs(r, &c, _(in.title));
	hp(r, "<h1>%h</h1>\n", _(in.title));
	due_line(r, &c);
	char f[11];
	date_format_dk(f, m.filled_on);
	char late[11];
	date_add_days(late, m.due.due, GRACE_DAYS);
	hp(r, "<p class=\"hv-signed\">%h %h %h %h.", _("Udfyldt den"), f, _("af"), m.author_name);
	if (strcmp(m.filled_on, late) > 0)
		hp(r, " <strong>%h</strong>", _("Udfyldt for sent."));
	hp(r, " %h %d.</p>\n", _("Skemaets version"), in.version);
	const char *section = NULL;
	int open = 0;
	for (int i = 0; i < in.n; i++) {
		const Item *it = &in.items[i];
		if (!section || !streq(section, it->section)) {
			if (open)
				hp(r, "</dl>\n");
			section = it->section;
			if (section[0])
				hp(r, "<h2>%h</h2>\n", _(section));
			hp(r, "<dl class=\"hv-answers\">\n");
			open = 1;
		}
		char *v = stored_canon(r->db, m.id, it);
		Buf b = {0};
		canon_words(&b, it, v, r->lang);
		hp(r, "<dt>%h</dt><dd class=\"hv-pre\">%h</dd>\n", _(it->label), b.n ? buf_str(&b) : _("Ikke besvaret"));
		buf_free(&b);
		free(v);
	}
	if (open)
		hp(r, "</dl>\n");
	if (measure_responsible(r->db, c.course, c.key, c.sid, r->user.id) || m.author == r->user.id)
		hp(r, "<p class=\"hv-noprint\"><a class=\"button button-secondary\" href=\"/unge/%l/maalinger/%l/ret\">%h</a></p>\n",
		   c.person, m.id, _("Ret målingen"));
	history_instr = &in;
	change_history(r, "measurement", m.id, history_label, history_value);
	history_instr = NULL;
	page_end(r);
	audit(r, "measurement_view", c.person, "ok");
	db_commit(r->db);
done:
	instr_free(&in);
	ctx_free(&c);
}

void page_measure_edit(Req *r)
{
	Ctx c;
	Meas m;
	Instr in;
	if (!meas_ctx(r, "measurement_view", &c, &m, &in))
		goto done;
	if (!responsible_or_refuse(r, &c, "measurement_change", m.author))
		goto done;
	db_begin(r->db);
	measure_form(r, &c, &in, m.id, m.version, 200, NULL);
	audit(r, "measurement_view", c.person, "ok");
	db_commit(r->db);
done:
	instr_free(&in);
	ctx_free(&c);
}

void page_measure_save(Req *r)
{
	Ctx c;
	Meas m;
	Instr in;
	Answer ans[MAX_ITEMS];
	memset(ans, 0, sizeof ans);
	if (!meas_ctx(r, "measurement_change", &c, &m, &in))
		goto done;
	if (!responsible_or_refuse(r, &c, "measurement_change", m.author))
		goto done;
	if (!P(r, "version"))
		P_set_err(r, "version", N_("Formularen mangler sin version. Hent siden igen."));
	check_form(r, &c, &in, ans);
	if (r->nerrors) {
		measure_form(r, &c, &in, m.id, P(r, "version") ? PI(r, "version") : m.version, 422, NULL);
		goto done;
	}
	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	if (!db_int(r->db, 0, "UPDATE measurement SET version = version + 1 WHERE id = ? AND version = ? RETURNING id",
		    "II", m.id, PI(r, "version"))) {
		db_rollback(r->db);
		audit(r, "measurement_change", c.person, "conflict");
		long long cur = db_int(r->db, 0, "SELECT version FROM measurement WHERE id = ?", "I", m.id);
		measure_form(r, &c, &in, m.id, cur, 409,
			     N_("En anden har rettet målingen, mens du havde den åben. Dine svar står herunder: "
				"se den gemte måling i et andet vindue, og gem igen, hvis dine svar skal gælde."));
		goto done;
	}
	for (int i = 0; i < in.n; i++) {
		const Item *it = &in.items[i];
		char *old = stored_canon(r->db, m.id, it);
		const char *now_v = ans[i].set ? ans[i].canon : "";
		if (!streq(old ? old : "", now_v)) {
			db_exec(r->db,
				"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
				" VALUES ('measurement', ?, ?, ?, ?, ?, ?)",
				"ItttIt", m.id, it->key, old ? old : "", now_v, r->user.id, at);
			answer_store(r->db, m.id, it, &ans[i]);
		}
		free(old);
	}
	audit(r, "measurement_change", c.person, "ok");
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/maalinger/%l", c.person, m.id);
		flash_set(r, _("Rettelserne er gemt."));
		redirect(r, buf_str(&loc));
		buf_free(&loc);
	}
done:
	answers_free(ans, MAX_ITEMS);
	instr_free(&in);
	ctx_free(&c);
}

/* ---- the young person's measurements ----------------------------------------- */

/* The support courses of a course, newest first (ids into out). */
static int support_courses(Db *db, long long course, long long *out, int max)
{
	Stmt q;
	int n = 0;
	db_query(db, &q, "SELECT id FROM support_course WHERE course_id = ? ORDER BY start_on DESC, id DESC", "I",
		 course);
	while (db_step(&q) && n < max)
		out[n++] = db_col_int(&q, 0);
	db_finalize(&q);
	return n;
}

/* The title of the instrument's newest version; inside a read snapshot it
 * is read once per instrument (a caseload asks for it per young person). */
static const char *instr_title(Db *db, const char *key, char *buf, size_t n)
{
	static _Thread_local struct {
		const Db *db;
		long long snap;
		char key[32];
		char title[200];
	} memo[4];
	long long snap = db_snapshot(db);
	for (int i = 0; snap && i < 4; i++)
		if (memo[i].snap == snap && memo[i].db == db && streq(memo[i].key, key)) {
			snprintf(buf, n, "%s", memo[i].title);
			return buf;
		}
	char *t = db_text(db, "SELECT title FROM instrument WHERE key = ? ORDER BY version DESC LIMIT 1", "t", key);
	snprintf(buf, n, "%s", t ? t : key);
	free(t);
	if (snap && !db_failed(db) && strlen(key) < sizeof memo[0].key) {
		static _Thread_local int next;
		int i = next++ % 4;
		memo[i].db = db;
		memo[i].snap = snap;
		snprintf(memo[i].key, sizeof memo[i].key, "%s", key);
		snprintf(memo[i].title, sizeof memo[i].title, "%s", buf);
	}
	return buf;
}

static void schedule_table(Req *r, const Ctx *c, const char *key, long long sid, const char *caption, int hidden)
{
	char today[11];
	today_copenhagen(today);
	InstrDue *due = xcalloc(MAX_DUE, sizeof *due);
	int n = measure_schedule(r->db, c->course, key, sid, today, due, MAX_DUE);
	int mine = measure_responsible(r->db, c->course, key, sid, r->user.id);
	if (!n) {
		hp(r, "<p>%h: %h</p>\n", caption, _("Ingen målinger endnu."));
		free(due);
		return;
	}
	hp(r, "<table class=\"table table--compact table--responsive-headers\"><caption%s>%h</caption><thead><tr>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "</tr></thead><tbody>\n",
	   hidden ? " class=\"sr-only\"" : "", caption, _("Måling"), _("Frist"), _("Status"), _("Handling"));
	for (int i = n - 1; i >= 0; i--) {
		const InstrDue *d = &due[i];
		char dd[11];
		date_format_dk(dd, d->due);
		hp(r, "<tr><td data-title=\"%a\">", _("Måling"));
		period_text(r, d);
		hp(r, "</td><td data-title=\"%a\">%h</td><td data-title=\"%a\">", _("Frist"), dd, _("Status"));
		if (d->state == DUE_LATE)
			hp(r, "<strong class=\"text-error\">%h</strong>", _(due_state_label(d->state)));
		else
			hp(r, "%h", _(due_state_label(d->state)));
		hp(r, "</td><td data-title=\"%a\">", _("Handling"));
		if (d->measurement_id)
			hp(r, "<a href=\"/unge/%l/maalinger/%l\">%h</a>", c->person, d->measurement_id, _("Se målingen"));
		else if (mine) {
			Buf href = {0};
			measure_href(&href, c->person, key, d->no, sid);
			hp(r, "<a href=\"%a\">%h</a>", buf_str(&href), _("Udfyld"));
			buf_free(&href);
		} else
			hp(r, "–");
		hp(r, "</td></tr>\n");
	}
	hp(r, "</tbody></table>\n");
	free(due);
}

void page_measures(Req *r)
{
	Ctx c;
	if (!person_ctx(r, "measurement_view", &c))
		goto done;
	db_begin(r->db);
	page_begin(r, _("Målinger"));
	breadcrumbs(r, &c, NULL);
	hp(r, "<h1>%h</h1>\n<p class=\"hv-muted\">%h</p>\n", _("Målinger"), c.name);
	hp(r, "<p>%h</p>\n", _("Skemaerne udfyldes ved starten, hver tredje måned og ved afslutningen. "
			       "En måling kan udfyldes fra 14 dage før fristen og er for sent 14 dage efter."));
	char title[200];
	static const char *const coord[] = {"individ_model", "dialog"};
	for (int k = 0; k < 2; k++) {
		hp(r, "<h2>%h</h2>\n", _(instr_title(r->db, coord[k], title, sizeof title)));
		if (!c.course) {
			hp(r, "<p>%h</p>\n", _("Ingen målinger endnu."));
			continue;
		}
		schedule_table(r, &c, coord[k], 0, _(title), 1);
		if (streq(coord[k], "dialog"))
			hp(r, "<p class=\"hv-noprint\"><a href=\"/unge/%l/maalinger/udskrift?instrument=dialog\">%h</a></p>\n",
			   c.person, _("Dialogredskabet til udskrift (tomt skema til at krydse af på papir)"));
	}
	hp(r, "<h2>%h</h2>\n", _(instr_title(r->db, "individ_support", title, sizeof title)));
	long long sids[16];
	int ns = c.course ? support_courses(r->db, c.course, sids, 16) : 0;
	if (!ns)
		hp(r, "<p>%h</p>\n", _("Den unge har ikke haft bostøtte i forløbet."));
	for (int i = 0; i < ns; i++) {
		Stmt q;
		Buf cap = {0};
		db_query(r->db, &q, "SELECT method, start_on FROM support_course WHERE id = ?", "I", sids[i]);
		if (db_step(&q)) {
			char d[11];
			date_format_dk(d, db_col_text(&q, 1));
			bprintf(&cap, "%h %h %h", _(choice_label(support_methods, db_col_text(&q, 0))), _("fra"), d);
		}
		db_finalize(&q);
		schedule_table(r, &c, "individ_support", sids[i], buf_str(&cap), 0);
		buf_free(&cap);
	}
	page_end(r);
	audit(r, "measurement_view", c.person, "ok");
	db_commit(r->db);
done:
	ctx_free(&c);
}

/* The blank form to print and tick on paper (the Dialogredskab). */
void page_measure_print(Req *r)
{
	Ctx c;
	Instr in;
	memset(&in, 0, sizeof in);
	if (!person_ctx(r, "measurement_view", &c))
		goto done;
	const char *key = P(r, "instrument");
	if (!key || !instr_load(r->db, instrument_current(r->db, key), &in)) {
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		goto done;
	}
	db_begin(r->db);
	page_begin(r, _(in.title));
	hp(r, "<div class=\"hv-blank\">\n<h1>%h</h1>\n<p>%h: %h</p>\n<p>%h: ______________</p>\n", _(in.title),
	   _("Navn"), c.name, _("Dato"));
	hp(r, "<p>%h</p>\n", _("Sæt ét kryds ved hvert spørgsmål. Der er ingen rigtige eller forkerte svar."));
	const char *section = NULL;
	for (int i = 0; i < in.n; i++) {
		const Item *it = &in.items[i];
		if (!section || !streq(section, it->section)) {
			section = it->section;
			if (section[0])
				hp(r, "<h2>%h</h2>\n", _(section));
		}
		hp(r, "<div class=\"hv-blank-q\">\n<h3>%h</h3>\n", _(it->label));
		if (it->hint[0])
			hp(r, "<p class=\"form-hint\">%h</p>\n", _(it->hint));
		if (is_choice(it)) {
			hp(r, "<ul class=\"hv-boxes\">\n");
			for (int k = 0; k < it->nopts; k++)
				hp(r, "<li><span class=\"hv-box\" aria-hidden=\"true\"></span> %h</li>\n", _(it->opts[k].label));
			hp(r, "</ul>\n");
		} else {
			hp(r, "<div class=\"hv-lines\" aria-hidden=\"true\"></div>\n");
		}
		hp(r, "</div>\n");
	}
	hp(r, "</div>\n");
	page_end(r);
	audit(r, "measurement_view", c.person, "ok");
	db_commit(r->db);
done:
	instr_free(&in);
	ctx_free(&c);
}

/* ---- the section on the young person's page ------------------------------------ */

static void section_line(Req *r, long long person, const char *title, const InstrDue *due, int n)
{
	const InstrDue *last = NULL, *next = NULL;
	for (int i = 0; i < n; i++) {
		if (due[i].measurement_id)
			last = &due[i];
		else if (!next)
			next = &due[i];
	}
	hp(r, "<li><strong>%h</strong>: ", title);
	if (last) {
		char d[11];
		date_format_dk(d, last->filled_on);
		hp(r, "%h <a href=\"/unge/%l/maalinger/%l\">%h</a>", _("senest udfyldt"), person, last->measurement_id, d);
	} else
		hp(r, "%h", _("ingen udfyldt endnu"));
	if (next) {
		char d[11];
		date_format_dk(d, next->due);
		hp(r, ". ");
		if (next->state == DUE_LATE)
			hp(r, "<strong class=\"text-error\">%h</strong>", _(due_state_label(next->state)));
		else
			hp(r, "%h", _(due_state_label(next->state)));
		hp(r, " (%h %h)", _("frist"), d);
	}
	hp(r, "</li>\n");
}

static int made_no_cmp(const void *a, const void *b)
{
	const InstrMade *x = a, *y = b;
	return (x->no > y->no) - (x->no < y->no);
}

/* The section reads the course's span (kept per snapshot by
 * course_state_load), its newest support course and every measurement made
 * of the course in one statement each, and gives each instrument's
 * schedule as measure_schedule would (measure_schedule_of). */
void measure_section(Req *r, long long person_id, long long course_id)
{
	if (!course_id)
		return;
	hp(r, "<section aria-labelledby=\"h-measure\">\n<h2 id=\"h-measure\">%h</h2>\n<ul>\n", _("Målinger"));
	char today[11];
	today_copenhagen(today);
	char start[11] = "", end[11] = "", sstart[11] = "", send[11] = "";
	CourseState cs;
	if (course_state_load(r->db, course_id, &cs) && cs.date[3][0]) {
		str_copy(start, sizeof start, cs.date[3]);
		str_copy(end, sizeof end, cs.date[7][0] ? cs.date[7] : cs.closed_on);
	}
	Stmt q;
	long long sid = 0;
	/* the newest support course (start, then id), picked here: a sort in
	 * SQL costs more than the few rows */
	db_query(r->db, &q, "SELECT id, start_on, COALESCE(end_on, '') FROM support_course WHERE course_id = ?", "I",
		 course_id);
	while (db_step(&q)) {
		long long id = db_col_int(&q, 0);
		const char *on = db_col_text(&q, 1);
		int c = strcmp(on, sstart);
		if (!sid || c > 0 || (c == 0 && id > sid)) {
			sid = id;
			str_copy(sstart, sizeof sstart, on);
			str_copy(send, sizeof send, db_col_text(&q, 2));
		}
	}
	db_finalize(&q);
	/* the measurements made of the three schedules (in the index's order:
	 * sorted by period below, with no sorter in SQLite) */
	static const char *const keys[] = {"individ_model", "dialog", "individ_support"};
	InstrMade *made[3] = {0};
	int nmade[3] = {0}, cap[3] = {0};
	db_query(r->db, &q,
		 "SELECT instrument_key, support_id, period_no, id, filled_on FROM measurement WHERE course_id = ?",
		 "I", course_id);
	while (db_step(&q)) {
		const char *key = db_col_text(&q, 0);
		long long of = db_col_int(&q, 1);
		for (int k = 0; k < 3; k++)
			if (streq(key, keys[k]) && of == (k == 2 ? sid : 0)) {
				if (nmade[k] == cap[k]) {
					cap[k] = cap[k] ? cap[k] * 2 : 8;
					made[k] = xrealloc(made[k], (size_t)cap[k] * sizeof *made[k]);
				}
				InstrMade *m = &made[k][nmade[k]++];
				m->no = (int)db_col_int(&q, 2);
				m->id = db_col_int(&q, 3);
				str_copy(m->filled_on, sizeof m->filled_on, db_col_text(&q, 4));
			}
	}
	db_finalize(&q);
	InstrDue *due = xcalloc(MAX_DUE, sizeof *due);
	for (int k = 0; k < 3; k++) {
		int support = k == 2;
		if (nmade[k] > 1)
			qsort(made[k], (size_t)nmade[k], sizeof *made[k], made_no_cmp);
		if (!support || sid) {
			int n = measure_schedule_of(keys[k], support ? sstart : start, support ? send : end, made[k],
						    nmade[k], today, due, MAX_DUE);
			section_line(r, person_id, _(instrument_def(keys[k])->title), due, n);
		}
		free(made[k]);
	}
	free(due);
	hp(r, "</ul>\n<p><a href=\"/unge/%l/maalinger\">%h</a></p>\n</section>\n", person_id, _("Alle målinger"));
}

/* ---- the worklist ------------------------------------------------------------------- */

/* A measurement made, with the course, support course and instrument it
 * belongs to: the worklist reads those of all its rows in one statement. */
typedef struct MadeRow {
	long long course, sid;
	char key[24];
	InstrMade m;
} MadeRow;

static int made_cmp(const void *a, const void *b)
{
	const MadeRow *x = a, *y = b;
	if (x->course != y->course)
		return x->course < y->course ? -1 : 1;
	if (x->sid != y->sid)
		return x->sid < y->sid ? -1 : 1;
	int k = strcmp(x->key, y->key);
	if (k)
		return k;
	return x->m.no < y->m.no ? -1 : x->m.no > y->m.no;
}

/* The measurements of one course's instrument (in period order) from the
 * sorted rows, into made; how many. */
static int made_of(const MadeRow *rows, size_t n, long long course, long long sid, const char *key, InstrMade *made)
{
	size_t lo = 0, hi = n;
	MadeRow probe;
	memset(&probe, 0, sizeof probe);
	probe.course = course;
	probe.sid = sid;
	str_copy(probe.key, sizeof probe.key, key);
	probe.m.no = -1;
	while (lo < hi) { /* the first row not before (course, sid, key) */
		size_t mid = lo + (hi - lo) / 2;
		if (made_cmp(&rows[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int k = 0;
	for (; lo < n && rows[lo].course == course && rows[lo].sid == sid && streq(rows[lo].key, key); lo++)
		made[k++] = rows[lo].m;
	return k;
}

/* The measurements made, read into rows; a statement without a sixth
 * column (the date filled in) leaves it empty: the worklist's tasks are
 * the periods not filled in, so only whether one was made counts there. */
static void made_read(Stmt *q, MadeRow **rows, size_t *n, size_t *cap, int filled)
{
	while (db_step(q)) {
		*rows = rows_add(*rows, n, cap, sizeof **rows);
		MadeRow *m = &(*rows)[*n - 1];
		m->course = db_col_int(q, 0);
		m->sid = db_col_int(q, 1);
		str_copy(m->key, sizeof m->key, db_col_text(q, 2));
		m->m.no = (int)db_col_int(q, 3);
		m->m.id = db_col_int(q, 4);
		if (filled)
			str_copy(m->m.filled_on, sizeof m->m.filled_on, db_col_text(q, 5));
		else
			m->m.filled_on[0] = 0;
	}
	db_finalize(q);
}

typedef struct TodoRow {
	long long person, course, sid;
	char *name;
	char start[11], end[11]; /* the span of the schedule, as schedule_span in instrument.c */
} TodoRow;

/* What todo_rows needs besides the row: the measurements made (sorted),
 * today, and room for a schedule and a row's measurements. */
typedef struct TodoCtx {
	const MadeRow *made;
	size_t nmade;
	const char *today;
	InstrDue *due;  /* MAX_DUE */
	InstrMade *mine; /* nmade + 1 */
} TodoCtx;

static int todo_rows(Req *r, int show, int *late, const TodoRow *row, const char *key, const TodoCtx *x)
{
	char title[200];
	InstrDue *due = x->due;
	int nmine = made_of(x->made, x->nmade, row->course, row->sid, key, x->mine);
	int n = measure_schedule_of(key, row->start, row->end, x->mine, nmine, x->today, due, MAX_DUE), count = 0;
	if (show)
		instr_title(r->db, key, title, sizeof title);
	for (int i = 0; i < n; i++) {
		int st = due[i].state;
		if (st != DUE_SOON && st != DUE_NOW && st != DUE_LATE)
			continue;
		count++;
		if (st == DUE_LATE)
			(*late)++;
		if (show) {
			Buf href = {0};
			measure_href(&href, row->person, key, due[i].no, row->sid);
			todo_row(r, _(title), row->name, due[i].from, due[i].to, due[i].due, st, buf_str(&href));
			buf_free(&href);
		}
	}
	return count;
}

static void todo_add(TodoRow **rows, size_t *n, size_t *cap, long long person, long long course, long long sid,
		     const char *name, const char *start, const char *end)
{
	*rows = rows_add(*rows, n, cap, sizeof **rows);
	TodoRow *t = &(*rows)[*n - 1];
	t->person = person;
	t->course = course;
	t->sid = sid;
	t->name = xstrdup(name);
	str_copy(t->start, sizeof t->start, start);
	str_copy(t->end, sizeof t->end, end);
}

/* The ended support courses' rows in the order of their statement before
 * (the young person's name, then the support course). */
static int support_row_cmp(const void *a, const void *b)
{
	const TodoRow *x = a, *y = b;
	int k = strcmp(x->name, y->name);
	if (k)
		return k;
	return x->sid < y->sid ? -1 : x->sid > y->sid;
}

typedef struct CourseAt {
	long long course;
	size_t row; /* in the walk's rows */
} CourseAt;

static int course_at_cmp(const void *a, const void *b)
{
	const CourseAt *x = a, *y = b;
	return x->course < y->course ? -1 : x->course > y->course;
}

/* The rows in name and course order (as the model's rows were read). */
static int model_row_cmp(const void *a, const void *b)
{
	const TodoRow *x = a, *y = b;
	int k = strcmp(x->name, y->name);
	if (k)
		return k;
	return x->course < y->course ? -1 : x->course > y->course;
}

/* The coordinator's rows from their courses (caseload_courses: one walk of
 * their young people), with two statements that find the courses by id
 * (json_each), not by walking the young people again: the support courses
 * ended from `since` to before today, and the measurements made.  The
 * rows: each course open or closed since `since` (its schedule: the start
 * in the model, step 3, to step 7, else the course closed), in name and
 * course order; then each support course ended from `since` to before
 * today (the coordinator does its final measurement), in name and support
 * course order. */
static void coordinator_todo_rows(Req *r, const char *today, const char *since, const CaseCourse *cc, size_t ncc,
				  TodoRow **rows, size_t *n, size_t *cap, MadeRow **made, size_t *nmade, size_t *mcap)
{
	Stmt q;
	CourseAt *at = xcalloc(ncc + 1, sizeof *at);
	size_t nat = 0;
	for (size_t i = 0; i < ncc; i++) {
		if (!cc[i].here)
			continue;
		at[nat++] = (CourseAt){cc[i].course, i};
		if (cc[i].model)
			todo_add(rows, n, cap, cc[i].person, cc[i].course, 0, cc[i].name, cc[i].start, cc[i].end);
	}
	if (*n > 1)
		qsort(*rows, *n, sizeof **rows, model_row_cmp);
	if (nat) {
		qsort(at, nat, sizeof *at, course_at_cmp);
		Buf ids = {0};
		buf_putc(&ids, '[');
		for (size_t i = 0; i < nat; i++) {
			if (i)
				buf_putc(&ids, ',');
			bprintf(&ids, "%l", at[i].course);
		}
		buf_putc(&ids, ']');
		size_t first = *n;
		db_query(r->db, &q,
			 "SELECT s.course_id, s.id, s.start_on, COALESCE(s.end_on, '') FROM support_course s"
			 " WHERE s.course_id IN (SELECT value FROM json_each(?)) AND s.end_on IS NOT NULL"
			 " AND s.end_on < ? AND s.end_on >= ?",
			 "ttt", buf_str(&ids), today, since);
		while (db_step(&q)) {
			const CourseAt *c = id_find(at, nat, sizeof *at, db_col_int(&q, 0));
			if (c)
				todo_add(rows, n, cap, cc[c->row].person, c->course, db_col_int(&q, 1), cc[c->row].name,
					 db_col_text(&q, 2), db_col_text(&q, 3));
		}
		db_finalize(&q);
		if (*n - first > 1)
			qsort(*rows + first, *n - first, sizeof **rows, support_row_cmp);
		/* every measurement of the three instruments of those courses;
		 * made_of picks each row's own */
		db_query(r->db, &q,
			 "SELECT m.course_id, m.support_id, m.instrument_key, m.period_no, m.id FROM measurement m"
			 " WHERE m.course_id IN (SELECT value FROM json_each(?))"
			 " AND m.instrument_key IN ('individ_model', 'dialog', 'individ_support')",
			 "t", buf_str(&ids));
		made_read(&q, made, nmade, mcap, 0);
		buf_free(&ids);
	}
	free(at);
}

/* The instrument tasks of the user: the rows (young person, course,
 * support course, the schedule's span) and the measurements made of all of
 * them, one statement each per kind of row, merged in C. */
int measure_todos(Req *r, int show, int *late)
{
	if (r->user.role != ROLE_COORDINATOR)
		return measure_todos_of(r, show, late, NULL, 0);
	char today[11];
	size_t ncc = 0;
	today_copenhagen(today);
	CaseCourse *cc = caseload_courses(r, today, &ncc);
	int count = measure_todos_of(r, show, late, cc, ncc);
	caseload_courses_free(cc, ncc);
	return count;
}

/* The same, for a coordinator from their courses as caseload_courses read
 * them (the list "Mine unge" reads them once for itself and the notice). */
int measure_todos_of(Req *r, int show, int *late, const CaseCourse *cc, size_t ncc)
{
	*late = 0;
	int count = 0;
	Stmt q, mq;
	TodoRow *rows = NULL;
	size_t n = 0, cap = 0;
	MadeRow *made = NULL;
	size_t nmade = 0, mcap = 0;
	char today[11];
	today_copenhagen(today);
	/* a course closed or a support course ended in the last 90 days still
	 * has its final measurement to do: the coordinator does the final
	 * support measurement once the worker's assignment has ended */
	char since[11];
	date_add_days(since, today, -90);
	if (r->user.role == ROLE_COORDINATOR) {
		coordinator_todo_rows(r, today, since, cc, ncc, &rows, &n, &cap, &made, &nmade, &mcap);
	} else if (r->user.role == ROLE_SUPPORT) {
		db_query(r->db, &q,
			 "SELECT DISTINCT p.id, c.id, s.id, p.name, s.start_on, COALESCE(s.end_on, '')"
			 " FROM support_worker w JOIN support_course s ON s.id = w.support_id"
			 " JOIN course c ON c.id = s.course_id JOIN person p ON p.id = c.person_id"
			 " WHERE w.user_id = ? AND p.municipality_id = ? AND w.from_on <= ? AND (w.to_on IS NULL OR w.to_on >= ?)"
			 " ORDER BY p.name, s.id",
			 "IItt", r->user.id, r->user.municipality_id, today, today);
		db_query(r->db, &mq,
			 "SELECT DISTINCT m.course_id, m.support_id, m.instrument_key, m.period_no, m.id, m.filled_on"
			 " FROM support_worker w CROSS JOIN support_course s CROSS JOIN course c CROSS JOIN person p"
			 " CROSS JOIN measurement m"
			 " WHERE s.id = w.support_id AND c.id = s.course_id AND p.id = c.person_id AND m.course_id = c.id"
			 " AND m.support_id = s.id AND m.instrument_key = 'individ_support'"
			 " AND w.user_id = ? AND p.municipality_id = ? AND w.from_on <= ? AND (w.to_on IS NULL OR w.to_on >= ?)",
			 "IItt", r->user.id, r->user.municipality_id, today, today);
		while (db_step(&q))
			todo_add(&rows, &n, &cap, db_col_int(&q, 0), db_col_int(&q, 1), db_col_int(&q, 2), db_col_text(&q, 3),
				 db_col_text(&q, 4), db_col_text(&q, 5));
		db_finalize(&q);
		made_read(&mq, &made, &nmade, &mcap, 1);
	}
	if (nmade)
		qsort(made, nmade, sizeof *made, made_cmp);
	TodoCtx x = {made, nmade, today, xcalloc(MAX_DUE, sizeof *x.due), xcalloc(nmade + 1, sizeof *x.mine)};
	for (size_t i = 0; i < n; i++) {
		if (rows[i].sid)
			count += todo_rows(r, show, late, &rows[i], "individ_support", &x);
		else {
			count += todo_rows(r, show, late, &rows[i], "individ_model", &x);
			count += todo_rows(r, show, late, &rows[i], "dialog", &x);
		}
		free(rows[i].name);
	}
	free(x.due);
	free(x.mine);
	free(rows);
	free(made);
	return count;
}

/* ---- the demo ------------------------------------------------------------------------ */

static unsigned demo_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* Plausible answers: ratings slowly improve over the periods (for most),
 * housing goes to own_home from the home's moving-in date. */
static void demo_answer(Db *db, const Item *it, long long course, long long sid, const InstrDue *d, unsigned *s,
			int base, int trend, Answer *a)
{
	memset(a, 0, sizeof *a);
	const char *vals[1] = {NULL};
	char buf[32];
	char *v = NULL;
	if (streq(it->prefill, "housing")) {
		char *moved = db_text(db, "SELECT moved_in_on FROM home WHERE course_id = ? AND moved_in_on IS NOT NULL"
				      " ORDER BY moved_in_on LIMIT 1", "I", course);
		if (moved && strcmp(d->to, moved) >= 0)
			v = xstrdup("own_home");
		else {
			v = db_text(db, "SELECT housing_situation FROM course WHERE id = ?", "I", course);
			if (!v || !opt_label(it, v)) {
				free(v);
				v = xstrdup("sofa");
			}
		}
		free(moved);
	} else if (it->prefill[0]) {
		v = measure_prefill(db, course, sid, it->prefill, d->from, d->to);
	} else if (streq(it->kind, "scale")) {
		int x = base + (trend * d->no) / 2 - (int)(demo_rand(s) % 2);
		if (x < 1)
			x = 1;
		if (x > 5)
			x = 5;
		snprintf(buf, sizeof buf, "%d", x);
		v = xstrdup(demo_rand(s) % 25 == 0 ? "x" : buf);
	} else if (streq(it->kind, "choice") && it->nopts) {
		int k = (int)(demo_rand(s) % (unsigned)(it->nopts > 1 ? it->nopts - 1 : 1));
		if (streq(it->key, "edu_status") && d->no >= 3 && demo_rand(s) % 2)
			k = 0;
		v = xstrdup(it->opts[k].value);
	} else if (streq(it->kind, "text") && demo_rand(s) % 3 == 0) {
		v = xstrdup(tr("da", N_("Går fremad. Vi følger op på næste netværksmøde.")));
	}
	vals[0] = v;
	if (check_item(it, vals, v ? 1 : 0, d->from, d->to, a)) {
		answer_free(a);
		/* not valid for this version (e.g. a prefill the scale lacks): the first option */
		const char *first[1] = {it->nopts ? it->opts[0].value : NULL};
		if (check_item(it, first, first[0] ? 1 : 0, d->from, d->to, a))
			answer_free(a);
	}
	free(v);
}

static void demo_fill(Db *db, long long course, const char *key, long long sid, long long author, unsigned *s)
{
	if (!author)
		return;
	char today[11];
	today_copenhagen(today);
	Instr in;
	long long iid = instrument_current(db, key);
	if (!instr_load(db, iid, &in))
		return;
	InstrDue *due = xcalloc(MAX_DUE, sizeof *due);
	int n = measure_schedule(db, course, key, sid, today, due, MAX_DUE);
	int base = 1 + (int)(demo_rand(s) % 3), trend = demo_rand(s) % 5 ? 1 : 0;
	char at[21];
	time_iso_utc(at, now());
	for (int i = 0; i < n; i++) {
		const InstrDue *d = &due[i];
		if (d->measurement_id || strcmp(d->due, today) > 0 || demo_rand(s) % 10 == 0)
			continue;
		char filled[11];
		date_add_days(filled, d->due, demo_rand(s) % 8 == 0 ? 15 + (long)(demo_rand(s) % 20) : (long)(demo_rand(s) % 10));
		if (strcmp(filled, today) > 0)
			snprintf(filled, sizeof filled, "%s", today);
		long long mid = db_int(db, 0,
				       "INSERT INTO measurement(instrument_id, instrument_key, course_id, support_id, period_no,"
				       " final, period_from, period_to, due_on, filled_on, author_id, created_at)"
				       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				       "ItIIiittttIt", iid, key, course, sid, d->no, d->final, d->from, d->to, d->due, filled,
				       author, at);
		for (int k = 0; k < in.n; k++) {
			Answer a;
			demo_answer(db, &in.items[k], course, sid, d, s, base, trend, &a);
			answer_store(db, mid, &in.items[k], &a);
			answer_free(&a);
		}
	}
	free(due);
	instr_free(&in);
}

void measure_demo(Db *db, long long course_id, unsigned seed)
{
	unsigned s = seed * 2654435761u + (unsigned)course_id;
	long long coord = db_int(db, 0, "SELECT p.coordinator_id FROM course c JOIN person p ON p.id = c.person_id"
				 " WHERE c.id = ?", "I", course_id);
	db_begin(db);
	demo_fill(db, course_id, "individ_model", 0, coord, &s);
	demo_fill(db, course_id, "dialog", 0, coord, &s);
	long long sids[16];
	int ns = support_courses(db, course_id, sids, 16);
	for (int i = 0; i < ns; i++) {
		long long worker = db_int(db, 0, "SELECT user_id FROM support_worker WHERE support_id = ?"
					  " AND user_id IS NOT NULL ORDER BY from_on DESC LIMIT 1", "I", sids[i]);
		demo_fill(db, course_id, "individ_support", sids[i], worker, &s);
	}
	db_commit(db);
}

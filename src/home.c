/* home.c: the home a homeless young person moves into (step 5, DOMAIN.md
 * §3 and §5): address, kind, rent, how it was found, lease and moving-in
 * dates, the practical support; and losing the home later, with the
 * housing situation it leaves the young person in (Housing First: the
 * support continues, and a new home can be recorded).
 *
 * One current home (not lost) per course at a time.  Setting the moving-in
 * date records step 5 (once per course); a lease date records "home found"
 * (home_found, kind 'lease') when the course has none, so that CTI can
 * start.  Changes: the case owner or a current support worker
 * (support_may_change); an edit carries the row's version (409 when
 * someone saved in between) and its history goes to change_log. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- the housing situation now ------------------------------------------------ */

const char *home_situation(Db *db, long long course_id, char *buf, size_t n)
{
	char *s = NULL;
	if (!n)
		return buf;
	buf[0] = 0;
	if (db_int(db, 0,
		   "SELECT COUNT(*) FROM home WHERE course_id = ? AND moved_in_on IS NOT NULL AND lost_on IS NULL",
		   "I", course_id) > 0) {
		snprintf(buf, n, "%s", "own_home");
		return buf;
	}
	s = db_text(db,
		    "SELECT housing_after FROM home WHERE course_id = ? AND lost_on IS NOT NULL"
		    " ORDER BY lost_on DESC, id DESC LIMIT 1",
		    "I", course_id);
	if (!s)
		s = db_text(db, "SELECT housing_situation FROM course WHERE id = ?", "I", course_id);
	snprintf(buf, n, "%s", s ? s : "");
	free(s);
	return buf;
}

const char *home_situation_label(const char *key)
{
	if (!key || !key[0])
		return N_("Ukendt");
	if (streq(key, "own_home"))
		return N_("I egen bolig");
	const char *l = choice_label(housing_situations, key);
	return l[0] ? l : N_("Ukendt");
}

/* ---- a home --------------------------------------------------------------- */

typedef struct Home {
	long long id, version, rent;
	int has_rent;
	char *address, *kind, *found_how, *lease_on, *moved_in_on, *support_note;
	char *lost_on, *lost_reason, *lost_note, *housing_after;
	char support[128]; /* the practical support's keys, comma-separated */
} Home;

static void home_free(Home *h)
{
	free(h->address);
	free(h->kind);
	free(h->found_how);
	free(h->lease_on);
	free(h->moved_in_on);
	free(h->support_note);
	free(h->lost_on);
	free(h->lost_reason);
	free(h->lost_note);
	free(h->housing_after);
	memset(h, 0, sizeof *h);
}

static int has_item(const char *list, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == k && strncmp(p, key, k) == 0)
			return 1;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

/* The home of the course, 0 when there is no such home. */
static int home_load(Db *db, long long course_id, long long hid, Home *h)
{
	Stmt q;
	memset(h, 0, sizeof *h);
	db_query(db, &q,
		 "SELECT id, version, address, kind, rent, found_how, lease_on, moved_in_on, support_note,"
		 " lost_on, lost_reason, lost_note, housing_after FROM home WHERE id = ? AND course_id = ?",
		 "II", hid, course_id);
	if (db_step(&q)) {
		h->id = db_col_int(&q, 0);
		h->version = db_col_int(&q, 1);
		h->address = xstrdup(db_col_text(&q, 2));
		h->kind = xstrdup(db_col_text(&q, 3));
		h->has_rent = !db_col_null(&q, 4);
		h->rent = db_col_int(&q, 4);
		h->found_how = xstrdup(db_col_text(&q, 5));
		h->lease_on = xstrdup(db_col_text(&q, 6));
		h->moved_in_on = xstrdup(db_col_text(&q, 7));
		h->support_note = xstrdup(db_col_text(&q, 8));
		h->lost_on = xstrdup(db_col_text(&q, 9));
		h->lost_reason = xstrdup(db_col_text(&q, 10));
		h->lost_note = xstrdup(db_col_text(&q, 11));
		h->housing_after = xstrdup(db_col_text(&q, 12));
	}
	db_finalize(&q);
	if (!h->id)
		return 0;
	/* in catalog order, so that the stored list compares like the form's */
	for (const Choice *c = home_supports; c->key; c++)
		if (db_int(db, 0, "SELECT COUNT(*) FROM home_support WHERE home_id = ? AND item = ?", "It", h->id,
			   c->key) > 0) {
			size_t used = strlen(h->support);
			snprintf(h->support + used, sizeof h->support - used, "%s%s", used ? "," : "", c->key);
		}
	return 1;
}

/* The current home of the course (not lost), 0 when none. */
static long long home_current(Db *db, long long course_id)
{
	return db_int(db, 0, "SELECT MAX(id) FROM home WHERE course_id = ? AND lost_on IS NULL", "I", course_id);
}

/* ---- the pages' frame ---------------------------------------------------- */

typedef struct Ctx {
	long long person;
	char *name;
	CourseState cs;
	char today[11];
	Home h; /* the home of the path, if any */
} Ctx;

static void audit(Req *r, Ctx *c, const char *action, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, c->person,
		  r->route->purpose, result);
}

/* May change (case owner or support worker), then a transaction with the
 * young person's current course (the open one, else the latest: the one
 * person_render shows) and, with a :hid in the path, its home loaded
 * (else 404, logged).  0: answered already. */
static int ctx_open(Req *r, const char *action, Ctx *c, int with_home)
{
	memset(c, 0, sizeof *c);
	c->person = PI(r, "id");
	if (!support_may_change(r, c->person, action))
		return 0;
	db_begin(r->db);
	c->name = db_text(r->db, "SELECT name FROM person WHERE id = ?", "I", c->person);
	long long course = db_int(r->db, 0,
				  "SELECT id FROM course WHERE person_id = ?"
				  " ORDER BY closed_on IS NULL DESC, opened_on DESC, id DESC LIMIT 1",
				  "I", c->person);
	course_state_load(r->db, course, &c->cs);
	today_copenhagen(c->today);
	if (with_home && !home_load(r->db, c->cs.id, PI(r, "hid"), &c->h)) {
		audit(r, c, action, "not_found");
		db_commit(r->db);
		free(c->name);
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return 0;
	}
	return 1;
}

static void ctx_close(Req *r, Ctx *c, const char *action, const char *result)
{
	audit(r, c, action, result);
	db_commit(r->db);
	free(c->name);
	home_free(&c->h);
}

/* A change was written (and the flash set): log it, commit, back to the
 * young person's page. */
static void ctx_done(Req *r, Ctx *c, const char *action)
{
	audit(r, c, action, "ok");
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l", c->person);
		redirect(r, loc.p);
		buf_free(&loc);
	}
	free(c->name);
	home_free(&c->h);
}

static void page_top(Req *r, Ctx *c, const char *title, const char *intro)
{
	page_begin(r, title);
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n",
	   _("Brødkrumme"), _("Mine unge"), c->person, c->name ? c->name : "", title);
	hp(r, "<h1>%h</h1>\n<p class=\"hv-muted\">%h</p>\n", title, c->name ? c->name : "");
	if (intro)
		hp(r, "<p>%h</p>\n", intro);
	error_summary(r);
}

static void buttons(Req *r, Ctx *c, const char *button)
{
	Buf back = {0};
	bprintf(&back, "/unge/%l", c->person);
	form_buttons(r, button, back.p);
	buf_free(&back);
}

/* The form cannot be used now: say why instead. */
static void blocked(Req *r, Ctx *c, const char *title, const char *msg)
{
	page_top(r, c, title, NULL);
	hp(r, "<div class=\"alert alert-warning\" role=\"note\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p>"
	      "</div></div>\n<p><a href=\"/unge/%l\">%h</a></p>\n",
	   _(msg), c->person, _("Tilbage til den unges side"));
	page_end(r);
}

/* Why no home can be recorded for this course now, NULL when one can. */
static const char *new_rule(Db *db, const Ctx *c)
{
	if (!c->cs.homeless)
		return N_("Bolig registreres kun for unge, der er i hjemløshed. Den unge er i risiko for hjemløshed og har sin egen bolig.");
	if (c->cs.closed_on[0])
		return N_("Forløbet er afsluttet. Der kan ikke registreres en bolig.");
	if (home_current(db, c->cs.id))
		return N_("Den unge har allerede en nuværende bolig. Registrér først, at den er mistet, før en ny bolig registreres.");
	return NULL;
}

static void change(Req *r, long long id, const char *field, const char *before, const char *after,
		   const char *at)
{
	if (streq(before ? before : "", after ? after : ""))
		return;
	db_exec(r->db,
		"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
		" VALUES (?,?,?,?,?,?,?)",
		"tItttIt", "home", id, field, before ? before : "", after ? after : "", r->user.id, at);
}

/* ---- the form: record a home, edit it ---------------------------------------- */

static void dk_date(char out[11], const char *iso)
{
	out[0] = 0;
	if (iso && iso[0])
		date_format_dk(out, iso);
}

/* The stored home, as a list (the edit page, and after a conflict). */
static void home_dl(Req *r, const Home *h)
{
	char d[11];
	hp(r, "<dl class=\"hv-dl\">\n<dt>%h</dt><dd>%h</dd>\n<dt>%h</dt><dd>%h</dd>\n", _("Adresse"), h->address,
	   _("Boligtype"), _(choice_label(dwelling_kinds, h->kind)));
	hp(r, "<dt>%h</dt><dd>", _("Husleje"));
	if (h->has_rent)
		hp(r, "%l %h", h->rent, _("kr. om måneden"));
	else
		hp(r, "%h", _("ikke oplyst"));
	hp(r, "</dd>\n<dt>%h</dt><dd>%h</dd>\n", _("Sådan blev boligen fundet"),
	   _(choice_label(home_found_how, h->found_how)));
	dk_date(d, h->lease_on);
	hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Lejekontrakt underskrevet"), d[0] ? d : _("ikke oplyst"));
	dk_date(d, h->moved_in_on);
	hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Flyttet ind"), d[0] ? d : _("ikke flyttet ind endnu"));
	hp(r, "<dt>%h</dt><dd>", _("Praktisk støtte"));
	int n = 0;
	for (const Choice *c = home_supports; c->key; c++)
		if (has_item(h->support, c->key))
			hp(r, "%h%h", n++ ? ", " : "", _(c->label));
	if (!n)
		hp(r, "%h", _("ingen registreret"));
	if (h->support_note[0])
		hp(r, "<br><span class=\"hv-pre\">%h</span>", h->support_note);
	hp(r, "</dd>\n");
	if (h->lost_on && h->lost_on[0]) {
		dk_date(d, h->lost_on);
		hp(r, "<dt>%h</dt><dd>%h, %h", _("Mistet"), d, _(choice_label(home_lost_reasons, h->lost_reason)));
		if (h->lost_note[0])
			hp(r, "<br><span class=\"hv-pre\">%h</span>", h->lost_note);
		hp(r, "</dd>\n<dt>%h</dt><dd>%h</dd>\n", _("Boligsituation bagefter"),
		   _(home_situation_label(h->housing_after)));
	}
	hp(r, "</dl>\n");
}

static const char *field_name(const char *field)
{
	if (streq(field, "created")) return N_("Registreret");
	if (streq(field, "address")) return N_("Adresse");
	if (streq(field, "kind")) return N_("Boligtype");
	if (streq(field, "rent")) return N_("Husleje");
	if (streq(field, "found_how")) return N_("Sådan blev boligen fundet");
	if (streq(field, "lease_on")) return N_("Lejekontrakt underskrevet");
	if (streq(field, "moved_in_on")) return N_("Flyttet ind");
	if (streq(field, "support")) return N_("Praktisk støtte");
	if (streq(field, "support_note")) return N_("Note om den praktiske støtte");
	if (streq(field, "lost_on")) return N_("Mistet");
	if (streq(field, "lost_reason")) return N_("Årsag");
	if (streq(field, "lost_note")) return N_("Note om tabet af boligen");
	if (streq(field, "housing_after")) return N_("Boligsituation bagefter");
	return N_("Andet");
}

static void history_value(Req *r, const char *field, const char *v)
{
	char d[11];
	const Choice *cat = streq(field, "kind") ? dwelling_kinds
			    : streq(field, "found_how") ? home_found_how
			    : streq(field, "lost_reason") ? home_lost_reasons
			    : streq(field, "housing_after") ? housing_situations : NULL;
	if (cat && choice_label(cat, v)[0]) {
		hp(r, "%h", _(choice_label(cat, v)));
	} else if (strstr(field, "_on") && strlen(v) == 10) {
		date_format_dk(d, v);
		hp(r, "%h", d);
	} else if (streq(field, "support")) {
		int n = 0;
		for (const Choice *c = home_supports; c->key; c++)
			if (has_item(v, c->key))
				hp(r, "%h%h", n++ ? ", " : "", _(c->label));
	} else {
		hp(r, "%h", v);
	}
}

static void history(Req *r, long long id)
{
	change_history(r, "home", id, field_name, history_value);
}

/* The form for a new home (h NULL) or an edit.  version: the version the
 * next save is made from (after a conflict), NULL: the stored one or the
 * one the form was sent with. */
static void home_form(Req *r, Ctx *c, const Home *h, const char *version)
{
	Buf a = {0};
	const char *title = h ? _("Ret boligen") : _("Registrér bolig");
	page_top(r, c, title,
		 h ? NULL
		   : _("Registrér den bolig, den unge skal bo i. Boligen kan registreres, før den unge flytter ind: "
		       "så udfylder du indflytningsdatoen senere ved at rette boligen. Når lejekontrakten er "
		       "underskrevet, er boligen fundet, og bostøtte efter CTI kan starte."));
	if (h) {
		hp(r, "<h2>%h</h2>\n", _("Det gemte"));
		home_dl(r, h);
		hp(r, "<h2>%h</h2>\n", _("Ret oplysningerne"));
		char d[11], rent[24];
		snprintf(rent, sizeof rent, "%lld", h->rent);
		P_prefill(r, "address", h->address);
		P_prefill(r, "kind", h->kind);
		P_prefill(r, "rent", h->has_rent ? rent : "");
		P_prefill(r, "found_how", h->found_how);
		dk_date(d, h->lease_on);
		P_prefill(r, "lease_on", d);
		dk_date(d, h->moved_in_on);
		P_prefill(r, "moved_in_on", d);
		P_prefill(r, "support_note", h->support_note);
		for (const Choice *k = home_supports; k->key; k++)
			if (has_item(h->support, k->key))
				P_prefill_list(r, "support", k->key);
		bprintf(&a, "/unge/%l/bolig/%l", c->person, h->id);
	} else {
		bprintf(&a, "/unge/%l/bolig/ny", c->person);
	}
	form_begin(r, a.p);
	if (h) {
		char stored[24];
		snprintf(stored, sizeof stored, "%lld", h->version);
		P_prefill(r, "version", stored);
		hp(r, "<input type=\"hidden\" name=\"version\" value=\"%a\">\n",
		   version ? version : field_value(r, "version"));
	}
	field_text(r, "address", _("Adresse (skal udfyldes)"), _("Vej, nummer, etage, postnummer og by"), "text",
		   "off");
	field_radios(r, "kind", _("Boligtype (skal udfyldes)"), NULL, dwelling_kinds);
	field_text(r, "rent", _("Husleje"), _("Kroner om måneden, fx 4500"), "text", "off");
	field_radios(r, "found_how", _("Sådan blev boligen fundet (skal udfyldes)"), NULL, home_found_how);
	field_text(r, "lease_on", _("Lejekontrakten er underskrevet"), _("dd.mm.åååå"), "text", "off");
	field_text(r, "moved_in_on", _("Den unge flyttede ind"),
		   _("dd.mm.åååå. Lad feltet stå tomt, hvis den unge ikke er flyttet ind endnu."), "text", "off");
	field_checkboxes(r, "support", _("Praktisk støtte til at komme i gang i boligen"), _("Markér det, der er givet"),
			 home_supports);
	field_textarea(r, "support_note", _("Note om den praktiske støtte"),
		       _("Fx hvad der er søgt om hos ydelseskontoret, og hvad der er bevilget"));
	buttons(r, c, h ? _("Gem ændringerne") : _("Registrér bolig"));
	if (h)
		history(r, h->id);
	page_end(r);
	buf_free(&a);
}

/* The rules of the form's dates and numbers; messages at the fields. */
static void home_check(Req *r, Ctx *c, const Home *h)
{
	const char *rule = h ? (c->cs.closed_on[0] ? N_("Forløbet er afsluttet. Boligen kan ikke ændres.") : NULL)
			     : new_rule(r->db, c);
	if (rule)
		P_set_err(r, "address", rule);
	if (P_err(r, "rent")) {
		const char *raw = P_raw(r, "rent");
		P_set_err(r, "rent", raw && raw[0] == '-' ? N_("Huslejen kan ikke være negativ.")
							  : N_("Skriv huslejen som et helt antal kroner om måneden, fx 4500."));
	}
	const char *lease = P(r, "lease_on"), *moved = P(r, "moved_in_on");
	if (lease && c->cs.date[1][0] && strcmp(lease, c->cs.date[1]) < 0)
		P_set_err(r, "lease_on", N_("Lejekontrakten kan ikke være underskrevet før henvisningsdatoen."));
	if (h && h->moved_in_on[0] && !moved && !P_err(r, "moved_in_on"))
		P_set_err(r, "moved_in_on", N_("Indflytningsdatoen kan ikke fjernes, når den er registreret. Ret den til den rigtige dato."));
	if (!moved)
		return;
	if (lease && strcmp(moved, lease) < 0) {
		P_set_err(r, "moved_in_on", N_("Den unge kan ikke flytte ind før den dato, lejekontrakten er underskrevet."));
		return;
	}
	if (h && h->lost_on[0] && strcmp(moved, h->lost_on) > 0) {
		P_set_err(r, "moved_in_on", N_("Indflytningen kan ikke ligge efter den dato, boligen blev mistet."));
		return;
	}
	/* the homes recorded before this one: it cannot be moved into before the last was lost */
	char *prev = db_text(r->db,
			     "SELECT MAX(lost_on) FROM home WHERE course_id = ? AND (? = 0 OR id < ?) AND lost_on IS NOT NULL",
			     "III", c->cs.id, h ? h->id : 0LL, h ? h->id : 0LL);
	if (prev && strcmp(moved, prev) < 0)
		P_set_err(r, "moved_in_on", N_("Indflytningen kan ikke ligge før den dato, den forrige bolig blev mistet."));
	free(prev);
	if (!P_err(r, "moved_in_on") && !c->cs.date[5][0]) {
		const char *m = course_step_check(&c->cs, 5, moved, c->today);
		if (m)
			P_set_err(r, "moved_in_on", m);
	}
}

static void support_save(Req *r, long long hid)
{
	db_exec(r->db, "DELETE FROM home_support WHERE home_id = ?", "I", hid);
	for (const Choice *k = home_supports; k->key; k++)
		if (P_has(r, "support", k->key))
			db_exec(r->db, "INSERT INTO home_support(home_id, item) VALUES (?,?)", "It", hid, k->key);
}

static void support_keys(Req *r, char *out, size_t n)
{
	out[0] = 0;
	for (const Choice *k = home_supports; k->key; k++)
		if (P_has(r, "support", k->key)) {
			size_t used = strlen(out);
			snprintf(out + used, n - used, "%s%s", used ? "," : "", k->key);
		}
}

/* Step 5 and "home found" follow from the dates: each once per course. */
static int course_follows(Req *r, Ctx *c, const char *at)
{
	int moved = 0;
	if (P(r, "moved_in_on") && !c->cs.date[5][0]) {
		db_exec(r->db,
			"INSERT INTO course_event(course_id, step, on_date, recorded_by, recorded_at, note)"
			" VALUES (?,5,?,?,?,?)",
			"ItItt", c->cs.id, P(r, "moved_in_on"), r->user.id, at, "");
		moved = 1;
	}
	if (P(r, "lease_on") && !c->cs.home_found[0])
		db_exec(r->db,
			"INSERT INTO home_found(course_id, kind, on_date, created_by, created_at) VALUES (?,?,?,?,?)",
			"IttIt", c->cs.id, "lease", P(r, "lease_on"), r->user.id, at);
	return moved;
}

void page_home_new(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "home_form", &c, 0))
		return;
	const char *m = new_rule(r->db, &c);
	if (m)
		blocked(r, &c, _("Registrér bolig"), m);
	else
		home_form(r, &c, NULL, NULL);
	ctx_close(r, &c, "home_form", "ok");
}

void page_home_create(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "home_add", &c, 0))
		return;
	home_check(r, &c, NULL);
	if (r->nerrors) {
		r->status = 422;
		home_form(r, &c, NULL, NULL);
		ctx_close(r, &c, "home_add", "invalid");
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	long long hid = db_int(r->db, 0,
			       "INSERT INTO home(course_id, address, kind, rent, found_how, lease_on, moved_in_on,"
			       " support_note, created_by, created_at)"
			       " VALUES (?,?,?,CASE WHEN ? = 1 THEN ? ELSE NULL END,?,?,?,?,?,?) RETURNING id",
			       "IttiIttttIt", c.cs.id, P(r, "address"), P(r, "kind"), P(r, "rent") ? 1 : 0,
			       P(r, "rent") ? PI(r, "rent") : 0LL, P(r, "found_how"), P(r, "lease_on"),
			       P(r, "moved_in_on"), P(r, "support_note") ? P(r, "support_note") : "", r->user.id, at);
	support_save(r, hid);
	change(r, hid, "created", "", P(r, "address"), at);
	int moved = course_follows(r, &c, at);
	if (moved)
		flash_set(r, _("Boligen er registreret, og det er registreret, at den unge er flyttet i egen bolig."));
	else
		flash_set(r, _("Boligen er registreret."));
	ctx_done(r, &c, "home_add");
}

void page_home_edit(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "home_form", &c, 1))
		return;
	home_form(r, &c, &c.h, NULL);
	ctx_close(r, &c, "home_form", "ok");
}

void page_home_save(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "home_change", &c, 1))
		return;
	home_check(r, &c, &c.h);
	if (r->nerrors || !P(r, "version")) {
		r->status = 422;
		home_form(r, &c, &c.h, NULL);
		ctx_close(r, &c, "home_change", "invalid");
		return;
	}
	char at[21], rent[24] = "", old_rent[24] = "", keys[128];
	time_iso_utc(at, now());
	if (P(r, "rent"))
		snprintf(rent, sizeof rent, "%lld", PI(r, "rent"));
	if (c.h.has_rent)
		snprintf(old_rent, sizeof old_rent, "%lld", c.h.rent);
	if (!db_int(r->db, 0,
		    "UPDATE home SET address = ?, kind = ?, rent = CASE WHEN ? = 1 THEN ? ELSE NULL END, found_how = ?,"
		    " lease_on = ?, moved_in_on = ?, support_note = ?, version = version + 1"
		    " WHERE id = ? AND version = ? RETURNING id",
		    "ttiIttttII", P(r, "address"), P(r, "kind"), rent[0] ? 1 : 0, rent[0] ? PI(r, "rent") : 0LL,
		    P(r, "found_how"),
		    P(r, "lease_on"), P(r, "moved_in_on"), P(r, "support_note") ? P(r, "support_note") : "", c.h.id,
		    PI(r, "version"))) {
		/* someone saved in between: show theirs, keep ours in the form */
		Home now_h;
		home_load(r->db, c.cs.id, c.h.id, &now_h);
		char version[24];
		snprintf(version, sizeof version, "%lld", now_h.version);
		P_set_err(r, "address", N_("Boligen er ændret af en anden, mens du rettede. Se det gemte og historikken, "
					   "og gem igen, hvis din ændring stadig skal med."));
		r->status = 409;
		home_form(r, &c, &now_h, version);
		home_free(&now_h);
		ctx_close(r, &c, "home_change", "conflict");
		return;
	}
	support_keys(r, keys, sizeof keys);
	support_save(r, c.h.id);
	change(r, c.h.id, "address", c.h.address, P(r, "address"), at);
	change(r, c.h.id, "kind", c.h.kind, P(r, "kind"), at);
	change(r, c.h.id, "rent", old_rent, rent, at);
	change(r, c.h.id, "found_how", c.h.found_how, P(r, "found_how"), at);
	change(r, c.h.id, "lease_on", c.h.lease_on, P(r, "lease_on"), at);
	change(r, c.h.id, "moved_in_on", c.h.moved_in_on, P(r, "moved_in_on"), at);
	change(r, c.h.id, "support", c.h.support, keys, at);
	change(r, c.h.id, "support_note", c.h.support_note, P(r, "support_note"), at);
	int moved = course_follows(r, &c, at);
	if (moved)
		flash_set(r, _("Boligen er gemt, og det er registreret, at den unge er flyttet i egen bolig."));
	else
		flash_set(r, _("Boligen er gemt."));
	ctx_done(r, &c, "home_change");
}

/* ---- losing the home ---------------------------------------------------------- */

static const char *lost_rule(const Ctx *c)
{
	if (c->cs.closed_on[0])
		return N_("Forløbet er afsluttet. Boligen kan ikke ændres.");
	if (c->h.lost_on[0])
		return N_("Det er allerede registreret, at boligen er mistet.");
	if (!c->h.moved_in_on[0])
		return N_("Den unge er ikke flyttet ind endnu. En bolig kan først mistes efter indflytningen. Registrér indflytningsdatoen ved at rette boligen.");
	return NULL;
}

static void lost_form(Req *r, Ctx *c, const char *version)
{
	Buf a = {0};
	page_top(r, c, _("Boligen er mistet"), NULL);
	hp(r, "<div class=\"alert alert-info\" role=\"note\"><div class=\"alert-body\"><p class=\"alert-text\">%h</p>"
	      "</div></div>\n",
	   _("Bostøtten fortsætter, selv om den unge har mistet boligen: Housing First betyder, at støtten følger "
	     "den unge og ikke boligen. Når der er fundet en ny bolig, registrerer du den på den unges side."));
	hp(r, "<h2>%h</h2>\n", _("Boligen"));
	home_dl(r, &c->h);
	bprintf(&a, "/unge/%l/bolig/%l/mistet", c->person, c->h.id);
	form_begin(r, a.p);
	char stored[24];
	snprintf(stored, sizeof stored, "%lld", c->h.version);
	P_prefill(r, "version", stored);
	hp(r, "<input type=\"hidden\" name=\"version\" value=\"%a\">\n", version ? version : field_value(r, "version"));
	field_text(r, "lost_on", _("Dato, boligen blev mistet (skal udfyldes)"), _("dd.mm.åååå"), "text", "off");
	field_radios(r, "lost_reason", _("Årsag (skal udfyldes)"), NULL, home_lost_reasons);
	field_textarea(r, "lost_note", _("Note om tabet af boligen"), _("Fx hvad der skete, og hvad der nu gøres"));
	field_select(r, "housing_after", _("Hvor bor den unge nu? (skal udfyldes)"),
		     _("Kategorierne fra den nationale hjemløsetælling"), housing_situations);
	buttons(r, c, _("Registrér, at boligen er mistet"));
	page_end(r);
	buf_free(&a);
}

void page_home_lost_form(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "home_lost_form", &c, 1))
		return;
	const char *m = lost_rule(&c);
	if (m)
		blocked(r, &c, _("Boligen er mistet"), m);
	else
		lost_form(r, &c, NULL);
	ctx_close(r, &c, "home_lost_form", "ok");
}

void page_home_lost(Req *r)
{
	Ctx c;
	if (!ctx_open(r, "home_lost", &c, 1))
		return;
	const char *m = lost_rule(&c);
	if (m)
		P_set_err(r, "lost_on", m);
	else if (P(r, "lost_on") && strcmp(P(r, "lost_on"), c.h.moved_in_on) < 0)
		P_set_err(r, "lost_on", N_("Boligen kan ikke være mistet før den dato, den unge flyttede ind."));
	if (r->nerrors || !P(r, "version")) {
		r->status = 422;
		lost_form(r, &c, NULL);
		ctx_close(r, &c, "home_lost", "invalid");
		return;
	}
	char at[21];
	time_iso_utc(at, now());
	if (!db_int(r->db, 0,
		    "UPDATE home SET lost_on = ?, lost_reason = ?, lost_note = ?, housing_after = ?,"
		    " version = version + 1 WHERE id = ? AND version = ? AND lost_on IS NULL RETURNING id",
		    "ttttII", P(r, "lost_on"), P(r, "lost_reason"), P(r, "lost_note") ? P(r, "lost_note") : "",
		    P(r, "housing_after"), c.h.id, PI(r, "version"))) {
		char version[24];
		home_free(&c.h);
		home_load(r->db, c.cs.id, PI(r, "hid"), &c.h);
		snprintf(version, sizeof version, "%lld", c.h.version);
		P_set_err(r, "lost_on", N_("Boligen er ændret af en anden, mens du skrev. Se det gemte, og gem igen, "
					   "hvis din registrering stadig skal med."));
		r->status = 409;
		lost_form(r, &c, version);
		ctx_close(r, &c, "home_lost", "conflict");
		return;
	}
	change(r, c.h.id, "lost_on", "", P(r, "lost_on"), at);
	change(r, c.h.id, "lost_reason", "", P(r, "lost_reason"), at);
	change(r, c.h.id, "lost_note", "", P(r, "lost_note"), at);
	change(r, c.h.id, "housing_after", "", P(r, "housing_after"), at);
	flash_set(r, _("Det er registreret, at boligen er mistet. Bostøtten fortsætter."));
	ctx_done(r, &c, "home_lost");
}

/* ---- the section on the young person's page ------------------------------------ */

/* A home of the course as home_section reads it, with whether its dates
 * are NULL (the queries of home_current and home_situation ask IS NULL). */
typedef struct HomeRow {
	Home h;
	int moved_in_null, lost_null, housing_after_null;
} HomeRow;

/* earlier homes: the latest lost first */
static int home_lost_cmp(const void *a, const void *b)
{
	const HomeRow *x = a, *y = b;
	int c = strcmp(y->h.lost_on, x->h.lost_on);
	return c ? c : (y->h.id > x->h.id) - (y->h.id < x->h.id);
}

/* The course's homes and their practical support are read in one
 * statement: the course's row with each home (1, or one row without a
 * home), then the support items (2).  The section computes from them what
 * home_current and home_situation would give. */
void home_section(Req *r, long long person, long long course)
{
	CourseState cs;
	Stmt q;
	char sit[32], d[11];
	if (!course_state_load(r->db, course, &cs))
		return;
	HomeRow *rows = NULL;
	size_t homes = 0, cap = 0, nitems = 0, cap_items = 0;
	struct Item {
		long long home;
		char *item;
	} *items = NULL;
	char *course_situation = NULL;
	db_query(r->db, &q,
		 "SELECT 1, c.housing_situation, h.id, h.version, h.address, h.kind, h.rent, h.found_how, h.lease_on,"
		 " h.moved_in_on, h.support_note, h.lost_on, h.lost_reason, h.lost_note, h.housing_after"
		 " FROM course c LEFT JOIN home h ON h.course_id = c.id WHERE c.id = ?"
		 " UNION ALL SELECT 2, s.item, s.home_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
		 " FROM home h CROSS JOIN home_support s WHERE h.course_id = ? AND s.home_id = h.id",
		 "II", course, course);
	while (db_step(&q)) {
		if (db_col_int(&q, 0) == 2) {
			items = rows_add(items, &nitems, &cap_items, sizeof *items);
			items[nitems - 1].home = db_col_int(&q, 2);
			items[nitems - 1].item = xstrdup(db_col_text(&q, 1));
			continue;
		}
		free(course_situation);
		course_situation = db_col_null(&q, 1) ? NULL : xstrdup(db_col_text(&q, 1));
		if (db_col_null(&q, 2))
			continue; /* no home */
		rows = rows_add(rows, &homes, &cap, sizeof *rows);
		HomeRow *x = &rows[homes - 1];
		Home *h = &x->h;
		h->id = db_col_int(&q, 2);
		h->version = db_col_int(&q, 3);
		h->address = xstrdup(db_col_text(&q, 4));
		h->kind = xstrdup(db_col_text(&q, 5));
		h->has_rent = !db_col_null(&q, 6);
		h->rent = db_col_int(&q, 6);
		h->found_how = xstrdup(db_col_text(&q, 7));
		h->lease_on = xstrdup(db_col_text(&q, 8));
		h->moved_in_on = xstrdup(db_col_text(&q, 9));
		h->support_note = xstrdup(db_col_text(&q, 10));
		h->lost_on = xstrdup(db_col_text(&q, 11));
		h->lost_reason = xstrdup(db_col_text(&q, 12));
		h->lost_note = xstrdup(db_col_text(&q, 13));
		h->housing_after = xstrdup(db_col_text(&q, 14));
		x->moved_in_null = db_col_null(&q, 9);
		x->lost_null = db_col_null(&q, 11);
		x->housing_after_null = db_col_null(&q, 14);
	}
	db_finalize(&q);
	if (!cs.homeless && !homes)
		goto done; /* a young person at risk has a home: step 5 is not relevant */
	int may = !cs.closed_on[0] && (person_is_owner(r, person) || support_is_worker(r->db, person, r->user.id));
	/* the current home (home_current: the latest not lost) and the
	 * situation now (home_situation: own home, else what the latest lost
	 * home left, else the situation at the referral) */
	HomeRow *cur = NULL, *lost = NULL;
	int own = 0;
	for (size_t i = 0; i < homes; i++) {
		HomeRow *x = &rows[i];
		if (x->lost_null) {
			if (!cur || x->h.id > cur->h.id)
				cur = x;
			if (!x->moved_in_null)
				own = 1;
		} else if (!lost || home_lost_cmp(x, lost) < 0) {
			lost = x;
		}
	}
	const char *situation = own ? "own_home"
			       : lost && !lost->housing_after_null ? lost->h.housing_after
			       : course_situation ? course_situation : "";
	snprintf(sit, sizeof sit, "%s", situation);
	hp(r, "<section aria-labelledby=\"h-home\">\n<h2 id=\"h-home\">%h</h2>\n", _("Bolig"));
	hp(r, "<p><strong>%h:</strong> %h</p>\n", _("Boligsituation nu"), _(home_situation_label(sit)));
	if (cur) {
		Home *h = &cur->h;
		/* in catalog order, so that the stored list compares like the form's */
		for (const Choice *c = home_supports; c->key; c++)
			for (size_t i = 0; i < nitems; i++)
				if (items[i].home == h->id && streq(items[i].item, c->key)) {
					size_t used = strlen(h->support);
					snprintf(h->support + used, sizeof h->support - used, "%s%s", used ? "," : "", c->key);
					break;
				}
		hp(r, "<h3>%h</h3>\n", h->moved_in_on[0] ? _("Nuværende bolig") : _("Bolig, den unge skal flytte ind i"));
		home_dl(r, h);
		if (may) {
			hp(r, "<ul class=\"hv-actions\">\n<li><a class=\"button button-secondary\" href=\"/unge/%l/bolig/%l\">%h"
			      "<span class=\"sr-only\"> %h</span></a></li>\n",
			   person, h->id, _("Ret"), _("boligen"));
			if (h->moved_in_on[0])
				hp(r, "<li><a class=\"button button-secondary\" href=\"/unge/%l/bolig/%l/mistet\">%h</a></li>\n",
				   person, h->id, _("Boligen er mistet"));
			hp(r, "</ul>\n");
		}
	} else {
		hp(r, "<p>%h</p>\n", homes ? _("Den unge har ikke en bolig lige nu. Bostøtten fortsætter, og en ny bolig kan registreres, når den er fundet.")
					  : _("Der er ikke registreret en bolig endnu."));
		if (may && cs.homeless)
			hp(r, "<p><a class=\"button button-primary\" href=\"/unge/%l/bolig/ny\">%h</a></p>\n", person,
			   _("Registrér bolig"));
	}
	/* earlier homes as short cards (a table is too wide on a phone) */
	if (homes > 1)
		qsort(rows, homes, sizeof *rows, home_lost_cmp);
	int n = 0;
	for (size_t i = 0; i < homes; i++) {
		const Home *h = &rows[i].h;
		if (rows[i].lost_null)
			continue;
		if (n++ == 0)
			hp(r, "<h3>%h</h3>\n<ul class=\"nobullet-list\">\n", _("Tidligere boliger"));
		hp(r, "<li><div class=\"hv-card\"><p><strong>%h</strong> (%h)</p>\n<dl class=\"hv-dl\">\n", h->address,
		   _(choice_label(dwelling_kinds, h->kind)));
		dk_date(d, h->moved_in_on);
		hp(r, "<dt>%h</dt><dd>%h</dd>\n", _("Flyttet ind"), d);
		dk_date(d, h->lost_on);
		hp(r, "<dt>%h</dt><dd>%h, %h", _("Mistet"), d, _(choice_label(home_lost_reasons, h->lost_reason)));
		if (h->lost_note[0])
			hp(r, "<br><span class=\"hv-pre\">%h</span>", h->lost_note);
		hp(r, "</dd>\n<dt>%h</dt><dd>%h</dd>\n</dl></div></li>\n", _("Boligsituation bagefter"),
		   _(home_situation_label(h->housing_after)));
	}
	if (n)
		hp(r, "</ul>\n");
	hp(r, "</section>\n");
done:
	for (size_t i = 0; i < homes; i++)
		home_free(&rows[i].h);
	for (size_t i = 0; i < nitems; i++)
		free(items[i].item);
	free(rows);
	free(items);
	free(course_situation);
}

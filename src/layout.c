/* layout.c: the page shell (DKFDS markup), error pages and form fields.
 * Every field shows its label, hint and error message, tied together with
 * aria-describedby, and keeps what the user typed when the form is shown
 * again. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

int demo_mode;

static void summary_fill(Req *r);

static const char *status_title(int status)
{
	switch (status) {
	case 400: return N_("Ugyldig forespørgsel");
	case 401: return N_("Log ind igen");
	case 403: return N_("Ingen adgang");
	case 404: return N_("Siden findes ikke");
	case 405: return N_("Metoden er ikke tilladt");
	case 413: return N_("For stor forespørgsel");
	case 415: return N_("Ukendt format");
	case 422: return N_("Ret fejlene i formularen");
	case 429: return N_("For mange forsøg");
	default: return N_("Der opstod en fejl");
	}
}

void hp(Req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bvprintf(&r->out, fmt, ap);
	va_end(ap);
}

typedef struct NavItem {
	const char *href;
	const char *label;
	int roles;
} NavItem;

static const NavItem nav[] = {
	{"/mine-unge", N_("Mine unge"), ROLE_COORDINATOR | ROLE_PROJECT_LEADER | ROLE_SUPPORT | ROLE_TEAM},
	{"/mine-aftaler", N_("Mine aftaler og møder"), ROLE_COORDINATOR | ROLE_SUPPORT | ROLE_TEAM},
	{"/dokumentation", N_("Dokumentation"), ROLE_COORDINATOR | ROLE_PROJECT_LEADER | ROLE_SUPPORT},
	{"/henvisning/ny", N_("Ny henvisning"), ROLE_COORDINATOR | ROLE_PROJECT_LEADER},
	{"/overblik", N_("Overblik"), ROLE_LEADER | ROLE_PROJECT_LEADER},
	{"/resultater", N_("Resultater"), ROLE_LEADER | ROLE_PROJECT_LEADER},
	{"/omkostninger", N_("Omkostninger"), ROLE_LEADER | ROLE_PROJECT_LEADER},
	{"/bostoette", N_("Bostøtte"), ROLE_PROJECT_LEADER},
	{"/kommune/koordinatorer", N_("Koordinatorer"), ROLE_ADMIN | ROLE_PROJECT_LEADER},
	{"/admin/brugere", N_("Brugere"), ROLE_ADMIN},
	{"/aktoerer", N_("Aktører"), ROLE_ADMIN | ROLE_PROJECT_LEADER},
	{"/indstillinger", N_("Indstillinger"), ROLE_ANY},
	{0, 0, 0},
};

void page_begin(Req *r, const char *title)
{
	buf_reset(&r->out);
	buf_grow(&r->out, 16384); /* a page is 8-30 kB: room once, not six doublings */
	r->summary_pending = 0;
	hp(r, "<!DOCTYPE html>\n<html lang=\"%a\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>%h · hjemvej</title>\n"
	      "<link rel=\"stylesheet\" href=\"%a\">\n<link rel=\"stylesheet\" href=\"%a\">\n"
	      "</head>\n<body>\n",
	   r->lang, title, asset_url("/assets/css/dkfds.min.css"), asset_url("/assets/app.css"));
	hp(r, "<a class=\"skipnav\" href=\"#main-content\">%h</a>\n", _("Gå til sideindhold"));
	hp(r, "<header class=\"header\">\n<div class=\"portal-header\">\n"
	      "<div class=\"container portal-header-inner\">\n"
	      "<a href=\"/\" class=\"hv-logo\">hjemvej</a>\n");
	if (r->logged_in) {
		hp(r, "<div class=\"portal-info\">\n<p class=\"user\">%h<br><span class=\"weight-normal\">%h</span></p>\n",
		   r->user.name, _(role_label(r->user.role)));
		hp(r, "<form method=\"post\" action=\"/logout\">"
		      "<input type=\"hidden\" name=\"csrf\" value=\"%a\">"
		      "<button type=\"submit\" class=\"button button-secondary\">%h</button></form>\n</div>\n",
		   r->csrf, _("Log af"));
	}
	hp(r, "</div>\n</div>\n");
	if (r->logged_in) {
		hp(r, "<nav class=\"hv-nav\" aria-label=\"%a\">\n<div class=\"container\">\n<ul>\n",
		   _("Hovedmenu"));
		for (const NavItem *n = nav; n->href; n++) {
			if (!(n->roles & r->user.role))
				continue;
			int here = strncmp(r->path, n->href, strlen(n->href)) == 0;
			hp(r, "<li><a href=\"%a\"%s>%h</a></li>\n", n->href,
			   here ? " aria-current=\"page\"" : "", _(n->label));
		}
		hp(r, "</ul>\n</div>\n</nav>\n");
	}
	hp(r, "</header>\n");
	if (demo_mode)
		hp(r, "<div class=\"hv-demo\" role=\"note\"><div class=\"container\"><strong>%h</strong> %h</div></div>\n",
		   _("Demodata."), _("Alle personer og oplysninger her er opdigtede. Indtast aldrig rigtige oplysninger."));
	hp(r, "<main id=\"main-content\" class=\"container hv-main\">\n");
	if (r->flash)
		hp(r, "<div class=\"alert alert-success\" role=\"status\"><div class=\"alert-body\">"
		      "<p class=\"alert-text\">%h</p></div></div>\n",
		   r->flash);
}

void page_end(Req *r)
{
	if (r->summary_pending && r->summary_at <= r->out.n)
		summary_fill(r);
	hp(r, "</main>\n<footer class=\"hv-footer\"><div class=\"container\"><p>hjemvej %h · %h</p></div></footer>\n"
	      "<script src=\"%a\" nonce=\"%a\"></script>\n</body>\n</html>\n",
	   HJEMVEJ_VERSION, _("Housing First for unge"), asset_url("/assets/app.js"), r->nonce);
}

void page_fail(Req *r, int status, const char *fmt, ...)
{
	Buf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	bvprintf(&msg, fmt, ap);
	va_end(ap);
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
	r->asset = NULL;
	page_begin(r, _(status_title(status)));
	hp(r, "<h1>%h</h1>\n<p>%h</p>\n", _(status_title(status)), _(buf_str(&msg)));
	if (status == 401)
		hp(r, "<p><a href=\"/login\">%h</a></p>\n", _("Log ind"));
	else if (status != 404 || r->logged_in)
		hp(r, "<p><a href=\"/\">%h</a></p>\n", _("Til forsiden"));
	page_end(r);
	buf_free(&msg);
}

/* ---- forms ------------------------------------------------------------------- */

void form_begin(Req *r, const char *action)
{
	unsigned char b[32];
	char once[65];
	random_bytes(b, sizeof b);
	hex_encode(once, b, sizeof b);
	hp(r, "<form method=\"post\" action=\"%a\" novalidate>\n"
	      "<input type=\"hidden\" name=\"csrf\" value=\"%a\">\n"
	      "<input type=\"hidden\" name=\"once\" value=\"%a\">\n",
	   action, r->csrf, once);
}

void form_end(Req *r)
{
	hp(r, "</form>\n");
}

const char *field_value(Req *r, const char *name)
{
	const char *v = P_raw(r, name);
	return v ? v : "";
}

/* aria-describedby (the hint, the error) and aria-invalid of a field. */
void field_describedby(Req *r, const char *name, int has_hint)
{
	const char *err = P_err(r, name);
	if (has_hint || err) {
		hp(r, " aria-describedby=\"");
		if (has_hint)
			hp(r, "%a-hint%s", name, err ? " " : "");
		if (err)
			hp(r, "%a-error", name);
		hp(r, "\"");
	}
	if (err)
		hp(r, " aria-invalid=\"true\"");
}

/* The label the error summary links with the field's message. */
void field_set_label(Req *r, const char *name, const char *label)
{
	for (int i = 0; i < r->nparams; i++)
		if (streq(r->params[i].def->name, name)) {
			free(r->params[i].label);
			r->params[i].label = xstrdup(label);
		}
}

/* The start of a field: the form group, its label (a group, radios or
 * checkboxes, is a fieldset with id=name and a legend, so the error
 * summary can link to it like to any other field), the hint and the
 * error.  The label is kept for the error summary. */
void field_open_opts(Req *r, const FieldOpts *o)
{
	const char *err = P_err(r, o->name);
	field_set_label(r, o->name, o->summary_label ? o->summary_label : o->label);
	hp(r, "<div class=\"form-group%s%s%a\">\n", err ? " form-error" : "", o->group_class ? " " : "",
	   o->group_class ? o->group_class : "");
	if (o->group) {
		hp(r, "<fieldset id=\"%a\"", o->name);
		field_describedby(r, o->name, o->hint != NULL);
		hp(r, ">\n<legend class=\"form-label%s%a\">%h</legend>\n", o->legend_class ? " " : "",
		   o->legend_class ? o->legend_class : "", o->label);
	} else {
		hp(r, "<label class=\"form-label\" for=\"%a\">%h", o->name, o->label);
		if (o->label_sr)
			hp(r, "<span class=\"sr-only\">%h</span>", o->label_sr);
		hp(r, "</label>\n");
	}
	if (o->hint)
		hp(r, "<span class=\"form-hint%s%a\" id=\"%a-hint\">%h</span>\n", o->hint_class ? " " : "",
		   o->hint_class ? o->hint_class : "", o->name, o->hint);
	if (err)
		hp(r, "<span class=\"form-error-message\" id=\"%a-error\"><span class=\"sr-only\">%h </span>%h</span>\n",
		   o->name, _("Fejl:"), _(err));
}

static void field_open(Req *r, const char *name, const char *label, const char *hint, int group)
{
	field_open_opts(r, &(FieldOpts){.name = name, .label = label, .hint = hint, .group = group});
}

static void input_attrs(Req *r, const char *name, const char *hint)
{
	field_describedby(r, name, hint != NULL);
}

/* A number typed as text (a decimal comma is Danish) with the phone's
 * number keyboard: inputmode "numeric" or "decimal". */
void field_number_input(Req *r, const char *name, int has_hint, const char *inputmode, const char *extra_class)
{
	hp(r, "<input class=\"form-input input-width-xs%s%a\" id=\"%a\" name=\"%a\" type=\"text\" inputmode=\"%a\""
	      " autocomplete=\"off\" value=\"%a\"",
	   extra_class ? " " : "", extra_class ? extra_class : "", name, name, inputmode, field_value(r, name));
	field_describedby(r, name, has_hint);
	hp(r, ">\n");
}

void field_number(Req *r, const FieldOpts *o, const char *inputmode, const char *extra_class)
{
	field_open_opts(r, o);
	field_number_input(r, o->name, o->hint != NULL, inputmode, extra_class);
	hp(r, "</div>\n");
}

void field_text(Req *r, const char *name, const char *label, const char *hint, const char *type,
		const char *autocomplete)
{
	field_open(r, name, label, hint, 0);
	hp(r, "<input class=\"form-input\" id=\"%a\" name=\"%a\" type=\"%a\"", name, name, type);
	if (autocomplete)
		hp(r, " autocomplete=\"%a\"", autocomplete);
	if (strcmp(type, "password") != 0)
		hp(r, " value=\"%a\"", field_value(r, name));
	input_attrs(r, name, hint);
	hp(r, ">\n</div>\n");
}

void field_textarea(Req *r, const char *name, const char *label, const char *hint)
{
	field_open(r, name, label, hint, 0);
	hp(r, "<textarea class=\"form-input\" id=\"%a\" name=\"%a\" rows=\"4\"", name, name);
	input_attrs(r, name, hint);
	hp(r, ">%h</textarea>\n</div>\n", field_value(r, name));
}

void field_select(Req *r, const char *name, const char *label, const char *hint,
		  const Choice *choices)
{
	field_open(r, name, label, hint, 0);
	hp(r, "<select class=\"form-select\" id=\"%a\" name=\"%a\"", name, name);
	input_attrs(r, name, hint);
	hp(r, ">\n<option value=\"\">%h</option>\n", _("Vælg"));
	for (const Choice *c = choices; c->key; c++)
		hp(r, "<option value=\"%a\"%s>%h</option>\n", c->key,
		   streq(P_raw(r, name), c->key) ? " selected" : "", _(c->label));
	hp(r, "</select>\n</div>\n");
}

static void choice_list(Req *r, const char *name, const char *label, const char *hint,
			const Choice *choices, int multi)
{
	field_open(r, name, label, hint, 1);
	hp(r, "<ul class=\"nobullet-list\">\n");
	for (const Choice *c = choices; c->key; c++) {
		int on = multi ? P_has(r, name, c->key) : streq(P_raw(r, name), c->key);
		hp(r, "<li><input id=\"%a-%a\" type=\"%s\" name=\"%a\" value=\"%a\" class=\"%s\"%s>"
		      "<label for=\"%a-%a\">%h</label></li>\n",
		   name, c->key, multi ? "checkbox" : "radio", name, c->key,
		   multi ? "form-checkbox" : "form-radio", on ? " checked" : "", name, c->key,
		   _(c->label));
	}
	hp(r, "</ul>\n</fieldset>\n</div>\n");
}

void field_checkboxes(Req *r, const char *name, const char *label, const char *hint,
		      const Choice *choices)
{
	choice_list(r, name, label, hint, choices, 1);
}

void field_radios(Req *r, const char *name, const char *label, const char *hint,
		  const Choice *choices)
{
	choice_list(r, name, label, hint, choices, 0);
}

/* The list of errors at the top of a form, each a link to its field. */
/* The list of errors at the top of a form, each a link to its field and
 * named by the field's label.  The labels are known only once the fields
 * are drawn, so this marks the place and page_end fills it in. */
void error_summary(Req *r)
{
	if (!r->nerrors)
		return;
	r->summary_at = r->out.n;
	r->summary_pending = 1;
}

/* "CPR-nummer (skal udfyldes)" is named "CPR-nummer" in the summary. */
static void label_short(Buf *b, const char *label)
{
	const char *cut = strrchr(label, '(');
	size_t n = strlen(label);
	if (cut && cut > label + 1 && cut[-1] == ' ' && label[n - 1] == ')')
		n = (size_t)(cut - 1 - label);
	buf_append(b, label, n);
}

static void summary_fill(Req *r)
{
	Buf sum = {0}, name = {0};
	bprintf(&sum, "<div class=\"alert alert-error\" role=\"alert\" aria-labelledby=\"error-summary-heading\">\n"
		      "<div class=\"alert-body\">\n<p class=\"alert-heading\" id=\"error-summary-heading\">%h</p>\n"
		      "<ul class=\"alert-text nobullet-list\">\n",
		_("Formularen er ikke gemt. Ret disse fejl:"));
	for (int i = 0; i < r->nparams; i++) {
		const ParamVal *v = &r->params[i];
		if (!v->err)
			continue;
		buf_reset(&name);
		if (v->label)
			label_short(&name, v->label);
		if (name.n)
			bprintf(&sum, "<li><a href=\"#%a\">%h: %h</a></li>\n", v->def->name, name.p, _(v->err));
		else
			bprintf(&sum, "<li><a href=\"#%a\">%h</a></li>\n", v->def->name, _(v->err));
	}
	buf_puts(&sum, "</ul>\n</div>\n</div>\n");
	Buf out = {0};
	buf_append(&out, r->out.p, r->summary_at);
	buf_append(&out, sum.p, sum.n);
	buf_append(&out, r->out.p + r->summary_at, r->out.n - r->summary_at);
	buf_free(&r->out);
	r->out = out;
	buf_free(&sum);
	buf_free(&name);
	r->summary_pending = 0;
}

/* The history of a record from change_log (who, when, which field, before,
 * after), newest first, under the heading "Historik"; nothing when there
 * is none.  label: the field's untranslated name; value: prints a stored
 * value (catalog keys as their labels, dates as dd.mm.åååå). */
void change_history(Req *r, const char *entity, long long id, const char *(*label)(const char *field),
		    void (*value)(Req *r, const char *field, const char *v))
{
	Stmt q;
	int n = 0;
	db_query(r->db, &q,
		 "SELECT h.field, h.old_value, h.new_value, h.changed_at, COALESCE(u.name, '')"
		 " FROM change_log h LEFT JOIN users u ON u.id = h.changed_by"
		 " WHERE h.entity = ? AND h.entity_id = ? ORDER BY h.id DESC",
		 "tI", entity, id);
	while (db_step(&q)) {
		if (n++ == 0)
			hp(r, "<h2>%h</h2>\n<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
			      "<table class=\"table table--compact\">\n<thead><tr><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			      "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			   _("Historik"), _("Historik"), _("Tidspunkt"), _("Hvem"), _("Felt"), _("Før"), _("Efter"));
		char when[17] = "";
		time_t t;
		if (time_parse_iso_utc(db_col_text(&q, 3), &t) == 0)
			time_format_dk(when, t);
		const char *field = db_col_text(&q, 0);
		hp(r, "<tr><td>%h</td><td>%h</td><td>%h</td><td class=\"hv-pre\">", when, db_col_text(&q, 4),
		   _(label(field)));
		value(r, field, db_col_text(&q, 1));
		hp(r, "</td><td class=\"hv-pre\">");
		value(r, field, db_col_text(&q, 2));
		hp(r, "</td></tr>\n");
	}
	db_finalize(&q);
	if (n)
		hp(r, "</tbody>\n</table>\n</div>\n");
}

/* The end of a form: the submit button, "Annullér" back to cancel (a
 * path), and the closing of the form. */
void form_buttons(Req *r, const char *button, const char *cancel)
{
	hp(r, "<div class=\"hv-buttons\"><button type=\"submit\" class=\"button button-primary\">%h</button>\n"
	      "<a class=\"button button-secondary\" href=\"%a\">%h</a></div>\n",
	   button, cancel, _("Annullér"));
	form_end(r);
}

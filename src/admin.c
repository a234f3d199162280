/* admin.c: the administrator's pages: the municipality's users, adding a
 * user (the password is shown once) and disabling one (their sessions end
 * at once).  Administrators manage accounts; they never see a young
 * person's data. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

static void users_page(Req *r, const char *new_user, const char *new_password)
{
	Stmt q;
	page_begin(r, _("Brugere"));
	hp(r, "<h1>%h</h1>\n", _("Brugere"));
	if (new_user)
		hp(r, "<div class=\"alert alert-success\" role=\"status\"><div class=\"alert-body\">"
		      "<p class=\"alert-heading\">%h</p><p class=\"alert-text\">%h <strong>%h</strong>. "
		      "%h <code id=\"new-password\">%h</code></p><p class=\"alert-text\">%h</p></div></div>\n",
		   _("Brugeren er oprettet"), _("Brugernavn:"), new_user, _("Adgangskode:"), new_password,
		   _("Giv adgangskoden til brugeren på en sikker måde. Den vises kun denne ene gang."));
	hp(r, "<table class=\"table table--compact\">\n<caption class=\"sr-only\">%h</caption>\n"
	      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th><th scope=\"col\"><span class=\"sr-only\">%h</span></th></tr></thead>\n<tbody>\n",
	   _("Kommunens brugere"), _("Brugernavn"), _("Navn"), _("Rolle"), _("Status"), _("Handling"));
	db_query(r->db, &q,
		 "SELECT id, username, name, role, active FROM users WHERE municipality_id = ? ORDER BY username",
		 "I", r->user.municipality_id);
	while (db_step(&q)) {
		long long id = db_col_int(&q, 0);
		int active = (int)db_col_int(&q, 4);
		hp(r, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>", db_col_text(&q, 1),
		   db_col_text(&q, 2), _(role_label(role_from_key(db_col_text(&q, 3)))),
		   active ? _("Aktiv") : _("Deaktiveret"));
		if (active && id != r->user.id) {
			Buf action = {0};
			bprintf(&action, "/admin/brugere/%l/deaktiver", id);
			hp(r, "<form method=\"post\" action=\"%a\"><input type=\"hidden\" name=\"csrf\" value=\"%a\">"
			      "<button type=\"submit\" class=\"button button-secondary hv-small\">%h <span class=\"sr-only\">%h</span></button></form>",
			   action.p, r->csrf, _("Deaktivér"), db_col_text(&q, 1));
			buf_free(&action);
		}
		hp(r, "</td></tr>\n");
	}
	db_finalize(&q);
	hp(r, "</tbody>\n</table>\n");
	hp(r, "<h2>%h</h2>\n", _("Opret bruger"));
	error_summary(r);
	form_begin(r, "/admin/brugere");
	field_text(r, "username", _("Brugernavn (skal udfyldes)"),
		   _("Små bogstaver, tal, punktum, bindestreg og understreg"), "text", "off");
	field_text(r, "name", _("Fulde navn (skal udfyldes)"), NULL, "text", "off");
	field_select(r, "role", _("Rolle (skal udfyldes)"), NULL, role_choices);
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Opret bruger"));
	form_end(r);
	page_end(r);
}

void page_users(Req *r)
{
	users_page(r, NULL, NULL);
}

static int username_ok(const char *u)
{
	if (!u || !*u || strlen(u) > 64)
		return 0;
	for (; *u; u++)
		if (!((*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') || *u == '.' || *u == '-' ||
		      *u == '_'))
			return 0;
	return 1;
}

void page_user_add(Req *r)
{
	const char *u = P(r, "username");
	if (u && !username_ok(u))
		P_set_err(r, "username", N_("Brug kun små bogstaver, tal, punktum, bindestreg og understreg."));
	else if (u && db_int(r->db, 0, "SELECT 1 FROM users WHERE username = ?", "t", u))
		P_set_err(r, "username", N_("Brugernavnet er optaget."));
	if (r->nerrors) {
		r->status = 422;
		users_page(r, NULL, NULL);
		return;
	}
	char pw[21];
	password_generate(pw);
	db_begin(r->db);
	user_create(r->db, u, P(r, "name"), role_from_key(P(r, "role")), r->user.municipality_id, pw);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "user_add", 0,
		  r->route->purpose, u);
	if (!db_commit(r->db))
		return;
	users_page(r, u, pw);
}

void page_user_disable(Req *r)
{
	long long id = PI(r, "id");
	if (!db_int(r->db, 0, "SELECT 1 FROM users WHERE id = ? AND municipality_id = ?", "II", id,
		    r->user.municipality_id)) {
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return;
	}
	if (id == r->user.id) {
		page_fail(r, 400, "%s", N_("Du kan ikke deaktivere dig selv."));
		return;
	}
	db_begin(r->db);
	db_exec(r->db, "UPDATE users SET active = 0 WHERE id = ?", "I", id);
	db_exec(r->db, "DELETE FROM sessions WHERE user_id = ?", "I", id);
	char *name = db_text(r->db, "SELECT username FROM users WHERE id = ?", "I", id);
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "user_disable", 0,
		  r->route->purpose, name ? name : "");
	free(name);
	if (!db_commit(r->db))
		return;
	flash_set(r, _("Brugeren er deaktiveret, og brugerens sessioner er afsluttet."));
	redirect(r, "/admin/brugere");
}

void page_settings(Req *r)
{
	page_begin(r, _("Indstillinger"));
	hp(r, "<h1>%h</h1>\n", _("Indstillinger"));
	form_begin(r, "/indstillinger");
	hp(r, "<div class=\"form-group\">\n<label class=\"form-label\" for=\"lang\">%h</label>\n"
	      "<select class=\"form-select\" id=\"lang\" name=\"lang\">\n",
	   _("Sprog"));
	for (const Choice *c = languages; c->key; c++)
		hp(r, "<option value=\"%a\"%s>%h</option>\n", c->key,
		   streq(r->user.lang, c->key) ? " selected" : "", _(c->label));
	hp(r, "</select>\n</div>\n<button type=\"submit\" class=\"button button-primary\">%h</button>\n",
	   _("Gem"));
	form_end(r);
	page_end(r);
}

void page_settings_post(Req *r)
{
	if (!P(r, "lang")) {
		page_fail(r, 400, "%s", N_("Vælg en af mulighederne."));
		return;
	}
	db_exec(r->db, "UPDATE users SET lang = ? WHERE id = ?", "tI", P(r, "lang"), r->user.id);
	r->lang = streq(P(r, "lang"), "en") ? "en" : "da";
	flash_set(r, _("Indstillingerne er gemt."));
	redirect(r, "/indstillinger");
}

/* contact.c: the support worker's contacts with the young person
 * (kontakter, DOMAIN.md §4): a short form fast to fill in on a phone, the
 * list, and the contact intensity per week as a server-drawn SVG chart,
 * for CTI against the guide of the phase.
 *
 * The weekly bucketing and the flagging are one pure function,
 * contact_intensity (unit-tested).  Access: views with person_access,
 * changes with support_may_change and, for anyone but the case owner, a
 * current worker of this support course; anyone else gets 404, logged. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

const Choice contact_kinds[] = {
	{"face", N_("Personligt møde")},
	{"phone", N_("Telefon")},
	{"sms", N_("SMS")},
	{"video", N_("Video")},
	{"attempt", N_("Forsøgt, men ikke fået fat i den unge")},
	{0, 0},
};

const Choice contact_places[] = {
	{"home", N_("I den unges hjem")},
	{"street", N_("På gaden")},
	{"office", N_("På kontoret")},
	{"other", N_("Et andet sted")},
	{0, 0},
};

#define MAX_MINUTES 1440 /* a contact (or its travel) of more than 24 hours is a typing error */
#define LATEST 5         /* contacts shown on the support course's page */

/* ---- the rules (pure) ------------------------------------------------------ */

/* 0 Monday .. 6 Sunday (1 January 2024 was a Monday). */
int weekday_of(const char *iso)
{
	long d = days_between("2024-01-01", iso);
	return (int)(((d % 7) + 7) % 7);
}

/* The weekday of 1 January (0 Sunday .. 6 Saturday) shifted as the ISO
 * rules need: a year has 53 weeks when it begins on a Thursday, or on a
 * Wednesday in a leap year. */
static int iso_weeks_in(int y)
{
	int p = (y + y / 4 - y / 100 + y / 400) % 7, q = (y - 1 + (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400) % 7;
	return p == 4 || q == 3 ? 53 : 52;
}

/* The ISO 8601 week number: the week of its Thursday.  From the day of
 * the year and the weekday (the chart asks for every week twice; the
 * date arithmetic through the Thursday was 13 % of the support course's
 * page), the same weeks as that arithmetic, which remains for dates out
 * of the usual range or not valid. */
int iso_week(const char *iso, int *year)
{
	static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	int y, m, d;
	if (!ymd_read(iso, &y, &m, &d) && date_valid(y, m, d) && y >= 1000 && y <= 9998) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		int yday = before[m - 1] + d + (leap && m > 2);
		int yy = y - (m < 3);
		int wd = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7; /* 0 Sunday */
		int wk = (yday - (wd ? wd : 7) + 10) / 7;
		if (wk < 1)
			wk = iso_weeks_in(--y);
		else if (wk > iso_weeks_in(y)) {
			wk = 1;
			y++;
		}
		if (year)
			*year = y;
		return wk;
	}
	char thu[11], jan1[11];
	date_add_days(thu, iso, 3 - weekday_of(iso));
	snprintf(jan1, sizeof jan1, "%.4s-01-01", thu);
	if (year)
		*year = atoi(thu);
	return (int)(days_between(jan1, thu) / 7) + 1;
}

/* Which guide window of its phase a week belongs to: phase 1 each week,
 * phase 2 two weeks counted from the phase's first week, phase 3 the
 * month (from the phase's start) of the week's Monday. */
static int window_key(const CtiPhases *p, int phase, int week, int first_of_phase, const char *monday)
{
	if (phase == 1)
		return week;
	if (phase == 2)
		return (week - first_of_phase) / 2;
	int m = 0;
	char next[11];
	for (;;) {
		date_add_months(next, p->phase[2], m + 1);
		if (!next[0] || strcmp(monday, next) < 0 || m > 12)
			return m;
		m++;
	}
}

/* Contacts per week (Monday-Sunday) from the week of start to the week of
 * upto; dates outside start..upto are not counted.  For CTI (cti != 0) the
 * weeks are grouped into the guide's windows: the phase of a week is the
 * phase on its first day of support; phase 1 windows are single weeks
 * (a first week the support began after its Monday joins the next),
 * phase 2 windows two weeks (a single week left at the phase's end joins
 * the window before it), phase 3 windows the months of the phase.  The
 * windows are laid out over the whole nine months, so they do not move
 * as time passes.  A window is judged once its last Sunday is not after
 * upto, and flagged when judged without a contact that reached the young
 * person (an attempt does not count).  Free with contact_intensity_free. */
void contact_intensity(const char *start, const char *upto, int cti, const char *const *dates,
		       const int *reached, int n, ContactIntensity *out)
{
	memset(out, 0, sizeof *out);
	if (!start || !upto || strcmp(upto, start) < 0)
		return;
	CtiPhases p;
	char first_monday[11], last_monday[11];
	date_add_days(first_monday, start, -weekday_of(start));
	date_add_days(last_monday, upto, -weekday_of(upto));
	int shown = (int)(days_between(first_monday, last_monday) / 7) + 1;
	int total = shown;
	if (cti) {
		cti_phases(start, &p);
		if (strcmp(p.last_day, upto) > 0) {
			char lm[11];
			date_add_days(lm, p.last_day, -weekday_of(p.last_day));
			total = (int)(days_between(first_monday, lm) / 7) + 1;
		}
	}
	ContactWeek *w = xcalloc((size_t)total, sizeof *w);
	for (int i = 0; i < total; i++) {
		date_add_days(w[i].monday, first_monday, 7L * i);
		w[i].phase = cti ? cti_phase_on(&p, i == 0 ? start : w[i].monday) : 0;
		w[i].window = -1;
	}
	for (int k = 0; k < n; k++) {
		if (!dates[k] || strcmp(dates[k], start) < 0 || strcmp(dates[k], upto) > 0)
			continue;
		long i = days_between(first_monday, dates[k]) / 7;
		if (i < 0 || i >= shown)
			continue;
		w[i].contacts++;
		w[i].reached += reached[k] != 0;
	}
	ContactWindow *win = xcalloc((size_t)total + 1, sizeof *win);
	int nwin = 0;
	if (cti) {
		int key = -1, first_of_phase = 0;
		for (int i = 0; i < total; i++) {
			int ph = w[i].phase;
			if (ph < 1 || ph > 3) {
				key = -1;
				continue;
			}
			if (i == 0 || w[i - 1].phase != ph)
				first_of_phase = i;
			int k = window_key(&p, ph, i, first_of_phase, w[i].monday);
			if (nwin && win[nwin - 1].phase == ph && key == k && win[nwin - 1].last == i - 1) {
				win[nwin - 1].last = i;
				continue;
			}
			win[nwin].first = win[nwin].last = i;
			win[nwin].phase = ph;
			nwin++;
			key = k;
		}
		/* a part week at the start joins the next week of phase 1 */
		if (nwin >= 2 && weekday_of(start) != 0 && win[0].phase == 1 && win[1].phase == 1) {
			win[1].first = win[0].first;
			memmove(win, win + 1, (size_t)(nwin - 1) * sizeof *win);
			nwin--;
		}
		/* a single week at the end of phase 2 joins the window before it */
		for (int k = 1; k < nwin; k++)
			if (win[k].phase == 2 && win[k].first == win[k].last && win[k - 1].phase == 2 &&
			    (k + 1 == nwin || win[k + 1].phase != 2)) {
				win[k - 1].last = win[k].last;
				memmove(win + k, win + k + 1, (size_t)(nwin - k - 1) * sizeof *win);
				nwin--;
				break;
			}
	}
	int keep = 0;
	for (int k = 0; k < nwin; k++) {
		ContactWindow *x = &win[k];
		if (x->first >= shown)
			break;
		char sunday[11];
		date_add_days(sunday, w[x->last].monday, 6);
		x->judged = x->last < shown && strcmp(sunday, upto) <= 0;
		if (x->last >= shown)
			x->last = shown - 1;
		for (int i = x->first; i <= x->last; i++) {
			x->reached += w[i].reached;
			w[i].window = k;
		}
		x->flagged = x->judged && x->reached == 0;
		if (x->flagged) {
			out->gaps[x->phase]++;
			for (int i = x->first; i <= x->last; i++)
				w[i].flagged = 1;
		}
		keep++;
	}
	out->weeks = w;
	out->nweeks = shown;
	out->windows = win;
	out->nwindows = keep;
}

void contact_intensity_free(ContactIntensity *ci)
{
	free(ci->weeks);
	free(ci->windows);
	memset(ci, 0, sizeof *ci);
}

/* ---- loading ------------------------------------------------------------------ */

typedef struct Support {
	long long id, person, course;
	int method;
	char start[11], end[11]; /* end: the end of support, else the course's closing, else "" */
	int open;                /* takes new contacts */
	char *name;              /* the young person */
} Support;

static int support_load(Req *r, long long person, long long sid, Support *s)
{
	Stmt q;
	memset(s, 0, sizeof *s);
	db_query(r->db, &q,
		 "SELECT s.id, s.method, s.start_on, COALESCE(s.end_on, ''), COALESCE(c.closed_on, ''), p.name, c.id"
		 " FROM support_course s JOIN course c ON c.id = s.course_id JOIN person p ON p.id = c.person_id"
		 " WHERE s.id = ? AND p.id = ? AND p.municipality_id = ?",
		 "III", sid, person, r->user.municipality_id);
	if (db_step(&q)) {
		s->id = db_col_int(&q, 0);
		s->person = person;
		s->method = method_from_key(db_col_text(&q, 1));
		snprintf(s->start, sizeof s->start, "%s", db_col_text(&q, 2));
		const char *end = db_col_text(&q, 3), *closed = db_col_text(&q, 4);
		snprintf(s->end, sizeof s->end, "%s", end[0] ? end : closed);
		s->open = !end[0] && !closed[0];
		s->name = xstrdup(db_col_text(&q, 5));
		s->course = db_col_int(&q, 6);
	}
	db_finalize(&q);
	return s->id != 0;
}

static void support_free(Support *s)
{
	free(s->name);
	s->name = NULL;
}

/* The last day the chart shows: the end of support, else today. */
static void support_upto(const Support *s, char out[11])
{
	today_copenhagen(out);
	if (s->end[0] && strcmp(s->end, out) < 0)
		snprintf(out, 11, "%s", s->end);
}

/* May the user record contacts on this support course?  The case owner,
 * or a current worker of this support course.  No output, no log. */
static int may_record(Req *r, const Support *s)
{
	char today[11];
	today_copenhagen(today);
	return person_is_owner(r, s->person) ||
	       db_int(r->db, 0,
		      "SELECT COUNT(*) FROM support_worker WHERE support_id = ? AND user_id = ?"
		      " AND (to_on IS NULL OR to_on >= ?)",
		      "IIt", s->id, r->user.id, today) > 0;
}

static void audit(Req *r, const char *action, long long person, const char *result)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person, r->route->purpose,
		  result);
}

/* The person and the support course of the path; the user may see them
 * (change: may record contacts on them).  Else answered and logged. */
static int contact_context(Req *r, const char *action, int change, Support *s)
{
	long long id = PI(r, "id");
	if (change ? !support_may_change(r, id, action) : !person_access(r, id, action))
		return 0;
	if (!support_load(r, id, PI(r, "sid"), s)) {
		audit(r, action, id, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return 0;
	}
	if (change && !may_record(r, s)) {
		audit(r, action, id, "refused");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		support_free(s);
		return 0;
	}
	return 1;
}

typedef struct Contact {
	long long id, version, minutes, travel;
	char *on_date, *kind, *place, *note, *domains; /* domains: keys in catalog order, comma-separated */
} Contact;

static void contact_free(Contact *c)
{
	free(c->on_date);
	free(c->kind);
	free(c->place);
	free(c->note);
	free(c->domains);
	memset(c, 0, sizeof *c);
}

/* Is key one of the comma-separated keys? */
static int in_keys(const char *keys, const char *key)
{
	size_t len = strlen(key);
	for (const char *s = keys; s && *s;) {
		const char *e = strchr(s, ',');
		size_t sl = e ? (size_t)(e - s) : strlen(s);
		if (sl == len && strncmp(s, key, len) == 0)
			return 1;
		s = e ? e + 1 : NULL;
	}
	return 0;
}

/* The life domains among the comma-separated keys, in the catalog's
 * order (life_domains), comma-separated; unknown keys left out. */
static char *domains_in_order(const char *keys)
{
	Buf b = {0};
	for (const Choice *d = life_domains; d->key; d++)
		if (in_keys(keys, d->key)) {
			if (b.n)
				buf_putc(&b, ',');
			buf_puts(&b, d->key);
		}
	return b.p ? b.p : xstrdup("");
}

/* A contact's life domains (domains_in_order), in one statement. */
static char *domains_of(Db *db, long long contact)
{
	char *keys = db_text(db, "SELECT group_concat(domain) FROM contact_domain WHERE contact_id = ?", "I", contact);
	char *out = domains_in_order(keys ? keys : "");
	free(keys);
	return out;
}

static int contact_load(Req *r, long long sid, long long kid, Contact *c)
{
	Stmt q;
	memset(c, 0, sizeof *c);
	db_query(r->db, &q,
		 "SELECT id, version, on_date, kind, minutes, travel_minutes, place, note FROM contact"
		 " WHERE id = ? AND support_id = ?",
		 "II", kid, sid);
	if (db_step(&q)) {
		c->id = db_col_int(&q, 0);
		c->version = db_col_int(&q, 1);
		c->on_date = xstrdup(db_col_text(&q, 2));
		c->kind = xstrdup(db_col_text(&q, 3));
		c->minutes = db_col_int(&q, 4);
		c->travel = db_col_int(&q, 5);
		c->place = xstrdup(db_col_text(&q, 6));
		c->note = xstrdup(db_col_text(&q, 7));
	}
	db_finalize(&q);
	if (c->id)
		c->domains = domains_of(r->db, c->id);
	return c->id != 0;
}

/* ---- showing ------------------------------------------------------------------ */

static void show_duration(Req *r, long long minutes)
{
	if (minutes >= 60 && minutes % 60 == 0)
		hp(r, "%l %h", minutes / 60, _("t"));
	else if (minutes >= 60)
		hp(r, "%l %h %l %h", minutes / 60, _("t"), minutes % 60, _("min"));
	else
		hp(r, "%l %h", minutes, _("min"));
}

static void show_domains(Req *r, const char *keys)
{
	int n = 0;
	for (const Choice *d = life_domains; d->key; d++)
		if (in_keys(keys, d->key))
			hp(r, "%s%h", n++ ? ", " : "", _(d->label));
}

static void breadcrumbs(Req *r, const Support *s, const char *here, int link_list)
{
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l/bostoette/%l\" class=\"breadcrumbs__link\">%h</a></li>",
	   _("Brødkrumme"), _("Mine unge"), s->person, s->name, s->person, s->id, _("Bostøtte"));
	if (link_list)
		hp(r, "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l/bostoette/%l/kontakter\" "
		      "class=\"breadcrumbs__link\">%h</a></li>",
		   s->person, s->id, _("Kontakter"));
	hp(r, "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n", here);
}

/* The contacts of a support course as a list, newest first; limit 0: all. */
static int contacts_list(Req *r, const Support *s, int limit, int links)
{
	Stmt q;
	int n = 0;
	db_query(r->db, &q,
		 "SELECT id, on_date, kind, minutes, travel_minutes, place, note,"
		 " (SELECT group_concat(d.domain) FROM contact_domain d WHERE d.contact_id = contact.id)"
		 " FROM contact WHERE support_id = ? ORDER BY on_date DESC, id DESC",
		 "I", s->id);
	while (db_step(&q)) {
		if (limit && n >= limit)
			break;
		if (n++ == 0)
			hp(r, "<ul class=\"hv-contacts\">\n");
		char d[11];
		long long kid = db_col_int(&q, 0);
		date_format_dk(d, db_col_text(&q, 1));
		const char *kind = db_col_text(&q, 2);
		hp(r, "<li class=\"hv-contact%s\"><strong>%h · %h</strong><br>", streq(kind, "attempt") ? " hv-contact-attempt" : "",
		   d, _(choice_label(contact_kinds, kind)));
		show_duration(r, db_col_int(&q, 3));
		if (db_col_int(&q, 4)) {
			hp(r, " · %h ", _("transport"));
			show_duration(r, db_col_int(&q, 4));
		}
		hp(r, " · %h", _(choice_label(contact_places, db_col_text(&q, 5))));
		char *dom = domains_in_order(db_col_text(&q, 7)); /* as domains_of */
		if (dom[0]) {
			hp(r, "<br>%h: ", _("Livsområder"));
			show_domains(r, dom);
		}
		free(dom);
		if (db_col_text(&q, 6)[0])
			hp(r, "<br><span class=\"hv-pre\">%h</span>", db_col_text(&q, 6));
		if (links)
			hp(r, "<br><a href=\"/unge/%l/bostoette/%l/kontakter/%l\">%h<span class=\"sr-only\"> %h</span></a>",
			   s->person, s->id, kid, _("Ret kontakten"), d);
		hp(r, "</li>\n");
	}
	db_finalize(&q);
	if (n)
		hp(r, "</ul>\n");
	else
		hp(r, "<p>%h</p>\n", _("Der er ikke registreret nogen kontakter endnu."));
	return n;
}

/* Every contact of a support course, oldest first: what the totals and
 * the chart count, read in one statement for both. */
typedef struct Contacts {
	size_t n;
	char **dates;
	int *reached; /* not only an attempt */
	long long *minutes, *travel;
} Contacts;

static void contacts_read(Req *r, const Support *s, Contacts *c)
{
	size_t cap = 16;
	Stmt q;
	c->n = 0;
	c->dates = xcalloc(cap, sizeof *c->dates);
	c->reached = xcalloc(cap, sizeof *c->reached);
	c->minutes = xcalloc(cap, sizeof *c->minutes);
	c->travel = xcalloc(cap, sizeof *c->travel);
	db_query(r->db, &q, "SELECT on_date, kind, minutes, travel_minutes FROM contact WHERE support_id = ? ORDER BY on_date",
		 "I", s->id);
	while (db_step(&q)) {
		if (c->n == cap) {
			cap *= 2;
			c->dates = xrealloc(c->dates, cap * sizeof *c->dates);
			c->reached = xrealloc(c->reached, cap * sizeof *c->reached);
			c->minutes = xrealloc(c->minutes, cap * sizeof *c->minutes);
			c->travel = xrealloc(c->travel, cap * sizeof *c->travel);
		}
		c->dates[c->n] = xstrdup(db_col_text(&q, 0));
		c->reached[c->n] = !streq(db_col_text(&q, 1), "attempt");
		c->minutes[c->n] = db_col_int(&q, 2);
		c->travel[c->n] = db_col_int(&q, 3);
		c->n++;
	}
	db_finalize(&q);
}

static void contacts_free(Contacts *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->dates[i]);
	free(c->dates);
	free(c->reached);
	free(c->minutes);
	free(c->travel);
	memset(c, 0, sizeof *c);
}

/* The contacts, attempts, time and travel of the last 30 days and of the
 * whole course. */
static void totals(Req *r, const Contacts *c)
{
	char today[11], from[11];
	today_copenhagen(today);
	date_add_days(from, today, -29);
	long long v[2][4] = {{0}};
	for (size_t i = 0; i < c->n; i++)
		for (int k = 0; k < 2; k++) {
			if (!k && strcmp(c->dates[i], from) < 0)
				continue;
			v[k][0]++;
			v[k][1] += c->minutes[i];
			v[k][2] += c->travel[i];
			v[k][3] += !c->reached[i];
		}
	hp(r, "<table class=\"table table--compact hv-contact-totals\">\n<caption>%h</caption>\n"
	      "<thead><tr><td></td><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
	   _("Kontakter i alt"), _("Seneste 30 dage"), _("Hele forløbet"));
	hp(r, "<tr><th scope=\"row\">%h</th><td>%l</td><td>%l</td></tr>\n", _("Kontakter"), v[0][0], v[1][0]);
	hp(r, "<tr><th scope=\"row\">%h</th><td>%l</td><td>%l</td></tr>\n", _("Heraf forsøg"), v[0][3], v[1][3]);
	hp(r, "<tr><th scope=\"row\">%h</th><td>", _("Tid med den unge"));
	show_duration(r, v[0][1]);
	hp(r, "</td><td>");
	show_duration(r, v[1][1]);
	hp(r, "</td></tr>\n<tr><th scope=\"row\">%h</th><td>", _("Transporttid"));
	show_duration(r, v[0][2]);
	hp(r, "</td><td>");
	show_duration(r, v[1][2]);
	hp(r, "</td></tr>\n</tbody>\n</table>\n");
}

/* ---- the chart ------------------------------------------------------------------ */

#define CH_L 34    /* left margin: the scale */
#define CH_T 28    /* top margin: the phases */
#define CH_H 110   /* the bars' height */
#define CH_B 34    /* bottom margin: the gap marks and week numbers */
#define CH_STEP 18 /* one week */
#define CH_BAR 12

static void load_intensity(const Support *s, const Contacts *c, ContactIntensity *ci)
{
	char upto[11];
	support_upto(s, upto);
	contact_intensity(s->start, upto, s->method == METHOD_CTI, (const char *const *)c->dates, c->reached,
			  (int)c->n, ci);
}

static const char *const phase_names[] = {"", N_("Fase 1 Overgang til egen bolig"), N_("Fase 2 Afprøvning"),
					  N_("Fase 3 Overdragelse"), N_("Efter de ni måneder")};

/* The flagged windows in words: "3 uger uden kontakt i fase 1". */
static void gaps_in_words(Req *r, const ContactIntensity *ci)
{
	static const char *const one[] = {"", N_("uge uden kontakt i fase 1"),
					  N_("periode på to uger uden kontakt i fase 2"),
					  N_("måned uden kontakt i fase 3")};
	static const char *const many[] = {"", N_("uger uden kontakt i fase 1"),
					   N_("perioder på to uger uden kontakt i fase 2"),
					   N_("måneder uden kontakt i fase 3")};
	int any = 0;
	for (int ph = 1; ph <= 3; ph++)
		any += ci->gaps[ph];
	if (!any) {
		hp(r, "<p class=\"hv-contact-guide-ok\">%h</p>\n",
		   _("Kontakten følger guiden: der har været kontakt med den unge i alle afsluttede perioder."));
		return;
	}
	hp(r, "<div class=\"hv-contact-gaps\"><p><strong>%h</strong></p>\n<ul>\n", _("Perioder uden kontakt efter guiden:"));
	for (int ph = 1; ph <= 3; ph++)
		if (ci->gaps[ph])
			hp(r, "<li>%d %h</li>\n", ci->gaps[ph], _(ci->gaps[ph] == 1 ? one[ph] : many[ph]));
	hp(r, "</ul>\n<p>%h</p>\n<ul>\n", _("Perioderne:"));
	for (int k = 0; k < ci->nwindows; k++) {
		const ContactWindow *x = &ci->windows[k];
		if (!x->flagged)
			continue;
		char a[11], b[11], sun[11];
		date_format_dk(a, ci->weeks[x->first].monday);
		date_add_days(sun, ci->weeks[x->last].monday, 6);
		date_format_dk(b, sun);
		hp(r, "<li>%h–%h (%h)</li>\n", a, b, _(phase_names[x->phase]));
	}
	hp(r, "</ul>\n</div>\n");
}

static void gap_mark(Req *r, int cx, int y)
{
	hp(r, "<polygon points=\"%d,%d %d,%d %d,%d\" fill=\"#b0001e\"/>", cx, y, cx - 5, y + 9, cx + 5, y + 9);
}

static void draw_chart(Req *r, const Support *s, const ContactIntensity *ci)
{
	int cti = s->method == METHOD_CTI;
	int max = 2, total = 0, reached = 0;
	for (int i = 0; i < ci->nweeks; i++) {
		if (ci->weeks[i].contacts > max)
			max = ci->weeks[i].contacts;
		total += ci->weeks[i].contacts;
		reached += ci->weeks[i].reached;
	}
	int width = CH_L + ci->nweeks * CH_STEP + 8, height = CH_T + CH_H + CH_B;
	char a[11], b[11], sun[11];
	date_format_dk(a, s->start);
	date_add_days(sun, ci->weeks[ci->nweeks - 1].monday, 6);
	date_format_dk(b, sun);
	hp(r, "<div class=\"hv-scroll hv-contact-chart\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n",
	   _("Kontakter pr. uge"));
	hp(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
	      " aria-labelledby=\"cc-title-%l cc-desc-%l\">\n",
	   width, height, width, height, s->id, s->id);
	hp(r, "<title id=\"cc-title-%l\">%h %h–%h</title>\n", s->id, _("Kontakter pr. uge"), a, b);
	hp(r, "<desc id=\"cc-desc-%l\">%d %h %d %h %d %h", s->id, total, _("kontakter på"), ci->nweeks,
	   _("uger, heraf"), reached, _("hvor den unge blev nået."));
	if (cti) {
		int gaps = ci->gaps[1] + ci->gaps[2] + ci->gaps[3];
		hp(r, " %h %d.", _("Perioder uden kontakt efter CTI-guiden:"), gaps);
	}
	hp(r, " %h</desc>\n", _("Tallene for hver uge står i tabellen under grafen."));
	hp(r, "<defs><pattern id=\"cc-gap-%l\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
	      " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fbe9ec\"/>"
	      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b0001e\" stroke-width=\"2\"/></pattern></defs>\n",
	   s->id);
	/* the scale */
	int tick = max <= 6 ? 1 : (max + 5) / 6;
	for (int v = 0; v <= max; v += tick) {
		int y = CH_T + CH_H - v * CH_H / max;
		hp(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
		      "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" fill=\"#3d3d3d\">%d</text>\n",
		   CH_L, y, width - 4, y, v ? "#dcdcdc" : "#707070", CH_L - 6, y + 4, v);
	}
	/* the weeks */
	int every = ci->nweeks > 26 ? 4 : ci->nweeks > 12 ? 2 : 1;
	for (int i = 0; i < ci->nweeks; i++) {
		const ContactWeek *w = &ci->weeks[i];
		int x = CH_L + i * CH_STEP, cx = x + CH_STEP / 2;
		int year, wk = iso_week(w->monday, &year);
		hp(r, "<g><title>%h %d: %d %h, %d %h%h</title>", _("Uge"), wk, w->contacts, _("kontakter"), w->reached,
		   _("hvor den unge blev nået"), w->flagged ? _(". Ingen kontakt i perioden efter guiden") : "");
		if (w->flagged) {
			hp(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"url(#cc-gap-%l)\"/>", x, CH_T, CH_STEP,
			   CH_H, s->id);
			gap_mark(r, cx, CH_T + CH_H + 3);
		}
		int hr = w->reached * CH_H / max, ha = (w->contacts - w->reached) * CH_H / max;
		int bx = x + (CH_STEP - CH_BAR) / 2;
		if (hr)
			hp(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#004993\"/>", bx, CH_T + CH_H - hr,
			   CH_BAR, hr);
		if (ha)
			hp(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\" stroke=\"#004993\""
			      " stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>",
			   bx + 1, CH_T + CH_H - hr - ha + 1, CH_BAR - 2, ha - 1 > 0 ? ha - 1 : 1);
		if (i % every == 0)
			hp(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\" fill=\"#3d3d3d\">%d</text></g>\n",
			   cx, CH_T + CH_H + 28, wk);
		else
			hp(r, "</g>\n");
		/* the phases */
		if (cti && (i == 0 || w->phase != ci->weeks[i - 1].phase) && w->phase >= 1) {
			hp(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\" stroke-dasharray=\"4 3\"/>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-weight=\"bold\" fill=\"#1a1a1a\">",
			   x, CH_T - 16, x, CH_T + CH_H, x + 3, CH_T - 6);
			if (w->phase <= 3)
				hp(r, "%h %d", _("Fase"), w->phase);
			else
				hp(r, "%h", _("Slut"));
			hp(r, "</text>\n");
		}
	}
	hp(r, "<text x=\"2\" y=\"%d\" font-size=\"10\" fill=\"#3d3d3d\">%h</text>\n", CH_T + CH_H + 28, _("Uge"));
	hp(r, "</svg>\n</div>\n");
}

static void legend(Req *r, const Support *s)
{
	hp(r, "<ul class=\"hv-net-legend hv-contact-legend\">\n<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"14\""
	      " height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\" focusable=\"false\"><rect x=\"1\" y=\"1\""
	      " width=\"12\" height=\"12\" fill=\"#004993\"/></svg> %h</li>\n",
	   _("Kontakt, hvor den unge blev nået (fyldt søjle)"));
	hp(r, "<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\""
	      " aria-hidden=\"true\" focusable=\"false\"><rect x=\"1.5\" y=\"1.5\" width=\"11\" height=\"11\" fill=\"#ffffff\""
	      " stroke=\"#004993\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/></svg> %h</li>\n",
	   _("Forsøg, hvor den unge ikke blev nået (stiplet søjle)"));
	if (s->method == METHOD_CTI) {
		hp(r, "<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\""
		      " aria-hidden=\"true\" focusable=\"false\"><rect x=\"0\" y=\"0\" width=\"14\" height=\"14\""
		      " fill=\"url(#cc-gap-%l)\"/></svg><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"14\" height=\"14\""
		      " viewBox=\"0 0 14 14\" aria-hidden=\"true\" focusable=\"false\">",
		   s->id);
		gap_mark(r, 7, 2);
		hp(r, "</svg> %h</li>\n", _("Uge uden kontakt efter guiden (skraveret, med trekant)"));
	}
	hp(r, "</ul>\n");
}

static void weeks_table(Req *r, const Support *s, const ContactIntensity *ci)
{
	int cti = s->method == METHOD_CTI;
	hp(r, "<details class=\"hv-contact-weeks\"><summary>%h</summary>\n"
	      "<div class=\"hv-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
	      "<table class=\"table table--compact\">\n<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>",
	   _("Kontakter pr. uge som tabel"), _("Kontakter pr. uge"), _("Kontakter pr. uge"), _("Uge"), _("Mandag"),
	   _("Kontakter"), _("Heraf nået"));
	if (cti)
		hp(r, "<th scope=\"col\">%h</th><th scope=\"col\">%h</th>", _("Fase"), _("Efter guiden"));
	hp(r, "</tr></thead>\n<tbody>\n");
	for (int i = ci->nweeks - 1; i >= 0; i--) {
		const ContactWeek *w = &ci->weeks[i];
		char d[11];
		int year, wk = iso_week(w->monday, &year);
		date_format_dk(d, w->monday);
		if (!cti) {
			hp(r, "<tr%s><th scope=\"row\">%d %d</th><td>%h</td><td>%d</td><td>%d</td></tr>\n",
			   w->flagged ? " class=\"hv-contact-gap\"" : "", wk, year, d, w->contacts, w->reached);
			continue;
		}
		/* the row in one hp, not five */
		const char *judged = "-";
		if (w->flagged)
			judged = _("Ingen kontakt i perioden");
		else if (w->window >= 0 && !ci->windows[w->window].judged)
			judged = _("Perioden er ikke slut");
		else if (w->window >= 0)
			judged = _("Kontakt i perioden");
		hp(r, "<tr%s><th scope=\"row\">%d %d</th><td>%h</td><td>%d</td><td>%d</td><td>%d</td><td>%s%h%s</td></tr>\n",
		   w->flagged ? " class=\"hv-contact-gap\"" : "", wk, year, d, w->contacts, w->reached, w->phase,
		   w->flagged ? "<strong class=\"hv-overdue\">" : "", judged, w->flagged ? "</strong>" : "");
	}
	hp(r, "</tbody>\n</table>\n</div>\n</details>\n");
}

/* The chart with its legend, the gaps in words and the table. */
static void intensity(Req *r, const Support *s, const Contacts *c)
{
	ContactIntensity ci;
	load_intensity(s, c, &ci);
	if (!ci.nweeks) {
		hp(r, "<p>%h</p>\n", _("Bostøtten er ikke begyndt endnu."));
		return;
	}
	hp(r, "<figure class=\"hv-contact-figure\">\n");
	draw_chart(r, s, &ci);
	hp(r, "<figcaption>\n");
	legend(r, s);
	if (s->method == METHOD_CTI)
		hp(r, "<p>%h</p>\n",
		   _("Guiden for CTI: kontakt med den unge hver uge i fase 1, hver anden uge i fase 2 og hver måned i "
		     "fase 3. Forsøg, hvor den unge ikke blev nået, tæller ikke med. En periode vurderes, når den er slut."));
	hp(r, "</figcaption>\n</figure>\n");
	if (s->method == METHOD_CTI)
		gaps_in_words(r, &ci);
	weeks_table(r, s, &ci);
	contact_intensity_free(&ci);
}

/* ---- the section on the support course's page -------------------------------- */

/* The contacts and the chart on the support course's page: the button to
 * record a contact (for those who may), the totals, the chart, the latest
 * contacts and a link to all.  Inside the caller's transaction; the
 * caller writes the access-log row of the page. */
void contact_section(Req *r, long long person, long long support)
{
	Support s;
	if (!support_load(r, person, support, &s))
		return;
	int rec = may_record(r, &s);
	Contacts c;
	hp(r, "<section aria-labelledby=\"h-contacts\">\n<h2 id=\"h-contacts\">%h</h2>\n", _("Kontakter"));
	if (s.open && rec)
		hp(r, "<p><a class=\"button button-primary hv-contact-new\" href=\"/unge/%l/bostoette/%l/kontakter/ny\">%h</a></p>\n",
		   s.person, s.id, _("Registrér kontakt"));
	contacts_read(r, &s, &c);
	totals(r, &c);
	intensity(r, &s, &c);
	contacts_free(&c);
	hp(r, "<h3>%h</h3>\n", _("Seneste kontakter"));
	contacts_list(r, &s, LATEST, rec);
	hp(r, "<p><a href=\"/unge/%l/bostoette/%l/kontakter\">%h</a></p>\n</section>\n", s.person, s.id,
	   _("Se alle kontakter"));
	support_free(&s);
}

/* The date of the latest contact that reached the young person; 0 when none. */
int contact_last(Db *db, long long support, char out[11])
{
	char *d = db_text(db, "SELECT MAX(on_date) FROM contact WHERE support_id = ? AND kind <> 'attempt'", "I",
			  support);
	out[0] = 0;
	if (d)
		snprintf(out, 11, "%s", d);
	int found = d != NULL;
	free(d);
	return found;
}

/* ---- pages: all contacts ---------------------------------------------------------- */

static void method_line(Req *r, const Support *s)
{
	char a[11], b[11];
	date_format_dk(a, s->start);
	hp(r, "<p class=\"hv-muted\">%h · %h %h · %h %h", s->name, _("Bostøtte med"),
	   s->method == METHOD_CTI ? "CTI" : s->method == METHOD_ICM ? "ICM" : "ACT", _("begyndt"), a);
	if (s->end[0]) {
		date_format_dk(b, s->end);
		hp(r, " · %h %h", _("sluttet"), b);
	}
	if (s->method == METHOD_CTI) {
		char today[11];
		CtiPhases p;
		today_copenhagen(today);
		cti_phases(s->start, &p);
		int ph = cti_phase_on(&p, s->end[0] && strcmp(s->end, today) < 0 ? s->end : today);
		if (ph >= 1)
			hp(r, " · %h", _(phase_names[ph]));
	}
	hp(r, "</p>\n");
}

void page_contacts(Req *r)
{
	Support s;
	if (!contact_context(r, "view", 0, &s))
		return;
	int may = may_record(r, &s);
	db_begin(r->db);
	page_begin(r, _("Kontakter"));
	breadcrumbs(r, &s, _("Kontakter"), 0);
	hp(r, "<h1>%h</h1>\n", _("Kontakter"));
	method_line(r, &s);
	if (may && s.open)
		hp(r, "<p><a class=\"button button-primary hv-contact-new\" href=\"/unge/%l/bostoette/%l/kontakter/ny\">%h</a></p>\n",
		   s.person, s.id, r->flash ? _("Registrér en kontakt mere") : _("Registrér kontakt"));
	else if (!s.open)
		hp(r, "<p>%h</p>\n", _("Bostøtteforløbet er afsluttet. Der kan ikke registreres nye kontakter."));
	hp(r, "<h2>%h</h2>\n", _("Kontaktintensitet"));
	Contacts c;
	contacts_read(r, &s, &c);
	totals(r, &c);
	intensity(r, &s, &c);
	contacts_free(&c);
	hp(r, "<h2>%h</h2>\n", _("Alle kontakter"));
	contacts_list(r, &s, 0, may);
	page_end(r);
	audit(r, "view", s.person, "ok");
	db_commit(r->db);
	support_free(&s);
}

/* ---- the form -------------------------------------------------------------------- */

/* A number field for the phone's numeric keyboard. */
static void field_minutes(Req *r, const char *name, const char *label, const char *hint)
{
	field_number(r, &(FieldOpts){.name = name, .label = label, .hint = hint}, "numeric", "hv-number");
}

/* The life domains as large checkboxes (markup as field_checkboxes):
 * what was sent, else the stored keys. */
static void field_domains(Req *r, const char *stored)
{
	int post = streq(r->method, "POST");
	const char *err = P_err(r, "domain");
	hp(r, "<div class=\"hv-bigchoice\">\n<div class=\"form-group%s\">\n<fieldset id=\"domain\" aria-describedby=\"domain-hint%s\">\n"
	      "<legend class=\"form-label\">%h</legend>\n<span class=\"form-hint\" id=\"domain-hint\">%h</span>\n",
	   err ? " form-error" : "", err ? " domain-error" : "", _("Livsområder, I talte om"), _("Vælg dem, der passer."));
	if (err)
		hp(r, "<span class=\"form-error-message\" id=\"domain-error\"><span class=\"sr-only\">%h </span>%h</span>\n",
		   _("Fejl:"), _(err));
	hp(r, "<ul class=\"nobullet-list\">\n");
	for (const Choice *c = life_domains; c->key; c++) {
		int on = post ? P_has(r, "domain", c->key) : in_keys(stored, c->key);
		hp(r, "<li><input id=\"domain-%a\" type=\"checkbox\" name=\"domain\" value=\"%a\" class=\"form-checkbox\"%s>"
		      "<label for=\"domain-%a\">%h</label></li>\n",
		   c->key, c->key, on ? " checked" : "", c->key, _(c->label));
	}
	hp(r, "</ul>\n</fieldset>\n</div>\n</div>\n");
}

/* version: the version the next save is made from (NULL on a new contact). */
static void contact_form(Req *r, const Support *s, const char *action, const char *button, const char *version,
			 const char *stored_domains)
{
	char a[11], hint[160];
	date_format_dk(a, s->start);
	hp(r, "<div class=\"hv-contact-form\">\n");
	form_begin(r, action);
	if (version)
		hp(r, "<input type=\"hidden\" name=\"version\" value=\"%a\">\n", version);
	hp(r, "<div class=\"hv-bigchoice\">\n");
	field_radios(r, "kind", _("Hvordan var kontakten? (skal udfyldes)"), NULL, contact_kinds);
	hp(r, "</div>\n");
	snprintf(hint, sizeof hint, "%s %s.", _("dd.mm.åååå. Bostøtten begyndte"), a);
	field_text(r, "on_date", _("Dato (skal udfyldes)"), hint, "text", "off");
	field_minutes(r, "minutes", _("Varighed i minutter (skal udfyldes)"),
		      _("Kun selve kontakten. Ved et forsøg kan feltet stå tomt."));
	field_minutes(r, "travel_minutes", _("Transporttid i minutter"),
		      _("Frem og tilbage. Lad feltet stå tomt, hvis der ikke var nogen."));
	hp(r, "<div class=\"hv-bigchoice\">\n");
	field_radios(r, "place", _("Hvor? (skal udfyldes)"), NULL, contact_places);
	hp(r, "</div>\n");
	field_domains(r, stored_domains);
	field_textarea(r, "note", _("Kort note"), _("Fx hvad I aftalte. Skriv kun det nødvendige."));
	hp(r, "<button type=\"submit\" class=\"button button-primary hv-contact-save\">%h</button>\n", button);
	form_end(r);
	hp(r, "</div>\n");
}

static void new_page(Req *r, const Support *s, int status)
{
	r->status = status;
	db_begin(r->db);
	page_begin(r, _("Registrér kontakt"));
	breadcrumbs(r, s, _("Registrér kontakt"), 1);
	hp(r, "<h1>%h</h1>\n<p class=\"hv-muted\">%h</p>\n", _("Registrér kontakt"), s->name);
	error_summary(r);
	char today[11], todaydk[11];
	today_copenhagen(today);
	date_format_dk(todaydk, today);
	P_prefill(r, "on_date", todaydk);
	Buf action = {0};
	bprintf(&action, "/unge/%l/bostoette/%l/kontakter", s->person, s->id);
	contact_form(r, s, action.p, _("Gem kontakten"), NULL, "");
	buf_free(&action);
	hp(r, "<p><a href=\"/unge/%l/bostoette/%l/kontakter\">%h</a></p>\n", s->person, s->id, _("Se alle kontakter"));
	page_end(r);
	audit(r, "view", s->person, "ok");
	db_commit(r->db);
}

/* An ended support course takes no new contacts. */
static int refuse_closed(Req *r, const Support *s, const char *action)
{
	if (s->open)
		return 0;
	audit(r, action, s->person, "refused");
	page_fail(r, 409, "%s", N_("Bostøtteforløbet er afsluttet. Der kan ikke registreres nye kontakter."));
	return 1;
}

void page_contact_new(Req *r)
{
	Support s;
	if (!contact_context(r, "contact_add", 1, &s))
		return;
	if (!refuse_closed(r, &s, "contact_add"))
		new_page(r, &s, 200);
	support_free(&s);
}

/* The rules of a contact; each broken rule is a message at its field. */
static void contact_check(Req *r, const Support *s, long long *minutes, long long *travel)
{
	char today[11];
	today_copenhagen(today);
	const char *d = P(r, "on_date");
	if (d && strcmp(d, today) > 0)
		P_set_err(r, "on_date", N_("Datoen ligger i fremtiden. Registrér kontakten, når den har fundet sted."));
	else if (d && strcmp(d, s->start) < 0)
		P_set_err(r, "on_date", N_("Datoen ligger før bostøtten begyndte."));
	else if (d && s->end[0] && strcmp(d, s->end) > 0)
		P_set_err(r, "on_date", N_("Datoen ligger efter bostøtten sluttede."));
	if (!P(r, "kind") && !P_err(r, "kind"))
		P_set_err(r, "kind", N_("Vælg, hvordan kontakten var."));
	if (!P(r, "place") && !P_err(r, "place"))
		P_set_err(r, "place", N_("Vælg, hvor kontakten var."));
	const char *names[2] = {"minutes", "travel_minutes"};
	long long *vals[2] = {minutes, travel};
	for (int i = 0; i < 2; i++) {
		*vals[i] = 0;
		if (P_err(r, names[i])) {
			P_set_err(r, names[i], N_("Skriv antal minutter som et helt tal, fx 45."));
			continue;
		}
		if (!P(r, names[i])) {
			if (i == 0 && !(P(r, "kind") && streq(P(r, "kind"), "attempt")))
				P_set_err(r, names[i], N_("Skriv, hvor mange minutter kontakten varede."));
			continue;
		}
		*vals[i] = PI(r, names[i]);
		if (*vals[i] < 0)
			P_set_err(r, names[i], N_("Antal minutter kan ikke være negativt."));
		else if (*vals[i] > MAX_MINUTES)
			P_set_err(r, names[i], N_("Højst 24 timer (1440 minutter). Tjek tallet."));
	}
}

static void save_domains(Req *r, long long kid)
{
	db_exec(r->db, "DELETE FROM contact_domain WHERE contact_id = ?", "I", kid);
	for (size_t i = 0; i < P_count(r, "domain"); i++)
		db_exec(r->db,
			"INSERT INTO contact_domain(contact_id, domain) SELECT ?, ? WHERE NOT EXISTS"
			" (SELECT 1 FROM contact_domain WHERE contact_id = ? AND domain = ?)",
			"ItIt", kid, P_at(r, "domain", i), kid, P_at(r, "domain", i));
}

static void log_change(Req *r, long long id, const char *field, const char *before, const char *after,
		       const char *at)
{
	if (streq(before ? before : "", after ? after : ""))
		return;
	db_exec(r->db,
		"INSERT INTO change_log(entity, entity_id, field, old_value, new_value, changed_by, changed_at)"
		" VALUES ('contact',?,?,?,?,?,?)",
		"ItttIt", id, field, before ? before : "", after ? after : "", r->user.id, at);
}

void page_contact_create(Req *r)
{
	Support s;
	if (!contact_context(r, "contact_add", 1, &s))
		return;
	if (refuse_closed(r, &s, "contact_add"))
		goto done;
	long long minutes, travel;
	contact_check(r, &s, &minutes, &travel);
	if (r->nerrors) {
		new_page(r, &s, 422);
		goto done;
	}
	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	long long kid = db_insert(r->db,
				  "INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, note,"
				  " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
				  "IttIIttIt", s.id, P(r, "on_date"), P(r, "kind"), minutes,
				  travel, P(r, "place"), P(r, "note") ? P(r, "note") : "", r->user.id, at);
	save_domains(r, kid);
	log_change(r, kid, "created", "", P(r, "on_date"), at);
	audit(r, "contact_add", s.person, "ok");
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/bostoette/%l/kontakter", s.person, s.id);
		flash_set(r, _("Kontakten er gemt."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
done:
	support_free(&s);
}

/* ---- correcting a contact ------------------------------------------------------------ */

static const char *field_name(const char *field)
{
	if (streq(field, "on_date")) return N_("Dato");
	if (streq(field, "kind")) return N_("Hvordan");
	if (streq(field, "minutes")) return N_("Varighed i minutter");
	if (streq(field, "travel_minutes")) return N_("Transporttid i minutter");
	if (streq(field, "place")) return N_("Hvor");
	if (streq(field, "domains")) return N_("Livsområder");
	if (streq(field, "note")) return N_("Note");
	if (streq(field, "created")) return N_("Registreret");
	return N_("Andet");
}

static void history_value(Req *r, const char *field, const char *v)
{
	char d[11];
	if (streq(field, "kind"))
		hp(r, "%h", _(choice_label(contact_kinds, v)));
	else if (streq(field, "place"))
		hp(r, "%h", _(choice_label(contact_places, v)));
	else if (streq(field, "domains"))
		show_domains(r, v);
	else if ((streq(field, "on_date") || streq(field, "created")) && v[0]) {
		date_format_dk(d, v);
		hp(r, "%h", d);
	} else
		hp(r, "%h", v);
}

static void history(Req *r, long long kid)
{
	change_history(r, "contact", kid, field_name, history_value);
}

/* version: the version the next save is made from; NULL: the stored one
 * (or the one the form was sent with). */
static void contact_page(Req *r, const Support *s, const Contact *c, int status, const char *version)
{
	char stored[24], d[11];
	r->status = status;
	db_begin(r->db);
	page_begin(r, _("Ret kontakt"));
	breadcrumbs(r, s, _("Ret kontakt"), 1);
	date_format_dk(d, c->on_date);
	hp(r, "<h1>%h</h1>\n<p class=\"hv-muted\">%h · %h %h</p>\n", _("Ret kontakt"), s->name, _("Kontakten den"), d);
	error_summary(r);
	snprintf(stored, sizeof stored, "%lld", c->version);
	P_prefill(r, "version", stored);
	P_prefill(r, "on_date", d);
	P_prefill(r, "kind", c->kind);
	P_prefill(r, "place", c->place);
	P_prefill(r, "note", c->note);
	char num[24];
	snprintf(num, sizeof num, "%lld", c->minutes);
	P_prefill(r, "minutes", num);
	snprintf(num, sizeof num, "%lld", c->travel);
	P_prefill(r, "travel_minutes", c->travel ? num : NULL);
	Buf action = {0};
	bprintf(&action, "/unge/%l/bostoette/%l/kontakter/%l", s->person, s->id, c->id);
	contact_form(r, s, action.p, _("Gem rettelsen"), version ? version : field_value(r, "version"), c->domains);
	buf_free(&action);
	history(r, c->id);
	page_end(r);
	audit(r, "view", s->person, "ok");
	db_commit(r->db);
}

static int contact_context_kid(Req *r, const char *action, Support *s, Contact *c)
{
	if (!contact_context(r, action, 1, s))
		return 0;
	if (!contact_load(r, s->id, PI(r, "kid"), c)) {
		audit(r, action, s->person, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		support_free(s);
		return 0;
	}
	return 1;
}

void page_contact(Req *r)
{
	Support s;
	Contact c;
	if (!contact_context_kid(r, "view", &s, &c))
		return;
	contact_page(r, &s, &c, 200, NULL);
	contact_free(&c);
	support_free(&s);
}

static char *domains_sent(Req *r)
{
	Buf b = {0};
	for (const Choice *d = life_domains; d->key; d++)
		if (P_has(r, "domain", d->key)) {
			if (b.n)
				buf_putc(&b, ',');
			buf_puts(&b, d->key);
		}
	return b.p ? b.p : xstrdup("");
}

void page_contact_save(Req *r)
{
	Support s;
	Contact c;
	if (!contact_context_kid(r, "contact_change", &s, &c))
		return;
	long long minutes, travel;
	contact_check(r, &s, &minutes, &travel);
	if (r->nerrors || !P(r, "version")) {
		contact_page(r, &s, &c, 422, NULL);
		goto done;
	}
	char at[21];
	time_iso_utc(at, now());
	const char *note = P(r, "note") ? P(r, "note") : "";
	db_begin(r->db);
	if (!db_int(r->db, 0,
		    "UPDATE contact SET on_date = ?, kind = ?, minutes = ?, travel_minutes = ?, place = ?, note = ?,"
		    " version = version + 1 WHERE id = ? AND support_id = ? AND version = ? RETURNING id",
		    "ttIIttIII", P(r, "on_date"), P(r, "kind"), minutes, travel, P(r, "place"), note, c.id, s.id,
		    PI(r, "version"))) {
		db_rollback(r->db);
		/* someone saved in between: show theirs, keep ours in the form */
		Contact now_c;
		contact_load(r, s.id, c.id, &now_c);
		P_set_err(r, "kind", N_("Kontakten er rettet af en anden, mens du skrev. Se historikken herunder, og "
					 "gem igen, hvis din rettelse stadig skal med."));
		char version[24];
		snprintf(version, sizeof version, "%lld", now_c.version);
		contact_page(r, &s, &now_c, 409, version);
		contact_free(&now_c);
		goto done;
	}
	char *doms = domains_sent(r);
	save_domains(r, c.id);
	char num_a[24], num_b[24];
	log_change(r, c.id, "on_date", c.on_date, P(r, "on_date"), at);
	log_change(r, c.id, "kind", c.kind, P(r, "kind"), at);
	snprintf(num_a, sizeof num_a, "%lld", c.minutes);
	snprintf(num_b, sizeof num_b, "%lld", minutes);
	log_change(r, c.id, "minutes", num_a, num_b, at);
	snprintf(num_a, sizeof num_a, "%lld", c.travel);
	snprintf(num_b, sizeof num_b, "%lld", travel);
	log_change(r, c.id, "travel_minutes", num_a, num_b, at);
	log_change(r, c.id, "place", c.place, P(r, "place"), at);
	log_change(r, c.id, "domains", c.domains, doms, at);
	log_change(r, c.id, "note", c.note, note, at);
	free(doms);
	audit(r, "contact_change", s.person, "ok");
	if (db_commit(r->db)) {
		Buf loc = {0};
		bprintf(&loc, "/unge/%l/bostoette/%l/kontakter", s.person, s.id);
		flash_set(r, _("Rettelsen er gemt."));
		redirect(r, loc.p);
		buf_free(&loc);
	}
done:
	contact_free(&c);
	support_free(&s);
}

/* ---- the demo ------------------------------------------------------------------------ */

/* Synthetic contacts for a demo support course, from its start to its end
 * or today: about the guide's rhythm (CTI: weekly, then every two weeks,
 * then monthly; ICM and ACT weekly), with some attempts and some weeks
 * missed, so that the chart shows gaps.  Reproducible from the seed. */
void contact_demo(Db *db, long long support, unsigned seed)
{
	static const char *const notes[] = {
		"", "", "Gennemgik post og regninger.", "Handlede ind sammen.", "Talte om at søge job.",
		"Fulgtes til lægen.", "Ryddede op i lejligheden.", "Snak om venner og familie.",
	};
	static const char *const kinds[] = {"face", "face", "face", "face", "phone", "phone", "sms", "video", "attempt"};
	static const char *const places[] = {"home", "home", "home", "street", "office", "other"};
	char start[11] = "", end[11] = "", today[11], at[21];
	Stmt q;
	int method = METHOD_NONE;
	db_query(db, &q, "SELECT method, start_on, COALESCE(end_on, '') FROM support_course WHERE id = ?", "I", support);
	if (db_step(&q)) {
		method = method_from_key(db_col_text(&q, 0));
		snprintf(start, sizeof start, "%s", db_col_text(&q, 1));
		snprintf(end, sizeof end, "%s", db_col_text(&q, 2));
	}
	db_finalize(&q);
	if (!start[0])
		return;
	today_copenhagen(today);
	time_iso_utc(at, now());
	const char *upto = end[0] && strcmp(end, today) < 0 ? end : today;
	unsigned long long s = ((unsigned long long)seed + 7) * 0x9E3779B97F4A7C15ull ^ (unsigned long long)support;
#define DEMO_RND(n) (s ^= s << 13, s ^= s >> 7, s ^= s << 17, (unsigned)(s % (n)))
	CtiPhases p;
	if (method == METHOD_CTI)
		cti_phases(start, &p);
	for (long day = 0;; day += 7) {
		char monday[11], on[11];
		date_add_days(monday, start, day - weekday_of(start));
		if (strcmp(monday, upto) > 0)
			break;
		int phase = method == METHOD_CTI ? cti_phase_on(&p, strcmp(monday, start) < 0 ? start : monday) : 1;
		unsigned chance = phase == 1 ? 85 : phase == 2 ? 50 : phase == 3 ? 25 : 60;
		if (DEMO_RND(100) >= chance)
			continue;
		date_add_days(on, monday, (long)DEMO_RND(7));
		if (strcmp(on, start) < 0 || strcmp(on, upto) > 0)
			continue;
		const char *kind = kinds[DEMO_RND(sizeof kinds / sizeof kinds[0])];
		const char *place = streq(kind, "face") ? places[DEMO_RND(sizeof places / sizeof places[0])] : "other";
		int minutes = streq(kind, "attempt") ? 0 : streq(kind, "sms") ? 5 : 20 + 5 * (int)DEMO_RND(15);
		int travel = streq(kind, "face") && !streq(place, "office") ? 10 + 5 * (int)DEMO_RND(7) : 0;
		long long kid = db_int(db, 0,
				       "INSERT INTO contact(support_id, on_date, kind, minutes, travel_minutes, place, note,"
				       " created_by, created_at) VALUES (?,?,?,?,?,?,?,"
				       " (SELECT MIN(w.user_id) FROM support_worker w WHERE w.support_id = ?), ?) RETURNING id",
				       "IttiittIt", support, on, kind, minutes, travel, place,
				       notes[DEMO_RND(sizeof notes / sizeof notes[0])], support, at);
		if (streq(kind, "attempt"))
			continue;
		for (int k = 0; k < 2; k++) {
			int i = (int)DEMO_RND(8);
			db_exec(db,
				"INSERT INTO contact_domain(contact_id, domain) SELECT ?, ? WHERE NOT EXISTS"
				" (SELECT 1 FROM contact_domain WHERE contact_id = ? AND domain = ?)",
				"ItIt", kid, life_domains[i].key, kid, life_domains[i].key);
		}
	}
#undef DEMO_RND
}

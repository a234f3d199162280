/* network.c: tool 1 of the collaboration model, network mapping
 * (Netværkskortlægning, issue 3 §5).  A mapping belongs to the young
 * person's course and is dated; each new mapping is a new version and the
 * earlier ones are kept unchanged.  The pages: the latest mapping with the
 * list of versions, one version, the form for a new mapping (pre-filled from
 * the latest), and the comparison of two versions.  The network map is an
 * SVG picture drawn here (network_layout places the dots), with a text table
 * of the same people beside it. */
#include "hjemvej.h"

#include <stdlib.h>
#include <string.h>

/* ---- layout ------------------------------------------------------------------ */

#define NET_PI 3.14159265358979323846
#define NET_CLEAR 20.0 /* a dot's centre keeps this far from the sector lines */
#define NET_MAX_RINGS 5

static double net_sin(double x)
{
	while (x > NET_PI)
		x -= 2 * NET_PI;
	while (x < -NET_PI)
		x += 2 * NET_PI;
	double term = x, sum = x, x2 = x * x;
	for (int k = 1; k < 14; k++) {
		term *= -x2 / ((2.0 * k) * (2.0 * k + 1));
		sum += term;
	}
	return sum;
}

static double net_cos(double x)
{
	return net_sin(x + NET_PI / 2);
}

int network_sector(const char *relation)
{
	if (streq(relation, "family"))
		return 0;
	if (streq(relation, "friend") || streq(relation, "partner"))
		return 1;
	if (streq(relation, "professional"))
		return 2;
	return 3;
}

int network_ring(const char *closeness)
{
	return streq(closeness, "close") ? 0 : streq(closeness, "middle") ? 1 : 2;
}

/* Places each person's dot in the ring of their closeness and the sector of
 * their relation.  The people of one ring and sector are spread by angle
 * along one or more circles inside the ring, so that no two dots overlap
 * (centres at least 2 * NET_DOT + 3 apart); with few people they are spread
 * wider, leaving room for the names. */
void network_layout(const NetNode *in, int n, NetPos *out)
{
	int *idx = xcalloc((size_t)(n > 0 ? n : 1), sizeof *idx);
	for (int s = 0; s < 4; s++) {
		for (int g = 0; g < 3; g++) {
			int k = 0;
			for (int i = 0; i < n; i++)
				if (in[i].sector == s && in[i].ring == g)
					idx[k++] = i;
			if (!k)
				continue;
			double lo = NET_R0 + g * NET_RW + NET_DOT + 4;
			double hi = NET_R0 + (g + 1) * NET_RW - NET_DOT - 4;
			double rad[NET_MAX_RINGS], pad[NET_MAX_RINGS];
			int cap[NET_MAX_RINGS], rows = 0, total = 0;
			for (int pass = 0; pass < 2 && total < k; pass++) {
				double sep = (pass ? 2 * NET_DOT + 3 : 30) * 1.05;
				for (rows = 1; rows <= NET_MAX_RINGS; rows++) {
					total = 0;
					for (int i = 0; i < rows; i++) {
						rad[i] = rows == 1 ? (lo + hi) / 2 : lo + (hi - lo) * i / (rows - 1);
						pad[i] = NET_CLEAR * 1.05 / rad[i];
						double arc = (NET_PI / 2 - 2 * pad[i]) * rad[i];
						cap[i] = (int)(arc / sep);
						if (cap[i] < 1)
							cap[i] = 1;
						total += cap[i];
					}
					if (total >= k)
						break;
				}
				if (rows > NET_MAX_RINGS)
					rows = NET_MAX_RINGS;
			}
			/* share the people among the circles by their room */
			int cnt[NET_MAX_RINGS], given = 0;
			for (int i = 0; i < rows; i++) {
				cnt[i] = total >= k ? (int)((long long)k * cap[i] / total) : cap[i];
				given += cnt[i];
			}
			for (int i = rows - 1; given < k; i = i ? i - 1 : rows - 1)
				if (cnt[i] < cap[i] || total < k)
					cnt[i]++, given++;
			double start = -NET_PI + s * NET_PI / 2;
			int p = 0;
			for (int i = 0; i < rows; i++) {
				double span = NET_PI / 2 - 2 * pad[i];
				for (int j = 0; j < cnt[i] && p < k; j++, p++) {
					double a = start + pad[i] + span * (j + 0.5) / cnt[i];
					out[idx[p]].x = rad[i] * net_cos(a);
					out[idx[p]].y = rad[i] * net_sin(a);
				}
			}
		}
	}
	free(idx);
}

/* ---- loading ------------------------------------------------------------------ */

typedef struct NetPerson {
	long long lineage;
	char *name, *relation, *closeness, *valence, *frequency, *help;
} NetPerson;

typedef struct NetMap {
	long long id, course;
	char date[11];
	char *note, *by;
	int n;
	NetPerson p[NET_MAX_ROWS];
} NetMap;

static void map_free(NetMap *m)
{
	for (int i = 0; i < m->n; i++) {
		NetPerson *p = &m->p[i];
		free(p->name), free(p->relation), free(p->closeness);
		free(p->valence), free(p->frequency), free(p->help);
	}
	free(m->note);
	free(m->by);
	memset(m, 0, sizeof *m);
}

/* Loads a mapping of one of this young person's courses; 0 when there is
 * none with that id. */
static int map_load(Db *db, long long person, long long map_id, NetMap *m)
{
	Stmt q;
	memset(m, 0, sizeof *m);
	db_query(db, &q,
		 "SELECT m.id, m.course_id, m.mapped_on, m.note, u.name FROM network_map m"
		 " JOIN course c ON c.id = m.course_id LEFT JOIN users u ON u.id = m.created_by"
		 " WHERE m.id = ? AND c.person_id = ?",
		 "II", map_id, person);
	if (db_step(&q)) {
		m->id = db_col_int(&q, 0);
		m->course = db_col_int(&q, 1);
		snprintf(m->date, sizeof m->date, "%s", db_col_text(&q, 2));
		m->note = xstrdup(db_col_text(&q, 3));
		m->by = xstrdup(db_col_text(&q, 4));
	}
	db_finalize(&q);
	if (!m->id)
		return 0;
	db_query(db, &q,
		 "SELECT lineage, name, relation, closeness, valence, frequency, can_help"
		 " FROM network_person WHERE map_id = ? ORDER BY position, id LIMIT ?",
		 "Ii", m->id, NET_MAX_ROWS);
	while (db_step(&q) && m->n < NET_MAX_ROWS) {
		NetPerson *p = &m->p[m->n++];
		p->lineage = db_col_int(&q, 0);
		p->name = xstrdup(db_col_text(&q, 1));
		p->relation = xstrdup(db_col_text(&q, 2));
		p->closeness = xstrdup(db_col_text(&q, 3));
		p->valence = xstrdup(db_col_text(&q, 4));
		p->frequency = xstrdup(db_col_text(&q, 5));
		p->help = xstrdup(db_col_text(&q, 6));
	}
	db_finalize(&q);
	return 1;
}

/* The course shown on the young person's page: the open one, else the
 * latest. */
static long long current_course(Db *db, long long person, char opened[11])
{
	Stmt q;
	long long id = 0;
	opened[0] = 0;
	db_query(db, &q,
		 "SELECT id, opened_on FROM course WHERE person_id = ?"
		 " ORDER BY closed_on IS NULL DESC, opened_on DESC LIMIT 1",
		 "I", person);
	if (db_step(&q)) {
		id = db_col_int(&q, 0);
		snprintf(opened, 11, "%s", db_col_text(&q, 1));
	}
	db_finalize(&q);
	return id;
}

static long long latest_map(Db *db, long long course)
{
	return db_int(db, 0,
		      "SELECT id FROM network_map WHERE course_id = ? ORDER BY mapped_on DESC, id DESC LIMIT 1",
		      "I", course);
}

/* The version number of a mapping within its course (1 = the first). */
static long long version_no(Db *db, const NetMap *m)
{
	return db_int(db, 0,
		      "SELECT COUNT(*) FROM network_map WHERE course_id = ? AND (mapped_on < ?"
		      " OR (mapped_on = ? AND id <= ?))",
		      "IttI", m->course, m->date, m->date, m->id);
}

static char *person_name(Db *db, long long person)
{
	char *s = db_text(db, "SELECT name FROM person WHERE id = ?", "I", person);
	return s ? s : xstrdup("");
}

/* At most max characters of s, with an ellipsis when cut (UTF-8 safe). */
static void shorten(char *out, size_t outsz, const char *s, int max)
{
	size_t i = 0;
	int chars = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (chars == max)
				break;
			chars++;
		}
		i++;
	}
	int cut = s[i] != 0;
	if (i > outsz - 4)
		i = 0, cut = 1; /* cannot happen for max <= 20 */
	memcpy(out, s, i);
	if (cut)
		memcpy(out + i, "\xE2\x80\xA6", 3), i += 3;
	out[i] = 0;
}

/* ---- drawing ------------------------------------------------------------------ */

/* The mark of a person: colour and shape (supports: green circle, burdens:
 * red square, mixed: orange diamond). */
static void mark(Req *r, const char *valence, int x, int y, int size)
{
	if (streq(valence, "burdens"))
		hp(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#c8102e\" stroke=\"#1a1a1a\"/>",
		   x - size, y - size, 2 * size, 2 * size);
	else if (streq(valence, "mixed"))
		hp(r, "<polygon points=\"%d,%d %d,%d %d,%d %d,%d\" fill=\"#e07b00\" stroke=\"#1a1a1a\"/>",
		   x, y - size - 2, x + size + 2, y, x, y + size + 2, x - size - 2, y);
	else
		hp(r, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"#1b7f3b\" stroke=\"#1a1a1a\"/>", x, y, size);
}

static int iround(double v)
{
	return (int)(v < 0 ? v - 0.5 : v + 0.5);
}

static const char *const sector_names[] = {N_("Familie"), N_("Venner og kæreste"), N_("Fagpersoner"),
					   N_("Andre")};

static void draw_svg(Req *r, const NetMap *m, const char *youth)
{
	char when[11], centre[64];
	int rings[3] = {0, 0, 0}, val[3] = {0, 0, 0};
	NetNode nodes[NET_MAX_ROWS];
	NetPos pos[NET_MAX_ROWS];
	date_format_dk(when, m->date);
	for (int i = 0; i < m->n; i++) {
		nodes[i].sector = network_sector(m->p[i].relation);
		nodes[i].ring = network_ring(m->p[i].closeness);
		rings[nodes[i].ring]++;
		val[streq(m->p[i].valence, "supports") ? 0 : streq(m->p[i].valence, "burdens") ? 1 : 2]++;
	}
	network_layout(nodes, m->n, pos);

	hp(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hv-net-svg\" viewBox=\"-340 -330 680 660\""
	      " role=\"img\" aria-labelledby=\"net-title-%l net-desc-%l\">\n",
	   m->id, m->id);
	hp(r, "<title id=\"net-title-%l\">%h %h, %h</title>\n", m->id, _("Netværkskort for"), youth, when);
	hp(r, "<desc id=\"net-desc-%l\">%h %d. %h %d, %h %d, %h %d. %h %d, %h %d, %h %d. %h</desc>\n", m->id,
	   _("Antal personer:"), m->n, _("Tæt:"), rings[0], _("mellem:"), rings[1], _("fjern:"), rings[2],
	   _("Støtter:"), val[0], _("belaster:"), val[1], _("blandet:"), val[2],
	   _("Alle personerne står i tabellen under kortet."));
	/* rings, outermost first, and the sector lines */
	for (int g = 2; g >= 0; g--)
		hp(r, "<circle cx=\"0\" cy=\"0\" r=\"%d\" fill=\"%s\" stroke=\"#8c8c8c\"/>\n",
		   NET_R0 + (g + 1) * NET_RW, g == 0 ? "#dce8f5" : g == 1 ? "#eaf1f9" : "#f6f9fc");
	int outer = NET_R0 + 3 * NET_RW;
	hp(r, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"0\" stroke=\"#8c8c8c\" stroke-dasharray=\"4 4\"/>\n"
	      "<line x1=\"0\" y1=\"%d\" x2=\"0\" y2=\"%d\" stroke=\"#8c8c8c\" stroke-dasharray=\"4 4\"/>\n",
	   -outer, outer, -outer, outer);
	static const char *const ring_names[] = {N_("Tæt"), N_("Mellem"), N_("Fjern")};
	for (int g = 0; g < 3; g++)
		hp(r, "<text x=\"0\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"#3d3d3d\">%h</text>\n",
		   -(NET_R0 + (g + 1) * NET_RW - 10), _(ring_names[g]));
	/* the sectors' names in the corners */
	hp(r, "<g font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">\n"
	      "<text x=\"-335\" y=\"-312\">%h</text>\n"
	      "<text x=\"335\" y=\"-312\" text-anchor=\"end\">%h</text>\n"
	      "<text x=\"335\" y=\"322\" text-anchor=\"end\">%h</text>\n"
	      "<text x=\"-335\" y=\"322\">%h</text>\n</g>\n",
	   _(sector_names[0]), _(sector_names[1]), _(sector_names[2]), _(sector_names[3]));
	/* the young person in the centre */
	char first[64];
	shorten(first, sizeof first, youth, 40);
	first[strcspn(first, " ")] = 0;
	shorten(centre, sizeof centre, first, 12);
	hp(r, "<circle cx=\"0\" cy=\"0\" r=\"%d\" fill=\"#ffffff\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>\n"
	      "<text x=\"0\" y=\"4\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\">%h</text>\n",
	   NET_R0, centre);
	/* the people */
	for (int i = 0; i < m->n; i++) {
		const NetPerson *p = &m->p[i];
		char label[64];
		int x = iround(pos[i].x), y = iround(pos[i].y);
		shorten(label, sizeof label, p->name, 16);
		hp(r, "<g><title>%h: %h, %h, %h</title>", p->name, _(choice_label(net_relations, p->relation)),
		   _(choice_label(net_closeness, p->closeness)), _(choice_label(net_valence, p->valence)));
		mark(r, p->valence, x, y, NET_DOT);
		hp(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1a1a1a\" stroke=\"#ffffff\""
		      " stroke-width=\"3\" paint-order=\"stroke\">%h</text></g>\n",
		   x, i % 2 ? y - 10 : y + 18, label);
	}
	hp(r, "</svg>\n");
}

static void legend(Req *r)
{
	static const struct {
		const char *key, *label;
	} marks[] = {
		{"supports", N_("Støtter (grøn cirkel)")},
		{"burdens", N_("Belaster (rød firkant)")},
		{"mixed", N_("Blandet (orange rombe)")},
	};
	hp(r, "<figcaption>\n<ul class=\"hv-net-legend\">\n");
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		hp(r, "<li><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-10 -10 20 20\" width=\"18\" height=\"18\""
		      " aria-hidden=\"true\" focusable=\"false\">");
		mark(r, marks[i].key, 0, 0, 6);
		hp(r, "</svg> %h</li>\n", _(marks[i].label));
	}
	hp(r, "</ul>\n<p>%h</p>\n</figcaption>\n",
	   _("Den unge står i midten. Inderste ring: tæt, midterste: mellem, yderste: fjern. Familie øverst "
	     "til venstre, venner og kæreste øverst til højre, fagpersoner nederst til højre, andre nederst "
	     "til venstre."));
}

static void people_table(Req *r, const NetMap *m)
{
	if (!m->n) {
		hp(r, "<p>%h</p>\n", _("Kortlægningen indeholder ingen personer."));
		return;
	}
	hp(r, "<div class=\"hv-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
	      "<table class=\"table table--compact hv-net-table\">\n<caption>%h</caption>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	      "</tr></thead>\n<tbody>\n",
	   _("Personerne i netværket"), _("Personerne i netværket"), _("Navn"), _("Relation"), _("Nærhed"), _("Støtter eller belaster"),
	   _("Kontakt"), _("Kan hjælpe med"));
	for (int i = 0; i < m->n; i++) {
		const NetPerson *p = &m->p[i];
		hp(r, "<tr><th scope=\"row\">%h</th><td>%h</td><td>%h</td><td>", p->name,
		   _(choice_label(net_relations, p->relation)), _(choice_label(net_closeness, p->closeness)));
		hp(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-10 -10 20 20\" width=\"14\" height=\"14\""
		      " aria-hidden=\"true\" focusable=\"false\">");
		mark(r, p->valence, 0, 0, 6);
		hp(r, "</svg> %h</td><td>%h</td><td>%h</td></tr>\n", _(choice_label(net_valence, p->valence)),
		   _(choice_label(net_frequency, p->frequency)), p->help[0] ? p->help : "-");
	}
	hp(r, "</tbody>\n</table>\n</div>\n");
}

/* The whole of one mapping: the map, its legend, the table and the note. */
static void map_show(Req *r, const NetMap *m, const char *youth)
{
	hp(r, "<figure class=\"hv-net-map\">\n");
	draw_svg(r, m, youth);
	legend(r);
	hp(r, "</figure>\n");
	people_table(r, m);
	if (m->note[0])
		hp(r, "<h3>%h</h3>\n<p class=\"hv-pre\">%h</p>\n", _("Note"), m->note);
}

static void breadcrumbs(Req *r, long long person, const char *youth, const char *last, int link_network)
{
	hp(r, "<nav aria-label=\"%a\" class=\"breadcrumbs hv-noprint\"><ol class=\"breadcrumbs__list\">"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/mine-unge\" class=\"breadcrumbs__link\">%h</a></li>"
	      "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l\" class=\"breadcrumbs__link\">%h</a></li>",
	   _("Brødkrumme"), _("Mine unge"), person, youth);
	if (link_network)
		hp(r, "<li class=\"breadcrumbs__list-item\"><a href=\"/unge/%l/netvaerk\" class=\"breadcrumbs__link\">%h</a></li>",
		   person, _("Netværk"));
	hp(r, "<li class=\"breadcrumbs__list-item\" aria-current=\"page\">%h</li></ol></nav>\n", last);
}

static void log_ok(Req *r, const char *action, long long person)
{
	audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), action, person,
		  r->route->purpose, "ok");
}

/* ---- the network page: the latest mapping and the versions ----------------- */

void page_network(Req *r)
{
	long long id = PI(r, "id");
	if (!person_access(r, id, "network_view"))
		return;
	char opened[11];
	long long course = current_course(r->db, id, opened);
	char *youth = person_name(r->db, id);
	NetMap m;
	long long latest = latest_map(r->db, course);
	int have = latest && map_load(r->db, id, latest, &m);
	long long nversions = db_int(r->db, 0, "SELECT COUNT(*) FROM network_map WHERE course_id = ?", "I", course);

	db_begin(r->db);
	page_begin(r, _("Netværkskort"));
	breadcrumbs(r, id, youth, _("Netværk"), 0);
	hp(r, "<h1>%h <span class=\"hv-muted\">%h</span></h1>\n", _("Netværkskort"), youth);
	hp(r, "<p class=\"hv-noprint\"><a class=\"button button-primary\" href=\"/unge/%l/netvaerk/ny\">%h</a>", id,
	   _("Ny netværkskortlægning"));
	if (nversions >= 2)
		hp(r, " <a class=\"button button-secondary\" href=\"/unge/%l/netvaerk/sammenlign\">%h</a>", id,
		   _("Sammenlign kortlægninger"));
	hp(r, "</p>\n");
	if (!have) {
		hp(r, "<p>%h</p>\n", _("Der er ingen netværkskortlægning endnu."));
	} else {
		char when[11];
		date_format_dk(when, m.date);
		hp(r, "<h2>%h %h</h2>\n<p class=\"hv-muted\">%h %l %h %l. %h %h.</p>\n", _("Seneste kortlægning:"),
		   when, _("Version"), version_no(r->db, &m), _("af"), nversions, _("Registreret af"),
		   m.by[0] ? m.by : "-");
		map_show(r, &m, youth);
		hp(r, "<section aria-labelledby=\"h-versions\" class=\"hv-noprint\">\n<h2 id=\"h-versions\">%h</h2>\n<ol>\n",
		   _("Alle versioner"));
		Stmt q;
		db_query(r->db, &q,
			 "SELECT m.id, m.mapped_on, (SELECT COUNT(*) FROM network_person p WHERE p.map_id = m.id)"
			 " FROM network_map m WHERE m.course_id = ? ORDER BY m.mapped_on, m.id",
			 "I", course);
		while (db_step(&q)) {
			char d[11];
			date_format_dk(d, db_col_text(&q, 1));
			hp(r, "<li><a href=\"/unge/%l/netvaerk/%l\">%h</a> <span class=\"hv-muted\">(%l %h)</span>%s</li>\n",
			   id, db_col_int(&q, 0), d, db_col_int(&q, 2), _("personer"),
			   db_col_int(&q, 0) == m.id ? " ✓" : "");
		}
		db_finalize(&q);
		hp(r, "</ol>\n</section>\n");
		map_free(&m);
	}
	page_end(r);
	log_ok(r, "network_view", id);
	db_commit(r->db);
	free(youth);
}

void page_network_version(Req *r)
{
	long long id = PI(r, "id");
	if (!person_access(r, id, "network_view"))
		return;
	NetMap m;
	if (!map_load(r->db, id, PI(r, "map"), &m)) {
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "network_view", id,
			  r->route->purpose, "not_found");
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return;
	}
	char *youth = person_name(r->db, id);
	char when[11], title[64];
	date_format_dk(when, m.date);
	long long no = version_no(r->db, &m);
	long long newest = latest_map(r->db, m.course);
	db_begin(r->db);
	snprintf(title, sizeof title, "%s %s", _("Netværkskortlægning"), when);
	page_begin(r, title);
	breadcrumbs(r, id, youth, when, 1);
	hp(r, "<h1>%h %h <span class=\"hv-muted\">%h</span></h1>\n", _("Netværkskortlægning"), when, youth);
	if (newest != m.id)
		hp(r, "<div class=\"alert alert-info\"><div class=\"alert-body\"><p class=\"alert-text\">%h %l. %h"
		      " <a href=\"/unge/%l/netvaerk\">%h</a></p></div></div>\n",
		   _("Dette er en tidligere version, version"), no,
		   _("Den kan ikke ændres; en ny kortlægning bliver en ny version."), id, _("Se den seneste kortlægning"));
	else
		hp(r, "<p class=\"hv-muted\">%h %l. %h %h.</p>\n", _("Den seneste kortlægning, version"), no,
		   _("Registreret af"), m.by[0] ? m.by : "-");
	map_show(r, &m, youth);
	hp(r, "<p class=\"hv-noprint\"><a href=\"/unge/%l/netvaerk\">%h</a></p>\n", id, _("Tilbage til netværkskortet"));
	page_end(r);
	log_ok(r, "network_view", id);
	db_commit(r->db);
	map_free(&m);
	free(youth);
}

/* ---- the form ----------------------------------------------------------------- */

typedef struct Row {
	const char *name, *rel, *cl, *va, *fq, *help;
	long long key;
	int del;
} Row;

static void err_span(Req *r, const char *name)
{
	const char *err = P_err(r, name);
	if (err)
		hp(r, "<span class=\"form-error-message\" id=\"%a-error\"><span class=\"sr-only\">%h </span>%h</span>\n",
		   name, _("Fejl:"), _(err));
}

static void described(Req *r, const char *name, int hint)
{
	const char *err = P_err(r, name);
	if (hint && err)
		hp(r, " aria-describedby=\"%a-hint %a-error\" aria-invalid=\"true\"", name, name);
	else if (hint)
		hp(r, " aria-describedby=\"%a-hint\"", name);
	else if (err)
		hp(r, " aria-describedby=\"%a-error\" aria-invalid=\"true\"", name);
}

static void net_text(Req *r, const char *name, const char *label, const char *hint, const char *value)
{
	hp(r, "<div class=\"form-group%s\">\n<label class=\"form-label\" for=\"%a\">%h</label>\n",
	   P_err(r, name) ? " form-error" : "", name, label);
	if (hint)
		hp(r, "<span class=\"form-hint\" id=\"%a-hint\">%h</span>\n", name, hint);
	err_span(r, name);
	hp(r, "<input class=\"form-input\" id=\"%a\" name=\"%a\" type=\"text\" autocomplete=\"off\" value=\"%a\"",
	   name, name, value ? value : "");
	described(r, name, hint != NULL);
	hp(r, ">\n</div>\n");
}

static void net_select(Req *r, const char *name, const char *label, const char *value, const Choice *choices)
{
	hp(r, "<div class=\"form-group%s\">\n<label class=\"form-label\" for=\"%a\">%h</label>\n",
	   P_err(r, name) ? " form-error" : "", name, label);
	err_span(r, name);
	hp(r, "<select class=\"form-select\" id=\"%a\" name=\"%a\"", name, name);
	described(r, name, 0);
	hp(r, ">\n<option value=\"\">%h</option>\n", _("Vælg"));
	for (const Choice *c = choices; c->key; c++)
		hp(r, "<option value=\"%a\"%s>%h</option>\n", c->key, streq(value, c->key) ? " selected" : "",
		   _(c->label));
	hp(r, "</select>\n</div>\n");
}

static const struct {
	const char *prefix, *label;
} row_fields[] = {
	{"n", N_("Navn")},
	{"rel", N_("Relation")},
	{"cl", N_("Nærhed")},
	{"va", N_("Støtter eller belaster")},
	{"fq", N_("Kontakt")},
	{"help", N_("Kan hjælpe med")},
	{"key", N_("Person")},
	{"del", N_("Fjern")},
};

static const char *rname(char *buf, size_t n, const char *prefix, int i)
{
	snprintf(buf, n, "%s%d", prefix, i);
	return buf;
}

/* The error summary: each message names the person row and the field. */
static void net_error_summary(Req *r)
{
	if (!r->nerrors)
		return;
	hp(r, "<div class=\"alert alert-error\" role=\"alert\" aria-labelledby=\"error-summary-heading\">\n"
	      "<div class=\"alert-body\">\n<p class=\"alert-heading\" id=\"error-summary-heading\">%h</p>\n"
	      "<ul class=\"alert-text nobullet-list\">\n",
	   _("Formularen er ikke gemt. Ret disse fejl:"));
	for (int i = 0; i < r->nparams; i++) {
		const ParamVal *v = &r->params[i];
		if (!v->err)
			continue;
		const char *nm = v->def->name;
		if (streq(nm, "mapped_on") || streq(nm, "note") || streq(nm, "id")) {
			hp(r, "<li><a href=\"#%a\">%h: %h</a></li>\n", nm,
			   streq(nm, "note") ? _("Note") : _("Dato for kortlægningen"), _(v->err));
			continue;
		}
		size_t plen = strcspn(nm, "0123456789");
		int row = atoi(nm + plen);
		const char *label = "";
		for (size_t k = 0; k < sizeof row_fields / sizeof row_fields[0]; k++)
			if (strlen(row_fields[k].prefix) == plen && strncmp(row_fields[k].prefix, nm, plen) == 0)
				label = row_fields[k].label;
		hp(r, "<li><a href=\"#%a\">%h %d, %h: %h</a></li>\n", nm, _("Person"), row + 1, _(label), _(v->err));
	}
	hp(r, "</ul>\n</div>\n</div>\n");
}

static void form_render(Req *r, long long id, const char *youth, const NetMap *from, const Row *rows, int nrows,
			const char *date, const char *note)
{
	char nm[16];
	page_begin(r, _("Ny netværkskortlægning"));
	breadcrumbs(r, id, youth, _("Ny netværkskortlægning"), 1);
	hp(r, "<h1>%h <span class=\"hv-muted\">%h</span></h1>\n", _("Ny netværkskortlægning"), youth);
	if (from) {
		char d[11];
		date_format_dk(d, from->date);
		hp(r, "<p>%h %h. %h</p>\n", _("Formularen starter med personerne fra kortlægningen"), d,
		   _("Ret, tilføj eller fjern personer. Den tidligere version gemmes uændret."));
	} else {
		hp(r, "<p>%h</p>\n", _("Skriv de personer ind, der er i den unges netværk, både private og professionelle."));
	}
	hp(r, "<p>%h</p>\n", _("Tomme rækker bliver ikke gemt. Brug for flere rækker? Gem, og lav en ny kortlægning."));
	net_error_summary(r);
	Buf action = {0};
	bprintf(&action, "/unge/%l/netvaerk", id);
	form_begin(r, action.p);
	buf_free(&action);
	net_text(r, "mapped_on", _("Dato for kortlægningen (skal udfyldes)"), _("dd.mm.åååå"), date);
	for (int i = 0; i < nrows; i++) {
		const Row *w = &rows[i];
		hp(r, "<fieldset class=\"hv-net-row\">\n<legend class=\"h4\">%h %d</legend>\n", _("Person"), i + 1);
		if (w->key)
			hp(r, "<input type=\"hidden\" name=\"%a\" value=\"%l\">\n", rname(nm, sizeof nm, "key", i), w->key);
		hp(r, "<div class=\"hv-net-fields\">\n");
		net_text(r, rname(nm, sizeof nm, "n", i), _("Navn"), NULL, w->name);
		net_select(r, rname(nm, sizeof nm, "rel", i), _("Relation"), w->rel, net_relations);
		net_select(r, rname(nm, sizeof nm, "cl", i), _("Nærhed"), w->cl, net_closeness);
		net_select(r, rname(nm, sizeof nm, "va", i), _("Støtter eller belaster"), w->va, net_valence);
		net_select(r, rname(nm, sizeof nm, "fq", i), _("Kontakt"), w->fq, net_frequency);
		net_text(r, rname(nm, sizeof nm, "help", i), _("Kan hjælpe med"), NULL, w->help);
		if (w->key) {
			rname(nm, sizeof nm, "del", i);
			hp(r, "<div class=\"form-group\"><ul class=\"nobullet-list\"><li><input id=\"%a\" type=\"checkbox\""
			      " name=\"%a\" value=\"1\" class=\"form-checkbox\"%s><label for=\"%a\">%h</label></li></ul></div>\n",
			   nm, nm, w->del ? " checked" : "", nm, _("Fjern personen fra kortlægningen"));
		}
		hp(r, "</div>\n</fieldset>\n");
	}
	hp(r, "<div class=\"form-group\">\n<label class=\"form-label\" for=\"note\">%h</label>\n", _("Note"));
	err_span(r, "note");
	hp(r, "<textarea class=\"form-input\" id=\"note\" name=\"note\" rows=\"4\"");
	described(r, "note", 0);
	hp(r, ">%h</textarea>\n</div>\n", note ? note : "");
	hp(r, "<button type=\"submit\" class=\"button button-primary\">%h</button>\n", _("Gem netværkskortlægning"));
	form_end(r);
	page_end(r);
}

void page_network_form(Req *r)
{
	long long id = PI(r, "id");
	if (!person_owner(r, id, "network_form"))
		return;
	char opened[11], today[11];
	long long course = current_course(r->db, id, opened);
	char *youth = person_name(r->db, id);
	NetMap m;
	long long latest = latest_map(r->db, course);
	int have = latest && map_load(r->db, id, latest, &m);
	Row rows[NET_MAX_ROWS];
	memset(rows, 0, sizeof rows);
	int n = have ? m.n : 0;
	for (int i = 0; i < n; i++) {
		NetPerson *p = &m.p[i];
		rows[i] = (Row){p->name, p->relation, p->closeness, p->valence, p->frequency, p->help, p->lineage, 0};
	}
	int nrows = n + 5 > 8 ? n + 5 : 8;
	if (nrows > NET_MAX_ROWS)
		nrows = NET_MAX_ROWS;
	today_copenhagen(today);
	char today_dk[11];
	date_format_dk(today_dk, today);
	db_begin(r->db);
	form_render(r, id, youth, have ? &m : NULL, rows, nrows, today_dk, "");
	log_ok(r, "network_form", id);
	db_commit(r->db);
	if (have)
		map_free(&m);
	free(youth);
}

void page_network_post(Req *r)
{
	long long id = PI(r, "id");
	if (!person_owner(r, id, "network_create"))
		return;
	char opened[11], nm[16];
	long long course = current_course(r->db, id, opened);
	if (!course) {
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return;
	}
	long long latest = latest_map(r->db, course);
	char *latest_on = latest ? db_text(r->db, "SELECT mapped_on FROM network_map WHERE id = ?", "I", latest) : NULL;
	const char *on = P(r, "mapped_on");
	if (on && strcmp(on, opened) < 0)
		P_set_err(r, "mapped_on", N_("Datoen ligger før forløbet begyndte."));
	else if (on && latest_on && strcmp(on, latest_on) < 0)
		P_set_err(r, "mapped_on", N_("Datoen ligger før den seneste netværkskortlægning. En ny kortlægning "
					      "skal være dateret samme dag eller senere."));
	free(latest_on);

	/* each row: empty (skipped), removed (skipped) or a whole person */
	Row rows[NET_MAX_ROWS];
	int nrows = 0, people = 0, use[NET_MAX_ROWS];
	for (int i = 0; i < NET_MAX_ROWS; i++) {
		Row *w = &rows[i];
		w->name = P_raw(r, rname(nm, sizeof nm, "n", i));
		w->rel = P_raw(r, rname(nm, sizeof nm, "rel", i));
		w->cl = P_raw(r, rname(nm, sizeof nm, "cl", i));
		w->va = P_raw(r, rname(nm, sizeof nm, "va", i));
		w->fq = P_raw(r, rname(nm, sizeof nm, "fq", i));
		w->help = P_raw(r, rname(nm, sizeof nm, "help", i));
		w->key = PI(r, rname(nm, sizeof nm, "key", i));
		w->del = P(r, rname(nm, sizeof nm, "del", i)) != NULL;
		if (w->name || w->rel || w->cl || w->va || w->fq || w->help || w->key)
			nrows = i + 1;
		use[i] = 0;
		if (w->del)
			continue;
		int named = P(r, rname(nm, sizeof nm, "n", i)) != NULL;
		int other = P(r, rname(nm, sizeof nm, "rel", i)) || P(r, rname(nm, sizeof nm, "cl", i)) ||
			    P(r, rname(nm, sizeof nm, "va", i)) || P(r, rname(nm, sizeof nm, "fq", i)) ||
			    P(r, rname(nm, sizeof nm, "help", i));
		if (!named && !other)
			continue;
		if (!named && !P_err(r, rname(nm, sizeof nm, "n", i)))
			P_set_err(r, nm, N_("Skriv personens navn, eller tøm rækken."));
		static const struct {
			const char *prefix, *msg;
		} need[] = {
			{"rel", N_("Vælg personens relation til den unge.")},
			{"cl", N_("Vælg, hvor tæt personen er på den unge.")},
			{"va", N_("Vælg, om personen støtter, belaster eller begge dele.")},
			{"fq", N_("Vælg, hvor ofte den unge har kontakt med personen.")},
		};
		for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
			if (!P(r, rname(nm, sizeof nm, need[k].prefix, i)) && !P_err(r, nm))
				P_set_err(r, nm, need[k].msg);
		use[i] = 1;
		people++;
	}
	if (!people && !P_err(r, "n0"))
		P_set_err(r, "n0", N_("Skriv mindst én person i den unges netværk."));
	if (r->nerrors) {
		char *youth = person_name(r->db, id);
		if (nrows < 8)
			nrows = 8;
		r->status = 422;
		form_render(r, id, youth, NULL, rows, nrows, P_raw(r, "mapped_on"), P_raw(r, "note"));
		free(youth);
		return;
	}

	char at[21];
	time_iso_utc(at, now());
	db_begin(r->db);
	long long map = db_int(r->db, 0,
			       "INSERT INTO network_map(course_id, mapped_on, note, created_by, created_at)"
			       " VALUES (?,?,?,?,?) RETURNING id",
			       "IttIt", course, on, P(r, "note") ? P(r, "note") : "", r->user.id, at);
	long long next = db_int(r->db, 0, "SELECT COALESCE(MAX(lineage), 0) FROM network_person", "");
	long long used[NET_MAX_ROWS];
	int nused = 0, pos = 0;
	for (int i = 0; i < NET_MAX_ROWS; i++) {
		if (!use[i])
			continue;
		long long lineage = 0, key = rows[i].key;
		int dup = 0;
		for (int k = 0; k < nused; k++)
			dup |= used[k] == key;
		/* the key from the form counts only for a person of this course */
		if (key && !dup &&
		    db_int(r->db, 0,
			   "SELECT COUNT(*) FROM network_person p JOIN network_map m ON m.id = p.map_id"
			   " WHERE m.course_id = ? AND p.lineage = ? AND m.id <> ?",
			   "III", course, key, map) > 0)
			lineage = key;
		else
			lineage = ++next;
		used[nused++] = lineage;
		const char *v[6];
		static const char *const cols[] = {"n", "rel", "cl", "va", "fq", "help"};
		for (int k = 0; k < 6; k++)
			v[k] = P(r, rname(nm, sizeof nm, cols[k], i));
		db_exec(r->db,
			"INSERT INTO network_person(map_id, lineage, position, name, relation, closeness, valence,"
			" frequency, can_help) VALUES (?,?,?,?,?,?,?,?,?)",
			"IIitttttt", map, lineage, pos++, v[0], v[1], v[2], v[3], v[4], v[5] ? v[5] : "");
	}
	log_ok(r, "network_create", id);
	if (!db_commit(r->db))
		return;
	Buf loc = {0};
	flash_set(r, _("Netværkskortlægningen er gemt som en ny version."));
	bprintf(&loc, "/unge/%l/netvaerk", id);
	redirect(r, loc.p);
	buf_free(&loc);
}

/* ---- comparing two versions ------------------------------------------------ */

static const NetPerson *find_lineage(const NetMap *m, long long lineage)
{
	for (int i = 0; i < m->n; i++)
		if (m->p[i].lineage == lineage)
			return &m->p[i];
	return NULL;
}

static void person_summary(Req *r, const NetPerson *p)
{
	hp(r, "<li><strong>%h</strong> (%h, %h, %h, %h %h)</li>\n", p->name, _(choice_label(net_relations, p->relation)),
	   _(choice_label(net_closeness, p->closeness)), _(choice_label(net_valence, p->valence)), _("kontakt:"),
	   _(choice_label(net_frequency, p->frequency)));
}

static void change_row(Req *r, int *n, const char *who, const char *what, const char *before, const char *after)
{
	if (streq(before, after))
		return;
	if ((*n)++ == 0)
		hp(r, "<div class=\"hv-table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">\n"
		      "<table class=\"table table--compact\">\n<caption>%h</caption>\n"
		      "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		      "<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		   _("Ændret"), _("Ændret"), _("Person"), _("Hvad er ændret"), _("Før"), _("Nu"));
	hp(r, "<tr><th scope=\"row\">%h</th><td>%h</td><td>%h</td><td>%h</td></tr>\n", who, what,
	   before[0] ? before : "-", after[0] ? after : "-");
}

static void version_select(Req *r, long long course, const char *name, const char *label, long long chosen)
{
	Stmt q;
	long long no = 0;
	hp(r, "<div class=\"form-group\">\n<label class=\"form-label\" for=\"%a\">%h</label>\n"
	      "<select class=\"form-select\" id=\"%a\" name=\"%a\">\n",
	   name, label, name, name);
	db_query(r->db, &q, "SELECT id, mapped_on FROM network_map WHERE course_id = ? ORDER BY mapped_on, id", "I",
		 course);
	while (db_step(&q)) {
		char d[11];
		date_format_dk(d, db_col_text(&q, 1));
		hp(r, "<option value=\"%l\"%s>%h (%h %l)</option>\n", db_col_int(&q, 0),
		   db_col_int(&q, 0) == chosen ? " selected" : "", d, _("version"), ++no);
	}
	db_finalize(&q);
	hp(r, "</select>\n</div>\n");
}

void page_network_compare(Req *r)
{
	long long id = PI(r, "id");
	if (!person_access(r, id, "network_compare"))
		return;
	char opened[11];
	long long course = current_course(r->db, id, opened);
	long long from = PI(r, "fra"), to = PI(r, "til");
	if (!to)
		to = latest_map(r->db, course);
	if (!from && to)
		from = db_int(r->db, 0,
			      "SELECT m.id FROM network_map m, network_map t WHERE t.id = ? AND m.course_id = t.course_id"
			      " AND (m.mapped_on < t.mapped_on OR (m.mapped_on = t.mapped_on AND m.id < t.id))"
			      " ORDER BY m.mapped_on DESC, m.id DESC LIMIT 1",
			      "I", to);
	NetMap a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	int ok_a = from && map_load(r->db, id, from, &a);
	int ok_b = to && map_load(r->db, id, to, &b);
	if ((PI(r, "fra") && !ok_a) || (PI(r, "til") && !ok_b)) {
		audit_log(r->db, r->user.id, r->user.username, role_key(r->user.role), "network_compare", id,
			  r->route->purpose, "not_found");
		if (ok_a)
			map_free(&a);
		if (ok_b)
			map_free(&b);
		page_fail(r, 404, "%s", N_("Siden findes ikke."));
		return;
	}
	char *youth = person_name(r->db, id);
	db_begin(r->db);
	page_begin(r, _("Sammenlign netværkskortlægninger"));
	breadcrumbs(r, id, youth, _("Sammenlign"), 1);
	hp(r, "<h1>%h <span class=\"hv-muted\">%h</span></h1>\n", _("Sammenlign netværkskortlægninger"), youth);
	if (!ok_a || !ok_b) {
		hp(r, "<p>%h</p>\n", _("Der skal være mindst to netværkskortlægninger for at sammenligne."));
	} else {
		Buf action = {0};
		bprintf(&action, "/unge/%l/netvaerk/sammenlign", id);
		hp(r, "<form method=\"get\" action=\"%a\" class=\"hv-net-compare-form hv-noprint\">\n", action.p);
		buf_free(&action);
		version_select(r, a.course, "fra", _("Fra kortlægningen"), a.id);
		version_select(r, b.course, "til", _("Til kortlægningen"), b.id);
		hp(r, "<button type=\"submit\" class=\"button button-secondary\">%h</button>\n</form>\n",
		   _("Sammenlign"));
		char da[11], db_[11];
		date_format_dk(da, a.date);
		date_format_dk(db_, b.date);
		hp(r, "<h2>%h %h %h %h</h2>\n", _("Fra"), da, _("til"), db_);
		if (a.id == b.id)
			hp(r, "<p>%h</p>\n", _("Du har valgt den samme kortlægning to gange. Vælg to forskellige."));
		int n = 0;
		for (int i = 0; i < b.n; i++)
			if (!find_lineage(&a, b.p[i].lineage)) {
				if (n++ == 0)
					hp(r, "<h3>%h</h3>\n<ul>\n", _("Nye personer i netværket"));
				person_summary(r, &b.p[i]);
			}
		if (n)
			hp(r, "</ul>\n");
		else
			hp(r, "<h3>%h</h3>\n<p>%h</p>\n", _("Nye personer i netværket"), _("Ingen nye personer."));
		n = 0;
		for (int i = 0; i < a.n; i++)
			if (!find_lineage(&b, a.p[i].lineage)) {
				if (n++ == 0)
					hp(r, "<h3>%h</h3>\n<ul>\n", _("Ikke længere med i netværket"));
				person_summary(r, &a.p[i]);
			}
		if (n)
			hp(r, "</ul>\n");
		else
			hp(r, "<h3>%h</h3>\n<p>%h</p>\n", _("Ikke længere med i netværket"), _("Ingen er faldet fra."));
		hp(r, "<h3>%h</h3>\n", _("Ændringer"));
		n = 0;
		int same = 0;
		for (int i = 0; i < b.n; i++) {
			const NetPerson *now_p = &b.p[i], *was = find_lineage(&a, now_p->lineage);
			if (!was)
				continue;
			int before = n;
			change_row(r, &n, now_p->name, _("Navn"), was->name, now_p->name);
			change_row(r, &n, now_p->name, _("Relation"), _(choice_label(net_relations, was->relation)),
				   _(choice_label(net_relations, now_p->relation)));
			change_row(r, &n, now_p->name, _("Nærhed"), _(choice_label(net_closeness, was->closeness)),
				   _(choice_label(net_closeness, now_p->closeness)));
			change_row(r, &n, now_p->name, _("Støtter eller belaster"),
				   _(choice_label(net_valence, was->valence)), _(choice_label(net_valence, now_p->valence)));
			change_row(r, &n, now_p->name, _("Kontakt"), _(choice_label(net_frequency, was->frequency)),
				   _(choice_label(net_frequency, now_p->frequency)));
			change_row(r, &n, now_p->name, _("Kan hjælpe med"), was->help, now_p->help);
			if (n == before)
				same++;
		}
		if (n)
			hp(r, "</tbody>\n</table>\n</div>\n");
		else
			hp(r, "<p>%h</p>\n", _("Ingen ændringer for de personer, der er med i begge kortlægninger."));
		if (same)
			hp(r, "<p>%h %d</p>\n", _("Personer uden ændringer:"), same);
		map_free(&a);
		map_free(&b);
	}
	if (ok_a && !ok_b)
		map_free(&a);
	if (ok_b && !ok_a)
		map_free(&b);
	hp(r, "<p class=\"hv-noprint\"><a href=\"/unge/%l/netvaerk\">%h</a></p>\n", id, _("Tilbage til netværkskortet"));
	page_end(r);
	log_ok(r, "network_compare", id);
	db_commit(r->db);
	free(youth);
}

/* ---- the section on the young person's page --------------------------------- */

void network_section(Req *r, long long person_id, long long course_id)
{
	Stmt q;
	int have = 0;
	char when[11];
	long long people = 0, versions = 0;
	db_query(r->db, &q,
		 "SELECT m.mapped_on, (SELECT COUNT(*) FROM network_person p WHERE p.map_id = m.id),"
		 " (SELECT COUNT(*) FROM network_map v WHERE v.course_id = m.course_id)"
		 " FROM network_map m WHERE m.course_id = ? ORDER BY m.mapped_on DESC, m.id DESC LIMIT 1",
		 "I", course_id);
	if (db_step(&q)) {
		have = 1;
		date_format_dk(when, db_col_text(&q, 0));
		people = db_col_int(&q, 1);
		versions = db_col_int(&q, 2);
	}
	db_finalize(&q);
	hp(r, "<section aria-labelledby=\"h-network\">\n<h2 id=\"h-network\">%h</h2>\n", _("Netværk"));
	if (have)
		hp(r, "<p>%h %h, %l %h (%l %h).</p>\n", _("Seneste netværkskortlægning:"), when, people, _("personer"),
		   versions, versions == 1 ? _("version") : _("versioner"));
	else
		hp(r, "<p>%h</p>\n", _("Der er ingen netværkskortlægning endnu."));
	if (person_is_owner(r, person_id)) { /* the map's pages are the case owner's */
		hp(r, "<p>");
		if (have)
			hp(r, "<a href=\"/unge/%l/netvaerk\">%h</a> · ", person_id, _("Se netværkskort"));
		hp(r, "<a href=\"/unge/%l/netvaerk/ny\">%h</a></p>\n", person_id, _("Ny netværkskortlægning"));
	}
	hp(r, "</section>\n");
}

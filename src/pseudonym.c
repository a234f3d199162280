/* pseudonym.c: the pseudonymised individual-level export for evaluators
 * (issue 6, part 5; DOMAIN.md §10).  Two data sheets and the data
 * dictionary: one row per course active in the period (Forløb) and one row
 * per measurement of those courses (Målinger).  No names, no CPR numbers,
 * no free text, no internal ids: the young person is a keyed hash of the
 * person id under the municipality's secret (municipality.export_key, made
 * on the first export, never shown), dates are months.  docs/pseudonym.md
 * is the dictionary and the method. */
#include "hjemvej.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void pseudonym_of(const unsigned char key[32], long long person_id, char out[17])
{
	char id[32];
	unsigned char h[crypto_generichash_BYTES_MIN]; /* 16 bytes; the first 8 are shown */
	snprintf(id, sizeof id, "%lld", person_id);
	crypto_generichash(h, sizeof h, (const unsigned char *)id, strlen(id), key, 32);
	hex_encode(out, h, 8);
}

/* The municipality's key into key: 1 when it has one. */
static int key_read(Db *db, long long municipality_id, unsigned char key[32])
{
	int ok = 0;
	Stmt q;
	db_query(db, &q, "SELECT export_key FROM municipality WHERE id = ?", "I", municipality_id);
	if (db_step(&q)) {
		size_t n = 0;
		const void *p = db_col_blob(&q, 0, &n);
		if (p && n == 32) {
			memcpy(key, p, 32);
			ok = 1;
		}
	}
	db_finalize(&q);
	return ok;
}

int pseudonym_key(Db *db, long long municipality_id, unsigned char key[32])
{
	/* made once per municipality: after that a read, no write lock */
	if (key_read(db, municipality_id, key))
		return 0;
	if (db_failed(db))
		return -1;
	db_begin(db);
	int ok = key_read(db, municipality_id, key); /* another request may have made it meanwhile */
	if (!ok) {
		unsigned char fresh[32];
		randombytes_buf(fresh, sizeof fresh);
		db_exec(db, "UPDATE municipality SET export_key = ? WHERE id = ? AND export_key IS NULL", "bI", fresh,
			sizeof fresh, municipality_id);
		sodium_memzero(fresh, sizeof fresh);
		ok = key_read(db, municipality_id, key);
	}
	if (!db_commit(db) || !ok) {
		sodium_memzero(key, 32);
		return -1;
	}
	return 0;
}

/* ---- the columns and the data dictionary ----------------------------------- */

typedef struct Col {
	const char *name;    /* stable column name */
	const char *meaning; /* N_ */
	const char *values;  /* N_, or NULL when choices say it */
	const Choice *choices;
} Col;

static const Choice yes_no_01[] = {{"1", N_("Ja")}, {"0", N_("Nej")}, {0, 0}};
static const Choice end_kinds[] = {{"closed", N_("Afsluttet")}, {"declined", N_("Takket nej")}, {0, 0}};

#define MONTH N_("Måned som åååå-mm; tom: ikke sket")

static const Col course_cols[] = {
	{"pseudonym", N_("Den unges pseudonym: det samme for den samme unge i alle kommunens udtræk"),
	 N_("16 hexadecimale tegn"), NULL},
	{"forloeb_nr", N_("Forløbets nummer for den unge (1 er det første)"), N_("Heltal"), NULL},
	{"maalgruppe", N_("Målgruppe"), NULL, target_groups},
	{"alder_ved_henvisning", N_("Alder i hele år ved henvisningen"), N_("Heltal"), NULL},
	{"boligsituation_ved_henvisning", N_("Boligsituation ved henvisningen"), NULL, housing_situations},
	{"henvist_maaned", N_("Måned for henvisningen (trin 1)"), MONTH, NULL},
	{"henviser", N_("Hvilken slags aktør henviste"), NULL, actors},
	{"visiteret_maaned", N_("Måned for udredning og visitation (trin 2)"), MONTH, NULL},
	{"kombination", N_("Den visiterede kombination"), NULL, combinations},
	{"startet_maaned", N_("Måned for start i samarbejdsmodellen (trin 3)"), MONTH, NULL},
	{"bolig_fundet_maaned", N_("Måned hvor en bolig blev tildelt eller lejekontrakten underskrevet"), MONTH, NULL},
	{"flyttet_ind_maaned", N_("Måned for indflytning i egen bolig (trin 5)"), MONTH, NULL},
	{"model_afsluttet_maaned", N_("Måned hvor samarbejdsmodellen blev afsluttet (trin 7)"), MONTH, NULL},
	{"lukket_maaned", N_("Måned hvor forløbet blev lukket"), MONTH, NULL},
	{"afslutning", N_("Hvordan forløbet endte"), NULL, end_kinds},
	{"afslutningsaarsag", N_("Årsag til afslutningen"), NULL, end_reasons},
	{"cti_start_maaned", N_("Måned for start af det første CTI-forløb"), MONTH, NULL},
	{"cti_slut_maaned", N_("Måned for afslutning af det første CTI-forløb"), MONTH, NULL},
	{"icm_start_maaned", N_("Måned for start af det første ICM-forløb"), MONTH, NULL},
	{"icm_slut_maaned", N_("Måned for afslutning af det første ICM-forløb"), MONTH, NULL},
	{"act_start_maaned", N_("Måned for start af det første ACT-forløb"), MONTH, NULL},
	{"act_slut_maaned", N_("Måned for afslutning af det første ACT-forløb"), MONTH, NULL},
	{0, 0, 0, 0},
};
enum { N_COURSE_COLS = sizeof course_cols / sizeof course_cols[0] - 1 };

static const Choice instrument_keys[] = {
	{"individ_model", N_("Individskema, samarbejdsmodellen (koordinatoren)")},
	{"individ_support", N_("Individskema, bostøtte (bostøttemedarbejderen)")},
	{"dialog", N_("Dialogskema (den unge)")},
	{0, 0},
};

static const Col measure_cols[] = {
	{"pseudonym", N_("Den unges pseudonym (som i arket Forløb)"), N_("16 hexadecimale tegn"), NULL},
	{"forloeb_nr", N_("Forløbets nummer for den unge (som i arket Forløb)"), N_("Heltal"), NULL},
	{"instrument", N_("Hvilket skema"), NULL, instrument_keys},
	{"maaling_nr", N_("Målingens nummer: 0 ved starten, derefter 1, 2, ... hver tredje måned"), N_("Heltal"), NULL},
	{"slutmaaling", N_("Slutmålingen ved afslutningen"), NULL, yes_no_01},
	{"udfyldt_maaned", N_("Måned hvor målingen blev udfyldt"), MONTH, NULL},
	{"periode_slut_maaned", N_("Måned hvor perioden, målingen dækker, sluttede"), MONTH, NULL},
	{"bolig_samlet", N_("Boligsituationen samlet (fra spørgsmålet om boligsituation)"), NULL, housing_summaries},
	{0, 0, 0, 0},
};
enum { N_MEASURE_FIXED = sizeof measure_cols / sizeof measure_cols[0] - 1 };

/* The answer columns: every item of the instruments that is not free text,
 * once by key in the order of first appearance. */
#define MAX_ITEM_COLS 64
static int item_cols(const InstrItemDef **out)
{
	int n = 0;
	for (const InstrDef *d = instruments; d->key; d++)
		for (const InstrItemDef *it = d->items; it->key; it++) {
			if (streq(it->kind, "text"))
				continue;
			int seen = 0;
			for (int k = 0; k < n; k++)
				seen |= streq(out[k]->key, it->key);
			if (!seen && n < MAX_ITEM_COLS)
				out[n++] = it;
		}
	return n;
}

static void choices_text(Req *r, Buf *b, const Choice *c)
{
	for (; c && c->key; c++)
		bprintf(b, "%h%h = %h", b->n ? "; " : "", c->key, _(c->label));
}

static void dict_row(Req *r, Table *t, const char *sheet, const char *name, const char *meaning, const char *values,
		     const Choice *choices)
{
	table_row(t);
	cell_text(t, sheet);
	cell_text(t, name);
	cell_text(t, meaning);
	Buf b = {0};
	if (values)
		buf_puts(&b, values);
	else
		choices_text(r, &b, choices);
	cell_text(t, buf_str(&b));
	buf_free(&b);
}

static Table *dictionary(Req *r)
{
	Table *t = table_new(_("Dataordbog"), 4, _("Ark"), _("Kolonne"), _("Betydning"), _("Værdier"));
	t->row_heads = 0;
	for (const Col *c = course_cols; c->name; c++)
		dict_row(r, t, _("Forløb"), c->name, _(c->meaning), c->values ? _(c->values) : NULL, c->choices);
	for (const Col *c = measure_cols; c->name; c++)
		dict_row(r, t, _("Målinger"), c->name, _(c->meaning), c->values ? _(c->values) : NULL, c->choices);
	const InstrItemDef *items[MAX_ITEM_COLS];
	int n = item_cols(items);
	for (int k = 0; k < n; k++) {
		Buf m = {0};
		for (const InstrDef *d = instruments; d->key; d++)
			for (const InstrItemDef *it = d->items; it->key; it++)
				if (streq(it->key, items[k]->key))
					bprintf(&m, "%h%h: %h", m.n ? "; " : "", d->key, _(it->label));
		Buf v = {0};
		const InstrItemDef *it = items[k];
		if (streq(it->kind, "number"))
			bprintf(&v, _("Heltal 0-%d"), it->max);
		else if (streq(it->kind, "hours"))
			buf_puts(&v, _("Minutter (heltal)"));
		else {
			if (streq(it->kind, "multi"))
				bprintf(&v, "%h ", _("Flere værdier adskilt af mellemrum:"));
			const Choice *sc = instrument_scale(it->scale);
			Buf cv = {0};
			choices_text(r, &cv, sc);
			buf_puts(&v, buf_str(&cv));
			buf_free(&cv);
		}
		dict_row(r, t, _("Målinger"), it->key, buf_str(&m), buf_str(&v), NULL);
		buf_free(&m);
		buf_free(&v);
	}
	table_note(t, _("Tom celle: ikke besvaret eller ikke sket. Koderne er de samme i alle udtræk."));
	return t;
}

/* ---- the data ------------------------------------------------------------ */

typedef struct XCourse {
	long long id;
	char pseudo[17];
	long long no;
	char *v[N_COURSE_COLS]; /* text of columns 2.. (months as åååå-mm) */
	long long age;          /* -1 unknown */
	int at;                 /* the index in id order (before the sort by pseudonym) */
} XCourse;

static int xcourse_cmp(const void *a, const void *b)
{
	const XCourse *x = a, *y = b;
	int c = strcmp(x->pseudo, y->pseudo);
	return c ? c : (x->no > y->no) - (x->no < y->no);
}

static int xcourse_by_id(const void *a, const void *b)
{
	const XCourse *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* A measurement of the export: its fixed columns, its course (index in
 * the course list by id, then its place in the sheet by pseudonym) and its
 * index in id order.  The answers are not here: each is written straight
 * into its cell of the sheet (see pseudonym_tables). */
typedef struct XMeas {
	long long id, period_no;
	int course, rank, j, final;
	char *key, *filled, *period_to;
} XMeas;

static int xmeas_cmp(const void *a, const void *b)
{
	const XMeas *x = a, *y = b;
	if (x->rank != y->rank)
		return (x->rank > y->rank) - (x->rank < y->rank);
	return (x->id > y->id) - (x->id < y->id);
}

static XCourse *xcourse_find(XCourse *cs, int n, long long id)
{
	XCourse k = {.id = id};
	return n ? bsearch(&k, cs, (size_t)n, sizeof *cs, xcourse_by_id) : NULL;
}

static char *month_of(const char *iso)
{
	return iso && iso[0] ? xstrndup(iso, 7) : NULL;
}

/* The column positions in XCourse.v (same as course_cols). */
enum {
	CC_TARGET = 2, CC_AGE, CC_HOUSING, CC_REFERRED, CC_REFERRER, CC_ALLOCATED, CC_COMBINATION, CC_STARTED, CC_HOME,
	CC_MOVED, CC_MODEL_END, CC_CLOSED, CC_END_KIND, CC_END_REASON, CC_CTI, CC_ICM = CC_CTI + 2, CC_ACT = CC_ICM + 2
};

/* Every query below takes the courses of the municipality active in [from, to].
 * A course's first dates of the steps, its combination and how it ended are
 * the figures kept on its row (migration 18), not a search per course. */

void pseudonym_tables(Req *r, const unsigned char key[32], const char *from, const char *to, Table *t[PS_N])
{
	long long muni = r->user.municipality_id;
	XCourse *cs = NULL;
	int n = 0, cap = 0;
	Stmt q;
	db_query(r->db, &q,
		 "SELECT c.id, p.id, p.cpr, c.target_group, c.kept_referred_on,"
		 " (SELECT f.referrer_actor FROM referral f WHERE f.course_id = c.id ORDER BY f.referred_on, f.id LIMIT 1),"
		 " (SELECT f.housing_situation FROM referral f WHERE f.course_id = c.id ORDER BY f.referred_on, f.id LIMIT 1),"
		 " c.kept_step2_on, COALESCE(c.kept_combination, ''), c.kept_step3_on, c.kept_home_found_on,"
		 " c.kept_step5_on, c.kept_step7_on, c.closed_on, COALESCE(c.kept_end_kind, ''), COALESCE(x.end_reason, ''),"
		 " (SELECT COUNT(*) FROM course c2 WHERE c2.person_id = c.person_id AND (c2.opened_on < c.opened_on"
		 " OR (c2.opened_on = c.opened_on AND c2.id <= c.id)))"
		 " FROM course c JOIN person p ON p.id = c.person_id LEFT JOIN course_end x ON x.course_id = c.id"
		 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?) ORDER BY c.id",
		 "Itt", muni, to, from);
	while (db_step(&q)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			cs = xrealloc(cs, (size_t)cap * sizeof *cs);
		}
		XCourse *x = &cs[n++];
		memset(x, 0, sizeof *x);
		x->id = db_col_int(&q, 0);
		pseudonym_of(key, db_col_int(&q, 1), x->pseudo);
		x->no = db_col_int(&q, 16);
		x->age = -1;
		char birth[11];
		const char *referred = db_col_text(&q, 4);
		if (referred[0] && cpr_birth_date(db_col_text(&q, 2), birth) == 0) {
			int by, bm, bd, ry, rm, rd;
			if (sscanf(birth, "%4d-%2d-%2d", &by, &bm, &bd) == 3 &&
			    sscanf(referred, "%4d-%2d-%2d", &ry, &rm, &rd) == 3)
				x->age = ry - by - (rm < bm || (rm == bm && rd < bd));
		}
		x->v[CC_TARGET] = xstrdup(db_col_text(&q, 3));
		x->v[CC_HOUSING] = xstrdup(db_col_text(&q, 6));
		x->v[CC_REFERRED] = month_of(referred);
		x->v[CC_REFERRER] = xstrdup(db_col_text(&q, 5));
		x->v[CC_ALLOCATED] = month_of(db_col_text(&q, 7));
		x->v[CC_COMBINATION] = xstrdup(db_col_text(&q, 8));
		x->v[CC_STARTED] = month_of(db_col_text(&q, 9));
		x->v[CC_HOME] = month_of(db_col_text(&q, 10));
		x->v[CC_MOVED] = month_of(db_col_text(&q, 11));
		x->v[CC_MODEL_END] = month_of(db_col_text(&q, 12));
		x->v[CC_CLOSED] = month_of(db_col_text(&q, 13));
		x->v[CC_END_KIND] = xstrdup(db_col_text(&q, 14));
		x->v[CC_END_REASON] = xstrdup(db_col_text(&q, 15));
	}
	db_finalize(&q);
	/* the first support course of each method */
	db_query(r->db, &q,
		 "SELECT s.course_id, s.method, s.start_on, s.end_on FROM support_course s"
		 " JOIN course c ON c.id = s.course_id JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?) ORDER BY s.course_id, s.start_on, s.id",
		 "Itt", muni, to, from);
	while (db_step(&q)) {
		XCourse *x = xcourse_find(cs, n, db_col_int(&q, 0));
		int m = method_from_key(db_col_text(&q, 1));
		if (!x || m < METHOD_CTI || m > METHOD_ACT)
			continue;
		int col = CC_CTI + 2 * (m - METHOD_CTI);
		if (x->v[col])
			continue;
		x->v[col] = month_of(db_col_text(&q, 2));
		x->v[col + 1] = month_of(db_col_text(&q, 3));
	}
	db_finalize(&q);

	/* the measurements of these courses and their answers.  The sheet's
	 * rows are made first, in its final order, and each answer is then
	 * written into its cell: no row per measurement with room for every
	 * item and no sort of such rows (45 MB at national scale, most of the
	 * server's memory peak during the reports). */
	const InstrItemDef *items[MAX_ITEM_COLS];
	int ni = item_cols(items);
	int ncols = N_MEASURE_FIXED + ni;
	Table *m = xcalloc(1, sizeof *m); /* as table_new, with the number of columns known only now */
	{
		m->title = xstrdup(_("Målinger"));
		m->ncols = ncols;
		m->heads = xcalloc((size_t)ncols, sizeof *m->heads);
		for (int k = 0; k < N_MEASURE_FIXED; k++)
			m->heads[k] = xstrdup(measure_cols[k].name);
		for (int k = 0; k < ni; k++)
			m->heads[N_MEASURE_FIXED + k] = xstrdup(items[k]->key);
	}
	XMeas *ms = NULL;
	long long *mid = NULL;
	int nm = 0, mcap = 0;
	db_query(r->db, &q,
		 "SELECT m.id, m.course_id, m.instrument_key, m.period_no, m.final, m.filled_on, m.period_to"
		 " FROM measurement m JOIN course c ON c.id = m.course_id JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?) ORDER BY m.id",
		 "Itt", muni, to, from);
	while (db_step(&q)) {
		XCourse *x = xcourse_find(cs, n, db_col_int(&q, 1));
		if (!x)
			continue;
		if (nm == mcap) {
			mcap = mcap ? 2 * mcap : 64;
			ms = xrealloc(ms, (size_t)mcap * sizeof *ms);
			mid = xrealloc(mid, (size_t)mcap * sizeof *mid);
		}
		XMeas *y = &ms[nm];
		memset(y, 0, sizeof *y);
		y->j = nm;
		mid[nm++] = y->id = db_col_int(&q, 0);
		y->course = (int)(x - cs);
		y->key = xstrdup(db_col_text(&q, 2));
		y->period_no = db_col_int(&q, 3);
		y->final = (int)db_col_int(&q, 4);
		y->filled = month_of(db_col_text(&q, 5));
		y->period_to = month_of(db_col_text(&q, 6));
	}
	db_finalize(&q);

	/* the course sheet, sorted by pseudonym and course number (not by the
	 * internal order, which would hint at the dates) */
	for (int i = 0; i < n; i++)
		cs[i].at = i;
	if (n)
		qsort(cs, (size_t)n, sizeof *cs, xcourse_cmp);
	int *rank = xcalloc((size_t)n + 1, sizeof *rank);
	for (int i = 0; i < n; i++)
		rank[cs[i].at] = i;
	Table *c = xcalloc(1, sizeof *c);
	c->title = xstrdup(_("Forløb"));
	c->ncols = N_COURSE_COLS;
	c->heads = xcalloc(N_COURSE_COLS, sizeof *c->heads);
	for (int k = 0; k < N_COURSE_COLS; k++)
		c->heads[k] = xstrdup(course_cols[k].name);
	table_reserve(c, n);
	for (int i = 0; i < n; i++) {
		XCourse *x = &cs[i];
		table_row(c);
		cell_text(c, x->pseudo);
		cell_int(c, x->no);
		for (int k = 2; k < N_COURSE_COLS; k++) {
			int month = strstr(course_cols[k].name, "_maaned") != NULL;
			if (k == CC_AGE) {
				if (x->age >= 0)
					cell_int(c, x->age);
				else
					cell_empty(c);
			} else if (!x->v[k] || !x->v[k][0])
				cell_empty(c);
			else if (month)
				cell_month(c, x->v[k]);
			else
				cell_text(c, x->v[k]);
		}
	}

	/* the measurement sheet in the same order (by course, then as read),
	 * the answers' cells left empty; row_of[] gives each measurement's row
	 * by its index in id order */
	for (int j = 0; j < nm; j++)
		ms[j].rank = rank[ms[j].course];
	if (nm)
		qsort(ms, (size_t)nm, sizeof *ms, xmeas_cmp);
	int *row_of = xcalloc((size_t)nm + 1, sizeof *row_of);
	table_reserve(m, nm);
	for (int i = 0; i < nm; i++) {
		XMeas *y = &ms[i];
		XCourse *x = &cs[y->rank];
		row_of[y->j] = i;
		table_row(m);
		cell_text(m, x->pseudo);
		cell_int(m, x->no);
		cell_text(m, y->key);
		cell_int(m, y->period_no);
		cell_int(m, y->final);
		cell_month(m, y->filled);
		cell_month(m, y->period_to);
	}

	/* every stored version's items by id, read once: the answers below are
	 * then placed without a join or a string comparison per answer (about
	 * a million answers for the largest municipality) */
	long long maxitem = db_int(r->db, 0, "SELECT MAX(id) FROM instrument_item", "");
	struct {
		int col; /* the measurement sheet's column, or -1 */
		unsigned char use, numeric, housing;
	} *im = xcalloc((size_t)maxitem + 1, sizeof *im);
	db_query(r->db, &q, "SELECT id, key, kind FROM instrument_item", "");
	while (db_step(&q)) {
		long long id = db_col_int(&q, 0);
		const char *k = db_col_text(&q, 1), *kind = db_col_text(&q, 2);
		if (id < 1 || id > maxitem || streq(kind, "text"))
			continue;
		im[id].use = 1;
		im[id].numeric = streq(kind, "scale") || streq(kind, "number") || streq(kind, "hours");
		im[id].housing = streq(k, "housing");
		im[id].col = -1;
		for (int k2 = 0; k2 < ni; k2++)
			if (streq(items[k2]->key, k))
				im[id].col = k2;
	}
	db_finalize(&q);
	db_query(r->db, &q,
		 "SELECT a.measurement_id, a.item_id, a.num, a.txt FROM measurement_answer a"
		 " JOIN measurement m ON m.id = a.measurement_id"
		 " JOIN course c ON c.id = m.course_id JOIN person p ON p.id = c.person_id"
		 " WHERE p.municipality_id = ? AND c.opened_on <= ? AND (c.closed_on IS NULL OR c.closed_on >= ?)",
		 "Itt", muni, to, from);
	/* the answers in the order SQLite finds them (sorting a million rows
	 * cost more than the rest of the export); each one's measurement by
	 * binary search in mid[], which is in id order.  A number wins over a
	 * text for the same item; otherwise the last answer read does; the
	 * housing summary comes from the first housing answer. */
	while (db_step(&q)) {
		long long id = db_col_int(&q, 0), item = db_col_int(&q, 1);
		if (item < 1 || item > maxitem || !im[item].use)
			continue;
		int lo = 0, hi = nm;
		while (lo < hi) {
			int h = lo + (hi - lo) / 2;
			if (mid[h] < id)
				lo = h + 1;
			else
				hi = h;
		}
		if (lo >= nm || mid[lo] != id)
			continue;
		int row = row_of[lo];
		if (im[item].housing) {
			Cell *h = table_at(m, row, N_MEASURE_FIXED - 1);
			if (h->t == C_EMPTY) {
				h->t = C_TEXT;
				h->s = xstrdup(housing_summary(db_col_text(&q, 3)));
			}
		}
		if (im[item].col < 0)
			continue;
		Cell *a = table_at(m, row, N_MEASURE_FIXED + im[item].col);
		if (im[item].numeric && !db_col_null(&q, 2)) {
			free(a->s);
			a->s = NULL;
			a->t = C_INT;
			a->v = (double)db_col_int(&q, 2);
		} else if (!im[item].numeric && db_col_text(&q, 3)[0] && a->t != C_INT) {
			free(a->s);
			a->t = C_TEXT;
			a->s = xstrdup(db_col_text(&q, 3));
		}
	}
	db_finalize(&q);
	free(im);
	for (int i = 0; i < nm; i++) {
		Cell *h = table_at(m, i, N_MEASURE_FIXED - 1);
		if (h->t == C_EMPTY) {
			h->t = C_TEXT;
			h->s = xstrdup("unknown");
		}
	}

	for (int j = 0; j < nm; j++) {
		free(ms[j].key);
		free(ms[j].filled);
		free(ms[j].period_to);
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < N_COURSE_COLS; k++)
			free(cs[i].v[k]);
	free(row_of);
	free(rank);
	free(ms);
	free(mid);
	free(cs);
	c->row_heads = 0;
	m->row_heads = 0;
	t[PS_COURSES] = c;
	t[PS_MEASUREMENTS] = m;
	t[PS_DICTIONARY] = dictionary(r);
}

/* ---- the pages ----------------------------------------------------------- */

/* The default period: from the first day of last year to today. */
static void default_period(char from[11], char to[11])
{
	today_copenhagen(to);
	format_ymd(from, atoi(to) - 1, 1, 1);
}

void page_pseudonym(Req *r)
{
	char from[11], to[11], fdk[11], tdk[11];
	default_period(from, to);
	date_format_dk(fdk, from);
	date_format_dk(tdk, to);
	db_begin(r->db);
	audit_muni(r, "view_pseudonym_export", "ok");
	db_commit(r->db);
	page_begin(r, _("Pseudonymiseret udtræk"));
	hp(r, "<h1>%h</h1>\n<p class=\"lead\">%h</p>\n", _("Pseudonymiseret udtræk til evaluering"),
	   _("Et udtræk på individniveau til evaluatorer: én række pr. forløb, der har været aktivt i perioden, og én "
	     "række pr. måling i disse forløb."));
	hp(r, "<ul>\n<li>%h</li>\n<li>%h</li>\n<li>%h</li>\n<li>%h</li>\n</ul>\n",
	   _("Ingen navne, ingen CPR-numre, ingen fritekst og ingen interne id'er."),
	   _("Den unge har et pseudonym, der er det samme i alle kommunens udtræk. Det beregnes med en hemmelig nøgle, "
	     "som kun findes i databasen og aldrig vises; en anden kommune får andre pseudonymer."),
	   _("Datoer er gjort grovere til måneder (åååå-mm)."),
	   _("Udtrækket logges i adgangsloggen. Opbevar filen efter kommunens regler for personoplysninger."));
	hp(r, "<form method=\"get\" action=\"/eksport/pseudonym\" class=\"hv-noprint\">\n"
	      "<fieldset><legend class=\"h3\">%h</legend>\n"
	      "<div class=\"form-group\"><label class=\"form-label\" for=\"fra\">%h</label>"
	      "<span class=\"form-hint\" id=\"fra-hint\">%h</span>"
	      "<input class=\"form-input input-width-s\" id=\"fra\" name=\"fra\" type=\"text\" value=\"%a\" "
	      "aria-describedby=\"fra-hint\"></div>\n"
	      "<div class=\"form-group\"><label class=\"form-label\" for=\"til\">%h</label>"
	      "<span class=\"form-hint\" id=\"til-hint\">%h</span>"
	      "<input class=\"form-input input-width-s\" id=\"til\" name=\"til\" type=\"text\" value=\"%a\" "
	      "aria-describedby=\"til-hint\"></div>\n</fieldset>\n"
	      "<ul class=\"hv-actions\">\n<li><button class=\"button button-primary\" type=\"submit\" name=\"format\" "
	      "value=\"csv\">%h</button></li>\n<li><button class=\"button button-secondary\" type=\"submit\" "
	      "name=\"format\" value=\"xlsx\">%h</button></li>\n</ul>\n</form>\n",
	   _("Periode"), _("Fra"), _("Skriv datoen som dd.mm.åååå"), fdk, _("Til"), _("Skriv datoen som dd.mm.åååå"), tdk,
	   _("Hent som CSV"), _("Hent som Excel"));
	hp(r, "<h2>%h</h2>\n<p>%h</p>\n", _("Dataordbog"),
	   _("Hver kolonne i udtrækket med betydning og mulige værdier. Ordbogen er også med i filen."));
	Table *d = dictionary(r);
	table_html(r, d);
	table_free(d);
	page_end(r);
}

void page_pseudonym_export(Req *r)
{
	const char *f = P(r, "format");
	if (!f || !*f) {
		redirect(r, "/eksport");
		return;
	}
	char from[11], to[11];
	default_period(from, to);
	if (P(r, "fra") && *P(r, "fra"))
		snprintf(from, sizeof from, "%s", P(r, "fra"));
	if (P(r, "til") && *P(r, "til"))
		snprintf(to, sizeof to, "%s", P(r, "til"));
	if (strcmp(from, to) > 0) {
		page_fail(r, 422, _("Fra-datoen skal ligge før til-datoen."));
		return;
	}
	unsigned char key[32];
	if (pseudonym_key(r->db, r->user.municipality_id, key) != 0) {
		page_fail(r, 500, _("Filen kunne ikke laves."));
		return;
	}
	Table *t[PS_N];
	pseudonym_tables(r, key, from, to, t);
	sodium_memzero(key, sizeof key);
	table_export(r, "pseudonymiseret", t, PS_N);
	db_begin(r->db);
	audit_muni(r, "export_pseudonym", r->status >= 400 ? "failed" : "ok");
	db_commit(r->db);
	for (int i = 0; i < PS_N; i++)
		table_free(t[i]);
}

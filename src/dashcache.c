/* dashcache.c: the dashboard's figures kept between requests (issue 7).
 *
 * One dashboard costs about 250 ms of SQL at national scale, so under load
 * /overblik could only queue.  The figures (the Tables of overview_tables)
 * are kept in the server process and shared by the requests that ask for
 * the same thing:
 *
 * - The key is the municipality, the reference day (til, or today), today
 *   (Europe/Copenhagen: caseloads and due dates are counted on it) and the
 *   language (the Tables hold translated labels).  Nothing else goes into
 *   the figures: they are the same for every leader of the municipality.
 * - Each municipality has a generation, bumped by http.c when a request of
 *   one of its users committed a change (a write transaction begun with
 *   db_begin; access-log rows of views do not count).  An entry keeps the
 *   generation of the moment its computation began and is used only while
 *   that is still the generation: a change committed while it was computed
 *   makes it stale at once.  Generations live in GEN_BUCKETS counters
 *   chosen by the municipality's id; two municipalities that share a counter
 *   only invalidate each other's entries more often, never share figures
 *   (the key holds the id itself).  A logged-in user without a municipality
 *   bumps every entry.
 * - Changes made by another process (the command line, the sqlite3 tool)
 *   are not seen by the counters, so no entry is used when it is
 *   DASH_CACHE_MAX_AGE seconds old or older.
 * - What is kept: the Tables (for the page's tables and the CSV and Excel
 *   exports) and the figures drawn from them as HTML (overview.c): drawing
 *   the charts took about 0.5 ms of CPU, copying them takes microseconds.
 * - At most one request computes a key at a time: another request for the
 *   same key and generation waits for it (a condition variable), then uses
 *   the result; if the computation failed it computes itself.
 * - DASH_CACHE_SLOTS entries; a new key takes a free slot, else one that is
 *   stale or too old, else the least recently used.  A slot being computed
 *   is never taken; when every slot is being computed the request computes
 *   without keeping the result.
 *
 * Worst-case memory: an entry is 12 Tables and the figures drawn as HTML.
 * No table has more than 12 rows except the referrers' (one per kind of
 * actor, 30) and none more than 7 columns: at most about 1,000 cells of
 * 48 bytes, 2,000 with the row arrays' doubling, so under 100 KB with the
 * strings of titles, headings and notes.  The HTML is about 48 KB at
 * national scale and bounded by the same rows: under 100 KB.  32 entries:
 * under 7 MB, plus the 8 KB of generation counters.  Figures handed out
 * stay alive (a reference count) until their last reader lets them go,
 * even if their slot was reused meanwhile: at most one more set per worker
 * thread.
 *
 * Figures in the cache are never written to: readers on several threads
 * draw them at the same time. */
#include "hjemvej.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GEN_BUCKETS 1024

struct DashFigs {
	Table *t[OV_N];
	int any[OV_N];
	char *html; /* the figures drawn (overview.c), or NULL */
	size_t nhtml;
	time_t made;
	int refs; /* under lock */
};

typedef struct Slot {
	int used;      /* holds a key (computing, or figures) */
	int computing; /* a request computes it now */
	long long muni;
	char ref[11], today[11], lang[8];
	unsigned long long gen, epoch; /* when its computation began */
	unsigned long long last;       /* tick of its last use */
	DashFigs *figs;
} Slot;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t computed = PTHREAD_COND_INITIALIZER;
static Slot slots[DASH_CACHE_SLOTS];
static unsigned long long gens[GEN_BUCKETS], epoch, tick;
static long hits, misses;

static unsigned long long *gen_of(long long muni)
{
	return &gens[(unsigned long long)muni % GEN_BUCKETS];
}

DashFigs *dash_figs_new(void)
{
	DashFigs *f = xcalloc(1, sizeof *f);
	f->refs = 1;
	f->made = now();
	return f;
}

Table **dash_figs_tables(DashFigs *f)
{
	return f->t;
}

int *dash_figs_any(DashFigs *f)
{
	return f->any;
}

time_t dash_figs_made(const DashFigs *f)
{
	return f->made;
}

/* The figures drawn as HTML (by hp, overview.c), kept with them: drawing
 * the charts is most of a kept page's time.  Takes p (malloc'd). */
void dash_figs_set_html(DashFigs *f, char *p, size_t n)
{
	free(f->html);
	f->html = p;
	f->nhtml = n;
}

const char *dash_figs_html(const DashFigs *f, size_t *n)
{
	*n = f->nhtml;
	return f->html;
}

static void figs_free(DashFigs *f)
{
	for (int i = 0; i < OV_N; i++)
		table_free(f->t[i]);
	free(f->html);
	free(f);
}

/* Drops one reference; the figures are freed with the last. */
void dash_figs_release(DashFigs *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&lock);
	int last = --f->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last)
		figs_free(f);
}

/* Under lock: the slot forgets its key and figures.  The figures are freed
 * by the caller after unlocking when this was their last reference. */
static DashFigs *slot_clear(Slot *s)
{
	DashFigs *f = s->figs;
	memset(s, 0, sizeof *s);
	if (f && --f->refs == 0)
		return f;
	return NULL;
}

static int slot_fresh(const Slot *s, time_t t)
{
	return s->gen == *gen_of(s->muni) && s->epoch == epoch &&
	       (s->computing || (t - s->figs->made >= 0 && t - s->figs->made < DASH_CACHE_MAX_AGE));
}

static int key_eq(const Slot *s, long long muni, const char *ref, const char *today, const char *lang)
{
	return s->used && s->muni == muni && streq(s->ref, ref) && streq(s->today, today) && streq(s->lang, lang);
}

/* A kept slot's figures for a request (lock held): a reference, a hit. */
static DashFigs *slot_take(Slot *s)
{
	s->last = ++tick;
	s->figs->refs++;
	hits++;
	return s->figs;
}

DashFigs *dash_cache_get(long long muni, const char *ref, const char *today, const char *lang, DashTicket *tk)
{
	DashFigs *drop = NULL;
	tk->slot = -1;
	pthread_mutex_lock(&lock);
	for (;;) {
		time_t t = now();
		Slot *found = NULL;
		for (int i = 0; i < DASH_CACHE_SLOTS && !found; i++)
			if (key_eq(&slots[i], muni, ref, today, lang) && slot_fresh(&slots[i], t))
				found = &slots[i];
		if (found && found->computing) {
			pthread_cond_wait(&computed, &lock);
			continue; /* done (or failed, or the slot went stale): look again */
		}
		if (found) {
			DashFigs *f = slot_take(found);
			pthread_mutex_unlock(&lock);
			return f;
		}
		/* not there: take a slot and compute it */
		Slot *v = NULL;
		for (int i = 0; i < DASH_CACHE_SLOTS; i++) {
			Slot *s = &slots[i];
			if (s->computing)
				continue;
			if (!s->used) {
				v = s;
				break;
			}
			if (!slot_fresh(s, t)) {
				v = s; /* stale or too old: no use to anyone */
				break;
			}
			if (!v || s->last < v->last)
				v = s;
		}
		misses++;
		if (v) {
			drop = slot_clear(v);
			v->used = v->computing = 1;
			v->muni = muni;
			snprintf(v->ref, sizeof v->ref, "%s", ref);
			snprintf(v->today, sizeof v->today, "%s", today);
			snprintf(v->lang, sizeof v->lang, "%s", lang);
			v->gen = *gen_of(muni);
			v->epoch = epoch;
			v->last = ++tick;
			tk->slot = (int)(v - slots);
			tk->gen = v->gen;
			tk->epoch = v->epoch;
		}
		break;
	}
	pthread_mutex_unlock(&lock);
	if (drop)
		figs_free(drop);
	return NULL;
}

/* The kept figures if they are there and fresh (a reference: release
 * them), else NULL at once: nothing claimed, no wait for a computation. */
DashFigs *dash_cache_peek(long long muni, const char *ref, const char *today, const char *lang)
{
	DashFigs *f = NULL;
	pthread_mutex_lock(&lock);
	time_t t = now();
	for (int i = 0; i < DASH_CACHE_SLOTS && !f; i++) {
		Slot *s = &slots[i];
		if (key_eq(s, muni, ref, today, lang) && slot_fresh(s, t) && !s->computing)
			f = slot_take(s);
	}
	pthread_mutex_unlock(&lock);
	return f;
}

/* The computation claimed by dash_cache_get is done: keep f (the cache
 * takes its own reference; the caller keeps and releases its own), or
 * f NULL when it failed.  A result computed across a change is not kept.
 * Every request waiting for the key looks again. */
void dash_cache_put(DashTicket *tk, DashFigs *f)
{
	if (tk->slot < 0)
		return;
	pthread_mutex_lock(&lock);
	Slot *s = &slots[tk->slot];
	ASSERT(s->used && s->computing && !s->figs);
	if (f && s->gen == *gen_of(s->muni) && s->epoch == epoch) {
		s->computing = 0;
		s->figs = f;
		f->refs++;
	} else {
		slot_clear(s);
	}
	pthread_cond_broadcast(&computed);
	pthread_mutex_unlock(&lock);
	tk->slot = -1;
}

/* A request committed a change to the case data of the municipality
 * (muni <= 0: of any municipality). */
void dash_cache_changed(long long muni)
{
	pthread_mutex_lock(&lock);
	if (muni > 0)
		(*gen_of(muni))++;
	else
		epoch++;
	pthread_mutex_unlock(&lock);
}

/* For the tests and the request log: hits and misses since start, and the
 * slots holding figures. */
void dash_cache_stats(long *nhits, long *nmisses, int *nentries)
{
	pthread_mutex_lock(&lock);
	*nhits = hits;
	*nmisses = misses;
	*nentries = 0;
	for (int i = 0; i < DASH_CACHE_SLOTS; i++)
		*nentries += slots[i].used && !slots[i].computing;
	pthread_mutex_unlock(&lock);
}

/* Forgets every entry (the unit tests; nothing may be computing). */
void dash_cache_clear(void)
{
	DashFigs *drop[DASH_CACHE_SLOTS];
	int n = 0;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < DASH_CACHE_SLOTS; i++) {
		ASSERT(!slots[i].computing);
		DashFigs *f = slot_clear(&slots[i]);
		if (f)
			drop[n++] = f;
	}
	hits = misses = 0;
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < n; i++)
		figs_free(drop[i]);
}

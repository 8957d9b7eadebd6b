#include "sched.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sched_int.h"

static const char *const mode_names[] = {
	[SCHED_LOAD] = "load",
	[SCHED_LOADSCOPE] = "loadscope",
	[SCHED_LOADFILE] = "loadfile",
	[SCHED_LOADGROUP] = "loadgroup",
	[SCHED_WORKSTEAL] = "worksteal",
	[SCHED_EACH] = "each",
	[SCHED_NO] = "no",
};

#define NMODES (sizeof(mode_names) / sizeof(mode_names[0]))

int sched_mode_parse(const char *s, enum sched_mode *out)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < NMODES; i++) {
		if (!strcmp(s, mode_names[i])) {
			*out = (enum sched_mode)i;
			return 0;
		}
	}
	return -1;
}

static void add_dirname(struct buf *out, const char *p)
{
	size_t len = p ? strlen(p) : 0;

	while (len > 1 && p[len - 1] == '/')
		len--;
	while (len > 0 && p[len - 1] != '/')
		len--;
	if (!len) {
		buf_adds(out, ".");
		return;
	}
	while (len > 1 && p[len - 1] == '/')
		len--;
	buf_add(out, p, len);
}

static const char *last_colons(const char *id)
{
	const char *p, *last = NULL;

	for (p = strstr(id, "::"); p; p = strstr(p + 1, "::"))
		last = p;
	return last;
}

int sched_unit_key(enum sched_mode m, const char *id, const char *file,
		   const char *scope_attr, const char *group_attr,
		   struct buf *out)
{
	const char *p;

	buf_reset(out);
	switch (m) {
	case SCHED_LOADSCOPE:
		if (scope_attr && *scope_attr) {
			buf_adds(out, scope_attr);
			return 1;
		}
		p = id ? last_colons(id) : NULL;
		if (p && p > id) {
			buf_add(out, id, (size_t)(p - id));
			return 1;
		}
		add_dirname(out, file);
		return 1;
	case SCHED_LOADFILE:
		if (!file || !*file)
			return 0;
		buf_adds(out, file);
		return 1;
	case SCHED_LOADGROUP:
		if (!group_attr || !*group_attr)
			return 0;
		buf_adds(out, group_attr);
		return 1;
	default:
		return 0;
	}
}

void sched_units_note(struct buf *out, enum sched_mode m, size_t ntests,
		      size_t nunits, int wanted)
{
	static const char *const names[] = {
		[SCHED_LOADSCOPE] = "loadscope",
		[SCHED_LOADFILE] = "loadfile",
		[SCHED_LOADGROUP] = "loadgroup",
	};
	if ((m != SCHED_LOADSCOPE && m != SCHED_LOADFILE &&
	     m != SCHED_LOADGROUP) ||
	    !nunits || nunits >= (size_t)wanted)
		return;
	buf_addf(out, "%s: %zu test%s in %zu unit%s; %zu of %d workers used\n",
		 names[m], ntests, ntests == 1 ? "" : "s", nunits,
		 nunits == 1 ? "" : "s", nunits, wanted);
}

/* ---- building the dispatch order --------------------------------------- */

static int is_shared(enum sched_mode m)
{
	return m == SCHED_LOAD || m == SCHED_LOADSCOPE || m == SCHED_LOADFILE ||
	       m == SCHED_LOADGROUP;
}

static int uses_units(enum sched_mode m)
{
	return m == SCHED_LOADSCOPE || m == SCHED_LOADFILE ||
	       m == SCHED_LOADGROUP;
}

struct lock_ref {
	int lock;
	size_t test;
};

static int cmp_lock_ref(const void *pa, const void *pb)
{
	const struct lock_ref *a = pa, *b = pb;

	if (a->lock != b->lock)
		return a->lock < b->lock ? -1 : 1;
	return a->test < b->test ? -1 : a->test > b->test;
}

/*
 * Map the caller's lock ids onto 1..nlocks, in increasing id order; a
 * ref's test is n + k for the k-th of the more_locks (more[k]).
 */
static void map_locks(struct sched *s, const struct sched_test *tests)
{
	size_t i, j, nrefs = 0, nmore = 0;
	struct lock_ref *refs;

	for (i = 0; i < s->n; i++)
		nmore += tests[i].lock >= 0 ? tests[i].nmore_locks : 0;
	refs = xmalloc((s->n + nmore + 1) * sizeof(*refs));
	if (nmore) {
		s->more_start = xcalloc(s->n + 1, sizeof(*s->more_start));
		s->more = xmalloc(nmore * sizeof(*s->more));
	}
	for (i = 0, nmore = 0; i < s->n; i++) {
		if (tests[i].lock < 0)
			continue;
		refs[nrefs].lock = tests[i].lock;
		refs[nrefs++].test = i;
		for (j = 0; j < tests[i].nmore_locks; j++) {
			refs[nrefs].lock = tests[i].more_locks[j];
			refs[nrefs++].test = s->n + nmore++;
		}
		if (s->more_start)
			s->more_start[i + 1] = nmore;
	}
	for (i = 0; s->more_start && i < s->n; i++)
		if (s->more_start[i + 1] < s->more_start[i])
			s->more_start[i + 1] = s->more_start[i];
	qsort(refs, nrefs, sizeof(*refs), cmp_lock_ref);
	for (i = 0; i < nrefs; i++) {
		if (!i || refs[i].lock != refs[i - 1].lock)
			s->nlocks++;
		if (refs[i].test < s->n)
			s->lock[refs[i].test] = s->nlocks;
		else
			s->more[refs[i].test - s->n] = s->nlocks;
	}
	free(refs);
}

/* Mark or free t's other locks, and refresh their queues. */
static void more_locks_set(struct sched *s, size_t t, unsigned char busy)
{
	size_t k;

	for (k = s->more_start ? s->more_start[t] : 0;
	     s->more_start && k < s->more_start[t + 1]; k++) {
		s->lock_busy[s->more[k]] = busy;
		if (s->lockq)
			sched_lockq_refresh(s, s->more[k]);
	}
}

/* 1 when one of t's other locks is held (by another test). */
static int more_locks_busy(const struct sched *s, size_t t)
{
	size_t k;

	for (k = s->more_start ? s->more_start[t] : 0;
	     s->more_start && k < s->more_start[t + 1]; k++)
		if (s->lock_busy[s->more[k]] && s->more[k] != s->lock[t])
			return 1;
	return 0;
}

struct unit_ref {
	const char *key;
	size_t test;
};

static int cmp_unit_ref(const void *pa, const void *pb)
{
	const struct unit_ref *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return a->test < b->test ? -1 : a->test > b->test;
}

/*
 * lead[i]: the first test (in list order) of test i's unit.  Sorting by
 * (key, index) puts each unit's tests together with its first test first.
 */
static void find_units(const struct sched *s, const struct sched_test *tests,
		       size_t *lead)
{
	struct unit_ref *refs = xmalloc(s->n * sizeof(*refs));
	size_t i, nrefs = 0;

	for (i = 0; i < s->n; i++) {
		lead[i] = i;
		if (uses_units(s->mode) && tests[i].unit) {
			refs[nrefs].key = tests[i].unit;
			refs[nrefs].test = i;
			nrefs++;
		}
	}
	qsort(refs, nrefs, sizeof(*refs), cmp_unit_ref);
	for (i = 1; i < nrefs; i++) {
		if (!strcmp(refs[i].key, refs[i - 1].key))
			lead[refs[i].test] = lead[refs[i - 1].test];
	}
	free(refs);
}

struct unit_info {
	size_t lead;	  /* its first test */
	size_t size;	  /* tests */
	long long sum_ns; /* of known durations */
	int unknown;	  /* holds a test of unknown duration */
	int first;	  /* holds a `first` test */
};

static int cmp_size_t(size_t a, size_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_unit_list_order(const void *pa, const void *pb)
{
	const struct unit_info *a = pa, *b = pb;

	if (a->first != b->first)
		return a->first ? -1 : 1;
	return cmp_size_t(a->lead, b->lead);
}

static int cmp_unit_load_order(const void *pa, const void *pb)
{
	const struct unit_info *a = pa, *b = pb;

	if (a->first != b->first)
		return a->first ? -1 : 1;
	if (a->first)
		return cmp_size_t(a->lead, b->lead);
	if (a->unknown != b->unknown)
		return a->unknown ? -1 : 1;
	if (!a->unknown && a->sum_ns != b->sum_ns)
		return a->sum_ns > b->sum_ns ? -1 : 1;
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return cmp_size_t(a->lead, b->lead);
}

/* Fill nunits, order, ustart and unext. */
static void build_order(struct sched *s, const struct sched_test *tests,
			int keep_order)
{
	size_t *lead = xmalloc(s->n * sizeof(*lead));
	size_t *slot = xmalloc(s->n * sizeof(*slot)); /* lead -> info index */
	struct unit_info *info = xcalloc(s->n, sizeof(*info));
	size_t i, r, nunits = 0;

	find_units(s, tests, lead);
	for (i = 0; i < s->n; i++) {
		struct unit_info *u;

		if (lead[i] == i) {
			slot[i] = nunits;
			info[nunits++].lead = i;
		}
		u = &info[slot[lead[i]]];
		u->size++;
		if (tests[i].duration_ns < 0)
			u->unknown = 1;
		else
			u->sum_ns += tests[i].duration_ns;
		if (tests[i].first && s->mode != SCHED_NO)
			u->first = 1;
	}
	if (s->mode != SCHED_NO)
		qsort(info, nunits, sizeof(*info),
		      keep_order ? cmp_unit_list_order : cmp_unit_load_order);

	s->nunits = nunits;
	s->ustart = xmalloc((nunits + 1) * sizeof(*s->ustart));
	s->unext = xcalloc(nunits, sizeof(*s->unext));
	s->ustart[0] = 0;
	for (r = 0; r < nunits; r++) {
		slot[info[r].lead] = r;
		s->ustart[r + 1] = s->ustart[r] + info[r].size;
	}
	/* unext counts the tests placed so far, then is reset. */
	for (i = 0; i < s->n; i++) {
		r = slot[lead[i]];
		s->order[s->ustart[r] + s->unext[r]++] = i;
	}
	memset(s->unext, 0, nunits * sizeof(*s->unext));
	free(info);
	free(slot);
	free(lead);
}

/* ---- the shared queue: lock queues and their heap ---------------------- */

static size_t unit_size(const struct sched *s, size_t r)
{
	return s->ustart[r + 1] - s->ustart[r];
}

/* The next test unit r would start. */
static size_t unit_next_test(const struct sched *s, size_t r)
{
	return s->order[s->ustart[r] + s->unext[r]];
}

static size_t lq_front(const struct sched *s, size_t q)
{
	return s->lockq[q].v[s->lockq[q].head];
}

static int lq_empty(const struct sched *s, size_t q)
{
	return s->lockq[q].head == s->lockq[q].len;
}

static void heap_set(struct sched *s, size_t i, size_t q)
{
	s->heap[i] = q;
	s->heap_pos[q] = i;
}

static void heap_up(struct sched *s, size_t i)
{
	size_t q = s->heap[i], key = lq_front(s, q);

	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (lq_front(s, s->heap[p]) <= key)
			break;
		heap_set(s, i, s->heap[p]);
		i = p;
	}
	heap_set(s, i, q);
}

static void heap_down(struct sched *s, size_t i)
{
	size_t q = s->heap[i], key = lq_front(s, q);

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap &&
		    lq_front(s, s->heap[c + 1]) < lq_front(s, s->heap[c]))
			c++;
		if (key <= lq_front(s, s->heap[c]))
			break;
		heap_set(s, i, s->heap[c]);
		i = c;
	}
	heap_set(s, i, q);
}

static void heap_del(struct sched *s, size_t q)
{
	size_t i = s->heap_pos[q], last;

	if (i == NIL)
		return;
	s->heap_pos[q] = NIL;
	if (i == --s->nheap)
		return;
	last = s->heap[s->nheap];
	heap_set(s, i, last);
	heap_up(s, i);
	heap_down(s, s->heap_pos[last]);
}

/* Put q in the heap, out of it, or in its place, after any change to it. */
void sched_lockq_refresh(struct sched *s, size_t q)
{
	if (lq_empty(s, q) || s->lock_busy[q]) {
		heap_del(s, q);
	} else if (s->heap_pos[q] == NIL) {
		heap_set(s, s->nheap++, q);
		heap_up(s, s->nheap - 1);
	} else {
		heap_up(s, s->heap_pos[q]);
		heap_down(s, s->heap_pos[q]);
	}
}

/* Take unit r, which must be at the front, out of lock queue q. */
static void lockq_pop(struct sched *s, size_t q, size_t r)
{
	if (lq_empty(s, q) || lq_front(s, q) != r)
		BUG("sched: unit taken from the middle of its queue");
	s->lockq[q].head++;
	sched_lockq_refresh(s, q);
}

static void build_lockqs(struct sched *s)
{
	size_t r, q, *count;

	s->lockq = xcalloc(s->nlocks + 1, sizeof(*s->lockq));
	s->heap = xmalloc((s->nlocks + 1) * sizeof(*s->heap));
	s->heap_pos = xmalloc((s->nlocks + 1) * sizeof(*s->heap_pos));
	count = xcalloc(s->nlocks + 1, sizeof(*count));
	for (r = 0; r < s->nunits; r++)
		count[s->lock[unit_next_test(s, r)]]++;
	for (q = 0; q <= s->nlocks; q++) {
		s->lockq[q].v =
			count[q] ? xmalloc(count[q] * sizeof(size_t)) : NULL;
		s->heap_pos[q] = NIL;
	}
	for (r = 0; r < s->nunits; r++) {
		struct sched_lockq *lq =
			&s->lockq[s->lock[unit_next_test(s, r)]];

		lq->v[lq->len++] = r;
	}
	for (q = 0; q <= s->nlocks; q++)
		sched_lockq_refresh(s, q);
	free(count);
}

/* ---- worksteal lists --------------------------------------------------- */

static void list_init(struct sched_list *l)
{
	l->head = NIL;
	l->tail = NIL;
	l->len = 0;
}

void sched_list_unlink(struct sched *s, struct sched_list *l, size_t pos)
{
	if (s->prev[pos] != NIL)
		s->next[s->prev[pos]] = s->next[pos];
	else
		l->head = s->next[pos];
	if (s->next[pos] != NIL)
		s->prev[s->next[pos]] = s->prev[pos];
	else
		l->tail = s->prev[pos];
	l->len--;
}

static void build_lists(struct sched *s)
{
	size_t pos;
	int w;

	s->next = xmalloc(s->n * sizeof(*s->next));
	s->prev = xmalloc(s->n * sizeof(*s->prev));
	for (w = 0; w < s->nworkers; w++) {
		struct sched_list *l = &s->workers[w].q;
		size_t from = (size_t)w * s->n / (size_t)s->nworkers;
		size_t to = (size_t)(w + 1) * s->n / (size_t)s->nworkers;

		list_init(l);
		for (pos = from; pos < to; pos++) {
			s->prev[pos] = pos > from ? pos - 1 : NIL;
			s->next[pos] = pos + 1 < to ? pos + 1 : NIL;
		}
		if (to > from) {
			l->head = from;
			l->tail = to - 1;
			l->len = to - from;
		}
	}
}

/* The tail floor(len / 2) tests of the longest other queue, if len >= 2. */
static void steal(struct sched *s, int thief)
{
	struct sched_list *own = &s->workers[thief].q, *victim = NULL;
	size_t k, pos;
	int w;

	for (w = 0; w < s->nworkers; w++) {
		struct sched_list *l = &s->workers[w].q;

		if (w != thief && l->len >= 2 &&
		    (!victim || l->len > victim->len))
			victim = l;
	}
	if (!victim)
		return;
	k = victim->len / 2;
	for (pos = victim->tail; --k;)
		pos = s->prev[pos];
	own->head = pos;
	own->tail = victim->tail;
	own->len = victim->len / 2;
	victim->tail = s->prev[pos];
	s->next[victim->tail] = NIL;
	victim->len -= own->len;
	s->prev[pos] = NIL;
}

/* ---- order ------------------------------------------------------------- */

/* Fill waits, succ_start and succ from tests' after lists; a waiting test
   without a lock gets one of its own, closed. */
static void build_waits(struct sched *s, const struct sched_test *tests)
{
	size_t i, j, edges = 0, *fill;

	for (i = 0; i < s->n; i++)
		edges += tests[i].nafter;
	if (!edges || (!is_shared(s->mode) && s->mode != SCHED_NO))
		return;
	s->waits = xcalloc(s->n, sizeof(*s->waits));
	s->succ_start = xcalloc(s->n + 1, sizeof(*s->succ_start));
	s->succ = xmalloc(edges * sizeof(*s->succ));
	for (i = 0; i < s->n; i++)
		for (j = 0; j < tests[i].nafter; j++) {
			if (tests[i].after[j] >= s->n)
				BUG("sched_init: after names no test");
			s->succ_start[tests[i].after[j] + 1]++;
			s->waits[i]++;
		}
	for (i = 0; i < s->n; i++)
		s->succ_start[i + 1] += s->succ_start[i];
	fill = xmalloc((s->n + 1) * sizeof(*fill));
	memcpy(fill, s->succ_start, (s->n + 1) * sizeof(*fill));
	for (i = 0; i < s->n; i++)
		for (j = 0; j < tests[i].nafter; j++)
			s->succ[fill[tests[i].after[j]]++] = i;
	free(fill);
	for (i = 0; i < s->n; i++)
		if (s->waits[i] && !s->lock[i])
			s->lock[i] = ++s->nlocks;
}

/* Close the locks of the waiting tests that have their own. */
static void close_waiting(struct sched *s)
{
	size_t i;

	for (i = 0; s->waits && i < s->n; i++)
		if (s->waits[i] && s->lock[i] > s->caller_locks)
			s->lock_busy[s->lock[i]] = 1;
}

/* t finished: the tests waiting for it may be ready now. */
static void release_waiting(struct sched *s, size_t t)
{
	size_t k, u;

	if (!s->waits)
		return;
	for (k = s->succ_start[t]; k < s->succ_start[t + 1]; k++) {
		u = s->succ[k];
		if (--s->waits[u] || s->lock[u] <= s->caller_locks)
			continue;
		s->lock_busy[s->lock[u]] = 0;
		if (s->lockq)
			sched_lockq_refresh(s, s->lock[u]);
	}
}

/* ---- init, release ----------------------------------------------------- */

void sched_init(struct sched *s, enum sched_mode mode, int nworkers,
		const struct sched_test *tests, size_t n, int keep_order)
{
	size_t i;
	int w;

	if (nworkers < 1)
		BUG("sched_init: no worker");
	if ((unsigned)mode >= NMODES)
		BUG("sched_init: bad mode");
	memset(s, 0, sizeof(*s));
	s->mode = mode;
	s->nworkers = nworkers;
	s->n = n;
	s->total = mode == SCHED_EACH ? n * (size_t)nworkers : n;
	s->barrier_worker = -1;
	s->live = nworkers;

	s->lock = xcalloc(n, sizeof(*s->lock));
	s->exclusive = xcalloc(n, 1);
	for (i = 0; i < n; i++)
		s->exclusive[i] = !!tests[i].exclusive;
	map_locks(s, tests);
	s->caller_locks = s->nlocks;
	build_waits(s, tests);
	for (i = 0; i < n && (is_shared(mode) || mode == SCHED_NO); i++)
		if (tests[i].slots > 1) {
			if (!s->slots)
				s->slots = xcalloc(n, sizeof(*s->slots));
			s->slots[i] = tests[i].slots < nworkers ? tests[i].slots
								: nworkers;
		}
	s->lock_busy = xcalloc(s->nlocks + 1, 1);
	close_waiting(s);

	s->order = xmalloc(n * sizeof(*s->order));
	build_order(s, tests, keep_order);

	s->workers = xcalloc((size_t)nworkers, sizeof(*s->workers));
	for (w = 0; w < nworkers; w++) {
		s->workers[w].running = s->workers[w].queued = -1;
		s->workers[w].unit = NIL;
		s->workers[w].cursor = mode == SCHED_NO && w ? n : 0;
		list_init(&s->workers[w].q);
	}
	if (is_shared(mode))
		build_lockqs(s);
	else if (mode == SCHED_WORKSTEAL)
		build_lists(s);
}

void sched_release(struct sched *s)
{
	size_t q;
	int w;

	if (s->lockq) {
		for (q = 0; q <= s->nlocks; q++)
			free(s->lockq[q].v);
	}
	free(s->lockq);
	free(s->heap);
	free(s->heap_pos);
	free(s->next);
	free(s->prev);
	free(s->order);
	free(s->ustart);
	free(s->unext);
	for (w = 0; s->workers && w < s->nworkers; w++)
		free(s->workers[w].back);
	free(s->workers);
	free(s->extra_of);
	free(s->lock_busy);
	free(s->waits);
	free(s->slots);
	free(s->more_start);
	free(s->more);
	free(s->succ_start);
	free(s->succ);
	free(s->exclusive);
	free(s->lock);
	memset(s, 0, sizeof(*s));
}

/* ---- dispatch ---------------------------------------------------------- */

static struct sched_worker *worker_at(struct sched *s, int worker)
{
	if (worker < 0 || worker >= s->nworkers)
		BUG("sched: worker out of range");
	return &s->workers[worker];
}

static long start(struct sched *s, int worker, size_t t)
{
	struct sched_worker *wk = &s->workers[worker];
	size_t l = s->lock[t];

	if (wk->running < 0)
		wk->running = (long)t;
	else
		wk->queued = (long)t;
	s->running++;
	s->started++;
	if (s->exclusive[t])
		s->exclusive_running = 1;
	if (s->slots && s->slots[t] > 1) {
		/* What it holds, for sched_finished to give back: the
		   workers left may be fewer now than when it was capped. */
		if (s->slots[t] > s->live)
			s->slots[t] = s->live;
		s->reserved += s->slots[t] - 1;
	}
	if (l) {
		s->lock_busy[l] = 1;
		if (s->lockq)
			sched_lockq_refresh(s, l);
	}
	more_locks_set(s, t, 1);
	return (long)t;
}

enum gate {
	GATE_OPEN,    /* it may start */
	GATE_LOCKED,  /* its lock is held */
	GATE_BARRIER, /* exclusive while others run: the barrier is now up */
};

/* Live workers with no test, not held for a test of several slots. */
static int free_workers(const struct sched *s)
{
	int w, idle = 0;

	for (w = 0; w < s->nworkers; w++)
		idle += s->workers[w].running < 0 && !s->workers[w].gone;
	return idle - s->reserved;
}

/* The worker slots test t holds when it starts: at most the live ones. */
static int slots_of(const struct sched *s, size_t t)
{
	return s->slots[t] < s->live ? s->slots[t] : s->live;
}

/* t (item: see sched.barrier_item) would be next on this worker. */
static enum gate gate(struct sched *s, int worker, size_t t, size_t item)
{
	if (s->lock_busy[s->lock[t]] || (s->waits && s->waits[t]) ||
	    more_locks_busy(s, t))
		return GATE_LOCKED;
	if (s->slots && s->slots[t] > 1 &&
	    (s->workers[worker].running >= 0 ||
	     free_workers(s) < slots_of(s, t)))
		return GATE_LOCKED;
	if (s->exclusive[t] && s->running) {
		s->barrier_worker = worker;
		s->barrier_item = item;
		return GATE_BARRIER;
	}
	return GATE_OPEN;
}

static long take_unit(struct sched *s, int worker, size_t r)
{
	size_t t = unit_next_test(s, r);

	s->workers[worker].unit = r;
	s->unext[r]++;
	return start(s, worker, t);
}

static long next_shared(struct sched *s, int worker)
{
	struct sched_worker *wk = &s->workers[worker];
	size_t r = wk->unit, q;

	if (r != NIL && s->unext[r] == unit_size(s, r))
		r = wk->unit = NIL;
	if (r != NIL) {
		if (gate(s, worker, unit_next_test(s, r), r) != GATE_OPEN)
			return SCHED_WAIT;
		return take_unit(s, worker, r);
	}
	if (!s->nheap)
		return SCHED_WAIT;
	q = s->heap[0];
	r = lq_front(s, q);
	if (gate(s, worker, unit_next_test(s, r), r) != GATE_OPEN)
		return SCHED_WAIT;
	lockq_pop(s, q, r);
	return take_unit(s, worker, r);
}

static long next_worksteal(struct sched *s, int worker)
{
	struct sched_list *own = &s->workers[worker].q;
	size_t pos;

	if (!own->len)
		steal(s, worker);
	for (pos = own->head; pos != NIL; pos = s->next[pos]) {
		switch (gate(s, worker, s->order[pos], pos)) {
		case GATE_OPEN:
			sched_list_unlink(s, own, pos);
			return start(s, worker, s->order[pos]);
		case GATE_BARRIER:
			return SCHED_WAIT;
		case GATE_LOCKED:
			break;
		}
	}
	return SCHED_WAIT;
}

static long next_cursor(struct sched *s, int worker)
{
	struct sched_worker *wk = &s->workers[worker];
	size_t t = s->order[wk->cursor];

	if (gate(s, worker, t, wk->cursor) != GATE_OPEN)
		return SCHED_WAIT;
	wk->cursor++;
	return start(s, worker, t);
}

/* The raiser of the barrier, with nothing running: start its test. */
static long next_barrier(struct sched *s, int worker)
{
	struct sched_worker *wk = &s->workers[worker];
	size_t item = s->barrier_item;

	s->barrier_worker = -1;
	if (wk->unit != NIL && s->unext[wk->unit] == unit_size(s, wk->unit))
		wk->unit = NIL;
	/* Nobody stole or started anything while the barrier stood. */
	if (is_shared(s->mode) && wk->unit == NIL) {
		lockq_pop(s, s->lock[unit_next_test(s, item)], item);
		return take_unit(s, worker, item);
	}
	if (s->mode == SCHED_WORKSTEAL) {
		sched_list_unlink(s, &wk->q, item);
		return start(s, worker, s->order[item]);
	}
	/* Mid-unit, each and no: the test is still next in line. */
	return -1;
}

size_t sched_back_pop(struct sched *s, int worker)
{
	struct sched_worker *wk = &s->workers[worker];
	size_t t = wk->back[0];

	memmove(wk->back, wk->back + 1, --wk->nback * sizeof(*wk->back));
	return t;
}

static int has_work(const struct sched *s, int worker)
{
	if (s->mode == SCHED_EACH || s->mode == SCHED_NO)
		return s->workers[worker].cursor < s->n ||
		       s->workers[worker].nback;
	return s->started < s->total;
}

long sched_next(struct sched *s, int worker)
{
	struct sched_worker *wk = worker_at(s, worker);
	long rc;

	if (wk->running >= 0 && wk->queued >= 0)
		BUG("sched_next: worker already holds two tests");
	if (s->stopped || wk->gone || !has_work(s, worker))
		return SCHED_DONE;
	if (s->exclusive_running)
		return SCHED_WAIT;
	/* An idle worker held for a test of several slots. */
	if (s->reserved && wk->running < 0 && free_workers(s) < 1)
		return SCHED_WAIT;
	if (s->barrier_worker >= 0) {
		if (s->barrier_worker != worker || s->running)
			return SCHED_WAIT;
		rc = next_barrier(s, worker);
		if (rc >= 0)
			return rc;
	}
	/* A test given back (sched_give_back) goes first. */
	if (wk->nback)
		return start(s, worker, sched_back_pop(s, worker));
	switch (s->mode) {
	case SCHED_WORKSTEAL:
		return next_worksteal(s, worker);
	case SCHED_EACH:
	case SCHED_NO:
		return next_cursor(s, worker);
	default:
		return next_shared(s, worker);
	}
}

void sched_finished(struct sched *s, int worker, size_t test)
{
	struct sched_worker *wk = worker_at(s, worker);
	size_t l;

	if (test < s->n && s->extra_of && s->extra_of[test] == worker + 1) {
		/* A further member of a batch: it holds nothing. */
		s->extra_of[test] = 0;
		s->running--;
		return;
	}
	if (test < s->n && wk->running == (long)test) {
		wk->running = wk->queued;
		wk->queued = -1;
	} else if (test < s->n && wk->queued == (long)test) {
		wk->queued = -1;
	} else {
		BUG("sched_finished: not a test this worker holds");
	}
	s->running--;
	if (s->exclusive[test])
		s->exclusive_running = 0;
	if (s->slots && s->slots[test] > 1)
		s->reserved -= s->slots[test] - 1;
	l = s->lock[test];
	if (l) {
		s->lock_busy[l] = 0;
		if (s->lockq)
			sched_lockq_refresh(s, l);
	}
	more_locks_set(s, test, 0);
	release_waiting(s, test);
}

void sched_worker_gone(struct sched *s, int worker)
{
	struct sched_worker *wk = worker_at(s, worker);

	if (wk->gone)
		return;
	wk->gone = 1;
	s->live--;
	if (s->barrier_worker == worker)
		s->barrier_worker = -1;
}

void sched_stop(struct sched *s)
{
	s->stopped = 1;
	s->barrier_worker = -1;
}

size_t sched_pending(const struct sched *s)
{
	return s->total - s->started;
}

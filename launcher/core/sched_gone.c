/*
 * sched_gone: a worker gone for good, its work given to the others
 * (sched_worker_gone); see sched.h.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sched.h"
#include "sched_int.h"

/* Position of test t in sched.order. */
static size_t pos_of(const struct sched *s, size_t t)
{
	size_t pos;

	for (pos = 0; pos < s->n; pos++)
		if (s->order[pos] == t)
			return pos;
	BUG("sched_worker_gone: a test not in the order");
	return NIL;
}

/* Rank of the unit at position pos. */
static size_t rank_of(const struct sched *s, size_t pos)
{
	size_t lo = 0, hi = s->nunits;

	/* The last r with ustart[r] <= pos. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->ustart[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Unit r, out of every queue, goes back in the shared queue, by rank,
   under the lock of its next test. */
static void requeue(struct sched *s, size_t r)
{
	size_t q = s->lock[s->order[s->ustart[r] + s->unext[r]]];
	struct sched_lockq *lq = &s->lockq[q];
	size_t i;

	if (lq->head > 0) {
		/* Room at the front: the smaller ranks move down one. */
		for (i = --lq->head; i + 1 < lq->len && lq->v[i + 1] < r; i++)
			lq->v[i] = lq->v[i + 1];
	} else {
		lq->v = xrealloc(lq->v, (lq->len + 1) * sizeof(*lq->v));
		for (i = lq->len++; i > lq->head && lq->v[i - 1] > r; i--)
			lq->v[i] = lq->v[i - 1];
	}
	lq->v[i] = r;
	sched_lockq_refresh(s, q);
}

/* load and unit modes: a held test goes back to its unit, the last it
   started; that unit goes back to the queue unless it is the worker's. */
static void unstart_unit_test(struct sched *s, struct sched_worker *wk,
			      size_t t)
{
	size_t r = rank_of(s, pos_of(s, t));

	if (!s->unext[r] || s->order[s->ustart[r] + s->unext[r] - 1] != t)
		BUG("sched_worker_gone: a held test not its unit's last");
	s->unext[r]--;
	if (r != wk->unit)
		requeue(s, r);
}

/* worksteal: a held test goes first in the worker's queue. */
static void unstart_queued(struct sched *s, struct sched_list *l, size_t t)
{
	size_t pos = pos_of(s, t);

	s->prev[pos] = NIL;
	s->next[pos] = l->head;
	if (l->head != NIL)
		s->prev[l->head] = pos;
	else
		l->tail = pos;
	l->head = pos;
	l->len++;
}

/* The lowest live worker, or -1. */
static int heir(const struct sched *s)
{
	int w;

	for (w = 0; w < s->nworkers; w++)
		if (!s->workers[w].gone)
			return w;
	return -1;
}

/* The tests given back to the gone worker go to the heir's line. */
static size_t pass_back(struct sched *s, struct sched_worker *wk)
{
	int h = heir(s);
	struct sched_worker *to;
	size_t i, n = wk->nback;

	if (h < 0 || !n)
		return 0;
	to = &s->workers[h];
	if (to->nback + n > to->back_cap) {
		to->back_cap = to->nback + n;
		to->back = xrealloc(to->back, to->back_cap * sizeof(*to->back));
	}
	for (i = 0; i < n; i++)
		to->back[to->nback++] = wk->back[i];
	wk->nback = 0;
	return n;
}

/* each, no: everything it had not started is out of the run. */
static void drop_all(struct sched *s, struct sched_worker *wk,
		     const size_t *held, size_t nheld, size_t *notrun,
		     size_t *nnotrun)
{
	size_t i, k = 0;

#define NOTE(t)                          \
	do {                             \
		if (notrun)              \
			notrun[k] = (t); \
		k++;                     \
	} while (0)
	for (i = 0; i < nheld; i++)
		NOTE(held[i]);
	for (i = 0; i < wk->nback; i++)
		NOTE(wk->back[i]);
	for (; wk->cursor < s->n; wk->cursor++)
		NOTE(s->order[wk->cursor]);
#undef NOTE
	wk->nback = 0;
	s->total -= k;
	*nnotrun = k;
}

static void mark_gone(struct sched *s, int worker)
{
	int w, was = s->nworkers - s->ngone;

	s->workers[worker].gone = 1;
	s->ngone++;
	/* Its raiser raises it again, when it asks. */
	s->barrier_worker = -1;
	/* A running test of several slots holds fewer now. */
	for (w = 0; s->slots && w < s->nworkers; w++) {
		long t = s->workers[w].running;

		if (t >= 0 && s->slots[t] > 1)
			s->reserved -= (s->slots[t] < was ? s->slots[t] : was) -
				       sched_slots_of(s, (size_t)t);
	}
}

size_t sched_worker_gone(struct sched *s, int worker, size_t *notrun,
			 size_t *nnotrun)
{
	struct sched_worker *wk;
	size_t held[2], nheld = 0, given = 0, i;

	*nnotrun = 0;
	if (worker < 0 || worker >= s->nworkers)
		BUG("sched_worker_gone: worker out of range");
	wk = &s->workers[worker];
	if (wk->gone)
		return 0;
	/* What it holds never started: the one sent ahead last. */
	if (wk->queued >= 0)
		held[nheld++] = (size_t)wk->queued;
	if (wk->running >= 0)
		held[nheld++] = (size_t)wk->running;
	if (s->extra_of)
		for (i = 0; i < s->n; i++)
			if (s->extra_of[i] == worker + 1)
				BUG("sched_worker_gone: a batch not given "
				    "back");
	for (i = 0; i < nheld; i++)
		sched_unhold(s, worker, held[i]);
	mark_gone(s, worker);
	switch (s->mode) {
	case SCHED_EACH:
	case SCHED_NO:
		/* Running first, then the one sent ahead: list order. */
		if (nheld == 2) {
			size_t t = held[0];

			held[0] = held[1];
			held[1] = t;
		}
		drop_all(s, wk, held, nheld, notrun, nnotrun);
		return 0;
	case SCHED_WORKSTEAL:
		for (i = 0; i < nheld; i++)
			unstart_queued(s, &wk->q, held[i]);
		given = wk->q.len;
		break;
	default:
		if (wk->unit != NIL)
			given = s->ustart[wk->unit + 1] - s->ustart[wk->unit] -
				s->unext[wk->unit];
		given += nheld;
		for (i = 0; i < nheld; i++)
			unstart_unit_test(s, wk, held[i]);
		if (wk->unit != NIL &&
		    s->unext[wk->unit] <
			    s->ustart[wk->unit + 1] - s->ustart[wk->unit])
			requeue(s, wk->unit);
		wk->unit = NIL;
		break;
	}
	return given + pass_back(s, wk);
}

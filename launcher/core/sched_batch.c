/*
 * sched_batch: several tests on one worker at once (sched_take_more) and
 * a test given back unstarted (sched_give_back); see sched.h.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sched.h"
#include "sched_int.h"

int sched_batchable(const struct sched *s, size_t t)
{
	return t < s->n && !s->lock[t] && !s->exclusive[t] &&
	       !(s->waits && s->waits[t]) && !(s->slots && s->slots[t] > 1) &&
	       !(s->more_start && s->more_start[t + 1] > s->more_start[t]);
}

static int accepts(const struct sched *s, sched_pred_fn *pred, void *ctx,
		   size_t t)
{
	return sched_batchable(s, t) && pred(ctx, t);
}

/* t runs on worker, beside the test sched_next gave it. */
static void take(struct sched *s, int worker, size_t t, size_t *out, size_t *n)
{
	if (!s->extra_of)
		s->extra_of = xcalloc(s->n, sizeof(*s->extra_of));
	s->extra_of[t] = worker + 1;
	s->running++;
	s->started++;
	out[(*n)++] = t;
}

/* From the tests given back, in order, those accepted. */
static void from_back(struct sched *s, int worker, sched_pred_fn *pred,
		      void *ctx, size_t max, size_t *out, size_t *n)
{
	struct sched_worker *wk = &s->workers[worker];
	size_t i, kept = 0;

	for (i = 0; i < wk->nback; i++) {
		size_t t = wk->back[i];

		if (*n < max && accepts(s, pred, ctx, t))
			take(s, worker, t, out, n);
		else
			wk->back[kept++] = t;
	}
	wk->nback = kept;
}

/* load: the lock-free queue's tests (units of one) within the window;
   those left keep their order at the front. */
static void from_shared(struct sched *s, int worker, sched_pred_fn *pred,
			void *ctx, size_t max, size_t *out, size_t *n)
{
	struct sched_lockq *q = &s->lockq[0];
	size_t end = q->len - q->head > SCHED_BATCH_WINDOW
			     ? q->head + SCHED_BATCH_WINDOW
			     : q->len;
	size_t i, kept = end;

	/* Walk forwards to take in order, then pack what is left against
	   end, keeping its order. */
	for (i = q->head; i < end && *n < max; i++) {
		size_t r = q->v[i], t = s->order[s->ustart[r]];

		if (s->unext[r] == 0 && accepts(s, pred, ctx, t)) {
			s->unext[r] = 1;
			take(s, worker, t, out, n);
			q->v[i] = NIL;
		}
	}
	for (i = end; i-- > q->head;)
		if (q->v[i] != NIL)
			q->v[--kept] = q->v[i];
	q->head = kept;
	sched_lockq_refresh(s, 0);
}

/* loadscope, loadfile, loadgroup: the worker's unit, in order. */
static void from_unit(struct sched *s, int worker, sched_pred_fn *pred,
		      void *ctx, size_t max, size_t *out, size_t *n)
{
	size_t r = s->workers[worker].unit;

	while (r != NIL && *n < max &&
	       s->unext[r] < s->ustart[r + 1] - s->ustart[r]) {
		size_t t = s->order[s->ustart[r] + s->unext[r]];

		if (!accepts(s, pred, ctx, t))
			break;
		s->unext[r]++;
		take(s, worker, t, out, n);
	}
}

/* worksteal: the worker's own queue, within the window. */
static void from_own(struct sched *s, int worker, sched_pred_fn *pred,
		     void *ctx, size_t max, size_t *out, size_t *n)
{
	struct sched_list *own = &s->workers[worker].q;
	size_t pos = own->head, seen = 0;

	while (pos != NIL && *n < max && seen++ < SCHED_BATCH_WINDOW) {
		size_t next = s->next[pos], t = s->order[pos];

		if (accepts(s, pred, ctx, t)) {
			sched_list_unlink(s, own, pos);
			take(s, worker, t, out, n);
		}
		pos = next;
	}
}

/* no: the list, in order. */
static void from_cursor(struct sched *s, int worker, sched_pred_fn *pred,
			void *ctx, size_t max, size_t *out, size_t *n)
{
	struct sched_worker *wk = &s->workers[worker];

	while (wk->cursor < s->n && *n < max &&
	       accepts(s, pred, ctx, s->order[wk->cursor]))
		take(s, worker, s->order[wk->cursor++], out, n);
}

size_t sched_take_more(struct sched *s, int worker, sched_pred_fn *pred,
		       void *ctx, size_t max, size_t *out)
{
	size_t n = 0;

	if (worker < 0 || worker >= s->nworkers)
		BUG("sched_take_more: worker out of range");
	if (s->stopped || s->exclusive_running || s->barrier_worker >= 0 ||
	    s->mode == SCHED_EACH || !max)
		return 0;
	from_back(s, worker, pred, ctx, max, out, &n);
	switch (s->mode) {
	case SCHED_LOAD:
		from_shared(s, worker, pred, ctx, max, out, &n);
		break;
	case SCHED_LOADSCOPE:
	case SCHED_LOADFILE:
	case SCHED_LOADGROUP:
		from_unit(s, worker, pred, ctx, max, out, &n);
		break;
	case SCHED_WORKSTEAL:
		from_own(s, worker, pred, ctx, max, out, &n);
		break;
	case SCHED_NO:
		from_cursor(s, worker, pred, ctx, max, out, &n);
		break;
	default:
		break;
	}
	return n;
}

void sched_give_back(struct sched *s, int worker, size_t test)
{
	struct sched_worker *wk;

	if (worker < 0 || worker >= s->nworkers)
		BUG("sched_give_back: worker out of range");
	wk = &s->workers[worker];
	if (!sched_batchable(s, test))
		BUG("sched_give_back: a test that holds something");
	if (s->extra_of && s->extra_of[test] == worker + 1)
		s->extra_of[test] = 0;
	else if (wk->running == (long)test)
		wk->running = -1;
	else
		BUG("sched_give_back: not a test this worker runs");
	s->running--;
	s->started--;
	if (wk->nback == wk->back_cap) {
		wk->back_cap = wk->back_cap ? 2 * wk->back_cap : 8;
		wk->back = xrealloc(wk->back, wk->back_cap * sizeof(*wk->back));
	}
	wk->back[wk->nback++] = test;
}

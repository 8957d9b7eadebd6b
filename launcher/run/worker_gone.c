#include "worker_gone.h"

#include <stdlib.h>

#include "buf.h"
#include "phase.h"
#include "runs.h"
#include "sched.h"
#include "slot.h"
#include "terminal.h"

/* Test slots other than w that may still run tests. */
static int others_left(const struct ctl *c, const struct wslot *w)
{
	int i, n = 0;

	for (i = 0; i < c->nworkers; i++)
		n += &c->w[i] != w && slot_alive(c->w[i].state) &&
		     c->w[i].state != SLOT_RETIRED;
	return n;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

size_t worker_gone(struct ctl *c, struct wslot *w, size_t **runs)
{
	size_t *items, n = 0, given, i, pending;

	*runs = NULL;
	if (c->stop != STOP_NONE || w->index >= c->nworkers ||
	    c->phase >= PHASE_WORKER_TEARDOWN)
		return 0;
	/* A test sent ahead that never started counts as started in the
	   scheduler, but is not run either. */
	pending = sched_pending(&c->sched) + (w->queued != RUN_NONE);
	if (!others_left(c, w)) {
		if (!pending)
			return 0;
		term_line(c, "no worker left: %zu test%s not run", pending,
			  plural(pending));
		return WORKER_GONE_NONE_LEFT;
	}
	items = xmalloc((c->nitems ? c->nitems : 1) * sizeof(*items));
	given = sched_worker_gone(&c->sched, w->index, items, &n);
	if (given)
		term_line(c,
			  "worker %s gone: its %zu test%s go%s to the other "
			  "workers",
			  w->name, given, plural(given),
			  given == 1 ? "es" : "");
	if (n)
		term_line(c, "worker %s gone: %zu test%s not run on it",
			  w->name, n, plural(n));
	for (i = 0; i < n; i++) {
		/* --dist each: run r is item i on worker w. */
		size_t r = (size_t)w->index * c->nitems + items[i];
		struct run_record *st = &c->tally.runs[r];

		free(st->reason);
		st->reason =
			xasprintf("not run: worker '%s' was lost", w->name);
		st->no_section = 1;
		items[i] = r;
	}
	c->gone_notrun += n;
	if (!n) {
		free(items);
		items = NULL;
	}
	*runs = items;
	return n;
}

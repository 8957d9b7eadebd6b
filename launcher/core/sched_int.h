/*
 * sched_int: what sched.c shares with sched_batch.c, and nothing else.
 */
#ifndef XDIST_SCHED_INT_H
#define XDIST_SCHED_INT_H

#include <stdint.h>

#include "sched.h"

#define NIL SIZE_MAX

struct sched_lockq {
	size_t *v; /* unit ranks, ascending, in v[head .. len) */
	size_t head;
	size_t len;
};

/* The worker slots test t holds: at most the workers left. */
static inline int sched_slots_of(const struct sched *s, size_t t)
{
	int live = s->nworkers - s->ngone;

	return s->slots[t] < live ? s->slots[t] : live;
}

/* Put lock queue q in the heap, out of it, or in its place. */
void sched_lockq_refresh(struct sched *s, size_t q);
/* Take position pos out of worksteal list l. */
void sched_list_unlink(struct sched *s, struct sched_list *l, size_t pos);
/* The first test given back to worker, taken off its list. */
size_t sched_back_pop(struct sched *s, int worker);

/* Worker holds test no more, and it never started: pending again (its
   place in a queue is the caller's to restore). */
void sched_unhold(struct sched *s, int worker, size_t test);

#endif

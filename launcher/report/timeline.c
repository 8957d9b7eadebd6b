/*
 * timeline: when each test and fixture ran.  See timeline.h.
 */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

#include "live.h"
#include "observer.h"
#include "textsafe.h"
#include "view.h"
#include "xio.h"

void timeline_init(struct timeline *tl, int keep)
{
	memset(tl, 0, sizeof(*tl));
	tl->keep = keep;
	tl->lanes = 1;
	tl->longest_run = RUN_NONE;
}

void timeline_release(struct timeline *tl)
{
	free(tl->spans);
	free(tl->open);
	free(tl->last);
	free(tl->lane_end);
	timeline_init(tl, 0);
}

void timeline_set_lanes(struct timeline *tl, int lanes)
{
	tl->lanes = lanes > 0 ? lanes : 1;
}

/* Grow the per-slot arrays to hold slot. */
static void grow(struct timeline *tl, int slot)
{
	int n = slot + 1, i;

	if (slot < 0)
		BUG("timeline: a negative slot");
	if (slot < tl->nslots)
		return;
	tl->open = xrealloc(tl->open, (size_t)n * sizeof(*tl->open));
	tl->last = xrealloc(tl->last, (size_t)n * sizeof(*tl->last));
	tl->lane_end =
		xrealloc(tl->lane_end, (size_t)n * sizeof(*tl->lane_end));
	for (i = tl->nslots; i < n; i++) {
		memset(&tl->open[i], 0, sizeof(tl->open[i]));
		tl->open[i].start_ns = -1;
		tl->last[i] = tl->open[i];
		tl->lane_end[i] = -1;
	}
	tl->nslots = n;
}

static void keep_span(struct timeline *tl, const struct timeline_span *s)
{
	if (!tl->keep)
		return;
	if (tl->nspans == tl->cap) {
		tl->cap = tl->cap ? 2 * tl->cap : 256;
		tl->spans = xrealloc(tl->spans, tl->cap * sizeof(*tl->spans));
	}
	tl->spans[tl->nspans++] = *s;
}

void timeline_begin(struct timeline *tl, int slot, enum timeline_kind kind,
		    size_t run, int attempt, int fixture, long long t)
{
	struct timeline_span *s;

	grow(tl, slot);
	if (tl->open[slot].start_ns >= 0)
		timeline_end(tl, slot, t, -1, OUTCOME_INTERRUPTED, 0);
	s = &tl->open[slot];
	memset(s, 0, sizeof(*s));
	s->start_ns = t > 0 ? t : 0;
	s->end_ns = s->start_ns;
	s->run = kind == TL_TEST ? run : RUN_NONE;
	s->slot = slot;
	s->attempt = attempt;
	s->kind = (signed char)kind;
	s->fixture = (signed char)(kind == TL_FIXTURE ? fixture : -1);
	s->outcome = OUTCOME_NONE;
	if (kind == TL_TEST)
		tl->running++;
}

const struct timeline_span *timeline_end(struct timeline *tl, int slot,
					 long long t, long long took_ns,
					 enum outcome o, int rerun)
{
	struct timeline_span *s;
	long long end;

	if (slot < 0 || slot >= tl->nslots || tl->open[slot].start_ns < 0)
		return NULL;
	s = &tl->open[slot];
	end = t;
	if (took_ns >= 0 && s->start_ns + took_ns < end)
		end = s->start_ns + took_ns;
	if (end < s->start_ns)
		end = s->start_ns;
	s->end_ns = end;
	s->outcome = o;
	s->rerun = (unsigned char)!!rerun;
	if (slot < tl->lanes)
		tl->busy_ns += end - s->start_ns;
	if (s->kind == TL_TEST) {
		tl->running--;
		if (slot < tl->lanes && end > tl->lane_end[slot])
			tl->lane_end[slot] = end;
		if (tl->longest_run == RUN_NONE ||
		    end - s->start_ns > tl->longest_ns) {
			tl->longest_ns = end - s->start_ns;
			tl->longest_start_ns = s->start_ns;
			tl->longest_run = s->run;
		}
	}
	keep_span(tl, s);
	tl->last[slot] = *s;
	s->start_ns = -1;
	return &tl->last[slot];
}

void timeline_mark(struct timeline *tl, int slot, enum timeline_kind kind,
		   long long t)
{
	struct timeline_span s;

	grow(tl, slot);
	memset(&s, 0, sizeof(s));
	s.start_ns = s.end_ns = t > 0 ? t : 0;
	s.run = RUN_NONE;
	s.slot = slot;
	s.kind = (signed char)kind;
	s.fixture = -1;
	keep_span(tl, &s);
}

const struct timeline_span *timeline_last(const struct timeline *tl, int slot)
{
	if (slot < 0 || slot >= tl->nslots || tl->last[slot].start_ns < 0)
		return NULL;
	return &tl->last[slot];
}

void timeline_stats(const struct timeline *tl, long long now,
		    struct timeline_stats *s)
{
	long long cap;
	int i;

	memset(s, 0, sizeof(*s));
	s->wall_ns = now > 0 ? now : 0;
	s->busy_ns = tl->busy_ns;
	s->lanes = tl->lanes;
	for (i = 0; i < tl->nslots && i < tl->lanes; i++)
		if (tl->open[i].start_ns >= 0 && now > tl->open[i].start_ns)
			s->busy_ns += now - tl->open[i].start_ns;
	cap = (long long)s->lanes * s->wall_ns;
	if (cap > 0) {
		/* Rounded down: "100%" only when no worker ever waited. */
		s->busy_pct = (int)((double)s->busy_ns * 100.0 / (double)cap);
		if (s->busy_pct > 100)
			s->busy_pct = 100;
	}
	s->longest_run = tl->longest_run;
	s->longest_ns = tl->longest_ns;
	s->longest_start_ns = tl->longest_start_ns;
}

void timeline_clock(struct buf *out, long long ns)
{
	if (ns < 60000000000LL)
		buf_addf(out, "%.2fs", ns > 0 ? (double)ns / 1e9 : 0.0);
	else
		live_clock(out, ns);
}

void timeline_efficiency(struct buf *out, const struct timeline_stats *s,
			 const char *label)
{
	buf_addf(out, "%s busy %d%% of ", s->lanes == 1 ? "worker" : "workers",
		 s->busy_pct);
	timeline_clock(out, s->wall_ns);
	if (s->longest_run == RUN_NONE)
		return;
	buf_adds(out, "; longest test ");
	timeline_clock(out, s->longest_ns);
	buf_adds(out, " (");
	textsafe_repair(out, label, strlen(label), TEXTSAFE_LINE);
	buf_adds(out, ") started at ");
	timeline_clock(out, s->longest_start_ns);
}

long long timeline_idle_at(const struct timeline *tl)
{
	long long at = -1;
	int i, any = 0;

	if (tl->lanes < 2)
		return -1;
	for (i = 0; i < tl->lanes; i++) {
		long long e = i < tl->nslots ? tl->lane_end[i] : -1;

		if (e >= 0)
			any = 1;
		if (e < 0)
			e = 0;
		if (at < 0 || e < at)
			at = e;
	}
	return any ? at : -1;
}

long long timeline_tick(long long total_ns, int max_ticks)
{
	static const int mult[] = {1, 2, 5};
	long long p = 1000000; /* 1 ms */
	int i;

	if (max_ticks < 1)
		max_ticks = 1;
	for (;;) {
		for (i = 0; i < 3; i++) {
			long long step = p * mult[i];

			if (total_ns / step <= max_ticks)
				return step;
		}
		if (p > (long long)1e17)
			return p * 10;
		p *= 10;
	}
}

int timeline_event(void *self, const struct run_view *v,
		   const struct run_event *ev)
{
	struct timeline *tl = self;
	long long now = xio_now_ns() - v->start_ns;
	const struct run_record *st;
	const struct timeline_span *open;
	int i;

	tl->closed = NULL;
	switch (ev->kind) {
	case RUN_EV_START:
		timeline_set_lanes(tl, v->workers > 0 ? v->workers : 1);
		break;
	case RUN_EV_TEST_START:
		/* From when it was sent: the worker's measure of the test
		   starts after that, so start + duration is never later than
		   the result's arrival, nor than the slot's next start. */
		timeline_begin(tl, ev->slot, TL_TEST, ev->run,
			       v->tally->runs[ev->run].attempt, -1,
			       ev->at_ns ? ev->at_ns - v->start_ns : now);
		break;
	case RUN_EV_TEST_RERUN:
	case RUN_EV_TEST_FINISH:
		if (ev->slot < 0 || ev->slot >= tl->nslots)
			break;
		open = &tl->open[ev->slot];
		/* A rerun held for a worker that never came back finishes
		   with nothing open: its attempt was closed already. */
		if (open->start_ns < 0 || open->kind != TL_TEST ||
		    open->run != ev->run)
			break;
		st = &v->tally->runs[ev->run];
		if (ev->kind == RUN_EV_TEST_RERUN)
			tl->closed = timeline_end(
				tl, ev->slot, now,
				run_record_ran(st) ? st->duration_ns : -1,
				st->timed_out ? OUTCOME_TIMEOUT
					      : OUTCOME_FAILED,
				1);
		else
			tl->closed = timeline_end(
				tl, ev->slot, now,
				run_record_ran(st) ? st->duration_ns : -1,
				ev->outcome, 0);
		break;
	case RUN_EV_FIXTURE_START:
		timeline_begin(tl, ev->slot, TL_FIXTURE, RUN_NONE, 0,
			       ev->fixture,
			       ev->at_ns ? ev->at_ns - v->start_ns : now);
		break;
	case RUN_EV_FIXTURE_END:
		tl->closed =
			timeline_end(tl, ev->slot, now, -1, ev->outcome, 0);
		break;
	case RUN_EV_WORKER_DOWN:
		timeline_mark(tl, ev->slot, TL_DOWN, now);
		break;
	case RUN_EV_WORKER_UP:
		timeline_mark(tl, ev->slot, TL_UP, now);
		break;
	case RUN_EV_END:
		for (i = 0; i < tl->nslots; i++)
			timeline_end(tl, i, now, -1, OUTCOME_INTERRUPTED, 0);
		tl->closed = NULL;
		break;
	case RUN_EV_OUTPUT:
	case RUN_EV_CASE:
		break;
	}
	return 0;
}

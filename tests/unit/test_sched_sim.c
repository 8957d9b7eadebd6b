/*
 * Unit tests for launcher/core/sched.[ch] over many seeded runs: load
 * mode's makespan against the lower bound, 100,000 tests without
 * quadratic cost, and a randomized simulator that checks the constraints
 * and that every run completes, in every --dist mode, workers going away
 * (sched_worker_gone) included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched_support.h"

/* ---- seeded load runs -------------------------------------------------- */

/* Splitmix64: a small seeded PRNG. */
static uint64_t rnd_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rnd(uint64_t *x, uint64_t n)
{
	return n ? rnd_next(x) % n : 0;
}

/*
 * Run the tests on nworkers that ask whenever idle, each test lasting its
 * duration; returns the makespan.
 */
static long long makespan(struct sched *s, int nworkers, const long long *dur)
{
	long long now = 0, end[16];
	long cur[16];
	int w, left = nworkers, done[16] = {0};

	assert_true(nworkers <= 16);
	for (w = 0; w < nworkers; w++)
		cur[w] = -1;
	while (left) {
		int first = -1;

		for (w = 0; w < nworkers; w++) {
			long rc;

			if (cur[w] >= 0 || done[w])
				continue;
			rc = sched_next(s, w);
			if (rc == SCHED_DONE) {
				done[w] = 1;
				left--;
			} else if (rc >= 0) {
				cur[w] = rc;
				end[w] = now + dur[rc];
			}
		}
		for (w = 0; w < nworkers; w++) {
			if (cur[w] >= 0 && (first < 0 || end[w] < end[first]))
				first = w;
		}
		if (first < 0)
			break;
		now = end[first];
		sched_finished(s, first, (size_t)cur[first]);
		cur[first] = -1;
	}
	return now;
}

static void
sched_next__load__makespan_is_within_5_percent_of_lower_bound(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 50; seed++) {
		struct sched_test *t = tests_new(40);
		long long dur[40], total = 0, longest = 0, bound, span;
		uint64_t x = seed;
		struct sched s;
		size_t i;

		for (i = 0; i < 40; i++) {
			/* a few long tests (5-10 s), many short (50 ms-1 s) */
			if (rnd(&x, 8) == 0)
				dur[i] = 5000 + (long long)rnd(&x, 5001);
			else
				dur[i] = 50 + (long long)rnd(&x, 951);
			dur[i] *= 1000000;
			t[i].duration_ns = dur[i];
			total += dur[i];
			if (dur[i] > longest)
				longest = dur[i];
		}
		bound = total / 2 > longest ? total / 2 : longest;
		sched_init(&s, SCHED_LOAD, 2, t, 40, 0);
		span = makespan(&s, 2, dur);
		assert_int_equal(sched_pending(&s), 0);
		if (span * 100 > bound * 105)
			fail_msg("seed %llu: makespan %lld > 105%% of %lld",
				 (unsigned long long)seed, span, bound);
		sched_release(&s);
		free(t);
	}
}

/* n tests through sched_next/sched_finished on 8 workers, timed. */
static double schedule_all_seconds(enum sched_mode mode, size_t n, int locks,
				   int units)
{
	static const char *const keys[] = {"k0", "k1", "k2", "k3", "k4",
					   "k5", "k6", "k7", "k8", "k9"};
	struct sched_test *t = tests_new(n);
	uint64_t x = 42;
	struct sched s;
	clock_t c0;
	size_t i, runs = 0;
	long cur[8];
	int w, left = 8;

	for (i = 0; i < n; i++) {
		t[i].duration_ns = (long long)rnd(&x, 1000000000);
		if (locks)
			t[i].lock = (int)rnd(&x, (uint64_t)locks);
		if (units)
			t[i].unit = keys[rnd(&x, 10)];
	}
	c0 = clock();
	sched_init(&s, mode, 8, t, n, 0);
	for (w = 0; w < 8; w++)
		cur[w] = -1;
	while (left) {
		int busy = 0;

		left = 0;
		for (w = 0; w < 8; w++) {
			long rc;

			if (cur[w] >= 0) {
				sched_finished(&s, w, (size_t)cur[w]);
				cur[w] = -1;
			}
			rc = sched_next(&s, w);
			if (rc >= 0) {
				cur[w] = rc;
				runs++;
			}
			if (rc != SCHED_DONE)
				left++;
			busy += rc >= 0;
		}
		if (left && !busy)
			fail_msg("%s: stuck with %zu tests left",
				 mode_names[mode], sched_pending(&s));
	}
	sched_release(&s);
	free(t);
	assert_int_equal(runs, mode == SCHED_EACH ? n * 8 : n);
	return (double)(clock() - c0) / CLOCKS_PER_SEC;
}

/*
 * 100,000 tests: a quadratic scheduler would take minutes of CPU here.
 * The bound is deliberately loose (sanitizers, a loaded machine): this
 * catches the wrong order of growth, not a slow machine; `make bench`
 * measures real dispatch cost.
 */
#define LINEAR_BOUND_S 10.0

static void
sched_next__100000_tests__schedule_without_quadratic_cost(void **state)
{
	(void)state;
	assert_true(schedule_all_seconds(SCHED_LOAD, 100000, 0, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_LOAD, 100000, 100, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_LOAD, 100000, 100000, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_LOADFILE, 100000, 0, 1) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_LOADGROUP, 100000, 50, 1) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_WORKSTEAL, 100000, 0, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_EACH, 100000, 0, 0) <
		    LINEAR_BOUND_S);
	assert_true(schedule_all_seconds(SCHED_NO, 100000, 10, 0) <
		    LINEAR_BOUND_S);
}

/* ---- the simulator ----------------------------------------------------- */

#define SIM_MAXW 6
#define SIM_MAXN 60

struct sim {
	enum sched_mode mode;
	int nworkers;
	size_t n;
	struct sched_test t[SIM_MAXN];
	int unit_of[SIM_MAXN]; /* index into keys, or -1 */
	struct sched s;
	uint64_t x;
	long long now;
	long cur[SIM_MAXW];
	long long end[SIM_MAXW];
	int done[SIM_MAXW];
	unsigned runs[SIM_MAXW][SIM_MAXN];
	size_t started;
	int unit_owner[8]; /* worker holding the unit, or -1 */
	long unit_last[8]; /* last test of the unit started */
	long no_last;	   /* no mode: last test started */
	unsigned gone_pm;  /* per mille, per event: a worker goes */
	int gone[SIM_MAXW];
	unsigned char notrun[SIM_MAXW][SIM_MAXN]; /* each, no: dropped */
	size_t dropped;
	struct sim_seen { /* what the runs exercised */
		unsigned long runs, waits, barriers, exclusive, locked;
		unsigned long stops, gones, moved, dropped;
	} seen;
};

static const char *const sim_keys[8] = {"k0", "k1", "k2", "k3",
					"k4", "k5", "k6", "k7"};

static void sim_make(struct sim *m, enum sched_mode mode, uint64_t seed)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->mode = mode;
	m->x = seed;
	m->nworkers = 1 + (int)rnd(&m->x, SIM_MAXW);
	m->n = rnd(&m->x, SIM_MAXN + 1);
	for (i = 0; i < m->n; i++) {
		struct sched_test *t = &m->t[i];

		t->duration_ns =
			rnd(&m->x, 3) ? (long long)rnd(&m->x, 1000) : -1;
		t->lock = rnd(&m->x, 3) ? -1 : 1000 * (int)rnd(&m->x, 4);
		t->exclusive = rnd(&m->x, 15) == 0;
		t->first = rnd(&m->x, 10) == 0;
		m->unit_of[i] = rnd(&m->x, 4) ? (int)rnd(&m->x, 8) : -1;
		t->unit = m->unit_of[i] >= 0 ? sim_keys[m->unit_of[i]] : NULL;
	}
	for (i = 0; i < 8; i++) {
		m->unit_owner[i] = -1;
		m->unit_last[i] = -1;
	}
	m->no_last = -1;
	sched_init(&m->s, mode, m->nworkers, m->t, m->n, (int)rnd(&m->x, 2));
}

static int sim_unit_mode(const struct sim *m)
{
	return m->mode == SCHED_LOADSCOPE || m->mode == SCHED_LOADFILE ||
	       m->mode == SCHED_LOADGROUP;
}

/* A test just started on worker w: check every constraint. */
static void sim_started(struct sim *m, int w, long t)
{
	int v, u;

	assert_true(t >= 0 && (size_t)t < m->n);
	m->runs[w][t]++;
	m->started++;
	m->seen.runs++;
	m->seen.exclusive += !!m->t[t].exclusive;
	m->seen.locked += m->t[t].lock >= 0;
	if (m->mode == SCHED_EACH)
		assert_int_equal(m->runs[w][t], 1);
	for (v = 0; v < m->nworkers; v++) {
		long o = m->cur[v];

		if (v == w || o < 0)
			continue;
		assert_false(m->t[t].exclusive);
		assert_false(m->t[o].exclusive);
		if (m->t[t].lock >= 0)
			assert_int_not_equal(m->t[t].lock, m->t[o].lock);
	}
	m->cur[w] = t;
	m->end[w] = m->now + 1 + (long long)rnd(&m->x, 50);
	if (sim_unit_mode(m) && (u = m->unit_of[t]) >= 0) {
		/* a unit never moves to another worker */
		if (m->unit_owner[u] >= 0)
			assert_int_equal(m->unit_owner[u], w);
		m->unit_owner[u] = w;
		assert_true(t > m->unit_last[u]);
		m->unit_last[u] = t;
	}
	if (m->mode == SCHED_NO) {
		assert_int_equal(w, 0);
		assert_int_equal(t, m->no_last + 1);
		m->no_last = t;
	}
}

/* Worker w, its test just ended, is gone: its units may move. */
static void sim_gone(struct sim *m, int w)
{
	size_t notrun[SIM_MAXN], k, i, moved;
	int u;

	m->gone[w] = 1;
	m->seen.gones++;
	moved = sched_worker_gone(&m->s, w, notrun, &k);
	m->seen.moved += moved;
	m->seen.dropped += k;
	if (m->mode == SCHED_EACH || m->mode == SCHED_NO)
		assert_int_equal(moved, 0);
	else
		assert_int_equal(k, 0);
	for (i = 0; i < k; i++) {
		assert_true(notrun[i] < m->n);
		m->notrun[w][notrun[i]]++;
	}
	m->dropped += k;
	for (u = 0; u < 8; u++)
		if (m->unit_owner[u] == w)
			m->unit_owner[u] = -1;
}

static int sim_live(const struct sim *m)
{
	int w, n = 0;

	for (w = 0; w < m->nworkers; w++)
		n += !m->gone[w];
	return n;
}

/* Run to the end; stop: how likely (per mille, per event) sched_stop() is. */
static void sim_run(struct sim *m, unsigned stop)
{
	int order[SIM_MAXW], w, i;
	size_t steps = 0, runs = 0;

	for (w = 0; w < m->nworkers; w++)
		m->cur[w] = -1;
	for (;;) {
		int first = -1, waiting = 0;

		/* every idle worker asks, in a random order */
		for (w = 0; w < m->nworkers; w++)
			order[w] = w;
		for (w = m->nworkers - 1; w > 0; w--) {
			int j = (int)rnd(&m->x, (uint64_t)w + 1),
			    tmp = order[w];

			order[w] = order[j];
			order[j] = tmp;
		}
		for (i = 0; i < m->nworkers; i++) {
			long rc;

			int raised = m->s.barrier_worker >= 0;

			w = order[i];
			if (m->cur[w] >= 0)
				continue;
			rc = sched_next(&m->s, w);
			m->seen.barriers += !raised && m->s.barrier_worker >= 0;
			if (m->gone[w])
				assert_int_equal(rc, SCHED_DONE);
			if (rc >= 0) {
				assert_false(m->done[w]);
				sim_started(m, w, rc);
			} else if (rc == SCHED_DONE) {
				m->done[w] = 1;
			} else {
				assert_int_equal(rc, SCHED_WAIT);
				assert_false(m->done[w]);
				waiting++;
				m->seen.waits++;
			}
		}
		for (w = 0; w < m->nworkers; w++) {
			if (m->cur[w] >= 0 &&
			    (first < 0 || m->end[w] < m->end[first]))
				first = w;
		}
		if (first < 0) {
			/* nothing runs: nobody may be left waiting */
			assert_int_equal(waiting, 0);
			break;
		}
		assert_true(++steps < 100000);
		if (stop && rnd(&m->x, 1000) < stop && !m->s.stopped) {
			sched_stop(&m->s);
			m->seen.stops++;
		}
		m->now = m->end[first];
		sched_finished(&m->s, first, (size_t)m->cur[first]);
		m->cur[first] = -1;
		/* Its worker died in it and is not replaced. */
		if (m->gone_pm && rnd(&m->x, 1000) < m->gone_pm &&
		    !m->s.stopped && sim_live(m) > 1)
			sim_gone(m, first);
	}

	/* the end: every run accounted for */
	assert_int_equal(m->s.running, 0);
	assert_int_equal(sched_pending(&m->s) + m->started + m->dropped,
			 m->mode == SCHED_EACH ? m->n * (size_t)m->nworkers
					       : m->n);
	for (w = 0; w < m->nworkers; w++) {
		size_t t;

		for (t = 0; t < m->n; t++)
			runs += m->runs[w][t];
	}
	assert_int_equal(runs, m->started);
	if (m->s.stopped)
		return;
	if (m->mode == SCHED_EACH || m->mode == SCHED_NO) {
		for (w = 0; w < m->nworkers; w++) {
			size_t t;

			if (m->mode == SCHED_NO && w)
				continue;
			for (t = 0; t < m->n; t++)
				assert_int_equal(
					m->runs[w][t] + m->notrun[w][t], 1);
		}
	} else {
		size_t t;

		for (t = 0; t < m->n; t++) {
			unsigned once = 0;

			for (w = 0; w < m->nworkers; w++)
				once += m->runs[w][t];
			assert_int_equal(once, 1);
		}
		assert_int_equal(sched_pending(&m->s), 0);
	}
}

/*
 * 3000 seeded runs of one mode: 1-6 workers, 0-60 tests with random
 * durations (a third unknown), a third holding one of 4 locks, 1 in 15
 * exclusive, 1 in 10 `first`, units from 8 keys (a quarter without), half
 * with keep_order.  Fails unless the runs exercised what they check.
 */
static void simulate_gone(enum sched_mode mode, unsigned stop, unsigned gone)
{
	static struct sim m;
	struct sim_seen all = {0};
	uint64_t seed;

	for (seed = 1; seed <= 3000; seed++) {
		sim_make(&m, mode, seed * 7919 + (uint64_t)mode);
		m.gone_pm = gone;
		sim_run(&m, stop);
		all.runs += m.seen.runs;
		all.waits += m.seen.waits;
		all.barriers += m.seen.barriers;
		all.exclusive += m.seen.exclusive;
		all.locked += m.seen.locked;
		all.stops += m.seen.stops;
		all.gones += m.seen.gones;
		all.moved += m.seen.moved;
		all.dropped += m.seen.dropped;
		sched_release(&m.s);
	}
	if (getenv("SCHED_SIM_VERBOSE"))
		printf("sim %-9s stop=%u gone=%u: runs %lu waits %lu "
		       "barriers %lu exclusive %lu locked %lu stops %lu "
		       "gones %lu moved %lu dropped %lu\n",
		       mode_names[mode], stop, gone, all.runs, all.waits,
		       all.barriers, all.exclusive, all.locked, all.stops,
		       all.gones, all.moved, all.dropped);
	assert_true(all.runs > 50000);
	assert_true(all.exclusive > 1000);
	assert_true(all.locked > 10000);
	if (mode != SCHED_NO) {
		assert_true(all.waits > 1000);
		assert_true(all.barriers > 100);
	}
	if (stop)
		assert_true(all.stops > 100);
	if (gone)
		assert_true(all.gones > 100);
	/* load: the simulated workers send nothing ahead, so a gone one
	   holds nothing to give back. */
	if (gone && mode != SCHED_NO && mode != SCHED_LOAD)
		assert_true(mode == SCHED_EACH ? all.dropped > 100
					       : all.moved > 100);
}

static void simulate(enum sched_mode mode, unsigned stop)
{
	simulate_gone(mode, stop, 0);
}

static void simulator__load__keeps_constraints_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_LOAD, 0);
}

static void simulator__loadscope__keeps_units_whole_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_LOADSCOPE, 0);
}

static void simulator__loadfile__keeps_units_whole_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_LOADFILE, 0);
}

static void simulator__loadgroup__keeps_units_whole_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_LOADGROUP, 0);
}

static void simulator__worksteal__keeps_constraints_and_completes(void **state)
{
	(void)state;
	simulate(SCHED_WORKSTEAL, 0);
}

static void simulator__each__runs_every_test_on_every_worker(void **state)
{
	(void)state;
	simulate(SCHED_EACH, 0);
}

static void simulator__no__runs_list_order_on_worker_0(void **state)
{
	(void)state;
	simulate(SCHED_NO, 0);
}

static void
simulator__every_mode_with_stop__ends_with_runs_accounted(void **state)
{
	enum sched_mode mode;

	(void)state;
	for (mode = SCHED_LOAD; mode <= SCHED_NO; mode++)
		simulate(mode, 20);
}

/*
 * Workers die (after a test, which counts as run) and are not replaced,
 * down to one: the constraints hold, nothing stalls, every test runs
 * once (each, no: on each worker, or is dropped from the gone one), a
 * unit moves only from a gone worker and keeps its order.
 */
static void
simulator__every_mode_with_gone_workers__completes_on_the_rest(void **state)
{
	enum sched_mode mode;

	(void)state;
	for (mode = SCHED_LOAD; mode <= SCHED_NO; mode++)
		simulate_gone(mode, 0, 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			sched_next__load__makespan_is_within_5_percent_of_lower_bound),
		cmocka_unit_test(
			sched_next__100000_tests__schedule_without_quadratic_cost),
		cmocka_unit_test(
			simulator__load__keeps_constraints_and_completes),
		cmocka_unit_test(
			simulator__loadscope__keeps_units_whole_and_completes),
		cmocka_unit_test(
			simulator__loadfile__keeps_units_whole_and_completes),
		cmocka_unit_test(
			simulator__loadgroup__keeps_units_whole_and_completes),
		cmocka_unit_test(
			simulator__worksteal__keeps_constraints_and_completes),
		cmocka_unit_test(
			simulator__each__runs_every_test_on_every_worker),
		cmocka_unit_test(simulator__no__runs_list_order_on_worker_0),
		cmocka_unit_test(
			simulator__every_mode_with_stop__ends_with_runs_accounted),
		cmocka_unit_test(
			simulator__every_mode_with_gone_workers__completes_on_the_rest),
	};

	return cmocka_run_group_tests_name("sched_sim", tests, NULL, NULL);
}

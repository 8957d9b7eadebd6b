/*
 * sched: which test each worker slot runs next, for every --dist mode,
 * honouring per-test locks and exclusive tests.
 *
 * Pure: no syscalls, no I/O, no globals.  The controller owns the processes;
 * it calls sched_next(worker) whenever a worker slot is idle and
 * sched_finished() when a test ends.  Tests are named by their index
 * 0..n-1 in the (already selected, ordered) test list; workers by their slot
 * 0..nworkers-1.  A worker runs at most one test at a time, and holds at
 * most one more: a test handed out while it runs one (the controller
 * sends it ahead) counts as started, for locks and exclusive tests too.
 * A batch (sched_take_more) is the exception: several lock-free tests
 * running on one worker at once, in one process.
 *
 * The controller's side of the contract:
 *   - ask every idle, live worker again (sched_next) after any test
 *     finishes: a worker told SCHED_WAIT may have work then;
 *   - report every started test exactly once with sched_finished(),
 *     whatever its outcome (pass, fail, crash, timeout).
 * Given that, the run cannot deadlock: whenever nothing runs and a test that
 * some live worker may start is pending, that worker's sched_next starts a
 * test (see "Exclusive tests" below for the one case where only a chosen
 * worker can).
 *
 * Dispatch order ("load order"), used by load, worksteal and each:
 *   1. tests with `first` set, in list order;
 *   2. tests whose duration is unknown (negative), in list order;
 *   3. tests with a known duration, longest first (ties: list order).
 * With keep_order (--shuffle), 2 and 3 merge into plain list order.
 *
 * Modes:
 *   load       one shared queue in load order.  An idle worker gets the first
 *              test in that order it may start (tests whose lock is held are
 *              skipped, not reordered).  Longest-processing-time first.
 *   loadscope, loadfile, loadgroup
 *              tests with equal sched_test.unit strings form a unit; a test
 *              with unit NULL is a unit of its own.  A worker takes a whole
 *              unit from the shared queue and runs its tests in list order,
 *              then takes the next unit.  Unit order in the queue:
 *                1. units holding a `first` test, in list order of their
 *                   first test;
 *                2. units holding a test of unknown duration, largest
 *                   (most tests) first, ties in list order of their first
 *                   test;
 *                3. the other units by the sum of their durations, longest
 *                   first, then largest first, then list order.
 *              With keep_order: 1, then every other unit in list order of
 *              its first test.  Units of one therefore follow load order,
 *              so loadgroup's ungrouped tests behave as in load.  The
 *              worker picking a unit skips units whose first test's lock is
 *              held; inside a unit, order is kept (a held lock means
 *              SCHED_WAIT).
 *   worksteal  the load order is cut into nworkers contiguous queues, worker
 *              i getting positions [i*n/nworkers, (i+1)*n/nworkers) (sizes
 *              differ by at most 1).  A worker starts the first test of its
 *              own queue it may start (skipping tests whose lock is held;
 *              if every test left in its queue is blocked, SCHED_WAIT).
 *              With its own queue empty, it steals the tail floor(len/2)
 *              tests of the longest other queue (ties: lowest slot), if
 *              that queue holds at least 2 tests; else SCHED_WAIT while any
 *              test is pending anywhere, SCHED_DONE when none is.
 *   each       every worker runs every test, each from its own queue in load
 *              order; a held lock at the front of the queue means
 *              SCHED_WAIT.  Test runs, not tests, are counted.
 *   no         list order exactly (neither `first` nor durations reorder
 *              it), all on worker 0; every other worker gets SCHED_DONE.
 *
 * Locks: no two test runs sharing a lock id run at the same time, on any
 * worker (in each mode, that includes one test on two workers).  A test
 * may hold more locks than its own (sched_test.more_locks): it queues by
 * its own, and at the front of the queue waits (as if its lock were
 * held, the tests behind it waiting too) until the others are free.
 *
 * Order (load and no modes; ignored in the others): a test whose
 * sched_test.after names other tests starts only once every one of them
 * has finished (sched_finished), whatever the dispatch order says; the
 * tests it names must not form a cycle with it.  A waiting test without a
 * lock stands aside, so the tests behind it go on; one with a lock waits
 * at its place in that lock's queue, so the caller keeps such a run's
 * dispatch order topological (keep_order, tests listed after what they
 * follow), or a test behind it could hold what it waits for.
 *
 * Slots (load and no modes): a test with sched_test.slots N > 1 (capped
 * at nworkers) holds N worker slots, as ctest's PROCESSORS: it starts
 * only on an idle worker when N workers are idle (never sent ahead), and
 * N - 1 idle workers stay idle (SCHED_WAIT) while it runs.  Meanwhile
 * the queue behind it waits too, so it is not starved.  A worker gone
 * for good (sched_worker_gone) is no slot: N counts live workers only,
 * and is capped at those left.
 *
 * Exclusive tests: an exclusive test starts only when nothing runs, and
 * nothing starts while it runs.  When the next test a worker would start is
 * exclusive while other tests run, that worker raises the barrier: from then
 * on no worker starts anything (SCHED_WAIT) until everything running has
 * finished and that worker has started the exclusive test.  Only one
 * barrier stands at a time.
 *
 * SCHED_DONE: in each and no mode, once the worker's own queue is used up;
 * in every other mode, only once no test is pending at all.
 *
 * Cost: sched_init O(n log n) time; O(n + nworkers + locks) memory.
 * sched_next and sched_finished are O(1) amortised in load mode without
 * locks, O(log locks) with them, and the same per test in unit modes;
 * each and no O(1); worksteal O(1) amortised plus the tests of its own
 * queue it skips because their lock is held, and O(stolen) per steal.
 * Programmer errors (a worker out of range, asking while running, finishing
 * a test it does not run) BUG().
 */
#ifndef XDIST_SCHED_H
#define XDIST_SCHED_H

#include <stddef.h>

#include "buf.h"

enum sched_mode {
	SCHED_LOAD,
	SCHED_LOADSCOPE,
	SCHED_LOADFILE,
	SCHED_LOADGROUP,
	SCHED_WORKSTEAL,
	SCHED_EACH,
	SCHED_NO,
};

/*
 * Parse a --dist value: "load", "loadscope", "loadfile", "loadgroup",
 * "worksteal", "each", "no" (exact, case-sensitive).  Returns 0 with *out
 * set, or -1 (s NULL or unknown; *out untouched).
 */
int sched_mode_parse(const char *s, enum sched_mode *out);

/* One test, as sched_init() reads it. */
struct sched_test {
	long long duration_ns; /* from earlier runs; negative: unknown */
	const char *unit;      /* grouping key (sched_unit_key()) in loadscope,
				  loadfile and loadgroup, ignored in other modes;
				  NULL: a unit of its own */
	int lock;	       /* lock id >= 0, or -1 for none */
	int exclusive;	       /* nonzero: runs while nothing else runs */
	int first;	       /* nonzero: dispatched before the rest (--ff) */
	const size_t *after;   /* [nafter] tests (indices, < n) that must
				  finish before it starts (see "Order") */
	size_t nafter;
	int slots; /* worker slots it holds (see "Slots"); 0 or 1: one */
	const int *more_locks; /* [nmore_locks] lock ids >= 0 it holds
				  besides lock (which must be set) */
	size_t nmore_locks;
};

/*
 * The unit key of a test in mode m, written into out (reset first).
 * Returns 1 when the test has a key (a non-empty string in out), 0 when it
 * forms a unit of its own (out left empty).  Pure.
 *   loadscope: scope_attr if non-NULL and non-empty; else the text of id
 *              before its LAST "::" if there is one with text before it;
 *              else the directory of file as dirname(3) has it
 *              ("tests/unit/t_a" -> "tests/unit", "./t_a" -> ".",
 *              "t_a" -> ".", "/t_a" -> "/"; NULL or "" -> ".").
 *   loadfile:  file itself, the test's file (test_file(): the first
 *              argument naming an existing file, else the program); 0 if
 *              file is NULL or "".
 *   loadgroup: group_attr if non-NULL and non-empty, else 0.
 *   other modes: 0.
 * id, file, scope_attr and group_attr may be NULL.
 */
int sched_unit_key(enum sched_mode m, const char *id, const char *file,
		   const char *scope_attr, const char *group_attr,
		   struct buf *out);

/*
 * The line said under the header when a mode that groups tests into units
 * (loadscope, loadfile, loadgroup) leaves fewer units than the wanted
 * workers, appended to out with its newline: "loadfile: 21 tests in 1
 * unit; 1 of 2 workers used".  Appends nothing in other modes or when
 * nunits >= wanted.  Pure.
 */
void sched_units_note(struct buf *out, enum sched_mode m, size_t ntests,
		      size_t nunits, int wanted);

/* A queue of positions in sched.order, linked through sched.next/prev. */
struct sched_list {
	size_t head; /* first position, or SIZE_MAX */
	size_t tail; /* last position, or SIZE_MAX */
	size_t len;
};

/* One worker slot. */
struct sched_worker {
	long running;  /* the test it runs now, or -1 */
	long queued;   /* the test handed to it while it ran one (to start
			  when that one ends), or -1 */
	size_t unit;   /* load and unit modes: the unit (a rank, see
			  sched.ustart) it is working through, or SIZE_MAX */
	size_t cursor; /* each, no: position in sched.order of its next test;
			  n when its queue is used up */
	struct sched_list q; /* worksteal: its own queue */
	size_t *back;	     /* tests given back (sched_give_back), to
				start first, in order: back[0 .. nback) */
	size_t nback, back_cap;
	int gone; /* sched_worker_gone: never idle, never asks again */
};

/* Internal: the shared queue's units whose next test takes one lock. */
struct sched_lockq;

/*
 * The scheduler.  Fields are documented for the curious and for the unit
 * tests; callers use the functions only.  All memory is owned by the struct
 * and freed by sched_release().
 */
struct sched {
	enum sched_mode mode;
	int nworkers;
	size_t n;	/* tests */
	size_t total;	/* test runs in the whole run: n, or n * nworkers
			   in each mode */
	size_t started; /* test runs started so far */
	size_t running; /* runs running now */
	int stopped;	/* sched_stop() was called */

	/* Per test, indexed by test. */
	size_t *lock;		  /* dense lock id 1..nlocks, 0 for none */
	unsigned char *exclusive; /* nonzero: exclusive */
	size_t nlocks;
	unsigned char *lock_busy; /* [nlocks + 1]: a run holds it ([0]: 0),
				     or a lock of the tests' own (see
				     waits) is closed */

	/* Order: per test, how many of its after tests have not finished,
	   and who waits for it, succ[succ_start[t] .. succ_start[t + 1]);
	   NULL when no test has any.  A waiting test without a lock of its
	   own is given one (its own id above the caller's), held until its
	   waits drop to 0. */
	size_t *waits;
	size_t *succ_start;
	size_t *succ;
	size_t caller_locks; /* locks 1..caller_locks are the caller's */

	/* Slots: per test, the worker slots it holds (NULL when every test
	   holds one); slots held by running tests beyond their own worker. */
	int *slots;
	int reserved;
	int live; /* workers not gone (sched_worker_gone) */

	/* Per test, the dense ids of its locks besides lock[]:
	   more[more_start[t] .. more_start[t + 1]); NULL when none has
	   any. */
	size_t *more_start;
	size_t *more;

	/*
	 * The dispatch order: units by rank, each unit's tests in list order.
	 * Unit r is order[ustart[r] .. ustart[r + 1]).  In load, worksteal and
	 * each mode every test is a unit of one (so order is the load order);
	 * in no mode, order is the list order.
	 */
	size_t *order; /* [n] test indices */
	size_t nunits;
	size_t *ustart; /* [nunits + 1] */
	size_t *unext;	/* [nunits]: tests of the unit already started */

	/*
	 * load and unit modes: the shared queue, split by the lock of each
	 * queued unit's next test (lockq[0]: no lock), and a min-heap (by rank
	 * of the front unit) of the lock queues that are non-empty and whose
	 * lock is free.  heap_pos[q] is q's index in heap, or SIZE_MAX.
	 */
	struct sched_lockq *lockq; /* [nlocks + 1] */
	size_t *heap;		   /* [nlocks + 1] */
	size_t *heap_pos;	   /* [nlocks + 1] */
	size_t nheap;

	/* worksteal: queue links by position. */
	size_t *next; /* [n] */
	size_t *prev; /* [n] */

	struct sched_worker *workers; /* [nworkers] */

	int exclusive_running; /* an exclusive test runs */
	int barrier_worker;    /* the worker that raised the barrier, or -1 */
	size_t barrier_item;   /* load and unit modes: the unit rank it waits
				  to take; worksteal: the position in its
				  queue of the exclusive test */
	/* Per test (NULL until a batch is taken): worker + 1 when it runs
	   as a further member of that worker's batch, else 0. */
	int *extra_of;
};

/*
 * Set up a run of n tests on nworkers (>= 1) worker slots.  tests (and the
 * unit strings it points to) are read during the call only: nothing of them
 * is referenced afterwards.  keep_order (--shuffle): ignore durations, keep
 * list order except that `first` tests (and their units) still go first.
 * Aborts on allocation failure (buf.h); BUG()s on nworkers < 1 or a mode
 * that is not one.
 */
void sched_init(struct sched *s, enum sched_mode mode, int nworkers,
		const struct sched_test *tests, size_t n, int keep_order);

/* Free everything; s is left zeroed, so calling it twice is harmless. */
void sched_release(struct sched *s);

/* Nothing this worker may start now: ask again after any test finishes. */
#define SCHED_WAIT (-1)
/* Nothing left for this worker, ever. */
#define SCHED_DONE (-2)

/*
 * The next test for an idle worker: a test index (>= 0), now marked running
 * on that worker, or SCHED_WAIT, or SCHED_DONE.  A worker that asks after
 * sched_stop() gets SCHED_DONE.  BUG()s if the worker still runs a test.
 */
long sched_next(struct sched *s, int worker);

/*
 * The test the worker runs ended, whatever its outcome: its lock is
 * released and, if it was exclusive, other tests may start.  BUG()s unless
 * the worker runs exactly that test.
 */
void sched_finished(struct sched *s, int worker, size_t test);

/* Batches: several tests run by one worker in one process (the
   controller's --gtest-batch).  sched_batch.c. */

/* Does the caller accept test t in the batch (ctx: its own)? */
typedef int sched_pred_fn(void *ctx, size_t test);

/*
 * 1 when test t may run in a batch: it holds no lock (of its own, or
 * waiting for others: sched_test.after), is not exclusive and holds one
 * worker slot.  Such a test starts and ends without touching anything
 * another worker waits on.
 */
int sched_batchable(const struct sched *s, size_t t);

/*
 * Right after sched_next() gave worker a test: mark up to max more
 * pending tests that pred accepts (and sched_batchable) as running on
 * that worker, writing them to out[] in dispatch order; returns how many.
 * They come from the tests the worker was given back first, then
 *   load:              the shared queue (its lock-free tests, looking
 *                      at most SCHED_BATCH_WINDOW ahead, skipping those
 *                      pred refuses);
 *   loadscope, loadfile, loadgroup:
 *                      the worker's current unit, in order, up to the
 *                      first test refused;
 *   worksteal:         the worker's own queue, as load;
 *   no:                the list, in order, up to the first refused;
 *   each:              none (every worker runs every test: 0).
 * None while the run is stopped or an exclusive test waits or runs.
 * Each is reported once with sched_finished() or sched_give_back().
 */
size_t sched_take_more(struct sched *s, int worker, sched_pred_fn *pred,
		       void *ctx, size_t max, size_t *out);

/* How far sched_take_more looks into a shared queue. */
#define SCHED_BATCH_WINDOW 1024

/*
 * Test (the one sched_next gave, or one sched_take_more took) never
 * started on worker: it is pending again, first in line for that worker
 * (in the order given back), to run in a new process.  After
 * sched_stop() it stays pending, never started: not run.  BUG()s unless
 * the worker runs it and it is sched_batchable.
 */
void sched_give_back(struct sched *s, int worker, size_t test);

/*
 * The worker is gone for good (it died and was not replaced): it is no
 * idle slot for a test of several slots any more, such a test needs at
 * most the workers left (see "Slots"), and a barrier it raised is down
 * (the next worker to reach the exclusive test raises it again).  It
 * gets SCHED_DONE from then on.  A test it still holds stays started
 * (the caller reports the one that ended with sched_finished() first).
 * A second call changes nothing.
 */
void sched_worker_gone(struct sched *s, int worker);

/*
 * No test starts any more: every later sched_next() returns SCHED_DONE.
 * Running tests are still reported with sched_finished().
 */
void sched_stop(struct sched *s);

/*
 * Test runs not started (tests, or in each mode test runs), including those
 * that never will (after sched_stop()): at the end of a run, the "not run"
 * count.
 */
size_t sched_pending(const struct sched *s);

#endif

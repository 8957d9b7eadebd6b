/*
 * ctl: the controller's state, shared by its files:
 *   controller.c  options, the event loop, signals, shutdown
 *   dispatch.c    workers, tests and fixtures handed out, crashes, stops
 *   results.c     what a result means, a run's end
 *   terminal.c    what the terminal shows
 *   plan.c        the test list: loading, selection, ordering, the cache
 * Internal to the controller; nothing else includes it.  plan.c never
 * calls controller.c: it returns what is to be printed.  The reports see
 * a struct run_view (view.h) the controller fills, never this.
 */
#ifndef XDIST_CTL_H
#define XDIST_CTL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "cache.h"
#include "gateway.h"
#include "live.h"
#include "jobserver.h"
#include "loop.h"
#include "options.h"
#include "outq.h"
#include "observer.h"
#include "html.h"
#include "outputs.h"
#include "phase.h"
#include "report.h"
#include "runs.h"
#include "ctest.h"
#include "sched.h"
#include "slot.h"
#include "tally.h"
#include "testlist.h"
#include "timeline.h"
#include "trace.h"
#include "view.h"

/* After asking workers to stop, how long past the grace before the
   controller stops trusting them and kills them outright. */
#define WORKER_SLACK_NS (10LL * 1000000000)
/* Tests expected to take longer are not queued behind: the round trip
   saved is nothing next to them, and a test waiting behind them could
   idle another worker. */
#define PREFETCH_MAX_NS (50LL * 1000000)
/* -s: the longest line echoed before it is cut. */
#define LIVE_LINE_MAX 4096

/* epoll tag of the jobserver pipe (workers are tagged by slot index). */
#define TAG_JOBSERVER (LOOP_TAG_SIGNAL - 1)
/* epoll tags of EPOLLOUT on our stdout and on worker i's stdin. */
#define TAG_STDOUT (LOOP_TAG_SIGNAL - 2)
#define TAG_TO_BIT ((uint64_t)1 << 40)

/* Sequence numbers of fixture runs: beyond any run index. */
#define FX_SEQ(kind) ((uint64_t)1 << 62 | (uint64_t)(kind))

/* A --tx spec made ready to start workers on (run/remote.c). */
struct target {
	const struct txspec *spec; /* in ctl.o.tx */
	int ready;		   /* reachable, synced: it gets workers */
	char *exe;		   /* xdist-exec there (remote only); owned */
	char **argv;		   /* tx's command (remote only); owned */
	char *path;		   /* argv[0] found in PATH; owned */
	struct transport tx;	   /* remote only: popen uses ctl.local */
};

struct wslot {
	int index;
	char name[16];
	const struct transport *tx;  /* how its worker is started */
	const struct target *target; /* its --tx spec, or NULL (-n, the
					fixture slot) */
	char *lost; /* remote: why its connection ended (ssh's last line), or
		       NULL; owned */
	int err_fd; /* remote: its transport's stderr (an unnamed file in
		       the run directory, remote_last_words), or -1 */
	struct gateway gw;     /* its worker's process, pipes and queues */
	struct buf live;       /* -s: a line not yet ended */
	enum slot_state state; /* slot.h; changed by slot_event() only */
	size_t run;	       /* in SLOT_TEST, or held: index in runs */
	int master;	    /* runs as "master" (-n 0, or the fixture slot) */
	long long rerun_at; /* > 0: a rerun of `run` is held, due then */
	long long started_ns;
	long long slow_at; /* --slow: when to say SLOW next, or 0 */
	pid_t test_pgid;   /* from STARTED: the running test's group, or 0 */
	size_t queued;	   /* a test sent ahead (SLOT_TEST_QUEUED), or one
			      the worker dropped, held to send again:
			      index in runs; RUN_NONE when none */
	int queued_sent;   /* queued is at the worker (not held here) */
	long long handover_ns; /* when the test before the one sent ahead
				  ended (its RESULT came), or 0 */
	/* --tap: the cases of run case_run's attempt case_attempt so far
	   (run/cases.c), told to the tally when it finishes. */
	size_t case_run;
	int case_attempt;
	unsigned long long cases[TAP_NSTATUS];
	struct buf case_fails; /* "N - description\0" each, the first
				  TALLY_CASES_NAMED failed cases */
	size_t ncase_fails;
	/* --gtest-batch (run/gtest_batch_run.c): the runs its RUN runs,
	   batch[0] being run; nbatch 0 when it runs one test alone */
	size_t *batch;
	size_t nbatch;
	struct buf batch_names; /* each case's "Suite.Name\0" */
	struct buf batch_args;	/* gtest_batch_args', for the RUN */
};

enum stop_reason {
	STOP_NONE,
	STOP_MAXFAIL,
	STOP_STEPWISE,
	STOP_SIGNAL,
	STOP_CRASHES,
	STOP_FIXTURE,
	STOP_SESSION_TIMEOUT,
	STOP_INTERNAL
};

struct ctl {
	struct options o;
	struct testlist tests;
	/* plan.c: what runs, in which order */
	size_t *sel; /* selected test indices, in run order */
	size_t nsel;
	size_t nitems; /* nsel * count: item i is repetition i % count + 1
			  of test sel[i / count] */
	struct sched_test *items; /* planning: what the scheduler is told */
	long long *expect_ns;	  /* by item: its cached duration, or -1 */
	char **labels;		  /* by item, with count > 1: "ID [2/3]" */
	/*
	 * Run r is item r % nitems (in --dist each, every worker runs every
	 * item): only what happened is stored (in the tally), the rest is
	 * derived.
	 */
	size_t nruns;
	struct runs runs;   /* plan.c: the fields above, for runs.h */
	struct tally tally; /* what happened, and the counts */
	size_t deselected;  /* planning: for the tally */
	struct cache cache;
	int use_cache;
	long long *cached_ns;	      /* planning: each test's last duration */
	unsigned char *cached_failed; /* planning: it failed last time */
	size_t sw_skip_left; /* --sw-skip: failures still to let pass */
	size_t sw_ignored;   /* the test --sw-skip let fail, or (size_t)-1 */
	/* the ini's markers (the config's), for --strict-markers */
	const struct marks_decl *markers;
	char **lock_names; /* lock attribute values, by lock id */
	size_t nlocks;
	struct sched sched;
	/* --from-ctest: the fixtures whose setup failed */
	struct ctest_failed ctest_failed;
	int ctest_output;     /* a test's verdict reads its output: every
				 RESULT brings it (HELLO_ALL_OUTPUT) */
	size_t **ctest_after; /* [nitems] until sched_init: each item's
				 items.after (ctest_items_after) */
	int **ctest_locks;    /* [nitems] or NULL, until sched_init: each
				 item's items.more_locks (plan.c) */
	int ctest_keep_order; /* a test with a lock follows others: the
				 dispatch order stays the list's */
	char **units;	      /* owned unit keys, by item */
	size_t nunits; /* distinct units: the most workers worth starting */

	int nworkers; /* test slots w[0..nworkers) */
	int nslots;   /* plus the fixture slot, when it is separate */
	int master;
	int prefetch; /* send each worker's next test ahead (slot.h) */
	struct wslot *w;
	struct wslot *fxw;	/* runs --setup and --teardown, as master */
	struct transport local; /* "popen": our own executable, as a worker */
	struct target *targets; /* --tx, in order (run/remote.c) */
	size_t ntargets;
	struct testlist fx;
	int fx_idx[FX_MAX]; /* index in fx, or -1 */
	enum phase phase;   /* phase.h; changed by phase_event() only */
	char **genv; /* what --setup exported, for every (re)started worker */
	size_t ngenv;
	char *preload;
	struct loop loop;
	char *run_dir;
	int run_lock; /* run_dir, flock()ed shared while we live, or -1 */
	char uid[129];
	char *mainargv;
	char *cwd;     /* absolute, or NULL when getcwd failed */
	char *rootdir; /* the config file's directory (realpath), else cwd */
	struct report rep;
	struct outputs reports;	    /* --junitxml, --report-log, --log-dir */
	struct timeline timeline;   /* when each run ran; told first */
	struct trace trace;	    /* --trace */
	struct html html;	    /* --html */
	struct observers observers; /* the timeline, the terminal, then the
				       reports */
	int spool;
	off_t spool_len;
	enum stop_reason stop;
	int signals;
	int restarts;
	int max_restarts;
	size_t gone_notrun; /* runs not run: their worker was gone
			       (run/worker_gone.c) */
	long long start_ns;
	long long kill_deadline;
	long long session_deadline; /* --session-timeout, or 0 */
	long long paused_at;	    /* Ctrl-Z: stopped since, or 0 */
	struct buf out;
	struct outq stdout_q; /* where out goes: our stdout, never blocking */
	int out_sync;	      /* 1: each flush waits for the reader (after
				 the event loop); -1: we gave up on it */
	struct buf notes;     /* plan.c's remarks, printed under the header */
	struct live live;    /* the status area on a terminal (width 0: none) */
	int live_up;	     /* the area is wanted on screen now */
	long long live_next; /* when to redraw it next */
	struct live_eta eta; /* the runs not done yet, for the ETA */
	int err_fd;	     /* our stderr, as >2, for workers */
	int self_fd;	     /* O_PATH of our executable, workers exec it */
	int all_output;	     /* keep every run's output, not only failures' */
	unsigned isolate;    /* ISOLATE_*: --isolate and every isolate= */
	int refused;	     /* a worker could not isolate: exit 4 */
	struct jobserver js; /* make -jK's job slots, when we run under it */
	int js_waiting;	     /* js.rfd is in the epoll set */
	struct run_view view; /* what the reports read, refilled before each
				 call into them */
	struct run_view_slot *view_slots; /* its slots, by index (nslots) */
};

/* plan.c */
/*
 * Read every -f list and argument into c->tests.  0, or an exit status with
 * one line in err, to be printed after "xdist-exec: ".
 */
int plan_load(struct ctl *c, struct buf *err);
/*
 * Select (-k, --deselect, --partition, --lf), order (--ff, --shuffle),
 * expand (--count) and describe each item to the scheduler.  Prints the
 * lines that explain a selection to c->notes and fills c->runs but for its
 * labels and nruns.  0, or an exit status.  A warning (the cache could not
 * be cleared) goes in warn, one line to print after "xdist-exec: ".
 */
int plan_select(struct ctl *c, struct buf *warn);
/* Build c->tally.runs and start the scheduler for nworkers; c->runs is
   complete. */
void plan_start(struct ctl *c);
/* --collect-only: write what would run to c->out, calling flush(c) to
   drain it as it goes.  Returns the exit status. */
int plan_collect_only(struct ctl *c, view_flush_fn *flush);
/* Save durations and failures to the cache; when it cannot, a warning in
   warn, one line to print after "xdist-exec: ". */
void plan_save_cache(struct ctl *c, struct buf *warn);

/* gtest_split.c */
/*
 * --split=gtest (or a split=gtest line): replace each GoogleTest binary in
 * c->tests by its cases, listing each binary once.  One whose listing
 * fails stays (TEST_GTEST_LISTING) with a note in c->notes saying why;
 * disabled cases left out are counted there too.
 */
void gtest_split_expand(struct ctl *c);

/*
 * The fixture a slot runs, or -1: its state says which, and the run's
 * phase whether SLOT_FIXTURE is the --setup or the --teardown.
 */
static inline int ctl_fixture_of(const struct ctl *c, const struct wslot *w)
{
	switch (w->state) {
	case SLOT_WORKER_SETUP:
		return FX_WSETUP;
	case SLOT_WORKER_TEARDOWN:
		return FX_WTEARDOWN;
	case SLOT_FIXTURE:
		return c->phase <= PHASE_SETUP ? FX_SETUP : FX_TEARDOWN;
	default:
		return -1;
	}
}

#endif

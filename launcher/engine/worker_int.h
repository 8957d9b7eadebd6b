/*
 * worker_int: the worker's state, shared by its files (internal to the
 * engine's worker; nothing else includes it), which call one another one
 * way: worker.c -> worker_hello.c -> worker_io.c.
 *   worker.c        the event loop, RUN, the running test, results
 *   worker_hello.c  HELLO: the run directory, the environment, the
 *                   namespaces and seccomp filters asked for
 *   worker_io.c     messages to the controller; leaving for good
 */
#ifndef XDIST_WORKER_INT_H
#define XDIST_WORKER_INT_H

#include <linux/filter.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "capture.h"
#include "env.h"
#include "leftovers.h"
#include "loop.h"
#include "proto.h"
#include "scratch.h"
#include "tapstream.h"
#include "test_state.h"

/* epoll tags: the command pipe, the running test's output. */
#define TAG_IN 1
#define TAG_OUT 2

/* After the test's main process is gone, how long its leftovers may
   take to die, and how long a descendant that escaped its process group
   may keep the output pipe open. */
#define DRAIN_NS (1000LL * 1000000)
/* How long a TAP case is held, the output quiet, for the YAML block that
   may follow it, before it is sent without: a worker that dies then
   would lose it. */
#define TAP_QUIET_NS (1000LL * 1000000)

/* The running test: its state (test_state.h) and what goes with it. */
struct current {
	enum test_state state;
	uint64_t seq;
	pid_t pid;	/* also the process group id */
	int out;	/* read end of the output pipe, -1 after EOF */
	int status;	/* from waitpid */
	int terminated; /* TERMINATE or KILL arrived */
	int fixture;	/* RUN_FIXTURE: report XDIST_ENV_FILE lines */
	int gtest; /* its RUN_GTEST, RUN_GTEST_LISTING, RUN_GTEST_BATCH flags */
	long long start_ns, end_ns;
	long long deadline; /* the state's (grace, sweep, drain), or 0 */
	long long timeout_deadline; /* 0: no --timeout */
	int timed_out;
	unsigned nseen;	     /* leftovers killed so far (leftovers.h) */
	unsigned leaked;     /* processes it left behind, killed */
	long long paused_ns; /* stopped by Ctrl-Z: not the test's time */
	int tap;	     /* RUN_TAP: its output goes through tap below */
	long long tap_quiet; /* a held case is told then (TAP_QUIET_NS), or 0 */
};

struct worker {
	struct loop loop;
	struct buf in; /* undecoded bytes from the controller */
	struct buf msg_out;
	int in_eof;
	int bye;
	int hello;
	int remote; /* HELLO_REMOTE: the run directory is this host's */
	char *name; /* gwN or master */
	int flags;  /* HELLO_* */
	long long grace_ns;
	struct env env;
	char *uid, *run_dir, *worker_dir, *mainargv, *preload, *host;
	int run_lock;	/* run_dir, flock()ed shared, or -1 */
	char *env_file; /* XDIST_ENV_FILE of fixtures */
	int devnull;
	sigset_t reset; /* our non-default dispositions, undone in tests */
	struct capture capture; /* the running test's output */
	struct tap_parser tap;	/* a RUN_TAP test's output as TAP: each case
				   read becomes a CASE in msg_out */
	struct current cur;
	/* A RUN that came while a test ran: its frame, started the moment
	   that test's result is sent (empty: none).  One at most. */
	struct buf queued;
	int last_clean;	     /* the last test exited 0, in time, unstopped, with
				nothing left behind (1 before the first) */
	long long paused_at; /* suspended (Ctrl-Z) since, or 0 */
	/* What fixtures left running: the worker's, until it exits. */
	struct leftovers leftovers;
	unsigned isolate; /* ISOLATE_*, in force since HELLO */
	unsigned sandbox; /* the HELLO's SANDBOX_* profiles */
	char *deny;	  /* the HELLO's --seccomp-deny list, or NULL */
	/* One seccomp program per set of profiles a test ran with (the
	   HELLO's deny list in each), built on first use. */
	struct sock_fprog filters[8];
	struct scratch scratch; /* --tmpdir, --home */
};

/* worker_io.c */
/* Write what msg_out holds to the controller; one that is gone ends us. */
void worker_send_msg(struct worker *w);
/* ERROR with a printf-style text. */
void worker_send_error(struct worker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * The worker's event loop: SIGCHLD, SIGTERM, SIGTSTP and SIGCONT as
 * events, the command pipe watched.  Made again by the init of a pid
 * namespace (--isolate=pid): a signalfd in an epoll set inherited across
 * fork keeps waking its creator, not the child.  0, or -1 with errno set.
 */
int worker_loop_init(struct worker *w);
/* "[xdist-exec idle] gwN" */
void worker_title_idle(struct worker *w);
/* Leave with code: the running test's group killed, what fixtures left
   swept, the run directory removed when we hold its last lock. */
void worker_die(struct worker *w, int code) __attribute__((noreturn));

/* worker_hello.c */
/* HELLO: set up, then READY.  0, or -1 once ERROR is sent. */
int worker_handle_hello(struct worker *w, const struct proto_msg *m);
/* The seccomp program for the HELLO's profiles plus extra (a test's
   sandbox= attribute), built the first time; NULL when none applies (or
   on error, with err set). */
const struct sock_fprog *worker_filter_for(struct worker *w, unsigned extra,
					   struct buf *err);

#endif

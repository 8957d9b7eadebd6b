/*
 * leftovers: what a worker's tests leave running, and what fixtures keep
 * running on purpose.
 *
 * The worker is a child subreaper: whatever a test leaves behind is
 * re-parented to it, so its children (read from /proc) are exactly the
 * test's main process, the test's orphans, and what fixtures left.  The
 * latter are "kept": the worker's until it exits, no test's leftover.  A
 * kept entry is a pid and the process group it was in; a process that is
 * either, or a member of such a group, is kept.  pid 0: reaped (its group
 * may live on); pgid 0: no group.
 *
 * Owns: the kept list (freed by leftovers_release), and one file-level
 * list of the pids a sweep has killed (so one sweep at a time: the
 * worker runs one test).  Sends signals and reaps; never waits on fds.
 * Not async-signal-safe (leftovers_keep allocates).
 */
#ifndef XDIST_LEFTOVERS_H
#define XDIST_LEFTOVERS_H

#include <stddef.h>
#include <sys/types.h>

struct leftovers {
	struct leftovers_kept {
		pid_t pid, pgid;
	} * kept;
	size_t nkept;
};

enum {
	LEFTOVERS_GROUP_SIGNALLED = 1 << 0, /* the test's group was signalled:
					       its members are not counted */
	LEFTOVERS_SPARE_KEPT = 1 << 1,	    /* leave kept processes alone */
};

/* Nothing kept. */
void leftovers_init(struct leftovers *l);

/* Free the kept list (the processes live on). */
void leftovers_release(struct leftovers *l);

/*
 * A fixture ended (its main process, fixture_pid, a zombie): every child
 * of ours but it is kept from now on.
 */
void leftovers_keep(struct leftovers *l, pid_t fixture_pid);

/* pid was reaped: a kept process by that pid is gone (the pid may be
   reused, its group may not be while a member lives). */
void leftovers_forget_pid(struct leftovers *l, pid_t pid);

/* A new process got pid: no kept group by that id can have a member
   left. */
void leftovers_forget_group(struct leftovers *l, pid_t pid);

/*
 * Kill what the test left behind: every child of ours but main_pid (the
 * test's main process, a zombie that pins its pid and group id) and, with
 * LEFTOVERS_SPARE_KEPT, the kept ones.  Each one not killed yet (the first
 * *nseen of the file-level list; start a test at 0) is killed with its
 * group (a setsid daemon leads one), added to the list and counted in
 * *counted (with LEFTOVERS_GROUP_SIGNALLED, only escapees from main_pid's
 * group: its members die because of us).  The dead are reaped; as that may
 * orphan more to us, the pass repeats until it reaps nothing.  Returns how
 * many killed processes are still to die: each will raise SIGCHLD.
 */
unsigned leftovers_sweep(struct leftovers *l, pid_t main_pid, int flags,
			 unsigned *nseen, unsigned *counted);

/*
 * Leaving: kill every child of ours, kept or not, and reap them, sleeping
 * between passes until none is left or until_ns (xio_now_ns) passes.
 */
void leftovers_sweep_all(struct leftovers *l, long long until_ns);

#endif

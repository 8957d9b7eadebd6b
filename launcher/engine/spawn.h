/*
 * spawn: the one place that forks and execs, for tests (in the worker) and
 * for workers (in the controller).
 *
 * Everything the child needs is prepared by the caller.  The child is
 * started vfork-style (clone with CLONE_VM | CLONE_VFORK, on a stack of
 * its own): it shares our memory and we are suspended until it has
 * exec'd or exited, so starting it costs the same however large we are.
 * Between clone and exec it makes async-signal-safe calls only, allocates
 * nothing, and reports a failure as {stage, errno} on a close-on-exec
 * status pipe, then _exit(127).  EOF on that pipe with no data means the
 * exec succeeded.
 */
#ifndef XDIST_SPAWN_H
#define XDIST_SPAWN_H

#include <linux/filter.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

enum spawn_stage {
	SPAWN_STAGE_SETUP = 1, /* fds, process group, death signal */
	SPAWN_STAGE_EXEC,      /* execve itself */
	SPAWN_STAGE_CHDIR,     /* chdir to spawn_req.cwd */
};

struct spawn_req {
	const char *path; /* what to execve: already resolved */
	char *const *argv;
	char *const *envp;
	int fd0, fd1, fd2; /* become the child's 0, 1, 2; each must be > 2 */
	int new_pgroup;	   /* setpgid(0, 0): a process group of its own */
	int pdeathsig;	   /* sent to the child when we die; 0 for none */
	char *pid_slot;	   /* if set, the child writes its pid there (see
				 env_pid_slot) between fork and exec */
	int exec_fd;	   /* if > 2, fexecve() this open file instead of
			      path (which then only names it) */
	const char *cwd;   /* if set, the child changes to it before
			      exec (a relative path then names a file
			      there) */
	const sigset_t *reset; /* dispositions the child sets to SIG_DFL
				  (those that may differ, from
				  spawn_nondefault); NULL: every signal */
	const struct sock_fprog *filter; /* if set, the child sets
					    PR_SET_NO_NEW_PRIVS and loads this
					    seccomp program last before exec
					    (engine/filter.h); the caller's */
};

/*
 * Start a child.  Returns its pid, or -1 with errno set and *stage saying
 * what failed (the child, if any, has been reaped).  Signals: the child
 * starts with every disposition at SIG_DFL and an empty mask, whatever ours
 * are.  Not async-signal-safe; call from the main loop only.
 */
pid_t spawn_start(const struct spawn_req *r, enum spawn_stage *stage);

/*
 * The signals whose disposition is not SIG_DFL now (ignored, or with a
 * handler), for spawn_req.reset: a process whose dispositions no longer
 * change saves the child a sigaction per signal on every spawn.
 */
void spawn_nondefault(sigset_t *set);

/* "set up" / "execute", for messages. */
const char *spawn_stage_name(enum spawn_stage s);

/*
 * Find file like execvp: a name with a '/' is used as is, else each PATH
 * entry is tried ("" is the current directory).  Writes the path to out.
 * Returns 0, or -1 with errno ENOENT (not found), EACCES (found, not
 * executable), EISDIR (a directory) or ENAMETOOLONG.
 */
int spawn_resolve(const char *file, const char *path_env, char *out,
		  size_t size);

#endif

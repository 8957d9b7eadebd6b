#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <string.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#include "env.h"
#include "xio.h"

/* What a child that failed writes on the status pipe. */
struct exec_status {
	int stage;
	int err;
};

/*
 * The child shares our memory (CLONE_VM) and we wait while it runs
 * (CLONE_VFORK): no copy of our page tables, however large we are.  It
 * still reports a failure on a close-on-exec pipe, not in our memory:
 * under valgrind, which runs a vfork as a fork, memory is not shared.
 */
struct child_args {
	const struct spawn_req *r;
	pid_t parent;
	int status_fd;
};

/* The child's stack: it runs on it until exec, while we are suspended. */
#define CHILD_STACK (256 * 1024)

static void child_fail(struct child_args *a, int stage)
	__attribute__((noreturn));
static void child_fail(struct child_args *a, int stage)
{
	struct exec_status st = {stage, errno};

	xio_write_all(a->status_fd, &st, sizeof(st));
	_exit(127);
}

/*
 * Runs between clone and exec, in our memory and on its own stack:
 * async-signal-safe calls only, no allocation, no change to our memory
 * but r->pid_slot (the child's own pid, which is what we would write).
 */
static int child(void *arg)
{
	struct child_args *a = arg;
	const struct spawn_req *r = a->r;
	struct sigaction sa;
	sigset_t empty;
	int sig;

	if (r->pid_slot)
		env_fill_pid(r->pid_slot, (long)getpid());
	if (r->new_pgroup && setpgid(0, 0) < 0)
		child_fail(a, SPAWN_STAGE_SETUP);
	if (r->pdeathsig) {
		if (prctl(PR_SET_PDEATHSIG, r->pdeathsig) < 0)
			child_fail(a, SPAWN_STAGE_SETUP);
		/* The parent may have died before the prctl. */
		if (getppid() != a->parent)
			_exit(127);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		if (!r->reset || sigismember(r->reset, sig) == 1)
			sigaction(sig, &sa, NULL);
	if (dup2(r->fd0, 0) < 0 || dup2(r->fd1, 1) < 0 || dup2(r->fd2, 2) < 0)
		child_fail(a, SPAWN_STAGE_SETUP);
	if (r->cwd && chdir(r->cwd) < 0)
		child_fail(a, SPAWN_STAGE_CHDIR);
	sigemptyset(&empty);
	sigprocmask(SIG_SETMASK, &empty, NULL);
	/* Last: the filter binds the test, not our own setup. */
	if (r->filter &&
	    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	     prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, r->filter) < 0))
		child_fail(a, SPAWN_STAGE_SETUP);
	if (r->exec_fd > 2)
		fexecve(r->exec_fd, r->argv, r->envp);
	else
		execve(r->path, r->argv, r->envp);
	child_fail(a, SPAWN_STAGE_EXEC);
}

/*
 * Under AddressSanitizer, the child's frames poisoned their redzones in
 * the shadow of stack, which the child shares (CLONE_VM) and never
 * unwinds: it leaves by exec or _exit.  The next child would trip on the
 * stale poison, so the parent clears it once the child is gone.
 */
#if defined(__SANITIZE_ADDRESS__)
static void unpoison_child_stack(char *stack, size_t n)
{
	ASAN_UNPOISON_MEMORY_REGION(stack, n);
}
#else
static void unpoison_child_stack(char *stack, size_t n)
{
	(void)stack;
	(void)n;
}
#endif

pid_t spawn_start(const struct spawn_req *r, enum spawn_stage *stage)
{
	/* In .bss: only the pages the child touches are ever mapped. */
	static char stack[CHILD_STACK] __attribute__((aligned(64)));
	struct child_args a;
	struct exec_status st;
	sigset_t all, old;
	int sp[2], e;
	ssize_t n;
	pid_t pid;

	if (r->fd0 <= 2 || r->fd1 <= 2 || r->fd2 <= 2) {
		errno = EBADF;
		*stage = SPAWN_STAGE_SETUP;
		return -1;
	}
	if (pipe2(sp, O_CLOEXEC) < 0) {
		*stage = SPAWN_STAGE_SETUP;
		return -1;
	}
	a.r = r;
	a.parent = getpid();
	a.status_fd = sp[1];
	/* No signal handler of ours may run in the child before exec. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	/* Returns once the child has exec'd or exited. */
	pid = clone(child, stack + CHILD_STACK,
		    CLONE_VM | CLONE_VFORK | SIGCHLD, &a);
	e = errno;
	unpoison_child_stack(stack, sizeof(stack));
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(sp[1]);
	if (pid < 0) {
		close(sp[0]);
		errno = e;
		*stage = SPAWN_STAGE_SETUP;
		return -1;
	}
	/* EOF: the exec closed the write end (at once, but for valgrind). */
	n = xio_read(sp[0], &st, sizeof(st));
	close(sp[0]);
	if (n == 0)
		return pid;
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof(st)) {
		*stage = (enum spawn_stage)st.stage;
		errno = st.err;
	} else {
		*stage = SPAWN_STAGE_SETUP;
		errno = EIO;
	}
	return -1;
}

void spawn_nondefault(sigset_t *set)
{
	struct sigaction old;
	int sig;

	sigemptyset(set);
	for (sig = 1; sig < NSIG; sig++)
		if (sigaction(sig, NULL, &old) == 0 &&
		    old.sa_handler != SIG_DFL)
			sigaddset(set, sig);
}

const char *spawn_stage_name(enum spawn_stage s)
{
	return s == SPAWN_STAGE_EXEC	? "execute"
	       : s == SPAWN_STAGE_CHDIR ? "enter the working directory of"
					: "set up";
}

static int try_candidate(const char *p)
{
	struct stat st;

	if (stat(p, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (access(p, X_OK) < 0)
		return -1;
	return 0;
}

int spawn_resolve(const char *file, const char *path_env, char *out,
		  size_t size)
{
	const char *p, *end;
	int seen = 0;

	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/')) {
		if (strlen(file) >= size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		strcpy(out, file);
		return 0;
	}
	if (!path_env)
		path_env = "/usr/local/bin:/usr/bin:/bin";
	for (p = path_env;; p = end + 1) {
		size_t dl, fl = strlen(file);

		end = strchrnul(p, ':');
		dl = (size_t)(end - p);
		if (dl + 1 + fl + 1 <= size) {
			if (dl) {
				memcpy(out, p, dl);
				out[dl] = '/';
				memcpy(out + dl + 1, file, fl + 1);
			} else {
				memcpy(out, file, fl + 1);
			}
			if (try_candidate(out) == 0)
				return 0;
			if (errno == EACCES || errno == EISDIR)
				seen = errno;
		}
		if (!*end)
			break;
	}
	errno = seen ? seen : ENOENT;
	return -1;
}

#include "once_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "env.h"
#include "once.h"
#include "spawn.h"
#include "xio.h"

/* Exit statuses of our own, as env(1) and timeout(1) use them. */
#define ONCE_EXIT_USAGE 125
#define ONCE_EXIT_NOEXEC 126
#define ONCE_EXIT_NOTFOUND 127

extern char **environ;

struct once_cmd {
	char **argv;
	char path[PATH_MAX];
};

static int usage(const char *why)
{
	fprintf(stderr,
		"xdist-exec once: %s\n"
		"usage: xdist-exec once [--key KEY] -- CMD [ARG...]\n",
		why);
	return ONCE_EXIT_USAGE;
}

static int noexec_status(int err)
{
	return err == ENOENT ? ONCE_EXIT_NOTFOUND : ONCE_EXIT_NOEXEC;
}

/* The work: run CMD with its stdout going to the record. */
static int run_cmd(void *arg, int out_fd)
{
	struct once_cmd *oc = arg;
	struct spawn_req req;
	enum spawn_stage stage;
	int in = fcntl(0, F_DUPFD_CLOEXEC, 3);
	int out = fcntl(out_fd, F_DUPFD_CLOEXEC, 3);
	int err = fcntl(2, F_DUPFD_CLOEXEC, 3);
	int status = ONCE_EXIT_NOEXEC;
	pid_t pid;

	if (in < 0 || out < 0 || err < 0) {
		fprintf(stderr, "xdist-exec once: cannot set up: %s\n",
			strerror(errno));
		goto out;
	}
	memset(&req, 0, sizeof(req));
	req.path = oc->path;
	req.argv = oc->argv;
	req.envp = environ;
	req.fd0 = in;
	req.fd1 = out;
	req.fd2 = err;
	/* Dies with us, so a killed holder leaves no half-done work. */
	req.pdeathsig = SIGKILL;
	pid = spawn_start(&req, &stage);
	if (pid < 0) {
		status = noexec_status(errno);
		fprintf(stderr, "xdist-exec once: cannot %s '%s': %s\n",
			spawn_stage_name(stage), oc->argv[0], strerror(errno));
		goto out;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = ONCE_EXIT_NOEXEC;
			goto out;
		}
	status = WIFEXITED(status) ? WEXITSTATUS(status)
				   : 128 + WTERMSIG(status);
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	return status;
}

static int replay(struct once_record *rec)
{
	char chunk[65536];
	uint64_t left = rec->len;

	while (left > 0) {
		ssize_t n = xio_read(rec->fd, chunk,
				     left < sizeof(chunk) ? (size_t)left
							  : sizeof(chunk));

		if (n <= 0)
			return -1;
		/* A reader that went away (| head) is not our failure. */
		if (xio_write_all(1, chunk, (size_t)n) < 0 && errno != EPIPE)
			return -1;
		left -= (uint64_t)n;
	}
	return 0;
}

int once_cmd_main(int argc, char **argv)
{
	struct once_cmd oc;
	struct once_record rec;
	struct buf keybuf = BUF_INIT;
	const char *key = NULL, *run_dir = getenv("XDIST_RUN_DIR");
	int i = 1, r;

	while (i < argc) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--key") && i + 1 < argc) {
			key = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--key=", 6)) {
			key = argv[i] + 6;
			i++;
		} else if (argv[i][0] == '-') {
			fprintf(stderr,
				"xdist-exec once: unknown option '%s'\n",
				argv[i]);
			return usage("see xdist-exec(1)");
		} else {
			break;
		}
	}
	if (i >= argc)
		return usage("no command given");
	if (key && !*key)
		return usage("--key is empty");
	oc.argv = argv + i;
	if (spawn_resolve(oc.argv[0], getenv("PATH"), oc.path,
			  sizeof(oc.path)) < 0) {
		int e = errno;

		fprintf(stderr, "xdist-exec once: cannot execute '%s': %s\n",
			oc.argv[0], strerror(e));
		return noexec_status(e);
	}
	/* Outside a run there is nothing to share: just run the command. */
	if (!run_dir || !*run_dir) {
		execve(oc.path, oc.argv, environ);
		fprintf(stderr, "xdist-exec once: cannot execute '%s': %s\n",
			oc.argv[0], strerror(errno));
		return noexec_status(errno);
	}
	if (!key) {
		env_quote_argv(&keybuf, argc - i, oc.argv);
		key = keybuf.data;
	}
	signal(SIGPIPE, SIG_IGN);
	once_record_init(&rec);
	r = once_run(run_dir, key, run_cmd, &oc, &rec);
	if (r < 0) {
		fprintf(stderr,
			"xdist-exec once: cannot use the run-once state in "
			"'%s/once': %s\n",
			run_dir, strerror(errno));
		buf_release(&keybuf);
		return ONCE_EXIT_USAGE;
	}
	if (r == 1 && rec.save_errno)
		fprintf(stderr,
			"xdist-exec once: warning: the result of '%s' could "
			"not be saved (%s); other callers will run it again\n",
			key, strerror(rec.save_errno));
	if (replay(&rec) < 0) {
		fprintf(stderr,
			"xdist-exec once: cannot replay the output: %s\n",
			strerror(errno));
		r = ONCE_EXIT_USAGE;
	} else {
		r = rec.status & 0xff;
	}
	once_record_release(&rec);
	buf_release(&keybuf);
	return r;
}

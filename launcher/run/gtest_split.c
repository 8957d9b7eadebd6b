/*
 * gtest_split: --split=gtest at the edge.  Each GoogleTest binary of the
 * list is asked once for its tests (PROGRAM --gtest_list_tests ARGS...),
 * and replaced in c->tests by one test per case (core/gtest_cases.h).  A
 * binary whose listing fails stays, to be reported as an error with what
 * it printed, and the run goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctl.h"
#include "gtest_cases.h"
#include "report.h"
#include "spawn.h"
#include "xio.h"

extern char **environ;

/* A listing longer than this is not read further (nor believed). */
#define LISTING_MAX (64u << 20)
/* How long a listing may take when --timeout gives no limit. */
#define LISTING_TIMEOUT_MS 60000

/* Read fd into out until EOF or the deadline: 1 at EOF, 0 past the
   deadline or LISTING_MAX, -1 on a read error. */
static int read_until(int fd, struct buf *out, long long deadline_ns)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		long long left = deadline_ns - xio_now_ns();
		ssize_t n;
		int r;

		if (left <= 0 || out->len > LISTING_MAX)
			return 0;
		r = poll(&p, 1, (int)(left / 1000000 + 1));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (!r)
			continue;
		buf_grow(out, 65536);
		n = xio_read(fd, out->data + out->len, 65536);
		if (n < 0)
			return -1;
		if (!n)
			return 1;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
}

/*
 * Run argv with stdin /dev/null, stdout and stderr into out, in a process
 * group of its own, killed after timeout_ms.  Returns 0 with its wait
 * status in *status, or -1 with why it did not run (or did not end) in
 * why.
 */
static int run_listing(char **argv, long long timeout_ms, struct buf *out,
		       int *status, struct buf *why)
{
	char path[4096];
	struct spawn_req req;
	enum spawn_stage stage;
	int fds[2] = {-1, -1}, null = -1, rc = -1, done;
	pid_t pid;

	if (spawn_resolve(argv[0], getenv("PATH"), path, sizeof(path)) < 0) {
		buf_addf(why, "cannot run '%s': %s", argv[0], strerror(errno));
		return -1;
	}
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0 || pipe2(fds, O_CLOEXEC) < 0 ||
	    (null <= 2 && (null = fcntl(null, F_DUPFD_CLOEXEC, 3)) < 0)) {
		buf_addf(why, "cannot set up its listing: %s", strerror(errno));
		goto out;
	}
	memset(&req, 0, sizeof(req));
	req.path = path;
	req.argv = argv;
	req.envp = environ;
	req.fd0 = null;
	req.fd1 = fds[1];
	req.fd2 = fds[1];
	req.new_pgroup = 1;
	req.pdeathsig = SIGKILL;
	pid = spawn_start(&req, &stage);
	if (pid < 0) {
		buf_addf(why, "cannot %s '%s': %s", spawn_stage_name(stage),
			 argv[0], strerror(errno));
		goto out;
	}
	close(fds[1]);
	fds[1] = -1;
	done = read_until(fds[0], out, xio_now_ns() + timeout_ms * 1000000);
	if (done <= 0)
		kill(-pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	/* A grandchild that kept the pipe: the group goes. */
	kill(-pid, SIGKILL);
	if (!done && out->len > LISTING_MAX)
		buf_addf(why, "it printed over %u MiB", LISTING_MAX >> 20);
	else if (!done)
		buf_addf(why, "it did not end in %.3gs",
			 (double)timeout_ms / 1e3);
	else if (done < 0)
		buf_addf(why, "cannot read its listing: %s", strerror(errno));
	else
		rc = 0;
out:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (null >= 0)
		close(null);
	return rc;
}

/*
 * Split one binary into out.  Returns how many cases it gave; a failed
 * listing adds the binary itself (TEST_GTEST_LISTING) and a note.
 */
static void split_one(struct ctl *c, const struct test *t, struct testlist *out,
		      size_t *disabled)
{
	long long timeout_ms =
		c->o.timeout_ms > 0 ? c->o.timeout_ms : LISTING_TIMEOUT_MS;
	char **argv = test_argv(t), **largv = gtest_cases_list_argv(argv);
	struct buf listing = BUF_INIT, why = BUF_INIT;
	struct gtest_list list;
	int status = 0;

	gtest_list_init(&list);
	if (run_listing(largv, timeout_ms, &listing, &status, &why) == 0) {
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			report_reason(
				&why,
				WIFEXITED(status) ? KIND_EXITED : KIND_SIGNALED,
				WIFEXITED(status) ? WEXITSTATUS(status)
						  : WTERMSIG(status),
				WIFSIGNALED(status) && WCOREDUMP(status), NULL);
		} else if (!gtest_parse_list(listing.data ? listing.data : "",
					     listing.len, &list)) {
			buf_adds(&why, "none listed (not a GoogleTest "
				       "binary?)");
		}
	}
	if (why.len) {
		buf_addf(&c->notes,
			 "cannot list the tests of '%s' "
			 "(--gtest_list_tests): %s\n",
			 t->id, why.data);
		gtest_cases_listing_failed(out, t, argv);
	} else {
		gtest_cases_add(out, t, argv, &list,
				c->o.gtest_also_run_disabled, disabled);
	}
	gtest_list_release(&list);
	buf_release(&listing);
	buf_release(&why);
	free(largv);
	free(argv);
}

void gtest_split_expand(struct ctl *c)
{
	struct testlist out;
	size_t i, disabled = 0;

	for (i = 0; i < c->tests.n; i++)
		if (gtest_cases_wanted(&c->tests.v[i],
				       (enum split_mode)c->o.split))
			break;
	if (i == c->tests.n)
		return;
	testlist_init(&out);
	out.strict_marks = c->tests.strict_marks;
	for (i = 0; i < c->tests.n; i++) {
		struct test *t = &c->tests.v[i];

		/* A shell line is not one program and its arguments. */
		if (!gtest_cases_wanted(t, (enum split_mode)c->o.split) ||
		    t->shell) {
			if (t->shell)
				buf_addf(&c->notes,
					 "not split: '%s' runs under a shell\n",
					 t->id);
			*testlist_push(&out) = *t;
			continue;
		}
		split_one(c, t, &out, &disabled);
		test_release(t);
	}
	free(c->tests.v);
	c->tests = out;
	if (disabled)
		buf_addf(&c->notes,
			 "%zu disabled test%s not run; "
			 "--gtest-also-run-disabled runs them\n",
			 disabled, disabled == 1 ? "" : "s");
}

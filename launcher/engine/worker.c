#include "worker.h"
#include "worker_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture.h"
#include "env.h"
#include "filter.h"
#include "gtest.h"
#include "isolation.h"
#include "leftovers.h"
#include "loop.h"
#include "proto.h"
#include "spawn.h"
#include "tap.h"
#include "test_state.h"
#include "title.h"
#include "xio.h"

/* How much of a passing test's output is read for a TAP skip-all plan:
   "TAP version N", then the plan line and its reason. */
#define TAP_PEEK_BYTES 4096
/* A GoogleTest case's skip is read in this much of its output. */
#define GTEST_PEEK_BYTES 65536

static void test_feed(struct worker *w, enum test_event ev);
static void put_case(void *arg, const struct tap_case *tc);

static void send_noexec(struct worker *w, uint64_t seq, int err,
			const char *stage)
{
	struct proto_result r;

	memset(&r, 0, sizeof(r));
	r.seq = seq;
	r.kind = KIND_NOEXEC;
	r.code = (uint64_t)err;
	r.stage = proto_str(stage);
	proto_put_result(&w->msg_out, &r);
	worker_send_msg(w);
}

/* The filter a test runs under, and XDIST_SANDBOX saying so.  Returns 0,
   or -1 having reported the test as not run. */
static int sandbox_for_test(struct worker *w, uint64_t seq,
			    const struct proto_run *run,
			    const struct sock_fprog **filter)
{
	struct buf err = BUF_INIT, val = BUF_INIT;
	unsigned extra = 0;
	char *s = proto_str_dup(run->sandbox);

	*filter = NULL;
	if (s && sandbox_parse(s, &extra, &err) < 0) {
		free(s);
		buf_release(&err);
		send_noexec(w, seq, EINVAL, "sandbox");
		return -1;
	}
	free(s);
	*filter = worker_filter_for(w, extra, &err);
	if (!*filter && err.len) {
		worker_send_error(w, "%s", err.data);
		buf_release(&err);
		worker_die(w, 3);
	}
	sandbox_env_value(w->sandbox | extra, w->deny, &val);
	if (val.len)
		env_set(&w->env, "XDIST_SANDBOX", val.data);
	else
		env_unset(&w->env, "XDIST_SANDBOX");
	buf_release(&val);
	buf_release(&err);
	return 0;
}

/*
 * The environment of a test whose RUN has SETENV fields: those (but the
 * contract's names, which stay the worker's), then the worker's variables
 * they do not name (pointers into w->env and *own, a
 * NULL-terminated array of the copies; free both).  w->env.v when none.
 */
/* 1 when the entries a and b ("NAME=VALUE" or "NAME") name one variable. */
static int same_name(const char *a, const char *b)
{
	size_t la = strcspn(a, "="), lb = strcspn(b, "=");

	return la == lb && !memcmp(a, b, la);
}

static char **test_envp(struct worker *w, const struct proto_run *run,
			char ***own)
{
	size_t i, j, n = 0, k, nset;
	char **v;

	*own = NULL;
	if (!run->setenv.n)
		return w->env.v;
	*own = xcalloc(run->setenv.n + 1, sizeof(char *));
	for (i = 0; i < run->setenv.n; i++)
		(*own)[i] = proto_str_dup(run->setenv.v[i]);
	v = xcalloc(run->setenv.n + w->env.n + 1, sizeof(char *));
	/* NAME=VALUE sets NAME, NAME alone unsets it: both keep NAME's
	   entry of the worker out, and the contract's stay the worker's. */
	for (i = 0; i < run->setenv.n; i++) {
		const char *e = (*own)[i];

		if (!e[0] || e[0] == '=' || env_is_contract_name(e))
			continue;
		/* A name given twice: the last wins, as in ctest. */
		for (k = 0; k < n && !same_name(v[k], e); k++)
			;
		v[k == n ? n++ : k] = (*own)[i];
	}
	nset = n;
	for (j = 0; j < w->env.n; j++) {
		const char *e = w->env.v[j], *eq = strchr(e, '=');
		size_t len = eq ? (size_t)(eq - e) : strlen(e);

		for (k = 0; k < nset && (strncmp(v[k], e, len) ||
					 (v[k][len] && v[k][len] != '='));
		     k++)
			;
		if (k == nset)
			v[n++] = w->env.v[j];
	}
	/* The unset ones leave the list, which keeps its order. */
	for (i = k = 0; i < n; i++)
		if (i >= nset || strchr(v[i], '='))
			v[k++] = v[i];
	v[k] = NULL;
	return v;
}

static void handle_run(struct worker *w, const struct proto_msg *m)
{
	char path[PATH_MAX];
	char **argv;
	char *id;
	uint64_t seq, flags;
	char num[24];
	size_t i, argc = 0;
	struct proto_run run;
	struct proto_started started;
	struct spawn_req req;
	char **own_env = NULL, **envp, *cwd = NULL;
	enum spawn_stage stage;
	int out[2];
	pid_t pid;

	if (w->cur.state != TEST_IDLE) {
		worker_send_error(
			w, "RUN while a test is running and one is queued");
		worker_die(w, 3);
	}
	/* Only ID can be missing: the argv is checked below. */
	proto_take_run(m, &run, NULL);
	seq = run.seq;
	flags = run.flags;
	id = proto_str_dup(run.id);
	argv = xcalloc(run.args.n + 3, sizeof(char *));
	if (flags & RUN_SHELL) {
		argv[argc++] = xstrdup("sh");
		argv[argc++] = xstrdup("-c");
	}
	for (i = 0; i < run.args.n; i++)
		argv[argc++] = proto_str_dup(run.args.v[i]);
	argv[argc] = NULL;

	if (!id || argc == 0 || (flags & RUN_SHELL && argc != 3)) {
		worker_send_error(w, "RUN lacks a test");
		worker_die(w, 3);
	}
	if (flags & RUN_SHELL) {
		strcpy(path, "/bin/sh");
	} else if (spawn_resolve(argv[0], getenv("PATH"), path, sizeof(path)) <
		   0) {
		send_noexec(w, seq, errno, "execute");
		goto out;
	}
	if (capture_reset(&w->capture) < 0) {
		send_noexec(w, seq, errno, "capture output of");
		goto out;
	}
	if (pipe2(out, O_CLOEXEC) < 0) {
		send_noexec(w, seq, errno, "capture output of");
		goto out;
	}
	env_set_test_id(&w->env, id);
	env_unset(&w->env, "XDIST_ATTEMPT");
	env_unset(&w->env, "XDIST_ATTEMPTS");
	if (run.has_attempt && run.has_attempts) {
		snprintf(num, sizeof(num), "%llu",
			 (unsigned long long)run.attempt);
		env_set(&w->env, "XDIST_ATTEMPT", num);
		snprintf(num, sizeof(num), "%llu",
			 (unsigned long long)run.attempts);
		env_set(&w->env, "XDIST_ATTEMPTS", num);
	}
	if (flags & RUN_FIXTURE) {
		unlink(w->env_file);
		env_set(&w->env, "XDIST_ENV_FILE", w->env_file);
	}
	if (scratch_begin(&w->scratch, &w->env, seq, !!(flags & RUN_FIXTURE)) <
	    0) {
		int e = errno;

		close(out[0]);
		close(out[1]);
		scratch_end(&w->scratch, 0);
		send_noexec(w, seq, e, "set up");
		goto out;
	}
	memset(&req, 0, sizeof(req));
	if (sandbox_for_test(w, seq, &run, &req.filter) < 0) {
		close(out[0]);
		close(out[1]);
		scratch_end(&w->scratch, 0);
		goto out;
	}
	envp = test_envp(w, &run, &own_env);
	cwd = proto_str_dup(run.workdir);
	req.path = path;
	req.argv = argv;
	req.envp = envp;
	req.cwd = cwd;
	req.fd0 = w->devnull;
	req.fd1 = out[1];
	req.fd2 = out[1];
	req.new_pgroup = 1;
	/* If this worker is killed outright, its test dies with it. */
	req.pdeathsig = SIGKILL;
	req.pid_slot = env_pid_slot(&w->env);
	req.reset = &w->reset;
	memset(&w->cur, 0, sizeof(w->cur));
	/* Before the test exists: it may read its worker's title at once. */
	title_set("[xdist-exec running] %s %s", w->name, id);
	w->cur.start_ns = xio_now_ns();
	pid = spawn_start(&req, &stage);
	if (envp != w->env.v)
		free(envp);
	env_unset(&w->env, "XDIST_ENV_FILE");
	close(out[1]);
	if (pid < 0) {
		int e = errno;

		close(out[0]);
		scratch_end(&w->scratch, 0);
		worker_title_idle(w);
		send_noexec(w, seq, e, spawn_stage_name(stage));
		goto out;
	}
	loop_nonblock(out[0]);
	loop_add(&w->loop, out[0], TAG_OUT, EPOLLIN);
	leftovers_forget_group(&w->leftovers, pid);
	test_feed(w, TEST_EV_START);
	if (run.has_timeout_ms && run.timeout_ms)
		w->cur.timeout_deadline =
			w->cur.start_ns + (long long)run.timeout_ms * 1000000;
	w->cur.fixture = !!(flags & RUN_FIXTURE);
	w->cur.gtest =
		flags & (RUN_GTEST | RUN_GTEST_LISTING | RUN_GTEST_BATCH);
	w->cur.seq = seq;
	if ((flags & RUN_TAP) && !w->cur.fixture) {
		tap_release(&w->tap);
		tap_init(&w->tap, put_case, w);
		w->cur.tap = 1;
	}
	w->cur.pid = pid;
	w->cur.out = out[0];

	started.seq = seq;
	/* In a pid namespace of our own the pid means nothing outside: the
	   controller gets none, and the namespace dies with us anyway. */
	started.pid = w->isolate & ISOLATE_PID ? 0 : (uint64_t)pid;
	proto_put_started(&w->msg_out, &started);
	worker_send_msg(w);
out:
	for (i = 0; i < argc; i++)
		free(argv[i]);
	for (i = 0; own_env && own_env[i]; i++)
		free(own_env[i]);
	free(own_env);
	free(cwd);
	free(argv);
	free(id);
	proto_run_release(&run);
}

/* Ctrl-Z: stop the test and its clocks (the terminal's SIGTSTP reaches
   us too, and so may the controller's SUSPEND: either will do). */
static void suspend(struct worker *w)
{
	if (w->paused_at)
		return;
	w->paused_at = xio_now_ns();
	if (test_state_unreaped(w->cur.state))
		kill(-w->cur.pid, SIGSTOP);
}

static void resume(struct worker *w)
{
	long long d;

	if (!w->paused_at)
		return;
	d = xio_now_ns() - w->paused_at;
	w->paused_at = 0;
	if (test_state_unreaped(w->cur.state))
		w->cur.paused_ns += d;
	if (w->cur.timeout_deadline)
		w->cur.timeout_deadline += d;
	/* The grace runs on the test's clock, not the drain bounds. */
	if (w->cur.state == TEST_STOPPING && w->cur.deadline)
		w->cur.deadline += d;
	if (test_state_unreaped(w->cur.state))
		kill(-w->cur.pid, SIGCONT);
}

/* RUN m will not start: RESULT with RESULT_NOT_STARTED. */
static void not_started(struct worker *w, const struct proto_msg *m)
{
	struct proto_result res;
	uint64_t seq = 0;

	proto_get_u64(m, TAG_SEQ, &seq);
	memset(&res, 0, sizeof(res));
	res.seq = seq;
	res.flags = RESULT_NOT_STARTED;
	proto_put_result(&w->msg_out, &res);
	worker_send_msg(w);
}

/* No test runs: start RUN m, unless it asked for a clean predecessor
   (RUN_IF_CLEAN) it did not get. */
static void run_or_drop(struct worker *w, const struct proto_msg *m)
{
	uint64_t flags = 0;

	proto_get_u64(m, TAG_FLAGS, &flags);
	if ((flags & RUN_IF_CLEAN) && !w->last_clean)
		not_started(w, m);
	else
		handle_run(w, m);
}

/* The queued RUN, decoded, handed to fn; the queue is empty after. */
static void take_queued(struct worker *w,
			void (*fn)(struct worker *, const struct proto_msg *))
{
	struct proto_msg m;
	size_t used;

	if (!w->queued.len)
		return;
	proto_msg_init(&m);
	if (proto_decode(w->queued.data, w->queued.len, &m, &used) != 1)
		BUG("a queued RUN does not decode");
	fn(w, &m);
	proto_msg_release(&m);
	buf_reset(&w->queued);
}

static int handle_msg(struct worker *w, const struct proto_msg *m)
{
	struct proto_terminate term;
	struct proto_env env;
	size_t i;

	if (!w->hello && m->type != MSG_HELLO) {
		worker_send_error(w, "expected HELLO, got message type %d",
				  m->type);
		return -1;
	}
	switch (m->type) {
	case MSG_HELLO:
		return worker_handle_hello(w, m);
	case MSG_RUN:
		handle_run(w, m);
		return 0;
	case MSG_TERMINATE:
		proto_take_terminate(m, &term, NULL);
		if (term.has_grace_ms)
			w->grace_ns = (long long)term.grace_ms * 1000000;
		/* A stop: what has not started does not. */
		take_queued(w, not_started);
		test_feed(w, TEST_EV_TERMINATE);
		return 0;
	case MSG_KILL:
		take_queued(w, not_started);
		test_feed(w, TEST_EV_KILL);
		return 0;
	case MSG_BYE:
		w->bye = 1;
		return 0;
	case MSG_SUSPEND:
		suspend(w);
		return 0;
	case MSG_RESUME:
		resume(w);
		return 0;
	case MSG_ENV:
		proto_take_env(m, &env, NULL);
		for (i = 0; i < env.env.n; i++) {
			char *e = proto_str_dup(env.env.v[i]);

			if (strchr(e, '=') && !env_is_contract_name(e))
				env_put(&w->env, e);
			free(e);
		}
		proto_env_release(&env);
		return 0;
	default:
		worker_send_error(w, "unknown message type %d", m->type);
		return -1;
	}
}

static void read_commands(struct worker *w)
{
	char chunk[65536];
	struct proto_msg m;
	size_t used;
	ssize_t n;
	int r;

	for (;;) {
		n = xio_read(0, chunk, sizeof(chunk));
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			w->in_eof = 1;
			break;
		}
		buf_add(&w->in, chunk, (size_t)n);
	}
	proto_msg_init(&m);
	while ((r = proto_decode(w->in.data, w->in.len, &m, &used)) == 1) {
		r = 0;
		if (m.type == MSG_RUN && w->hello && !w->queued.len &&
		    w->cur.state == TEST_IDLE && !w->paused_at) {
			/* Sent ahead, it may come after the test it was
			   queued behind ended: the same rule applies. */
			run_or_drop(w, &m);
		} else if (m.type == MSG_RUN && w->hello && !w->queued.len) {
			/* Kept as it came, to start when this test is over. */
			buf_add(&w->queued, w->in.data, used);
		} else {
			r = handle_msg(w, &m);
		}
		buf_consume(&w->in, used);
		if (r < 0) {
			proto_msg_release(&m);
			worker_die(w, 3);
		}
	}
	proto_msg_release(&m);
	if (r < 0) {
		worker_send_error(w, "garbage on the command pipe");
		worker_die(w, 3);
	}
}

/* A TAP case read: a CASE frame, sent with what the chunk brought. */
static void put_case(void *arg, const struct tap_case *tc)
{
	struct worker *w = arg;
	struct proto_case m;

	m.seq = w->cur.seq;
	m.num = tc->number;
	m.status = (uint64_t)tc->status;
	m.desc.p = tc->desc;
	m.desc.len = tc->desc_len;
	m.reason.p = tc->reason;
	m.reason.len = tc->reason_len;
	m.yaml.p = tc->yaml;
	m.yaml.len = tc->yaml_len;
	proto_put_case(&w->msg_out, &m);
}

/* Take what the output pipe holds.  Returns 1 at EOF (or on an error),
   0 when it would block. */
static int read_output(struct worker *w)
{
	char chunk[65536];
	struct proto_output o;
	ssize_t n;

	while (w->cur.out >= 0) {
		n = xio_read(w->cur.out, chunk, sizeof(chunk));
		if (n < 0 && errno == EAGAIN) {
			w->cur.tap_quiet = w->cur.tap && tap_holding(&w->tap)
						   ? xio_now_ns() + TAP_QUIET_NS
						   : 0;
			return 0;
		}
		if (n <= 0)
			return 1;
		capture_add(&w->capture, chunk, (size_t)n);
		if (w->cur.tap)
			tap_feed(&w->tap, chunk, (size_t)n);
		if (w->flags & HELLO_LIVE) {
			o.seq = w->cur.seq;
			o.data.p = chunk;
			o.data.len = (size_t)n;
			proto_put_output(&w->msg_out, &o);
		}
		if (w->msg_out.len)
			worker_send_msg(w);
	}
	return 1;
}

static void close_output(struct worker *w)
{
	if (w->cur.out < 0)
		return;
	read_output(w);
	loop_del(&w->loop, w->cur.out);
	close(w->cur.out);
	w->cur.out = -1;
}

static void add_env_entry(void *arg, const char *entry)
{
	struct proto_strs *env = arg;

	/* The contract is ours: a fixture cannot rename the worker. */
	if (env_is_contract_name(entry))
		return;
	env->v = xrealloc(env->v, (env->n + 1) * sizeof(*env->v));
	env->v[env->n++] = proto_str(xstrdup(entry));
}

/* The NAME=VALUE lines a fixture left in XDIST_ENV_FILE, in env (each
   string and the array to be freed by the caller). */
static void read_env_file(struct worker *w, struct proto_strs *env)
{
	struct buf data = BUF_INIT;
	char chunk[4096];
	ssize_t n;
	int fd = open(w->env_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return;
	while ((n = xio_read(fd, chunk, sizeof(chunk))) > 0 &&
	       data.len < (1u << 20))
		buf_add(&data, chunk, (size_t)n);
	close(fd);
	unlink(w->env_file);
	env_parse_assignments(data.data ? data.data : "", data.len,
			      add_env_entry, env);
	buf_release(&data);
}

/*
 * A test that exited 0 having printed a TAP skip-all plan (1..0) first is
 * skipped: sets RESULT_SKIP_ALL in *flags and its reason in res, pointing
 * into peek.
 */
static void check_skip_all(struct worker *w, struct buf *peek, int *flags,
			   struct proto_result *res)
{
	const char *reason;
	size_t len;

	capture_peek(&w->capture, peek, TAP_PEEK_BYTES);
	if (!tap_skip_all(peek->data ? peek->data : "", peek->len, &reason,
			  &len))
		return;
	*flags |= RESULT_SKIP_ALL;
	res->skip_reason.p = reason;
	res->skip_reason.len = len;
}

/*
 * A RUN_TAP test that exited 0: what its TAP says (RESULT_TAP_FAILED or
 * RESULT_SKIP_ALL in *flags, the reason in why).  Its last cases go into
 * msg_out ahead of the RESULT.
 */
static void tap_outcome(struct worker *w, int *flags, struct buf *why)
{
	switch (tap_verdict(&w->tap, why)) {
	case TAP_NOT_OK:
		*flags |= RESULT_TAP_FAILED;
		break;
	case TAP_SKIP_ALL:
		*flags |= RESULT_SKIP_ALL;
		break;
	case TAP_OK:
		break;
	}
}

/*
 * A GoogleTest case that exited 0 saying "[  SKIPPED ]" was skipped
 * (GTEST_SKIP): sets RESULT_GTEST_SKIPPED in *flags and its message in
 * res, pointing into peek.
 */
static void check_gtest_skip(struct worker *w, struct buf *peek, int *flags,
			     struct proto_result *res)
{
	const char *reason;
	size_t len;

	buf_reset(peek);
	capture_peek(&w->capture, peek, GTEST_PEEK_BYTES);
	if (!gtest_skipped(peek->data ? peek->data : "", peek->len, &reason,
			   &len))
		return;
	*flags |= RESULT_GTEST_SKIPPED;
	res->skip_reason.p = reason;
	res->skip_reason.len = len;
}

static void finish_test(struct worker *w)
{
	struct current *c = &w->cur;
	struct buf head = BUF_INIT, tail = BUF_INIT, peek = BUF_INIT;
	struct buf why = BUF_INIT;
	struct proto_result res;
	int kind, code, core = 0, flags = 0;
	size_t i;

	if (WIFEXITED(c->status)) {
		kind = KIND_EXITED;
		code = WEXITSTATUS(c->status);
	} else {
		kind = KIND_SIGNALED;
		code = WTERMSIG(c->status);
		core = WCOREDUMP(c->status) ? 1 : 0;
	}
	/* A test's own TMPDIR and HOME go with it, unless it failed and
	   --keep-run-dir keeps them for a look. */
	scratch_end(&w->scratch,
		    !(kind == KIND_EXITED && (code == 0 || code == 77)));
	if (c->terminated)
		flags |= RESULT_TERMINATED;
	if (c->timed_out)
		flags |= RESULT_TIMEOUT;
	if (c->leaked)
		flags |= RESULT_LEAKED;
	if (w->capture.lost_errno)
		flags |= RESULT_OUTPUT_LOST;
	if (c->tap) {
		tap_finish(&w->tap);
		if (kind == KIND_EXITED && code == 0)
			tap_outcome(w, &flags, &why);
		else
			tap_plan_unmet(&w->tap, &why);
	}
	if ((!(kind == KIND_EXITED && code == 0) || c->leaked ||
	     (flags & RESULT_TAP_FAILED) || (w->flags & HELLO_ALL_OUTPUT) ||
	     (c->gtest & (RUN_GTEST_LISTING | RUN_GTEST_BATCH))) &&
	    capture_collect(&w->capture, &head, &tail))
		flags |= RESULT_TRUNCATED;
	memset(&res, 0, sizeof(res));
	if (kind == KIND_EXITED && code == 0 && !c->fixture && !c->tap)
		check_skip_all(w, &peek, &flags, &res);
	if (flags & RESULT_SKIP_ALL && c->tap) {
		res.skip_reason.p = why.data ? why.data : "";
		res.skip_reason.len = why.len;
	}
	/* Failed for its end, it may still say the plan it did not meet. */
	if ((flags & RESULT_TAP_FAILED) ||
	    (c->tap && why.len && !(kind == KIND_EXITED && code == 0))) {
		res.tap_reason.p = why.data;
		res.tap_reason.len = why.len;
	}
	if (kind == KIND_EXITED && code == 0 && (c->gtest & RUN_GTEST) &&
	    !(flags & (RESULT_SKIP_ALL | RESULT_TAP_FAILED)))
		check_gtest_skip(w, &peek, &flags, &res);
	res.seq = c->seq;
	res.kind = (uint64_t)kind;
	res.code = (uint64_t)code;
	res.core = (uint64_t)core;
	res.flags = (uint64_t)flags;
	res.duration_ns = (uint64_t)(c->end_ns - c->start_ns - c->paused_ns);
	res.out_total = w->capture.total;
	res.has_leaked = c->leaked != 0;
	res.leaked = c->leaked;
	res.has_lost_errno = w->capture.lost_errno != 0;
	res.lost_errno = (uint64_t)w->capture.lost_errno;
	res.data.p = head.data ? head.data : "";
	res.data.len = head.len;
	if (flags & RESULT_TRUNCATED) {
		res.tail.p = tail.data ? tail.data : "";
		res.tail.len = tail.len;
	}
	if (c->fixture)
		read_env_file(w, &res.env);
	w->last_clean = kind == KIND_EXITED && code == 0 && !c->leaked &&
			!c->terminated && !c->timed_out;
	proto_put_result(&w->msg_out, &res);
	for (i = 0; i < res.env.n; i++)
		free((char *)res.env.v[i].p);
	free(res.env.v);
	buf_release(&head);
	buf_release(&tail);
	buf_release(&peek);
	buf_release(&why);
	if (c->tap) {
		tap_release(&w->tap);
		tap_init(&w->tap, put_case, w);
	}
	memset(c, 0, sizeof(*c));
	c->out = -1;
	worker_title_idle(w);
	worker_send_msg(w);
}

/* TEST_DO_REAP: what is left in the group dies; the test is reaped. */
static void reap_test(struct worker *w)
{
	struct current *c = &w->cur;
	int status = 0;

	/* A fixture's group may hold the server it started on purpose. */
	if (!c->fixture)
		kill(-c->pid, SIGKILL);
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	c->status = status;
	c->end_ns = xio_now_ns();
	c->deadline = 0;
}

static int sweep_flags(const struct current *c)
{
	int flags = LEFTOVERS_SPARE_KEPT;

	if (c->terminated || c->timed_out)
		flags |= LEFTOVERS_GROUP_SIGNALLED;
	return flags;
}

/* Feed an event to the test's state machine and carry out its actions
   (in the order test_state.h lists them); some feed another event. */
static void test_feed(struct worker *w, enum test_event ev)
{
	struct current *c = &w->cur;

	for (;;) {
		struct test_step step = test_step(c->state, ev);
		unsigned a = step.actions;
		int next = -1;

		c->state = step.state;
		if (a & TEST_DO_MARK_TERMINATED)
			c->terminated = 1;
		if (a & TEST_DO_MARK_TIMED_OUT)
			c->timed_out = 1;
		if (a & TEST_DO_SIGNAL_TERM) {
			kill(-c->pid, SIGTERM);
			/* A stopped test cannot act on SIGTERM. */
			kill(-c->pid, SIGCONT);
		}
		if (a & TEST_DO_ARM_GRACE) {
			c->deadline = xio_now_ns() + w->grace_ns;
			if (!c->deadline)
				c->deadline = 1;
		}
		if (a & TEST_DO_SIGNAL_KILL) {
			kill(-c->pid, SIGKILL);
			c->deadline = 0;
		}
		if (a & TEST_DO_KEEP_LEFTOVERS)
			leftovers_keep(&w->leftovers, c->pid);
		if (a & TEST_DO_ARM_SWEEP)
			c->deadline = xio_now_ns() + DRAIN_NS;
		if (a & TEST_DO_SWEEP)
			next = leftovers_sweep(&w->leftovers, c->pid,
					       sweep_flags(c), &c->nseen,
					       &c->leaked)
				       ? TEST_EV_OTHERS_LEFT
				       : TEST_EV_NONE_LEFT;
		if (a & TEST_DO_REAP)
			reap_test(w);
		if (a & TEST_DO_CLOSE_OUTPUT)
			close_output(w);
		if (a & TEST_DO_ARM_DRAIN) {
			c->deadline = c->end_ns + DRAIN_NS;
			if (c->out < 0)
				next = TEST_EV_EOF;
		}
		if (a & TEST_DO_SEND_RESULT)
			finish_test(w);
		if (next < 0)
			return;
		ev = (enum test_event)next;
	}
}

/* SIGCHLD: a hint; look at what changed. */
static void reap(struct worker *w)
{
	struct current *c = &w->cur;
	siginfo_t si;
	int status;

	/* The test's zombie stays until its leftovers are gone: the sweep
	   reaps them. */
	if (c->state == TEST_SWEEPING) {
		test_feed(w, TEST_EV_CHILD);
		if (c->state == TEST_SWEEPING)
			return;
	}
	for (;;) {
		/* Peek without reaping: while the test's zombie holds its
		   pid, the process group id cannot be reused, so killing the
		   group reaches only what the test left behind. */
		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 ||
		    si.si_pid == 0)
			break;
		if (si.si_pid == c->pid &&
		    (c->state == TEST_RUNNING || c->state == TEST_STOPPING ||
		     c->state == TEST_KILLED)) {
			test_feed(w, c->fixture ? TEST_EV_FIXTURE_EXITED
						: TEST_EV_EXITED);
			if (c->state == TEST_SWEEPING)
				return;
			continue;
		}
		/* An orphan re-parented to us, or a fixture's server. */
		while (waitpid(si.si_pid, &status, 0) < 0 && errno == EINTR)
			;
		leftovers_forget_pid(&w->leftovers, si.si_pid);
	}
}

int worker_main(void)
{
	struct worker w;
	struct epoll_event ev[8];
	int i, n;

	memset(&w, 0, sizeof(w));
	w.cur.out = -1;
	w.last_clean = 1;
	capture_init(&w.capture, 0);
	tap_init(&w.tap, put_case, &w);
	leftovers_init(&w.leftovers);
	w.run_lock = -1;
	signal(SIGPIPE, SIG_IGN);
	/* The terminal's Ctrl-C reaches the whole foreground group; the
	   controller decides what it means for tests. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* Fixed from here on: tests reset exactly these. */
	spawn_nondefault(&w.reset);
	if (worker_loop_init(&w) < 0) {
		perror("xdist-exec worker: epoll/signalfd");
		return 3;
	}
	w.devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (w.devnull < 0 || loop_nonblock(0) < 0) {
		perror("xdist-exec worker: setup");
		return 3;
	}
	for (;;) {
		struct current *c = &w.cur;
		int alive = c->state == TEST_RUNNING ||
			    c->state == TEST_STOPPING ||
			    c->state == TEST_KILLED;
		long long deadline = c->deadline;

		if (w.in_eof)
			worker_die(&w, c->state != TEST_IDLE ? 1 : 0);
		if (w.bye && c->state == TEST_IDLE)
			worker_die(&w, 0);
		/* No wait between a result and the next test. */
		if (w.queued.len && c->state == TEST_IDLE && !w.paused_at)
			take_queued(&w, run_or_drop);

		if (alive && c->timeout_deadline &&
		    (!deadline || c->timeout_deadline < deadline))
			deadline = c->timeout_deadline;
		if (c->tap_quiet && (!deadline || c->tap_quiet < deadline))
			deadline = c->tap_quiet;
		n = loop_wait(&w.loop, ev, 8, w.paused_at ? 0 : deadline);
		if (n < 0) {
			perror("xdist-exec worker: epoll_wait");
			worker_die(&w, 3);
		}
		for (i = 0; i < n; i++) {
			struct signalfd_siginfo si;

			switch (ev[i].data.u64) {
			case LOOP_TAG_SIGNAL:
				while (loop_signal(&w.loop, &si) == 1) {
					if (si.ssi_signo == SIGTERM)
						worker_die(&w, 1);
					else if (si.ssi_signo == SIGTSTP)
						suspend(&w);
					else if (si.ssi_signo == SIGCONT)
						resume(&w);
					else
						reap(&w);
				}
				break;
			case TAG_IN:
				read_commands(&w);
				break;
			case TAG_OUT:
				if (read_output(&w))
					test_feed(&w, TEST_EV_EOF);
				break;
			}
		}
		if (w.paused_at)
			continue; /* the clocks are stopped */
		if (c->timeout_deadline &&
		    (c->state == TEST_RUNNING || c->state == TEST_STOPPING ||
		     c->state == TEST_KILLED) &&
		    xio_now_ns() >= c->timeout_deadline) {
			c->timeout_deadline = 0;
			test_feed(&w, TEST_EV_TIMEOUT);
		}
		if (c->tap_quiet && xio_now_ns() >= c->tap_quiet) {
			c->tap_quiet = 0;
			tap_flush(&w.tap);
			if (w.msg_out.len)
				worker_send_msg(&w);
		}
		if (c->deadline && xio_now_ns() >= c->deadline) {
			/* Its actions arm the next one, if any. */
			c->deadline = 0;
			test_feed(&w, TEST_EV_DEADLINE);
		}
	}
}

/*
 * Tests for launcher/engine/gateway.[ch]: a worker connection behind a
 * transport.  The transports here are real commands (cat, sh) standing
 * where ssh or our own worker stands: what the gateway does not know
 * about the far end is exactly what these tests change.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gateway.h"
#include "xio.h"

/* Commands, as writable strings for argv. */
static char cat_path[] = "/bin/cat", sh_path[] = "/bin/sh", dash_c[] = "-c",
	    greet[] = "echo Welcome to build1; exec cat",
	    missing[] = "/nonexistent/xdist-exec-worker";

struct seen {
	int n;
	uint8_t types[8];
	int stop_after; /* 0: never */
};

static int collect(void *arg, const struct proto_msg *m)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->types[s->n] = m->type;
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

/* A transport running argv[0] (an absolute path). */
static struct transport cmd(char *const *argv)
{
	struct transport t;

	t.kind = "exec";
	t.path = argv[0];
	t.exec_fd = -1;
	t.argv = argv;
	return t;
}

/* Read until fn has seen want messages or the gateway ends. */
static enum gateway_read read_until(struct gateway *g, struct loop *l,
				    struct seen *s, int want)
{
	enum gateway_read r = GATEWAY_OPEN;
	long long deadline = xio_now_ns() + 60LL * 1000000000;
	struct epoll_event ev[4];

	while (s->n < want && r == GATEWAY_OPEN) {
		assert_true(xio_now_ns() < deadline);
		if (loop_wait(l, ev, 4, deadline) > 0)
			r = gateway_read(g, collect, s);
	}
	return r;
}

static void reap(struct gateway *g)
{
	pid_t pid = g->pid;
	int status;

	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(gateway_reaped(g, pid + 1), 0);
	assert_int_equal(gateway_reaped(g, pid), 1);
	assert_int_equal(g->pid, 0);
}

static int new_loop(struct loop *l)
{
	sigset_t none;

	sigemptyset(&none);
	return loop_init(l, &none);
}

/* cat echoes what we send: messages go out and come back whole, in
   order; closing its stdin ends it (EOF on its stdout). */
static void test_round_trip_through_a_command(void **state)
{
	char *argv[] = {cat_path, NULL};
	struct transport t = cmd(argv);
	struct gateway g;
	struct loop l;
	struct seen s = {0};
	struct buf b = BUF_INIT;
	int i;

	(void)state;
	assert_int_equal(new_loop(&l), 0);
	gateway_init(&g);
	assert_int_equal(gateway_start(&g, &t, 2 + 1000, &l, 7), -1);
	assert_int_equal(g.to, -1); /* a bad stderr: nothing left open */
	assert_int_equal(g.from, -1);
	assert_int_equal(
		gateway_start(&g, &t, fcntl(2, F_DUPFD_CLOEXEC, 3), &l, 7), 0);
	proto_put_empty(&b, MSG_BYE);
	proto_put_empty(&b, MSG_SUSPEND);
	/* Sent a byte at a time: the gateway reassembles. */
	for (i = 0; i < (int)b.len; i++)
		gateway_send(&g, b.data + i, 1);
	proto_put_empty(&b, MSG_RESUME);
	gateway_send(&g, b.data, b.len);
	assert_int_equal(read_until(&g, &l, &s, 5), GATEWAY_OPEN);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.types[0], MSG_BYE);
	assert_int_equal(s.types[1], MSG_SUSPEND);
	assert_int_equal(s.types[4], MSG_RESUME);
	gateway_drain_close(&g, 0);
	assert_int_equal(g.to, -1);
	assert_int_equal(read_until(&g, &l, &s, 99), GATEWAY_EOF);
	gateway_close(&g, &l);
	reap(&g);
	gateway_release(&g);
	buf_release(&b);
	loop_release(&l);
}

/* A reader that stops after the first message leaves the rest queued;
   the next read hands it over. */
static void test_stop_keeps_the_rest(void **state)
{
	char *argv[] = {cat_path, NULL};
	struct transport t = cmd(argv);
	struct gateway g;
	struct loop l;
	struct seen s = {0};
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(new_loop(&l), 0);
	gateway_init(&g);
	assert_int_equal(
		gateway_start(&g, &t, fcntl(2, F_DUPFD_CLOEXEC, 3), &l, 1), 0);
	proto_put_empty(&b, MSG_KILL);
	proto_put_empty(&b, MSG_BYE);
	gateway_send(&g, b.data, b.len);
	gateway_drain_close(&g, 0);
	/* cat has written both and exited once we read EOF. */
	s.stop_after = 1;
	while (s.n == 0)
		(void)read_until(&g, &l, &s, 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.types[0], MSG_KILL);
	s.stop_after = 0;
	assert_int_equal(read_until(&g, &l, &s, 99), GATEWAY_EOF);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.types[1], MSG_BYE);
	gateway_close(&g, &l);
	reap(&g);
	gateway_release(&g);
	buf_release(&b);
	loop_release(&l);
}

/* A far end that prints something else than the protocol (a motd, a
   shell's greeting) is told apart from one that ends. */
static void test_garbage_is_not_eof(void **state)
{
	char *argv[] = {sh_path, dash_c, greet, NULL};
	struct transport t = cmd(argv);
	struct gateway g;
	struct loop l;
	struct seen s = {0};
	enum gateway_read r = GATEWAY_OPEN;
	struct epoll_event ev[4];

	(void)state;
	assert_int_equal(new_loop(&l), 0);
	gateway_init(&g);
	assert_int_equal(
		gateway_start(&g, &t, fcntl(2, F_DUPFD_CLOEXEC, 3), &l, 1), 0);
	while (r == GATEWAY_OPEN)
		if (loop_wait(&l, ev, 4, 0) > 0)
			r = gateway_read(&g, collect, &s);
	assert_int_equal(r, GATEWAY_GARBAGE);
	assert_int_equal(s.n, 0);
	gateway_kill(&g, SIGKILL);
	gateway_close(&g, &l);
	reap(&g);
	gateway_release(&g);
	loop_release(&l);
}

/* A command that cannot be started: -1 with its errno, nothing open. */
static void test_start_failure(void **state)
{
	char *argv[] = {missing, NULL};
	struct transport t = cmd(argv);
	struct gateway g;
	struct loop l;

	(void)state;
	assert_int_equal(new_loop(&l), 0);
	gateway_init(&g);
	errno = 0;
	assert_int_equal(
		gateway_start(&g, &t, fcntl(2, F_DUPFD_CLOEXEC, 3), &l, 1), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(g.pid, 0);
	assert_int_equal(g.to, -1);
	assert_int_equal(g.from, -1);
	gateway_release(&g);
	loop_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_through_a_command),
		cmocka_unit_test(test_stop_keeps_the_rest),
		cmocka_unit_test(test_garbage_is_not_eof),
		cmocka_unit_test(test_start_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

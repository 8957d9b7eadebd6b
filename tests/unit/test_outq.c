/*
 * Unit tests for launcher/engine/outq.[ch]: a non-blocking writer that
 * queues what the fd does not take, on real pipes (no fork).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "outq.h"
#include "xio.h"

/* A pipe whose write end is non-blocking; p[0] reads, p[1] writes. */
static void nb_pipe(int p[2])
{
	int fl;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	fl = fcntl(p[1], F_GETFL);
	assert_int_equal(fcntl(p[1], F_SETFL, fl | O_NONBLOCK), 0);
	fl = fcntl(p[0], F_GETFL);
	assert_int_equal(fcntl(p[0], F_SETFL, fl | O_NONBLOCK), 0);
}

/* What the pipe holds: every byte up to EAGAIN, appended to b. */
static size_t read_all(int fd, struct buf *b)
{
	char chunk[65536];
	size_t got = 0;
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(b, chunk, (size_t)n);
		got += (size_t)n;
	}
	return got;
}

/* len bytes of a pattern that shows any reordering. */
static char *pattern(size_t len)
{
	char *p = malloc(len);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < len; i++)
		p[i] = (char)('a' + (i * 7 + i / 251) % 26);
	return p;
}

static void outq_write__room_in_pipe__writes_at_once(void **state)
{
	struct outq q;
	struct buf got = BUF_INIT;
	int p[2];

	(void)state;
	nb_pipe(p);
	outq_init(&q, p[1]);
	assert_int_equal(outq_write(&q, "hello\n", 6), 0);
	assert_int_equal(outq_pending(&q), 0);
	assert_int_equal(read_all(p[0], &got), 6);
	assert_memory_equal(got.data, "hello\n", 6);
	outq_release(&q);
	buf_release(&got);
	close(p[0]);
	close(p[1]);
}

static void outq_write__full_pipe__queues_the_rest_in_order(void **state)
{
	const size_t len = 300000;
	char *data = pattern(len);
	struct outq q;
	struct buf got = BUF_INIT;
	size_t i;
	int p[2];

	(void)state;
	nb_pipe(p);
	outq_init(&q, p[1]);
	/* In pieces, as a report is written. */
	for (i = 0; i < len; i += 1000)
		assert_int_equal(outq_write(&q, data + i, 1000), 0);
	assert_true(outq_pending(&q) > 0);
	assert_true(outq_pending(&q) < len);
	/* The reader takes some, a flush moves more, until all is out. */
	while (outq_pending(&q)) {
		read_all(p[0], &got);
		assert_true(outq_flush(&q) >= 0);
	}
	assert_int_equal(outq_flush(&q), 0);
	read_all(p[0], &got);
	assert_int_equal(got.len, len);
	assert_memory_equal(got.data, data, len);
	outq_release(&q);
	buf_release(&got);
	free(data);
	close(p[0]);
	close(p[1]);
}

static void outq_flush__reader_gone__drops_queue_and_remembers(void **state)
{
	const size_t len = 200000;
	char *data = pattern(len);
	struct outq q;
	int p[2];

	(void)state;
	nb_pipe(p);
	outq_init(&q, p[1]);
	assert_int_equal(outq_write(&q, data, len), 0);
	assert_true(outq_pending(&q) > 0);
	close(p[0]);
	errno = 0;
	assert_int_equal(outq_flush(&q), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(outq_error(&q), EPIPE);
	assert_int_equal(outq_pending(&q), 0);
	/* Later writes fail the same way and queue nothing. */
	errno = 0;
	assert_int_equal(outq_write(&q, "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(outq_pending(&q), 0);
	assert_int_equal(outq_drain(&q, 0, -1), -1);
	assert_int_equal(errno, EPIPE);
	outq_release(&q);
	free(data);
	close(p[1]);
}

static void outq_write__no_fd__drops_quietly(void **state)
{
	struct outq q;

	(void)state;
	outq_init(&q, -1);
	assert_int_equal(outq_write(&q, "x", 1), 0);
	assert_int_equal(outq_pending(&q), 0);
	assert_int_equal(outq_drain(&q, 0, -1), 0);
	outq_release(&q);
}

static void outq_drain__reader_stalled__times_out_keeping_bytes(void **state)
{
	const size_t len = 200000;
	char *data = pattern(len);
	struct outq q;
	size_t before;
	long long t0;
	int p[2];

	(void)state;
	nb_pipe(p);
	outq_init(&q, p[1]);
	assert_int_equal(outq_write(&q, data, len), 0);
	before = outq_pending(&q);
	t0 = xio_now_ns();
	errno = 0;
	assert_int_equal(outq_drain(&q, t0 + 100000000LL, -1), -1);
	assert_int_equal(errno, ETIMEDOUT);
	assert_true(xio_now_ns() - t0 >= 100000000LL);
	assert_int_equal(outq_pending(&q), before);
	assert_int_equal(outq_error(&q), 0);
	outq_release(&q);
	free(data);
	close(p[0]);
	close(p[1]);
}

static void outq_drain__wake_fd_readable__returns_eintr(void **state)
{
	const size_t len = 200000;
	char *data = pattern(len);
	struct outq q;
	int p[2], wake[2];

	(void)state;
	nb_pipe(p);
	nb_pipe(wake);
	outq_init(&q, p[1]);
	assert_int_equal(outq_write(&q, data, len), 0);
	assert_int_equal(write(wake[1], "s", 1), 1);
	errno = 0;
	/* No deadline: only the wake fd can end it. */
	assert_int_equal(outq_drain(&q, 0, wake[0]), -1);
	assert_int_equal(errno, EINTR);
	assert_true(outq_pending(&q) > 0);
	outq_release(&q);
	free(data);
	close(p[0]);
	close(p[1]);
	close(wake[0]);
	close(wake[1]);
}

static void outq_drain__reader_took_room__writes_everything(void **state)
{
	struct outq q;
	struct buf got = BUF_INIT;
	char *data = pattern(100000);
	int p[2];

	(void)state;
	nb_pipe(p);
	outq_init(&q, p[1]);
	assert_int_equal(outq_write(&q, data, 100000), 0);
	assert_true(outq_pending(&q) > 0);
	/* The reader empties the pipe once; the rest fits. */
	read_all(p[0], &got);
	assert_int_equal(outq_drain(&q, xio_now_ns() + 10000000000LL, -1), 0);
	read_all(p[0], &got);
	assert_int_equal(got.len, 100000);
	assert_memory_equal(got.data, data, 100000);
	outq_release(&q);
	buf_release(&got);
	free(data);
	close(p[0]);
	close(p[1]);
}

static void outq_open_stdout__pipe__own_nonblocking_description(void **state)
{
	struct outq q;
	struct buf got = BUF_INIT;
	int p[2];

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	outq_open_stdout(&q, p[1]);
	assert_int_not_equal(outq_fd(&q), p[1]);
	/* The shared description is left as it was. */
	assert_int_equal(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	assert_int_not_equal(fcntl(outq_fd(&q), F_GETFL) & O_NONBLOCK, 0);
	assert_int_not_equal(fcntl(outq_fd(&q), F_GETFD) & FD_CLOEXEC, 0);
	assert_int_equal(outq_write(&q, "same pipe", 9), 0);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	assert_int_equal(read_all(p[0], &got), 9);
	assert_memory_equal(got.data, "same pipe", 9);
	outq_release(&q);
	buf_release(&got);
	close(p[0]);
	close(p[1]);
}

static void outq_open_stdout__regular_file__keeps_the_fd(void **state)
{
	char path[] = "/tmp/test_outq.XXXXXX";
	struct outq q;
	char back[16];
	int fd;

	(void)state;
	fd = mkostemp(path, O_CLOEXEC);
	assert_true(fd >= 0);
	unlink(path);
	outq_open_stdout(&q, fd);
	assert_int_equal(outq_fd(&q), fd);
	assert_int_equal(outq_write(&q, "log", 3), 0);
	assert_int_equal(outq_pending(&q), 0);
	/* The offset is the shared one: the shell appends after us. */
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 3);
	assert_int_equal(pread(fd, back, 3, 0), 3);
	assert_memory_equal(back, "log", 3);
	outq_release(&q);
	assert_int_equal(fcntl(fd, F_GETFD) >= 0, 1);
	close(fd);
}

static void outq_open_stdout__socket__sends_without_blocking(void **state)
{
	const size_t len = 2000000;
	char *data = pattern(len);
	struct outq q;
	struct buf got = BUF_INIT;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
			 0);
	outq_open_stdout(&q, sv[0]);
	assert_int_equal(outq_fd(&q), sv[0]);
	assert_int_equal(q.mode, OUTQ_SEND);
	assert_int_equal(outq_write(&q, data, len), 0);
	assert_true(outq_pending(&q) > 0);
	assert_int_equal(fcntl(sv[0], F_GETFL) & O_NONBLOCK, 0);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	while (outq_pending(&q)) {
		read_all(sv[1], &got);
		assert_true(outq_flush(&q) >= 0);
	}
	read_all(sv[1], &got);
	assert_int_equal(got.len, len);
	assert_memory_equal(got.data, data, len);
	outq_release(&q);
	buf_release(&got);
	free(data);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(outq_write__room_in_pipe__writes_at_once),
		cmocka_unit_test(
			outq_write__full_pipe__queues_the_rest_in_order),
		cmocka_unit_test(
			outq_flush__reader_gone__drops_queue_and_remembers),
		cmocka_unit_test(outq_write__no_fd__drops_quietly),
		cmocka_unit_test(
			outq_drain__reader_stalled__times_out_keeping_bytes),
		cmocka_unit_test(outq_drain__wake_fd_readable__returns_eintr),
		cmocka_unit_test(
			outq_drain__reader_took_room__writes_everything),
		cmocka_unit_test(
			outq_open_stdout__pipe__own_nonblocking_description),
		cmocka_unit_test(outq_open_stdout__regular_file__keeps_the_fd),
		cmocka_unit_test(
			outq_open_stdout__socket__sends_without_blocking),
	};

	/* A closed reader is an error to see, not a signal to die of. */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

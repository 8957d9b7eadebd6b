/*
 * Unit tests for launcher/engine/capture.[ch]: where each output byte goes
 * in the head + tail ring, and what is read back, on a real unnamed file
 * (no fork).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "capture.h"

static void capture_where__in_head__is_the_position(void **state)
{
	struct capture c;
	size_t room;

	(void)state;
	capture_init(&c, 10);
	assert_int_equal(capture_where(&c, 0, &room), 0);
	assert_int_equal(room, 5);
	assert_int_equal(capture_where(&c, 3, &room), 3);
	assert_int_equal(room, 2);
}

static void capture_where__past_head__wraps_in_the_ring(void **state)
{
	struct capture c;
	size_t room;

	(void)state;
	capture_init(&c, 10); /* head 5, tail 5 */
	assert_int_equal(capture_where(&c, 5, &room), 5);
	assert_int_equal(room, 5);
	assert_int_equal(capture_where(&c, 9, &room), 9);
	assert_int_equal(room, 1);
	assert_int_equal(capture_where(&c, 10, &room), 5);
	assert_int_equal(room, 5);
	assert_int_equal(capture_where(&c, 17, &room), 7);
	assert_int_equal(room, 3);
}

static void capture_init__odd_size__gives_the_extra_byte_to_tail(void **state)
{
	struct capture c;

	(void)state;
	capture_init(&c, 7);
	assert_int_equal(c.head, 3);
	assert_int_equal(c.tail, 4);
	capture_init(&c, 0);
	assert_int_equal(c.head, 1);
	assert_int_equal(c.tail, 1);
	assert_int_equal(c.fd, -1);
}

/* A capture of max bytes in a fresh file, with text written to it in
   pieces of at most step bytes. */
static void fill(struct capture *c, size_t max, const char *text, size_t step)
{
	size_t len = strlen(text), off;

	capture_init(c, max);
	assert_int_equal(capture_open(c, "/tmp"), 0);
	assert_int_equal(capture_reset(c), 0);
	for (off = 0; off < len; off += step)
		capture_add(c, text + off, len - off < step ? len - off : step);
}

static void capture_collect__output_fits__returns_it_whole(void **state)
{
	struct buf head = BUF_INIT, tail = BUF_INIT;
	struct capture c;

	(void)state;
	fill(&c, 10, "0123456789", 3);
	assert_int_equal(c.total, 10);
	assert_int_equal(capture_collect(&c, &head, &tail), 0);
	assert_string_equal(head.data, "0123456789");
	assert_null(tail.data);
	assert_int_equal(c.lost_errno, 0);
	buf_release(&head);
	capture_release(&c);
	assert_int_equal(c.fd, -1);
}

static void
capture_collect__output_too_long__keeps_head_and_last_tail(void **state)
{
	const char *text = "abcdefghijklmnopqrstuvwxyz";
	struct buf head = BUF_INIT, tail = BUF_INIT;
	struct capture c;
	size_t step;

	(void)state;
	for (step = 1; step <= 26; step++) {
		fill(&c, 10, text, step);
		assert_int_equal(capture_collect(&c, &head, &tail), 1);
		assert_string_equal(head.data, "abcde");
		assert_string_equal(tail.data, "vwxyz");
		buf_release(&head);
		buf_release(&tail);
		capture_release(&c);
	}
}

static void capture_reset__next_test__starts_empty(void **state)
{
	struct buf head = BUF_INIT, tail = BUF_INIT;
	struct capture c;

	(void)state;
	fill(&c, 8, "a long first test output", 5);
	assert_int_equal(capture_reset(&c), 0);
	assert_int_equal(c.total, 0);
	capture_add(&c, "ok", 2);
	assert_int_equal(capture_collect(&c, &head, &tail), 0);
	assert_string_equal(head.data, "ok");
	buf_release(&head);
	capture_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(capture_where__in_head__is_the_position),
		cmocka_unit_test(capture_where__past_head__wraps_in_the_ring),
		cmocka_unit_test(
			capture_init__odd_size__gives_the_extra_byte_to_tail),
		cmocka_unit_test(
			capture_collect__output_fits__returns_it_whole),
		cmocka_unit_test(
			capture_collect__output_too_long__keeps_head_and_last_tail),
		cmocka_unit_test(capture_reset__next_test__starts_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

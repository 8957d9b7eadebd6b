/*
 * libFuzzer target: what --split=gtest reads from a GoogleTest binary (any
 * bytes): gtest_parse_list on a --gtest_list_tests output, gtest_skipped
 * and gtest_failure_message on a case's output.  Checked beyond the
 * sanitizers: every case has a non-empty suite and name without blanks or
 * a '.' ending them, and its disabled flag is gtest_disabled's; a skip
 * reason lies inside the input; a failure message is one line of at most
 * GTEST_MESSAGE_MAX bytes.  gtest_batch_read on a batch's output: every
 * case that ran has its output inside the input, starting with its RUN
 * line, the cases' outputs in input order without overlapping; one that
 * did not run has none; the count is of those that ran.  Built by
 * tests/fuzz/fuzz.mk (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gtest.h"
#include "gtest_batch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || strpbrk(s, " \t\r\n") || s[n - 1] == '.')
		abort();
}

/* gtest_batch_read's promises on in (size bytes). */
static void check_batch(const char *in, size_t size)
{
	static const char *const names[] = {"A.One", "A.Two", "Inst/P.T/0"};
	struct gtest_batch_case c[3];
	size_t i, ran = 0, n = gtest_batch_read(in, size, names, 3, c);
	size_t end = 0, last = 0;

	for (i = 0; i < 3; i++) {
		if (c[i].status == GTEST_BATCH_NOT_RUN) {
			if (c[i].off || c[i].len || c[i].ms != -1)
				abort();
			continue;
		}
		ran++;
		if (c[i].off > size || c[i].len > size - c[i].off ||
		    c[i].len < 13 || memcmp(in + c[i].off, "[ RUN      ] ", 13))
			abort();
		if (c[i].status == GTEST_BATCH_UNFINISHED && c[i].ms != -1)
			abort();
	}
	if (n != ran)
		abort();
	/* In input order, apart: sort by off by picking the next each time. */
	for (;;) {
		size_t next = 3;

		for (i = 0; i < 3; i++)
			if (c[i].status != GTEST_BATCH_NOT_RUN &&
			    c[i].off >= last &&
			    (next == 3 || c[i].off < c[next].off))
				next = i;
		if (next == 3)
			break;
		if (c[next].off < end)
			abort();
		end = c[next].off + c[next].len;
		last = c[next].off + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *reason;
	struct gtest_list l;
	struct buf msg = BUF_INIT;
	size_t i, n, len;

	gtest_list_init(&l);
	n = gtest_parse_list(in, size, &l);
	if (n != l.n)
		abort();
	for (i = 0; i < l.n; i++) {
		check_name(l.v[i].suite);
		check_name(l.v[i].name);
		if (l.v[i].disabled != (gtest_disabled(l.v[i].suite) ||
					gtest_disabled(l.v[i].name)))
			abort();
	}
	gtest_list_release(&l);
	if (gtest_skipped(in, size, &reason, &len)) {
		if (reason && (reason < in || reason + len > in + size || !len))
			abort();
	} else if (reason || len) {
		abort();
	}
	if (gtest_failure_message(in, size, &msg)) {
		if (msg.len > GTEST_MESSAGE_MAX ||
		    memchr(msg.data, '\n', msg.len))
			abort();
	} else if (msg.len) {
		abort();
	}
	buf_release(&msg);
	check_batch(in, size);
	return 0;
}

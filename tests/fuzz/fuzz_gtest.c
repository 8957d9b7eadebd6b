/*
 * libFuzzer target: what --split=gtest reads from a GoogleTest binary (any
 * bytes): gtest_parse_list on a --gtest_list_tests output, gtest_skipped
 * and gtest_failure_message on a case's output.  Checked beyond the
 * sanitizers: every case has a non-empty suite and name without blanks or
 * a '.' ending them, and its disabled flag is gtest_disabled's; a skip
 * reason lies inside the input; a failure message is one line of at most
 * GTEST_MESSAGE_MAX bytes.  Built by tests/fuzz/fuzz.mk (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gtest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || strpbrk(s, " \t\r\n") || s[n - 1] == '.')
		abort();
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
	return 0;
}

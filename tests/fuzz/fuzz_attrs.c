/*
 * libFuzzer target: testlist_split_attrs, the `#@ key=value ...` parser of
 * a list line, and options_parse_seconds behind its timeout attribute.
 *
 * The input is one line (any bytes).  Checked beyond the sanitizers: the
 * command length never exceeds the line and has no trailing blank, a
 * success leaves attributes in range and err empty, a failure leaves a
 * reason in err and *name NULL.  The caller releases attrs either way (as
 * the header asks).  Built by tests/fuzz/fuzz.mk (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "options.h"
#include "testlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	struct test_attrs a;
	struct buf err = BUF_INIT;
	size_t cmd_len = (size_t)-1;
	char *name = (char *)1;
	long long ms;
	char *s;
	int r;

	memset(&a, 0, sizeof(a));
	a.timeout_ms = -1;
	r = testlist_split_attrs(line, size, &cmd_len, &a, &name, &err);
	if (cmd_len > size)
		abort();
	if (cmd_len && (line[cmd_len - 1] == ' ' || line[cmd_len - 1] == '\t'))
		abort();
	if (r == 0) {
		if (err.len)
			abort();
		if (a.timeout_ms != -1 &&
		    (a.timeout_ms <= 0 || a.timeout_ms > 86400000LL))
			abort();
		if (a.exclusive != 0 && a.exclusive != 1)
			abort();
	} else if (r != -1 || !err.len || name) {
		abort();
	}
	test_attrs_release(&a);
	free(name);
	buf_release(&err);

	/* The seconds parser on its own, as --timeout and friends use it. */
	s = strndup(line, size);
	if (!s)
		abort();
	if (options_parse_seconds(s, &ms) == 0 && (ms < 0 || ms > 86400000LL))
		abort();
	free(s);
	return 0;
}

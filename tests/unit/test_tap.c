/*
 * Unit tests for launcher/core/tap.[ch]: the TAP skip-all plan at the start
 * of a test's output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tap.h"

/* tap_skip_all on text: its result, and the reason (NULL: none). */
static void check(const char *text, int want, const char *reason)
{
	const char *r;
	size_t len;

	assert_int_equal(tap_skip_all(text, strlen(text), &r, &len), want);
	if (!reason) {
		assert_null(r);
		assert_int_equal(len, 0);
		return;
	}
	assert_non_null(r);
	assert_int_equal(len, strlen(reason));
	assert_memory_equal(r, reason, len);
}

static void tap_skip_all__skip_directive__gives_the_reason(void **state)
{
	(void)state;
	/* git's test-lib.sh, skip_all */
	check("1..0 # SKIP skipping tests: no SHA-1\nmore\n", 1,
	      "skipping tests: no SHA-1");
	check("1..0 # skip reason  \r\n", 1, "reason");
	check("1..0 #SKIPPED: why", 1, "why");
	check("1..0\t#\tSkip\tx y", 1, "x y");
	check("1..0 # SKIP\n", 1, "");
	/* cut by the end of what was read */
	check("1..0 # SKIP long rea", 1, "long rea");
}

static void tap_skip_all__after_a_version_line__is_read(void **state)
{
	(void)state;
	check("TAP version 13\n1..0 # SKIP no db\n", 1, "no db");
	check("TAP version 14 \r\n1..0\r\n", 1, NULL);
}

static void
tap_skip_all__plan_of_zero_without_skip__skips_unexplained(void **state)
{
	(void)state;
	check("1..0\n", 1, NULL);
	check("1..0", 1, NULL);
	check("1..00 # no tests here\n", 1, NULL);
}

static void tap_skip_all__anything_else__is_0(void **state)
{
	(void)state;
	check("", 0, NULL);
	check("1..1\nok 1\n", 0, NULL);
	check("1..05\n", 0, NULL);
	check("1..\n", 0, NULL);
	check("ok 1\n1..0 # SKIP late\n", 0, NULL);
	check(" 1..0 # SKIP indented\n", 0, NULL);
	check("TAP version 13\nTAP version 13\n1..0\n", 0, NULL);
	check("TAP version x\n1..0\n", 0, NULL);
	check("warning: something\n1..0 # SKIP x\n", 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			tap_skip_all__skip_directive__gives_the_reason),
		cmocka_unit_test(tap_skip_all__after_a_version_line__is_read),
		cmocka_unit_test(
			tap_skip_all__plan_of_zero_without_skip__skips_unexplained),
		cmocka_unit_test(tap_skip_all__anything_else__is_0),
	};

	return cmocka_run_group_tests_name("tap", tests, NULL, NULL);
}

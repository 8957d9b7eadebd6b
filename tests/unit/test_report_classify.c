/*
 * Unit tests for launcher/report/report.[ch]: what a test's end means
 * (report_classify), the reason shown for it (report_reason,
 * report_skip_reason) and pytest's word for each outcome.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "report_support.h"

/* ---- report_classify --------------------------------------------------- */

static void report_classify__exit_0__is_passed(void **state)
{
	(void)state;
	assert_int_equal(report_classify(KIND_EXITED, 0, 0), OUTCOME_PASSED);
}

static void report_classify__exit_1_and_255__are_failed(void **state)
{
	(void)state;
	assert_int_equal(report_classify(KIND_EXITED, 1, 0), OUTCOME_FAILED);
	assert_int_equal(report_classify(KIND_EXITED, 2, 0), OUTCOME_FAILED);
	assert_int_equal(report_classify(KIND_EXITED, 255, 0), OUTCOME_FAILED);
}

static void report_classify__exit_77__is_skipped(void **state)
{
	(void)state;
	assert_int_equal(report_classify(KIND_EXITED, 77, 0), OUTCOME_SKIPPED);
}

static void report_classify__exit_99__is_an_error(void **state)
{
	(void)state;
	assert_int_equal(report_classify(KIND_EXITED, 99, 0), OUTCOME_ERROR);
}

static void report_classify__signal__is_failed(void **state)
{
	(void)state;
	assert_int_equal(report_classify(KIND_SIGNALED, SIGSEGV, 0),
			 OUTCOME_FAILED);
	assert_int_equal(report_classify(KIND_SIGNALED, SIGKILL, 0),
			 OUTCOME_FAILED);
	assert_int_equal(report_classify(KIND_SIGNALED, SIGABRT, 0),
			 OUTCOME_FAILED);
}

static void report_classify__noexec__is_an_error(void **state)
{
	(void)state;
	assert_int_equal(report_classify(KIND_NOEXEC, ENOENT, 0),
			 OUTCOME_ERROR);
	assert_int_equal(report_classify(KIND_NOEXEC, EACCES, 0),
			 OUTCOME_ERROR);
}

static void
report_classify__terminated_flag__is_interrupted_whatever_the_end(void **state)
{
	(void)state;
	assert_int_equal(report_classify(KIND_EXITED, 0, RESULT_TERMINATED),
			 OUTCOME_INTERRUPTED);
	assert_int_equal(report_classify(KIND_EXITED, 1, RESULT_TERMINATED),
			 OUTCOME_INTERRUPTED);
	assert_int_equal(
		report_classify(KIND_SIGNALED, SIGTERM, RESULT_TERMINATED),
		OUTCOME_INTERRUPTED);
	assert_int_equal(report_classify(KIND_SIGNALED, SIGKILL,
					 RESULT_TERMINATED | RESULT_TRUNCATED),
			 OUTCOME_INTERRUPTED);
	assert_int_equal(
		report_classify(KIND_NOEXEC, ENOENT, RESULT_TERMINATED),
		OUTCOME_INTERRUPTED);
}

static void
report_classify__truncated_flag_alone__does_not_change_it(void **state)
{
	(void)state;
	assert_int_equal(report_classify(KIND_EXITED, 0, RESULT_TRUNCATED),
			 OUTCOME_PASSED);
	assert_int_equal(report_classify(KIND_EXITED, 3, RESULT_TRUNCATED),
			 OUTCOME_FAILED);
}

/* ---- report_reason ----------------------------------------------------- */

static void assert_reason(int kind, int code, int core, const char *stage,
			  const char *want)
{
	struct buf b = BUF_INIT;

	report_reason(&b, kind, code, core, stage);
	assert_string_equal(text(&b), want);
	buf_release(&b);
}

static void report_reason__exit__says_the_status(void **state)
{
	(void)state;
	assert_reason(KIND_EXITED, 1, 0, NULL, "exit status 1");
	assert_reason(KIND_EXITED, 77, 0, NULL, "exit status 77");
	assert_reason(KIND_EXITED, 255, 0, NULL, "exit status 255");
}

static void report_reason__exit_99__says_hard_error(void **state)
{
	(void)state;
	assert_reason(KIND_EXITED, 99, 0, NULL, "exit status 99 (hard error)");
}

static void report_reason__signal_with_core__names_it_and_the_core(void **state)
{
	(void)state;
	assert_reason(KIND_SIGNALED, SIGSEGV, 1, NULL,
		      "killed by signal SIGSEGV (core dumped)");
}

static void report_reason__signal_without_core__names_it(void **state)
{
	(void)state;
	assert_reason(KIND_SIGNALED, SIGKILL, 0, NULL,
		      "killed by signal SIGKILL");
	assert_reason(KIND_SIGNALED, SIGTERM, 0, "",
		      "killed by signal SIGTERM");
}

static void report_reason__unknown_signal__gives_the_number(void **state)
{
	(void)state;
	assert_reason(KIND_SIGNALED, 200, 0, NULL, "killed by signal 200");
}

static void report_reason__noexec__gives_the_stage_and_errno_text(void **state)
{
	(void)state;
	assert_reason(KIND_NOEXEC, EACCES, 0, "execute",
		      "cannot execute: Permission denied");
	assert_reason(KIND_NOEXEC, ENOENT, 0, "set up",
		      "cannot set up: No such file or directory");
}

static void report_reason__noexec_without_stage__says_execute(void **state)
{
	(void)state;
	assert_reason(KIND_NOEXEC, ENOENT, 0, NULL,
		      "cannot execute: No such file or directory");
	assert_reason(KIND_NOEXEC, ENOEXEC, 0, "",
		      "cannot execute: Exec format error");
}

/* ---- report_outcome_word ----------------------------------------------- */

static void report_outcome_word__each_outcome__is_pytests_word(void **state)
{
	(void)state;
	assert_string_equal(report_outcome_word(OUTCOME_PASSED), "PASSED");
	assert_string_equal(report_outcome_word(OUTCOME_FAILED), "FAILED");
	assert_string_equal(report_outcome_word(OUTCOME_SKIPPED), "SKIPPED");
	assert_string_equal(report_outcome_word(OUTCOME_ERROR), "ERROR");
	assert_string_equal(report_outcome_word(OUTCOME_INTERRUPTED),
			    "INTERRUPTED");
}

/* ---- report_skip_reason ------------------------------------------------ */

static void assert_skip_reason(const char *output, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(report_skip_reason(&b, output, strlen(output)),
			 want != NULL);
	if (want)
		assert_string_equal(text(&b), want);
	buf_release(&b);
}

static void report_skip_reason__last_line_written__trimmed(void **state)
{
	struct buf b = BUF_INIT;
	char *long_line = xmalloc(REPORT_SKIP_REASON_MAX + 11);

	(void)state;
	assert_skip_reason("checking\n  no database here \n\n", "no database "
								"here");
	assert_skip_reason("Skipped: needs root\n", "needs root");
	assert_skip_reason("x\r\nSKIP:\tno tmux\r\n", "no tmux");
	assert_skip_reason("only line", "only line");
	assert_skip_reason("", NULL);
	assert_skip_reason(" \n\t\n", NULL);
	memset(long_line, 'a', REPORT_SKIP_REASON_MAX + 10);
	long_line[REPORT_SKIP_REASON_MAX + 10] = '\0';
	assert_true(report_skip_reason(&b, long_line, strlen(long_line)));
	assert_int_equal(b.len, REPORT_SKIP_REASON_MAX);
	free(long_line);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			report_skip_reason__last_line_written__trimmed),
		cmocka_unit_test(report_classify__exit_0__is_passed),
		cmocka_unit_test(report_classify__exit_1_and_255__are_failed),
		cmocka_unit_test(report_classify__exit_77__is_skipped),
		cmocka_unit_test(report_classify__exit_99__is_an_error),
		cmocka_unit_test(report_classify__signal__is_failed),
		cmocka_unit_test(report_classify__noexec__is_an_error),
		cmocka_unit_test(
			report_classify__terminated_flag__is_interrupted_whatever_the_end),
		cmocka_unit_test(
			report_classify__truncated_flag_alone__does_not_change_it),
		cmocka_unit_test(report_reason__exit__says_the_status),
		cmocka_unit_test(report_reason__exit_99__says_hard_error),
		cmocka_unit_test(
			report_reason__signal_with_core__names_it_and_the_core),
		cmocka_unit_test(report_reason__signal_without_core__names_it),
		cmocka_unit_test(
			report_reason__unknown_signal__gives_the_number),
		cmocka_unit_test(
			report_reason__noexec__gives_the_stage_and_errno_text),
		cmocka_unit_test(
			report_reason__noexec_without_stage__says_execute),
		cmocka_unit_test(
			report_outcome_word__each_outcome__is_pytests_word),
	};

	return cmocka_run_group_tests_name("report_classify", tests, NULL,
					   NULL);
}

/*
 * Unit tests for launcher/report/report.[ch]: what the terminal shows, as text
 * (rules, header, progress letters, -v lines, counts, the final line).
 * What a test's end means and the words for it are in
 * test_report_classify.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "report_support.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static void add_n(struct buf *b, char ch, size_t n)
{
	while (n--)
		buf_addch(b, ch);
}

/* The tally the report reads: re-made for each report_init. */
static struct tally T;

static const struct tally *tally_of(size_t total)
{
	tally_release(&T);
	tally_init(&T, total, 0);
	return &T;
}

/* A finished test as the controller shows one: tallied, then shown. */
static void shown(struct report *r, struct buf *out, enum outcome o,
		  const char *worker, const char *id, long long duration_ns)
{
	tally_finish(&T, T.finished, o, -1);
	report_test(r, out, o, worker, id, duration_ns);
}

/*
 * pytest's TerminalWriter.sep, transliterated:
 *     N = max((fullwidth - len(title) - 2) // 2, 1)
 *     line = fill + " " + title + " " + fill   (fill = sepchar * N)
 *     without a title: line = sepchar * fullwidth
 *     if len(line) + 1 <= fullwidth: line += sepchar
 */
static void pytest_sep(struct buf *out, int width, char ch, const char *title)
{
	struct buf line = BUF_INIT;
	long n;

	if (title) {
		n = (long)width - (long)strlen(title) - 2;
		n = n >= 0 ? n / 2 : -((-n + 1) / 2); /* floor division */
		if (n < 1)
			n = 1;
		add_n(&line, ch, (size_t)n);
		buf_addf(&line, " %s ", title);
		add_n(&line, ch, (size_t)n);
	} else {
		add_n(&line, ch, (size_t)width);
	}
	if (line.len + 1 <= (size_t)width)
		buf_addch(&line, ch);
	buf_add(out, line.data, line.len);
	buf_addch(out, '\n');
	buf_release(&line);
}

/* ---- report_colored ---------------------------------------------------- */

static void report_colored__color_on_and_off__wraps_or_not(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 1, 0, tally_of(1));
	report_colored(&r, &b, OUTCOME_PASSED, "ok");
	report_colored(&r, &b, OUTCOME_FAILED, "bad");
	report_colored(&r, &b, OUTCOME_SKIPPED, "s");
	assert_string_equal(text(&b),
			    GREEN "ok" RESET RED "bad" RESET YELLOW "s" RESET);
	buf_reset(&b);
	r.color = 0;
	report_colored(&r, &b, OUTCOME_FAILED, "bad");
	assert_string_equal(text(&b), "bad");
	buf_release(&b);
}

/* ---- report_sep -------------------------------------------------------- */

static void report_sep__width_80_with_even_title__is_centred(void **state)
{
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_sep(&b, 80, '=', "FAILURES");
	/* N = (80 - 8 - 2) // 2 = 35: 35 + 10 + 35 = 80, no room for more. */
	add_n(&want, '=', 35);
	buf_adds(&want, " FAILURES ");
	add_n(&want, '=', 35);
	buf_addch(&want, '\n');
	assert_string_equal(text(&b), text(&want));
	assert_int_equal(b.len, 81);
	buf_release(&b);
	buf_release(&want);
}

static void
report_sep__width_80_with_odd_title__adds_one_fill_at_the_right(void **state)
{
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_sep(&b, 80, '_', "./t_login");
	/* N = (80 - 9 - 2) // 2 = 34: 34 + 11 + 34 = 79, one more fits. */
	add_n(&want, '_', 34);
	buf_adds(&want, " ./t_login ");
	add_n(&want, '_', 35);
	buf_addch(&want, '\n');
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void report_sep__without_title__is_width_fill_chars(void **state)
{
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_sep(&b, 80, '=', NULL);
	add_n(&want, '=', 80);
	buf_addch(&want, '\n');
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void
report_sep__title_wider_than_the_line__keeps_one_fill_each_side(void **state)
{
	char title[101];
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	memset(title, 'x', 100);
	title[100] = '\0';
	report_sep(&b, 80, '=', title);
	buf_addf(&want, "= %s =\n", title);
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void
report_sep__every_width_and_title_length__matches_pytest(void **state)
{
	char title[160];
	int width;
	size_t tl;

	(void)state;
	memset(title, 't', sizeof(title));
	for (width = 20; width <= 132; width++) {
		for (tl = 1; tl < 140; tl++) {
			struct buf got = BUF_INIT, want = BUF_INIT;

			title[tl] = '\0';
			report_sep(&got, width, '=', title);
			pytest_sep(&want, width, '=', title);
			if (strcmp(text(&got), text(&want)))
				fail_msg("width %d, title of %zu: got '%s', "
					 "pytest '%s'",
					 width, tl, text(&got), text(&want));
			title[tl] = 't';
			buf_release(&got);
			buf_release(&want);
		}
	}
}

/* ---- report_header ----------------------------------------------------- */

static void report_header__workers_and_tests__counts_them(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(120));
	report_header(&r, &b, "0.1.0", 4);
	assert_string_equal(text(&b),
			    "xdist-exec 0.1.0 -- 4 workers [120 tests]\n");
	buf_reset(&b);
	report_init(&r, 80, 0, 1, tally_of(1));
	report_header(&r, &b, "0.1.0", 1);
	assert_string_equal(text(&b),
			    "xdist-exec 0.1.0 -- 1 worker [1 test]\n");
	buf_reset(&b);
	report_init(&r, 80, 0, 0, tally_of(3));
	report_header(&r, &b, "0.1.0", 0);
	assert_string_equal(text(&b),
			    "xdist-exec 0.1.0 -- no workers [3 tests]\n");
	buf_release(&b);
}

static void report_header__quiet__prints_nothing(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, -1, tally_of(5));
	report_header(&r, &b, "0.1.0", 4);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

/* ---- report_test: progress letters ------------------------------------- */

static void report_init__narrow_terminal__is_20_columns(void **state)
{
	struct report r;

	(void)state;
	report_init(&r, 5, 0, 0, tally_of(1));
	assert_int_equal(r.width, 20);
	report_init(&r, 0, 0, 0, tally_of(1));
	assert_int_equal(r.width, 20);
}

static void report_test__last_test__right_aligns_the_percentage(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(2));
	shown(&r, &b, OUTCOME_PASSED, "gw0", "./a", 1000);
	assert_string_equal(text(&b), ".");
	shown(&r, &b, OUTCOME_PASSED, "gw1", "./b", 1000);
	/* pytest: msg.rjust(width - col - 1), so the line is 79 columns. */
	buf_adds(&want, "..");
	add_n(&want, ' ', 80 - 1 - 2 - 6);
	buf_adds(&want, "[100%]\n");
	assert_string_equal(text(&b), text(&want));
	assert_int_equal(r.col, 0);
	buf_release(&b);
	buf_release(&want);
}

static void report_test__each_outcome__has_its_letter(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(4));
	shown(&r, &b, OUTCOME_PASSED, NULL, "./a", 0);
	shown(&r, &b, OUTCOME_FAILED, NULL, "./b", 0);
	shown(&r, &b, OUTCOME_SKIPPED, NULL, "./c", 0);
	shown(&r, &b, OUTCOME_ERROR, NULL, "./d", 0);
	buf_adds(&want, ".FsE");
	add_n(&want, ' ', 80 - 1 - 4 - 6);
	buf_adds(&want, "[100%]\n");
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void report_test__full_line__ends_with_the_percentage(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;
	int i;

	(void)state;
	/* 20 columns: pytest ends the line once col + len(" [ 12%]") + 1
	   reaches the width, that is after 12 letters. */
	report_init(&r, 20, 0, 0, tally_of(100));
	for (i = 0; i < 11; i++)
		shown(&r, &b, OUTCOME_PASSED, "gw0", "./t", 0);
	assert_string_equal(text(&b), "...........");
	shown(&r, &b, OUTCOME_PASSED, "gw0", "./t", 0);
	assert_string_equal(text(&b), "............ [ 12%]\n");
	shown(&r, &b, OUTCOME_FAILED, "gw0", "./t", 0);
	assert_string_equal(text(&b), "............ [ 12%]\nF");
	assert_int_equal(r.col, 1);
	buf_release(&b);
}

static void report_test__whole_run__every_line_is_width_minus_1(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;
	const char *p, *nl;
	size_t i, lines = 0;

	(void)state;
	report_init(&r, 50, 0, 0, tally_of(250));
	for (i = 0; i < 250; i++)
		shown(&r, &b, i % 7 ? OUTCOME_PASSED : OUTCOME_FAILED, "gw0",
		      "./t", 0);
	/* Lines of 42 letters (42 + 8 >= 50), the last one of 40. */
	for (p = text(&b); *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_int_equal(nl - p, 49);
		assert_int_equal(nl[-6], '[');
		assert_int_equal(nl[-1], ']');
		lines++;
	}
	assert_int_equal(lines, 6);
	assert_memory_equal(text(&b) + 42, " [ 16%]\n", 8);
	assert_memory_equal(text(&b) + b.len - 7, "[100%]\n", 7);
	assert_int_equal(T.done, 250);
	assert_int_equal(T.counts[OUTCOME_FAILED], 36);
	assert_int_equal(T.counts[OUTCOME_PASSED], 214);
	buf_release(&b);
}

static void
report_test__interrupted_and_notrun__are_counted_silently(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 1, tally_of(3));
	shown(&r, &b, OUTCOME_INTERRUPTED, "gw0", "./a", 5);
	shown(&r, &b, OUTCOME_NOTRUN, NULL, "./b", 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(T.counts[OUTCOME_INTERRUPTED], 1);
	assert_int_equal(T.counts[OUTCOME_NOTRUN], 1);
	assert_int_equal(T.done, 0);
	buf_release(&b);
}

static void
report_test__color_on__wraps_letters_but_pads_by_visible_width(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 1, 0, tally_of(2));
	shown(&r, &b, OUTCOME_PASSED, "gw0", "./a", 0);
	shown(&r, &b, OUTCOME_FAILED, "gw0", "./b", 0);
	buf_adds(&want, GREEN "." RESET RED "F" RESET);
	add_n(&want, ' ', 80 - 1 - 2 - 6);
	buf_adds(&want, "[100%]\n");
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

/* ---- report_test: -v --------------------------------------------------- */

static void
report_test__verbose__prints_worker_percent_word_id_duration(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 1, tally_of(2));
	shown(&r, &b, OUTCOME_PASSED, "gw1", "./t", 120000000LL);
	assert_string_equal(text(&b), "[gw1] [ 50%] PASSED ./t (0.12s)\n");
	shown(&r, &b, OUTCOME_FAILED, "gw0", "./u --x 'a b'", 61500000000LL);
	assert_string_equal(text(&b), "[gw1] [ 50%] PASSED ./t (0.12s)\n"
				      "[gw0] [100%] FAILED ./u --x 'a b' "
				      "(61.50s)\n");
	buf_release(&b);
}

static void report_test__verbose_without_worker__omits_the_bracket(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 1, tally_of(3));
	shown(&r, &b, OUTCOME_SKIPPED, NULL, "./t", 5000000LL);
	assert_string_equal(text(&b), "[ 33%] SKIPPED ./t (0.01s)\n");
	buf_release(&b);
}

static void report_test__verbose_with_color__colors_only_the_word(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 1, 2, tally_of(1));
	shown(&r, &b, OUTCOME_ERROR, "gw3", "./t", 0);
	assert_string_equal(text(&b),
			    "[gw3] [100%] " RED "ERROR" RESET " ./t (0.00s)\n");
	buf_release(&b);
}

/* ---- report_break_line ------------------------------------------------- */

static void report_break_line__half_written_line__is_ended_once(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(3));
	report_break_line(&r, &b);
	assert_int_equal(b.len, 0);
	shown(&r, &b, OUTCOME_PASSED, "gw0", "./a", 0);
	report_break_line(&r, &b);
	report_break_line(&r, &b);
	assert_string_equal(text(&b), ".\n");
	assert_int_equal(r.col, 0);
	buf_release(&b);
}

/* ---- report_duration / report_counts ----------------------------------- */

static void assert_duration(double s, const char *want)
{
	struct buf b = BUF_INIT;

	report_duration(&b, s);
	assert_string_equal(text(&b), want);
	buf_release(&b);
}

static void report_duration__under_a_minute__is_seconds(void **state)
{
	(void)state;
	assert_duration(0, "0.00s");
	assert_duration(4.56, "4.56s");
	assert_duration(59.5, "59.50s");
}

static void report_duration__over_a_minute__adds_h_mm_ss(void **state)
{
	(void)state;
	assert_duration(61, "61.00s (0:01:01)");
	assert_duration(60, "60.00s (0:01:00)");
	assert_duration(3661.5, "3661.50s (1:01:01)");
}

static void report_counts__every_outcome__in_pytest_order(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(10));
	T.counts[OUTCOME_NOTRUN] = 3;
	T.counts[OUTCOME_INTERRUPTED] = 1;
	T.counts[OUTCOME_ERROR] = 2;
	T.counts[OUTCOME_SKIPPED] = 1;
	T.counts[OUTCOME_PASSED] = 2;
	T.counts[OUTCOME_FAILED] = 1;
	report_counts(&r, &b, 1.23);
	assert_string_equal(text(&b),
			    "1 failed, 2 passed, 1 skipped, 2 errors, "
			    "1 interrupted, 3 not run in 1.23s");
	buf_release(&b);
}

static void report_counts__zeros__are_left_out(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(10));
	T.counts[OUTCOME_PASSED] = 7;
	T.counts[OUTCOME_ERROR] = 1;
	report_counts(&r, &b, 0.5);
	assert_string_equal(text(&b), "7 passed, 1 error in 0.50s");
	buf_release(&b);
}

static void report_counts__tap_cases__follow_in_parentheses(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(10));
	T.counts[OUTCOME_PASSED] = 177;
	T.counts[OUTCOME_FAILED] = 3;
	T.cases[TAP_PASSED] = 10020;
	T.cases[TAP_FAILED] = 3;
	T.cases[TAP_SKIPPED] = 110;
	T.ncases = 10133;
	report_counts(&r, &b, 0.5);
	assert_string_equal(
		text(&b), "3 failed, 177 passed (10,133 cases: 10,020 passed, "
			  "3 failed, 110 skipped) in 0.50s");
	buf_reset(&b);
	memset(T.cases, 0, sizeof(T.cases));
	T.cases[TAP_TODO] = 1;
	T.ncases = 1;
	report_cases(&T, &b);
	assert_string_equal(text(&b), "1 case: 1 todo");
	buf_release(&b);
}

static void report_counts__nothing_counted__says_no_tests_ran(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(0));
	report_counts(&r, &b, 0.004);
	assert_string_equal(text(&b), "no tests ran in 0.00s");
	buf_release(&b);
}

static void report_counts__long_run__has_the_clock_duration(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(1));
	T.counts[OUTCOME_PASSED] = 1;
	report_counts(&r, &b, 61);
	assert_string_equal(text(&b), "1 passed in 61.00s (0:01:01)");
	buf_release(&b);
}

/* ---- report_final ------------------------------------------------------ */

/* The expected -v/default final line: pytest's '=' rule around counts. */
static void final_line(struct buf *want, int width, const char *counts,
		       const char *color)
{
	struct buf sep = BUF_INIT;

	pytest_sep(&sep, width, '=', counts);
	if (color) {
		buf_adds(want, color);
		buf_adds(want, BOLD);
		buf_add(want, sep.data, sep.len - 1);
		buf_adds(want, RESET "\n");
	} else {
		buf_add(want, sep.data, sep.len);
	}
	buf_release(&sep);
}

static void report_final__failures_with_color__is_a_red_rule(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 1, 0, tally_of(2));
	T.counts[OUTCOME_FAILED] = 1;
	T.counts[OUTCOME_PASSED] = 1;
	report_final(&r, &b, 1.0);
	final_line(&want, 80, "1 failed, 1 passed in 1.00s", RED);
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void report_final__errors_with_color__is_a_red_rule(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 1, 0, tally_of(2));
	T.counts[OUTCOME_ERROR] = 1;
	T.counts[OUTCOME_PASSED] = 1;
	report_final(&r, &b, 1.0);
	final_line(&want, 80, "1 passed, 1 error in 1.00s", RED);
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void report_final__all_passed_with_color__is_a_green_rule(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 1, 0, tally_of(3));
	T.counts[OUTCOME_PASSED] = 3;
	report_final(&r, &b, 0.25);
	final_line(&want, 80, "3 passed in 0.25s", GREEN);
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void
report_final__only_skips_or_interrupts__is_a_yellow_rule(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 1, 0, tally_of(2));
	T.counts[OUTCOME_SKIPPED] = 2;
	report_final(&r, &b, 0.25);
	final_line(&want, 80, "2 skipped in 0.25s", YELLOW);
	assert_string_equal(text(&b), text(&want));

	buf_reset(&b);
	buf_reset(&want);
	report_init(&r, 80, 1, 0, tally_of(3));
	T.counts[OUTCOME_PASSED] = 2;
	T.counts[OUTCOME_INTERRUPTED] = 1;
	report_final(&r, &b, 0.25);
	final_line(&want, 80, "2 passed, 1 interrupted in 0.25s", YELLOW);
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void report_final__color_off__has_no_escape_bytes(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(4));
	T.counts[OUTCOME_FAILED] = 1;
	T.counts[OUTCOME_PASSED] = 1;
	T.counts[OUTCOME_ERROR] = 1;
	T.counts[OUTCOME_NOTRUN] = 1;
	report_final(&r, &b, 2.0);
	assert_null(memchr(b.data, '\033', b.len));
	final_line(&want, 80, "1 failed, 1 passed, 1 error, 1 not run in 2.00s",
		   NULL);
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

static void report_final__quiet__is_the_counts_without_a_rule(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, -1, tally_of(1));
	T.counts[OUTCOME_PASSED] = 1;
	report_final(&r, &b, 0.5);
	assert_string_equal(text(&b), "1 passed in 0.50s\n");
	buf_reset(&b);
	r.color = 1;
	report_final(&r, &b, 0.5);
	assert_string_equal(text(&b), GREEN "1 passed in 0.50s" RESET "\n");
	buf_release(&b);
}

static void
report_final__after_a_half_written_line__starts_a_new_one(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	report_init(&r, 80, 0, 0, tally_of(3));
	shown(&r, &b, OUTCOME_PASSED, "gw0", "./a", 0);
	T.counts[OUTCOME_NOTRUN] = 2;
	report_final(&r, &b, 0.1);
	buf_adds(&want, ".\n");
	final_line(&want, 80, "1 passed, 2 not run in 0.10s", NULL);
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

/* xfail, as pytest shows it: x and X, XFAIL and XPASS, "1 xfailed,
   1 xpassed" after the deselected, and an XPASS makes a pass yellow. */
static void report__xfail_outcomes__are_shown_as_pytest_does(void **state)
{
	struct report r;
	struct buf b = BUF_INIT, want = BUF_INIT;

	(void)state;
	assert_string_equal(report_outcome_word(OUTCOME_XFAILED), "XFAIL");
	assert_string_equal(report_outcome_word(OUTCOME_XPASSED), "XPASS");
	report_init(&r, 80, 0, 0, tally_of(3));
	shown(&r, &b, OUTCOME_XFAILED, NULL, "./a", 0);
	shown(&r, &b, OUTCOME_XPASSED, NULL, "./b", 0);
	shown(&r, &b, OUTCOME_PASSED, NULL, "./c", 0);
	assert_true(!strncmp(text(&b), "xX.", 3));
	buf_reset(&b);
	T.deselected = 2;
	report_counts(&r, &b, 1.0);
	assert_string_equal(text(&b), "1 passed, 2 deselected, 1 xfailed, "
				      "1 xpassed in 1.00s");
	buf_reset(&b);
	r.color = 1;
	report_final(&r, &b, 1.0);
	final_line(&want, 80,
		   "1 passed, 2 deselected, 1 xfailed, 1 xpassed in "
		   "1.00s",
		   YELLOW);
	assert_string_equal(text(&b), text(&want));
	buf_release(&b);
	buf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			report__xfail_outcomes__are_shown_as_pytest_does),
		cmocka_unit_test(
			report_colored__color_on_and_off__wraps_or_not),
		cmocka_unit_test(
			report_sep__width_80_with_even_title__is_centred),
		cmocka_unit_test(
			report_sep__width_80_with_odd_title__adds_one_fill_at_the_right),
		cmocka_unit_test(
			report_sep__without_title__is_width_fill_chars),
		cmocka_unit_test(
			report_sep__title_wider_than_the_line__keeps_one_fill_each_side),
		cmocka_unit_test(
			report_sep__every_width_and_title_length__matches_pytest),
		cmocka_unit_test(report_header__workers_and_tests__counts_them),
		cmocka_unit_test(report_header__quiet__prints_nothing),
		cmocka_unit_test(report_init__narrow_terminal__is_20_columns),
		cmocka_unit_test(
			report_test__last_test__right_aligns_the_percentage),
		cmocka_unit_test(report_test__each_outcome__has_its_letter),
		cmocka_unit_test(
			report_test__full_line__ends_with_the_percentage),
		cmocka_unit_test(
			report_test__whole_run__every_line_is_width_minus_1),
		cmocka_unit_test(
			report_test__interrupted_and_notrun__are_counted_silently),
		cmocka_unit_test(
			report_test__color_on__wraps_letters_but_pads_by_visible_width),
		cmocka_unit_test(
			report_test__verbose__prints_worker_percent_word_id_duration),
		cmocka_unit_test(
			report_test__verbose_without_worker__omits_the_bracket),
		cmocka_unit_test(
			report_test__verbose_with_color__colors_only_the_word),
		cmocka_unit_test(
			report_break_line__half_written_line__is_ended_once),
		cmocka_unit_test(report_duration__under_a_minute__is_seconds),
		cmocka_unit_test(report_duration__over_a_minute__adds_h_mm_ss),
		cmocka_unit_test(report_counts__every_outcome__in_pytest_order),
		cmocka_unit_test(report_counts__zeros__are_left_out),
		cmocka_unit_test(
			report_counts__tap_cases__follow_in_parentheses),
		cmocka_unit_test(
			report_counts__nothing_counted__says_no_tests_ran),
		cmocka_unit_test(
			report_counts__long_run__has_the_clock_duration),
		cmocka_unit_test(
			report_final__failures_with_color__is_a_red_rule),
		cmocka_unit_test(
			report_final__errors_with_color__is_a_red_rule),
		cmocka_unit_test(
			report_final__all_passed_with_color__is_a_green_rule),
		cmocka_unit_test(
			report_final__only_skips_or_interrupts__is_a_yellow_rule),
		cmocka_unit_test(report_final__color_off__has_no_escape_bytes),
		cmocka_unit_test(
			report_final__quiet__is_the_counts_without_a_rule),
		cmocka_unit_test(
			report_final__after_a_half_written_line__starts_a_new_one),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}

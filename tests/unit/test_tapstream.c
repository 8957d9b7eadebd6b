/*
 * Unit tests for launcher/core/tapstream.[ch]: TAP read as it comes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "tapstream.h"

/* Every case told, one line each: "N status desc|reason|yaml". */
struct seen {
	struct buf text;
	int n;
};

static void note(void *arg, const struct tap_case *c)
{
	struct seen *s = arg;

	buf_addf(&s->text, "%lu %s %.*s", c->number, tap_status_name(c->status),
		 (int)c->desc_len, c->desc);
	if (c->reason)
		buf_addf(&s->text, "|%.*s", (int)c->reason_len, c->reason);
	if (c->yaml)
		buf_addf(&s->text, "|yaml:%.*s", (int)c->yaml_len, c->yaml);
	buf_addch(&s->text, '\n');
	s->n++;
}

/* Feed text in pieces of step bytes (0: whole); the cases and verdict. */
static enum tap_verdict run(const char *text, size_t step, struct seen *s,
			    struct buf *why)
{
	struct tap_parser p;
	size_t i, n = strlen(text);
	enum tap_verdict v;

	memset(s, 0, sizeof(*s));
	buf_init(&s->text);
	tap_init(&p, note, s);
	if (!step)
		step = n ? n : 1;
	for (i = 0; i < n; i += step)
		tap_feed(&p, text + i, n - i < step ? n - i : step);
	tap_finish(&p);
	v = tap_verdict(&p, why);
	tap_release(&p);
	return v;
}

/* Same verdict, cases and reason at every piece size. */
static void check(const char *text, enum tap_verdict want, const char *cases,
		  const char *reason)
{
	static const size_t steps[] = {0, 1, 2, 3, 7, 64};
	size_t k;

	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		struct seen s;
		struct buf why = BUF_INIT;

		assert_int_equal(run(text, steps[k], &s, &why), want);
		assert_string_equal(s.text.data ? s.text.data : "", cases);
		assert_string_equal(why.data ? why.data : "", reason);
		buf_release(&s.text);
		buf_release(&why);
	}
}

static void tap_feed__plan_first_all_ok__passes(void **state)
{
	(void)state;
	check("1..2\nok 1 - a\nok 2 b\n", TAP_OK, "1 passed a\n2 passed b\n",
	      "");
}

static void tap_feed__plan_last__passes(void **state)
{
	(void)state;
	check("ok 1 - a\nok 2 - b\n1..2\n", TAP_OK, "1 passed a\n2 passed b\n",
	      "");
}

static void tap_feed__version_13_and_14__are_read(void **state)
{
	(void)state;
	check("TAP version 13\n1..1\nok 1\n", TAP_OK, "1 passed \n", "");
	check("TAP version 14\n1..1\nok\n", TAP_OK, "1 passed \n", "");
}

static void tap_feed__not_ok__fails_the_test(void **state)
{
	(void)state;
	check("1..3\nok 1 - a\nnot ok 2 - b\nok 3 - c\n", TAP_NOT_OK,
	      "1 passed a\n2 failed b\n3 passed c\n", "1 of 3 cases failed");
}

static void tap_feed__skip_and_todo_any_case__are_excused(void **state)
{
	(void)state;
	check("1..4\nok 1 - a # SKIP no db\nok 2 # skip\n"
	      "not ok 3 - c # TODO later\nok 4 - d # todo fixed\n",
	      TAP_OK,
	      "1 skipped a|no db\n2 skipped |\n3 todo c|later\n"
	      "4 todo passed d|fixed\n",
	      "");
	/* git's test-lib.sh: "# SKIP" after the description. */
	check("ok 1 # Skipped: why\n1..1\n", TAP_OK, "1 skipped |why\n", "");
}

static void tap_feed__not_ok_with_skip__still_fails(void **state)
{
	(void)state;
	check("1..1\nnot ok 1 # SKIP x\n", TAP_NOT_OK, "1 failed |x\n",
	      "1 of 1 case failed");
}

static void tap_feed__escaped_hash__stays_in_description(void **state)
{
	(void)state;
	check("1..2\nok 1 - a \\# SKIP not really\nok 2 - c\\\\d # x\n", TAP_OK,
	      "1 passed a # SKIP not really\n2 passed c\\d # x\n", "");
}

static void tap_feed__numbers_missing__follow_the_last(void **state)
{
	(void)state;
	check("1..3\nok\nok 2\nok - c\n", TAP_OK,
	      "1 passed \n2 passed \n3 passed c\n", "");
}

static void tap_feed__numbers_out_of_order__fail(void **state)
{
	(void)state;
	check("1..2\nok 2\nok 1\n", TAP_NOT_OK, "2 passed \n1 passed \n",
	      "case 1 is numbered 2");
}

static void tap_feed__plan_too_short__fails(void **state)
{
	(void)state;
	check("1..3\nok 1\nok 2\n", TAP_NOT_OK, "1 passed \n2 passed \n",
	      "planned 3, ran 2");
	check("ok 1\n", TAP_NOT_OK, "1 passed \n", "no plan (ran 1)");
	check("", TAP_NOT_OK, "", "no plan (ran 0)");
}

static void tap_feed__plan_in_the_middle__fails(void **state)
{
	(void)state;
	check("ok 1\n1..2\nok 2\n", TAP_NOT_OK, "1 passed \n2 passed \n",
	      "a case after the plan at the end");
	check("1..1\nok 1\n1..1\n", TAP_NOT_OK, "1 passed \n",
	      "more than one plan");
}

static void tap_feed__skip_all__skips(void **state)
{
	(void)state;
	check("1..0 # SKIP no database\n", TAP_SKIP_ALL, "", "no database");
	check("TAP version 13\r\n1..0\r\n", TAP_SKIP_ALL, "", "");
}

static void tap_feed__bail_out__fails_whatever_follows(void **state)
{
	(void)state;
	/* TAP::Parser reads on, and prove counts what follows. */
	check("1..3\nok 1\nBail out! no disk\nok 2\nok 3\nBail out! again\n",
	      TAP_NOT_OK, "1 passed \n2 passed \n3 passed \n",
	      "bailed out: no disk");
}

static void tap_feed__yaml_block__kept_with_its_case(void **state)
{
	(void)state;
	check("TAP version 13\n1..2\nnot ok 1 - a\n  ---\n  message: bad\n"
	      "  got: 1\n  ...\nok 2 - b\n",
	      TAP_NOT_OK,
	      "1 failed a|yaml:  message: bad\n  got: 1\n\n2 passed b\n",
	      "1 of 2 cases failed");
	/* A block cut by the end of the stream is kept as far as it went. */
	check("1..1\nok 1\n  ---\n  a: 1\n", TAP_OK,
	      "1 passed |yaml:  a: 1\n\n", "");
	/* A block without its "..." ends at a line indented less than its
	   "---", and that line is TAP again. */
	check("1..3\nnot ok 1 - first\n  ---\n  message: oops\n\n"
	      "ok 2 - second\nnot ok 3 - third\n",
	      TAP_NOT_OK,
	      "1 failed first|yaml:  message: oops\n\n\n2 passed second\n"
	      "3 failed third\n",
	      "2 of 3 cases failed");
}

static void tap_feed__yaml_not_right_after_a_case__is_ignored(void **state)
{
	(void)state;
	check("1..1\nok 1\n# note\n  ---\n  a: 1\n  ...\n", TAP_OK,
	      "1 passed \n", "");
}

static void tap_feed__subtest_lines__are_ignored(void **state)
{
	(void)state;
	check("TAP version 14\n1..1\n# Subtest: s\n    1..2\n    ok 1\n"
	      "    not ok 2\nok 1 - s\n",
	      TAP_OK, "1 passed s\n", "");
}

static void tap_feed__crlf__is_read_as_lf(void **state)
{
	(void)state;
	check("1..2\r\nok 1 - a\r\nnot ok 2 - b # TODO t\r\n", TAP_OK,
	      "1 passed a\n2 todo b|t\n", "");
}

static void tap_feed__last_line_without_lf__is_read(void **state)
{
	(void)state;
	check("1..1\nok 1 - end", TAP_OK, "1 passed end\n", "");
}

static void tap_feed__comments_and_noise__are_ignored(void **state)
{
	(void)state;
	check("# hello\nsome output\nokay\nnot okay\n1..1\npragma +strict\n"
	      "ok 1\n",
	      TAP_OK, "1 passed \n", "");
}

static void tap_feed__a_long_line__is_cut_at_the_bound(void **state)
{
	struct buf text = BUF_INIT;
	struct seen s;
	struct buf why = BUF_INIT;
	size_t i;

	(void)state;
	buf_adds(&text, "1..2\nok 1 - ");
	for (i = 0; i < 3 * TAP_LINE_MAX; i++)
		buf_addch(&text, 'x');
	buf_adds(&text, " # SKIP gone\nok 2 - b\n");
	assert_int_equal(run(text.data, 1000, &s, &why), TAP_OK);
	assert_int_equal(s.n, 2);
	/* "1 passed " + the description as far as the line was kept */
	assert_int_equal(strchr(s.text.data, '\n') - s.text.data,
			 9 + TAP_LINE_MAX - 7);
	buf_release(&s.text);
	buf_release(&why);
	buf_release(&text);
}

static void tap_feed__a_long_yaml_block__is_bounded(void **state)
{
	struct buf text = BUF_INIT;
	struct seen s;
	struct buf why = BUF_INIT;
	size_t i;

	(void)state;
	buf_adds(&text, "1..1\nnot ok 1\n  ---\n");
	for (i = 0; i < 10000; i++)
		buf_adds(&text, "  line: 0123456789\n");
	buf_adds(&text, "  ...\n");
	assert_int_equal(run(text.data, 4096, &s, &why), TAP_NOT_OK);
	assert_int_equal(s.n, 1);
	assert_true(s.text.len < TAP_YAML_MAX + 100);
	assert_true(s.text.len > TAP_YAML_MAX - 100);
	buf_release(&s.text);
	buf_release(&why);
	buf_release(&text);
}

static void tap_feed__many_cases__hold_one_line_at_a_time(void **state)
{
	struct tap_parser p;
	struct seen s;
	struct buf why = BUF_INIT;
	char line[64];
	int i, n;

	(void)state;
	memset(&s, 0, sizeof(s));
	buf_init(&s.text);
	tap_init(&p, note, &s);
	for (i = 1; i <= 100000; i++) {
		n = snprintf(line, sizeof(line), "ok %d - case %d\n", i, i);
		tap_feed(&p, line, (size_t)n);
		buf_reset(&s.text);
		assert_true(p.line.cap <= 2 * TAP_LINE_MAX);
	}
	tap_feed(&p, "1..100000\n", 10);
	tap_finish(&p);
	assert_int_equal(tap_verdict(&p, &why), TAP_OK);
	assert_int_equal(s.n, 100000);
	assert_int_equal(p.counts[TAP_PASSED], 100000);
	tap_release(&p);
	buf_release(&s.text);
	buf_release(&why);
}

/* text fed whole, the stream not finished. */
static void feed(struct tap_parser *p, const char *text)
{
	tap_feed(p, text, strlen(text));
}

static void tap_flush__held_case__is_told_at_once(void **state)
{
	struct tap_parser p;
	struct seen s;

	(void)state;
	memset(&s, 0, sizeof(s));
	buf_init(&s.text);
	tap_init(&p, note, &s);
	feed(&p, "1..3\nok 1 - a\nnot ok 2 - b\n");
	assert_true(tap_holding(&p));
	assert_string_equal(s.text.data, "1 passed a\n");
	tap_flush(&p);
	assert_false(tap_holding(&p));
	assert_string_equal(s.text.data, "1 passed a\n2 failed b\n");
	/* Nothing more is held: a second flush tells nothing. */
	tap_flush(&p);
	assert_int_equal(s.n, 2);
	/* A YAML block after the told case is ignored, the next case read. */
	feed(&p, "  ---\n  message: late\n  ...\nok 3 - c\n");
	tap_finish(&p);
	assert_string_equal(s.text.data,
			    "1 passed a\n2 failed b\n3 passed c\n");
	tap_release(&p);
	buf_release(&s.text);
}

static void tap_flush__in_a_yaml_block__tells_what_it_has(void **state)
{
	struct tap_parser p;
	struct seen s;

	(void)state;
	memset(&s, 0, sizeof(s));
	buf_init(&s.text);
	tap_init(&p, note, &s);
	feed(&p, "not ok 1 - a\n  ---\n  got: 1\n");
	assert_true(tap_holding(&p));
	tap_flush(&p);
	assert_string_equal(s.text.data, "1 failed a|yaml:  got: 1\n\n");
	tap_release(&p);
	buf_release(&s.text);
}

/* tap_plan_unmet after text, its reason in why. */
static int plan_unmet(const char *text, struct buf *why)
{
	struct tap_parser p;
	struct seen s;
	int r;

	memset(&s, 0, sizeof(s));
	buf_init(&s.text);
	tap_init(&p, note, &s);
	tap_feed(&p, text, strlen(text));
	tap_finish(&p);
	r = tap_plan_unmet(&p, why);
	tap_release(&p);
	buf_release(&s.text);
	return r;
}

static void tap_plan_unmet__fewer_cases_than_planned__says_so(void **state)
{
	struct buf why = BUF_INIT;

	(void)state;
	assert_int_equal(plan_unmet("1..5\nok 1\nok 2\nnot ok 3\n", &why), 1);
	assert_string_equal(why.data, "planned 5, ran 3");
	buf_reset(&why);
	assert_int_equal(plan_unmet("1..1\nok 1\nok 2\n", &why), 1);
	assert_string_equal(why.data, "planned 1, ran 2");
	buf_release(&why);
}

static void tap_plan_unmet__plan_met_or_none__says_nothing(void **state)
{
	struct buf why = BUF_INIT;

	(void)state;
	assert_int_equal(plan_unmet("1..2\nok 1\nnot ok 2\n", &why), 0);
	assert_int_equal(plan_unmet("ok 1\nok 2\n1..2\n", &why), 0);
	assert_int_equal(plan_unmet("ok 1\nnot ok 2\n", &why), 0);
	assert_int_equal(plan_unmet("", &why), 0);
	assert_int_equal((int)why.len, 0);
	buf_release(&why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tap_feed__plan_first_all_ok__passes),
		cmocka_unit_test(tap_feed__plan_last__passes),
		cmocka_unit_test(tap_feed__version_13_and_14__are_read),
		cmocka_unit_test(tap_feed__not_ok__fails_the_test),
		cmocka_unit_test(tap_feed__skip_and_todo_any_case__are_excused),
		cmocka_unit_test(tap_feed__not_ok_with_skip__still_fails),
		cmocka_unit_test(tap_feed__escaped_hash__stays_in_description),
		cmocka_unit_test(tap_feed__numbers_missing__follow_the_last),
		cmocka_unit_test(tap_feed__numbers_out_of_order__fail),
		cmocka_unit_test(tap_feed__plan_too_short__fails),
		cmocka_unit_test(tap_feed__plan_in_the_middle__fails),
		cmocka_unit_test(tap_feed__skip_all__skips),
		cmocka_unit_test(tap_feed__bail_out__fails_whatever_follows),
		cmocka_unit_test(tap_feed__yaml_block__kept_with_its_case),
		cmocka_unit_test(
			tap_feed__yaml_not_right_after_a_case__is_ignored),
		cmocka_unit_test(tap_feed__subtest_lines__are_ignored),
		cmocka_unit_test(tap_feed__crlf__is_read_as_lf),
		cmocka_unit_test(tap_feed__last_line_without_lf__is_read),
		cmocka_unit_test(tap_feed__comments_and_noise__are_ignored),
		cmocka_unit_test(tap_feed__a_long_line__is_cut_at_the_bound),
		cmocka_unit_test(tap_feed__a_long_yaml_block__is_bounded),
		cmocka_unit_test(tap_feed__many_cases__hold_one_line_at_a_time),
		cmocka_unit_test(tap_flush__held_case__is_told_at_once),
		cmocka_unit_test(tap_flush__in_a_yaml_block__tells_what_it_has),
		cmocka_unit_test(
			tap_plan_unmet__fewer_cases_than_planned__says_so),
		cmocka_unit_test(
			tap_plan_unmet__plan_met_or_none__says_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

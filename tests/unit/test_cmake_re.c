/*
 * Unit tests for launcher/core/cmake_re.[ch]: CMake's regular expressions
 * as cmsys parses them, translated to POSIX ERE, and the output as ctest
 * matches it; seen both through the translation and through the verdict
 * of a test with a PASS_REGULAR_EXPRESSION (core/ctest.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cmake_re.h"
#include "ctest.h"

/* Whether CMake expression re matches out (len bytes), as the verdict of
   a test with it as its one PASS_REGULAR_EXPRESSION says. */
static int matches(const char *re, const char *out, size_t len)
{
	struct ctest_props *p = ctest_props_new();
	struct buf why = BUF_INIT;
	enum outcome o;

	words_add(&p->pass_re, re);
	o = ctest_verdict(p, 1, out, len, &why);
	buf_release(&why);
	ctest_props_free(p);
	return o == OUTCOME_PASSED;
}

#define MATCHES(re, s) matches(re, s, strlen(s))

/* The POSIX form of CMake expression re ("" when rejected). */
static char *ere_of(const char *re)
{
	struct buf b = BUF_INIT;

	if (cmake_re_to_ere(re, &b, NULL) < 0)
		buf_reset(&b);
	buf_adds(&b, "");
	return buf_release_take(&b);
}

static void cmake_re__output_after_a_nul__is_matched(void **state)
{
	(void)state;
	/* printf 'a\0PASS\n': ctest ends a line at the NUL. */
	assert_true(matches("PASS", "a\0PASS\n", 7));
	assert_true(matches("^a\nPASS\n$", "a\0PASS\n", 7));
	assert_true(matches("a.PASS", "a\0PASS", 6));
	assert_false(matches("aPASS", "a\0PASS\n", 7));
}

static void cmake_re__braces__are_literal(void **state)
{
	char *e;

	(void)state;
	assert_false(MATCHES("a{2}", "aa"));
	assert_true(MATCHES("a{2}", "a{2}"));
	assert_true(MATCHES("{ok}", "result: {ok}"));
	assert_false(MATCHES("{ok}", "result: ok"));
	assert_true(MATCHES("x{1,}", "x{1,}"));
	assert_true(MATCHES("}{", "a}{b"));
	assert_int_equal(ctest_regex_check("{ok}", NULL), 0);
	assert_int_equal(ctest_regex_check("a{", NULL), 0);
	e = ere_of("a{2}");
	assert_string_equal(e, "a\\{2\\}");
	free(e);
}

static void cmake_re__backslash__makes_any_character_literal(void **state)
{
	(void)state;
	/* No classes: \s is s, \d is d, \1 is 1. */
	assert_false(MATCHES("x\\sy", "x y"));
	assert_true(MATCHES("x\\sy", "xsy"));
	assert_false(MATCHES("\\d", "7"));
	assert_true(MATCHES("\\d", "d"));
	assert_true(MATCHES("(a)\\1", "a1"));
	assert_false(MATCHES("(a)\\1", "aa"));
	/* Escaped specials match themselves. */
	assert_true(MATCHES("a\\.b", "a.b"));
	assert_false(MATCHES("a\\.b", "axb"));
	assert_true(MATCHES("\\\\", "C:\\dir"));
	assert_true(MATCHES("\\(x\\+y\\)\\*\\?", "(x+y)*?"));
	assert_true(MATCHES("\\$\\^\\|\\[\\]", "$^|[]"));
	assert_true(MATCHES("\\{\\}", "{}"));
	assert_true(MATCHES("a\\*+", "a***"));
	assert_false(MATCHES("^\\<b\\>$", "<b>")); /* the newline */
	assert_true(MATCHES("^\\<b\\>\n$", "<b>"));
	assert_false(MATCHES("\\bx", "x"));
	assert_true(MATCHES("\\bx", "bx"));
}

static void cmake_re__brackets__are_sets_of_characters(void **state)
{
	char *e;

	(void)state;
	assert_true(MATCHES("[{}]", "{"));
	assert_false(MATCHES("^[{}]+$", "{}}"));
	assert_true(MATCHES("^[{}]+\n", "{}}"));
	assert_false(MATCHES("^[^{}]", "{x"));
	assert_true(MATCHES("^[^{}]", "x{"));
	/* [[:alpha:]] is [ : a l p h followed by ]. */
	assert_true(MATCHES("[[:alpha:]]", "a]"));
	assert_false(MATCHES("[[:alpha:]]", "b]"));
	assert_true(MATCHES("[[:alpha:]]", ":]"));
	/* \ in brackets is a backslash; ] first and - first or last are
	   themselves. */
	assert_true(MATCHES("[\\]", "\\"));
	assert_false(MATCHES("[\\n]", "\n"));
	assert_true(MATCHES("[\\n]", "n"));
	assert_true(MATCHES("[]x]", "]"));
	assert_true(MATCHES("[^]x]", "]y"));
	assert_false(MATCHES("^[^]x]", "]"));
	assert_true(MATCHES("[-a]", "-"));
	assert_true(MATCHES("[a-]", "-"));
	assert_true(MATCHES("[^-]", "x"));
	assert_true(MATCHES("[x^]", "^"));
	assert_true(MATCHES("[.*+?]", "+"));
	assert_false(MATCHES("[.*+?]", "x"));
	/* Ranges; in [a-c-e] the second is d-e. */
	assert_true(MATCHES("^[0-9][a-c-e]", "7e"));
	assert_false(MATCHES("^[0-9][a-c-e]", "7f"));
	assert_true(MATCHES("[a-a]", "a"));
	e = ere_of("[^]a-c]");
	assert_string_equal(e, "[^]abc]");
	free(e);
	e = ere_of("[-^]");
	assert_string_equal(e, "[-^]");
	free(e);
	e = ere_of("[x^[]");
	assert_string_equal(e, "[x[^]");
	free(e);
}

static void cmake_re__anchors__are_the_ends_of_the_text(void **state)
{
	(void)state;
	assert_true(MATCHES("^good", "good"));
	assert_false(MATCHES("^good", "a good"));
	assert_false(MATCHES("^good", "line\ngood"));
	/* ctest ends every line, the last too, with a newline. */
	assert_false(MATCHES("good$", "good"));
	assert_false(MATCHES("good$", "good\n"));
	assert_true(MATCHES("good\n$", "good"));
	assert_false(MATCHES("a^b", "a^b"));
	assert_true(MATCHES("^?x", "yx"));
	assert_true(MATCHES("x$?", "xy"));
	/* ctest drops the carriage returns that end a line. */
	assert_true(MATCHES("good\nbad\n$", "good\r\r\nbad\r\n"));
	assert_false(MATCHES("bad\n$", "bad\r"));
	assert_true(MATCHES("^$", ""));
}

static void cmake_re__alternation_and_groups__as_cmake(void **state)
{
	(void)state;
	assert_true(MATCHES("no|go+d", "all good"));
	assert_false(MATCHES("no|go+d", "all gd"));
	assert_true(MATCHES("^(ab|cd)+e", "abcdabe"));
	assert_false(MATCHES("^(ab|cd)+e", "ace"));
	assert_true(MATCHES("^ab+d", "abbd"));
	assert_false(MATCHES("^ab+d", "ababd"));
	assert_true(MATCHES("q|", "anything"));
	assert_true(MATCHES("(|q)x", "x"));
	assert_true(MATCHES("a()b", "ab"));
	assert_true(MATCHES("(a)(b)(c)(d)(e)(f)(g)(h)(i)", "abcdefghi"));
}

static void cmake_re__rejected__as_cmake_rejects(void **state)
{
	static const char *const bad[][2] = {
		{"a(b", "unmatched parentheses"},
		{"a)b", "unmatched parentheses"},
		{"*a", "?+* follows nothing"},
		{"a|+", "?+* follows nothing"},
		{"a**", "nested *?+"},
		{"a+?", "nested *?+"},
		{"(a*)*", "*+ operand could be empty"},
		{"(a|)+", "*+ operand could be empty"},
		{"^*", "*+ operand could be empty"},
		{"[z-a]", "invalid range in []"},
		{"[ab", "unmatched []"},
		{"[]", "unmatched []"},
		{"[^]", "unmatched []"},
		{"a\\", "trailing backslash"},
		{"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "too many parentheses"},
	};
	struct buf err = BUF_INIT, big = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		buf_reset(&err);
		assert_int_equal(ctest_regex_check(bad[i][0], &err), -1);
		assert_non_null(strstr(err.data, bad[i][1]));
		assert_non_null(strstr(err.data, bad[i][0]));
		/* A rejected expression matches nothing. */
		assert_false(MATCHES(bad[i][0], bad[i][0]));
	}
	/* cmsys's program is under 32767 bytes: 1 + 3 + 3 + n + 1 + 3. */
	for (i = 0; i < 32755; i++)
		buf_addch(&big, 'x');
	assert_int_equal(ctest_regex_check(big.data, NULL), 0);
	buf_addch(&big, 'x');
	buf_reset(&err);
	assert_int_equal(ctest_regex_check(big.data, &err), -1);
	assert_non_null(strstr(err.data, "expression too big"));
	buf_release(&big);
	buf_release(&err);
}

static void cmake_re__output__is_ctest_lines(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	cmake_re_output("a\0b", 3, &b);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "a\nb\n", 4);
	buf_reset(&b);
	cmake_re_output("x\r\r\n\ny\r", 7, &b);
	assert_string_equal(b.data, "x\n\ny\r\n");
	buf_reset(&b);
	cmake_re_output("", 0, &b);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cmake_re__output_after_a_nul__is_matched),
		cmocka_unit_test(cmake_re__braces__are_literal),
		cmocka_unit_test(
			cmake_re__backslash__makes_any_character_literal),
		cmocka_unit_test(cmake_re__brackets__are_sets_of_characters),
		cmocka_unit_test(cmake_re__anchors__are_the_ends_of_the_text),
		cmocka_unit_test(cmake_re__alternation_and_groups__as_cmake),
		cmocka_unit_test(cmake_re__rejected__as_cmake_rejects),
		cmocka_unit_test(cmake_re__output__is_ctest_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

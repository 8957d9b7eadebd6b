/*
 * Unit tests for launcher/core/expr.[ch]: the -k and -m grammar (pytest's),
 * its precedence, parentheses, and its errors with their columns.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

/* A matcher: a word is true when it is one of the space-separated words
   of arg. */
static int in_set(void *arg, const char *word)
{
	const char *p = arg;
	size_t n = strlen(word);

	while (*p) {
		size_t len = strcspn(p, " ");

		if (len == n && !strncmp(p, word, n))
			return 1;
		p += len + (p[len] == ' ');
	}
	return 0;
}

/* Evaluate s with the words of truths true; the expression must parse. */
static int eval(const char *s, const char *truths)
{
	struct expr e;
	struct buf err = BUF_INIT;
	int r;

	if (expr_parse(&e, s, &err) < 0)
		fail_msg("'%s' did not parse: %s", s, err.data);
	r = expr_eval(&e, in_set, (void *)truths);
	expr_release(&e);
	buf_release(&err);
	return r;
}

/* s must fail to parse with exactly why. */
static void assert_error(const char *s, const char *why)
{
	struct expr e;
	struct buf err = BUF_INIT;

	if (expr_parse(&e, s, &err) == 0)
		fail_msg("'%s' parsed", s);
	assert_string_equal(err.data, why);
	buf_release(&err);
}

/* The words of s, in order, space-separated. */
static char *words_of(const char *s)
{
	struct expr e;
	struct buf err = BUF_INIT, out = BUF_INIT;
	size_t i;

	assert_int_equal(expr_parse(&e, s, &err), 0);
	for (i = 0; i < e.n; i++)
		if (e.v[i].op == EXPR_WORD)
			buf_addf(&out, "%s%s", out.len ? " " : "",
				 expr_word(&e, i));
	expr_release(&e);
	buf_release(&err);
	return out.data ? buf_release_take(&out) : xstrdup("");
}

static void expr_eval__one_word__is_its_match(void **state)
{
	(void)state;
	assert_true(eval("login", "login"));
	assert_false(eval("login", "export"));
}

static void expr_eval__and_or_not__are_boolean(void **state)
{
	(void)state;
	assert_true(eval("a and b", "a b"));
	assert_false(eval("a and b", "a"));
	assert_true(eval("a or b", "b"));
	assert_false(eval("a or b", "c"));
	assert_true(eval("not a", "b"));
	assert_false(eval("not a", "a"));
	assert_true(eval("not not a", "a"));
}

static void expr_eval__and_binds_tighter_than_or(void **state)
{
	(void)state;
	/* a or (b and c) */
	assert_true(eval("a or b and c", "a"));
	assert_false(eval("a or b and c", "b"));
	/* (a and b) or c */
	assert_true(eval("a and b or c", "c"));
	assert_false(eval("a and b or c", "a"));
}

static void expr_eval__not_binds_tighter_than_and(void **state)
{
	(void)state;
	/* (not a) and b */
	assert_true(eval("not a and b", "b"));
	assert_false(eval("not a and b", "a b"));
	/* (not a) or b */
	assert_true(eval("not a or b", "a b"));
}

static void expr_eval__parentheses__group(void **state)
{
	(void)state;
	assert_false(eval("(a or b) and c", "a"));
	assert_true(eval("(a or b) and c", "b c"));
	assert_true(eval("not (slow or network)", "fast"));
	assert_false(eval("not (slow or network)", "network"));
	assert_true(eval("((a))", "a"));
	assert_true(eval("a and (b or (c and not d))", "a c"));
	assert_false(eval("a and (b or (c and not d))", "a c d"));
}

static void expr_eval__empty_or_blank__selects_everything(void **state)
{
	(void)state;
	assert_true(eval("", ""));
	assert_true(eval("  \t ", ""));
}

static void expr_parse__operators__are_lower_case_only(void **state)
{
	char *w;

	(void)state;
	/* "AND" and "Or" are words, like any other. */
	w = words_of("AND");
	assert_string_equal(w, "AND");
	free(w);
	assert_true(eval("Or", "Or"));
	assert_error("a AND b", "at column 3: expected end of input; got "
				"identifier");
}

static void expr_parse__word_chars__are_pytests_and_globs(void **state)
{
	char *w;

	(void)state;
	w = words_of("t_a.sh:x+y-z or [1] or a\\b or ./dir/t* or t? or "
		     "caf\xc3\xa9");
	assert_string_equal(w, "t_a.sh:x+y-z [1] a\\b ./dir/t* t? caf\xc3\xa9");
	free(w);
	/* Words run into operators only with a blank or parenthesis between. */
	w = words_of("(a)or(b)");
	assert_string_equal(w, "a b");
	free(w);
	w = words_of("android or notable");
	assert_string_equal(w, "android notable");
	free(w);
}

static void expr_parse__missing_operand__says_what_was_expected(void **state)
{
	(void)state;
	assert_error("a and", "at column 6: expected not OR left parenthesis "
			      "OR identifier; got end of input");
	assert_error("or a", "at column 1: expected not OR left parenthesis OR "
			     "identifier; got or");
	assert_error("not", "at column 4: expected not OR left parenthesis OR "
			    "identifier; got end of input");
	assert_error("a and and b", "at column 7: expected not OR left "
				    "parenthesis OR identifier; got and");
}

static void expr_parse__unbalanced_parentheses__are_errors(void **state)
{
	(void)state;
	assert_error("(a or b", "at column 8: expected right parenthesis; got "
				"end of input");
	assert_error("a)", "at column 2: expected end of input; got right "
			   "parenthesis");
	assert_error("()", "at column 2: expected not OR left parenthesis OR "
			   "identifier; got right parenthesis");
	assert_error("a b", "at column 3: expected end of input; got "
			    "identifier");
}

static void expr_parse__other_characters__are_unexpected(void **state)
{
	(void)state;
	assert_error("a = b", "at column 3: unexpected character \"=\"");
	assert_error("'a'", "at column 1: unexpected character \"'\"");
	assert_error("a,b", "at column 2: unexpected character \",\"");
	/* A control character is shown escaped: the message stays a line. */
	assert_error("a\nb", "at column 2: unexpected character \"\\x0a\"");
}

static void expr_parse__deep_nesting__is_an_error_not_a_crash(void **state)
{
	struct buf s = BUF_INIT, err = BUF_INIT;
	struct expr e;
	int i;

	(void)state;
	for (i = 0; i < EXPR_MAX_DEPTH; i++)
		buf_adds(&s, "(a or ");
	buf_adds(&s, "b");
	for (i = 0; i < EXPR_MAX_DEPTH; i++)
		buf_adds(&s, ")");
	/* As deep as allowed: parses, and evaluates both ways. */
	assert_true(eval(s.data, "b"));
	assert_false(eval(s.data, "c"));
	buf_reset(&s);
	for (i = 0; i <= EXPR_MAX_DEPTH; i++)
		buf_adds(&s, "not ");
	buf_adds(&s, "a");
	assert_int_equal(expr_parse(&e, s.data, &err), -1);
	assert_non_null(strstr(err.data, "nested too deep"));
	buf_release(&s);
	buf_release(&err);
}

static void expr_parse__deep_right_operands__evaluate_right(void **state)
{
	struct buf s = BUF_INIT;
	int i;

	(void)state;
	/* Every level leaves two operands pending: the deepest stack. */
	for (i = 0; i < EXPR_MAX_DEPTH; i++)
		buf_adds(&s, "x or y and (");
	buf_adds(&s, "z");
	for (i = 0; i < EXPR_MAX_DEPTH; i++)
		buf_adds(&s, ")");
	assert_true(eval(s.data, "y z"));
	assert_true(eval(s.data, "x"));
	assert_false(eval(s.data, "y"));
	buf_release(&s);
}

static int counted(void *arg, const char *word)
{
	(void)word;
	++*(int *)arg;
	return 0;
}

static void expr_eval__asks_for_every_word_in_order(void **state)
{
	struct expr e;
	struct buf err = BUF_INIT;
	int n = 0;

	(void)state;
	assert_int_equal(expr_parse(&e, "a and b or not c", &err), 0);
	assert_true(expr_eval(&e, counted, &n));
	assert_int_equal(n, 3);
	assert_string_equal(e.text, "a and b or not c");
	expr_release(&e);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expr_eval__one_word__is_its_match),
		cmocka_unit_test(expr_eval__and_or_not__are_boolean),
		cmocka_unit_test(expr_eval__and_binds_tighter_than_or),
		cmocka_unit_test(expr_eval__not_binds_tighter_than_and),
		cmocka_unit_test(expr_eval__parentheses__group),
		cmocka_unit_test(expr_eval__empty_or_blank__selects_everything),
		cmocka_unit_test(expr_parse__operators__are_lower_case_only),
		cmocka_unit_test(expr_parse__word_chars__are_pytests_and_globs),
		cmocka_unit_test(
			expr_parse__missing_operand__says_what_was_expected),
		cmocka_unit_test(
			expr_parse__unbalanced_parentheses__are_errors),
		cmocka_unit_test(expr_parse__other_characters__are_unexpected),
		cmocka_unit_test(
			expr_parse__deep_nesting__is_an_error_not_a_crash),
		cmocka_unit_test(
			expr_parse__deep_right_operands__evaluate_right),
		cmocka_unit_test(expr_eval__asks_for_every_word_in_order),
	};

	return cmocka_run_group_tests_name("expr", tests, NULL, NULL);
}

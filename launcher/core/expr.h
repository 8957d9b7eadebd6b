/*
 * expr: the expressions of -k and -m, in pytest's grammar.  Pure.
 *
 *   expression: expr? EOF
 *   expr:       and_expr ('or' and_expr)*
 *   and_expr:   not_expr ('and' not_expr)*
 *   not_expr:   'not' not_expr | '(' expr ')' | word
 *   word:       one or more of the ASCII letters and digits, _ : + - . [ ]
 *               \ / and any byte above 127 (UTF-8 letters), and * ?
 *
 * Spaces and tabs separate tokens; "and", "or" and "not" are operators
 * (lower case only: "AND" is a word).  What a word means is the caller's
 * matcher: a substring of a test's id for -k, a mark for -m.  * and ? are
 * ours (pytest has no globs): they make a word a glob for -k.
 *
 * A word or an operator nests at most EXPR_MAX_DEPTH parentheses and
 * "not"s deep, so that evaluating needs no memory of its own.
 */
#ifndef XDIST_EXPR_H
#define XDIST_EXPR_H

#include <stddef.h>

#include "buf.h"

#define EXPR_MAX_DEPTH 60

enum expr_op { EXPR_WORD, EXPR_NOT, EXPR_AND, EXPR_OR };

/* One step of the expression in postfix order. */
struct expr_node {
	enum expr_op op;
	size_t word; /* EXPR_WORD: offset of its NUL-terminated text in words */
};

/*
 * A parsed expression: its nodes in postfix order ("a and not b" is
 * a b NOT AND), n == 0 for an empty one.  Owned; expr_release frees it.
 */
struct expr {
	char *text;  /* the expression as given (owned) */
	char *words; /* the words, each NUL-terminated (owned) */
	struct expr_node *v;
	size_t n;
};

/*
 * Parse s into e.  Returns 0, or -1 with pytest's reason in err ("at column
 * 6: expected not OR left parenthesis OR identifier; got end of input",
 * "at column 3: unexpected character \"=\""); columns count bytes from 1.
 * e is empty (and need not be released) after an error.
 */
int expr_parse(struct expr *e, const char *s, struct buf *err);
void expr_release(struct expr *e);

/* Does word (NUL-terminated) match?  1 or 0. */
typedef int expr_match_fn(void *arg, const char *word);

/*
 * Evaluate e, asking match(arg, word) for each word (every word, in order:
 * no short cut).  An empty expression is true: it selects everything.
 */
int expr_eval(const struct expr *e, expr_match_fn *match, void *arg);

/* The text of word node i (op EXPR_WORD). */
const char *expr_word(const struct expr *e, size_t i);

#endif

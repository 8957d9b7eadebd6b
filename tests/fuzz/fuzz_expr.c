/*
 * libFuzzer target: expr_parse and expr_eval, the -k and -m grammar.
 *
 * The input is an expression (any bytes; cut at the first NUL, as a
 * command-line argument would be).  Checked beyond the sanitizers: a
 * success leaves err empty and nodes that evaluate (expr_eval BUGs on a
 * malformed postfix), with each word non-empty; a failure leaves one line
 * starting "at column N: " with N within the input plus one, and no nodes.
 * Built by tests/fuzz/fuzz.mk (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Words of an odd length match: something to evaluate against. */
static int odd(void *arg, const char *word)
{
	++*(size_t *)arg;
	if (!*word)
		abort();
	return strlen(word) % 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size);
	struct buf err = BUF_INIT;
	struct expr e;
	size_t words = 0, asked = 0, i;
	unsigned long col;

	if (!s)
		abort();
	if (expr_parse(&e, s, &err) == 0) {
		if (err.len || strcmp(e.text, s))
			abort();
		for (i = 0; i < e.n; i++)
			words += e.v[i].op == EXPR_WORD;
		expr_eval(&e, odd, &asked);
		if (asked != words)
			abort();
		expr_release(&e);
	} else {
		if (!err.len || strchr(err.data, '\n') || e.n || e.v ||
		    sscanf(err.data, "at column %lu: ", &col) != 1 || col < 1 ||
		    col > strlen(s) + 1)
			abort();
	}
	buf_release(&err);
	free(s);
	return 0;
}

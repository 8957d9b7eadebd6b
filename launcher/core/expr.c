#include "expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok { T_LPAREN, T_RPAREN, T_OR, T_AND, T_NOT, T_WORD, T_EOF };

/* pytest's names for what the parser expected and got. */
static const char *const tok_names[] = {
	"left parenthesis", "right parenthesis", "or", "and", "not",
	"identifier",	    "end of input",
};

struct parser {
	const char *s;
	size_t pos;	     /* where the current token starts */
	size_t len;	     /* its length */
	enum tok tok;	     /* the current token */
	int depth;	     /* parentheses and nots around it */
	struct buf words;    /* the words, NUL-terminated */
	struct expr_node *v; /* postfix */
	size_t n, cap;
	struct buf *err; /* the first error, or empty */
};

static int word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80 ||
	       (c && strchr("_:+-.[]\\/*?", c));
}

/* pytest's ParseError: "at column N: what". */
static int fail(struct parser *p, size_t pos, const char *what)
{
	if (!p->err->len)
		buf_addf(p->err, "at column %zu: %s", pos + 1, what);
	return -1;
}

/* Move to the next token; -1 on a character no token starts with. */
static int next(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos + p->len;
	char bad[32];

	while (s[i] == ' ' || s[i] == '\t')
		i++;
	p->pos = i;
	p->len = 1;
	if (!s[i]) {
		p->tok = T_EOF;
		p->len = 0;
		return 0;
	}
	if (s[i] == '(' || s[i] == ')') {
		p->tok = s[i] == '(' ? T_LPAREN : T_RPAREN;
		return 0;
	}
	if (!word_char((unsigned char)s[i])) {
		/* A control character would break the message's line. */
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			snprintf(bad, sizeof(bad),
				 "unexpected character \"\\x%02x\"",
				 (unsigned char)s[i]);
		else
			snprintf(bad, sizeof(bad),
				 "unexpected character \"%c\"", s[i]);
		p->len = 0;
		return fail(p, i, bad);
	}
	while (word_char((unsigned char)s[i + p->len]))
		p->len++;
	p->tok = T_WORD;
	if (p->len == 2 && !strncmp(s + i, "or", 2))
		p->tok = T_OR;
	else if (p->len == 3 && !strncmp(s + i, "and", 3))
		p->tok = T_AND;
	else if (p->len == 3 && !strncmp(s + i, "not", 3))
		p->tok = T_NOT;
	return 0;
}

/* Take the current token if it is t: 1 (and move on), 0, or -1. */
static int take(struct parser *p, enum tok t)
{
	if (p->tok != t)
		return 0;
	return next(p) < 0 ? -1 : 1;
}

static int reject(struct parser *p, const char *expected)
{
	char *what =
		xasprintf("expected %s; got %s", expected, tok_names[p->tok]);
	int r = fail(p, p->pos, what);

	free(what);
	return r;
}

static void emit(struct parser *p, enum expr_op op, size_t word)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n].op = op;
	p->v[p->n].word = word;
	p->n++;
}

static int expr(struct parser *p);

static int not_expr(struct parser *p)
{
	int r;

	if (p->tok == T_NOT || p->tok == T_LPAREN) {
		if (p->depth >= EXPR_MAX_DEPTH)
			return fail(p, p->pos, "nested too deep");
		p->depth++;
	}
	if ((r = take(p, T_NOT))) {
		if (r < 0 || not_expr(p) < 0)
			return -1;
		emit(p, EXPR_NOT, 0);
		p->depth--;
		return 0;
	}
	if ((r = take(p, T_LPAREN))) {
		if (r < 0 || expr(p) < 0)
			return -1;
		if (p->tok != T_RPAREN)
			return reject(p, tok_names[T_RPAREN]);
		p->depth--;
		return next(p);
	}
	if (p->tok == T_WORD) {
		emit(p, EXPR_WORD, p->words.len);
		buf_add(&p->words, p->s + p->pos, p->len);
		buf_addch(&p->words, '\0');
		return next(p);
	}
	return reject(p, "not OR left parenthesis OR identifier");
}

static int and_expr(struct parser *p)
{
	int r;

	if (not_expr(p) < 0)
		return -1;
	while ((r = take(p, T_AND))) {
		if (r < 0 || not_expr(p) < 0)
			return -1;
		emit(p, EXPR_AND, 0);
	}
	return 0;
}

static int expr(struct parser *p)
{
	int r;

	if (and_expr(p) < 0)
		return -1;
	while ((r = take(p, T_OR))) {
		if (r < 0 || and_expr(p) < 0)
			return -1;
		emit(p, EXPR_OR, 0);
	}
	return 0;
}

int expr_parse(struct expr *e, const char *s, struct buf *err)
{
	struct parser p;
	struct buf why = BUF_INIT;
	int r;

	memset(e, 0, sizeof(*e));
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.err = &why;
	buf_init(&p.words);
	r = next(&p);
	if (r == 0 && p.tok != T_EOF) {
		r = expr(&p);
		if (r == 0 && p.tok != T_EOF)
			r = reject(&p, tok_names[T_EOF]);
	}
	if (r < 0) {
		buf_add(err, why.data, why.len);
		buf_release(&why);
		buf_release(&p.words);
		free(p.v);
		return -1;
	}
	buf_release(&why);
	e->text = xstrdup(s);
	e->words = p.words.data ? buf_release_take(&p.words) : xstrdup("");
	e->v = p.v;
	e->n = p.n;
	return 0;
}

void expr_release(struct expr *e)
{
	free(e->text);
	free(e->words);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

const char *expr_word(const struct expr *e, size_t i)
{
	if (i >= e->n || e->v[i].op != EXPR_WORD)
		BUG("expr_word: not a word");
	return e->words + e->v[i].word;
}

int expr_eval(const struct expr *e, expr_match_fn *match, void *arg)
{
	/* Parsing bounds the nesting, and so the operands pending here:
	   two a level (the left sides of an "or" and of an "and"). */
	unsigned char st[2 * EXPR_MAX_DEPTH + 4];
	size_t i, top = 0;

	if (!e->n)
		return 1;
	for (i = 0; i < e->n; i++) {
		switch (e->v[i].op) {
		case EXPR_WORD:
			if (top == sizeof(st))
				BUG("expr_eval: too deep");
			st[top++] = match(arg, e->words + e->v[i].word) ? 1 : 0;
			break;
		case EXPR_NOT:
			st[top - 1] = !st[top - 1];
			break;
		case EXPR_AND:
			top--;
			st[top - 1] = st[top - 1] && st[top];
			break;
		case EXPR_OR:
			top--;
			st[top - 1] = st[top - 1] || st[top];
			break;
		}
	}
	if (top != 1)
		BUG("expr_eval: malformed expression");
	return st[0];
}

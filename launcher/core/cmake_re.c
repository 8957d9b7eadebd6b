/*
 * cmake_re: CMake's regular expressions in POSIX terms.  See cmake_re.h.
 *
 * The parser follows cmsys's compiler (Henry Spencer's): reg (branches
 * joined by |), branch (pieces), piece (an atom and one of * + ?), atom.
 * It keeps the same flags, so it rejects what cmsys rejects, and counts
 * the size of the program cmsys would build, which cmsys caps.
 */
#include "cmake_re.h"

#include <string.h>

/* cmsys's limits: nine groups, a program under 32767 bytes. */
#define CMAKE_RE_GROUPS 9
#define CMAKE_RE_MAX_SIZE 32767L

/* What an atom or a piece is known to be, as cmsys's flags say. */
#define HASWIDTH 1 /* never matches the empty string */
#define SIMPLE 2   /* one character */

/* The characters cmsys's expressions give a meaning to. */
#define META "^$.[()|?+*\\"

struct parse {
	const char *p;	 /* the next character of the expression */
	int groups;	 /* ( so far */
	long size;	 /* of cmsys's program: 3 a node, 1 a byte */
	struct buf *out; /* the POSIX expression */
	const char *why; /* the reason it is rejected, or NULL */
};

static int is_mult(char c)
{
	return c == '*' || c == '+' || c == '?';
}

/* One byte matched literally, in POSIX extended terms. */
static void add_literal(struct buf *out, unsigned char c)
{
	if (strchr(".[]()*+?{}|^$\\", c) && c)
		buf_addch(out, '\\');
	buf_addch(out, (char)c);
}

static int reg(struct parse *ps, int paren, int *flags);

/* [ ... ] (the [ taken): a set of bytes, written out one by one so that
   no POSIX bracket syntax ([:alpha:], [.x.], locale ranges) comes in. */
static int bracket(struct parse *ps)
{
	unsigned char set[256];
	int negate = 0, c, n = 0;
	const char *order = "[^-";

	memset(set, 0, sizeof(set));
	ps->size += 3;
	if (*ps->p == '^') {
		negate = 1;
		ps->p++;
	}
	if (*ps->p == ']' || *ps->p == '-') {
		set[(unsigned char)*ps->p++] = 1;
		ps->size++;
	}
	while (*ps->p && *ps->p != ']') {
		if (*ps->p != '-') {
			set[(unsigned char)*ps->p++] = 1;
			ps->size++;
			continue;
		}
		ps->p++;
		if (*ps->p == ']' || !*ps->p) {
			set['-'] = 1;
			ps->size++;
			continue;
		}
		/* A range starts after the character before the '-' (as
		   cmsys has it: in [a-c-e] the second range is d-e). */
		c = ((const unsigned char *)ps->p)[-2] + 1;
		if (c > (unsigned char)*ps->p + 1) {
			ps->why = "invalid range in []";
			return -1;
		}
		for (; c <= (unsigned char)*ps->p; c++, ps->size++)
			set[c] = 1;
		ps->p++;
	}
	ps->size++;
	if (*ps->p != ']') {
		ps->why = "unmatched []";
		return -1;
	}
	ps->p++;
	for (c = 1; c < 256; c++)
		n += set[c];
	if (!negate && n == 1 && (set['^'] || set['['] || set['-'])) {
		add_literal(ps->out, set['^'] ? '^' : set['['] ? '[' : '-');
		return 0;
	}
	/* ] first, [ ^ - last (so [ is never followed by : . or =, ^ never
	   first, - never between two others). */
	buf_adds(ps->out, negate ? "[^" : "[");
	if (set[']'])
		buf_addch(ps->out, ']');
	for (c = 1; c < 256; c++)
		if (set[c] && !strchr("][^-", c))
			buf_addch(ps->out, (char)c);
	if (!negate && !set[']'] && n == 2 && set['^'] && set['-'])
		order = "-^";
	for (; *order; order++)
		if (set[(unsigned char)*order])
			buf_addch(ps->out, *order);
	buf_addch(ps->out, ']');
	return 0;
}

static int atom(struct parse *ps, int *flags)
{
	size_t len;

	*flags = 0;
	switch (*ps->p++) {
	case '^':
	case '$':
		ps->size += 3;
		buf_addch(ps->out, ps->p[-1]);
		return 0;
	case '.':
		ps->size += 3;
		buf_addch(ps->out, '.');
		*flags = HASWIDTH | SIMPLE;
		return 0;
	case '[':
		*flags = HASWIDTH | SIMPLE;
		return bracket(ps);
	case '(':
		if (reg(ps, 1, flags) < 0)
			return -1;
		*flags &= HASWIDTH;
		return 0;
	case '?':
	case '+':
	case '*':
		ps->why = "?+* follows nothing";
		return -1;
	case '\\':
		if (!*ps->p) {
			ps->why = "trailing backslash";
			return -1;
		}
		ps->size += 5;
		add_literal(ps->out, (unsigned char)*ps->p++);
		*flags = HASWIDTH | SIMPLE;
		return 0;
	default:
		break;
	}
	/* A run of plain characters; the last one alone when a * + or ?
	   follows (branch and reg stop at the end, | and )). */
	ps->p--;
	len = strcspn(ps->p, META);
	if (len > 1 && is_mult(ps->p[len]))
		len--;
	*flags = HASWIDTH | (len == 1 ? SIMPLE : 0);
	ps->size += 3 + (long)len + 1;
	while (len--)
		add_literal(ps->out, (unsigned char)*ps->p++);
	return 0;
}

static int piece(struct parse *ps, int *flags)
{
	size_t at = ps->out->len;
	int aflags;
	char op;

	if (atom(ps, &aflags) < 0)
		return -1;
	op = *ps->p;
	if (!is_mult(op)) {
		*flags = aflags;
		return 0;
	}
	if (!(aflags & HASWIDTH) && op != '?') {
		ps->why = "*+ operand could be empty";
		return -1;
	}
	*flags = op == '+' ? HASWIDTH : 0;
	if (op == '?')
		ps->size += 9;
	else
		ps->size += aflags & SIMPLE ? 3 : 12;
	/* The atom as a group, whatever it is: POSIX leaves a repeated
	   anchor undefined, and a group repeats anything. */
	if (!(aflags & SIMPLE) || ps->out->len - at > 1) {
		buf_addch(ps->out, ')');
		buf_grow(ps->out, 1);
		memmove(ps->out->data + at + 1, ps->out->data + at,
			ps->out->len - at);
		ps->out->data[at] = '(';
		ps->out->len++;
		ps->out->data[ps->out->len] = '\0';
	}
	buf_addch(ps->out, op);
	ps->p++;
	if (is_mult(*ps->p)) {
		ps->why = "nested *?+";
		return -1;
	}
	return 0;
}

static int branch(struct parse *ps, int *flags)
{
	int pflags, pieces = 0;

	*flags = 0;
	ps->size += 3;
	while (*ps->p && *ps->p != '|' && *ps->p != ')') {
		if (piece(ps, &pflags) < 0)
			return -1;
		*flags |= pflags & HASWIDTH;
		pieces++;
	}
	if (!pieces) {
		/* Matches the empty string; () says so in any POSIX. */
		ps->size += 3;
		buf_adds(ps->out, "()");
	}
	return 0;
}

static int reg(struct parse *ps, int paren, int *flags)
{
	int bflags;

	*flags = HASWIDTH;
	if (paren) {
		if (ps->groups >= CMAKE_RE_GROUPS) {
			ps->why = "too many parentheses";
			return -1;
		}
		ps->groups++;
		ps->size += 3;
		buf_addch(ps->out, '(');
	}
	for (;;) {
		if (branch(ps, &bflags) < 0)
			return -1;
		if (!(bflags & HASWIDTH))
			*flags &= ~HASWIDTH;
		if (*ps->p != '|')
			break;
		ps->p++;
		buf_addch(ps->out, '|');
	}
	ps->size += 3;
	if (paren) {
		if (*ps->p++ != ')') {
			ps->why = "unmatched parentheses";
			return -1;
		}
		buf_addch(ps->out, ')');
	} else if (*ps->p) {
		ps->why = "unmatched parentheses";
		return -1;
	}
	return 0;
}

int cmake_re_to_ere(const char *re, struct buf *ere, struct buf *err)
{
	struct buf out = BUF_INIT;
	struct parse ps = {re, 0, 1, &out, NULL};
	int flags;

	if (!reg(&ps, 0, &flags) && ps.size >= CMAKE_RE_MAX_SIZE)
		ps.why = "expression too big";
	if (!ps.why)
		buf_add(ere, out.data ? out.data : "", out.len);
	else if (err)
		buf_adds(err, ps.why);
	buf_release(&out);
	return ps.why ? -1 : 0;
}

void cmake_re_output(const char *out, size_t len, struct buf *text)
{
	size_t start = 0, i, end;

	for (i = 0; i <= len; i++) {
		if (i < len && out[i] != '\n' && out[i] != '\0')
			continue;
		if (i == len && start == len)
			break;
		/* (the last line, when no newline ends it, keeps its
		   carriage returns: ctest takes it whole) */
		for (end = i; i < len && end > start && out[end - 1] == '\r';
		     end--)
			;
		buf_add(text, out + start, end - start);
		buf_addch(text, '\n');
		start = i + 1;
	}
}

#include "testlist.h"

#include <stdlib.h>
#include <string.h>

void testlist_init(struct testlist *l)
{
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}

void testlist_release(struct testlist *l)
{
	size_t i;
	char **a;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		for (a = l->v[i].argv; *a; a++)
			free(*a);
		free(l->v[i].argv);
	}
	free(l->v);
	testlist_init(l);
}

static struct test *push(struct testlist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

void testlist_add_arg(struct testlist *l, const char *arg)
{
	struct test *t = push(l);

	t->id = xstrdup(arg);
	t->argv = xcalloc(2, sizeof(char *));
	t->argv[0] = xstrdup(arg);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * What make(1) treats as needing a shell, plus newline-free quoting: a line
 * with none of these is split on blanks and exec'd directly.
 */
int testlist_needs_shell(const char *line)
{
	static const char meta[] = "#;\"'*?[]&|<>(){}$`^~!\\\n";
	const char *p;

	if (strpbrk(line, meta))
		return 1;
	/* NAME=VALUE cmd: an environment assignment, which only sh does. */
	for (p = line; *p && !is_blank(*p); p++)
		if (*p == '=')
			return 1;
	return 0;
}

void testlist_add_line(struct testlist *l, const char *s, size_t n)
{
	struct test *t = push(l);
	size_t argc = 0, i = 0;

	t->id = xstrndup(s, n);
	if (testlist_needs_shell(t->id)) {
		t->shell = 1;
		t->argv = xcalloc(2, sizeof(char *));
		t->argv[0] = xstrdup(t->id);
		return;
	}
	t->argv = xcalloc(n / 2 + 2, sizeof(char *));
	while (i < n) {
		size_t start;

		while (i < n && is_blank(s[i]))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && !is_blank(s[i]))
			i++;
		t->argv[argc++] = xstrndup(s + start, i - start);
	}
	t->argv[argc] = NULL;
}

int testlist_parse(struct testlist *l, const char *name, const char *data,
		   size_t len, struct buf *err)
{
	size_t pos = 0, lineno = 0;

	while (pos < len) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		pos += n + (nl ? 1 : 0);
		lineno++;
		if (n > TESTLIST_MAX_LINE) {
			buf_addf(err, "%s:%zu: line longer than %u bytes", name,
				 lineno, TESTLIST_MAX_LINE);
			return -1;
		}
		if (memchr(line, '\0', n)) {
			buf_addf(err, "%s:%zu: line contains a NUL byte", name,
				 lineno);
			return -1;
		}
		if (n && line[n - 1] == '\r')
			n--;
		while (n && is_blank(*line)) {
			line++;
			n--;
		}
		while (n && is_blank(line[n - 1]))
			n--;
		if (!n || *line == '#')
			continue;
		testlist_add_line(l, line, n);
	}
	return 0;
}

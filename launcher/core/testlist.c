#include "testlist.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "ctest.h"
#include "gtest.h"
#include "isolation.h"
#include "options.h"

void testlist_init(struct testlist *l)
{
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
	l->strict_marks = NULL;
}

void test_release(struct test *t)
{
	free(t->id);
	free(t->cmd);
	if (t->attrs)
		test_attrs_release(t->attrs);
	free(t->attrs);
}

void testlist_release(struct testlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		test_release(&l->v[i]);
	free(l->v);
	testlist_init(l);
}

void testlist_trim(struct testlist *l)
{
	if (l->n && l->n < l->cap) {
		l->v = xrealloc(l->v, l->n * sizeof(*l->v));
		l->cap = l->n;
	}
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

struct test *testlist_push(struct testlist *l)
{
	return push(l);
}

struct test_attrs *test_attrs_copy(const struct test_attrs *a)
{
	struct test_attrs *c = xmalloc(sizeof(*c));

	*c = *a;
	c->group = a->group ? xstrdup(a->group) : NULL;
	c->scope = a->scope ? xstrdup(a->scope) : NULL;
	c->lock = a->lock ? xstrdup(a->lock) : NULL;
	c->marks = a->marks ? xstrdup(a->marks) : NULL;
	c->xfail = a->xfail ? xstrdup(a->xfail) : NULL;
	c->ctest = ctest_props_copy(a->ctest);
	return c;
}

void testlist_add_arg(struct testlist *l, const char *arg)
{
	push(l)->id = xstrdup(arg);
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

/* A word that a list line can hold as it is, split on blanks. */
static int plain_word(const char *w, int first)
{
	static const char ok[] = "_./:,+@%-";

	if (!*w)
		return 0;
	for (; *w; w++)
		if (!isalnum((unsigned char)*w) && !strchr(ok, *w) &&
		    (first || *w != '='))
			return 0;
	return 1;
}

void testlist_format_line(struct buf *out, int argc, const char *const *argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *p;

		if (i)
			buf_addch(out, ' ');
		if (plain_word(argv[i], i == 0)) {
			buf_adds(out, argv[i]);
			continue;
		}
		buf_addch(out, '\'');
		for (p = argv[i]; *p; p++)
			if (*p == '\'')
				buf_adds(out, "'\\''");
			else
				buf_addch(out, *p);
		buf_addch(out, '\'');
	}
}

void testlist_add_line(struct testlist *l, const char *s, size_t n)
{
	struct test *t = push(l);

	t->id = xstrndup(s, n);
	t->shell = (unsigned char)testlist_needs_shell(t->id);
	t->split = !t->shell;
}

const char *test_cmd(const struct test *t)
{
	return t->cmd ? t->cmd : t->id;
}

const struct test_attrs *test_attrs_of(const struct test *t)
{
	static const struct test_attrs none = {.timeout_ms = -1};

	return t->attrs ? t->attrs : &none;
}

char **test_argv(const struct test *t)
{
	const char *s = test_cmd(t);
	size_t n = strlen(s), words = 0, i;
	char **argv, *p;
	int in = 0;

	if (t->split)
		for (i = 0; i < n; i++) {
			if (!is_blank(s[i]) && !in)
				words++;
			in = !is_blank(s[i]);
		}
	else
		words = 1;
	argv = xmalloc((words + 1) * sizeof(char *) + n + 1);
	p = memcpy((char *)(argv + words + 1), s, n + 1);
	if (!t->split) {
		argv[0] = p;
		argv[1] = NULL;
		return argv;
	}
	words = 0;
	in = 0;
	for (i = 0; i < n; i++) {
		if (is_blank(p[i]))
			p[i] = '\0';
		else if (!in)
			argv[words++] = p + i;
		in = p[i] != '\0';
	}
	argv[words] = NULL;
	return argv;
}

int testlist_is_interpreter(const char *path, size_t n)
{
	static const char *const names[] = {"sh",   "bash", "dash",  "ksh",
					    "mksh", "zsh",  "perl",  "ruby",
					    "node", "lua",  "tclsh", NULL};
	const char *slash = memrchr(path, '/', n);
	const char *base = slash ? slash + 1 : path;
	size_t len = (size_t)(path + n - base), i;

	/* python, python3, python3.11 */
	if (len >= 6 && !strncmp(base, "python", 6)) {
		for (i = 6; i < len &&
			    (isdigit((unsigned char)base[i]) || base[i] == '.');
		     i++)
			;
		return i == len;
	}
	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == len && !strncmp(base, names[i], len))
			return 1;
	return 0;
}

/* The first word of s at or after *pos: its start in *pos, its length. */
static size_t word_at(const char *s, size_t *pos)
{
	*pos += strspn(s + *pos, " \t");
	return strcspn(s + *pos, " \t");
}

void test_locate_file(struct test *t, testlist_is_file_fn *is_file, void *ctx)
{
	const char *s = test_cmd(t);
	size_t pos = 0, n;

	t->file_at = 0;
	/* A GoogleTest case's file is its binary, whatever its arguments. */
	if ((!t->split && !t->shell) || t->gtest)
		return;
	pos += word_at(s, &pos);
	for (; (n = word_at(s, &pos)) != 0; pos += n) {
		char *w;
		int found;

		if (s[pos] == '-' || pos > UINT_MAX)
			continue;
		w = xstrndup(s + pos, n);
		found = is_file(ctx, w);
		free(w);
		if (found) {
			t->file_at = (unsigned int)pos;
			return;
		}
	}
}

char *test_file(const struct test *t)
{
	const char *s = test_cmd(t);
	size_t pos = t->file_at, n;

	if (!t->split && !t->shell)
		return xstrdup(s);
	n = word_at(s, &pos);
	return xstrndup(s + pos, n);
}

int test_file_in_path(const struct test *t)
{
	const char *s = test_cmd(t);
	size_t pos = 0, n;

	if (t->file_at)
		return 0;
	if (!t->split && !t->shell)
		return !strchr(s, '/');
	n = word_at(s, &pos);
	return !memchr(s + pos, '/', n);
}

int test_bare_interpreter(const struct test *t)
{
	const char *s = test_cmd(t);
	size_t pos = 0, n;

	if (t->shell)
		return 0;
	if (!t->split)
		return testlist_is_interpreter(s, strlen(s));
	n = word_at(s, &pos);
	if (!testlist_is_interpreter(s + pos, n))
		return 0;
	for (pos += n; (n = word_at(s, &pos)) != 0; pos += n)
		if (s[pos] != '-')
			return 0;
	return 1;
}

int testlist_check_arg(const char *arg, testlist_is_file_fn *is_file, void *ctx,
		       struct buf *err)
{
	struct test t;

	memset(&t, 0, sizeof(t));
	t.id = (char *)arg;
	if (test_bare_interpreter(&t)) {
		buf_addf(err,
			 "argument '%s' is an interpreter with no script: it "
			 "would read an empty stdin and pass",
			 arg);
		return -1;
	}
	if (strpbrk(arg, " \t") && !is_file(ctx, arg)) {
		buf_addf(err,
			 "argument '%s' is not a file: each argument is one "
			 "program, run without arguments; give command lines "
			 "in a list file (-f FILE, or -f - <<EOF for a "
			 "here-document)",
			 arg);
		return -1;
	}
	return 0;
}

static const char *id_of(const void *arg, size_t i)
{
	return ((const struct testlist *)arg)->v[i].id;
}

size_t testlist_drop_duplicates(struct testlist *l)
{
	struct cache_index seen;
	unsigned char *dup;
	size_t i, j = 0, n = 0;

	if (l->n < 2)
		return 0;
	dup = xcalloc(l->n, 1);
	cache_index_build(&seen, l->n, id_of, l);
	for (i = 0; i < l->n; i++)
		if (cache_index_find(&seen, l->v[i].id) != i)
			dup[i] = 1, n++;
	cache_index_release(&seen);
	for (i = 0; i < l->n; i++) {
		if (dup[i])
			test_release(&l->v[i]);
		else
			l->v[j++] = l->v[i];
	}
	l->n = j;
	free(dup);
	return n;
}

void test_attrs_release(struct test_attrs *a)
{
	free(a->group);
	free(a->scope);
	free(a->lock);
	free(a->marks);
	free(a->xfail);
	ctest_props_free(a->ctest);
	memset(a, 0, sizeof(*a));
	a->timeout_ms = -1;
}

/* marks=A,B (or mark=): they add up; "xfail" among them sets xfail. */
static int set_marks(struct test_attrs *a, const char *word, size_t kl,
		     const char *v, struct buf *err)
{
	struct buf why = BUF_INIT;

	if (!v) {
		buf_addf(err, "attribute %.*s needs a value (%.*s=NAME,...)",
			 (int)kl, word, (int)kl, word);
		return -1;
	}
	if (marks_add(&a->marks, v, &why) < 0) {
		buf_addf(err, "attribute %.*s: %s", (int)kl, word, why.data);
		buf_release(&why);
		return -1;
	}
	if (!a->xfail && marks_has(a->marks, MARKS_XFAIL, strlen(MARKS_XFAIL)))
		a->xfail = xstrdup("");
	return 0;
}

static int set_attr(const char *word, struct test_attrs *a, char **name,
		    struct buf *err)
{
	const char *eq = strchr(word, '=');
	size_t kl = eq ? (size_t)(eq - word) : strlen(word);
	const char *v = eq ? eq + 1 : NULL;
	char **slot = NULL;

	if (kl == 9 && !strncmp(word, "exclusive", 9)) {
		if (!v) {
			a->exclusive = 1;
			return 0;
		}
		if (options_parse_bool(v, &a->exclusive) == 0)
			return 0;
		buf_addf(err,
			 "attribute exclusive: '%s' is not one of 1, 0, "
			 "yes, no, true, false",
			 v);
		return -1;
	}
	if (kl == 3 && !strncmp(word, "tap", 3)) {
		int on = 1;

		if (v && options_parse_bool(v, &on) < 0) {
			buf_addf(err,
				 "attribute tap: '%s' is not one of 1, 0, "
				 "yes, no, true, false",
				 v);
			return -1;
		}
		a->tap = on ? 1 : -1;
		return 0;
	}
	if ((kl == 7 && !strncmp(word, "isolate", 7)) ||
	    (kl == 7 && !strncmp(word, "sandbox", 7))) {
		struct buf why = BUF_INIT;
		int r = word[0] == 'i'
				? isolate_parse(v ? v : "", &a->isolate, &why)
				: sandbox_parse(v ? v : "", &a->sandbox, &why);

		if (r < 0)
			buf_addf(err, "attribute %.*s: %s", (int)kl, word,
				 why.data);
		buf_release(&why);
		return r;
	}
	if (kl == 5 && !strncmp(word, "split", 5)) {
		enum split_mode m;

		if (gtest_split_parse(v ? v : "", &m) < 0) {
			buf_addf(err,
				 "attribute split: '%s' is not one of no, "
				 "gtest",
				 v ? v : "");
			return -1;
		}
		a->split = 1 + (int)m;
		return 0;
	}
	if ((kl == 5 && !strncmp(word, "marks", 5)) ||
	    (kl == 4 && !strncmp(word, "mark", 4)))
		return set_marks(a, word, kl, v, err);
	if (kl == 5 && !strncmp(word, "xfail", 5) && !v) {
		free(a->xfail);
		a->xfail = xstrdup("");
		return 0;
	}
	if (kl == 4 && !strncmp(word, "name", 4))
		slot = name;
	else if (kl == 5 && !strncmp(word, "xfail", 5))
		slot = &a->xfail;
	else if (kl == 5 && !strncmp(word, "group", 5))
		slot = &a->group;
	else if (kl == 5 && !strncmp(word, "scope", 5))
		slot = &a->scope;
	else if (kl == 4 && !strncmp(word, "lock", 4))
		slot = &a->lock;
	else if (!(kl == 7 && !strncmp(word, "timeout", 7))) {
		buf_addf(err,
			 "unknown attribute '%.*s' (known: name, group, "
			 "scope, timeout, lock, exclusive, marks, xfail, "
			 "isolate, sandbox, tap, split)",
			 (int)kl, word);
		return -1;
	}
	if (!v || !*v) {
		buf_addf(err, "attribute %.*s needs a value (%.*s=VALUE)",
			 (int)kl, word, (int)kl, word);
		return -1;
	}
	if (!slot) {
		if (options_parse_seconds(v, &a->timeout_ms) < 0 ||
		    a->timeout_ms == 0) {
			buf_addf(err,
				 "attribute timeout: '%s' is not a number of "
				 "seconds above 0",
				 v);
			return -1;
		}
		return 0;
	}
	free(*slot);
	*slot = xstrdup(v);
	return 0;
}

int testlist_split_attrs(const char *line, size_t n, size_t *cmd_len,
			 struct test_attrs *attrs, char **name, struct buf *err)
{
	size_t i, c = n;

	*name = NULL;
	for (i = 1; i + 1 < n; i++)
		if (line[i] == '#' && line[i + 1] == '@' &&
		    is_blank(line[i - 1])) {
			c = i;
			break;
		}
	*cmd_len = c;
	while (*cmd_len && is_blank(line[*cmd_len - 1]))
		(*cmd_len)--;
	for (i = c + 2; i < n;) {
		struct buf word = BUF_INIT;
		int quoted = 0, r;

		while (i < n && is_blank(line[i]))
			i++;
		if (i == n)
			break;
		/* A word ends at a blank outside double quotes, which are
		   dropped: xfail="known bug". */
		for (; i < n && (quoted || !is_blank(line[i])); i++)
			if (line[i] == '"')
				quoted = !quoted;
			else
				buf_addch(&word, line[i]);
		if (quoted) {
			buf_addf(err, "unterminated quote in '%s'", word.data);
			r = -1;
		} else {
			r = set_attr(word.data ? word.data : "", attrs, name,
				     err);
		}
		buf_release(&word);
		if (r < 0) {
			free(*name);
			*name = NULL;
			return -1;
		}
	}
	return 0;
}

int testlist_parse(struct testlist *l, const char *name, const char *data,
		   size_t len, struct buf *err)
{
	size_t lineno = 0;

	return testlist_parse_more(l, name, data, len, &lineno, err);
}

int testlist_parse_more(struct testlist *l, const char *name, const char *data,
			size_t len, size_t *linep, struct buf *err)
{
	size_t pos = 0, lineno = *linep, cmd_len;
	struct test_attrs attrs;
	struct buf why = BUF_INIT;
	struct test *t;
	char *tname;

	while (pos < len) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		pos += n + (nl ? 1 : 0);
		*linep = ++lineno;
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
		memset(&attrs, 0, sizeof(attrs));
		attrs.timeout_ms = -1;
		if (testlist_split_attrs(line, n, &cmd_len, &attrs, &tname,
					 &why) < 0) {
			buf_addf(err, "%s:%zu: %s", name, lineno, why.data);
			buf_release(&why);
			test_attrs_release(&attrs);
			return -1;
		}
		if (!cmd_len ||
		    (l->strict_marks &&
		     marks_check(l->strict_marks, attrs.marks, &why) < 0)) {
			if (!cmd_len)
				buf_addf(err,
					 "%s:%zu: attributes without a command",
					 name, lineno);
			else
				buf_addf(err, "%s:%zu: %s", name, lineno,
					 why.data);
			buf_release(&why);
			test_attrs_release(&attrs);
			free(tname);
			return -1;
		}
		testlist_add_line(l, line, cmd_len);
		t = &l->v[l->n - 1];
		if (test_bare_interpreter(t)) {
			buf_addf(
				err,
				"%s:%zu: '%s' is an interpreter with no "
				"script: it would read an empty stdin and pass",
				name, lineno, t->id);
			test_release(t);
			l->n--;
			test_attrs_release(&attrs);
			free(tname);
			return -1;
		}
		if (attrs.group || attrs.scope || attrs.lock ||
		    attrs.timeout_ms >= 0 || attrs.exclusive || attrs.marks ||
		    attrs.xfail || attrs.isolate || attrs.sandbox ||
		    attrs.tap || attrs.split) {
			t->attrs = xmalloc(sizeof(*t->attrs));
			*t->attrs = attrs;
		}
		if (tname) {
			t->cmd = t->id;
			t->id = tname;
		}
	}
	return 0;
}

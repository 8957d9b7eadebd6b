#include "gtest_cases.h"

#include <stdlib.h>
#include <string.h>

int gtest_cases_wanted(const struct test *t, enum split_mode mode)
{
	int a = test_attrs_of(t)->split;

	return (a ? (enum split_mode)(a - 1) : mode) == SPLIT_GTEST;
}

static size_t count_args(char *const *argv)
{
	size_t n = 0;

	while (argv[n])
		n++;
	return n;
}

/* argv[0] is env(1): "env" or a path ending in "/env". */
static int is_env(const char *w)
{
	size_t n = strlen(w);

	return !strcmp(w, "env") || (n > 4 && !strcmp(w + n - 4, "/env"));
}

long gtest_cases_program_at(char *const *argv, const char **why)
{
	long i = 1;

	if (!argv[0] || !is_env(argv[0]))
		return 0;
	for (; argv[i]; i++) {
		const char *w = argv[i];

		if (!strcmp(w, "--")) {
			i++;
			break;
		}
		if (!strcmp(w, "-u") || !strcmp(w, "--unset")) {
			if (!argv[++i])
				break;
		} else if (w[0] == '-' && strcmp(w, "-i") && strcmp(w, "-") &&
			   strcmp(w, "--ignore-environment") &&
			   strncmp(w, "--unset=", 8) &&
			   !(w[1] == 'u' && w[2])) {
			*why = "runs env with an option other than -i and -u";
			return -1;
		} else if (w[0] != '-' && !strchr(w, '=')) {
			break;
		}
	}
	if (!argv[i]) {
		*why = "runs env with no program";
		return -1;
	}
	return i;
}

/* Where the program of argv is, 0 for a line not to split. */
static size_t program_at(char *const *argv)
{
	const char *why;
	long at = gtest_cases_program_at(argv, &why);

	return at < 0 ? 0 : (size_t)at;
}

char **gtest_cases_list_argv(char *const *argv)
{
	size_t n = count_args(argv), at = program_at(argv), i, k = 0;
	char **v = xmalloc((n + 2) * sizeof(char *));

	for (i = 0; i < n; i++) {
		v[k++] = argv[i];
		if (i == at)
			v[k++] = (char *)"--gtest_list_tests";
	}
	v[k] = NULL;
	return v;
}

/* The line's own arguments ask for disabled tests: gtest's flag, alone
   or =1 (gtest also reads -- and / prefixes; these are the usual). */
static int asks_disabled(char *const *argv)
{
	size_t i;

	for (i = 1; argv[i]; i++)
		if (!strcmp(argv[i], "--gtest_also_run_disabled_tests") ||
		    !strcmp(argv[i], "--gtest_also_run_disabled_tests=1"))
			return 1;
	return 0;
}

/* Set t's command to argv[0..n) and extra (NULL: none), as a list line. */
static void set_command(struct test *t, char *const *argv, size_t n,
			const char *extra, const char *extra2)
{
	const char **v = xmalloc((n + 2) * sizeof(char *));
	struct buf line = BUF_INIT;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		v[k++] = argv[i];
	if (extra)
		v[k++] = extra;
	if (extra2)
		v[k++] = extra2;
	testlist_format_line(&line, (int)k, v);
	free(v);
	t->cmd = buf_release_take(&line);
	t->shell = (unsigned char)testlist_needs_shell(t->cmd);
	t->split = !t->shell;
}

struct prog_at {
	const char *program;
	size_t i;
};

static int by_program(const void *a, const void *b)
{
	const struct prog_at *x = a, *y = b;
	int d = strcmp(x->program, y->program);

	return d ? d : (x->i > y->i) - (x->i < y->i);
}

void gtest_cases_shared(const char *const *programs, size_t n,
			unsigned char *shared)
{
	struct prog_at *v = xmalloc((n ? n : 1) * sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		shared[i] = 0;
		if (programs[i]) {
			v[k].program = programs[i];
			v[k++].i = i;
		}
	}
	qsort(v, k, sizeof(*v), by_program);
	for (i = 1; i < k; i++)
		if (!strcmp(v[i - 1].program, v[i].program))
			shared[v[i - 1].i] = shared[v[i].i] = 1;
	free(v);
}

size_t gtest_cases_args_at(const char *id)
{
	size_t len = strlen(id);
	const char *open;

	if (!len || id[len - 1] != ']' || !(open = strrchr(id, '[')))
		return len;
	return (size_t)(open - id);
}

size_t gtest_cases_add(struct testlist *out, const struct test *bin,
		       char *const *argv, const struct gtest_list *list,
		       int also_disabled, int with_args, size_t *disabled)
{
	size_t n = count_args(argv), at = program_at(argv), i, added = 0;
	const char *program = bin->cmd ? bin->id : argv[at];
	struct buf filter = BUF_INIT, args = BUF_INIT;

	/* ARGS: the line's words but its PROGRAM. */
	if (with_args && n > 1) {
		buf_addch(&args, '[');
		for (i = 0; i < n; i++)
			if (i != at)
				buf_addf(&args, "%s%s", args.len > 1 ? " " : "",
					 argv[i]);
		buf_addch(&args, ']');
	}

	also_disabled = also_disabled || asks_disabled(argv);
	for (i = 0; i < list->n; i++) {
		const struct gtest_case *gc = &list->v[i];
		struct test *t;

		if (gc->disabled && !also_disabled) {
			(*disabled)++;
			continue;
		}
		t = testlist_push(out);
		t->id = xasprintf("%s::%s.%s%s", program, gc->suite, gc->name,
				  args.len ? args.data : "");
		buf_reset(&filter);
		buf_addf(&filter, "--gtest_filter=%s.%s", gc->suite, gc->name);
		set_command(t, argv, n, filter.data,
			    gc->disabled && !asks_disabled(argv)
				    ? "--gtest_also_run_disabled_tests"
				    : NULL);
		t->attrs = test_attrs_copy(test_attrs_of(bin));
		free(t->attrs->scope);
		t->attrs->scope = xstrdup(gc->suite);
		t->gtest = TEST_GTEST_CASE;
		added++;
	}
	buf_release(&filter);
	buf_release(&args);
	return added;
}

void gtest_cases_listing_failed(struct testlist *out, const struct test *bin,
				char *const *argv)
{
	char **v = gtest_cases_list_argv(argv);
	struct test *t = testlist_push(out);

	t->id = xstrdup(bin->id);
	set_command(t, v, count_args(v), NULL, NULL);
	if (bin->attrs)
		t->attrs = test_attrs_copy(bin->attrs);
	t->gtest = TEST_GTEST_LISTING;
	free(v);
}

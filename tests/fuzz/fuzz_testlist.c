/*
 * libFuzzer target: testlist_parse, the list-file parser (-f FILE).
 *
 * Any bytes are a possible list file.  Besides the sanitizers' checks, the
 * parser's contract is checked: on success every test has an id and a
 * NULL-terminated argv with at least one word (the whole line under
 * /bin/sh -c when it needs a shell), no id holds a newline or a NUL, and
 * attributes are in range, no test is a bare interpreter, and after
 * dropping duplicates no two ids are equal; on failure err says
 * "NAME:LINE: reason".
 * Built by tests/fuzz/fuzz.mk (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "testlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_test(const struct test *t)
{
	const struct test_attrs *a = test_attrs_of(t);
	char **argv = test_argv(t);
	const char *p;
	size_t n;

	if (!t->id || !argv[0] || !*argv[0])
		abort();
	if (strchr(t->id, '\n') || strchr(test_cmd(t), '\n'))
		abort();
	if (t->shell == t->split)
		abort();
	if (t->shell) {
		if (argv[1] || strcmp(argv[0], test_cmd(t)))
			abort();
	} else {
		for (n = 0; argv[n]; n++)
			if (!*argv[n] || strpbrk(argv[n], " \t"))
				abort();
		/* Had the command needed a shell, it would run under one. */
		if (testlist_needs_shell(test_cmd(t)))
			abort();
	}
	free(argv);
	/* A test has attributes only when its line set one. */
	if (t->attrs && !a->group && !a->scope && !a->lock &&
	    a->timeout_ms < 0 && !a->exclusive && !a->marks && !a->xfail &&
	    !a->isolate && !a->sandbox && !a->tap && !a->split)
		abort();
	/* Marks are valid names, each once, and "xfail" among them sets
	   the attribute. */
	for (p = a->marks; p && *p; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		if (!marks_valid_name(p, n) || marks_has(p + n, p, n))
			abort();
	}
	if (marks_has(a->marks, "xfail", 5) && !a->xfail)
		abort();
	if (a->timeout_ms != -1 &&
	    (a->timeout_ms <= 0 || a->timeout_ms > 86400000LL))
		abort();
	if (a->exclusive != 0 && a->exclusive != 1)
		abort();
	if (test_bare_interpreter(t))
		abort();
}

/* After testlist_drop_duplicates: ids are distinct (checked pairwise on
   small lists only, to stay fast). */
static void check_no_duplicates(const struct testlist *l)
{
	size_t i, j;

	if (l->n > 64)
		return;
	for (i = 0; i < l->n; i++)
		for (j = i + 1; j < l->n; j++)
			if (!strcmp(l->v[i].id, l->v[j].id))
				abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct testlist l;
	struct buf err = BUF_INIT;
	size_t i;
	int r;

	testlist_init(&l);
	r = testlist_parse(&l, "fuzz.list", (const char *)data, size, &err);
	if (r == 0) {
		if (err.len)
			abort();
		for (i = 0; i < l.n; i++)
			check_test(&l.v[i]);
		testlist_drop_duplicates(&l);
		check_no_duplicates(&l);
	} else if (r != -1 || !err.data ||
		   strncmp(err.data, "fuzz.list:", 10)) {
		abort();
	}
	testlist_release(&l);
	buf_release(&err);
	return 0;
}

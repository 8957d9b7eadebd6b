#include "gtest_batch.h"

#include <string.h>

#include "textsafe.h"

/* gtest's markers, each followed by a blank and the case's name. */
#define MARK_RUN "[ RUN      ]"
#define MARK_OK "[       OK ]"
#define MARK_FAILED "[  FAILED  ]"
#define MARK_SKIPPED "[  SKIPPED ]"
#define MARK_LEN 12

size_t gtest_batch_args(struct buf *out, const char *const *names, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	buf_adds(out, "--gtest_filter=");
	for (i = 0; i < n; i++) {
		if (i)
			buf_addch(out, ':');
		buf_adds(out, names[i]);
	}
	buf_addch(out, '\0');
	buf_add(out, "--gtest_brief=0", sizeof("--gtest_brief=0"));
	buf_add(out, "--gtest_print_time=1", sizeof("--gtest_print_time=1"));
	return 3;
}

/* 1 when arg is gtest's flag name, alone or with "=VALUE". */
static int is_flag(const char *arg, const char *name)
{
	size_t len = strlen(name);

	return !strncmp(arg, name, len) && (!arg[len] || arg[len] == '=');
}

int gtest_batch_argv_ok(char *const *argv)
{
	static const char *const refused[] = {
		"--gtest_repeat",
		"--gtest_fail_fast",
		"--gtest_break_on_failure",
		"--gtest_throw_on_failure",
	};
	size_t i, k;

	for (i = 1; argv[i]; i++)
		for (k = 0; k < sizeof(refused) / sizeof(*refused); k++)
			if (is_flag(argv[i], refused[k]))
				return 0;
	return 1;
}

int gtest_batch_env_ok(char *(*lookup)(const char *name))
{
	static const char *const flags[] = {
		"GTEST_FAIL_FAST",
		"GTEST_BREAK_ON_FAILURE",
		"GTEST_THROW_ON_FAILURE",
	};
	const char *v = lookup("GTEST_REPEAT");
	size_t k;

	if (v && strcmp(v, "1"))
		return 0;
	for (k = 0; k < sizeof(flags) / sizeof(*flags); k++) {
		v = lookup(flags[k]);
		if (v && strcmp(v, "0"))
			return 0;
	}
	return 1;
}

int gtest_batch_plain(const struct test *t, long long cached_ns)
{
	const struct test_attrs *a = test_attrs_of(t);

	return t->gtest == TEST_GTEST_CASE && !a->lock && !a->exclusive &&
	       !a->xfail && a->timeout_ms < 0 && a->tap <= 0 &&
	       cached_ns < GTEST_BATCH_LONG_NS;
}

size_t gtest_batch_auto(size_t pending, int nworkers)
{
	size_t per = (size_t)(nworkers > 0 ? nworkers : 1) *
		     GTEST_BATCH_PER_WORKER,
	       size = pending / per;

	if (size < 1)
		return 1;
	return size > GTEST_BATCH_MAX ? GTEST_BATCH_MAX : size;
}

/*
 * The name after mark on the line p (len bytes) when the line starts
 * with mark and a blank: its start in *name and its length (up to the
 * end of the line, a blank or a comma).  0 when the line is no such.
 */
static size_t marked_name(const char *p, size_t len, const char *mark,
			  const char **name)
{
	size_t k;

	if (len <= MARK_LEN + 1 || memcmp(p, mark, MARK_LEN) ||
	    p[MARK_LEN] != ' ')
		return 0;
	*name = p + MARK_LEN + 1;
	for (k = 0; k < len - MARK_LEN - 1; k++)
		if ((*name)[k] == ' ' || (*name)[k] == ',')
			break;
	return k;
}

/* The index in names of the name at p (len bytes), or ncases. */
static size_t find_case(const char *const *names, size_t ncases, const char *p,
			size_t len)
{
	size_t i;

	for (i = 0; i < ncases; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], p, len))
			return i;
	return ncases;
}

/* "(N ms)" at the end of the line p (len bytes): N, or -1. */
static long long time_of(const char *p, size_t len)
{
	long long ms = 0;
	size_t i;

	if (len < 5 || memcmp(p + len - 4, " ms)", 4))
		return -1;
	i = len - 4;
	while (i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9')
		i--;
	if (i == len - 4 || i == 0 || p[i - 1] != '(')
		return -1;
	for (; i < len - 4 && ms < 1000000000000LL; i++)
		ms = ms * 10 + (p[i] - '0');
	return ms;
}

/* The status the end line p (len bytes) gives the case named name, or
   GTEST_BATCH_NOT_RUN when it ends no such case.  gtest's mark may come
   after the case's own output on that line. */
static enum gtest_batch_status end_of(const char *p, size_t len,
				      const char *name)
{
	static const struct {
		const char *mark;
		enum gtest_batch_status status;
	} ends[] = {
		{MARK_OK, GTEST_BATCH_PASSED},
		{MARK_FAILED, GTEST_BATCH_FAILED},
		{MARK_SKIPPED, GTEST_BATCH_SKIPPED},
	};
	const char *at, *hit;
	size_t k, nlen, off;

	/* Anywhere in the line: a case whose last output lacks a newline
	   ("progress: 100%") has gtest's end line glued to it. */
	for (k = 0; k < sizeof(ends) / sizeof(*ends); k++)
		for (off = 0; off < len; off = (size_t)(hit - p) + 1) {
			hit = memmem(p + off, len - off, ends[k].mark,
				     MARK_LEN);
			if (!hit)
				break;
			nlen = marked_name(hit, len - (size_t)(hit - p),
					   ends[k].mark, &at);
			if (nlen && nlen == strlen(name) &&
			    !memcmp(at, name, nlen))
				return ends[k].status;
		}
	return GTEST_BATCH_NOT_RUN;
}

size_t gtest_batch_read(const char *out, size_t n, const char *const *names,
			size_t ncases, struct gtest_batch_case *cases)
{
	size_t at = 0, next, len, i, cur = ncases, done = 0;
	const char *name;

	for (i = 0; i < ncases; i++) {
		memset(&cases[i], 0, sizeof(cases[i]));
		cases[i].ms = -1;
	}
	for (; at < n; at += next) {
		const char *p = out + at;
		enum gtest_batch_status st;
		size_t nlen;

		len = textsafe_line(p, n - at, &next);
		nlen = marked_name(p, len, MARK_RUN, &name);
		if (nlen) {
			if (cur < ncases)
				cases[cur].len = at - cases[cur].off;
			i = find_case(names, ncases, name, nlen);
			cur = ncases;
			if (i < ncases &&
			    cases[i].status == GTEST_BATCH_NOT_RUN) {
				cur = i;
				cases[i].status = GTEST_BATCH_UNFINISHED;
				cases[i].off = at;
				done++;
			}
			continue;
		}
		if (cur == ncases)
			continue;
		st = end_of(p, len, names[cur]);
		if (st == GTEST_BATCH_NOT_RUN)
			continue;
		cases[cur].status = st;
		cases[cur].ms = time_of(p, len);
		cases[cur].len = at + next - cases[cur].off;
		cur = ncases;
	}
	if (cur < ncases)
		cases[cur].len = n - cases[cur].off;
	return done;
}

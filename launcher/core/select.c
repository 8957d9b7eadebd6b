#include "select.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "marks.h"
#include "textsafe.h"

/* Is word (NUL-terminated) in s[0..n), ignoring ASCII case? */
static int memmem_icase(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word), i;

	for (i = 0; i + w <= n; i++)
		if (!strncasecmp(s + i, word, w))
			return 1;
	return 0;
}

/* -k's word against one of the test's names. */
static int keyword_in(const char *word, const char *s, size_t n)
{
	char one[256], *copy = one;
	int r;

	if (!strpbrk(word, "*?"))
		return memmem_icase(s, n, word);
	/* fnmatch wants a string: a mark is a piece of the marks list. */
	if (n >= sizeof(one))
		copy = xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	r = fnmatch(word, copy, FNM_CASEFOLD) == 0;
	if (copy != one)
		free(copy);
	return r;
}

static int keyword_word(void *arg, const char *word)
{
	const struct select_names *n = arg;
	const char *p = n->marks;

	if (keyword_in(word, n->id, strlen(n->id)) ||
	    (n->cmd && keyword_in(word, n->cmd, strlen(n->cmd))) ||
	    (n->xfail && keyword_in(word, MARKS_XFAIL, strlen(MARKS_XFAIL))))
		return 1;
	while (p && *p) {
		size_t len = strcspn(p, ",");

		if (keyword_in(word, p, len))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

int select_keyword(const struct expr *e, const struct select_names *n)
{
	return expr_eval(e, keyword_word, (void *)n);
}

static int mark_word(void *arg, const char *word)
{
	const struct select_names *n = arg;
	size_t len = strlen(word);

	return marks_has(n->marks, word, len) ||
	       (n->xfail && !strcmp(word, MARKS_XFAIL));
}

int select_mark(const struct expr *e, const struct select_names *n)
{
	return expr_eval(e, mark_word, (void *)n);
}

size_t select_stepwise_from(select_id_fn *id_of, const void *arg, size_t n,
			    const char *last, int *found)
{
	size_t i;

	*found = 0;
	for (i = 0; last && i < n; i++)
		if (!strcmp(id_of(arg, i), last)) {
			*found = 1;
			return i;
		}
	return 0;
}

uint64_t select_hash(const char *s)
{
	return textsafe_hash(s, strlen(s));
}

int select_partition(int k, int n, int hash, size_t index, const char *id)
{
	uint64_t v = hash ? select_hash(id) : (uint64_t)index;

	return n <= 1 || v % (uint64_t)n == (uint64_t)(k - 1);
}

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void select_shuffle(size_t *v, size_t n, unsigned long long seed)
{
	uint64_t st = seed;
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = (size_t)(splitmix64(&st) % i);
		size_t t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

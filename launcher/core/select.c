#include "select.h"

#include <fnmatch.h>
#include <string.h>

static int has_glob(const char *p)
{
	return strpbrk(p, "*?[") != NULL;
}

int select_keyword(const char *pattern, const char *id)
{
	int negate = 0;

	if (!strncmp(pattern, "not ", 4)) {
		negate = 1;
		pattern += 4;
		while (*pattern == ' ')
			pattern++;
	}
	if (has_glob(pattern))
		return (fnmatch(pattern, id, 0) == 0) != negate;
	return (strstr(id, pattern) != NULL) != negate;
}

int select_keywords(const char *const *patterns, size_t n, const char *id)
{
	size_t i;
	int positives = 0, matched = 0;

	for (i = 0; i < n; i++) {
		int neg = !strncmp(patterns[i], "not ", 4);

		if (neg) {
			if (!select_keyword(patterns[i], id))
				return 0;
			continue;
		}
		positives++;
		if (select_keyword(patterns[i], id))
			matched = 1;
	}
	return !positives || matched;
}

uint64_t select_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
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

#include "cachefile.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int cache_duration_line(const char *line, size_t n, long long *ns,
			size_t *id_off)
{
	const char *tab = memchr(line, '\t', n);
	long long v = 0;
	const char *p;

	if (!tab || tab == line || tab + 1 == line + n || memchr(line, '\0', n))
		return 0;
	for (p = line; p < tab; p++) {
		if (*p < '0' || *p > '9' || v > INT64_MAX / 10 - 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	*ns = v;
	*id_off = (size_t)(tab + 1 - line);
	return 1;
}

int cachefile_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int r = memcmp(a, b, an < bn ? an : bn);

	if (r)
		return r;
	return an < bn ? -1 : an > bn;
}

void cachefile_head(char *out, size_t end)
{
	snprintf(out, CACHEFILE_HEAD_LEN + 1, "%s%012zu\n", CACHEFILE_HEAD,
		 end);
}

int cachefile_sorted(const char *p, size_t n, size_t *lo, size_t *hi)
{
	size_t words = sizeof(CACHEFILE_HEAD) - 1, end = 0, i;

	*lo = *hi = 0;
	if (n < CACHEFILE_HEAD_LEN || memcmp(p, CACHEFILE_HEAD, words) ||
	    p[CACHEFILE_HEAD_LEN - 1] != '\n')
		return 0;
	for (i = words; i < CACHEFILE_HEAD_LEN - 1; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		end = end * 10 + (size_t)(p[i] - '0');
	}
	/* The sorted part ends at the end of a line, inside the file. */
	if (end < CACHEFILE_HEAD_LEN || end > n || p[end - 1] != '\n')
		return 0;
	*lo = CACHEFILE_HEAD_LEN;
	*hi = end;
	return 1;
}

int cachefile_next(const char *p, size_t end, size_t *at, const char **line,
		   size_t *len)
{
	const char *s, *nl;

	if (*at >= end)
		return 0;
	s = p + *at;
	nl = memchr(s, '\n', end - *at);
	if (!nl) {
		/* Cut short: not a line. */
		*at = end;
		return 0;
	}
	*line = s;
	*len = (size_t)(nl - s);
	*at += *len + 1;
	return 1;
}

int cachefile_next_entry(const char *p, size_t end, size_t *at, const char **id,
			 size_t *idlen, long long *ns)
{
	const char *line;
	size_t len, off;

	while (cachefile_next(p, end, at, &line, &len))
		if (len <= CACHE_MAX_LINE &&
		    cache_duration_line(line, len, ns, &off)) {
			*id = line + off;
			*idlen = len - off;
			return 1;
		}
	return 0;
}

int cachefile_find(const char *p, size_t lo, size_t hi, const char *id,
		   size_t idlen, long long *ns)
{
	while (lo < hi) {
		size_t s = lo + (hi - lo) / 2, first, e = hi, off = 0;
		const char *nl;
		long long v = 0;
		int r;

		/* The line holding the middle byte, or the first entry after
		   it: malformed lines are no entries (never written so, but a
		   file may be edited). */
		while (s > lo && p[s - 1] != '\n')
			s--;
		for (first = s; s < hi; s = e + 1) {
			nl = memchr(p + s, '\n', hi - s);
			e = nl ? (size_t)(nl - p) : hi;
			if (e - s <= CACHE_MAX_LINE &&
			    cache_duration_line(p + s, e - s, &v, &off))
				break;
		}
		if (s >= hi) {
			hi = first;
			continue;
		}
		r = cachefile_cmp(p + s + off, e - s - off, id, idlen);
		if (!r) {
			*ns = v;
			return 1;
		}
		if (r < 0)
			lo = e + 1;
		else
			hi = first;
	}
	return 0;
}

int cachefile_is_sorted(const char *p, size_t lo, size_t hi)
{
	const char *id, *prev = NULL;
	size_t len, prevlen = 0, at = lo;
	long long ns;

	while (cachefile_next_entry(p, hi, &at, &id, &len, &ns)) {
		if (prev && cachefile_cmp(prev, prevlen, id, len) >= 0)
			return 0;
		prev = id;
		prevlen = len;
	}
	return 1;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct cachefile_entry *x = a, *y = b;
	int r = cachefile_cmp(x->id, x->len, y->id, y->len);

	if (r)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sift_down(struct cachefile_entry *v, size_t i, size_t n)
{
	for (;;) {
		size_t c = 2 * i + 1;
		struct cachefile_entry t;

		if (c >= n)
			return;
		if (c + 1 < n && entry_cmp(&v[c], &v[c + 1]) < 0)
			c++;
		if (entry_cmp(&v[i], &v[c]) >= 0)
			return;
		t = v[i];
		v[i] = v[c];
		v[c] = t;
		i = c;
	}
}

size_t cachefile_sort(struct cachefile_entry *v, size_t n)
{
	size_t i, m = 0;

	if (!n)
		return 0;
	/* Heapsort: in place, so sorting a run's entries takes no memory
	   beside them (qsort may take as much again). */
	for (i = n / 2; i-- > 0;)
		sift_down(v, i, n);
	for (i = n; i-- > 1;) {
		struct cachefile_entry t = v[0];

		v[0] = v[i];
		v[i] = t;
		sift_down(v, 0, i);
	}
	for (i = 0; i < n; i++) {
		/* The last of a run of one id has the highest seq. */
		if (i + 1 < n && !cachefile_cmp(v[i].id, v[i].len, v[i + 1].id,
						v[i + 1].len))
			continue;
		v[m++] = v[i];
	}
	return m;
}

static int put_entry(const struct cachefile_entry *e, cachefile_out_fn out,
		     void *arg, size_t done)
{
	char num[32];
	int k = snprintf(num, sizeof(num), "%lld\t", e->ns);

	return out(arg, num, (size_t)k, done) < 0 ||
			       out(arg, e->id, e->len, done) < 0 ||
			       out(arg, "\n", 1, done) < 0
		       ? -1
		       : 0;
}

int cachefile_merge(const char *p, size_t lo, size_t hi,
		    const struct cachefile_entry *v, size_t n,
		    cachefile_out_fn out, void *arg)
{
	size_t at = lo, j = 0, len = 0, prevlen = 0;
	const char *id = NULL, *prev = NULL;
	long long ns;
	int have = cachefile_next_entry(p, hi, &at, &id, &len, &ns);

	while (have || j < n) {
		int r = !have	 ? 1
			: j == n ? -1
				 : cachefile_cmp(id, len, v[j].id, v[j].len);

		if (r < 0) {
			/* The line as it is: from its start (before the
			   duration) to its newline, which at is past. */
			const char *line = id;

			while (line > p + lo && line[-1] != '\n')
				line--;
			if (out(arg, line, (size_t)(p + at - line), at) < 0)
				return -1;
		} else if (put_entry(&v[j++], out, arg, at) < 0) {
			return -1;
		}
		if (r <= 0) {
			prev = id;
			prevlen = len;
			have = cachefile_next_entry(p, hi, &at, &id, &len, &ns);
			if (have && cachefile_cmp(prev, prevlen, id, len) >= 0)
				return 1;
		}
	}
	return 0;
}

/*
 * libFuzzer target: cachefile, the cache's durations file as a run maps it.
 *
 * The input is any bytes, read as the file: the comment line, the entries
 * (each one then looked up by binary search in the sorted part, which must
 * find it when the part is in order), the sortedness check, and a rewrite
 * (the appended entries sorted, merged with the sorted part), which must
 * tell a part out of order and otherwise read back sorted, with every id
 * it was given.  Built by
 * tests/fuzz/fuzz.mk (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cachefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int to_buf(void *arg, const char *s, size_t n, size_t done)
{
	(void)done;
	buf_add(arg, s, n);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: reading one byte past the file is caught. */
	char *p = malloc(size ? size : 1);
	struct cachefile_entry *v = NULL;
	struct buf out = BUF_INIT;
	size_t lo, hi, at, len, nv = 0, cap = 0, i;
	const char *id;
	long long ns, got;
	int sorted;

	if (!p)
		return 0;
	memcpy(p, data, size);
	cachefile_sorted(p, size, &lo, &hi);
	sorted = cachefile_is_sorted(p, lo, hi);
	at = lo;
	while (cachefile_next_entry(p, hi, &at, &id, &len, &ns))
		if (sorted &&
		    (!cachefile_find(p, lo, hi, id, len, &got) || got != ns))
			abort();
	/* The appended part, as a rewrite takes it. */
	at = hi;
	while (cachefile_next_entry(p, size, &at, &id, &len, &ns)) {
		if (nv == cap) {
			cap = cap ? cap * 2 : 16;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				abort();
		}
		v[nv] = (struct cachefile_entry){id, ns, (unsigned)len,
						 (unsigned)nv};
		nv++;
	}
	nv = cachefile_sort(v, nv);
	/* The merge tells a sorted part out of order, and only that. */
	if (cachefile_merge(p, lo, hi, v, nv, to_buf, &out) != !sorted)
		abort();
	if (sorted) {
		if (!cachefile_is_sorted(out.data, 0, out.len))
			abort();
		for (i = 0; i < nv; i++)
			if (!cachefile_find(out.data, 0, out.len, v[i].id,
					    v[i].len, &got) ||
			    got != v[i].ns)
				abort();
	}
	buf_release(&out);
	free(v);
	free(p);
	return 0;
}

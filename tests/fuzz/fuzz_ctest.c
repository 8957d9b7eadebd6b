/*
 * libFuzzer target: ctest_json_read, ctest's json-v1 document into tests
 * (--from-ctest), and ctest_arrange over what it read.
 *
 * The input is a document (any bytes), and a CTest configuration file
 * (ctest_config_timeout_ms).  Checked beyond the sanitizers: a
 * failure leaves a reason in err, a success adds as many tests as it says,
 * each with an id, a command and CTest properties, its marks (labels)
 * mark names a list file reads back; arranging them keeps
 * every selected test once.  cJSON is loaded as the launcher loads it
 * (dlopen), so only our side is instrumented.  Built by tests/fuzz/fuzz.mk.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctest.h"
#include "ctest_json.h"
#include "marks.h"
#include "testlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *name_of(void *ctx, size_t i)
{
	return ((struct testlist *)ctx)->v[i].id;
}

static struct ctest_props *props_of(void *ctx, size_t i)
{
	return ((struct testlist *)ctx)->v[i].attrs->ctest;
}

static const char *fake_getenv(const char *name)
{
	return name[0] == 'P' ? "/bin" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct testlist l;
	struct buf warn = BUF_INIT, err = BUF_INIT;
	size_t i, nsel, *sel;
	unsigned char *seen;
	long n;

	/* The same bytes as a CTest configuration file: a default timeout
	   is none or whole seconds within ctest's bound. */
	{
		long long ms =
			ctest_config_timeout_ms((const char *)data, size);

		if (ms < 0 || ms % 1000 || ms >= CTEST_MAX_SECONDS * 1000)
			abort();
	}
	testlist_init(&l);
	n = ctest_json_read(&l, (const char *)data, size, &warn, &err);
	if (n < 0 && !err.len)
		abort();
	if (n >= 0 && (err.len || (size_t)n != l.n))
		abort();
	for (i = 0; n >= 0 && i < l.n; i++)
		if (!l.v[i].id || !l.v[i].cmd || !l.v[i].attrs ||
		    !l.v[i].attrs->ctest)
			abort();
	/* LABELS: the marks read back as a list file's marks= does. */
	for (i = 0; n >= 0 && i < l.n; i++) {
		char *m = NULL;

		if (l.v[i].attrs->marks &&
		    marks_add(&m, l.v[i].attrs->marks, &err) < 0)
			abort();
		free(m);
	}
	/* TIMEOUT: a timeout above 0, or -1, or 0 only beside --timeout. */
	for (i = 0; n >= 0 && i < l.n; i++) {
		const struct ctest_props *p = l.v[i].attrs->ctest;

		if (ctest_timeout_ms(p, 0, 0) == 0 ||
		    ctest_timeout_ms(p, 0, 3000) == 0 ||
		    ctest_timeout_ms(p, 2000, 3000) < -1)
			abort();
	}
	/* ENVIRONMENT_MODIFICATION: every entry is applied or left out. */
	for (i = 0; n >= 0 && i < l.n; i++) {
		struct ctest_props *p = l.v[i].attrs->ctest;
		size_t m = p->envmod.n;

		if (ctest_env_modify(p, l.v[i].id, fake_getenv, &warn) > m)
			abort();
	}
	if (n > 0) {
		sel = calloc(l.n, sizeof(*sel));
		seen = calloc(l.n, 1);
		if (!sel || !seen)
			abort();
		for (nsel = 0; nsel < l.n; nsel += 2)
			sel[nsel / 2] = nsel;
		nsel = (l.n + 1) / 2;
		buf_reset(&err);
		if (ctest_arrange(sel, &nsel, l.n, name_of, props_of, &l,
				  &err) >= 0) {
			for (i = 0; i < nsel; i++) {
				if (sel[i] >= l.n || seen[sel[i]])
					abort();
				seen[sel[i]] = 1;
			}
		} else if (!err.len) {
			abort();
		}
		free(sel);
		free(seen);
	}
	testlist_release(&l);
	buf_release(&warn);
	buf_release(&err);
	return 0;
}

/*
 * cjson: libcjson, loaded on first use.  See cjson.h.
 */
#include "cjson.h"

#include <stdlib.h>

#include "dynlib.h"

struct cjson_api cj;

static void *hook_malloc(size_t n)
{
	return xmalloc(n);
}

int cjson_load(struct buf *err)
{
#define CJSON_SYM(f) {#f, &cj.f},
	static const struct dynlib_sym syms[] = {CJSON_FUNCS(CJSON_SYM)};
#undef CJSON_SYM
	static cJSON_Hooks hooks = {hook_malloc, free};
	static void *h;

	if (h)
		return 0;
	h = dynlib_load("libcjson.so.1", "libcjson1", syms,
			sizeof(syms) / sizeof(syms[0]), err);
	if (!h)
		return -1;
	cj.cJSON_InitHooks(&hooks);
	return 0;
}

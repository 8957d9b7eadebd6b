/*
 * cjson: the cJSON functions the reports call, loaded with dynlib when a
 * report that writes JSON is asked for (--report-log), never linked: a
 * worker and a run without JSON reports do not map libcjson.
 *
 * Call cjson_load once before any cj.* function (it is cheap to call
 * again); the pointers have the types of <cjson/cJSON.h>.
 */
#ifndef XDIST_CJSON_H
#define XDIST_CJSON_H

#include <cjson/cJSON.h>

#include "buf.h"

#define CJSON_FUNCS(X)             \
	X(cJSON_InitHooks)         \
	X(cJSON_CreateObject)      \
	X(cJSON_CreateArray)       \
	X(cJSON_AddItemToArray)    \
	X(cJSON_AddStringToObject) \
	X(cJSON_AddNullToObject)   \
	X(cJSON_AddNumberToObject) \
	X(cJSON_AddObjectToObject) \
	X(cJSON_PrintUnformatted)  \
	X(cJSON_ParseWithLength)   \
	X(cJSON_free)              \
	X(cJSON_Delete)

struct cjson_api {
#define CJSON_FIELD(f) __typeof__(f) *f;
	CJSON_FUNCS(CJSON_FIELD)
#undef CJSON_FIELD
};

extern struct cjson_api cj;

/*
 * Load libcjson.so.1 and fill cj (its allocations, like ours, never fail:
 * they go through xmalloc).  0, or -1 with one line in err (dynlib.h).
 */
int cjson_load(struct buf *err);

#endif

#include "gtest_ctest.h"

#include <stdlib.h>
#include <string.h>

const char *gtest_ctest_not_split(const struct ctest_props *p)
{
	if (!p)
		return NULL;
	if (p->disabled)
		return "is DISABLED";
	if (p->unavailable)
		return "has no command ctest could find";
	if (p->will_fail)
		return "has WILL_FAIL, which judges the whole binary";
	if (p->pass_re.n)
		return "has PASS_REGULAR_EXPRESSION, which judges the "
		       "whole binary's output";
	if (p->fail_re.n)
		return "has FAIL_REGULAR_EXPRESSION, which judges the "
		       "whole binary's output";
	if (p->skip_re.n)
		return "has SKIP_REGULAR_EXPRESSION, which judges the "
		       "whole binary's output";
	return NULL;
}

static const struct gtest_ctest_group *
group_of(const char *name, const struct gtest_ctest_group *g, size_t ng)
{
	size_t i;

	for (i = 0; i < ng; i++)
		if (!strcmp(g[i].name, name))
			return &g[i];
	return NULL;
}

/* p's DEPENDS, each split test's name replaced by its cases' ids. */
static void expand(struct ctest_props *p, const struct testlist *l,
		   const struct gtest_ctest_group *g, size_t ng)
{
	struct words out = {NULL, 0};
	size_t i, k;
	int changed = 0;

	for (i = 0; i < p->depends.n; i++) {
		const struct gtest_ctest_group *s =
			group_of(p->depends.v[i], g, ng);

		if (!s) {
			words_add(&out, p->depends.v[i]);
			continue;
		}
		changed = 1;
		for (k = 0; k < s->n; k++)
			words_add(&out, l->v[s->first + k].id);
	}
	if (!changed) {
		words_release(&out);
		return;
	}
	words_release(&p->depends);
	p->depends = out;
}

void gtest_ctest_depends(struct testlist *l, const struct gtest_ctest_group *g,
			 size_t ng)
{
	size_t i;

	for (i = 0; ng && i < l->n; i++) {
		struct ctest_props *p =
			l->v[i].attrs ? l->v[i].attrs->ctest : NULL;

		if (p && p->depends.n)
			expand(p, l, g, ng);
	}
}

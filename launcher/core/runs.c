#include "runs.h"

size_t runs_item(const struct runs *m, size_t r)
{
	return r % m->nitems;
}

size_t runs_selected(const struct runs *m, size_t r)
{
	return runs_item(m, r) / m->count;
}

const struct test *runs_test(const struct runs *m, size_t r)
{
	return &m->tests->v[m->sel[runs_selected(m, r)]];
}

const char *runs_label(const struct runs *m, size_t r)
{
	return m->labels ? m->labels[runs_item(m, r)] : runs_test(m, r)->id;
}

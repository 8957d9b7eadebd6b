#include "marks.h"

#include <stdlib.h>
#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

int marks_valid_name(const char *s, size_t n)
{
	size_t i;

	if (!n ||
	    (n == 3 && (!strncmp(s, "and", 3) || !strncmp(s, "not", 3))) ||
	    (n == 2 && !strncmp(s, "or", 2)))
		return 0;
	for (i = 0; i < n; i++)
		if (!is_name_char((unsigned char)s[i]))
			return 0;
	return 1;
}

int marks_spell(struct buf *out, const char *name)
{
	size_t start = out->len, n = strlen(name);
	const char *p;

	for (p = name; *p; p++)
		if (is_name_char((unsigned char)*p))
			buf_addch(out, *p);
		else if (p == name || is_name_char((unsigned char)p[-1]))
			buf_addch(out, '_'); /* one for the run */
	if (out->len == start ||
	    !marks_valid_name(out->data + start, out->len - start))
		buf_addch(out, '_');
	return out->len - start != n || memcmp(out->data + start, name, n);
}

static void bad_name(struct buf *err, const char *s, size_t n)
{
	if (!n)
		buf_adds(err, "no mark named");
	else
		buf_addf(err,
			 "'%.*s' is not a mark name (letters, digits, '_', "
			 "'-', '.'; not and, or, not)",
			 (int)n, s);
}

int marks_has(const char *list, const char *name, size_t n)
{
	const char *p = list;

	while (p && *p) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, name, n))
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int marks_add(char **list, const char *value, struct buf *err)
{
	struct buf out = BUF_INIT;
	const char *p = value;

	if (*list)
		buf_adds(&out, *list);
	for (;;) {
		size_t len = strcspn(p, ","), n = len;
		const char *s = p;

		while (n && is_blank(*s)) {
			s++;
			n--;
		}
		while (n && is_blank(s[n - 1]))
			n--;
		if (!marks_valid_name(s, n)) {
			bad_name(err, s, n);
			buf_release(&out);
			return -1;
		}
		if (!marks_has(out.data, s, n)) {
			if (out.len)
				buf_addch(&out, ',');
			buf_add(&out, s, n);
		}
		p += len;
		if (!*p)
			break;
		p++;
	}
	free(*list);
	*list = buf_release_take(&out);
	return 0;
}

void marks_decl_init(struct marks_decl *d)
{
	memset(d, 0, sizeof(*d));
}

void marks_decl_release(struct marks_decl *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->names[i]);
		free(d->lines[i]);
	}
	free(d->names);
	free(d->lines);
	marks_decl_init(d);
}

int marks_declare(struct marks_decl *d, const char *line, struct buf *err)
{
	size_t n = strlen(line), name;

	while (n && is_blank(*line)) {
		line++;
		n--;
	}
	while (n && (is_blank(line[n - 1]) || line[n - 1] == '\r'))
		n--;
	if (!n)
		return 0;
	name = strcspn(line, ":(");
	if (name > n)
		name = n;
	while (name && is_blank(line[name - 1]))
		name--;
	if (!marks_valid_name(line, name)) {
		bad_name(err, line, name);
		return -1;
	}
	d->names = xrealloc(d->names, (d->n + 1) * sizeof(*d->names));
	d->lines = xrealloc(d->lines, (d->n + 1) * sizeof(*d->lines));
	d->names[d->n] = xstrndup(line, name);
	d->lines[d->n] = xstrndup(line, n);
	d->n++;
	return 0;
}

int marks_declared(const struct marks_decl *d, const char *name, size_t n)
{
	size_t i;

	if (n == strlen(MARKS_XFAIL) && !strncmp(name, MARKS_XFAIL, n))
		return 1;
	for (i = 0; d && i < d->n; i++)
		if (strlen(d->names[i]) == n && !strncmp(d->names[i], name, n))
			return 1;
	return 0;
}

int marks_check(const struct marks_decl *d, const char *list, struct buf *err)
{
	const char *p = list;

	while (p && *p) {
		size_t len = strcspn(p, ",");

		if (!marks_declared(d, p, len)) {
			buf_addf(err,
				 "'%.*s' not found in `markers` configuration "
				 "option",
				 (int)len, p);
			return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int marks_check_expr(const struct marks_decl *d, const struct expr *e,
		     struct buf *err)
{
	const char **bad = xcalloc(e->n + 1, sizeof(*bad));
	size_t i, n = 0;

	for (i = 0; i < e->n; i++) {
		const char *w;

		if (e->v[i].op != EXPR_WORD)
			continue;
		w = expr_word(e, i);
		if (!marks_declared(d, w, strlen(w)))
			bad[n++] = w;
	}
	if (n) {
		qsort(bad, n, sizeof(*bad), cmp_str);
		buf_adds(err, "Unknown marker(s) in '-m' expression: ");
		for (i = 0; i < n; i++)
			if (!i || strcmp(bad[i], bad[i - 1]))
				buf_addf(err, "%s%s", i ? ", " : "", bad[i]);
		buf_adds(err, ". Use 'xdist-exec --markers' to see available "
			      "markers.");
	}
	free(bad);
	return n ? -1 : 0;
}

void marks_describe(const struct marks_decl *d, struct buf *out)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		buf_addf(out, "%s\n", d->lines[i]);
	buf_adds(out, MARKS_XFAIL
		 "(reason): the test is expected to fail: a failure is "
		 "reported as xfailed, a pass as XPASS (the xfail attribute; "
		 "see xfail_strict)\n");
}

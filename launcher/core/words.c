/*
 * words: lists of words, and a line split into words as a shell would.
 * See words.h.
 */
#include "words.h"

#include <stdlib.h>
#include <string.h>

void words_add(struct words *w, const char *s)
{
	w->v = xrealloc(w->v, (w->n + 2) * sizeof(*w->v));
	w->v[w->n++] = xstrdup(s);
	w->v[w->n] = NULL;
}

int words_has(const struct words *w, const char *s)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (!strcmp(w->v[i], s))
			return 1;
	return 0;
}

void words_release(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

int words_split(const char *s, struct words *out, struct buf *err)
{
	struct buf w = BUF_INIT;
	int in_word = 0, rc = -1;
	const char *p = s;

	while (*p) {
		if (is_blank(*p)) {
			if (in_word)
				words_add(out, w.data ? w.data : "");
			buf_reset(&w);
			in_word = 0;
			p++;
		} else if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');

			if (!end) {
				buf_adds(err, "unterminated single quote");
				goto out;
			}
			buf_add(&w, p + 1, (size_t)(end - p - 1));
			in_word = 1;
			p = end + 1;
		} else if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (!*p) {
					buf_adds(err,
						 "unterminated double quote");
					goto out;
				}
				if (*p == '\\' && p[1] == '\n')
					p++;
				else if (*p == '\\' && p[1] &&
					 strchr("\"\\$`", p[1]))
					buf_addch(&w, *++p);
				else
					buf_addch(&w, *p);
			}
			in_word = 1;
			p++;
		} else if (*p == '\\') {
			if (!p[1]) {
				buf_adds(err, "ends with a backslash");
				goto out;
			}
			/* Backslash-newline joins lines and makes no word. */
			if (p[1] != '\n') {
				buf_addch(&w, p[1]);
				in_word = 1;
			}
			p += 2;
		} else {
			buf_addch(&w, *p++);
			in_word = 1;
		}
	}
	if (in_word)
		words_add(out, w.data ? w.data : "");
	rc = 0;
out:
	buf_release(&w);
	return rc;
}

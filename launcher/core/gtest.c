#include "gtest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "textsafe.h"

int gtest_split_parse(const char *s, enum split_mode *mode)
{
	if (!strcmp(s, "no") || !strcmp(s, "none"))
		*mode = SPLIT_NONE;
	else if (!strcmp(s, "gtest"))
		*mode = SPLIT_GTEST;
	else
		return -1;
	return 0;
}

void gtest_list_init(struct gtest_list *l)
{
	memset(l, 0, sizeof(*l));
}

void gtest_list_release(struct gtest_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].suite);
		free(l->v[i].name);
	}
	free(l->v);
	gtest_list_init(l);
}

int gtest_disabled(const char *name)
{
	return !strncmp(name, "DISABLED_", 9) || strstr(name, "/DISABLED_");
}

/* What a C++ identifier and gtest's "/N" and "Prefix/" parts are made
   of. */
static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '/';
}

/*
 * The name at p (len bytes), followed by nothing, or by blanks and a
 * "# ..." comment: its length, or 0 when the line holds anything else.
 */
static size_t name_then_comment(const char *p, size_t len)
{
	size_t i = 0, end;

	while (i < len && name_char(p[i]))
		i++;
	end = i;
	if (i < len && p[i] == '.')
		end = ++i;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < len && (p[i] != '#' || i == end))
		return 0;
	return end;
}

size_t gtest_parse_list(const char *out, size_t n, struct gtest_list *l)
{
	char *suite = NULL;
	size_t added = 0;

	while (n) {
		size_t next, len = textsafe_line(out, n, &next), w;

		if (len > 2 && out[0] == ' ' && out[1] == ' ' &&
		    name_char(out[2])) {
			w = name_then_comment(out + 2, len - 2);
			if (suite && w && out[2 + w - 1] != '.') {
				struct gtest_case *c;

				if (l->n == l->cap) {
					l->cap = l->cap ? 2 * l->cap : 16;
					l->v = xrealloc(l->v,
							l->cap * sizeof(*l->v));
				}
				c = &l->v[l->n++];
				c->suite = xstrdup(suite);
				c->name = xstrndup(out + 2, w);
				c->disabled = gtest_disabled(c->suite) ||
					      gtest_disabled(c->name);
				added++;
			}
		} else if (len && name_char(out[0]) &&
			   (w = name_then_comment(out, len)) > 1 &&
			   out[w - 1] == '.') {
			free(suite);
			suite = xstrndup(out, w - 1);
		}
		out += next;
		n -= next;
	}
	free(suite);
	return added;
}

/* The line at out + at begins with word. */
static int line_starts(const char *out, size_t n, size_t at, const char *word)
{
	size_t k = strlen(word);

	return n - at >= k && !memcmp(out + at, word, k);
}

/* The line at p (len bytes) ends ": word" after "file:line". */
static int is_location_line(const char *p, size_t len, const char *word)
{
	size_t k = strlen(word);

	return len > k + 2 && !memcmp(p + len - k, word, k) &&
	       p[len - k - 1] == ' ' && p[len - k - 2] == ':';
}

int gtest_skipped(const char *out, size_t n, const char **reason, size_t *len)
{
	size_t at = 0, from = 0, to = 0, next;
	int in = 0;

	*reason = NULL;
	*len = 0;
	while (at < n) {
		size_t l = textsafe_line(out + at, n - at, &next);

		if (line_starts(out, n, at, "[  SKIPPED ] ")) {
			if (to > from) {
				*reason = out + from;
				*len = to - from;
			}
			return 1;
		}
		if (is_location_line(out + at, l, "Skipped")) {
			in = 1;
			from = to = at + next;
		} else if (in && l && out[at] != '[') {
			to = at + l;
		} else {
			in = 0;
		}
		at += next;
	}
	return 0;
}

/* Append p (len bytes) trimmed, after one blank when msg has words. */
static void add_trimmed(struct buf *msg, size_t start, const char *p,
			size_t len)
{
	while (len && isspace((unsigned char)*p))
		p++, len--;
	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	if (!len)
		return;
	if (msg->len > start && msg->data[msg->len - 1] != ' ')
		buf_addch(msg, ' ');
	buf_add(msg, p, len);
}

/* One of gtest's own lines: "[ RUN      ] ...", "[----------] ...". */
static int is_tag_line(const char *p, size_t len)
{
	return len >= 12 && p[0] == '[' && p[11] == ']';
}

int gtest_failure_message(const char *out, size_t n, struct buf *msg)
{
	size_t at = 0, next, start = msg->len, l;

	while (at < n) {
		l = textsafe_line(out + at, n - at, &next);
		if (is_location_line(out + at, l, "Failure"))
			break;
		at += next;
	}
	if (at >= n)
		return 0;
	/* "file:line: " */
	buf_add(msg, out + at, l - (sizeof("Failure") - 1));
	for (at += next; at < n; at += next) {
		l = textsafe_line(out + at, n - at, &next);
		if (is_tag_line(out + at, l) ||
		    is_location_line(out + at, l, "Failure"))
			break;
		add_trimmed(msg, start, out + at, l);
		if (msg->len - start > GTEST_MESSAGE_MAX)
			break;
	}
	if (msg->len - start > GTEST_MESSAGE_MAX) {
		msg->len = start + GTEST_MESSAGE_MAX - 3;
		buf_adds(msg, "...");
	}
	if (msg->data)
		msg->data[msg->len] = '\0';
	return 1;
}

#include "tapstream.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const status_names[TAP_NSTATUS] = {
	[TAP_PASSED] = "passed",     [TAP_FAILED] = "failed",
	[TAP_SKIPPED] = "skipped",   [TAP_TODO] = "todo",
	[TAP_BONUS] = "todo passed",
};

const char *tap_status_name(enum tap_status s)
{
	return (unsigned)s < TAP_NSTATUS ? status_names[s] : "?";
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

void tap_init(struct tap_parser *p, tap_case_fn *fn, void *arg)
{
	memset(p, 0, sizeof(*p));
	p->fn = fn;
	p->arg = arg;
	p->version = 12;
	p->planned = -1;
	buf_init(&p->line);
	buf_init(&p->desc);
	buf_init(&p->reason);
	buf_init(&p->yaml);
	buf_init(&p->plan_reason);
	buf_init(&p->bail_reason);
}

void tap_release(struct tap_parser *p)
{
	buf_release(&p->line);
	buf_release(&p->desc);
	buf_release(&p->reason);
	buf_release(&p->yaml);
	buf_release(&p->plan_reason);
	buf_release(&p->bail_reason);
}

/* Tell the held case, if any. */
static void tell_held(struct tap_parser *p)
{
	if (!p->held)
		return;
	p->held = 0;
	p->in_yaml = 0;
	p->c.desc = p->desc.data ? p->desc.data : "";
	p->c.desc_len = p->desc.len;
	p->c.reason = p->c.reason ? p->reason.data : NULL;
	p->c.reason_len = p->c.reason ? p->reason.len : 0;
	p->c.yaml = p->yaml.len ? p->yaml.data : NULL;
	p->c.yaml_len = p->yaml.len;
	p->fn(p->arg, &p->c);
}

/* A number at s[*i], as many digits as fit an unsigned long. */
static int take_number(const char *s, size_t len, size_t *i, unsigned long *out)
{
	unsigned long v = 0;
	size_t j = *i;

	if (j >= len || !isdigit((unsigned char)s[j]))
		return 0;
	for (; j < len && isdigit((unsigned char)s[j]); j++)
		if (v < 1000000000000UL)
			v = v * 10 + (unsigned long)(s[j] - '0');
	*i = j;
	*out = v;
	return 1;
}

/*
 * "# SKIP reason" at s (after the '#'): 1 for SKIP, 2 for TODO, 0 for
 * neither; *r is where the reason starts.
 */
static int directive(const char *s, size_t len, size_t *r)
{
	size_t i = 0, w;
	int kind;

	while (i < len && is_blank(s[i]))
		i++;
	if (len - i < 4)
		return 0;
	if (!strncasecmp(s + i, "skip", 4))
		kind = 1;
	else if (!strncasecmp(s + i, "todo", 4))
		kind = 2;
	else
		return 0;
	/* TAP::Parser takes SKIP\S* and TODO\b. */
	w = i + 4;
	if (kind == 1)
		while (w < len && !is_blank(s[w]))
			w++;
	else if (w < len && (isalnum((unsigned char)s[w]) || s[w] == '_'))
		return 0;
	while (w < len && is_blank(s[w]))
		w++;
	*r = w;
	return kind;
}

/* "ok ..." or "not ok ..." (s past "ok"). */
static void take_case(struct tap_parser *p, int ok, const char *s, size_t len)
{
	unsigned long num;
	size_t i = 0, end, r = 0;
	int kind = 0;

	tell_held(p);
	if (p->plans && p->plan_late)
		p->after_plan = 1;
	while (i < len && is_blank(s[i]))
		i++;
	if (take_number(s, len, &i, &num)) {
		if (num != p->last + 1 && !p->misnumbered) {
			p->misnumbered = p->cases + 1;
			p->misnumber_want = num;
		}
	} else {
		num = p->last + 1;
	}
	p->last = num;
	while (i < len && is_blank(s[i]))
		i++;
	if (i < len && s[i] == '-' && (i + 1 == len || is_blank(s[i + 1])))
		for (i++; i < len && is_blank(s[i]); i++)
			;
	buf_reset(&p->desc);
	buf_reset(&p->reason);
	buf_reset(&p->yaml);
	/* The description, unescaped, up to an unescaped '#'. */
	for (end = i; end < len; end++) {
		if (s[end] == '\\' && end + 1 < len &&
		    (s[end + 1] == '#' || s[end + 1] == '\\')) {
			buf_addch(&p->desc, s[++end]);
			continue;
		}
		if (s[end] == '#') {
			kind = directive(s + end + 1, len - end - 1, &r);
			if (kind)
				break;
		}
		buf_addch(&p->desc, s[end]);
	}
	while (p->desc.len && is_blank(p->desc.data[p->desc.len - 1]))
		p->desc.data[--p->desc.len] = '\0';
	memset(&p->c, 0, sizeof(p->c));
	p->c.number = num;
	if (kind) {
		size_t from = end + 1 + r, to = len;

		while (to > from && is_blank(s[to - 1]))
			to--;
		buf_add(&p->reason, s + from, to - from);
		buf_addch(&p->reason, '\0');
		p->reason.len--;
		p->c.reason = p->reason.data; /* marks "has a reason" */
	}
	if (kind == 2)
		p->c.status = ok ? TAP_BONUS : TAP_TODO;
	else if (!ok)
		p->c.status = TAP_FAILED;
	else
		p->c.status = kind == 1 ? TAP_SKIPPED : TAP_PASSED;
	p->cases++;
	p->counts[p->c.status]++;
	p->held = 1;
}

/* "1..N ..." */
static int take_plan(struct tap_parser *p, const char *s, size_t len)
{
	unsigned long n;
	size_t i = 3, r;

	if (len < 4 || memcmp(s, "1..", 3) || !take_number(s, len, &i, &n))
		return 0;
	while (i < len && is_blank(s[i]))
		i++;
	if (i < len && s[i] != '#')
		return 0;
	tell_held(p);
	p->plans++;
	p->planned = (long)n;
	p->plan_late = p->cases > 0;
	if (n == 0) {
		p->skip_all = 1;
		buf_reset(&p->plan_reason);
		if (i < len && directive(s + i + 1, len - i - 1, &r) == 1) {
			size_t to = len;

			while (to > i + 1 + r && is_blank(s[to - 1]))
				to--;
			buf_add(&p->plan_reason, s + i + 1 + r, to - i - 1 - r);
		}
	}
	return 1;
}

/* "TAP version N" */
static int take_version(struct tap_parser *p, const char *s, size_t len)
{
	static const char word[] = "TAP version ";
	size_t i = sizeof(word) - 1;
	unsigned long v;

	if (len < i || memcmp(s, word, i) || !take_number(s, len, &i, &v))
		return 0;
	p->version = v > 99 ? 99 : (int)v;
	return 1;
}

static int yaml_marker(const char *s, size_t len, const char *mark,
		       size_t *indent)
{
	size_t i = 0;

	while (i < len && is_blank(s[i]))
		i++;
	if (!i || len - i < 3 || memcmp(s + i, mark, 3))
		return 0;
	*indent = i;
	for (i += 3; i < len; i++)
		if (!is_blank(s[i]))
			return 0;
	return 1;
}

/* How many blanks start the line s (len bytes). */
static size_t indented(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_blank(s[i]))
		i++;
	return i;
}

static void take_line(struct tap_parser *p, const char *s, size_t len)
{
	size_t indent;

	if (len && s[len - 1] == '\r')
		len--;
	p->lines++;
	if (p->in_yaml) {
		if (yaml_marker(s, len, "...", &indent)) {
			tell_held(p);
			return;
		}
		/* A line indented less than the "---" ends a block that
		   lacks its "..." (as TAP::Parser ends it), and is read as
		   TAP. */
		if (len && indented(s, len) < (size_t)p->yaml_indent) {
			tell_held(p);
		} else {
			if (p->yaml.len + len + 1 <= TAP_YAML_MAX) {
				buf_add(&p->yaml, s, len);
				buf_addch(&p->yaml, '\n');
			}
			return;
		}
	}
	if (p->held && yaml_marker(s, len, "---", &indent)) {
		p->in_yaml = 1;
		p->yaml_indent = (int)indent;
		return;
	}
	if (p->lines == 1 && take_version(p, s, len))
		return;
	if (len >= 2 && !memcmp(s, "ok", 2) && (len == 2 || is_blank(s[2]))) {
		take_case(p, 1, s + 2, len - 2);
		return;
	}
	if (len >= 6 && !memcmp(s, "not ok", 6) &&
	    (len == 6 || is_blank(s[6]))) {
		take_case(p, 0, s + 6, len - 6);
		return;
	}
	if (take_plan(p, s, len))
		return;
	if (len >= 9 && !memcmp(s, "Bail out!", 9)) {
		size_t i = 9;

		tell_held(p);
		while (i < len && is_blank(s[i]))
			i++;
		if (!p->bailed)
			buf_add(&p->bail_reason, s + i, len - i);
		p->bailed = 1;
		return;
	}
	/* A comment, a subtest's line, anything else: a held case has no
	   YAML block now. */
	tell_held(p);
}

void tap_feed(struct tap_parser *p, const char *data, size_t n)
{
	while (n) {
		const char *nl = memchr(data, '\n', n);
		size_t len = nl ? (size_t)(nl - data) : n, room;

		room = p->line_cut ? 0 : TAP_LINE_MAX - p->line.len;
		if (len > room) {
			p->line_cut = 1;
			buf_add(&p->line, data, room);
		} else {
			buf_add(&p->line, data, len);
		}
		if (!nl)
			return;
		take_line(p, p->line.data ? p->line.data : "", p->line.len);
		buf_reset(&p->line);
		p->line_cut = 0;
		data += len + 1;
		n -= len + 1;
	}
}

void tap_finish(struct tap_parser *p)
{
	if (p->line.len || p->line_cut)
		take_line(p, p->line.data ? p->line.data : "", p->line.len);
	buf_reset(&p->line);
	p->line_cut = 0;
	tell_held(p);
}

int tap_holding(const struct tap_parser *p)
{
	return p->held;
}

void tap_flush(struct tap_parser *p)
{
	tell_held(p);
}

enum tap_verdict tap_verdict(const struct tap_parser *p, struct buf *why)
{
	unsigned long failed = p->counts[TAP_FAILED];

	if (p->bailed) {
		buf_adds(why, "bailed out");
		if (p->bail_reason.len) {
			buf_adds(why, ": ");
			buf_add(why, p->bail_reason.data, p->bail_reason.len);
		}
		return TAP_NOT_OK;
	}
	if (failed) {
		buf_addf(why, "%lu of %lu case%s failed", failed, p->cases,
			 p->cases == 1 ? "" : "s");
		return TAP_NOT_OK;
	}
	if (p->plans > 1) {
		buf_adds(why, "more than one plan");
		return TAP_NOT_OK;
	}
	if (p->after_plan) {
		buf_adds(why, "a case after the plan at the end");
		return TAP_NOT_OK;
	}
	if (p->skip_all && !p->cases) {
		buf_add(why, p->plan_reason.data ? p->plan_reason.data : "",
			p->plan_reason.len);
		return TAP_SKIP_ALL;
	}
	if (p->planned < 0) {
		buf_addf(why, "no plan (ran %lu)", p->cases);
		return TAP_NOT_OK;
	}
	if ((unsigned long)p->planned != p->cases) {
		buf_addf(why, "planned %ld, ran %lu", p->planned, p->cases);
		return TAP_NOT_OK;
	}
	if (p->misnumbered) {
		buf_addf(why, "case %lu is numbered %lu", p->misnumbered,
			 p->misnumber_want);
		return TAP_NOT_OK;
	}
	return TAP_OK;
}

int tap_plan_unmet(const struct tap_parser *p, struct buf *why)
{
	if (p->planned < 0 || (unsigned long)p->planned == p->cases)
		return 0;
	buf_addf(why, "planned %ld, ran %lu", p->planned, p->cases);
	return 1;
}

/*
 * ctest_timeout: the timeout of a CTest test, as ctest gives it.  See
 * ctest.h.
 */
#include "ctest.h"

#include <string.h>

/* What ctest reads of one line (cmCTest's getline into 1023 bytes). */
#define LINE_MAX_CHARS 1022

/* ctest's blanks around a line or a value. */
static int blank(char ch)
{
	return ch && strchr(" \t\n\r\f\v", ch);
}

/* s (n bytes) without the blanks around it, appended to out. */
static void add_trimmed(struct buf *out, const char *s, size_t n)
{
	while (n && blank(*s)) {
		s++;
		n--;
	}
	while (n && blank(s[n - 1]))
		n--;
	buf_add(out, s, n);
}

/*
 * The next line of [*p, end) as ctest's reading has it, trimmed, into
 * line (reset first).  Returns 0 at the end of the text, else 1; *more
 * goes to 0 once reading stops (the end, or a line too long).
 */
static int next_line(const char **p, const char *end, struct buf *line,
		     int *more)
{
	const char *s = *p, *nl;
	size_t n;

	buf_reset(line);
	if (!*more || s >= end) {
		*more = 0;
		return 0;
	}
	nl = memchr(s, '\n', (size_t)(end - s));
	n = (size_t)((nl ? nl : end) - s);
	if (n > LINE_MAX_CHARS) {
		/* getline stops there and sets failbit: no more lines. */
		n = LINE_MAX_CHARS;
		*more = 0;
	}
	add_trimmed(line, s, n);
	*p = nl ? nl + 1 : end;
	return 1;
}

/* atoi(3) over a trimmed value, in ms; 0 unless within (0, max). */
static long long seconds_ms(const char *v)
{
	long long sec = 0;
	int neg = 0;

	if (*v == '-' || *v == '+')
		neg = *v++ == '-';
	for (; *v >= '0' && *v <= '9'; v++) {
		sec = sec * 10 + (*v - '0');
		if (sec >= (long long)CTEST_MAX_SECONDS)
			return 0;
	}
	return neg || sec <= 0 ? 0 : sec * 1000;
}

long long ctest_config_timeout_ms(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *colon;
	struct buf line = BUF_INIT, next = BUF_INIT, value = BUF_INIT;
	long long ms = 0;
	int more = len > 0;

	while (next_line(&p, end, &line, &more)) {
		if (!line.len)
			continue;
		while (more && line.len && line.data[line.len - 1] == '\\') {
			line.data[--line.len] = '\0';
			if (!next_line(&p, end, &next, &more))
				break;
			buf_add(&line, next.data ? next.data : "", next.len);
		}
		if (!line.len || line.data[0] == '#')
			continue;
		colon = memchr(line.data, ':', line.len);
		if (!colon || (size_t)(colon - line.data) != 7 ||
		    memcmp(line.data, "TimeOut", 7))
			continue;
		buf_reset(&value);
		add_trimmed(&value, colon + 1,
			    line.len - (size_t)(colon + 1 - line.data));
		ms = seconds_ms(value.data ? value.data : "");
	}
	buf_release(&line);
	buf_release(&next);
	buf_release(&value);
	return ms;
}

long long ctest_timeout_ms(const struct ctest_props *p, long long option_ms,
			   long long default_ms)
{
	double t = p && p->has_timeout ? p->timeout_s : 0;
	long long ms;

	if (t > 0 && t < CTEST_MAX_SECONDS) {
		ms = (long long)(t * 1000 + 0.5);
		return ms > 0 ? ms : 1;
	}
	if (!p || !p->has_timeout || t == 0) {
		if (option_ms > 0)
			return -1;
		if (p && p->has_timeout)
			return -1;
	}
	/* No TIMEOUT, or one ctest's --timeout does not replace. */
	if (default_ms > 0)
		return default_ms;
	return option_ms > 0 ? 0 : -1;
}

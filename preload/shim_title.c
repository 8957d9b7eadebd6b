#include "shim_title.h"

#include <stdint.h>
#include <string.h>

static size_t put(char *buf, size_t size, size_t at, const char *s)
{
	size_t n;

	if (!s || at >= size)
		return at;
	n = strlen(s);
	if (n > size - at)
		n = size - at;
	memcpy(buf + at, s, n);
	return at + n;
}

/* Drop a UTF-8 sequence that truncation cut short at the end of buf[0..n). */
static size_t utf8_trim(const char *buf, size_t n)
{
	size_t i = n, back = 0, need;
	unsigned char c;

	while (i > 0 && back < 4 &&
	       ((unsigned char)buf[i - 1] & 0xc0) == 0x80) {
		i--;
		back++;
	}
	if (i == 0)
		return n;
	c = (unsigned char)buf[i - 1];
	if (c < 0xc0)
		return n; /* ASCII, or stray continuation bytes: keep */
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	return back + 1 < need ? i - 1 : n;
}

size_t shim_title_format(char *buf, size_t size, const char *worker,
			 const char *id)
{
	size_t cap, n, full;

	if (!buf || size == 0)
		return 0;
	cap = size - 1;
	n = put(buf, cap, 0, "[xdist-exec ");
	n = put(buf, cap, n, worker);
	n = put(buf, cap, n, "] ");
	n = put(buf, cap, n, id);
	full = strlen("[xdist-exec ] ") + (worker ? strlen(worker) : 0) +
	       (id ? strlen(id) : 0);
	if (n < full)
		n = utf8_trim(buf, n);
	buf[n] = '\0';
	return n;
}

long shim_title_parse_pid(const char *s)
{
	long v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 2147483647L)
			return -1;
	}
	return v;
}

int shim_title_parse_stat(const char *buf, size_t n, unsigned long out[4])
{
	const char *p = NULL, *end = buf + n;
	size_t i;
	int field;

	for (i = 0; i < n; i++)
		if (buf[i] == ')')
			p = buf + i;
	if (!p)
		return -1;
	/* After "pid (comm)", the next field is number 3. */
	p++;
	for (field = 3; field <= 51; field++) {
		unsigned long v = 0;
		const char *q;

		if (p >= end || *p != ' ')
			return -1;
		p++;
		q = p;
		while (p < end && *p != ' ' && *p != '\n') {
			if (field >= 48) {
				unsigned long d;

				if (*p < '0' || *p > '9')
					return -1;
				d = (unsigned long)(*p - '0');
				if (v > (~0UL - d) / 10)
					return -1;
				v = v * 10 + d;
			}
			p++;
		}
		if (p == q)
			return -1;
		if (field >= 48)
			out[field - 48] = v;
	}
	return 0;
}

int shim_title_find_area(struct shim_title_area *a, int argc, char *const *argv,
			 char *const *envp)
{
	char *p;
	int i;

	if (argc < 1 || !argv || !argv[0])
		return -1;
	p = argv[0];
	for (i = 0; i < argc; i++) {
		if (argv[i] != p)
			return -1;
		p += strlen(p) + 1;
	}
	a->start = argv[0];
	a->argv_end = p;
	for (i = 0; envp && envp[i] == p; i++)
		p += strlen(p) + 1;
	a->end = p;
	return 0;
}

size_t shim_title_room(const struct shim_title_area *a)
{
	size_t n = (size_t)(a->end - a->start);

	return n < SHIM_TITLE_MAX ? n : SHIM_TITLE_MAX;
}

size_t shim_title_cover(const struct shim_title_area *a, size_t len)
{
	size_t argv_len = (size_t)(a->argv_end - a->start);
	const char *q = a->start + len;

	if (len < argv_len)
		return argv_len;
	/* The title's NUL lands inside an environ string: cover all of it. */
	while (q < a->end && *q)
		q++;
	if (q < a->end)
		q++;
	return (size_t)(q - a->start);
}

void shim_title_apply(const struct shim_title_area *a, size_t cover, char *copy,
		      const char *title, size_t len)
{
	size_t argv_len = (size_t)(a->argv_end - a->start);

	memcpy(copy, a->start, cover);
	memcpy(a->start, title, len);
	memset(a->start + len, 0, cover - len);
	/*
	 * A NUL as the last argv byte makes the kernel show the whole argv
	 * area, trailing NULs included; any other byte makes it stop at the
	 * title's NUL.  libbsd's setproctitle uses the same trick.
	 */
	if (len + 1 < argv_len)
		a->argv_end[-1] = '.';
}

void shim_title_relocate(const struct shim_title_area *a, size_t cover,
			 char *copy, char **p)
{
	uintptr_t v, lo = (uintptr_t)a->start;

	if (!p || !*p)
		return;
	/* Integers: *p may point into any object, not only the area. */
	v = (uintptr_t)*p;
	if (v >= lo && v - lo < cover)
		*p = copy + (v - lo);
}

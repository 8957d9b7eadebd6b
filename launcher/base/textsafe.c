#include "textsafe.h"

#include <stdio.h>
#include <string.h>

#define BAD TEXTSAFE_BAD

static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char b = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;
	uint32_t v;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		len = 2;
		v = b & 0x1f;
	} else if (b >= 0xe0 && b <= 0xef) {
		len = 3;
		v = b & 0x0f;
		if (b == 0xe0)
			lo = 0xa0; /* no overlong forms */
		else if (b == 0xed)
			hi = 0x9f; /* no surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		len = 4;
		v = b & 0x07;
		if (b == 0xf0)
			lo = 0x90;
		else if (b == 0xf4)
			hi = 0x8f; /* nothing past U+10FFFF */
	} else {
		*cp = BAD; /* 80..C1, F5..FF: never start a sequence */
		return 1;
	}
	for (i = 1; i < len; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*cp = BAD;
			return i;
		}
		v = v << 6 | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return len;
}

static int forbidden(uint32_t cp, unsigned flags)
{
	if (flags & TEXTSAFE_LINE && (cp < 0x20 || cp == 0x7f))
		return 1;
	if (flags & TEXTSAFE_XML) {
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
			return 1;
		if (cp == 0xfffe || cp == 0xffff)
			return 1;
	}
	return 0;
}

size_t textsafe_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	return utf8_next((const unsigned char *)s, n, cp);
}

int textsafe_clean(const char *s, size_t n, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;

		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		i += utf8_next(p + i, n - i, &cp);
		if (cp == BAD || forbidden(cp, flags))
			return 0;
	}
	return 1;
}

void textsafe_repair(struct buf *out, const char *s, size_t n, unsigned flags)
{
	static const char fffd[] = "\xef\xbf\xbd";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0;

	buf_grow(out, n);
	while (i < n) {
		uint32_t cp;
		size_t len;

		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		len = utf8_next(p + i, n - i, &cp);
		if (cp != BAD && !forbidden(cp, flags)) {
			i += len;
			continue;
		}
		buf_add(out, s + start, i - start);
		if (cp == BAD || cp > 0x7f)
			buf_add(out, fffd, 3);
		else
			buf_addf(out, "\\x%02x", (unsigned)cp);
		i += len;
		start = i;
	}
	buf_add(out, s + start, n - start);
}

char *textsafe_dup(const char *s, size_t n, unsigned flags)
{
	struct buf b = BUF_INIT;

	textsafe_repair(&b, s, n, flags);
	if (!b.data)
		return xstrdup("");
	return buf_release_take(&b);
}

uint64_t textsafe_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int name_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
}

void textsafe_file_name(struct buf *out, const char *id, size_t n, size_t run)
{
	size_t i, stem = 0;
	int gap = 0;

	for (i = 0; i < n && stem < TEXTSAFE_NAME_MAX; i++) {
		unsigned char ch = (unsigned char)id[i];

		if (!name_char(ch)) {
			gap = 1;
			continue;
		}
		if (!stem && (ch == '.' || ch == '_' || ch == '-')) {
			gap = 0;
			continue;
		}
		if (gap && stem) {
			buf_addch(out, '_');
			stem++;
			if (stem >= TEXTSAFE_NAME_MAX)
				break;
		}
		gap = 0;
		buf_addch(out, (char)ch);
		stem++;
	}
	if (!stem)
		buf_adds(out, "test");
	buf_addf(out, "-%08x", (unsigned)(textsafe_hash(id, n) >> 32));
	if (run != TEXTSAFE_NO_RUN)
		buf_addf(out, "-r%zu", run);
}

size_t textsafe_line(const char *p, size_t n, size_t *next)
{
	const char *nl = memchr(p, '\n', n);
	size_t len = nl ? (size_t)(nl - p) : n;

	*next = nl ? len + 1 : n;
	if (len && p[len - 1] == '\r')
		len--;
	return len;
}

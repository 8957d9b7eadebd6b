#include "tap.h"

#include <ctype.h>
#include <string.h>

#include "textsafe.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* "TAP version N", trailing blanks allowed. */
static int is_version_line(const char *p, size_t len)
{
	static const char word[] = "TAP version ";
	size_t i = sizeof(word) - 1, digits = 0;

	if (len < i || memcmp(p, word, i))
		return 0;
	while (i < len && isdigit((unsigned char)p[i]))
		i++, digits++;
	while (i < len && is_blank(p[i]))
		i++;
	return digits && i == len;
}

int tap_skip_all(const char *out, size_t n, const char **reason, size_t *len)
{
	size_t next, l = textsafe_line(out, n, &next), i;

	*reason = NULL;
	*len = 0;
	if (is_version_line(out, l)) {
		out += next;
		n -= next;
		l = textsafe_line(out, n, &next);
	}
	if (l < 4 || memcmp(out, "1..0", 4))
		return 0;
	/* "1..00" is a plan of 0 too; "1..01" is not. */
	for (i = 4; i < l && out[i] == '0'; i++)
		;
	if (i < l && isdigit((unsigned char)out[i]))
		return 0;
	while (i < l && is_blank(out[i]))
		i++;
	if (i == l || out[i] != '#')
		return 1;
	for (i++; i < l && is_blank(out[i]); i++)
		;
	if (l - i < 4 || strncasecmp(out + i, "skip", 4))
		return 1;
	while (i < l && !is_blank(out[i]))
		i++;
	while (i < l && is_blank(out[i]))
		i++;
	while (l > i && is_blank(out[l - 1]))
		l--;
	*reason = out + i;
	*len = l - i;
	return 1;
}

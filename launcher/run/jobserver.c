#include "jobserver.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xio.h"

static int parse_fd(const char *s, const char **end)
{
	long v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 1000000)
			return -1;
	}
	*end = p;
	return (int)v;
}

int jobserver_parse(const char *makeflags, struct jobserver_spec *spec)
{
	static const char *const keys[] = {
		"--jobserver-auth=", "--jobserver-fds=", NULL};
	const char *best = NULL, *p;
	int i, found = 0;

	if (!makeflags)
		return 0;
	/* The last one given wins, whichever spelling. */
	for (p = makeflags; *p; p++)
		for (i = 0; keys[i]; i++)
			if (!strncmp(p, keys[i], strlen(keys[i])) &&
			    (p == makeflags || p[-1] == ' ')) {
				best = p + strlen(keys[i]);
				found = 1;
			}
	if (!found)
		return 0;
	memset(spec, 0, sizeof(*spec));
	spec->rfd = spec->wfd = -1;
	if (!strncmp(best, "fifo:", 5)) {
		size_t n = strcspn(best + 5, " ");

		if (!n || n >= sizeof(spec->fifo))
			return -1;
		memcpy(spec->fifo, best + 5, n);
		spec->fifo[n] = '\0';
		return 1;
	}
	spec->rfd = parse_fd(best, &p);
	if (spec->rfd < 0 || *p != ',')
		return -1;
	spec->wfd = parse_fd(p + 1, &p);
	if (spec->wfd < 0 || (*p && *p != ' '))
		return -1;
	return 1;
}

static int is_fifo(int fd)
{
	struct stat st;

	return fcntl(fd, F_GETFD) >= 0 && fstat(fd, &st) == 0 &&
	       S_ISFIFO(st.st_mode);
}

int jobserver_open(struct jobserver *js, const char *makeflags)
{
	struct jobserver_spec spec;
	char path[64];

	memset(js, 0, sizeof(*js));
	js->rfd = js->wfd = -1;
	if (jobserver_parse(makeflags, &spec) != 1)
		return 0;
	if (spec.fifo[0]) {
		js->rfd = open(spec.fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		js->wfd = open(spec.fifo, O_WRONLY | O_CLOEXEC);
	} else {
		/* Closed by make for a non-recursive recipe: no server. */
		if (!is_fifo(spec.rfd) || !is_fifo(spec.wfd))
			return 0;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", spec.rfd);
		js->rfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		js->wfd = fcntl(spec.wfd, F_DUPFD_CLOEXEC, 3);
	}
	if (js->rfd < 0 || js->wfd < 0) {
		jobserver_close(js);
		return 0;
	}
	return 1;
}

int jobserver_active(const struct jobserver *js)
{
	return js->rfd >= 0;
}

int jobserver_take(struct jobserver *js)
{
	unsigned char b;
	ssize_t n;

	if (js->rfd < 0 || js->held >= JOBSERVER_MAX_TOKENS)
		return 0;
	n = xio_read(js->rfd, &b, 1);
	if (n != 1)
		return 0;
	js->tokens[js->held++] = b;
	return 1;
}

void jobserver_give(struct jobserver *js)
{
	if (!js->held || js->wfd < 0)
		return;
	js->held--;
	/* make counts the bytes: losing one would cost a slot for good. */
	xio_write_all(js->wfd, &js->tokens[js->held], 1);
}

void jobserver_close(struct jobserver *js)
{
	while (js->held)
		jobserver_give(js);
	if (js->rfd >= 0)
		close(js->rfd);
	if (js->wfd >= 0)
		close(js->wfd);
	js->rfd = js->wfd = -1;
}

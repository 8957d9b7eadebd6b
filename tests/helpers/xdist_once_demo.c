/*
 * xdist_once_demo: a C test linked with -lxdist, for the xdist_once()
 * scenarios.
 *
 *   xdist_once_demo KEY FILE [SECONDS [STATUS]]
 *
 * Calls xdist_once(KEY, fn) where fn appends "PID\n" to FILE, sleeps
 * SECONDS (default 0.2) and returns STATUS (default 7).  Prints
 * "once KEY VALUE worker ID" with the value xdist_once returned, and exits
 * 0; if xdist_once failed, prints the error to stderr and exits 70.  Usage
 * errors exit 64.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xdist-exec.h"

struct demo {
	const char *file;
	double secs;
	int status;
};

static int demo_fn(void *arg)
{
	struct demo *d = arg;
	struct timespec ts;
	char line[32];
	int fd, n;

	fd = open(d->file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return -2;
	n = snprintf(line, sizeof(line), "%ld\n", (long)getpid());
	if (write(fd, line, (size_t)n) != n) {
		close(fd);
		return -2;
	}
	close(fd);
	ts.tv_sec = (time_t)d->secs;
	ts.tv_nsec = (long)((d->secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return d->status;
}

int main(int argc, char **argv)
{
	struct demo d = {NULL, 0.2, 7};
	int r;

	if (argc < 3 || argc > 5) {
		fputs("usage: xdist_once_demo KEY FILE [SECONDS [STATUS]]\n",
		      stderr);
		return 64;
	}
	d.file = argv[2];
	if (argc > 3)
		d.secs = strtod(argv[3], NULL);
	if (argc > 4)
		d.status = atoi(argv[4]);
	errno = 0;
	r = xdist_once(argv[1], demo_fn, &d);
	if (r == -1 && errno) {
		fprintf(stderr, "xdist_once_demo: xdist_once: %s\n",
			strerror(errno));
		return 70;
	}
	printf("once %s %d worker %s\n", argv[1], r, xdist_worker_id());
	return 0;
}

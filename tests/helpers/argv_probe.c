/*
 * argv_probe: what a program sees of itself, for the preload shim's
 * scenarios (its title must not change what the program sees).
 *
 *   argv_probe [-s SECONDS] [ARG...]
 *
 * Prints, one a line: "argc N", "argv[I] ARG" for every argv entry,
 * "progname NAME" and "short NAME" (program_invocation_name and _short_
 * name), "env ENTRY" for every environ entry, and "cmdline BYTES" with
 * /proc/self/cmdline's NULs shown as "\0".  Then, with -s, flushes and
 * sleeps SECONDS (so that /proc/PID/cmdline can be read from outside).
 * Usage errors exit 64; failing system calls exit 70.  No libraries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void print_cmdline(void)
{
	char buf[8192];
	ssize_t n, i;
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror("argv_probe: /proc/self/cmdline");
		exit(70);
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0) {
		perror("argv_probe: read");
		exit(70);
	}
	fputs("cmdline ", stdout);
	for (i = 0; i < n; i++) {
		if (buf[i])
			putchar(buf[i]);
		else
			fputs("\\0", stdout);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	double secs = 0;
	char **e;
	int i;

	if (argc >= 3 && !strcmp(argv[1], "-s")) {
		char *end;

		secs = strtod(argv[2], &end);
		if (*end || secs < 0) {
			fputs("usage: argv_probe [-s SECONDS] [ARG...]\n",
			      stderr);
			return 64;
		}
	}
	printf("argc %d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d] %s\n", i, argv[i]);
	printf("progname %s\n", program_invocation_name);
	printf("short %s\n", program_invocation_short_name);
	for (e = environ; *e; e++)
		printf("env %s\n", *e);
	print_cmdline();
	if (fflush(stdout) == EOF)
		return 70;
	if (secs > 0) {
		struct timespec ts;

		ts.tv_sec = (time_t)secs;
		ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	return 0;
}

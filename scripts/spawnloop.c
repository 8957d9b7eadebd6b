/*
 * spawnloop: the bare spawn-and-wait loop that scripts/bench measures
 * xdist-exec against, and the wrapper it measures every contender with.
 *
 *   spawnloop [-j N] [--rss] -f LIST
 *	Run each line of LIST (blank lines and '#' lines skipped; every other
 *	line split on blanks and exec'd directly, no shell), at most N at
 *	once: posix_spawnp (glibc's vfork-style clone), waitpid.  No
 *	capture, no process groups, no signal handling: the least a
 *	launcher can do.  --rss prints the
 *	loop's own peak RSS and its largest child's on stderr at the end.
 *	Exit status 0 when every line exited 0, 1 when some did not.
 *
 *   spawnloop [-o FILE] --maxrss CMD [ARG...]
 *	Run CMD, wait4 for it and print its peak RSS in KiB (ru_maxrss).
 *
 *   spawnloop [-o FILE] --usage CMD [ARG...]
 *	Run CMD, wait4 for it and print "WALL USER SYS MAXRSS": wall, user
 *	and system seconds, peak RSS in KiB.
 *
 *	The kernel folds into wait4's rusage every descendant the child
 *	reaped, so USER and SYS cover the whole tree as long as each process
 *	in it waits for its own children, and MAXRSS is the largest peak of
 *	any single process in that tree (not a sum).  -o appends the line
 *	to FILE instead of stdout, leaving CMD's stdout to the caller.  Exit
 *	status: CMD's, 128 + N when killed by signal N, 127 when it could
 *	not be executed.
 *
 * Exit status 2 for usage errors and I/O errors of our own.
 */
#include <errno.h>
#include <spawn.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 4096

enum mode {
	MODE_LOOP,
	MODE_MAXRSS,
	MODE_USAGE,
};

/* The parsed list: argv vectors pointing into one buffer, both owned here. */
struct list {
	char *data;   /* the file, lines and words NUL-terminated in place */
	char **words; /* every test's argv, each followed by a NULL */
	size_t nwords, capwords;
	size_t *start; /* index in words of test i's argv[0] */
	size_t n, cap;
};

static const char usage_text[] =
	"usage: spawnloop [-j N] [--rss] -f LIST\n"
	"       spawnloop [-o FILE] --maxrss CMD [ARG...]\n"
	"       spawnloop [-o FILE] --usage CMD [ARG...]\n";

static void die(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("spawnloop: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static char *read_file(const char *name)
{
	size_t len = 0, cap = 65536;
	char *data = xrealloc(NULL, cap);
	int fd = strcmp(name, "-") ? open(name, O_RDONLY | O_CLOEXEC) : 0;
	ssize_t n;

	if (fd < 0)
		die("cannot open '%s': %s", name, strerror(errno));
	for (;;) {
		if (cap - len < 2) {
			cap *= 2;
			data = xrealloc(data, cap);
		}
		n = read(fd, data + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("cannot read '%s': %s", name, strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (fd != 0)
		close(fd);
	data[len] = '\0';
	return data;
}

static void push_word(struct list *l, char *w)
{
	if (l->nwords == l->capwords) {
		l->capwords = l->capwords ? l->capwords * 2 : 1024;
		l->words = xrealloc(l->words, l->capwords * sizeof(*l->words));
	}
	l->words[l->nwords++] = w;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void parse_line(struct list *l, char *p)
{
	while (is_blank(*p))
		p++;
	if (!*p || *p == '#')
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->start = xrealloc(l->start, l->cap * sizeof(*l->start));
	}
	l->start[l->n++] = l->nwords;
	while (*p) {
		push_word(l, p);
		while (*p && !is_blank(*p))
			p++;
		while (is_blank(*p))
			*p++ = '\0';
	}
	push_word(l, NULL);
}

static void list_load(struct list *l, const char *name)
{
	char *p, *nl;

	memset(l, 0, sizeof(*l));
	l->data = read_file(name);
	for (p = l->data; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			parse_line(l, p);
			break;
		}
		*nl = '\0';
		parse_line(l, p);
	}
}

static void list_release(struct list *l)
{
	free(l->data);
	free(l->words);
	free(l->start);
}

extern char **environ;

/* posix_spawnp reports a failed exec itself (glibc waits for it). */
static pid_t start(char **argv)
{
	pid_t pid;
	int e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);

	if (e) {
		fprintf(stderr, "spawnloop: cannot execute '%s': %s\n", argv[0],
			strerror(e));
		errno = e;
		return -1;
	}
	return pid;
}

static int run_loop(const char *file, long jobs, int rss)
{
	struct list l;
	size_t next = 0, failed = 0;
	long running = 0;
	struct rusage self, kids;
	pid_t pid;
	int st;

	list_load(&l, file);
	while (next < l.n || running) {
		while (running < jobs && next < l.n) {
			pid = start(&l.words[l.start[next]]);
			if (pid < 0 && errno != EAGAIN && errno != ENOMEM) {
				/* Not executable: a failed line, as exit 127.
				 */
				failed++;
				next++;
				continue;
			}
			if (pid < 0) {
				if (!running)
					die("cannot fork: %s", strerror(errno));
				break; /* retry once a child is gone */
			}
			next++;
			running++;
		}
		pid = waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			die("waitpid: %s", strerror(errno));
		}
		running--;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	if (rss) {
		getrusage(RUSAGE_SELF, &self);
		getrusage(RUSAGE_CHILDREN, &kids);
		fprintf(stderr,
			"spawnloop: peak RSS: self %ld KiB, largest child %ld "
			"KiB\n",
			self.ru_maxrss, kids.ru_maxrss);
	}
	if (failed)
		fprintf(stderr, "spawnloop: %zu of %zu failed\n", failed, l.n);
	list_release(&l);
	return failed ? 1 : 0;
}

static int run_measured(char **argv, enum mode mode, const char *out)
{
	struct rusage ru;
	double t0, wall;
	pid_t pid;
	FILE *f = stdout;
	int st, rc;

	if (out) {
		f = fopen(out, "ae");
		if (!f)
			die("cannot open '%s': %s", out, strerror(errno));
	}
	fflush(NULL);
	t0 = now_s();
	pid = start(argv);
	if (pid < 0 && errno != EAGAIN && errno != ENOMEM)
		exit(127); /* start() said why */
	if (pid < 0)
		die("cannot fork: %s", strerror(errno));
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR)
			die("wait4: %s", strerror(errno));
	}
	wall = now_s() - t0;
	if (mode == MODE_MAXRSS)
		fprintf(f, "%ld\n", ru.ru_maxrss);
	else
		fprintf(f, "%.4f %.4f %.4f %ld\n", wall, tv_s(&ru.ru_utime),
			tv_s(&ru.ru_stime), ru.ru_maxrss);
	if (fflush(f) != 0 || (f != stdout && fclose(f) != 0))
		die("cannot write '%s': %s", out ? out : "stdout",
		    strerror(errno));
	if (WIFEXITED(st))
		rc = WEXITSTATUS(st);
	else
		rc = 128 + WTERMSIG(st);
	return rc;
}

static long parse_jobs(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > MAX_JOBS)
		die("-j: expected a count from 1 to %d, got '%s'", MAX_JOBS, s);
	return v;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"jobs", required_argument, NULL, 'j'},
		{"file", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"rss", no_argument, NULL, 'r'},
		{"maxrss", no_argument, NULL, 'M'},
		{"usage", no_argument, NULL, 'U'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	/* '+': stop at CMD, so its own options are left alone. */
	static const char shortopts[] = "+j:f:o:h";
	enum mode mode = MODE_LOOP;
	const char *file = NULL, *out = NULL;
	long jobs = 1;
	int c, rss = 0;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			jobs = parse_jobs(optarg);
			break;
		case 'f':
			file = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'r':
			rss = 1;
			break;
		case 'M':
			mode = MODE_MAXRSS;
			break;
		case 'U':
			mode = MODE_USAGE;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (mode == MODE_LOOP) {
		if (!file || optind != argc) {
			fputs(usage_text, stderr);
			return 2;
		}
		return run_loop(file, jobs, rss);
	}
	if (optind == argc) {
		fputs(usage_text, stderr);
		return 2;
	}
	return run_measured(argv + optind, mode, out);
}

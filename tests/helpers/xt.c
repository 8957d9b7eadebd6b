/*
 * xt: one multi-call fixture program for the integration scenarios.
 *
 *   xt exit N                       exit with status N
 *   xt kill SIGNAME                 die by SIGNAME (SEGV, ABRT, KILL, ...)
 *   xt sleep SECONDS [WORD...]      sleep; the words only mark the argv
 *   xt sleep-ignore-term SECONDS [WORD...]   the same, ignoring SIGTERM
 *   xt touch-sleep FILE SECONDS [WORD...]    create FILE, then sleep
 *   xt env NAME...                  NAME=value for each occurrence in the
 *                                   environment, or "NAME unset"
 *   xt fds                          the open fds, one a line
 *   xt sigs                         signals not at SIG_DFL and the blocked
 *                                   mask, or "clean"
 *   xt stdin                        read stdin to EOF, print the byte count
 *   xt spew BYTES [TAG]             write exactly BYTES bytes of numbered
 *                                   lines to stdout
 *   xt print TEXT...                "stdout: TEXT" on stdout and
 *                                   "stderr: TEXT" on stderr, per TEXT
 *   xt daemon FILE SECONDS [WORD...]  leave a setsid grandchild holding
 *                                   stdout that writes its pid to FILE and
 *                                   sleeps; exit 0 as soon as FILE exists
 *
 * Usage errors exit 64; failing system calls exit 70.  No libraries.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define EX_USAGE 64
#define EX_SOFTWARE 70

static const struct {
	const char *name;
	int sig;
} signames[] = {
	{"HUP", SIGHUP},       {"INT", SIGINT},	  {"QUIT", SIGQUIT},
	{"ILL", SIGILL},       {"TRAP", SIGTRAP}, {"ABRT", SIGABRT},
	{"BUS", SIGBUS},       {"FPE", SIGFPE},	  {"KILL", SIGKILL},
	{"USR1", SIGUSR1},     {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
	{"PIPE", SIGPIPE},     {"ALRM", SIGALRM}, {"TERM", SIGTERM},
	{"CHLD", SIGCHLD},     {"CONT", SIGCONT}, {"STOP", SIGSTOP},
	{"TSTP", SIGTSTP},     {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},
	{"URG", SIGURG},       {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ},
	{"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH},
	{"IO", SIGIO},	       {"SYS", SIGSYS},
};

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fputs("usage: xt exit N | kill SIGNAME | sleep SECONDS [WORD...] |\n"
	      "       sleep-ignore-term SECONDS [WORD...] |\n"
	      "       touch-sleep FILE SECONDS [WORD...] | env NAME... |\n"
	      "       fds | sigs | stdin | spew BYTES [TAG] | print TEXT... |\n"
	      "       daemon FILE SECONDS [WORD...]\n",
	      stderr);
	exit(EX_USAGE);
}

static void die(const char *what) __attribute__((noreturn));
static void die(const char *what)
{
	fprintf(stderr, "xt: %s: %s\n", what, strerror(errno));
	exit(EX_SOFTWARE);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static long long parse_num(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		usage();
	return v;
}

static const char *sig_name(int sig)
{
	static char other[32];
	size_t i;

	for (i = 0; i < sizeof(signames) / sizeof(signames[0]); i++)
		if (signames[i].sig == sig)
			return signames[i].name;
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(other, sizeof(other), "RTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(other, sizeof(other), "%d", sig);
	return other;
}

static int sig_number(const char *name)
{
	size_t i;

	if (!strncmp(name, "SIG", 3))
		name += 3;
	for (i = 0; i < sizeof(signames) / sizeof(signames[0]); i++)
		if (!strcmp(signames[i].name, name))
			return signames[i].sig;
	usage();
}

/* Sleep the whole time, whatever signals come and go. */
static void sleep_seconds(const char *arg)
{
	struct timespec left;
	char *end;
	double s;

	errno = 0;
	s = strtod(arg, &end);
	if (errno || end == arg || *end || s < 0)
		usage();
	left.tv_sec = (time_t)s;
	left.tv_nsec = (long)((s - (double)left.tv_sec) * 1e9);
	while (nanosleep(&left, &left) < 0)
		if (errno != EINTR)
			die("nanosleep");
}

static void touch(const char *file)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		die(file);
	close(fd);
}

static int cmd_kill(const char *name)
{
	struct rlimit no_core = {0, 0};
	struct sigaction sa;
	sigset_t set;
	int sig = sig_number(name);

	/* No core files in the scenario's directory. */
	setrlimit(RLIMIT_CORE, &no_core);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	if (sig == SIGSEGV) {
		/* A real fault, in case raise() was somehow survived. */
		volatile int *volatile p = NULL;

		*p = 1;
	}
	fprintf(stderr, "xt: still alive after SIG%s\n", name);
	return EX_SOFTWARE;
}

/* Every occurrence, not just getenv's: a duplicate must show. */
static int cmd_env(char **names)
{
	char **e;

	for (; *names; names++) {
		size_t n = strlen(*names);
		int found = 0;

		for (e = environ; *e; e++)
			if (!strncmp(*e, *names, n) && (*e)[n] == '=') {
				printf("%s\n", *e);
				found = 1;
			}
		if (!found)
			printf("%s unset\n", *names);
	}
	return 0;
}

static int cmd_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		die("/proc/self/fd");
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			printf("%s\n", e->d_name);
	closedir(d);
	return 0;
}

static int cmd_sigs(void)
{
	struct sigaction sa;
	sigset_t blocked;
	int sig, any = 0;

	for (sig = 1; sig < NSIG; sig++) {
		if (sigaction(sig, NULL, &sa) < 0)
			continue;
		if (sa.sa_handler == SIG_DFL)
			continue;
		printf("SIG%s %s\n", sig_name(sig),
		       sa.sa_handler == SIG_IGN ? "ignored" : "caught");
		any = 1;
	}
	if (sigprocmask(SIG_BLOCK, NULL, &blocked) < 0)
		die("sigprocmask");
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(&blocked, sig) == 1) {
			printf("SIG%s blocked\n", sig_name(sig));
			any = 1;
		}
	if (!any)
		printf("clean\n");
	return 0;
}

static int cmd_stdin(void)
{
	char chunk[65536];
	unsigned long long total = 0;
	ssize_t n;

	for (;;) {
		n = read(0, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			printf("stdin error: %s\n", strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		total += (unsigned long long)n;
	}
	printf("stdin %llu bytes\n", total);
	return 0;
}

/* Pieces of an odd size, so that writes end in the middle of lines. */
#define SPEW_PIECE 4093

struct spew {
	char buf[2 * SPEW_PIECE];
	size_t used;
};

static void spew_add(struct spew *sp, const char *p, size_t n)
{
	memcpy(sp->buf + sp->used, p, n);
	sp->used += n;
	if (sp->used >= SPEW_PIECE) {
		if (write_all(1, sp->buf, SPEW_PIECE) < 0)
			die("write");
		sp->used -= SPEW_PIECE;
		memmove(sp->buf, sp->buf + SPEW_PIECE, sp->used);
	}
}

/*
 * "xt-spew-first TAG\n", then lines "TAG NNNNNNNNN xxx...\n" of 64 bytes,
 * then "xt-spew-last TAG\n": exactly BYTES bytes in all (a short middle
 * line pads with '=' to fit).
 */
static int cmd_spew(const char *arg, const char *tag)
{
	static struct spew sp;
	char head[128], tail[128], line[128];
	unsigned long long want = (unsigned long long)parse_num(arg), left;
	unsigned long long seq = 0;
	size_t hl, tl;

	hl = (size_t)snprintf(head, sizeof(head), "xt-spew-first %s\n", tag);
	tl = (size_t)snprintf(tail, sizeof(tail), "xt-spew-last %s\n", tag);
	if (want < hl + tl || strlen(tag) > 40) {
		fputs("xt: spew: too few bytes or too long a tag\n", stderr);
		return EX_USAGE;
	}
	spew_add(&sp, head, hl);
	left = want - hl - tl;
	while (left > 0) {
		size_t n = (size_t)snprintf(line, sizeof(line), "%s %09llu ",
					    tag, ++seq);

		while (n < 63)
			line[n++] = (char)('a' + seq % 26);
		line[n++] = '\n';
		if (n > left) {
			n = (size_t)left;
			memset(line, '=', n);
			line[n - 1] = '\n';
		}
		spew_add(&sp, line, n);
		left -= n;
	}
	spew_add(&sp, tail, tl);
	if (write_all(1, sp.buf, sp.used) < 0)
		die("write");
	return 0;
}

static int cmd_print(char **texts)
{
	for (; *texts; texts++) {
		printf("stdout: %s\n", *texts);
		fflush(stdout);
		fprintf(stderr, "stderr: %s\n", *texts);
	}
	return 0;
}

static int cmd_daemon(const char *file, const char *seconds)
{
	char tmp[4096], text[32], c;
	pid_t pid;
	int status, fd, sync[2];
	size_t n;

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				die("waitpid");
		return 0;
	}
	/* The middle child leaves only once the pid file is there, so that
	   FILE exists when the test's own process exits. */
	if (setsid() < 0 || pipe(sync) < 0)
		_exit(EX_SOFTWARE);
	pid = fork();
	if (pid < 0)
		_exit(EX_SOFTWARE);
	if (pid > 0) {
		close(sync[1]);
		while (read(sync[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(sync[0]);
	/* The grandchild: stdout stays open; the pid file appears whole. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	n = (size_t)snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write_all(fd, text, n) < 0 || close(fd) < 0 ||
	    rename(tmp, file) < 0)
		_exit(EX_SOFTWARE);
	close(sync[1]);
	sleep_seconds(seconds);
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
		usage();
	cmd = argv[1];
	if (!strcmp(cmd, "exit") && argc == 3)
		return (int)(parse_num(argv[2]) & 0xff);
	if (!strcmp(cmd, "kill") && argc == 3)
		return cmd_kill(argv[2]);
	if (!strcmp(cmd, "sleep") && argc >= 3) {
		sleep_seconds(argv[2]);
		return 0;
	}
	if (!strcmp(cmd, "sleep-ignore-term") && argc >= 3) {
		signal(SIGTERM, SIG_IGN);
		sleep_seconds(argv[2]);
		return 0;
	}
	if (!strcmp(cmd, "touch-sleep") && argc >= 4) {
		touch(argv[2]);
		sleep_seconds(argv[3]);
		return 0;
	}
	if (!strcmp(cmd, "env"))
		return cmd_env(argv + 2);
	if (!strcmp(cmd, "fds") && argc == 2)
		return cmd_fds();
	if (!strcmp(cmd, "sigs") && argc == 2)
		return cmd_sigs();
	if (!strcmp(cmd, "stdin") && argc == 2)
		return cmd_stdin();
	if (!strcmp(cmd, "spew") && (argc == 3 || argc == 4))
		return cmd_spew(argv[2], argc == 4 ? argv[3] : "spew");
	if (!strcmp(cmd, "print"))
		return cmd_print(argv + 2);
	if (!strcmp(cmd, "daemon") && argc >= 4)
		return cmd_daemon(argv[2], argv[3]);
	usage();
}

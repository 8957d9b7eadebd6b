/*
 * isoprobe: what a test sees of --isolate and --sandbox.
 *
 *   isoprobe try CALL       make one system call and print "CALL ok" (exit
 *                           0) or "CALL errno=EPERM" (exit 1); CALL is
 *                           socket-inet, socket-inet6, socket-unix,
 *                           ptrace, reboot or unshare-net
 *   isoprobe legacy PORT FILE DIR N
 *                           a test written for a machine of its own:
 *                           bind 127.0.0.1:PORT, create FILE (O_EXCL),
 *                           then wait until DIR holds N entries (one per
 *                           test that got this far, so that the first N
 *                           run at the same time; at most 60 s), check
 *                           FILE is still its own, remove it; exit 0, or
 *                           1 naming what collided
 *
 * Usage errors exit 64.  No libraries.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define EX_USAGE 64

static const char *errname(int e)
{
	switch (e) {
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case EINVAL:
		return "EINVAL";
	case EADDRINUSE:
		return "EADDRINUSE";
	case ENOSYS:
		return "ENOSYS";
	default:
		return strerror(e);
	}
}

static int try_call(const char *call)
{
	long r;

	if (!strcmp(call, "socket-inet"))
		r = socket(AF_INET, SOCK_STREAM, 0);
	else if (!strcmp(call, "socket-inet6"))
		r = socket(AF_INET6, SOCK_STREAM, 0);
	else if (!strcmp(call, "socket-unix"))
		r = socket(AF_UNIX, SOCK_STREAM, 0);
	else if (!strcmp(call, "ptrace"))
		/* Harmless when allowed: we exit before any stop. */
		r = ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	else if (!strcmp(call, "reboot"))
		/* An invalid command: EINVAL when the filter lets it by. */
		r = reboot(0x12345678);
	else if (!strcmp(call, "unshare-net"))
		r = unshare(CLONE_NEWNET);
	else
		return EX_USAGE;
	if (r < 0) {
		printf("%s errno=%s\n", call, errname(errno));
		return 1;
	}
	printf("%s ok\n", call);
	return 0;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static int legacy(int port, const char *file, const char *dir, int n)
{
	struct sockaddr_in a;
	struct timespec tick = {0, 10 * 1000 * 1000};
	char mine[64], got[64], mark[4096];
	int s, fd, i, rc = 0;
	ssize_t len;

	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(s, 1) < 0) {
		printf("bind 127.0.0.1:%d: %s\n", port, errname(errno));
		rc = 1;
	}
	snprintf(mine, sizeof(mine), "%ld\n", (long)getpid());
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		printf("create %s: %s\n", file, errname(errno));
		rc = 1;
	} else {
		if (write(fd, mine, strlen(mine)) < 0)
			rc = 1;
		close(fd);
	}
	/* Tell the others we are here, collided or not, then wait for
	   them: the first n overlap, whatever the machine's load. */
	snprintf(mark, sizeof(mark), "%s/%ld", dir, (long)getpid());
	fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	for (i = 0; entries(dir) < n && i < 6000; i++)
		nanosleep(&tick, NULL);
	if (entries(dir) < n) {
		printf("only %d of %d tests arrived\n", entries(dir), n);
		rc = 1;
	}
	fd = open(file, O_RDONLY | O_CLOEXEC);
	len = fd >= 0 ? read(fd, got, sizeof(got) - 1) : -1;
	if (fd >= 0)
		close(fd);
	got[len > 0 ? len : 0] = '\0';
	if (strcmp(got, mine)) {
		printf("%s is not ours any more\n", file);
		rc = 1;
	} else {
		unlink(file);
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "try"))
		return try_call(argv[2]);
	if (argc == 6 && !strcmp(argv[1], "legacy"))
		return legacy(atoi(argv[2]), argv[3], argv[4], atoi(argv[5]));
	fprintf(stderr, "usage: isoprobe try CALL | legacy PORT FILE DIR N\n");
	return EX_USAGE;
}

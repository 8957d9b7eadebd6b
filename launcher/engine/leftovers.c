#include "leftovers.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xio.h"

#define SWEEP_MAX_PIDS 4096

/* Leftovers already killed: *nseen of them (leftovers_sweep). */
static pid_t swept[SWEEP_MAX_PIDS];

void leftovers_init(struct leftovers *l)
{
	l->kept = NULL;
	l->nkept = 0;
}

void leftovers_release(struct leftovers *l)
{
	free(l->kept);
	leftovers_init(l);
}

static int is_kept(const struct leftovers *l, pid_t pid)
{
	pid_t pgid = -1;
	size_t i;

	for (i = 0; i < l->nkept; i++) {
		if (l->kept[i].pid == pid)
			return 1;
		if (!l->kept[i].pgid)
			continue;
		if (pgid == -1)
			pgid = getpgid(pid);
		if (pgid > 0 && l->kept[i].pgid == pgid)
			return 1;
	}
	return 0;
}

/* Our children into pids; how many (0 when unreadable). */
static size_t list_children(pid_t *pids, size_t max)
{
	char path[64], text[8192];
	char *p, *end;
	size_t n = 0;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children",
		 (int)getpid());
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	len = xio_pread_full(fd, text, sizeof(text) - 1, 0);
	close(fd);
	if (len <= 0)
		return 0;
	text[len] = '\0';
	for (p = text; n < max; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0)
			pids[n++] = (pid_t)pid;
	}
	return n;
}

void leftovers_keep(struct leftovers *l, pid_t fixture_pid)
{
	pid_t pids[1024];
	size_t i, n = list_children(pids, 1024);

	for (i = 0; i < n; i++) {
		if (pids[i] == fixture_pid || is_kept(l, pids[i]))
			continue;
		l->kept = xrealloc(l->kept, (l->nkept + 1) * sizeof(*l->kept));
		l->kept[l->nkept].pid = pids[i];
		l->kept[l->nkept].pgid = getpgid(pids[i]);
		if (l->kept[l->nkept].pgid < 0)
			l->kept[l->nkept].pgid = 0;
		l->nkept++;
	}
}

void leftovers_forget_pid(struct leftovers *l, pid_t pid)
{
	size_t i;

	for (i = 0; i < l->nkept; i++)
		if (l->kept[i].pid == pid)
			l->kept[i].pid = 0;
}

void leftovers_forget_group(struct leftovers *l, pid_t pid)
{
	size_t i;

	for (i = 0; i < l->nkept; i++)
		if (l->kept[i].pgid == pid)
			l->kept[i].pgid = 0;
}

unsigned leftovers_sweep(struct leftovers *l, pid_t main_pid, int flags,
			 unsigned *nseen, unsigned *counted)
{
	pid_t pids[1024];
	unsigned alive;
	int reaped;

	do {
		size_t i, n = list_children(pids, 1024);

		alive = 0;
		reaped = 0;
		for (i = 0; i < n; i++) {
			pid_t pid = pids[i];
			siginfo_t si;
			unsigned j;
			int status;

			if (pid == main_pid ||
			    (flags & LEFTOVERS_SPARE_KEPT && is_kept(l, pid)))
				continue;
			/* One that already ended on its own left nothing. */
			memset(&si, 0, sizeof(si));
			if (waitid(P_PID, (id_t)pid, &si,
				   WEXITED | WNOHANG | WNOWAIT) == 0 &&
			    si.si_pid == pid) {
				waitpid(pid, &status, 0);
				reaped = 1;
				continue;
			}
			for (j = 0; j < *nseen && swept[j] != pid; j++)
				;
			if (j == *nseen) {
				if (!(flags & LEFTOVERS_GROUP_SIGNALLED) ||
				    getpgid(pid) != main_pid)
					(*counted)++;
				if (*nseen < SWEEP_MAX_PIDS)
					swept[(*nseen)++] = pid;
				kill(pid, SIGKILL);
				kill(-pid, SIGKILL);
			}
			if (waitpid(pid, &status, WNOHANG) == pid)
				reaped = 1;
			else
				alive++;
		}
	} while (reaped);
	return alive;
}

void leftovers_sweep_all(struct leftovers *l, long long until_ns)
{
	unsigned nseen = 0, counted = 0;

	/* We are leaving: waiting here (bounded) deafens no one. */
	while (leftovers_sweep(l, 0, 0, &nseen, &counted) &&
	       xio_now_ns() < until_ns) {
		struct timespec ts = {0, 1000000};

		nanosleep(&ts, NULL);
	}
}

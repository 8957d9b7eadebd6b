#include "cpus.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "xio.h"

int cpus_usable(int affinity, long long quota_us, long long period_us)
{
	int n = affinity > 0 ? affinity : 1;

	if (quota_us > 0 && period_us > 0) {
		long long q =
			quota_us / period_us + (quota_us % period_us != 0);

		if (q < n)
			n = (int)q;
	}
	return n > 0 ? n : 1;
}

int cpus_parse_cpu_max(const char *text, long long *quota_us,
		       long long *period_us)
{
	char *end;
	long long q, p;

	if (!strncmp(text, "max", 3) &&
	    (text[3] == ' ' || text[3] == '\n' || !text[3]))
		return 0;
	errno = 0;
	q = strtoll(text, &end, 10);
	if (end == text || *end != ' ' || q <= 0 || errno == ERANGE)
		return -1;
	text = end + 1;
	p = strtoll(text, &end, 10);
	if (end == text || (*end && *end != '\n') || p <= 0 || errno == ERANGE)
		return -1;
	*quota_us = q;
	*period_us = p;
	return 1;
}

int cpus_cgroup2_path(const char *s, char *out, unsigned size)
{
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (n >= 3 && !strncmp(s, "0::", 3)) {
			if (n - 3 >= size)
				return -1;
			memcpy(out, s + 3, n - 3);
			out[n - 3] = '\0';
			return 0;
		}
		s = nl ? nl + 1 : NULL;
	}
	return -1;
}

int cpus_env_override(const char *value, int *n)
{
	long v;

	if (!value || !*value)
		return 0;
	if (options_parse_count(value, 0, OPT_MAX_WORKERS, &v) < 0)
		return -1;
	*n = (int)v;
	return 1;
}

static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = xio_pread_full(fd, buf, size - 1, 0);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int affinity_count(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return cpus_logical();
	return CPU_COUNT(&set);
}

/* The lowest quota of this cgroup and its ancestors, in CPUs. */
static int cgroup2_limit(int n)
{
	char self[4096], path[PATH_MAX], text[128];
	long long q, p;
	char *slash;

	if (read_small("/proc/self/cgroup", self, sizeof(self)) < 0 ||
	    cpus_cgroup2_path(self, path, sizeof(path)) < 0)
		return n;
	for (;;) {
		char file[PATH_MAX + 64];

		snprintf(file, sizeof(file), "/sys/fs/cgroup%s/cpu.max",
			 strcmp(path, "/") ? path : "");
		if (read_small(file, text, sizeof(text)) == 0 &&
		    cpus_parse_cpu_max(text, &q, &p) == 1)
			n = cpus_usable(n, q, p);
		slash = strrchr(path, '/');
		if (!slash || slash == path)
			break;
		*slash = '\0';
	}
	return n;
}

static int cgroup1_limit(int n)
{
	static const char *const dirs[] = {
		"/sys/fs/cgroup/cpu,cpuacct",
		"/sys/fs/cgroup/cpu",
		NULL,
	};
	const char *const *d;
	char file[256], text[64];

	for (d = dirs; *d; d++) {
		long long q, p;

		snprintf(file, sizeof(file), "%s/cpu.cfs_quota_us", *d);
		if (read_small(file, text, sizeof(text)) < 0)
			continue;
		q = strtoll(text, NULL, 10);
		snprintf(file, sizeof(file), "%s/cpu.cfs_period_us", *d);
		if (read_small(file, text, sizeof(text)) < 0)
			continue;
		p = strtoll(text, NULL, 10);
		return cpus_usable(n, q, p);
	}
	return n;
}

int cpus_auto(void)
{
	return cgroup1_limit(cgroup2_limit(affinity_count()));
}

int cpus_logical(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)(n > INT_MAX ? INT_MAX : n) : 1;
}

int cpus_local_workers(const struct options *o, const char *env_value,
		       int *bad_env)
{
	int n;

	*bad_env = 0;
	if (o->ntx && !o->numproc_given)
		return 0;
	if (o->numproc_mode == NUMPROC_COUNT)
		return o->numprocesses;
	n = o->numproc_mode == NUMPROC_AUTO ? cpus_auto() : cpus_logical();
	if (cpus_env_override(env_value, &n) < 0)
		*bad_env = 1;
	return n;
}

/*
 * cpus: how many workers -n auto and -n logical mean.
 *
 * cpus_usable() is the pure rule, unit-tested with injected inputs;
 * cpus_auto() and cpus_logical() read the machine (sched_getaffinity,
 * /proc/self/cgroup, /sys/fs/cgroup) and apply it.
 */
#ifndef XDIST_CPUS_H
#define XDIST_CPUS_H

/*
 * The CPUs a process may use: its affinity count, lowered to the cgroup CPU
 * quota rounded up when a quota is set.  quota_us <= 0 or period_us <= 0
 * means no quota.  Never less than 1.
 */
int cpus_usable(int affinity, long long quota_us, long long period_us);

/*
 * Parse a cgroup v2 cpu.max ("max 100000", "150000 100000").  Returns 1 with
 * the quota set, 0 for "max" (no quota), -1 when malformed.
 */
int cpus_parse_cpu_max(const char *text, long long *quota_us,
		       long long *period_us);

/*
 * The cgroup v2 path of this process from /proc/self/cgroup contents (the
 * "0::/path" line), copied into out.  Returns 0, or -1 if there is none.
 */
int cpus_cgroup2_path(const char *proc_self_cgroup, char *out, unsigned size);

/*
 * PYTEST_XDIST_AUTO_NUM_WORKERS: returns 1 with *n set for a valid count,
 * 0 when unset or empty, -1 when set to something that is not a count.
 */
int cpus_env_override(const char *value, int *n);

/* Edge: the machine's answer. */
int cpus_auto(void);
int cpus_logical(void);

struct options;

/*
 * The workers o asks for on this host, before --maxprocesses and the
 * other caps: -n N; -n auto or logical (the machine's count, unless
 * env_value, PYTEST_XDIST_AUTO_NUM_WORKERS's value, overrides it: when
 * it is set and not a count, *bad_env is 1 and it is ignored); 0 with
 * --tx and no -n.
 */
int cpus_local_workers(const struct options *o, const char *env_value,
		       int *bad_env);

#endif

/*
 * isolation: what --isolate, --sandbox and --seccomp-deny (and the list
 * attributes isolate= and sandbox=) ask for, as plain data, and the rules
 * a seccomp filter is built from.  Pure: no syscalls, no libseccomp; the
 * filter itself is engine/filter.c's, the namespaces engine/namespaces.c's.
 */
#ifndef XDIST_ISOLATION_H
#define XDIST_ISOLATION_H

#include <stddef.h>

#include "buf.h"

/* --isolate: namespaces every worker gets at its start. */
enum isolate_flag {
	ISOLATE_NET = 1 << 0, /* own network namespace, loopback up */
	ISOLATE_TMP = 1 << 1, /* private /tmp and /var/tmp (mount namespace) */
	ISOLATE_PID = 1 << 2, /* own pid namespace, its /proc; the worker is
				 its init */
};

/* --sandbox: seccomp profiles. */
enum sandbox_profile {
	SANDBOX_NONET = 1 << 0,	   /* socket(AF_INET|AF_INET6|AF_PACKET) */
	SANDBOX_GUARD = 1 << 1,	   /* reboot, modules, swap, clock, mount */
	SANDBOX_NOPTRACE = 1 << 2, /* ptrace, process_vm_readv/writev */
};

/*
 * "net,tmp" into *flags (added to what is there).  Returns 0, or -1 with
 * one line in err naming the bad word: "'x' is not one of net, tmp, pid".
 * An empty list and empty words are errors too.
 */
int isolate_parse(const char *s, unsigned *flags, struct buf *err);
/* "net,tmp" for flags, into out (nothing for 0). */
void isolate_describe(unsigned flags, struct buf *out);

/* --tmpdir and --home: where a test's TMPDIR or HOME is. */
enum scratch_scope {
	SCRATCH_OFF,	    /* the run's own, untouched */
	SCRATCH_PER_TEST,   /* a fresh directory for each test */
	SCRATCH_PER_WORKER, /* one for each worker, kept for its life */
};

/* "per-test", "per-worker" or "off" into *out: 0, or -1 with one line in
   err ("'x' is not one of per-test, per-worker, off"). */
int scratch_scope_parse(const char *s, enum scratch_scope *out,
			struct buf *err);

/* "nonet,guard" into *profiles (added), as isolate_parse. */
int sandbox_parse(const char *s, unsigned *profiles, struct buf *err);
void sandbox_describe(unsigned profiles, struct buf *out);

/*
 * --seccomp-deny=NAME[,NAME]: append each name to *list ("a,b", no
 * duplicates, in the order first given).  A name is [a-z0-9_]+ (what the
 * kernel's tables hold); anything else is -1 with one line in err.
 * Whether the kernel knows the name is for libseccomp to say
 * (filter_check_names).
 */
int seccomp_names_add(const char *s, struct buf *list, struct buf *err);

/*
 * One rule of a filter: refuse syscall with EPERM, or only when its first
 * argument equals arg0 (has_arg0).  name is static or points into the
 * deny list given to sandbox_rules.
 */
struct sandbox_rule {
	const char *name;
	int has_arg0;
	long arg0;
};

#define SANDBOX_MAX_RULES 64

/*
 * The rules for profiles and a deny list ("a,b", or NULL), given the
 * isolation in force (guard allows mount and umount2 under ISOLATE_TMP:
 * the test then has a mount namespace of its own).  Writes at most cap
 * rules to out and returns how many there are (more than cap: call again
 * with room).  deny's names are cut at the commas in place: pass a copy.
 */
size_t sandbox_rules(unsigned profiles, char *deny, unsigned isolate,
		     struct sandbox_rule *out, size_t cap);

/*
 * XDIST_SANDBOX's value: the profiles, then "deny:NAME" for each denied
 * syscall, comma-separated ("nonet,deny:ptrace").  Empty: no filter.
 */
void sandbox_env_value(unsigned profiles, const char *deny, struct buf *out);

#endif

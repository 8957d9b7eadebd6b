/*
 * txspec: --tx gateway specs (execnet's syntax) and the command lines that
 * reach a target: ssh, an exec= command, rsync.  Pure: strings in, strings
 * and argv vectors out; no syscalls.
 *
 * A spec is  [N*]TYPE[//KEY=VALUE]...  with TYPE one of
 *
 *   popen            a local worker, as -n starts
 *   ssh=[OPTS ]HOST  OPTS (words, split as a shell would) go to ssh before
 *                    HOST, the last word, [user@]host
 *   exec=COMMAND     a shell command that, given a command line appended,
 *                    runs it on the target with stdin/stdout connected
 *                    (srun, kubectl exec -i POD --, docker exec -i C)
 *
 * and KEY one of chdir (the worker's directory, created when missing;
 * relative to where the target starts it: the remote home over ssh) and
 * xdist-exec (the target's executable, instead of looking it up in PATH
 * or bootstrapping one).  N is 1 to TXSPEC_MAX_COUNT.
 */
#ifndef XDIST_TXSPEC_H
#define XDIST_TXSPEC_H

#include <stddef.h>

#include "buf.h"

#define TXSPEC_MAX_COUNT 1024

enum tx_kind { TX_POPEN, TX_SSH, TX_EXEC };

struct txspec {
	enum tx_kind kind;
	int count;	  /* N of N*, 1 without */
	char *spec;	  /* as written, N* dropped: for messages */
	char *target;	  /* the spec without N* and //xdist-exec=: equal
			     targets are prepared (probed, synced) once */
	char **ssh_opts;  /* ssh: the words before the host, NULL-terminated */
	char *host;	  /* ssh: [user@]host; exec: the command; popen:
			     "localhost".  XDIST_HOST */
	char *chdir;	  /* //chdir=, or NULL */
	char *xdist_exec; /* //xdist-exec=, or NULL */
	unsigned ssh_defaults; /* ssh: which of our defaults txspec_argv
				  passes (TXSPEC_SSH_*): all once parsed;
				  txspec_ssh_unset narrows it */
};

/* Our ssh defaults, each passed unless the user's ssh configuration for
   the target sets that option (txspec_ssh_unset). */
#define TXSPEC_SSH_ALIVE_INTERVAL 1u  /* -o ServerAliveInterval=15 */
#define TXSPEC_SSH_ALIVE_COUNT 2u     /* -o ServerAliveCountMax=3 */
#define TXSPEC_SSH_CONNECT_TIMEOUT 4u /* -o ConnectTimeout=30 */
#define TXSPEC_SSH_DEFAULTS 7u	      /* all three */

/*
 * Parse s into t (owned strings; txspec_release frees them).  Returns 0,
 * or -1 with one line in err naming the spec and what is wrong (unknown
 * type, unknown or repeated key, an empty value, a bad count, ssh without
 * a host); t is then released.
 */
int txspec_parse(const char *s, struct txspec *t, struct buf *err);
void txspec_release(struct txspec *t);

/* A NULL-terminated argv whose strings and array are owned by the caller
   (txspec_argv_free). */
void txspec_argv_free(char **argv);

/*
 * The local argv that runs remote (a NULL-terminated argv for the target)
 * on t's target with our stdin and stdout connected:
 *   ssh:  ssh -o BatchMode=yes OPTS... -o ServerAliveInterval=15
 *         -o ServerAliveCountMax=3 -o ConnectTimeout=30
 *         -- HOST 'QUOTED REMOTE ARGV'
 *   exec: /bin/sh -c 'COMMAND "$@"' sh REMOTE...
 * (ssh takes the first value of an option, command line before config
 * files, so the user's OPTS win over the keep-alives and the connect
 * timeout, which would win over ssh_config: those of the three not in
 * t->ssh_defaults are left out; BatchMode wins over the user's.)
 * Not for popen.
 */
char **txspec_argv(const struct txspec *t, const char *const *remote);

/*
 * ssh's argv that prints its configuration for t's target (ssh) without
 * connecting: ssh -G OPTS... -- HOST.
 */
char **txspec_ssh_config_argv(const struct txspec *t);

/*
 * Of our ssh defaults (TXSPEC_SSH_*), those that config, ssh -G's output
 * for the target, leaves to us.  ssh -G prints ssh's own default for an
 * option not set, so an option counts as the user's when its value
 * differs from that default and still bounds the wait:
 * serveraliveinterval above 0, serveralivecountmax other than 3 (ours
 * too), connecttimeout above 0.  Unset, "none", 0 for the interval or the
 * timeout (ssh would wait forever; unset and set to it look alike), a
 * value not understood, or an option missing: ours stays.  NULL: all.
 */
unsigned txspec_ssh_unset(const char *config);

/*
 * The shell text rsync's -e runs to reach t's target (put in the
 * environment as TXSPEC_RSH_ENV; rsync appends a host and its command):
 *   ssh:  ssh -o BatchMode=yes OPTS... "$@"    (host: HOST)
 *   exec: COMMAND "$@"                          (host: "env", so that the
 *                                               target runs env rsync ...)
 * Caller frees.  Not for popen.
 */
#define TXSPEC_RSH_ENV "XDIST_EXEC_RSH"
char *txspec_rsh(const struct txspec *t);

/*
 * rsync's argv to copy dir into t's chdir (the remote home without one),
 * keeping dir's relative path (dir/sub lands in CHDIR/dir/sub); an
 * absolute dir, or one with "..", lands as CHDIR/BASENAME.  Each of
 * ignores becomes --exclude=GLOB.  With popen the destination is the
 * local chdir.  -a --delete: the copy mirrors dir.
 */
char **txspec_rsync_argv(const struct txspec *t, const char *dir,
			 const char *const *ignores, size_t nignores);

/*
 * The probe run on a target before its workers (with sh -c): prints the
 * machine (`uname -m`), then one line: "use PATH" (an xdist-exec speaking
 * protocol proto is there: //xdist-exec=, else in PATH, else in the
 * cache), "need DIR" (none: bootstrap into DIR, the cache directory
 * ${XDG_CACHE_HOME:-$HOME/.cache}/xdist-exec/KEY) or "bad PATH" (the
 * //xdist-exec= given is not one).  It creates chdir first, if any.
 */
char *txspec_probe_script(const struct txspec *t, const char *key,
			  unsigned proto);

/*
 * The script that writes its stdin to DIR/NAME atomically (mode 0755),
 * creating DIR; for the bootstrap copy.
 */
char *txspec_copy_script(const char *dir, const char *name);

/* s quoted for a POSIX shell ('...', with ' as '\''), appended to out. */
void txspec_quote(struct buf *out, const char *s);

#endif

/*
 * once: the run-once protocol.  One implementation, linked into libxdist
 * (behind xdist_once()) and into the launcher (behind `xdist-exec once`).
 *
 * State lives in $XDIST_RUN_DIR/once/, created 0700 when missing.  For each
 * key (any string) there are up to three files, named by once_key_name():
 *
 *   NAME.lock  empty; only ever flock()ed, never removed during a run
 *   NAME.rec   the record: a header (once_header_encode) then the output
 *   NAME.tmp   a record being written; renamed to NAME.rec when complete
 *
 * once_run() takes LOCK_EX on NAME.lock.  If NAME.rec exists it reads it;
 * otherwise it runs the work with its output going to NAME.tmp, writes the
 * header, renames NAME.tmp to NAME.rec and only then unlocks.  A record
 * therefore exists only once the work has finished.  If the holder dies
 * (crash, SIGKILL) the kernel drops its lock, no record exists, and the
 * next waiter runs the work itself, replacing the stale NAME.tmp.
 *
 * Code here is linked into the preload shim: it never exits, never prints,
 * never allocates, and every fd it opens is close-on-exec.  Locks are
 * flock() locks (never fcntl record locks, which the host closing any fd
 * on the file would drop).  Not async-signal-safe.
 */
#ifndef XDIST_ONCE_H
#define XDIST_ONCE_H

#include <stddef.h>
#include <stdint.h>

/* Size of a buffer that holds any name once_key_name() produces. */
#define ONCE_NAME_MAX 64

/* Size of the record header (once_header_encode/decode). */
#define ONCE_HDR_SIZE 24

/* Record format version written by this code; decode accepts only it. */
#define ONCE_VERSION 1

/*
 * The outcome of once_run(); the caller owns it (once_record_init before,
 * once_record_release after).
 */
struct once_record {
	int status;	/* the work's return value */
	int fd;		/* owned: readable, close-on-exec, positioned at the
			   first output byte; -1 when not open */
	uint64_t len;	/* output bytes available from fd */
	int save_errno; /* 0, or (only when once_run returned 1) why the
			   record could not be saved: later callers will
			   run the work again */
};

/*
 * The work.  Writes its output (if any) to out_fd, which it does not own:
 * a regular file positioned just past the reserved header, so a child
 * process can inherit it as its stdout (it is close-on-exec: dup2 it).
 * The work must not close out_fd.  Returns the status to record; any int
 * is allowed.
 */
typedef int (*once_work_fn)(void *arg, int out_fd);

void once_record_init(struct once_record *rec);

/* Close rec->fd if open; preserves errno.  rec can be re-used after. */
void once_record_release(struct once_record *rec);

/*
 * Run work at most once per key across every process using run_dir.
 * run_dir must exist (the launcher's $XDIST_RUN_DIR).  Blocks, retrying on
 * EINTR, while another process holds the key.  On return 1 or 0, rec holds
 * the status and an open fd on the output (release it); on -1 rec->fd is
 * -1.  Preserves errno when it returns 1 or 0.
 *
 * Returns 1 if this caller ran the work (rec->save_errno says whether the
 * record was saved), 0 if it read the record another caller saved, -1 with
 * errno set if the work was not run: run_dir or once/ unusable (ENOENT,
 * EACCES, ENOTDIR, ELOOP...), EINVAL (NULL argument), EBADMSG (a record
 * exists but is truncated or garbage; it is left in place), or an I/O error.
 */
int once_run(const char *run_dir, const char *key, once_work_fn work, void *arg,
	     struct once_record *rec);

/*
 * Pure: map any key to a file name for the state files.  The name is a
 * readable prefix (the key's first bytes, [A-Za-z0-9_.-] kept, others and
 * a leading '.' or '-' turned to '_', "_" when the key is empty), '-', and
 * the 16 lowercase hex digits of the 64-bit FNV-1a hash of the whole key.
 * It never contains '/', never starts with '.', and is shorter than
 * ONCE_NAME_MAX.  Equal keys give equal names; distinct keys collide only
 * if their hashes do (about 2^-64 per pair; not meant to resist an
 * adversary choosing keys).
 *
 * Returns the name's length (buf NUL-terminated), or -1 with errno EINVAL
 * (NULL key or buf) or ERANGE (size too small; ONCE_NAME_MAX always fits).
 */
int once_key_name(const char *key, char *buf, size_t size);

/* Pure: 64-bit FNV-1a of len bytes (offset basis 0xcbf29ce484222325). */
uint64_t once_fnv1a64(const void *data, size_t len);

/*
 * Pure: the record header, little-endian, ONCE_HDR_SIZE bytes:
 *   0  8  magic "XDONCE\r\n"
 *   8  4  version (ONCE_VERSION)
 *  12  4  status (two's complement)
 *  16  8  output length in bytes (the output follows the header)
 */
void once_header_encode(unsigned char out[ONCE_HDR_SIZE], int status,
			uint64_t len);

/*
 * Decode the first n bytes of a record.  Returns 0 and fills *status and
 * *len, or -1 with errno EBADMSG if n < ONCE_HDR_SIZE, the magic is wrong,
 * the version is not ONCE_VERSION, or len exceeds INT64_MAX - header size.
 * Whether the record holds len output bytes is the caller's check.
 */
int once_header_decode(const unsigned char *buf, size_t n, int *status,
		       uint64_t *len);

#endif

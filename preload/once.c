#include "once.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h> /* renameat */
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xio.h"

/* Readable bytes of the key kept at the front of a name. */
#define NAME_PREFIX_MAX 40
/* Longest suffix added to a name: ".lock". */
#define SUFFIX_MAX 5

/* The first 8 bytes of a record (the string's NUL is not part of it). */
#define MAGIC "XDONCE\r\n"
#define MAGIC_LEN 8

uint64_t once_fnv1a64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int name_byte_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

int once_key_name(const char *key, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t klen, n = 0, i;
	uint64_t h;

	if (!key || !buf) {
		errno = EINVAL;
		return -1;
	}
	klen = strlen(key);
	/* prefix, '-', 16 hex digits, NUL */
	n = klen == 0 ? 1 : klen < NAME_PREFIX_MAX ? klen : NAME_PREFIX_MAX;
	if (size < n + 18) {
		errno = ERANGE;
		return -1;
	}
	n = 0;
	for (i = 0; i < klen && n < NAME_PREFIX_MAX; i++) {
		unsigned char c = (unsigned char)key[i];

		/* No hidden files, nothing that reads as an option. */
		if (!name_byte_ok(c) || (n == 0 && (c == '.' || c == '-')))
			c = '_';
		buf[n++] = (char)c;
	}
	if (n == 0)
		buf[n++] = '_';
	buf[n++] = '-';
	h = once_fnv1a64(key, klen);
	for (i = 0; i < 16; i++)
		buf[n++] = hex[(h >> (60 - 4 * i)) & 0xf];
	buf[n] = '\0';
	return (int)n;
}

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = bytes - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

void once_header_encode(unsigned char out[ONCE_HDR_SIZE], int status,
			uint64_t len)
{
	memcpy(out, MAGIC, MAGIC_LEN);
	put_le(out + 8, ONCE_VERSION, 4);
	put_le(out + 12, (uint32_t)status, 4);
	put_le(out + 16, len, 8);
}

int once_header_decode(const unsigned char *buf, size_t n, int *status,
		       uint64_t *len)
{
	uint32_t st;
	uint64_t l;

	if (!buf || n < ONCE_HDR_SIZE || memcmp(buf, MAGIC, MAGIC_LEN) ||
	    get_le(buf + 8, 4) != ONCE_VERSION)
		goto bad;
	l = get_le(buf + 16, 8);
	if (l > (uint64_t)INT64_MAX - ONCE_HDR_SIZE)
		goto bad;
	st = (uint32_t)get_le(buf + 12, 4);
	/* Two's complement back to int without implementation-defined casts. */
	*status = st <= (uint32_t)INT_MAX ? (int)st : -(int)(~st) - 1;
	*len = l;
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

void once_record_init(struct once_record *rec)
{
	rec->status = 0;
	rec->fd = -1;
	rec->len = 0;
	rec->save_errno = 0;
}

void once_record_release(struct once_record *rec)
{
	int e = errno;

	if (rec->fd >= 0)
		close(rec->fd);
	once_record_init(rec);
	errno = e;
}

static void close_keep_errno(int fd)
{
	int e = errno;

	if (fd >= 0)
		close(fd);
	errno = e;
}

/* $run_dir/once, created 0700 if missing.  Returns a directory fd or -1. */
static int open_once_dir(const char *run_dir)
{
	int dfd, ofd = -1;

	dfd = open(run_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	/* Every worker may race to create it: EEXIST is success. */
	if (mkdirat(dfd, "once", 0700) < 0 && errno != EEXIST)
		goto out;
	ofd = openat(dfd, "once",
		     O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
out:
	close_keep_errno(dfd);
	return ofd;
}

static void make_name(char *out, const char *name, const char *suffix)
{
	size_t n = strlen(name);

	memcpy(out, name, n);
	memcpy(out + n, suffix, strlen(suffix) + 1);
}

/*
 * Open and check NAME.rec.  Returns 1 (rec filled, fd at the output), 0 (no
 * record), -1 (errno; EBADMSG for a truncated or garbage record).
 */
static int read_record(int dir, const char *name, struct once_record *rec)
{
	char path[ONCE_NAME_MAX + SUFFIX_MAX];
	unsigned char hdr[ONCE_HDR_SIZE];
	struct stat st;
	uint64_t len;
	ssize_t n;
	int fd, status;

	make_name(path, name, ".rec");
	fd = openat(dir, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	n = xio_pread_full(fd, hdr, sizeof(hdr), 0);
	if (n < 0 || fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode) ||
	    once_header_decode(hdr, (size_t)n, &status, &len) < 0 ||
	    (uint64_t)st.st_size < ONCE_HDR_SIZE + len) {
		errno = EBADMSG;
		goto fail;
	}
	if (lseek(fd, ONCE_HDR_SIZE, SEEK_SET) < 0)
		goto fail;
	rec->status = status;
	rec->len = len;
	rec->fd = fd;
	return 1;
fail:
	close_keep_errno(fd);
	return -1;
}

/*
 * Under the lock, with no record: run the work into NAME.tmp, then save it
 * as NAME.rec.  Returns 1 once the work has run (a failure to save goes to
 * rec->save_errno), -1 (errno) if it could not be started.
 */
static int run_work(int dir, const char *name, once_work_fn work, void *arg,
		    struct once_record *rec)
{
	char tmp[ONCE_NAME_MAX + SUFFIX_MAX], path[ONCE_NAME_MAX + SUFFIX_MAX];
	unsigned char hdr[ONCE_HDR_SIZE];
	struct stat st;
	int fd;

	make_name(tmp, name, ".tmp");
	make_name(path, name, ".rec");
	/* Left by a holder that died; we hold the lock, so nobody owns it. */
	if (unlinkat(dir, tmp, 0) < 0 && errno != ENOENT)
		return -1;
	fd = openat(dir, tmp,
		    O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW |
			    O_NOCTTY,
		    0600);
	if (fd < 0)
		return -1;
	if (lseek(fd, ONCE_HDR_SIZE, SEEK_SET) < 0) {
		close_keep_errno(fd);
		unlinkat(dir, tmp, 0);
		return -1;
	}

	rec->status = work(arg, fd);

	/*
	 * The size, not our offset: a child writing through its own dup
	 * moves the shared offset, but one that opened the file anew would
	 * not.
	 */
	if (fstat(fd, &st) < 0) {
		rec->save_errno = errno;
	} else {
		if (st.st_size > ONCE_HDR_SIZE)
			rec->len = (uint64_t)st.st_size - ONCE_HDR_SIZE;
		once_header_encode(hdr, rec->status, rec->len);
		if (xio_pwrite_all(fd, hdr, sizeof(hdr), 0) < 0 ||
		    renameat(dir, tmp, dir, path) < 0)
			rec->save_errno = errno;
	}
	if (rec->save_errno)
		unlinkat(dir, tmp, 0);
	if (lseek(fd, ONCE_HDR_SIZE, SEEK_SET) < 0) {
		close(fd);
		fd = -1;
		rec->len = 0;
	}
	rec->fd = fd;
	return 1;
}

static int lock_ex(int fd)
{
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

int once_run(const char *run_dir, const char *key, once_work_fn work, void *arg,
	     struct once_record *rec)
{
	char name[ONCE_NAME_MAX], path[ONCE_NAME_MAX + SUFFIX_MAX];
	int saved = errno, saved_fail, dir = -1, lock = -1, ret = -1;

	if (!rec) {
		errno = EINVAL;
		return -1;
	}
	once_record_init(rec);
	if (!run_dir || !work) {
		errno = EINVAL;
		return -1;
	}
	if (once_key_name(key, name, sizeof(name)) < 0)
		return -1;
	dir = open_once_dir(run_dir);
	if (dir < 0)
		goto out;
	/* A record is complete once it exists: no need to queue for it. */
	ret = read_record(dir, name, rec);
	if (ret != 0) {
		ret = ret > 0 ? 0 : -1;
		goto out;
	}
	make_name(path, name, ".lock");
	lock = openat(dir, path,
		      O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
		      0600);
	if (lock < 0 || lock_ex(lock) < 0) {
		ret = -1;
		goto out;
	}
	ret = read_record(dir, name, rec);
	if (ret > 0)
		ret = 0;
	else if (ret == 0)
		ret = run_work(dir, name, work, arg, rec);
	/*
	 * Explicitly: a child the work forked (and that has not exec'd yet)
	 * shares this open file description, and with it the lock.
	 */
	saved_fail = errno;
	flock(lock, LOCK_UN);
	errno = saved_fail;
out:
	close_keep_errno(lock);
	close_keep_errno(dir);
	if (ret >= 0)
		errno = saved;
	return ret;
}

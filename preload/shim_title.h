/*
 * shim_title: the pure half of the shim's retitling.  No syscalls, no
 * allocation; shim.c does the checks and the mmap, these do the bytes.
 *
 * The kernel shows /proc/PID/cmdline from the process's own memory: the
 * argv strings, laid out back to back from mm->arg_start to mm->arg_end,
 * directly followed by the environment strings up to mm->env_end.  If the
 * last byte of the argv area (arg_end - 1) is a NUL, cmdline is the argv
 * area as is; if it is not, the kernel assumes setproctitle() and shows
 * everything from arg_start up to the first NUL (at most one page), even
 * past arg_end into the environment area (fs/proc/base.c, get_mm_cmdline
 * and get_mm_proctitle).  Retitling thus means: copy the strings that will
 * be overwritten elsewhere, repoint every pointer to them, write the title
 * at arg_start, and make sure the kernel reads exactly the title.
 */
#ifndef XDIST_SHIM_TITLE_H
#define XDIST_SHIM_TITLE_H

#include <stddef.h>

/*
 * Longest title, NUL included: the kernel reads a setproctitle-style
 * cmdline from a single page, and no Linux page is smaller than this.
 */
#define SHIM_TITLE_MAX 4096

/* The argv + environ string area of a process.  Owns nothing. */
struct shim_title_area {
	char *start;	/* argv[0] == the kernel's arg_start */
	char *argv_end; /* one past the last argv string's NUL (arg_end) */
	char *end;	/* one past the last environ string that follows
			   contiguously, in environ order; >= argv_end */
};

/*
 * Format "[xdist-exec WORKER] ID" into buf (NULL worker or id reads as "").
 * Truncates to fit size - 1 bytes without splitting a UTF-8 sequence and
 * always NUL-terminates when size > 0.  Returns the length written.
 */
size_t shim_title_format(char *buf, size_t size, const char *worker,
			 const char *id);

/*
 * Parse a pid written as decimal digits only (XDIST_TEST_PID).  Returns it,
 * or -1 if s is NULL, empty, has any other byte, or exceeds 2^31 - 1.
 */
long shim_title_parse_pid(const char *s);

/*
 * Parse fields 48-51 (arg_start, arg_end, env_start, env_end; Linux 3.5+)
 * out of the first n bytes of /proc/self/stat into out[0..3].  The comm
 * field may hold spaces and parentheses: fields are counted from the last
 * ')'.  Returns 0, or -1 if a field is missing or not a number.
 */
int shim_title_parse_stat(const char *buf, size_t n, unsigned long out[4]);

/*
 * Find the string area: argv[0..argc-1] must lie back to back, each right
 * after the previous one's NUL; then the environ strings are taken in
 * order as long as each starts where the previous one ended.  Returns 0,
 * or -1 (area untouched) if argc < 1 or argv is not laid out that way
 * (someone already moved it).
 */
int shim_title_find_area(struct shim_title_area *a, int argc, char *const *argv,
			 char *const *envp);

/* Room for the title, NUL included: min(end - start, SHIM_TITLE_MAX). */
size_t shim_title_room(const struct shim_title_area *a);

/*
 * How many bytes from a->start a title of len bytes (len < room) changes:
 * the whole argv area, and, when the title runs past it, up to the end of
 * the environ string where the title's NUL falls.  Every string that
 * overlaps these bytes must be copied (shim_title_apply does it).
 */
size_t shim_title_cover(const struct shim_title_area *a, size_t len);

/*
 * Copy the cover bytes to copy (cover bytes, caller-owned, never freed
 * while the strings are in use), then write title (len bytes, len < room,
 * not overlapping the area) and its NUL at a->start and clear the rest of
 * the cover.  If the title ends before the last byte of the argv area,
 * that byte is set to '.' so that the kernel shows the title alone, not
 * the title followed by NULs.  Changes no pointer: the caller repoints
 * argv, environ and the rest with shim_title_relocate before anything
 * reads them again.
 */
void shim_title_apply(const struct shim_title_area *a, size_t cover, char *copy,
		      const char *title, size_t len);

/*
 * If *p points into the first cover bytes of the area, point it at the
 * same byte of copy instead.  Idempotent.  NULL-safe (p and *p).
 */
void shim_title_relocate(const struct shim_title_area *a, size_t cover,
			 char *copy, char **p);

#endif

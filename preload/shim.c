/*
 * The LD_PRELOAD half of libxdist: a guest in the test's process.  Its one
 * effect is the process title of the test's top process; see shim_title.h
 * for how the kernel shows cmdline and docs/preload.md for the contract.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shim_title.h"

extern char **environ;
/* glibc: aliases of program_invocation_name / _short_name; weak for libcs
   without them. */
extern char *__progname __attribute__((weak));
extern char *__progname_full __attribute__((weak));

/*
 * The kernel's view of our string area, from /proc/self/stat.  Returns 0,
 * or -1 when it cannot be had (no /proc, a kernel older than 3.5): then
 * nobody can read our cmdline either, so there is nothing to retitle.
 */
static int kernel_area(unsigned long out[4])
{
	char buf[2048];
	size_t n = 0;
	ssize_t r;
	int fd;

	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	while (n < sizeof(buf)) {
		r = read(fd, buf + n, sizeof(buf) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	return shim_title_parse_stat(buf, n, out);
}

static void relocate_all(const struct shim_title_area *a, size_t cover,
			 char *copy, int argc, char **argv, char **envp)
{
	char **p;
	int i;

	for (i = 0; i < argc; i++)
		shim_title_relocate(a, cover, copy, &argv[i]);
	for (p = environ; p && *p; p++)
		shim_title_relocate(a, cover, copy, p);
	/* A constructor that ran before us may have replaced environ. */
	for (p = envp; envp != environ && p && *p; p++)
		shim_title_relocate(a, cover, copy, p);
	shim_title_relocate(a, cover, copy, &program_invocation_name);
	shim_title_relocate(a, cover, copy, &program_invocation_short_name);
	if (&__progname)
		shim_title_relocate(a, cover, copy, &__progname);
	if (&__progname_full)
		shim_title_relocate(a, cover, copy, &__progname_full);
}

static void retitle(int argc, char **argv, char **envp)
{
	const char *worker = getenv("XDIST_WORKER");
	const char *id = getenv("XDIST_TEST_ID");
	const char *pid = getenv("XDIST_TEST_PID");
	struct shim_title_area a;
	unsigned long k[4];
	char title[SHIM_TITLE_MAX];
	size_t len, cover;
	char *copy;

	if (!getenv("XDIST_RUN_DIR") || !worker || !id || !pid)
		return;
	/* Only the test's top process: its children keep their own argv. */
	if (shim_title_parse_pid(pid) != (long)getpid())
		return;
	if (shim_title_find_area(&a, argc, argv, environ) < 0)
		return;
	/*
	 * Only the area the kernel reports as ours.  This also keeps us off
	 * argv that someone (a second copy of this library, ld.so run as a
	 * command) has already moved or shifted.
	 */
	if (kernel_area(k) < 0 || k[0] != (unsigned long)a.start ||
	    k[1] != (unsigned long)a.argv_end)
		return;
	if (k[2] != k[1] || k[3] < k[2])
		a.end = a.argv_end; /* the kernel reads no further either */
	else if ((unsigned long)a.end > k[3])
		a.end = (char *)k[3];
	if (a.end > a.argv_end && a.end[-1] != '\0')
		a.end = a.argv_end; /* k[3] cut a string: stay clear of it */

	/* The title is built before the area (holding id) is overwritten. */
	len = shim_title_format(title, shim_title_room(&a), worker, id);
	cover = shim_title_cover(&a, len);
	copy = mmap(NULL, cover, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (copy == MAP_FAILED)
		return;
	shim_title_apply(&a, cover, copy, title, len);
	relocate_all(&a, cover, copy, argc, argv, envp);
}

/*
 * glibc calls ELF constructors (.init_array) with (argc, argv, envp); other
 * libcs (musl) pass nothing, so only glibc builds retitle.
 */
__attribute__((constructor)) static void shim_init(int argc, char **argv,
						   char **envp)
{
	int saved = errno;

#ifdef __GLIBC__
	retitle(argc, argv, envp);
#else
	(void)argc;
	(void)argv;
	(void)envp;
#endif
	errno = saved;
}

#include "automake_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "testlist.h"
#include "xio.h"

/* automake's "hard error": the harness reports ERROR, whatever else. */
#define EXIT_HARD_ERROR 99

static int fail(const char *name, const char *why)
{
	fprintf(stderr, "xdist-exec automake-collect: %s%s%s\n",
		name ? name : "", name ? ": " : "", why);
	return EXIT_HARD_ERROR;
}

/* The value of option opt at argv[*i]: "--opt=V" or "--opt V". */
static const char *value_of(const char *opt, int argc, char **argv, int *i)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

int automake_cmd_main(int argc, char **argv)
{
	const char *name = NULL, *trs = NULL, *xfail = "no", *v;
	struct buf line = BUF_INIT;
	int i, fd, rc = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if ((v = value_of("--test-name", argc, argv, &i)))
			name = v;
		else if ((v = value_of("--trs-file", argc, argv, &i)))
			trs = v;
		else if ((v = value_of("--expect-failure", argc, argv, &i)))
			xfail = v;
		else if (value_of("--log-file", argc, argv, &i) ||
			 value_of("--color-tests", argc, argv, &i) ||
			 value_of("--enable-hard-errors", argc, argv, &i))
			continue;
	}
	if (!trs)
		return fail(name, "no --trs-file");
	if (i + 1 >= argc)
		return fail(name, "no command after '--'");
	testlist_format_line(&line, argc - i - 1,
			     (const char *const *)(argv + i + 1));
	if (name && *name && !strpbrk(name, " \t"))
		buf_addf(&line, " #@ name=%s", name);
	/* XFAIL_TESTS: an expected failure (xdist-exec.am runs with
	   --xfail-strict: a pass fails `make check`, as the harness's XPASS
	   does). */
	if (!strcmp(xfail, "yes"))
		buf_adds(&line, name && *name && !strpbrk(name, " \t")
					? " xfail"
					: " #@ xfail");
	buf_addch(&line, '\n');
	fd = open(trs, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || xio_write_all(fd, line.data, line.len) < 0 ||
	    close(fd) < 0) {
		char why[512];

		snprintf(why, sizeof(why), "cannot write '%s': %s", trs,
			 strerror(errno));
		rc = fail(name, why);
	}
	buf_release(&line);
	return rc;
}

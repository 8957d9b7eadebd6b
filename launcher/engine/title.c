#include "title.h"

#include <stdarg.h>
#include <stdio.h>
#include <bsd/unistd.h>

#include "dynlib.h"

extern char **environ;

/* libbsd, loaded by the worker alone (dynlib.h); NULL: no titles. */
static struct {
	__typeof__(setproctitle_init) *init;
	__typeof__(setproctitle) *set;
} bsd;

void title_init(int argc, char **argv)
{
	const struct dynlib_sym syms[] = {{"setproctitle_init", &bsd.init},
					  {"setproctitle", &bsd.set}};
	struct buf err = BUF_INIT;

	if (!dynlib_load("libbsd.so.0", "libbsd0", syms, 2, &err)) {
		/* A worker without titles still runs every test. */
		bsd.set = NULL;
		fprintf(stderr, "xdist-exec: no process titles: %s\n",
			err.data);
		buf_release(&err);
		return;
	}
	/* libbsd moves environ out of the way to make room for titles. */
	bsd.init(argc, argv, environ);
}

void title_set(const char *fmt, ...)
{
	char t[1024];
	va_list ap;

	if (!bsd.set)
		return;
	va_start(ap, fmt);
	vsnprintf(t, sizeof(t), fmt, ap);
	va_end(ap);
	/* A leading '-' keeps libbsd from prefixing the program name. */
	bsd.set("-%s", t);
}

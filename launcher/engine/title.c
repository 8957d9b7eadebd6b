#include "title.h"

#include <stdarg.h>
#include <stdio.h>
#include <bsd/unistd.h>

extern char **environ;

void title_init(int argc, char **argv)
{
	/* libbsd moves environ out of the way to make room for titles. */
	setproctitle_init(argc, argv, environ);
}

void title_set(const char *fmt, ...)
{
	char t[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t, sizeof(t), fmt, ap);
	va_end(ap);
	/* A leading '-' keeps libbsd from prefixing the program name. */
	setproctitle("-%s", t);
}

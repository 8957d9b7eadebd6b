/*
 * jobserver: a client of GNU make's jobserver, so that `make -jK check`
 * running xdist-exec never runs more than K jobs in all.
 *
 * make hands its children a pipe (MAKEFLAGS "--jobserver-auth=R,W", or
 * "fifo:PATH" since make 4.4) holding one byte per free job slot.  Every
 * child owns one implicit slot; to run more at once it reads a byte per
 * extra job and writes it back when the job ends.  make closes the pipe in
 * children whose recipe is not marked recursive ('+' or $(MAKE)): then
 * there is no jobserver and we say nothing (make already warns).
 *
 * Owns: rfd (a private non-blocking description of the pipe, so that
 * O_NONBLOCK never changes make's), wfd; both close-on-exec.
 */
#ifndef XDIST_JOBSERVER_H
#define XDIST_JOBSERVER_H

#include <stddef.h>

#define JOBSERVER_MAX_TOKENS 4096

struct jobserver_spec {
	int rfd, wfd;	/* with fds */
	char fifo[256]; /* with fifo:PATH, else "" */
};

/*
 * Pure: find the jobserver in MAKEFLAGS (the last --jobserver-auth= or
 * --jobserver-fds= wins).  Returns 1 with spec filled, 0 when there is
 * none, -1 when the value is malformed.
 */
int jobserver_parse(const char *makeflags, struct jobserver_spec *spec);

struct jobserver {
	int rfd, wfd; /* -1 when inactive */
	size_t held;  /* tokens taken and not yet given back */
	unsigned char tokens[JOBSERVER_MAX_TOKENS]; /* the bytes, to return */
};

/* Inactive by default; 1 when make's jobserver is usable, else 0. */
int jobserver_open(struct jobserver *js, const char *makeflags);
int jobserver_active(const struct jobserver *js);

/* Take one token without blocking: 1 got one, 0 none free now. */
int jobserver_take(struct jobserver *js);

/* Give one token back (no-op when none is held). */
void jobserver_give(struct jobserver *js);

/* Give every token back and close; safe to call twice. */
void jobserver_close(struct jobserver *js);

#endif

/*
 * proto: the controller <-> worker message protocol.  The only bytes that
 * cross a worker's stdin/stdout; pure code (no syscalls).
 *
 * Frame:   u32 length (big-endian; bytes that follow, type included)
 *          u8  type
 *          field*
 * Field:   u8  tag
 *          u32 length (big-endian)
 *          length bytes
 *
 * Integers are fields of 8 bytes, big-endian, unsigned.  Strings are raw
 * bytes (no NUL).  A tag may repeat (ARG carries argv in order).  Unknown
 * tags are ignored by the decoder, so a newer peer may add fields; a change
 * that an older peer cannot ignore bumps PROTO_VERSION, which HELLO/READY
 * carry and both sides check.
 */
#ifndef XDIST_PROTO_H
#define XDIST_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define PROTO_VERSION 1
#define PROTO_MAX_FRAME (64u << 20)
#define PROTO_MAX_FIELDS (1u << 20)

enum proto_type {
	/* controller -> worker */
	MSG_HELLO = 1,	   /* VERSION WORKER INDEX COUNT UID RUNDIR WORKERDIR
			      MAINARGV FLAGS MAXOUT GRACE_MS */
	MSG_RUN = 2,	   /* SEQ ID FLAGS ARG... */
	MSG_TERMINATE = 3, /* GRACE_MS: SIGTERM the running test's group,
			      SIGKILL after the grace */
	MSG_KILL = 4,	   /* SIGKILL the running test's group now */
	MSG_BYE = 5,	   /* no more work: exit once idle */
	MSG_ENV = 6,	   /* ENV...: NAME=VALUE added to later tests' env */
	MSG_SUSPEND = 7,   /* SIGSTOP the running test, pause its clocks */
	MSG_RESUME = 8,	   /* SIGCONT it, restart the clocks */
	/* worker -> controller */
	MSG_READY = 16,	  /* VERSION PID */
	MSG_STARTED = 17, /* SEQ PID */
	MSG_OUTPUT = 18,  /* SEQ DATA (live output, -s) */
	MSG_RESULT = 19,  /* SEQ KIND CODE CORE FLAGS DURATION_NS OUT_TOTAL
			     STAGE DATA [TAIL] */
	MSG_ERROR = 20,	  /* TEXT: the worker cannot go on */
};

enum proto_tag {
	TAG_VERSION = 1,
	TAG_WORKER,
	TAG_INDEX,
	TAG_COUNT,
	TAG_UID,
	TAG_RUNDIR,
	TAG_WORKERDIR,
	TAG_MAINARGV,
	TAG_FLAGS,
	TAG_MAXOUT,
	TAG_GRACE_MS,
	TAG_SEQ,
	TAG_ID,
	TAG_ARG,
	TAG_PID,
	TAG_DATA,
	TAG_KIND,
	TAG_CODE,
	TAG_CORE,
	TAG_DURATION_NS,
	TAG_OUT_TOTAL,
	TAG_STAGE,
	TAG_TEXT,
	TAG_ENV,
	TAG_TAIL,
	TAG_PRELOAD,
	TAG_ATTEMPT,	/* RUN: 1-based try of this test (--reruns) */
	TAG_ATTEMPTS,	/* RUN: how many tries it may get */
	TAG_TIMEOUT_MS, /* RUN: SIGTERM the test's group after this long */
	TAG_LEAKED,	/* RESULT: processes left behind, killed */
	TAG_LOST_ERRNO, /* RESULT: why output could not be kept */
};

/* HELLO flags */
enum {
	HELLO_MASTER =
		1 << 0,	     /* -n 0: XDIST_WORKER=master, no PYTEST_XDIST_* */
	HELLO_LIVE = 1 << 1, /* send OUTPUT frames as output arrives */
	HELLO_NO_TITLE = 1 << 2, /* --no-preload: no XDIST_TEST_PID either, so a
				    test linked with -lxdist keeps its title */
	HELLO_ALL_OUTPUT = 1 << 3,   /* send every run's output in its RESULT,
					not only a failure's */
	HELLO_KEEP_RUN_DIR = 1 << 4, /* orphaned, leave the run directory be
					(--keep-run-dir, or no lock on it) */
};

/* RUN flags */
enum {
	RUN_SHELL = 1 << 0,   /* ARG[0] is a command line for /bin/sh -c */
	RUN_FIXTURE = 1 << 1, /* a setup/teardown command: it gets
				 XDIST_ENV_FILE, and the NAME=VALUE lines it
				 writes there come back as ENV fields */
};

/* RESULT kinds */
enum proto_kind {
	KIND_EXITED = 1,   /* CODE = exit status */
	KIND_SIGNALED = 2, /* CODE = signal number, CORE = 1 if core dumped */
	KIND_NOEXEC = 3,   /* CODE = errno, STAGE = what failed */
};

/* RESULT flags */
enum {
	RESULT_TERMINATED = 1 << 0, /* the controller asked to stop it */
	RESULT_TRUNCATED = 1 << 1,  /* DATA is head + tail of OUT_TOTAL bytes */
	RESULT_TIMEOUT = 1 << 2,    /* the RUN's TIMEOUT_MS expired */
	RESULT_LEAKED = 1 << 3,	    /* LEAKED processes outlived the test */
	RESULT_OUTPUT_LOST = 1 << 4, /* capture failed (LOST_ERRNO): a full
					disk, say */
};

struct proto_field {
	uint8_t tag;
	uint32_t len;
	const uint8_t *data; /* points into the decoded buffer */
};

struct proto_msg {
	uint8_t type;
	size_t nfields;
	struct proto_field *fields; /* owned; proto_msg_release frees it */
};

/* Encoding: start a frame in out, append fields, then finish it. */
void proto_begin(struct buf *out, uint8_t type, size_t *start);
void proto_add_u64(struct buf *out, uint8_t tag, uint64_t v);
void proto_add_bytes(struct buf *out, uint8_t tag, const void *p, size_t len);
void proto_add_str(struct buf *out, uint8_t tag, const char *s);
/* Fill in the length of the frame begun at start. */
void proto_end(struct buf *out, size_t start);

/*
 * Decode one frame from the front of buf.  Returns 1 and sets *used to the
 * frame's size when a whole valid frame was decoded into msg (whose fields
 * point into buf: keep buf alive and unchanged while using msg), 0 when more
 * bytes are needed, -1 when the bytes cannot be a valid frame (a length over
 * PROTO_MAX_FRAME, a field running past its frame, too many fields).
 */
int proto_decode(const void *buf, size_t len, struct proto_msg *msg,
		 size_t *used);
void proto_msg_init(struct proto_msg *msg);
void proto_msg_release(struct proto_msg *msg);

/* Field access; the first field with tag wins. */
const struct proto_field *proto_get(const struct proto_msg *msg, uint8_t tag);
/* 0 and *v set, or -1 when absent or not 8 bytes. */
int proto_get_u64(const struct proto_msg *msg, uint8_t tag, uint64_t *v);
/* A fresh NUL-terminated copy (caller frees), or NULL when absent. */
char *proto_get_str(const struct proto_msg *msg, uint8_t tag);

#endif

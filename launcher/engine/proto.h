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
 *
 * The endpoints speak in typed messages (struct proto_hello and the rest,
 * below): proto_put_<msg> appends a whole frame, proto_take_<msg> reads one
 * decoded frame.  The field-level functions (proto_begin, proto_add_*,
 * proto_get*) are for proto.c and for tests that build odd frames by hand.
 */
#ifndef XDIST_PROTO_H
#define XDIST_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define PROTO_VERSION 4
#define PROTO_MAX_FRAME (64u << 20)
#define PROTO_MAX_FIELDS (1u << 20)

/*
 * Every message type, tag, flag and RESULT kind is listed once, as
 * X(name, value): the enums below and proto_names[] are made from these
 * lists, so a name cannot be added to one and not the other (the unit
 * tests check that docs/design.md names each of proto_names[]).
 */
#define PROTO_TYPES(X)                                                        \
	/* controller -> worker */                                            \
	X(HELLO, 1)	/* struct proto_hello */                              \
	X(RUN, 2)	/* struct proto_run */                                \
	X(TERMINATE, 3) /* struct proto_terminate: SIGTERM the running test's \
			   group, SIGKILL after the grace */                  \
	X(KILL, 4)	/* no fields: SIGKILL the running test's group now */ \
	X(BYE, 5)	/* no fields: no more work, exit once idle */         \
	X(ENV, 6)	/* struct proto_env */                                \
	X(SUSPEND, 7)	/* no fields: SIGSTOP the test, pause its clocks */   \
	X(RESUME, 8)	/* no fields: SIGCONT it, restart the clocks */       \
	/* worker -> controller */                                            \
	X(READY, 16)   /* struct proto_ready */                               \
	X(STARTED, 17) /* struct proto_started */                             \
	X(OUTPUT, 18)  /* struct proto_output (live output, -s) */            \
	X(RESULT, 19)  /* struct proto_result */                              \
	X(ERROR, 20)   /* struct proto_error: the worker cannot go on */      \
	X(CASE, 23)    /* struct proto_case: a TAP case of a RUN_TAP test */

#define PROTO_TAGS(X)                                                          \
	X(VERSION, 1)                                                          \
	X(WORKER, 2)                                                           \
	X(INDEX, 3)                                                            \
	X(COUNT, 4)                                                            \
	X(UID, 5)                                                              \
	X(RUNDIR, 6)                                                           \
	X(WORKERDIR, 7)                                                        \
	X(MAINARGV, 8)                                                         \
	X(FLAGS, 9)                                                            \
	X(MAXOUT, 10)                                                          \
	X(GRACE_MS, 11)                                                        \
	X(SEQ, 12)                                                             \
	X(ID, 13)                                                              \
	X(ARG, 14)                                                             \
	X(PID, 15)                                                             \
	X(DATA, 16)                                                            \
	X(KIND, 17)                                                            \
	X(CODE, 18)                                                            \
	X(CORE, 19)                                                            \
	X(DURATION_NS, 20)                                                     \
	X(OUT_TOTAL, 21)                                                       \
	X(STAGE, 22)                                                           \
	X(TEXT, 23)                                                            \
	X(ENV, 24)                                                             \
	X(TAIL, 25)                                                            \
	X(PRELOAD, 26)                                                         \
	X(ATTEMPT, 27)	   /* RUN: 1-based try of this test (--reruns) */      \
	X(ATTEMPTS, 28)	   /* RUN: how many tries it may get */                \
	X(TIMEOUT_MS, 29)  /* RUN: SIGTERM the test's group after this long */ \
	X(LEAKED, 30)	   /* RESULT: processes left behind, killed */         \
	X(LOST_ERRNO, 31)  /* RESULT: why output could not be kept */          \
	X(SKIP_REASON, 32) /* RESULT with RESULT_SKIP_ALL or                   \
			      RESULT_GTEST_SKIPPED: the plan's reason,         \
			      GTEST_SKIP()'s message */                        \
	X(HOST, 33)	   /* HELLO: XDIST_HOST, the target's name */          \
	X(CHDIR, 34)	   /* HELLO: the worker's directory (created) */       \
	X(SANDBOX, 35)	   /* HELLO, RUN: seccomp profiles, "nonet,guard" */   \
	X(DENY, 36)	   /* HELLO: syscalls refused, "ptrace,reboot" */      \
	X(CASE_NUM, 42)	   /* CASE: the TAP case's number */                   \
	X(CASE_STATUS, 43) /* CASE: enum tap_status */                         \
	X(CASE_DESC, 44)   /* CASE: its description */                         \
	X(CASE_REASON, 45) /* CASE: its SKIP or TODO reason */                 \
	X(CASE_YAML, 46)   /* CASE: its YAML diagnostics block */              \
	X(TAP_REASON, 47)  /* RESULT with RESULT_TAP_FAILED: why */            \
	X(WORKDIR, 50)	   /* RUN: the test's working directory */             \
	X(SETENV, 51)	   /* RUN: NAME=VALUE for this test only */

#define PROTO_HELLO_FLAGS(X)                                                \
	/* -n 0: XDIST_WORKER=master, no PYTEST_XDIST_* */                  \
	X(HELLO_MASTER, 1 << 0)                                             \
	/* send OUTPUT frames as output arrives */                          \
	X(HELLO_LIVE, 1 << 1)                                               \
	/* --no-preload: no XDIST_TEST_PID either, so a test linked with    \
	   -lxdist keeps its title */                                       \
	X(HELLO_NO_TITLE, 1 << 2)                                           \
	/* send every run's output in its RESULT, not only a failure's */   \
	X(HELLO_ALL_OUTPUT, 1 << 3)                                         \
	/* orphaned, leave the run directory be (--keep-run-dir, or no lock \
	   on it) */                                                        \
	X(HELLO_KEEP_RUN_DIR, 1 << 4)                                       \
	/* on another host: RUNDIR, WORKERDIR and PRELOAD are the           \
	   controller's; the worker makes its own (PRELOAD present: look    \
	   for one next to the worker's executable) */                      \
	X(HELLO_REMOTE, 1 << 5)                                             \
	/* --isolate=net: a network namespace, loopback up */               \
	X(HELLO_ISOLATE_NET, 1 << 6)                                        \
	/* --isolate=tmp: a mount namespace, private /tmp and /var/tmp */   \
	X(HELLO_ISOLATE_TMP, 1 << 7)                                        \
	/* --tmpdir=per-test / per-worker: TMPDIR of the test's own */      \
	X(HELLO_TMPDIR_TEST, 1 << 8)                                        \
	X(HELLO_TMPDIR_WORKER, 1 << 9)                                      \
	/* --home=per-test / per-worker: HOME likewise */                   \
	X(HELLO_HOME_TEST, 1 << 10)                                         \
	X(HELLO_HOME_WORKER, 1 << 11)                                       \
	/* --keep-run-dir: a failed test's TMPDIR and HOME stay */          \
	X(HELLO_KEEP_FAILED, 1 << 12)                                       \
	/* --isolate=pid: a pid namespace, the worker its init */           \
	X(HELLO_ISOLATE_PID, 1 << 13)

#define PROTO_RUN_FLAGS(X)                                             \
	/* ARG[0] is a command line for /bin/sh -c */                  \
	X(RUN_SHELL, 1 << 0)                                           \
	/* a setup/teardown command: it gets XDIST_ENV_FILE, and the   \
	   NAME=VALUE lines it writes there come back as ENV fields */ \
	X(RUN_FIXTURE, 1 << 1)                                         \
	/* queued behind a running test: start only if that one exits  \
	   0, in time, unstopped, leaving nothing behind; else answer  \
	   RESULT_NOT_STARTED */                                       \
	X(RUN_IF_CLEAN, 1 << 2)                                        \
	/* a GoogleTest case (--split=gtest): exiting 0 with a         \
	   "[  SKIPPED ]" line is RESULT_GTEST_SKIPPED */              \
	X(RUN_GTEST, 1 << 3)                                           \
	/* a GoogleTest binary's --gtest_list_tests: its output comes  \
	   back whatever its exit status */                            \
	X(RUN_GTEST_LISTING, 1 << 4)                                   \
	/* read its output as TAP: CASE messages, and the verdict */   \
	X(RUN_TAP, 1 << 5)                                             \
	/* several GoogleTest cases in one process (--gtest-batch):    \
	   its whole output comes back, whatever its exit status, as   \
	   with HELLO_ALL_OUTPUT */                                    \
	X(RUN_GTEST_BATCH, 1 << 6)

#define PROTO_RESULT_FLAGS(X)                               \
	/* the controller asked to stop it */               \
	X(RESULT_TERMINATED, 1 << 0)                        \
	/* DATA is head + tail of OUT_TOTAL bytes */        \
	X(RESULT_TRUNCATED, 1 << 1)                         \
	/* the RUN's TIMEOUT_MS expired */                  \
	X(RESULT_TIMEOUT, 1 << 2)                           \
	/* LEAKED processes outlived the test */            \
	X(RESULT_LEAKED, 1 << 3)                            \
	/* capture failed (LOST_ERRNO): a full disk, say */ \
	X(RESULT_OUTPUT_LOST, 1 << 4)                       \
	/* a queued RUN dropped before it started (SEQ      \
	   only): RUN_IF_CLEAN, TERMINATE or KILL */        \
	X(RESULT_NOT_STARTED, 1 << 5)                       \
	/* exited 0 after a TAP skip-all plan (1..0) */     \
	X(RESULT_SKIP_ALL, 1 << 6)                          \
	/* RUN_GTEST: exited 0 saying "[  SKIPPED ]" */     \
	X(RESULT_GTEST_SKIPPED, 1 << 7)                     \
	/* RUN_TAP: exited 0, but its TAP says it failed    \
	   (TAP_REASON: a case, the plan, a bail out) */    \
	X(RESULT_TAP_FAILED, 1 << 9)

#define PROTO_KINDS(X)                                                        \
	X(KIND_EXITED, 1) /* CODE = exit status */                            \
	X(KIND_SIGNALED,                                                      \
	  2)		  /* CODE = signal number, CORE = 1 if core dumped */ \
	X(KIND_NOEXEC, 3) /* CODE = errno, STAGE = what failed */

#define PROTO_ENUM_MSG(name, value) MSG_##name = value,
#define PROTO_ENUM_TAG(name, value) TAG_##name = value,
#define PROTO_ENUM_AS_IS(name, value) name = value,
enum proto_type { PROTO_TYPES(PROTO_ENUM_MSG) };
enum proto_tag { PROTO_TAGS(PROTO_ENUM_TAG) };
enum proto_hello_flag { PROTO_HELLO_FLAGS(PROTO_ENUM_AS_IS) };
enum proto_run_flag { PROTO_RUN_FLAGS(PROTO_ENUM_AS_IS) };
enum proto_result_flag { PROTO_RESULT_FLAGS(PROTO_ENUM_AS_IS) };
enum proto_kind { PROTO_KINDS(PROTO_ENUM_AS_IS) };
#undef PROTO_ENUM_MSG
#undef PROTO_ENUM_TAG
#undef PROTO_ENUM_AS_IS

/* What a proto_names[] entry names. */
enum proto_name_group {
	PROTO_NAME_TYPE,	/* "HELLO": MSG_HELLO */
	PROTO_NAME_TAG,		/* "VERSION": TAG_VERSION */
	PROTO_NAME_HELLO_FLAG,	/* "HELLO_MASTER" */
	PROTO_NAME_RUN_FLAG,	/* "RUN_SHELL" */
	PROTO_NAME_RESULT_FLAG, /* "RESULT_TERMINATED" */
	PROTO_NAME_KIND,	/* "KIND_EXITED" */
};

struct proto_name {
	enum proto_name_group group;
	uint32_t value;
	const char *name; /* as docs/design.md spells it */
};

/* Every name of the protocol, in the order of the lists above. */
extern const struct proto_name proto_names[];
extern const size_t proto_nnames;

/* The name of a value of group, or NULL when there is none. */
const char *proto_name(enum proto_name_group group, uint32_t value);

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

/*
 * Low level: a frame field by field.  The endpoints use the typed messages
 * below; these are what they are made of, and what tests use to build
 * frames the typed encoders never would.
 */

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

/* Field access; the first field with tag wins.  A field meant as an
   integer that is not 8 bytes counts as absent. */
const struct proto_field *proto_get(const struct proto_msg *msg, uint8_t tag);
/* 0 and *v set, or -1 when absent or not 8 bytes. */
int proto_get_u64(const struct proto_msg *msg, uint8_t tag, uint64_t *v);
/* A fresh NUL-terminated copy (caller frees), or NULL when absent. */
char *proto_get_str(const struct proto_msg *msg, uint8_t tag);

/*
 * Typed messages.  One struct per message that has fields (KILL, BYE,
 * SUSPEND and RESUME have none: proto_put_empty).
 *
 * Strings and bytes are struct proto_str: p and len, no NUL.  A field that
 * may be left out is absent when its p is NULL; an integer that may be
 * left out has a has_<field> flag.  Integers marked "0 when absent" are
 * always sent, but the receiver does without them.
 *
 * Encoding, proto_put_<msg>(out, m): appends one whole frame to out; m and
 * what it points to stay the caller's.  Fields go out in the order of the
 * struct.
 *
 * Decoding, proto_take_<msg>(frame, m, why): frame is one decoded frame of
 * that type.  Returns 0 with m filled in, or -1 with m zeroed and, when why
 * is not NULL, *why set to a static reason ("lacks SEQ", "not a RUN").
 * The strings in m point into the bytes frame was decoded from: keep those
 * alive and unchanged while using m.  The arrays of repeated fields
 * (proto_strs.v) are allocated by the decoder and owned by m: free them
 * with proto_<msg>_release (run, env, result); on -1 nothing is left to
 * free.
 */
struct proto_str {
	const char *p; /* NULL: absent */
	size_t len;
};

/* A repeated field, in the order of the frame. */
struct proto_strs {
	struct proto_str *v;
	size_t n;
};

/* A string field for the encoders: s, or absent when s is NULL. */
struct proto_str proto_str(const char *s);
/* A fresh NUL-terminated copy of s (caller frees); NULL when absent. */
char *proto_str_dup(struct proto_str s);

struct proto_hello {
	uint64_t version;	 /* PROTO_VERSION */
	struct proto_str worker; /* gw0..., or master */
	uint64_t index;		 /* 0 for master */
	uint64_t count;		 /* number of workers */
	struct proto_str uid;	 /* the test run id */
	struct proto_str run_dir, worker_dir, mainargv;
	uint64_t flags;		  /* HELLO_* */
	uint64_t max_output;	  /* --max-output, bytes */
	uint64_t grace_ms;	  /* --timeout-grace */
	struct proto_str preload; /* libxdist.so.0; optional */
	struct proto_str host;	  /* XDIST_HOST; optional */
	struct proto_str chdir;	  /* change to it (created); optional */
	struct proto_str sandbox; /* --sandbox profiles; optional */
	struct proto_str deny;	  /* --seccomp-deny names; optional */
};

struct proto_run {
	uint64_t seq;	     /* 0 when absent */
	struct proto_str id; /* the test id */
	uint64_t flags;	     /* RUN_*; 0 when absent */
	int has_timeout_ms;
	uint64_t timeout_ms;
	int has_attempt;
	uint64_t attempt; /* from 1 */
	int has_attempts;
	uint64_t attempts;
	struct proto_strs args;	  /* argv (one command line with RUN_SHELL) */
	struct proto_str sandbox; /* the test's sandbox= profiles, added to
				     the HELLO's; optional */
	struct proto_str workdir; /* the test runs there; optional */
	struct proto_strs setenv; /* NAME=VALUE, over the worker's
				     environment for this test */
};

struct proto_terminate {
	int has_grace_ms; /* absent: keep the HELLO's */
	uint64_t grace_ms;
};

struct proto_env {
	struct proto_strs env; /* NAME=VALUE each */
};

struct proto_ready {
	uint64_t version; /* PROTO_VERSION */
	uint64_t pid;	  /* the worker's; 0 when absent */
};

struct proto_started {
	uint64_t seq; /* 0 when absent */
	uint64_t pid; /* the test's, which is its process group */
};

struct proto_output {
	uint64_t seq;	       /* 0 when absent */
	struct proto_str data; /* a chunk as read from the pipe */
};

struct proto_result {
	uint64_t seq;
	uint64_t kind; /* KIND_* */
	uint64_t code;
	uint64_t core;	      /* 0 when absent */
	uint64_t flags;	      /* RESULT_*; 0 when absent */
	uint64_t duration_ns; /* 0 when absent */
	uint64_t out_total;   /* 0 when absent */
	int has_leaked;
	uint64_t leaked;
	int has_lost_errno;
	uint64_t lost_errno;
	struct proto_str stage;	      /* KIND_NOEXEC: what failed */
	struct proto_str skip_reason; /* with RESULT_SKIP_ALL; may be absent */
	struct proto_str tap_reason;  /* with RESULT_TAP_FAILED; or, a RUN_TAP
					 test that did not exit 0, the plan
					 it did not meet */
	struct proto_str data;	      /* output, or its head; absent: none */
	struct proto_str tail;	      /* with RESULT_TRUNCATED */
	struct proto_strs env;	      /* a fixture's NAME=VALUE lines */
};

/* One TAP case of the running RUN_TAP test, sent as it is read. */
struct proto_case {
	uint64_t seq;		 /* 0 when absent */
	uint64_t num;		 /* 0 when absent */
	uint64_t status;	 /* enum tap_status; 0 when absent */
	struct proto_str desc;	 /* absent: empty */
	struct proto_str reason; /* SKIP or TODO reason; optional */
	struct proto_str yaml;	 /* optional */
};

struct proto_error {
	struct proto_str text;
	int has_code;
	uint64_t code; /* the exit status the run should end with: 4 when
			  the kernel refused the isolation asked for */
};

/* A message without fields: KILL, BYE, SUSPEND or RESUME. */
void proto_put_empty(struct buf *out, uint8_t type);
void proto_put_hello(struct buf *out, const struct proto_hello *m);
void proto_put_run(struct buf *out, const struct proto_run *m);
void proto_put_terminate(struct buf *out, const struct proto_terminate *m);
void proto_put_env(struct buf *out, const struct proto_env *m);
void proto_put_ready(struct buf *out, const struct proto_ready *m);
void proto_put_started(struct buf *out, const struct proto_started *m);
void proto_put_output(struct buf *out, const struct proto_output *m);
void proto_put_result(struct buf *out, const struct proto_result *m);
void proto_put_error(struct buf *out, const struct proto_error *m);
void proto_put_case(struct buf *out, const struct proto_case *m);

/*
 * The VERSION of a HELLO or READY frame, read before anything else so that
 * a peer of another version is told so rather than that a field is
 * missing.  0 and *version set, or -1 when the frame has none.
 */
int proto_take_version(const struct proto_msg *frame, uint64_t *version);

int proto_take_hello(const struct proto_msg *frame, struct proto_hello *m,
		     const char **why);
int proto_take_run(const struct proto_msg *frame, struct proto_run *m,
		   const char **why);
int proto_take_terminate(const struct proto_msg *frame,
			 struct proto_terminate *m, const char **why);
int proto_take_env(const struct proto_msg *frame, struct proto_env *m,
		   const char **why);
int proto_take_ready(const struct proto_msg *frame, struct proto_ready *m,
		     const char **why);
int proto_take_started(const struct proto_msg *frame, struct proto_started *m,
		       const char **why);
int proto_take_output(const struct proto_msg *frame, struct proto_output *m,
		      const char **why);
int proto_take_result(const struct proto_msg *frame, struct proto_result *m,
		      const char **why);
int proto_take_error(const struct proto_msg *frame, struct proto_error *m,
		     const char **why);
int proto_take_case(const struct proto_msg *frame, struct proto_case *m,
		    const char **why);

void proto_run_release(struct proto_run *m);
void proto_env_release(struct proto_env *m);
void proto_result_release(struct proto_result *m);

#endif

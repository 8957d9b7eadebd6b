/*
 * Unit tests for launcher/engine/proto.[ch]: the typed messages
 * (proto_put_* and proto_take_* give back what was put, and fail naming
 * what is missing), and the names of types and tags, each of them in
 * docs/design.md.  The frames themselves are in test_proto.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto_support.h"

/* ---- typed messages ---------------------------------------------------- */

static int str_is(struct proto_str s, const char *want)
{
	return s.p && s.len == strlen(want) && !memcmp(s.p, want, s.len);
}

static void proto_take_hello__put_hello__gives_back_every_field(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_hello in, out;
	struct proto_msg m;
	const char *why = NULL;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.version = PROTO_VERSION;
	in.worker = proto_str("gw3");
	in.index = 3;
	in.count = 8;
	in.uid = proto_str("abc");
	in.run_dir = proto_str("/r");
	in.worker_dir = proto_str("/r/gw3");
	in.mainargv = proto_str("xdist-exec -n 8");
	in.flags = HELLO_LIVE | HELLO_KEEP_RUN_DIR;
	in.max_output = 1u << 20;
	in.grace_ms = 5000;
	proto_put_hello(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_hello(&m, &out, &why), 0);
	assert_int_equal(out.version, PROTO_VERSION);
	assert_true(str_is(out.worker, "gw3"));
	assert_int_equal(out.index, 3);
	assert_int_equal(out.count, 8);
	assert_true(str_is(out.uid, "abc"));
	assert_true(str_is(out.run_dir, "/r"));
	assert_true(str_is(out.worker_dir, "/r/gw3"));
	assert_true(str_is(out.mainargv, "xdist-exec -n 8"));
	assert_int_equal(out.flags, HELLO_LIVE | HELLO_KEEP_RUN_DIR);
	assert_int_equal(out.max_output, 1u << 20);
	assert_int_equal(out.grace_ms, 5000);
	assert_null(out.preload.p);
	assert_null(out.sandbox.p);
	assert_null(out.deny.p);
	proto_msg_release(&m);
	buf_release(&b);
}

static void
proto_take_hello__isolation__gives_back_flags_and_lists(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_hello in, out;
	struct proto_msg m;
	const char *why = NULL;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.version = PROTO_VERSION;
	in.worker = proto_str("gw0");
	in.uid = proto_str("u");
	in.run_dir = proto_str("/r");
	in.worker_dir = proto_str("/r/gw0");
	in.mainargv = proto_str("x");
	in.flags = HELLO_ISOLATE_NET | HELLO_ISOLATE_TMP;
	in.sandbox = proto_str("nonet,guard");
	in.deny = proto_str("ptrace,reboot");
	proto_put_hello(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_hello(&m, &out, &why), 0);
	assert_int_equal(out.flags, HELLO_ISOLATE_NET | HELLO_ISOLATE_TMP);
	assert_true(str_is(out.sandbox, "nonet,guard"));
	assert_true(str_is(out.deny, "ptrace,reboot"));
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_take_error__code__is_optional(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_error in, out;
	struct proto_msg m;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.text = proto_str("refused");
	proto_put_error(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_error(&m, &out, NULL), 0);
	assert_false(out.has_code);
	proto_msg_release(&m);
	buf_reset(&b);
	in.has_code = 1;
	in.code = 4;
	proto_put_error(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_error(&m, &out, NULL), 0);
	assert_true(out.has_code);
	assert_int_equal(out.code, 4);
	assert_true(str_is(out.text, "refused"));
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_take_case__put_case__keeps_what_was_present(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_case in, out;
	struct proto_result rin, rout;
	struct proto_msg m;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.seq = 7;
	in.num = 12;
	in.status = 1;
	in.desc = proto_str("init with template");
	in.yaml = proto_str("  message: bad\n");
	proto_put_case(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_CASE);
	assert_int_equal(proto_take_case(&m, &out, NULL), 0);
	assert_int_equal(out.seq, 7);
	assert_int_equal(out.num, 12);
	assert_int_equal(out.status, 1);
	assert_true(str_is(out.desc, "init with template"));
	assert_null(out.reason.p);
	assert_true(str_is(out.yaml, "  message: bad\n"));
	proto_msg_release(&m);
	buf_reset(&b);
	/* A RESULT's TAP_REASON. */
	memset(&rin, 0, sizeof(rin));
	rin.seq = 7;
	rin.kind = KIND_EXITED;
	rin.flags = RESULT_TAP_FAILED;
	rin.tap_reason = proto_str("planned 3, ran 2");
	proto_put_result(&b, &rin);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_result(&m, &rout, NULL), 0);
	assert_int_equal(rout.flags, RESULT_TAP_FAILED);
	assert_true(str_is(rout.tap_reason, "planned 3, ran 2"));
	proto_result_release(&rout);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_take_hello__without_uid__fails_naming_it(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_hello h;
	struct proto_msg m;
	const char *why = NULL;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_HELLO, &start);
	proto_add_u64(&b, TAG_VERSION, PROTO_VERSION);
	proto_add_str(&b, TAG_WORKER, "gw0");
	proto_add_u64(&b, TAG_INDEX, 0);
	proto_add_u64(&b, TAG_COUNT, 1);
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_hello(&m, &h, &why), -1);
	assert_string_equal(why, "lacks UID");
	assert_null(h.worker.p);
	proto_msg_release(&m);
	buf_release(&b);
}

static void
proto_take_run__put_run__keeps_args_and_optional_fields(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_str args[3];
	struct proto_run in, out;
	struct proto_msg m;

	(void)state;
	args[0] = proto_str("./t");
	args[1] = proto_str("");
	args[2] = proto_str("x y");
	memset(&in, 0, sizeof(in));
	in.seq = 41;
	in.id = proto_str("./t  x y");
	in.has_attempt = in.has_attempts = 1;
	in.attempt = 2;
	in.attempts = 3;
	in.args.v = args;
	in.args.n = 3;
	proto_put_run(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_run(&m, &out, NULL), 0);
	assert_int_equal(out.seq, 41);
	assert_true(str_is(out.id, "./t  x y"));
	assert_int_equal(out.flags, 0);
	assert_false(out.has_timeout_ms);
	assert_true(out.has_attempt && out.has_attempts);
	assert_int_equal(out.attempt, 2);
	assert_int_equal(out.attempts, 3);
	assert_int_equal(out.args.n, 3);
	assert_true(str_is(out.args.v[0], "./t"));
	assert_true(str_is(out.args.v[1], ""));
	assert_true(str_is(out.args.v[2], "x y"));
	assert_null(out.workdir.p);
	assert_int_equal(out.setenv.n, 0);
	proto_run_release(&out);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_take_run__put_run__keeps_workdir_and_setenv(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_str arg = proto_str("./t"), env[2];
	struct proto_run in, out;
	struct proto_msg m;

	(void)state;
	env[0] = proto_str("A=1");
	env[1] = proto_str("B=two words");
	memset(&in, 0, sizeof(in));
	in.id = proto_str("t");
	in.args.v = &arg;
	in.args.n = 1;
	in.workdir = proto_str("/build/sub");
	in.setenv.v = env;
	in.setenv.n = 2;
	proto_put_run(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_run(&m, &out, NULL), 0);
	assert_true(str_is(out.workdir, "/build/sub"));
	assert_int_equal(out.setenv.n, 2);
	assert_true(str_is(out.setenv.v[0], "A=1"));
	assert_true(str_is(out.setenv.v[1], "B=two words"));
	proto_run_release(&out);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_take_result__put_result__keeps_what_was_present(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_str env[2];
	struct proto_result in, out;
	struct proto_msg m;

	(void)state;
	env[0] = proto_str("A=1");
	env[1] = proto_str("B=2");
	memset(&in, 0, sizeof(in));
	in.seq = 5;
	in.kind = KIND_SIGNALED;
	in.code = 11;
	in.core = 1;
	in.flags = RESULT_TRUNCATED | RESULT_OUTPUT_LOST | RESULT_SKIP_ALL;
	in.skip_reason = proto_str("no SHA-1");
	in.duration_ns = UINT64_MAX;
	in.out_total = 1ULL << 40;
	in.has_lost_errno = 1;
	in.lost_errno = 28;
	in.data = proto_str("head");
	in.tail = proto_str("tail");
	in.env.v = env;
	in.env.n = 2;
	proto_put_result(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_result(&m, &out, NULL), 0);
	assert_int_equal(out.seq, 5);
	assert_int_equal(out.kind, KIND_SIGNALED);
	assert_int_equal(out.code, 11);
	assert_int_equal(out.core, 1);
	assert_int_equal(out.flags, RESULT_TRUNCATED | RESULT_OUTPUT_LOST |
					    RESULT_SKIP_ALL);
	assert_true(str_is(out.skip_reason, "no SHA-1"));
	assert_int_equal(out.duration_ns, UINT64_MAX);
	assert_int_equal(out.out_total, 1ULL << 40);
	assert_false(out.has_leaked);
	assert_true(out.has_lost_errno);
	assert_int_equal(out.lost_errno, 28);
	assert_null(out.stage.p);
	assert_true(str_is(out.data, "head"));
	assert_true(str_is(out.tail, "tail"));
	assert_int_equal(out.env.n, 2);
	assert_true(str_is(out.env.v[1], "B=2"));
	proto_result_release(&out);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_take_result__without_code__fails_naming_it(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_result r;
	struct proto_msg m;
	const char *why = NULL;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_RESULT, &start);
	proto_add_u64(&b, TAG_SEQ, 1);
	proto_add_u64(&b, TAG_KIND, KIND_EXITED);
	proto_add_str(&b, TAG_ENV, "A=1");
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_result(&m, &r, &why), -1);
	assert_string_equal(why, "lacks CODE");
	assert_null(r.env.v);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_take__frame_of_another_type__fails(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_ready ready;
	struct proto_error err;
	struct proto_msg m;
	const char *why = NULL;

	(void)state;
	proto_put_empty(&b, MSG_BYE);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_ready(&m, &ready, &why), -1);
	assert_string_equal(why, "not a READY");
	assert_int_equal(proto_take_error(&m, &err, &why), -1);
	assert_string_equal(why, "not a ERROR");
	proto_msg_release(&m);
	buf_release(&b);
}

/* What the controller checks: a READY of version 1 decodes, so that it
   can say which version the worker speaks, and is not this version. */
static void proto_take_ready__version_1__decodes_and_is_not_ours(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_ready in = {1, 1234}, out;
	struct proto_msg m;
	uint64_t v = 0;

	(void)state;
	assert_int_not_equal(PROTO_VERSION, 1);
	proto_put_ready(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(proto_take_version(&m, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(proto_take_ready(&m, &out, NULL), 0);
	assert_int_equal(out.version, 1);
	assert_int_equal(out.pid, 1234);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_take_terminate__without_grace__has_none(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_terminate in = {0, 0}, out;
	struct proto_msg m;

	(void)state;
	proto_put_terminate(&b, &in);
	decode_whole(&b, &m);
	assert_int_equal(m.nfields, 0);
	assert_int_equal(proto_take_terminate(&m, &out, NULL), 0);
	assert_false(out.has_grace_ms);
	proto_msg_release(&m);
	buf_release(&b);
}

/* ---- names ------------------------------------------------------------- */

static void proto_name__every_tag_from_1_to_32__is_named(void **state)
{
	unsigned t;

	(void)state;
	for (t = 1; t <= TAG_SKIP_REASON; t++)
		assert_non_null(proto_name(PROTO_NAME_TAG, t));
	assert_string_equal(proto_name(PROTO_NAME_TAG, 31), "LOST_ERRNO");
	assert_string_equal(proto_name(PROTO_NAME_TAG, 32), "SKIP_REASON");
	assert_string_equal(proto_name(PROTO_NAME_TYPE, MSG_RESULT), "RESULT");
	assert_string_equal(proto_name(PROTO_NAME_HELLO_FLAG, 1 << 4),
			    "HELLO_KEEP_RUN_DIR");
	assert_null(proto_name(PROTO_NAME_TYPE, 9));
}

/* docs/design.md, from $SRCDIR or else next to this source file. */
static char *read_design(void)
{
	const char *src = getenv("SRCDIR");
	char path[4096];
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	if (src && *src) {
		snprintf(path, sizeof(path), "%s/docs/design.md", src);
	} else {
		const char *me = __FILE__;
		const char *cut = strstr(me, "tests/unit/");

		snprintf(path, sizeof(path), "%.*sdocs/design.md",
			 (int)(cut ? cut - me : 0), me);
	}
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open '%s'", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_release_take(&b);
}

static void proto_names__each__is_named_in_design_md_protocol(void **state)
{
	char *doc = read_design(), *sec, *end;
	char quoted[64];
	size_t i;
	int missing = 0;

	(void)state;
	sec = strstr(doc, "\n## The protocol");
	assert_non_null(sec);
	end = strstr(sec + 1, "\n## ");
	if (end)
		*end = '\0';
	for (i = 0; i < proto_nnames; i++) {
		snprintf(quoted, sizeof(quoted), "`%s`", proto_names[i].name);
		if (!strstr(sec, quoted)) {
			print_error("docs/design.md, The protocol, does not "
				    "name %s\n",
				    quoted);
			missing++;
		}
	}
	free(doc);
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			proto_take_hello__put_hello__gives_back_every_field),
		cmocka_unit_test(
			proto_take_hello__without_uid__fails_naming_it),
		cmocka_unit_test(
			proto_take_hello__isolation__gives_back_flags_and_lists),
		cmocka_unit_test(proto_take_error__code__is_optional),
		cmocka_unit_test(
			proto_take_run__put_run__keeps_args_and_optional_fields),
		cmocka_unit_test(
			proto_take_run__put_run__keeps_workdir_and_setenv),
		cmocka_unit_test(
			proto_take_result__put_result__keeps_what_was_present),
		cmocka_unit_test(
			proto_take_result__without_code__fails_naming_it),
		cmocka_unit_test(proto_take__frame_of_another_type__fails),
		cmocka_unit_test(
			proto_take_ready__version_1__decodes_and_is_not_ours),
		cmocka_unit_test(proto_take_terminate__without_grace__has_none),
		cmocka_unit_test(proto_name__every_tag_from_1_to_32__is_named),
		cmocka_unit_test(
			proto_names__each__is_named_in_design_md_protocol),
		cmocka_unit_test(
			proto_take_case__put_case__keeps_what_was_present),
	};

	return cmocka_run_group_tests_name("proto_typed", tests, NULL, NULL);
}

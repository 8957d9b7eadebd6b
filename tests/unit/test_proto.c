/*
 * Unit tests for launcher/engine/proto.[ch]: the controller <-> worker
 * frames: the wire format, every message kind round-tripped, streaming,
 * garbage and field access.  The typed messages (proto_put_*,
 * proto_take_*) and the names are in test_proto_typed.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "proto_support.h"

static void assert_u64(const struct proto_msg *m, uint8_t tag, uint64_t want)
{
	uint64_t v = ~want;

	assert_int_equal(proto_get_u64(m, tag, &v), 0);
	assert_int_equal(v, want);
}

static void assert_str(const struct proto_msg *m, uint8_t tag, const char *want)
{
	char *s = proto_get_str(m, tag);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void assert_field(const struct proto_field *f, uint8_t tag,
			 const void *data, size_t len)
{
	assert_int_equal(f->tag, tag);
	assert_int_equal(f->len, len);
	if (len)
		assert_memory_equal(f->data, data, len);
}

/* ---- wire format ------------------------------------------------------- */

static void
proto_end__frame_without_fields__is_length_1_and_the_type(void **state)
{
	static const uint8_t want[] = {0, 0, 0, 1, MSG_KILL};
	struct buf b = BUF_INIT;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_KILL, &start);
	proto_end(&b, start);
	assert_int_equal(start, 0);
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));
	buf_release(&b);
}

static void proto_add_u64__is_eight_big_endian_bytes(void **state)
{
	static const uint8_t want[] = {
		0,    0,    0,	  14,	MSG_TERMINATE, TAG_GRACE_MS,
		0,    0,    0,	  8,	0x01,	       0x02,
		0x03, 0x04, 0x05, 0x06, 0x07,	       0x08,
	};
	struct buf b = BUF_INIT;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_TERMINATE, &start);
	proto_add_u64(&b, TAG_GRACE_MS, 0x0102030405060708ULL);
	proto_end(&b, start);
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));
	buf_release(&b);
}

static void proto_add_str__is_the_bytes_without_a_nul(void **state)
{
	static const uint8_t want[] = {
		0, 0, 0, 9, MSG_ERROR, TAG_TEXT, 0, 0, 0, 3, 'b', 'a', 'd',
	};
	struct buf b = BUF_INIT;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_ERROR, &start);
	proto_add_str(&b, TAG_TEXT, "bad");
	proto_end(&b, start);
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));
	buf_release(&b);
}

static void proto_begin__after_other_bytes__starts_where_they_end(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start, used = 0;

	(void)state;
	buf_adds(&b, "xyz");
	proto_begin(&b, MSG_BYE, &start);
	proto_add_u64(&b, TAG_SEQ, 9);
	proto_end(&b, start);
	assert_int_equal(start, 3);
	proto_msg_init(&m);
	assert_int_equal(proto_decode(b.data + 3, b.len - 3, &m, &used), 1);
	assert_int_equal(used, b.len - 3);
	assert_int_equal(m.type, MSG_BYE);
	assert_u64(&m, TAG_SEQ, 9);
	proto_msg_release(&m);
	buf_release(&b);
}

/* ---- round trips of every message kind --------------------------------- */

static void proto_decode__hello__round_trips_every_field(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_HELLO, &start);
	proto_add_u64(&b, TAG_VERSION, PROTO_VERSION);
	proto_add_str(&b, TAG_WORKER, "gw3");
	proto_add_u64(&b, TAG_INDEX, 3);
	proto_add_u64(&b, TAG_COUNT, 8);
	proto_add_str(&b, TAG_UID, "abc123");
	proto_add_str(&b, TAG_RUNDIR, "/tmp/run");
	proto_add_str(&b, TAG_WORKERDIR, "/tmp/run/gw3");
	proto_add_str(&b, TAG_MAINARGV, "xdist-exec -n 8 './a b'");
	proto_add_u64(&b, TAG_FLAGS, HELLO_MASTER | HELLO_LIVE);
	proto_add_u64(&b, TAG_MAXOUT, 1u << 20);
	proto_add_u64(&b, TAG_GRACE_MS, 5000);
	proto_end(&b, start);

	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_HELLO);
	assert_int_equal(m.nfields, 11);
	assert_u64(&m, TAG_VERSION, PROTO_VERSION);
	assert_str(&m, TAG_WORKER, "gw3");
	assert_u64(&m, TAG_INDEX, 3);
	assert_u64(&m, TAG_COUNT, 8);
	assert_str(&m, TAG_UID, "abc123");
	assert_str(&m, TAG_RUNDIR, "/tmp/run");
	assert_str(&m, TAG_WORKERDIR, "/tmp/run/gw3");
	assert_str(&m, TAG_MAINARGV, "xdist-exec -n 8 './a b'");
	assert_u64(&m, TAG_FLAGS, HELLO_MASTER | HELLO_LIVE);
	assert_u64(&m, TAG_MAXOUT, 1u << 20);
	assert_u64(&m, TAG_GRACE_MS, 5000);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__run__keeps_repeated_args_in_order(void **state)
{
	static const char *const args[] = {"./t", "", "a b", "--x=1", "-"};
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start, i, nargs = 0;

	(void)state;
	proto_begin(&b, MSG_RUN, &start);
	proto_add_u64(&b, TAG_SEQ, 41);
	proto_add_str(&b, TAG_ID, "./t  a b");
	proto_add_u64(&b, TAG_FLAGS, RUN_SHELL);
	for (i = 0; i < 5; i++)
		proto_add_str(&b, TAG_ARG, args[i]);
	proto_end(&b, start);

	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_RUN);
	assert_u64(&m, TAG_SEQ, 41);
	assert_str(&m, TAG_ID, "./t  a b");
	assert_u64(&m, TAG_FLAGS, RUN_SHELL);
	assert_int_equal(m.nfields, 3 + 5);
	for (i = 0; i < m.nfields; i++) {
		if (m.fields[i].tag != TAG_ARG)
			continue;
		assert_true(nargs < 5);
		assert_field(&m.fields[i], TAG_ARG, args[nargs],
			     strlen(args[nargs]));
		nargs++;
	}
	assert_int_equal(nargs, 5);
	/* proto_get: the first ARG wins. */
	assert_str(&m, TAG_ARG, "./t");
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__terminate__round_trips_the_grace(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_TERMINATE, &start);
	proto_add_u64(&b, TAG_GRACE_MS, 2500);
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_TERMINATE);
	assert_int_equal(m.nfields, 1);
	assert_u64(&m, TAG_GRACE_MS, 2500);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__kill_and_bye__round_trip_without_fields(void **state)
{
	static const uint8_t types[] = {MSG_KILL, MSG_BYE};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types); i++) {
		struct buf b = BUF_INIT;
		struct proto_msg m;
		size_t start;

		proto_begin(&b, types[i], &start);
		proto_end(&b, start);
		decode_whole(&b, &m);
		assert_int_equal(m.type, types[i]);
		assert_int_equal(m.nfields, 0);
		assert_null(proto_get(&m, TAG_SEQ));
		proto_msg_release(&m);
		buf_release(&b);
	}
}

static void proto_decode__ready__round_trips_version_and_pid(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_READY, &start);
	proto_add_u64(&b, TAG_VERSION, PROTO_VERSION);
	proto_add_u64(&b, TAG_PID, 4194304);
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_READY);
	assert_int_equal(m.nfields, 2);
	assert_u64(&m, TAG_VERSION, PROTO_VERSION);
	assert_u64(&m, TAG_PID, 4194304);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__started__round_trips_seq_and_pid(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_STARTED, &start);
	proto_add_u64(&b, TAG_SEQ, 0);
	proto_add_u64(&b, TAG_PID, 1234);
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_STARTED);
	assert_u64(&m, TAG_SEQ, 0);
	assert_u64(&m, TAG_PID, 1234);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__output__round_trips_binary_data(void **state)
{
	static const uint8_t data[] = {'o', 'k', '\n', 0, 0xff, 0x80, '\r'};
	struct buf b = BUF_INIT;
	struct proto_msg m;
	const struct proto_field *f;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_OUTPUT, &start);
	proto_add_u64(&b, TAG_SEQ, 7);
	proto_add_bytes(&b, TAG_DATA, data, sizeof(data));
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_OUTPUT);
	assert_u64(&m, TAG_SEQ, 7);
	f = proto_get(&m, TAG_DATA);
	assert_non_null(f);
	assert_field(f, TAG_DATA, data, sizeof(data));
	/* Fields point into the decoded buffer. */
	assert_true((const char *)f->data > b.data &&
		    (const char *)f->data + f->len <= b.data + b.len);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__result__round_trips_every_field(void **state)
{
	static const uint8_t head[] = {'h', 0, 'd'};
	static const uint8_t tail[] = {'t', 'l'};
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_RESULT, &start);
	proto_add_u64(&b, TAG_SEQ, 5);
	proto_add_u64(&b, TAG_KIND, KIND_SIGNALED);
	proto_add_u64(&b, TAG_CODE, 11);
	proto_add_u64(&b, TAG_CORE, 1);
	proto_add_u64(&b, TAG_FLAGS, RESULT_TERMINATED | RESULT_TRUNCATED);
	proto_add_u64(&b, TAG_DURATION_NS, UINT64_MAX);
	proto_add_u64(&b, TAG_OUT_TOTAL, 1ULL << 40);
	proto_add_str(&b, TAG_STAGE, "");
	proto_add_bytes(&b, TAG_DATA, head, sizeof(head));
	proto_add_bytes(&b, TAG_TAIL, tail, sizeof(tail));
	proto_end(&b, start);

	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_RESULT);
	assert_int_equal(m.nfields, 10);
	assert_u64(&m, TAG_SEQ, 5);
	assert_u64(&m, TAG_KIND, KIND_SIGNALED);
	assert_u64(&m, TAG_CODE, 11);
	assert_u64(&m, TAG_CORE, 1);
	assert_u64(&m, TAG_FLAGS, RESULT_TERMINATED | RESULT_TRUNCATED);
	assert_u64(&m, TAG_DURATION_NS, UINT64_MAX);
	assert_u64(&m, TAG_OUT_TOTAL, 1ULL << 40);
	assert_str(&m, TAG_STAGE, "");
	assert_field(proto_get(&m, TAG_DATA), TAG_DATA, head, sizeof(head));
	assert_field(proto_get(&m, TAG_TAIL), TAG_TAIL, tail, sizeof(tail));
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__error__round_trips_the_text(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_ERROR, &start);
	proto_add_str(&b, TAG_TEXT, "cannot create '/x': Permission denied");
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_ERROR);
	assert_str(&m, TAG_TEXT, "cannot create '/x': Permission denied");
	proto_msg_release(&m);
	buf_release(&b);
}

/* ---- streaming --------------------------------------------------------- */

static void
proto_decode__frame_split_at_every_byte__needs_more_until_whole(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start, k;

	(void)state;
	proto_begin(&b, MSG_RUN, &start);
	proto_add_u64(&b, TAG_SEQ, 3);
	proto_add_str(&b, TAG_ID, "./t x");
	proto_add_str(&b, TAG_ARG, "./t");
	proto_add_str(&b, TAG_ARG, "x");
	proto_add_str(&b, TAG_ARG, "");
	proto_end(&b, start);

	proto_msg_init(&m);
	for (k = 0; k < b.len; k++) {
		/* A fresh copy of the first k bytes: nothing past them. */
		char *part = xmalloc(k);
		size_t used = 12345;

		memcpy(part, b.data, k);
		if (proto_decode(part, k, &m, &used) != 0)
			fail_msg("a prefix of %zu of %zu bytes did not need "
				 "more",
				 k, b.len);
		assert_int_equal(used, 12345);
		free(part);
	}
	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_RUN);
	assert_int_equal(m.nfields, 5);
	assert_u64(&m, TAG_SEQ, 3);
	proto_msg_release(&m);
	buf_release(&b);
}

static void
proto_decode__two_frames_back_to_back__decode_one_at_a_time(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start, first, used = 0;

	(void)state;
	proto_begin(&b, MSG_STARTED, &start);
	proto_add_u64(&b, TAG_SEQ, 1);
	proto_add_u64(&b, TAG_PID, 100);
	proto_end(&b, start);
	first = b.len;
	proto_begin(&b, MSG_OUTPUT, &start);
	proto_add_u64(&b, TAG_SEQ, 1);
	proto_add_str(&b, TAG_DATA, "hello\n");
	proto_end(&b, start);

	proto_msg_init(&m);
	assert_int_equal(proto_decode(b.data, b.len, &m, &used), 1);
	assert_int_equal(used, first);
	assert_int_equal(m.type, MSG_STARTED);
	assert_int_equal(m.nfields, 2);
	assert_u64(&m, TAG_PID, 100);

	assert_int_equal(proto_decode(b.data + used, b.len - used, &m, &used),
			 1);
	assert_int_equal(used, b.len - first);
	assert_int_equal(m.type, MSG_OUTPUT);
	assert_int_equal(m.nfields, 2);
	assert_str(&m, TAG_DATA, "hello\n");
	assert_null(proto_get(&m, TAG_PID));
	proto_msg_release(&m);
	buf_release(&b);
}

/* ---- garbage ----------------------------------------------------------- */

static void proto_decode__length_0__is_invalid(void **state)
{
	static const uint8_t bytes[] = {0, 0, 0, 0, MSG_BYE};
	struct proto_msg m;
	size_t used = 0;

	(void)state;
	proto_msg_init(&m);
	assert_int_equal(proto_decode(bytes, 4, &m, &used), -1);
	assert_int_equal(proto_decode(bytes, sizeof(bytes), &m, &used), -1);
	proto_msg_release(&m);
}

static void
proto_decode__length_over_max_frame__is_invalid_at_once(void **state)
{
	uint32_t n = PROTO_MAX_FRAME + 1;
	uint8_t bytes[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16),
			    (uint8_t)(n >> 8), (uint8_t)n};
	static const uint8_t huge[] = {0xff, 0xff, 0xff, 0xff};
	struct proto_msg m;
	size_t used = 0;

	(void)state;
	proto_msg_init(&m);
	assert_int_equal(proto_decode(bytes, sizeof(bytes), &m, &used), -1);
	assert_int_equal(proto_decode(huge, sizeof(huge), &m, &used), -1);
	proto_msg_release(&m);
}

static void proto_decode__length_of_max_frame__waits_for_the_bytes(void **state)
{
	uint32_t n = PROTO_MAX_FRAME;
	uint8_t bytes[6] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16),
			    (uint8_t)(n >> 8),	(uint8_t)n,
			    MSG_OUTPUT,		TAG_DATA};
	struct proto_msg m;
	size_t used = 0;

	(void)state;
	proto_msg_init(&m);
	assert_int_equal(proto_decode(bytes, sizeof(bytes), &m, &used), 0);
	proto_msg_release(&m);
}

static void proto_decode__field_running_past_the_frame__is_invalid(void **state)
{
	/* A 3-byte field that claims 4 bytes; the next frame follows. */
	static const uint8_t bytes[] = {
		0, 0,	0,   9,	  MSG_OUTPUT, TAG_DATA, 0, 0, 0,
		4, 'a', 'b', 'c', 0,	      0,	0, 1, MSG_BYE,
	};
	struct proto_msg m;
	size_t used = 0;

	(void)state;
	proto_msg_init(&m);
	assert_int_equal(proto_decode(bytes, sizeof(bytes), &m, &used), -1);
	assert_int_equal(m.nfields, 0);
	proto_msg_release(&m);
}

static void proto_decode__truncated_field_header__is_invalid(void **state)
{
	/* Type, then 3 of a field header's 5 bytes. */
	static const uint8_t bytes[] = {0, 0, 0, 4, MSG_RUN, TAG_SEQ, 0, 0};
	struct proto_msg m;
	size_t used = 0;

	(void)state;
	proto_msg_init(&m);
	assert_int_equal(proto_decode(bytes, sizeof(bytes), &m, &used), -1);
	proto_msg_release(&m);
}

static void proto_decode__short_prefix__needs_more(void **state)
{
	static const uint8_t bytes[] = {0, 0, 0, 1, MSG_BYE};
	struct proto_msg m;
	size_t used = 0;

	(void)state;
	proto_msg_init(&m);
	assert_int_equal(proto_decode(bytes, 0, &m, &used), 0);
	assert_int_equal(proto_decode(bytes, 3, &m, &used), 0);
	assert_int_equal(proto_decode(bytes, 4, &m, &used), 0);
	assert_int_equal(proto_decode(bytes, 5, &m, &used), 1);
	assert_int_equal(used, 5);
	proto_msg_release(&m);
}

static void
proto_decode__max_fields__is_accepted_and_one_more_is_not(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start, i, used = 0;

	(void)state;
	proto_begin(&b, MSG_RUN, &start);
	for (i = 0; i < PROTO_MAX_FIELDS; i++)
		proto_add_str(&b, TAG_ARG, "");
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(m.nfields, PROTO_MAX_FIELDS);
	proto_msg_release(&m);

	buf_reset(&b);
	proto_begin(&b, MSG_RUN, &start);
	for (i = 0; i < PROTO_MAX_FIELDS + 1; i++)
		proto_add_str(&b, TAG_ARG, "");
	proto_end(&b, start);
	proto_msg_init(&m);
	assert_int_equal(proto_decode(b.data, b.len, &m, &used), -1);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__unknown_tags__are_kept_without_error(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_READY, &start);
	proto_add_str(&b, 200, "from the future");
	proto_add_u64(&b, TAG_VERSION, PROTO_VERSION);
	proto_add_bytes(&b, 0, "", 0);
	proto_add_u64(&b, TAG_PID, 77);
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(m.type, MSG_READY);
	assert_int_equal(m.nfields, 4);
	assert_u64(&m, TAG_VERSION, PROTO_VERSION);
	assert_u64(&m, TAG_PID, 77);
	assert_str(&m, 200, "from the future");
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_decode__unknown_type__is_decoded(void **state)
{
	static const uint8_t bytes[] = {0, 0, 0, 1, 250};
	struct proto_msg m;
	size_t used = 0;

	(void)state;
	proto_msg_init(&m);
	assert_int_equal(proto_decode(bytes, sizeof(bytes), &m, &used), 1);
	assert_int_equal(m.type, 250);
	proto_msg_release(&m);
}

static void proto_decode__reused_msg__holds_only_the_new_frame(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start, used = 0;

	(void)state;
	proto_begin(&b, MSG_STARTED, &start);
	proto_add_u64(&b, TAG_SEQ, 1);
	proto_add_u64(&b, TAG_PID, 2);
	proto_end(&b, start);
	proto_begin(&b, MSG_BYE, &start);
	proto_end(&b, start);

	proto_msg_init(&m);
	assert_int_equal(proto_decode(b.data, b.len, &m, &used), 1);
	assert_int_equal(m.nfields, 2);
	assert_int_equal(proto_decode(b.data + used, b.len - used, &m, &used),
			 1);
	assert_int_equal(m.type, MSG_BYE);
	assert_int_equal(m.nfields, 0);
	assert_null(proto_get(&m, TAG_SEQ));
	proto_msg_release(&m);
	assert_null(m.fields);
	assert_int_equal(m.nfields, 0);
	buf_release(&b);
}

/* ---- field access ------------------------------------------------------ */

static void proto_get_u64__field_that_is_not_8_bytes__fails(void **state)
{
	static const uint8_t four[] = {0, 0, 0, 1};
	static const uint8_t nine[] = {0, 0, 0, 0, 0, 0, 0, 0, 1};
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;
	uint64_t v = 42;

	(void)state;
	proto_begin(&b, MSG_STARTED, &start);
	proto_add_bytes(&b, TAG_SEQ, four, sizeof(four));
	proto_add_bytes(&b, TAG_PID, nine, sizeof(nine));
	proto_add_str(&b, TAG_CODE, "");
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_int_equal(proto_get_u64(&m, TAG_SEQ, &v), -1);
	assert_int_equal(proto_get_u64(&m, TAG_PID, &v), -1);
	assert_int_equal(proto_get_u64(&m, TAG_CODE, &v), -1);
	assert_int_equal(v, 42);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_get__absent_tag__is_null(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;
	uint64_t v = 42;

	(void)state;
	proto_begin(&b, MSG_STARTED, &start);
	proto_add_u64(&b, TAG_SEQ, 1);
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_null(proto_get(&m, TAG_PID));
	assert_null(proto_get_str(&m, TAG_PID));
	assert_int_equal(proto_get_u64(&m, TAG_PID, &v), -1);
	assert_int_equal(v, 42);
	proto_msg_release(&m);
	buf_release(&b);
}

static void proto_get__repeated_tag__returns_the_first(void **state)
{
	struct buf b = BUF_INIT;
	struct proto_msg m;
	size_t start;

	(void)state;
	proto_begin(&b, MSG_RUN, &start);
	proto_add_u64(&b, TAG_SEQ, 1);
	proto_add_u64(&b, TAG_SEQ, 2);
	proto_end(&b, start);
	decode_whole(&b, &m);
	assert_u64(&m, TAG_SEQ, 1);
	proto_msg_release(&m);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			proto_end__frame_without_fields__is_length_1_and_the_type),
		cmocka_unit_test(proto_add_u64__is_eight_big_endian_bytes),
		cmocka_unit_test(proto_add_str__is_the_bytes_without_a_nul),
		cmocka_unit_test(
			proto_begin__after_other_bytes__starts_where_they_end),
		cmocka_unit_test(proto_decode__hello__round_trips_every_field),
		cmocka_unit_test(
			proto_decode__run__keeps_repeated_args_in_order),
		cmocka_unit_test(
			proto_decode__terminate__round_trips_the_grace),
		cmocka_unit_test(
			proto_decode__kill_and_bye__round_trip_without_fields),
		cmocka_unit_test(
			proto_decode__ready__round_trips_version_and_pid),
		cmocka_unit_test(
			proto_decode__started__round_trips_seq_and_pid),
		cmocka_unit_test(proto_decode__output__round_trips_binary_data),
		cmocka_unit_test(proto_decode__result__round_trips_every_field),
		cmocka_unit_test(proto_decode__error__round_trips_the_text),
		cmocka_unit_test(
			proto_decode__frame_split_at_every_byte__needs_more_until_whole),
		cmocka_unit_test(
			proto_decode__two_frames_back_to_back__decode_one_at_a_time),
		cmocka_unit_test(proto_decode__length_0__is_invalid),
		cmocka_unit_test(
			proto_decode__length_over_max_frame__is_invalid_at_once),
		cmocka_unit_test(
			proto_decode__length_of_max_frame__waits_for_the_bytes),
		cmocka_unit_test(
			proto_decode__field_running_past_the_frame__is_invalid),
		cmocka_unit_test(
			proto_decode__truncated_field_header__is_invalid),
		cmocka_unit_test(proto_decode__short_prefix__needs_more),
		cmocka_unit_test(
			proto_decode__max_fields__is_accepted_and_one_more_is_not),
		cmocka_unit_test(
			proto_decode__unknown_tags__are_kept_without_error),
		cmocka_unit_test(proto_decode__unknown_type__is_decoded),
		cmocka_unit_test(
			proto_decode__reused_msg__holds_only_the_new_frame),
		cmocka_unit_test(
			proto_get_u64__field_that_is_not_8_bytes__fails),
		cmocka_unit_test(proto_get__absent_tag__is_null),
		cmocka_unit_test(proto_get__repeated_tag__returns_the_first),
	};

	return cmocka_run_group_tests_name("proto", tests, NULL, NULL);
}

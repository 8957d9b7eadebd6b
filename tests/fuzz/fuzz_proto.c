/*
 * libFuzzer target: proto_decode and the field getters, as the controller
 * and the worker use them on the bytes read from the other side's pipe.
 *
 * The input is a byte stream: frames are decoded one after the other from
 * the front (the same msg reused, as read_worker/read_commands do) until
 * more bytes are needed or the stream is rejected.  Checked beyond the
 * sanitizers: a frame never claims more than the bytes given, every field
 * lies inside its frame, a strict prefix of a good frame asks for more
 * bytes, the getters agree with the fields, re-encoding a decoded
 * frame with the encoder gives back the same bytes, and every typed
 * decoder (proto_take_*) either fails with a reason or yields strings that
 * lie inside the frame; a frame it accepts re-encodes (proto_put_*) to a
 * frame it accepts again.
 * Built by tests/fuzz/fuzz.mk (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_getters(const struct proto_msg *m)
{
	unsigned tag;

	for (tag = 0; tag < 40; tag++) {
		const struct proto_field *f = proto_get(m, (uint8_t)tag);
		uint64_t v = 0;
		char *s = proto_get_str(m, (uint8_t)tag);
		int r = proto_get_u64(m, (uint8_t)tag, &v);

		if (!f) {
			if (s || r != -1)
				abort();
			continue;
		}
		if (f->tag != tag || !s || memcmp(s, f->data, f->len) ||
		    s[f->len] != '\0')
			abort();
		if ((r == 0) != (f->len == 8))
			abort();
		free(s);
	}
}

/* Encode m again: the bytes must be the frame it came from. */
static void check_roundtrip(const struct proto_msg *m, const uint8_t *frame,
			    size_t used)
{
	struct buf b = BUF_INIT;
	size_t start, i;

	proto_begin(&b, m->type, &start);
	for (i = 0; i < m->nfields; i++)
		proto_add_bytes(&b, m->fields[i].tag, m->fields[i].data,
				m->fields[i].len);
	proto_end(&b, start);
	if (b.len != used || memcmp(b.data, frame, used))
		abort();
	buf_release(&b);
}

static const uint8_t *lo, *hi; /* the frame being checked */

static void in_frame(struct proto_str s)
{
	if (s.p && ((const uint8_t *)s.p < lo || (const uint8_t *)s.p > hi ||
		    s.len > (size_t)(hi - (const uint8_t *)s.p)))
		abort();
}

static void in_frame_all(const struct proto_strs *l)
{
	size_t i;

	if (l->n && !l->v)
		abort();
	for (i = 0; i < l->n; i++)
		in_frame(l->v[i]);
}

/* b, one frame from a proto_put_*: decode it for the next check. */
static void redecode(struct buf *b, struct proto_msg *again)
{
	size_t used = 0;

	if (proto_decode(b->data, b->len, again, &used) != 1 || used != b->len)
		abort();
}

#define TAKEN(r, why)                                             \
	do {                                                      \
		if ((r) != 0 && ((r) != -1 || !(why) || !*(why))) \
			abort();                                  \
	} while (0)

static void check_typed(const struct proto_msg *m)
{
	struct proto_hello hello, hello2;
	struct proto_run run, run2;
	struct proto_terminate term;
	struct proto_env env;
	struct proto_ready ready;
	struct proto_started started;
	struct proto_output output;
	struct proto_result result, result2;
	struct proto_error error;
	struct proto_msg again;
	struct buf b = BUF_INIT;
	const char *why;
	uint64_t v;
	int r;

	proto_msg_init(&again);
	proto_take_version(m, &v);
	why = NULL;
	r = proto_take_hello(m, &hello, &why);
	TAKEN(r, why);
	if (r == 0) {
		in_frame(hello.worker);
		in_frame(hello.preload);
		proto_put_hello(&b, &hello);
		redecode(&b, &again);
		if (proto_take_hello(&again, &hello2, &why) != 0 ||
		    hello2.flags != hello.flags)
			abort();
		buf_reset(&b);
	}
	why = NULL;
	r = proto_take_run(m, &run, &why);
	TAKEN(r, why);
	if (r == 0) {
		in_frame(run.id);
		in_frame_all(&run.args);
		proto_put_run(&b, &run);
		redecode(&b, &again);
		if (proto_take_run(&again, &run2, &why) != 0 ||
		    run2.args.n != run.args.n ||
		    run2.has_attempt != run.has_attempt)
			abort();
		proto_run_release(&run2);
		proto_run_release(&run);
		buf_reset(&b);
	}
	why = NULL;
	r = proto_take_terminate(m, &term, &why);
	TAKEN(r, why);
	why = NULL;
	r = proto_take_env(m, &env, &why);
	TAKEN(r, why);
	if (r == 0) {
		in_frame_all(&env.env);
		proto_env_release(&env);
	}
	why = NULL;
	r = proto_take_ready(m, &ready, &why);
	TAKEN(r, why);
	why = NULL;
	r = proto_take_started(m, &started, &why);
	TAKEN(r, why);
	why = NULL;
	r = proto_take_output(m, &output, &why);
	TAKEN(r, why);
	if (r == 0)
		in_frame(output.data);
	why = NULL;
	r = proto_take_result(m, &result, &why);
	TAKEN(r, why);
	if (r == 0) {
		in_frame(result.stage);
		in_frame(result.data);
		in_frame(result.tail);
		in_frame_all(&result.env);
		proto_put_result(&b, &result);
		redecode(&b, &again);
		if (proto_take_result(&again, &result2, &why) != 0 ||
		    result2.env.n != result.env.n ||
		    result2.has_lost_errno != result.has_lost_errno ||
		    !result2.tail.p != !result.tail.p)
			abort();
		proto_result_release(&result2);
		proto_result_release(&result);
		buf_reset(&b);
	}
	why = NULL;
	r = proto_take_error(m, &error, &why);
	TAKEN(r, why);
	if (r == 0)
		in_frame(error.text);
	proto_msg_release(&again);
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_msg m, probe;
	size_t pos = 0, used, i;
	int r;

	proto_msg_init(&m);
	proto_msg_init(&probe);
	while (pos < size) {
		const uint8_t *frame = data + pos;
		size_t left = size - pos;

		used = 0;
		r = proto_decode(frame, left, &m, &used);
		if (r != 1) {
			if (r != 0 && r != -1)
				abort();
			break;
		}
		if (used < 5 || used > left || m.nfields > PROTO_MAX_FIELDS)
			abort();
		if (m.type != frame[4])
			abort();
		for (i = 0; i < m.nfields; i++) {
			const struct proto_field *f = &m.fields[i];

			if (f->data < frame + 5 || f->data > frame + used ||
			    f->len > (size_t)(frame + used - f->data))
				abort();
		}
		check_getters(&m);
		lo = frame;
		hi = frame + used;
		check_typed(&m);
		check_roundtrip(&m, frame, used);
		/* Fewer bytes of the same frame: wait for more. */
		if (proto_decode(frame, used - 1, &probe, &i) != 0 ||
		    proto_decode(frame, 4, &probe, &i) != 0)
			abort();
		pos += used;
	}
	proto_msg_release(&probe);
	proto_msg_release(&m);
	return 0;
}

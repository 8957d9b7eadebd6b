/*
 * libFuzzer target: proto_decode and the field getters, as the controller
 * and the worker use them on the bytes read from the other side's pipe.
 *
 * The input is a byte stream: frames are decoded one after the other from
 * the front (the same msg reused, as read_worker/read_commands do) until
 * more bytes are needed or the stream is rejected.  Checked beyond the
 * sanitizers: a frame never claims more than the bytes given, every field
 * lies inside its frame, a strict prefix of a good frame asks for more
 * bytes, the getters agree with the fields, and re-encoding a decoded
 * frame with the encoder gives back the same bytes.
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

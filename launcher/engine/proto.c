#include "proto.h"

#include <stdlib.h>
#include <string.h>

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

void proto_begin(struct buf *out, uint8_t type, size_t *start)
{
	uint8_t hdr[5] = {0, 0, 0, 0, type};

	*start = out->len;
	buf_add(out, hdr, sizeof(hdr));
}

void proto_add_bytes(struct buf *out, uint8_t tag, const void *p, size_t len)
{
	uint8_t hdr[5];

	if (len > PROTO_MAX_FRAME)
		BUG("proto field too large");
	hdr[0] = tag;
	put_u32(hdr + 1, (uint32_t)len);
	buf_add(out, hdr, sizeof(hdr));
	buf_add(out, p, len);
}

void proto_add_u64(struct buf *out, uint8_t tag, uint64_t v)
{
	uint8_t b[8];
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = (uint8_t)v;
		v >>= 8;
	}
	proto_add_bytes(out, tag, b, sizeof(b));
}

void proto_add_str(struct buf *out, uint8_t tag, const char *s)
{
	proto_add_bytes(out, tag, s, strlen(s));
}

void proto_end(struct buf *out, size_t start)
{
	size_t len = out->len - start - 4;

	if (len > PROTO_MAX_FRAME)
		BUG("proto frame too large");
	put_u32((uint8_t *)out->data + start, (uint32_t)len);
}

void proto_msg_init(struct proto_msg *msg)
{
	msg->type = 0;
	msg->nfields = 0;
	msg->fields = NULL;
}

void proto_msg_release(struct proto_msg *msg)
{
	free(msg->fields);
	proto_msg_init(msg);
}

int proto_decode(const void *buf, size_t len, struct proto_msg *msg,
		 size_t *used)
{
	const uint8_t *p = buf;
	const uint8_t *end;
	size_t n = 0, cap = 0;
	uint32_t flen;

	if (len < 4)
		return 0;
	flen = get_u32(p);
	if (flen < 1 || flen > PROTO_MAX_FRAME)
		return -1;
	if (len - 4 < flen)
		return 0;

	end = p + 4 + flen;
	proto_msg_release(msg);
	msg->type = p[4];
	p += 5;
	while (p < end) {
		uint32_t l;

		if (end - p < 5)
			goto bad;
		l = get_u32(p + 1);
		if ((size_t)(end - p - 5) < l)
			goto bad;
		if (n == PROTO_MAX_FIELDS)
			goto bad;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			msg->fields = xrealloc(msg->fields,
					       cap * sizeof(*msg->fields));
		}
		msg->fields[n].tag = p[0];
		msg->fields[n].len = l;
		msg->fields[n].data = p + 5;
		n++;
		p += 5 + l;
	}
	msg->nfields = n;
	*used = 4 + (size_t)flen;
	return 1;
bad:
	proto_msg_release(msg);
	return -1;
}

const struct proto_field *proto_get(const struct proto_msg *msg, uint8_t tag)
{
	size_t i;

	for (i = 0; i < msg->nfields; i++)
		if (msg->fields[i].tag == tag)
			return &msg->fields[i];
	return NULL;
}

int proto_get_u64(const struct proto_msg *msg, uint8_t tag, uint64_t *v)
{
	const struct proto_field *f = proto_get(msg, tag);
	uint64_t r = 0;
	int i;

	if (!f || f->len != 8)
		return -1;
	for (i = 0; i < 8; i++)
		r = r << 8 | f->data[i];
	*v = r;
	return 0;
}

char *proto_get_str(const struct proto_msg *msg, uint8_t tag)
{
	const struct proto_field *f = proto_get(msg, tag);

	if (!f)
		return NULL;
	return xstrndup((const char *)f->data, f->len);
}

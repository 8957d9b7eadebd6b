/*
 * proto_support: helpers shared by the unit tests of proto.c
 * (test_proto.c, test_proto_typed.c).  Include after <cmocka.h>.
 */
#ifndef XDIST_TEST_PROTO_SUPPORT_H
#define XDIST_TEST_PROTO_SUPPORT_H

#include "proto.h"

/* Decode the one whole frame in b, which must use every byte of it. */
static inline void decode_whole(const struct buf *b, struct proto_msg *m)
{
	size_t used = 0;

	proto_msg_init(m);
	assert_int_equal(proto_decode(b->data, b->len, m, &used), 1);
	assert_int_equal(used, b->len);
}

#endif

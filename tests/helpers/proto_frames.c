/*
 * proto_frames: speak the controller <-> worker protocol
 * (launcher/engine/proto.h) from a shell script, to drive `xdist-exec worker`
 * by hand (e.g. under valgrind, where the controller cannot start it for us).
 *
 *   proto_frames hello [-v VERSION] NAME RUNDIR WORKERDIR FLAGS MAXOUT GRACE_MS
 *        (VERSION: PROTO_VERSION unless given, to play an older peer)
 *   proto_frames run SEQ FLAGS TIMEOUT_MS ID ARG...   (TIMEOUT_MS 0: none)
 *   proto_frames env NAME=VALUE...
 *   proto_frames terminate GRACE_MS | kill | bye | suspend | resume
 *        write one frame to stdout
 *   proto_frames decode
 *        read frames on stdin, print one line per frame:
 *        "TYPE name=value ..." (8-byte fields as numbers, TEXT, STAGE and
 *        ENV as 'text', others as name:length; names as in proto.h,
 *        lowercase, tagN when unnamed here); exit 1 on bytes that are
 *        not frames (a trailing partial frame is reported as "PARTIAL")
 *
 * The encoder and the decoder here are written apart from
 * launcher/engine/proto.c on purpose: only the constants are shared, so a
 * change to the wire format shows up as a failing scenario.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"

static unsigned char frame[1 << 16];
static size_t flen;

static void put(const void *p, size_t n)
{
	if (flen + n > sizeof(frame)) {
		fputs("proto_frames: frame too large\n", stderr);
		exit(2);
	}
	memcpy(frame + flen, p, n);
	flen += n;
}

static void put_u32(uint32_t v)
{
	unsigned char b[4] = {v >> 24, v >> 16, v >> 8, v};

	put(b, 4);
}

static void field(uint8_t tag, const void *p, size_t n)
{
	put(&tag, 1);
	put_u32((uint32_t)n);
	put(p, n);
}

static void field_u64(uint8_t tag, unsigned long long v)
{
	unsigned char b[8];
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)v;
	field(tag, b, 8);
}

static void field_num(uint8_t tag, const char *s)
{
	field_u64(tag, strtoull(s, NULL, 10));
}

static void field_str(uint8_t tag, const char *s)
{
	field(tag, s, strlen(s));
}

static void begin(uint8_t type)
{
	flen = 0;
	put_u32(0);
	put(&type, 1);
}

static int end(void)
{
	uint32_t n = (uint32_t)(flen - 4);
	unsigned char b[4] = {n >> 24, n >> 16, n >> 8, n};

	memcpy(frame, b, 4);
	return fwrite(frame, 1, flen, stdout) == flen && fflush(stdout) == 0
		       ? 0
		       : 1;
}

static const char *type_name(int t)
{
	switch (t) {
	case MSG_READY:
		return "READY";
	case MSG_STARTED:
		return "STARTED";
	case MSG_OUTPUT:
		return "OUTPUT";
	case MSG_RESULT:
		return "RESULT";
	case MSG_ERROR:
		return "ERROR";
	default:
		return NULL;
	}
}

static const char *tag_name(int t)
{
	static const struct {
		int tag;
		const char *name;
	} names[] = {
		{TAG_VERSION, "version"},
		{TAG_SEQ, "seq"},
		{TAG_PID, "pid"},
		{TAG_DATA, "data"},
		{TAG_KIND, "kind"},
		{TAG_CODE, "code"},
		{TAG_CORE, "core"},
		{TAG_FLAGS, "flags"},
		{TAG_DURATION_NS, "ns"},
		{TAG_OUT_TOTAL, "total"},
		{TAG_STAGE, "stage"},
		{TAG_TEXT, "text"},
		{TAG_ENV, "env"},
		{TAG_TAIL, "tail"},
		{TAG_LEAKED, "leaked"},
		{TAG_LOST_ERRNO, "lost_errno"},
		{TAG_SKIP_REASON, "skip_reason"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].tag == t)
			return names[i].name;
	return NULL;
}

static int decode(void)
{
	static unsigned char in[64 << 20];
	size_t len = 0, pos = 0;
	ssize_t n;

	while ((n = read(0, in + len, sizeof(in) - len)) > 0)
		len += (size_t)n;
	while (pos < len) {
		uint32_t fl, l;
		size_t p, e;
		const char *name, *tn;

		if (len - pos < 4)
			break;
		fl = (uint32_t)in[pos] << 24 | (uint32_t)in[pos + 1] << 16 |
		     (uint32_t)in[pos + 2] << 8 | in[pos + 3];
		if (fl < 1 || fl > PROTO_MAX_FRAME) {
			puts("GARBAGE");
			return 1;
		}
		if (len - pos - 4 < fl)
			break;
		name = type_name(in[pos + 4]);
		if (name)
			printf("%s", name);
		else
			printf("TYPE%d", in[pos + 4]);
		for (p = pos + 5, e = pos + 4 + fl; p < e; p += 5 + l) {
			const unsigned char *d = in + p + 5;

			if (e - p < 5) {
				puts(" GARBAGE");
				return 1;
			}
			l = (uint32_t)in[p + 1] << 24 |
			    (uint32_t)in[p + 2] << 16 |
			    (uint32_t)in[p + 3] << 8 | in[p + 4];
			if (e - p - 5 < l) {
				puts(" GARBAGE");
				return 1;
			}
			tn = tag_name(in[p]);
			if (tn)
				printf(" %s", tn);
			else
				printf(" tag%d", in[p]);
			if (in[p] == TAG_TEXT || in[p] == TAG_STAGE ||
			    in[p] == TAG_ENV) {
				printf("='%.*s'", (int)l, d);
			} else if (l == 8 && in[p] != TAG_DATA &&
				   in[p] != TAG_TAIL) {
				unsigned long long v = 0;
				int i;

				for (i = 0; i < 8; i++)
					v = v << 8 | d[i];
				printf("=%llu", v);
			} else {
				printf(":%u", l);
			}
		}
		putchar('\n');
		pos += 4 + fl;
	}
	if (pos < len)
		puts("PARTIAL");
	return 0;
}

static int usage(void)
{
	fputs("usage: proto_frames hello|run|env|terminate|kill|bye|suspend|"
	      "resume|decode ...\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	const char *version = NULL;
	int i;

	if (!strcmp(cmd, "decode"))
		return decode();
	if (!strcmp(cmd, "hello") && argc == 10 && !strcmp(argv[2], "-v")) {
		version = argv[3];
		argv += 2;
		argc -= 2;
	}
	if (!strcmp(cmd, "hello") && argc == 8) {
		begin(MSG_HELLO);
		if (version)
			field_num(TAG_VERSION, version);
		else
			field_u64(TAG_VERSION, PROTO_VERSION);
		field_str(TAG_WORKER, argv[2]);
		field_u64(TAG_INDEX, 0);
		field_u64(TAG_COUNT, 1);
		field_str(TAG_UID, "0123456789abcdef0123456789abcdef");
		field_str(TAG_RUNDIR, argv[3]);
		field_str(TAG_WORKERDIR, argv[4]);
		field_str(TAG_MAINARGV, "xdist-exec worker");
		field_num(TAG_FLAGS, argv[5]);
		field_num(TAG_MAXOUT, argv[6]);
		field_num(TAG_GRACE_MS, argv[7]);
		return end();
	}
	if (!strcmp(cmd, "run") && argc >= 7) {
		begin(MSG_RUN);
		field_num(TAG_SEQ, argv[2]);
		field_str(TAG_ID, argv[5]);
		field_num(TAG_FLAGS, argv[3]);
		if (strcmp(argv[4], "0"))
			field_num(TAG_TIMEOUT_MS, argv[4]);
		for (i = 6; i < argc; i++)
			field_str(TAG_ARG, argv[i]);
		return end();
	}
	if (!strcmp(cmd, "env")) {
		begin(MSG_ENV);
		for (i = 2; i < argc; i++)
			field_str(TAG_ENV, argv[i]);
		return end();
	}
	if (!strcmp(cmd, "terminate") && argc == 3) {
		begin(MSG_TERMINATE);
		field_num(TAG_GRACE_MS, argv[2]);
		return end();
	}
	if (argc == 2) {
		static const struct {
			const char *name;
			uint8_t type;
		} simple[] = {{"kill", MSG_KILL},
			      {"bye", MSG_BYE},
			      {"suspend", MSG_SUSPEND},
			      {"resume", MSG_RESUME}};

		for (i = 0; i < 4; i++)
			if (!strcmp(cmd, simple[i].name)) {
				begin(simple[i].type);
				return end();
			}
	}
	return usage();
}

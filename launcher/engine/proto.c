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

#define NAME_OF(group, name, value) {group, (uint32_t)(value), #name},
#define NAME_TYPE(name, value) NAME_OF(PROTO_NAME_TYPE, name, value)
#define NAME_TAG(name, value) NAME_OF(PROTO_NAME_TAG, name, value)
#define NAME_HELLO(name, value) NAME_OF(PROTO_NAME_HELLO_FLAG, name, value)
#define NAME_RUN(name, value) NAME_OF(PROTO_NAME_RUN_FLAG, name, value)
#define NAME_RESULT(name, value) NAME_OF(PROTO_NAME_RESULT_FLAG, name, value)
#define NAME_KIND(name, value) NAME_OF(PROTO_NAME_KIND, name, value)
/* One list a line. */
const struct proto_name proto_names[] = {
	/* clang-format off */
	PROTO_TYPES(NAME_TYPE)
	PROTO_TAGS(NAME_TAG)
	PROTO_HELLO_FLAGS(NAME_HELLO)
	PROTO_RUN_FLAGS(NAME_RUN)
	PROTO_RESULT_FLAGS(NAME_RESULT)
	PROTO_KINDS(NAME_KIND)
	/* clang-format on */
};
const size_t proto_nnames = sizeof(proto_names) / sizeof(proto_names[0]);

const char *proto_name(enum proto_name_group group, uint32_t value)
{
	size_t i;

	for (i = 0; i < proto_nnames; i++)
		if (proto_names[i].group == group &&
		    proto_names[i].value == value)
			return proto_names[i].name;
	return NULL;
}

/* The decoders' reasons: static, so that *why needs no freeing. */
#define LACKS(name, value) [value] = "lacks " #name,
static const char *const lacks[] = {PROTO_TAGS(LACKS)};
#define NOT_A(name, value) [value] = "not a " #name,
static const char *const not_a[] = {PROTO_TYPES(NOT_A)};

struct proto_str proto_str(const char *s)
{
	struct proto_str r = {s, s ? strlen(s) : 0};

	return r;
}

char *proto_str_dup(struct proto_str s)
{
	return s.p ? xstrndup(s.p, s.len) : NULL;
}

static void put_str(struct buf *out, uint8_t tag, struct proto_str s)
{
	if (s.p)
		proto_add_bytes(out, tag, s.p, s.len);
}

static void put_strs(struct buf *out, uint8_t tag, const struct proto_strs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		proto_add_bytes(out, tag, l->v[i].p, l->v[i].len);
}

void proto_put_empty(struct buf *out, uint8_t type)
{
	size_t s;

	proto_begin(out, type, &s);
	proto_end(out, s);
}

void proto_put_hello(struct buf *out, const struct proto_hello *m)
{
	size_t s;

	proto_begin(out, MSG_HELLO, &s);
	proto_add_u64(out, TAG_VERSION, m->version);
	put_str(out, TAG_WORKER, m->worker);
	proto_add_u64(out, TAG_INDEX, m->index);
	proto_add_u64(out, TAG_COUNT, m->count);
	put_str(out, TAG_UID, m->uid);
	put_str(out, TAG_RUNDIR, m->run_dir);
	put_str(out, TAG_WORKERDIR, m->worker_dir);
	put_str(out, TAG_MAINARGV, m->mainargv);
	proto_add_u64(out, TAG_FLAGS, m->flags);
	proto_add_u64(out, TAG_MAXOUT, m->max_output);
	proto_add_u64(out, TAG_GRACE_MS, m->grace_ms);
	put_str(out, TAG_PRELOAD, m->preload);
	put_str(out, TAG_HOST, m->host);
	put_str(out, TAG_CHDIR, m->chdir);
	put_str(out, TAG_SANDBOX, m->sandbox);
	put_str(out, TAG_DENY, m->deny);
	proto_end(out, s);
}

void proto_put_run(struct buf *out, const struct proto_run *m)
{
	size_t s;

	proto_begin(out, MSG_RUN, &s);
	proto_add_u64(out, TAG_SEQ, m->seq);
	put_str(out, TAG_ID, m->id);
	proto_add_u64(out, TAG_FLAGS, m->flags);
	if (m->has_timeout_ms)
		proto_add_u64(out, TAG_TIMEOUT_MS, m->timeout_ms);
	if (m->has_attempt)
		proto_add_u64(out, TAG_ATTEMPT, m->attempt);
	if (m->has_attempts)
		proto_add_u64(out, TAG_ATTEMPTS, m->attempts);
	put_strs(out, TAG_ARG, &m->args);
	put_str(out, TAG_SANDBOX, m->sandbox);
	put_str(out, TAG_WORKDIR, m->workdir);
	put_strs(out, TAG_SETENV, &m->setenv);
	proto_end(out, s);
}

void proto_put_terminate(struct buf *out, const struct proto_terminate *m)
{
	size_t s;

	proto_begin(out, MSG_TERMINATE, &s);
	if (m->has_grace_ms)
		proto_add_u64(out, TAG_GRACE_MS, m->grace_ms);
	proto_end(out, s);
}

void proto_put_env(struct buf *out, const struct proto_env *m)
{
	size_t s;

	proto_begin(out, MSG_ENV, &s);
	put_strs(out, TAG_ENV, &m->env);
	proto_end(out, s);
}

void proto_put_ready(struct buf *out, const struct proto_ready *m)
{
	size_t s;

	proto_begin(out, MSG_READY, &s);
	proto_add_u64(out, TAG_VERSION, m->version);
	proto_add_u64(out, TAG_PID, m->pid);
	proto_end(out, s);
}

void proto_put_started(struct buf *out, const struct proto_started *m)
{
	size_t s;

	proto_begin(out, MSG_STARTED, &s);
	proto_add_u64(out, TAG_SEQ, m->seq);
	proto_add_u64(out, TAG_PID, m->pid);
	proto_end(out, s);
}

void proto_put_output(struct buf *out, const struct proto_output *m)
{
	size_t s;

	proto_begin(out, MSG_OUTPUT, &s);
	proto_add_u64(out, TAG_SEQ, m->seq);
	put_str(out, TAG_DATA, m->data);
	proto_end(out, s);
}

void proto_put_result(struct buf *out, const struct proto_result *m)
{
	size_t s;

	proto_begin(out, MSG_RESULT, &s);
	proto_add_u64(out, TAG_SEQ, m->seq);
	proto_add_u64(out, TAG_KIND, m->kind);
	proto_add_u64(out, TAG_CODE, m->code);
	proto_add_u64(out, TAG_CORE, m->core);
	proto_add_u64(out, TAG_FLAGS, m->flags);
	proto_add_u64(out, TAG_DURATION_NS, m->duration_ns);
	proto_add_u64(out, TAG_OUT_TOTAL, m->out_total);
	if (m->has_leaked)
		proto_add_u64(out, TAG_LEAKED, m->leaked);
	if (m->has_lost_errno)
		proto_add_u64(out, TAG_LOST_ERRNO, m->lost_errno);
	put_str(out, TAG_STAGE, m->stage);
	put_str(out, TAG_SKIP_REASON, m->skip_reason);
	put_str(out, TAG_TAP_REASON, m->tap_reason);
	put_str(out, TAG_DATA, m->data);
	put_str(out, TAG_TAIL, m->tail);
	put_strs(out, TAG_ENV, &m->env);
	proto_end(out, s);
}

void proto_put_case(struct buf *out, const struct proto_case *m)
{
	size_t s;

	proto_begin(out, MSG_CASE, &s);
	proto_add_u64(out, TAG_SEQ, m->seq);
	proto_add_u64(out, TAG_CASE_NUM, m->num);
	proto_add_u64(out, TAG_CASE_STATUS, m->status);
	put_str(out, TAG_CASE_DESC, m->desc);
	put_str(out, TAG_CASE_REASON, m->reason);
	put_str(out, TAG_CASE_YAML, m->yaml);
	proto_end(out, s);
}

void proto_put_error(struct buf *out, const struct proto_error *m)
{
	size_t s;

	proto_begin(out, MSG_ERROR, &s);
	put_str(out, TAG_TEXT, m->text);
	if (m->has_code)
		proto_add_u64(out, TAG_CODE, m->code);
	proto_end(out, s);
}

/* Decoding helpers: each returns 0, or -1 having set *why. */

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

static int is_type(const struct proto_msg *frame, uint8_t type,
		   const char **why)
{
	return frame->type == type ? 0 : fail(why, not_a[type]);
}

static int need_u64(const struct proto_msg *frame, uint8_t tag, uint64_t *v,
		    const char **why)
{
	return proto_get_u64(frame, tag, v) == 0 ? 0 : fail(why, lacks[tag]);
}

/* An integer the receiver can do without: *v stays 0 when absent. */
static void zero_u64(const struct proto_msg *frame, uint8_t tag, uint64_t *v)
{
	if (proto_get_u64(frame, tag, v) < 0)
		*v = 0;
}

static void opt_u64(const struct proto_msg *frame, uint8_t tag, int *has,
		    uint64_t *v)
{
	*has = proto_get_u64(frame, tag, v) == 0;
	if (!*has)
		*v = 0;
}

static void opt_str(const struct proto_msg *frame, uint8_t tag,
		    struct proto_str *s)
{
	const struct proto_field *f = proto_get(frame, tag);

	s->p = f ? (const char *)f->data : NULL;
	s->len = f ? f->len : 0;
}

static int need_str(const struct proto_msg *frame, uint8_t tag,
		    struct proto_str *s, const char **why)
{
	opt_str(frame, tag, s);
	return s->p ? 0 : fail(why, lacks[tag]);
}

static void take_strs(const struct proto_msg *frame, uint8_t tag,
		      struct proto_strs *l)
{
	size_t i, n = 0;

	for (i = 0; i < frame->nfields; i++)
		n += frame->fields[i].tag == tag;
	l->v = n ? xcalloc(n, sizeof(*l->v)) : NULL;
	l->n = 0;
	for (i = 0; i < frame->nfields; i++) {
		if (frame->fields[i].tag != tag)
			continue;
		l->v[l->n].p = (const char *)frame->fields[i].data;
		l->v[l->n].len = frame->fields[i].len;
		l->n++;
	}
}

int proto_take_version(const struct proto_msg *frame, uint64_t *version)
{
	return proto_get_u64(frame, TAG_VERSION, version);
}

int proto_take_hello(const struct proto_msg *frame, struct proto_hello *m,
		     const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_HELLO, why) < 0 ||
	    need_u64(frame, TAG_VERSION, &m->version, why) < 0 ||
	    need_str(frame, TAG_WORKER, &m->worker, why) < 0 ||
	    need_u64(frame, TAG_INDEX, &m->index, why) < 0 ||
	    need_u64(frame, TAG_COUNT, &m->count, why) < 0 ||
	    need_str(frame, TAG_UID, &m->uid, why) < 0 ||
	    need_str(frame, TAG_RUNDIR, &m->run_dir, why) < 0 ||
	    need_str(frame, TAG_WORKERDIR, &m->worker_dir, why) < 0 ||
	    need_str(frame, TAG_MAINARGV, &m->mainargv, why) < 0 ||
	    need_u64(frame, TAG_FLAGS, &m->flags, why) < 0 ||
	    need_u64(frame, TAG_MAXOUT, &m->max_output, why) < 0 ||
	    need_u64(frame, TAG_GRACE_MS, &m->grace_ms, why) < 0) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	opt_str(frame, TAG_PRELOAD, &m->preload);
	opt_str(frame, TAG_HOST, &m->host);
	opt_str(frame, TAG_CHDIR, &m->chdir);
	opt_str(frame, TAG_SANDBOX, &m->sandbox);
	opt_str(frame, TAG_DENY, &m->deny);
	return 0;
}

int proto_take_run(const struct proto_msg *frame, struct proto_run *m,
		   const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_RUN, why) < 0 ||
	    need_str(frame, TAG_ID, &m->id, why) < 0) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	zero_u64(frame, TAG_SEQ, &m->seq);
	zero_u64(frame, TAG_FLAGS, &m->flags);
	opt_u64(frame, TAG_TIMEOUT_MS, &m->has_timeout_ms, &m->timeout_ms);
	opt_u64(frame, TAG_ATTEMPT, &m->has_attempt, &m->attempt);
	opt_u64(frame, TAG_ATTEMPTS, &m->has_attempts, &m->attempts);
	take_strs(frame, TAG_ARG, &m->args);
	opt_str(frame, TAG_SANDBOX, &m->sandbox);
	opt_str(frame, TAG_WORKDIR, &m->workdir);
	take_strs(frame, TAG_SETENV, &m->setenv);
	return 0;
}

int proto_take_terminate(const struct proto_msg *frame,
			 struct proto_terminate *m, const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_TERMINATE, why) < 0)
		return -1;
	opt_u64(frame, TAG_GRACE_MS, &m->has_grace_ms, &m->grace_ms);
	return 0;
}

int proto_take_env(const struct proto_msg *frame, struct proto_env *m,
		   const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_ENV, why) < 0)
		return -1;
	take_strs(frame, TAG_ENV, &m->env);
	return 0;
}

int proto_take_ready(const struct proto_msg *frame, struct proto_ready *m,
		     const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_READY, why) < 0 ||
	    need_u64(frame, TAG_VERSION, &m->version, why) < 0) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	zero_u64(frame, TAG_PID, &m->pid);
	return 0;
}

int proto_take_started(const struct proto_msg *frame, struct proto_started *m,
		       const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_STARTED, why) < 0 ||
	    need_u64(frame, TAG_PID, &m->pid, why) < 0) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	zero_u64(frame, TAG_SEQ, &m->seq);
	return 0;
}

int proto_take_output(const struct proto_msg *frame, struct proto_output *m,
		      const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_OUTPUT, why) < 0 ||
	    need_str(frame, TAG_DATA, &m->data, why) < 0) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	zero_u64(frame, TAG_SEQ, &m->seq);
	return 0;
}

int proto_take_result(const struct proto_msg *frame, struct proto_result *m,
		      const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_RESULT, why) < 0 ||
	    need_u64(frame, TAG_SEQ, &m->seq, why) < 0 ||
	    need_u64(frame, TAG_KIND, &m->kind, why) < 0 ||
	    need_u64(frame, TAG_CODE, &m->code, why) < 0) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	zero_u64(frame, TAG_CORE, &m->core);
	zero_u64(frame, TAG_FLAGS, &m->flags);
	zero_u64(frame, TAG_DURATION_NS, &m->duration_ns);
	zero_u64(frame, TAG_OUT_TOTAL, &m->out_total);
	opt_u64(frame, TAG_LEAKED, &m->has_leaked, &m->leaked);
	opt_u64(frame, TAG_LOST_ERRNO, &m->has_lost_errno, &m->lost_errno);
	opt_str(frame, TAG_STAGE, &m->stage);
	opt_str(frame, TAG_SKIP_REASON, &m->skip_reason);
	opt_str(frame, TAG_TAP_REASON, &m->tap_reason);
	opt_str(frame, TAG_DATA, &m->data);
	opt_str(frame, TAG_TAIL, &m->tail);
	take_strs(frame, TAG_ENV, &m->env);
	return 0;
}

int proto_take_error(const struct proto_msg *frame, struct proto_error *m,
		     const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_ERROR, why) < 0 ||
	    need_str(frame, TAG_TEXT, &m->text, why) < 0) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	opt_u64(frame, TAG_CODE, &m->has_code, &m->code);
	return 0;
}

void proto_run_release(struct proto_run *m)
{
	free(m->args.v);
	free(m->setenv.v);
	memset(m, 0, sizeof(*m));
}

void proto_env_release(struct proto_env *m)
{
	free(m->env.v);
	memset(m, 0, sizeof(*m));
}

void proto_result_release(struct proto_result *m)
{
	free(m->env.v);
	memset(m, 0, sizeof(*m));
}

int proto_take_case(const struct proto_msg *frame, struct proto_case *m,
		    const char **why)
{
	memset(m, 0, sizeof(*m));
	if (is_type(frame, MSG_CASE, why) < 0)
		return -1;
	zero_u64(frame, TAG_SEQ, &m->seq);
	zero_u64(frame, TAG_CASE_NUM, &m->num);
	zero_u64(frame, TAG_CASE_STATUS, &m->status);
	opt_str(frame, TAG_CASE_DESC, &m->desc);
	opt_str(frame, TAG_CASE_REASON, &m->reason);
	opt_str(frame, TAG_CASE_YAML, &m->yaml);
	return 0;
}

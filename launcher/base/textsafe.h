/*
 * textsafe: make arbitrary bytes (a test's output, an id from a list file)
 * safe to put where only text may go: a JSON string, XML, one log line, a
 * file name.  Pure: no syscalls, no global state.
 *
 * Repair rules, shared by every report:
 *   - invalid UTF-8 (a stray continuation byte, a truncated sequence, an
 *     overlong form, a surrogate, a code point past U+10FFFF, bytes F5..FF)
 *     becomes U+FFFD, one per maximal ill-formed subpart (Unicode 15
 *     section 3.9, "U+FFFD substitution of maximal subparts": what Python's
 *     bytes.decode("utf-8", "replace") does);
 *   - a control character the target forbids becomes the four characters
 *     \xNN (lowercase hex), so ESC in coloured output reads "\x1b".
 */
#ifndef XDIST_TEXTSAFE_H
#define XDIST_TEXTSAFE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* What, besides invalid UTF-8, the target forbids. */
enum {
	/* XML 1.0 Char: C0 controls other than TAB, LF and CR (NUL too),
	   and the non-characters U+FFFE and U+FFFF (written as U+FFFD) */
	TEXTSAFE_XML = 1 << 0,
	/* one line of text: every C0 control (TAB, LF and CR too) and DEL */
	TEXTSAFE_LINE = 1 << 1,
};

#define TEXTSAFE_BAD ((uint32_t)-1)

/*
 * The line at p (up to n bytes): its length without its LF or CR LF, and
 * in *next where the line after it starts (n when it is the last).
 */
size_t textsafe_line(const char *p, size_t n, size_t *next);

/*
 * Decode one UTF-8 sequence at the front of s (n > 0 bytes).  Returns the
 * bytes it takes; *cp is the code point, or TEXTSAFE_BAD for an ill-formed
 * sequence, which then takes its maximal subpart: the longest prefix that
 * some well-formed sequence starts with (at least one byte).
 */
size_t textsafe_utf8_next(const char *s, size_t n, uint32_t *cp);

/*
 * 1 when s[0..n) is valid UTF-8 holding nothing flags forbid (so
 * textsafe_repair would copy it unchanged), else 0.  NUL is a control
 * character: it is forbidden with either flag.
 */
int textsafe_clean(const char *s, size_t n, unsigned flags);

/* Append s[0..n) to out, repaired by the rules above.  s may hold NULs. */
void textsafe_repair(struct buf *out, const char *s, size_t n, unsigned flags);

/* The same, into a fresh NUL-terminated string the caller frees. */
char *textsafe_dup(const char *s, size_t n, unsigned flags);

/* 64-bit FNV-1a of s[0..n). */
uint64_t textsafe_hash(const char *s, size_t n);

/* Bytes of the id kept at most in a file name (before the hash). */
#define TEXTSAFE_NAME_MAX 96
/* No run index in the name. */
#define TEXTSAFE_NO_RUN ((size_t)-1)

/*
 * A readable file name for id (n bytes), unique for distinct ids, appended
 * to out (no directory, no extension):
 *     <stem>-<hash>            or, with run != TEXTSAFE_NO_RUN,
 *     <stem>-<hash>-r<run>
 * stem: id with every run of bytes outside [A-Za-z0-9._-] turned into one
 * '_', leading '.', '_' and '-' dropped (no hidden files, no option-like
 * names), cut to TEXTSAFE_NAME_MAX bytes; "test" when nothing is left.
 * hash: 8 lowercase hex digits, the high half of textsafe_hash(id).  The
 * last '-' separated part is 8 hex digits without a run and "r<digits>"
 * with one, so a name with a run never equals one without.
 * At most TEXTSAFE_NAME_MAX + 31 bytes: well under NAME_MAX with a suffix.
 */
void textsafe_file_name(struct buf *out, const char *id, size_t n, size_t run);

#endif

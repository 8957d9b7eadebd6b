/*
 * cmake_re: CMake's regular expressions (cmsys::RegularExpression, as
 * PASS_, FAIL_ and SKIP_REGULAR_EXPRESSION use them) in POSIX terms, and
 * the text ctest matches them against.  Pure: no syscalls.
 *
 * CMake's syntax is its own: ^ $ . [ ] [^ ] - * + ? | ( ), and \ which
 * makes the next character literal whatever it is (\\ \. \s \d \1 alike);
 * braces are literal (no {m,n}); inside brackets only ] first, - first
 * or last and ranges mean anything ([[:alpha:]] and [\] are plain
 * characters).  cmake_re_to_ere parses an expression as cmsys compiles
 * it, rejecting what cmsys rejects, and writes an equivalent POSIX
 * extended expression: one that matches the same texts (cmsys answers
 * whether there is a match, so leftmost-first and leftmost-longest agree).
 */
#ifndef XDIST_CMAKE_RE_H
#define XDIST_CMAKE_RE_H

#include <stddef.h>

#include "buf.h"

/*
 * Translate CMake expression re into a POSIX extended one, appended to
 * ere (for regcomp with REG_EXTENDED and without REG_NEWLINE: '.' matches
 * a newline, ^ and $ only the ends of the text, as in cmsys).  0, or -1
 * with cmsys's reason appended to err ("unmatched parentheses", "?+*
 * follows nothing", ...).
 */
int cmake_re_to_ere(const char *re, struct buf *ere, struct buf *err);

/*
 * The text ctest matches a test's expressions against, from the len bytes
 * out the test wrote, appended to text: ctest reads the output line by
 * line, a line ending at a newline or at a NUL byte, drops the carriage
 * returns before the newline or NUL that ends a line and joins the lines
 * with a newline after each (the last one too, whole, when nothing ends
 * it).  So the text holds no NUL: what comes after one is
 * matched too, on a line of its own.
 */
void cmake_re_output(const char *out, size_t len, struct buf *text);

#endif

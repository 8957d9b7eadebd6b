/*
 * gtest_cases: the tests --split=gtest makes of a GoogleTest binary, from
 * its listing (gtest.h).  Pure: running the binary is run/gtest_split.c's.
 */
#ifndef XDIST_GTEST_CASES_H
#define XDIST_GTEST_CASES_H

#include <stddef.h>

#include "gtest.h"
#include "testlist.h"

/*
 * 1 when t is a GoogleTest binary to split: its split= attribute says so,
 * or it has none and mode (--split) does.
 */
int gtest_cases_wanted(const struct test *t, enum split_mode mode);

/*
 * Where in argv (a line to split) its PROGRAM is: 0, or for a line that
 * runs env(1) ("env", or a path ending in "/env"), the first word after
 * env's NAME=VALUE words and its options -i, -, --ignore-environment,
 * -u NAME, -uNAME, --unset NAME, --unset=NAME and "--".  -1, with *why
 * ("runs env with an option other than -i and -u", "runs env with no
 * program"), for an env line with another option (such as -S, which
 * makes words of one, or -C) or without a program: such a line is not
 * split.
 */
long gtest_cases_program_at(char *const *argv, const char **why);

/*
 * The argv that lists the cases of the binary run as argv (the line's
 * words, its PROGRAM at gtest_cases_program_at): the same words with
 * --gtest_list_tests right after PROGRAM.  NULL-terminated, in one
 * allocation (free() it); the strings are argv's.
 */
char **gtest_cases_list_argv(char *const *argv);

/*
 * Which of the lines to split share their program, so that their cases'
 * ids must say which line they come from.  programs[0..n) are the lines'
 * PROGRAMs, in list order: argv[gtest_cases_program_at], or NULL for a line
 * whose name attribute (or CTest name) is its PROGRAM, which the user chose and
 * is taken as it is.  Sets shared[i] to 1 when programs[i] is not NULL and
 * another of them is the same string, else 0.  Whatever order the lines
 * come in, or whatever their listings do, the answer is the same.
 */
void gtest_cases_shared(const char *const *programs, size_t n,
			unsigned char *shared);

/*
 * Where the arguments part of a case's id starts ("[ARGS]" at its end,
 * gtest_cases_add's with_args), or strlen(id) when it has none.  Neither
 * a gtest name nor the arguments of a line that is split hold '[' (such a
 * line runs under a shell, and is not split).
 */
size_t gtest_cases_args_at(const char *id);

/*
 * Append to out one test per case of list, made from bin and its argv:
 * id PROGRAM::Suite.Name (PROGRAM: bin's id when a name attribute gave
 * one, else argv's word at gtest_cases_program_at), followed, with
 * with_args and when the line has more words, by "[ARGS]": its words but
 * PROGRAM joined by one blank (a line whose program is shared with
 * another, gtest_cases_shared); command argv[0]
 * argv[1..] --gtest_filter=Suite.Name (the filter last, so that it wins over
 * one among the line's arguments), bin's attributes with scope=Suite, gtest =
 * TEST_GTEST_CASE.  A disabled case is added only with also_disabled, or when
 * the line's arguments hold
 * --gtest_also_run_disabled_tests, and runs with that flag; *disabled
 * counts those left out.  Returns how many were added.
 */
size_t gtest_cases_add(struct testlist *out, const struct test *bin,
		       char *const *argv, const struct gtest_list *list,
		       int also_disabled, int with_args, size_t *disabled);

/*
 * Append to out the binary whose listing failed, to be reported as an
 * error: bin's id and attributes, the command of gtest_cases_list_argv,
 * gtest = TEST_GTEST_LISTING.
 */
void gtest_cases_listing_failed(struct testlist *out, const struct test *bin,
				char *const *argv);

#endif

/*
 * automake_cmd: `xdist-exec automake-collect`, automake's test-driver
 * interface (the parallel harness's LOG_DRIVER), which records each test
 * instead of running it, so that xdist-exec can then run them all at once
 * (docs/examples/automake/xdist-exec.am drives it):
 *
 *   xdist-exec automake-collect --test-name NAME --log-file F.log
 *       --trs-file F.trs [--expect-failure yes|no] [--color-tests yes|no]
 *       [--enable-hard-errors yes|no] [--OTHER...] -- CMD [ARG...]
 *
 * writes one list line to F.trs: CMD and its arguments exactly as the
 * harness would run them (LOG_COMPILER and flags included, quoted by
 * testlist_format_line), then " #@ name=NAME" when NAME has no blank.  A
 * test the harness expects to fail (--expect-failure yes: it is in
 * XFAIL_TESTS) cannot be recorded yet, since a list has no expected
 * failures: that is an error.  Other options (a replaced driver's
 * LOG_DRIVER_FLAGS) are ignored.
 */
#ifndef XDIST_AUTOMAKE_CMD_H
#define XDIST_AUTOMAKE_CMD_H

/*
 * argv[0] is "automake-collect".  Returns 0, or 99 (automake's hard
 * error) with one line on stderr: a missing --trs-file or command, an
 * expected failure, a file that cannot be written.
 */
int automake_cmd_main(int argc, char **argv);

#endif

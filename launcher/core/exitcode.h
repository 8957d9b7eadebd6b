/*
 * exitcode: the statuses xdist-exec exits with, as pytest's.  Every layer
 * may return one (the plan, the report files, the controller).
 */
#ifndef XDIST_EXITCODE_H
#define XDIST_EXITCODE_H

enum exit_code {
	EXIT_OK = 0, /* every test passed or was skipped */
	EXIT_TESTS_FAILED = 1,
	EXIT_INTERRUPTED = 2,
	EXIT_INTERNAL = 3,
	EXIT_USAGE = 4,
	EXIT_NO_TESTS = 5,
};

#endif

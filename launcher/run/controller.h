/*
 * controller: the process the user starts.  Reads the test list, starts the
 * workers, dispatches one test at a time to each idle worker, prints the
 * report and decides the exit status.  It never forks a test itself and
 * talks to workers only through proto.h messages.
 */
#ifndef XDIST_CONTROLLER_H
#define XDIST_CONTROLLER_H

enum exit_code {
	EXIT_OK = 0, /* every test passed or was skipped */
	EXIT_TESTS_FAILED = 1,
	EXIT_INTERRUPTED = 2,
	EXIT_INTERNAL = 3,
	EXIT_USAGE = 4,
	EXIT_NO_TESTS = 5,
};

int controller_main(int argc, char **argv);

#endif

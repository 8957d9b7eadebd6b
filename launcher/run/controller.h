/*
 * controller: the process the user starts.  Reads the test list, starts the
 * workers, dispatches one test at a time to each idle worker, prints the
 * report and decides the exit status.  It never forks a test itself and
 * talks to workers only through proto.h messages.
 */
#ifndef XDIST_CONTROLLER_H
#define XDIST_CONTROLLER_H

#include "exitcode.h"

int controller_main(int argc, char **argv);

#endif

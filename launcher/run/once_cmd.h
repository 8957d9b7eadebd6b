/*
 * once_cmd: `xdist-exec once [--key KEY] -- CMD [ARG...]`, the run-once
 * protocol (preload/once.h) for shell-script tests.
 */
#ifndef XDIST_ONCE_CMD_H
#define XDIST_ONCE_CMD_H

/* argv[0] is "once".  Returns the exit status. */
int once_cmd_main(int argc, char **argv);

#endif

#include <string.h>

#include "automake_cmd.h"
#include "controller.h"
#include "once_cmd.h"
#include "title.h"
#include "worker.h"

int main(int argc, char **argv)
{
	/* `xdist-exec worker` speaks the protocol on stdin/stdout: the
	   controller starts it; a remote host will start it over ssh. */
	if (argc == 2 && !strcmp(argv[1], "worker")) {
		title_init(argc, argv);
		return worker_main();
	}
	if (argc >= 2 && !strcmp(argv[1], "once"))
		return once_cmd_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "automake-collect"))
		return automake_cmd_main(argc - 1, argv + 1);
	return controller_main(argc, argv);
}

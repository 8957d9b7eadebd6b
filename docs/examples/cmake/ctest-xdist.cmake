# cmake -DCTEST=... -DJQ=... -DXDIST_EXEC=... -DFILTER=ctest2xdist.jq
#       [-DXDIST_EXEC_FLAGS=a;b] [-DCONFIG=Debug] -P ctest-xdist.cmake
#
# In the build directory: list the tests ctest knows, turn the list into
# ctest.list for xdist-exec, run it.  Fails when xdist-exec does (exit 1:
# a test failed or exited 99; 5: no tests).  The same by hand:
#   ctest --show-only=json-v1 | jq -r -f ctest2xdist.jq > ctest.list
#   xdist-exec -f ctest.list
cmake_minimum_required(VERSION 3.20)

set(args --show-only=json-v1)
if(CONFIG)
	list(APPEND args -C ${CONFIG})
endif()
execute_process(COMMAND ${CTEST} ${args} OUTPUT_FILE ctest.json
	COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${JQ} -r -f ${FILTER} ctest.json
	OUTPUT_FILE ctest.list COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${XDIST_EXEC} ${XDIST_EXEC_FLAGS} -f ctest.list
	RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
	message(FATAL_ERROR "xdist-exec: exit status ${rc}")
endif()

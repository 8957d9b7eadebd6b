# ctest --show-only=json-v1  ->  an xdist-exec list file (-f), one test a
# line, named as ctest names it:
#
#   cd 'WORKING_DIRECTORY' && exec env 'ENVIRONMENT'... 'COMMAND'... \
#       #@ name=NAME timeout=TIMEOUT lock=RESOURCE_LOCK exclusive
#
# What is carried over: WORKING_DIRECTORY, ENVIRONMENT, TIMEOUT,
# RESOURCE_LOCK (one lock; several make the test exclusive), RUN_SERIAL
# (exclusive), WILL_FAIL (the status inverted with sh's '!').  Left out:
# DISABLED tests and tests whose executable ctest did not find.  Not
# carried over: SKIP_RETURN_CODE (xdist-exec skips on 77 only), the
# PASS/FAIL/SKIP_REGULAR_EXPRESSION checks, DEPENDS and FIXTURES_* (use
# xdist-exec --setup / --teardown).  Blanks in a name become '_'.
#
#   ctest --show-only=json-v1 | jq -r -f ctest2xdist.jq > ctest.list
#   xdist-exec -f ctest.list

def prop($name): [(.properties // [])[] | select(.name == $name) | .value][0];
def word: tostring | gsub("\\s"; "_");

.tests[]
| select(.command != null and (.command | length) > 0)
| select(prop("DISABLED") != true)
| (prop("RESOURCE_LOCK") // []) as $locks
| (if prop("WORKING_DIRECTORY") then "cd \(prop("WORKING_DIRECTORY") | @sh) && " else "" end)
  + (if prop("WILL_FAIL") == true then "! " else "exec " end)
  + (if (prop("ENVIRONMENT") // []) | length > 0
     then "env \(prop("ENVIRONMENT") | @sh) " else "" end)
  + (.command | @sh)
  + " #@ name=\(.name | word)"
  + (if prop("TIMEOUT") then " timeout=\(prop("TIMEOUT"))" else "" end)
  + (if ($locks | length) == 1 then " lock=\($locks[0] | word)" else "" end)
  + (if prop("RUN_SERIAL") == true or ($locks | length) > 1 then " exclusive" else "" end)

#!/bin/sh
# Bad input gets one clear line and a documented status, before any test
# runs: malformed option values (exit 4), list files that are a
# directory, unreadable, hold a NUL byte, a line over 1 MiB or a bad
# attribute (exit 4, FILE:LINE named), a $TMPDIR where no run directory
# can be made (exit 4).  Invalid UTF-8 in a list is kept as bytes.  And a
# run with -n 8 under RLIMIT_NOFILE 64 works.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt

# bad WHAT ARGS...: exit 4, one stderr line naming WHAT, nothing run.
bad() {
	what=$1
	shift
	xe "$@"
	[ "$RC" -eq 4 ] || fail "xdist-exec $*: exit status $RC, not 4"
	[ "$(wc -l <"$T/err")" -eq 1 ] ||
		fail "xdist-exec $*: not one line on stderr: $(cat "$T/err")"
	grep -qF -- "$what" "$T/err" ||
		fail "xdist-exec $*: stderr does not name '$what': $(cat "$T/err")"
	[ ! -e "$T/ran" ] || fail "xdist-exec $*: a test ran"
}
RUN="$XT touch-sleep $T/ran 0"
printf '%s\n' "$RUN" >"$T/run.list"

bad "0x10" -n 0x10 -f "$T/run.list"
bad "100000" -n 100000 -f "$T/run.list"
bad "--timeout" --timeout=-1 -f "$T/run.list"
bad "--timeout" --timeout=abc -f "$T/run.list"
bad "--dist" --dist=sideways -f "$T/run.list"
bad "--partition" --partition=4/3 -f "$T/run.list"
bad "--lf and --ff" --lf --ff -f "$T/run.list"
bad "--max-output" --max-output=1G -f "$T/run.list"

mkdir "$T/adir"
bad "$T/adir" -f "$T/adir"
printf '%s\n' "$RUN" >"$T/locked.list"
chmod 000 "$T/locked.list"
if [ "$(id -u)" -ne 0 ]; then
	bad "$T/locked.list" -f "$T/locked.list"
fi
printf '%s\n./t\0x\n' "$RUN" >"$T/nul.list"
bad "$T/nul.list:2: line contains a NUL byte" -f "$T/nul.list"
{
	echo "$RUN"
	head -c 1100000 /dev/zero | tr '\0' a
	echo
} >"$T/long.list"
bad "$T/long.list:2: line longer than" -f "$T/long.list"
printf '%s #@ colour=blue\n' "$RUN" >"$T/attr.list"
bad "$T/attr.list:1: unknown attribute 'colour'" -f "$T/attr.list"

mkdir "$T/ro"
chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	TMPDIR=$T/ro bad "cannot create a run directory" -f "$T/run.list"
fi
TMPDIR=$T/missing bad "cannot create a run directory in '$T/missing'" -f "$T/run.list"

# Invalid UTF-8 is not an error: the id is the bytes as written.
printf '%s \377\376\n' "$XT print" >"$T/utf8.list"
xe -n 1 -v -f "$T/utf8.list"
expect_rc 0
expect_out "1 passed"

# Few descriptors: 8 workers need two pipes each and the controller a
# handful more; 64 is plenty, and the run must say so by passing.
i=0
while [ "$i" -lt 16 ]; do
	echo "$XT exit 0"
	i=$((i + 1))
done >"$T/many.list"
set +e
(ulimit -n 64 && exec "$XDIST_EXEC" -n 8 --keep-duplicates -f "$T/many.list") >"$T/out" 2>"$T/err" </dev/null
RC=$?
set -e
expect_rc 0
expect_out "8 workers [16 tests]"
expect_out "16 passed"

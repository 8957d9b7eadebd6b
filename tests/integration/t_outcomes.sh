#!/bin/sh
# Outcomes: exit 0 passed, 77 skipped, 99 error, other codes and signals
# failed, anything that cannot be executed an error with the reason; the
# run goes on after each, and the summary counts and lists them.
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
mkdir "$T/adir"
printf '#!/bin/sh\nexit 0\n' >"$T/notexec"
chmod 644 "$T/notexec"
printf 'echo no shebang\n' >"$T/noshebang"
chmod 755 "$T/noshebang"
: >"$T/empty"
chmod 755 "$T/empty"

cat >"$T/list" <<EOF
$XT exit 0
$XT exit 77
$XT exit 99
$XT exit 1
$XT exit 3
$XT kill SEGV
$XT kill KILL
$T/missing
no-such-program-$MARK
$T/notexec
$T/adir
$T/noshebang
$T/empty
$XT exit 0
EOF

xe -n 2 -v --keep-duplicates -f "$T/list"
expect_rc 1

# line OUTCOME ID: the -v line for ID says OUTCOME.
line() {
	grep -E '^\[gw[01]\] \[ *[0-9]+%\] ' "$T/out" |
		grep -qF -- "] $1 $2 (" || fail "no -v line '$1 $2'"
}
# short OUTCOME ID REASON: the short test summary has the line.
short() {
	grep -qxF -- "$1 $2 - $3" "$T/out" ||
		fail "short test summary lacks '$1 $2 - $3'"
}

[ "$(grep -cE '^\[gw[01]\] \[ *[0-9]+%\] ' "$T/out")" -eq 14 ] ||
	fail "not every test was reported once"
line PASSED "$XT exit 0"
line SKIPPED "$XT exit 77"
line ERROR "$XT exit 99"
line FAILED "$XT exit 1"
line FAILED "$XT exit 3"
line FAILED "$XT kill SEGV"
line FAILED "$XT kill KILL"
for t in missing notexec adir noshebang empty; do
	line ERROR "$T/$t"
done
line ERROR "no-such-program-$MARK"

expect_out "short test summary info"
short FAILED "$XT exit 1" "exit status 1"
short FAILED "$XT exit 3" "exit status 3"
grep -qxE "FAILED $XT kill SEGV - killed by signal SIGSEGV( \(core dumped\))?" \
	"$T/out" || fail "short test summary lacks the SIGSEGV line"
short FAILED "$XT kill KILL" "killed by signal SIGKILL"
grep -qE "^ERROR $XT exit 99 - exit status 99" "$T/out" ||
	fail "short test summary lacks the exit 99 line"
short ERROR "$T/missing" "cannot execute: No such file or directory"
short ERROR "no-such-program-$MARK" "cannot execute: No such file or directory"
short ERROR "$T/notexec" "cannot execute: Permission denied"
grep -qxE "ERROR $T/adir - cannot execute: (Permission denied|Is a directory)" \
	"$T/out" || fail "short test summary lacks the directory line"
short ERROR "$T/noshebang" "cannot execute: Exec format error"
short ERROR "$T/empty" "cannot execute: Exec format error"
if grep -qE "^(FAILED|ERROR) $XT exit (0|77)" "$T/out"; then
	fail "a passed or skipped test is in the short test summary"
fi
tail -n 1 "$T/out" |
	grep -qE '^=+ 4 failed, 2 passed, 1 skipped, 7 errors in [0-9.]+s =+$' ||
	fail "final line: $(tail -n 1 "$T/out")"

# The default (not -v) progress: one letter per test, in list order (from
# a directory of its own, so that nothing learnt above reorders them).
mkdir "$T/again"
cd "$T/again"
xe -n 1 --keep-duplicates -f "$T/list"
expect_rc 1
grep -qE '^\.sEFFFFEEEEEE\. +\[100%\]$' "$T/out" ||
	fail "progress line: $(sed -n 2p "$T/out")"
exit 0

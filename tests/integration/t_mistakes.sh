#!/bin/sh
# Mistakes that would pass silently are refused before anything runs,
# with one line naming the thing and the reason, and exit 4: a list line
# or an argument that is a bare interpreter (it would read an empty stdin
# and pass), and an argument holding a blank that is not a file (every
# argument is one program: the line shows the list-file way).
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
cd "$T"
# refused WHAT ARGS...: exit 4, one stderr line holding WHAT, nothing ran.
refused() {
	what=$1
	shift
	rm -f ran
	xe "$@"
	[ "$RC" -eq 4 ] || fail "xdist-exec $*: exit status $RC, not 4"
	[ "$(wc -l <err)" -eq 1 ] ||
		fail "xdist-exec $*: not one line on stderr: $(cat err)"
	grep -qF -- "$what" err ||
		fail "xdist-exec $*: stderr does not say '$what': $(cat err)"
	[ ! -s out ] || fail "xdist-exec $*: something was printed: $(cat out)"
	[ ! -e ran ] || fail "xdist-exec $*: a test ran"
}

printf '%s\n' "$XT touch-sleep $T/ran 0" "python3" >bare.list
refused "bare.list:2: 'python3' is an interpreter with no script" -f bare.list
printf '%s\n' "$XT touch-sleep $T/ran 0" "  bash -e  " >bare2.list
refused "bare2.list:2: 'bash -e' is an interpreter with no script" -f bare2.list
refused "argument 'sh' is an interpreter with no script" -- "$XT" sh
refused "argument '/usr/bin/perl' is an interpreter" -- /usr/bin/perl
refused "argument 'sleep 3' is not a file" -- 'sleep 3'
grep -qF -- "-f FILE" err && grep -qF -- "-f - <<EOF" err ||
	fail "the message does not show the list-file way: $(cat err)"

# What they are mistaken for still works: an interpreter given a script, a
# file whose name holds a blank, the command line in a here-document.
printf '#!/bin/sh\n: >"%s/ran"\n' "$T" >"my test"
chmod +x "my test"
printf ': >"%s/ran2"\n' "$T" >script.sh
printf 'sh script.sh\n' >ok.list
xe -n 1 -f ok.list -- "./my test"
expect_rc 0
expect_out "2 passed"
[ -e ran ] && [ -e ran2 ] || fail "the tests did not run"
set +e
"$XDIST_EXEC" -n 1 -f - >out 2>err <<EOF
$XT sleep 0 $MARK
EOF
RC=$?
set -e
expect_rc 0
expect_out "1 passed"
exit 0

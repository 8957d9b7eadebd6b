#!/bin/sh
# JUnit classnames (and the report log's classname and name) follow
# pytest: the test's file relative to the rootdir (the directory of
# xdist-exec.ini, else the current one), without its extension, '/' as
# '.'; the testcase name is the test id.  The file of a driver line is the
# file it runs (`bin/bats test/a.bats` -> test.a), a nested script is
# dotted (`t/sub/t0001-init.sh` -> t.sub.t0001-init), and from a
# subdirectory of the rootdir the classnames stay the same.
. "$SRCDIR/tests/integration/lib.sh"

command -v xmllint >/dev/null ||
	fail "xmllint is missing (Debian libxml2-utils; scripts/install-deps)"
# cls FILE NAME: the classname of the testcase named NAME.
cls() {
	xmllint --xpath "string(//testcase[@name='$2']/@classname)" "$1" \
		2>/dev/null || true
}
# expect_cls FILE NAME WANT
expect_cls() {
	got=$(cls "$1" "$2")
	[ "$got" = "$3" ] || fail "$1: classname of '$2' is '$got', not '$3'"
}

P=$T/proj
mkdir -p "$P/bin" "$P/test" "$P/t/sub"
printf '[xdist-exec]\n' >"$P/xdist-exec.ini"
printf '#!/bin/sh\nexec sh "$1"\n' >"$P/bin/bats"
printf '#!/bin/sh\nexit 0\n' >"$P/test/a.bats"
printf '#!/bin/sh\nexit 0\n' >"$P/t/sub/t0001-init.sh"
printf '#!/bin/sh\nexit 0\n' >"$P/t/t0002-top.sh"
chmod +x "$P/bin/bats" "$P/t/sub/t0001-init.sh" "$P/t/t0002-top.sh"

# From the rootdir.
cd "$P"
printf '%s\n' "bin/bats test/a.bats" "./t/sub/t0001-init.sh" >"$T/list"
xe -n 2 --junitxml="$T/j1.xml" --report-log="$T/r1.jsonl" -f "$T/list" \
	-- ./t/t0002-top.sh
expect_rc 0
expect_cls "$T/j1.xml" "bin/bats test/a.bats" test.a
expect_cls "$T/j1.xml" "./t/sub/t0001-init.sh" t.sub.t0001-init
expect_cls "$T/j1.xml" "./t/t0002-top.sh" t.t0002-top
grep -F '"event":"test_result"' "$T/r1.jsonl" |
	grep -qF '"id":"bin/bats test/a.bats","classname":"test.a","name":"bin/bats test/a.bats"' ||
	fail "the report log lacks the driver line's classname: $(cat "$T/r1.jsonl")"
grep -F '"event":"test_start"' "$T/r1.jsonl" |
	grep -qF '"classname":"t.sub.t0001-init"' ||
	fail "test_start lacks the nested script's classname"

# From a subdirectory: the rootdir is still where xdist-exec.ini is.
cd "$P/t"
xe -n 2 --junitxml="$T/j2.xml" -- ./sub/t0001-init.sh ./t0002-top.sh
expect_rc 0
expect_out "configfile: ../xdist-exec.ini"
expect_cls "$T/j2.xml" "./sub/t0001-init.sh" t.sub.t0001-init
expect_cls "$T/j2.xml" "./t0002-top.sh" t.t0002-top

# No ini anywhere above: the current directory is the rootdir (-c
# /dev/null stands for "no file").
xe -n 1 -c /dev/null --junitxml="$T/j3.xml" -- ./sub/t0001-init.sh
expect_rc 0
expect_cls "$T/j3.xml" "./sub/t0001-init.sh" sub.t0001-init
exit 0

#!/bin/sh
# xdist-exec.ini: found in the current directory or the nearest parent, or
# named with -c; addopts, then XDIST_EXEC_ADDOPTS, then the command line
# (the later wins); testpaths with a glob and an @list file, relative to
# the file; the timeout key; an unknown key warns; a malformed file, a
# missing -c file and a glob matching nothing are usage errors (4); the
# header names the file used.
. "$SRCDIR/tests/integration/lib.sh"

unset XDIST_EXEC_ADDOPTS
XT=$HELPERS/xt

# header_workers N: the header line reports N workers.
header_workers() {
	head -n 1 "$T/out" | grep -qE -- "-- $1 workers? \[" ||
		fail "header is not '$1 worker(s)': $(head -n 1 "$T/out")"
}

# xe_env VALUE ARGS...: xe with XDIST_EXEC_ADDOPTS=VALUE.
xe_env() {
	_v=$1
	shift
	set +e
	env "XDIST_EXEC_ADDOPTS=$_v" "$XDIST_EXEC" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	set -e
}

# configfile PATH: the line under the header names PATH.
configfile() {
	[ "$(sed -n 2p "$T/out")" = "configfile: $1" ] ||
		fail "second line is not 'configfile: $1': $(sed -n 2p "$T/out")"
}

P=$T/proj
mkdir -p "$P/build" "$P/sub/deeper" "$P/conf"
for t in t_a t_b t_c; do
	printf '#!/bin/sh\nexit 0\n' >"$P/build/$t"
	chmod 755 "$P/build/$t"
done
: >"$P/build/t_a.o" # not executable: the glob skips it
printf '%s\n' "$XT exit 0" "$XT exit 77" >"$P/extra.list"
cat >"$P/xdist-exec.ini" <<EOF
# comments and other sections are fine
[pytest]
addopts = -n 7

[xdist-exec]
addopts = -n 3 -v
    --color=no
testpaths = build/t_* @extra.list
EOF

# Found in the current directory: defaults and testpaths apply.
cd "$P"
xe
expect_rc 0
header_workers 3
configfile xdist-exec.ini
for t in build/t_a build/t_b build/t_c "$XT exit 0"; do
	expect_out "PASSED $t ("
done
expect_out "SKIPPED $XT exit 77 ("
expect_no_out "t_a.o"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"

# ... and from a subdirectory, paths relative to the file.
cd "$P/sub/deeper"
xe
expect_rc 0
header_workers 3
configfile ../../xdist-exec.ini
expect_out "PASSED ../../build/t_b ("
expect_out "4 passed, 1 skipped"

# Precedence: ini < XDIST_EXEC_ADDOPTS < command line.
xe_env "-n 2 --setup='true x'"
expect_rc 0
header_workers 2
xe_env "-n 2" -n 1
expect_rc 0
header_workers 1
xe -q
expect_rc 0
[ "$(grep -c configfile "$T/out")" -eq 0 ] || fail "-q printed the configfile line"
xe_env "-k 'unterminated"
expect_rc 4
expect_err "XDIST_EXEC_ADDOPTS: unterminated single quote"

# Tests on the command line replace testpaths.
xe -- true
expect_rc 0
expect_out "[1 test]"

# The timeout key is --timeout, put before addopts: both override it.
cat >"$P/conf/timeout.ini" <<EOF
[xdist-exec]
timeout = 0.2
addopts = -n 1
EOF
cd "$P"
printf "%s\n" "$XT sleep 3 $MARK" >"$T/slow.list"
xe -c conf/timeout.ini -f "$T/slow.list"
expect_rc 1
configfile conf/timeout.ini
expect_out "1 timeout"
printf "%s\n" "$XT sleep 0.3 $MARK" >"$T/slow.list"
xe -c conf/timeout.ini --timeout=0 -f "$T/slow.list"
expect_rc 0
no_procs "$MARK"

# -c in each spelling beats the file found by walking up.
printf '[xdist-exec]\naddopts = -n 2\n' >"$P/conf/other.ini"
for opt in "-c conf/other.ini" "-cconf/other.ini" "-c=conf/other.ini" \
	"--config=conf/other.ini" "--config conf/other.ini"; do
	# shellcheck disable=SC2086
	xe $opt --keep-duplicates -- true true true
	expect_rc 0
	header_workers 2
	configfile conf/other.ini
done
xe_env "-c conf/other.ini" --keep-duplicates -- true true true
header_workers 2
# -c /dev/null: no defaults at all (testpaths included).
xe -c /dev/null -n 1 -- true
expect_rc 0
configfile /dev/null
xe -c /dev/null
expect_rc 4
expect_err "no tests given"
# A missing -c file: one line, exit 4.
xe -c "$T/missing.ini" -- true
expect_rc 4
expect_err "xdist-exec: cannot read config file '$T/missing.ini': No such file or directory"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line on stderr"

# An unknown key: a warning naming the key, the file and the line.
printf '[xdist-exec]\naddopts = -n 1\nfoo = 1\n' >"$P/conf/unknown.ini"
xe -c conf/unknown.ini -- true
expect_rc 0
expect_err "xdist-exec: warning: conf/unknown.ini:3: unknown key 'foo' in [xdist-exec] (ignored)"

# A malformed file is a usage error naming the file and the line.
printf '[xdist-exec]\naddopts = -n 1\nthis is not ini\n' >"$P/conf/bad.ini"
xe -c conf/bad.ini -- true
expect_rc 4
expect_err "xdist-exec: conf/bad.ini:3: malformed line"
printf '[xdist-exec]\naddopts = -k "x\n' >"$P/conf/quote.ini"
xe -c conf/quote.ini -- true
expect_rc 4
expect_err "xdist-exec: conf/quote.ini:2: addopts: unterminated double quote"

# A testpaths glob that matches nothing is an error naming the pattern.
printf '[xdist-exec]\ntestpaths = ../build/t_* nothing/t_*\n' >"$P/conf/glob.ini"
xe -c conf/glob.ini
expect_rc 4
expect_err "conf/glob.ini:2: testpaths: 'nothing/t_*' matches no executable file"

# No file anywhere up from here: no configfile line (only checked when no
# parent of the scenario directory happens to hold one).
d=$T/none
mkdir -p "$d"
cd "$d"
found=
while :; do
	[ -f "$d/xdist-exec.ini" ] && found=1
	[ "$d" = / ] && break
	d=$(dirname "$d")
done
if [ -z "$found" ]; then
	xe -n 1 -- true
	expect_rc 0
	expect_no_out "configfile:"
fi
exit 0

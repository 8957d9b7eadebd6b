#!/bin/sh
# The preload shim's process titles: a test's top process reads
# '[xdist-exec gwN] <test id>' in /proc/PID/cmdline, under the worker that
# shows the same test as running, while the program still sees its own
# argv; its children keep their command lines; --no-preload leaves the
# command line alone and XDIST_TEST_PID unset; a statically linked test
# runs and passes, untouched.  (Worker titles: t_titles.sh.)
. "$SRCDIR/tests/integration/lib.sh"

XT=$HELPERS/xt
PROBE=$HELPERS/argv_probe

# cmdline_is PID WORD...: /proc/PID/cmdline is exactly WORD... (one NUL
# after each).
cmdline_is() {
	_p=$1
	shift
	for _w; do printf '%s\000' "$_w"; done >"$T/want"
	# A copy: cmp -s takes /proc's size of 0 at its word.
	cat "/proc/$_p/cmdline" >"$T/got" && cmp -s "$T/want" "$T/got"
}
# show PID: its cmdline, NULs as '|', for messages (fail's echo would
# take a '\0' for an escape).
show() {
	tr '\0' '|' <"/proc/$1/cmdline"
}
# probe_val WORKER LINE-PREFIX: what the probe printed after the prefix
# (in -s mode its lines read '[gwN] ...').
probe_val() {
	sed -n "s/^\[$1\] $2//p" "$T/out"
}

# --- with the shim: a C program and a shell that starts a child
probe_id="$PROBE -s 300 probe-$MARK"
parent_id="sh $T/parent.sh child-$MARK"
cat >"$T/parent.sh" <<EOF
#!/bin/sh
"$XT" sleep 300 "\$1" &
echo "\$! \$\$ \$XDIST_TEST_PID \$XDIST_WORKER" >"$T/parent.tmp"
mv "$T/parent.tmp" "$T/parent.info"
wait
EOF
printf '%s\n' "$probe_id" "$parent_id" >"$T/list"
xe_bg -n 2 -s -f "$T/list"
wait_for grep -q '^\[gw[01]\] cmdline ' "$T/out"
wait_for test -s "$T/parent.info"

# The probe: retitled, under the worker that runs it, argv intact.
pw=$(sed -n 's/^\[\(gw[01]\)\] argc .*/\1/p' "$T/out")
[ "$(probe_val "$pw" "env XDIST_WORKER=")" = "$pw" ] ||
	fail "the probe's lines are not all from $pw"
pp=$(probe_val "$pw" "env XDIST_TEST_PID=")
[ -n "$pp" ] || fail "the probe has no XDIST_TEST_PID"
cmdline_is "$pp" "[xdist-exec $pw] $probe_id" ||
	fail "the probe's cmdline: $(show "$pp")"
worker=$(ps -o ppid= -p "$pp" | tr -d ' ')
[ "$(ps -o args= -p "$worker" | sed 's/ *$//')" = "[xdist-exec running] $pw $probe_id" ] ||
	fail "the probe's parent is not $pw running it: $(ps -o args= -p "$worker")"
[ "$(probe_val "$pw" "argc ")" = 4 ] || fail "the probe saw argc $(probe_val "$pw" "argc ")"
for a in "0 $PROBE" "1 -s" "2 300" "3 probe-$MARK"; do
	[ "$(probe_val "$pw" "argv\[${a%% *}\] ")" = "${a#* }" ] ||
		fail "the probe saw argv[${a%% *}] '$(probe_val "$pw" "argv\[${a%% *}\] ")'"
done
[ "$(probe_val "$pw" "progname ")" = "$PROBE" ] &&
	[ "$(probe_val "$pw" "short ")" = argv_probe ] ||
	fail "the probe's program_invocation_name changed"
[ "$(probe_val "$pw" "env XDIST_TEST_ID=")" = "$probe_id" ] ||
	fail "the probe's XDIST_TEST_ID changed"
# Its own /proc/self/cmdline already showed the title: set before main.
[ "$(probe_val "$pw" "cmdline ")" = "[xdist-exec $pw] $probe_id\\0" ] ||
	fail "the probe read its own cmdline as '$(probe_val "$pw" "cmdline ")'"
# LD_PRELOAD: the library first, then what we had (under make check, an
# outer run's library).
preload=$(probe_val "$pw" "env LD_PRELOAD=")
lib=${preload%%:*}
case $lib in
/*/libxdist.so*) ;;
*) fail "the probe's LD_PRELOAD does not start with libxdist: '$preload'" ;;
esac
[ "$preload" = "$lib${LD_PRELOAD:+:$LD_PRELOAD}" ] ||
	fail "the probe's LD_PRELOAD is '$preload' (ours: '${LD_PRELOAD-}')"

# The shell: its top process is retitled, the child it started is not.
read -r child sh_pid sh_test_pid sh_worker <"$T/parent.info"
[ "$sh_pid" = "$sh_test_pid" ] ||
	fail "the shell is pid $sh_pid, XDIST_TEST_PID says $sh_test_pid"
[ "$sh_worker" != "$pw" ] || fail "both tests on $pw"
cmdline_is "$sh_pid" "[xdist-exec $sh_worker] $parent_id" ||
	fail "the shell test's cmdline: $(show "$sh_pid")"
cmdline_is "$child" "$XT" sleep 300 "child-$MARK" ||
	fail "the shell's child was retitled: $(show "$child")"

kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
no_procs "$MARK"

# --- --no-preload: no title, no XDIST_TEST_PID, no libxdist
nopre_id="$PROBE -s 300 nopre-$MARK"
printf '%s\n' "$nopre_id" >"$T/list"
xe_bg -n 1 -s --no-preload -f "$T/list"
wait_for grep -q '^\[gw0\] cmdline ' "$T/out"
[ -z "$(probe_val gw0 "env XDIST_TEST_PID=")" ] ||
	fail "--no-preload: XDIST_TEST_PID is set"
[ "$(probe_val gw0 "env XDIST_WORKER=")" = gw0 ] ||
	fail "--no-preload: the test environment is missing"
[ "$(probe_val gw0 "env LD_PRELOAD=")" = "${LD_PRELOAD-}" ] ||
	fail "--no-preload: LD_PRELOAD is '$(probe_val gw0 "env LD_PRELOAD=")'"
[ "$(probe_val gw0 "cmdline ")" = "$PROBE\\0-s\\0300\\0nopre-$MARK\\0" ] ||
	fail "--no-preload: the probe read its cmdline as '$(probe_val gw0 "cmdline ")'"
np=
for p in $(pgrep -f "nopre-$MARK"); do
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = argv_probe ] && np=$p
done
[ -n "$np" ] || fail "--no-preload: the probe's process is not found"
cmdline_is "$np" "$PROBE" -s 300 "nopre-$MARK" ||
	fail "--no-preload: the probe's cmdline: $(show "$np")"
kill -INT "$XE_PID"
wait_exit "$XE_PID"
expect_rc 2
no_procs "$MARK"

# --- a statically linked test ignores the shim, and runs and passes
cat >"$T/static.c" <<'EOF'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Passes if its argv[1] is "ok", it is in a run with the title slot
   filled, and its cmdline is its own argv. */
int main(int argc, char **argv)
{
	char want[4096], got[4097];
	size_t n = 0, l;
	ssize_t r;
	int i, fd;

	for (i = 0; i < argc; i++) {
		l = strlen(argv[i]) + 1;
		if (n + l > sizeof(want))
			return 2;
		memcpy(want + n, argv[i], l);
		n += l;
	}
	fd = open("/proc/self/cmdline", O_RDONLY);
	if (fd < 0 || (r = read(fd, got, sizeof(got))) < 0)
		return 3;
	if ((size_t)r != n || memcmp(got, want, n)) {
		puts("static: the cmdline changed");
		return 4;
	}
	if (!getenv("XDIST_TEST_PID") || !getenv("XDIST_WORKER")) {
		puts("static: not in a run");
		return 5;
	}
	return argc == 2 && !strcmp(argv[1], "ok") ? 0 : 6;
}
EOF
if ${CC:-cc} -static -o "$T/static" "$T/static.c" 2>"$T/cc.err" &&
	! LC_ALL=C readelf -d "$T/static" 2>/dev/null | grep -q NEEDED; then
	printf '%s\n' "$T/static ok" >"$T/list"
	xe -n 1 -f "$T/list"
	expect_rc 0
	expect_out "1 passed"
	# And the check can fail: a wrong argument is reported.
	printf '%s\n' "$T/static bad" >"$T/list"
	xe -n 1 -f "$T/list"
	expect_rc 1
	expect_out "exit status 6"
else
	echo "note: no static libc (cc -static failed), static test skipped:" \
		"$(head -n 3 "$T/cc.err")" >&2
fi
exit 0

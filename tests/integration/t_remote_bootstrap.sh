#!/bin/sh
# Bootstrap of a bare target: sshd runs in a mount namespace where the
# build directory is an empty tmpfs, so the ssh side cannot find our
# executable.  The controller copies its worker and libxdist.so into the
# target's cache (keyed by version and content hash), the workers run
# from there with the shim (titles, LD_PRELOAD from the cache), and the
# next run reuses the cache instead of copying again.
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/sshd.sh"
build=$(cd "$(dirname "$XDIST_EXEC")" && pwd)
start_sshd "$build"
if rssh test -e "$XDIST_EXEC"; then
	fail "the build directory is visible over ssh"
fi
if rssh command -v xdist-exec >/dev/null; then
	echo "skipped: an xdist-exec is installed in the target's PATH" >&2
	exit 77
fi

cat >probe.sh <<EOF
#!/bin/sh
{
	echo "preload=\$LD_PRELOAD"
	echo "title=\$(tr '\\0' ' ' </proc/\$PPID/cmdline)"
	echo "exe=\$(readlink /proc/\$PPID/exe)"
} >$T/seen.\$XDIST_WORKER
EOF
chmod +x probe.sh
echo "$T/probe.sh" >list
spec="ssh=-F $SSH_CFG xtarget"
xe -v --dist each --tx "2*$spec" -f list
expect_rc 0
expect_out "2 passed"
exe=$(ls "$REMOTE_CACHE"/xdist-exec/*/xdist-exec) ||
	fail "nothing in the target's cache"
for w in gw0 gw1; do
	grep -qx "exe=$exe" "seen.$w" || fail "$w: $(cat "seen.$w")"
	grep -q "preload=$(dirname "$exe")/preload/libxdist.so" "seen.$w" ||
		fail "$w runs without the shim: $(cat "seen.$w")"
	grep -q "title=\[xdist-exec running\] $w" "seen.$w" ||
		fail "$w: no title: $(cat "seen.$w")"
done
cmp "$exe" "$XDIST_EXEC" || fail "the copy differs"

# Again: the cache is used as it is.
before=$(stat -c %Y.%i "$exe")
rm -f seen.*
xe --tx "$spec" -f list
expect_rc 0
[ "$(stat -c %Y.%i "$exe")" = "$before" ] || fail "copied again"
[ "$(ls -d "$REMOTE_CACHE"/xdist-exec/* | wc -l)" -eq 1 ] ||
	fail "a second cache entry"
exit 0

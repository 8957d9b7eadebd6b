#!/bin/sh
# seccomp: --sandbox=nonet refuses internet sockets with EPERM and allows
# AF_UNIX; noptrace refuses ptrace, guard reboot; --seccomp-deny refuses
# the calls named, and an unknown name is exit 4; sandbox= in a list
# binds that test only; XDIST_SANDBOX says what is in force.  A kernel
# refusing --isolate is exit 4 with one line, forced here by running
# xdist-exec under its own --seccomp-deny=unshare.
. "$SRCDIR/tests/integration/lib.sh"

PROBE=$HELPERS/isoprobe

# Allowed without a filter...
cat >"$T/plain.list" <<EOF
$PROBE try socket-inet
$PROBE try socket-unix
$PROBE try ptrace
EOF
xe -n 1 -f "$T/plain.list"
expect_rc 0
expect_out "3 passed"

# ...refused with one.
cat >"$T/nonet.list" <<EOF
$PROBE try socket-inet
$PROBE try socket-inet6
EOF
xe -n 1 --sandbox=nonet -f "$T/nonet.list"
expect_rc 1
expect_out "socket-inet errno=EPERM"
expect_out "socket-inet6 errno=EPERM"
expect_out "2 failed"
printf '%s\n' "$PROBE try socket-unix" >"$T/unix.list"
xe -n 1 --sandbox=nonet -f "$T/unix.list"
expect_rc 0

printf '%s\n' "$PROBE try ptrace" >"$T/ptrace.list"
xe -n 1 --sandbox=noptrace -f "$T/ptrace.list"
expect_rc 1
expect_out "ptrace errno=EPERM"

# guard: reboot with a bad command is EINVAL when it reaches the kernel.
printf '%s\n' "$PROBE try reboot" >"$T/reboot.list"
xe -n 1 -f "$T/reboot.list"
expect_rc 1
expect_out "reboot errno=EINVAL"
xe -n 1 --sandbox=guard -f "$T/reboot.list"
expect_rc 1
expect_out "reboot errno=EPERM"

xe -n 1 --seccomp-deny=ptrace,socket -f "$T/unix.list"
expect_rc 1
expect_out "socket-unix errno=EPERM"

# The filter binds the test, not the worker: a second test still runs.
xe -n 1 --seccomp-deny=socket -f "$T/plain.list"
expect_rc 1
expect_out "2 failed, 1 passed"

# Unknown names are usage errors, before any test runs.
xe -n 1 --seccomp-deny=ptrace,no_such_call -- true
expect_rc 4
expect_err "xdist-exec: --seccomp-deny: unknown system call 'no_such_call'"
xe -n 1 --seccomp-deny='Bad-Name' -- true
expect_rc 4
expect_err "--seccomp-deny: 'Bad-Name' is not a system call name"
xe -n 1 --sandbox=nonet,bogus -- true
expect_rc 4
expect_err "--sandbox: 'bogus' is not one of nonet, guard, noptrace"

# sandbox= in a list binds its test only; XDIST_SANDBOX says so.
cat >"$T/attr.list" <<EOF
$PROBE try socket-inet #@ sandbox=nonet name=walled
$PROBE try socket-inet #@ name=open
sh -c 'test "\$XDIST_SANDBOX" = "noptrace,deny:reboot"' #@ sandbox=noptrace name=env
sh -c 'test "\${XDIST_SANDBOX-unset}" = "deny:reboot"' #@ name=env-plain
EOF
xe -n 1 -v --seccomp-deny=reboot -f "$T/attr.list"
expect_rc 1
expect_out "FAILED walled"
expect_out "PASSED open"
expect_out "PASSED env "
expect_out "PASSED env-plain"
cat >"$T/unset.list" <<'EOF'
sh -c 'test "${XDIST_SANDBOX-unset}" = unset'
EOF
XDIST_SANDBOX=forged xe -n 1 -f "$T/unset.list"
expect_rc 0

# The kernel refusing a namespace: one line, exit 4, no test run.
cat >"$T/refuse.list" <<EOF
sh -c '"$XDIST_EXEC" -n 2 --isolate=net -- true >"$T/inner.out" 2>"$T/inner.err"; echo \$? >"$T/inner.rc"'
EOF
xe -n 1 --seccomp-deny=unshare -f "$T/refuse.list"
expect_rc 0
[ "$(cat "$T/inner.rc")" = 4 ] || fail "refused --isolate exited $(cat "$T/inner.rc"), not 4"
if [ "$(id -u)" = 0 ]; then
	want="xdist-exec: --isolate=net: the kernel refused unshare(CLONE_NEWNET): Operation not permitted (no CAP_SYS_ADMIN, or unshare refused by a seccomp filter or a security module)"
else
	want="xdist-exec: --isolate=net: the kernel refused unshare(CLONE_NEWUSER|CLONE_NEWNET): Operation not permitted (unprivileged user namespaces are refused: see sysctl kernel.unprivileged_userns_clone, user.max_user_namespaces and kernel.apparmor_restrict_unprivileged_userns)"
fi
[ "$(cat "$T/inner.err")" = "$want" ] ||
	fail "refusal message: '$(cat "$T/inner.err")'"
grep -q "passed" "$T/inner.out" && fail "a test ran after the refusal"

# JUnit: each test case names the filter it ran under, as XDIST_SANDBOX.
xe -n 1 --sandbox=nonet --seccomp-deny=ptrace --junitxml="$T/j.xml" \
	-f "$T/unix.list"
expect_rc 0
grep -q '<property name="sandbox" value="nonet,deny:ptrace"/>' "$T/j.xml" ||
	fail "no sandbox property in the JUnit file: $(cat "$T/j.xml")"
xe -n 1 --junitxml="$T/j2.xml" -f "$T/unix.list"
! grep -q 'name="sandbox"' "$T/j2.xml" ||
	fail "a sandbox property without a filter"
exit 0

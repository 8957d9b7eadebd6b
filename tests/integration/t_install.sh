#!/bin/sh
# make install puts exactly the documented files under DESTDIR/PREFIX, the
# installed binary finds its shim from any PREFIX, the bash completion
# completes, and make uninstall removes exactly what install put there.
. "$SRCDIR/tests/integration/lib.sh"

command -v make >/dev/null || exit 77
# Not the suite's own make: no jobserver or flags of its.
unset MAKEFLAGS MFLAGS MAKELEVEL
# Under make sanitize the build directory holds sanitized objects: make
# install must see the same flags, or it relinks them without the
# sanitizer runtime and leaves the other scenarios without xdist-exec.
san=
if ldd "$XDIST_EXEC" 2>/dev/null | grep -qE 'lib(a|ub|t)san'; then
	san=SAN=1
fi

root=$T/root
prefix=/opt/xe
set +e
make -s -C "$SRCDIR" BUILD="$BUILD_DIR" $san DESTDIR="$root" PREFIX="$prefix" \
	install >"$T/out" 2>"$T/err"
RC=$?
set -e
expect_rc 0

p=$root$prefix
for f in bin/xdist-exec lib/libxdist.so.0.1.0 include/xdist-exec.h \
	lib/pkgconfig/xdist-exec.pc share/man/man1/xdist-exec.1 \
	share/bash-completion/completions/xdist-exec; do
	[ -f "$p/$f" ] || fail "make install did not install $f"
done
for l in lib/libxdist.so.0 lib/libxdist.so; do
	[ -L "$p/$l" ] || fail "make install did not link $l"
done
grep -q "^prefix=$prefix" "$p/lib/pkgconfig/xdist-exec.pc" ||
	fail "xdist-exec.pc does not name the prefix"

# The installed binary preloads the installed shim (found from ../lib).
printf '%s\n' "sh -c 'echo \"PRELOAD=\$LD_PRELOAD\" >$T/preload'" >"$T/list"
set +e
"$p/bin/xdist-exec" -n 1 -q -f "$T/list" >"$T/out" 2>"$T/err" </dev/null
RC=$?
set -e
expect_rc 0
if grep -q "not found" "$T/err"; then fail "shim not found: $(cat "$T/err")"; fi
grep -qF "PRELOAD=$(realpath "$p/lib/libxdist.so.0")" "$T/preload" ||
	fail "installed shim not preloaded: $(cat "$T/preload")"

# The completion completes --dist values, the options from --help, -r's
# chars and -m's markers (those the ini here declares).
printf '[xdist-exec]\nmarkers =\n  slow: long\n  serial(x)\n' >"$T/xdist-exec.ini"
if [ -r /usr/share/bash-completion/bash_completion ] &&
	command -v bash >/dev/null; then
	PATH=$p/bin:$PATH bash -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"
		COMP_WORDS=(xdist-exec --dist load)
		COMP_CWORD=2; COMP_LINE="xdist-exec --dist load"
		COMP_POINT=${#COMP_LINE}
		_xdist_exec xdist-exec load --dist
		printf "%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(xdist-exec --max)
		COMP_CWORD=1; COMP_LINE="xdist-exec --max"
		COMP_POINT=${#COMP_LINE}
		_xdist_exec xdist-exec --max xdist-exec
		printf "%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(xdist-exec -m s)
		COMP_CWORD=2; COMP_LINE="xdist-exec -m s"
		COMP_POINT=${#COMP_LINE}
		_xdist_exec xdist-exec s -m
		printf "m:%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(xdist-exec -r fE)
		COMP_CWORD=2; COMP_LINE="xdist-exec -r fE"
		COMP_POINT=${#COMP_LINE}
		_xdist_exec xdist-exec fE -r
		printf "r:%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(xdist-exec --split g)
		COMP_CWORD=2; COMP_LINE="xdist-exec --split g"
		COMP_POINT=${#COMP_LINE}
		_xdist_exec xdist-exec g --split
		printf "s:%s\n" "${COMPREPLY[@]}"
	' sh "$p/share/bash-completion/completions/xdist-exec" >"$T/comp" 2>/dev/null
	grep -qx "loadscope" "$T/comp" || fail "no --dist completion: $(cat "$T/comp")"
	grep -q "^--maxfail" "$T/comp" || fail "no option completion: $(cat "$T/comp")"
	grep -qx "m:slow" "$T/comp" && grep -qx "m:serial" "$T/comp" ||
		fail "no -m completion from --markers: $(cat "$T/comp")"
	grep -qx "r:fEs" "$T/comp" || fail "no -r completion: $(cat "$T/comp")"
	grep -qx "s:gtest" "$T/comp" || fail "no --split completion: $(cat "$T/comp")"
fi

set +e
make -s -C "$SRCDIR" BUILD="$BUILD_DIR" $san DESTDIR="$root" PREFIX="$prefix" \
	uninstall >"$T/out" 2>"$T/err"
RC=$?
set -e
expect_rc 0
left=$(find "$root" ! -type d)
[ -z "$left" ] || fail "make uninstall left: $left"

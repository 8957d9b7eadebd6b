#!/bin/sh
# The README's quick start works on a bare Debian, where there is no make:
# its first command installs what the build needs (make among it) before
# it runs make, and .ci/run runs the README's test command.  Here the
# first command runs with a PATH that has no make and stand-ins for
# dpkg-query and apt-get: "installing" make puts a make that logs its
# arguments in PATH.  (The real thing, in a debootstrap minbase chroot,
# is described in docs/hacking.md.)
. "$SRCDIR/tests/integration/lib.sh"

# The commands of the README's quick-start block, one a line.
awk '/^## Quick start/ { q = 1 } q && /^```sh/ { b = 1; next }
	b && /^```/ { exit } b' "$SRCDIR/README.md" >"$T/commands"
[ "$(wc -l <"$T/commands")" -eq 2 ] ||
	fail "the quick start is not two commands: $(cat "$T/commands")"
first=$(sed -n 1p "$T/commands")
second=$(sed -n 2p "$T/commands")

# .ci/run runs the README's test command after installing the packages.
grep -qx "scripts/install-deps" "$SRCDIR/.ci/run" ||
	fail ".ci/run does not run scripts/install-deps"
grep -qx "$second" "$SRCDIR/.ci/run" ||
	fail ".ci/run does not run the README's '$second'"

# A bare machine: sh and the few tools install-deps uses, no make.
mkdir "$T/bin"
for tool in id cat chmod; do
	ln -s "$(command -v "$tool")" "$T/bin/$tool"
done
cat >"$T/bin/dpkg-query" <<EOF
#!/bin/sh
# -W -f=FORMAT PACKAGE: everything is installed but what apt-get has not
# put here yet.
for p; do :; done
case \$p in
make | gcc) [ -e "$T/installed.\$p" ] && echo installed || echo not-installed ;;
*) echo installed ;;
esac
EOF
cat >"$T/bin/apt-get" <<EOF
#!/bin/sh
echo "apt-get \$*" >>"$T/apt.log"
for p; do
	case \$p in
	make)
		: >"$T/installed.make"
		printf '#!/bin/sh\necho "make \$*" >>"%s/make.log"\n' "$T" >"$T/bin/make"
		chmod +x "$T/bin/make"
		;;
	gcc) : >"$T/installed.gcc" ;;
	esac
done
EOF
printf '#!/bin/sh\nexec "$@"\n' >"$T/bin/sudo"
chmod +x "$T/bin/dpkg-query" "$T/bin/apt-get" "$T/bin/sudo"

cd "$SRCDIR"
set +e
PATH=$T/bin /bin/sh -c "command -v make" >/dev/null 2>&1 &&
	fail "the bare PATH has a make"
PATH=$T/bin /bin/sh -c "$first" >"$T/out" 2>"$T/err" </dev/null
RC=$?
set -e
expect_rc 0
grep -q "^apt-get update" "$T/apt.log" || fail "no apt-get update: $(cat "$T/apt.log")"
grep -q "^apt-get install .* make" "$T/apt.log" ||
	fail "make was not installed: $(cat "$T/apt.log")"
grep -q "^apt-get install .* gcc" "$T/apt.log" ||
	fail "no C compiler was installed: $(cat "$T/apt.log")"
[ -s "$T/make.log" ] || fail "'$first' did not run make after installing it"
exit 0

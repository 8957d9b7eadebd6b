#!/bin/sh
# What each process maps: a worker maps none of the report libraries
# (libxml2 and the ICU and C++ runtime it pulls in, cJSON), with or
# without report options, nor libinih; the controller maps them only when
# their report is asked for (--junitxml: libxml2; --report-log: cJSON),
# libinih only when there is a configuration file, and never libbsd (the
# worker's titles).
. "$SRCDIR/tests/integration/lib.sh"

# The test copies its worker's maps ($PPID: the worker forked it) and the
# controller's (the worker's parent).
cat >"$T/maps.sh" <<'EOF2'
#!/bin/sh
ctl=$(awk '{print $4}' "/proc/$PPID/stat")
cp "/proc/$PPID/maps" "$1.worker"
cp "/proc/$ctl/maps" "$1.controller"
EOF2
chmod +x "$T/maps.sh"

# maps NAME OPTIONS...: run the test, keep its maps as $T/NAME.*.
maps() {
	_name=$1
	shift
	echo "$T/maps.sh $T/$_name" >"$T/$_name.list"
	xe -n 1 -q "$@" -f "$T/$_name.list"
	expect_rc 0
	[ -s "$T/$_name.worker" ] && [ -s "$T/$_name.controller" ] ||
		fail "$_name: the test did not copy the maps"
}

# has FILE LIB: FILE maps a library whose name starts with LIB.
has() {
	grep -qE "/$2[^/]*\\.so" "$1"
}

# make sanitize: the ASan and UBSan runtimes bring the C++ runtime into
# every process, ours or not.
cxx=libstdc++
if ldd "$XDIST_EXEC" 2>/dev/null | grep -qE 'lib(a|ub|t)san'; then
	cxx=
fi

maps plain
maps reports --junitxml="$T/j.xml" --report-log="$T/r.jsonl"

for lib in libxml2 libicu $cxx libcjson liblzma; do
	for run in plain reports; do
		! has "$T/$run.worker" "$lib" ||
			fail "$run: the worker maps $lib"
	done
	! has "$T/plain.controller" "$lib" ||
		fail "a run without reports maps $lib in the controller"
done
! has "$T/plain.worker" libinih || fail "the worker maps libinih"
! has "$T/plain.controller" libinih ||
	fail "a run without xdist-exec.ini maps libinih"
! has "$T/plain.controller" libbsd || fail "the controller maps libbsd"
# The contrast: the same check sees them when they are used.
has "$T/reports.controller" libxml2 ||
	fail "--junitxml: libxml2 is not in the controller's maps"
has "$T/reports.controller" libcjson ||
	fail "--report-log: libcjson is not in the controller's maps"
has "$T/plain.worker" libbsd || fail "the worker has no libbsd for titles"
# And the files were written through them.
grep -q '<testcase' "$T/j.xml" || fail "no testcase in the JUnit file"
grep -q '"event":"run_end"' "$T/r.jsonl" || fail "no run_end in the report log"

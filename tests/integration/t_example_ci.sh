#!/bin/sh
# docs/examples/ci: the three slices the CI files run (run-shard 1 3, 2 3,
# 3 3) together run every test of tests.list exactly once, and each writes
# its JUnit XML report; both CI files run those commands.  Works on a copy
# in $T: nothing is written into the source tree.
# shellcheck disable=SC2016 # the '$' in the grep patterns are the CI files'
. "$SRCDIR/tests/integration/lib.sh"

cp -R "$SRCDIR/docs/examples/ci" "$T/ex"
cd "$T/ex"
unset XDIST_EXEC_ADDOPTS JUNIT_XML CI_NETWORK_TESTS

junit=1
if ! "$XDIST_EXEC" --help | grep -q -- '--junitxml'; then
	junit=
	echo "t_example_ci: NOTE: this xdist-exec has no --junitxml: the" \
		"slices run without reports and the JUnit checks are skipped"
fi

# The ids each slice ran, from its -v lines.
ran() {
	sed -nE 's/^(\[gw[0-9]+\] )?\[ *[0-9]+%\] [A-Z]+ (.*) \([0-9.]+s\)$/\2/p' "$1"
}

: >"$T/union"
total=0
for k in 1 2 3; do
	set +e
	if [ -n "$junit" ]; then
		XDIST_EXEC=$XDIST_EXEC ./run-shard "$k" 3 >"$T/out" 2>"$T/err" </dev/null
	else
		XDIST_EXEC=$XDIST_EXEC JUNIT_XML='' ./run-shard "$k" 3 >"$T/out" 2>"$T/err" </dev/null
	fi
	RC=$?
	set -e
	expect_rc 0
	expect_out "partition $k/3: "
	ran "$T/out" >"$T/ran.$k"
	cp "$T/out" "$T/out.$k"
	n=$(wc -l <"$T/ran.$k")
	[ "$n" -ge 1 ] || fail "slice $k ran nothing"
	cat "$T/ran.$k" >>"$T/union"
	total=$((total + n))
	if [ -n "$junit" ]; then
		[ -s "junit-$k.xml" ] || fail "slice $k wrote no junit-$k.xml"
		grep -q "<testsuite" "junit-$k.xml" || fail "junit-$k.xml has no <testsuite>"
		[ "$(grep -o '<testcase ' "junit-$k.xml" | wc -l)" -eq "$n" ] ||
			fail "junit-$k.xml does not hold the $n tests slice $k ran"
		if command -v xmllint >/dev/null; then
			xmllint --noout "junit-$k.xml" || fail "junit-$k.xml is not well-formed"
		fi
	fi
done

# Together: every test of the list, each exactly once.
grep -v '^#' tests.list | grep -v '^[[:space:]]*$' | sort >"$T/want"
sort "$T/union" >"$T/got"
if ! cmp -s "$T/want" "$T/got"; then
	diff "$T/want" "$T/got" >&2 || true
	fail "the slices did not run each test of tests.list exactly once"
fi
# ... and so say the three reports.
if [ -n "$junit" ]; then
	sed -n 's/.*<testcase [^>]*name="\([^"]*\)".*/\1/p' junit-1.xml junit-2.xml \
		junit-3.xml | sort >"$T/got"
	if ! cmp -s "$T/want" "$T/got"; then
		diff "$T/want" "$T/got" >&2 || true
		fail "the JUnit reports do not hold each test of tests.list exactly once"
	fi
fi
cat "$T/out.1" "$T/out.2" "$T/out.3" | grep -q "SKIPPED sh tests/t_network.sh (" ||
	fail "t_network.sh was not skipped"

# The CI files run these same commands, on three slices.
grep -qF 'shard: [1, 2, 3]' github-actions.yml || fail "github-actions.yml: no 3-slice matrix"
grep -qF 'run: ./run-shard ${{ matrix.shard }} 3' github-actions.yml ||
	fail "github-actions.yml does not run run-shard"
grep -qF 'path: junit-${{ matrix.shard }}.xml' github-actions.yml ||
	fail "github-actions.yml does not keep the report run-shard writes"
grep -qF 'parallel: 3' gitlab-ci.yml || fail "gitlab-ci.yml: not 3 slices"
grep -qF './run-shard "$CI_NODE_INDEX" "$CI_NODE_TOTAL"' gitlab-ci.yml ||
	fail "gitlab-ci.yml does not run run-shard"
grep -qF 'junit: junit.xml' gitlab-ci.yml || fail "gitlab-ci.yml does not publish junit.xml"
if python3 -c 'import yaml' 2>/dev/null; then
	for f in github-actions.yml gitlab-ci.yml; do
		python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$f" ||
			fail "$f is not valid YAML"
	done
fi
exit 0

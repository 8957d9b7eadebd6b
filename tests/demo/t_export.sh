#!/bin/sh
# CSV export of the user table.  This one fails on purpose: it expects an
# email column the exporter does not write, so the demo has a failure to
# show in its report.
set -eu
data=$(dirname "$0")/data

sleep 0.9 # stands in for the export job

export_users() {
	echo "name,created"
	grep -v '^#' "$data/users.db" | cut -d: -f1 | sed 's/$/,2024-03-01/'
}

want="name,email,created"
got=$(export_users | head -n 1)
rows=$(export_users | tail -n +2 | wc -l)
echo "export: wrote $rows rows"
if [ "$got" != "$want" ]; then
	echo "export: header mismatch"
	echo "  expected: $want"
	echo "  got:      $got"
	echo "NOTE: this test fails on purpose to show the failure report"
	exit 1
fi

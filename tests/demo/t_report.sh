#!/bin/sh
# The monthly sales report, by card brand, matches the approved golden
# copy byte for byte.
set -eu
data=$(dirname "$0")/data

sleep 1.0 # stands in for the reporting database

report() {
	tail -n +2 "$data/ledger.csv" | awk -F, '
		{
			b = "other"
			if ($2 ~ /^4/) b = "visa"
			else if ($2 ~ /^5[1-5]/) b = "mastercard"
			else if ($2 ~ /^3[47]/) b = "amex"
			else if ($2 ~ /^6011/) b = "discover"
			split($3, a, "."); c = a[1] * 100 + a[2]
			cents[b] += c; n[b]++; total += c; count++
		}
		END {
			printf "%-12s %5s %12s\n", "brand", "sales", "amount"
			split("amex discover mastercard visa", order, " ")
			for (i = 1; i <= 4; i++)
				printf "%-12s %5d %12.2f\n", order[i], n[order[i]], cents[order[i]] / 100
			printf "%-12s %5d %12.2f\n", "total", count, total / 100
		}'
}

if ! report | diff -u "$data/report.golden" -; then
	echo "report differs from data/report.golden"
	exit 1
fi
echo "report: matches the golden copy"

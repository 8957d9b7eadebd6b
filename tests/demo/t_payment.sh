#!/bin/sh
# The March ledger: every card number passes the Luhn check, a mistyped
# one does not, and the amounts add up to the booked total (in cents, so
# no floating point is involved).
set -eu
data=$(dirname "$0")/data

sleep 2.5 # stands in for the payment gateway sandbox

luhn() { # luhn NUMBER: succeeds when the check digit is right
	echo "$1" | awk '{
		n = length($0); sum = 0
		for (i = n; i >= 1; i--) {
			d = substr($0, i, 1) + 0
			if ((n - i) % 2 == 1) { d *= 2; if (d > 9) d -= 9 }
			sum += d
		}
		exit (sum % 10 != 0)
	}'
}

for card in $(tail -n +2 "$data/ledger.csv" | cut -d, -f2 | sort -u); do
	luhn "$card" || { echo "card $card fails the Luhn check"; exit 1; }
done
if luhn 4111111111111112; then echo "a mistyped card passed the Luhn check"; exit 1; fi

total=$(tail -n +2 "$data/ledger.csv" | cut -d, -f3 |
	awk -F. '{ c += $1 * 100 + $2 } END { print c }')
[ "$total" -eq 150268 ] || { echo "ledger total: expected 150268 cents, got $total"; exit 1; }
echo "payment: 5 cards valid, total 1502.68 EUR"

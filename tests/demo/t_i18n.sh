#!/bin/sh
# Every English message has a French translation with the same
# placeholders.
set -eu
data=$(dirname "$0")/data
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demo-i18n.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

sleep 0.3 # stands in for loading the message catalogues

for lang in en fr; do
	cut -d= -f1 "$data/messages.$lang" | sort >"$tmp/$lang"
done
missing=$(comm -23 "$tmp/en" "$tmp/fr")
[ -z "$missing" ] || { echo "untranslated: $missing"; exit 1; }
placeholders() { grep "^$1=" "$2" | grep -o '{[a-z]*}' | sort | tr -d '\n'; }
while read -r key; do
	en=$(placeholders "$key" "$data/messages.en" || true)
	fr=$(placeholders "$key" "$data/messages.fr" || true)
	[ "$en" = "$fr" ] || { echo "$key: placeholders '$en' vs '$fr'"; exit 1; }
done <"$tmp/en"
echo "i18n: $(wc -l <"$tmp/en") messages translated"

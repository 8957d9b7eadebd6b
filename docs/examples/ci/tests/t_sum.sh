#!/bin/sh
# awk adds a column.
[ "$(printf '1\n2\n39\n' | awk '{ s += $1 } END { print s }')" = 42 ]

#!/bin/sh
# sort -n orders numbers by value.
[ "$(printf '10\n9\n100\n' | sort -n | tr '\n' ' ')" = "9 10 100 " ]

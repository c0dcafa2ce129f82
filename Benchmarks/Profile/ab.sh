#!/bin/bash
# Alternates Profile binaries (builds of two commits, say) on the same texts, so that the noise
# of a shared machine falls on all of them alike, and prints each one's median.
#
#     Benchmarks/Profile/ab.sh ROUNDS MODE WORKERS SPACE BINARY...
#
# MODE and SPACE as for Profile (rows, tfidf or tokens; a space saved by `Profile fit`). Each
# round runs every binary once with --repeat 3 and keeps its best; the medians are over rounds.
# Copy .build/release/Profile aside after each build (cp … /tmp/Profile-before).
set -euo pipefail
if [ $# -lt 5 ]; then
    echo "usage: $0 ROUNDS MODE WORKERS SPACE BINARY..." >&2
    exit 2
fi
rounds=$1 mode=$2 workers=$3 space=$4
shift 4
declare -A results
for _ in $(seq 1 "$rounds"); do
    for binary in "$@"; do
        best=$("$binary" "$mode" "$space" 20000 --workers "$workers" --repeat 3 | awk '/texts\/s/ {print $6}' | sort -n | tail -1)
        results[$binary]="${results[$binary]:-} $best"
    done
done
for binary in "$@"; do
    echo "$binary: $(echo ${results[$binary]} | tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print "median", a[int((NR + 1) / 2)], "texts/s; range", a[1], "to", a[NR]}')"
done

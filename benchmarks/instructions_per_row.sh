#!/bin/sh
# Instructions per row of `creditdata validate --threads 1`, counted by
# callgrind: a deterministic measure where the machine is too noisy for
# timings to tell small changes apart. Two runs on SMALL and LARGE rows of
# natural_person_arrears (fixed seed); the difference divided by the
# difference in rows leaves out start-up and the header.
#
#   benchmarks/instructions_per_row.sh [build-dir] [format]
#       (format csv, gb18030, json or ndjson; SMALL=20000 LARGE=100000)
# Needs valgrind (Debian package `valgrind`).
set -eu

build=${1:-build}
format=${2:-csv}
cli="$build/creditdata"
small=${SMALL:-20000}
large=${LARGE:-100000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 2; }
command -v valgrind > /dev/null || { echo "valgrind is not installed" >&2; exit 2; }

count() {
  "$cli" generate natural_person_arrears --rows "$1" --seed 7 \
    --format "$format" -o "$dir/data" 2>/dev/null
  valgrind --tool=callgrind --callgrind-out-file="$dir/out" \
    "$cli" validate --quiet --threads 1 "$dir/data" > /dev/null 2> "$dir/log" ||
    true  # seeded data may hold findings: exit status 1 is expected
  sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$dir/log"
}

a=$(count "$small")
b=$(count "$large")
echo "$format: $a instructions for $small rows, $b for $large rows"
echo "$a $b $small $large" |
  awk '{ printf "%.1f instructions per row\n", ($2 - $1) / ($4 - $3) }'

#!/bin/sh
# Whole-process throughput of `creditdata validate` on generated files read
# through the page cache: 1,000,000 rows of natural_person_arrears (fixed
# seed) as UTF-8 CSV, GB18030 CSV and NDJSON, with 1 and 2 validating
# threads. Prints the median of RUNS runs of each (wall seconds, MB/s, rows/s).
#
#   benchmarks/validate_throughput.sh [build-dir]      (RUNS=5 ROWS=1000000)
set -eu

build=${1:-build}
cli="$build/creditdata"
rows=${ROWS:-1000000}
runs=${RUNS:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 2; }

for format in csv gb18030 ndjson; do
  "$cli" generate natural_person_arrears --rows "$rows" --seed 7 \
    --format "$format" -o "$dir/data.$format" 2>/dev/null
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-8s %-7s %8s %9s %11s\n' format threads wall_s MB/s rows/s
for format in csv gb18030 ndjson; do
  file="$dir/data.$format"
  cat "$file" > /dev/null  # into the page cache
  bytes=$(wc -c < "$file")
  for threads in 1 2; do
    i=0
    : > "$dir/times"
    while [ "$i" -lt "$runs" ]; do
      start=$(date +%s.%N)
      "$cli" validate --quiet --threads "$threads" "$file" > /dev/null
      end=$(date +%s.%N)
      echo "$start $end" | awk '{ printf "%.6f\n", $2 - $1 }' >> "$dir/times"
      i=$((i + 1))
    done
    wall=$(median < "$dir/times")
    echo "$format $threads $wall $bytes $rows" | awk '{
      printf "%-8s %-7s %8.3f %9.1f %11.0f\n", $1, $2, $3, $4 / $3 / 1e6,
             $5 / $3 }'
  done
done

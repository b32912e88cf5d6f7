#!/usr/bin/env bash
# The main job on the bundled sample data: builds creditdata (Release) and
# validates every sample under examples/data/ — one file per annex table, in
# the encodings and formats departments send (CSV UTF-8 with and without
# BOM, GB18030, UTF-16 "Unicode text", JSON, NDJSON), each with a handful of
# seeded mistakes that the reports must show.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"${JOBS:-2}" --target creditdata_cli >/dev/null

status=0
for sample in examples/data/*; do
  case "$sample" in
    *.mistakes.tsv | *.md) continue ;;
  esac
  echo "== $sample"
  # Exit 1 means "findings": expected here, the samples carry mistakes.
  build/creditdata validate --quiet "$sample" || [ $? -eq 1 ] || status=1
  echo
done
exit $status

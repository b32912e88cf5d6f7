#!/usr/bin/env bash
# The main job on the bundled sample data: builds creditdata (Release) and
# shows the nine annex tables and the template of each.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"${JOBS:-2}" --target creditdata_cli >/dev/null

build/creditdata tables
for table in $(build/creditdata tables | tail -n +2 | cut -f1); do
  echo
  echo "== $table"
  build/creditdata template "$table"
done

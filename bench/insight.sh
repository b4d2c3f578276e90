#!/usr/bin/env bash
# Patterns, statistics and exports at 10k, 100k and 1M reports on SQLite (issue 5).
# Usage: bench/insight.sh [sizes...]   e.g. bench/insight.sh 10000 100000 1000000 (the default)
# Publishes the service in Release, generates one database per size (kept in $BENCH_DATA, default
# /tmp/lexheller-bench, and reused when it exists), then times the queries over HTTP against it.
# Writes the tables to stdout and to bench/results/insight.md.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
. bench/prepare.sh
out=bench/results/insight.md
results_header "$out" "Insight benchmark"

for size in "${sizes[@]}"; do
  db="$data/reports-$size.db"
  if [ ! -f "$db" ]; then
    bench generate --db "$db" --reports "$size" --service bench/.out/api/LexHeller.Api.dll >&2
  fi
  bench measure --db "$db" --service bench/.out/api/LexHeller.Api.dll --runs "${RUNS:-20}" --export-runs "${EXPORT_RUNS:-3}" | tee -a "$out"
done

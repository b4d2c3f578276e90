#!/usr/bin/env bash
# Queue, report and receipt latency at a million reports, their query plans, and the service's peak
# memory during a 1M-row export (issue 8, points 2 and 4).
# Usage: bench/scale.sh [size]      (default 1000000)
#   RUNS=200 CONCURRENCY=1 SEED=1 BENCH_DATA=/tmp/lexheller-bench bench/scale.sh 1000000
# Publishes the service in Release, generates $BENCH_DATA/reports-N.db when it is missing (about 2-4
# minutes and 2 GB at 1M; a database made by an older generator, without receipts, must be deleted
# first), then: light-load latency per case (bench latency), EXPLAIN QUERY PLAN for every statement those
# reads run (bench plans), and the export's peak working set (bench measure --only exports).
# Writes bench/results/scale.md and bench/results/scale-plans.md, and prints the tables.
set -euo pipefail
cd "$(dirname "$0")/.."

size="${1:-1000000}"
source bench/prepare.sh
db="$data/reports-$size.db"
service=bench/.out/api/LexHeller.Api.dll

if [ ! -f "$db" ]; then
  bench generate --db "$db" --reports "$size" --seed "${SEED:-1}" --service "$service" >&2
fi

out=bench/results/scale.md
results_header "$out" "Scale benchmark"
{
  echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "## Latency under light load"
  echo
} >> "$out"

# The service applies any new migration to the database on its first start here (an index on 1M rows: seconds).
bench latency --db "$db" --service "$service" --seed "${SEED:-1}" --runs "${RUNS:-200}" --concurrency "${CONCURRENCY:-1}" | tee -a "$out"

bench plans --db "$db" --service "$service" > bench/results/scale-plans.md
echo "Query plans: bench/results/scale-plans.md"

{
  echo "## Peak working set during a full export"
  echo
} | tee -a "$out"
bench measure --db "$db" --service "$service" --only exports --export-runs "${EXPORT_RUNS:-1}" | tee -a "$out"

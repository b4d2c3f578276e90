#!/usr/bin/env bash
# The queue overview (GET /api/v1/queues, the /triage pages) with a million reports in one queue, before and
# after the counts kept in queue_status_counts (migration 0019; issue 19, point 8).
# Usage: bench/queue-overview.sh [size]      (default 1000000)
#   RUNS=200 OPEN_DAYS=90 BENCH_DATA=/tmp/lexheller-bench bench/queue-overview.sh 1000000
#   BEFORE=b686146 bench/queue-overview.sh    also times the service as it was at that commit, on the same database
# Publishes the service in Release, fills $BENCH_DATA/queue-overview-N.db when it is missing (the service migrates
# and seeds a new file; then one INSERT ... SELECT over a recursive CTE writes N reports into Höglandet's first
# queue in one transaction: about a minute and 1 GB at 1M), then times the overview's statements in process
# (the full count of before, the kept counts of after, the overdue count) and GET /api/v1/queues over HTTP.
# Writes bench/results/queue-overview.md and prints the tables.
set -euo pipefail
cd "$(dirname "$0")/.."

size="${1:-1000000}"
source bench/prepare.sh
db="$data/queue-overview-$size.db"
service=bench/.out/api/LexHeller.Api.dll

if [ ! -f "$db" ]; then
  bench queue-overview-fill --db "$db" --reports "$size" --service "$service" --open-days "${OPEN_DAYS:-90}" >&2
fi

out=bench/results/queue-overview.md
results_header "$out" "Queue overview"
echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out"
echo >> "$out"
bench queue-overview --db "$db" --service "$service" --runs "${RUNS:-200}" | tee -a "$out"

if [ -n "${BEFORE:-}" ]; then
  # The service of that commit, from git archive (no worktree), published beside the current one. It runs on the
  # same database: to it, migration 0019 is only a table it never reads and triggers it never notices.
  src="$data/service-$BEFORE"
  rm -rf "$src" && mkdir -p "$src"
  git archive "$BEFORE" | tar -x -C "$src"
  dotnet publish "$src/src/LexHeller.Api" -c Release -o bench/.out/api-before -v q -nologo
  echo "### The service at $BEFORE" | tee -a "$out"
  echo | tee -a "$out"
  bench queue-overview --db "$db" --service bench/.out/api-before/LexHeller.Api.dll --runs "${RUNS:-200}" | tee -a "$out"
fi

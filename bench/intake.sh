#!/usr/bin/env bash
# Intake load (issue 8): POST /api/v1/reports on SQLite with wrk, the service against a bare baseline.
# Usage: bench/intake.sh            (about 10 minutes; the figures go to stdout and bench/results/intake.md)
# Settings (environment): DURATION=15s WARMUP=30s CONNECTIONS="8 32 64" HALF_CONNECTIONS=32 BODIES=600
#   GROUP_COMMIT_BATCH=64 TARGETS="service baseline group-commit" BENCH_DATA=/tmp/lexheller-bench
#
# Targets, each a Release build on its own copy of one freshly migrated and seeded database:
#   service       the service (bench/.out/api), Production environment, an API key made through the admin API;
#                 rate limits raised for the run by environment settings (RateLimiting__*__PermitLimit)
#   baseline      bench/LexHeller.Baseline: same body, same rows, prepared ADO.NET, one transaction per report
#   group-commit  the baseline, one writer committing up to GROUP_COMMIT_BATCH waiting reports per transaction
#   unprepared    the baseline with every statement made and parsed afresh for each report, as Dapper's are
#                 (not run by default: TARGETS="baseline unprepared")
#   pooled        the baseline writing through POOLED_CONNECTIONS connections in turn instead of one, as the
#                 service's requests do (not run by default)
# Phases per target: (a) maximum throughput: wrk --latency at each connection count (a fresh database and
# process, WARMUP unmeasured, then DURATION measured); the best req/s is the maximum. (b) latency at half
# that rate: wrk paced by bench/intake.lua (closed loop: each thread spaces its request starts evenly and
# never catches up a missed slot), at HALF_CONNECTIONS connections; the ACHIEVED rate is reported.
# A run with any non-2xx answer or socket error is marked INVALID. Peak RSS = VmHWM of the process.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-15s}"
# 30 s: the service's tiered JIT is still recompiling hot code (a third of its CPU) after 5 s of
# load; measured after 3 s it spent 10 ms of CPU a report, after 30 s 3.5 ms.
warmup="${WARMUP:-30s}"
read -r -a connection_counts <<< "${CONNECTIONS:-8 32 64}"
half_connections="${HALF_CONNECTIONS:-32}"
bodies_count="${BODIES:-600}"
batch="${GROUP_COMMIT_BATCH:-64}"
read -r -a targets <<< "${TARGETS:-service baseline group-commit}"
data="${BENCH_DATA:-/tmp/lexheller-bench}/intake"
rm -rf "$data"
mkdir -p "$data" bench/results

echo "Building (Release)..." >&2
dotnet publish src/LexHeller.Api -c Release -o bench/.out/api -v q -nologo >&2
dotnet publish bench/LexHeller.Baseline -c Release -o bench/.out/baseline -v q -nologo >&2
dotnet build bench/LexHeller.Bench -c Release -v q -nologo >&2

# A fresh database the service migrated and seeded, API keys made through the admin API, and the bodies.
dotnet bench/LexHeller.Bench/bin/Release/net10.0/LexHeller.Bench.dll intake-prepare \
  --db "$data/template.db" --service bench/.out/api/LexHeller.Api.dll --reports "$bodies_count" --label "$data/bodies.tsv" >&2

pid=""
port=""
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() { # target database
  port=$(free_port)
  case "$1" in
    service)
      env ASPNETCORE_ENVIRONMENT=Production App__PublicBaseUrl="http://127.0.0.1:$port" \
        ConnectionStrings__LexHeller="Data Source=$2" Database__Provider=sqlite Demo__Seed=true \
        DataProtection__KeysDirectory="$data/keys" Notifications__PickupDirectory="$data/mail" \
        Logging__LogLevel__Default=Warning \
        RateLimiting__ApiKey__PermitLimit=100000000 RateLimiting__AnonymousIntake__PermitLimit=100000000 \
        RateLimiting__Receipts__PermitLimit=100000000 \
        dotnet bench/.out/api/LexHeller.Api.dll --urls "http://127.0.0.1:$port" > "$data/$1.log" 2>&1 &
      ;;
    baseline) dotnet bench/.out/baseline/LexHeller.Baseline.dll --db "$2" --urls "http://127.0.0.1:$port" > "$data/$1.log" 2>&1 & ;;
    group-commit) dotnet bench/.out/baseline/LexHeller.Baseline.dll --db "$2" --group-commit "$batch" --urls "http://127.0.0.1:$port" > "$data/$1.log" 2>&1 & ;;
    pooled) dotnet bench/.out/baseline/LexHeller.Baseline.dll --db "$2" --connections "${POOLED_CONNECTIONS:-8}" --urls "http://127.0.0.1:$port" > "$data/$1.log" 2>&1 & ;;
    unprepared) dotnet bench/.out/baseline/LexHeller.Baseline.dll --db "$2" --unprepared --urls "http://127.0.0.1:$port" > "$data/$1.log" 2>&1 & ;;
  esac
  pid=$!
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && return 0
    kill -0 "$pid" 2> /dev/null || { cat "$data/$1.log" >&2; echo "$1 did not start" >&2; exit 1; }
    sleep 0.25
  done
  echo "$1 was not ready within a minute" >&2
  exit 1
}

stop() { kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; pid=""; }
trap stop EXIT

peak_mib() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }

run=0
load() { # connections duration [target rate]  -> the RESULT line of bench/intake.lua
  local threads=2
  [ "$1" -lt 2 ] && threads=1
  run=$((run + 1))
  wrk -t"$threads" -c"$1" -d"$2" --timeout 10s --latency -s bench/intake.lua "http://127.0.0.1:$port/api/v1/reports" \
    -- "$data/bodies.tsv" "r$$-$run" "${3:-0}" "$threads" 2> "$data/wrk-$run.err" | grep '^RESULT' || { cat "$data/wrk-$run.err" >&2; echo "RESULT requests=0 rps=0 non2xx=-1 socket_errors=-1"; }
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }
valid() { [ "$(field non2xx "$1")" = 0 ] && [ "$(field socket_errors "$1")" = 0 ] && echo ok || echo INVALID; }

rows=()
summary=()
declare -A best_rps
for target in "${targets[@]}"; do
  best=0
  best_c=0
  peak=0
  for c in "${connection_counts[@]}"; do
    cp "$data/template.db" "$data/$target.db"
    rm -f "$data/$target.db-wal" "$data/$target.db-shm"
    start "$target" "$data/$target.db"
    load "$c" "$warmup" > /dev/null
    result=$(load "$c" "$duration")
    mib=$(peak_mib)
    stop
    echo "$target c=$c: $result" >&2
    rows+=("| $target | $c | $(field rps "$result") | $(field p50_ms "$result") | $(field p90_ms "$result") | $(field p99_ms "$result") | $(field max_ms "$result") | $(field non2xx "$result") / $(field socket_errors "$result") | $(valid "$result") | $mib |")
    [ "$mib" -gt "$peak" ] && peak=$mib
    if [ "$(valid "$result")" = ok ] && awk "BEGIN { exit !($(field rps "$result") > $best) }"; then
      best=$(field rps "$result")
      best_c=$c
    fi
  done
  best_rps[$target]=$best

  half=$(awk "BEGIN { printf \"%.0f\", $best / 2 }")
  cp "$data/template.db" "$data/$target.db"
  rm -f "$data/$target.db-wal" "$data/$target.db-shm"
  start "$target" "$data/$target.db"
  load "$half_connections" "$warmup" "$half" > /dev/null
  result=$(load "$half_connections" "$duration" "$half")
  mib=$(peak_mib)
  stop
  echo "$target paced at $half/s: $result" >&2
  [ "$mib" -gt "$peak" ] && peak=$mib
  summary+=("| $target | $best (c=$best_c) | $half | $(field rps "$result") | $(field p50_ms "$result") | $(field p99_ms "$result") | $(field non2xx "$result") / $(field socket_errors "$result") | $(valid "$result") | $peak |")
done

ratio() { awk "BEGIN { if ($1 > 0 && $2 > 0) printf \"%.0f %%\", 100 * $1 / $2; else print \"n/a\" }"; }  # n/a: a target not run
out=bench/results/intake.md
{
  echo "# Intake benchmark: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench ':!bench/results' || echo ' (with uncommitted changes)')"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load average before the run $(cut -d' ' -f1-3 /proc/loadavg); .NET $(dotnet --version); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo "wrk: $duration measured after $warmup warm-up, 2 threads, $bodies_count bodies from the fixtures, a new Idempotency-Key per request; group commit batches up to $batch."
  echo
  echo "Maximum throughput (one fresh database and process per row):"
  echo
  echo "| target | connections | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx / socket errors | valid | peak RSS MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Latency at half the maximum rate (paced, closed loop, $half_connections connections):"
  echo
  echo "| target | max req/s | half-rate target | achieved req/s | p50 ms | p99 ms | non-2xx / socket errors | valid | peak RSS MiB (all runs) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|---:|"
  printf '%s\n' "${summary[@]}"
  echo
  echo "Service / baseline, maximum throughput: $(ratio "${best_rps[service]:-0}" "${best_rps[baseline]:-0}"); service / group commit: $(ratio "${best_rps[service]:-0}" "${best_rps[group-commit]:-0}"); group commit / baseline: $(ratio "${best_rps[group-commit]:-0}" "${best_rps[baseline]:-0}")."
  if [ -n "${best_rps[pooled]:-}" ]; then
    echo "Pooled / baseline (what writing through several connections costs): $(ratio "${best_rps[pooled]}" "${best_rps[baseline]:-0}")."
  fi
  if [ -n "${best_rps[unprepared]:-}" ]; then
    echo "Unprepared / baseline (what parsing each statement again costs): $(ratio "${best_rps[unprepared]}" "${best_rps[baseline]:-0}")."
  fi
} | tee "$out"

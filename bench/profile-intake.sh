#!/usr/bin/env bash
# CPU profile of the service under intake load (issue 8, follow-up): perf by shared object and by symbol.
# Usage: bench/profile-intake.sh [perf.data]      (needs a run of bench/intake.sh first: it reuses its published
#   service, template database and bodies in $BENCH_DATA/intake; and Debian's perf)
# Settings (environment): CONNECTIONS=8 WARMUP=30s SECONDS_PROFILED=15 BENCH_DATA=/tmp/lexheller-bench
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-/tmp/lexheller-intake.perf.data}"
data="${BENCH_DATA:-/tmp/lexheller-bench}/intake"
connections="${CONNECTIONS:-8}"
[ -f "$data/template.db" ] && [ -f "$data/bodies.tsv" ] && [ -f bench/.out/api/LexHeller.Api.dll ] \
  || { echo "Run bench/intake.sh first: it prepares $data and bench/.out/api." >&2; exit 1; }

cp "$data/template.db" "$data/profile.db"
rm -f "$data/profile.db-wal" "$data/profile.db-shm"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# PerfMapEnabled names JIT-compiled frames (/tmp/perf-PID.map); without W^X they are not in a memfd mapping
# perf cannot match to the map.
env ASPNETCORE_ENVIRONMENT=Production DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  ConnectionStrings__LexHeller="Data Source=$data/profile.db" Database__Provider=sqlite Demo__Seed=true \
  DataProtection__KeysDirectory="$data/keys" Notifications__PickupDirectory="$data/mail" Logging__LogLevel__Default=Warning \
  RateLimiting__ApiKey__PermitLimit=100000000 RateLimiting__AnonymousIntake__PermitLimit=100000000 \
  RateLimiting__Receipts__PermitLimit=100000000 \
  dotnet bench/.out/api/LexHeller.Api.dll --urls "http://127.0.0.1:$port" > "$data/profile.log" 2>&1 &
pid=$!
trap 'kill $pid 2> /dev/null || true' EXIT
for _ in $(seq 1 240); do curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.25; done

load() { wrk -t2 -c"$connections" -d"$1" -s bench/intake.lua "http://127.0.0.1:$port/api/v1/reports" -- "$data/bodies.tsv" "p$$-$2" 0 2 | grep '^RESULT'; }
echo "warm-up: $(load "${WARMUP:-30s}" w)"
seconds="${SECONDS_PROFILED:-15}"
load "$((seconds + 6))s" m > "$data/profile.wrk" &
sleep 3
perf record -F 499 -g -p "$pid" -o "$out" -- sleep "$seconds" > /dev/null 2>&1
wait %2 || true
echo "profiled: $(cat "$data/profile.wrk")"
echo "== by shared object"
perf report -i "$out" --no-children --sort dso -g none 2> /dev/null | grep -v '^#' | grep -v '^$' | head -12
echo "== top symbols"
perf report -i "$out" --no-children --sort dso,symbol -g none 2> /dev/null | grep -v '^#' | grep -v '^$' | head -40 | cut -c1-160

#!/usr/bin/env bash
# SIGKILL during the first start (migrations and the demo seed), then restart: does the service come up
# healthy, and is the demo world whole? Checks the fix of a finding of crash.sh (the demo seed was not
# resumable; bench/README.md, crash durability). Usage: bench/crash-startup.sh (KILLS=8; needs bench/.out/api from bench/crash.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
api="$PWD/bench/.out/api"
dir="${BENCH_DATA:-/tmp/lexheller-bench}/crash-startup"
port="${PORT:-5977}"
mkdir -p "$dir"
[ -f "$api/LexHeller.Api.dll" ] || { echo "Run bench/crash.sh first (it publishes the service to $api)." >&2; exit 2; }

pid=
start() {
  (cd "$api" && ASPNETCORE_ENVIRONMENT=Production App__PublicBaseUrl="http://127.0.0.1:$port" ConnectionStrings__LexHeller="Data Source=$dir/startup.db" Database__Provider=sqlite \
    Demo__Seed=true DataProtection__KeysDirectory="$dir/keys" Notifications__Enabled=false Logging__LogLevel__Default=Warning \
    exec dotnet LexHeller.Api.dll --urls "http://127.0.0.1:$port") >>"$dir/service.log" 2>&1 &
  pid=$!
}
stop() { kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
ready() {
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
world() {
  sqlite3 -readonly "$dir/startup.db" "SELECT (SELECT COUNT(*) FROM associations) || ' associations, ' || (SELECT COUNT(*) FROM reports) || ' reports, ' || (SELECT COUNT(*) FROM report_events) || ' events, ' || (SELECT COUNT(*) FROM follow_ups) || ' follow-ups'"
}

fresh() { rm -rf "$dir/startup.db" "$dir/startup.db-wal" "$dir/startup.db-shm" "$dir/keys"; }
fresh; start; ready || { echo "The service did not start on a fresh database." >&2; stop; exit 1; }
stop; whole=$(world)
echo "A first start left alone: $whole."
echo
echo "| kill | at s | restarted healthy | demo world after the restart | whole |"
echo "|---:|---:|---|---|---|"
broken=0; unhealthy=0
for kill in $(seq 1 "${KILLS:-8}"); do
  fresh; start
  at=$(awk -v seed="$kill" 'BEGIN { srand(seed); printf "%.2f", 0.5 + rand() * 4.5 }')
  sleep "$at"; stop
  start
  if ready; then healthy=yes; else healthy=no; unhealthy=$((unhealthy + 1)); fi
  stop
  now=$(world)
  if [ "$now" = "$whole" ]; then same=yes; else same=no; broken=$((broken + 1)); fi
  echo "| $kill | $at | $healthy | $now | $same |"
done
echo
echo "**Total:** ${KILLS:-8} kills during a first start; not healthy after the restart: $unhealthy; demo world not whole: $broken."

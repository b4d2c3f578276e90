#!/usr/bin/env bash
# Crash durability (issue 8, point 3): SIGKILL during intake and during notification dispatch.
# Usage: bench/crash.sh            (KILLS=20 WRITERS=8 MESSAGES=3000 by default; PART=intake|outbox|both)
# Publishes the service in Release, then
#  1. files reports with WRITERS concurrent clients on a fresh SQLite database, SIGKILLs the service at a
#     random moment 0.5–8 s into the load, restarts it, re-sends the requests that got no answer with their
#     Idempotency-Keys and checks every report answered 201 (and the references, and the file); KILLS times;
#  2. dispatches MESSAGES outbox messages to an SMTP sink in the bench program, SIGKILLs the service KILLS
#     times mid-dispatch, lets the last start drain the outbox and checks for lost and duplicated messages.
# Prints the tables and writes them to bench/results/crash.md. Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

kills="${KILLS:-20}"
part="${PART:-both}"
. bench/prepare.sh
out=bench/results/crash.md
results_header "$out" "Crash durability"

status=0
if [ "$part" != outbox ]; then
  bench crash-intake --db "$data/crash-intake.db" --service bench/.out/api/LexHeller.Api.dll \
    --kills "$kills" --writers "${WRITERS:-8}" --seed "${SEED:-1}" | tee -a "$out" || status=1
fi
if [ "$part" != intake ]; then
  bench crash-outbox --db "$data/crash-outbox.db" --service bench/.out/api/LexHeller.Api.dll \
    --kills "$kills" --messages "${MESSAGES:-3000}" --smtp-delay-ms "${SMTP_DELAY_MS:-20}" --lease-seconds "${LEASE_SECONDS:-3}" \
    --seed "${SEED:-1}" | tee -a "$out" || status=1
fi
echo "Written to $out"
exit $status

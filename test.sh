#!/usr/bin/env bash
# Runs every test of Lex Heller and lints the OpenAPI contract (Spectral and Redocly), then prints one line:
#   N passed, N failed, N skipped
# It installs what the checks need where it can (Node.js for Spectral, the test SMTP server and the test OpenID
# Connect provider; the .NET SDK must be there). The browser tests use Chromium (/usr/bin/chromium, or
# LEXHELLER_CHROMIUM) and skip without it; screenshots are kept in artifacts/screenshots/.
set -uo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Debug}"
results_dir="$(pwd)/artifacts/test-results"
rm -rf "$results_dir" && mkdir -p "$results_dir"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed: https://dotnet.microsoft.com/download" >&2
  exit 1
fi

# Spectral (npm @stoplight/spectral-cli) lints api-spec/openapi.json against the OpenAPI ruleset.
ensure_node() {
  command -v npm >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Node.js and npm for Spectral..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null 2>&1
  fi
  command -v npm >/dev/null 2>&1
}

# The browser tests drive Debian's Chromium (Playwright downloads no browser); install it where we may.
ensure_chromium() {
  { [ -x /usr/bin/chromium ] || [ -n "${LEXHELLER_CHROMIUM:-}" ]; } && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1
  fi
  [ -x /usr/bin/chromium ] || echo "Chromium is not installed (apt-get install chromium): the browser tests will be skipped." >&2
}
ensure_chromium

echo "== Build"
if ! dotnet build LexHeller.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# The build writes api-spec/openapi.json from the code; the committed contract must be that file.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! git diff --quiet -- api-spec/openapi.json; then
  echo "api-spec/openapi.json changed when the API was built: the HTTP contract changed. Review and commit it." >&2
  git --no-pager diff --stat -- api-spec/openapi.json >&2
  contract_changed=1
fi

# The SMTP delivery tests run npm's smtp-server as a local mail server, and the browser tests npm's
# oidc-provider as the OpenID Connect provider; without them those tests are skipped.
if ensure_node; then
  npm ci --prefix tests/LexHeller.Api.Tests/Notifications/smtp-sink --no-audit --no-fund --silent >/dev/null 2>&1 \
    || echo "npm ci for the test SMTP server failed: the SMTP delivery test will be skipped." >&2
  npm ci --prefix tests/LexHeller.Browser.Tests/oidc-provider --no-audit --no-fund --silent >/dev/null 2>&1 \
    || echo "npm ci for the test OpenID Connect provider failed: the tests that sign in will be skipped." >&2
fi

echo "== Tests"
# Every test host (hundreds, many at once) would watch its appsettings files with an inotify instance of its own;
# Linux allows 128 per user by default, and past that a host fails to start. Polling watchers use none.
export DOTNET_USE_POLLING_FILE_WATCHER=true
# One test project at a time: on two cores the browser tests (Chromium, Kestrel and node) shared the machine with
# the HTTP tests' parallel collections, and a browser test failed one CI run that way (which one, the log's tail
# did not say; the failures are now repeated above the summary). Each project still runs its tests in parallel.
dotnet test --solution LexHeller.sln -c "$configuration" --no-build --max-parallel-test-modules 1 \
  --results-directory "$results_dir" --report-xunit-trx 2>&1 | tee "$results_dir/dotnet-test.log" \
  | grep -E "^(failed|skipped) |Test run summary|total:|failed:|succeeded:|skipped:|passed \(|failed \(" || true

passed=0 failed=${contract_changed:-0} skipped=0
trx_count=$(find "$results_dir" -name '*.trx' | wc -l)
if [ "$trx_count" -eq 0 ]; then
  echo "No test results were written." >&2
  failed=1
else
  for trx in "$results_dir"/*.trx; do
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
    e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    skipped=$((skipped + ${t:-0} - ${e:-0}))
  done
fi
if grep -qE "Test run summary: (Failed|Aborted)" "$results_dir/dotnet-test.log" && [ "$failed" -eq 0 ]; then
  echo "dotnet test reported a failure that the result files do not show." >&2
  failed=$((failed + 1))
fi

# Two linters read the contract, each with its own reading of OpenAPI: Spectral (its OAS ruleset) and Redocly CLI (its
# recommended rules, among them that every operation declares its security). Either one's error fails the run.
npm_tool() { # name package@version: installs once into .tools/<name>, prints the binary's path
  local dir
  dir="$(pwd)/.tools/$1"
  if [ ! -x "$dir/node_modules/.bin/$1" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --silent "$2" >/dev/null 2>&1
  fi
  echo "$dir/node_modules/.bin/$1"
}

lint() { # title command...: one passed or one failed
  echo "== OpenAPI lint ($1)"
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "The OpenAPI lint found errors in api-spec/openapi.json: $*" >&2
    failed=$((failed + 1))
  fi
}

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true # no calls home from a test run
if ensure_node; then
  lint Spectral "$(npm_tool spectral @stoplight/spectral-cli@6.16.3)" lint api-spec/openapi.json --ruleset .spectral.yaml --fail-severity error
  lint Redocly "$(npm_tool redocly @redocly/cli@2.77.0)" lint api-spec/openapi.json --format=summary
else
  echo "The OpenAPI lints need Node.js and npm, which could not be installed here." >&2
  failed=$((failed + 2))
fi

# Repeat each failed test with the first lines of its message and stack, and any test host that ended in an
# error, right above the summary: a CI log is often read from its tail.
if [ "$failed" -gt 0 ] && [ -f "$results_dir/dotnet-test.log" ]; then
  echo "== Failures"
  awk '/^failed / { n = 25 } / failed with [0-9]+ error/ { print; next } n > 0 { print; n-- }' \
    "$results_dir/dotnet-test.log"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

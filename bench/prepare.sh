# Sourced by the bench scripts (from the repository root): publishes the service in Release to
# bench/.out/api, builds the bench program, defines `bench` (runs it) and `results_header FILE TITLE`
# (starts a results file with the date, commit and machine), and sets $data (BENCH_DATA, default /tmp/lexheller-bench).
data="${BENCH_DATA:-/tmp/lexheller-bench}"
mkdir -p "$data" bench/results

dotnet publish src/LexHeller.Api -c Release -o bench/.out/api -v q -nologo
dotnet build bench/LexHeller.Bench -c Release -v q -nologo
bench() { dotnet bench/LexHeller.Bench/bin/Release/net10.0/LexHeller.Bench.dll "$@"; }

results_header() {
  {
    echo "# $2: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); .NET $(dotnet --version)."
    echo
  } > "$1"
}

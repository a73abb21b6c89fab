#!/usr/bin/env bash
# Runs the benchmark suite and writes bench/RESULTS.md, keeping the section bench/gateway.sh wrote. Never part of
# ./test.sh. About 10 minutes on 2 cores (the first run also generates the bench states, ~1 min, and builds the
# Native AOT CLI, ~1-2 min).
#
# Usage: bench/run.sh [BenchmarkDotNet args, e.g. --filter '*StoreReader*']   (default: --filter '*')
#
# Environment: SC_ARTIFACTS   build output (default /tmp/sc-art-bench)
#              SC_BENCH_CACHE generated states (default $TMPDIR/session-closer-bench; ~1 GB, reused across runs)
#              RESULTS        where to write the report (default bench/RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export SC_ARTIFACTS="${SC_ARTIFACTS:-/tmp/sc-art-bench}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="${RESULTS:-$root/bench/RESULTS.md}"
out="$SC_ARTIFACTS/bench-results"
rm -rf "$out" && mkdir -p "$out"
bdn_args=("$@")
[ ${#bdn_args[@]} -eq 0 ] && bdn_args=(--filter '*')

log() { printf '[bench] %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SECONDS=0

log "building the benchmarks (Release)"
dotnet build bench/SessionCloser.Benchmarks -c Release --nologo -v quiet -clp:NoSummary
bench=(dotnet "$SC_ARTIFACTS/bin/SessionCloser.Benchmarks/release/SessionCloser.Benchmarks.dll")

log "generating (or reusing) the bench states"
"${bench[@]}" generate | tee "$out/states.txt"

# ---- the real CLI: start-up time and peak working set ------------------------------------------------------------
log "building the CLI (bin/session-closer builds Native AOT on first use)"
bin/session-closer --help >/dev/null
cli_exe="${SESSION_CLOSER_BUILD_DIR:-$root/.build/cli}/session-closer"
cli_kind=$(file -b "$cli_exe" | grep -q ELF && echo "Native AOT" || echo "framework-dependent")

startup_md="$out/startup.md"
if command -v hyperfine >/dev/null; then
  log "CLI start-up (hyperfine)"
  hyperfine -N --warmup 5 --runs 40 --export-markdown "$startup_md" \
    -n 'bin/session-closer --help (launcher script + binary)' 'bin/session-closer --help' \
    -n 'session-closer --help (binary alone)' "$cli_exe --help" >&2
else
  log "CLI start-up (no hyperfine: 30 timed runs each)"
  { echo "| Command | Median [ms] | Min [ms] |"; echo "|:---|---:|---:|"
    for cmd in "bin/session-closer --help" "$cli_exe --help"; do
      for _ in $(seq 30); do s=$(date +%s%N); $cmd >/dev/null; echo $(( ($(date +%s%N) - s) / 1000 )); done |
        sort -n | awk -v c="$cmd" '{a[NR]=$1} END {printf "| `%s` | %.1f | %.1f |\n", c, a[int((NR+1)/2)]/1000, a[1]/1000}'
    done; } >"$startup_md"
fi

peak_md="$out/peak.md"
{ echo "| Command | Store | Exit code | Wall time | User + sys CPU | Peak working set (max RSS) | Result |"; echo "|---|---|---:|---:|---:|---:|---|"; } >"$peak_md"
measure() { # measure NAME STORE_LABEL RESULT_CMD -- COMMAND...: one /usr/bin/time -v run, one table row
  local name=$1 label=$2 result=$3 code
  shift 4
  set +e
  /usr/bin/time -v -o "$out/time-$name.txt" "$@" >"$out/$name.json" 2>"$out/$name.err"
  code=$?
  set -e
  field() { grep -F "$1" "$out/time-$name.txt" | sed 's/.*: //'; }
  printf '| `%s` | %s | %s | %s | %s | %.1f MB | %s |\n' "$name" "$label" "$code" "$(field 'Elapsed (wall clock)')" \
    "$(awk '/User time|System time/ {s += $NF} END {printf "%.2f s", s}' "$out/time-$name.txt")" \
    "$(echo "$(field 'Maximum resident set size') / 1024" | bc -l)" "$(eval "$result")" >>"$peak_md"
}
for state in 20k 100MB; do
  keys="$out/keys-$state.txt"
  dir=$("${bench[@]}" prepare-cli "$state" 1000 "$keys")
  label=$(awk -v s="$state" '$1 == s":" {gsub(",", "", $4); printf "%s (%.1f MB, %d entries)", s, $4 / 1e6, $2}' "$out/states.txt")
  mapfile -t key_args <"$keys" # keys may hold spaces (Telegram topic names)
  log "list, then close-project-batch with ${#key_args[@]} keys, on the $state store"
  measure "list-$state" "$label" "echo \"\$(grep -c '\"key\":' \"$out/list-$state.json\") rows\"" -- \
    bin/session-closer list --state-dir "$dir" --agent project-lead --json
  measure "close-project-batch-$state" "$label" "echo \"\$(grep -c '\"status\": *\"closed\"' \"$out/close-project-batch-$state.json\") of ${#key_args[@]} closed\"" -- \
    bin/close-project-batch --state-dir "$dir" --agent project-lead --json "${key_args[@]}"
done

# ---- BenchmarkDotNet -----------------------------------------------------------------------------------------------
log "BenchmarkDotNet: ${bdn_args[*]}"
load_bdn=$(load)
# Run from the repo root: BenchmarkDotNet finds the .csproj from the working directory to build its child process.
"${bench[@]}" "${bdn_args[@]}" --artifacts "$out" --results-md "$out/tables.md" | tee "$out/bdn.log" | grep -E '^// \*\*\* |^// Benchmark: ' >&2 || true
[ -s "$out/tables.md" ] || { echo "BenchmarkDotNet wrote no results; see $out/bdn.log" >&2; exit 1; }
load_end=$(load)

# ---- RESULTS.md ----------------------------------------------------------------------------------------------------
# bench/gateway.sh owns the section between these markers: keep it as it is.
gateway_section="$out/gateway-section.md"
[ -f "$results" ] && sed -n '/^<!-- gateway-benchmark -->$/,/^<!-- \/gateway-benchmark -->$/p' "$results" >"$gateway_section" || : >"$gateway_section"
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
mem_total=$(free -g | awk '/^Mem:/ {print $2 " GB total, " $7 " GB available"}')
{
  echo "# session-closer benchmark results"
  echo
  echo "Generated by \`bench/run.sh\` on $started ($(( SECONDS / 60 )) min $(( SECONDS % 60 )) s), commit \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- src bench tests ':!bench/RESULTS.md' || echo ' + uncommitted changes')."
  echo
  echo "## Machine"
  echo
  echo "- $(nproc) cores ($cpu_model), $mem_total, $(uname -sr)"
  echo "- .NET SDK $(dotnet --version), $(dotnet --list-runtimes | grep -m1 NETCore.App | cut -d' ' -f1-2), BenchmarkDotNet 0.15.8"
  echo "- Load average (1/5/15 min): $load_start at the start, $load_bdn when BenchmarkDotNet started, $load_end at the end."
  echo "  The box is shared: other engineers' builds and test runs were going on, so expect ±10–30 % noise and read the error columns."
  echo "- Stores live in \`${SC_BENCH_CACHE:-\$TMPDIR/session-closer-bench}\` on $(df -T "${SC_BENCH_CACHE:-${TMPDIR:-/tmp}}" | awk 'NR==2 {print $2}') (not tmpfs)."
  echo
  echo "## Command"
  echo
  echo '```'
  echo "bench/run.sh ${*:-}"
  echo "# = dotnet build bench/SessionCloser.Benchmarks -c Release"
  echo "#   dotnet <bench dll> ${bdn_args[*]} --artifacts \$SC_ARTIFACTS/bench-results --results-md …"
  echo '```'
  echo
  echo "Jobs: \`Short5\` = BenchmarkDotNet's \`--job short\` (1 launch, 3 warm-ups) with 5 measured iterations, out-of-process, Release."
  echo "FileCloser: 1 warm-up + 3 measured single invocations (\`RunStrategy.Monitoring\`), each on a fresh \`cp -a\` of the state made in IterationSetup (not timed)."
  echo "Allocated is managed memory per operation (MemoryDiagnoser); it does not include the page cache or native memory."
  echo
  echo "## States"
  echo
  echo "Generated by \`StoreGenerator\` (seed 1, one agent \`project-lead\`, transcripts and every artifact kind on disk);"
  echo "\`100MB\` adds OpenClaw's per-run \`systemPromptReport\` to 80 % of the entries, as busy installs have them."
  echo
  echo '```'
  cat "$out/states.txt"
  echo '```'
  echo
  echo "## BenchmarkDotNet"
  echo
  cat "$out/tables.md"
  echo "## The real CLI ($cli_kind build from \`bin/session-closer\`)"
  echo
  echo "### Start-up: \`--help\`"
  echo
  cat "$startup_md"
  echo
  echo "### \`list --json\`, then \`bin/close-project-batch --json\` with 1,000 keys, on a fresh copy of the state (\`/usr/bin/time -v\`)"
  echo
  cat "$peak_md"
  echo
  echo "Exit codes: 0 all closed, 3 some key not found, 4 some session skipped. The CLI runs on the real clock and the FileCloser benchmarks on the generator's clock; in both, the generated transcript locks count as stale, so no session is skipped."
  echo
  cat bench/INTERPRETATION.md
  if [ -s "$gateway_section" ]; then echo; cat "$gateway_section"; fi
} >"$results"
log "wrote $results (load now $load_end; $SECONDS s)"

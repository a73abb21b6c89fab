#!/usr/bin/env bash
# Runs every check session-closer has: installs what the tests need (NuGet packages, Node 24 and the pinned real
# OpenClaw versions, all cached), builds with warnings as errors, checks formatting, publishes the Native AOT CLI
# (no fallback), runs every test project (tests/SessionCloser.Packaging among them: it runs eng/pack.sh and installs
# the npm, dotnet tool and skill packages it builds), and ends with one line: "N passed, N failed" (", N skipped"
# when any were skipped). A step that fails counts as one failure.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

failed_steps=0
step() { printf '\n== %s\n' "$1"; }
fail_step() { echo "FAILED: $1" >&2; failed_steps=$((failed_steps + 1)); }

step "Node 24 and the pinned OpenClaw versions"
if env_lines=$(eng/install-openclaw.sh); then
  while IFS='=' read -r name value; do
    [[ $name =~ ^[A-Z0-9_]+$ ]] && export "$name=$value"
  done <<<"$env_lines"
else
  fail_step "installing Node 24 / OpenClaw"
fi

step "restore and build (warnings are errors)"
if ! dotnet build SessionCloser.slnx -c Release --nologo -v quiet -clp:NoSummary; then
  fail_step "build"
fi

step "formatting"
if ! dotnet format SessionCloser.slnx --verify-no-changes --no-restore -v quiet; then
  fail_step "dotnet format (run: dotnet format SessionCloser.slnx)"
fi

step "Native AOT CLI (bin/ runs it, and so do the tests that run bin/)"
# The launcher's framework-dependent fallback is for users. Here the Native AOT publish must succeed without a single
# warning, and every test that runs bin/ must use this one build (they read the same SESSION_CLOSER_BUILD_DIR).
export SESSION_CLOSER_REQUIRE_NATIVE=1
export SESSION_CLOSER_BUILD_DIR="${SESSION_CLOSER_BUILD_DIR:-${SC_ARTIFACTS:+$SC_ARTIFACTS/test-cli}}"
export SESSION_CLOSER_BUILD_DIR="${SESSION_CLOSER_BUILD_DIR:-$root/.build/cli}"
cli="$SESSION_CLOSER_BUILD_DIR/session-closer"
rm -f "$SESSION_CLOSER_BUILD_DIR/build.failed" # try afresh each run: the toolchain may have changed since
if bin/session-closer --version >/dev/null; then
  touch "$results/cli-built"
else
  fail_step "Native AOT publish of the CLI (log: $SESSION_CLOSER_BUILD_DIR/build.log)"
fi

step "tests"
# Build output goes where Directory.Build.props puts it: $SC_ARTIFACTS when set, else artifacts/.
bin="${SC_ARTIFACTS:-$root/artifacts}/bin"
# Conformance first (it starts many real gateways); then GatewayTests, which mostly wait on real gateways (start-up,
# a stopped gateway's silence) rather than use the CPU, run beside the projects that start none. That keeps the suite
# within CI's budget on 2 cores. The side project's output is printed once it is done.
beside="SessionCloser.GatewayTests"
projects=()
for project in tests/*/; do
  name=$(basename "$project")
  grep -q '<OutputType>Exe</OutputType>' "$project$name.csproj" 2>/dev/null || continue # a library (Fixtures), not a test project
  projects+=("$name")
done
run_project() {
  local exe="$bin/$1/release/$1"
  [ -x "$exe" ] || { echo "FAILED: $1 was not built ($exe is missing)" >&2; return 0; }
  "$exe" -noColor -result-xml "$results/$1.xml" || true
}
for name in "${projects[@]}"; do [ "$name" = SessionCloser.Conformance ] && run_project "$name"; done
beside_pid=""
for name in "${projects[@]}"; do
  if [ "$name" = "$beside" ]; then
    run_project "$name" >"$results/$name.log" 2>&1 &
    beside_pid=$!
  fi
done
for name in "${projects[@]}"; do
  [ "$name" = SessionCloser.Conformance ] || [ "$name" = "$beside" ] || run_project "$name"
done
if [ -n "$beside_pid" ]; then
  wait "$beside_pid"
  cat "$results/$beside.log"
fi
for name in "${projects[@]}"; do
  [ -s "$results/$name.xml" ] || fail_step "$name produced no results (was it built?)"
done

if [ -f "$results/cli-built" ] && [ -n "$(find "$cli" -newer "$results/cli-built")" ]; then
  fail_step "the CLI was built again while the tests ran (they must share the build above)"
fi

# Sum the xunit reports; errors (a class that could not even run) count as failures.
read -r passed failed skipped < <(
  cat "$results"/*.xml 2>/dev/null | grep -o '<assembly [^>]*>' | awk '
    function attr(name,   m) { return match($0, name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0 : 0 }
    { p += attr("passed"); f += attr("failed") + attr("errors"); s += attr("skipped") + attr("not-run") }
    END { print p + 0, f + 0, s + 0 }')
failed=$((failed + failed_steps))

echo
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ] && [ "$passed" -gt 0 ]

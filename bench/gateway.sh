#!/usr/bin/env bash
# Closing N sessions through one gateway connection vs N `openclaw gateway call sessions.delete` processes, against
# a real OpenClaw gateway (2026.7.35 unless --version), both measured in the same run. Writes the gateway section of
# bench/RESULTS.md (between <!-- gateway-benchmark --> markers; the rest of the file is kept). Never part of ./test.sh.
# About 15 minutes on an idle 2-core machine with N=200 (one `openclaw gateway call` costs ~4 s); 37 min at load 6-18.
#
# Usage: bench/gateway.sh [--version V] [--session-closer-only] [N]     N sessions per side (default 200)
#   --session-closer-only  side A only (bench/run.sh): writes key=value lines to $SUMMARY instead of RESULTS.md,
#                          timing the close with $MEASURE (bench/floor/measure.c: wall, user+sys CPU, max RSS)
#
# Environment: SC_ARTIFACTS  build output (default /tmp/sc-art-bench)
#              RESULTS       the file whose gateway section is (re)written (default bench/RESULTS.md)
#
# Everything OpenClaw touches lives in a throwaway HOME + OPENCLAW_STATE_DIR under a temp dir (never ~/.openclaw);
# the gateway is started in its own process group and always stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
version="2026.7.35"
only_a=0
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --version) version="${2:-}"; shift 2 ;;
    --session-closer-only) only_a=1; shift ;;
    *) echo "bench/gateway.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
readonly version only_a
readonly agent="project-lead"
n="${1:-200}"
[[ "$n" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "usage: bench/gateway.sh [--version V] [--session-closer-only] [N]  (N sessions per side, 1-9999)" >&2; exit 2; }
[ "$only_a" = 0 ] || { [ -x "${MEASURE:-}" ] && [ -n "${SUMMARY:-}" ]; } || { echo "bench/gateway.sh: --session-closer-only needs MEASURE and SUMMARY" >&2; exit 2; }
export SC_ARTIFACTS="${SC_ARTIFACTS:-/tmp/sc-art-bench}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="${RESULTS:-$root/bench/RESULTS.md}"

log() { printf '[gateway-bench] %s\n' "$*" >&2; }
die() { printf '[gateway-bench] error: %s\n' "$*" >&2; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ns() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'; }
for tool in jq curl setsid ss; do command -v "$tool" >/dev/null || die "$tool not found"; done

# ---- what it needs ---------------------------------------------------------------------------------------------------
log "installing (or reusing) Node 24 and OpenClaw $version"
eval "$(eng/install-openclaw.sh "$version" | sed 's/^/export /')"
log "building the bench program (Release) and the CLI"
if [ "${SC_BENCH_BUILT:-0}" != 1 ]; then # bench/run.sh has built both already
  dotnet build bench/SessionCloser.Benchmarks -c Release --nologo -v quiet -clp:NoSummary
  bin/session-closer --help >/dev/null
fi
bench=(dotnet "$SC_ARTIFACTS/bin/SessionCloser.Benchmarks/release/SessionCloser.Benchmarks.dll")

# ---- sandbox and gateway ---------------------------------------------------------------------------------------------
t=$(mktemp -d "${TMPDIR:-/tmp}/sc-gateway-bench.XXXXXX")
[[ "$t" =~ ^[A-Za-z0-9_./-]+$ ]] || die "temp dir $t has characters this script does not put into JSON"
mkdir -p "$t/home" "$t/state" "$t/tmp" "$t/calls"
state="$t/state"
sessions_dir="$state/agents/$agent/sessions"
tmp_openclaw_existed=$([ -d /tmp/openclaw ] && echo yes || echo no)
gw_pid=""
cleanup() {
  local code=$?
  if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
    log "stopping the gateway (process group $gw_pid)"
    kill -TERM -- "-$gw_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$gw_pid" 2>/dev/null || true
  fi
  # 7.35 also writes to the hard-coded /tmp/openclaw: remove it only if this run made it and nobody uses it now.
  [ "$tmp_openclaw_existed" = no ] && rmdir /tmp/openclaw 2>/dev/null || true
  if [ "$code" -eq 0 ]; then rm -rf -- "$t"; else log "kept $t for inspection (gateway log: $t/gw.log)"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every OpenClaw and session-closer process sees only the sandbox (no gateway settings from the caller's env).
sandbox_env=(env -u OPENCLAW_GATEWAY_URL -u OPENCLAW_GATEWAY_PORT -u OPENCLAW_GATEWAY_TOKEN -u OPENCLAW_GATEWAY_PASSWORD
  -u OPENCLAW_CONFIG_PATH -u OPENCLAW_HOME HOME="$t/home" OPENCLAW_STATE_DIR="$state" TMPDIR="$t/tmp")
sandboxed() { "${sandbox_env[@]}" "$@"; }

port=""
for _ in $(seq 50); do
  p=$(shuf -i 20000-59999 -n 1)
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || die "found no free loopback port"
token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
url="ws://127.0.0.1:$port"
cat >"$state/openclaw.json" <<EOF
{
  "agents": { "defaults": { "heartbeat": { "every": "0m" } },
              "list": [ { "id": "main", "default": true }, { "id": "$agent" } ] },
  "gateway": { "mode": "local", "bind": "loopback", "port": $port,
               "auth": { "mode": "token", "token": "$token" } },
  "discovery": { "mdns": { "mode": "off" } },
  "update": { "checkOnStart": false },
  "logging": { "file": "$t/openclaw.log" }
}
EOF

load_start=$(load)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SECONDS=0
log "starting the OpenClaw $version gateway on 127.0.0.1:$port (sandbox $t; load $load_start)"
gw_started=$(now_ns)
# setsid (not a group leader here, so it does not fork) → bash → env → eng/openclaw → node all exec: $! is the gateway.
setsid bash -c 'exec "$@" >"$0" 2>&1 </dev/null' "$t/gw.log" \
  "${sandbox_env[@]}" eng/openclaw "$version" gateway run --bind loopback --port "$port" &
gw_pid=$!
until curl -s --max-time 2 "http://127.0.0.1:$port/healthz" | grep -q '"ok":true'; do
  kill -0 "$gw_pid" 2>/dev/null || { cat "$t/gw.log" >&2; die "the gateway exited before it was ready"; }
  [ "$(seconds_since "$gw_started" | cut -d. -f1)" -lt 90 ] || { cat "$t/gw.log" >&2; die "the gateway was not ready after 90 s"; }
  sleep 0.2
done
gw_ready=$(seconds_since "$gw_started")
listener() { ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | sort -u | cut -d= -f2 | tr '\n' ' ' | sed 's/ $//'; }
pid_before=$(listener)
[ "$(ps -o pgid= -p "$gw_pid" | tr -d ' ')" = "$gw_pid" ] || die "the gateway (pid $gw_pid) does not lead its own process group"
[ "$pid_before" = "$gw_pid" ] || die "port $port is served by pid '$pid_before', not the gateway we started ($gw_pid)"
log "gateway ready in $gw_ready s, pid $gw_pid"

# ---- helpers -------------------------------------------------------------------------------------------------------
create() { # create SIDE: N sessions through one connection; $t/SIDE.tsv holds "key TAB sessionId"
  "${bench[@]}" create-sessions "$url" "$token" "agent:$agent:bench-$1" "$n" >"$t/$1.tsv"
  [ "$(wc -l <"$t/$1.tsv")" -eq "$n" ] || die "side $1: expected $n created sessions"
  mapfile -t keys < <(cut -f1 "$t/$1.tsv")
}
verify_gone() { # verify_gone SIDE: not listed by the gateway, transcripts archived as <sid>.jsonl.deleted.<stamp>
  local listed archives=0 sid
  listed=$("${bench[@]}" list-keys "$url" "$token" "agent:$agent:bench-$1-" | wc -l)
  [ "$listed" -eq 0 ] || die "side $1: the gateway still lists $listed of the sessions"
  while IFS=$'\t' read -r _ sid; do
    [ ! -e "$sessions_dir/$sid.jsonl" ] || die "side $1: $sid.jsonl was not archived"
    compgen -G "$sessions_dir/$sid.jsonl.deleted.*" >/dev/null && archives=$((archives + 1))
  done <"$t/$1.tsv"
  [ "$archives" -eq "$n" ] || die "side $1: $archives of $n transcripts archived as .deleted.<stamp>"
  log "side $1: the gateway lists none of them; $archives archives on disk"
}

# ---- side A: bin/close-project-batch (session-closer through one gateway connection) ----------------------------------
log "side A: $n × sessions.create, then bin/close-project-batch --agent $agent --json <$n keys>"
create a
load_a=$(load)
if [ "$only_a" = 1 ]; then
  # wait4's rusage: session-closer's own CPU (launcher included) next to the close's wall time.
  read -r wall_ms user_ms sys_ms rss_kb code_a < <("$MEASURE" "$t/a.json" "$t/a.err" "${sandbox_env[@]}" bin/close-project-batch --agent "$agent" --json "${keys[@]}")
  wall_a=$(awk -v w="$wall_ms" 'BEGIN { printf "%.3f", w / 1000 }')
else
  s=$(now_ns)
  set +e
  sandboxed bin/close-project-batch --agent "$agent" --json "${keys[@]}" >"$t/a.json" 2>"$t/a.err"
  code_a=$?
  set -e
  wall_a=$(seconds_since "$s")
fi
[ "$code_a" -eq 0 ] || { cat "$t/a.err" >&2; die "side A: close-project-batch exited $code_a"; }
backend=$(jq -r .backend "$t/a.json")
closed_a=$(jq '[.results[] | select(.status == "closed")] | length' "$t/a.json")
[ "$backend" = gateway ] || die "side A: backend was '$backend', not gateway ($(jq -c .route "$t/a.json"))"
[ "$closed_a" -eq "$n" ] || die "side A: $closed_a of $n closed"
verify_gone a

if [ "$only_a" = 1 ]; then
  [ "$(listener)" = "$gw_pid" ] || die "the gateway's pid changed during the close"
  { echo "gw_version=$version"; echo "gw_sessions=$n"; echo "gw_closed=$closed_a"; echo "gw_wall_ms=$wall_ms"
    echo "gw_cpu_ms=$(awk -v u="$user_ms" -v s="$sys_ms" 'BEGIN { print u + s }')"; echo "gw_rss_kb=$rss_kb"
    echo "gw_share=$(awk -v u="$user_ms" -v s="$sys_ms" -v w="$wall_ms" 'BEGIN { printf "%.2f", 100 * (u + s) / w }')"
    echo "gw_ready=$gw_ready"; echo "gw_load='$load_a'"; } >"$SUMMARY"
  log "side A: $closed_a closed in $wall_a s, session-closer CPU $user_ms + $sys_ms ms"
  exit 0
fi

# ---- side A': the raw client loop (the library alone, no CLI) ---------------------------------------------------------
log "side A': $n × sessions.create, then the bench program's delete loop (one connection)"
create raw
s=$(now_ns)
raw_line=$("${bench[@]}" delete-sessions "$url" "$token" "${keys[@]}")
wall_raw=$(seconds_since "$s")
verify_gone raw

# ---- side B: N × `openclaw gateway call sessions.delete` ---------------------------------------------------------------
log "side B: $n × sessions.create, then $n × openclaw gateway call sessions.delete (~4 s each)"
create b
params=()
for key in "${keys[@]}"; do params+=("$(jq -nc --arg key "$key" '{key: $key, deleteTranscript: true}')"); done
load_b=$(load)
: >"$t/b-times.txt"
s=$(now_ns)
for i in "${!keys[@]}"; do
  c=$(now_ns)
  sandboxed eng/openclaw "$version" gateway call sessions.delete --params "${params[$i]}" --url "$url" --token "$token" --json \
    >"$t/calls/$i.json" 2>"$t/calls/$i.err" || { cat "$t/calls/$i.err" >&2; die "side B: call $i (${keys[$i]}) failed"; }
  seconds_since "$c" >>"$t/b-times.txt"
  [ $((i % 20)) -ne 19 ] || log "side B: $((i + 1)) of $n calls ($(seconds_since "$s") s)"
done
wall_b=$(seconds_since "$s")
log "for comparison: 3 × openclaw gateway call health (a call that does no session work)"
: >"$t/health-times.txt"
for i in 1 2 3; do
  c=$(now_ns)
  sandboxed eng/openclaw "$version" gateway call health --url "$url" --token "$token" --json >"$t/health-$i.json" 2>&1 \
    || { cat "$t/health-$i.json" >&2; die "gateway call health failed"; }
  seconds_since "$c" >>"$t/health-times.txt"
done
deleted_b=0
for i in "${!keys[@]}"; do
  jq -e --arg key "${keys[$i]}" '.deleted == true and .key == $key' "$t/calls/$i.json" >/dev/null && deleted_b=$((deleted_b + 1))
done
[ "$deleted_b" -eq "$n" ] || die "side B: $deleted_b of $n calls said deleted:true"
verify_gone b

# ---- the gateway is still the same process ----------------------------------------------------------------------------
pid_after=$(listener)
[ "$pid_after" = "$gw_pid" ] || die "the gateway's pid changed: $pid_before before, '$pid_after' after"
load_end=$(load)
log "done in $SECONDS s; load $load_end"

# ---- the section in RESULTS.md -------------------------------------------------------------------------------------
stats() { sort -n "$1" | awk '{a[NR] = $1; s += $1} END {printf "mean %.2f s, min %.2f, median %.2f, max %.2f", s / NR, a[1], a[int((NR + 1) / 2)], a[NR]}'; }
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { printf f, a / b }'; }
section="$t/section.md"
{
  echo "<!-- gateway-benchmark -->"
  echo "## Closing through the gateway: one connection vs \`openclaw gateway call\` per session"
  echo
  echo "Generated by \`bench/gateway.sh $n\` on $started ($(( SECONDS / 60 )) min $(( SECONDS % 60 )) s), commit \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- src bench ':!bench/RESULTS.md' || echo ' + uncommitted changes'), against a real OpenClaw $version gateway (\`gateway run --bind loopback\`, token auth, fresh state dir, ready in $gw_ready s). Each side closes $n sessions of agent \`$agent\` that the gateway made itself (\`sessions.create\`, one connection, not timed); both sides ran in this one run against the same gateway (pid $pid_before before, $pid_after after)."
  echo
  echo "| side | what is timed | wall time | per session | load at its start |"
  echo "|---|---|---:|---:|---|"
  echo "| **A** | \`bin/close-project-batch --agent $agent --json <$n keys>\` (one process, one connection; exit $code_a, \`\"backend\":\"gateway\"\`, $closed_a closed) | **$wall_a s** | $(div "$wall_a" "$n" '%.3f s') | $load_a |"
  echo "| A' | the raw client loop: \`GatewayClient\` → $n × \`sessions.delete\`, awaited one by one (bench program, incl. .NET start-up) — $raw_line | $wall_raw s | $(div "$wall_raw" "$n" '%.3f s') | |"
  echo "| **B** | $n × \`openclaw gateway call sessions.delete --params '{\"key\":…,\"deleteTranscript\":true}' --url … --token … --json\`, one after another ($deleted_b said \`deleted: true\`) | **$wall_b s** | $(div "$wall_b" "$n" '%.3f s') ($(stats "$t/b-times.txt")) | $load_b |"
  echo "| | for comparison: 3 × \`openclaw gateway call health --url … --token … --json\` (no session work) | | $(stats "$t/health-times.txt") | |"
  echo
  echo "**Ratio B / A = $(div "$wall_b" "$wall_a" '%.1f')×** (B / A' = $(div "$wall_b" "$wall_raw" '%.1f')×)."
  echo
  echo "After each side the gateway's \`sessions.list\` (active and archived) held none of its keys and every transcript was on disk as \`<sid>.jsonl.deleted.<stamp>\`."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $(uname -sr); $(sandboxed eng/openclaw "$version" --version), Node $("$SESSION_CLOSER_NODE" --version), session-closer $(bin/session-closer --version) (Native AOT), .NET SDK $(dotnet --version)."
  echo "Load average (1/5/15 min): $load_start at the start, $load_end at the end. The 2 cores are shared with other engineers' builds and tests, so both sides ran on a busy machine; the ratio is taken within one run for that reason."
  echo
  cat bench/INTERPRETATION-gateway.md
  echo "<!-- /gateway-benchmark -->"
} >"$section"

if [ -f "$results" ] && grep -qx '<!-- gateway-benchmark -->' "$results"; then
  awk -v sec="$section" '
    $0 == "<!-- gateway-benchmark -->" { while ((getline line < sec) > 0) print line; skip = 1; next }
    $0 == "<!-- /gateway-benchmark -->" { skip = 0; next }
    !skip' "$results" >"$t/results.md"
else
  { [ -f "$results" ] && cat "$results" && echo; cat "$section"; } >"$t/results.md"
fi
cp "$t/results.md" "$results"
log "wrote the gateway section of $results: A $wall_a s, A' $wall_raw s, B $wall_b s, B/A $(div "$wall_b" "$wall_a" '%.1f')×"

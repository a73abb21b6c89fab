#!/usr/bin/env bash
# The benchmark of issue 13, one command: installs what it needs (Node 24 + the pinned OpenClaw versions through
# eng/install-openclaw.sh, cached), compiles the floor programs (bench/floor/*.c), generates and caches the bench
# states (both shapes), builds the Native AOT CLI, runs every scenario as whole processes next to its floor in the
# same run, and rewrites bench/RESULTS.md. Never part of ./test.sh. Fails (non-zero) when any run's result is wrong.
#
# Usage: bench/run.sh [--quick] [--micro] [--no-gateway] [--runs N] [--gateway-sessions N] [--report-only]
#   --quick       developers: 1 run each, the 10,000-entry states only, a 10-session gateway close; writes
#                 $SC_ARTIFACTS/bench-run/RESULTS.md and leaves bench/RESULTS.md alone
#   --micro       also run the BenchmarkDotNet micro-benchmarks (engine internals; ~10 more minutes); opt-in because
#                 the whole-process suite alone takes most of the 15 minutes on 2 cores
# Time (2 idle cores, the default 5 runs): ~14 min with the states cached, of which the two keep-only scenarios are ~6;
# a fresh clone and machine (no states, builds, Node or OpenClaw) adds ~3 min: the install, both builds and the
# generation run at once, ~5.5 min of CPU in all (the two -large states are made from the others' files). Each
# scenario logs its untimed CPU (restores and checks: ~10 s a keep-only run of 100,000 entries, ~2 s a close run).
#   --no-gateway  skip the close through a real OpenClaw gateway
#   --runs N      timed runs per scenario and side (default 5; the median and min-max are reported)
#   --gateway-sessions N  sessions closed through the gateway (default 100; --quick: 10)
#   --report-only rewrite the report from the last run's files (e.g. a run stopped before its end: the scenarios it
#                 finished are reported, with the number of runs each completed)
#
# Environment: SC_ARTIFACTS             build output and run files (default /tmp/sc-art-bench)
#              SESSION_CLOSER_BUILD_DIR where bin/session-closer builds the CLI (its default: .build/cli)
#              SC_BENCH_CACHE           generated states (default $TMPDIR/session-closer-bench; ~2 GB, reused)
#              SC_BENCH_OUT             the run's files (default $SC_ARTIFACTS/bench-run; emptied at the start)
#              RESULTS                  the report to write (default bench/RESULTS.md; --quick: under bench-run/)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
readonly oc_list_version="2026.7.35" gateway_version="2026.9.6" agent="project-lead"

runs=5 quick=0 micro=0 gateway=1 report_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --micro) micro=1 ;;
    --no-gateway) gateway=0 ;;
    --report-only) report_only=1 ;;
    --gateway-sessions) [[ "${2:-}" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "bench/run.sh: --gateway-sessions needs 1-9999" >&2; exit 2; }; gateway_sessions_arg=$2; shift ;;
    --runs) [[ "${2:-}" =~ ^[1-9][0-9]?$ ]] || { echo "bench/run.sh: --runs needs 1-99" >&2; exit 2; }; runs=$2; shift ;;
    -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "$quick" = 1 ] && runs=1
startup_runs=$(( quick ? 5 : 21 ))
gateway_sessions=${gateway_sessions_arg:-$(( quick ? 10 : 100 ))}

export SC_ARTIFACTS="${SC_ARTIFACTS:-/tmp/sc-art-bench}"
export SC_BENCH_CACHE="${SC_BENCH_CACHE:-${TMPDIR:-/tmp}/session-closer-bench}" # as BenchState's default; fixed before TMPDIR changes
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="${SC_BENCH_OUT:-$SC_ARTIFACTS/bench-run}"
results="${RESULTS:-$([ "$quick" = 1 ] && echo "$out/RESULTS.md" || echo "$root/bench/RESULTS.md")}"
cli_exe="${SESSION_CLOSER_BUILD_DIR:-$root/.build/cli}/session-closer"
gateway_summary="$out/gateway-summary.txt"

log() { printf '[bench %s] %s\n' "$(date -u +%T)" "$*" >&2; }
die() { printf '[bench] FAILED: %s\n' "$*" >&2; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
for tool in gcc sort awk dotnet flock cp xargs nice grep; do command -v "$tool" >/dev/null || die "$tool not found"; done

if [ "$report_only" = 0 ]; then
  rm -rf "$out" && mkdir -p "$out/home" "$out/tmp" "$out/runs"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$out/started"
  load >"$out/load-start"
  echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench ':!bench/RESULTS.md' || echo ' + uncommitted changes')" >"$out/commit"
fi
[ -s "$out/runs.tsv" ] || [ "$report_only" = 0 ] || die "no runs in $out to report on"
started=$(cat "$out/started" 2>/dev/null || date -u -r "$out/openclaw.env" +%Y-%m-%dT%H:%M:%SZ)
load_start=$(cat "$out/load-start" 2>/dev/null || echo "not recorded")
SECONDS=0
log "output in $out; load $(load)"
cache=$SC_BENCH_CACHE
home_of() { awk -v s="$1:" '$1 == s { sub(/.*, state dir /, ""); sub(/\/work$/, ""); print }' "$out/states.txt"; } # BenchState's home
if [ "$report_only" = 0 ]; then

# ---- what it needs (all cached after the first run) -------------------------------------------------------------------
# Everything up to the scenarios runs at once: nothing is timed yet, and on a fresh machine each part alone leaves a
# core idle (the install waits on the network, the AOT link is mostly one core, a generation is one core). Node and
# OpenClaw install in the background (cold: ~1.5 min, ~70 s of CPU unpacking ~1 GB of packages): only the scenarios'
# OpenClaw runs and the gateway need them. It and the CLI build run niced: the bench build and then the generation are
# the longest chain (cold: ~2.5 min of CPU), so they get the cores first and the other two fill the gaps.
log "Node 24 and OpenClaw $oc_list_version + $gateway_version (eng/install-openclaw.sh, cached), in the background"
nice -n 5 eng/install-openclaw.sh "$oc_list_version" "$gateway_version" >"$out/openclaw.env" 2>"$out/install-openclaw.log" &
install=$!
installed() {
  wait "$install" || { cat "$out/install-openclaw.log" >&2; die "eng/install-openclaw.sh failed"; }
  set -a; . "$out/openclaw.env"; set +a
}
cli_build=
trap 'wait $install $cli_build 2>/dev/null || true' EXIT # a failure exits with nothing of it left running

log "compiling the floor programs (bench/floor/*.c)"
for c in bench/floor/*.c; do
  gcc -O2 -Wall -Wextra -Werror -Wno-format-truncation -o "$out/$(basename "$c" .c)" "$c"
done
floor="$out/floor" measure="$out/measure"

# The CLI and the bench program build at once (each into its own artifacts dir; the AOT link is mostly one core), and
# the states generate while the CLI still builds. bin/session-closer decides whether to rebuild by .build/sources.stamp,
# which a build of src/ touches: touching it here makes it check the sources now (one find under its lock), as the
# bench build before it used to; a second call after both builds settles the stamp that build may touch later, so no
# timed call takes that slow path.
log "building the Native AOT CLI (bin/session-closer builds it on first use, ~1-2 min) and, meanwhile, the bench program"
mkdir -p .build && touch .build/sources.stamp
nice -n 5 bin/session-closer --version >"$out/version.txt" 2>"$out/build-cli.log" &
cli_build=$!
cli_built() { wait "$cli_build" || { cat "$out/build-cli.log" >&2; die "the CLI did not build"; }; }
bench=(dotnet "$SC_ARTIFACTS/bin/SessionCloser.Benchmarks/release/SessionCloser.Benchmarks.dll")
# A no-op dotnet build still costs 20-40 s on 2 cores: skip it when the bench program is newer than every file it is
# built from (its sources, the Fixtures' and src/'s, the props and targets, global.json; a checkout or edit touches them).
bench_dll=${bench[1]}
if [ -f "$bench_dll" ] && [ -z "$(find bench/SessionCloser.Benchmarks tests/SessionCloser.Fixtures src Directory.Build.props \
    Directory.Packages.props global.json \( -name bin -o -name obj \) -prune -o -newer "$bench_dll" -type f -print -quit 2>/dev/null)" ]; then
  echo "up to date: $bench_dll is newer than its sources" >"$out/build-bench.log"
else
  dotnet build bench/SessionCloser.Benchmarks -c Release --nologo -v quiet -clp:NoSummary >"$out/build-bench.log" 2>&1 ||
    { cat "$out/build-bench.log" >&2; die "building bench/SessionCloser.Benchmarks failed"; }
fi

if [ "$quick" = 1 ]; then states=(10k 10k-large); else states=(10k 10k-large 100k 100k-large); fi
log "generating (or reusing) the states ${states[*]}, two at a time (cold: ~1.5 min of CPU for all four)"
"${bench[@]}" generate "${states[@]}" >"$out/states.txt" 2>"$out/generate.log" || { cat "$out/generate.log" >&2; die "generate failed"; }
cat "$out/generate.log" >&2

log "waiting for the CLI build"
cli_built
bin/session-closer --version >/dev/null 2>>"$out/build-cli.log" || { cat "$out/build-cli.log" >&2; die "the CLI did not run"; }
[ -x "$cli_exe" ] || die "no CLI at $cli_exe (set SESSION_CLOSER_BUILD_DIR the way bin/session-closer sees it)"
cli_kind=$(cat "$(dirname "$cli_exe")/build-kind" 2>/dev/null || echo unknown)
[ "$cli_kind" = native ] || log "warning: the CLI is a $cli_kind build, not Native AOT"
log "waiting for the install of Node and OpenClaw"
installed
else
  set -a; . "$out/openclaw.env"; set +a
  mapfile -t states < <(cut -d: -f1 "$out/states.txt")
  cli_kind=$(cat "$(dirname "$cli_exe")/build-kind" 2>/dev/null || echo unknown)
fi

# From here on every command runs in a sandbox: no OpenClaw or gateway settings from the caller, a throwaway HOME.
for v in $(env | grep -oE '^OPENCLAW_[A-Z_]+'); do unset "$v"; done
export HOME="$out/home" TMPDIR="$out/tmp"

# ---- fresh state for every run ----------------------------------------------------------------------------------------
# The store's sessionFile paths are absolute, so each state runs where it was generated (<home>/work) and is put back
# to <home>/pristine before every timed run, untimed. snap (bench/floor/state-snap.c) lists every entry with its type,
# size, mtime and mode (directories by name only: their mtime changes with their entries), sorted; restore makes work's
# list equal pristine's: state-snap renames archived files (<path>.deleted.<stamp>, same inode, type, size, mtime and
# mode as <path> in pristine's list) back and lists what else differs; that is removed and copied back from pristine
# with cp -a (the rewritten store); with "verify" it then checks work against pristine's list (the first run of each
# scenario and the end of each scenario). After a floor run only the store and the floor's own renames changed:
# floor_restore puts back exactly those, and the first run checks that too.
# A state check_clean found as pristine stays so until the next timed run (timed forgets them all): restore of a state
# still known clean has nothing to do (the next scenario on the state of the last starts without three more snaps).
snap() { "$out/state-snap" snap "$1"; }
declare -A known_clean=()
check_clean() { # check_clean STATE
  local h; h=$(home_of "$1")
  snap "$h/work" | cmp -s - "$out/snap-$1" || die "the state $1 at $h/work differs from $h/pristine after a restore"
  known_clean[$1]=1
}
restore() { # restore STATE [ARCHIVED_OUT] [verify]: ARCHIVED_OUT gets the absolute paths of the files the last run archived
  local h w p s
  h=$(home_of "$1"); w="$h/work"; p="$h/pristine"; s="$out/snap-$1"
  if [ -n "${known_clean[$1]:-}" ] && [ -z "${2:-}" ]; then return 0; fi
  [ -f "$s" ] || snap "$p" >"$s"
  rm -f "$h/work.clean" # BenchState's marker for the micro-benchmarks: work is no longer as generated
  "$out/state-snap" restore "$w" "$s" "$out/restore" >/dev/null
  # Children before parents; the same path may be in rm and cp (a rewritten file).
  LC_ALL=C sort -r "$out/restore.rm" | sed "s|^|$w/|" | xargs -r -d '\n' rm -rf --
  if [ -s "$out/restore.cp" ]; then (cd "$p" && xargs -r -d '\n' cp -a --parents -t "$w" -- <"$out/restore.cp"); fi
  if [ "${3:-}" = verify ]; then check_clean "$1"; fi
  if [ -n "${2:-}" ]; then mv "$out/restore.archived" "$2"; fi
  rm -f "$out/restore.rm" "$out/restore.cp" "$out/restore.archived"
}
floor_restore() { # floor_restore STATE RENAMES STAMP: undo a floor close run
  local h; h=$(home_of "$1")
  awk -v stamp="$3" '{ print $0 ".deleted." stamp "\t" $0 }' "$2" >"$out/back"
  "$out/rename-pairs" "$out/back" >/dev/null
  cp -a "$h/pristine/agents/$agent/sessions/sessions.json" "$h/work/agents/$agent/sessions/sessions.json"
  rm -f "$out/back"
}
# fields FILE PATH...: one line per PATH (summary.closedKeys; sessions.length), after checking that FILE is one valid
# JSON document (bench/floor/json-fields.c: a single streaming pass, ~0.3 s of CPU for the ~100 MB a keep-only or list
# of 100,000 entries prints, where Node's JSON.parse took 5-6 s and 400 MB a call). Exit 1 when FILE is not valid JSON.
fields() { "$out/json-fields" "$@"; }
# json FILE EXPR: EXPR (JavaScript, the document is j) over a JSON file, for the messages of failed runs only. Node's
# JSON.parse, not jq: keys and labels may hold lone surrogates (\ud83d), which OpenClaw writes and jq refuses.
json() { "$SESSION_CLOSER_NODE" -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(eval(process.argv[2]))' "$1" "$2"; }
store_of() { echo "$(home_of "$1")/work/agents/$agent/sessions/sessions.json"; }
entries_in() { grep -c '^  "' "$1"; } # top-level keys of JSON.stringify(store, null, 2)

# ---- timing -----------------------------------------------------------------------------------------------------------
# timed ID SIDE CMD...: one run through the measure program (wall, user+sys CPU, max RSS from wait4, as /usr/bin/time
# -v reports them); stdout/stderr kept as $out/runs/ID.SIDE.N.{out,err}; appends "ID SIDE wall user sys rss code" to
# $out/runs.tsv and sets $code and $run_out.
timed_wall_ms=0 timed_cpu_ms=0
timed() {
  local id=$1 side=$2 n line
  shift 2
  known_clean=()
  n=$(grep -c "^$id $side " "$out/runs.tsv" 2>/dev/null || true)
  run_out="$out/runs/$id.$side.$n.out"
  line=$("$measure" "$run_out" "$out/runs/$id.$side.$n.err" "$@")
  code=${line##* }
  echo "$id $side $line" >>"$out/runs.tsv"
  read -r w u sy _ <<<"$line"
  timed_wall_ms=$(( timed_wall_ms + ${w%.*} )) timed_cpu_ms=$(( timed_cpu_ms + ${u%.*} + ${sy%.*} ))
}
# cpu_now: user + sys CPU of this script and every process it ran and waited for, in ms (times, in this shell: a
# subshell's times start from zero)
cpu_ms() { times >"$out/times"; cpu_now=$(awk '{ for (i = 1; i <= NF; i++) { split($i, t, /[ms]/); ms += (t[1] * 60 + t[2]) * 1000 } } END { printf "%d\n", ms }' "$out/times"); }
# phase_start / phase_end ID: logs how long a scenario took, how much of it the timed runs were (wall) and the CPU the
# benchmark's own untimed work took (restores, checks): what to cut when the whole command gets slow.
phase_start() { cpu_ms; phase_t0=$SECONDS phase_wall0=$timed_wall_ms phase_cpu0=$(( cpu_now - timed_cpu_ms )); }
phase_end() {
  cpu_ms
  log "$1: $(( SECONDS - phase_t0 )) s, of which timed runs $(( (timed_wall_ms - phase_wall0) / 1000 )) s wall; untimed work $(awk -v c=$(( cpu_now - timed_cpu_ms - phase_cpu0 )) 'BEGIN { printf "%.1f", c / 1000 }') s CPU"
}
# stats ID SIDE COLUMN: "median min max" of a column (3 wall ms, 4 user ms, 5 sys ms, 6 max RSS KB, 7 = user+sys)
stats() {
  awk -v id="$1" -v side="$2" -v c="$3" '$1 == id && $2 == side { print (c == 7 ? $4 + $5 : $c) }' "$out/runs.tsv" | sort -g |
    awk '{ v[++n] = $1 } END { if (!n) { print "nan nan nan 0"; exit } printf "%s %s %s %d\n", (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[1], v[n], n }'
}
fail_run() { echo "--- stdout:" >&2; head -c 2000 "$run_out" >&2; echo "--- stderr:" >&2; head -c 4000 "${run_out%.out}.err" >&2; die "$1"; }

# ---- the close scenarios: session-closer next to the floor, interleaved -----------------------------------------------
declare -A store_bytes entries
scenario_ids=()
close_scenario() { # close_scenario ID STATE KIND(close|keep-only) COUNT
  local id=$1 state=$2 kind=$3 count=$4 what dir store keys renames before after i closed archived skipped kept expected_kept
  scenario_ids+=("$id")
  dir="$(home_of "$state")/work"; store=$(store_of "$state")
  # The keys generate picked from the pristine store (FileCloserBenchmarks.PickKeys, the same ones every run), cached
  # beside it; copied here so the run's files say what it closed.
  cp "$(home_of "$state")/pristine.keys-$count.txt" "$out/keys-$state-$count.txt"
  mapfile -t keys <"$out/keys-$state-$count.txt"
  [ "${#keys[@]}" -eq "$count" ] || die "$id: picked ${#keys[@]} keys, not $count"
  renames="$out/renames-$id.txt"
  case "$kind:$count" in close:1) what=close-project ;; close:*) what=close-project-batch ;; *) what="keep-only-sessions --yes" ;; esac
  echo "bin/$what --state-dir <work> --json <$count keys>" >"$out/cmd-$id"
  log "$id: $runs × (fresh state, session-closer; fresh state, floor); load $(load)"
  phase_start
  restore "$state" "" verify
  for i in $(seq "$runs"); do
    before=${entries[$state]}
    case "$kind" in
      close) [ "$count" -eq 1 ] && cmd=(bin/close-project) || cmd=(bin/close-project-batch)
             timed "$id" sc "${cmd[@]}" --state-dir "$dir" --json "${keys[@]}" ;;
      keep-only) cmd=(bin/keep-only-sessions)
             timed "$id" sc "${cmd[@]}" --state-dir "$dir" --json --yes "${keys[@]}" ;;
    esac
    [ "$code" -eq 0 ] || fail_run "$id run $i: ${cmd[*]} exited $code"
    # One pass over the output: it is valid JSON, its backend, its summary.
    mapfile -t got < <(fields "$run_out" backend summary.closedKeys summary.archivedFiles summary.skipped summary.kept) && [ "${#got[@]}" -eq 5 ] ||
      fail_run "$id run $i: the output is not valid JSON"
    [ "${got[0]}" = files ] || fail_run "$id run $i: backend $(json "$run_out" 'JSON.stringify([j.backend, j.route])'), not files"
    closed=${got[1]} archived=${got[2]} skipped=${got[3]} kept=${got[4]}
    after=$(entries_in "$store")
    # close: exactly the keys given; keep-only: everything but the two kept and the main session
    if [ "$kind" = close ]; then expected_kept=0; else expected_kept=$(( count + 1 )); fi
    [ "$kind" = keep-only ] || [ "$closed" -eq "$count" ] || fail_run "$id run $i: $closed keys closed, expected $count"
    [ "$closed" -gt 0 ] && [ "$skipped" -eq 0 ] && [ "$kept" -eq "$expected_kept" ] || fail_run "$id run $i: closed $closed, skipped $skipped, kept $kept (expected $expected_kept)"
    [ "$after" -eq $(( before - closed )) ] || fail_run "$id run $i: the store has $after entries, expected $before - $closed"
    # The files it archived, read off the disk by restore; the floor renames the same ones.
    restore "$state" "$out/archived-now.txt" "$([ "$i" -eq 1 ] && echo verify)"
    [ "$(wc -l <"$out/archived-now.txt")" -eq "$archived" ] || fail_run "$id run $i: summary says $archived archived files, the disk shows $(wc -l <"$out/archived-now.txt")"
    if [ "$i" -eq 1 ]; then mv "$out/archived-now.txt" "$renames"; echo "$closed $archived" >"$out/counts-$id"
    else cmp -s "$out/archived-now.txt" "$renames" || die "$id run $i archived other files than run 1"; fi
    timed "$id" floor "$floor" close "$store" "$renames"
    [ "$code" -eq 0 ] || fail_run "$id run $i: the floor exited $code"
    grep -q "^renamed $archived " "$run_out" || fail_run "$id run $i: the floor did not rename $archived files"
    floor_restore "$state" "$renames" "$(sed -E 's/.* stamp ([^ ]+).*/\1/' "$run_out")"
    if [ "$i" -eq 1 ]; then check_clean "$state"; fi
  done
  check_clean "$state"
  phase_end "$id"
}

list_scenario() { # list_scenario ID STATE: list --json vs reading the store and stat-ing every transcript
  local id=$1 state=$2 dir store i rows
  scenario_ids+=("$id")
  dir="$(home_of "$state")/work"; store=$(store_of "$state")
  log "$id: $runs × (session-closer list --json; floor list); load $(load)"
  phase_start
  restore "$state" "" verify
  for i in $(seq "$runs"); do
    timed "$id" sc bin/session-closer list --state-dir "$dir" --agent "$agent" --json
    [ "$code" -eq 0 ] || fail_run "$id run $i: list exited $code"
    rows=$(fields "$run_out" sessions.length) || fail_run "$id run $i: list --json printed no valid JSON"
    [ "$rows" -eq "${entries[$state]}" ] || fail_run "$id run $i: list --json gave $rows rows, the store has ${entries[$state]} entries"
    timed "$id" floor "$floor" list "$store"
    [ "$code" -eq 0 ] && grep -q '^stat [1-9]' "$run_out" || fail_run "$id run $i: the floor failed"
  done
  check_clean "$state" # list only reads: fails if anything changed
  echo "bin/session-closer list --state-dir <work> --agent $agent --json" >"$out/cmd-$id"
  echo "$rows" >"$out/counts-$id"
  phase_end "$id"
}

for state in "${states[@]}"; do
  store_bytes[$state]=$(stat -c %s "$(home_of "$state")/pristine/agents/$agent/sessions/sessions.json")
  entries[$state]=$(entries_in "$(home_of "$state")/pristine/agents/$agent/sessions/sessions.json")
done

if [ "$report_only" = 0 ]; then
# ---- start-up ---------------------------------------------------------------------------------------------------------
log "start-up: $startup_runs × (session-closer --version, bin/session-closer --version, /bin/true), interleaved"
for i in $(seq "$startup_runs"); do
  timed version-binary sc "$cli_exe" --version; [ "$code" -eq 0 ] || fail_run "session-closer --version exited $code"
  timed version-launcher sc bin/session-closer --version; [ "$code" -eq 0 ] || fail_run "bin/session-closer --version exited $code"
  timed version-true floor /bin/true
done

# ---- the scenarios ----------------------------------------------------------------------------------------------------
if [ "$quick" = 1 ]; then big=10k; big_large=10k-large; else big=100k; big_large=100k-large; fi
if [ "$quick" = 0 ]; then close_scenario "close1-10k" 10k close 1; close_scenario "close1-10k-large" 10k-large close 1; fi
for shape in "$big" "$big_large"; do
  close_scenario "close1-$shape" "$shape" close 1
  close_scenario "close1000-$shape" "$shape" close 1000
  close_scenario "keeponly2-$shape" "$shape" keep-only 2
  list_scenario "list-$shape" "$shape"
done
[ "$quick" = 1 ] || list_scenario "list-10k" 10k

# ---- OpenClaw's own listing on the same 10k store, same run -------------------------------------------------------------
log "openclaw $oc_list_version sessions --json --limit all vs session-closer list --json, 10k store, $runs × each"
dir10="$(home_of 10k)/work"
restore 10k "" verify
for i in $(seq "$runs"); do
  timed oc-list-10k oc env OPENCLAW_STATE_DIR="$dir10" eng/openclaw "$oc_list_version" sessions --json --limit all --agent "$agent"
  [ "$code" -eq 0 ] || fail_run "openclaw sessions --json exited $code"
  oc_rows=$(fields "$run_out" sessions.length) || fail_run "openclaw sessions --json printed no valid JSON"
  [ "$oc_rows" -gt 0 ] || fail_run "openclaw sessions --json listed nothing"
  timed oc-list-10k sc bin/session-closer list --state-dir "$dir10" --agent "$agent" --json
  [ "$code" -eq 0 ] || fail_run "session-closer list exited $code"
  sc_rows=$(fields "$run_out" sessions.length) || fail_run "session-closer list --json printed no valid JSON"
  [ "$sc_rows" -eq "${entries[10k]}" ] || fail_run "session-closer list --json gave $sc_rows rows, not ${entries[10k]}"
done
restore 10k "" verify # OpenClaw 7.35 adds state/openclaw.sqlite: removed again

# ---- the gateway path -------------------------------------------------------------------------------------------------
if [ "$gateway" = 1 ]; then
  log "a $gateway_sessions-session close through a real OpenClaw $gateway_version gateway (bench/gateway.sh)"
  SC_BENCH_BUILT=1 MEASURE="$measure" SUMMARY="$gateway_summary" bench/gateway.sh --version "$gateway_version" --session-closer-only "$gateway_sessions" 2>"$out/gateway.log" ||
    { tail -30 "$out/gateway.log" >&2; die "bench/gateway.sh failed"; }
fi

# ---- micro-benchmarks (opt-in) ----------------------------------------------------------------------------------------
if [ "$micro" = 1 ]; then
  log "BenchmarkDotNet micro-benchmarks (--micro)"
  "${bench[@]}" generate micro >>"$out/states.txt"
  "${bench[@]}" --filter '*' --artifacts "$out/bdn" --results-md "$out/micro.md" >"$out/bdn.log" 2>&1 || true
  [ -s "$out/micro.md" ] || die "BenchmarkDotNet wrote no results; see $out/bdn.log"
fi
load_end=$(load)
elapsed="$(( SECONDS / 60 )) min $(( SECONDS % 60 )) s"
# A later --report-only of this finished run says what this one measured, not its own time and load.
echo "$elapsed" >"$out/elapsed" && echo "$load_end" >"$out/load-end"
else
  # The scenarios the last run got to, in its order; those without a first checked run are left out.
  mapfile -t scenario_ids < <(awk '$1 !~ /^(version-|oc-list-)/ && !seen[$1]++ { print $1 }' "$out/runs.tsv" | while read -r id; do [ -f "$out/counts-$id" ] && echo "$id"; done)
  if grep -q '^oc-list-10k sc ' "$out/runs.tsv"; then
    oc_rows=$(fields "$out/runs/oc-list-10k.oc.0.out" sessions.length); sc_rows=$(fields "$out/runs/oc-list-10k.sc.0.out" sessions.length)
  fi
  if [ -s "$out/elapsed" ]; then
    elapsed=$(cat "$out/elapsed") load_end=$(cat "$out/load-end")
  else
    load_end=$(load)
    elapsed="an unknown time: stopped before its end, this report was written from its files by --report-only"
  fi
fi
log "measured in $elapsed; load $load_end; writing $results"

# ---- RESULTS.md -------------------------------------------------------------------------------------------------------
MB() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
fmt() { # fmt "median min max n" UNIT: "median (min–max)", and the number of runs when it is not --runs
  awk -v m="$1" -v u="$2" -v runs="$runs" 'BEGIN { split(m, a, " "); d = (u == "s" ? 1000 : 1); f = (u == "s" ? "%.2f" : "%.1f");
    printf f " %s (" f "–" f ")%s", a[1] / d, u, a[2] / d, a[3] / d, (a[4] != "" && a[4] != runs && u == "s" ? ", " a[4] " runs" : "") }'
}
med() { stats "$@" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = (dir == "le" ? r <= t : r >= t); printf "%s", ok ? "**met**" : "**missed**" }'; }
describe() { # describe STATE: "100,000 entries, 113.6 MB"
  printf "%s entries, %s" "$(echo "${entries[$1]}" | sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta')" "$(MB "${store_bytes[$1]}")"
}
state_of() { echo "$1" | sed -E 's/^(close1000|close1|keeponly2|list)-//'; }
close_row() { # close_row ID WHAT TARGET
  local id=$1 st sc fl r counts
  st=$(state_of "$id"); sc=$(stats "$id" sc 3); fl=$(stats "$id" floor 3); r=$(awk -v a="${sc%% *}" -v b="${fl%% *}" 'BEGIN { print a / b }')
  read -r closed archived <"$out/counts-$id"
  printf '| %s | %s | %s keys, %s files archived | %s | %s | %s | ≤ %sx | %s | %s / %s |\n' "$2" "$(describe "$st")" "$closed" "$archived" \
    "$(fmt "$sc" s)" "$(fmt "$fl" s)" "$(ratio "${sc%% *}" "${fl%% *}")" "$3" "$(verdict "$r" "$3" le)" \
    "$(awk -v c="$(med "$id" sc 7)" 'BEGIN { printf "%.2f s", c / 1000 }')" "$(awk -v c="$(med "$id" floor 7)" 'BEGIN { printf "%.2f s", c / 1000 }')"
}
mem_row() { # mem_row ID WHAT
  local id=$1 st rss limit
  st=$(state_of "$id"); rss=$(stats "$id" sc 6 | cut -d' ' -f3) # the largest of the runs
  limit=$(( store_bytes[$st] + 30000000 ))
  printf '| %s | %s | %s | %s | %s | %s |\n' "$2" "$(describe "$st")" "$(MB $(( rss * 1024 )))" "$(MB "$limit")" \
    "$(ratio $(( rss * 1024 )) "${store_bytes[$st]}") the store" "$(verdict $(( rss * 1024 )) "$limit" le)"
}
close_ids=(); for id in "${scenario_ids[@]}"; do [[ "$id" == list-* ]] || close_ids+=("$id"); done
what_of() {
  case "$1" in
    close1-*) echo "close 1 session (\`close-project\`)" ;;
    close1000-*) echo "close 1,000 sessions (\`close-project-batch\`)" ;;
    keeponly2-*) echo "keep-only 2 (\`keep-only-sessions --yes\`)" ;;
    list-*) echo "\`list --json\`" ;;
  esac
}
{
  echo "# session-closer benchmark results"
  echo
  echo "Written by \`bench/run.sh$([ "$quick" = 1 ] && echo ' --quick')$([ "$micro" = 1 ] && echo ' --micro')\` on $started, commit \`$(cut -d' ' -f1 "$out/commit" 2>/dev/null || git rev-parse --short HEAD)\`$(grep -q uncommitted "$out/commit" 2>/dev/null && echo ' + uncommitted changes'); the whole command took **$elapsed** (states $(grep -q generated "$out/generate.log" && echo 'generated in this run' || echo 'from the cache'))."
  echo "Issue 13's targets, each measured as whole processes next to its floor in the same run: median of $runs runs with the spread (min–max), every close on a fresh copy of the state made untimed before it."
  echo
  if [ -s "$out/notes.md" ]; then cat "$out/notes.md"; echo; fi
  echo "## Machine"
  echo
  echo "- $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $(free -g | awk '/^Mem:/ {print $2 " GB"}'), $(uname -sr); states on $(df -T "$cache" | awk 'NR == 2 {print $2}') (\`$cache\`)"
  echo "- session-closer $(cat "$out/version.txt") ($cli_kind build, \`$cli_exe\`), .NET SDK $(dotnet --version), gcc $(gcc -dumpfullversion), Node $("$SESSION_CLOSER_NODE" --version)"
  echo "- **Load average** (1/5/15 min): $load_start at the start, $load_end at the end. The 2 cores were shared with other engineers' builds and tests: wall times carry that noise; the floor ran interleaved with session-closer so both saw the same load, and the ratio is the comparison to read."
  echo
  echo "## States"
  echo
  echo "Generated by \`StoreGenerator\` (seed 1, agent \`$agent\`, every session at most 90 days old, transcripts and every artifact kind on disk) and cached; \`-large\` adds OpenClaw's \`systemPromptReport\` (\`LargeEntryInflater\`) to 30 % of the entries: OpenClaw's realistic 1-5 KB shape."
  echo
  echo '```'
  sed "s|, state dir .*||" "$out/states.txt"
  echo '```'
  echo
  echo "## Close: at most 2x the floor (keep-only 1.5x)"
  echo
  echo "Floor: \`bench/floor/floor.c close\`: read the store once, write it once to a temp file in the same directory, fsync, rename over the store, rename the same files session-closer archived (read off the disk after its run) to \`<file>.deleted.<stamp>\`, fsync the directory once."
  echo
  echo "| work | store | result (each run checked) | session-closer | floor | ratio | target | | CPU (user + sys, median): session-closer / floor |"
  echo "|---|---|---|---:|---:|---:|---|---|---:|"
  for id in "${close_ids[@]}"; do
    case "$id" in keeponly2-*) close_row "$id" "$(what_of "$id")" 1.5 ;; *) close_row "$id" "$(what_of "$id")" 2 ;; esac
  done
  echo
  echo "## \`list --json\`: at most 3x reading the store and stat-ing every transcript once"
  echo
  echo "Floor: \`bench/floor/floor.c list\`: read the store once and \`stat()\` every \`sessionFile\` it names."
  echo
  echo "| work | store | rows | session-closer | floor | ratio | target | | CPU (user + sys, median): session-closer / floor |"
  echo "|---|---|---:|---:|---:|---:|---|---|---:|"
  for id in "${scenario_ids[@]}"; do
    [[ "$id" == list-* ]] || continue
    sc=$(stats "$id" sc 3); fl=$(stats "$id" floor 3)
    printf '| `list --json` | %s | %s | %s | %s | %s | ≤ 3x | %s | %s / %s |\n' "$(describe "$(state_of "$id")")" "$(cat "$out/counts-$id")" "$(fmt "$sc" s)" "$(fmt "$fl" s)" \
      "$(ratio "${sc%% *}" "${fl%% *}")" "$(verdict "$(awk -v a="${sc%% *}" -v b="${fl%% *}" 'BEGIN { print a / b }')" 3 le)" \
      "$(awk -v c="$(med "$id" sc 7)" 'BEGIN { printf "%.2f s", c / 1000 }')" "$(awk -v c="$(med "$id" floor 7)" 'BEGIN { printf "%.2f s", c / 1000 }')"
  done
  echo
  echo "## Peak memory: at most the store's size + 30 MB"
  echo
  echo "Max RSS (the largest of the $runs runs; wait4's \`ru_maxrss\`, what \`/usr/bin/time -v\` reports as \"Maximum resident set size\"). The floor programs hold the store once: their max RSS is the store's size + ~1 MB."
  echo
  echo "| command | store | peak (max RSS) | target | vs the store | |"
  echo "|---|---|---:|---:|---:|---|"
  for id in "${scenario_ids[@]}"; do mem_row "$id" "$(what_of "$id")"; done
  echo
  echo "## Start-up: \`--version\` at most 10 ms; the \`bin/\` launcher at most +5 ms"
  echo
  echo "Median of $startup_runs runs each, interleaved."
  echo
  echo "| command | wall | user + sys CPU | max RSS | target | |"
  echo "|---|---:|---:|---:|---|---|"
  b=$(med version-binary sc 3); l=$(med version-launcher sc 3); t=$(med version-true floor 3)
  printf '| `session-closer --version` (the binary) | %s | %s ms | %s | ≤ 10 ms | %s |\n' "$(fmt "$(stats version-binary sc 3)" ms)" "$(med version-binary sc 7)" "$(MB $(( $(med version-binary sc 6 | cut -d. -f1) * 1024 )))" "$(verdict "$b" 10 le)"
  printf '| `bin/session-closer --version` (launcher + binary) | %s | %s ms | | launcher ≤ +5 ms | +%.1f ms: %s |\n' "$(fmt "$(stats version-launcher sc 3)" ms)" "$(med version-launcher sc 7)" "$(awk -v a="$l" -v b="$b" 'BEGIN { print a - b }')" "$(verdict "$(awk -v a="$l" -v b="$b" 'BEGIN { print a - b }')" 5 le)"
  printf '| `/bin/true` (process start-up floor) | %s | %s ms | | | |\n' "$(fmt "$(stats version-true floor 3)" ms)" "$(med version-true floor 7)"
  echo
  echo "The close and list rows above run through \`bin/\` (what users run), so each includes the launcher's cost measured here (+$(awk -v a="$l" -v b="$b" 'BEGIN { printf "%.1f", a - b }') ms)."
  echo
  echo "## Against OpenClaw's own listing: at least 20x \`openclaw sessions --json\` on 10,000 entries"
  echo
  if [ -z "${oc_rows:-}" ]; then echo "Not measured: the run stopped before it."; echo; else
  oc=$(stats oc-list-10k oc 3); scl=$(stats oc-list-10k sc 3)
  echo "Same 10k store, same run, interleaved. OpenClaw $oc_list_version lists 100 rows by default; \`--limit all\` lists them all, as session-closer does ($oc_rows rows vs $sc_rows)."
  echo
  echo "| command | wall | user + sys CPU | max RSS |"
  echo "|---|---:|---:|---:|"
  printf '| `openclaw sessions --json --limit all --agent %s` (%s) | %s | %s ms | %s |\n' "$agent" "$oc_list_version" "$(fmt "$oc" s)" "$(med oc-list-10k oc 7)" "$(MB $(( $(med oc-list-10k oc 6 | cut -d. -f1) * 1024 )))"
  printf '| `bin/session-closer list --agent %s --json` | %s | %s ms | %s |\n' "$agent" "$(fmt "$scl" s)" "$(med oc-list-10k sc 7)" "$(MB $(( $(med oc-list-10k sc 6 | cut -d. -f1) * 1024 )))"
  r=$(awk -v a="${oc%% *}" -v b="${scl%% *}" 'BEGIN { print a / b }')
  echo
  echo "session-closer is **$(printf '%.1f' "$r")x** faster (target ≥ 20x): $(verdict "$r" 20 ge)."
  echo
  fi
  echo "## The gateway path: session-closer's share of a close through a real gateway under 5 %"
  echo
  if [ -s "$gateway_summary" ]; then
    # shellcheck disable=SC1090
    . "$gateway_summary"
    echo "\`bench/gateway.sh --version $gw_version --session-closer-only $gw_sessions\`: a real OpenClaw $gw_version gateway (\`gateway run --bind loopback\`, token auth, throwaway state dir) made $gw_sessions sessions itself (\`sessions.create\`, untimed); then one \`bin/close-project-batch --agent $agent --json <$gw_sessions keys>\` closed them (backend \`gateway\`, $gw_closed closed; each checked gone from \`sessions.list\`)."
    echo
    echo "**Share** = session-closer's own CPU time (user + sys of its process, from wait4) ÷ the close's wall time. The rest of the wall time the process was off the CPU: waiting on the gateway's socket (or for a core). Its CPU includes its whole start-up, the store read, the backup and every request and response it encodes and decodes."
    echo
    echo "| close through the gateway | wall | session-closer user + sys CPU | max RSS | share | target | |"
    echo "|---|---:|---:|---:|---:|---|---|"
    printf '| %s sessions, OpenClaw %s | %.2f s | %.0f ms | %s | %.1f %% | < 5 %% | %s |\n' "$gw_sessions" "$gw_version" "$(awk -v w="$gw_wall_ms" 'BEGIN { print w / 1000 }')" "$gw_cpu_ms" "$(MB $(( gw_rss_kb * 1024 )))" "$gw_share" "$(verdict "$gw_share" 5 le)"
    echo
    echo "Gateway ready in $gw_ready s; load $gw_load at the close."
  else
    echo "Not run (\`--no-gateway\`, or the run stopped before it)."
  fi
  echo
  echo "## Exact commands"
  echo
  echo '```'
  echo "bench/run.sh$([ "$quick" = 1 ] && echo ' --quick')$([ "$micro" = 1 ] && echo ' --micro')"
  echo "# every timed run: $out/measure OUT ERR <command>   (bench/floor/measure.c: fork+exec, CLOCK_MONOTONIC, wait4 rusage)"
  echo "# every close run on a fresh copy: restore (untimed) makes <work> equal <pristine> (paths, types, sizes, mtimes, modes)"
  for id in "${scenario_ids[@]}"; do
    printf '%-20s %s\n' "$id:" "$(cat "$out/cmd-$id")"
    [[ "$id" == list-* ]] && printf '%-20s %s\n' "" "floor list <work>/agents/$agent/sessions/sessions.json" ||
      printf '%-20s %s\n' "" "floor close <work>/agents/$agent/sessions/sessions.json <the files session-closer archived>"
  done
  echo "version:             session-closer --version; bin/session-closer --version; /bin/true"
  echo "openclaw:            OPENCLAW_STATE_DIR=<10k work> eng/openclaw $oc_list_version sessions --json --limit all --agent $agent"
  echo "# <work> = $cache/<cache version>-<state>/work; HOME and TMPDIR are throwaway dirs, no OPENCLAW_* variables"
  echo '```'
  echo
  echo "Every run's raw numbers (wall ms, user ms, sys ms, max RSS KB, exit code) are in \`$out/runs.tsv\` until the next run."
  if [ "$micro" = 1 ]; then echo; echo "## Micro-benchmarks (BenchmarkDotNet, \`--micro\`)"; echo; cat "$out/micro.md"; fi
  echo
  cat bench/INTERPRETATION.md
} >"$results"
log "wrote $results in $elapsed (load now $(load))"

#!/usr/bin/env bash
# The main job of session-closer, shown step by step on a throwaway OpenClaw state (never your ~/.openclaw).
#
# Usage: eng/demo.sh [--era sqlite|files] [--files] [--keep]
#   (default, --era sqlite)  OpenClaw 2026.9.6, the release users install today: sessions in SQLite, owned by the
#              gateway. Starts that gateway on a free loopback port with token auth, creates sessions through it
#              (main sessions, projects, subagents, a cron job and its runs, an archived session), closes them the
#              original ways, compares with `openclaw sessions --json`, then stops the gateway and shows what
#              works without it (reading) and what is refused (closing, exit 4).
#   --files, --era files     The file era (sessions.json, OpenClaw up to 2026.7): a generated 60-session state of
#              agents project-lead and main, closed the three original ways. Needs no OpenClaw.
#   --keep     Keep the demo's temp dir (state, gateway log) and print where it is; by default it is deleted.
#
# Needs the .NET 10 SDK, npm and access to the NuGet and npm registries. Installs and caches the rest itself: NuGet
# packages, Node 24 and OpenClaw 2026.9.6 (eng/install-openclaw.sh, ~/.cache/session-closer), the CLI (.build/).
# Every gateway, OpenClaw command and file of the demo lives in a temp dir; on exit (also on failure or Ctrl+C) the
# gateway is stopped (by its pid, with its process group) and the temp dir removed.
# Exit status: 0 when every step did what the demo expects of it, else 1 with the steps that did not listed.
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
readonly openclaw_version=2026.9.6

era=sqlite
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) era=files ;;
    --era) [[ $# -ge 2 ]] || { echo "eng/demo.sh: --era needs sqlite or files" >&2; exit 2; }; era=$2; shift ;;
    --era=*) era=${1#--era=} ;;
    --keep) keep=1 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "eng/demo.sh: unknown argument '$1' (see eng/demo.sh --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $era == sqlite || $era == files ]] || { echo "eng/demo.sh: --era must be sqlite or files, not '$era'" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "eng/demo.sh: the .NET 10 SDK (dotnet) is needed: https://dot.net/download" >&2; exit 2; }

# Nothing of the caller's OpenClaw may leak in: no state dir, config, profile, gateway URL or token of theirs.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(OPENCLAW|CLAWDBOT)_' || true)

started=$(date +%s)
demo=$(mktemp -d "${TMPDIR:-/tmp}/session-closer-demo.XXXXXX")
state="$demo/state"
mkdir -p "$state" "$demo/home" "$demo/tmp"
export OPENCLAW_STATE_DIR="$state" # every command below uses it, exactly as OpenClaw does
tmp_openclaw_existed=0
[[ -e /tmp/openclaw ]] && tmp_openclaw_existed=1
gw_pid=""
failures=()

say() { printf '\n\033[1m== %s\033[0m  \033[2m(at %d s)\033[0m\n' "$*" "$(($(date +%s) - started))"; }
note() { printf '   %s\n' "$*"; }

# Runs one step as a user would type it (bin/ commands shown relative to the repository) and checks its exit code.
# step <expected exit code> <command> [args...]
step() {
  local want=$1 rc=0
  shift
  printf '\033[2m$ %s\033[0m\n' "${*/#$root\//}"
  "$@" || rc=$?
  if [[ $rc != "$want" ]]; then
    printf '\033[31mdemo: expected exit %s, got %s\033[0m\n' "$want" "$rc"
    failures+=("${*/#$root\//} (exit $rc, expected $want)")
  fi
}

stop_gateway() {
  [[ -n $gw_pid ]] || return 0
  local pid=$gw_pid waited
  gw_pid=""
  # SIGTERM to its process group. A clean 2026.9.6 shutdown takes 3-4 s on an idle machine and 30 s at load average
  # 18 (measured); the group is killed only if it is still there after 2 minutes.
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((waited = 0; waited < 240; waited++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true # still running, or anything it started that outlived it
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  stop_gateway
  # OpenClaw creates /tmp/openclaw whatever TMPDIR says; remove it only if it was not there before and is empty.
  [[ $tmp_openclaw_existed == 1 ]] || rmdir /tmp/openclaw 2>/dev/null || true
  if [[ $keep == 1 ]]; then
    echo "The demo's files stay in $demo (delete it when done)."
  else
    rm -rf -- "$demo"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "eng/demo.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

finish() {
  say "Done in $(($(date +%s) - started)) s"
  if [[ ${#failures[@]} -gt 0 ]]; then
    printf '\033[31m%s step(s) did not do what the demo expects:\033[0m\n' "${#failures[@]}"
    printf '  - %s\n' "${failures[@]}"
    exit 1
  fi
  echo "Every step did what the demo expects."
}

# ---------------------------------------------------------------------------------------------------------------------
# The file era (OpenClaw up to 2026.7): the demo as it always was.
# ---------------------------------------------------------------------------------------------------------------------
files_demo() {
  local sc="$root/bin/session-closer" keys projects first keep_id cron_runs sessions
  say "A demo OpenClaw state (file era): 60 sessions of agents project-lead and main, in $state"
  env -u OPENCLAW_STATE_DIR dotnet run --project "$root/eng/StoreGen" -c Release -- --state-dir "$state" --sessions 60 --agents project-lead,main --seed 42
  "$sc" --version >/dev/null # builds the CLI on first use

  say "What project-lead has"
  step 0 "$sc" list --agent project-lead

  # Pick real sessions from the list: project ids (agent:project-lead:<id>) and cron runs.
  keys=$("$sc" list --agent project-lead --json | grep -o '"key": "agent:project-lead:[^"]*"' | cut -d'"' -f4)
  projects=$(grep -E '^agent:project-lead:[^:]+$' <<<"$keys" | sed 's/^agent:project-lead://' | grep -v -e '^main$' -e '^project-')
  first=$(sed -n 1p <<<"$projects")
  keep_id=$(sed -n 2p <<<"$projects")
  cron_runs=$(grep ':cron:.*:run:' <<<"$keys" | head -3)

  say "What closing project $first would do"
  step 0 "$root/bin/close-project" --dry-run "$first"

  say "Close it"
  step 0 "$root/bin/close-project" "$first"

  say "Close three cron runs in one pass"
  # shellcheck disable=SC2086 # one key per word, by design
  step 0 "$root/bin/close-project-batch" $cron_runs

  say "Close everything of project-lead except project $keep_id (--yes: no question on a terminal)"
  step 0 "$root/bin/keep-only-sessions" --yes "$keep_id"

  say "What is left"
  step 0 "$sc" list --agent project-lead
  sessions="$state/agents/project-lead/sessions"
  echo "archived transcripts: $(find "$sessions" -name '*.deleted.*' | wc -l)  (renamed <file>.deleted.<timestamp>; OpenClaw prunes them after session.maintenance.pruneAfter)"
  echo "store backups:        $(find "$sessions" -name 'sessions.json.bak-*' | wc -l)  (sessions.json.bak-<timestamp>, newest 10 kept)"

  say "What session-closer did, newest first (restore <id> undoes one)"
  step 0 "$sc" history --agent project-lead
}

# ---------------------------------------------------------------------------------------------------------------------
# OpenClaw 2026.9.6 (SQLite, owned by the gateway).
# ---------------------------------------------------------------------------------------------------------------------
node="" port="" token="" gwlog="$demo/gateway.log"

# OpenClaw 2026.9.6 under the pinned Node 24, with a clean environment: the demo's HOME, state and temp dir, the
# offline switches (eng/openclaw), and none of the caller's model keys (a cron run must not reach a real model).
oc() {
  env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$demo/home" TMPDIR="$demo/tmp" LANG=C.UTF-8 NO_COLOR=1 FORCE_COLOR=0 \
    OPENCLAW_STATE_DIR="$state" SESSION_CLOSER_CACHE="$SESSION_CLOSER_CACHE" "$root/eng/openclaw" "$openclaw_version" "$@"
}

# One RPC through the gateway, as OpenClaw's own CLI makes it; prints the JSON result.
gw_call() { oc gateway call "$1" --json --params "$2" --url "ws://127.0.0.1:$port" --token "$token" --timeout 120000; }

# json_get <field> < json: one top-level string field of the JSON object on stdin (OpenClaw may print lines before it).
json_get() {
  "$node" -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
    const v = JSON.parse(s.slice(s.indexOf("{")))[process.argv[1]];
    if (typeof v !== "string") { console.error("no string field " + process.argv[1] + " in: " + s); process.exit(1); }
    console.log(v); });' "$1"
}

write_config() {
  port=$("$node" -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
  token="demo-$("$node" -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
  # The test sandbox's settings (tests/SessionCloser.Fixtures/RealOpenClaw/SandboxConfig.cs): heartbeats off (the
  # gateway writes no session on its own), no update check, no mDNS, no model catalog refresh.
  cat >"$state/openclaw.json" <<EOF
{
  "agents": {
    "defaults": { "heartbeat": { "every": "0m" } },
    "list": [ { "id": "main", "default": true }, { "id": "project-lead" } ]
  },
  "logging": { "file": "$demo/openclaw.log" },
  "update": { "checkOnStart": false },
  "discovery": { "mdns": { "mode": "off" } },
  "gateway": { "mode": "local", "bind": "loopback", "port": $port, "auth": { "mode": "token", "token": "$token" } },
  "models": { "catalogRefresh": { "enabled": false } }
}
EOF
  chmod 600 "$state/openclaw.json"
}

start_gateway() {
  local attempt log since
  for attempt in 1 2 3; do
    : >"$gwlog"
    # setsid: the gateway leads its own process group, so it and anything it starts are stopped together, by pid.
    setsid env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$demo/home" TMPDIR="$demo/tmp" LANG=C.UTF-8 NO_COLOR=1 \
      FORCE_COLOR=0 OPENCLAW_STATE_DIR="$state" SESSION_CLOSER_CACHE="$SESSION_CLOSER_CACHE" \
      "$root/eng/openclaw" "$openclaw_version" gateway run --bind loopback --port "$port" >>"$gwlog" 2>&1 </dev/null &
    gw_pid=$!
    since=$SECONDS
    # 10 s on an idle machine, over a minute on a loaded one: wait for its own "ready" line (at most 5 minutes).
    while ((SECONDS - since < 300)); do
      log=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$gwlog")
      if grep -qE '\[gateway\] ready( |$)' <<<"$log"; then
        note "gateway pid $gw_pid ready on ws://127.0.0.1:$port after $((SECONDS - since)) s (log: $gwlog)"
        return 0
      fi
      # A loaded machine can make 2026.9.6 miss its own startup deadlines; it then gives up, so start it again.
      if grep -q 'Gateway failed to start' <<<"$log" || ! kill -0 "$gw_pid" 2>/dev/null; then
        break
      fi
      sleep 0.5
    done
    note "gateway start attempt $attempt failed; last lines of its log:"
    tail -n 5 "$gwlog" | sed 's/^/     /'
    stop_gateway
  done
  echo "eng/demo.sh: the OpenClaw $openclaw_version gateway did not start (log: $gwlog)" >&2
  exit 1
}

# create <key> [label] [parentSessionKey]: sessions.create through the gateway; prints the sessionId.
create() {
  local params
  params=$("$node" -e 'const [key, label, parent] = process.argv.slice(1);
    console.log(JSON.stringify({ key, ...(label ? { label } : {}), ...(parent ? { parentSessionKey: parent } : {}) }));' "$@")
  gw_call sessions.create "$params" | json_get sessionId
}

seed() {
  local key project sid job run run_key
  say "Sessions, made by the gateway itself (openclaw gateway call sessions.create ...)"
  for key in agent:main:main agent:main:weekly-review agent:project-lead:main; do
    sid=$(create "$key")
    note "$key  sessionId=$sid"
  done
  for project in acme-site old-landing billing docs-refresh; do
    sid=$(create "agent:project-lead:$project" "$project")
    note "agent:project-lead:$project  sessionId=$sid"
  done
  sub_acme="agent:project-lead:subagent:$("$node" -e 'console.log(crypto.randomUUID())')"
  sid=$(create "$sub_acme" "acme research" agent:project-lead:acme-site)
  note "$sub_acme  sessionId=$sid  (a subagent of acme-site)"
  sub_billing="agent:project-lead:subagent:$("$node" -e 'console.log(crypto.randomUUID())')"
  sid=$(create "$sub_billing" "billing check" agent:project-lead:billing)
  note "$sub_billing  sessionId=$sid  (a subagent of billing)"
  sid=$(create agent:project-lead:legacy-crm "legacy-crm")
  gw_call sessions.patch "{\"key\":\"agent:project-lead:legacy-crm\",\"archived\":true,\"expectedSessionId\":\"$sid\"}" >/dev/null
  note "agent:project-lead:legacy-crm  sessionId=$sid  (then archived: sessions.patch archived:true)"

  say "A cron job of project-lead, run twice (openclaw cron add, openclaw cron run --wait)"
  job=$(oc cron add --agent project-lead --name nightly-report --cron "0 3 * * *" --message "Summarise the day's work" \
    --session isolated --no-deliver --url "ws://127.0.0.1:$port" --token "$token" | json_get id)
  note "cron job $job (nightly-report)"
  cron_runs=()
  for run in 1 2; do
    # The demo configures no model, so each run ends in an auth error (and `cron run --wait` exits non-zero); its
    # session stays, as on any install.
    oc cron run "$job" --wait --url "ws://127.0.0.1:$port" --token "$token" >"$demo/cron-run.json" 2>&1 || true
    run_key=$("$node" -e '
      const s = require("fs").readFileSync(process.argv[1], "utf8"), r = JSON.parse(s.slice(s.indexOf("{")));
      if (!r.run || !r.run.sessionKey) { console.error("cron run made no run session:\n" + s); process.exit(1); }
      console.log(r.run.sessionKey);' "$demo/cron-run.json")
    cron_runs+=("$run_key")
    note "run $run: $run_key"
  done
}

# agree <label>: session-closer's list and openclaw's own list of project-lead hold the same keys and sessionIds.
agree() {
  local ours="$demo/list-session-closer.json" theirs="$demo/list-openclaw.json" rc=0
  "$root/bin/session-closer" list --agent project-lead --json >"$ours" 2>/dev/null || true
  oc sessions --agent project-lead --json --limit all >"$theirs" 2>/dev/null || true
  printf '\033[2m$ bin/session-closer list --agent project-lead --json  vs  openclaw sessions --agent project-lead --json --limit all\033[0m\n'
  "$node" -e '
    const fs = require("fs");
    const read = f => { const s = fs.readFileSync(f, "utf8"); return JSON.parse(s.slice(s.indexOf("{"))); };
    const rows = j => new Map((j.sessions || []).map(r => [r.key, r.sessionId]));
    const [ours, theirs] = process.argv.slice(1).map(read);
    const a = rows(ours), b = rows(theirs), diff = [];
    for (const [k, v] of b) if (a.get(k) !== v) diff.push(a.has(k) ? `  sessionId differs: ${k}` : `  only in openclaw sessions: ${k}`);
    for (const k of a.keys()) if (!b.has(k)) diff.push(`  only in session-closer list: ${k}`);
    console.log(`session-closer: ${a.size} session(s), path ${ours.path}`);
    console.log(`openclaw:       ${b.size} session(s), path ${theirs.path}`);
    if (diff.length) { console.log("they disagree:\n" + diff.join("\n")); process.exit(1); }
    console.log("they agree: the same keys with the same sessionIds");' "$ours" "$theirs" || rc=$?
  [[ $rc == 0 ]] || failures+=("$1: session-closer list and openclaw sessions disagree")
}

sqlite_demo() {
  local sc="$root/bin/session-closer" db_dir start_cmd_log="$demo/refused.err"
  say "Installing what the demo needs (cached after the first run)"
  "$root/eng/install-openclaw.sh" "$openclaw_version" >"$demo/openclaw.env"
  # shellcheck disable=SC1091 # the installer prints SESSION_CLOSER_NODE=..., SESSION_CLOSER_CACHE=...
  source "$demo/openclaw.env"
  node=$SESSION_CLOSER_NODE
  "$sc" --version

  say "OpenClaw $openclaw_version in $state: agents main (the default) and project-lead; its gateway on loopback, token auth"
  write_config
  start_gateway
  seed

  say "1. What project-lead has: archived sessions and cron runs included (flags say which)"
  step 0 "$sc" list --agent project-lead
  note "(without --agent, session-closer's own commands use OpenClaw's default agent, here main:)"
  step 0 "$sc" list

  say "2. What closing project acme-site would do: the exact plan, through the running gateway; nothing changes"
  step 0 "$root/bin/close-project" --dry-run acme-site

  say "3. Close it: the gateway deletes it (sessions.delete, guarded by its sessionId) and archives its transcript"
  step 0 "$root/bin/close-project" acme-site

  say "4. Close a project, a subagent and a cron run in one pass (one gateway connection)"
  step 0 "$root/bin/close-project-batch" old-landing "$sub_acme" "${cron_runs[0]}"

  say "5. Close everything of project-lead except billing: first the plan, then for real (--yes: no question)"
  step 0 "$root/bin/keep-only-sessions" --dry-run billing
  step 0 "$root/bin/keep-only-sessions" --yes billing

  say "6. What is left: billing and the protected agent:project-lead:main"
  step 0 "$sc" list --agent project-lead
  agree "with the gateway running"
  note "transcripts the gateway archived: $(find "$state/agents/project-lead/sessions" -name '*.deleted.*' 2>/dev/null | wc -l) (<sid>.jsonl.deleted.<stamp>.<hex>.zst; OpenClaw prunes them later)"

  say "7. What session-closer did, newest first"
  step 0 "$sc" history --agent project-lead

  say "8. Stop the gateway: session-closer still reads the database (read-only), and refuses to write it"
  stop_gateway
  db_dir="$state/agents/project-lead/agent"
  note "gateway stopped; $db_dir holds: $(cd "$db_dir" && echo *)"
  step 0 "$sc" list --agent project-lead
  note "list --json names the database as its path: $("$sc" list --agent project-lead --json 2>/dev/null | "$node" -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(JSON.parse(s).path));' || true)"
  step 0 "$root/bin/close-project" --dry-run billing
  printf '\033[2m$ bin/close-project billing\033[0m\n'
  local rc=0
  "$root/bin/close-project" billing 2>"$start_cmd_log" || rc=$?
  cat "$start_cmd_log"
  [[ $rc == 4 ]] || failures+=("bin/close-project billing with the gateway stopped (exit $rc, expected 4)")
  grep -q 'openclaw gateway' "$start_cmd_log" || failures+=("bin/close-project billing with the gateway stopped: no command to start the gateway on stderr")
  note "exit $rc: only the gateway writes its SQLite store; nothing was changed"
  note "after reading: $db_dir holds: $(cd "$db_dir" && echo *)"
  agree "with the gateway stopped"
}

if [[ $era == files ]]; then
  files_demo
else
  sqlite_demo
fi
finish

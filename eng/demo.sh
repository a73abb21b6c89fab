#!/usr/bin/env bash
# The main job on a throwaway demo OpenClaw state: generate a realistic state (never your ~/.openclaw), look at it,
# then close sessions the three original ways and show what is left on disk.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
demo=$(mktemp -d "${TMPDIR:-/tmp}/session-closer-demo.XXXXXX")
state="$demo/state"
sc="$root/bin/session-closer"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "A demo OpenClaw state: 60 sessions of agents project-lead and main, in $state"
env -u OPENCLAW_STATE_DIR dotnet run --project "$root/eng/StoreGen" -c Release -- --state-dir "$state" --sessions 60 --agents project-lead,main --seed 42
export OPENCLAW_STATE_DIR="$state" # every command below uses it, exactly as OpenClaw does

say "What project-lead has (bin/session-closer list)"
"$sc" list --agent project-lead

# Pick real sessions from the list: project ids (agent:project-lead:<id>) and cron runs.
keys=$("$sc" list --agent project-lead --json | grep -o '"key": "agent:project-lead:[^"]*"' | cut -d'"' -f4)
projects=$(grep -E '^agent:project-lead:[^:]+$' <<<"$keys" | sed 's/^agent:project-lead://' | grep -v -e '^main$' -e '^project-')
first=$(sed -n 1p <<<"$projects")
keep=$(sed -n 2p <<<"$projects")
cron_runs=$(grep ':cron:.*:run:' <<<"$keys" | head -3)

say "What closing project $first would do (bin/close-project --dry-run $first)"
"$root/bin/close-project" --dry-run "$first"

say "Close it (bin/close-project $first)"
"$root/bin/close-project" "$first" || true

say "Close three cron runs in one pass (bin/close-project-batch <keys>)"
# shellcheck disable=SC2086 # one key per word, by design
"$root/bin/close-project-batch" $cron_runs || true

say "Close everything of project-lead except project $keep (bin/keep-only-sessions --yes $keep)"
"$root/bin/keep-only-sessions" --yes "$keep" || true

say "What is left"
"$sc" list --agent project-lead
sessions="$OPENCLAW_STATE_DIR/agents/project-lead/sessions"
echo "archived transcripts: $(find "$sessions" -name '*.deleted.*' | wc -l)  (renamed <file>.deleted.<timestamp>; OpenClaw prunes them after session.maintenance.pruneAfter)"
echo "store backups:        $(find "$sessions" -name 'sessions.json.bak-*' | wc -l)  (sessions.json.bak-<timestamp>, newest 10 kept)"
echo
echo "The demo state stays in $demo for you to look at; delete it when done."

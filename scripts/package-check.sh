#!/usr/bin/env bash
# Packaging check that works offline: builds, then runs electron-builder --linux --dir against
# a stand-in Electron (a stub executable; the real binary comes from GitHub, unreachable here)
# and asserts the packaged app.asar holds what the tray app needs. Installers (AppImage, deb,
# dmg, nsis) need a machine with internet: see docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/build.mjs

stub=$(mktemp -d)
trap 'rm -rf "$stub"' EXIT
mkdir -p "$stub/resources"
# After `exit` the stub carries Electron's fuse sentinel and a v1 wire with Electron's defaults
# ("10110001"), so electron-builder's fuse step really runs and its result can be read back.
printf '#!/bin/sh\necho "stand-in electron: the real binary is downloaded on a machine with internet" >&2\nexit 1\n# dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX\001\01010110001\n' > "$stub/electron"
chmod +x "$stub/electron"
: > "$stub/LICENSE"
: > "$stub/LICENSES.chromium.html"
node -p "require('electron/package.json').version" > "$stub/version"

rm -rf release/linux-unpacked
npx electron-builder --linux --dir --publish never -c.electronDist="$stub" -c.npmRebuild=false

asar=release/linux-unpacked/resources/app.asar
test -f "$asar" || { echo "package-check: $asar missing" >&2; exit 1; }
list=$(npx asar list "$asar")
missing=0
for f in /dist/main.cjs /dist/preload.cjs /dist/renderer/index.html /dist/renderer/app.js /dist/renderer/styles.css /dist/renderer/glance.css \
  /assets/tray-okTemplate.png /assets/tray-ok@2x.png /package.json; do
  grep -qxF "$f" <<<"$list" || { echo "package-check: $f not in app.asar" >&2; missing=1; }
done
for f in /dist/cli.mjs /dist/cli-chunks /dist/main.cjs.map; do
  if grep -qxF "$f" <<<"$list"; then echo "package-check: $f should not be packaged" >&2; missing=1; fi
done
# dist/main.cjs bundles every pure-JS dependency: only the keyring's native module may be in node_modules
extra=$(grep -E '^/node_modules/[^/]+(/[^/]+)?$' <<<"$list" | grep -vE '^/node_modules/@napi-rs(/keyring[^/]*)?$' || true)
[ -z "$extra" ] || { echo "package-check: bundled dependencies copied into app.asar again: $(tr '\n' ' ' <<<"$extra")" >&2; missing=1; }
unpacked=release/linux-unpacked/resources/app.asar.unpacked/node_modules/@napi-rs
ls -d "$unpacked"/keyring* >/dev/null 2>&1 || { echo "package-check: @napi-rs/keyring is not unpacked from the asar" >&2; missing=1; }
node scripts/check-keyring-binary.mjs release/linux-unpacked/resources linux "$(node -p process.arch)" || missing=1
work=$(mktemp -d)
trap 'rm -rf "$stub" "$work"' EXIT
npx asar extract "$asar" "$work/app"
product=$(node -p "require('$work/app/package.json').productName")
[ "$product" = Clawkeeper ] || { echo "package-check: packaged package.json has productName '$product'" >&2; missing=1; }
fuses=$(node -e "
const { getCurrentFuseWire, FuseV1Options: O } = require('@electron/fuses');
getCurrentFuseWire('release/linux-unpacked/clawkeeper').then((w) => {
  const on = (k) => w[O[k]] === 49 ? 'on' : 'off';
  console.log(['RunAsNode', 'EnableCookieEncryption', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments',
    'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar'].map((k) => k + '=' + on(k)).join(' '));
});")
want='RunAsNode=off EnableCookieEncryption=on EnableNodeOptionsEnvironmentVariable=off EnableNodeCliInspectArguments=off EnableEmbeddedAsarIntegrityValidation=on OnlyLoadAppFromAsar=on'
[ "$fuses" = "$want" ] || { echo "package-check: fuses are '$fuses', want '$want'" >&2; missing=1; }
[ "$missing" = 0 ] || exit 1
echo "package-check: fuses $fuses"
# what users get: the main bundle from app.asar, run with --smoke-test on the strict fake Electron
mkdir -p "$work/home"
HOME="$work/home" CK_HOST_HOME="$work/home" CK_HOST_BROWSER=1 CLAWKEEPER_DATA_DIR="$work/home/data" \
  node --import tsx test/fakes/electron-host.ts "$work/app/dist/main.cjs" --smoke-test
echo "package-check: app.asar ok ($(wc -l <<<"$list") entries); keyring unpacked: $(ls -d "$unpacked"/keyring* | xargs -n1 basename | tr '\n' ' ')"

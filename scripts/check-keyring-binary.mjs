// Asserts the packaged app carries the keyring's native binary for the target it was built for
// (npm installs only the build machine's; a mac app built on arm64 would fail on Intel).
//   node scripts/check-keyring-binary.mjs <resources dir> <platform> <arch>
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [resources, platform, arch] = process.argv.slice(2);
if (!resources || !platform || !arch) {
  console.error('usage: check-keyring-binary.mjs <resources dir> <platform> <arch>');
  process.exit(64);
}
const suffix = { linux: `linux-${arch}-gnu`, darwin: `darwin-${arch}`, win32: `win32-${arch}-msvc` }[
  platform
];
const base = join(resources, 'app.asar.unpacked', 'node_modules', '@napi-rs');
const dir = join(base, `keyring-${suffix}`);
const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.node')) : [];
const present = existsSync(base) ? readdirSync(base).filter((f) => f.startsWith('keyring-')) : [];
if (found.length === 0) {
  console.error(
    `check-keyring-binary: no @napi-rs/keyring-${suffix} binary in ${base} (found: ${present.join(', ') || 'none'})`,
  );
  process.exit(1);
}
const foreign = present.filter((p) => p !== `keyring-${suffix}`);
console.log(
  `check-keyring-binary: ${dir}/${found[0]}${foreign.length ? ` (also: ${foreign.join(', ')})` : ''}`,
);

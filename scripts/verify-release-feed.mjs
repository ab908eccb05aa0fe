// Checks the electron-updater feed of a release before and after it is published:
//   node scripts/verify-release-feed.mjs DIR [--assets FILE]
// DIR holds the files about to be uploaded (installers, blockmaps, latest*.yml, SHA256SUMS);
// FILE, when given, lists the asset names GitHub actually stored, one per line
// (`gh release view TAG --json assets -q '.assets[].name'`).
//
// Why: electron-updater downloads exactly the `url` a latest*.yml names. electron-builder names
// the Windows installer with spaces by default and writes a dashed name into latest.yml, while an
// upload of the spaced file is stored by GitHub under a third name (spaces become dots): every
// Windows update then fails with a 404. And Squirrel.Mac installs updates only into a signed app,
// so a feed for an unsigned Mac build offers an update nobody can install.
//
// Refuses (exit 1, one line per problem) when:
//   - a file in DIR has a name GitHub would store differently (so no feed can name it reliably);
//   - a url or path in a latest*.yml names no file in DIR, or (with --assets) no stored asset;
//   - a file's sha512 or size differs from what its feed says (a feed from another build);
//   - latest-mac.yml is present but DIR/signing/mac.json does not say the Mac apps were signed.
// Exit 0 prints what was checked; 64 on bad usage.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';

const USAGE = 'usage: verify-release-feed.mjs DIR [--assets FILE]';

/** True when GitHub stores an uploaded file under exactly this name. */
export function safeAssetName(name) {
  return /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name) && !name.endsWith('.');
}

function sha512(file) {
  return createHash('sha512').update(readFileSync(file)).digest('base64');
}

/** Every `{url, sha512, size}` a feed names (`files[]`, and the legacy top-level `path`). */
function entries(feed) {
  const out = [];
  for (const f of Array.isArray(feed?.files) ? feed.files : [])
    if (f && typeof f.url === 'string') out.push({ url: f.url, sha512: f.sha512, size: f.size });
  if (typeof feed?.path === 'string') out.push({ url: feed.path, sha512: feed.sha512, size: undefined });
  return out;
}

/** The problems with DIR's feeds; an empty list means the release may go out. */
export function checkRelease(dir, stored) {
  const problems = [];
  const checked = [];
  const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
  for (const f of files)
    if (!safeAssetName(f))
      problems.push(
        `"${f}": GitHub would store this file under another name; give it one without spaces or special characters (electron-builder artifactName)`,
      );
  const feeds = files.filter((f) => /^latest.*\.ya?ml$/.test(f));
  if (feeds.length === 0) problems.push(`no latest*.yml in ${dir}: electron-updater would find no update`);
  for (const name of feeds) {
    let feed;
    try {
      feed = yaml.load(readFileSync(join(dir, name), 'utf8'));
    } catch (e) {
      problems.push(`${name}: not YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
      continue;
    }
    const list = entries(feed);
    if (list.length === 0) problems.push(`${name}: names no file`);
    for (const e of list) {
      checked.push(`${name} -> ${e.url}`);
      if (!files.includes(e.url)) {
        problems.push(`${name}: url "${e.url}" names no file being uploaded (have: ${files.join(', ')})`);
        continue;
      }
      if (stored !== null && !stored.includes(e.url))
        problems.push(`${name}: url "${e.url}" names no uploaded asset (GitHub has: ${stored.join(', ')})`);
      const path = join(dir, e.url);
      if (typeof e.sha512 === 'string' && sha512(path) !== e.sha512)
        problems.push(`${name}: "${e.url}" does not match its sha512 (a file from another build?)`);
      if (typeof e.size === 'number' && statSync(path).size !== e.size)
        problems.push(`${name}: "${e.url}" is ${statSync(path).size} bytes, the feed says ${e.size}`);
    }
  }
  if (feeds.includes('latest-mac.yml')) {
    const marker = join(dir, 'signing', 'mac.json');
    let signed = false;
    try {
      signed = JSON.parse(readFileSync(marker, 'utf8')).signed === true;
    } catch {
      /* missing or unreadable: not signed */
    }
    if (!signed)
      problems.push(
        'latest-mac.yml is present but the Mac apps were not signed with a Developer ID (signing/mac.json): Squirrel.Mac cannot install such an update; publish without the Mac feed or sign the build',
      );
  }
  return { problems, checked };
}

function main(argv) {
  const dir = argv[0];
  const at = argv.indexOf('--assets');
  if (dir === undefined || dir.startsWith('-') || (at !== -1 && argv[at + 1] === undefined)) {
    console.error(USAGE);
    return 64;
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`verify-release-feed: ${dir} is not a folder`);
    return 64;
  }
  const stored =
    at === -1
      ? null
      : readFileSync(argv[at + 1], 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '');
  const { problems, checked } = checkRelease(dir, stored);
  for (const p of problems) console.error(`verify-release-feed: ${p}`);
  if (problems.length > 0) return 1;
  for (const c of checked) console.log(`verify-release-feed: ok ${c}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));

// Run on the macOS release runner after electron-builder:
//   node scripts/mac-signing-status.mjs RELEASE_DIR
// Asks `codesign` whether every built Clawkeeper.app carries a valid Developer ID signature and
// writes RELEASE_DIR/signing/mac.json ({signed, apps: [{app, authority, problem}]}), which the
// publish job's verify-release-feed.mjs reads. When any app is unsigned (no certificate in the
// repository's secrets: electron-builder then signs ad hoc at most), latest-mac.yml is removed:
// Squirrel.Mac installs updates only into a signed app, so an unsigned build must not be offered
// as an update. The dmg and zip stay for people who download by hand.
// Exit 0 either way (an unsigned build is allowed, only without a feed); 1 when no app is found.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (dir === undefined) {
  console.error('usage: mac-signing-status.mjs RELEASE_DIR');
  process.exit(64);
}

/** The signing verdict of one app bundle, from codesign's own words. */
function judge(app) {
  const verify = spawnSync('codesign', ['--verify', '--deep', '--strict', app], { encoding: 'utf8' });
  if (verify.error)
    return { app, authority: null, problem: `codesign did not run (${verify.error.message})` };
  if (verify.status !== 0)
    return {
      app,
      authority: null,
      problem: `codesign --verify failed: ${verify.stderr.trim().split('\n')[0]}`,
    };
  // codesign -d writes its description to stderr
  const info = spawnSync('codesign', ['-dvv', app], { encoding: 'utf8' });
  const text = `${info.stdout}\n${info.stderr}`;
  if (/^Signature=adhoc$/m.test(text)) return { app, authority: null, problem: 'signed ad hoc only' };
  const authority = /^Authority=(Developer ID Application: .+)$/m.exec(text)?.[1] ?? null;
  if (authority === null) return { app, authority: null, problem: 'no Developer ID Application authority' };
  return { app, authority, problem: null };
}

const apps = readdirSync(dir)
  .filter((d) => /^mac(-[a-z0-9]+)?$/.test(d))
  .map((d) => join(dir, d, 'Clawkeeper.app'))
  .filter((a) => existsSync(a));
if (apps.length === 0) {
  console.error(`mac-signing-status: no Clawkeeper.app under ${dir}/mac*`);
  process.exit(1);
}
const results = apps.map(judge);
const signed = results.every((r) => r.problem === null);
mkdirSync(join(dir, 'signing'), { recursive: true });
writeFileSync(join(dir, 'signing', 'mac.json'), JSON.stringify({ signed, apps: results }, null, 2) + '\n');
for (const r of results)
  console.log(`mac-signing-status: ${r.app}: ${r.problem === null ? `signed by ${r.authority}` : r.problem}`);
if (!signed) {
  rmSync(join(dir, 'latest-mac.yml'), { force: true });
  console.log(
    '::warning::the Mac build is not signed with a Developer ID: latest-mac.yml removed (Squirrel.Mac cannot install an unsigned update)',
  );
}

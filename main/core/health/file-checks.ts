import type { Entry } from './entry.ts';
import type { Inventory, OpenClawInstall } from '../discovery/inventory.ts';
import type { Finding } from './report.ts';
import { rulesFor } from '../resolution/release-rules.ts';

/** SQLite-era agents that still hold JSON credentials (docs/domain.md §6 item 6). */
export function retiredJsonChecks(install: OpenClawInstall, entries: Entry[]): Finding[] {
  if (!install.generation.startsWith('sqlite')) return [];
  const findings: Finding[] = [];
  for (const a of install.agents) {
    const json = a.retiredJson;
    if (json.status === 'missing') continue;
    const mine = entries.filter((e) => e.agent === a && e.id.endsWith('@json'));
    for (const e of mine) {
      e.problems.push({
        state: 'misconfigured',
        reason: `stored in auth-profiles.json, which OpenClaw ${install.version ?? '2026.6.5+'} no longer reads`,
        hint: 'Stop the gateway, then run `openclaw doctor --fix` to import it into the SQLite store',
      });
    }
    const dbEmpty =
      (a.cli?.ok === true && a.cli.profiles.length === 0) ||
      (a.origin === 'sqlite' &&
        a.profiles.status === 'ok' &&
        Object.keys(a.profiles.value.profiles).length === 0);
    // from 2026.8 an empty store beside the file is refused; before, the file is only ignored
    const refused =
      (dbEmpty && rulesFor(install.version, install.generation).legacyJsonRefused) || a.cli?.ok === false;
    findings.push({
      check: 'retired-json-store',
      severity: refused ? 'error' : 'warning',
      message: `${json.path} is a retired JSON store beside OpenClaw's SQLite store`,
      impact: refused
        ? 'OpenClaw fails closed with AUTH_PROFILE_MIGRATION_REQUIRED until it is imported.'
        : 'OpenClaw ignores this file; edits to it do nothing.',
      hint: 'Stop the gateway, run `openclaw doctor --fix` (it imports the file), then start the gateway again',
      files: [json.path],
      credentials: mine.map((e) => e.id),
    });
  }
  return findings;
}

/** File and directory permissions and owners (docs/domain.md §6 item 8). */
export function permissionChecks(inv: Inventory): Finding[] {
  const findings: Finding[] = [];
  const files: Array<{ path: string; mode: number; uid: number }> = [];
  const dirs: Array<{ path: string; mode: number; uid: number }> = [];
  for (const c of inv.claude)
    if (c.read.status !== 'missing' && c.read.stat) files.push({ path: c.read.path, ...c.read.stat });
  for (const i of inv.installs) {
    if (i.stateDirStat) dirs.push({ path: i.stateDir, ...i.stateDirStat });
    for (const r of [
      i.legacyOauth,
      ...i.agents.flatMap((a) => [a.profiles, a.state, ...(a.origin === 'sqlite' ? [a.retiredJson] : [])]),
    ])
      if (r.status !== 'missing' && r.stat) files.push({ path: r.path, ...r.stat });
    for (const a of i.agents) if (a.dirStat) dirs.push({ path: a.dir, ...a.dirStat });
  }
  for (const f of files) {
    if ((f.mode & 0o077) !== 0)
      findings.push({
        check: 'file-permissions',
        severity: 'warning',
        message: `${f.path} is readable by other users (mode ${(f.mode & 0o777).toString(8).padStart(4, '0')})`,
        impact: 'Anyone with an account on this machine can copy the token.',
        hint: `chmod 600 '${f.path}' (\`clawkeeper doctor --fix\`)`,
        files: [f.path],
        credentials: [],
      });
    if (inv.currentUid !== null && f.uid !== inv.currentUid && inv.currentUid !== 0)
      findings.push({
        check: 'file-owner',
        severity: 'info',
        message: `${f.path} is owned by uid ${f.uid}, not by you (uid ${inv.currentUid})`,
        impact: 'Clawkeeper may not be able to keep this file fresh (Docker bind mounts use uid 1000).',
        hint: `Check the owner of ${f.path}`,
        files: [f.path],
        credentials: [],
      });
  }
  // The gateway runs as the owner of its state dir: a credential file of another owner that only
  // its owner may read (a root `sync` on a bind mount, a hand copy) is invisible to the gateway.
  for (const i of inv.installs) {
    const gateway = i.stateDirStat?.uid;
    if (gateway === undefined) continue;
    for (const r of [i.legacyOauth, ...i.agents.flatMap((a) => [a.profiles, a.state])])
      if (r.status !== 'missing' && r.stat && r.stat.uid !== gateway && (r.stat.mode & 0o044) === 0)
        findings.push({
          check: 'gateway-cannot-read',
          severity: 'error',
          message: `${r.path} is owned by uid ${r.stat.uid} (mode ${(r.stat.mode & 0o777).toString(8).padStart(4, '0')}), but the gateway runs as uid ${gateway}, the owner of ${i.stateDir}`,
          impact: 'The gateway cannot read this credential file, so its profiles are unusable.',
          hint: `chown ${gateway} '${r.path}' (Clawkeeper keeps the owner of files it replaces)`,
          files: [r.path],
          credentials: [],
        });
  }
  for (const d of dirs) {
    if ((d.mode & 0o077) !== 0)
      findings.push({
        check: 'dir-permissions',
        severity: 'warning',
        message: `${d.path} is open to other users (mode ${(d.mode & 0o777).toString(8).padStart(4, '0')})`,
        impact: 'Other users can list and possibly replace credential files.',
        hint: `chmod 700 '${d.path}' (\`clawkeeper doctor --fix\`)`,
        files: [d.path],
        credentials: [],
      });
  }
  return findings;
}

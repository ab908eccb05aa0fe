import { modeAccepts } from '../formats/openclaw-config.ts';
import { isClaudeCliProfile, isClaudeProfile } from '../formats/claude-profile.ts';
import type { Entry } from './entries.ts';
import type { Inventory, OpenClawInstall } from '../discovery/inventory.ts';
import type { Finding } from './report.ts';

/**
 * Checks that need a whole install (config against stores) or the whole machine
 * (permissions, environment). They add problems to entries and return install-level findings.
 */
export function installChecks(install: OpenClawInstall, entries: Entry[], now: number): Finding[] {
  const findings: Finding[] = [];
  const mine = entries.filter((e) => e.install === install && e.profileId !== null);
  const config = install.config.status === 'ok' ? install.config.value : null;
  if (install.config.status === 'unreadable') {
    findings.push({
      check: 'unreadable-file',
      severity: 'error',
      message: `cannot parse ${install.configPath}: ${install.config.error}`,
      impact: 'OpenClaw will not start with a broken config; Clawkeeper cannot check modes or order.',
      hint: `Fix the JSON5 syntax in ${install.configPath}`,
      files: [install.configPath],
      credentials: [],
    });
  }
  const configProfiles = config?.auth?.profiles ?? {};
  // Seed bug (domain.md §4): config `mode` must agree with the stored `type`.
  for (const e of mine) {
    const cp = configProfiles[e.profileId ?? ''];
    if (!cp || e.id.endsWith('@json')) continue;
    if (cp.mode !== undefined && e.kind !== null && !modeAccepts(cp.mode, e.kind)) {
      e.problems.push({
        state: 'misconfigured',
        reason: `OpenClaw ignores this profile: openclaw.json says mode "${cp.mode}", the store says type "${e.kind}"`,
        hint: `Run \`clawkeeper doctor --fix\` (sets auth.profiles["${e.profileId}"].mode to "${e.kind}" in ${install.configPath})`,
        check: 'mode-type-mismatch',
        impact:
          'The profile is silently ineligible: this is why requests fail with 401 Invalid bearer token or "no credentials".',
        files: [install.configPath, e.location],
      });
    }
    if (
      cp.provider !== undefined &&
      e.provider !== null &&
      cp.provider !== e.provider &&
      !(cp.provider === 'anthropic' && isClaudeCliProfile({ id: e.profileId ?? '', provider: e.provider }))
    ) {
      e.problems.push({
        state: 'misconfigured',
        reason: `openclaw.json says provider "${cp.provider}", the store says "${e.provider}"`,
        hint: 'Make the two providers agree (`clawkeeper doctor --fix`)',
        check: 'provider-mismatch',
        files: [install.configPath, e.location],
      });
    }
  }
  // Profile ids that differ between config and stores.
  const readable = install.agents.some((a) => a.profiles.status === 'ok' || (a.cli?.ok ?? false));
  const stored = new Set(mine.filter((e) => !e.id.endsWith('@json')).map((e) => e.profileId));
  if (readable) {
    for (const [pid, cp] of Object.entries(configProfiles)) {
      if (isClaudeProfile({ id: pid, provider: cp.provider }) && !stored.has(pid)) {
        findings.push({
          check: 'config-profile-not-stored',
          severity: 'error',
          message: `openclaw.json configures "${pid}" but no agent stores a credential under that id`,
          impact: 'OpenClaw finds no credential for this profile and skips it.',
          hint: `Paste a token under that id (\`clawkeeper paste-token --profile-id ${pid}\`) or rename the profile in ${install.configPath}`,
          files: [install.configPath],
          credentials: [],
        });
      }
    }
  }
  findings.push(...orderChecks(install, mine, stored, now));
  return findings;
}

function orderChecks(
  install: OpenClawInstall,
  mine: Entry[],
  stored: Set<string | null>,
  now: number,
): Finding[] {
  const findings: Finding[] = [];
  const config = install.config.status === 'ok' ? install.config.value : null;
  const sources: Array<{ file: string; order: Record<string, string[]>; lastGood: Record<string, string> }> =
    [];
  if (config?.auth?.order) sources.push({ file: install.configPath, order: config.auth.order, lastGood: {} });
  for (const a of install.agents) {
    if (a.profiles.status === 'ok')
      sources.push({
        file: a.profiles.path,
        order: a.profiles.value.order ?? {},
        lastGood: a.profiles.value.lastGood ?? {},
      });
    if (a.state.status === 'ok')
      sources.push({
        file: a.state.path,
        order: a.state.value.order ?? {},
        lastGood: a.state.value.lastGood ?? {},
      });
  }
  if (stored.size === 0) return findings;
  for (const s of sources) {
    for (const [provider, ids] of Object.entries(s.order)) {
      for (const id of ids) {
        if (!stored.has(id) && isClaudeProfile({ id, provider })) {
          findings.push({
            check: 'order-names-missing-profile',
            severity: 'warning',
            message: `auth order for ${provider} names "${id}", which does not exist`,
            impact:
              'OpenClaw skips the missing id; if it was meant to be first, another profile is used instead.',
            hint: `Remove "${id}" from the order in ${s.file} (\`clawkeeper doctor --fix\`)`,
            files: [s.file],
            credentials: [],
            subject: { provider, profileId: id },
          });
        }
      }
      const entriesInOrder = ids
        .map((id) => mine.find((e) => e.profileId === id && !e.id.endsWith('@json')))
        .filter((e): e is Entry => e !== undefined);
      const first = entriesInOrder[0];
      const expired = (e: Entry) => e.refresh === null && e.expiresAt !== null && e.expiresAt < now;
      if (first && expired(first) && entriesInOrder.slice(1).some((e) => !expired(e))) {
        findings.push({
          check: 'expired-first-in-order',
          severity: 'warning',
          message: `the first profile in the ${provider} order, "${first.profileId}", is expired while a valid one follows`,
          impact: 'Every request first tries the dead token, adding failures and cooldowns.',
          hint: `Move "${first.profileId}" to the end of the order in ${s.file} (\`clawkeeper doctor --fix\`)`,
          files: [s.file],
          credentials: [first.id],
          subject: { provider, profileId: first.profileId ?? '' },
        });
      }
    }
    for (const [provider, id] of Object.entries(s.lastGood)) {
      if (!stored.has(id) && isClaudeProfile({ id, provider })) {
        findings.push({
          check: 'last-good-missing-profile',
          severity: 'info',
          message: `lastGood for ${provider} names "${id}", which does not exist`,
          impact: 'Harmless but misleading; OpenClaw falls back to the order.',
          hint: `Remove it from ${s.file} (\`clawkeeper doctor --fix\`)`,
          files: [s.file],
          credentials: [],
          subject: { provider, profileId: id },
        });
      }
    }
  }
  return findings;
}

/** SQLite-era agents that still hold JSON credentials (domain.md §6 item 6). */
export function retiredJsonChecks(install: OpenClawInstall, entries: Entry[]): Finding[] {
  if (!install.generation.startsWith('sqlite')) return [];
  const findings: Finding[] = [];
  for (const a of install.agents) {
    if (a.profiles.status === 'missing') continue;
    const mine = entries.filter((e) => e.agent === a && e.id.endsWith('@json'));
    for (const e of mine) {
      e.problems.push({
        state: 'misconfigured',
        reason: `stored in auth-profiles.json, which OpenClaw ${install.version ?? '2026.6.5+'} no longer reads`,
        hint: 'Stop the gateway, then run `openclaw doctor --fix` to import it into the SQLite store',
      });
    }
    const dbEmpty = a.cli?.ok === true && a.cli.profiles.length === 0;
    findings.push({
      check: 'retired-json-store',
      severity: dbEmpty || a.cli?.ok === false ? 'error' : 'warning',
      message: `${a.profiles.path} is a retired JSON store beside OpenClaw's SQLite store`,
      impact:
        dbEmpty || a.cli?.ok === false
          ? 'OpenClaw fails closed with AUTH_PROFILE_MIGRATION_REQUIRED until it is imported.'
          : 'OpenClaw ignores this file; edits to it do nothing.',
      hint: 'Stop the gateway, run `openclaw doctor --fix` (it imports the file), then start the gateway again',
      files: [a.profiles.path],
      credentials: mine.map((e) => e.id),
    });
  }
  return findings;
}

/** File and directory permissions and owners (domain.md §6 item 8). */
export function permissionChecks(inv: Inventory): Finding[] {
  const findings: Finding[] = [];
  const files: Array<{ path: string; mode: number; uid: number }> = [];
  const dirs: Array<{ path: string; mode: number; uid: number }> = [];
  for (const c of inv.claude)
    if (c.read.status !== 'missing' && c.read.stat) files.push({ path: c.read.path, ...c.read.stat });
  for (const i of inv.installs) {
    if (i.stateDirStat) dirs.push({ path: i.stateDir, ...i.stateDirStat });
    for (const r of [i.legacyOauth, ...i.agents.flatMap((a) => [a.profiles, a.state])])
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

export function machineChecks(inv: Inventory): Finding[] {
  const findings: Finding[] = [];
  for (const e of inv.env) {
    findings.push({
      check: 'env-override',
      severity: 'info',
      message: `${e.name} is set in this environment (${e.value.masked})`,
      impact: 'Programs started from this environment use it instead of the stored credentials.',
      hint: `Unset ${e.name} if you want the stored credentials to be used`,
      files: [],
      credentials: [`env:${e.name}`],
    });
  }
  if (inv.duplicateKeychainItems.length > 1) {
    findings.push({
      check: 'duplicate-keychain-items',
      severity: 'warning',
      message: `two Keychain items hold a Claude login: ${inv.duplicateKeychainItems.join(', ')}`,
      impact: 'A /login may update one item while other tools read the other.',
      hint: 'Log in again with `claude /login`, then delete the stale item in Keychain Access',
      files: [],
      credentials: [],
    });
  }
  for (const c of inv.claude) {
    if (c.primary && c.read.status === 'ok' && !c.writable) {
      findings.push({
        check: 'read-only-store',
        severity: 'warning',
        message: `${c.location} cannot be written`,
        impact: 'Nobody can refresh this login here: it dies when the access token expires.',
        hint: 'Mount the Claude config directory read-write, or refresh on the host that owns it',
        files: [c.location],
        credentials: ['claude-code'],
      });
    }
  }
  return findings;
}

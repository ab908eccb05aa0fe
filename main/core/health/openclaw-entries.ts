import { normalizeProfile, type StoredProfile } from '../formats/auth-profiles.ts';
import type { AgentStore, OpenClawInstall } from '../discovery/inventory.ts';
import type { OpenClawRecord, Route } from './report.ts';
import { secretOrNull } from '../kernel/secret.ts';
import { isClaudeCliProfile, isClaudeProfile } from '../formats/claude-profile.ts';
import { base, NEW_SETUP_TOKEN, unreadable, type Entry } from './entry.ts';
import { shapeProblems, storedProblems } from './slot-checks.ts';
import { recordOf } from './openclaw-records.ts';
import { rulesFor } from '../resolution/release-rules.ts';
import { cliTargetId, type PushedCopy } from '../formats/link-target.ts';

function isClaudeStored(p: StoredProfile): boolean {
  return isClaudeProfile({ id: p.id, provider: p.provider, masked: p.value?.masked ?? null });
}

function routeOf(p: { id: string; provider: string | null; type: string | null }): Route | null {
  if (isClaudeCliProfile(p)) return 'claude-cli';
  return p.type === 'oauth' || p.type === 'token' || p.type === 'api_key' ? p.type : null;
}

/**
 * Entries for one agent's store: its JSON file, or its SQLite rows when read directly. A SQLite
 * generation's JSON file is retired (OpenClaw ignores it); its entries carry `@json`.
 */
export function profileEntries(install: OpenClawInstall, agent: AgentStore): Entry[] {
  const sqliteGen = install.generation.startsWith('sqlite');
  if (agent.origin === 'sqlite') {
    const out = [
      ...storeEntries(install, agent, agent.profiles, false),
      ...storeEntries(install, agent, agent.retiredJson, true),
    ];
    const empty = agent.profiles.status === 'ok' && Object.keys(agent.profiles.value.profiles).length === 0;
    const legacy =
      agent.retiredJson.status === 'ok' && Object.keys(agent.retiredJson.value.profiles).length > 0;
    if (empty && legacy && rulesFor(install.version, install.generation).legacyJsonRefused)
      out.unshift(migrationRequired(install, agent, `${agent.profiles.path}#${agent.agentId}`));
    return out;
  }
  return storeEntries(install, agent, agent.profiles, sqliteGen);
}

function storeEntries(
  install: OpenClawInstall,
  agent: AgentStore,
  read: AgentStore['profiles'],
  retired: boolean,
): Entry[] {
  if (read.status === 'missing') return [];
  const inDb = !retired && agent.origin === 'sqlite';
  const fileId = `${install.label}:${agent.agentId}/${inDb ? 'sqlite' : 'auth-profiles.json'}`;
  if (read.status === 'unreadable')
    return [
      unreadable(
        fileId,
        read.path,
        inDb ? 'sqlite' : 'file',
        read.error,
        inDb
          ? 'OpenClaw wrote a store Clawkeeper cannot parse; run `openclaw models status` to see what OpenClaw makes of it'
          : 'Fix the JSON by hand or restore a backup; Clawkeeper leaves it byte-for-byte untouched',
      ),
    ];
  const out: Entry[] = [];
  for (const [pid, raw] of Object.entries(read.value.profiles)) {
    const p = normalizeProfile(pid, raw);
    if (!isClaudeStored(p)) continue;
    const e = base({
      id: `${install.label}:${agent.agentId}/${pid}${retired ? '@json' : ''}`,
      location: inDb ? `${read.path}#${agent.agentId}` : read.path,
      source: inDb ? 'sqlite' : 'file',
      install,
      agent,
      profileId: pid,
      provider: p.provider,
      kind: p.type,
      route: routeOf(p),
      value: p.value,
      refresh: p.type === 'oauth' ? p.refresh : null,
      expiresAt: p.expires,
      stored: p,
      // an agent's view merges the main store's usage under its own, by profile id: a mark main
      // recorded for this id holds for the agent's profile of that id too (mergeAuthProfileStores)
      record: recordOf(agent, pid) ?? (agent.agentId === 'main' ? null : mainRecord(install, pid)),
    });
    storedProblems(e, p);
    out.push(e);
  }
  return out;
}

export function legacyOauthEntries(install: OpenClawInstall): Entry[] {
  const read = install.legacyOauth;
  if (read.status === 'missing') return [];
  const id = `${install.label}:credentials/oauth.json`;
  if (read.status === 'unreadable')
    return [unreadable(id, read.path, 'file', read.error, 'Fix the JSON by hand or delete this legacy file')];
  const v = read.value.anthropic;
  if (!v) return [];
  const value = secretOrNull(v.access);
  const refresh = secretOrNull(v.refresh);
  const e = base({
    id,
    location: read.path,
    source: 'file',
    install,
    kind: 'oauth',
    route: 'oauth',
    provider: 'anthropic',
    value,
    refresh,
    expiresAt: typeof v.expires === 'number' && v.expires > 0 ? v.expires : null,
  });
  if (!value && !refresh)
    e.problems.push({
      state: 'needs-reauth',
      reason: 'legacy oauth.json holds no token',
      hint: 'Remove the empty entry or run `clawkeeper sync`',
    });
  if (value) shapeProblems(e, value, 'oauth-access');
  return [e];
}

/** Entries from `openclaw models status --json` (SQLite generations). No secrets are read. */
/** OpenClaw fails closed: legacy JSON credentials beside an empty SQLite store. */
function migrationRequired(install: OpenClawInstall, agent: AgentStore, location: string): Entry {
  return base({
    id: `${install.label}:${agent.agentId}`,
    location,
    source: agent.origin === 'sqlite' ? 'sqlite' : 'openclaw-cli',
    install,
    agent,
    problems: [
      {
        state: 'misconfigured',
        reason:
          'OpenClaw refuses this agent: AUTH_PROFILE_MIGRATION_REQUIRED (legacy JSON credentials beside the SQLite store)',
        hint: 'Stop the gateway, then run `openclaw doctor --fix`',
        check: 'sqlite-migration-required',
        impact: 'Every model call of this agent fails until the store is migrated.',
        files: [agent.dir],
      },
    ],
  });
}

/** How far the expiry OpenClaw reports may be from the one a paste asked for (clocks, run time). */
const PUSHED_SLACK_MS = 5 * 60_000;

export function cliEntries(
  install: OpenClawInstall,
  agent: AgentStore,
  openclawBin: string | null,
  pushed: ReadonlyMap<string, PushedCopy> = new Map(),
): Entry[] {
  const cli = agent.cli;
  if (!cli) return [];
  const location = `openclaw-cli:${install.stateDir}#${agent.agentId}`;
  if (!cli.ok) {
    const id = `${install.label}:${agent.agentId}`;
    if (cli.code === 'migration-required') return [migrationRequired(install, agent, location)];
    const hint =
      cli.code === 'cli-missing'
        ? 'Install the openclaw CLI or set CLAWKEEPER_OPENCLAW_BIN (or openclaw.bin in settings) so Clawkeeper can read its SQLite store'
        : `Run \`${openclawBin ?? 'openclaw'} models status\` to see why it fails`;
    return [
      base({
        id,
        location,
        source: 'openclaw-cli',
        install,
        agent,
        problems: [
          {
            state: 'unreadable',
            reason: `OpenClaw ${install.generation === 'sqlite-shared' ? '2026.8+' : '2026.6.5+'} keeps credentials in SQLite and ${cli.error}`,
            hint,
          },
        ],
      }),
    ];
  }
  return cli.profiles
    .filter((p) => p.provider === null || isClaudeProfile({ id: p.profileId, provider: p.provider }))
    .map((p) => {
      const kind = p.type === 'oauth' || p.type === 'token' || p.type === 'api_key' ? p.type : null;
      const paste = pushed.get(cliTargetId(install.stateDir, agent.agentId, p.profileId));
      const ours =
        paste?.expiresAt != null &&
        p.expiresAt !== null &&
        kind === 'token' &&
        Math.abs(p.expiresAt - paste.expiresAt) <= PUSHED_SLACK_MS;
      const e = base({
        id: `${install.label}:${agent.agentId}/${p.profileId}`,
        location,
        source: 'openclaw-cli',
        install,
        agent,
        profileId: p.profileId,
        provider: p.provider,
        kind,
        route: routeOf({ id: p.profileId, provider: p.provider, type: kind }),
        expiresAt: p.expiresAt,
        cliStatus: p.status,
        pushed: ours ? paste.fingerprint : null,
      });
      if (p.status === 'missing')
        e.problems.push({
          state: 'needs-reauth',
          reason: 'OpenClaw reports this profile has no credential',
          hint: NEW_SETUP_TOKEN,
        });
      // SQLite releases drop `expiresAt` of an expired token and say `status: "expired"`: without
      // this, a token OpenClaw refuses read as "static, never expires" (an OAuth login it renews)
      else if ((p.status === 'expired' || p.reasonCode === 'expired') && kind !== 'oauth')
        e.problems.push({
          state: 'expired',
          reason: ours
            ? "OpenClaw reports this copy of Claude Code's login expired"
            : 'OpenClaw reports this token expired; nothing renews it',
          hint: ours ? 'Run `clawkeeper sync` (or keep `clawkeeper watch` running)' : NEW_SETUP_TOKEN,
        });
      else if (p.status === 'invalid_expires' || p.reasonCode === 'invalid_expires')
        e.problems.push({
          state: 'misconfigured',
          reason: 'OpenClaw refuses this token: its expiry is not a valid time',
          hint: NEW_SETUP_TOKEN,
        });
      return e;
    });
}

function mainRecord(install: OpenClawInstall, pid: string): OpenClawRecord | null {
  const main = install.agents.find((a) => a.agentId === 'main');
  return main ? recordOf(main, pid) : null;
}

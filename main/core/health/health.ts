import { describeExpiry, formatDuration } from '../../../common/duration.ts';
import {
  claudeEntries,
  cliEntries,
  envEntries,
  legacyOauthEntries,
  profileEntries,
  type Entry,
  type Problem,
} from './entries.ts';
import { installChecks, machineChecks, permissionChecks, retiredJsonChecks } from './install-checks.ts';
import type { Inventory } from '../discovery/inventory.ts';
import {
  exitCodeOf,
  worseOf,
  worstOf,
  type CredentialReport,
  type Finding,
  type InstallReport,
  type Owner,
  type StatusReport,
} from './report.ts';
import type { Settings } from '../settings/settings.ts';

export interface JudgeOptions {
  readonly now: number;
  readonly settings: Settings;
  readonly notes?: readonly string[];
  /** fingerprints of earlier tokens of Claude Code's login (kept by the keeper), to recognise old copies */
  readonly knownLogin?: readonly string[];
}

/** Groups entries that hold the same login: shared token values, the same profile id across agents, Claude's own stores. */
function lineages(entries: Entry[], knownLogin: ReadonlySet<string>): Map<Entry, Entry[]> {
  const parent = new Map<Entry, Entry>(entries.map((e) => [e, e]));
  const find = (e: Entry): Entry => {
    let r = e;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(e, r);
    return r;
  };
  const union = (a: Entry, b: Entry) => parent.set(find(a), find(b));
  const byKey = new Map<string, Entry>();
  const link = (key: string, e: Entry) => {
    const other = byKey.get(key);
    if (other) union(e, other);
    else byKey.set(key, e);
  };
  for (const e of entries) {
    if (e.source === 'env') continue;
    if (e.value) link(`v:${e.value.fingerprint}`, e);
    if (e.refresh) link(`v:${e.refresh.fingerprint}`, e);
    if (e.install && e.profileId) link(`p:${e.install.label}:${e.profileId}`, e);
    // OpenClaw's own copy of Claude Code's login (JSON generations), and any profile holding an
    // earlier token of that login, belong to Claude's lineage.
    const earlier = [e.value, e.refresh].some((v) => v !== null && knownLogin.has(v.fingerprint));
    if (
      e.claude ||
      earlier ||
      (e.profileId === 'anthropic:claude-cli' && e.source === 'file') /* the JSON-era copy */
    )
      link('claude-login', e);
  }
  const groups = new Map<Entry, Entry[]>();
  for (const e of entries) {
    const r = find(e);
    groups.set(r, [...(groups.get(r) ?? []), e]);
  }
  const out = new Map<Entry, Entry[]>();
  for (const g of groups.values()) for (const e of g) out.set(e, g);
  return out;
}

function ownerOf(e: Entry, group: Entry[]): Owner {
  if (group.some((g) => g.claude && g.claude.read.status === 'ok')) return 'claude-code';
  if (e.kind === 'oauth' && (e.refresh || e.selfRenewing)) return 'openclaw';
  return 'static';
}

/** The freshest holder of a lineage: Claude's primary store if readable, else the latest expiry. */
function freshestOf(group: Entry[]): Entry | null {
  const primary = group.find((g) => g.claude?.primary && g.value);
  if (primary) return primary;
  let best: Entry | null = null;
  for (const g of group)
    if (g.value && g.expiresAt !== null && (!best || (best.expiresAt ?? 0) < g.expiresAt)) best = g;
  return best;
}

function staleProblem(e: Entry, group: Entry[], now: number): Problem | null {
  const fresh = freshestOf(group);
  if (!fresh || fresh === e || !e.value || !fresh.value || fresh.value.fingerprint === e.value.fingerprint)
    return null;
  if (e.claude?.primary) return null;
  const mine = e.expiresAt ?? 0;
  const theirs = fresh.expiresAt ?? 0;
  if (mine >= theirs) return null;
  return {
    state: 'stale-copy',
    reason: `holds an older token than ${fresh.id} (${describeExpiry(e.expiresAt, now)}; ${fresh.id} ${describeExpiry(fresh.expiresAt, now)})`,
    hint: 'Run `clawkeeper sync` (or let `clawkeeper watch` keep it in step)',
    check: 'stale-copy',
    impact: 'OpenClaw uses the older token; when it expires the bot fails with 401.',
    files: e.source === 'file' ? [e.location] : [],
  };
}

function timeProblem(
  e: Entry,
  owner: Owner,
  refreshable: boolean,
  settings: Settings,
  now: number,
): Problem | null {
  if (e.expiresAt === null) return null;
  const left = e.expiresAt - now;
  // A copy holding the login's current token is renewed with it (by `clawkeeper sync`/`watch`):
  // its short life is no warning, but once past expiry OpenClaw cannot use it.
  if (owner === 'claude-code' && !e.claude && !refreshable) {
    if (left >= 0) return null;
    return {
      state: 'expired',
      reason: `copy of Claude Code's login ${describeExpiry(e.expiresAt, now)}`,
      hint: 'Run `clawkeeper sync` (or keep `clawkeeper watch` running) to renew the login and copy it',
    };
  }
  if (refreshable) {
    const warn = settings.health.renewableWarnMinutes * 60_000;
    if (warn > 0 && left >= 0 && left < warn)
      return {
        state: 'expiring',
        reason: `access token ${describeExpiry(e.expiresAt, now)} and has not been renewed yet`,
        hint: 'Run `clawkeeper refresh`',
      };
    return null;
  }
  const fix = e.claude
    ? 'Run `claude` and type /login'
    : e.source === 'openclaw-cli' && e.kind === 'oauth'
      ? 'Run `openclaw models auth login --provider anthropic`'
      : 'Run `claude setup-token`, then `clawkeeper paste-token`';
  if (left < 0)
    return {
      state: 'expired',
      reason: `${owner === 'static' ? 'static token' : 'token'} ${describeExpiry(e.expiresAt, now)} and nothing renews it`,
      hint: fix,
    };
  if (left < settings.health.staticWarnDays * 86_400_000)
    return {
      state: 'expiring',
      reason: `static token ${describeExpiry(e.expiresAt, now)}; nothing renews it`,
      hint: fix,
    };
  return null;
}

function okReason(e: Entry, owner: Owner, refreshable: boolean, now: number): string {
  if (e.expiresAt === null)
    return e.kind === 'api_key' ? 'API key (no expiry)' : 'static token, never expires';
  const left = e.expiresAt - now;
  if (owner === 'claude-code' && !e.claude)
    return `copy of Claude Code's login, valid for ${formatDuration(left)}; \`clawkeeper watch\` keeps it in step`;
  const who = owner === 'claude-code' ? 'Claude Code' : 'OpenClaw';
  if (refreshable)
    return left >= 0
      ? `valid for ${formatDuration(left)}; ${who} renews it`
      : `access token expired ${formatDuration(left)} ago; ${who} renews it on next use`;
  return `static token, valid for ${formatDuration(left)}`;
}

/** Judges every credential and returns the status report (pure: a function of the inventory and `now`). */
export function judge(inv: Inventory, opts: JudgeOptions): StatusReport {
  const { now, settings } = opts;
  const entries: Entry[] = [...claudeEntries(inv), ...envEntries(inv)];
  for (const install of inv.installs) {
    for (const agent of install.agents)
      entries.push(...profileEntries(install, agent), ...cliEntries(install, agent, inv.openclawBin));
    entries.push(...legacyOauthEntries(install));
  }
  const findings: Finding[] = [];
  for (const install of inv.installs)
    findings.push(...installChecks(install, entries, now), ...retiredJsonChecks(install, entries));
  findings.push(...permissionChecks(inv), ...machineChecks(inv));

  const groups = lineages(entries, new Set(opts.knownLogin ?? []));
  const credentials: CredentialReport[] = entries.map((e) => {
    const group = groups.get(e) ?? [e];
    const owner = ownerOf(e, group);
    const refreshable =
      e.kind === 'oauth' &&
      (owner === 'claude-code'
        ? group.some((g) => g.claude && g.refresh)
        : e.refresh !== null || e.selfRenewing) &&
      !e.problems.some((p) => p.state === 'needs-reauth');
    const stale = staleProblem(e, group, now);
    if (stale) e.problems.push(stale);
    // A copy is judged by its own expiry: it is not renewed just because its source is.
    const time = timeProblem(
      e,
      owner,
      refreshable && (e.claude !== null || owner === 'openclaw'),
      settings,
      now,
    );
    if (time && !stale) e.problems.push(time);
    const worst = e.problems.reduce<Problem | null>(
      (w, p) => (w === null || worseOf(w.state, p.state) === p.state ? p : w),
      null,
    );
    return {
      id: e.id,
      location: e.location,
      source: e.source,
      install: e.install?.label ?? null,
      agent: e.agent?.agentId ?? null,
      profileId: e.profileId,
      provider: e.provider,
      kind: e.kind,
      route: e.route,
      owner,
      state: worst?.state ?? 'ok',
      reason: worst?.reason ?? okReason(e, owner, refreshable, now),
      hint: worst?.hint ?? null,
      expiresAt: e.expiresAt,
      refreshable,
      fingerprint: e.value?.fingerprint ?? null,
      masked: e.value?.masked ?? null,
      copies: group.filter((g) => g !== e).map((g) => g.id),
    };
  });
  for (const e of entries) {
    for (const p of e.problems) {
      if (p.check)
        findings.push({
          check: p.check,
          severity: p.state === 'stale-copy' ? 'warning' : 'error',
          message: `${e.id}: ${p.reason}`,
          impact: p.impact ?? p.reason,
          hint: p.hint ?? '',
          files: p.files ?? [],
          credentials: [e.id],
        });
    }
  }
  const notes = [...(opts.notes ?? [])];
  if (credentials.length === 0) notes.push('No Claude or OpenClaw credentials were found on this machine.');
  // Nothing found at all counts as "missing", like `openclaw models status --check`.
  const worst = credentials.length === 0 ? 'needs-reauth' : worstOf(credentials.map((c) => c.state));
  return {
    schema: 'clawkeeper.status/1',
    generatedAt: now,
    worst,
    exitCode: exitCodeOf(worst),
    credentials,
    findings,
    installs: inv.installs.map(installReport),
    notes,
  };
}

function installReport(i: Inventory['installs'][number]): InstallReport {
  const viaCli = i.generation.startsWith('sqlite');
  return {
    label: i.label,
    stateDir: i.stateDir,
    configPath: i.configPath,
    generation: i.generation,
    version: i.version,
    agents: i.agents.map((a) => a.agentId),
    readVia: !viaCli ? 'files' : i.agents.every((a) => a.cli?.ok) ? 'openclaw-cli' : 'unavailable',
  };
}

import { describeExpiry, formatDuration } from '../../../common/duration.ts';
import { claudeEntries } from './claude-entries.ts';
import { envEntries } from './env-entries.ts';
import { cliEntries, legacyOauthEntries, profileEntries } from './openclaw-entries.ts';
import type { Entry, Problem } from './entry.ts';
import { configChecks } from './config-checks.ts';
import { permissionChecks, retiredJsonChecks } from './file-checks.ts';
import { machineChecks } from './machine-checks.ts';
import type { Inventory } from '../discovery/inventory.ts';
import {
  severityOf,
  verdictExitCode,
  worseOf,
  worstOf,
  type CredentialReport,
  type Finding,
  type InstallReport,
  type Owner,
  type StatusReport,
} from './report.ts';
import type { Settings } from '../settings/settings.ts';
import { NO_EVIDENCE, slotKey, type Evidence } from './evidence-memory.ts';
import { evidenceProblem } from './evidence-checks.ts';
import { legacyOauthProblem } from './legacy-oauth.ts';
import { maskReport } from './mask.ts';
import type { PushedCopy } from '../formats/link-target.ts';

export interface JudgeOptions {
  readonly now: number;
  readonly settings: Settings;
  readonly notes?: readonly string[];
  /** fingerprints of earlier tokens of Claude Code's login (kept by the keeper), to recognise old copies */
  readonly knownLogin?: readonly string[];
  /** probe results, slot sightings and rejected logins from the data dir */
  readonly evidence?: Evidence;
  /** credentials at link targets discovery does not find by itself (linked `.env` files) */
  readonly linked?: readonly Entry[];
  /** what Clawkeeper pasted into SQLite-store targets, by target id (for stores read through the CLI) */
  readonly pushed?: ReadonlyMap<string, PushedCopy>;
}

/** Groups entries that hold the same login: shared token values or Claude's login lineage, never profile ids. */
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
    const fps = [e.value?.fingerprint, e.refresh?.fingerprint, e.pushed].filter((f): f is string => !!f);
    for (const fp of fps) link(`v:${fp}`, e);
    // OpenClaw's own copy of Claude Code's login (JSON generations), and any profile holding an
    // earlier token of that login, belong to Claude's lineage.
    // (what Clawkeeper pasted into a SQLite store was always a token of that login)
    const earlier = e.pushed !== null || fps.some((fp) => knownLogin.has(fp));
    if (e.claude || earlier || jsonEraCopy(e)) link('claude-login', e);
  }
  const groups = new Map<Entry, Entry[]>();
  for (const e of entries) {
    const r = find(e);
    const g = groups.get(r);
    // push, not spread: a spread per entry made 1,000 copies of one lineage quadratic
    if (g) g.push(e);
    else groups.set(r, [e]);
  }
  const out = new Map<Entry, Entry[]>();
  for (const g of groups.values()) for (const e of g) out.set(e, g);
  return out;
}

/**
 * OpenClaw's `anthropic:claude-cli` copy of Claude Code's login from the JSON generations. In a
 * SQLite store it is that copy carried over by `openclaw doctor --fix` (nothing renews it there
 * any more) or one `clawkeeper link add` pasted under that default id: a copy of the login either
 * way, when it holds a token (provider `claude-cli`, the route that runs Claude Code itself, is not a copy).
 */
function jsonEraCopy(e: Entry): boolean {
  if (e.profileId !== 'anthropic:claude-cli') return false;
  return e.source === 'file' || (e.source === 'sqlite' && e.value !== null && e.provider !== 'claude-cli');
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
  const held = e.value?.fingerprint ?? e.pushed;
  if (!fresh || fresh === e || !held || !fresh.value || fresh.value.fingerprint === held) return null;
  if (e.claude?.primary) return null;
  const mine = e.expiresAt ?? 0;
  const theirs = fresh.expiresAt ?? 0;
  if (mine >= theirs) return null;
  return {
    state: 'stale-copy',
    reason: `holds an older token than ${fresh.id} (${describeExpiry(e.expiresAt, now)}; ${fresh.id} ${describeExpiry(fresh.expiresAt, now)})`,
    hint:
      e.source !== 'sqlite' && e.source !== 'openclaw-cli'
        ? 'Run `clawkeeper sync` (or let `clawkeeper watch` keep it in step)'
        : "Run `clawkeeper sync` (or let `clawkeeper watch` keep it in step); it writes OpenClaw's database through `openclaw models auth paste-token`, so the openclaw CLI must be installed here",
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
  if (e.expiresAt === null && owner === 'claude-code' && !e.claude)
    return "copy of Claude Code's current token; `clawkeeper watch` keeps it in step";
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
  const ev = opts.evidence ?? NO_EVIDENCE;
  const entries = [
    ...collectEntries(inv, now, settings.health.signInWarnDays * 86_400_000, opts.pushed),
    ...(opts.linked ?? []),
  ];
  const findings: Finding[] = [];
  for (const install of inv.installs)
    findings.push(...configChecks(install, entries, now), ...retiredJsonChecks(install, entries));
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
    const evidence = evidenceProblem(e, ev, ev.slots.get(slotKey(e.id)) ?? null, now);
    if (evidence) e.problems.push(evidence);
    const legacy = legacyOauthProblem(e, group, inv, opts.knownLogin ?? []);
    if (legacy) e.problems.push(legacy);
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
      check: worst?.check ?? null,
      expiresAt: e.expiresAt,
      refreshable,
      fingerprint: e.value?.fingerprint ?? null,
      masked: e.value?.masked ?? null,
      copies: copiesOf(e, group),
      openclaw: e.record,
      evidence: evidenceOf(e, worst, ev),
    };
  });
  for (const [i, e] of entries.entries()) {
    const c = credentials[i]!;
    // a credential that is not ok is a finding too, so doctor and status never disagree
    if (c.state !== 'ok' && !e.problems.some((p) => p.check && p.state === c.state))
      findings.push({
        check: `credential-${c.state}`,
        severity: severityOf(c.state),
        message: `${c.id}: ${c.reason}`,
        impact: c.reason,
        hint: c.hint ?? '',
        files: e.source === 'file' ? [e.location] : [],
        credentials: [c.id],
      });
    for (const p of e.problems) {
      if (p.check)
        findings.push({
          check: p.check,
          severity: p.state === 'ok' ? 'info' : severityOf(p.state),
          message: `${e.id}: ${p.reason}`,
          impact: p.impact ?? p.reason,
          hint: p.hint ?? '',
          files: p.files ?? [],
          credentials: [e.id],
        });
    }
  }
  const notes = [...(opts.notes ?? [])];
  if (credentials.length === 0) notes.push(...emptyMachineNotes(inv));
  const worst = worstOf(credentials.map((c) => c.state));
  return maskReport({
    schema: 'clawkeeper.status/1',
    generatedAt: now,
    worst,
    exitCode: verdictExitCode(
      credentials.map((c) => c.state),
      findings,
    ),
    credentials,
    findings,
    installs: inv.installs.map(installReport),
    notes,
  });
}

/** Every credential entry of the inventory, secrets inside (for the judge and the probe). */
export function collectEntries(
  inv: Inventory,
  now = Date.now(),
  signInWarnMs = 3 * 86_400_000,
  pushed?: ReadonlyMap<string, PushedCopy>,
): Entry[] {
  const entries: Entry[] = [...claudeEntries(inv, now, signInWarnMs), ...envEntries(inv)];
  for (const install of inv.installs) {
    for (const agent of install.agents)
      entries.push(...profileEntries(install, agent), ...cliEntries(install, agent, inv.openclawBin, pushed));
    entries.push(...legacyOauthEntries(install));
  }
  return entries;
}

/** The freshest holder lists every copy; a copy lists the freshest holder only: linear output. */
function copiesOf(e: Entry, group: Entry[]): string[] {
  if (group.length < 2) return [];
  const head = freshestOf(group) ?? group.find((g) => g.claude) ?? group[0]!;
  if (head === e) return group.filter((g) => g !== e).map((g) => g.id);
  return [head.id];
}

function evidenceOf(e: Entry, worst: Problem | null, ev: Evidence): string[] {
  const out: string[] = [];
  if (e.expiresAt !== null) out.push('expiry');
  if (worst?.state === 'stale-copy') out.push('lineage');
  if (e.record) out.push('openclaw-records');
  if (e.value && ev.probes.has(e.value.fingerprint)) out.push('probe');
  if (e.refresh && ev.rejected.has(e.refresh.fingerprint)) out.push('rejected-login');
  if (worst?.state === 'unreadable' || worst?.state === 'misconfigured') out.push('file');
  return out;
}

function emptyMachineNotes(inv: Inventory): string[] {
  const looked = inv.claude.map((c) => c.location);
  return [
    `Nothing found: no Claude Code login${looked.length ? ` (looked in ${looked.join(', ')})` : ''} and no OpenClaw, Clawdbot or Moltbot install (looked in ~/.openclaw, ~/.clawdbot, ~/.moltbot and $OPENCLAW_STATE_DIR).`,
    'Next step: install Claude Code and run `claude`, then type /login (or `claude auth login`); install OpenClaw (`npm install -g openclaw`) and run `openclaw onboard`; then run `clawkeeper status` again.',
  ];
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
    readVia: !viaCli
      ? 'files'
      : i.agents.every((a) => a.origin === 'sqlite')
        ? 'sqlite'
        : i.agents.every((a) => a.origin === 'sqlite' || a.cli?.ok)
          ? 'openclaw-cli'
          : 'unavailable',
    readNotes: i.readNotes,
  };
}

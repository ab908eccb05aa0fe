/**
 * Turns what a remote host answered into a host part: its own `clawkeeper status --json`
 * (re-tagged with the host), or `openclaw models status --json` per agent, normalised into the
 * same credential rows. Every string from the remote passes the token masker first.
 */
import { jsonIn } from '../kernel/json-in.ts';
import { redactTokens } from '../kernel/redact.ts';
import type { CredentialKind } from '../health/report.ts';
import { frames } from './remote-plan.ts';
import {
  hostEntry,
  hostedExitCode,
  worstHosted,
  type HostedCredential,
  type HostedFinding,
  type HostedInstall,
  type HostPart,
  type HostSummary,
} from './hosts-report.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? redactTokens(v).slice(0, 2000) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strs = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap((x) => (typeof x === 'string' ? [redactTokens(x).slice(0, 500)] : [])).slice(0, 1000)
    : [];

/** Masks every string in a JSON value (depth-bounded). */
function scrub(v: unknown, depth = 0): unknown {
  if (depth > 8) return null;
  if (typeof v === 'string') return redactTokens(v).slice(0, 2000);
  if (Array.isArray(v)) return v.slice(0, 1000).map((x) => scrub(x, depth + 1));
  if (isObj(v))
    return Object.fromEntries(
      Object.entries(v)
        .slice(0, 200)
        .map(([k, x]) => [k, scrub(x, depth + 1)]),
    );
  return v;
}

interface HostRef {
  readonly name: string;
  readonly destination: string;
}

function credentialFrom(host: string, o: Obj): HostedCredential | null {
  const id = str(o['id']);
  const state = str(o['state']);
  if (!id || !state) return null;
  const kind = o['kind'];
  return {
    ...(scrub(o) as Obj),
    host,
    id,
    state,
    location: str(o['location']) ?? '',
    source: (str(o['source']) ?? 'file') as HostedCredential['source'],
    install: str(o['install']),
    agent: str(o['agent']),
    profileId: str(o['profileId']),
    provider: str(o['provider']),
    kind: kind === 'oauth' || kind === 'token' || kind === 'api_key' ? kind : null,
    route: (str(o['route']) ?? null) as HostedCredential['route'],
    owner: (str(o['owner']) ?? 'static') as HostedCredential['owner'],
    reason: str(o['reason']) ?? '',
    hint: str(o['hint']),
    expiresAt: num(o['expiresAt']),
    refreshable: o['refreshable'] === true,
    fingerprint: str(o['fingerprint']),
    masked: str(o['masked']),
    copies: strs(o['copies']),
    openclaw: (o['openclaw'] && typeof o['openclaw'] === 'object'
      ? o['openclaw']
      : null) as HostedCredential['openclaw'],
    evidence: strs(o['evidence']),
  };
}

/** A remote clawkeeper's `status --json`, re-tagged with the host. Null when it is not one. */
export function fromClawkeeperReport(
  host: HostRef,
  doc: unknown,
): Pick<HostPart, 'credentials' | 'findings' | 'installs' | 'notes'> | null {
  if (!isObj(doc) || typeof doc['schema'] !== 'string' || !doc['schema'].startsWith('clawkeeper.status/'))
    return null;
  const creds = Array.isArray(doc['credentials']) ? doc['credentials'] : [];
  const findings = Array.isArray(doc['findings']) ? doc['findings'] : [];
  const installs = Array.isArray(doc['installs']) ? doc['installs'] : [];
  return {
    credentials: creds.flatMap((c) =>
      isObj(c) ? [credentialFrom(host.name, c)].filter((x) => x !== null) : [],
    ),
    findings: findings.flatMap((f) =>
      isObj(f) ? [{ ...(scrub(f) as HostedFinding), host: host.name }] : [],
    ),
    installs: installs.flatMap((i) =>
      isObj(i) ? [{ ...(scrub(i) as HostedInstall), host: host.name }] : [],
    ),
    notes: strs(doc['notes']),
  };
}

interface OcProfile {
  profileId: string;
  provider: string | null;
  type: string | null;
  status: string;
  reasonCode: string | null;
  expiresAt: number | null;
}

/** Every object with a `profileId` in an `openclaw models status --json` document, first wins. */
export function openclawProfiles(doc: unknown): OcProfile[] {
  const seen = new Map<string, OcProfile>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12) return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    if (!isObj(v)) return;
    const id = v['profileId'];
    if (typeof id === 'string' && !seen.has(id)) {
      const expires = num(v['expiresAt']);
      seen.set(id, {
        profileId: id,
        provider: str(v['provider']) ?? (id.includes(':') ? (id.split(':')[0] ?? null) : null),
        type: str(v['type']) ?? str(v['mode']),
        status: str(v['status']) ?? 'unknown',
        reasonCode: str(v['reasonCode']),
        expiresAt: expires && expires > 0 ? expires : null,
      });
    }
    Object.values(v).forEach((x) => walk(x, depth + 1));
  };
  walk(doc, 0);
  return [...seen.values()];
}

const DAY = 86_400_000;

function ocCredential(host: HostRef, agent: string, p: OcProfile, now: number): HostedCredential {
  const kind: CredentialKind | null =
    p.type === 'oauth' ? 'oauth' : p.type === 'token' ? 'token' : p.type === 'api_key' ? 'api_key' : null;
  const expired =
    p.status === 'expired' || p.reasonCode === 'expired' || (p.expiresAt !== null && p.expiresAt <= now);
  const paste = `claude setup-token, then: clawkeeper paste-token --host ${host.name}${agent === 'main' ? '' : ` --agent ${agent}`}`;
  let state: string;
  let reason: string;
  let hint: string | null = null;
  if (expired) {
    state = kind === 'oauth' ? 'needs-reauth' : 'expired';
    reason = `OpenClaw on ${host.name} reports it expired`;
    hint = paste;
  } else if (p.status === 'missing') {
    state = 'needs-reauth';
    reason = `OpenClaw on ${host.name} has no usable credential here`;
    hint = paste;
  } else if (
    p.status === 'expiring' ||
    (kind !== 'oauth' && p.expiresAt !== null && p.expiresAt - now < 3 * DAY)
  ) {
    state = 'expiring';
    reason = `OpenClaw on ${host.name} reports it expiring; nothing renews it`;
    hint = paste;
  } else if (p.status === 'ok' || p.status === 'static') {
    state = 'ok';
    reason =
      kind === 'oauth'
        ? `OpenClaw on ${host.name} renews it (ok)`
        : p.expiresAt === null
          ? `OpenClaw on ${host.name} reports ok (no expiry recorded)`
          : `OpenClaw on ${host.name} reports ok`;
  } else {
    state = 'unreadable';
    reason = `OpenClaw on ${host.name} reports "${p.status}"`;
  }
  return {
    host: host.name,
    id: `openclaw:${agent}/${p.profileId}`,
    location: `openclaw-cli:${host.name}#${agent}`,
    source: 'openclaw-cli',
    install: 'openclaw',
    agent,
    profileId: p.profileId,
    provider: p.provider,
    kind,
    route: null,
    owner: kind === 'oauth' ? 'openclaw' : 'static',
    state,
    reason,
    hint,
    expiresAt: p.expiresAt,
    refreshable: kind === 'oauth',
    fingerprint: null,
    masked: null,
    copies: [],
    openclaw: null,
    evidence: [],
  };
}

/** Normalises the output of the status script (remote-plan STATUS_SCRIPT) into a host part. */
export function parseRemoteStatus(
  host: HostRef,
  stdout: string,
  now: number,
  durationMs: number | null,
): HostPart {
  const fs = frames(stdout);
  const via = fs.find((f) => f.key === 'via')?.value ?? null;
  const node = fs.find((f) => f.key === 'node')?.value || null;
  const summary = (worst: string, error: string | null, hint: string | null): HostSummary => ({
    name: host.name,
    destination: host.destination,
    reachable: true,
    via: via === 'clawkeeper' || via === 'openclaw' || via === 'none' ? via : null,
    worst,
    exitCode: hostedExitCode(worst),
    error,
    failure: null,
    hint,
    node: node ? str(node) : null,
    checkedAt: now,
    durationMs,
  });
  const nothing = (reason: string, hint: string | null): HostPart => ({
    summary: summary('unreadable', reason, hint),
    credentials: [hostEntry(host, 'unreadable', reason, hint)],
    findings: [],
    installs: [],
    notes: [],
  });
  const viaFrame = fs.find((f) => f.key === 'via');
  if (via === 'clawkeeper' && viaFrame) {
    const end = fs.find((f) => f.key === 'exit' && f.index > viaFrame.index);
    const body = stdout.slice(viaFrame.index, end?.index ?? stdout.length).replace(/^@@clawkeeper.*$/m, '');
    const part = fromClawkeeperReport(host, jsonIn(body));
    if (!part)
      return nothing(
        `clawkeeper on ${host.name} printed no status report (exit ${end?.value ?? '?'})`,
        'run `clawkeeper status` there to see why',
      );
    const worst = worstHosted(part.credentials.map((c) => c.state));
    return { summary: summary(worst, null, null), ...part };
  }
  if (via === 'openclaw') {
    const credentials: HostedCredential[] = [];
    const notes: string[] = [];
    const agents = fs.filter((f) => f.key === 'agent');
    for (const a of agents) {
      const agent = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(a.value) ? a.value : null;
      if (!agent) continue;
      const end = fs.find((f) => f.key === 'exit' && f.index > a.index);
      const body = stdout.slice(a.index, end?.index ?? stdout.length).replace(/^@@clawkeeper.*$/m, '');
      const doc = jsonIn(body);
      const profiles = openclawProfiles(doc);
      const error = isObj(doc) && isObj(doc['error']) ? str(doc['error']['message']) : null;
      if (error || (profiles.length === 0 && end?.value !== '0')) {
        const reason =
          error ?? `openclaw models status failed for agent ${agent} (exit ${end?.value ?? '?'})`;
        credentials.push({
          ...hostEntry(
            host,
            'unreadable',
            reason,
            /doctor --fix/.test(reason) ? `clawkeeper host doctor ${host.name}` : null,
          ),
          id: `openclaw:${agent}`,
          agent,
        });
        continue;
      }
      for (const p of profiles)
        if (p.provider === 'anthropic' || p.provider === null)
          credentials.push(ocCredential(host, agent, p, now));
    }
    const version = fs.find((f) => f.key === 'version')?.value;
    if (version)
      notes.push(`OpenClaw ${str(version) ?? ''} (read with its own CLI; no clawkeeper on this host)`);
    if (credentials.length === 0)
      return nothing(
        `OpenClaw on ${host.name} holds no Anthropic credential`,
        `claude setup-token, then: clawkeeper paste-token --host ${host.name}`,
      );
    const worst = worstHosted(credentials.map((c) => c.state));
    return { summary: summary(worst, null, null), credentials, findings: [], installs: [], notes };
  }
  if (via === 'none')
    return nothing(
      `neither clawkeeper nor openclaw was found on ${host.name} (non-interactive PATH)`,
      `clawkeeper host remove ${host.name}, then clawkeeper host add ${host.name} ${host.destination} --clawkeeper /path/to/clawkeeper (or --openclaw /path/to/openclaw)`,
    );
  return nothing(`${host.name} answered, but not with a status (is its shell a POSIX sh?)`, null);
}

/**
 * Compares the release's answer with Clawkeeper's on one home and names every disagreement by a
 * stable kind (`aspect:<clawkeeper>-vs-<release>/<context>`), so the same cause in a thousand homes
 * is one line of the report. The context is built from the release's answer (the truth) and
 * Clawkeeper's own reason, never from paths, times or tokens.
 */
import { dirname } from 'node:path';
import type { AgentRoute, KeeperCredential, KeeperView } from './keeper-view.ts';
import { attempted, type ReleaseAgentView, type ReleaseSend } from './oracle/release-view.ts';

export interface Disagreement {
  readonly kind: string;
  readonly agent: string | null;
  /** one line for a human: what each side said (no secrets: ids and states only) */
  readonly detail: string;
}

const BROKEN = new Set(['expired', 'misconfigured', 'unreadable', 'needs-reauth']);
const ATTENTION = new Set(['expiring', 'stale-copy', 'blocked']);

/** The release's verdict over all agents: 1 if any agent is 1, else 2 if any is 2, else 0. */
export function releaseExit(views: readonly ReleaseAgentView[]): number {
  const codes = views.map((v) => (v.exit === 0 || v.exit === 2 ? v.exit : 1));
  return codes.includes(1) ? 1 : codes.includes(2) ? 2 : 0;
}

/** Why the release answered the code it did, for the agent that decided it. */
export function releaseReason(views: readonly ReleaseAgentView[], exit: number): string {
  if (exit === 0) return 'ok';
  const v = views.find((x) => (exit === 1 ? x.exit !== 0 && x.exit !== 2 : x.exit === 2));
  if (!v) return 'unexplained';
  if (v.error) return `error-${errorSlug(v.error)}`;
  if (exit === 1 && v.missing.length)
    return `missing-${[...v.missing].sort().join('+')}${refreshableOnly(v) ? '-expired-oauth' : ''}`;
  if (exit === 1 && v.routeIssues.length) return `route-${[...new Set(v.routeIssues)].sort().join('+')}`;
  const claude = Object.entries(v.profiles).filter(([, p]) => p.provider === v.provider);
  const hit = claude.find(([, p]) => p.status === (exit === 1 ? 'expired' : 'expiring'));
  if (hit) return `${hit[1].status}-${hit[1].type}`;
  return `exit${exit}-other`;
}

/**
 * The release calls its provider missing while every profile it has for it is an OAuth login past
 * expiry: its status counts such a login unusable, its gateway refreshes it before sending.
 */
function refreshableOnly(v: ReleaseAgentView): boolean {
  if (!v.provider || !v.missing.includes(v.provider)) return false;
  const own = Object.values(v.profiles).filter((p) => p.provider === v.provider);
  return own.length > 0 && own.every((p) => p.type === 'oauth' && p.status === 'expired');
}

/** A release's error in a few words: `migration-required`, or its first words (`unknown-agent-id`). */
export function errorSlug(error: string): string {
  if (/legacy credential migration/i.test(error)) return 'migration-required';
  const words = error
    .toLowerCase()
    .replace(/<path>|\bn\b/g, ' ')
    .replace(/[^a-z ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 2);
  return words.slice(0, 4).join('-') || 'unknown';
}

/** Why Clawkeeper answered its code: the first credential or finding of that severity. */
export function keeperReason(k: KeeperView): string {
  if (k.exit === 0) return k.installs.length === 0 ? 'ok-no-gateway' : 'ok';
  const bad = k.exit === 1 ? BROKEN : ATTENTION;
  // a credential a gateway sends decides; one it never sends is only listed
  const decides = (x: KeeperCredential) =>
    x.sent === undefined || x.sent === 'first' || x.sent === 'fallback';
  const c =
    k.credentials.find((x) => bad.has(x.state) && decides(x)) ?? k.credentials.find((x) => bad.has(x.state));
  if (c) return `${c.state}-${credentialKind(c)}`;
  const f = k.findings.find((x) => x.severity === (k.exit === 1 ? 'error' : 'warning'));
  if (f) return `finding-${f.check}`;
  return k.credentials.length === 0 && k.findings.length === 0 ? 'nothing-found' : 'other';
}

function credentialKind(c: KeeperCredential): string {
  if (c.check) return c.check;
  if (c.id === 'claude-code' || c.id.startsWith('claude-code')) return 'claude-code';
  if (c.id.startsWith('env:')) return 'env';
  if (!c.profileId) return c.id.split(':')[0] ?? 'entry';
  return c.kind ?? 'unknown';
}

/** The Clawkeeper states that match a release profile status (OpenClaw's 24 h window, static = ok). */
function expectedStates(status: string, unusable: string | undefined): string[] {
  // past its end a token is expired, whatever marks it also carries
  if (status === 'expired') return ['expired'];
  if (unusable === 'disabled') return ['needs-reauth'];
  if (unusable === 'cooldown') return ['blocked'];
  return { ok: ['ok'], static: ['ok'], expiring: ['expiring'], expired: ['expired'] }[status] ?? [];
}

/**
 * The credential the release means by an agent's profile: the agent's own, else the main agent's
 * (inherited); of the type the release reports when both exist (2026.6+ sets an agent's superseded
 * default login aside for the main store's).
 */
function credentialFor(
  k: KeeperView,
  agent: string,
  profileId: string,
  type: string,
): KeeperCredential | undefined {
  const ofProfile = k.credentials.filter((c) => c.profileId === profileId);
  const own = ofProfile.find((c) => c.agent === agent);
  const main = ofProfile.find((c) => c.agent === 'main');
  if (own && main && own.kind !== type && main.kind === type) return main;
  return own ?? main ?? ofProfile[0];
}

function compareProfiles(views: readonly ReleaseAgentView[], k: KeeperView): Disagreement[] {
  const out: Disagreement[] = [];
  const seen = new Set<string>();
  for (const v of views) {
    if (v.error) continue;
    for (const [pid, p] of Object.entries(v.profiles)) {
      if (p.provider !== 'anthropic') continue;
      const c = credentialFor(k, v.agent, pid, p.type);
      const key = c?.id ?? `${v.agent}/${pid}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const unusable = v.unusable[pid];
      const want = expectedStates(p.status, unusable);
      if (want.length === 0) continue;
      const rel = unusable ? `${p.status}+${unusable}` : p.status;
      if (!c)
        out.push({
          kind: `state:absent-vs-${rel}/${p.type}`,
          agent: v.agent,
          detail: `${pid}: release ${rel}, Clawkeeper lists nothing`,
        });
      else if (!want.includes(c.state))
        out.push({
          kind: `state:${c.state}-vs-${rel}/${p.type}`,
          agent: v.agent,
          detail: `${pid}: release ${rel}, Clawkeeper ${c.state} (${c.id})`,
        });
    }
  }
  return out;
}

const sendName = (s: ReleaseSend | null) =>
  !s ? 'none' : s.kind === 'profile' ? 'profile' : s.kind === 'env' ? `env-${s.variable ?? '?'}` : s.kind;
const stepName = (s: AgentRoute['sends']) =>
  !s ? 'none' : s.kind === 'profile' ? 'profile' : s.kind === 'env' ? `env-${s.variable ?? '?'}` : s.kind;

function profileDesc(v: ReleaseAgentView, id: string | null): string {
  const p = id ? v.profiles[id] : undefined;
  return p ? `${p.type}-${p.status}` : 'unknown';
}

function compareRoutes(
  views: readonly ReleaseAgentView[],
  k: KeeperView,
  routes: readonly AgentRoute[],
): Disagreement[] {
  const out: Disagreement[] = [];
  // no state folder at all: the release answers about a gateway that has never run here, and
  // Clawkeeper reports no gateway (nothing to route)
  if (k.installs.length === 0) return out;
  for (const v of views) {
    if (v.error) continue;
    const install = k.installs.find((i) => v.configPath && i.stateDir === dirname(v.configPath))?.label;
    const r = routes.find((x) => x.agent === v.agent && (!install || x.install === install));
    const who = v.agent === 'main' ? 'main' : 'added';
    if (!r) {
      out.push({ kind: `route:absent/${who}`, agent: v.agent, detail: `no route for agent ${v.agent}` });
      continue;
    }
    if ((r.provider ?? null) !== v.provider)
      out.push({
        kind: `provider:${r.provider ?? 'none'}-vs-${v.provider ?? 'none'}`,
        agent: v.agent,
        detail: `model ${r.model ?? '-'} vs ${v.model ?? '-'}`,
      });
    if (v.provider !== 'anthropic') continue;
    const rel = v.sends;
    const ck = r.sends;
    if (rel?.kind === 'profile' && ck?.kind === 'profile') {
      if (rel.profileId !== ck.profileId)
        out.push({
          kind: `sends:other-profile/rel-${profileDesc(v, rel.profileId)}/ck-${profileDesc(v, ck.profileId)}`,
          agent: v.agent,
          detail: `release sends ${rel.profileId}, Clawkeeper says ${ck.profileId ?? '-'}`,
        });
      else {
        // profiles in a cooldown or disabled stay in the order, last: tried when nothing else works
        const relRest = (v.order ?? []).filter((id) => id !== rel.profileId && attempted(v.profiles[id]));
        const ckRest = r.fallbacks.filter((f) => f.kind === 'profile').map((f) => f.profileId ?? '');
        if (v.order && relRest.join(',') !== ckRest.join(','))
          out.push({
            kind: `fallbacks:differ/${relRest.length}-vs-${ckRest.length}`,
            agent: v.agent,
            detail: `release then ${relRest.join(',') || '-'}, Clawkeeper then ${ckRest.join(',') || '-'}`,
          });
      }
    } else if (!rel && v.order === null && !v.missing.includes('anthropic')) {
      // the release does not say what it sends (no `effectiveProfiles` before 2026.6.1): nothing to compare
    } else if (rel?.kind === 'env' && rel.variable === null && ck?.kind === 'env') {
      // the release says "the environment" without naming the variable: the kind is all it says
    } else if (sendName(rel) !== stepName(ck)) {
      const context = !rel
        ? v.missing.includes('anthropic')
          ? refreshableOnly(v)
            ? 'rel-missing-expired-oauth'
            : 'rel-missing'
          : 'rel-silent'
        : rel.kind === 'profile'
          ? `rel-${profileDesc(v, rel.profileId)}`
          : 'rel-env';
      out.push({
        kind: `sends:${stepName(ck)}-vs-${sendName(rel)}/${context}`,
        agent: v.agent,
        detail: `release sends ${JSON.stringify(rel)}, Clawkeeper ${JSON.stringify(ck)}`,
      });
    }
  }
  return out;
}

/** Every disagreement between the release's answer and Clawkeeper's on one home. */
export function compare(
  views: readonly ReleaseAgentView[],
  k: KeeperView,
  opts: { readonly wholeHome?: boolean } = {},
): Disagreement[] {
  if (k.crash) {
    const head = k.crash.replace(/\d+/g, 'N').replace(/\/\S+/g, '<path>').slice(0, 60);
    return [{ kind: `crash:${head}`, agent: null, detail: k.crash }];
  }
  const out: Disagreement[] = [];
  const rel = releaseExit(views);
  if (k.exit !== rel && opts.wholeHome !== false)
    out.push({
      kind: `exit:${k.exit}-vs-${rel}/rel-${releaseReason(views, rel)}/ck-${keeperReason(k)}`,
      agent: null,
      detail:
        views.map((v) => `${v.agent}=${v.exit}${v.error ? `(${v.error})` : ''}`).join(' ') +
        `; Clawkeeper ${k.exit} (${k.worst ?? '-'})`,
    });
  out.push(...compareProfiles(views, k));
  if (k.routes) out.push(...compareRoutes(views, k, k.routes));
  return out;
}

/**
 * The verdicts the resolution model decides: which credentials the gateway sends (only those
 * decide `worst` and the exit code), an agent whose Claude route sends nothing, and an agent
 * that does not send the Claude subscription first. Pure.
 */
import type { Inventory } from '../discovery/inventory.ts';
import { knowsProvider } from '../resolution/env-sources.ts';
import { resolveRoutes } from '../resolution/resolve-routes.ts';
import type { AgentRoute, RouteStep, SentPlace } from '../resolution/route.ts';
import type { Entry } from './entry.ts';
import { worstOf, type CredentialReport, type Finding, type HealthState } from './report.ts';

/** Every route, with Claude Code's login lineage (the login and its copies) as "the subscription". */
export function routesOf(
  inv: Inventory,
  entries: readonly Entry[],
  groups: Map<Entry, Entry[]>,
  now: number,
): AgentRoute[] {
  const login = new Set<string>();
  for (const e of entries) if (e.claude) for (const g of groups.get(e) ?? [e]) login.add(g.id);
  return resolveRoutes(inv, {
    now,
    isLogin: (id) => login.has(id),
    known: new Set(entries.map((e) => e.id)),
    fingerprints: new Map(entries.flatMap((e) => (e.value ? [[e.id, e.value.fingerprint] as const] : []))),
  });
}

const RANK: Record<SentPlace, number> = { first: 0, fallback: 1, never: 2, unused: 3 };

/** Where each entry stands in the routes; a Claude Code store shares the best place of its copies. */
export function sentPlaces(
  inv: Inventory,
  routes: readonly AgentRoute[],
  entries: readonly Entry[],
  groups: Map<Entry, Entry[]>,
): Map<string, SentPlace> {
  const direct = new Map<string, SentPlace>();
  const mark = (id: string | null, place: SentPlace) => {
    if (id !== null && RANK[place] < RANK[direct.get(id) ?? 'unused']) direct.set(id, place);
  };
  for (const r of routes) {
    mark(r.sends?.credential ?? null, 'first');
    for (const f of r.fallbacks) mark(f.credential, 'fallback');
  }
  const claudeRoutes = routes.filter((r) => r.claude);
  const nobody: SentPlace = claudeRoutes.length > 0 ? 'never' : 'unused';
  const discovered = new Set(
    inv.installs.flatMap((i) =>
      (i.envFiles ?? []).flatMap((f) => f.vars.map((v) => `env-file:${f.path}#${v.name}`)),
    ),
  );
  // a row that stands for a whole store (unreadable, migration required) is read first by every
  // agent the gateway runs on that store
  const routed = new Set(routes.map((r) => `${r.install}:${r.agent}`));
  const out = new Map<string, SentPlace>();
  for (const e of entries) {
    let place = direct.get(e.id) ?? nobody;
    if (e.profileId === null && e.install && e.agent && routed.has(`${e.install.label}:${e.agent.agentId}`))
      place = 'first';
    // a linked `.env` outside any state folder (a container's): read like the gateway's own environment
    if (!direct.has(e.id) && e.id.startsWith('env-file:') && !discovered.has(e.id) && claudeRoutes.length > 0)
      place = claudeRoutes.some((r) => r.sends === null) ? 'first' : 'fallback';
    if (e.claude)
      for (const g of groups.get(e) ?? [e]) {
        const p = direct.get(g.id);
        if (p && RANK[p] < RANK[place]) place = p;
      }
    out.set(e.id, place);
  }
  return out;
}

/** With no gateway to follow (no routes), every credential decides; else only those sent. */
export function decides(c: Pick<CredentialReport, 'sent'>, routes: readonly AgentRoute[]): boolean {
  return routes.length === 0 || c.sent === 'first' || c.sent === 'fallback';
}

/** The state an agent is in when its Claude route sends nothing: its skipped candidates' worst. */
function deadRouteState(r: AgentRoute, byId: ReadonlyMap<string, CredentialReport>): HealthState {
  const states = r.skipped.flatMap((s) => {
    const c = s.credential ? byId.get(s.credential) : undefined;
    return c && c.state !== 'ok' ? [c.state] : [];
  });
  return states.length ? worstOf(states) : 'needs-reauth';
}

/**
 * An agent whose model's provider is not Claude's and for which the gateway has nothing to send
 * (OpenClaw's `missingProvidersInUse`): every request of that agent fails, whatever the Claude
 * credentials hold. Only for providers whose sources the model knows, or a config the release refuses.
 */
export function unservedRoute(r: AgentRoute): boolean {
  if (r.claude || r.sends !== null || r.provider === null) return false;
  return knowsProvider(r.provider) || r.skipped.some((s) => s.credential === null && s.profileId === null);
}

/** The states that decide `worst`: the credentials sent, and every route that sends nothing. */
export function decidingStates(
  credentials: readonly CredentialReport[],
  routes: readonly AgentRoute[],
): HealthState[] {
  const byId = new Map(credentials.map((c) => [c.id, c]));
  return [
    ...credentials.filter((c) => decides(c, routes)).map((c) => c.state),
    ...routes.filter((r) => r.claude && r.sends === null).map((r) => deadRouteState(r, byId)),
    ...routes.filter(unservedRoute).map((): HealthState => 'misconfigured'),
  ];
}

/** The finding of an agent whose non-Claude model has no credential at all. */
function unservedFinding(r: AgentRoute): Finding {
  const refused = r.skipped.find((s) => s.credential === null && s.profileId === null);
  return {
    check: 'model-provider-missing',
    severity: 'error',
    message: `${r.install}:${r.agent}: the agent's model ${r.model ?? '?'} needs a ${r.provider ?? '?'} credential and the gateway has none${refused ? ` (${refused.why})` : ''}`,
    impact: `Every request of agent ${r.agent} fails (OpenClaw reports ${r.provider ?? 'the provider'} missing); your Claude credentials are not used by this agent.`,
    hint: `To use your Claude subscription, give the agent a Claude model (\`openclaw models set anthropic/claude-sonnet-4-5\`${r.agent === 'main' ? '' : `, or the model of agent ${r.agent} in openclaw.json`}); or add a ${r.provider ?? ''} credential to OpenClaw`,
    files: [],
    credentials: [],
  };
}

function describe(s: RouteStep, byId: ReadonlyMap<string, CredentialReport>): string {
  if (s.kind === 'env') return `the environment variable ${s.variable ?? '?'}`;
  if (s.kind === 'cli') return "Claude Code's own login (the claude-cli route)";
  if (s.kind === 'config') return `the API key in ${s.variable ?? 'openclaw.json'}`;
  const c = s.credential ? byId.get(s.credential) : undefined;
  return `profile ${s.profileId ?? '?'}${c ? ` (${c.kind === 'api_key' ? 'API key' : (c.kind ?? 'unknown')}, ${c.state})` : ''}`;
}

/** Findings the routes raise: an agent with nothing to send, and the subscription not sent first. */
export function routeFindings(
  routes: readonly AgentRoute[],
  credentials: readonly CredentialReport[],
  loginPresent: boolean,
): Finding[] {
  const byId = new Map(credentials.map((c) => [c.id, c]));
  const out: Finding[] = routes.filter(unservedRoute).map(unservedFinding);
  for (const r of routes.filter((x) => x.claude)) {
    const who = `${r.install}:${r.agent}`;
    const model = r.model ?? 'its model';
    if (r.sends === null) {
      const skipped = r.skipped.flatMap((s) => (s.credential ? [s.credential] : []));
      // dead only because a store cannot be read: that store's own finding says it (and its fix)
      const unreadable = skipped.filter((id) => byId.get(id)?.state === 'unreadable');
      if (unreadable.length > 0 && unreadable.length === r.skipped.length) continue;
      const fix = skipped.map((id) => byId.get(id)?.hint).find((h): h is string => !!h);
      out.push({
        check: 'no-usable-credential',
        severity: 'error',
        message: `${who}: the gateway has no usable Claude credential for ${model}${r.skipped[0] ? ` (${r.skipped[0].profileId ?? r.skipped[0].credential ?? 'a candidate'}: ${r.skipped[0].why})` : ''}`,
        impact: `Every request of agent ${r.agent} fails: OpenClaw reports ${r.provider ?? 'anthropic'} missing.`,
        hint:
          fix ??
          (r.provider === 'claude-cli'
            ? 'Run `claude` and type /login on the gateway machine'
            : `Run \`claude setup-token\`, then \`clawkeeper paste-token${r.agent === 'main' ? '' : ` --agent ${r.agent}`}\``),
        files: [],
        credentials: skipped,
      });
      continue;
    }
    if (!loginPresent || r.subscription === 'first' || r.subscription === 'absent') continue;
    const first = r.sends.credential ? byId.get(r.sends.credential) : undefined;
    const paid =
      r.sends.variable === 'ANTHROPIC_API_KEY' || first?.kind === 'api_key' || r.sends.kind === 'config';
    const broken = first !== undefined && first.state !== 'ok';
    const copy = r.fallbacks.find(
      (s) => s.kind === 'profile' && s.credential && r.subscription === 'fallback',
    );
    out.push({
      check: 'subscription-not-first',
      severity: paid || broken ? 'warning' : 'info',
      message: `${who}: the gateway sends ${describe(r.sends, byId)} first, not your Claude subscription login${r.subscription === 'fallback' ? ' (it is only a fallback)' : ''}`,
      impact: paid
        ? 'Requests are billed to the API account instead of using the subscription.'
        : broken
          ? 'Requests first go to a credential that fails, adding errors and cooldowns before the login is tried.'
          : 'The gateway uses another Claude credential; your login is not what it relies on.',
      hint: broken
        ? (first?.hint ?? 'Remove it or move it to the end of the auth order (`clawkeeper doctor --fix`)')
        : copy
          ? `List ${copy.profileId ?? 'the copy of your login'} first in auth.order.anthropic of openclaw.json`
          : `Run \`clawkeeper link add --agent ${r.agent}\` to keep a copy of your login in this agent's store, and list it first in auth.order`,
      files: [],
      credentials: r.sends.credential ? [r.sends.credential] : [],
    });
  }
  return out;
}

const ENV_WORDS: Record<SentPlace, string> = {
  first: 'the gateway sends it: no auth profile of the agent is usable',
  fallback: 'the gateway sends it only when no auth profile works',
  never: 'the gateway never sends it (another variable wins, or the gateway does not read this one)',
  unused: "no agent's model uses Anthropic, so the gateway does not send it",
};

/** What each credential variable of this environment does for the gateway (from the routes). */
export function envFindings(
  inv: Inventory,
  credentials: readonly CredentialReport[],
  routes: readonly AgentRoute[],
): Finding[] {
  return inv.env.map((e) => {
    const c = credentials.find((x) => x.id === `env:${e.name}`);
    const what = routes.length === 0 || !c ? 'programs started from it may use it' : ENV_WORDS[c.sent];
    return {
      check: 'env-override',
      severity: 'info' as const,
      message: `${e.name} is set in this environment (${e.value.masked}): ${what}`,
      impact:
        e.name === 'CLAUDE_CODE_OAUTH_TOKEN'
          ? 'Claude Code started from this environment uses it instead of its stored login; OpenClaw never reads it.'
          : 'OpenClaw reads it after its auth profiles: it is sent only when none of them is usable.',
      hint: `Unset ${e.name} if you do not mean it to be used`,
      files: [],
      credentials: [`env:${e.name}`],
    };
  });
}

/** Findings about a whole store: they hold for the gateway whatever its entries say. */
const STORE_CHECKS = new Set(['retired-json-store', 'sqlite-migration-required']);

/** A finding only about credentials no gateway sends says nothing about the gateway: info. */
export function quietFindings(
  findings: Finding[],
  credentials: readonly CredentialReport[],
  routes: readonly AgentRoute[],
): Finding[] {
  if (routes.length === 0) return findings;
  // what a dead Claude route skipped is why it is dead: those findings keep their weight
  const causes = new Set(
    routes
      .filter((r) => r.claude && r.sends === null)
      .flatMap((r) => r.skipped.flatMap((k) => (k.credential ? [k.credential] : []))),
  );
  const quiet = new Set(credentials.filter((c) => !decides(c, routes) && !causes.has(c.id)).map((c) => c.id));
  return findings.map((f) =>
    f.severity !== 'info' &&
    !STORE_CHECKS.has(f.check) &&
    f.credentials.length > 0 &&
    f.credentials.every((id) => quiet.has(id))
      ? { ...f, severity: 'info' as const }
      : f,
  );
}

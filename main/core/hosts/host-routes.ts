/**
 * Routes of a remote host: its own clawkeeper's `routes[]` (re-tagged), or, read through its
 * `openclaw models status --json`, OpenClaw's own answer per agent: the model it resolved and
 * the provider's `effectiveProfiles` (what the gateway tries, first first). Every string passes
 * the token masker.
 */
import { redactTokens } from '../kernel/redact.ts';
import { CLAUDE_ROUTE_PROVIDERS, type RouteStep, type SentPlace } from '../resolution/route.ts';
import type { HostedCredential, HostedRoute } from './host-report.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? redactTokens(v).slice(0, 500) : null);

function step(v: unknown): RouteStep | null {
  if (!isObj(v)) return null;
  const kind = v['kind'];
  if (kind !== 'profile' && kind !== 'env' && kind !== 'cli' && kind !== 'config') return null;
  return {
    kind,
    profileId: str(v['profileId']),
    variable: str(v['variable']),
    credential: str(v['credential']),
    fingerprint: str(v['fingerprint']),
  };
}

const SUBSCRIPTION = new Set(['first', 'fallback', 'not-sent', 'absent']);

/** A remote clawkeeper's `routes[]`, tagged with the host (absent from older versions: none). */
export function routesFromReport(host: string, doc: Obj): HostedRoute[] {
  const routes = Array.isArray(doc['routes']) ? doc['routes'].slice(0, 1000) : [];
  return routes.flatMap((r) => {
    if (!isObj(r)) return [];
    const install = str(r['install']);
    const agent = str(r['agent']);
    if (!install || !agent) return [];
    const sub = str(r['subscription']) ?? 'absent';
    return [
      {
        host,
        install,
        agent,
        release: str(r['release']),
        model: str(r['model']),
        provider: str(r['provider']),
        claude: r['claude'] === true,
        sends: step(r['sends']),
        fallbacks: Array.isArray(r['fallbacks'])
          ? r['fallbacks'].slice(0, 100).flatMap((f) => step(f) ?? [])
          : [],
        skipped: Array.isArray(r['skipped'])
          ? r['skipped'].slice(0, 100).flatMap((x) =>
              isObj(x)
                ? [
                    {
                      credential: str(x['credential']),
                      profileId: str(x['profileId']),
                      why: str(x['why']) ?? '',
                    },
                  ]
                : [],
            )
          : [],
        subscription: (SUBSCRIPTION.has(sub) ? sub : 'absent') as HostedRoute['subscription'],
      },
    ];
  });
}

/** OpenClaw's own route for one agent, from its `models status --json`. */
export function routeFromOpenclaw(
  host: string,
  agent: string,
  doc: unknown,
  version: string | null,
): HostedRoute | null {
  if (!isObj(doc)) return null;
  const model = str(doc['resolvedDefault']) ?? str(doc['defaultModel']);
  const provider = model?.includes('/') ? model.slice(0, model.indexOf('/')).toLowerCase() : null;
  const auth = isObj(doc['auth']) ? doc['auth'] : {};
  const oauth = isObj(auth['oauth']) ? auth['oauth'] : {};
  // without OpenClaw's per-provider view (older releases) there is no route to report
  if (!Array.isArray(oauth['providers'])) return null;
  const providers: unknown[] = oauth['providers'];
  const entry = providers.find((p) => isObj(p) && p['provider'] === (provider ?? 'anthropic'));
  const ids = (v: unknown): string[] =>
    Array.isArray(v)
      ? v.flatMap((p) => (isObj(p) && typeof p['profileId'] === 'string' ? [str(p['profileId']) ?? ''] : []))
      : [];
  // effectiveProfiles is the order while a profile is usable; with none it lists every profile,
  // and then missingProvidersInUse and the environment entry say what the gateway does
  const usable = (v: unknown): string[] =>
    Array.isArray(v)
      ? v.flatMap((p) =>
          isObj(p) &&
          typeof p['profileId'] === 'string' &&
          p['status'] !== 'expired' &&
          p['status'] !== 'missing'
            ? [str(p['profileId']) ?? '']
            : [],
        )
      : [];
  const missing =
    Array.isArray(auth['missingProvidersInUse']) &&
    auth['missingProvidersInUse'].includes(provider ?? 'anthropic');
  const effective = missing || !isObj(entry) ? [] : usable(entry['effectiveProfiles']);
  const listed = isObj(entry) ? ids(entry['profiles']) : [];
  const overviews: unknown[] = Array.isArray(auth['providers']) ? auth['providers'] : [];
  const overview = overviews.find((x) => isObj(x) && x['provider'] === (provider ?? 'anthropic'));
  const envSource = isObj(overview) && isObj(overview['env']) ? str(overview['env']['source']) : null;
  const variable = /([A-Z][A-Z0-9_]+)\s*$/.exec(envSource ?? '')?.[1] ?? null;
  const steps: RouteStep[] = effective.map((pid) => ({
    kind: 'profile',
    profileId: pid,
    variable: null,
    credential: `openclaw:${agent}/${pid}`,
    fingerprint: null,
  }));
  if (!missing && variable)
    steps.push({ kind: 'env', profileId: null, variable, credential: null, fingerprint: null });
  return {
    host,
    install: 'openclaw',
    agent,
    release: version,
    model,
    provider,
    claude: provider === null || CLAUDE_ROUTE_PROVIDERS.has(provider),
    sends: steps[0] ?? null,
    fallbacks: steps.slice(1),
    skipped: listed
      .filter((pid) => !effective.includes(pid))
      .map((pid) => ({
        credential: `openclaw:${agent}/${pid}`,
        profileId: pid,
        why: 'OpenClaw does not count it among the usable profiles',
      })),
    // read through OpenClaw alone, Claude Code's login on that host is not seen
    subscription: 'absent',
  };
}

/** The states a host's routes add: a Claude route that sends nothing is as bad as what it skipped. */
export function deadRouteStates(
  routes: readonly HostedRoute[],
  credentials: readonly HostedCredential[],
): string[] {
  return routes
    .filter((r) => r.claude && r.sends === null)
    .map((r) => {
      const states = r.skipped.flatMap((k) => {
        const c = credentials.find((x) => x.id === k.credential);
        return c && c.state !== 'ok' ? [c.state] : [];
      });
      return states[0] ?? 'needs-reauth';
    });
}

/** `sent` of each credential from the routes (remote OpenClaw: no agent on Claude → unused). */
export function withSent(
  credentials: HostedCredential[],
  routes: readonly HostedRoute[],
): HostedCredential[] {
  const claude = routes.some((r) => r.claude);
  return credentials.map((c) => {
    if (c.id.startsWith('host:')) return c;
    const first = routes.some((r) => r.sends?.credential === c.id);
    const fallback = routes.some((r) => r.fallbacks.some((f) => f.credential === c.id));
    const sent: SentPlace = first ? 'first' : fallback ? 'fallback' : claude ? 'never' : 'unused';
    return { ...c, sent };
  });
}

/**
 * The profile a paste through a remote's own `openclaw` should replace so the gateway there sends
 * it first: the first token slot of OpenClaw's effective order for the agent, else a token slot it
 * skips (an expired one), else `anthropic:manual`. API keys and OAuth logins are never taken over.
 */
export function remotePasteProfile(
  routes: readonly HostedRoute[],
  credentials: readonly HostedCredential[],
  agent: string,
): string {
  const route = routes.find((r) => r.agent === agent && r.claude);
  if (!route) return 'anthropic:manual';
  const token = (id: string | null) => credentials.find((c) => c.id === id)?.kind === 'token';
  const steps = [route.sends, ...route.fallbacks].filter((s): s is RouteStep => s !== null);
  const pick =
    steps.find((s) => s.kind === 'profile' && token(s.credential))?.profileId ??
    route.skipped.find((k) => token(k.credential))?.profileId;
  return pick ?? 'anthropic:manual';
}

/**
 * An agent's store as the gateway loads it: the main agent's store with the agent's own on top
 * (its profiles win by id; order, lastGood and usage merge by provider key), each profile
 * normalised the way that release parses it. Every release from Clawdbot 2026.1.24-3 to
 * OpenClaw 2026.9.6 composes an agent's view like this (`ensureAuthProfileStore` →
 * `mergeAuthProfileStores(main, agent)`); they differ in how a stored entry is parsed.
 */
import type { AgentStore, OpenClawInstall } from '../discovery/inventory.ts';
import type { ReleaseRules } from './release-rules.ts';

export type StoredType = 'oauth' | 'token' | 'api_key';

/** One stored profile after the release's own parsing. */
export interface ViewProfile {
  readonly id: string;
  /** the agent whose store holds it (`main` for an inherited profile) */
  readonly owner: string;
  readonly type: StoredType;
  /** lower-cased, as OpenClaw normalises provider ids */
  readonly provider: string;
  /** the value OpenClaw sends (token, access or key), when present and non-blank */
  readonly value: string | null;
  readonly hasRef: boolean;
  readonly hasRefresh: boolean;
  /** `expires` as stored (OpenClaw treats non-numbers and ≤ 0 differently by release) */
  readonly expires: unknown;
  /** an OAuth login's account id or e-mail, when stored (OpenClaw matches logins by it) */
  readonly identity?: string;
  /** the credential id when it is not the profile's own (legacy `credentials/oauth.json`, imported on load) */
  readonly credential?: string;
}

export interface StoreView {
  readonly profiles: ReadonlyMap<string, ViewProfile>;
  /** entries the release drops while loading, and why (no type, no provider) */
  readonly dropped: ReadonlyArray<{ readonly id: string; readonly owner: string; readonly why: string }>;
  readonly order: Readonly<Record<string, readonly string[]>>;
  readonly usage: Readonly<Record<string, unknown>>;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** OpenClaw's provider id normalisation (lower case; the aliases it rewrites). */
export function normalizeProvider(p: string): string {
  const n = p.trim().toLowerCase();
  if (n === 'z.ai' || n === 'z-ai') return 'zai';
  if (n === 'opencode-zen') return 'opencode';
  if (n === 'qwen') return 'qwen-portal';
  return n;
}

function parseEntry(id: string, owner: string, raw: unknown, rules: ReleaseRules): ViewProfile | string {
  if (!isRec(raw)) return 'not an object';
  let type = raw['type'];
  let keyField = raw['key'];
  if (rules.storedModeFallback) {
    if (!('type' in raw) && typeof raw['mode'] === 'string') type = raw['mode'];
    if (type === 'apiKey') type = 'api_key';
    if (!('key' in raw) && typeof raw['apiKey'] === 'string') keyField = raw['apiKey'];
  }
  if (type !== 'oauth' && type !== 'token' && type !== 'api_key')
    return typeof type === 'string' ? `unknown type "${type.slice(0, 20)}"` : 'no type';
  const provider = text(raw['provider']);
  if (!provider) return 'no provider';
  const value = text(type === 'oauth' ? raw['access'] : type === 'token' ? raw['token'] : keyField);
  const ref = type === 'oauth' ? raw['oauthRef'] : type === 'token' ? raw['tokenRef'] : raw['keyRef'];
  return {
    id,
    owner,
    type,
    provider: normalizeProvider(provider),
    value,
    hasRef: isRec(ref),
    hasRefresh: type === 'oauth' && text(raw['refresh']) !== null,
    expires: raw['expires'],
    ...identityOf(raw),
  };
}

function identityOf(raw: Rec): { identity?: string } {
  const account = text(raw['accountId'])?.trim();
  const email = text(raw['email'])?.trim().toLowerCase();
  return account ? { identity: `account:${account}` } : email ? { identity: `email:${email}` } : {};
}

/** OpenClaw's "usable OAuth login": an access token valid for more than its 5-minute refresh margin. */
function usableLogin(p: ViewProfile, now: number): boolean {
  return p.type === 'oauth' && p.value !== null && typeof p.expires === 'number' && p.expires - now > 300_000;
}

/**
 * 2026.6+: an agent's own `<provider>:default` OAuth login that a newer usable login of the main
 * store supersedes gives way to it: the slot falls back to the main store's own profile of that id
 * (or goes), and the order names the main login instead. The main login is adopted when the
 * agent's names no account (or the same one); with an account named, only when it is the one
 * candidate and the agent's login is not usable itself.
 */
function reconcileDrift(
  profiles: Map<string, ViewProfile>,
  main: ReadonlyMap<string, ViewProfile>,
  own: readonly ViewProfile[],
  order: Record<string, string[]>,
  now: number,
  dropped: Array<{ id: string; owner: string; why: string }>,
): void {
  for (const p of own) {
    if (p.type !== 'oauth' || p.id !== `${p.provider}:default`) continue;
    const candidates = [...main.values()]
      .filter(
        (c) =>
          c.id !== p.id &&
          c.type === 'oauth' &&
          c.provider === p.provider &&
          usableLogin(c, now) &&
          (!usableLogin(p, now) ||
            (c.expires as number) > (typeof p.expires === 'number' ? p.expires : -Infinity)),
      )
      .sort((a, b) => (b.expires as number) - (a.expires as number) || a.id.localeCompare(b.id));
    const same = candidates.filter((c) => !p.identity || c.value === p.value || c.identity === p.identity);
    let pick: ViewProfile | undefined;
    if (same.length > 0) pick = !p.identity && same.length > 1 ? undefined : same[0];
    else if (!usableLogin(p, now)) {
      const open = candidates.filter((c) => !c.identity || !p.identity || c.identity === p.identity);
      pick = open.length === 1 ? open[0] : undefined;
    }
    if (!pick) continue;
    dropped.push({
      id: p.id,
      owner: p.owner,
      why: `the release sets this login aside for the main store's newer ${pick.id} (reconcileMainStoreOAuthProfileDrift)`,
    });
    const base = main.get(p.id);
    if (base) profiles.set(p.id, base);
    else profiles.delete(p.id);
    profiles.set(pick.id, main.get(pick.id)!);
    for (const [provider, ids] of Object.entries(order))
      order[provider] = [...new Set(ids.map((id) => (id === p.id ? pick.id : id)))];
  }
}

interface Layer {
  readonly owner: string;
  readonly credential?: string;
  readonly profiles: Rec;
  readonly order: Rec;
  readonly usage: Rec;
}

/**
 * The gateway runs as the owner of its state folder: a store file of another owner that neither
 * group nor others may read is invisible to it (as the file-owner checks judge it).
 */
export function gatewayCannotRead(install: OpenClawInstall, store: AgentStore): string | null {
  const gateway = install.stateDirStat?.uid;
  const st = store.profiles.status === 'ok' ? store.profiles.stat : null;
  if (gateway === undefined || !st || st.uid === gateway || (st.mode & 0o044) !== 0) return null;
  return `the gateway runs as uid ${gateway} (the owner of ${install.stateDir}) and cannot read ${store.profiles.path} (uid ${st.uid}, mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`;
}

/** One agent's own layer: its profiles, and its order/usage (the state file wins over the profiles file). */
function layerOf(store: AgentStore | undefined): Layer | null {
  if (!store || store.profiles.status !== 'ok') return null;
  const p = store.profiles.value as Rec;
  const s = store.state.status === 'ok' ? (store.state.value as Rec) : {};
  const rec = (v: unknown): Rec => (isRec(v) ? v : {});
  return {
    owner: store.agentId,
    profiles: rec(p['profiles']),
    order: { ...rec(p['order']), ...rec(s['order']) },
    usage: { ...rec(p['usageStats']), ...rec(s['usageStats']) },
  };
}

/**
 * The legacy `<state>/credentials/oauth.json`, which JSON-generation releases import as
 * `<provider>:default` when the main agent has no store file yet (and ignore beside one).
 */
function legacyLayer(install: OpenClawInstall): Layer | null {
  const main = install.agents.find((a) => a.agentId === 'main');
  if (install.generation.startsWith('sqlite') || (main && main.profiles.status !== 'missing')) return null;
  if (install.legacyOauth.status !== 'ok') return null;
  const profiles: Rec = {};
  for (const [provider, creds] of Object.entries(install.legacyOauth.value))
    if (isRec(creds)) profiles[`${provider}:default`] = { type: 'oauth', provider, ...creds };
  return {
    owner: 'main',
    credential: `${install.label}:credentials/oauth.json`,
    profiles,
    order: {},
    usage: {},
  };
}

/** The view of `agentId`'s store in `install` (the main agent's is its own). */
export function storeViewOf(
  install: OpenClawInstall,
  agentId: string,
  rules: ReleaseRules,
  now: number,
): StoreView {
  const dropped: Array<{ id: string; owner: string; why: string }> = [];
  const readable = (store: AgentStore | undefined): AgentStore | undefined => {
    const why = store ? gatewayCannotRead(install, store) : null;
    if (!store || !why) return store;
    if (store.profiles.status === 'ok')
      for (const id of Object.keys(store.profiles.value.profiles))
        dropped.push({ id, owner: store.agentId, why });
    return undefined;
  };
  const main = layerOf(readable(install.agents.find((a) => a.agentId === 'main'))) ?? legacyLayer(install);
  const own =
    agentId === 'main' ? null : layerOf(readable(install.agents.find((a) => a.agentId === agentId)));
  const layers = [main, own].filter((l): l is Layer => l !== null);
  const profiles = new Map<string, ViewProfile>();
  const order: Record<string, string[]> = {};
  const usage: Rec = {};
  let mainView: ReadonlyMap<string, ViewProfile> = new Map();
  const ownParsed: ViewProfile[] = [];
  for (const layer of layers) {
    if (layer === own) mainView = new Map(profiles);
    for (const [id, raw] of Object.entries(layer.profiles)) {
      const parsed = parseEntry(id, layer.owner, raw, rules);
      if (typeof parsed === 'string') {
        profiles.delete(id);
        dropped.push({
          id,
          owner: layer.owner,
          why: `the release drops it while loading the store (${parsed})`,
        });
      } else {
        profiles.set(id, layer.credential ? { ...parsed, credential: layer.credential } : parsed);
        if (layer === own) ownParsed.push(parsed);
      }
    }
    // a stored order is keyed by normalised provider; an empty list counts as no order at all
    for (const [provider, ids] of Object.entries(layer.order)) {
      if (!Array.isArray(ids)) continue;
      const list = ids.flatMap((x) => (typeof x === 'string' && x.trim() ? [x.trim()] : []));
      if (list.length > 0) order[normalizeProvider(provider)] = list;
    }
    Object.assign(usage, layer.usage);
  }
  if (rules.mainOAuthDrift && own) reconcileDrift(profiles, mainView, ownParsed, order, now, dropped);
  return { profiles, dropped, order, usage };
}

/**
 * Which model, and so which provider, an agent actually uses: its own `agents.list[].model`,
 * else `agents.defaults.model`, else the release's default model (OpenAI's from 2026.6.1,
 * Anthropic's before). A ref without `provider/` is an alias, a model only one configured
 * provider lists, or the release's default provider. `model@profile` pins a profile.
 */
import { agentRoster, type OpenClawConfig } from '../formats/openclaw-config.ts';

export { agentRoster, normalizeAgentId } from '../formats/openclaw-config.ts';
import type { ReleaseRules } from './release-rules.ts';
import { normalizeProvider } from './store-view.ts';

export interface AgentModel {
  /** `provider/model`, or null when the release (and so its default) is unknown */
  readonly ref: string | null;
  readonly provider: string | null;
  /** a profile the ref pins (`anthropic/claude-sonnet-4-5@anthropic:work`) */
  readonly pinnedProfile: string | null;
  /** where the model came from */
  readonly source: 'agent' | 'defaults' | 'release-default' | 'unknown';
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** `model` as OpenClaw accepts it: a string or `{ primary }`. */
function primaryOf(model: unknown): string | null {
  return str(model) ?? (isRec(model) ? str(model['primary']) : null);
}

/** The agents the gateway runs: the roster's ids, or `main` alone when there is none. */
export function configuredAgents(config: OpenClawConfig | null): string[] {
  const ids = (agentRoster(config) ?? []).map(([id]) => id);
  return ids.length > 0 ? [...new Set(ids)] : ['main'];
}

/**
 * Why the release refuses the whole config, if it does (then the gateway does not start): from
 * 2026.8, a roster of several agents needs `agents.ownership: "explicit"` or one `default: true`.
 */
export function configRefusal(config: OpenClawConfig | null, rules: ReleaseRules): string | null {
  if (!rules.explicitRosterOwnership) return null;
  const roster = agentRoster(config) ?? [];
  const marked = roster.filter(([, e]) => e['default'] === true).length;
  const ownership = (config?.agents as Rec | undefined)?.['ownership'];
  if (roster.length > 1 && marked === 0 && ownership !== 'explicit')
    return `OpenClaw ${rules.range} refuses this openclaw.json: several agents need agents.ownership="explicit" or one default=true (run \`openclaw doctor\`)`;
  if (marked > 1)
    return `OpenClaw ${rules.range} refuses this openclaw.json: more than one agent is marked default=true`;
  return null;
}

/** `anthropic/model@profile` → the ref and the pinned profile (a date or quantisation suffix is not a profile). */
function splitPin(raw: string): { ref: string; pin: string | null } {
  const at = raw.indexOf('@', raw.lastIndexOf('/') + 1);
  if (at <= 0) return { ref: raw, pin: null };
  const tail = raw.slice(at + 1);
  if (/^\d{8}(?:@|$)/.test(tail) || /^(?:i?q\d+(?:_[a-z0-9]+)*|\d+bit)(?:@|$)/i.test(tail))
    return { ref: raw, pin: null };
  return { ref: raw.slice(0, at), pin: tail || null };
}

/** `agents.defaults.models` key whose `alias` is `name` (`opus` → `anthropic/claude-opus-4-6`). */
function aliasRef(config: OpenClawConfig | null, name: string): string | null {
  const defaults = (config?.agents as Rec | undefined)?.['defaults'];
  const models = isRec(defaults) && isRec(defaults['models']) ? defaults['models'] : {};
  for (const [key, entry] of Object.entries(models))
    if (isRec(entry) && str(entry['alias'])?.toLowerCase() === name.toLowerCase() && key.includes('/'))
      return key.trim();
  return null;
}

function bareProvider(config: OpenClawConfig | null, model: string, rules: ReleaseRules): string | null {
  // a model only one configured provider lists (OpenClaw 2026.6+ infers it)
  const providers = config?.['models'];
  const configured = isRec(providers) && isRec(providers['providers']) ? providers['providers'] : {};
  const listing = Object.entries(configured).filter(
    ([, p]) =>
      isRec(p) && Array.isArray(p['models']) && p['models'].some((m) => isRec(m) && m['id'] === model),
  );
  if (listing.length === 1 && rules.bareModelProvider !== 'anthropic')
    return normalizeProvider(listing[0]![0]);
  return rules.bareModelProvider;
}

/**
 * No model configured, but providers are (2026.6+): when the default provider is not among them
 * with its default model, the first configured provider's first model is used.
 */
function configuredFallback(
  config: OpenClawConfig | null,
  rules: ReleaseRules,
): { provider: string; model: string } | null {
  const d = rules.defaultModel;
  if (!d || d.provider === 'anthropic') return null;
  const models = config?.['models'];
  const providers = isRec(models) && isRec(models['providers']) ? models['providers'] : null;
  if (!providers) return null;
  const own = providers[d.provider];
  const ids = (p: unknown): unknown[] => (isRec(p) && Array.isArray(p['models']) ? p['models'] : []);
  if (own && ids(own).some((m) => isRec(m) && m['id'] === d.model)) return null;
  for (const [provider, p] of Object.entries(providers)) {
    const first = ids(p)[0];
    if (isRec(first) && typeof first['id'] === 'string') return { provider, model: first['id'] };
  }
  return null;
}

/** The model `agentId` uses under `rules`. */
export function agentModelOf(
  config: OpenClawConfig | null,
  agentId: string,
  rules: ReleaseRules,
): AgentModel {
  const agents = (config?.agents ?? {}) as Rec;
  const entry = (agentRoster(config) ?? []).find(([id]) => id === agentId)?.[1];
  const own = entry ? primaryOf(entry['model']) : null;
  const defaults = isRec(agents['defaults']) ? primaryOf(agents['defaults']['model']) : null;
  const raw = own ?? defaults;
  if (!raw) {
    const d = configuredFallback(config, rules) ?? rules.defaultModel;
    return d
      ? {
          ref: `${d.provider}/${d.model}`,
          provider: d.provider,
          pinnedProfile: null,
          source: 'release-default',
        }
      : { ref: null, provider: null, pinnedProfile: null, source: 'unknown' };
  }
  const split = rules.modelProfilePin ? splitPin(raw) : { ref: raw, pin: null };
  const pin = split.pin;
  const ref = split.ref.includes('/') ? split.ref : (aliasRef(config, split.ref) ?? split.ref);
  const slash = ref.indexOf('/');
  const provider = slash > 0 ? normalizeProvider(ref.slice(0, slash)) : bareProvider(config, ref, rules);
  return {
    ref: slash > 0 || !provider ? ref : `${provider}/${ref}`,
    provider,
    pinnedProfile: pin,
    source: own ? 'agent' : 'defaults',
  };
}

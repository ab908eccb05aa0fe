/**
 * The resolution model: for every install × agent the gateway runs, what it will send for the
 * provider of that agent's model, what it falls back to, and what it passes over. Pure: a
 * function of the inventory and `now`. docs/openclaw-resolution.md has the rules and sources.
 */
import type { OpenClawConfig } from '../formats/openclaw-config.ts';
import type { CliStatusResult } from '../../ports/openclaw.ts';
import { primaryClaudeStore, type Inventory, type OpenClawInstall } from '../discovery/inventory.ts';
import { fingerprintOf } from '../kernel/secret.ts';
import { agentModelOf, configRefusal, configuredAgents } from './agent-model.ts';
import { anthropicEnv, providerKeyStep } from './env-sources.ts';
import { profileOrder } from './profile-order.ts';
import { rulesFor, type ReleaseRules } from './release-rules.ts';
import { cliRoute } from './cli-route.ts';
import {
  CLAUDE_ROUTE_PROVIDERS,
  cliStep,
  profileCredentialId,
  type AgentRoute,
  type RouteStep,
  type SkippedCandidate,
  type SubscriptionPlace,
} from './route.ts';
import { storeViewOf, type StoreView } from './store-view.ts';

export interface ResolveOptions {
  readonly now: number;
  /** credential ids that hold Claude Code's login or a copy of it (the judge's lineage) */
  readonly isLogin?: (credentialId: string) => boolean;
  /** credential ids `credentials[]` reports; a step's id outside it becomes null */
  readonly known?: ReadonlySet<string>;
  /** fingerprints the judge already has, by credential id (hashing again costs start-up time) */
  readonly fingerprints?: ReadonlyMap<string, string>;
}

/** A fingerprint: the judge's, else computed (only for what is not a reported credential). */
export type Fingerprint = (credential: string | null, value: string | null) => string | null;

type Login = { id: string; fingerprint: string | null } | null;

/** The id of the row that stands for a whole unreadable store (`openclaw:work/auth-profiles.json`). */
export function storeRowId(install: string, agent: string, origin: 'json' | 'sqlite'): string {
  return `${install}:${agent}/${origin === 'sqlite' ? 'sqlite' : 'auth-profiles.json'}`;
}

/** The id and fingerprint of Claude Code's live login, when there is one. */
function claudeLogin(inv: Inventory, fp: Fingerprint): Login {
  const store = primaryClaudeStore(inv);
  if (!store || store.read.status !== 'ok') return null;
  const oauth = store.read.value.claudeAiOauth;
  return oauth ? { id: 'claude-code', fingerprint: fp('claude-code', oauth.accessToken || null) } : null;
}

function configOf(install: OpenClawInstall): OpenClawConfig | null {
  return install.config.status === 'ok' ? install.config.value : null;
}

/** `models.providers.<provider>.apiKey`, the last source (or the first with `auth: "api-key"`). */
function configKeyStep(
  config: OpenClawConfig | null,
  provider: string,
  fp: Fingerprint,
): { step: RouteStep; first: boolean } | null {
  const models = config?.['models'] as Record<string, unknown> | undefined;
  const providers = models?.['providers'] as Record<string, Record<string, unknown> | undefined> | undefined;
  const entry = providers?.[provider];
  const key = entry?.['apiKey'];
  if (typeof key !== 'string' || !key.trim()) return null;
  const ref = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(key.trim());
  return {
    step: {
      kind: ref ? 'env' : 'config',
      profileId: null,
      variable: ref ? (ref[1] ?? null) : `models.providers.${provider}.apiKey`,
      credential: null,
      fingerprint: ref ? null : fp(null, key.trim()),
    },
    first: entry?.['auth'] === 'api-key',
  };
}

function profileStep(install: OpenClawInstall, view: StoreView, id: string, fp: Fingerprint): RouteStep {
  const p = view.profiles.get(id);
  const credential = p?.credential ?? profileCredentialId(install.label, p?.owner ?? 'main', id);
  return {
    kind: 'profile',
    profileId: id,
    variable: null,
    credential,
    fingerprint: fp(credential, p?.value ?? null),
  };
}

/** What the gateway's environment offers for `provider`: Anthropic's variables, or another provider's key. */
function environmentOf(
  inv: Inventory,
  install: OpenClawInstall,
  provider: string,
  rules: ReleaseRules,
): { step: RouteStep | null; skipped: readonly SkippedCandidate[] } {
  if (provider === 'anthropic') return anthropicEnv(inv.env, install, rules);
  return { step: providerKeyStep(provider, inv.providerKeys ?? [], install, rules), skipped: [] };
}

/** The steps of one agent's route for `provider` from its own store view. */
function storeSteps(
  inv: Inventory,
  install: OpenClawInstall,
  agent: string,
  provider: string,
  pin: string | null,
  rules: ReleaseRules,
  now: number,
  login: Login,
  fp: Fingerprint,
): { steps: RouteStep[]; skipped: SkippedCandidate[] } {
  const config = configOf(install);
  const view = storeViewOf(install, agent, rules, now);
  if (provider === 'claude-cli') return cliRoute(install, view, config, rules, now, login, fp);
  const order = profileOrder(view, config, provider, rules, now);
  // an OpenAI model is also served by a ChatGPT/Codex login (OpenClaw's legacy `openai-codex` profiles)
  const codex = provider === 'openai' ? profileOrder(view, config, 'openai-codex', rules, now).ordered : [];
  let ordered = [...order.ordered, ...codex];
  const skipped: SkippedCandidate[] = order.skipped.map((s) => ({
    credential: view.profiles.has(s.profileId)
      ? profileCredentialId(install.label, view.profiles.get(s.profileId)!.owner, s.profileId)
      : null,
    profileId: s.profileId,
    why: s.why,
  }));
  if (pin && ordered.includes(pin)) ordered = [pin, ...ordered.filter((id) => id !== pin)];
  const steps = ordered.map((id) => profileStep(install, view, id, fp));
  // Clawdbot copies Claude Code's login into `anthropic:claude-cli` of every store it loads
  if (rules.claudeLogin === 'imported-anthropic-profile' && provider === 'anthropic' && login)
    if (!view.profiles.has('anthropic:claude-cli'))
      steps.push({
        kind: 'profile',
        profileId: 'anthropic:claude-cli',
        variable: null,
        credential: login.id,
        fingerprint: login.fingerprint,
      });
  // a store the release cannot parse loads as empty: its agent's credentials there are lost
  for (const a of install.agents)
    if ((a.agentId === agent || a.agentId === 'main') && a.profiles.status === 'unreadable')
      skipped.push({
        credential: storeRowId(install.label, a.agentId, a.origin),
        profileId: null,
        why: `OpenClaw cannot read ${a.profiles.path}: it loads as an empty store`,
      });
  if (install.legacyOauth.status === 'ok' && ![...view.profiles.values()].some((p) => p.credential))
    skipped.push({
      credential: `${install.label}:credentials/oauth.json`,
      profileId: null,
      why: 'the release reads credentials/oauth.json only while the main agent has no auth-profiles.json',
    });
  for (const d of view.dropped)
    skipped.push({
      credential: profileCredentialId(install.label, d.owner, d.id),
      profileId: d.id,
      why: d.why,
    });
  const env = environmentOf(inv, install, provider, rules);
  if (env.step) steps.push(env.step);
  skipped.push(...env.skipped);
  const key = configKeyStep(config, provider, fp);
  if (key && key.first && rules.configApiKeyFirst) steps.unshift(key.step);
  else if (key) steps.push(key.step);
  return { steps, skipped };
}

function subscriptionOf(
  steps: readonly RouteStep[],
  login: boolean,
  isLogin: (id: string) => boolean,
): SubscriptionPlace {
  const holds = (s: RouteStep) => s.kind === 'cli' || (s.credential !== null && isLogin(s.credential));
  if (steps[0] && holds(steps[0])) return 'first';
  if (steps.slice(1).some(holds)) return 'fallback';
  return login ? 'not-sent' : 'absent';
}

/** Every route of every install in the inventory. */
export function resolveRoutes(inv: Inventory, opts: ResolveOptions): AgentRoute[] {
  const isLogin = opts.isLogin ?? ((id: string) => id === 'claude-code');
  const fp: Fingerprint = (credential, value) =>
    (credential !== null ? opts.fingerprints?.get(credential) : undefined) ??
    (value ? fingerprintOf(value) : null);
  const login = claudeLogin(inv, fp);
  const known = opts.known;
  const keep = (id: string | null): string | null => (id !== null && known && !known.has(id) ? null : id);
  const routes: AgentRoute[] = [];
  for (const install of inv.installs) {
    if (install.leftover) continue;
    const rules = rulesFor(install.version, install.generation);
    const config = configOf(install);
    for (const agent of configuredAgents(config)) {
      const model = agentModelOf(config, agent, rules);
      const provider = model.provider;
      // the release (and so its default model) is unknown: judged as if Anthropic were used
      const routed = provider ?? 'anthropic';
      const viaCli = install.agents.find((a) => a.agentId === agent)?.cli;
      const refused = configRefusal(config, rules);
      const { steps, skipped } = refused
        ? { steps: [], skipped: [{ credential: null, profileId: null, why: refused }] }
        : viaCli?.ok
          ? cliReadSteps(inv, install, agent, routed, viaCli, rules, login)
          : storeSteps(inv, install, agent, routed, model.pinnedProfile, rules, opts.now, login, fp);
      const clean = steps.map((s) => ({ ...s, credential: keep(s.credential) }));
      routes.push({
        install: install.label,
        agent,
        release: install.version,
        model: model.ref,
        provider,
        claude: provider === null || CLAUDE_ROUTE_PROVIDERS.has(provider),
        sends: clean[0] ?? null,
        fallbacks: clean.slice(1),
        skipped: skipped.map((s) => ({ ...s, credential: keep(s.credential) })),
        subscription: subscriptionOf(clean, login !== null, isLogin),
      });
    }
  }
  return routes;
}

/** A SQLite store read through `openclaw models status`: OpenClaw's own effective order. */
function cliReadSteps(
  inv: Inventory,
  install: OpenClawInstall,
  agent: string,
  provider: string,
  cli: Extract<CliStatusResult, { ok: true }>,
  rules: ReleaseRules,
  login: Login,
): { steps: RouteStep[]; skipped: SkippedCandidate[] } {
  const p = (cli.providers ?? []).find((x) => x.provider === provider);
  const id = (pid: string) => profileCredentialId(install.label, agent, pid);
  // effectiveProfiles lists every profile when none is usable: then OpenClaw says the provider is
  // missing, or the statuses say each one is expired or has no credential
  const missing = cli.missing?.includes(provider) ?? false;
  const usable = (pid: string) => {
    const status = cli.profiles.find((x) => x.profileId === pid)?.status;
    return status !== 'expired' && status !== 'missing';
  };
  const steps: RouteStep[] = (missing ? [] : (p?.effective ?? []).filter(usable)).map((pid) => ({
    kind: 'profile',
    profileId: pid,
    variable: null,
    credential: id(pid),
    fingerprint: null,
  }));
  const sent = new Set(steps.map((x) => x.profileId));
  const skipped: SkippedCandidate[] = (p?.listed ?? [])
    .filter((pid) => !sent.has(pid))
    .map((pid) => ({
      credential: id(pid),
      profileId: pid,
      why: 'OpenClaw does not count it among the usable profiles',
    }));
  // the CLI is asked without the credential variables (a child never gets a token in its
  // environment), so its "missing" cannot count them: the environment is read here, as the
  // gateway's own process would see it
  const env = environmentOf(inv, install, provider, rules);
  // another provider's profiles OpenClaw reported usable come first; its key only when none is
  if (env.step && (provider === 'anthropic' || missing)) steps.push(env.step);
  skipped.push(...env.skipped);
  if (provider === 'claude-cli') {
    if (login) steps.push(cliStep(login));
  }
  return { steps, skipped };
}

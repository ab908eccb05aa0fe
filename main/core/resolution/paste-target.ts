/**
 * Where a pasted setup-token must land so that the gateway sends it first: derived by asking the
 * model, for each slot the agent's route could use, "with a fresh token here, would it be sent
 * first?". Slots tried in the route's own order (what it sends, its fallbacks, what it skips),
 * then `anthropic:manual`. A slot holding an API key or an OAuth login is never taken over.
 */
import type { AgentStore, Inventory, OpenClawInstall } from '../discovery/inventory.ts';
import type { OpenClawConfig } from '../formats/openclaw-config.ts';
import { resolveRoutes } from './resolve-routes.ts';
import type { AgentRoute } from './route.ts';

export const DEFAULT_PASTE_PROFILE = 'anthropic:manual';

export interface PasteChoice {
  readonly profileId: string;
  /** true when the model says the gateway sends it first once pasted */
  readonly first: boolean;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The install as it would be with a fresh token in `agent`'s own store under `profileId`. */
function withPaste(install: OpenClawInstall, agent: string, profileId: string, now: number): OpenClawInstall {
  const token = {
    type: 'token',
    provider: 'anthropic',
    token: 'sk-ant-oat01-simulated',
    expires: now + 365 * 86_400_000,
  };
  const own = install.agents.find((a) => a.agentId === agent);
  const doc = own?.profiles.status === 'ok' ? own.profiles.value : { version: 1, profiles: {} };
  const dir = own?.dir ?? `${install.stateDir}/agents/${agent}/agent`;
  const store: AgentStore = {
    agentId: agent,
    dir,
    dirStat: own?.dirStat ?? null,
    origin: own?.origin ?? 'json',
    profiles: {
      status: 'ok',
      path: `${dir}/auth-profiles.json`,
      value: { ...doc, profiles: { ...doc.profiles, [profileId]: token } },
      stat: null,
    },
    state: own?.state ?? { status: 'missing', path: `${dir}/auth-state.json` },
    retiredJson: own?.retiredJson ?? { status: 'missing', path: `${dir}/auth-profiles.json` },
    sqlitePath: own?.sqlitePath ?? null,
    cli: null,
  };
  const config = install.config.status === 'ok' ? install.config.value : null;
  // a paste makes the config's mode agree with the stored type (reconcileConfigProfile)
  const profiles = config?.auth?.profiles;
  const cfg: OpenClawConfig | null =
    profiles && profileId in profiles
      ? {
          ...config,
          auth: {
            ...config.auth,
            profiles: { ...profiles, [profileId]: { ...profiles[profileId], mode: 'token' } },
          },
        }
      : config;
  return {
    ...install,
    agents: [...install.agents.filter((a) => a.agentId !== agent), store],
    config: cfg ? { status: 'ok', path: install.configPath, value: cfg, stat: null } : install.config,
  };
}

/** Slots of the route a token may go into, in the order the gateway considers them. */
function slots(route: AgentRoute | undefined, install: OpenClawInstall, agent: string): string[] {
  const own = install.agents.find((a) => a.agentId === agent);
  const main = install.agents.find((a) => a.agentId === 'main');
  const stored = (id: string): unknown => {
    for (const s of [own, main]) {
      const p = s?.profiles.status === 'ok' ? s.profiles.value.profiles[id] : undefined;
      if (p) return p;
    }
    return undefined;
  };
  const ids = [
    ...(route
      ? [route.sends, ...route.fallbacks].flatMap((s) =>
          s?.kind === 'profile' && s.profileId ? [s.profileId] : [],
        )
      : []),
    ...(route?.skipped.flatMap((s) => (s.profileId ? [s.profileId] : [])) ?? []),
    DEFAULT_PASTE_PROFILE,
  ];
  return [...new Set(ids)].filter((id) => {
    if (!id.startsWith('anthropic')) return false;
    const p = stored(id);
    const type = isRec(p) ? (p['type'] ?? p['mode']) : undefined;
    return p === undefined || type === 'token';
  });
}

/** The profile a paste into `agent` of `install` should use. */
export function pasteProfileFor(
  inv: Inventory,
  install: OpenClawInstall,
  agent: string,
  now: number,
): PasteChoice {
  const route = resolveRoutes({ ...inv, installs: [install] }, { now }).find((r) => r.agent === agent);
  for (const id of slots(route, install, agent)) {
    const after = resolveRoutes({ ...inv, installs: [withPaste(install, agent, id, now)] }, { now });
    if (after.find((r) => r.agent === agent)?.sends?.profileId === id) return { profileId: id, first: true };
  }
  return { profileId: DEFAULT_PASTE_PROFILE, first: false };
}

/** Whether the gateway sends `profileId` first for `agent` in this inventory. */
export function sentFirst(
  inv: Inventory,
  installLabel: string,
  agent: string,
  profileId: string,
  now: number,
): boolean {
  return resolveRoutes(inv, { now }).some(
    (r) => r.install === installLabel && r.agent === agent && r.sends?.profileId === profileId,
  );
}

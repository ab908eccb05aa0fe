/**
 * The environment variables the gateway takes an Anthropic credential from, after its profiles:
 * `ANTHROPIC_OAUTH_TOKEN`, else `ANTHROPIC_API_KEY` (every release; `resolveEnvApiKey`). A
 * variable's value comes from the first source that sets it: the process environment, then
 * `<state>/.env`, then `~/.config/openclaw/gateway.env` (2026.6+, default state dir only), then
 * openclaw.json's `env` block; none of them overrides a variable already set.
 * `CLAUDE_CODE_OAUTH_TOKEN` is read by no release: the `claude-cli` route even clears it from
 * the environment it starts `claude` with.
 */
import { PROVIDER_KEY_VARS } from '../discovery/gateway-env.ts';
import type { EnvCredential, OpenClawInstall } from '../discovery/inventory.ts';
import type { ReleaseRules } from './release-rules.ts';
import type { RouteStep, SkippedCandidate } from './route.ts';

export const ANTHROPIC_ENV_VARS = ['ANTHROPIC_OAUTH_TOKEN', 'ANTHROPIC_API_KEY'] as const;

interface Source {
  readonly id: (name: string) => string;
  readonly label: string;
  readonly vars: readonly EnvCredential[];
}

/** The sources of `install`'s environment, highest precedence first. */
function sourcesOf(
  processEnv: readonly EnvCredential[],
  install: OpenClawInstall,
  rules: ReleaseRules,
): Source[] {
  const out: Source[] = [{ id: (n) => `env:${n}`, label: 'the environment', vars: processEnv }];
  for (const f of install.envFiles ?? []) {
    if (f.kind === 'gateway-env' && !rules.gatewayEnvFile) continue;
    out.push({ id: (n) => `env-file:${f.path}#${n}`, label: f.path, vars: f.vars });
  }
  if (install.configEnv?.length)
    out.push({
      id: (n) => `env-config:${install.configPath}#${n}`,
      label: `the "env" block of ${install.configPath}`,
      vars: install.configEnv,
    });
  return out;
}

export interface EnvResolution {
  /** what the gateway sends from the environment once no profile is usable, if anything */
  readonly step: RouteStep | null;
  readonly skipped: readonly SkippedCandidate[];
}

/** The Anthropic environment credential of `install`'s gateway. */
export function anthropicEnv(
  processEnv: readonly EnvCredential[],
  install: OpenClawInstall,
  rules: ReleaseRules,
): EnvResolution {
  const sources = sourcesOf(processEnv, install, rules);
  const skipped: SkippedCandidate[] = [];
  let step: RouteStep | null = null;
  for (const name of ANTHROPIC_ENV_VARS) {
    let winner: string | null = null;
    for (const s of sources) {
      const v = s.vars.find((e) => e.name === name);
      if (!v) continue;
      const id = s.id(name);
      if (!winner) {
        winner = s.label;
        if (!step)
          step = {
            kind: 'env',
            profileId: null,
            variable: name,
            credential: id,
            fingerprint: v.value.fingerprint,
          };
        else
          skipped.push({
            credential: id,
            profileId: null,
            why: `${step.variable} is set too, and the gateway reads it first`,
          });
      } else
        skipped.push({
          credential: id,
          profileId: null,
          why: `${name} is already set by ${winner}, which wins`,
        });
    }
  }
  for (const s of sources)
    for (const v of s.vars)
      if (v.name === 'CLAUDE_CODE_OAUTH_TOKEN')
        skipped.push({
          credential: s.id(v.name),
          profileId: null,
          why: 'the gateway never reads CLAUDE_CODE_OAUTH_TOKEN (its claude-cli route even removes it)',
        });
  return { step, skipped };
}

/**
 * Another provider's key variable the gateway of `install` would send (`OPENAI_API_KEY`), by name
 * only: Clawkeeper keeps no other provider's secret. Null when none is set, or when the provider's
 * variables are not known (then the model takes no stance on it).
 */
export function providerKeyStep(
  provider: string,
  processKeys: readonly string[],
  install: OpenClawInstall,
  rules: ReleaseRules,
): RouteStep | null {
  const names = PROVIDER_KEY_VARS[provider];
  if (!names) return null;
  const files = (install.envFiles ?? []).filter((f) => f.kind !== 'gateway-env' || rules.gatewayEnvFile);
  const present = new Set([
    ...processKeys,
    ...files.flatMap((f) => f.keys ?? []),
    ...(install.configKeys ?? []),
  ]);
  const name = names.find((n) => present.has(n));
  return name ? { kind: 'env', profileId: null, variable: name, credential: null, fingerprint: null } : null;
}

/** Whether the model knows every place the gateway takes a `provider` credential from. */
export function knowsProvider(provider: string): boolean {
  return PROVIDER_KEY_VARS[provider] !== undefined;
}

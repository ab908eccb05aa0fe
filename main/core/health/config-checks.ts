import { modeAccepts } from '../formats/openclaw-config.ts';
import { isClaudeCliProfile, isClaudeProfile } from '../formats/claude-profile.ts';
import type { Entry } from './entry.ts';
import type { OpenClawInstall } from '../discovery/inventory.ts';
import type { Finding } from './report.ts';
import { orderChecks } from './order-checks.ts';

/** The stored type after doctor's conversions (an OAuth token in an api_key slot becomes a token). */
export function plannedType(e: Pick<Entry, 'kind' | 'problems'>): string | null {
  if (e.problems.some((p) => p.check === 'oauth-token-as-api-key')) return 'token';
  if (e.problems.some((p) => p.check === 'api-key-as-token')) return 'api_key';
  return e.kind;
}

/**
 * An install's config held against its stores (modes, providers, ids, order): adds problems to
 * the install's entries and returns the install-level findings.
 */
export function configChecks(install: OpenClawInstall, entries: Entry[], now: number): Finding[] {
  const findings: Finding[] = [];
  const mine = entries.filter((e) => e.install === install && e.profileId !== null);
  const config = install.config.status === 'ok' ? install.config.value : null;
  if (install.config.status === 'unreadable') {
    findings.push({
      check: 'unreadable-file',
      severity: 'error',
      message: `cannot parse ${install.configPath}: ${install.config.error}`,
      impact: 'OpenClaw will not start with a broken config; Clawkeeper cannot check modes or order.',
      hint: `Fix the JSON5 syntax in ${install.configPath}`,
      files: [install.configPath],
      credentials: [],
    });
  }
  const configProfiles = config?.auth?.profiles ?? {};
  // Clawdbot 2026.1.24-3's config schema requires `provider` on every auth profile and refuses the
  // whole config without it ("expected string, received undefined").
  for (const [pid, cp] of Object.entries(configProfiles)) {
    if (typeof cp.provider === 'string' && cp.provider.length > 0) continue;
    const named = pid.includes(':') ? pid.slice(0, pid.indexOf(':')) : null;
    findings.push({
      check: 'config-profile-no-provider',
      severity: 'error',
      message: `openclaw config profile "${pid}" has no "provider"`,
      impact:
        'OpenClaw validates the config at start: Clawdbot 2026.1.x refuses the whole config ("expected string, received undefined"), so no profile is used.',
      hint: named
        ? `Add "provider": "${named}" to auth.profiles["${pid}"] in ${install.configPath}`
        : `Add the provider (e.g. "provider": "anthropic") to auth.profiles["${pid}"] in ${install.configPath}`,
      files: [install.configPath],
      credentials: mine.filter((e) => e.profileId === pid).map((e) => e.id),
      subject: { provider: named ?? '', profileId: pid },
    });
  }
  // Seed bug (docs/domain.md §4): config `mode` must agree with the stored `type`.
  for (const e of mine) {
    const cp = configProfiles[e.profileId ?? ''];
    if (!cp || e.id.endsWith('@json')) continue;
    // the type the stored value will have after doctor's conversion of a misplaced token, so the
    // hint, the dry-run plan and --fix describe one change (never "mode api_key" for an OAuth token)
    const planned = plannedType(e);
    if (cp.mode !== undefined && e.kind !== null && planned !== null && !modeAccepts(cp.mode, planned)) {
      e.problems.push({
        state: 'misconfigured',
        reason: `OpenClaw ignores this profile: openclaw.json says mode "${cp.mode}", the store says type "${e.kind}"`,
        hint: `Run \`clawkeeper doctor --fix\` (sets auth.profiles["${e.profileId}"].mode to "${planned}" in ${install.configPath})`,
        check: 'mode-type-mismatch',
        impact:
          'The profile is silently ineligible: this is why requests fail with 401 Invalid bearer token or "no credentials".',
        files: [install.configPath, e.location],
      });
    }
    if (
      cp.provider !== undefined &&
      e.provider !== null &&
      cp.provider !== e.provider &&
      !(cp.provider === 'anthropic' && isClaudeCliProfile({ id: e.profileId ?? '', provider: e.provider }))
    ) {
      e.problems.push({
        state: 'misconfigured',
        reason: `openclaw.json says provider "${cp.provider}", the store says "${e.provider}"`,
        hint: 'Make the two providers agree (`clawkeeper doctor --fix`)',
        check: 'provider-mismatch',
        files: [install.configPath, e.location],
      });
    }
  }
  // Profile ids that differ between config and stores.
  const readable = install.agents.some((a) => a.profiles.status === 'ok' || (a.cli?.ok ?? false));
  const stored = new Set(mine.filter((e) => !e.id.endsWith('@json')).map((e) => e.profileId));
  if (readable) {
    for (const [pid, cp] of Object.entries(configProfiles)) {
      if (isClaudeProfile({ id: pid, provider: cp.provider }) && !stored.has(pid)) {
        findings.push({
          check: 'config-profile-not-stored',
          severity: 'error',
          message: `openclaw.json configures "${pid}" but no agent stores a credential under that id`,
          impact: 'OpenClaw finds no credential for this profile and skips it.',
          hint: `Paste a token under that id (\`clawkeeper paste-token --profile-id ${pid}\`) or rename the profile in ${install.configPath}`,
          files: [install.configPath],
          credentials: [],
        });
      }
    }
  }
  findings.push(...orderChecks(install, mine, stored, now));
  return findings;
}

/**
 * The `claude-cli` route: the gateway runs Claude Code's own `claude` binary, which signs in
 * with Claude Code's login. A stored `claude-cli` profile is tried first where the release has
 * one (2026.8+ hands the selected token to `claude` on a file descriptor); in 2026.6–2026.7 an
 * unusable `anthropic:claude-cli` OAuth profile is lent Claude Code's current login at run time.
 */
import type { OpenClawConfig } from '../formats/openclaw-config.ts';
import type { OpenClawInstall } from '../discovery/inventory.ts';
import { profileOrder } from './profile-order.ts';
import type { ReleaseRules } from './release-rules.ts';
import { cliStep, profileCredentialId, type RouteStep, type SkippedCandidate } from './route.ts';
import type { StoreView } from './store-view.ts';

/** Within 5 minutes of expiry OpenClaw no longer counts an OAuth access token as usable. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export function cliRoute(
  install: OpenClawInstall,
  view: StoreView,
  config: OpenClawConfig | null,
  rules: ReleaseRules,
  now: number,
  login: { id: string; fingerprint: string | null } | null,
  fp: (credential: string | null, value: string | null) => string | null,
): { steps: RouteStep[]; skipped: SkippedCandidate[] } {
  const order = profileOrder(view, config, 'claude-cli', rules, now);
  const steps: RouteStep[] = order.ordered.map((id) => {
    const p = view.profiles.get(id);
    const expires = typeof p?.expires === 'number' ? p.expires : 0;
    const lent =
      rules.claudeLogin === 'overlay-claude-cli-profile' &&
      login !== null &&
      id === 'anthropic:claude-cli' &&
      p?.type === 'oauth' &&
      expires - now <= REFRESH_MARGIN_MS;
    const own = profileCredentialId(install.label, p?.owner ?? 'main', id);
    return {
      kind: 'profile',
      profileId: id,
      variable: null,
      credential: lent ? login.id : own,
      fingerprint: lent ? login.fingerprint : fp(own, p?.value ?? null),
    };
  });
  if (login) steps.push(cliStep(login));
  const skipped = order.skipped.map((s) => ({
    credential: view.profiles.has(s.profileId)
      ? profileCredentialId(install.label, view.profiles.get(s.profileId)!.owner, s.profileId)
      : null,
    profileId: s.profileId,
    why: s.why,
  }));
  return { steps, skipped };
}

/**
 * The order in which the gateway tries an agent's auth profiles for one provider, and every
 * profile it passes over (OpenClaw's `resolveAuthProfileOrder` and its eligibility rules, the
 * same from Clawdbot 2026.1.24-3 to OpenClaw 2026.9.6 except where `ReleaseRules` says).
 *
 * Base order: the store's `order[provider]`, else openclaw.json `auth.order[provider]`, else the
 * config's `auth.profiles` of that provider, else every stored profile of that provider. An
 * explicit order is kept as written; otherwise profiles rotate: OAuth before token before API
 * key, least recently used first. Profiles in a cooldown or disabled go last (soonest end first).
 * `lastGood` never changes the order in any release.
 */
import type { OpenClawConfig } from '../formats/openclaw-config.ts';
import type { ReleaseRules } from './release-rules.ts';
import { normalizeProvider, type StoreView, type ViewProfile } from './store-view.ts';

export interface OrderResult {
  /** profile ids in the order the gateway tries them */
  readonly ordered: readonly string[];
  /** ids the gateway passes over for this provider, with the reason */
  readonly skipped: ReadonlyArray<{ readonly profileId: string; readonly why: string }>;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

function findByProvider<T>(rec: Readonly<Record<string, T>> | undefined, provider: string): T | undefined {
  if (!rec) return undefined;
  for (const [k, v] of Object.entries(rec)) if (normalizeProvider(k) === provider) return v;
  return undefined;
}

/** When OpenClaw skips the profile (cooldown, disabled, blocked), if in the future. */
export function unusableUntil(view: StoreView, id: string, rules: ReleaseRules, now: number): number | null {
  const s = view.usage[id];
  if (!isRec(s)) return null;
  const marks = [s['cooldownUntil'], s['disabledUntil'], ...(rules.blockedUntil ? [s['blockedUntil']] : [])]
    .map(num)
    .filter((x): x is number => x !== null);
  const until = marks.length ? Math.max(...marks) : null;
  return until !== null && until > now ? until : null;
}

/** A token's expiry as the release reads it. */
function tokenExpiry(p: ViewProfile, rules: ReleaseRules, now: number): 'ok' | 'expired' | 'invalid' {
  const e = p.expires;
  if (e === undefined) return 'ok';
  if (typeof e !== 'number' || !Number.isFinite(e) || e <= 0 || e > 864e13)
    return rules.invalidExpiresIneligible ? 'invalid' : 'ok';
  return now >= e ? 'expired' : 'ok';
}

/** Why the release will not send this profile for `provider`, or null when it is eligible. */
export function ineligibility(
  p: ViewProfile | undefined,
  id: string,
  provider: string,
  config: OpenClawConfig | null,
  rules: ReleaseRules,
  now: number,
): string | null {
  if (!p) return 'named in the auth order, but no such profile is stored (profile_missing)';
  if (p.provider !== provider) return `stored for provider "${p.provider}" (provider_mismatch)`;
  const cp = config?.auth?.profiles?.[id];
  if (cp) {
    if (typeof cp.provider !== 'string' || normalizeProvider(cp.provider) !== provider)
      return `openclaw.json gives it provider "${cp.provider ?? ''}" (provider_mismatch)`;
    if (cp.mode !== p.type && !(cp.mode === 'oauth' && p.type === 'token'))
      return `openclaw.json says mode "${cp.mode ?? '(none)'}", the store says type "${p.type}" (mode_mismatch)`;
  }
  if (p.type === 'api_key') return p.value || p.hasRef ? null : 'holds no key (missing_credential)';
  if (p.type === 'token') {
    if (!p.value && !p.hasRef) return 'holds no token (missing_credential)';
    const exp = tokenExpiry(p, rules, now);
    if (exp === 'expired') return 'the token has expired (expired)';
    if (exp === 'invalid') return 'its "expires" is not a valid time (invalid_expires)';
    return null;
  }
  return p.value || p.hasRefresh || p.hasRef
    ? null
    : 'holds neither access nor refresh token (missing_credential)';
}

function rotate(ids: string[], view: StoreView, rules: ReleaseRules, now: number): string[] {
  const score = { oauth: 0, token: 1, api_key: 2 } as const;
  const expired = (p: ViewProfile | undefined): number =>
    rules.expiredOauthLast && p?.type === 'oauth' && typeof p.expires === 'number' && p.expires <= now
      ? 1
      : 0;
  const lastUsed = (id: string): number => {
    const s = view.usage[id];
    return isRec(s) ? (num(s['lastUsed']) ?? 0) : 0;
  };
  return ids
    .map((id) => ({ id, p: view.profiles.get(id) }))
    .sort(
      (a, b) =>
        (score[a.p?.type ?? 'api_key'] ?? 3) - (score[b.p?.type ?? 'api_key'] ?? 3) ||
        expired(a.p) - expired(b.p) ||
        lastUsed(a.id) - lastUsed(b.id),
    )
    .map((x) => x.id);
}

/** The order the gateway tries `provider`'s profiles in this view. */
export function profileOrder(
  view: StoreView,
  config: OpenClawConfig | null,
  provider: string,
  rules: ReleaseRules,
  now: number,
): OrderResult {
  const stored = [...view.profiles.values()].filter((p) => p.provider === provider).map((p) => p.id);
  const fromStore = findByProvider(view.order, provider);
  const explicit = fromStore ?? findByProvider(config?.auth?.order, provider);
  const configured = Object.entries(config?.auth?.profiles ?? {})
    .filter(([, cp]) => typeof cp.provider === 'string' && normalizeProvider(cp.provider) === provider)
    .map(([id]) => id);
  const base = explicit ? [...explicit] : configured.length > 0 ? configured : stored;
  const why = new Map<string, string>();
  const eligible = (id: string): boolean => {
    const w = ineligibility(view.profiles.get(id), id, provider, config, rules, now);
    if (w) why.set(id, w);
    return w === null;
  };
  let filtered = base.filter(eligible);
  let repaired = false;
  const allMissing = base.length > 0 && base.every((id) => !view.profiles.has(id));
  const mayRepair =
    rules.repairFallback === 'config-profiles-or-store-order'
      ? fromStore !== undefined || configured.length > 0
      : rules.repairFallback === 'config-profiles' && configured.length > 0;
  if (filtered.length === 0 && allMissing && mayRepair) {
    filtered = stored.filter(eligible);
    repaired = true;
  }
  const deduped = [...new Set(filtered)];
  const available = deduped.filter((id) => unusableUntil(view, id, rules, now) === null);
  const cooling = deduped
    .filter((id) => unusableUntil(view, id, rules, now) !== null)
    .sort((a, b) => (unusableUntil(view, a, rules, now) ?? 0) - (unusableUntil(view, b, rules, now) ?? 0));
  // 2026.3 keeps even a repaired list "as written"; 2026.6+ rotates it
  const keepAsWritten =
    explicit !== undefined &&
    explicit.length > 0 &&
    !(repaired && rules.repairFallback === 'config-profiles-or-store-order');
  const ordered = [...(keepAsWritten ? available : rotate(available, view, rules, now)), ...cooling];
  const skipped: Array<{ profileId: string; why: string }> = [];
  const seen = new Set(ordered);
  for (const id of [...base, ...stored]) {
    if (seen.has(id)) continue;
    seen.add(id);
    skipped.push({
      profileId: id,
      why:
        why.get(id) ??
        (explicit
          ? `not in the ${provider} auth order (${fromStore ? 'the store' : 'openclaw.json auth.order'})`
          : `not among openclaw.json auth.profiles for ${provider}`),
    });
  }
  return { ordered, skipped };
}

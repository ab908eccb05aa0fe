/**
 * Every state a credential can have on any host, best first, and what follows from it: the one
 * ranking `host status`, the tray and the window share (pure: the renderer imports it too). A
 * state not listed (a newer remote's verdict) ranks worst.
 */
export const HOSTED_STATES = [
  'ok',
  'expiring',
  'stale-copy',
  'blocked',
  'rate-limited',
  'unreachable',
  'expired',
  'misconfigured',
  'unreadable',
  'disabled',
  'needs-reauth',
] as const;

/**
 * A state as any host reports it: one of HOSTED_STATES, or a newer remote's by name (kept as
 * it came, ranked worst). The `string & {}` keeps the known names visible to the type checker.
 */
export type HostedState = (typeof HOSTED_STATES)[number] | (string & {});

/** Attention, not broken: `--check` exit 2. */
const AMBER: ReadonlySet<string> = new Set([
  'expiring',
  'stale-copy',
  'blocked',
  'rate-limited',
  'unreachable',
]);

export function stateRank(state: string): number {
  const i = (HOSTED_STATES as readonly string[]).indexOf(state);
  return i < 0 ? HOSTED_STATES.length : i;
}

/** The worst of some states (`ok` for none). */
export function worstHosted(states: Iterable<string>): string {
  let w = 'ok';
  for (const s of states) if (stateRank(s) > stateRank(w)) w = s;
  return w;
}

export function hostedExitCode(state: string): 0 | 1 | 2 {
  if (state === 'ok') return 0;
  return AMBER.has(state) ? 2 : 1;
}

/** ok / attention / broken for any state, remote ones included. */
export function toneOfState(state: string): 'ok' | 'attention' | 'broken' {
  if (state === 'ok') return 'ok';
  return AMBER.has(state) ? 'attention' : 'broken';
}

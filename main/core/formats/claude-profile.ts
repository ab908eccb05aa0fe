/**
 * The one home of "is this a Claude profile": the providers OpenClaw uses for Anthropic's
 * subscription and API credentials. `claude-cli` is OpenClaw's own copy of Claude Code's login
 * (provider `claude-cli`, or the profile id `anthropic:claude-cli`): it IS a Claude profile.
 */
export const CLAUDE_PROVIDERS: ReadonlySet<string> = new Set(['anthropic', 'claude-cli']);

export interface ProfileRef {
  readonly id: string;
  readonly provider: string | null | undefined;
  /** the masked value, when known: an `sk-ant-` token marks a Claude profile whatever its id */
  readonly masked?: string | null | undefined;
}

/** Whether a profile (from a store, the config, or an order entry) holds a Claude credential. */
export function isClaudeProfile(p: ProfileRef): boolean {
  return (
    (typeof p.provider === 'string' && CLAUDE_PROVIDERS.has(p.provider)) ||
    p.id.startsWith('anthropic') ||
    p.id.startsWith('claude') ||
    (p.masked?.startsWith('sk-ant-') ?? false)
  );
}

/** Whether a profile is OpenClaw's own copy of Claude Code's login (the `claude-cli` route). */
export function isClaudeCliProfile(p: ProfileRef): boolean {
  return p.provider === 'claude-cli' || p.id === 'anthropic:claude-cli' || p.id.startsWith('claude-cli');
}

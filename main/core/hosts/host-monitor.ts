/**
 * Keeps the tray's picture of the remote hosts: asks every host on a timer and on demand, each
 * on its own (a slow or unreachable host never holds up the others, nor this machine's keeper),
 * and tells listeners after every host that answers.
 */
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { Host } from './host-settings.ts';
import type { HostedCredential, HostPart, HostSummary } from './host-report.ts';

/** What the window and tray get about the remote hosts (plain JSON). */
export interface HostsSnapshot {
  readonly hosts: readonly HostSummary[];
  readonly credentials: readonly HostedCredential[];
  /** when the last full round finished; null while the first is under way */
  readonly checkedAt: number | null;
}

export interface HostsControl {
  current(): HostsSnapshot;
  /** asks every host now; resolves when all answered or failed */
  refresh(): Promise<void>;
  on(listener: (parts: readonly HostPart[]) => void): () => void;
  start(): void;
  stop(): void;
}

/**
 * A silent host with what it held when it last answered (`seen`), each row marked `asOf` then:
 * the window shows it as of then, never an expiry it cannot know now.
 */
export function withLastSeen(p: HostPart, seen: HostPart | undefined): HostPart {
  if (p.summary.reachable || !seen) return p;
  const at = seen.summary.checkedAt;
  return {
    ...p,
    summary: { ...p.summary, lastSeenAt: at },
    credentials: [
      ...p.credentials,
      ...seen.credentials.filter((c) => !c.id.startsWith('host:')).map((c) => ({ ...c, asOf: at })),
    ],
  };
}

export class HostMonitor implements HostsControl {
  #parts = new Map<string, HostPart>();
  /** each host's last answer, kept to show what it held while it is silent */
  #seen = new Map<string, HostPart>();
  #checkedAt: number | null = null;
  #listeners = new Set<(parts: readonly HostPart[]) => void>();
  #timer: TimerHandle | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(
    private readonly deps: {
      status(host: Host): Promise<HostPart>;
      hosts(): readonly Host[];
      clock: Clock;
      intervalMs: number;
    },
  ) {}

  current(): HostsSnapshot {
    const names = this.deps.hosts().map((h) => h.name);
    const parts = names.flatMap((n) => {
      const p = this.#parts.get(n);
      return p ? [p] : [];
    });
    const shown = parts.map((p) => withLastSeen(p, this.#seen.get(p.summary.name)));
    return {
      hosts: shown.map((p) => p.summary),
      credentials: shown.flatMap((p) => p.credentials),
      checkedAt: this.#checkedAt,
    };
  }

  refresh(): Promise<void> {
    this.#running ??= (async () => {
      try {
        await Promise.all(
          this.deps.hosts().map(async (h) => {
            const part = await this.deps.status(h);
            if (this.#stopped) return;
            this.#parts.set(h.name, part);
            if (part.summary.reachable) this.#seen.set(h.name, part);
            this.#emit([part]);
          }),
        );
        this.#checkedAt = this.deps.clock.now();
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  on(listener: (parts: readonly HostPart[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      void this.refresh().finally(() => {
        if (!this.#stopped) this.#timer = this.deps.clock.setTimeout(tick, this.deps.intervalMs);
      });
    };
    tick();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #emit(parts: readonly HostPart[]): void {
    for (const l of this.#listeners) l(parts);
  }
}

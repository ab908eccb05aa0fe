/**
 * `host copy --keep` while this machine is awake: after each keeper status whose login changed,
 * re-send the access token (never the refresh token; on ssh's stdin only) to every host that
 * asked for a copy. The tray app and `clawkeeper watch` both run this one implementation.
 *
 * A host that cannot be reached is a state reported to the listeners, never a crash, and holds up
 * neither the keeper nor the other hosts: each host's copy runs on its own in the background (one
 * at a time per host, the newest login wins), and a copy that failed is tried again with the next
 * login or, for the same login, at the first status after `retryMs`.
 */
import type { Clock } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { ClaudeLogin } from '../formats/claude-credentials.ts';
import type { StatusReport } from '../health/report.ts';
import { toAppError } from '../kernel/errors.ts';
import type { Host } from './host-settings.ts';
import { loginCopy } from './login-copy.ts';
import type { HostClient } from './host-client.ts';

/** a copy that failed for the same login is tried again after this long (or with a new login) */
export const COPY_RETRY_MS = 5 * 60_000;

export interface LoginCopyResult {
  readonly at: number;
  readonly host: string;
  readonly ok: boolean;
  /** fingerprint of the access token sent (or meant to be sent) */
  readonly fingerprint: string | null;
  /** secret-free: why it failed (unreachable, refused, exit code) */
  readonly error: string | null;
  readonly hint: string | null;
}

export interface LoginCopierDeps {
  readonly hosts: () => readonly Host[];
  readonly remote: Pick<HostClient, 'via' | 'pastePlans' | 'execute'>;
  /** this machine's Claude login, read fresh (the report carries fingerprints only) */
  readonly readLogin: () => Promise<ClaudeLogin | null>;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  readonly retryMs?: number;
}

export class LoginCopier {
  /** host → fingerprint it holds from us */
  readonly #sent = new Map<string, string>();
  /** host → the login whose copy failed, and when */
  readonly #failed = new Map<string, { fingerprint: string; at: number }>();
  /** host → its copy in flight; each host on its own, so a hanging one holds up no other */
  readonly #inflight = new Map<string, Promise<void>>();
  /** hosts whose login changed while their copy was in flight: once more afterwards */
  readonly #again = new Set<string>();
  readonly #listeners = new Set<(r: LoginCopyResult) => void>();
  /** fingerprint of the login the newest report says is current and ok */
  #want: string | null = null;

  constructor(private readonly deps: LoginCopierDeps) {}

  /** Hosts that asked for a copy (`host copy --keep`). */
  targets(): Host[] {
    return this.deps.hosts().filter((h) => h.copyLogin !== null);
  }

  on(listener: (r: LoginCopyResult) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Feeds one keeper status; resolves when the copies it caused (if any) are done. */
  async feed(report: StatusReport): Promise<void> {
    const login = report.credentials.find((c) => c.id === 'claude-code' && c.state === 'ok');
    if (!login?.fingerprint) return;
    this.#want = login.fingerprint;
    await Promise.all(this.targets().map((h) => this.#kick(h)));
  }

  /** Resolves when no copy is in flight. */
  async settled(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all(this.#inflight.values());
  }

  #due(h: Host, fp: string): boolean {
    if (this.#sent.get(h.name) === fp) return false;
    const f = this.#failed.get(h.name);
    const retryMs = this.deps.retryMs ?? COPY_RETRY_MS;
    return !(f && f.fingerprint === fp && this.deps.clock.now() - f.at < retryMs);
  }

  #kick(h: Host): Promise<void> {
    const inflight = this.#inflight.get(h.name);
    if (inflight) {
      this.#again.add(h.name);
      return inflight;
    }
    const fp = this.#want;
    if (fp === null || !this.#due(h, fp)) return Promise.resolve();
    const run = this.#copy(h, fp).finally(() => {
      this.#inflight.delete(h.name);
      if (this.#again.delete(h.name)) void this.#kick(h);
    });
    this.#inflight.set(h.name, run);
    return run;
  }

  async #copy(h: Host, reported: string): Promise<void> {
    let result: LoginCopyResult;
    let pasted = false;
    try {
      const { via } = await this.deps.remote.via(h);
      // read once the host answers: a host that was slow gets the newest login
      const c = loginCopy(
        await this.deps.readLogin(),
        this.deps.clock.now(),
        h.copyLogin ?? { agent: null, profileId: null },
      );
      const calls = this.deps.remote.pastePlans(h, via, c.options, true);
      const results = await this.deps.remote.execute(h, calls, c.token);
      pasted = results[0]?.ok === true;
      const failed = results.find((r) => !r.ok);
      if (pasted) this.#sent.set(h.name, c.fingerprint);
      result = {
        at: this.deps.clock.now(),
        host: h.name,
        ok: failed === undefined && results.length === calls.length,
        fingerprint: c.fingerprint,
        error: failed
          ? `${pasted ? 'copied, but the reload failed: ' : ''}${failed.error ?? 'failed'}`
          : null,
        hint: failed?.hint ?? null,
      };
    } catch (e: unknown) {
      result = {
        at: this.deps.clock.now(),
        host: h.name,
        ok: false,
        fingerprint: null,
        error: toAppError(e).message,
        hint: null,
      };
    }
    if (pasted) this.#failed.delete(h.name);
    else this.#failed.set(h.name, { fingerprint: reported, at: result.at });
    const fields = { host: h.name, fingerprint: result.fingerprint, error: result.error, hint: result.hint };
    if (result.ok) this.deps.logger.info('login copied to host', fields);
    else this.deps.logger.warn('login copy to host failed', fields);
    for (const l of this.#listeners) l(result);
  }
}

import { urlProblem } from '../../core/settings/alert-settings.ts';
import type { ChannelMessage, CommandMessage, HttpMessage } from '../../core/notify/alert-message.ts';
import { redact } from '../../core/kernel/redact.ts';
import type { WritableFiles } from '../../ports/files.ts';
import type { AlertSink, DeliveryOutcome } from '../../ports/alerts.ts';
import type { ProcessRunner } from '../../ports/process-runner.ts';

/** The part of `fetch` alert delivery uses (the proxied one is undici's). */
export type AlertFetch = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    redirect: 'manual';
    signal: AbortSignal;
  },
) => Promise<{ status: number; text(): Promise<string> }>;

/** Environment variables a notification command never inherits (the daemon may hold tokens). */
const SECRET_NAME = /TOKEN|SECRET|PASSW|API_?KEY|CREDENTIAL|COOKIE|CLAWKEEPER_ALERT_/i;

/** The daemon's environment minus anything secret-shaped, by name or by value. */
export function scrubbedEnv(vars: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars))
    if (v !== undefined && !SECRET_NAME.test(k) && !/sk-ant-|Bearer\s/i.test(v)) out[k] = v;
  return out;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** One line of a receiver's answer, short, redacted, and without the URL's secret path parts. */
function snippet(text: string, url: string | null): string {
  let s = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  if (url)
    for (const part of new URL(url).pathname.split('/'))
      if (part.length >= 4) s = s.split(safeDecode(part)).join('…').split(part).join('…');
  return redact(s);
}

/**
 * Delivers alerts with the machine's own means: `fetch` (https, or http to loopback; redirects
 * refused, since a redirect could carry the message somewhere the user never configured),
 * a child process with a scrubbed environment, and the flag file (0600, atomic).
 */
export class NodeAlertSink implements AlertSink {
  constructor(
    private readonly deps: {
      runner: ProcessRunner;
      files: WritableFiles;
      env: Readonly<Record<string, string | undefined>>;
      /** HTTP through the proxy of the environment (the composition passes one); default: direct */
      fetch?: AlertFetch;
    },
  ) {}

  deliver(message: ChannelMessage, timeoutMs: number): Promise<DeliveryOutcome> {
    return message.kind === 'http' ? this.#post(message, timeoutMs) : this.#command(message);
  }

  async #post(m: HttpMessage, timeoutMs: number): Promise<DeliveryOutcome> {
    const problem = urlProblem(m.url);
    if (problem) return { ok: false, retryable: false, detail: `refused: the URL ${problem}` };
    let res: Awaited<ReturnType<AlertFetch>>;
    try {
      res = await (this.deps.fetch ?? fetch)(m.url, {
        method: 'POST',
        headers: m.headers,
        body: m.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e: unknown) {
      const name = (e as { name?: string }).name ?? 'Error';
      const code = (e as { cause?: { code?: string } }).cause?.code;
      const detail =
        name === 'TimeoutError'
          ? `no answer within ${Math.round(timeoutMs / 1000)} s`
          : `no answer (${code ?? name})`;
      return { ok: false, retryable: true, detail };
    }
    const text = await res.text().catch(() => '');
    const status = res.status;
    if (status >= 200 && status < 300) return { ok: true, retryable: false, detail: `HTTP ${status}` };
    if (status >= 300 && status < 400)
      return {
        ok: false,
        retryable: false,
        detail: `HTTP ${status}: redirect refused; configure the final URL`,
      };
    const answer = snippet(text, m.url);
    return {
      ok: false,
      retryable: status >= 500 || status === 408 || status === 429,
      detail: `HTTP ${status}${answer ? `: ${answer}` : ''}`,
    };
  }

  async #command(m: CommandMessage): Promise<DeliveryOutcome> {
    const [cmd, ...args] = m.argv;
    if (!cmd) return { ok: false, retryable: false, detail: 'no command configured' };
    const r = await this.deps.runner.run(cmd, args, {
      env: { ...scrubbedEnv(this.deps.env), ...m.env },
      input: m.input,
      timeoutMs: m.timeoutMs,
    });
    if (r.spawnError) return { ok: false, retryable: false, detail: `could not start (${r.spawnError})` };
    if (r.timedOut)
      return { ok: false, retryable: true, detail: `timed out after ${Math.round(m.timeoutMs / 1000)} s` };
    const said = snippet((r.code === 0 ? r.stdout : r.stderr || r.stdout).split('\n')[0] ?? '', null);
    return {
      ok: r.code === 0,
      retryable: r.code !== 0,
      detail: `exit ${r.code ?? 'killed'}${said ? `: ${said}` : ''}`,
    };
  }

  async setFlag(path: string, content: string | null): Promise<void> {
    if (content === null) {
      await this.deps.files.remove(path);
      return;
    }
    const dir = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
    if (dir) await this.deps.files.mkdirp(dir, 0o700);
    await this.deps.files.writeAtomic(path, content, { mode: 0o600 });
  }

  async flagPresent(path: string): Promise<boolean> {
    return (await this.deps.files.stat(path)) !== null;
  }
}

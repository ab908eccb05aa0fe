import { AppError } from '../../core/kernel/errors.ts';
import type { Http, HttpResponse } from '../../ports/http.ts';
import { proxiedFetch } from './proxy-dispatcher.ts';

/** HTTP through undici's fetch and the proxy of the environment, with a hard timeout. */
export class FetchHttp implements Http {
  readonly #fetch: ReturnType<typeof proxiedFetch>;

  /** `env`: where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from; none: no proxy */
  constructor(env: NodeJS.ProcessEnv = {}) {
    this.#fetch = proxiedFetch(env);
  }

  async request(
    url: string,
    opts: {
      method: 'GET' | 'POST';
      headers: Readonly<Record<string, string>>;
      body?: string;
      timeoutMs: number;
    },
  ): Promise<HttpResponse> {
    try {
      const res = await this.#fetch(url, {
        method: opts.method,
        headers: opts.headers,
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: 'manual',
      });
      const body = (await res.text()).slice(0, 64 * 1024);
      return { status: res.status, body, headers: Object.fromEntries(res.headers) };
    } catch (e: unknown) {
      // fetch errors can quote the URL but never the headers; still, keep only the kind
      const name = (e as { name?: string }).name ?? 'Error';
      const code = (e as { cause?: { code?: string } }).cause?.code;
      throw new AppError('network', `no answer from ${new URL(url).origin} (${code ?? name})`, {
        cause: e,
        retryable: true,
      });
    }
  }
}

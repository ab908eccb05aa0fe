/**
 * The HTTP(S) proxy every HTTP client of the CLI and the tray goes through: `HTTPS_PROXY`,
 * `HTTP_PROXY` and `NO_PROXY` (lower-case first, as curl reads them), through undici's
 * `EnvHttpProxyAgent` (an https URL is tunnelled with CONNECT, so the proxy sees only the host
 * name, never a token). Node's own `NODE_USE_ENV_PROXY` is not used: it arrived in Node 24 (and
 * 22.21 for fetch only), while the CLI supports Node 20.19 and the tray runs on Electron's Node.
 *
 * Loopback destinations are never proxied (as Go's `ProxyFromEnvironment` does): a proxy cannot
 * reach this machine's 127.0.0.1, and plain http to a local endpoint must not carry a refresh
 * token through someone else's proxy.
 */
import { isIP } from 'node:net';
import type * as UndiciModule from 'undici';
import type { Dispatcher, RequestInit, Response } from 'undici';

export interface ProxySettings {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

const LOOPBACK_NO_PROXY = ['localhost', '127.0.0.1', '::1', '[::1]'];

/** The proxy variables of an environment; empty strings where none is set. */
export function proxySettings(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const pick = (name: string) => env[name] ?? env[name.toUpperCase()] ?? '';
  return { httpProxy: pick('http_proxy'), httpsProxy: pick('https_proxy'), noProxy: pick('no_proxy') };
}

/** True when a host name is this machine (never proxied). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/** Whether a request to `url` goes through a proxy under these settings (for messages and tests). */
export function proxiedVia(url: URL, p: ProxySettings): string | null {
  if (isLoopbackHost(url.hostname)) return null;
  const proxy = url.protocol === 'https:' ? p.httpsProxy || p.httpProxy : p.httpProxy;
  if (proxy === '') return null;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of p.noProxy.split(/[,\s]+/)) {
    if (raw === '') continue;
    if (raw === '*') return null;
    const [name = '', onlyPort] = raw.match(/^(.+):(\d+)$/)?.slice(1) ?? [raw];
    if (onlyPort !== undefined && onlyPort !== port) continue;
    const bare = name.replace(/^\*?\./, '').toLowerCase();
    if (host === bare || host.endsWith(`.${bare}`)) return null;
  }
  return proxy;
}

type Undici = typeof UndiciModule;

/**
 * undici, loaded on first use. It is CommonJS: Node's own `import()` finds its named exports,
 * while the esbuild bundle of an ES module sees only `default` (module.exports), so both are read.
 */
async function undici(): Promise<Undici> {
  const m = (await import('undici')) as Undici & { default?: Undici };
  return typeof m.EnvHttpProxyAgent === 'function' ? m : (m.default ?? m);
}

/** One proxy secret-free for messages: `http://proxy.corp:3128` without user or password. */
export function describeProxy(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'the configured proxy';
  }
}

/**
 * A dispatcher that honours the proxy variables of `env`. undici is loaded on first use: a
 * read-only `status` never needs HTTP.
 */
export async function proxyDispatcher(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Dispatcher> {
  const { EnvHttpProxyAgent } = await undici();
  const p = proxySettings(env);
  return new EnvHttpProxyAgent({
    httpProxy: p.httpProxy,
    httpsProxy: p.httpsProxy,
    noProxy: [p.noProxy, ...LOOPBACK_NO_PROXY].filter((s) => s !== '').join(','),
  });
}

/**
 * undici's `fetch` through the proxy of `env` (one dispatcher, made on first use). Node's global
 * `fetch` ignores the proxy variables before Node 24 and cannot take another undici's dispatcher
 * safely, so the HTTP clients use this one.
 */
export function proxiedFetch(
  env: Readonly<Record<string, string | undefined>>,
): (url: string, init: RequestInit) => Promise<Response> {
  let dispatcher: Promise<Dispatcher> | null = null;
  return async (url, init) => {
    const { fetch } = await undici();
    return fetch(url, { ...init, dispatcher: await (dispatcher ??= proxyDispatcher(env)) });
  };
}

/**
 * Main-side IPC handlers: every call is checked against our window's main frame, its
 * argument parsed with the contract's schema, then answered `{ok, value}` or
 * `{ok: false, error}`. Nothing else gets through.
 */
import { toAppError } from '../core/kernel/errors.ts';
import type { AppServices, PasteRequest } from '../core/contracts.ts';
import type { Logger } from '../ports/logger.ts';
import { redact, redactTokens } from '../core/kernel/redact.ts';
import { Secret } from '../core/kernel/secret.ts';
import { isAllowedExternalUrl } from '../shell/external-urls.ts';
import {
  INVOKE_CHANNELS,
  INVOKE_SCHEMAS,
  type AppStatus,
  type InvokeChannel,
  type InvokeResults,
  type IpcError,
  type IpcResult,
  type ParsedArg,
  type SettingsView,
} from './contract.ts';

/** A frame as Electron's `WebFrameMain` names it: process and routing id. */
export interface FrameRef {
  readonly processId: number;
  readonly routingId: number;
  readonly url: string;
}

/** The part of an invoke event we trust: which webContents and which frame sent it. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameRef | null;
}

/** The subset of Electron's `ipcMain` used here (the real one and the test fake both fit). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcDeps {
  readonly ipcMain: IpcMainLike;
  readonly services: AppServices;
  /** our window's webContents id and main frame, or null while there is no window */
  ourWindow(): { readonly id: number; readonly mainFrame: FrameRef } | null;
  status(): AppStatus;
  readonly loginItem: { isEnabled(): boolean; setEnabled(on: boolean): void | Promise<void> };
  openLogs(): Promise<void>;
  copy(text: string): void;
  openExternal(url: string): Promise<void>;
  readonly logger: Logger;
}

class Refused extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
  ) {
    super(message);
  }
}

/** Strips keys whose value is undefined (zod output vs. exactOptionalPropertyTypes). */
function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

/**
 * The call comes from our window's top frame and that frame shows a file:// page. Frames are
 * compared by identity (process + routing id), not by URL strings: Electron's `loadFile` builds
 * its URL with `url.format`, which escapes `%`, `[` and `]` differently from `pathToFileURL`,
 * so a string comparison refused every call from an install path holding them.
 */
export function isOurMainFrame(event: InvokeEventLike, ours: ReturnType<IpcDeps['ourWindow']>): boolean {
  const f = event.senderFrame;
  if (ours === null || f === null || event.sender.id !== ours.id) return false;
  if (
    f !== ours.mainFrame &&
    (f.processId !== ours.mainFrame.processId || f.routingId !== ours.mainFrame.routingId)
  )
    return false;
  return f.url.startsWith('file:');
}

type Handlers = { [C in InvokeChannel]: (arg: ParsedArg<C>) => Promise<InvokeResults[C]> };

function handlers(d: IpcDeps): Handlers {
  const { services } = d;
  const keeper = services.keeper;
  const settingsView = (): SettingsView => ({
    settings: services.settings(),
    startAtLogin: d.loginItem.isEnabled(),
    logsDir: services.logsDir,
  });
  return {
    'status:get': () => Promise.resolve(d.status()),
    'events:history': () => Promise.resolve([...keeper.history()]),
    'keeper:refresh': async (a) => (await keeper.refreshNow({ force: a?.force === true }), d.status()),
    'keeper:sync': async () => (await keeper.syncNow(), d.status()),
    'keeper:pause': () => (keeper.pause(), Promise.resolve(d.status())),
    'keeper:resume': () => (keeper.resume(), Promise.resolve(d.status())),
    'hosts:refresh': async () => (await d.services.hosts?.refresh(), d.status()),
    'token:validate': (a) => Promise.resolve(services.validateToken(a.token)),
    'token:paste': (a) => {
      const { token, ...rest } = a;
      const req: PasteRequest = { ...defined(rest), token: new Secret(token) };
      return services.pasteToken(req);
    },
    'doctor:get': () => services.doctor(),
    'doctor:apply': (a) => services.applyFixes(a.ids, a.dryRun),
    'settings:get': () => Promise.resolve(settingsView()),
    'settings:update': async (a) => {
      if (a.patch !== undefined) await services.updateSettings(JSON.parse(JSON.stringify(a.patch)) as never);
      if (a.startAtLogin !== undefined) await d.loginItem.setEnabled(a.startAtLogin);
      return settingsView();
    },
    'shell:open-logs': async () => (await d.openLogs(), null),
    'shell:copy': (a) => {
      // the clipboard is for commands and paths; refuse anything shaped like a secret
      if (redact(a.text) !== a.text) throw new Refused('bad-argument', 'refusing to copy a secret');
      d.copy(a.text);
      return Promise.resolve(null);
    },
    'shell:open-external': async (a) => {
      if (!isAllowedExternalUrl(a.url)) throw new Refused('forbidden', 'that link is not on the allowlist');
      await d.openExternal(a.url);
      return null;
    },
  };
}

/** The raw token a request carried, so the answer can be checked for an echo. */
function carriedToken(channel: InvokeChannel, arg: unknown): string | null {
  if (channel !== 'token:validate' && channel !== 'token:paste') return null;
  const t = (arg as { token: string }).token.replace(/\s+/g, '');
  return t.length >= 8 ? t : null;
}

/** Registers every invoke channel; returns a function that removes them again. */
export function registerIpc(d: IpcDeps): () => void {
  const table = handlers(d);
  for (const channel of INVOKE_CHANNELS) {
    d.ipcMain.handle(channel, async (event, ...args): Promise<IpcResult<unknown>> => {
      try {
        if (!isOurMainFrame(event, d.ourWindow())) throw new Refused('forbidden', 'unknown sender');
        if (args.length > 1) throw new Refused('bad-argument', `${channel} takes at most one argument`);
        const parsed = INVOKE_SCHEMAS[channel].safeParse(args[0]);
        if (!parsed.success) throw new Refused('bad-argument', `invalid argument for ${channel}`);
        const run = table[channel] as (a: unknown) => Promise<unknown>;
        const value = await run(parsed.data);
        const token = carriedToken(channel, parsed.data);
        if (token !== null && JSON.stringify(value).includes(token))
          throw new Refused('failed', 'the answer would have echoed the token; withheld');
        // defence in depth: whatever a service returned, no token-shaped string goes to the page
        return {
          ok: true,
          value: value === undefined ? null : (JSON.parse(redactTokens(JSON.stringify(value))) as unknown),
        };
      } catch (e: unknown) {
        const code = e instanceof Refused ? e.code : 'failed';
        const message = redact(e instanceof Refused ? e.message : toAppError(e).message);
        d.logger.warn('ipc call refused or failed', { channel, code, message });
        return { ok: false, error: { code, message } };
      }
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) d.ipcMain.removeHandler(channel);
  };
}

/**
 * The object the preload exposes as `window.clawkeeper`: named functions only, never the
 * transport. Pure (no electron) so it is unit-tested and its type is the renderer's API type.
 */
import type {
  EventChannel,
  EventPayloads,
  InvokeArg,
  InvokeChannel,
  InvokeResults,
  IpcResult,
  PasteArgs,
  SettingsPatch,
} from '../ipc/contract.ts';

/** The two primitives the preload gets from `ipcRenderer`, already stripped of the event object. */
export interface Bridge {
  invoke(channel: InvokeChannel, arg?: unknown): Promise<unknown>;
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

/** Builds the renderer API over a bridge. */
export function createApi(bridge: Bridge) {
  const call = <C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>) =>
    (arg === undefined ? bridge.invoke(channel) : bridge.invoke(channel, arg)) as Promise<
      IpcResult<InvokeResults[C]>
    >;
  const listen =
    <E extends EventChannel>(channel: E) =>
    (cb: (payload: EventPayloads[E]) => void): (() => void) =>
      bridge.on(channel, (p) => cb(p as EventPayloads[E]));
  return {
    getStatus: () => call('status:get'),
    getHistory: () => call('events:history'),
    refreshNow: (force = false) => call('keeper:refresh', { force }),
    syncNow: () => call('keeper:sync'),
    pause: () => call('keeper:pause'),
    resume: () => call('keeper:resume'),
    refreshHosts: () => call('hosts:refresh'),
    validateToken: (token: string) => call('token:validate', { token }),
    pasteToken: (args: PasteArgs) => call('token:paste', args),
    getDoctor: () => call('doctor:get'),
    applyFixes: (ids: string[] | null, dryRun: boolean) => call('doctor:apply', { ids, dryRun }),
    getSettings: () => call('settings:get'),
    updateSettings: (update: { patch?: SettingsPatch; startAtLogin?: boolean }) =>
      call('settings:update', update),
    openLogs: () => call('shell:open-logs'),
    copy: (text: string) => call('shell:copy', { text }),
    openExternal: (url: string) => call('shell:open-external', { url }),
    onStatus: listen('status:changed'),
    onKeeperEvent: listen('keeper:event'),
    onNavigate: listen('ui:navigate'),
  };
}

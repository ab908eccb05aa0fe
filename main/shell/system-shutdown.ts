/**
 * Stops the keeper cleanly when the system shuts down, restarts or logs the user off, so no
 * refresh is cut between the endpoint's answer and the store write, and the locks are released.
 * macOS and Linux: `powerMonitor`'s `shutdown` (its default is delayed while the keeper stops,
 * then the app quits). Windows has no such event: the session's end is told to top-level
 * windows (WM_QUERYENDSESSION / WM_ENDSESSION), and a tray app has none while its window is
 * closed, so a hidden, content-less `BaseWindow` listens for `query-session-end` (stop early)
 * and `session-end` (after which Windows ends the process).
 */
import type { ElectronApi, PreventableEvent } from './electron-api.ts';

export interface SystemShutdownDeps {
  readonly electron: ElectronApi;
  readonly platform: NodeJS.Platform;
  /** stops the keeper and the services; idempotent */
  readonly stop: () => Promise<void>;
  /** quits the app once stopped */
  readonly quit: () => void;
}

/** Starts listening; returns the function that stops listening. */
export function onSystemShutdown(d: SystemShutdownDeps): () => void {
  if (d.platform === 'win32') {
    if (d.electron.BaseWindow === undefined) return () => {};
    const sentinel = new d.electron.BaseWindow({ show: false, width: 1, height: 1, skipTaskbar: true });
    const stop = () => void d.stop();
    sentinel.on('query-session-end', stop);
    sentinel.on('session-end', stop);
    return () => sentinel.destroy();
  }
  const monitor = d.electron.powerMonitor;
  if (monitor === undefined) return () => {};
  const listener = (...args: unknown[]) => {
    // delays the shutdown while the keeper stops (Electron's documented use), then quits
    (args[0] as Partial<PreventableEvent> | undefined)?.preventDefault?.();
    void d.stop().finally(d.quit);
  };
  monitor.on('shutdown', listener);
  return () => void monitor.removeListener('shutdown', listener);
}

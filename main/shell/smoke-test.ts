/**
 * `--smoke-test`: the app proves its own start on this desktop, then quits. It has taken the
 * single-instance lock and created the tray by the time this runs; it loads the window, makes
 * one IPC round trip from the page, raises one notification and clicks it (through the same
 * handler a user's click reaches), and quits. Exit 0 when every step passed, 1 otherwise.
 * The same code runs under real Electron (CI on each OS, anyone's desktop) and on the fake.
 */
import type { Notifier } from './notifications.ts';
import type { TrayController } from './tray.ts';
import type { WindowController } from './window.ts';

export interface SmokeTarget {
  readonly window: WindowController;
  readonly tray: TrayController;
  readonly notifier: Notifier;
  quit(): Promise<void>;
}

export const SMOKE_FLAG = '--smoke-test';
const STEP_MS = 15_000;

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + STEP_MS;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the steps, printing one line each; resolves with the exit code. */
export async function runSmokeTest(app: SmokeTarget | null, print: (line: string) => void): Promise<number> {
  const step = async (name: string, f: () => Promise<void> | void) => {
    try {
      await f();
      print(`smoke-test: ok ${name}`);
    } catch (e: unknown) {
      throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  try {
    await step('single-instance lock', () => {
      if (app === null) throw new Error('another Clawkeeper holds the lock; quit it first');
    });
    if (app === null) return 1;
    await step('tray', () => {
      if (app.tray.model.length === 0) throw new Error('the tray menu is empty');
    });
    const js = async (code: string) => {
      const wc = app.window.contents();
      if (wc === null) throw new Error('no window');
      return wc.executeJavaScript(code);
    };
    await step('window', async () => {
      await app.window.show();
      await until('the page', async () => (await js('document.body?.dataset.ready === "true"')) === true);
    });
    await step('ipc round trip', async () => {
      const ok = await js('window.clawkeeper.getStatus().then((r) => r.ok === true)');
      if (ok !== true) throw new Error('status:get did not answer ok');
    });
    await step('notification click', async () => {
      const n = app.notifier.show({
        key: 'smoke-test',
        level: 0,
        title: 'Clawkeeper smoke test',
        body: 'Clicking this opens the doctor.',
        target: { view: 'doctor' },
      });
      n.emit('click');
      await until(
        'the doctor view',
        async () => (await js('document.getElementById("view-doctor")?.hidden === false')) === true,
      );
    });
    await step('quit', () => app.quit());
    print('smoke-test: passed');
    return 0;
  } catch (e: unknown) {
    print(`smoke-test: FAILED ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

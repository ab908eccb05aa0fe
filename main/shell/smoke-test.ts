/**
 * `--smoke-test`: the app proves its own start on this desktop, then quits. It has taken the
 * single-instance lock and created the tray by the time this runs; it loads the keyring's native
 * module and reads an entry that does not exist (a wrong-architecture binary fails here, not at
 * a user's first paste), checks the packaged update config electron-updater will read, loads the
 * window, makes one IPC round trip from the page, raises one notification and clicks it (through
 * the same handler a user's click reaches), and quits. Exit 0 when every step passed, 1 otherwise.
 * Every line goes to the log as well as stdout (a Windows GUI app has no stdout), and the last
 * says which steps were synthetic or skipped. The same code runs under real Electron (CI on each
 * OS, anyone's desktop) and on the fake.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { Notifier } from './notifications.ts';
import type { TrayController } from './tray.ts';
import type { WindowController } from './window.ts';

export interface SmokeTarget {
  readonly window: WindowController;
  readonly tray: TrayController;
  readonly notifier: Notifier;
  quit(): Promise<void>;
}

/** What the smoke test checks beyond the running app. */
export interface SmokeChecks {
  /** loads the native keyring module and reads a missing entry: `value` null is "not found" */
  readonly keyring: () => Promise<
    { ok: true; value: string | null } | { ok: false; stage: 'load' | 'read'; error: string }
  >;
  /** the packaged `resources/app-update.yml` (text null: missing); null when not a packaged app */
  readonly updateConfig: () => { path: string; text: string | null } | null;
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

/** An installed app's `resources/app-update.yml`; null when not packaged (npm start, the fake). */
export function packagedUpdateConfig(
  packaged: boolean,
  resources: string | undefined,
): { path: string; text: string | null } | null {
  if (!packaged || resources === undefined) return null;
  const path = join(resources, 'app-update.yml');
  return { path, text: existsSync(path) ? readFileSync(path, 'utf8') : null };
}

/** What electron-updater will ask, from app-update.yml; throws when it could not update. */
export function checkUpdateConfig(text: string): string {
  let doc: unknown;
  try {
    doc = load(text);
  } catch {
    throw new Error('app-update.yml is not YAML');
  }
  const c = (doc ?? {}) as Record<string, unknown>;
  const nonEmpty = (k: string) => typeof c[k] === 'string' && c[k] !== '';
  if (c['provider'] === 'github' && nonEmpty('owner') && nonEmpty('repo'))
    return `GitHub releases of ${String(c['owner'])}/${String(c['repo'])}`;
  if (c['provider'] === 'generic' && nonEmpty('url')) return `the feed at ${String(c['url'])}`;
  throw new Error(`app-update.yml names no usable feed (provider ${JSON.stringify(c['provider'] ?? null)})`);
}

/** Runs the steps, printing one line each (stdout and the log); resolves with the exit code. */
export async function runSmokeTest(
  app: SmokeTarget | null,
  print: (line: string) => void,
  checks: SmokeChecks,
): Promise<number> {
  const synthetic: string[] = [];
  const skipped: string[] = [];
  const step = async (name: string, f: () => Promise<string | void> | string | void) => {
    try {
      const note = await f();
      print(`smoke-test: ok ${name}${note ? ` (${note})` : ''}`);
    } catch (e: unknown) {
      throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  try {
    await step('single-instance lock', () => {
      if (app === null) throw new Error('another Clawkeeper holds the lock; quit it first');
    });
    if (app === null) return 1;
    await step('keyring', async () => {
      const r = await checks.keyring();
      if (!r.ok && r.stage === 'load') throw new Error(`the native keyring module did not load: ${r.error}`);
      if (!r.ok) throw new Error(`the OS keychain could not be read: ${r.error}`);
      if (r.value !== null) throw new Error('an entry that cannot exist was found');
      return 'native module loaded; a missing entry reads as not found';
    });
    await step('update config', () => {
      const c = checks.updateConfig();
      if (c === null) {
        skipped.push('update config (not a packaged app)');
        return 'skipped: not a packaged app';
      }
      if (c.text === null) throw new Error(`${c.path} is missing: the app could never update`);
      return checkUpdateConfig(c.text);
    });
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
      // nobody is at the desktop in CI: the click is emitted on the notification object
      n.emit('click');
      synthetic.push('notification click');
      await until(
        'the doctor view',
        async () => (await js('document.getElementById("view-doctor")?.hidden === false')) === true,
      );
      return 'synthetic: the click was emitted by the test, not made by a person';
    });
    await step('quit', () => app.quit());
    const said = [
      synthetic.length ? `synthetic: ${synthetic.join(', ')}` : '',
      skipped.length ? `skipped: ${skipped.join(', ')}` : '',
    ].filter((s) => s !== '');
    print(`smoke-test: passed${said.length ? ` (${said.join('; ')})` : ''}`);
    return 0;
  } catch (e: unknown) {
    print(`smoke-test: FAILED ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

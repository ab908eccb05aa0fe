import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createNodeServices } from '../../main/compose/tray-services.ts';
import type { AppServices } from '../../main/core/contracts.ts';
import type { Keeper } from '../../main/core/keeper/keeper.ts';
import type { Runtime } from '../../main/compose/runtime.ts';
import { AlertReceiver } from '../fakes/alert-receiver.ts';
import { FakeTokenEndpoint } from '../fakes/fake-token-endpoint.ts';
import { startApp, type Harness } from '../helpers/app-harness.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { BIN } from '../helpers/run-cli.ts';

/** Polls until `pred` holds; the limit only guards against a hang, it is not a speed assertion. */
async function until(what: string, pred: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const endpoint = new FakeTokenEndpoint();
const hook = new AlertReceiver();
const homes: FixtureHome[] = [];
before(async () => {
  await Promise.all([endpoint.start(), hook.start()]);
});
after(async () => {
  await Promise.all([endpoint.stop(), hook.stop()]);
  await Promise.all(homes.map((h) => h.cleanup()));
});

/** A machine whose Claude login is about to be refreshed with a refresh token the endpoint rejects. */
async function rejectedMachine(path: string) {
  const home = await FixtureHome.create();
  homes.push(home);
  const token = access(`tray-alert-${path}`);
  const dead = refresh(`tray-alert-${path}`); // never issued: invalid_grant
  await home.claude(claudeCredentials({ access: token, refresh: dead, expiresAt: Date.now() + 20 * 60_000 }));
  await home.write('.config/clawkeeper/settings.json', {
    alerts: { hostname: 'desk', channels: [{ type: 'webhook', url: hook.url(`/hooks/${path}`) }] },
  });
  const env = home.env({
    CLAWKEEPER_TOKEN_URL: endpoint.url,
    CLAWKEEPER_API_BASE: 'http://127.0.0.1:9',
    CLAWKEEPER_DATA_DIR: home.path('data'),
  });
  const posts = () => hook.requests.filter((r) => r.path === `/hooks/${path}`);
  return { home, env, token, dead, posts };
}

const startTray = (env: NodeJS.ProcessEnv) =>
  startApp<AppServices>(null, {
    services: ({ logger, logsDir }) => createNodeServices({ vars: env, logger, logsDir }),
  });
const settled = async (h: Harness<AppServices>) => {
  await (h.services.keeper as Keeper).settled();
  await (h.services.lifecycle as Runtime).alerts.settled();
};
const reauthNotes = (h: Harness<AppServices>) =>
  h.fake.notifications.filter((n) => /needs you/.test(n.options.title));

describe('alert channels in the tray app (real services, fake Electron, real HTTP receiver)', () => {
  it('a rejected login raises exactly one webhook POST and one native notification, and a restart sends nothing again', async () => {
    const m = await rejectedMachine('alone');
    let h = await startTray(m.env);
    try {
      await until('the native notification', () => reauthNotes(h).length > 0);
      await until('the webhook POST', () => m.posts().length > 0);
      await settled(h);
      assert.equal(reauthNotes(h).length, 1);
      assert.equal(m.posts().length, 1);
      const body = JSON.parse(m.posts()[0]!.body) as Record<string, unknown>;
      assert.deepEqual([body.kind, body.key, body.host], ['alert', 'reauth:claude-code', 'desk']);
      for (const t of [m.token, m.dead]) {
        assert.equal(m.posts()[0]!.body.includes(t.slice(13, 60)), false, 'a token in the POST');
        assert.equal(h.logText().includes(t.slice(13, 60)), false, 'a token in the log');
      }
      const state = await readFile(m.home.path('data/alerts/state.json'), 'utf8');
      assert.match(state, /reauth:claude-code/, 'the memory is persisted where watch keeps it');
    } finally {
      await h.close();
    }
    // the same condition after a restart: the persisted memory says it was sent
    h = await startTray(m.env);
    try {
      await until('the keeper to judge the login again', () =>
        (h.services.keeper.current()?.credentials ?? []).some((c) => c.state === 'needs-reauth'),
      );
      await settled(h);
      assert.equal(m.posts().length, 1, 'no second POST for the same state');
    } finally {
      await h.close();
    }
  });

  it('a channel added to the settings file while the tray app runs takes effect without a restart; the window then shows the file', async () => {
    const m = await rejectedMachine('later');
    await writeFile(m.home.path('.config/clawkeeper/settings.json'), JSON.stringify({}));
    const h = await startTray(m.env);
    try {
      await until('the native notification', () => reauthNotes(h).length > 0);
      await settled(h);
      assert.equal(m.posts().length, 0, 'no channel yet');
      await writeFile(
        m.home.path('.config/clawkeeper/settings.json'),
        JSON.stringify({
          alerts: { hostname: 'desk', channels: [{ type: 'webhook', url: hook.url('/hooks/later') }] },
        }),
      );
      await until('the webhook POST of the channel added by hand', () => m.posts().length > 0);
      await settled(h);
      assert.equal(m.posts().length, 1);
      assert.equal(h.services.settings().alerts.channels.length, 1, 'what the window shows is the file');
      assert.match(h.logText(), /settings file changed {"kind":"applied"}/);
      assert.equal(reauthNotes(h).length, 1, 'the native notification is not repeated');
    } finally {
      await h.close();
    }
  });

  it('with `watch` already running, the tray app shows its notification but leaves the channels to watch, and takes them over when watch stops', async () => {
    const m = await rejectedMachine('both');
    const watch = spawn(process.execPath, [BIN, 'watch', '--json'], {
      env: m.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let watchOut = '';
    watch.stdout.setEncoding('utf8').on('data', (d: string) => (watchOut += d));
    watch.stderr.resume();
    let h: Harness<AppServices> | null = null;
    try {
      await until('the POST from watch', () => m.posts().length > 0);
      h = await startTray(m.env);
      await until('the native notification', () => reauthNotes(h!).length > 0);
      await settled(h);
      assert.equal((h.services.lifecycle as Runtime).alerts.holding, false);
      assert.match(h.logText(), /another Clawkeeper on this machine runs the alert channels/);
      assert.equal(m.posts().length, 1, 'one POST for the two keepers');
      assert.equal(reauthNotes(h).length, 1);

      // watch stops (its duty released); the user logs in again: the tray app says "resolved", once
      watch.kill('SIGTERM');
      assert.equal(await new Promise((r) => watch.once('close', r)), 0);
      const next = access('tray-alert-both-next');
      await writeFile(
        m.home.path('.claude/.new'),
        JSON.stringify(
          claudeCredentials({
            access: next,
            refresh: refresh('both-next'),
            expiresAt: Date.now() + 8 * HOUR,
          }),
        ),
        { mode: 0o600 },
      );
      await rename(m.home.path('.claude/.new'), m.home.path('.claude/.credentials.json'));
      await until('the resolved POST', () => m.posts().length > 1);
      await settled(h);
      assert.equal((h.services.lifecycle as Runtime).alerts.holding, true);
      assert.deepEqual(
        m.posts().map((p) => (JSON.parse(p.body) as { kind: string }).kind),
        ['alert', 'resolved'],
      );
      for (const p of m.posts()) assert.equal(p.body.includes(next.slice(13, 60)), false);
      assert.equal(watchOut.includes(m.token.slice(13, 60)), false);
    } finally {
      if (watch.exitCode === null && watch.signalCode === null) watch.kill('SIGKILL');
      await h?.close();
    }
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, utimes } from 'node:fs/promises';
import { readDutyHolder } from '../../../main/adapters/alerts/alert-duty-file-lock.ts';
import { NodeFiles } from '../../../main/adapters/node/node-files.ts';
import { after, describe, it } from 'node:test';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { BIN, spawnCli } from '../../helpers/run-cli.ts';

// `status` says who delivers the alerts on this machine: a running `watch` (or the tray app), or
// nobody, in which case configured channels send nothing until one runs.
const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

interface Duty {
  face: string;
  pid: number | null;
  since: number | null;
}
async function runBy(env: NodeJS.ProcessEnv): Promise<{ json: Duty | null; text: string }> {
  const st = await spawnCli(['status', '--json'], env);
  const human = await spawnCli(['status'], env);
  return {
    json: (JSON.parse(st.stdout) as { alerts: { runBy: Duty | null } }).alerts.runBy,
    text: human.stdout,
  };
}

describe('status: who delivers the alerts', () => {
  it('nobody, then the running watch (its pid), then nobody again once it stopped', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.claude(
      claudeCredentials({ access: access('ds'), refresh: refresh('ds'), expiresAt: Date.now() + 6 * HOUR }),
    );
    await h.write('.config/clawkeeper/settings.json', {
      alerts: { channels: [{ type: 'flag-file', path: h.path('flag') }] },
    });
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data'), CLAWKEEPER_TOKEN_URL: 'http://127.0.0.1:9/' });
    const before = await runBy(env);
    assert.equal(before.json, null);
    assert.match(before.text, /not running: neither `clawkeeper watch` nor the tray app runs/);

    const watch = spawn(process.execPath, [BIN, 'watch', '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      watch.stdout.resume();
      watch.stderr.resume();
      const end = Date.now() + 15_000;
      while (!existsSync(h.path('data/alerts/duty-holder.json'))) {
        if (Date.now() > end) throw new Error('watch never took the alert duty');
        await new Promise((r) => setTimeout(r, 25));
      }
      const during = await runBy(env);
      assert.equal(during.json?.face, 'clawkeeper watch');
      assert.equal(during.json?.pid, watch.pid);
      assert.ok((during.json?.since ?? 0) <= Date.now());
      assert.match(during.text, new RegExp(`delivered by clawkeeper watch \\(pid ${watch.pid}\\)`));
    } finally {
      watch.kill('SIGTERM');
      assert.equal(await new Promise((r) => watch.once('close', r)), 0);
    }
    const afterStop = await runBy(env);
    assert.equal(afterStop.json, null, 'the duty and its record are released on stop');
    assert.equal(existsSync(h.path('data/alerts/duty-holder.json')), false);
  });
});

describe('readDutyHolder: a lock nobody refreshes is nobody', () => {
  it('a fresh lock with its record is the holder; without a record "another Clawkeeper"; a lock older than 30 s or none is nobody', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const dir = h.path('alerts');
    const files = new NodeFiles();
    assert.equal(await readDutyHolder(files, dir, Date.now()), null, 'no lock');
    await mkdir(h.path('alerts/duty.lock'), { recursive: true });
    assert.deepEqual(await readDutyHolder(files, dir, Date.now()), {
      face: 'another Clawkeeper',
      pid: null,
      since: null,
    });
    await h.write('alerts/duty-holder.json', { face: 'the tray app', pid: 4242, since: 1000 });
    assert.deepEqual(await readDutyHolder(files, dir, Date.now()), {
      face: 'the tray app',
      pid: 4242,
      since: 1000,
    });
    // the holder was SIGKILLed: nothing refreshes the lock folder any more
    const old = new Date(Date.now() - 31_000);
    await utimes(h.path('alerts/duty.lock'), old, old);
    assert.equal(await readDutyHolder(files, dir, Date.now()), null);
    await h.write('alerts/duty-holder.json', '{ not json');
    await utimes(h.path('alerts/duty.lock'), new Date(), new Date());
    assert.equal((await readDutyHolder(files, dir, Date.now()))?.face, 'another Clawkeeper');
  });
});

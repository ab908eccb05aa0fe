/**
 * The real entry (`runElectronApp`) takes the single-instance lock before it builds any service:
 * a second launch hands over to the first without starting file watchers, the settings follower
 * or the alert duty, and the lock is asked for once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runElectronApp } from '../../main/index.ts';
import { createFakeElectron } from '../fakes/fake-electron.ts';
import { createFakeServices } from '../fakes/fake-services.ts';
import { DIST } from '../helpers/app-harness.ts';

describe('the single-instance lock comes before the services', () => {
  const home = mkdtempSync(join(tmpdir(), 'ck-lock-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('a second instance builds nothing and quits', async () => {
    const fake = createFakeElectron({ browser: null, preloadPath: '', home, singleInstance: false });
    let built = 0;
    await runElectronApp(
      () => {
        built++;
        return Promise.resolve(createFakeServices());
      },
      { electron: fake.electron, argv: ['--hidden'], platform: 'linux', dist: DIST },
    );
    assert.equal(built, 0, 'no service was built');
    assert.equal(fake.app.lockRequests, 1);
    assert.equal(fake.app.quitRequested, 1);
    assert.equal(fake.trays.length, 0);
  });

  it('a second instance under --smoke-test fails its first step, exit 1, having built nothing', async () => {
    let exited: number | null = null;
    const fake = createFakeElectron({
      browser: null,
      preloadPath: '',
      home,
      singleInstance: false,
      onExit: (code) => (exited = code),
    });
    let built = 0;
    await runElectronApp(
      () => {
        built++;
        return Promise.resolve(createFakeServices());
      },
      { electron: fake.electron, argv: ['--smoke-test'], platform: 'linux', dist: DIST },
    );
    assert.equal(built, 0);
    assert.equal(exited, 1);
  });

  it('the first instance asks for the lock once, then builds its services and starts', async () => {
    const fake = createFakeElectron({ browser: null, preloadPath: '', home });
    let built = 0;
    const services = createFakeServices();
    await runElectronApp(
      () => {
        built++;
        return Promise.resolve(services);
      },
      { electron: fake.electron, argv: ['--hidden'], platform: 'linux', dist: DIST },
    );
    assert.equal(built, 1);
    assert.equal(fake.app.lockRequests, 1, 'createApp does not ask again');
    assert.equal(fake.trays.length, 1);
    fake.app.quit();
    await services.keeper.stop();
  });
});

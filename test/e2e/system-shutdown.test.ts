/**
 * A shutdown, restart or log-off stops the keeper cleanly: macOS and Linux through
 * powerMonitor's `shutdown` (delayed while the keeper stops, then the app quits), Windows through
 * a hidden content-less window's `query-session-end` / `session-end` (a tray app has no other
 * window for Windows to tell).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preventable } from '../fakes/fake-browser-window.ts';
import { startApp } from '../helpers/app-harness.ts';

const until = async (what: string, pred: () => boolean) => {
  for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(pred(), `timed out waiting for ${what}`);
};

describe('the system shutting down', () => {
  for (const platform of ['linux', 'darwin'] as const)
    it(`on ${platform}: powerMonitor's shutdown is delayed while the keeper stops, then the app quits`, async () => {
      const h = await startApp(null, { platform });
      try {
        assert.equal(h.fake.baseWindows.length, 0, 'no sentinel window outside Windows');
        const e = preventable();
        assert.equal(h.fake.powerMonitor.emit('shutdown', e), true, 'the app listens');
        assert.equal(e.defaultPrevented, true);
        await until('the keeper to stop', () => h.services.keeper.calls.includes('stop'));
        await until('the quit', () => h.fake.app.quitRequested > 0);
      } finally {
        await h.close();
      }
    });

  it('on Windows: a hidden window without contents hears the session end and the keeper stops', async () => {
    const h = await startApp(null, { platform: 'win32' });
    try {
      const [sentinel] = h.fake.baseWindows;
      assert.ok(sentinel, 'one sentinel window');
      assert.equal((sentinel.options as { show: boolean }).show, false);
      assert.equal(h.fake.windows.length, 0, 'no BrowserWindow (no renderer) for it');
      assert.equal(h.services.keeper.calls.includes('stop'), false);
      sentinel.emit('query-session-end');
      sentinel.emit('session-end');
      await until('the keeper to stop', () => h.services.keeper.calls.includes('stop'));
      assert.equal(sentinel.destroyed, true, 'the stop also removes the sentinel');
    } finally {
      await h.close();
    }
  });

  it('a normal quit stops listening', async () => {
    const h = await startApp(null, { platform: 'linux' });
    await h.close();
    assert.equal(h.fake.powerMonitor.listenerCount('shutdown'), 0);
  });
});

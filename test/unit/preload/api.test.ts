import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVOKE_CHANNELS } from '../../../main/ipc/contract.ts';
import { createApi, type Bridge } from '../../../main/preload/api.ts';

describe('preload API', () => {
  it('exposes named functions that invoke the contract channels with at most one argument', async () => {
    const calls: unknown[][] = [];
    const bridge: Bridge = {
      invoke: (...a) => (calls.push(a), Promise.resolve({ ok: true, value: null })),
      on: () => () => {},
    };
    const api = createApi(bridge);
    assert.ok(Object.values(api).every((v) => typeof v === 'function'));
    await api.getStatus();
    await api.refreshNow(true);
    await api.pasteToken({ token: 'x', agents: ['main'] });
    await api.applyFixes(null, true);
    assert.deepEqual(calls, [
      ['status:get'],
      ['keeper:refresh', { force: true }],
      ['token:paste', { token: 'x', agents: ['main'] }],
      ['doctor:apply', { ids: null, dryRun: true }],
    ]);
  });

  it('reaches every invoke channel', async () => {
    const seen = new Set<string>();
    const api = createApi({
      invoke: (c) => (seen.add(c), Promise.resolve({ ok: true, value: null })),
      on: () => () => {},
    });
    await Promise.all([
      api.getStatus(),
      api.getHistory(),
      api.refreshNow(),
      api.syncNow(),
      api.pause(),
      api.resume(),
      api.refreshHosts(),
      api.validateToken(''),
      api.pasteToken({ token: '' }),
      api.getDoctor(),
      api.applyFixes([], true),
      api.getSettings(),
      api.updateSettings({}),
      api.openLogs(),
      api.copy('x'),
      api.openExternal('https://claude.ai/'),
    ]);
    assert.deepEqual([...seen].sort(), [...INVOKE_CHANNELS].sort());
  });

  it('hands listeners the payload only and returns an unsubscribe', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    let removed = 0;
    const api = createApi({
      invoke: () => Promise.resolve(null),
      on: (c, l) => (listeners.set(c, l), () => void removed++),
    });
    const got: unknown[] = [];
    const off = api.onNavigate((nav) => got.push(nav));
    listeners.get('ui:navigate')?.({ view: 'fix' });
    off();
    assert.deepEqual(got, [{ view: 'fix' }]);
    assert.equal(removed, 1);
  });
});

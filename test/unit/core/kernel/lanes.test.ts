import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInLanes } from '../../../../main/core/kernel/lanes.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runInLanes', () => {
  it('runs at most `limit` at once, never two of one key at once, and reports in the order given', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ i, key: `k${i % 7}` }));
    let running = 0;
    let peak = 0;
    const busy = new Set<string>();
    const seen: number[] = [];
    const results = await runInLanes(
      items,
      (x) => x.key,
      4,
      async (x) => {
        assert.equal(busy.has(x.key), false, `two of ${x.key} at once`);
        busy.add(x.key);
        peak = Math.max(peak, ++running);
        await tick((x.i * 7) % 5);
        running--;
        busy.delete(x.key);
        return x.i * 2;
      },
      (x, r) => seen.push(r - x.i * 2 + x.i),
    );
    assert.equal(peak, 4, 'four lanes ran together');
    assert.deepEqual(
      results,
      items.map((x) => x.i * 2),
    );
    assert.deepEqual(
      seen,
      items.map((x) => x.i),
      'onDone in the order of the items',
    );
  });

  it('runs the items of one key in their order', async () => {
    const order: string[] = [];
    await runInLanes(
      ['a1', 'b1', 'a2', 'b2', 'a3'],
      (s) => s[0]!,
      8,
      async (s) => {
        await tick(s === 'a1' ? 20 : 1);
        order.push(s);
      },
    );
    assert.deepEqual(
      order.filter((s) => s.startsWith('a')),
      ['a1', 'a2', 'a3'],
    );
  });

  it('stops starting new items after a rejection and throws it once the others have finished', async () => {
    const started: number[] = [];
    let finished = 0;
    await assert.rejects(
      runInLanes([0, 1, 2, 3, 4, 5, 6, 7], String, 2, async (n) => {
        started.push(n);
        if (n === 1) throw new Error('boom');
        await tick(10);
        finished++;
      }),
      /boom/,
    );
    assert.equal(finished, started.length - 1, 'the item in flight finished before the throw');
    assert.ok(started.length < 8, 'nothing new started after the failure');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SerialQueue } from '../../../../main/core/kernel/serial-queue.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('SerialQueue', () => {
  it('runs tasks one after another in queue order, and a failure neither rejects nor stops the next', async () => {
    const errors: string[] = [];
    const q = new SerialQueue((e) => errors.push(e.code));
    const seen: string[] = [];
    let inFlight = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        inFlight++;
        assert.equal(inFlight, 1, 'two tasks at once');
        await tick();
        seen.push(name);
        inFlight--;
        if (fail) throw new Error('boom');
      };
    const all = [q.run(task('a')), q.run(task('b', true)), q.run(task('c'))];
    await Promise.all(all);
    assert.deepEqual(seen, ['a', 'b', 'c']);
    assert.deepEqual(errors, ['internal']);
  });

  it('drained() also waits for tasks queued while it waits', async () => {
    const q = new SerialQueue();
    const seen: string[] = [];
    void q.run(async () => {
      await tick();
      seen.push('first');
      void q.run(async () => {
        await tick();
        seen.push('queued later');
      });
    });
    await q.drained();
    assert.deepEqual(seen, ['first', 'queued later']);
  });
});

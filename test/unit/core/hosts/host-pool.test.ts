import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostPool } from '../../../../main/core/hosts/host-pool.ts';

describe('the host pool', () => {
  it('runs at most n tasks at once, in the order they came, and a failed task frees its slot', async () => {
    const pool = hostPool(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => () =>
      new Promise<number>((resolve, reject) => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        setTimeout(
          () => {
            running--;
            if (i % 4 === 0) reject(new Error(`task ${i}`));
            else resolve(i);
          },
          2 + (i % 3),
        );
      });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => pool.run(task(i))));
    assert.equal(most, 3);
    assert.deepEqual(started.slice(0, 3), [0, 1, 2]);
    assert.equal(results.filter((r) => r.status === 'rejected').length, 5);
    assert.equal(pool.active, 0);
    assert.equal(pool.waiting, 0);
  });
  it('frees the slot of a task that throws before it returns a promise', async () => {
    const pool = hostPool(1);
    await assert.rejects(
      pool.run(() => {
        throw new Error('sync');
      }),
      /sync/,
    );
    assert.equal(await pool.run(() => Promise.resolve(7)), 7);
  });
  it('gives the slot of a call slower than twice the median to the next one (a silent host holds up nobody)', async () => {
    const pool = hostPool(1, { minSlowMs: 30 });
    const order: string[] = [];
    let releaseSilent = () => {};
    const silent = pool.run(
      () =>
        new Promise<void>((r) => {
          order.push('silent starts');
          releaseSilent = () => {
            order.push('silent ends');
            r();
          };
        }),
    );
    const quick = pool.run(() => {
      order.push('quick runs');
      return Promise.resolve();
    });
    await quick;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['silent starts', 'quick runs'], 'the quick one ran while the silent one waited');
    assert.equal(pool.active, 0, 'the silent call no longer counts');
    releaseSilent();
    await silent;
    assert.equal(pool.active, 0);
  });
  it('lets go of at most n slow calls at a time: where everything is slow, 2n run at most', async () => {
    const pool = hostPool(2, { minSlowMs: 10 });
    let running = 0;
    let most = 0;
    const ends: Array<() => void> = [];
    const calls = Array.from({ length: 8 }, () =>
      pool.run(
        () =>
          new Promise<void>((r) => {
            running++;
            most = Math.max(most, running);
            ends.push(() => {
              running--;
              r();
            });
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(most, 4, 'two holding their slots and two let go, no more');
    while (ends.length) {
      ends.shift()?.();
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(calls);
  });
});

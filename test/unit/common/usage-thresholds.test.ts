import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUsageThresholds } from '../../../common/usage-thresholds.ts';
import { INVOKE_SCHEMAS } from '../../../main/ipc/contract.ts';

describe('usage warning thresholds typed in the window', () => {
  it('takes commas or spaces, a trailing %, and gives them sorted, each once', () => {
    const table: Array<[string, number[]]> = [
      ['80, 95', [80, 95]],
      ['95 80', [80, 95]],
      ['90%, 50 %, 90', [50, 90]],
      ['  1;100 ', [1, 100]],
      ['99.5', [99.5]],
      ['', []],
      ['   ', []],
    ];
    for (const [text, want] of table)
      assert.deepEqual(parseUsageThresholds(text), { ok: true, value: want }, text);
  });

  it('refuses what is not a percentage from 1 to 100, or more than five, saying which', () => {
    const table: Array<[string, RegExp]> = [
      ['0, 80', /"0" is not a percentage from 1 to 100/],
      ['80, 101', /"101" is not a percentage/],
      ['80, abc', /"abc" is not a percentage/],
      ['-5', /"-5" is not/],
      ['1e2', /"1e2" is not/],
      ['10 20 30 40 50 60', /at most 5 thresholds \(6 given\)/],
    ];
    for (const [text, want] of table) {
      const r = parseUsageThresholds(text);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.message, want);
    }
    const long = parseUsageThresholds('x'.repeat(500));
    assert.ok(!long.ok && long.message.length < 80, 'what was typed is echoed only in part');
  });

  it('the IPC contract takes a sorted list of at most five from 1 to 100, nothing else in the section', () => {
    const schema = INVOKE_SCHEMAS['settings:update'];
    const ok = (thresholds: unknown) => schema.safeParse({ patch: { usage: { thresholds } } }).success;
    assert.equal(ok([80, 95]), true);
    assert.equal(ok([]), true);
    assert.equal(ok([95, 80]), false);
    assert.equal(ok([80, 80]), false);
    assert.equal(ok([0, 80]), false);
    assert.equal(ok([80, 101]), false);
    assert.equal(ok([10, 20, 30, 40, 50, 60]), false);
    assert.equal(ok(['80']), false);
    // the window may not turn on reading the usage endpoint or change its interval through this
    assert.equal(schema.safeParse({ patch: { usage: { enabled: true } } }).success, false);
  });
});

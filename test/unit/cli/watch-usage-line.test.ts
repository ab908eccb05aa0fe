import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printer } from '../../../main/cli/keeper-pass.ts';
import { fixtureReport, withUsage } from '../../fakes/fixture-report.ts';

describe('watch --json: status lines carry the usage windows', () => {
  it("prints each login's status and windows (id, percent, reset) with the states, and no token", () => {
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, env: {} };
    const t = Date.parse('2026-12-08T09:00:00Z');
    printer(
      io,
      true,
      () => t,
    )({ type: 'status', at: t, report: withUsage(fixtureReport(t), t, { session: 91 }) });
    const line = JSON.parse(out) as {
      report: {
        usage: Array<{
          fingerprint: string;
          status: string;
          windows: Array<{ id: string; percent: number }>;
        }>;
      };
    };
    assert.equal(line.report.usage.length, 1);
    assert.equal(line.report.usage[0]?.status, 'ok');
    assert.deepEqual(
      line.report.usage[0]?.windows.map((w) => [w.id, w.percent]),
      [
        ['five_hour', 91],
        ['seven_day', 63],
        ['seven_day_sonnet', 12],
      ],
    );
    assert.ok(!out.includes('sk-ant-'));
    out = '';
    printer(io, true, () => t)({ type: 'status', at: t, report: fixtureReport(t) });
    assert.equal((JSON.parse(out) as { report: { usage?: unknown } }).report.usage, undefined);
  });
});

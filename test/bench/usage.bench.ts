// Benchmarks of the usage windows: (1) `clawkeeper usage --json` against the fake endpoint on
// 127.0.0.1, first run (one request) and a run within the interval (the shared reading, no
// request), median of BENCH_RUNS (default 5) each, wall, CPU and peak RSS; (2) the cost the tray
// pays on every report it shows: putting usage into a report of 50 credentials over 10 logins
// and deciding the notices with thresholds, µs per call. Prints figures; asserts nothing.
import { fingerprintOf } from '../../main/core/kernel/secret.ts';
import { decideNotices, EMPTY_MEMORY } from '../../main/core/notify/notification-policy.ts';
import { afterAnswer } from '../../main/core/usage/usage-policy.ts';
import { withUsage } from '../../main/core/usage/usage-report.ts';
import { FakeUsageApi, usageBody, win } from '../fakes/fake-usage-api.ts';
import { credential, fixtureReport } from '../fakes/fixture-report.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { runProcess, BIN } from '../helpers/run-cli.ts';

/** `timedCli`, asynchronously: the fake endpoint answers from this process meanwhile. */
async function timed(args: string[], env: NodeJS.ProcessEnv) {
  const r = await runProcess('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, BIN, ...args], env);
  const [wall, user, sys, rss] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return {
    code: r.code,
    wallMs: (wall ?? NaN) * 1000,
    cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000,
    rssMb: (rss ?? NaN) / 1024,
  };
}
type Timed = Awaited<ReturnType<typeof timed>>;

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const api = new FakeUsageApi();
await api.start();
const h = await FixtureHome.create();
try {
  const now = Date.now();
  const token = access('bench-usage');
  await h.claude(
    claudeCredentials({ access: token, refresh: refresh('bench-usage'), expiresAt: now + 6 * HOUR }),
  );
  api.accounts.set(token, usageBody({ session: win(42, now + 2 * HOUR), week: win(63, now + 90 * HOUR) }));
  const env = h.env({ CLAWKEEPER_API_BASE: api.base, CLAWKEEPER_DATA_DIR: h.path('data') });
  const first: Timed[] = [];
  const cached: Timed[] = [];
  for (let i = 0; i < RUNS; i++) {
    first.push(await timed(['usage', '--json', '--refresh'], env));
    cached.push(await timed(['usage', '--json'], env));
  }
  const line = (what: string, rs: Timed[]) =>
    console.log(
      `${what}: ${median(rs.map((r) => r.wallMs)).toFixed(0)} ms wall, ${median(rs.map((r) => r.cpuMs)).toFixed(0)} ms CPU, ${median(rs.map((r) => r.rssMb)).toFixed(0)} MB (median of ${RUNS}, exit ${rs[0]?.code})`,
    );
  console.log('usage windows: `clawkeeper usage --json` against the fake endpoint');
  line('  --refresh (one request)  ', first);
  line('  within the interval      ', cached);
  console.log(`  requests the endpoint saw: ${api.reads.length} for ${RUNS * 2} runs`);

  // the tray's per-report cost
  const t = Date.now();
  const creds = Array.from({ length: 50 }, (_, i) =>
    credential({ id: `openclaw:a${i}/anthropic:default`, fingerprint: fingerprintOf(access(`l${i % 10}`)) }),
  );
  const report = fixtureReport(t, { credentials: creds });
  const records = new Map(
    Array.from({ length: 10 }, (_, i) => {
      const fp = fingerprintOf(access(`l${i}`));
      const body = JSON.stringify(
        usageBody({ session: win(70 + i * 3, t + 2 * HOUR), week: win(50, t + 90 * HOUR) }),
      );
      return [fp, afterAnswer(fp, null, { kind: 'ok', body }, t, 300_000)] as const;
    }),
  );
  const N = 5000;
  let decorated = report;
  let s = process.hrtime.bigint();
  for (let i = 0; i < N; i++) decorated = withUsage(report, records, { now: t, intervalMs: 300_000 });
  const decorateUs = Number(process.hrtime.bigint() - s) / 1000 / N;
  s = process.hrtime.bigint();
  let notices = 0;
  for (let i = 0; i < N / 5; i++)
    notices = decideNotices(EMPTY_MEMORY, {
      report: decorated,
      event: null,
      now: t,
      enabled: true,
      warnDays: [14, 3, 1],
      usageThresholds: [80, 95],
    }).notices.length;
  const decideUs = Number(process.hrtime.bigint() - s) / 1000 / (N / 5);
  s = process.hrtime.bigint();
  for (let i = 0; i < N / 5; i++)
    decideNotices(EMPTY_MEMORY, { report, event: null, now: t, enabled: true, warnDays: [14, 3, 1] });
  const baseUs = Number(process.hrtime.bigint() - s) / 1000 / (N / 5);
  console.log('usage in the tray: a report of 50 credentials over 10 logins');
  console.log(
    `  withUsage: ${decorateUs.toFixed(1)} µs per report; decideNotices with usage: ${decideUs.toFixed(1)} µs (${notices} notices), without: ${baseUs.toFixed(1)} µs`,
  );
} finally {
  await api.stop();
  await h.cleanup();
}

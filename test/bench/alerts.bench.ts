// Benchmarks of daemon alerts with the real adapters (fetch to loopback receivers, the state file
// on disk): (1) latency from a keeper event to the message at all three HTTP receivers, p50/p99
// over BENCH_ALERTS (default 200) alert/resolved pairs; (2) cost of a full retry queue: state
// file size and one evaluation round with every receiver down. Prints figures; asserts nothing.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AlertStateFile } from '../../main/adapters/alerts/alert-state-file.ts';
import { NodeAlertSink } from '../../main/adapters/alerts/node-alert-sink.ts';
import { createFileLogger } from '../../main/adapters/node/file-logger.ts';
import { NodeProcessRunner } from '../../main/adapters/node/node-process-runner.ts';
import { NodeWritableFiles } from '../../main/adapters/node/node-writable-files.ts';
import { SystemClock } from '../../main/adapters/node/system-clock.ts';
import { Alerter } from '../../main/core/notify/alerter.ts';
import { SettingsSchema } from '../../main/core/settings/settings.ts';
import type { KeeperEvent } from '../../main/core/contracts.ts';
import { AlertReceiver } from '../fakes/alert-receiver.ts';
import { fixtureReport, withCredential } from '../fakes/fixture-report.ts';
import { FixtureHome } from '../helpers/fixture-home.ts';

const N = Number(process.env.BENCH_ALERTS ?? 200);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

const h = await FixtureHome.create();
const rx = await Promise.all([
  new AlertReceiver().start(),
  new AlertReceiver().start(),
  new AlertReceiver().start(),
]);
const settings = SettingsSchema.parse({
  alerts: {
    retry: { baseMs: 3_600_000, maxMs: 3_600_000 },
    channels: [
      { type: 'ntfy', url: rx[0].url('/topic') },
      { type: 'webhook', url: rx[1].url('/hook') },
      { type: 'slack', url: rx[2].url('/services/x') },
      { type: 'flag-file', path: h.path('REAUTH_NEEDED') },
    ],
  },
});
const files = new NodeWritableFiles();
const store = new AlertStateFile(files, join(h.path('data'), 'alerts', 'state.json'));
const alerter = new Alerter({
  clock: new SystemClock(),
  logger: createFileLogger(h.path('data')),
  settings: () => settings,
  host: 'bench',
  defaultFlagPath: h.path('REAUTH_NEEDED'),
  sink: new NodeAlertSink({ runner: new NodeProcessRunner(), files, env: {} }),
  store,
});
await alerter.start();

const latencies: number[] = [];
for (let i = 0; i < N; i++) {
  const now = Date.now();
  const fp = `sha256:${String(i).padStart(12, '0')}`;
  const report = withCredential(fixtureReport(now - 1), 'claude-code', {
    fingerprint: fp,
    expiresAt: now + 3_600_000,
  });
  const reject: KeeperEvent = {
    type: 'needs-reauth',
    at: now,
    credential: 'claude-code',
    reason: 'rejected',
    hint: 'claude /login',
    cause: 'refresh-rejected',
  };
  const before = rx.map((r) => r.requests.length);
  const t0 = performance.now();
  await alerter.handle(reject, report);
  while (rx.some((r, j) => r.requests.length === before[j])) await new Promise((r) => setImmediate(r));
  latencies.push(performance.now() - t0);
  const fixed: KeeperEvent = {
    type: 'refreshed',
    at: now + 1,
    credential: 'claude-code',
    fingerprint: 'sha256:new',
    expiresAt: now + 8 * 3_600_000,
  };
  await alerter.handle(fixed, report);
}
console.log(
  `alerts: event → delivered at 3 loopback receivers (+ flag file), ${N} alerts: p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms`,
);
console.log(
  `alerts: requests received ${rx.map((r) => r.requests.length).join('/')} (expected ${2 * N} each: alert + resolved)`,
);

// every receiver down: the queue fills to its bound and is saved on each round
await Promise.all(rx.map((r) => r.stop()));
const rounds: number[] = [];
for (let i = 0; i < 60; i++) {
  const now = Date.now();
  const report = withCredential(fixtureReport(now - 1), 'claude-code', {
    fingerprint: `sha256:down${i}`,
    expiresAt: now + 3_600_000,
  });
  const t0 = performance.now();
  await alerter.handle(
    {
      type: 'needs-reauth',
      at: now,
      credential: 'claude-code',
      reason: 'rejected',
      hint: 'claude /login',
      cause: 'refresh-rejected',
    },
    report,
  );
  await alerter.handle(
    {
      type: 'refreshed',
      at: now + 1,
      credential: 'claude-code',
      fingerprint: 'sha256:n',
      expiresAt: now + 1e7,
    },
    report,
  );
  rounds.push(performance.now() - t0);
}
await alerter.stop();
const size = (await stat(store.path)).size;
console.log(
  `alerts: receivers down, queue at its bound ${alerter.state().queue.length}/${settings.alerts.retry.maxQueue}: state file ${(size / 1024).toFixed(0)} kB; alert + resolved round p50 ${pct(rounds, 0.5).toFixed(1)} ms, p99 ${pct(rounds, 0.99).toFixed(1)} ms (3 refused connections each)`,
);
await h.cleanup();

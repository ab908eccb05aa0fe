import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fingerprintOf } from '../../../main/core/kernel/secret.ts';
import { AlertReceiver } from '../../fakes/alert-receiver.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { BIN, spawnCli } from '../../helpers/run-cli.ts';

const fake = new FakeTokenEndpoint();
const ntfy = new AlertReceiver();
const hook = new AlertReceiver();
const slack = new AlertReceiver();
const homes: FixtureHome[] = [];
const daemons: ChildProcessWithoutNullStreams[] = [];
before(async () => {
  await Promise.all([fake.start(), ntfy.start(), hook.start(), slack.start()]);
});
after(async () => {
  for (const c of daemons) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all([fake.stop(), ntfy.stop(), hook.stop(), slack.stop()]);
  await Promise.all(homes.map((h) => h.cleanup()));
});

/** Polls until `pred` holds; the limit only guards against a hang, it is not a speed assertion. */
async function until(pred: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Daemon {
  child: ChildProcessWithoutNullStreams;
  events: Array<Record<string, unknown>>;
  stop(): Promise<number | null>;
}

function startWatch(env: NodeJS.ProcessEnv): Daemon {
  const child = spawn(process.execPath, [BIN, 'watch', '--json'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  daemons.push(child);
  const events: Array<Record<string, unknown>> = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) events.push(JSON.parse(p) as Record<string, unknown>);
  });
  child.stderr.resume();
  return {
    child,
    events,
    stop: async () => {
      child.kill('SIGTERM');
      return new Promise((r) => child.once('close', r));
    },
  };
}

const COMMAND_SCRIPT = `import { appendFileSync } from 'node:fs';
let input = '';
process.stdin.setEncoding('utf8');
for await (const c of process.stdin) input += c;
appendFileSync(process.argv[2], JSON.stringify({ stdin: input, env: process.env }) + '\\n');
console.log('noted');
`;

describe('alerts from the headless daemon (real watch, real receivers on 127.0.0.1)', () => {
  it('alerts once per channel on a rejected login, escalates once when it expires, says "resolved" once when fixed, and retries a receiver that was down, also across a restart', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const a1 = access('alert-1');
    const r1 = refresh('alert-1'); // never issued: the endpoint answers invalid_grant
    const soon = Date.now() + 30 * 60_000; // inside the 60 min lead: the keeper refreshes at once
    await h.claude(claudeCredentials({ access: a1, refresh: r1, expiresAt: soon }));
    const script = await h.write('bin/note.mjs', COMMAND_SCRIPT, 0o700);
    const noted = h.path('command.log');
    const flag = h.path('flags/REAUTH_NEEDED');
    await h.write('.config/clawkeeper/settings.json', {
      alerts: {
        hostname: 'gw-1',
        retry: { baseMs: 100, maxMs: 300 },
        channels: [
          { type: 'ntfy', url: ntfy.url('/ck-topic-s3cr3t') },
          { type: 'webhook', name: 'hook', url: hook.url('/hooks/abcdef123456') },
          { type: 'slack', url: slack.url('/services/T0001/B0001/XXXXsecret') },
          { type: 'command', command: [process.execPath, script, noted] },
          { type: 'flag-file', path: flag },
        ],
      },
    });
    const secretEnv = access('unrelated-env');
    const env = h.env({
      CLAWKEEPER_TOKEN_URL: fake.url,
      CLAWKEEPER_DATA_DIR: h.path('data'),
      SOME_SERVICE_TOKEN: secretEnv,
    });
    const log = () => readFile(h.path('data/logs/clawkeeper.log'), 'utf8').catch(() => '');
    const counts = () => [ntfy, hook, slack].map((r) => r.requests.length);
    const commandRuns = async () =>
      (await readFile(noted, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { stdin: string; env: Record<string, string> });

    // 1. the login is rejected: one alert on every channel, the flag file appears
    let d = startWatch(env);
    await until(
      async () => counts().every((n) => n === 1) && (await commandRuns()).length === 1,
      'first alerts',
    );
    await until(() => existsSync(flag), 'the flag file');
    const body = hook.json()[0]!;
    assert.equal(body.schema, 'clawkeeper.alert/1');
    assert.equal(body.kind, 'alert');
    assert.equal(body.host, 'gw-1');
    assert.equal(body.credential, 'claude-code');
    assert.equal(body.state, 'needs-reauth');
    assert.equal(body.severity, 'warning');
    assert.equal(body.fingerprint, fingerprintOf(a1));
    assert.match(String(body.reason), /invalid_grant|rejected/);
    assert.match(String(body.hint), /\/login/);
    assert.equal(ntfy.requests[0]!.headers.priority, '4');
    assert.match(String(ntfy.requests[0]!.headers.tags), /warning/);
    assert.equal(ntfy.requests[0]!.headers.title, 'Claude login needs you');
    const s0 = JSON.parse(slack.requests[0]!.body) as { text: string; attachments: Array<{ color: string }> };
    assert.match(s0.text, /Claude login needs you/);
    assert.equal(s0.attachments[0]?.color, '#f29900');
    const [run1] = await commandRuns();
    assert.equal((JSON.parse(run1!.stdin) as { key: string }).key, 'reauth:claude-code');
    assert.equal(run1!.env.CLAWKEEPER_ALERT_KIND, 'alert');
    assert.equal(run1!.env.CLAWKEEPER_ALERT_CREDENTIAL, 'claude-code');
    assert.equal(run1!.env.SOME_SERVICE_TOKEN, undefined, 'the command does not inherit secrets');
    assert.match(await readFile(flag, 'utf8'), /claude-code/);

    // 2. the same state again, after a restart: the rejected login is remembered (its refresh
    // token is never sent again), the daemon says needs-reauth again, and no second alert goes out
    assert.equal(await d.stop(), 0);
    const rejectedBefore = fake.invalidGrants;
    d = startWatch(env);
    const saysReauth = (e: Record<string, unknown>) =>
      e.type === 'needs-reauth' ||
      (e.type === 'status' &&
        (e.report as { credentials: Array<{ id: string; state: string }> }).credentials.some(
          (c) => c.id === 'claude-code' && c.state === 'needs-reauth',
        ));
    await until(() => d.events.some(saysReauth), 'the needs-reauth verdict');
    assert.equal(fake.invalidGrants, rejectedBefore, 'the rejected refresh token is not sent again');
    await h.claude(claudeCredentials({ access: a1, refresh: r1, expiresAt: soon })); // same content

    // 3. worse: the access token runs out. One escalation; the webhook is down and gets it later
    await hook.stop();
    await h.claude(claudeCredentials({ access: a1, refresh: r1, expiresAt: Date.now() - 60_000 }));
    await until(() => ntfy.requests.length === 2 && slack.requests.length === 2, 'the escalation');
    await until(async () => /alert not delivered; will retry/.test(await log()), 'a failed delivery');
    await hook.start();
    await until(() => hook.requests.length === 2, 'the retried escalation');
    assert.deepEqual(
      hook.json().map((b) => [b.kind, b.severity]),
      [
        ['alert', 'warning'],
        ['escalation', 'critical'],
      ],
    );
    assert.equal(ntfy.requests[1]!.headers.priority, '5');
    assert.equal((await commandRuns()).length, 2);
    assert.ok(existsSync(flag));

    // 4. fixed while the webhook is down again; the daemon is restarted before it comes back
    await hook.stop();
    const a2 = access('alert-2');
    const r2 = fake.issue(refresh('alert-2'));
    await h.claude(claudeCredentials({ access: a2, refresh: r2, expiresAt: Date.now() + 8 * HOUR }));
    await until(() => ntfy.requests.length === 3 && slack.requests.length === 3, 'the resolved message');
    await until(() => !existsSync(flag), 'the flag file to go');
    const failures = (await log()).split('will retry').length;
    await until(
      async () => (await log()).split('will retry').length > failures,
      'a failed delivery of resolved',
    );
    assert.equal(await d.stop(), 0);
    await hook.start();
    d = startWatch(env);
    await until(() => hook.requests.length === 3, 'the queued "resolved" after the restart');
    assert.equal(await d.stop(), 0);

    assert.deepEqual(counts(), [3, 3, 3]);
    assert.deepEqual(
      hook.json().map((b) => b.kind),
      ['alert', 'escalation', 'resolved'],
    );
    assert.match(ntfy.requests[2]!.headers.title as string, /^Resolved: /);
    const runs = await commandRuns();
    assert.deepEqual(
      runs.map((r) => r.env.CLAWKEEPER_ALERT_KIND),
      ['alert', 'escalation', 'resolved'],
    );
    assert.equal(hook.json()[2]!.fingerprint, fingerprintOf(a1));

    // nothing token-shaped anywhere: bodies, headers, the command's stdin and env, the log, stdout
    const everything = [
      ...[ntfy, hook, slack].flatMap((r) => r.requests.map((q) => JSON.stringify(q))),
      JSON.stringify(runs),
      await log(),
      await readFile(h.path('data/alerts/state.json'), 'utf8'),
    ].join('\n');
    for (const t of [a1, r1, a2, r2, secretEnv])
      assert.ok(!everything.includes(t.slice(13)), 'no token leaks');
    assert.ok(
      !(await log()).includes('ck-topic-s3cr3t') && !(await log()).includes('XXXXsecret'),
      'URLs masked in the log',
    );

    // status lists the channels, masked, with their last delivery
    const st = await spawnCli(['status', '--json'], env);
    const alerts = (JSON.parse(st.stdout) as { alerts: { channels: Array<Record<string, unknown>> } }).alerts;
    assert.deepEqual(
      alerts.channels.map((c) => [c.name, c.type, (c.lastDelivery as { ok: boolean } | null)?.ok, c.queued]),
      [
        ['ntfy', 'ntfy', true, 0],
        ['hook', 'webhook', true, 0],
        ['slack', 'slack', true, 0],
        ['command', 'command', true, 0],
        ['flag-file', 'flag-file', true, 0],
      ],
    );
    assert.ok(
      !st.stdout.includes('ck-topic-s3cr3t') && !st.stdout.includes('abcdef123456'),
      'status masks URLs',
    );
    const human = await spawnCli(['status'], env);
    assert.match(human.stdout, /Alerts:\n {2}ntfy \(ntfy\) http:\/\/127\.0\.0\.1:\d+\/…: delivered/);
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { NodeAlertSink } from '../../../main/adapters/alerts/node-alert-sink.ts';
import { NodeProcessRunner } from '../../../main/adapters/node/node-process-runner.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import type { HttpMessage } from '../../../main/core/notify/alert-message.ts';
import { AlertReceiver } from '../../fakes/alert-receiver.ts';
import { access, FixtureHome } from '../../helpers/fixture-home.ts';
import { runCli } from '../../helpers/run-cli.ts';

const rx = new AlertReceiver();
const down = new AlertReceiver();
const homes: FixtureHome[] = [];
before(async () => {
  await rx.start();
  await down.start();
  await down.stop(); // a port where nobody listens any more
});
after(async () => {
  await rx.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

const leaked = access('daemon-env');
const sink = new NodeAlertSink({
  runner: new NodeProcessRunner(),
  files: new NodeWritableFiles(),
  env: {
    PATH: process.env.PATH,
    HOME: '/nowhere',
    MY_SERVICE_TOKEN: leaked,
    INNOCENT: `x ${leaked}`,
    LANG: 'C',
  },
});
const post = (url: string): HttpMessage => ({
  kind: 'http',
  url,
  headers: { 'content-type': 'text/plain' },
  body: 'hi',
});

describe('alert delivery adapter (real HTTP on 127.0.0.1, real processes)', () => {
  it('refuses to follow a redirect, and says so', async () => {
    rx.status = 302;
    const before = rx.requests.length;
    const r = await sink.deliver(post(rx.url('/moved')), 5000);
    rx.status = 200;
    assert.deepEqual([r.ok, r.retryable], [false, false]);
    assert.match(r.detail, /HTTP 302: redirect refused/);
    assert.equal(rx.requests.length, before + 1);
  });

  it('retries server trouble and silence, gives up on a client error; never echoes the URL path', async () => {
    rx.status = 503;
    rx.answer = 'topic /alerts/s3cr3t-topic is overloaded';
    const busy = await sink.deliver(post(rx.url('/alerts/s3cr3t-topic')), 5000);
    rx.status = 404;
    rx.answer = 'no such hook';
    const wrong = await sink.deliver(post(rx.url('/alerts/s3cr3t-topic')), 5000);
    rx.status = 200;
    rx.answer = 'ok';
    const nobody = await sink.deliver(post(down.url('/x')), 5000);
    assert.deepEqual([busy.ok, busy.retryable], [false, true]);
    assert.ok(!busy.detail.includes('s3cr3t-topic'), busy.detail);
    assert.deepEqual([wrong.ok, wrong.retryable, wrong.detail], [false, false, 'HTTP 404: no such hook']);
    assert.deepEqual([nobody.ok, nobody.retryable], [false, true]);
    assert.match(nobody.detail, /ECONNREFUSED/);
  });

  it('sends nothing over plain http to another host', async () => {
    const r = await sink.deliver(post('http://alerts.example.invalid/hook'), 5000);
    assert.deepEqual([r.ok, r.retryable], [false, false]);
    assert.match(r.detail, /must use https/);
  });

  it('runs a command with the alert on stdin and a scrubbed environment', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const out = h.path('seen.json');
    const r = await sink.deliver(
      {
        kind: 'command',
        argv: [
          process.execPath,
          '-e',
          'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{require("fs").writeFileSync(process.argv[1],JSON.stringify({s,env:process.env}));console.log("queued for paging")})',
          out,
        ],
        input: '{"kind":"test"}\n',
        env: { CLAWKEEPER_ALERT_KIND: 'test' },
        timeoutMs: 10_000,
      },
      5000,
    );
    assert.deepEqual([r.ok, r.detail], [true, 'exit 0: queued for paging']);
    const seen = JSON.parse(await readFile(out, 'utf8')) as { s: string; env: Record<string, string> };
    assert.equal(seen.s, '{"kind":"test"}\n');
    assert.equal(seen.env.CLAWKEEPER_ALERT_KIND, 'test');
    assert.equal(seen.env.LANG, 'C');
    assert.equal(seen.env.MY_SERVICE_TOKEN, undefined);
    assert.equal(seen.env.INNOCENT, undefined, 'a token-shaped value is dropped whatever its name');
    const missing = await sink.deliver(
      { kind: 'command', argv: ['/nonexistent/notify'], input: '', env: {}, timeoutMs: 1000 },
      1000,
    );
    assert.deepEqual([missing.ok, missing.retryable], [false, false]);
    assert.match(missing.detail, /could not start \(ENOENT\)/);
  });
});

describe('clawkeeper alert test', () => {
  it('sends one test message per channel, reports each answer with masked URLs, and status shows it', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
    const none = await runCli(['alert', 'test'], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no alert channels configured; add "alerts"/);
    await h.write('.config/clawkeeper/settings.json', {
      alerts: {
        hostname: 'gw-test',
        channels: [
          { type: 'ntfy', name: 'phone', url: rx.url('/topic-s3cr3t') },
          { type: 'webhook', url: down.url('/hook-s3cr3t') },
          { type: 'flag-file' },
        ],
      },
    });
    const before = rx.requests.length;
    const all = await runCli(['alert', 'test'], env);
    assert.equal(all.code, 1, 'the webhook is down');
    assert.match(all.stdout, /^phone +ntfy +ok +HTTP 200 +\(http:\/\/127\.0\.0\.1:\d+\/…\)$/m);
    assert.match(all.stdout, /^webhook +webhook +FAILED +no answer \(ECONNREFUSED\)/m);
    assert.match(all.stdout, /^flag-file +flag-file +ok +can write and remove the flag file/m);
    assert.ok(!all.stdout.includes('s3cr3t'), 'URLs are masked');
    assert.equal(rx.requests.length, before + 1);
    assert.equal(rx.requests.at(-1)?.headers.title, 'Clawkeeper test alert');
    assert.match(rx.requests.at(-1)?.body ?? '', /gw-test/);
    assert.ok(!existsSync(h.path('data/REAUTH_NEEDED')), 'the test leaves no flag behind');

    const one = await runCli(['alert', 'test', 'phone', '--json'], env);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(
      (JSON.parse(one.stdout) as { results: Array<{ name: string; outcome: { ok: boolean } }> }).results.map(
        (r) => [r.name, r.outcome.ok],
      ),
      [['phone', true]],
    );
    const unknown = await runCli(['alert', 'test', 'pager'], env);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /no alert channel named "pager"; configured: phone, webhook, flag-file/);

    const st = await runCli(['status', '--json'], env);
    const channels = (JSON.parse(st.stdout) as { alerts: { channels: Array<Record<string, unknown>> } })
      .alerts.channels;
    assert.deepEqual(
      channels.map((c) => [c.name, c.target, (c.lastDelivery as { kind: string; ok: boolean } | null)?.ok]),
      [
        ['phone', rx.url('/…'), true],
        ['webhook', down.url('/…'), false],
        ['flag-file', h.path('data/REAUTH_NEEDED'), true],
      ],
    );
    assert.ok(!st.stdout.includes('s3cr3t'));
  });

  it('refuses a plain-http URL to another host when the settings are read', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    await h.write('.config/clawkeeper/settings.json', {
      alerts: { channels: [{ type: 'webhook', url: 'http://hooks.example.com/x' }] },
    });
    const r = await runCli(['alert', 'test'], h.env({ CLAWKEEPER_DATA_DIR: h.path('data') }));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /alerts\.channels\.0\.url: URL must use https/);
  });
});

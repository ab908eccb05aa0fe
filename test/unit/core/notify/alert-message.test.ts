import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideNotices, EMPTY_MEMORY } from '../../../../main/core/notify/notification-policy.ts';
import {
  alertFromNotice,
  messageFor,
  slackFormat,
  type Alert,
} from '../../../../main/core/notify/alert-message.ts';
import {
  dueHeads,
  enqueue,
  nextDue,
  settle,
  type QueuedAlert,
} from '../../../../main/core/notify/alert-queue.ts';
import {
  AlertChannelSchema,
  channelNames,
  describeChannel,
  urlProblem,
  type AlertChannel,
} from '../../../../main/core/settings/alert-settings.ts';
import { SettingsSchema } from '../../../../main/core/settings/settings.ts';
import { fixtureReport, withCredential } from '../../../fakes/fixture-report.ts';
import { FIXTURE_TOKENS, leakedTokens, REFRESH_TOKEN, SETUP_TOKEN } from '../../../fakes/fixture-tokens.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const channel = (c: unknown) => AlertChannelSchema.parse(c);

/** An alert whose inputs are full of tokens: the reason and hint quote them, as a careless file might. */
function leakyAlert(): Alert {
  const report = withCredential(fixtureReport(T0), 'openclaw:main/anthropic:manual', {
    state: 'needs-reauth',
    reason: `token ${SETUP_TOKEN} was rejected`,
    hint: `paste ${REFRESH_TOKEN} again`,
  });
  const r = decideNotices(EMPTY_MEMORY, { report, event: null, now: T0, enabled: true, warnDays: [] });
  assert.equal(r.notices.length, 1);
  return alertFromNotice(r.notices[0]!, 'alert', 'gw-1', T0);
}

describe('alert messages per channel', () => {
  it('the webhook body is the documented JSON, with no token in any field', () => {
    const a = leakyAlert();
    const m = messageFor(channel({ type: 'webhook', url: 'https://hooks.example/x' }), a);
    assert.equal(m?.kind, 'http');
    const body = JSON.parse(m.kind === 'http' ? m.body : '') as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), [
      'at',
      'credential',
      'fingerprint',
      'hint',
      'host',
      'id',
      'key',
      'kind',
      'level',
      'message',
      'reason',
      'schema',
      'severity',
      'state',
      'title',
    ]);
    assert.equal(body.credential, 'openclaw:main/anthropic:manual');
    assert.equal(body.severity, 'critical');
    assert.match(String(body.fingerprint), /^sha256:/);
    assert.deepEqual(leakedTokens(m.kind === 'http' ? m.body : ''), []);
  });

  it('ntfy gets priority and tags by severity in headers, text in the body', () => {
    const m = messageFor(
      channel({ type: 'ntfy', url: 'https://ntfy.sh/topic', token: 'tk_abc' }),
      leakyAlert(),
    );
    assert.ok(m?.kind === 'http');
    assert.equal(m.headers.priority, '5');
    assert.equal(m.headers.tags, 'rotating_light,clawkeeper');
    assert.equal(m.headers.title, 'Setup-token needs replacing');
    assert.equal(m.headers.authorization, 'Bearer tk_abc');
    assert.match(m.body, /host: gw-1/);
    assert.deepEqual(leakedTokens(JSON.stringify(m)), []);
  });

  it('non-ASCII titles travel RFC 2047-encoded, as ntfy accepts them', () => {
    const a = { ...leakyAlert(), title: 'Läuft ab' };
    const m = messageFor(channel({ type: 'ntfy', url: 'https://ntfy.sh/t' }), a);
    assert.ok(m?.kind === 'http');
    assert.equal(m.headers.title, `=?UTF-8?B?${Buffer.from('Läuft ab').toString('base64')}?=`);
  });

  it('Slack and Mattermost get text + attachments (escaped); Discord gets embeds and pings nobody', () => {
    const a = { ...leakyAlert(), message: 'a <!channel> & b' };
    const s = messageFor(channel({ type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' }), a);
    assert.ok(s?.kind === 'http');
    const sb = JSON.parse(s.body) as { text: string; attachments: Array<{ text: string; color: string }> };
    assert.equal(sb.attachments[0]?.text, 'a &lt;!channel&gt; &amp; b');
    assert.equal(sb.attachments[0]?.color, '#d93025');
    const d = messageFor(channel({ type: 'slack', url: 'https://discord.com/api/webhooks/1/abc' }), a);
    assert.ok(d?.kind === 'http');
    const db = JSON.parse(d.body) as { embeds: Array<{ title: string }>; allowed_mentions: unknown };
    assert.equal(db.embeds[0]?.title, 'Setup-token needs replacing');
    assert.deepEqual(db.allowed_mentions, { parse: [] });
    const mm = messageFor(
      channel({ type: 'slack', url: 'https://chat.example/hooks/x', format: 'mattermost' }),
      a,
    );
    assert.ok(mm?.kind === 'http' && 'attachments' in (JSON.parse(mm.body) as object));
  });

  it('a command gets the JSON on stdin and CLAWKEEPER_ALERT_* variables, no token', () => {
    const m = messageFor(
      channel({ type: 'command', command: ['/usr/local/bin/page-me', '--loud'] }),
      leakyAlert(),
    );
    assert.ok(m?.kind === 'command');
    assert.deepEqual(m.argv, ['/usr/local/bin/page-me', '--loud']);
    assert.equal((JSON.parse(m.input) as Alert).key, 'reauth:openclaw:main/anthropic:manual');
    assert.deepEqual(
      Object.keys(m.env).every((k) => k.startsWith('CLAWKEEPER_ALERT_')),
      true,
    );
    assert.equal(m.env.CLAWKEEPER_ALERT_SEVERITY, 'critical');
    for (const t of FIXTURE_TOKENS) assert.ok(!JSON.stringify(m).includes(t.slice(13, 40)));
  });
});

describe('alert settings', () => {
  it('accepts https anywhere and http only to loopback', () => {
    assert.equal(urlProblem('https://ntfy.sh/x'), null);
    assert.equal(urlProblem('http://127.0.0.1:8080/x'), null);
    assert.equal(urlProblem('http://[::1]/x'), null);
    assert.equal(urlProblem('http://localhost/x'), null);
    assert.match(urlProblem('http://ntfy.sh/x') ?? '', /https/);
    assert.match(urlProblem('ftp://x/y') ?? '', /https/);
    assert.match(urlProblem('not a url') ?? '', /not a URL/);
    const bad = SettingsSchema.safeParse({
      alerts: { channels: [{ type: 'ntfy', url: 'http://ntfy.sh/t' }] },
    });
    assert.equal(bad.success, false);
    assert.match(bad.error?.issues[0]?.message ?? '', /must use https/);
  });

  it('defaults to no channels, names them by type (numbered when repeated), masks their secret parts', () => {
    const s = SettingsSchema.parse({});
    assert.deepEqual(s.alerts.channels, []);
    assert.equal(s.alerts.quietHours, null);
    const cs: AlertChannel[] = [
      channel({ type: 'webhook', url: 'https://a.example/hook/SECRET1' }),
      channel({ type: 'webhook', url: 'https://b.example/hook/SECRET2' }),
      channel({ type: 'ntfy', name: 'phone', url: 'https://ntfy.sh/SECRET3' }),
      channel({ type: 'command', command: ['/opt/bin/notify', '--key', 'SECRET4'] }),
      channel({ type: 'flag-file' }),
    ];
    assert.deepEqual(channelNames(cs), ['webhook-1', 'webhook-2', 'phone', 'command', 'flag-file']);
    const shown = cs.map((c) => describeChannel(c, '/state/REAUTH_NEEDED'));
    assert.deepEqual(shown, [
      'https://a.example/…',
      'https://b.example/…',
      'https://ntfy.sh/…',
      'notify (+2 args)',
      '/state/REAUTH_NEEDED',
    ]);
  });

  it('refuses a bad quiet-hours window or zone with a message that says what to write', () => {
    const r = SettingsSchema.safeParse({ alerts: { quietHours: { from: '10pm', to: '07:00' } } });
    assert.match(r.error?.issues[0]?.message ?? '', /HH:MM/);
    const z = SettingsSchema.safeParse({
      alerts: { quietHours: { from: '22:00', to: '07:00', timeZone: 'Mars/Olympus' } },
    });
    assert.match(z.error?.issues[0]?.message ?? '', /time zone/);
  });
});

describe('alert queue', () => {
  const limits = { baseMs: 1000, maxMs: 8000, maxQueue: 3, maxAgeMs: 10_000 };
  const a = leakyAlert();
  const item = (id: string, channel: string, firstAt = T0): QueuedAlert => ({
    id,
    channel,
    alert: a,
    attempts: 0,
    firstAt,
    nextAt: firstAt,
    lastError: null,
  });

  it('keeps the newest items within size and age, and says which fell out', () => {
    const q = enqueue(
      [item('old', 'x', T0 - 20_000)],
      [item('1', 'x'), item('2', 'y'), item('3', 'x'), item('4', 'y')],
      T0,
      limits,
    );
    assert.deepEqual(
      q.queue.map((i) => i.id),
      ['2', '3', '4'],
    );
    assert.deepEqual(q.dropped.map((i) => i.id).sort(), ['1', 'old']);
  });

  it('delivers in order per channel: only each channel’s head is due', () => {
    const q = [item('1', 'x'), item('2', 'x'), item('3', 'y')];
    assert.deepEqual(
      dueHeads(q, T0).map((i) => i.id),
      ['1', '3'],
    );
  });

  it('backs off a retryable failure with a cap, drops a permanent one, removes a delivered one', () => {
    let q = [item('1', 'x'), item('2', 'y'), item('3', 'z')];
    const half = () => 0.5;
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      q = settle(q, '1', { ok: false, retryable: true, detail: 'HTTP 503' }, T0, limits, half);
      delays.push(q[0]!.nextAt - T0);
    }
    assert.deepEqual(delays, [750, 1500, 3000, 6000, 6000]);
    assert.equal(q[0]!.lastError, 'HTTP 503');
    q = settle(q, '2', { ok: false, retryable: false, detail: 'HTTP 404' }, T0, limits, half);
    q = settle(q, '3', { ok: true, retryable: false, detail: 'HTTP 200' }, T0, limits, half);
    assert.deepEqual(
      q.map((i) => i.id),
      ['1'],
    );
    assert.equal(nextDue(q), T0 + 6000);
    assert.equal(nextDue([]), null);
  });
});

describe('the docs/alerts.md example', () => {
  it('is a valid settings file with one channel of every type and shape', async () => {
    const { readFile } = await import('node:fs/promises');
    const section = await readFile(new URL('../../../../docs/alerts.md', import.meta.url), 'utf8');
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const s = SettingsSchema.parse(JSON.parse(json));
    assert.deepEqual([...new Set(s.alerts.channels.map((c) => c.type))].sort(), [
      'command',
      'flag-file',
      'ntfy',
      'slack',
      'webhook',
    ]);
    const slackFormats = s.alerts.channels.flatMap((c) => (c.type === 'slack' ? [slackFormat(c)] : []));
    assert.deepEqual(slackFormats, ['slack', 'mattermost', 'discord']);
    assert.deepEqual(channelNames(s.alerts.channels).length, new Set(channelNames(s.alerts.channels)).size);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { parseUsageBody } from '../../main/core/formats/usage-response.ts';
import { FakeUsageApi, limitRow, usageBody, win } from '../fakes/fake-usage-api.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../helpers/fixture-home.ts';
import { TlsIntercept } from '../helpers/tls-intercept.ts';
import { holds } from './binary-strings.ts';
import { programs, type Programs } from './programs.ts';

/**
 * Claude Code's own `/usage` request, recorded: the real binaries (2.1.197 and the newest) run
 * against the fake usage endpoint through a local TLS-intercepting proxy (their API host is built
 * in), and their SDK control request `get_usage` (the data behind `/usage`) says what they made
 * of the answer. Nothing leaves this machine: every other host is refused at the proxy.
 */
const api = new FakeUsageApi();
let tls: TlsIntercept;
let p: Programs;
const homes: FixtureHome[] = [];
before(async () => {
  p = programs();
  await api.start();
  tls = await TlsIntercept.start('api.anthropic.com', api.base);
});
after(async () => {
  await tls.stop();
  await api.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

interface UsageReply {
  subscription_type: string | null;
  rate_limits_available: boolean;
  rate_limits: Record<string, unknown> | null;
}

/** Runs the binary in SDK mode, asks `get_usage` once, and returns its reply. */
async function getUsage(bin: string, env: NodeJS.ProcessEnv): Promise<UsageReply> {
  const child = spawn(
    bin,
    ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose'],
    {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stderr.resume();
  let out = '';
  try {
    return await new Promise<UsageReply>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no get_usage reply within 60 s:\n${out.slice(0, 2000)}`)),
        60_000,
      );
      child.on('error', reject);
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        for (const line of out.split('\n')) {
          if (!line.includes('"control_response"')) continue;
          const doc = JSON.parse(line) as {
            response: { subtype: string; request_id: string; response?: UsageReply; error?: string };
          };
          if (doc.response.request_id !== 'u1') continue;
          clearTimeout(timer);
          if (doc.response.subtype !== 'success' || !doc.response.response)
            reject(new Error(`get_usage failed: ${doc.response.error ?? line}`));
          else resolve(doc.response.response);
        }
      });
      child.stdin.write(
        JSON.stringify({ type: 'control_request', request_id: 'u1', request: { subtype: 'get_usage' } }) +
          '\n',
      );
    });
  } finally {
    child.stdin.end();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

async function machine(seed: string, scopes?: string[]) {
  const h = await FixtureHome.create();
  homes.push(h);
  const token = access(`interop-usage-${seed}`);
  const creds = claudeCredentials({
    access: token,
    refresh: refresh(`interop-usage-${seed}`),
    expiresAt: Date.now() + 6 * HOUR,
  });
  if (scopes) creds.claudeAiOauth.scopes = scopes;
  await h.claude(creds);
  const env = h.env({
    HTTPS_PROXY: tls.url,
    https_proxy: tls.url,
    NODE_EXTRA_CA_CERTS: tls.caFile,
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
  });
  return { h, token, env };
}

const reads = (token: string) => api.reads.filter((l) => l.headers.authorization === `Bearer ${token}`);

describe('the usage endpoint as the real Claude Code uses it', () => {
  for (const which of ['claude', 'claudeNewest'] as const) {
    it(`${which}: GET /api/oauth/usage with Bearer + oauth beta + JSON + claude-cli UA; parses what the fake sends`, async () => {
      const m = await machine(which);
      const now = Date.now();
      const session = now + 2 * HOUR;
      const week = now + 90 * HOUR;
      const body = {
        ...usageBody({ session: win(42, session), week: win(63.5, week), sonnet: win(12, week) }),
        limits: [limitRow('session', 42, session), limitRow('weekly_scoped', 71, week, 'Fable')],
        brand_new_field: { x: 1 },
      };
      api.accounts.set(m.token, body);
      const reply = await getUsage(p[which], m.env);
      const [req, ...more] = reads(m.token);
      assert.ok(req, 'Claude Code asked the usage endpoint');
      assert.equal(more.length, 0, 'once');
      assert.equal(req.method, 'GET');
      assert.equal(req.url, '/api/oauth/usage');
      assert.equal(req.headers['anthropic-beta'], 'oauth-2025-04-20');
      assert.equal(req.headers['content-type'], 'application/json');
      assert.match(String(req.headers['user-agent']), /^claude-cli\/2\.1\.\d+ \(external, [a-z-]+\)$/);
      assert.equal(req.body, '');
      // what Claude Code made of it: the fake's shape is usage to it
      assert.equal(reply.rate_limits_available, true);
      const rl = reply.rate_limits as Record<string, { utilization: number; resets_at: string } | null>;
      assert.equal(rl.five_hour?.utilization, 42);
      assert.equal(rl.seven_day?.utilization, 63.5);
      assert.equal(Date.parse(rl.five_hour?.resets_at ?? ''), session);
      // and Clawkeeper reads the same numbers from the same body
      const ours = parseUsageBody(JSON.stringify(body));
      assert.ok(ours.ok);
      assert.deepEqual(
        ours.snapshot.windows.filter((w) => w.id in rl).map((w) => [w.id, w.percent, w.resetsAt]),
        [
          ['five_hour', 42, session],
          ['seven_day', 63.5, week],
          ['seven_day_sonnet', 12, week],
        ],
      );
      if (which === 'claudeNewest') {
        // 2.1.332 projects limits[] rows (kind weekly_scoped, scope.model.display_name, percent)
        const scoped = (
          reply.rate_limits as { model_scoped?: Array<{ display_name: string; utilization: number }> }
        ).model_scoped;
        assert.deepEqual(
          scoped?.map((s) => [s.display_name, s.utilization]),
          [['Fable', 71]],
        );
        assert.deepEqual(
          ours.snapshot.windows.filter((w) => w.id === 'scoped:fable').map((w) => w.percent),
          [71],
        );
      }
    });

    it(`${which}: does not ask with a login lacking user:profile, and takes a 200 error envelope as no usage`, async () => {
      const narrow = await machine(`${which}-narrow`, ['user:inference']);
      api.accounts.set(narrow.token, usageBody({ session: win(1, Date.now() + HOUR) }));
      const r1 = await getUsage(p[which], narrow.env);
      assert.equal(r1.rate_limits_available, false);
      assert.equal(reads(narrow.token).length, 0, 'no request without the profile scope');

      const envelope = await machine(`${which}-envelope`);
      api.accounts.set(envelope.token, { error: { type: 'rate_limit_error', message: 'Rate limited' } });
      const r2 = await getUsage(p[which], envelope.env);
      assert.equal(reads(envelope.token).length, 1);
      assert.equal(r2.rate_limits, null, 'Claude Code shows no usage for it');
      assert.equal(parseUsageBody(JSON.stringify({ error: { type: 'rate_limit_error' } })).ok, false);
    });
  }

  it('both binaries still carry the path, header and field names Clawkeeper relies on', async () => {
    const needles = [
      '/api/oauth/usage',
      'oauth-2025-04-20',
      '"five_hour"',
      '"seven_day"',
      '"seven_day_sonnet"',
      '"extra_usage"',
      'weekly_scoped',
      'resets_at',
      'utilization',
      'user:profile',
    ];
    for (const bin of [p.claude, p.claudeNewest]) {
      const found = await holds(bin, needles);
      assert.deepEqual(
        Object.entries(found)
          .filter(([, v]) => !v)
          .map(([k]) => k),
        [],
        `${bin}: strings missing (the usage endpoint or its shape changed: read it again)`,
      );
    }
  });
});

/** Attacks on the secrets themselves: a store Clawkeeper could not keep a refresh in, the daemon's environment, an echoing receiver. */
import { chmod, chown, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AlertReceiver } from '../../../fakes/alert-receiver.ts';
import { access } from '../../../helpers/fixture-home.ts';
import { Checks, dataDir, doctorSays, settingsPath, victim, type Attack } from './common.ts';

// ---------------------------------------------------------------------------------------------
// 7. Claude Code's store left to root by `sudo claude`: the refresh token must not be spent

export const storeAttacks: Attack[] = [
  {
    boundary: "Claude Code's store (refresh pre-check)",
    kind: 'owned by another user',
    name: 'the store belongs to root after `sudo claude`',
    run: async (lab, net) => {
      const c = new Checks();
      const v = await victim(lab, net, 'store-root', { due: true });
      await chown(v.creds, 0, 0);
      await chmod(v.creds, 0o644);
      const before = net.endpoint.log.length;
      const r = await lab.asVictim(['refresh', '--force'], v.env);
      c.noCrash(r, 'refresh');
      c.ok(net.endpoint.log.length === before, 'the token endpoint was not asked');
      c.ok(net.endpoint.isLive(v.login.refresh), 'the refresh token is unspent');
      c.ok(/its own decision/.test(r.stdout + r.stderr), "refresh says it was Clawkeeper's decision");
      c.ok(
        await doctorSays(lab, v, /claude-store-not-replaceable.*sudo chown/),
        'doctor reports it with the chown',
      );
      return c.failed;
    },
  },
];

// ---------------------------------------------------------------------------------------------
// 8. Secrets in the daemon's environment and what programs and receivers get back

const SECRETS: Record<string, string> = {
  GITHUB_TOKEN: 'ghp_attackme0000000000000000000000000001',
  NPM_TOKEN: 'npm_attackme00000000000000000000000002',
  DATABASE_URL: 'postgres://app:hunter2pw@db.internal/app',
  PGPASSWORD: 'pg-secret-0003',
  REDIS_URL: 'redis://:redis-secret-0004@cache:6379',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-0005-wJalrXUtnFEMI',
  OPENAI_API_KEY: 'sk-proj-attackme0006',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/secret0007',
  SENTRY_DSN: 'https://key0008@o1.ingest.sentry.io/1',
  STRIPE_SK: 'stripe-live-0009',
  CLAUDE_CODE_OAUTH_TOKEN: access('env-0010'),
  MY_APP_SESSION: 'session-cookie-0011',
};

export const envAttacks: Attack[] = Object.keys(SECRETS).map((name) => ({
  boundary: "daemon's environment → alert command",
  kind: 'other' as const,
  name: `${name} reaches the alert command`,
  run: async (lab, net) => {
    const tag = `env-${name.toLowerCase()}`;
    const v = await victim(lab, net, tag, { extraEnv: SECRETS });
    const program = await lab.canary(lab.victim, v.path('bin', 'page-me'), tag);
    await lab.writeAs(
      lab.victim,
      settingsPath(v),
      JSON.stringify({ alerts: { channels: [{ type: 'command', command: [program] }] } }),
      0o600,
    );
    const c = new Checks();
    c.noCrash(await lab.asVictim(['alert', 'test'], v.env), 'alert test');
    c.ok(lab.ran(tag), 'the alert command ran (it is the user’s own)');
    c.ok(!(await lab.canaryEnv(tag)).includes(SECRETS[name]!), `${name} was not in its environment`);
    return c.failed;
  },
}));

export const echoAttacks: Attack[] = [
  {
    boundary: 'answers of receivers',
    kind: 'other',
    name: 'a webhook echoes the X-Hook-Key header it was sent',
    run: async (lab, net) => {
      const c = new Checks();
      const v = await victim(lab, net, 'echo');
      const key = 'whsec-4f1c-echoed-value';
      const echo = await new AlertReceiver().start();
      echo.status = 400;
      // echoed as plain text: no JSON key or `Bearer` for a redactor to spot
      echo.answer = `rejected: signature ${key} does not match`;
      try {
        await lab.writeAs(
          lab.victim,
          settingsPath(v),
          JSON.stringify({
            alerts: {
              channels: [{ type: 'webhook', url: echo.url('/hook'), headers: { 'X-Hook-Key': key } }],
            },
          }),
          0o600,
        );
        const r = await lab.asVictim(['alert', 'test'], v.env);
        c.noCrash(r, 'alert test');
        c.ok(echo.requests.length === 1, 'the receiver was asked');
        c.ok(/HTTP 400/.test(r.stdout), 'the status code is shown');
        c.ok(!(r.stdout + r.stderr).includes(key), 'the echoed key is not printed');
        const data = dataDir(v);
        const stored = [
          await readFile(join(data, 'logs', 'clawkeeper.log'), 'utf8').catch(() => ''),
          await readFile(join(data, 'alerts', 'state.json'), 'utf8').catch(() => ''),
        ].join('\n');
        c.ok(!stored.includes(key), 'the echoed key is not logged or stored');
      } finally {
        await echo.stop();
      }
      return c.failed;
    },
  },
];

/** What cannot be planted but still hurt: a removed state folder, hostile text, deep nesting. */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { access } from '../../../helpers/fixture-home.ts';
import { Checks, dataDir, settingsPath, victim, type Attack } from './common.ts';

// ---------------------------------------------------------------------------------------------
// 9. What cannot be planted but still hurt: a removed state folder, hostile text, deep nesting

export const robustAttacks: Attack[] = [
  {
    boundary: 'state folder removed while watch runs',
    kind: 'other',
    name: 'the data folder is removed under a running watch, then SIGTERM',
    run: async (lab, net) => {
      const c = new Checks();
      const v = await victim(lab, net, 'removed');
      const { spawn } = await import('node:child_process');
      const child = spawn(
        'setpriv',
        [
          '--reuid',
          String(lab.victim.uid),
          '--regid',
          String(lab.victim.gid),
          '--clear-groups',
          lab.node,
          lab.bin,
          'watch',
        ],
        { env: v.env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await new Promise((r) => setTimeout(r, 2500));
      await rm(dataDir(v), { recursive: true, force: true });
      const { utimes } = await import('node:fs/promises');
      await utimes(v.creds, new Date(), new Date());
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000)),
      ]);
      if (code === 'hung') child.kill('SIGKILL');
      c.ok(code === 0, `SIGTERM stopped watch (exit ${String(code)})`);
      c.ok(!/\n\s+at .+:\d+:\d+/.test(err), 'no stack trace');
      c.ok(existsSync(join(dataDir(v), 'logs')), 'the log folder was made again');
      return c.failed;
    },
  },
  {
    boundary: 'text from users’ files',
    kind: 'other',
    name: 'a profile id and a host name with terminal escapes',
    run: async (lab, net) => {
      const c = new Checks();
      const v = await victim(lab, net, 'escapes');
      const evil = 'anthropic:x\u001b]0;owned\u0007\u001b[2J';
      await lab.writeAs(
        lab.victim,
        v.path('.openclaw', 'agents', 'main', 'agent', 'auth-profiles.json'),
        JSON.stringify({
          version: 1,
          profiles: { [evil]: { type: 'token', provider: 'anthropic', token: access('esc') } },
        }),
      );
      await lab.writeAs(
        lab.victim,
        settingsPath(v),
        JSON.stringify({ hosts: [{ name: 'vps', destination: 'ada@\u001b[31mhost' }] }),
        0o600,
      );
      for (const args of [['status'], ['doctor'], ['host', 'list']]) {
        const r = await lab.asVictim(args, v.env);
        c.noCrash(r, args.join(' '));
        const raw = [...(r.stdout + r.stderr)].some((ch) => ch === '\u0007' || ch === '\u001b');
        c.ok(!raw, `${args.join(' ')} printed no raw control character`);
      }
      return c.failed;
    },
  },
  {
    boundary: 'text from users’ files',
    kind: 'other',
    name: 'a config nested 5000 levels deep',
    run: async (lab, net) => {
      const c = new Checks();
      const v = await victim(lab, net, 'deep');
      await lab.writeAs(
        lab.victim,
        v.path('.openclaw', 'openclaw.json'),
        '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
        0o600,
      );
      for (const args of [['status'], ['sync'], ['doctor']]) {
        const r = await lab.asVictim(args, v.env);
        c.noCrash(r, args.join(' '));
      }
      c.ok(
        /nested deeper than/.test((await lab.asVictim(['status'], v.env)).stdout),
        'status names the file and why',
      );
      return c.failed;
    },
  },
];

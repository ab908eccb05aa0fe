/** Attacks on what Clawkeeper runs and writes: a program the settings name, a link target that receives the token. */
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttackLab } from '../../../helpers/attack-lab.ts';
import {
  Checks,
  contains,
  doctorSays,
  settingsPath,
  victim,
  type Attack,
  type Net,
  type Victim,
} from './common.ts';

// ---------------------------------------------------------------------------------------------
// 4. Programs the (trusted) settings name: an alert command

async function programAttack(
  lab: AttackLab,
  net: Net,
  tag: string,
  plant: (v: Victim) => Promise<string>,
): Promise<string[]> {
  const c = new Checks();
  const v = await victim(lab, net, `prog-${tag}`);
  const program = await plant(v);
  await lab.writeAs(
    lab.victim,
    settingsPath(v),
    JSON.stringify({ alerts: { channels: [{ type: 'command', command: [program] }] } }),
    0o600,
  );
  const r = await lab.asVictim(['alert', 'test'], v.env);
  c.noCrash(r, 'alert test');
  c.ok(!lab.ran(`prog-${tag}`), 'the program did not run');
  c.ok(/untrusted/.test(r.stdout + r.stderr), 'alert test says the program is not trusted');
  c.ok(await doctorSays(lab, v, /untrusted-.*alert command/), 'doctor reports the alert command');
  return c.failed;
}

export const programAttacks: Attack[] = [
  {
    boundary: 'program named in settings',
    kind: 'owned by another user',
    name: 'the alert command is a program of the attacker',
    run: (lab, net) =>
      programAttack(lab, net, 'own', () =>
        lab.canary(lab.attacker, join(lab.attackerHome, 'page-me'), 'prog-own'),
      ),
  },
  {
    boundary: 'program named in settings',
    kind: 'group/world-writable',
    name: 'the alert command is 0777',
    run: (lab, net) =>
      programAttack(lab, net, 'ww', (v) =>
        lab.canary(lab.victim, v.path('bin', 'page-me'), 'prog-ww', 0o777),
      ),
  },
  {
    boundary: 'program named in settings',
    kind: 'symlink to theirs',
    name: "the alert command is a link to the attacker's program",
    run: (lab, net) =>
      programAttack(lab, net, 'link', async (v) => {
        const theirs = await lab.canary(lab.attacker, join(lab.attackerHome, 'page-link'), 'prog-link');
        await lab.mkdirAs(lab.victim, v.path('bin'), 0o755);
        await lab.symlinkAs(lab.victim, theirs, v.path('bin', 'page-me'));
        return v.path('bin', 'page-me');
      }),
  },
  {
    boundary: 'program named in settings',
    kind: 'loose parent folder',
    name: 'the alert command sits in a 0777 ~/bin',
    run: (lab, net) =>
      programAttack(lab, net, 'loose', async (v) => {
        const p = await lab.canary(lab.victim, v.path('bin', 'page-me'), 'prog-loose');
        await chmod(v.path('bin'), 0o777);
        return p;
      }),
  },
  {
    boundary: 'program named in settings',
    kind: 'pre-created by them',
    name: 'the alert command in the shared temp folder was made by the attacker first',
    run: (lab, net) =>
      programAttack(lab, net, 'pre', () =>
        lab.canary(lab.attacker, join(lab.shared, 'page-me-pre'), 'prog-pre'),
      ),
  },
];

// ---------------------------------------------------------------------------------------------
// 5. Link targets: where `sync` writes the access token

async function linkAttack(
  lab: AttackLab,
  net: Net,
  tag: string,
  plant: (v: Victim) => Promise<{ target: string; watch: string }>,
): Promise<string[]> {
  const c = new Checks();
  const v = await victim(lab, net, `link-${tag}`);
  const { target, watch } = await plant(v);
  await lab.writeAs(
    lab.victim,
    settingsPath(v),
    JSON.stringify({
      sync: { links: [{ kind: 'env-file', file: target, variable: 'ANTHROPIC_OAUTH_TOKEN' }] },
    }),
    0o600,
  );
  const r = await lab.asVictim(['sync'], v.env);
  c.noCrash(r, 'sync');
  c.ok(
    !(await contains(watch, v.login.access.slice(13))),
    'the token was not written where the attacker can read it',
  );
  c.ok(/not written|untrusted|belongs to/.test(r.stdout + r.stderr), 'sync says why it did not write');
  c.ok(
    await doctorSays(lab, v, new RegExp(`untrusted-.*${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
    'doctor reports the target',
  );
  return c.failed;
}

export const linkAttacks: Attack[] = [
  {
    boundary: 'link target (.env)',
    kind: 'owned by another user',
    name: "the .env in the victim's folder belongs to the attacker",
    run: (lab, net) =>
      linkAttack(lab, net, 'own', async (v) => {
        await lab.mkdirAs(lab.victim, v.path('gw'), 0o755);
        const f = await lab.writeAs(lab.attacker, v.path('gw', '.env'), 'ANTHROPIC_OAUTH_TOKEN=x\n', 0o644);
        return { target: f, watch: f };
      }),
  },
  {
    boundary: 'link target (.env)',
    kind: 'group/world-writable',
    name: 'the .env is 0666',
    run: (lab, net) =>
      linkAttack(lab, net, 'ww', async (v) => {
        const f = await lab.writeAs(lab.victim, v.path('gw', '.env'), 'ANTHROPIC_OAUTH_TOKEN=x\n', 0o666);
        return { target: f, watch: f };
      }),
  },
  {
    boundary: 'link target (.env)',
    kind: 'symlink to theirs',
    name: "the .env is a link to the attacker's file",
    run: (lab, net) =>
      linkAttack(lab, net, 'link', async (v) => {
        const theirs = await lab.writeAs(
          lab.attacker,
          join(lab.attackerHome, 'gw-link', '.env'),
          'ANTHROPIC_OAUTH_TOKEN=x\n',
          0o666,
        );
        await chmod(join(lab.attackerHome, 'gw-link'), 0o777);
        await lab.mkdirAs(lab.victim, v.path('gw'), 0o755);
        await lab.symlinkAs(lab.victim, theirs, v.path('gw', '.env'));
        return { target: v.path('gw', '.env'), watch: theirs };
      }),
  },
  {
    boundary: 'link target (.env)',
    kind: 'loose parent folder',
    name: 'the .env sits in a 0777 folder',
    run: (lab, net) =>
      linkAttack(lab, net, 'loose', async (v) => {
        const f = await lab.writeAs(lab.victim, v.path('gw', '.env'), 'ANTHROPIC_OAUTH_TOKEN=x\n', 0o600);
        await chmod(v.path('gw'), 0o777);
        return { target: f, watch: f };
      }),
  },
  {
    boundary: 'link target (.env)',
    kind: 'pre-created by them',
    name: 'the folder of the .env was made by the attacker',
    run: (lab, net) =>
      linkAttack(lab, net, 'pre', async (v) => {
        await lab.mkdirAs(lab.attacker, v.path('gw'), 0o777);
        const f = await lab.writeAs(lab.victim, v.path('gw', '.env'), 'ANTHROPIC_OAUTH_TOKEN=x\n', 0o600);
        return { target: f, watch: f };
      }),
  },
];

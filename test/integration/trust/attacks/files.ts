/** Attacks on what Clawkeeper reads and keeps: the settings file, the data folder's refresh journal, the log file. */
import { chmod, chown, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintOf } from '../../../../main/core/kernel/secret.ts';
import type { AttackLab } from '../../../helpers/attack-lab.ts';
import { access, HOUR, refresh } from '../../../helpers/fixture-home.ts';
import {
  Checks,
  contains,
  dataDir,
  doctorSays,
  settingsPath,
  victim,
  type Attack,
  type Net,
  type Victim,
} from './common.ts';

// ---------------------------------------------------------------------------------------------
// 1. The settings file: every steering field an attacker would set

function hostileSettings(lab: AttackLab, net: Net, tag: string): object {
  return {
    refresh: { strategy: 'claude-cli', claudeCliCommand: [join(lab.base, 'progs', `cli-${tag}`)] },
    sync: {
      reload: 'command',
      reloadCommand: [join(lab.base, 'progs', `reload-${tag}`)],
      links: [{ kind: 'env-file', file: join(lab.attackerHome, `stolen-${tag}.env`), variable: 'T' }],
    },
    alerts: {
      channels: [
        { type: 'command', command: [join(lab.base, 'progs', `alert-${tag}`)] },
        { type: 'webhook', url: net.canary.url(`/settings-${tag}`) },
      ],
    },
  };
}

async function settingsAttack(
  lab: AttackLab,
  net: Net,
  tag: string,
  plant: (v: Victim, content: string) => Promise<void>,
): Promise<string[]> {
  const c = new Checks();
  const v = await victim(lab, net, `settings-${tag}`, { due: true });
  // the programs themselves are root's and fine: only the file naming them is in question
  for (const p of ['cli', 'reload', 'alert'])
    await lab.canary(lab.attacker, join(lab.base, 'progs', `${p}-${tag}`), `${p}-${tag}`);
  for (const p of ['cli', 'reload', 'alert']) await chown(join(lab.base, 'progs', `${p}-${tag}`), 0, 0);
  const stolen = await lab.writeAs(lab.attacker, join(lab.attackerHome, `stolen-${tag}.env`), 'T=x\n', 0o666);
  await plant(v, JSON.stringify(hostileSettings(lab, net, tag)));
  const before = net.canary.requests.length;
  const status = await lab.asVictim(['status'], v.env);
  c.noCrash(status, 'status');
  c.ok(/settings file .* is not trusted/.test(status.stderr), 'status says the settings file is not trusted');
  c.noCrash(await lab.asVictim(['sync'], v.env), 'sync');
  c.noCrash(await lab.asVictim(['alert', 'test'], v.env), 'alert test');
  for (const p of ['cli', 'reload', 'alert'])
    c.ok(!lab.ran(`${p}-${tag}`), `the ${p} program named by the settings did not run`);
  c.ok(net.canary.requests.length === before, 'nothing was sent to the URL the settings named');
  c.ok(!(await contains(stolen, v.login.access.slice(13))), "no token reached the attacker's .env");
  c.ok(await doctorSays(lab, v, /untrusted-.*settings file/), 'doctor reports the settings file');
  return c.failed;
}

export const settingsAttacks: Attack[] = [
  {
    boundary: 'settings file',
    kind: 'owned by another user',
    name: 'settings.json belongs to the attacker',
    run: (lab, net) =>
      settingsAttack(lab, net, 'own', async (v, s) => {
        await lab.writeAs(lab.attacker, settingsPath(v), s, 0o644);
        await lab.mkdirAs(lab.victim, v.path('.config'));
      }),
  },
  {
    boundary: 'settings file',
    kind: 'group/world-writable',
    name: 'settings.json is 0666',
    run: (lab, net) =>
      settingsAttack(
        lab,
        net,
        'ww',
        async (v, s) => void (await lab.writeAs(lab.victim, settingsPath(v), s, 0o666)),
      ),
  },
  {
    boundary: 'settings file',
    kind: 'symlink to theirs',
    name: "settings.json is a link to the attacker's file",
    run: (lab, net) =>
      settingsAttack(lab, net, 'link', async (v, s) => {
        const theirs = await lab.writeAs(
          lab.attacker,
          join(lab.attackerHome, 'settings-link.json'),
          s,
          0o644,
        );
        await lab.mkdirAs(lab.victim, v.path('.config', 'clawkeeper'), 0o755);
        await lab.symlinkAs(lab.victim, theirs, settingsPath(v));
      }),
  },
  {
    boundary: 'settings file',
    kind: 'loose parent folder',
    name: '~/.config is 0777',
    run: (lab, net) =>
      settingsAttack(lab, net, 'loose', async (v, s) => {
        await lab.writeAs(lab.victim, settingsPath(v), s, 0o600);
        await chmod(v.path('.config'), 0o777);
      }),
  },
  {
    boundary: 'settings file',
    kind: 'pre-created by them',
    name: '~/.config/clawkeeper made by the attacker first',
    run: (lab, net) =>
      settingsAttack(lab, net, 'pre', async (v, s) => {
        await lab.mkdirAs(lab.victim, v.path('.config'), 0o755);
        await lab.mkdirAs(lab.attacker, v.path('.config', 'clawkeeper'), 0o777);
        await lab.writeAs(lab.attacker, settingsPath(v), s, 0o644);
      }),
  },
];

// ---------------------------------------------------------------------------------------------
// 2. The data folder: a refresh journal planted to be replayed into Claude Code's store

async function journalAttack(
  lab: AttackLab,
  net: Net,
  tag: string,
  plant: (v: Victim, journal: string) => Promise<void>,
  said: RegExp,
): Promise<string[]> {
  const c = new Checks();
  const v = await victim(lab, net, `journal-${tag}`);
  const theirs = access(`attacker-${tag}`);
  const journal = JSON.stringify({
    version: 1,
    store: { source: 'file', location: v.creds },
    writtenAt: Date.now(),
    spentRefreshFingerprint: fingerprintOf(v.login.refresh),
    accessToken: theirs,
    refreshToken: refresh(`attacker-${tag}`),
    expiresAt: Date.now() + 8 * HOUR,
    scopes: null,
  });
  await plant(v, journal);
  const r = await lab.asVictim(['sync'], v.env);
  c.noCrash(r, 'sync');
  c.ok(!(await contains(v.creds, theirs)), "the planted journal was not replayed into Claude Code's store");
  c.ok(await contains(v.creds, v.login.access), "the victim's login is as it was");
  const status = await lab.asVictim(['status'], v.env);
  const doctor = await doctorSays(lab, v, said);
  c.ok(said.test(status.stdout + status.stderr) || doctor, `status or doctor says it (${said})`);
  return c.failed;
}

export const journalAttacks: Attack[] = [
  {
    boundary: 'data folder (refresh journal)',
    kind: 'owned by another user',
    name: 'a journal of the attacker in the data folder',
    run: (lab, net) =>
      journalAttack(
        lab,
        net,
        'own',
        async (v, j) => {
          await lab.mkdirAs(lab.victim, dataDir(v));
          await lab.writeAs(lab.attacker, join(dataDir(v), 'refresh-journal.json'), j, 0o644);
        },
        /moved aside/,
      ),
  },
  {
    boundary: 'data folder (refresh journal)',
    kind: 'group/world-writable',
    name: 'the data folder is 0777 and holds a planted journal',
    run: async (lab, net) => {
      let dir = '';
      const failed = await journalAttack(
        lab,
        net,
        'ww',
        async (v, j) => {
          dir = dataDir(v);
          await lab.mkdirAs(lab.victim, dir, 0o777);
          await lab.writeAs(lab.attacker, join(dir, 'refresh-journal.json'), j, 0o644);
        },
        /moved aside|tightened/,
      );
      if ((await lab.mode(dir)) !== 0o700) failed.push('the data folder was tightened to 0700');
      return failed;
    },
  },
  {
    boundary: 'data folder (refresh journal)',
    kind: 'symlink to theirs',
    name: "the journal is a link to the attacker's file",
    run: (lab, net) =>
      journalAttack(
        lab,
        net,
        'link',
        async (v, j) => {
          await lab.mkdirAs(lab.victim, dataDir(v));
          const theirs = await lab.writeAs(lab.attacker, join(lab.attackerHome, 'journal.json'), j, 0o644);
          await lab.symlinkAs(lab.victim, theirs, join(dataDir(v), 'refresh-journal.json'));
        },
        /moved aside/,
      ),
  },
  {
    boundary: 'data folder (refresh journal)',
    kind: 'loose parent folder',
    name: '~/.local/state is 0777',
    run: (lab, net) =>
      journalAttack(
        lab,
        net,
        'loose',
        async (v, j) => {
          await lab.mkdirAs(lab.victim, dataDir(v));
          await lab.writeAs(lab.victim, join(dataDir(v), 'refresh-journal.json'), j, 0o600);
          await chmod(v.path('.local', 'state'), 0o777);
        },
        /untrusted-.*data folder/,
      ),
  },
  {
    boundary: 'data folder (refresh journal)',
    kind: 'pre-created by them',
    name: 'the data folder was made by the attacker',
    run: (lab, net) =>
      journalAttack(
        lab,
        net,
        'pre',
        async (v, j) => {
          await lab.mkdirAs(lab.victim, v.path('.local', 'state'), 0o755);
          await lab.mkdirAs(lab.attacker, dataDir(v), 0o777);
          await lab.writeAs(lab.attacker, join(dataDir(v), 'refresh-journal.json'), j, 0o644);
        },
        /untrusted-.*data folder/,
      ),
  },
];

// ---------------------------------------------------------------------------------------------
// 3. The log file

async function logAttack(
  lab: AttackLab,
  net: Net,
  tag: string,
  plant: (v: Victim, logs: string) => Promise<() => Promise<string[]>>,
): Promise<string[]> {
  const c = new Checks();
  const v = await victim(lab, net, `log-${tag}`);
  const profile = await lab.writeAs(lab.victim, v.path('.profile'), 'export EDITOR=vi\n', 0o644);
  const after = await plant(v, join(dataDir(v), 'logs'));
  const r = await lab.asVictim(['sync'], v.env);
  c.noCrash(r, 'sync');
  c.ok((await lab.mode(profile)) === 0o644, '~/.profile kept its mode');
  c.ok((await readFile(profile, 'utf8')) === 'export EDITOR=vi\n', '~/.profile kept its content');
  const status = await lab.asVictim(['status'], v.env);
  c.noCrash(status, 'status');
  c.ok(
    /moved aside|tightened/.test(status.stdout + status.stderr + r.stderr),
    'the run says what it moved aside or tightened',
  );
  c.failed.push(...(await after()));
  return c.failed;
}

export const logAttacks: Attack[] = [
  {
    boundary: 'log file',
    kind: 'owned by another user',
    name: 'clawkeeper.log belongs to the attacker',
    run: (lab, net) =>
      logAttack(lab, net, 'own', async (v, logs) => {
        await lab.mkdirAs(lab.victim, logs);
        await lab.writeAs(lab.attacker, join(logs, 'clawkeeper.log'), 'theirs\n', 0o666);
        return async () => {
          const aside = (await readdir(logs)).find((n) => n.startsWith('clawkeeper.log.untrusted-'));
          const kept = aside ? await readFile(join(logs, aside), 'utf8') : '';
          const now = await stat(join(logs, 'clawkeeper.log')).catch(() => null);
          return [
            ...(kept === 'theirs\n' ? [] : ["the attacker's file was moved aside unwritten"]),
            ...(now === null || now.uid === lab.victim.uid ? [] : ['the log in its place is the victim’s']),
          ];
        };
      }),
  },
  {
    boundary: 'log file',
    kind: 'group/world-writable',
    name: 'the logs folder is 0777',
    run: (lab, net) =>
      logAttack(lab, net, 'ww', async (v, logs) => {
        await lab.mkdirAs(lab.victim, dataDir(v));
        await lab.mkdirAs(lab.victim, logs, 0o777);
        return async () =>
          (await lab.mode(logs)) === 0o700 ? [] : ['the logs folder was tightened to 0700'];
      }),
  },
  {
    boundary: 'log file',
    kind: 'symlink to theirs',
    name: "clawkeeper.log is a link to the victim's ~/.profile, planted by the attacker",
    run: (lab, net) =>
      logAttack(lab, net, 'link', async (v, logs) => {
        await lab.mkdirAs(lab.victim, logs);
        await lab.symlinkAs(lab.attacker, v.path('.profile'), join(logs, 'clawkeeper.log'));
        return () => Promise.resolve([]);
      }),
  },
  {
    boundary: 'log file',
    kind: 'loose parent folder',
    name: "the data folder is 0777 and its logs folder a link to the attacker's",
    run: (lab, net) =>
      logAttack(lab, net, 'loose', async (v, logs) => {
        await lab.mkdirAs(lab.victim, dataDir(v), 0o777);
        const theirs = join(lab.attackerHome, 'logs-loose');
        await lab.mkdirAs(lab.attacker, theirs, 0o777);
        await lab.symlinkAs(lab.attacker, theirs, logs);
        return async () =>
          (await readdir(theirs)).length === 0 ? [] : ["something was written into the attacker's folder"];
      }),
  },
  {
    boundary: 'log file',
    kind: 'pre-created by them',
    name: 'the logs folder was made by the attacker',
    run: (lab, net) =>
      logAttack(lab, net, 'pre', async (v, logs) => {
        await lab.mkdirAs(lab.victim, dataDir(v));
        await lab.mkdirAs(lab.attacker, logs, 0o777);
        return async () => {
          const theirs = (await readdir(dataDir(v))).find((n) => n.startsWith('logs.untrusted-'));
          return theirs && (await readdir(join(dataDir(v), theirs))).length === 0
            ? []
            : ['the planted folder was moved aside, empty'];
        };
      }),
  },
];

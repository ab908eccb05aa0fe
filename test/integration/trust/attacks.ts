/**
 * The attacks of the trust suite (issue 20): each sets up a victim's HOME and what a second local
 * user could have done to it, runs the victim's real `clawkeeper` as the victim, and checks that
 * the attack was refused: nothing run (canary programs), nothing sent (a canary receiver on
 * 127.0.0.1), nothing written where the attacker could read it or where it would hurt, and that
 * `status` or `doctor` says so. An attack returns the checks that failed (none: refused).
 */
import { spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf } from '../../../main/core/kernel/secret.ts';
import { AlertReceiver } from '../../fakes/alert-receiver.ts';
import type { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import type { AttackLab, LabUser } from '../../helpers/attack-lab.ts';
import { access, claudeCredentials, HOUR, refresh } from '../../helpers/fixture-home.ts';
import type { CliResult } from '../../helpers/run-cli.ts';

export type Kind =
  | 'owned by another user'
  | 'group/world-writable'
  | 'symlink to theirs'
  | 'loose parent folder'
  | 'pre-created by them'
  | 'other';

export interface Attack {
  readonly boundary: string;
  readonly kind: Kind;
  readonly name: string;
  run(lab: AttackLab, net: Net): Promise<string[]>;
}

/** The receivers every attack shares: the attacker's canary, the victim's own token endpoint. */
export interface Net {
  readonly canary: AlertReceiver;
  readonly endpoint: FakeTokenEndpoint;
}

interface Victim {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly creds: string;
  readonly login: { access: string; refresh: string };
  path(...p: string[]): string;
}

/** A victim with a Claude Code login (not due unless `due`) and, optionally, settings of their own. */
async function victim(
  lab: AttackLab,
  net: Net,
  name: string,
  opts: { due?: boolean; settings?: object; extraEnv?: Record<string, string> } = {},
): Promise<Victim> {
  const home = await lab.victimHome(name);
  const v = lab.victim;
  const login = { access: access(`v-${name}`), refresh: refresh(`v-${name}`) };
  net.endpoint.issue(login.refresh);
  const creds = await lab.writeAs(
    v,
    join(home, '.claude', '.credentials.json'),
    JSON.stringify(
      claudeCredentials({ ...login, expiresAt: Date.now() + (opts.due ? 10 * 60_000 : 6 * HOUR) }),
    ),
  );
  if (opts.settings)
    await lab.writeAs(v, join(home, '.config', 'clawkeeper', 'settings.json'), JSON.stringify(opts.settings));
  return {
    home,
    creds,
    login,
    env: lab.env(home, {
      CLAWKEEPER_TOKEN_URL: net.endpoint.url,
      CLAWKEEPER_API_BASE: net.endpoint.url.replace(/\/v1\/oauth\/token$/, ''),
      ...opts.extraEnv,
    }),
    path: (...p) => join(home, ...p),
  };
}

/** Collects failed checks. */
class Checks {
  readonly failed: string[] = [];
  ok(cond: boolean, what: string): void {
    if (!cond) this.failed.push(what);
  }
  noCrash(r: CliResult, what: string): void {
    this.ok(
      r.code !== 70 && !/\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr),
      `${what} ended without a crash (exit ${r.code}: ${r.stderr.slice(0, 300)})`,
    );
  }
}

async function doctorSays(lab: AttackLab, v: Victim, pattern: RegExp): Promise<boolean> {
  const r = await lab.asVictim(['doctor', '--json'], v.env);
  try {
    const findings = (
      JSON.parse(r.stdout) as { findings: Array<{ check: string; message: string; hint: string }> }
    ).findings;
    return findings.some((f) => pattern.test(`${f.check} ${f.message} ${f.hint}`));
  } catch {
    return false;
  }
}

const contains = async (path: string, text: string) =>
  (await readFile(path, 'utf8').catch(() => '')).includes(text);

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

const settingsPath = (v: Victim) => v.path('.config', 'clawkeeper', 'settings.json');

const settingsAttacks: Attack[] = [
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

const dataDir = (v: Victim) => v.path('.local', 'state', 'clawkeeper');

const journalAttacks: Attack[] = [
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

const logAttacks: Attack[] = [
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

const programAttacks: Attack[] = [
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

const linkAttacks: Attack[] = [
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

// ---------------------------------------------------------------------------------------------
// 6. The ssh control folder: a fake control master waits where the victim's ssh would look

const FAKE_MASTER = `
const net = require('node:net'); const fs = require('node:fs');
const [sock, log] = process.argv.slice(1);
const s = net.createServer((c) => { fs.appendFileSync(log, 'connected\\n'); c.on('data', () => fs.appendFileSync(log, 'data\\n')); });
s.listen(sock, () => { fs.chmodSync(sock, 0o777); process.stdout.write('ready\\n'); });
`;

/** The socket path the victim's ssh would use in `dir` (`%C` as ssh computes it). */
function socketIn(dir: string, dest: string): string {
  const r = spawnSync('ssh', ['-G', '-o', `ControlPath=${dir}/%C`, dest], { encoding: 'utf8' });
  const line = /^controlpath (.+)$/m.exec(r.stdout);
  if (!line?.[1]) throw new Error(`ssh -G: ${r.stderr}`);
  return line[1];
}

async function sshAttack(
  lab: AttackLab,
  net: Net,
  tag: string,
  plant: (v: Victim, dest: string) => Promise<{ masterDir: string; env?: Record<string, string> }>,
  opts: { root?: boolean } = {},
): Promise<string[]> {
  const c = new Checks();
  // a data folder too long for a socket path, so the old code fell back to the shared temp folder
  const longState = join('/', 'var', 'lib', `${'s'.repeat(40)}-${tag}`);
  const v = await victim(lab, net, `ssh-${tag}`);
  const owner = opts.root ? 'root' : lab.victim;
  if (opts.root) spawnSync('chown', ['-R', '0:0', v.home]);
  const dest = `ssh://${opts.root ? 'root' : lab.victim.name}@127.0.0.1:9`;
  const planted = await plant(v, dest);
  const sock = socketIn(planted.masterDir, dest);
  const log = join(lab.canaries, `master-${tag}`);
  await writeLog(log);
  const master = lab.spawnAsAttacker(['-e', FAKE_MASTER, sock, log]);
  await new Promise<void>((resolve) => {
    master.stdout?.on('data', () => resolve());
    setTimeout(resolve, 3000);
  });
  await lab.writeAs(
    owner,
    settingsPath(v),
    JSON.stringify({ hosts: [{ name: 'vps', destination: dest }] }),
    0o600,
  );
  await lab.mkdirAs('root', longState, 0o755);
  if (!opts.root) await chown(longState, lab.victim.uid, lab.victim.gid);
  const env = { ...v.env, CLAWKEEPER_DATA_DIR: join(longState, 'data'), TMPDIR: lab.shared, ...planted.env };
  // as root: the paste that sends a setup-token through the shared connection
  const setupToken = access(`setup-${tag}`);
  try {
    const r = opts.root
      ? await lab.asRoot(['paste-token', '--host', 'vps', '--no-reload'], env, setupToken + '\n', 90_000)
      : await lab.asVictim(['host', 'status', 'vps'], env, '', 90_000);
    if (process.env.CK_ATTACK_DEBUG)
      process.stderr.write(`ssh scenario: ${r.code}\n${r.stdout}\n${r.stderr}\n`);
    c.noCrash(r, opts.root ? 'paste-token --host' : 'host status');
    c.ok(!/EPERM|unexpected error/.test(r.stderr + r.stdout), 'no unexpected error');
  } finally {
    master.kill('SIGKILL');
    await rm(longState, { recursive: true, force: true });
  }
  c.ok((await readFile(log, 'utf8')).trim() === '', "the victim's ssh never talked to the attacker's socket");
  return c.failed;
}

async function writeLog(path: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, '', { mode: 0o666 });
  await chmod(path, 0o666);
}

async function runtimeDir(lab: AttackLab, v: Victim, owner: LabUser, mode: number): Promise<string> {
  const dir = v.path('run');
  await lab.mkdirAs(owner, dir, mode);
  return dir;
}

const sshAttacks: Attack[] = [
  {
    boundary: 'ssh control folder',
    kind: 'pre-created by them',
    name: 'root pastes a setup-token to a host; the attacker made the predictable folder and waits in it',
    run: (lab, net) =>
      sshAttack(
        lab,
        net,
        'root',
        async () => {
          const dir = join(lab.shared, 'clawkeeper-ssh-0');
          await rm(dir, { recursive: true, force: true });
          await lab.mkdirAs(lab.attacker, dir, 0o777);
          return { masterDir: dir };
        },
        { root: true },
      ),
  },
  {
    boundary: 'ssh control folder',
    kind: 'owned by another user',
    name: 'XDG_RUNTIME_DIR belongs to the attacker, who waits in its clawkeeper-ssh',
    run: (lab, net) =>
      sshAttack(lab, net, 'own', async (v) => {
        const run = await runtimeDir(lab, v, lab.attacker, 0o777);
        await lab.mkdirAs(lab.attacker, join(run, 'clawkeeper-ssh'), 0o777);
        return { masterDir: join(run, 'clawkeeper-ssh'), env: { XDG_RUNTIME_DIR: run } };
      }),
  },
  {
    boundary: 'ssh control folder',
    kind: 'group/world-writable',
    name: "the victim's clawkeeper-ssh is 0777 and holds the attacker's socket",
    run: (lab, net) =>
      sshAttack(lab, net, 'ww', async (v) => {
        const run = await runtimeDir(lab, v, lab.victim, 0o700);
        await lab.mkdirAs(lab.victim, join(run, 'clawkeeper-ssh'), 0o777);
        // the attacker could enter while it was open: give their fake master a way in
        await chmod(run, 0o711);
        return { masterDir: join(run, 'clawkeeper-ssh'), env: { XDG_RUNTIME_DIR: run } };
      }),
  },
  {
    boundary: 'ssh control folder',
    kind: 'symlink to theirs',
    name: "clawkeeper-ssh is a link to the attacker's folder",
    run: (lab, net) =>
      sshAttack(lab, net, 'link', async (v) => {
        const run = await runtimeDir(lab, v, lab.victim, 0o700);
        const theirs = join(lab.attackerHome, 'ssh-link');
        await lab.mkdirAs(lab.attacker, theirs, 0o777);
        await lab.symlinkAs(lab.victim, theirs, join(run, 'clawkeeper-ssh'));
        return { masterDir: theirs, env: { XDG_RUNTIME_DIR: run } };
      }),
  },
  {
    boundary: 'ssh control folder',
    kind: 'loose parent folder',
    name: 'XDG_RUNTIME_DIR is 0777, the attacker made clawkeeper-ssh in it',
    run: (lab, net) =>
      sshAttack(lab, net, 'loose', async (v) => {
        const run = await runtimeDir(lab, v, lab.victim, 0o777);
        await lab.mkdirAs(lab.attacker, join(run, 'clawkeeper-ssh'), 0o777);
        return { masterDir: join(run, 'clawkeeper-ssh'), env: { XDG_RUNTIME_DIR: run } };
      }),
  },
  {
    boundary: 'ssh control folder',
    kind: 'pre-created by them',
    name: 'the predictable folder in the shared temp folder was made by the attacker',
    run: (lab, net) =>
      sshAttack(lab, net, 'pre', async () => {
        // the attacker is first to the predictable name (earlier scenarios may have made it)
        const dir = join(lab.shared, `clawkeeper-ssh-${lab.victim.uid}`);
        await rm(dir, { recursive: true, force: true });
        await lab.mkdirAs(lab.attacker, dir, 0o777);
        return { masterDir: dir };
      }),
  },
];

// ---------------------------------------------------------------------------------------------
// 7. Claude Code's store left to root by `sudo claude`: the refresh token must not be spent

const storeAttacks: Attack[] = [
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

const envAttacks: Attack[] = Object.keys(SECRETS).map((name) => ({
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

const echoAttacks: Attack[] = [
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

// ---------------------------------------------------------------------------------------------
// 9. What cannot be planted but still hurt: a removed state folder, hostile text, deep nesting

const robustAttacks: Attack[] = [
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

export const ATTACKS: readonly Attack[] = [
  ...settingsAttacks,
  ...journalAttacks,
  ...logAttacks,
  ...programAttacks,
  ...linkAttacks,
  ...sshAttacks,
  ...storeAttacks,
  ...envAttacks,
  ...echoAttacks,
  ...robustAttacks,
];

/** Made once per suite: a folder of progs the settings scenarios name (root's, fine). */
export async function prepare(lab: AttackLab): Promise<void> {
  await mkdir(join(lab.base, 'progs'), { mode: 0o755 });
}

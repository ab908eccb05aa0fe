/** What every attack of the trust suite shares: the victim's set-up, the checks, the receivers. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertReceiver } from '../../../fakes/alert-receiver.ts';
import type { FakeTokenEndpoint } from '../../../fakes/fake-token-endpoint.ts';
import type { AttackLab } from '../../../helpers/attack-lab.ts';
import { access, claudeCredentials, HOUR, refresh } from '../../../helpers/fixture-home.ts';
import type { CliResult } from '../../../helpers/run-cli.ts';

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

export interface Victim {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly creds: string;
  readonly login: { access: string; refresh: string };
  path(...p: string[]): string;
}

/** A victim with a Claude Code login (not due unless `due`) and, optionally, settings of their own. */
export async function victim(
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
export class Checks {
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

export async function doctorSays(lab: AttackLab, v: Victim, pattern: RegExp): Promise<boolean> {
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

export const contains = async (path: string, text: string) =>
  (await readFile(path, 'utf8').catch(() => '')).includes(text);

export const settingsPath = (v: Victim) => v.path('.config', 'clawkeeper', 'settings.json');

export const dataDir = (v: Victim) => v.path('.local', 'state', 'clawkeeper');

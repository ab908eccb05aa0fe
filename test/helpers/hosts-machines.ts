import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { remoteBin } from '../fakes/remote-bin.ts';
import { access, claudeCredentials, DAY, FixtureHome, HOUR, refresh } from './fixture-home.ts';
import type { HostPart, HostsReport, HostsSummary } from '../../main/core/hosts/host-report.ts';

/** Named scenarios for the hosts suites: a remote machine and this machine. */
export const SETUP = access('remote-setup-token');

/** A remote machine: its HOME (an OpenClaw JSON install, optionally a Claude login) and its PATH. */
export async function remoteMachine(o: {
  clawkeeper: boolean;
  openclaw: boolean;
  tokenExpires?: number | null;
}) {
  const home = await FixtureHome.create();
  const now = Date.now();
  await home.config({
    agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } },
    auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } },
    meta: { lastTouchedVersion: '2026.6.1' },
  });
  const expires = o.tokenExpires === undefined ? now + 200 * DAY : o.tokenExpires;
  await home.profiles('main', {
    version: 1,
    profiles: {
      'anthropic:manual': {
        type: 'token',
        provider: 'anthropic',
        token: access('remote-old'),
        ...(expires === null ? {} : { expires }),
      },
    },
  });
  const snapshot = home.path('ps-snapshot.txt');
  const bin = await remoteBin(home.path('bin'), { ...o, snapshotFile: snapshot });
  return { home, bin, snapshot };
}

export async function localMachine() {
  const h = await FixtureHome.create();
  await h.claude(
    claudeCredentials({
      access: access('local'),
      refresh: refresh('local'),
      expiresAt: Date.now() + 6 * HOUR,
    }),
  );
  return h;
}

/** The JSON lines of `host status --json` (one per host, then the summary) folded into one report. */
export function hostsJson(stdout: string): HostsReport & { summary: HostsSummary } {
  const lines = stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { schema: string } & Record<string, unknown>);
  const summary = lines.at(-1) as unknown as HostsSummary & { schema: string };
  if (summary?.schema !== 'clawkeeper.host-summary/1')
    throw new Error(`no summary line: ${stdout.slice(0, 400)}`);
  const parts = lines.slice(0, -1) as unknown as (HostPart & { schema: string })[];
  for (const p of parts)
    if (p.schema !== 'clawkeeper.host-status/1') throw new Error(`a line without its schema`);
  const rank = (n: string) => summary.hosts.findIndex((h) => h.name === n);
  const ordered = [...parts].sort((a, b) => rank(a.summary.name) - rank(b.summary.name));
  return {
    schema: 'clawkeeper.status/1',
    generatedAt: summary.generatedAt,
    worst: summary.worst,
    exitCode: summary.exitCode,
    hosts: ordered.map((p) => p.summary),
    credentials: ordered.flatMap((p) => p.credentials),
    findings: ordered.flatMap((p) => p.findings),
    installs: ordered.flatMap((p) => p.installs),
    routes: ordered.flatMap((p) => p.routes ?? []),
    notes: [...summary.notes, ...ordered.flatMap((p) => p.notes)],
    summary,
  };
}

/** Every file under a folder, as text (logs). */
export function allText(dir: string): string {
  if (!existsSync(dir)) return '';
  let out = '';
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out += readFileSync(join(e.parentPath, e.name), 'utf8');
  return out;
}

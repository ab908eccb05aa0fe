/**
 * The trust boundary on this machine: which of Clawkeeper's inputs and outputs another
 * user could change, checked with the one rule (`core/kernel/trust.ts`) and turned into findings
 * for `status`, `doctor`, the tray and the alerts. The checks that stop a use are in the places
 * that use things (the settings loader, the private data folder, the process runner, the file
 * writer); this module says what they stopped and how to fix it.
 */
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { storeRowId } from '../core/resolution/resolve-routes.ts';
import { profileCredentialId } from '../core/resolution/route.ts';
import { parseSshCommand } from '../adapters/ssh/ssh-command.ts';
import type { Inventory } from '../core/discovery/inventory.ts';
import { openClawStateDirs, settingsPath } from '../core/kernel/paths.ts';
import { ClaudeLoginStore, keepFix } from '../core/discovery/claude-login-store.ts';
import type { TrustProblem, TrustVerdict } from '../core/kernel/trust.ts';
import { movedAsideFindings, type DataFolderTrust } from './data-folder.ts';
import { trustFindings, type TrustIssue } from '../core/health/trust-findings.ts';
import type { Finding } from '../core/health/report.ts';
import type { Settings } from '../core/settings/settings.ts';
import type { Environment } from '../ports/environment.ts';
import type { Files, WritableFiles } from '../ports/files.ts';
import type { ProcessRunner } from '../ports/process-runner.ts';
import type { PathTrust } from '../ports/trust.ts';

/** Programs the settings (or Clawkeeper's variables) name, with what stops when one is refused. */
function namedPrograms(
  settings: Settings,
  env: Environment,
): Array<{ what: string; argv0: string; consequence: string }> {
  const out: Array<{ what: string; argv0: string; consequence: string }> = [];
  const name = (p: string) => `\`${basename(p)}\``;
  for (const c of settings.alerts.channels)
    if (c.type === 'command' && c.command[0])
      out.push({
        what: `the alert command ${name(c.command[0])}`,
        argv0: c.command[0],
        consequence: 'That alert channel is not run: nothing is delivered through it.',
      });
  const claude = settings.refresh.claudeCliCommand[0];
  if (settings.refresh.strategy === 'claude-cli' && claude)
    out.push({
      what: `refresh.claudeCliCommand ${name(claude)}`,
      argv0: claude,
      consequence: 'Clawkeeper does not run it, so the login is not refreshed this way.',
    });
  const oc = settings.openclaw.bin ?? (env.vars.CLAWKEEPER_OPENCLAW_BIN || null);
  if (oc)
    out.push({
      what: `the openclaw program ${oc}`,
      argv0: oc,
      consequence:
        'Clawkeeper does not run it: SQLite stores are not read through it, pasted into or reloaded.',
    });
  const reload = settings.sync.reloadCommand[0];
  if (settings.sync.reload === 'command' && reload)
    out.push({
      what: `sync.reloadCommand ${name(reload)}`,
      argv0: reload,
      consequence: 'The gateway is not reloaded after a sync.',
    });
  const hosts = (settings as { hosts?: unknown }).hosts;
  if (Array.isArray(hosts) && hosts.length > 0) {
    let ssh: string | undefined;
    try {
      ssh = env.vars.CLAWKEEPER_SSH
        ? parseSshCommand(env.vars.CLAWKEEPER_SSH, env.vars)[0]
        : ((settings as { ssh?: { command?: unknown } }).ssh?.command as string[] | null | undefined)?.[0];
    } catch {
      ssh = undefined;
    }
    if (ssh && ssh !== 'ssh')
      out.push({
        what: `the ssh program ${ssh}`,
        argv0: ssh,
        consequence: 'No remote host is contacted.',
      });
  }
  return out;
}

/** Every problem of a verdict: the first, and the looser modes of the user's own found with it. */
function problemsOf(v: TrustVerdict): TrustProblem[] {
  return v.trusted ? [] : [v.problem, ...(v.also ?? [])];
}

export interface TrustDeps {
  readonly env: Environment;
  readonly trust: PathTrust;
  readonly runner: ProcessRunner;
  readonly data: DataFolderTrust;
  readonly dataDir: string;
  readonly writer: { readonly files: WritableFiles };
}

/** The credential ids an agent's JSON store stands for (its profiles, or its row when unreadable). */
function storeCredentials(inv: Inventory): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of inv.installs)
    for (const a of i.agents) {
      if (a.origin !== 'json') continue;
      const ids =
        a.profiles.status === 'ok'
          ? Object.keys(a.profiles.value.profiles ?? {}).map((p) =>
              profileCredentialId(i.label, a.agentId, p),
            )
          : [storeRowId(i.label, a.agentId, a.origin)];
      out.set(a.profiles.path, ids);
    }
  return out;
}

/** Files Clawkeeper may write a token, a fix or a restore into, from what discovery found and the links. */
function receivingFiles(inv: Inventory, settings: Settings): string[] {
  const out = new Set<string>();
  for (const i of inv.installs) {
    if (i.config.status !== 'missing') out.add(i.configPath);
    if (i.legacyOauth.status !== 'missing') out.add(i.legacyOauth.path);
    for (const a of i.agents)
      if (a.origin === 'json' && a.profiles.status !== 'missing') out.add(a.profiles.path);
  }
  for (const l of settings.sync.links) if ('file' in l) out.add(l.file);
  return [...out];
}

/** Every trust issue now, for the settings in effect. */
export async function trustIssues(
  d: TrustDeps,
  settings: Settings,
  inv: Inventory | null,
): Promise<TrustIssue[]> {
  const issues: TrustIssue[] = [];
  if (d.trust.uid === null) return issues;
  const path = settingsPath(d.env);
  for (const problem of problemsOf(await d.trust.check(path, 'file')))
    issues.push({
      part: 'settings',
      what: `the settings file ${path}`,
      problem,
      consequence:
        'Its settings that run a program or decide where tokens go (URLs, paths, links, hosts, commands, extra state folders) are ignored; the defaults apply.',
    });
  if (d.data.refused)
    issues.push({
      part: 'data-folder',
      what: `Clawkeeper's data folder ${resolve(d.dataDir)}`,
      problem: d.data.refused,
      consequence:
        "Nothing in it is read or written: no refresh journal (a refresh still lands in Claude Code's store, without the journal's crash safety), no backups (so no fixes or syncs), no login lineage, alert memory or log.",
    });
  for (const p of namedPrograms(settings, d.env)) {
    const file = isAbsolute(p.argv0)
      ? p.argv0
      : /[\\/]/.test(p.argv0)
        ? resolve(p.argv0)
        : await d.runner.which(p.argv0, d.env.vars.PATH);
    if (file === null) continue;
    for (const problem of problemsOf(await d.trust.check(file, 'program')))
      issues.push({ part: 'program', what: p.what, problem, consequence: p.consequence });
  }
  if (inv) {
    const anchors = openClawStateDirs(d.env, settings.openclaw.extraStateDirs).map((c) => c.stateDir);
    // one look at each folder for all the stores (1,000 agents share most of their path)
    const receiver = receiverCheck(d.trust.batch?.() ?? d.trust, d.writer.files, () => anchors, true);
    const stores = storeCredentials(inv);
    for (const file of receivingFiles(inv, settings)) {
      const problem = await receiver(file);
      const held = stores.get(file) ?? [];
      if (problem)
        issues.push({
          part: 'link-target',
          what: file,
          problem,
          // an agent's store: what no gateway sends makes it advice (the resolution model)
          ...(held.length ? { credentials: held } : {}),
          consequence:
            'Clawkeeper does not write it: no token copy, fix or restore lands there, since another user could take or redirect it.',
        });
    }
  }
  return issues;
}

/** A Claude Code store the user cannot replace with its owner: refreshing it would log Claude Code out. */
async function claudeStoreFinding(d: TrustDeps, inv: Inventory, settings: Settings): Promise<Finding | null> {
  if (settings.refresh.strategy !== 'peer') return null;
  const c = inv.claude.find((x) => x.primary && x.source === 'file' && x.read.status === 'ok');
  if (!c) return null;
  const store = new ClaudeLoginStore(c, {
    files: d.writer.files,
    keychain: null,
    env: d.env,
  });
  const why = await store.cannotKeep().catch(() => null);
  if (!why) return null;
  return {
    check: 'claude-store-not-replaceable',
    severity: 'error',
    message: `Clawkeeper will not refresh Claude Code's login: ${why}`,
    impact:
      "Clawkeeper's own decision, not the token endpoint's: a refresh would spend the refresh token and the new one could not be saved where Claude Code reads it, so Claude Code would be logged out at its next refresh.",
    hint: keepFix(c.location, d.env.user),
    files: [c.location],
    credentials: ['claude-code'],
  };
}

/** The trust findings for the verdict (`VerdictDeps.trust`). */
export function trustFindingsFor(
  d: TrustDeps,
): (inv: Inventory, settings: Settings) => Promise<readonly Finding[]> {
  return async (inv, settings) => {
    const found = trustFindings(await trustIssues(d, settings, inv), d.trust.uid);
    const store = await claudeStoreFinding(d, inv, settings);
    return [...found, ...(store ? [store] : []), ...(await movedAsideFindings(d.data, d.dataDir))];
  };
}

/**
 * The rule for a file about to receive a token, a fix or a restore (`NodeWritableFiles`): the
 * walk from `/` accepts the user, root, and the owner of the OpenClaw state folder the file is in
 * (else of its own folder): the gateway's user on a bind mount, who is who the copy is for. Any
 * other user's link or folder on the way, or a folder others can change, refuses it.
 */
export function receiverCheck(
  trust: PathTrust,
  files: Files,
  anchors: () => readonly string[],
  /** one report's checks: each state folder's owner looked up once (the writer's check looks each time) */
  memo = false,
): (path: string) => Promise<TrustProblem | null> {
  const owners = new Map<string, number | null>();
  return async (path) => {
    if (trust.uid === null) return null;
    const abs = resolve(path);
    const anchor =
      anchors()
        .map((a) => resolve(a))
        .filter((a) => abs.startsWith(a + sep))
        .sort((a, b) => b.length - a.length)[0] ?? dirname(abs);
    let owner = memo ? owners.get(anchor) : undefined;
    if (owner === undefined) owner = (await files.stat(anchor).catch(() => null))?.uid ?? null;
    if (memo) owners.set(anchor, owner);
    // as root a replacement keeps any owner (a bind mount's uid 1000); a user could not give it
    // another user's ownership anyway, so such a file is refused up front, with the reason
    const v = await trust.check(abs, 'file', { alsoOwner: owner, anyFileOwner: trust.uid === 0 });
    return v.trusted ? null : v.problem;
  };
}

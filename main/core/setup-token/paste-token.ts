import { join } from 'node:path';
import type { Clock } from '../../ports/clock.ts';
import type { Http } from '../../ports/http.ts';
import type { Vault } from '../../ports/keychain.ts';
import type { OpenClawCli } from '../../ports/openclaw.ts';
import { discover, type DiscoveryDeps } from '../discovery/discovery.ts';
import { AppError, toAppError } from '../kernel/errors.ts';
import type { OpenClawInstall } from '../discovery/inventory.ts';
import type { JsonUpdateDeps } from '../writes/update-text-file.ts';
import { child, editOpenClawFile, reconcileConfigProfile } from '../writes/openclaw-writes.ts';
import { withCredential } from '../formats/auth-profiles.ts';
import { recordSetupToken } from './setup-token-record.ts';
import type { PasteRequest, PasteResult, PasteTarget } from '../contracts.ts';
import { expiresInArg, intakeToken } from './validate-token.ts';
import type { Secret } from '../kernel/secret.ts';
import { verifyToken } from './verify-token.ts';

const DAY = 86_400_000;
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;
const SAFE_AGENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface PasteDeps {
  readonly discovery: DiscoveryDeps;
  readonly writer: JsonUpdateDeps;
  readonly openclaw: OpenClawCli;
  /** null when no OS keychain is available */
  readonly vault: Vault | null;
  readonly http: Http;
  readonly clock: Clock;
  readonly dataDir: string;
  readonly apiBase: string;
  readonly apiTimeoutMs: number;
}

/**
 * Agents a write may name: `main`, those discovery found, and those the config declares. A typo
 * must not create a new agent folder that holds the token and that no gateway reads.
 */
export function knownAgents(install: OpenClawInstall): string[] {
  const configured =
    install.config.status === 'ok' ? (install.config.value.agents?.list ?? []).map((a) => a.id) : [];
  return [...new Set(['main', ...install.agents.map((a) => a.agentId), ...configured])];
}

export function refuseUnknownAgents(install: OpenClawInstall, asked: readonly string[]): void {
  const known = knownAgents(install);
  const unknown = asked.filter((a) => !known.includes(a));
  if (unknown.length > 0)
    throw new AppError(
      'not-found',
      `no agent ${unknown.map((a) => `"${a}"`).join(', ')} in ${install.label} (${install.stateDir}); known agents: ${known.join(', ')}`,
    );
}

/** Stores a setup-token (or, on request, an API key) where each OpenClaw generation reads it. */
export class PasteTokenService {
  constructor(private readonly d: PasteDeps) {}

  /** Validates, optionally verifies, writes every target, keeps a vault copy; throws AppError when refused. */
  async paste(req: PasteRequest): Promise<PasteResult> {
    const asApiKey = req.asApiKey ?? false;
    const { verdict, token } = intakeToken(req.token.reveal(), { asApiKey });
    if (!token) throw new AppError('invalid-argument', verdict.message);
    const profileId = req.profileId ?? 'anthropic:manual';
    if (!SAFE_ID.test(profileId))
      throw new AppError('invalid-argument', 'the profile id may hold letters, digits and _ . : @ - only');
    for (const a of req.agents ?? [])
      if (!SAFE_AGENT.test(a))
        throw new AppError('invalid-argument', 'an agent id may hold letters, digits and _ . - only');
    const notes: string[] = verdict.repaired ? ['Spaces and line breaks inside the paste were removed.'] : [];

    let verify: PasteResult['verify'] = null;
    if (req.verify) {
      verify = await verifyToken(this.d.http, this.d.apiBase, token, {
        asApiKey,
        timeoutMs: this.d.apiTimeoutMs,
      });
      if (verify === 'invalid-bearer')
        throw new AppError(
          'invalid-argument',
          `Anthropic rejected this ${asApiKey ? 'API key' : 'token'} (401); nothing was stored. Run \`claude setup-token\` again and paste the new token`,
        );
      if (verify === 'network-error')
        notes.push(`Could not verify the token with ${this.d.apiBase} (no clear answer); stored it anyway.`);
    }

    const inv = await discover(this.d.discovery);
    const install = req.install ? inv.installs.find((i) => i.label === req.install) : inv.installs[0];
    if (!install)
      throw new AppError(
        'not-found',
        req.install
          ? `no OpenClaw install "${req.install}" here (found: ${inv.installs.map((i) => i.label).join(', ') || 'none'})`
          : 'no OpenClaw install found (looked at $OPENCLAW_STATE_DIR or ~/.openclaw, ~/.clawdbot, ~/.moltbot); install OpenClaw or set OPENCLAW_STATE_DIR',
      );
    refuseUnknownAgents(install, req.agents ?? []);
    const days = req.expiresInDays === undefined ? 365 : req.expiresInDays;
    const now = this.d.clock.now();
    const expiresAt = asApiKey || days === null ? null : now + Math.round(days * DAY);
    const targets = install.generation.startsWith('sqlite')
      ? await this.viaCli(install, req.agents ?? null, profileId, token, days, asApiKey)
      : await this.viaFiles(install, req.agents ?? null, profileId, token, expiresAt, asApiKey, notes);

    let vault: PasteResult['vault'] = 'unavailable';
    if (this.d.vault) {
      try {
        await this.d.vault.set(`setup-token:${profileId}`, token.reveal());
        vault = 'stored';
      } catch (e: unknown) {
        notes.push(`No copy in the OS keychain: ${toAppError(e).message}.`);
      }
    } else notes.push('No OS keychain is available: Clawkeeper keeps no copy of the token.');
    const record = await recordSetupToken(this.d.writer.files, this.d.dataDir, {
      profileId,
      kind: asApiKey ? 'api_key' : 'token',
      fingerprint: token.fingerprint,
      masked: token.masked,
      storedAt: now,
      expiresAt,
      vault: vault === 'stored' ? `Clawkeeper/setup-token:${profileId}` : null,
      targets: targets.map((t) => ({ install: t.install, agent: t.agent, location: t.location, via: t.via })),
    });
    notes.push(`Metadata (fingerprint, expiry, targets; no token) recorded in ${record}.`);
    notes.push(
      'A running gateway keeps its old snapshot: run `openclaw secrets reload` (or `openclaw gateway restart`).',
    );
    return { fingerprint: token.fingerprint, masked: token.masked, expiresAt, targets, vault, verify, notes };
  }

  private async viaFiles(
    install: OpenClawInstall,
    agents: readonly string[] | null,
    profileId: string,
    token: Secret,
    expiresAt: number | null,
    asApiKey: boolean,
    notes: string[],
  ): Promise<PasteTarget[]> {
    const ids = agents ?? (install.agents.length ? install.agents.map((a) => a.agentId) : ['main']);
    const plan = ids.map((id) => {
      const dir =
        install.agents.find((a) => a.agentId === id)?.dir ?? join(install.stateDir, 'agents', id, 'agent');
      return { id, dir, path: join(dir, 'auth-profiles.json') };
    });
    // Refuse before writing anything when one of the stores cannot be parsed.
    for (const p of plan) {
      const a = install.agents.find((x) => x.agentId === p.id);
      if (a?.profiles.status === 'unreadable')
        throw new AppError(
          'unreadable',
          `${p.path} could not be parsed (${a.profiles.error}); nothing was changed`,
        );
    }
    const type = asApiKey ? 'api_key' : 'token';
    const out: PasteTarget[] = [];
    for (const p of plan) {
      await this.d.writer.files.mkdirp(p.dir, 0o700);
      const r = await editOpenClawFile(
        this.d.writer,
        p.path,
        (doc) => {
          const profiles = child(doc, 'profiles', true)!;
          const old = child(profiles, profileId) ?? {};
          profiles[profileId] = withCredential(
            old,
            asApiKey
              ? { type: 'api_key', key: token.reveal() }
              : { type: 'token', token: token.reveal(), expires: expiresAt },
            'anthropic',
          );
          return true;
        },
        {
          reason: `paste-token ${profileId}`,
          kind: 'profiles',
          initial: () => ({ version: 1, profiles: {} }),
        },
      );
      out.push({
        install: install.label,
        agent: p.id,
        profileId,
        location: p.path,
        via: 'file',
        backupId: r.changed ? r.backupId : null,
        configChanged: false,
      });
    }
    const config = await reconcileConfigProfile(this.d.writer, install, profileId, type, notes);
    return out.map((t, i) => (i === 0 && config ? { ...t, configChanged: true } : t));
  }

  private async viaCli(
    install: OpenClawInstall,
    agents: readonly string[] | null,
    profileId: string,
    token: Secret,
    days: number | null,
    asApiKey: boolean,
  ): Promise<PasteTarget[]> {
    if (asApiKey)
      throw new AppError(
        'invalid-argument',
        `OpenClaw ${install.version ?? '2026.6.5+'} keeps credentials in SQLite, and its paste-token stores tokens only: add an API key with OpenClaw's own \`openclaw models auth\` commands`,
      );
    // The shared store (2026.8+) serves every agent: one call without --agent covers them all.
    const calls: ReadonlyArray<string | null> =
      agents ?? (install.generation === 'sqlite-shared' ? [null] : install.agents.map((a) => a.agentId));
    const configText = await this.d.writer.files.readText(install.configPath);
    const backup =
      configText === null
        ? null
        : await this.d.writer.backups.save(
            install.configPath,
            configText,
            `paste-token ${profileId} (openclaw CLI)`,
          );
    const out: PasteTarget[] = [];
    for (const agentId of calls) {
      const r = await this.d.openclaw.pasteToken({
        stateDir: install.stateDir,
        configPath: install.configPath,
        agentId,
        profileId,
        expiresIn: days === null ? null : expiresInArg(days),
        token,
      });
      if (!r.ok)
        throw new AppError(
          r.code === 'cli-missing' ? 'openclaw-cli-missing' : 'openclaw-cli-failed',
          r.error,
        );
      const agent = install.agents.find((a) => a.agentId === (agentId ?? 'main'));
      out.push({
        install: install.label,
        agent: agentId ?? 'all agents (shared store)',
        profileId,
        location:
          install.generation === 'sqlite-shared' || !agent
            ? (install.sharedDbPath ?? join(install.stateDir, 'state', 'openclaw.sqlite'))
            : join(agent.dir, 'openclaw-agent.sqlite'),
        via: 'openclaw-cli',
        backupId: out.length === 0 ? (backup?.id ?? null) : null,
        configChanged: true,
      });
    }
    return out;
  }
}

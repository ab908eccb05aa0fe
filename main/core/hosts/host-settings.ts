/**
 * Remote hosts in the settings file (`hosts`, `ssh`): names and ssh destinations only, no secrets.
 * Kept beside the other settings sections (the file is a loose object, so older versions keep
 * these keys untouched) and parsed here so the hosts feature owns its schema.
 */
import * as z from 'zod/mini';
import { AppError } from '../kernel/errors.ts';

/** `local` names this machine in reports, so a host cannot take it. */
export const LOCAL_HOST = 'local';
const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** an absolute remote path made of characters a shell never interprets */
const REMOTE_PATH = /^\/[A-Za-z0-9_@%+=:,./-]{0,250}$/;
/** a tag: `prod`, `eu-west`, `k8s.blue` */
const TAG = /^[a-z0-9][a-z0-9_.-]{0,31}$/;
/** docker/podman container names, compose services, pod and namespace names: never a leading `-` */
const EXEC_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A container or pod reached with its engine's exec instead of ssh (`host add --docker …`). */
export const ExecTargetSchema = z.object({
  engine: z.enum(['docker', 'compose', 'podman', 'kubectl']),
  target: z.string().check(z.regex(EXEC_NAME)),
  namespace: z._default(z.nullable(z.string().check(z.regex(EXEC_NAME))), null),
  container: z._default(z.nullable(z.string().check(z.regex(EXEC_NAME))), null),
  /** compose: the project folder on this machine (an absolute path; never starts with `-`) */
  projectDir: z._default(
    z.nullable(
      z.string().check(
        z.minLength(1),
        z.maxLength(1024),
        z.refine((p) => !CONTROL.test(p) && /^(\/|[A-Za-z]:[\\/])/.test(p), 'an absolute path'),
      ),
    ),
    null,
  ),
});

export const HostSchema = z.looseObject({
  name: z.string().check(z.regex(NAME)),
  destination: z.string().check(z.minLength(1), z.maxLength(255)),
  /** labels for picking hosts (`--tag prod`); every host command takes `--tag` */
  tags: z._default(z.array(z.string().check(z.regex(TAG))).check(z.maxLength(16)), []),
  /** reached with a container engine's exec instead of ssh; null: over ssh to `destination` */
  exec: z._default(z.nullable(ExecTargetSchema), null),
  /** remote `clawkeeper` when it is not on the non-interactive PATH */
  clawkeeperBin: z._default(z.nullable(z.string().check(z.regex(REMOTE_PATH))), null),
  /** remote `openclaw` when it is not on the non-interactive PATH */
  openclawBin: z._default(z.nullable(z.string().check(z.regex(REMOTE_PATH))), null),
  /**
   * keep a token copy of this machine's Claude login there (`host copy --keep`): the access
   * token only, re-sent by the tray app or `clawkeeper watch` after each refresh while this machine is awake
   */
  copyLogin: z._default(
    z.nullable(z.object({ agent: z.nullable(z.string()), profileId: z.nullable(z.string()) })),
    null,
  ),
});
export type Host = z.infer<typeof HostSchema>;

export const SshSettingsSchema = z.prefault(
  z.looseObject({
    /** the ssh program and options (`CLAWKEEPER_SSH` wins), as GIT_SSH_COMMAND for git */
    command: z._default(z.nullable(z.array(z.string()).check(z.minLength(1))), null),
    connectTimeoutSeconds: z._default(z.int().check(z.minimum(1), z.maximum(120)), 10),
    /** ControlMaster/ControlPersist connection reuse */
    reuse: z._default(z.boolean(), true),
    persistSeconds: z._default(z.int().check(z.minimum(1), z.maximum(3600)), 120),
    /** a whole remote call (ssh plus the remote command) never takes longer */
    commandTimeoutSeconds: z._default(z.int().check(z.minimum(5), z.maximum(600)), 60),
    /** at most this many remote calls at once (`host status` over a fleet, the tray, host copies) */
    parallel: z._default(z.int().check(z.minimum(1), z.maximum(64)), 8),
  }),
  {},
);
export type SshSettings = z.infer<typeof SshSettingsSchema>;

const HostsSchema = z._default(z.array(HostSchema), []);

export interface HostsConfig {
  readonly hosts: readonly Host[];
  readonly ssh: SshSettings;
  /** set when the `hosts` or `ssh` section is broken; the rest of the settings still apply */
  readonly problem: string | null;
}

/** Reads the hosts feature's sections out of the (loose) settings object. */
export function readHostsConfig(settings: Record<string, unknown>): HostsConfig {
  const hosts = HostsSchema.safeParse(settings['hosts']);
  const ssh = SshSettingsSchema.safeParse(settings['ssh']);
  const problems: string[] = [];
  if (!hosts.success)
    problems.push(`settings "hosts" is not valid (${hosts.error.issues[0]?.message ?? ''})`);
  if (!ssh.success) problems.push(`settings "ssh" is not valid (${ssh.error.issues[0]?.message ?? ''})`);
  return {
    hosts: hosts.success ? hosts.data : [],
    ssh: ssh.success ? ssh.data : SshSettingsSchema.parse(undefined),
    problem: problems.length ? problems.join('; ') : null,
  };
}

export function checkHostName(name: string): void {
  if (name === LOCAL_HOST)
    throw new AppError('invalid-argument', `"${LOCAL_HOST}" names this machine; choose another host name`);
  if (!NAME.test(name))
    throw new AppError(
      'invalid-argument',
      `host name "${name.slice(0, 40)}" must be 1-32 lowercase letters, digits or "-" (e.g. vps, home-server)`,
    );
}

export function checkTag(tag: string): void {
  if (!TAG.test(tag))
    throw new AppError(
      'invalid-argument',
      `tag "${tag.slice(0, 40)}" must be 1-32 lowercase letters, digits, _ . - (e.g. prod, eu-west)`,
    );
}

export function checkExecName(what: string, name: string): void {
  if (!EXEC_NAME.test(name))
    throw new AppError(
      'invalid-argument',
      `${what} "${name.slice(0, 40)}" must start with a letter or digit and hold only letters, digits, _ . -`,
    );
}

/** How this host was added (for hints that say to add it again with one more option). */
export function hostAddCommand(
  host: Pick<Host, 'name' | 'destination'> & Partial<Pick<Host, 'exec' | 'tags'>>,
): string {
  const e = host.exec ?? null;
  const how = !e
    ? host.destination
    : e.engine === 'compose'
      ? `--compose ${e.target}${e.projectDir ? ` --compose-dir '${e.projectDir}'` : ''}`
      : e.engine === 'kubectl'
        ? `--kubectl ${e.namespace ? `${e.namespace}/` : ''}${e.target}${e.container ? ` --kube-container ${e.container}` : ''}`
        : `--${e.engine} ${e.target}`;
  return `clawkeeper host add ${host.name} ${how}${(host.tags ?? []).map((t) => ` --tag ${t}`).join('')}`;
}

/** The hosts that carry every one of `tags` (all hosts for none). */
export function withTags(hosts: readonly Host[], tags: readonly string[]): Host[] {
  return hosts.filter((h) => tags.every((t) => h.tags.includes(t)));
}

export function checkRemotePath(what: string, path: string): void {
  if (!REMOTE_PATH.test(path))
    throw new AppError(
      'invalid-argument',
      `${what} must be an absolute path on the remote host made of letters, digits and _@%+=:,./- (e.g. /home/ada/.npm-global/bin/clawkeeper)`,
    );
}

/** Adds a host to the raw settings object (for `updateSettings`); refuses a duplicate name. */
export function addHostTo(raw: Record<string, unknown>, host: Host): void {
  const list = Array.isArray(raw['hosts']) ? (raw['hosts'] as unknown[]) : [];
  if (list.some((h) => (h as { name?: unknown } | null)?.name === host.name))
    throw new AppError(
      'invalid-argument',
      `a host named "${host.name}" exists; remove it first (clawkeeper host remove ${host.name})`,
    );
  raw['hosts'] = [...list, host];
}

/** Removes a host by name; false when there was none. */
export function removeHostFrom(raw: Record<string, unknown>, name: string): boolean {
  const list = Array.isArray(raw['hosts']) ? (raw['hosts'] as unknown[]) : [];
  const kept = list.filter((h) => (h as { name?: unknown } | null)?.name !== name);
  raw['hosts'] = kept;
  return kept.length !== list.length;
}

/** Sets or clears a host's `copyLogin` in the raw settings object; false when there is no such host. */
export function setCopyLogin(
  raw: Record<string, unknown>,
  name: string,
  copy: { agent: string | null; profileId: string | null } | null,
): boolean {
  const list = Array.isArray(raw['hosts']) ? (raw['hosts'] as Record<string, unknown>[]) : [];
  const h = list.find((x) => x?.['name'] === name);
  if (!h) return false;
  h['copyLogin'] = copy;
  return true;
}

export function findHost(config: HostsConfig, name: string): Host {
  const h = config.hosts.find((x) => x.name === name);
  if (!h)
    throw new AppError(
      'not-found',
      config.hosts.length
        ? `no host named "${name.slice(0, 40)}"; known hosts: ${config.hosts.map((x) => x.name).join(', ')}`
        : `no host named "${name.slice(0, 40)}"; add one with \`clawkeeper host add NAME user@server\``,
    );
  return h;
}

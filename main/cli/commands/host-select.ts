/**
 * Which hosts a `host` command acts on: one by NAME, or every host carrying each `--tag`, and the
 * output of several hosts printed host by host as each finishes (never interleaved).
 */
import { findHost, type Host, type HostsConfig } from '../../core/hosts/host-settings.ts';
import { hostsWithTags } from '../../core/hosts/host-tags.ts';
import { toAppError } from '../../core/kernel/errors.ts';
import { redact } from '../../core/kernel/redact.ts';
import { UsageError, type Io } from '../command.ts';

/** `--tag` as a repeatable parseArgs option. */
export const TAG_OPTION = { tag: { type: 'string', multiple: true } } as const;

/**
 * The hosts named by NAME or by `--tag` (each tag must match; a tag no host carries is a
 * `not-found` naming the known ones); a usage error for neither or both.
 */
export function selectHosts(
  config: HostsConfig,
  name: string | undefined,
  tags: readonly string[] | undefined,
  usage: string,
): Host[] {
  const t = tags ?? [];
  if (name !== undefined && t.length > 0) throw new UsageError(`${usage}: a NAME or --tag, not both`);
  if (name !== undefined) return [findHost(config, name)];
  if (t.length === 0) throw new UsageError(usage);
  return hostsWithTags(config.hosts, t);
}

/**
 * Runs `each` for every host (their remote calls share the pool) and prints each host's output
 * whole as soon as it is done. Exit code: the worst of them (any failure is 1).
 */
export async function eachHost(
  hosts: readonly Host[],
  io: Io,
  each: (host: Host, out: { write(s: string): void }) => Promise<number>,
): Promise<number> {
  if (hosts.length === 1 && hosts[0]) return each(hosts[0], io.stdout);
  const codes = await Promise.all(
    hosts.map(async (h) => {
      let text = '';
      const out = { write: (s: string) => void (text += s) };
      let code: number;
      try {
        code = await each(h, out);
      } catch (e: unknown) {
        const err = toAppError(e);
        if (err.code === 'internal') throw e;
        out.write(`clawkeeper: ${h.name}: ${redact(err.message)}\n`);
        code = 1;
      }
      io.stdout.write(`== ${h.name} ==\n${text}`);
      return code;
    }),
  );
  return codes.some((c) => c !== 0) ? 1 : 0;
}

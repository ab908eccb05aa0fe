/**
 * `clawkeeper host tag NAME | --tag T [--add T]… [--remove T]… [--json]`: changes the tags of a
 * host (or of every host carrying `--tag`) in place, keeping everything else about it; without
 * `--add`/`--remove` it shows them. `--add`/`--remove` rather than `+T`/`-T` words: a `-T` word
 * reads as an option to every parser and shell completion.
 */
import { parseArgs } from 'node:util';
import { readHostsConfig } from '../../core/hosts/host-settings.ts';
import { retag, setHostTags, type Retag } from '../../core/hosts/host-tags.ts';
import { settingsPath } from '../../core/kernel/paths.ts';
import { updateSettings } from '../../core/settings/settings.ts';
import { createAppContext } from '../../compose/context.ts';
import { NodeWritableFiles } from '../../adapters/node/node-writable-files.ts';
import { UsageError, type Io } from '../command.ts';
import { OUTPUT, writeJson } from '../json-output.ts';
import { selectHosts, TAG_OPTION } from './host-select.ts';

const USAGE = 'host tag NAME | --tag T [--add T]… [--remove T]… [--json]';

function line(r: Retag): string {
  const changes = [
    r.added.length ? `added ${r.added.join(', ')}` : '',
    r.removed.length ? `removed ${r.removed.join(', ')}` : '',
  ].filter(Boolean);
  return `${r.name}: ${r.tags.length ? r.tags.join(', ') : '(no tags)'}${changes.length ? ` (${changes.join('; ')})` : ''}\n`;
}

export async function hostTag(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      add: { type: 'string', multiple: true },
      remove: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      ...TAG_OPTION,
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new UsageError(USAGE);
  const add = values.add ?? [];
  const remove = values.remove ?? [];
  const ctx = await createAppContext(io.env);
  const config = readHostsConfig(ctx.loaded.settings);
  if (config.problem) io.stderr.write(`clawkeeper: ${config.problem}\n`);
  const picked = selectHosts(config, positionals[0], values.tag, USAGE);
  let changes = retag(picked, add, remove);
  if (changes.some((c) => c.added.length || c.removed.length)) {
    const names = new Set(picked.map((h) => h.name));
    await updateSettings(
      new NodeWritableFiles(),
      settingsPath(ctx.env),
      (raw) => {
        // computed again from the file as it is under the write: an edit made meanwhile is kept
        const now = readHostsConfig(raw).hosts.filter((h) => names.has(h.name));
        changes = retag(now, add, remove);
        for (const c of changes) setHostTags(raw, c.name, c.tags);
      },
      ctx.trust,
    );
  }
  if (values.json) {
    const tags = new Map(changes.map((c) => [c.name, c.tags]));
    writeJson(io, OUTPUT.hosts, {
      hosts: picked.filter((h) => tags.has(h.name)).map((h) => ({ ...h, tags: tags.get(h.name) ?? h.tags })),
    });
  } else for (const c of changes) io.stdout.write(line(c));
  return 0;
}

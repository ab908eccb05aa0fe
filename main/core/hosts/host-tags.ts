/**
 * Picking hosts by tag and changing a host's tags. Several `--tag`s narrow (a host must carry
 * every one): the commands that act on a selection include `remove` and `paste-token`, and a
 * selection that can only shrink as tags are added cannot surprise anyone. A tag no host carries
 * is an error that names the tags there are: a typo must never select nothing in silence.
 */
import { AppError } from '../kernel/errors.ts';
import { checkTag, type Host } from './host-settings.ts';

/** A host carries at most this many tags (the settings schema's limit). */
export const MAX_TAGS = 16;

/** Every tag some host carries, with how many hosts carry it, sorted by tag. */
export function knownTags(hosts: readonly Host[]): Array<{ tag: string; hosts: number }> {
  const count = new Map<string, number>();
  for (const h of hosts) for (const t of h.tags) count.set(t, (count.get(t) ?? 0) + 1);
  return [...count].sort(([a], [b]) => a.localeCompare(b)).map(([tag, n]) => ({ tag, hosts: n }));
}

function tagsSaid(hosts: readonly Host[]): string {
  const known = knownTags(hosts);
  return known.length
    ? `known tags: ${known.map((k) => `${k.tag} (${k.hosts})`).join(', ')}`
    : 'no host has a tag yet; tag one: clawkeeper host tag NAME --add TAG';
}

/**
 * The hosts carrying every one of `tags`, in the settings' order. Throws `not-found` when a tag is
 * carried by no host (naming the known tags), or when the tags exist but no host carries them all.
 */
export function hostsWithTags(hosts: readonly Host[], tags: readonly string[]): Host[] {
  const wanted = [...new Set(tags)];
  for (const t of wanted) checkTag(t);
  const carried = new Set(hosts.flatMap((h) => h.tags));
  const unknown = wanted.filter((t) => !carried.has(t));
  if (unknown.length)
    throw new AppError(
      'not-found',
      `no host carries the tag${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ${tagsSaid(hosts)}`,
    );
  const picked = hosts.filter((h) => wanted.every((t) => h.tags.includes(t)));
  if (picked.length === 0)
    throw new AppError(
      'not-found',
      `no host carries all of ${wanted.join(', ')} (several --tag narrow: a host must carry each); ${tagsSaid(hosts)}`,
    );
  return picked;
}

/** What `host tag` does to one host's tags: the new list and what changed. */
export interface Retag {
  readonly name: string;
  readonly before: readonly string[];
  readonly tags: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Applies `add` and `remove` to each host's tags (order kept, new tags appended). A tag both added
 * and removed is an `invalid-argument`; removing a tag none of these hosts carries is `not-found`
 * (a typo would otherwise change nothing and say nothing); more than MAX_TAGS on a host is refused.
 */
export function retag(hosts: readonly Host[], add: readonly string[], remove: readonly string[]): Retag[] {
  for (const t of [...add, ...remove]) checkTag(t);
  const both = add.filter((t) => remove.includes(t));
  if (both.length)
    throw new AppError('invalid-argument', `${both.join(', ')}: --add and --remove of the same tag`);
  const carried = new Set(hosts.flatMap((h) => h.tags));
  const missing = remove.filter((t) => !carried.has(t));
  if (missing.length)
    throw new AppError(
      'not-found',
      `${hosts.map((h) => h.name).join(', ')} carr${hosts.length === 1 ? 'ies' : 'y'} no tag ${missing.join(', ')} (${
        carried.size ? `tags there: ${[...carried].sort().join(', ')}` : 'no tags there'
      })`,
    );
  return hosts.map((h) => {
    const kept = h.tags.filter((t) => !remove.includes(t));
    const added = [...new Set(add)].filter((t) => !kept.includes(t));
    const tags = [...kept, ...added];
    if (tags.length > MAX_TAGS)
      throw new AppError(
        'invalid-argument',
        `${h.name} would carry ${tags.length} tags; a host carries at most ${MAX_TAGS}`,
      );
    return { name: h.name, before: h.tags, tags, added, removed: h.tags.filter((t) => remove.includes(t)) };
  });
}

/** Sets a host's tags in the raw settings object (for `updateSettings`); false when there is no such host. */
export function setHostTags(raw: Record<string, unknown>, name: string, tags: readonly string[]): boolean {
  const list = Array.isArray(raw['hosts']) ? (raw['hosts'] as Array<Record<string, unknown> | null>) : [];
  const h = list.find((x) => x?.['name'] === name);
  if (!h) return false;
  h['tags'] = [...tags];
  return true;
}

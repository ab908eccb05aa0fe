import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../../main/core/kernel/errors.ts';
import { HostSchema } from '../../../../main/core/hosts/host-settings.ts';
import {
  hostsWithTags,
  knownTags,
  MAX_TAGS,
  retag,
  setHostTags,
} from '../../../../main/core/hosts/host-tags.ts';

const host = (name: string, ...tags: string[]) =>
  HostSchema.parse({ name, destination: `ada@${name}`, tags });
const fleet = [host('a', 'prod', 'eu'), host('b', 'prod'), host('c', 'staging', 'eu'), host('d')];
const names = (hs: readonly { name: string }[]) => hs.map((h) => h.name);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e: unknown) {
    assert.ok(e instanceof AppError, String(e));
    return { code: e.code, message: e.message };
  }
  assert.fail('no error');
};

describe('picking hosts by tag', () => {
  it('one tag picks every host carrying it, in the settings order', () => {
    assert.deepEqual(names(hostsWithTags(fleet, ['prod'])), ['a', 'b']);
    assert.deepEqual(names(hostsWithTags(fleet, ['eu'])), ['a', 'c']);
  });

  it('several tags narrow: a host must carry each, and a repeated tag counts once', () => {
    assert.deepEqual(names(hostsWithTags(fleet, ['prod', 'eu'])), ['a']);
    assert.deepEqual(names(hostsWithTags(fleet, ['eu', 'eu'])), ['a', 'c']);
  });

  it('a tag no host carries is not-found naming the tags in use, never an empty selection', () => {
    const e = code(() => hostsWithTags(fleet, ['prdo']));
    assert.equal(e.code, 'not-found');
    assert.equal(e.message, 'no host carries the tag prdo; known tags: eu (2), prod (2), staging (1)');
    assert.match(
      code(() => hostsWithTags(fleet, ['x', 'prod', 'y'])).message,
      /^no host carries the tags x, y;/,
    );
  });

  it('known tags that no single host carries together say so', () => {
    const e = code(() => hostsWithTags(fleet, ['prod', 'staging']));
    assert.equal(e.code, 'not-found');
    assert.match(e.message, /^no host carries all of prod, staging \(several --tag narrow/);
  });

  it('with no tags anywhere, the error says how to tag a host', () => {
    assert.match(
      code(() => hostsWithTags([host('d')], ['prod'])).message,
      /clawkeeper host tag NAME --add TAG/,
    );
  });

  it('a malformed tag is an invalid argument (a usage error), not a miss', () => {
    assert.equal(code(() => hostsWithTags(fleet, ['Prod'])).code, 'invalid-argument');
  });

  it('knownTags counts hosts per tag', () => {
    assert.deepEqual(knownTags(fleet), [
      { tag: 'eu', hosts: 2 },
      { tag: 'prod', hosts: 2 },
      { tag: 'staging', hosts: 1 },
    ]);
  });
});

describe('changing tags', () => {
  it('adds at the end, removes in place, keeps the order and says what changed', () => {
    const [r] = retag([host('a', 'prod', 'eu', 'blue')], ['green', 'prod'], ['eu']);
    assert.deepEqual(r, {
      name: 'a',
      before: ['prod', 'eu', 'blue'],
      tags: ['prod', 'blue', 'green'],
      added: ['green'],
      removed: ['eu'],
    });
  });

  it('over several hosts, removing a tag only some carry changes those and leaves the rest', () => {
    const rs = retag([host('a', 'prod', 'eu'), host('b', 'prod')], [], ['eu']);
    assert.deepEqual(
      rs.map((r) => [r.name, r.tags, r.removed]),
      [
        ['a', ['prod'], ['eu']],
        ['b', ['prod'], []],
      ],
    );
  });

  it('removing a tag none of the hosts carries is not-found with the tags they do carry', () => {
    const e = code(() => retag([host('a', 'prod')], [], ['staging']));
    assert.equal(e.code, 'not-found');
    assert.equal(e.message, 'a carries no tag staging (tags there: prod)');
  });

  it('refuses adding and removing the same tag, a malformed tag and too many tags', () => {
    assert.equal(code(() => retag([host('a', 'prod')], ['prod'], ['prod'])).code, 'invalid-argument');
    assert.equal(code(() => retag([host('a')], ['Bad tag'], [])).code, 'invalid-argument');
    const full = host('a', ...Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`));
    assert.match(code(() => retag([full], ['one-more'], [])).message, /at most 16/);
    assert.deepEqual(retag([full], ['t3'], [])[0]?.added, [], 'a tag it has is not added again');
  });

  it('setHostTags edits only that host and keeps fields it does not know', () => {
    const raw: Record<string, unknown> = {
      hosts: [
        { name: 'a', destination: 'ada@a', tags: ['x'], future: { keep: true } },
        { name: 'b', destination: 'ada@b' },
      ],
      other: 1,
    };
    assert.equal(setHostTags(raw, 'a', ['y', 'z']), true);
    assert.equal(setHostTags(raw, 'nope', ['y']), false);
    assert.deepEqual(raw, {
      hosts: [
        { name: 'a', destination: 'ada@a', tags: ['y', 'z'], future: { keep: true } },
        { name: 'b', destination: 'ada@b' },
      ],
      other: 1,
    });
  });
});

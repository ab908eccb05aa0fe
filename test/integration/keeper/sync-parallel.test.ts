import assert from 'node:assert/strict';
import { readFile, realpath, rename, symlink } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FileBackups } from '../../../main/adapters/node/file-backups.ts';
import { NodeLocks } from '../../../main/adapters/node/node-locks.ts';
import { NodeWritableFiles } from '../../../main/adapters/node/node-writable-files.ts';
import { linkId, type Link } from '../../../main/core/keeper/links.ts';
import { syncLinks } from '../../../main/core/keeper/sync-links.ts';
import { Secret } from '../../../main/core/kernel/secret.ts';
import type { JsonUpdateDeps } from '../../../main/core/writes/update-text-file.ts';
import { access, FixtureHome, HOUR } from '../../helpers/fixture-home.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

/** Real files that count how many replacements of each real file are in flight (each made slow). */
class CountingFiles extends NodeWritableFiles {
  inFlight = new Map<string, number>();
  peakPerFile = 0;
  running = 0;
  peak = 0;
  override async writeAtomic(path: string, content: string, opts: { mode: number; exact?: boolean }) {
    if (path.includes('/backups/')) return super.writeAtomic(path, content, opts);
    const real = await realpath(path);
    const n = (this.inFlight.get(real) ?? 0) + 1;
    this.inFlight.set(real, n);
    this.peakPerFile = Math.max(this.peakPerFile, n);
    this.peak = Math.max(this.peak, ++this.running);
    try {
      await new Promise((r) => setTimeout(r, 15));
      await super.writeAtomic(path, content, opts);
    } finally {
      this.running--;
      this.inFlight.set(real, n - 1);
    }
  }
}

describe('one sync over many stores', () => {
  it('writes different files in parallel but never one file twice at once, even reached through symlinks; every change is backed up and indexed', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const old = access('par-old');
    const profiles = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [
        `anthropic:p${i}`,
        { type: 'token', provider: 'anthropic', token: old },
      ]),
    );
    const shared = await h.profiles('main', { version: 1, profiles });
    const files: string[] = [shared];
    for (const a of ['s1', 's2', 's3']) {
      const p = await h.profiles(a, {});
      await symlink(shared, `${p}.tmp-link`);
      await rename(`${p}.tmp-link`, p); // the agent's store is the main agent's, through a symlink
      files.push(p);
    }
    for (let i = 0; i < 12; i++) files.push(await h.profiles(`own${i}`, { version: 1, profiles }));
    const links: Link[] = files.flatMap((file) =>
      Object.keys(profiles).map((profileId) => {
        const target = { kind: 'openclaw-profile' as const, file, profileId };
        return { id: linkId(target), target, auto: true };
      }),
    );
    const fs = new CountingFiles();
    const locks = new NodeLocks();
    const deps: JsonUpdateDeps = {
      files: fs,
      locks,
      backups: new FileBackups(fs, { now: () => Date.now() } as never, h.path('data/backups'), locks),
    };
    const fresh = access('par-new');
    const order: string[] = [];
    const outcomes = await syncLinks(
      deps,
      links,
      { access: new Secret(fresh), refresh: null, expiresAt: Date.now() + 8 * HOUR },
      null,
      (o) => order.push(o.link.id),
    );
    assert.deepEqual(
      order,
      links.map((l) => l.id),
      'outcomes arrive in the order of the links',
    );
    assert.ok(
      outcomes.every((o) => o.ok),
      JSON.stringify(outcomes.filter((o) => !o.ok)),
    );
    assert.equal(fs.peakPerFile, 1, 'one real file is never written by two writes at once');
    assert.ok(fs.peak > 4, `different files are written in parallel (peak ${fs.peak})`);
    for (const file of files) {
      const doc = JSON.parse(await readFile(file, 'utf8')) as { profiles: Record<string, { token: string }> };
      for (const id of Object.keys(profiles))
        assert.equal(doc.profiles[id]!.token, fresh, `${id} in ${file}`);
    }
    const changed = outcomes.filter((o) => o.ok && o.result.changed);
    assert.equal(changed.length, 13 * 6, 'each of the 13 real files changed once per profile');
    const index = JSON.parse(await readFile(h.path('data/backups/index.json'), 'utf8')) as Array<{
      id: string;
    }>;
    const ids = new Set(index.map((r) => r.id));
    for (const o of changed) if (o.ok && o.result.changed) assert.ok(ids.has(o.result.backupId!), 'indexed');
  });
});

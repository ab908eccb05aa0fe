import assert from 'node:assert/strict';
import { chmod, chown, lstat, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FixtureHome } from '../../helpers/fixture-home.ts';
import { spawnCli } from '../../helpers/run-cli.ts';

// Node's compile cache (module.enableCompileCache, Node ≥ 22.1) keeps the parsed chunks of the
// CLI between runs. Its directory must belong to the user alone; anything odd there is skipped
// without a word, and the command works as before.
const NO_API = !('enableCompileCache' in (await import('node:module')).default);
const skip = NO_API && `Node ${process.versions.node} has no module.enableCompileCache`;

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));
async function home(): Promise<FixtureHome> {
  const h = await FixtureHome.create();
  homes.push(h);
  return h;
}
const statusJson = async (env: NodeJS.ProcessEnv) => {
  const r = await spawnCli(['status', '--json'], env);
  assert.equal(r.stderr, '');
  assert.equal((JSON.parse(r.stdout) as { schema: string }).schema, 'clawkeeper.status/1');
};

describe('the compile cache of the CLI', { skip }, () => {
  it('lives in the per-user cache dir, 0700, and fills on the first run', async () => {
    const h = await home();
    await statusJson(h.env());
    const dir = h.path('.cache/clawkeeper/node-compile-cache');
    assert.equal((await lstat(dir)).mode & 0o777, 0o700);
    const [versioned] = await readdir(dir);
    assert.ok(versioned !== undefined && (await readdir(`${dir}/${versioned}`)).length > 0, 'cache entries');
  });

  it('follows XDG_CACHE_HOME and takes a directory of ours that others could open back to 0700', async () => {
    const h = await home();
    const dir = h.path('xdg/clawkeeper/node-compile-cache');
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o777);
    await statusJson(h.env({ XDG_CACHE_HOME: h.path('xdg') }));
    assert.equal((await lstat(dir)).mode & 0o777, 0o700);
    assert.ok((await readdir(dir)).length > 0);
  });

  it('is not used through a symlink, nor in place of a file, and says nothing', async () => {
    const h = await home();
    const elsewhere = h.path('elsewhere');
    await mkdir(elsewhere, { mode: 0o700 });
    await mkdir(h.path('.cache/clawkeeper'), { recursive: true });
    await symlink(elsewhere, h.path('.cache/clawkeeper/node-compile-cache'));
    await statusJson(h.env());
    assert.deepEqual(await readdir(elsewhere), [], 'nothing written behind the symlink');
    const h2 = await home();
    await writeFile(h2.path('xdg-file'), 'not a directory');
    await statusJson(h2.env({ XDG_CACHE_HOME: h2.path('xdg-file') }));
  });

  it(
    'is not used when another user owns the directory',
    { skip: process.getuid?.() !== 0 && 'needs root to give the directory away' },
    async () => {
      const h = await home();
      const dir = h.path('.cache/clawkeeper/node-compile-cache');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chown(dir, 65534, 65534);
      await statusJson(h.env());
      assert.deepEqual(await readdir(dir), []);
    },
  );
});

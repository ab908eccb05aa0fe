/**
 * The npm package as users get it: `npm pack` holds the CLI, its chunks and the JSON Schemas (no
 * tray bundle, no source maps), and the packed tarball installs into an empty prefix on the
 * pinned Node 24 and on the system's Node 20 with no warning about Clawkeeper itself, then runs.
 * Uses the build `npm test` made (packing with --ignore-scripts: prepack would rebuild dist/
 * under the feet of the tests running beside this one).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../../helpers/app-harness.ts';
import { runProcess } from '../../helpers/run-cli.ts';

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

/** npm's own CLI script, run with whichever Node is being tested (npm checks engines against it). */
function npmCli(): string {
  const npm = (process.env['PATH'] ?? '')
    .split(delimiter)
    .map((d) => join(d, 'npm'))
    .find((p) => existsSync(p));
  assert.ok(npm, 'npm on PATH');
  const real = realpathSync(npm);
  return real.endsWith('.js')
    ? real
    : join(real, '..', '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & {
  engines: { node: string };
  scripts: Record<string, string>;
  files: string[];
};
const SYSTEM_NODE = '/usr/bin/node';
const hasSystemNode20 =
  existsSync(SYSTEM_NODE) &&
  /^v20\./.test(spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim());

describe('the npm package', () => {
  let dir: string;
  let tarball: string;
  let packed: string[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ck-npm-'));
    const out = execFileSync(
      process.execPath,
      [npmCli(), 'pack', '--json', '--ignore-scripts', '--pack-destination', dir],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } },
    );
    const [result] = JSON.parse(out) as PackResult[];
    assert.ok(result);
    tarball = join(dir, result.filename);
    packed = result.files.map((f) => f.path).sort();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('`npm pack --dry-run --json` lists the CLI, every chunk and the schemas, and no tray bundle', () => {
    const dry = JSON.parse(
      execFileSync(process.execPath, [npmCli(), 'pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as PackResult[];
    assert.deepEqual(dry[0]?.files.map((f) => f.path).sort(), packed);
    for (const f of ['bin/clawkeeper.mjs', 'dist/cli.mjs', 'package.json', 'README.md', 'LICENSE'])
      assert.ok(packed.includes(f), f);
    const chunks = readdirSync(join(ROOT, 'dist/cli-chunks')).filter((f) => f.endsWith('.mjs'));
    assert.ok(chunks.length > 5);
    for (const c of chunks) assert.ok(packed.includes(`dist/cli-chunks/${c}`), c);
    const schemas = readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.json'));
    assert.ok(schemas.includes('settings-1.schema.json'));
    for (const s of schemas) assert.ok(packed.includes(`schemas/${s}`), s);
    const stray = packed.filter(
      (f) =>
        !/^(bin\/clawkeeper\.mjs|dist\/cli\.mjs|dist\/cli-chunks\/[\w-]+\.mjs|schemas\/[\w.-]+\.json|package\.json|README\.md|LICENSE)$/.test(
          f,
        ),
    );
    assert.deepEqual(stray, [], 'nothing else: no dist/main.cjs, preload, renderer, maps or sources');
  });

  it('package.json: repository, homepage and bugs; no prepare; the keyring optional; engines as README says', () => {
    assert.match(
      String((pkg['repository'] as { url?: string }).url),
      /^git\+https:\/\/github\.com\/[\w-]+\/[\w-]+\.git$/,
    );
    assert.match(String(pkg['homepage']), /^https:\/\//);
    assert.match(String((pkg['bugs'] as { url?: string }).url), /\/issues$/);
    assert.equal(pkg['main'], undefined, 'npm always packs `main`: the tray bundle would ship');
    assert.equal(
      pkg.scripts['prepare'],
      undefined,
      'a prepare script builds on every install from git or a folder',
    );
    assert.match(pkg.scripts['prepack'] ?? '', /scripts\/build\.mjs/);
    assert.deepEqual(Object.keys(pkg['dependencies'] ?? {}), []);
    assert.ok('@napi-rs/keyring' in (pkg['optionalDependencies'] as Record<string, string>));
    assert.equal(pkg.engines.node, '>=20.19');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.match(readme, /\*\*The CLI\*\*, from npm \(Node 20\.19 or newer/);
    const configuration = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
    assert.match(configuration, /`engines` says Node ≥ 20\.19/);
  });

  const installs: Array<[string, string, boolean]> = [
    ['the pinned Node 24', process.execPath, /^v24\./.test(process.version)],
    ['the system Node 20', SYSTEM_NODE, hasSystemNode20],
  ];
  for (const [what, node, available] of installs)
    it(
      `installs from the tarball on ${what} with no warning about Clawkeeper, then runs --version and status --json`,
      { skip: !available && `${what} is not here` },
      async () => {
        const prefix = join(dir, `prefix-${node === SYSTEM_NODE ? 20 : 24}`);
        const home = join(dir, `home-${node === SYSTEM_NODE ? 20 : 24}`);
        mkdirSync(home, { recursive: true });
        const env = {
          PATH: `${join(node, '..')}${delimiter}${process.env['PATH'] ?? ''}`,
          HOME: home,
          npm_config_cache: join(process.env['HOME'] ?? home, '.npm'),
          npm_config_prefer_offline: 'true',
          npm_config_update_notifier: 'false',
          npm_config_fund: 'false',
          npm_config_audit: 'false',
        };
        const r = await runProcess(node, [npmCli(), 'install', '-g', '--prefix', prefix, tarball], env);
        assert.equal(r.code, 0, r.stderr);
        const warnings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /warn|EBADENGINE/i.test(l));
        assert.deepEqual(
          warnings.filter((l) => /clawkeeper|EBADENGINE/i.test(l)),
          [],
          `warnings: ${warnings.join(' | ')}`,
        );
        const bin = join(prefix, 'bin', 'clawkeeper');
        const version = await runProcess(node, [bin, '--version'], env);
        assert.equal(version.stdout.trim(), pkg['version']);
        const status = await runProcess(node, [bin, 'status', '--json', '--check'], {
          ...env,
          CLAWKEEPER_DATA_DIR: join(home, 'data'),
        });
        assert.equal(status.code, 1, `nothing to find in an empty HOME: ${status.stderr}`);
        const report = JSON.parse(status.stdout) as { schema: string; credentials: unknown[] };
        assert.equal(report.schema, 'clawkeeper.status/1');
        assert.deepEqual(report.credentials, []);
        assert.ok(
          existsSync(join(prefix, 'lib', 'node_modules', 'clawkeeper', 'schemas', 'status-1.schema.json')),
        );
      },
    );
});

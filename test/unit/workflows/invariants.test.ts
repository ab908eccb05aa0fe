import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { ROOT } from '../../helpers/app-harness.ts';
import {
  misplacedSecrets,
  parseWorkflow,
  releaseOrder,
  tokenOutsidePublish,
  unpinnedActions,
} from '../../helpers/workflow-invariants.ts';

const read = (f: string) => readFileSync(join(ROOT, '.github/workflows', f), 'utf8');
const release = read('release.yml');
const ci = read('ci.yml');

describe('the release pipeline holds its invariants', () => {
  it('every action in every workflow is pinned by commit SHA with its tag beside it', () => {
    assert.deepEqual(unpinnedActions(release), []);
    assert.deepEqual(unpinnedActions(ci), []);
    assert.ok((release.match(/uses: actions\//g) ?? []).length >= 8, 'the check saw the actions');
  });

  it('a tag pin or a SHA without its tag comment is caught', () => {
    assert.equal(unpinnedActions('      - uses: actions/checkout@v4\n').length, 1);
    assert.equal(
      unpinnedActions('      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n').length,
      1,
    );
    assert.deepEqual(unpinnedActions('    uses: ./.github/workflows/ci.yml\n'), []);
  });

  it('each signing secret reaches only its own OS, and none sits at workflow or job level', () => {
    assert.deepEqual(misplacedSecrets(parseWorkflow(release)), []);
    assert.deepEqual(misplacedSecrets(parseWorkflow(ci)), []);
    assert.match(release, /CSC_LINK: \$\{\{ secrets\.MAC_CSC_LINK \}\}/);
    assert.match(release, /AZURE_CLIENT_SECRET: \$\{\{ secrets\.AZURE_CLIENT_SECRET \}\}/);
  });

  it("the old 'Windows && WIN cert || MAC cert' expression is caught (it handed the Apple p12 to Windows and Linux)", () => {
    const old = release.replace(
      'CSC_LINK: ${{ secrets.MAC_CSC_LINK }}',
      "CSC_LINK: ${{ runner.os == 'Windows' && secrets.WIN_CSC_LINK || secrets.MAC_CSC_LINK }}",
    );
    assert.notEqual(old, release);
    const problems = misplacedSecrets(parseWorkflow(old));
    assert.ok(problems.some((p) => /chooses between secrets/.test(p)));
    assert.ok(problems.some((p) => /WIN_CSC_LINK is a Windows secret/.test(p)));
    const leaked = release.replace(
      "if: runner.os == 'Linux'\n        run: npx electron-builder",
      "if: runner.os == 'Linux'\n        env:\n          CSC_LINK: ${{ secrets.MAC_CSC_LINK }}\n        run: npx electron-builder",
    );
    assert.notEqual(leaked, release);
    assert.ok(misplacedSecrets(parseWorkflow(leaked)).some((p) => /MAC_CSC_LINK is a macOS secret/.test(p)));
  });

  it('GH_TOKEN only on the step that publishes the draft release', () => {
    assert.deepEqual(tokenOutsidePublish(parseWorkflow(release)), []);
    assert.deepEqual(tokenOutsidePublish(parseWorkflow(ci)), []);
    const old = release.replace(
      '          APPLE_TEAM_ID: ${{ secrets.APPLE_TEAM_ID }}\n',
      '          APPLE_TEAM_ID: ${{ secrets.APPLE_TEAM_ID }}\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n',
    );
    assert.notEqual(old, release);
    assert.equal(tokenOutsidePublish(parseWorkflow(old)).length, 1);
  });

  it('ci before build, smoke test before upload, feed checked before and after the upload, checksums, provenance, npm last', () => {
    assert.deepEqual(releaseOrder(parseWorkflow(release)), []);
    const noCheck = release.replace(
      /\n {10}node scripts\/verify-release-feed\.mjs artifacts --assets "\$RUNNER_TEMP\/stored-assets\.txt"/,
      '',
    );
    assert.notEqual(noCheck, release);
    assert.deepEqual(releaseOrder(parseWorkflow(noCheck)), [
      'the feed is not checked against the stored assets after the upload',
    ]);
    const noCi = release.replace('    needs: ci\n', '');
    assert.deepEqual(releaseOrder(parseWorkflow(noCi)), ['build does not need ci']);
  });

  it('ci.yml runs on pull requests and pushes, can be called by release.yml, and runs the whole suite on Linux and the unit tests on macOS and Windows', () => {
    const w = yaml.load(ci) as { on: Record<string, unknown>; jobs: Record<string, Record<string, unknown>> };
    for (const trigger of ['pull_request', 'push', 'workflow_call']) assert.ok(trigger in w.on, trigger);
    assert.match(ci, /run: bash \.ci\/run/);
    const unit = w.jobs['unit'] as { strategy: { matrix: { os: string[] } } };
    assert.deepEqual(
      unit.strategy.matrix.os.map((o) => o.split('-')[0]),
      ['macos', 'windows'],
    );
    assert.match(ci, /node scripts\/run-tests\.mjs --unit/);
  });

  it('the Windows installer name has no spaces, so latest.yml names exactly the uploaded file', () => {
    const builder = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      { artifactName?: string } | undefined
    >;
    const name = builder['nsis']?.artifactName ?? '${productName} Setup ${version}.${ext}';
    assert.doesNotMatch(name, /\s/, `nsis.artifactName "${name}"`);
    for (const [k, v] of Object.entries(builder))
      if (v && typeof v === 'object' && typeof v.artifactName === 'string')
        assert.doesNotMatch(v.artifactName, /\s/, `${k}.artifactName`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAllowedExternalUrl } from '../../../main/shell/external-urls.ts';
import { hashFor, windowOptions } from '../../../main/shell/window.ts';

describe('external link allowlist', () => {
  const cases: Array<[string, boolean]> = [
    ['https://docs.openclaw.ai/automation/auth-monitoring', true],
    ['https://claude.ai/settings', true],
    ['https://github.com/anthropics/claude-code', true],
    ['https://github.com/openclaw/openclaw/issues/1', true],
    ['https://github.com/evil/repo', false],
    ['http://docs.openclaw.ai/', false],
    ['https://docs.openclaw.ai.evil.example/', false],
    ['https://user:pw@claude.ai/', false],
    ['https://claude.ai:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ];
  for (const [url, ok] of cases)
    it(`${ok ? 'allows' : 'refuses'} ${url}`, () => assert.equal(isAllowedExternalUrl(url), ok));
});

describe('window', () => {
  it('is isolated, sandboxed and without node', () => {
    const p = windowOptions('/app/dist/preload.cjs', false).webPreferences;
    assert.deepEqual(
      [
        p.contextIsolation,
        p.sandbox,
        p.nodeIntegration,
        p.nodeIntegrationInWorker,
        p.webSecurity,
        p.webviewTag,
        p.allowRunningInsecureContent,
      ],
      [true, true, false, false, true, false, false],
    );
  });

  it('encodes a navigation target in the hash a new window reads', () => {
    assert.equal(hashFor({ view: 'credentials' }), 'credentials');
    assert.equal(
      hashFor({ view: 'fix', credential: 'claude-code', command: 'claude /login' }),
      'fix?credential=claude-code&command=claude+%2Flogin',
    );
  });
});

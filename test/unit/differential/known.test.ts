import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FINDINGS, classify, loadDeliberate, parseDeliberate } from '../../differential/known.ts';

describe('deliberate differences in FINDINGS.md', () => {
  it('reads every bullet of the section (a bullet the parser skips would fail runs silently)', () => {
    const text = readFileSync(FINDINGS, 'utf8');
    const section = text.slice(text.indexOf('## Differential testing: deliberate differences'));
    const bullets = section
      .slice(0, section.indexOf('\n## ', 5) > 0 ? section.indexOf('\n## ', 5) : undefined)
      .split('\n')
      .filter((l) => l.startsWith('- `'));
    const parsed = loadDeliberate();
    assert.equal(
      parsed.length,
      bullets.length,
      bullets.filter((b) => !parsed.some((d) => b.includes(d.pattern))).join('\n'),
    );
    for (const d of parsed) assert.ok(d.reason.length > 10, `${d.pattern} has no reason`);
  });

  it('matches a pattern with * and limits it to its releases', () => {
    const list = parseDeliberate(
      '## Differential testing: deliberate differences\n\n- `provider:*` (releases: 2026.1.24-3): only main is asked\n',
    );
    assert.equal(classify('provider:openai-vs-anthropic', '2026.1.24-3', list, {}), 'deliberate');
    assert.equal(classify('provider:openai-vs-anthropic', '2026.9.6', list, {}), 'new');
    assert.equal(
      classify('provider:openai-vs-anthropic', '2026.9.6', list, {
        '2026.9.6': ['provider:openai-vs-anthropic'],
      }),
      'known',
    );
  });
});

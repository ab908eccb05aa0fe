import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { figures, refile } from '../../differential/figures.ts';
import { parseDeliberate } from '../../differential/known.ts';

describe('differential figures', () => {
  const report = {
    seed: 7,
    releases: {
      '2026.6.1': {
        homes: 4,
        agreeing: 3,
        identical: 2,
        exitCompared: 4,
        exitAgreeing: 4,
        kinds: [
          {
            kind: 'state:ok-vs-expiring/oauth',
            filed: 'deliberate' as const,
            homes: 1,
            example: { seed: 7, home: 0 },
          },
          {
            kind: 'exit:0-vs-1/rel-x/ck-ok',
            filed: 'known' as const,
            homes: 1,
            example: { seed: 7, home: 2 },
          },
        ],
      },
      '2026.1.24-3': {
        homes: 2,
        agreeing: 2,
        identical: 2,
        exitCompared: 1,
        exitAgreeing: 1,
        kinds: [],
      },
    },
  };

  it('gives each release its agreement, its exit codes over the homes compared, and what is not deliberate', () => {
    const md = figures(report);
    assert.match(
      md,
      /\| 2026\.6\.1 \| 4 \| 75\.0 % \| 50\.0 % \| 100\.0 % of 4 \| `exit:0-vs-1\/rel-x\/ck-ok` \(1\) \|/,
    );
    assert.match(md, /\| 2026\.1\.24-3 \| 2 \| 100\.0 % \| 100\.0 % \| 100\.0 % of 1 \| none \|/);
    assert.match(md, /Seed 7, 6 homes/);
  });

  it('lists every kind once with its filing and the releases that showed it', () => {
    const md = figures(report);
    assert.match(md, /\| `state:ok-vs-expiring\/oauth` \| deliberate \| 1 \| 2026\.6\.1 \|/);
    assert.equal(md.split('`exit:0-vs-1/rel-x/ck-ok` | known').length, 2);
  });

  it("files the kinds again by today's deliberate differences, and the homes they held agree", () => {
    const list = parseDeliberate(
      '## Differential testing: deliberate differences\n\n- `exit:0-vs-1/rel-x/*`: explained since the run\n- `state:*`: as before\n',
    );
    const again = refile(report, list, {});
    assert.equal(again.releases['2026.6.1']!.kinds[1]!.filed, 'deliberate');
    assert.equal(again.releases['2026.6.1']!.agreeing, 4);
    assert.match(figures(again), /\| 2026\.6\.1 \| 4 \| 100\.0 % \|.*\| none \|/);
  });
});

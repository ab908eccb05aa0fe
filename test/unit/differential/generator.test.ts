import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLines } from '../../differential/recipe.ts';
import { compile, recipeFor } from '../../differential/compile.ts';
import { Rng } from '../../differential/prng.ts';
import { RELEASE_CAPS, releaseCaps } from '../../differential/releases.ts';
import { drawSpec } from '../../differential/spec.ts';

describe('the differential generator', () => {
  it('draws the same numbers for the same seed and home, and others for another home', () => {
    const a = new Rng(42, 7);
    const b = new Rng(42, 7);
    const c = new Rng(42, 8);
    const seqA = Array.from({ length: 8 }, () => a.next());
    assert.deepEqual(
      seqA,
      Array.from({ length: 8 }, () => b.next()),
    );
    assert.notDeepEqual(
      seqA,
      Array.from({ length: 8 }, () => c.next()),
    );
  });

  it('keeps every draw inside its range', () => {
    const r = new Rng(1);
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 5);
      assert.ok(n >= 3 && n <= 5);
      const f = r.float();
      assert.ok(f >= 0 && f < 1);
    }
  });

  it('rebuilds one home exactly from its seed and number (the recipe, tokens included)', () => {
    for (const caps of RELEASE_CAPS) {
      assert.deepEqual(recipeFor(9, 3, caps), recipeFor(9, 3, caps));
    }
    assert.notDeepEqual(drawSpec(9, 3), drawSpec(9, 4));
  });

  it('draws valid homes: main first, unique agents, profiles only in existing agents, tokens for every reference', () => {
    for (let home = 0; home < 300; home++) {
      const s = drawSpec(5, home);
      assert.equal(s.agents[0]?.id, 'main');
      const ids = s.agents.map((a) => a.id);
      assert.equal(new Set(ids).size, ids.length);
      for (const p of s.profiles) {
        assert.ok(ids.includes(p.agent), `profile ${p.id} in unknown agent ${p.agent}`);
        assert.ok(p.tok < s.tokenKinds.length);
      }
      for (const c of RELEASE_CAPS) {
        const r = compile(s, c);
        const text = JSON.stringify(r.steps) + JSON.stringify(r.env);
        for (const m of text.matchAll(/\{\{tok:(\d+)\}\}/g)) assert.ok(Number(m[1]) < r.tokens.length);
      }
    }
  });

  it('uses only what each release can do: no paste-token where it prompts, --agent where that release takes it', () => {
    let pasted = 0;
    for (let home = 0; home < 300; home++) {
      const s = drawSpec(11, home);
      for (const c of RELEASE_CAPS) {
        for (const step of compile(s, c).steps) {
          if (step.do !== 'cli') continue;
          const i = step.argv.indexOf('paste-token');
          if (i < 0) continue;
          pasted++;
          assert.equal(c.pasteToken, 'stdin', `${c.release.version} cannot take a piped token`);
          if (c.authAgent === 'parent') assert.ok(!step.argv.slice(i).includes('--agent'));
          if (c.authAgent === 'own') assert.ok(!step.argv.slice(0, i).includes('--agent'));
        }
      }
    }
    assert.ok(pasted > 100, 'the generator pastes setup-tokens through the release');
  });

  it('covers the situations a resolution model must get right, somewhere in 500 homes', () => {
    const seen = new Set<string>();
    for (let home = 0; home < 500; home++) {
      const s = drawSpec(3, home);
      if (s.agents.length > 1) seen.add('agents');
      if (s.profiles.some((p) => p.expiredAgoMs !== null)) seen.add('expired');
      if (s.profiles.some((p) => p.kind === 'oauth')) seen.add('oauth');
      if (s.profiles.some((p) => p.kind === 'api_key')) seen.add('api_key');
      if (s.configOrder) seen.add('order');
      if (s.modeMismatch.length) seen.add('mismatch');
      if (s.usage.some((u) => u.mark === 'disabled')) seen.add('disabled');
      if (s.usage.some((u) => u.mark === 'cooldown')) seen.add('cooldown');
      if (s.lastGood) seen.add('lastGood');
      if (Object.keys(s.env).length) seen.add('env');
      if (s.dotenv) seen.add('dotenv');
      if (s.clawdbotLeftover) seen.add('clawdbot');
      if (s.oauthJson) seen.add('oauth.json');
      if (s.defaultModel?.startsWith('openai/') || s.agents.some((a) => a.model?.startsWith('google/')))
        seen.add('other-provider');
      if (s.profiles.some((p) => p.via === 'hand' && p.shape !== 'standard')) seen.add('hand-edited');
    }
    assert.deepEqual([...seen].sort(), [
      'agents',
      'api_key',
      'clawdbot',
      'cooldown',
      'disabled',
      'dotenv',
      'env',
      'expired',
      'hand-edited',
      'lastGood',
      'mismatch',
      'oauth',
      'oauth.json',
      'order',
      'other-provider',
    ]);
  });

  it('prints a recipe as command lines without any token value', () => {
    const r = recipeFor(1, 0, releaseCaps('2026.6.1'));
    const lines = commandLines(r, 'openclaw').join('\n');
    for (const t of r.tokens) assert.ok(!lines.includes(t));
    assert.match(lines, /\$TOKEN_\d|openclaw /);
  });

  it('names an unknown release with the list of known ones', () => {
    assert.throws(() => releaseCaps('2027.1.1'), /choose one of 2026\.1\.24-3, .*2026\.9\.6/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isClaudeCliProfile, isClaudeProfile } from '../../../../main/core/formats/claude-profile.ts';

describe('is this a Claude profile (one answer for every check)', () => {
  const table: Array<[string, string | null, string | null, boolean, boolean]> = [
    // id, provider, masked, isClaude, isClaudeCli
    ['anthropic:manual', 'anthropic', null, true, false],
    ['anthropic:default', null, null, true, false],
    ['work', 'anthropic', null, true, false],
    // OpenClaw's own copy of Claude Code's login is a Claude profile, on the claude-cli route
    ['anthropic:claude-cli', 'anthropic', null, true, true],
    ['claude-cli', 'claude-cli', null, true, true],
    ['x', 'claude-cli', null, true, true],
    ['openai:default', 'openai', null, false, false],
    ['custom', 'openrouter', 'sk-ant-oat01-…Qx4A', true, false],
    ['custom', 'openrouter', 'sk-or-…abcd', false, false],
  ];
  for (const [id, provider, masked, claude, cli] of table)
    it(`${id} (${provider ?? 'no provider'}) is ${claude ? '' : 'not '}Claude${cli ? ', claude-cli' : ''}`, () => {
      assert.equal(isClaudeProfile({ id, provider, masked }), claude);
      assert.equal(isClaudeCliProfile({ id, provider }), cli);
    });
});

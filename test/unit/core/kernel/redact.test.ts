import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactTokens } from '../../../../main/core/kernel/redact.ts';
import { access, refresh } from '../../../helpers/fixture-home.ts';

describe('redactTokens', () => {
  it('removes every token and Bearer value, whatever the case of "bearer", and leaves other text as it is', () => {
    const at = access('redact');
    const rt = refresh('redact');
    for (const [text, left] of [
      [`copy ${at} in main`, 'copy sk-ant-oat01-[REDACTED] in main'],
      [`${rt}`, 'sk-ant-ort01-[REDACTED]'],
      ['Authorization: Bearer abcdefgh1234', 'Authorization: Bearer [REDACTED]'],
      ['authorization: bearer abcdefgh1234', 'authorization: bearer [REDACTED]'],
      ['BEARER abcdefgh1234', 'BEARER [REDACTED]'],
      [
        '/home/u/.openclaw/agents/main/agent/auth-profiles.json',
        '/home/u/.openclaw/agents/main/agent/auth-profiles.json',
      ],
      ['sk-ant-oat01-…Qx4A', 'sk-ant-oat01-…Qx4A'],
    ] as const)
      assert.equal(redactTokens(text), left);
  });
});

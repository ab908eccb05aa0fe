import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceEnv } from '../../../main/cli/service-files.ts';

describe('serviceEnv', () => {
  it('carries where Claude Code keeps its login into the service, set-but-empty included (Claude Code reads that as ~/.claude)', () => {
    assert.deepEqual(serviceEnv({ CLAUDE_SECURESTORAGE_CONFIG_DIR: '/vault', HOME: '/h' }), {
      CLAUDE_SECURESTORAGE_CONFIG_DIR: '/vault',
    });
    assert.deepEqual(serviceEnv({ CLAUDE_SECURESTORAGE_CONFIG_DIR: '', CLAUDE_CONFIG_DIR: '/cfg' }), {
      CLAUDE_CONFIG_DIR: '/cfg',
      CLAUDE_SECURESTORAGE_CONFIG_DIR: '',
    });
    assert.deepEqual(serviceEnv({ OPENCLAW_STATE_DIR: '' }), {}, 'other empty variables are left out');
  });
});

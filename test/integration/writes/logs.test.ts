import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { createFileLogger } from '../../../main/adapters/node/file-logger.ts';
import { access, claudeCredentials, FixtureHome, HOUR, refresh } from '../../helpers/fixture-home.ts';
import { BIN } from '../../helpers/run-cli.ts';

const homes: FixtureHome[] = [];
after(() => Promise.all(homes.map((h) => h.cleanup())));

describe('logs that exist', () => {
  it('the CLI writes its log (0600) when run from a folder with no package.json, as a service unit runs it', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const src = { access: access('log'), refresh: refresh('log'), expiresAt: Date.now() + 6 * HOUR };
    await h.claude(claudeCredentials(src));
    await h.profiles('main', {
      version: 1,
      profiles: {
        'anthropic:claude-cli': { type: 'token', provider: 'anthropic', token: src.access, expires: 1 },
      },
    });
    const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data') });
    const r = await new Promise<{ code: number }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'sync'], { env, cwd: h.home, stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code: code ?? -1 }));
    });
    assert.ok(r.code === 0 || r.code === 2);
    const file = h.path('data/logs/clawkeeper.log');
    assert.match(await readFile(file, 'utf8'), /keeper: synced/);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.ok(!(await readFile(file, 'utf8')).includes(src.access), 'no token in the log');
  });

  it('rotation is kept: past the size limit the log moves to .old.log and a new 0600 file starts', async () => {
    const h = await FixtureHome.create();
    homes.push(h);
    const logger = createFileLogger(h.path('data'));
    const line = 'x'.repeat(2000);
    for (let i = 0; i < 700; i++) logger.info(line);
    const old = await stat(h.path('data/logs/clawkeeper.old.log'));
    assert.ok(old.size > 0);
    assert.equal((await stat(logger.file)).mode & 0o777, 0o600);
    assert.equal(old.mode & 0o777, 0o600);
  });
});

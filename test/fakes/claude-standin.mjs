#!/usr/bin/env node
// A stand-in for a Claude Code process refreshing its login, written from the protocol in
// docs/domain.md §2 (not from Clawkeeper's code): proper-lockfile on <dir> with lockfilePath
// .oauth_refresh.lock and on <realpath(dir)>.lock (stale 10 s), back off 1-2 s and retry up to
// 5 times, re-read inside the lock, stop if someone else refreshed or it is not within 5 minutes
// of expiry, refresh, then write under the .storage-write lock (stale 15 s) merging fields, 0600.
// Usage: claude-standin.mjs <claudeDir> <tokenUrl>; prints one JSON line with what it did.
import {
  lstatSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

const [dir, url] = process.argv.slice(2);
const file = join(dir, '.credentials.json');
const read = () => JSON.parse(readFileSync(file, 'utf8'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const owner = join(dir, '.oauth_refresh.lock.owner');
const dropOwner = () => {
  if (process.env.STANDIN_OWNER_RECORD !== '1') return;
  try {
    if (JSON.parse(readFileSync(owner, 'utf8')).pid === process.pid) unlinkSync(owner);
  } catch {
    // gone already, or not ours
  }
};
const done = (what) => {
  dropOwner(); // process.exit skips the finally below; proper-lockfile releases its locks on exit
  process.stdout.write(JSON.stringify(what) + '\n');
  process.exit(0);
};

const start = read().claudeAiOauth;
if (start.expiresAt - Date.now() > 5 * 60_000) done({ did: 'not-due' });
for (let attempt = 0; attempt < 5; attempt++) {
  let a = null;
  let b = null;
  try {
    a = await lockfile.lock(dir, {
      lockfilePath: join(dir, '.oauth_refresh.lock'),
      stale: 10_000,
      realpath: false,
    });
    b = await lockfile.lock(realpathSync(dir) + '-legacy-resource', {
      lockfilePath: realpathSync(dir) + '.lock',
      stale: 10_000,
      realpath: false,
    });
  } catch (e) {
    if (a) await a();
    if (e.code !== 'ELOCKED') throw e;
    await sleep(1000 + Math.random() * 1000);
    continue;
  }
  // STANDIN_OWNER_RECORD=1: Claude Code 2.1.332 also writes an owner record beside the lock
  // (pid, pidDomain, pidSpace, lockBirthtimeMs; see claude-lock-holder.mjs) and removes it first
  if (process.env.STANDIN_OWNER_RECORD === '1') {
    const ns = readlinkSync('/proc/self/ns/pid');
    const machine = readFileSync('/etc/machine-id', 'utf8').trim();
    const rec = {
      pid: process.pid,
      pidDomain: `linux:${machine}:${ns}`,
      pidSpace: `${hostname()}#${ns}`,
      lockBirthtimeMs: lstatSync(join(dir, '.oauth_refresh.lock')).birthtimeMs,
      legacyLockBirthtimeMs: lstatSync(realpathSync(dir) + '.lock').birthtimeMs,
    };
    writeFileSync(owner + '.tmp', JSON.stringify(rec));
    renameSync(owner + '.tmp', owner);
  }
  try {
    const now = read().claudeAiOauth;
    if (now.accessToken !== start.accessToken) done({ did: 'someone-else-refreshed' });
    if (now.expiresAt - Date.now() > 5 * 60_000) done({ did: 'not-due' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: now.refreshToken,
        client_id: 'claude-code',
      }),
    });
    const body = await res.json();
    if (!res.ok) done({ did: 'failed', status: res.status, error: body.error });
    const s = await lockfile.lock(join(dir, '.storage-write'), {
      stale: 15_000,
      realpath: false,
      retries: { retries: 20, minTimeout: 50 },
    });
    try {
      const data = read();
      data.claudeAiOauth = {
        ...data.claudeAiOauth,
        accessToken: body.access_token,
        refreshToken: body.refresh_token ?? now.refreshToken,
        expiresAt: Date.now() + body.expires_in * 1000,
      };
      writeFileSync(file + '.standin.tmp', JSON.stringify(data), { mode: 0o600 });
      renameSync(file + '.standin.tmp', file);
    } finally {
      await s();
    }
    done({ did: 'refreshed' });
  } finally {
    dropOwner();
    await b();
    await a();
  }
}
done({ did: 'gave-up' });

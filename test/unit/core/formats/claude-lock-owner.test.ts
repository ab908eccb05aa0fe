import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  judgeLockOwner,
  parseLockOwner,
  type LockOwner,
  type LockOwnerFacts,
} from '../../../../main/core/formats/claude-lock-owner.ts';

/** A record as Claude Code 2.1.332 writes it (field names and limits from its binary). */
const RECORD: LockOwner = {
  pid: 4242,
  procStart: '123456',
  pidDomain: 'linux:3d1219c7c4c5404aaa1f6d2a48adfda4:pid:[4026531836]',
  pidSpace: 'box#pid:[4026531836]',
  lockBirthtimeMs: 1796092379294.0554,
  legacyLockBirthtimeMs: 1796092379295.1,
};

describe('the refresh lock owner record (Claude Code 2.1.332)', () => {
  it('parses what Claude Code writes, and only that', () => {
    assert.deepEqual(parseLockOwner(JSON.stringify(RECORD)), RECORD);
    const { procStart: _p, legacyLockBirthtimeMs: _l, ...minimal } = RECORD;
    assert.deepEqual(parseLockOwner(JSON.stringify(minimal)), minimal, 'both optional fields may be absent');
    const rejected: Array<[string, unknown]> = [
      ['a fractional pid', { ...RECORD, pid: 1.5 }],
      ['no pidSpace', { ...RECORD, pidSpace: undefined }],
      ['a zero birth time', { ...RECORD, lockBirthtimeMs: 0 }],
      ['a procStart over 64 characters', { ...RECORD, procStart: '9'.repeat(65) }],
      ['a pidDomain over 512 characters', { ...RECORD, pidDomain: 'x'.repeat(513) }],
      ['not an object', [RECORD]],
    ];
    for (const [why, doc] of rejected) assert.equal(parseLockOwner(JSON.stringify(doc)), null, why);
    assert.equal(parseLockOwner('{"pid":'), null, 'a torn write');
    assert.equal(parseLockOwner(null), null, 'no record');
    const padded = JSON.stringify({ ...RECORD, pad: 'x'.repeat(5000) });
    assert.equal(parseLockOwner(padded), null, 'larger than the 4096 bytes Claude Code reads');
  });

  it('lets only a proven-gone holder of this very lock, in this pid space, be taken over', () => {
    const facts = (o: Partial<LockOwnerFacts> = {}): LockOwnerFacts => ({
      lockBirthtimeMs: RECORD.lockBirthtimeMs,
      pidDomain: RECORD.pidDomain,
      pidSpace: RECORD.pidSpace,
      pidViewTrusted: true,
      holderGone: () => true,
      ...o,
    });
    const cases: Array<[string, LockOwner | null, LockOwnerFacts, string]> = [
      ['no record (older Claude Code)', null, facts(), 'no-record'],
      ['a record of an earlier lock', RECORD, facts({ lockBirthtimeMs: 1 }), 'record-mismatch'],
      ['another machine', RECORD, facts({ pidDomain: 'linux:other:pid:[1]' }), 'foreign-pid-space'],
      ['another container', RECORD, facts({ pidSpace: 'ctr#pid:[4026532000]' }), 'foreign-pid-space'],
      ['a sandbox that hides pids', RECORD, facts({ pidViewTrusted: false }), 'pid-view-untrusted'],
      ['a live holder', RECORD, facts({ holderGone: () => false }), 'holder-alive'],
      ['a dead holder', RECORD, facts(), 'holder-gone'],
    ];
    for (const [why, owner, f, want] of cases) assert.equal(judgeLockOwner(owner, f), want, why);
  });
});

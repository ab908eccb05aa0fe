import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { sha256Hex } from '../../../../main/core/kernel/sha256.ts';
import { fingerprintOf } from '../../../../main/core/kernel/secret.ts';
import { access } from '../../../helpers/fixture-home.ts';

const node = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 example digests', () => {
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(
      sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto at every length around the block and padding edges, and on non-ASCII text', () => {
    for (let n = 0; n <= 200; n++) {
      const s = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7 + n) % 90))).join('');
      assert.equal(sha256Hex(s), node(s), `length ${n}`);
    }
    for (const s of ['héllo wörld €', '😀 emoji 🔑', '\u0000\uffff', 'x'.repeat(100_000)])
      assert.equal(sha256Hex(s), node(s));
  });

  it('keeps every fingerprint as it was (sha256: + 12 hex of the token)', () => {
    const token = access('fp');
    assert.equal(fingerprintOf(token), `sha256:${node(token).slice(0, 12)}`);
  });
});

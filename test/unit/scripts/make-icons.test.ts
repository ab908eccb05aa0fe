import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';

const STATES = ['ok', 'attention', 'broken', 'paused'];

function decode(png: Buffer): { w: number; h: number; rgba: Buffer } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const w = png.readUInt32BE(16);
  const h = png.readUInt32BE(20);
  let off = 8;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) raw.copy(rgba, y * w * 4, y * (w * 4 + 1) + 1, (y + 1) * (w * 4 + 1));
  return { w, h, rgba };
}

describe('scripts/make-icons.mjs', () => {
  it('regenerates exactly the committed tray icons and app icon', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-icons-'));
    try {
      const r = spawnSync(process.execPath, ['scripts/make-icons.mjs', dir], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const made = readdirSync(dir).sort();
      assert.equal(made.length, STATES.length * 4 + 1);
      for (const f of made)
        assert.ok(readFileSync(join(dir, f)).equals(readFileSync(join('assets', f))), `${f} is stale`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes macOS template images as black plus alpha at 1x and 2x', () => {
    for (const state of STATES)
      for (const [suffix, size] of [
        ['', 16],
        ['@2x', 32],
      ] as const) {
        const { w, h, rgba } = decode(readFileSync(`assets/tray-${state}Template${suffix}.png`));
        assert.deepEqual([w, h], [size, size]);
        let ink = 0;
        for (let i = 0; i < rgba.length; i += 4) {
          assert.deepEqual([rgba[i], rgba[i + 1], rgba[i + 2]], [0, 0, 0]);
          if ((rgba[i + 3] ?? 0) > 0) ink++;
        }
        assert.ok(ink > size * 2, `${state} has a visible glyph`);
      }
  });

  it('gives each state a distinct glyph', () => {
    const glyphs = STATES.map((s) =>
      decode(readFileSync(`assets/tray-${s}Template@2x.png`)).rgba.toString('hex'),
    );
    assert.equal(new Set(glyphs).size, STATES.length);
  });
});

// Draws the tray icons (and the app icon) as PNGs with nothing but node:zlib, so they can be
// regenerated anywhere: `node scripts/make-icons.mjs`. One glyph per state, readable at 16 px:
// ok = disc, attention = triangle with "!", broken = disc with an X cut out, paused = two bars.
// macOS gets black+alpha template images (the OS tints them); Windows/Linux get coloured ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** RGBA pixels (Uint8Array, w*h*4) → PNG bytes. */
export function encodePng(w, h, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * w * 4, w * 4).copy(raw, y * (w * 4 + 1) + 1);
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const disc = (x, y, r = 0.42) => (x - 0.5) ** 2 + (y - 0.5) ** 2 <= r * r;
const rect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
function triangle(x, y) {
  const [ax, ay, bx, by, cx, cy] = [0.5, 0.06, 0.96, 0.9, 0.04, 0.9];
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by);
  const d2 = s(x, y, bx, by, cx, cy);
  const d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}
/** Each glyph answers: is (x, y) in [0,1]² ink? */
const GLYPHS = {
  ok: (x, y) => disc(x, y) && !disc(x, y, 0.16),
  attention: (x, y) =>
    triangle(x, y) && !rect(x, y, 0.44, 0.34, 0.56, 0.62) && !rect(x, y, 0.44, 0.7, 0.56, 0.8),
  broken: (x, y) =>
    disc(x, y) && !((Math.abs(x - y) < 0.09 || Math.abs(x + y - 1) < 0.09) && disc(x, y, 0.28)),
  paused: (x, y) => rect(x, y, 0.2, 0.14, 0.4, 0.86) || rect(x, y, 0.6, 0.14, 0.8, 0.86),
};
const COLOURS = {
  ok: [46, 158, 79],
  attention: [224, 160, 0],
  broken: [217, 48, 37],
  paused: [138, 143, 152],
};

/** Rasterises a glyph with 4×4 supersampling for smooth edges. */
function draw(size, ink, [r, g, b]) {
  const px = new Uint8Array(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let hit = 0;
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++)
          if (ink((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size)) hit++;
      const i = (y * size + x) * 4;
      px.set([r, g, b, Math.round((255 * hit) / (n * n))], i);
    }
  return encodePng(size, size, px);
}

function appIcon(size) {
  const ink = (x, y) => {
    const inSquare = Math.max(Math.abs(x - 0.5), Math.abs(y - 0.5)) <= 0.44;
    const corner = (cx, cy) => (x - cx) ** 2 + (y - cy) ** 2 <= 0.12 ** 2;
    const rounded =
      inSquare &&
      !(
        (x < 0.18 || x > 0.82) &&
        (y < 0.18 || y > 0.82) &&
        !corner(x < 0.5 ? 0.18 : 0.82, y < 0.5 ? 0.18 : 0.82)
      );
    return rounded;
  };
  const glyph = (x, y) => disc(x, y, 0.22) && !disc(x, y, 0.1);
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const i = (y * size + x) * 4;
      if (!ink(u, v)) continue;
      px.set(glyph(u, v) || rect(u, v, 0.47, 0.5, 0.53, 0.8) ? [255, 255, 255, 255] : [47, 91, 211, 255], i);
    }
  return encodePng(size, size, px);
}

const out = process.argv[2] ?? 'assets';
mkdirSync(out, { recursive: true });
for (const [state, ink] of Object.entries(GLYPHS)) {
  for (const [suffix, size] of [
    ['', 16],
    ['@2x', 32],
  ]) {
    writeFileSync(`${out}/tray-${state}Template${suffix}.png`, draw(size, ink, [0, 0, 0]));
    writeFileSync(`${out}/tray-${state}${suffix}.png`, draw(size, ink, COLOURS[state]));
  }
}
writeFileSync(`${out}/icon.png`, appIcon(512));
console.log(`icons written to ${out}/`);

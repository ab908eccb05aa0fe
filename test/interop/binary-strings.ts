import { open } from 'node:fs/promises';

/** Whether a (large, native) binary holds each of these byte strings, read in 64 MB chunks. */
export async function holds(path: string, needles: readonly string[]): Promise<Record<string, boolean>> {
  const found = Object.fromEntries(needles.map((n) => [n, false]));
  const f = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(64 << 20);
    let pos = 0;
    let tail = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await f.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) break;
      const hay = Buffer.concat([tail, chunk.subarray(0, bytesRead)]);
      for (const n of needles) if (!found[n] && hay.includes(n)) found[n] = true;
      tail = hay.subarray(Math.max(0, hay.length - 1024));
      pos += bytesRead;
    }
  } finally {
    await f.close();
  }
  return found;
}

/** Compares calendar versions such as `2026.6.1` numerically, part by part. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Pulls `2026.9.6` out of whatever `openclaw --version` prints. */
export function extractVersion(text: string): string | null {
  return /\b(\d{4}\.\d{1,2}\.\d{1,3})\b/.exec(text)?.[1] ?? /\b(\d+\.\d+\.\d+)\b/.exec(text)?.[1] ?? null;
}

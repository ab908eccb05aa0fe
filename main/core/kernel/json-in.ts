/**
 * The JSON object in a program's output: programs print banners and warnings around it
 * (OpenClaw's CLI, a remote shell's login noise). Null when there is none or it does not parse.
 */
export function jsonIn(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    return JSON.parse(text.slice(start, end + 1)) as unknown;
  } catch {
    return null;
  }
}

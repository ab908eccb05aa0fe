/**
 * A home's recipe: the steps that build it, in order. `cli` steps are the release's own commands;
 * the others write what no command of that release can make, in that release's own format. Tokens
 * appear as `{{tok:N}}` placeholders, filled from the home's token table when the step runs, so a
 * recipe prints as command lines without any token value in it.
 */

export type Step =
  /** the release's own command (argv after the program name); stdin is piped when given */
  | { readonly do: 'cli'; readonly argv: readonly string[]; readonly stdin?: string; readonly why: string }
  /** a file written by hand: path relative to HOME, `$STATE` for the state folder */
  | {
      readonly do: 'file';
      readonly path: string;
      readonly json?: unknown;
      readonly text?: string;
      readonly why: string;
    }
  /** fields set on (or a new) profile in an agent's store, where and how that release keeps it */
  | {
      readonly do: 'profile';
      readonly agent: string;
      readonly profileId: string;
      readonly set: Readonly<Record<string, unknown>>;
      /** `legacy`: into the agent's auth-profiles.json even on a SQLite release */
      readonly into?: 'store' | 'legacy';
      readonly why: string;
    }
  /** OpenClaw's routing state of an agent (lastGood, usageStats), where that release keeps it */
  | {
      readonly do: 'state';
      readonly agent: string;
      readonly lastGood?: Readonly<Record<string, string>>;
      readonly usageStats?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
      readonly why: string;
    };

/** The process environment of the home besides HOME and PATH (the user's shell or service unit). */
export type HomeEnv = Readonly<Record<string, string>>;

export interface Recipe {
  readonly seed: number;
  readonly home: number;
  readonly release: string;
  /** the agents the home has (`main` first) */
  readonly agents: readonly string[];
  /** environment every command and both judges run with ({{tok:N}} allowed in values) */
  readonly env: HomeEnv;
  readonly steps: readonly Step[];
  /** the fake tokens, by placeholder number (never printed) */
  readonly tokens: readonly string[];
  /** a one-line description of what the home holds (for reports) */
  readonly summary: string;
}

const TOKEN = /\{\{tok:(\d+)\}\}/g;

/** Fills the token placeholders of a string from the recipe's token table. */
export function fill(text: string, tokens: readonly string[], home = '{{home}}'): string {
  return text.replaceAll('{{home}}', home).replace(TOKEN, (_, n: string) => {
    const t = tokens[Number(n)];
    if (t === undefined) throw new Error(`recipe names token ${n}, which the home does not have`);
    return t;
  });
}

/** A time relative to the moment the step runs (epoch ms once filled): `{$now: -3600000}` is an hour ago. */
export const at = (offsetMs: number) => ({ $now: offsetMs });

const isAt = (v: unknown): v is { $now: number } =>
  !!v &&
  typeof v === 'object' &&
  Object.keys(v).length === 1 &&
  typeof (v as { $now?: unknown }).$now === 'number';

/** Fills the token placeholders and the relative times everywhere in a JSON value. */
export function fillDeep<T>(value: T, tokens: readonly string[], home: string, now = Date.now()): T {
  if (typeof value === 'string') return fill(value, tokens, home) as T;
  if (isAt(value)) return (now + value.$now) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => fillDeep(v, tokens, home, now)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fillDeep(v, tokens, home, now)]),
    ) as T;
  return value;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./{}$-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const printable = (s: string) =>
  s
    .replaceAll('{{home}}', '$HOME')
    .replace(TOKEN, (_, n: string) => `$TOKEN_${n}`)
    .replace(
      /\{"\$now":(-?\d+)\}/g,
      (_, ms: string) => `now${Number(ms) < 0 ? '' : '+'}${duration(Number(ms))}`,
    );

/** A signed offset in the largest whole unit (for printed recipes). */
function duration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ];
  for (const [u, n] of units) if (ms % n === 0 && ms !== 0) return `${ms / n}${u}`;
  return `${ms}ms`;
}

/** The recipe as shell-like lines a human can follow (tokens as $TOKEN_N). */
export function commandLines(r: Recipe, program: string): string[] {
  const lines = Object.entries(r.env).map(([k, v]) => `export ${k}=${shellQuote(printable(v))}`);
  for (const s of r.steps) {
    switch (s.do) {
      case 'cli': {
        const cmd = [program, ...s.argv].map((a) => shellQuote(printable(a))).join(' ');
        lines.push(s.stdin !== undefined ? `printf %s ${shellQuote(printable(s.stdin))} | ${cmd}` : cmd);
        break;
      }
      case 'file':
        lines.push(
          `# write ~/${s.path}: ${printable(s.json !== undefined ? JSON.stringify(s.json) : (s.text ?? ''))}`,
        );
        break;
      case 'profile':
        lines.push(
          `# ${s.into === 'legacy' ? 'legacy auth-profiles.json' : 'store'} of agent ${s.agent}: profile ${s.profileId} ${printable(JSON.stringify(s.set))}`,
        );
        break;
      case 'state':
        lines.push(
          `# routing state of agent ${s.agent}: ${printable(JSON.stringify({ lastGood: s.lastGood, usageStats: s.usageStats }))}`,
        );
        break;
    }
  }
  return lines;
}

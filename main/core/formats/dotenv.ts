import { parse } from 'dotenv';

/**
 * A `.env` file read the way OpenClaw and Clawdbot read theirs: with the `dotenv` package's own
 * parser (both load `<state>/.env` with it), so quoting, `export` and comments mean the same.
 */
export function parseDotenv(text: string): Map<string, string> {
  return new Map(Object.entries(parse(text)));
}

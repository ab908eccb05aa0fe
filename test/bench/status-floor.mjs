// The floor for `clawkeeper status` on Node: a program that only reads what status must read (the
// OpenClaw config, Claude Code's login, every SQLite store, opened read-only) and prints it as
// JSON, judging nothing. Run by test/bench/sqlite-status.bench.ts beside the real status, to show
// how much of a status is Node's own start-up. Benchmark only; not part of the product.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const home = process.env.HOME ?? '';
const state = process.env.OPENCLAW_STATE_DIR ?? join(home, '.openclaw');
const list = (dir) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
const dbs = [
  ...list(join(state, 'state')).map((f) => join(state, 'state', f)),
  ...list(join(state, 'agents')).flatMap((a) =>
    list(join(state, 'agents', a, 'agent')).map((f) => join(state, 'agents', a, 'agent', f)),
  ),
].filter((p) => p.endsWith('.sqlite'));
const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
const stores = dbs.map((path) => {
  const db = new DatabaseSync(path, { readOnly: true, timeout: 250 });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    const meta = tables.some((t) => t.name === 'schema_meta')
      ? db.prepare('SELECT * FROM schema_meta').all()
      : [];
    return { path, tables: tables.length, meta };
  } finally {
    db.close();
  }
});
const read = (p) => {
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return null;
  }
};
const config = read(join(state, 'openclaw.json'));
const claude = read(join(home, '.claude', '.credentials.json'));
process.stdout.write(
  JSON.stringify({ config: config !== null, claude: claude !== null, stores }, null, 2) + '\n',
);

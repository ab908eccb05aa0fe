/**
 * The crash suite: real `clawkeeper` processes (the built bin) SIGKILLed at random moments while
 * they write, against the fake token endpoint. After each kill, leftovers are aged by two minutes
 * (as they would be by the next cron run), the same command runs once more, and then: every store
 * parses, no temp file or lock is left, and Claude Code's login is still alive at the endpoint.
 * Half the kills of `sync` and `refresh` are timed from the endpoint's answer (0–100 ms after it),
 * the window where the new token pair exists only in the process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, lstat, utimes, lutimes } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeTokenEndpoint, type AnswerFate } from '../../fakes/fake-token-endpoint.ts';
import { access, claudeCredentials, FixtureHome } from '../../helpers/fixture-home.ts';
import { BIN, runCli } from '../../helpers/run-cli.ts';

const KILLS = Number(process.env.CK_CRASH_KILLS ?? 40);
const PARALLEL = 2;
const fake = new FakeTokenEndpoint();
let url = '';
const homes: FixtureHome[] = [];
const answers = new Map<string, (at: number, fate: AnswerFate) => void>();
before(async () => {
  url = await fake.start();
  fake.onAnswer = (spent, _issued, fate) => answers.get(spent)?.(Date.now(), fate);
});
after(async () => {
  fake.onAnswer = null;
  await fake.stop();
  await Promise.all(homes.map((h) => h.cleanup()));
});

type Cmd = 'sync' | 'refresh' | 'doctor --fix' | 'paste-token' | 'backup restore';
const PASTE = access('crash-paste');

async function setup(cmd: Cmd) {
  const h = await FixtureHome.create();
  homes.push(h);
  const rt = fake.issue();
  const at = access(`crash-${homes.length}`);
  await h.claude(claudeCredentials({ access: at, refresh: rt, expiresAt: Date.now() + 30 * 60_000 }));
  await h.config(
    `// crash fixture\n{ "agents": { "list": [{ "id": "main" }, { "id": "work" }] },\n  "auth": { "profiles": { "anthropic:manual": { "provider": "anthropic", "mode": "api_key" } } } }\n`,
  );
  const manual = { type: 'token', provider: 'anthropic', token: access('manual') };
  await h.profiles('main', {
    version: 1,
    profiles: {
      'anthropic:claude-cli': { type: 'token', provider: 'anthropic', token: at, expires: 1 },
      'anthropic:manual': manual,
    },
  });
  await h.profiles('work', { version: 1, profiles: { 'anthropic:manual': manual } }, '.openclaw', 0o644);
  const env = h.env({ CLAWKEEPER_DATA_DIR: h.path('data'), CLAWKEEPER_TOKEN_URL: url });
  let args: string[] = cmd.split(' ');
  let input = '';
  if (cmd === 'paste-token') input = PASTE + '\n';
  if (cmd === 'backup restore') {
    assert.equal((await runCli(['paste-token'], env, PASTE + '\n')).code, 0);
    const list = (
      JSON.parse((await runCli(['backup', 'list', '--json'], env)).stdout) as {
        backups: Array<{ id: string; file: string }>;
      }
    ).backups;
    const id = list.find((b) => b.file.includes('/main/'))!.id;
    args = ['backup', 'restore', id];
  }
  return { h, env, rt, args, input };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const n of await readdir(dir).catch(() => [] as string[])) {
    const p = join(dir, n);
    out.push(p);
    const s = await lstat(p);
    if (s.isDirectory()) out.push(...(await walk(p)));
  }
  return out;
}

const isTemp = (p: string) => /\.ck-[0-9a-f]{12}\.tmp$/.test(p);
const isLock = (p: string) => /\.lock$|\.stale-[0-9a-f]+$/.test(p);

interface Outcome {
  killed: boolean;
  afterAnswerMs: number | null;
  /** the kill came after the journal holding the new pair was on disk */
  afterJournal: boolean;
  /** whether the killed process had read the whole answer off its socket (null: no answer, or not known) */
  hadAnswer: boolean | null;
  /** a temp file of the journal was left: killed between writing it and renaming it into place */
  journalTemp: boolean;
  /** ms from the endpoint writing its answer to the kill */
  afterWriteMs: number | null;
  unparseable: string[];
  temps: string[];
  locks: string[];
  lost: boolean;
}

async function trial(cmd: Cmd, i: number, windowMs: [number, number]): Promise<Outcome> {
  const { h, env, rt, args, input } = await setup(cmd);
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  let answeredAt: number | null = null;
  let fate: AnswerFate | null = null;
  let journalAt: number | null = null;
  let poll: NodeJS.Timeout | null = null;
  const journal = h.path('data/refresh-journal.json');
  let killedAt: number | null = null;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) {
      killedAt = Date.now();
      child.kill('SIGKILL');
    }
  };
  const targeted = (cmd === 'sync' || cmd === 'refresh') && i % 2 === 1;
  answers.set(rt, (at, f) => {
    answeredAt = at;
    fate = f;
    // when the new pair is safe on disk: the journal appears (the test polls for it every ms)
    poll = setInterval(() => {
      if (journalAt === null && existsSync(journal)) journalAt = Date.now();
    }, 1);
    if (targeted) setTimeout(kill, Math.random() * 100);
  });
  const spawnedAt = Date.now();
  const timer = setTimeout(kill, targeted ? 3000 : windowMs[0] + Math.random() * (windowMs[1] - windowMs[0]));
  const exit = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
  if (exit !== 'SIGKILL' && !targeted) {
    // it finished before its kill: aim the next kills inside the time a run really takes
    windowMs[1] = Math.min(windowMs[1], (Date.now() - spawnedAt) * 0.95);
    windowMs[0] = Math.min(windowMs[0], windowMs[1] * 0.3);
  }
  clearTimeout(timer);
  if (poll) clearInterval(poll);
  answers.delete(rt);
  // leftovers as the next run a while later sees them
  // a journal still being written (temp file, not yet renamed into place) when the kill came
  const journalTemp = (await walk(h.path('data'))).some((p) => p.includes('refresh-journal.json.ck-'));
  const past = new Date(Date.now() - 120_000);
  for (const p of await walk(h.home))
    if (isTemp(p) || isLock(p)) await (isLock(p) ? lutimes : utimes)(p, past, past).catch(() => undefined);
  const again = await runCli(args, env, input);
  const all = await walk(h.home);
  if (process.env.CK_CRASH_DEBUG && all.some(isLock)) console.log('LEFT', all.filter(isLock), again);
  const unparseable: string[] = [];
  for (const p of all.filter((f) => f.endsWith('.json'))) {
    const s = await lstat(p);
    if (!s.isFile()) continue;
    try {
      JSON.parse(await readFile(p, 'utf8'));
    } catch {
      if (!p.endsWith('openclaw.json')) unparseable.push(p); // the config is JSON5 with a comment
    }
  }
  const creds = JSON.parse(await readFile(h.path('.claude/.credentials.json'), 'utf8')) as {
    claudeAiOauth: { refreshToken: string };
  };
  const seen = fate as AnswerFate | null;
  return {
    killed: exit === 'SIGKILL',
    journalTemp,
    hadAnswer: exit === 'SIGKILL' ? (seen?.clientClosed?.read ?? null) : null,
    afterWriteMs: killedAt !== null && seen?.answeredAt ? killedAt - seen.answeredAt : null,
    afterAnswerMs: killedAt !== null && answeredAt !== null ? killedAt - answeredAt : null,
    afterJournal: killedAt !== null && journalAt !== null && killedAt > journalAt,
    unparseable,
    temps: all.filter(isTemp),
    locks: all.filter(isLock),
    lost: !fake.isLive(creds.claudeAiOauth.refreshToken),
  };
}

async function suite(cmd: Cmd) {
  // how long one uninterrupted run takes: kills land between halfway (after start-up) and its end
  const probe = await setup(cmd);
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, ...probe.args], {
    env: probe.env,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.stdin.end(probe.input);
  await new Promise((r) => child.on('exit', r));
  const d = Date.now() - t0;
  const window: [number, number] = [d * 0.45, d * 1.05];
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (outcomes.filter((o) => o.killed).length < KILLS && next < KILLS * 3)
      outcomes.push(await trial(cmd, next++, window));
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const killed = outcomes.filter((o) => o.killed);
  const afterAnswer = killed.filter((o) => o.afterAnswerMs !== null);
  const lost = killed.filter((o) => o.lost);
  const lostLate = lost.filter((o) => o.afterJournal);
  const journalled = killed.filter((o) => o.afterJournal);
  const unread = lost.filter((o) => o.hadAnswer === false);
  const read = lost.filter((o) => o.hadAnswer === true);
  const ms = (os: Outcome[]) => os.map((o) => o.afterWriteMs ?? '?').join(',') || '-';
  console.log(
    `crash ${cmd.padEnd(14)} logins lost ${lost.length}: ${unread.length} killed before the process had read the answer off its socket` +
      ` (${ms(unread)} ms after the endpoint wrote it), ${read.length} after (${ms(read)} ms),` +
      ` ${lost.length - unread.length - read.length} unknown (journal temp files left by the lost: ${lost.filter((o) => o.journalTemp).length}); kills after the answer: ${afterAnswer.length},` +
      ` of which the process had read it: ${afterAnswer.filter((o) => o.hadAnswer === true).length}`,
  );
  console.log(
    `crash ${cmd.padEnd(14)} kills ${killed.length} (of ${outcomes.length} runs; ${afterAnswer.length} after the endpoint answered)` +
      ` · stores unparseable ${outcomes.filter((o) => o.unparseable.length).length}` +
      ` · logins lost ${lost.length} (after the journal was written: ${lostLate.length} of ${journalled.length}; the others died ${lost.map((o) => `${o.afterAnswerMs ?? '?'}`).join(',') || '-'} ms after the answer, before their journal was on disk)` +
      ` · after one more run: temp files ${outcomes.reduce((n, o) => n + o.temps.length, 0)}, locks ${outcomes.reduce((n, o) => n + o.locks.length, 0)}`,
  );
  assert.ok(killed.length >= KILLS, `only ${killed.length} runs were killed before they ended`);
  assert.deepEqual(
    outcomes.flatMap((o) => o.unparseable),
    [],
  );
  assert.deepEqual(
    outcomes.flatMap((o) => o.temps),
    [],
  );
  assert.deepEqual(
    outcomes.flatMap((o) => o.locks),
    [],
  );
  assert.deepEqual(
    lostLate.map((o) => o.afterAnswerMs),
    [],
    'no login is lost once its new pair was journalled',
  );
  return { killed, lost };
}

describe('crash suite: SIGKILL at random moments', { concurrency: 1 }, () => {
  for (const cmd of ['sync', 'refresh', 'doctor --fix', 'paste-token', 'backup restore'] as const)
    it(`${cmd}: every store parses, 0 logins lost once the journal was written, 0 temp files and 0 locks after one more run`, async () => {
      const { killed } = await suite(cmd);
      if (cmd === 'sync' || cmd === 'refresh')
        assert.ok(
          killed.some((o) => o.afterJournal),
          'some kills landed after the journal was written',
        );
    });
});

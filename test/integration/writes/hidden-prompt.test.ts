import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { promptHidden, readPiped } from '../../../main/cli/read-secret.ts';
import { intakeToken } from '../../../main/core/setup-token/validate-token.ts';
import { access } from '../../helpers/fixture-home.ts';

/** A terminal-like stdin: raw mode can be switched, bytes arrive in bursts as a terminal sends them. */
function tty() {
  const s = new PassThrough() as PassThrough & {
    isTTY: boolean;
    setRawMode: (on: boolean) => void;
    raw: boolean[];
  };
  s.isTTY = true;
  s.raw = [];
  s.setRawMode = (on) => void s.raw.push(on);
  return s;
}
const sink = () => {
  let out = '';
  return {
    write: (t: string) => void (out += t),
    get out() {
      return out;
    },
  };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the hidden prompt joins a wrapped paste as the piped path does', () => {
  const token = access('wrapped');
  const wrapped = `${token.slice(0, 40)}\r${token.slice(40, 80)}\r${token.slice(80)}`;

  it('a paste wrapped over three lines in one burst, then Enter', async () => {
    const stdin = tty();
    const err = sink();
    const p = promptHidden(stdin, err, 'token: ', 30);
    stdin.write(wrapped);
    await sleep(5);
    stdin.write('\r');
    const got = await p;
    assert.equal(got, token);
    assert.ok(!err.out.includes(token.slice(20, 40)), 'nothing of the token is echoed');
    assert.deepEqual(stdin.raw, [true, false]);
  });

  it('the same paste split over several chunks, and inside bracketed-paste markers', async () => {
    const stdin = tty();
    const p = promptHidden(stdin, sink(), 'token: ', 50);
    stdin.write(`${token.slice(0, 40)}\r`);
    await sleep(5);
    stdin.write(`${token.slice(40, 80)}\r`);
    await sleep(5);
    stdin.write(`${token.slice(80)}\r`);
    assert.equal(await p, token);

    const b = tty();
    const q = promptHidden(b, sink(), 'token: ', 30);
    b.write(`\u001b[200~${token.slice(0, 50)}\n${token.slice(50)}\n\u001b[201~`);
    await sleep(40);
    b.write('\r');
    assert.equal(await q, token);
  });

  it('the piped path gives the same token after intake', async () => {
    const piped = await readPiped(PassThrough.from([wrapped.replace(/\r/g, '\n') + '\n']));
    const { token: fromPipe } = intakeToken(piped, { asApiKey: false });
    assert.equal(fromPipe?.reveal(), token);
  });

  it('Ctrl-C aborts', async () => {
    const stdin = tty();
    const p = promptHidden(stdin, sink(), 'token: ', 30);
    stdin.write('sk-ant\u0003');
    assert.equal(await p, null);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runInNewContext, Script } from 'node:vm';
import { createApi } from '../../../main/preload/api.ts';
import { DIST, ensureBuilt } from '../../helpers/app-harness.ts';

/** What Electron lets a sandboxed preload require (docs: tutorial/sandbox, "Preload scripts"). */
const SANDBOX_MODULES = ['electron', 'events', 'timers', 'url'];

describe('dist/preload.cjs as a sandboxed preload', () => {
  let source = '';
  before(() => {
    ensureBuilt();
    source = readFileSync(join(DIST, 'preload.cjs'), 'utf8');
  });

  it('is CommonJS: it compiles as a script, without import or export', () => {
    assert.doesNotThrow(() => new Script(`(function (exports, require, module) {${source}\n})`));
    assert.throws(() => new Script(`import 'x';`), /import statement outside a module/, 'the check can fail');
  });

  it('requires only what a sandboxed preload may, and exposes exactly the named API', () => {
    const required: string[] = [];
    const exposed = new Map<string, Record<string, unknown>>();
    const electron = {
      contextBridge: {
        exposeInMainWorld: (name: string, api: Record<string, unknown>) => void exposed.set(name, api),
      },
      ipcRenderer: { invoke: () => Promise.resolve(null), on: () => {}, removeListener: () => {} },
    };
    const sandboxRequire = (name: string): unknown => {
      required.push(name);
      if (name === 'electron') return electron;
      if (SANDBOX_MODULES.includes(name)) return {};
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const module = { exports: {} };
    const run = runInNewContext(`(function (exports, require, module) {${source}\n})`, {
      console,
    }) as (e: unknown, r: unknown, m: unknown) => void;
    run(module.exports, sandboxRequire, module);
    assert.ok(
      required.every((r) => SANDBOX_MODULES.includes(r)),
      `required: ${required.join(', ')}`,
    );
    assert.deepEqual([...exposed.keys()], ['clawkeeper']);
    const api = exposed.get('clawkeeper') ?? {};
    const expected = Object.keys(createApi({ invoke: () => Promise.resolve(null), on: () => () => {} }));
    assert.deepEqual(Object.keys(api).sort(), expected.sort());
    assert.ok(Object.values(api).every((v) => typeof v === 'function'));
    assert.ok(!('ipcRenderer' in api) && !('invoke' in api), 'the transport is not exposed');
  });
});

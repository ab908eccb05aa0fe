// Writes two full versions of a file alternately through NodeWritableFiles.writeAtomic, forever,
// so a test can SIGKILL it at random moments and check the target is always one whole version.
import { readFileSync } from 'node:fs';
import { NodeWritableFiles } from '../../main/adapters/node/node-writable-files.ts';

const [target, fileA, fileB] = process.argv.slice(2) as [string, string, string];
const a = readFileSync(fileA, 'utf8');
const b = readFileSync(fileB, 'utf8');
const files = new NodeWritableFiles();
process.stdout.write('ready\n');
for (let i = 0; ; i++) await files.writeAtomic(target, i % 2 ? b : a, { mode: 0o600 });

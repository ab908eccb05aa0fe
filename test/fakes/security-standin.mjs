#!/usr/bin/env node
// Stand-in for macOS /usr/bin/security, enough for `find-generic-password -a ACCOUNT -w -s SERVICE`.
// Items are files in $FAKE_SECURITY_DIR named `<service>@<account>`; a file `<service>@<account>.hang`
// makes the read hang (as when macOS shows an access dialog), `.deny` exits 51 (user denied).
import { existsSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const dir = process.env.FAKE_SECURITY_DIR ?? '.';
if (process.env.FAKE_SECURITY_LOG) appendFileSync(process.env.FAKE_SECURITY_LOG, JSON.stringify(args) + '\n');
if (args[0] === '-i') {
  // interactive mode: `add-generic-password -U -a "ACCOUNT" -s "SERVICE" -X HEX` on stdin
  let input = '';
  process.stdin.on('data', (d) => (input += d));
  process.stdin.on('end', () => {
    const m = /add-generic-password -U -a "((?:[^"\\]|\\.)*)" -s "((?:[^"\\]|\\.)*)" -X ([0-9a-f]+)/.exec(
      input,
    );
    if (!m) {
      process.stderr.write('security: unknown command\n');
      process.exit(1);
    }
    const unq = (v) => v.replace(/\\(.)/g, '$1');
    writeFileSync(join(dir, `${unq(m[2])}@${unq(m[1])}`), Buffer.from(m[3], 'hex').toString('utf8'));
    process.exit(0);
  });
} else if (args[0] !== 'find-generic-password') process.exit(2);
else {
  const opt = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const item = join(dir, `${opt('-s')}@${opt('-a')}`);
  if (existsSync(item + '.hang')) setInterval(() => {}, 1000);
  else if (existsSync(item + '.deny')) {
    process.stderr.write('security: SecKeychainSearchCopyNext: User interaction is not allowed.\n');
    process.exit(51);
  } else if (!existsSync(item)) {
    process.stderr.write(
      'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n',
    );
    process.exit(44);
  } else {
    process.stdout.write(readFileSync(item, 'utf8') + '\n');
  }
}

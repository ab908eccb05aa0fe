import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AlertReceiver } from '../../fakes/alert-receiver.ts';
import { FakeTokenEndpoint } from '../../fakes/fake-token-endpoint.ts';
import { AttackLab } from '../../helpers/attack-lab.ts';
import { ATTACKS, prepare, type Kind, type Net } from './attacks.ts';

// The attacker suite: a second local user tries every boundary where a file can steer
// a secret or receive one; the victim's real `clawkeeper` runs as a real non-root user. Needs
// root (useradd, setpriv), as CI runs; prints the count table that docs/security.md shows.
const asRoot = process.getuid?.() === 0;
const results: Array<{ boundary: string; kind: Kind; name: string; failed: string[] }> = [];
let lab: AttackLab | null = null;
let net: Net | null = null;

describe(
  'the trust boundary under attack by a second local user',
  { skip: !asRoot && 'needs root to make users' },
  () => {
    before(async () => {
      lab = await AttackLab.create();
      await prepare(lab);
      const endpoint = new FakeTokenEndpoint();
      await endpoint.start();
      net = { canary: await new AlertReceiver().start(), endpoint };
    });
    after(async () => {
      printTable();
      // the users and their folders go first, whatever happens to the receivers after
      await lab?.cleanup();
      await Promise.allSettled([net?.canary.stop(), net?.endpoint.stop()]);
    });

    // CK_ATTACK_ONLY=<regex> runs the attacks whose boundary or name matches (while working on one)
    const only = process.env.CK_ATTACK_ONLY ? new RegExp(process.env.CK_ATTACK_ONLY) : null;
    for (const attack of ATTACKS.filter((a) => !only || only.test(`${a.boundary} ${a.name}`)))
      it(`${attack.boundary} × ${attack.kind}: ${attack.name} → refused`, async () => {
        const failed = await attack.run(lab!, net!);
        results.push({ boundary: attack.boundary, kind: attack.kind, name: attack.name, failed });
        assert.deepEqual(failed, [], `the attack survived: ${failed.join('; ')}`);
      });
  },
);

function printTable(): void {
  if (results.length === 0) return;
  const boundaries = [...new Set(results.map((r) => r.boundary))];
  const lines = ['', '| boundary | attacks tried | refused | survived |', '|---|---|---|---|'];
  for (const b of boundaries) {
    const rows = results.filter((r) => r.boundary === b);
    const survived = rows.filter((r) => r.failed.length > 0).length;
    lines.push(`| ${b} | ${rows.length} | ${rows.length - survived} | ${survived} |`);
  }
  const survived = results.filter((r) => r.failed.length > 0).length;
  lines.push(`| **all** | ${results.length} | ${results.length - survived} | ${survived} |`);
  for (const r of results.filter((x) => x.failed.length > 0))
    lines.push(`survived: ${r.boundary} × ${r.kind}: ${r.name}: ${r.failed.join('; ')}`);
  process.stdout.write(
    `\nattacker suite, victim uid ${lab?.victim.uid}, attacker uid ${lab?.attacker.uid}:${lines.join('\n')}\n`,
  );
}

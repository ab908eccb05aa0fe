/**
 * The attacks of the trust suite: each sets up a victim's HOME and what a second local
 * user could have done to it, runs the victim's real `clawkeeper` as the victim, and checks that
 * the attack was refused: nothing run (canary programs), nothing sent (a canary receiver on
 * 127.0.0.1), nothing written where the attacker could read it or where it would hurt, and that
 * `status` or `doctor` says so. An attack returns the checks that failed (none: refused).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttackLab } from '../../helpers/attack-lab.ts';
import { journalAttacks, logAttacks, settingsAttacks } from './attacks/files.ts';
import { linkAttacks, programAttacks } from './attacks/programs.ts';
import { robustAttacks } from './attacks/robust.ts';
import { echoAttacks, envAttacks, storeAttacks } from './attacks/secrets.ts';
import { sshAttacks } from './attacks/ssh.ts';
import type { Attack } from './attacks/common.ts';

export type { Attack, Kind, Net } from './attacks/common.ts';

export const ATTACKS: readonly Attack[] = [
  ...settingsAttacks,
  ...journalAttacks,
  ...logAttacks,
  ...programAttacks,
  ...linkAttacks,
  ...sshAttacks,
  ...storeAttacks,
  ...envAttacks,
  ...echoAttacks,
  ...robustAttacks,
];

/** Made once per suite: a folder of progs the settings scenarios name (root's, fine). */
export async function prepare(lab: AttackLab): Promise<void> {
  await mkdir(join(lab.base, 'progs'), { mode: 0o755 });
}

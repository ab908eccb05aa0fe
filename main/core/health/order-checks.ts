import { isClaudeProfile } from '../formats/claude-profile.ts';
import type { Entry } from './entry.ts';
import type { OpenClawInstall } from '../discovery/inventory.ts';
import type { Finding } from './report.ts';

/** Auth order and lastGood entries (config, profiles file, state file) against the stored profiles. */
export function orderChecks(
  install: OpenClawInstall,
  mine: Entry[],
  stored: Set<string | null>,
  now: number,
): Finding[] {
  const findings: Finding[] = [];
  const config = install.config.status === 'ok' ? install.config.value : null;
  const sources: Array<{ file: string; order: Record<string, string[]>; lastGood: Record<string, string> }> =
    [];
  if (config?.auth?.order) sources.push({ file: install.configPath, order: config.auth.order, lastGood: {} });
  for (const a of install.agents) {
    if (a.profiles.status === 'ok')
      sources.push({
        file: a.profiles.path,
        order: a.profiles.value.order ?? {},
        lastGood: a.profiles.value.lastGood ?? {},
      });
    if (a.state.status === 'ok')
      sources.push({
        file: a.state.path,
        order: a.state.value.order ?? {},
        lastGood: a.state.value.lastGood ?? {},
      });
  }
  if (stored.size === 0) return findings;
  for (const s of sources) {
    for (const [provider, ids] of Object.entries(s.order)) {
      for (const id of ids) {
        if (!stored.has(id) && isClaudeProfile({ id, provider })) {
          findings.push({
            check: 'order-names-missing-profile',
            severity: 'warning',
            message: `auth order for ${provider} names "${id}", which does not exist`,
            impact:
              'OpenClaw skips the missing id; if it was meant to be first, another profile is used instead.',
            hint: `Remove "${id}" from the order in ${s.file} (\`clawkeeper doctor --fix\`)`,
            files: [s.file],
            credentials: [],
            subject: { provider, profileId: id },
          });
        }
      }
      const entriesInOrder = ids
        .map((id) => mine.find((e) => e.profileId === id && !e.id.endsWith('@json')))
        .filter((e): e is Entry => e !== undefined);
      const first = entriesInOrder[0];
      const expired = (e: Entry) => e.refresh === null && e.expiresAt !== null && e.expiresAt < now;
      if (first && expired(first) && entriesInOrder.slice(1).some((e) => !expired(e))) {
        findings.push({
          check: 'expired-first-in-order',
          severity: 'warning',
          message: `the first profile in the ${provider} order, "${first.profileId}", is expired while a valid one follows`,
          impact: 'Every request first tries the dead token, adding failures and cooldowns.',
          hint: `Move "${first.profileId}" to the end of the order in ${s.file} (\`clawkeeper doctor --fix\`)`,
          files: [s.file],
          credentials: [first.id],
          subject: { provider, profileId: first.profileId ?? '' },
        });
      }
    }
    for (const [provider, id] of Object.entries(s.lastGood)) {
      if (!stored.has(id) && isClaudeProfile({ id, provider })) {
        findings.push({
          check: 'last-good-missing-profile',
          severity: 'info',
          message: `lastGood for ${provider} names "${id}", which does not exist`,
          impact: 'Harmless but misleading; OpenClaw falls back to the order.',
          hint: `Remove it from ${s.file} (\`clawkeeper doctor --fix\`)`,
          files: [s.file],
          credentials: [],
          subject: { provider, profileId: id },
        });
      }
    }
  }
  return findings;
}

import { isClaudeProfile } from '../formats/claude-profile.ts';
import type { OpenClawInstall } from '../discovery/inventory.ts';
import type { Finding } from './report.ts';

/** Auth order and lastGood entries (config, profiles file, state file) against the stored profiles. */
export function orderChecks(install: OpenClawInstall, stored: Set<string | null>): Finding[] {
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
            // OpenClaw passes over it; whether that leaves an agent without a credential is the
            // routes' verdict (no-usable-credential), so this is cleanup only
            severity: 'info',
            message: `auth order for ${provider} names "${id}", which does not exist`,
            impact:
              'OpenClaw skips the missing id; the routes in `clawkeeper status` show what it sends instead.',
            hint: `Remove "${id}" from the order in ${s.file} (\`clawkeeper doctor --fix\`)`,
            files: [s.file],
            credentials: [],
            subject: { provider, profileId: id },
          });
        }
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

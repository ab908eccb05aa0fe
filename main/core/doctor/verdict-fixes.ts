/**
 * Automatic fixes for findings of the verdict issue: a config profile without `provider`, and
 * an OpenClaw cooldown/disabled mark left from the token a profile held before. Like every fix,
 * each re-checks inside OpenClaw's lock and writes nothing when the problem is already gone.
 */
import { dirname, join } from 'node:path';
import { child } from '../writes/openclaw-writes.ts';
import { edit, type Fix } from './file-fixes.ts';
import type { Finding, StatusReport } from '../health/report.ts';

/** The fields OpenClaw's own `clearAuthProfileCooldown` (2026.6.1) resets; `lastUsed` is kept. */
const MARK_FIELDS = [
  'blockedUntil',
  'blockedReason',
  'blockedSource',
  'blockedModel',
  'cooldownUntil',
  'cooldownReason',
  'cooldownModel',
  'disabledUntil',
  'disabledReason',
  'failureCounts',
] as const;

export function verdictFixFor(f: Finding, report: StatusReport): Fix | null {
  const reason = `doctor --fix: ${f.check}`;
  switch (f.check) {
    case 'config-profile-no-provider': {
      const cfg = f.files[0];
      const pid = f.subject?.profileId;
      const provider = f.subject?.provider;
      if (!cfg || !pid || !provider) return null;
      return {
        steps: [
          { description: `add "provider": "${provider}" to auth.profiles["${pid}"] in ${cfg}`, files: [cfg] },
        ],
        apply: (writer) =>
          edit(writer, cfg, reason, (doc) => {
            const p = child(child(child(doc, 'auth') ?? {}, 'profiles') ?? {}, pid);
            if (!p || (typeof p.provider === 'string' && p.provider.length > 0)) return false;
            p.provider = provider;
            return true;
          }),
      };
    }
    case 'openclaw-stale-mark': {
      const c = report.credentials.find((x) => x.id === f.credentials[0]);
      if (!c || c.source !== 'file' || !c.profileId || !c.location.endsWith('auth-profiles.json'))
        return null;
      const pid = c.profileId;
      // usageStats live in auth-state.json from 2026.4 on, in auth-profiles.json before
      const files = [join(dirname(c.location), 'auth-state.json'), c.location];
      return {
        steps: [
          {
            description: `clear OpenClaw's cooldown/disabled mark of ${pid} (usageStats, as \`models auth login\` does) in ${files.join(' or ')}`,
            files,
          },
        ],
        async apply(writer) {
          const ids: string[] = [];
          for (const file of files) {
            if ((await writer.files.readText(file).catch(() => null)) === null) continue;
            ids.push(
              ...(await edit(writer, file, reason, (doc) => {
                const s = child(child(doc, 'usageStats') ?? {}, pid);
                if (!s) return false;
                let changed = s.errorCount !== undefined && s.errorCount !== 0;
                if (changed) s.errorCount = 0;
                for (const k of MARK_FIELDS)
                  if (k in s) {
                    delete s[k];
                    changed = true;
                  }
                return changed;
              })),
            );
          }
          return ids;
        },
      };
    }
    default:
      return null;
  }
}

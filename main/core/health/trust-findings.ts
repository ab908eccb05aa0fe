/**
 * Doctor findings for the trust boundary (`core/kernel/trust.ts`): a part of Clawkeeper's input
 * or output that another user could change is not used, and the finding says which, why, and the
 * exact fix (`doctor --fix` tightens only what the user owns; it never chowns).
 */
import { describeTrustProblem, tighteningFor, trustFix, type TrustProblem } from '../kernel/trust.ts';
import type { Finding, Severity } from './report.ts';

/** Which part of Clawkeeper a problem stops. */
export type TrustPart =
  'settings' | 'data-folder' | 'program' | 'ssh-control' | 'link-target' | 'claude-store';

export interface TrustIssue {
  readonly part: TrustPart;
  /** what it is, e.g. "the settings file", "the alert command `page-me`" */
  readonly what: string;
  readonly problem: TrustProblem;
  /** what Clawkeeper does not do because of it */
  readonly consequence: string;
  /** the credentials it concerns, if any */
  readonly credentials?: readonly string[];
}

/** `untrusted-loose`: fixable by `doctor --fix` (a mode of the user's own); `untrusted-path`: by hand. */
export const TRUST_CHECKS = ['untrusted-loose', 'untrusted-path'] as const;

const SEVERITY: Record<TrustPart, Severity> = {
  settings: 'warning',
  program: 'warning',
  'ssh-control': 'warning',
  'data-folder': 'error',
  'link-target': 'error',
  'claude-store': 'error',
};

/** One finding per issue (the same path for two parts is said once per part). */
export function trustFindings(issues: readonly TrustIssue[], uid: number | null): Finding[] {
  if (uid === null) return [];
  return issues.map((i) => {
    const tight = tighteningFor(i.problem, uid);
    return {
      check: tight ? 'untrusted-loose' : 'untrusted-path',
      severity: SEVERITY[i.part],
      message: `${i.what} is not trusted: ${describeTrustProblem(i.problem)}`,
      impact: i.consequence,
      hint: trustFix(i.problem, uid),
      files: [tight?.path ?? i.problem.path],
      credentials: i.credentials ?? [],
    };
  });
}

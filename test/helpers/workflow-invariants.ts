/**
 * The release pipeline's invariants, checked on the workflow YAML itself: each returns the list of
 * violations (empty when the workflow holds), so a test can feed it both the real files and a
 * deliberately broken copy and see the check fail.
 */
import yaml from 'js-yaml';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string | string[];
  readonly uses?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly steps?: Step[];
  readonly permissions?: Record<string, string>;
}
export interface Workflow {
  readonly on: unknown;
  readonly env?: Record<string, string>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

export const parseWorkflow = (text: string): Workflow => yaml.load(text) as Workflow;

const steps = (w: Workflow) =>
  Object.entries(w.jobs).flatMap(([job, j]) => (j.steps ?? []).map((s, i) => ({ job, s, i })));
const label = (job: string, s: Step, i: number) => `${job}: step ${i + 1} (${s.name ?? s.uses ?? 'run'})`;

/**
 * Every `uses:` of a third-party action names a full commit SHA with its tag in a comment
 * (`owner/repo@<40 hex> # v1.2.3`); a local reusable workflow (`./…`) is fine. Works on the text,
 * since YAML parsing drops the comment.
 */
export function unpinnedActions(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (!m?.[1] || m[1].startsWith('./')) continue;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(m[1]) || !/^\s+#\s+v\d+(\.\d+)*\s*$/.test(m[2] ?? ''))
      out.push(line.trim());
  }
  return out;
}

/** Which OS a secret belongs to, by its name; null for secrets any job may see. */
function secretOs(name: string): 'macOS' | 'Windows' | null {
  if (/^(MAC_CSC_|CSC_|APPLE_)/.test(name)) return 'macOS';
  if (/^(WIN_CSC_|AZURE_)/.test(name)) return 'Windows';
  return null;
}

/**
 * Signing secrets reach only the steps of their own OS: a step that references a macOS secret
 * runs only on macOS (`if: runner.os == 'macOS'`), a Windows one only on Windows, and no secret
 * sits in a workflow- or job-level `env` (where every step of every OS would see it), nor in an
 * expression that picks between secrets (`a && secrets.X || secrets.Y`).
 */
export function misplacedSecrets(w: Workflow): string[] {
  const out: string[] = [];
  const secretsIn = (v: unknown) =>
    [...JSON.stringify(v ?? {}).matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1] ?? '');
  if (secretsIn(w.env).length > 0) out.push(`workflow env holds secrets: ${secretsIn(w.env).join(', ')}`);
  for (const [job, j] of Object.entries(w.jobs))
    if (secretsIn(j.env).length > 0)
      out.push(`${job}: job env holds secrets: ${secretsIn(j.env).join(', ')}`);
  for (const { job, s, i } of steps(w)) {
    for (const [k, v] of Object.entries(s.env ?? {})) {
      const names = secretsIn(v);
      if (names.length > 1 || (names.length === 1 && /\|\||&&/.test(v)))
        out.push(`${label(job, s, i)}: ${k} chooses between secrets (${names.join(', ')})`);
      for (const n of names) {
        const os = secretOs(n);
        if (os !== null && !(s.if ?? '').includes(`runner.os == '${os}'`))
          out.push(`${label(job, s, i)}: ${n} is a ${os} secret but the step is not limited to ${os}`);
      }
    }
  }
  return out;
}

/** `GH_TOKEN` (and any GITHUB_TOKEN in an env) only on a step that publishes with `gh release`. */
export function tokenOutsidePublish(w: Workflow): string[] {
  const out: string[] = [];
  for (const { job, s, i } of steps(w))
    for (const [k, v] of Object.entries(s.env ?? {}))
      if ((k === 'GH_TOKEN' || /GITHUB_TOKEN/.test(v)) && !/gh release create/.test(s.run ?? ''))
        out.push(`${label(job, s, i)}: ${k} on a step that does not publish`);
  for (const [job, j] of Object.entries(w.jobs))
    for (const [k, v] of Object.entries(j.env ?? {}))
      if (k === 'GH_TOKEN' || /GITHUB_TOKEN/.test(v)) out.push(`${job}: ${k} at job level`);
  return out;
}

const needsOf = (j: Job | undefined) => (j?.needs === undefined ? [] : [j.needs].flat());

/**
 * The release's order: ci.yml (called as a reusable workflow) before any build, the smoke-tested
 * builds before publishing, the feed checked against the files before and against the stored
 * assets after the upload, checksums and provenance attached, npm after the release.
 */
export function releaseOrder(w: Workflow): string[] {
  const out: string[] = [];
  const { ci, build, publish, npm } = w.jobs;
  if (ci?.uses !== './.github/workflows/ci.yml') out.push('job ci does not call ./.github/workflows/ci.yml');
  if (!needsOf(build).includes('ci')) out.push('build does not need ci');
  if (!needsOf(publish).includes('build')) out.push('publish does not need build');
  if (!needsOf(npm).includes('publish')) out.push('npm does not need publish');
  const runs = (publish?.steps ?? []).map((s) => s.run ?? '');
  const before = runs.findIndex((r) => /verify-release-feed\.mjs artifacts\s*$/m.test(r));
  const create = runs.findIndex((r) => /gh release create/.test(r));
  const after = runs.findIndex((r) => /verify-release-feed\.mjs artifacts --assets/.test(r));
  if (before === -1 || create === -1 || before > create)
    out.push('the feed is not checked before the upload');
  if (after === -1 || after < create)
    out.push('the feed is not checked against the stored assets after the upload');
  if (!runs.some((r) => /sha256sum[^\n]*> SHA256SUMS/.test(r))) out.push('no SHA256SUMS');
  const attest = (publish?.steps ?? []).find((s) => s.uses?.startsWith('actions/attest-build-provenance@'));
  if (attest?.with?.['subject-checksums'] !== 'artifacts/SHA256SUMS')
    out.push('no build provenance for SHA256SUMS');
  if (publish?.permissions?.['id-token'] !== 'write')
    out.push('publish cannot mint an attestation (id-token)');
  const npmRuns = (npm?.steps ?? []).map((s) => s.run ?? '').join('\n');
  if (!/npm publish --provenance/.test(npmRuns)) out.push('npm publishes without provenance');
  const smoke = (build?.steps ?? []).findIndex((s) => /--smoke-test/.test(s.run ?? ''));
  const upload = (build?.steps ?? []).findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
  if (smoke === -1 || upload < smoke) out.push('artifacts are uploaded before the smoke test');
  const macGuard = (build?.steps ?? []).find((s) => /mac-signing-status\.mjs release/.test(s.run ?? ''));
  if (macGuard === undefined || !(macGuard.if ?? '').includes("runner.os == 'macOS'"))
    out.push('no signing check of the Mac build before its feed is uploaded');
  return out;
}

import type { TrustVerdict, TrustWant } from '../core/kernel/trust.ts';

/**
 * Whether a path can be trusted to steer a secret or receive one (`core/kernel/trust.ts` has the
 * rule). Every place that reads settings, state or a program's path from the disk asks this.
 */
export interface PathTrust {
  /** The user the rule protects (null on Windows, where every path is trusted). */
  readonly uid: number | null;
  /** The same rule for a batch of checks that looks at each path once (one report's checks). */
  batch?(): PathTrust;
  /**
   * Walks `path` from `/` with `lstat`, following each link and checking each hop. A missing
   * final name is trusted (`exists: false`) when the folder it would be created in is.
   */
  check(
    path: string,
    want: TrustWant,
    opts?: {
      /** one more owner accepted on the way (the OpenClaw state folder's, for a file receiving a token) */
      alsoOwner?: number | null;
      /** the final file may be anyone's (a replacement keeps its owner); its folders decide */
      anyFileOwner?: boolean;
    },
  ): Promise<TrustVerdict>;
}

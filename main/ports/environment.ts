/** Everything about the machine the core may depend on, so that a throwaway HOME isolates a run. */
export interface Environment {
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly user: string;
  readonly uid: number | null;
  readonly vars: Readonly<Record<string, string | undefined>>;
}

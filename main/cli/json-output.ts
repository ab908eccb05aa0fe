/**
 * Every `--json` output is one object (or, for streams, one object per line) whose first field is
 * `schema: "clawkeeper.<thing>/<n>"`: scripts can check what they read, and an output can grow
 * fields without breaking them. A list is wrapped in an object (a bare array can never carry its
 * schema). `<n>` changes only when a field is removed or changes meaning. The JSON Schema of each
 * is generated from `output-schemas.ts` into `schemas/` by the build.
 */
import type { Io } from './command.ts';

/** The schema id of every machine-readable output, by what it describes. */
export const OUTPUT = {
  status: 'clawkeeper.status/1',
  doctor: 'clawkeeper.doctor/1',
  doctorFix: 'clawkeeper.doctor-fix/1',
  pasteToken: 'clawkeeper.paste-token/1',
  event: 'clawkeeper.event/1',
  links: 'clawkeeper.links/1',
  hosts: 'clawkeeper.hosts/1',
  backups: 'clawkeeper.backups/1',
  backupRestore: 'clawkeeper.backup-restore/1',
  alertTest: 'clawkeeper.alert-test/1',
  /** one line per host of `host status --json`, as it answers */
  hostStatus: 'clawkeeper.host-status/1',
  /** the last line of `host status --json` */
  hostSummary: 'clawkeeper.host-summary/1',
  usage: 'clawkeeper.usage/1',
} as const;

export type OutputSchemaId = (typeof OUTPUT)[keyof typeof OUTPUT];

/** `{schema, ...body}`, with `schema` first whatever the body carries. */
export function withSchema<T extends object>(
  schema: OutputSchemaId,
  body: T,
): { schema: OutputSchemaId } & T {
  // the key stays where it was first set: first, even when the body carries one of its own
  return Object.assign({ schema }, body, { schema });
}

/** One pretty-printed JSON document on stdout. */
export function writeJson(io: Io, schema: OutputSchemaId, body: object): void {
  io.stdout.write(JSON.stringify(withSchema(schema, body), null, 2) + '\n');
}

/** One line of a JSON-lines stream on stdout (`watch`, `sync`, `refresh`). */
export function writeJsonLine(io: Io, schema: OutputSchemaId, body: object): void {
  io.stdout.write(JSON.stringify(withSchema(schema, body)) + '\n');
}

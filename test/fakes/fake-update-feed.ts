import type { UpdateFeed } from '../../main/ports/update-feed.ts';

/** A release feed the test scripts: what the next checks answer, and what the app asked. */
export class FakeUpdateFeed implements UpdateFeed {
  readonly calls: string[] = [];
  /** answers of the next checks, in order: a version, null (current) or an Error (offline) */
  readonly answers: Array<string | null | Error> = [];
  check(): Promise<{ version: string } | null> {
    this.calls.push('check');
    const a = this.answers.shift() ?? null;
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve(a === null ? null : { version: a });
  }
  download(): Promise<void> {
    this.calls.push('download');
    return Promise.resolve();
  }
  install(): void {
    this.calls.push('install');
  }
}

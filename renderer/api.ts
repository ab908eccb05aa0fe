/** The preload's `window.clawkeeper`, typed from the contract (types only, no main code). */
import type { ClawkeeperApi, IpcResult } from '../main/ipc/contract.ts';

export const api = (window as unknown as { clawkeeper: ClawkeeperApi }).clawkeeper;

/** Unwraps an IPC result, turning a refusal into an Error with main's secret-free message. */
export async function unwrap<T>(p: Promise<IpcResult<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

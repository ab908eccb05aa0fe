import { homedir, userInfo } from 'node:os';
import type { Environment } from '../../ports/environment.ts';

/** The real process environment. HOME from the environment wins so a throwaway HOME isolates a run. */
export function nodeEnvironment(vars: NodeJS.ProcessEnv = process.env): Environment {
  let user = vars.USER ?? vars.USERNAME ?? '';
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return {
    platform: process.platform,
    home: vars.HOME || vars.USERPROFILE || homedir(),
    user,
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
    vars: { ...vars },
  };
}

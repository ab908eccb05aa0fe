/** Fixture token values: tests assert none of these ever leaves main towards the renderer or a log. */
const body = (seed: string, n: number) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n);

export const SETUP_TOKEN = `sk-ant-oat01-${body('Zq7xK2mVt9LpR4wB8nHc', 95)}AA-Qx4A`;
export const REFRESH_TOKEN = `sk-ant-ort01-${body('Rf3sN8dJk2QwE6yTu1Zo', 95)}AA-Rr9B`;
export const API_KEY = `sk-ant-api03-${body('Ap1Kd9Sx3Lm7Wq5Ez8Rt', 95)}AA-Kk2C`;
export const ACCESS_TOKEN = `sk-ant-oat01-${body('Ac4Tk7Ym1Pn3Vb6Xc9Ud', 95)}AA-Ac5D`;

export const FIXTURE_TOKENS: readonly string[] = [SETUP_TOKEN, REFRESH_TOKEN, API_KEY, ACCESS_TOKEN];

/** Returns the fixture tokens (or a 24-char slice of one) found in `text`. */
export function leakedTokens(text: string): string[] {
  return FIXTURE_TOKENS.filter((t) => text.includes(t) || text.includes(t.slice(13, 37)));
}

/** Small waits on a Chromium page, written from Node (tests carry no DOM types). */
import type { Page } from 'playwright-core';

/** Waits until the element's text equals (or matches) `expected`; returns the text. */
export async function waitForText(
  page: Page,
  selector: string,
  expected: string | RegExp,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  for (;;) {
    last = await page.textContent(selector).catch(() => null);
    if (last !== null && (typeof expected === 'string' ? last === expected : expected.test(last)))
      return last;
    if (Date.now() > deadline)
      throw new Error(`${selector}: expected ${String(expected)}, last saw ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The page's visible text (what a screenshot could show). */
export function pageText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

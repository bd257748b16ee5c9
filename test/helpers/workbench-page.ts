import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** How long a page may take to show something the server already has (a live event, a page load). */
export const SHOWN_WITHIN_MS = 15_000;

/** The text of an element with its white space squashed, as a person reads it. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A fresh browser context (its own storage: a different person) signed in as `who` through the development sign-in. */
export async function signIn(browser: Browser, base: string, who: { id: string }, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.getByLabel('Employee').selectOption(who.id);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: SHOWN_WITHIN_MS });
  return page;
}

/** The text of the first element matching, once it is there. */
export async function text(locator: Locator): Promise<string> {
  await locator.first().waitFor({ timeout: SHOWN_WITHIN_MS });
  return squash(await locator.first().innerText());
}

/** Waits until the element's text matches (the page updates it on its own, e.g. from a live event); returns it. */
export async function untilText(locator: Locator, pattern: RegExp | ((text: string) => boolean)): Promise<string> {
  const matches = typeof pattern === 'function' ? pattern : (t: string) => pattern.test(t);
  const deadline = Date.now() + SHOWN_WITHIN_MS;
  let last = '';
  while (Date.now() < deadline) {
    if ((await locator.count()) > 0) {
      last = squash(await locator.first().innerText());
      if (matches(last)) return last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${pattern}; the text was: ${last}`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Accessibility problems axe-core finds on the page as it is now (WCAG 2 A and AA rules), serious or critical ones only. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content Security Policy (rightly) refuses an added script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: object }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

import axe from 'axe-core';
import { test as base, expect, type Page } from '@playwright/test';
import { runningKanri } from './kanri';

export { expect };

/**
 * The console's page fixture: every test fails on any Content-Security-Policy violation (the browser reports
 * them as console errors and `securitypolicyviolation` events) and on any uncaught script error.
 */
export const test = base.extend<{ consoleProblems: string[] }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern; these have none.
  // eslint-disable-next-line no-empty-pattern
  consoleProblems: async ({}, use) => {
    await use([]);
  },
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(runningKanri()?.baseURL);
  },
  page: async ({ page, consoleProblems }, use) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        consoleProblems.push(`CSP: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => consoleProblems.push(`script error: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await use(page);
    expect(consoleProblems, 'no CSP violation or script error in the console').toEqual([]);
  },
});

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's violations of WCAG 2.1 A and AA on the current document. axe is injected once per document, so a screen
 * reached through the console's own navigation reuses it: injecting its half-megabyte source cost more than the
 * run itself, and @axe-core/playwright also finished every run in a new blank page. No frame to cross into: the
 * console has none. Every violation comes back in full; passes are only counted (`resultTypes`). Runs once the
 * screen's finite animations have ended.
 */
async function axeViolations(page: Page): Promise<axe.Result[]> {
  type WithAxe = { axe?: typeof axe };
  // The screen at rest: a message still fading in (a CSS transition) has not reached its colours yet.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const injected = await page.evaluate(() => typeof (window as WithAxe).axe?.run === 'function');
  if (!injected) await page.evaluate(axe.source);
  return page.evaluate(
    (values) =>
      (window as WithAxe)
        .axe!.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })
        .then((results) => results.violations),
    WCAG_TAGS,
  );
}

/** axe-core on the current screen: no serious or critical violation (SPEC §12). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // KANRI_SCREENSHOTS=<dir>: a picture of every screen checked, to look at what a flow shows (never committed).
  const shots = process.env.KANRI_SCREENSHOTS;
  if (shots)
    await page.screenshot({ path: `${shots}/${screen.replace(/[\\/:*?"<>|]/g, '_')}.png`, fullPage: true });
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${screen}`,
  ).toEqual([]);
}

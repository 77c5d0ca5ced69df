import AxeBuilder from '@axe-core/playwright';
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

/** axe-core on the current screen: no serious or critical violation (SPEC §12). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // KANRI_SCREENSHOTS=<dir>: a picture of every screen checked, to look at what a flow shows (never committed).
  const shots = process.env.KANRI_SCREENSHOTS;
  if (shots)
    await page.screenshot({ path: `${shots}/${screen.replace(/[\\/:*?"<>|]/g, '_')}.png`, fullPage: true });
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${screen}`,
  ).toEqual([]);
}

import { APIResponse, expect, Page, Route } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const PASSWORD = 'caseward-demo';

/** Waits until the WASM has hydrated the page: clicks made before would be lost. */
export async function hydrated(page: Page) {
  await page.locator('body[data-hydrated="true"]').waitFor();
}

export async function signIn(page: Page, email: string) {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
  await hydrated(page);
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await hydrated(page);
}

/** Fails on any WCAG 2.2 A/AA violation axe-core finds on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

/** A reference no earlier run used, so the journeys do not depend on each other. */
export function uniqueReference(prefix: string) {
  return `${prefix}-${Date.now().toString(36).toUpperCase()}`;
}

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
export async function tabTo(page: Page, name: RegExp, limit = 60) {
  for (let i = 0; i < limit; i++) {
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '';
    });
    if (name.test(label)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${name}`);
}

/** Opens a case's People tab from the case list. */
export async function openPeople(page: Page, reference: string) {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('link', { name: reference }).click();
  await page.getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { name: 'People with access' })).toBeVisible();
  await hydrated(page);
}

/**
 * Holds back the answers to the page's server-function calls whose path matches `calls` (the
 * server has answered them; the browser is not told) until `release()`. `stop()` lets later calls
 * through at once; `count(name)` says how many calls to one endpoint are held.
 */
export async function holdReads(page: Page, calls: RegExp) {
  const held: { route: Route; response: APIResponse }[] = [];
  let holding = true;
  await page.route(calls, async (route) => {
    const response = await route.fetch();
    if (holding) held.push({ route, response });
    else await route.fulfill({ response });
  });
  return {
    count: (name: string) => held.filter((h) => h.route.request().url().includes(name)).length,
    stop: () => { holding = false; },
    release: async () => { for (const { route, response } of held.splice(0)) await route.fulfill({ response }); },
  };
}

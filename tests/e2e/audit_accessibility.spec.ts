// axe-core (WCAG 2.x A/AA rules) on every route, signed in as each role: zero violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signInFromStart } from './helpers';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `${what} has accessibility violations`).toEqual([]);
}

test('the sign-in page, empty and with errors', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await audit(page, 'sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your password.')).toBeVisible();
  await audit(page, 'sign-in with errors');
});

const ROLES = [
  { email: 'ben@vertex.example', routes: ['/', '/library', '/library?q=pricng&motion=reseller', '/library/1', '/deals', '/deals/new', '/deals/1', '/pipeline', '/no-such-page'] },
  { email: 'cara@bluepeak.example', routes: ['/', '/library?q=zzzzqqq', '/deals', '/pipeline'] },
  { email: 'dan@ironclad.example', routes: ['/', '/library/999999'] },
  { email: 'maya@portico.example', routes: ['/', '/manage/approvals', '/manage/content', '/manage/content/new', '/manage/content/1', '/manage/partners', '/pipeline', '/deals/9'] },
];

for (const role of ROLES) {
  test(`every route as ${role.email}`, async ({ page }) => {
    // One test walks many routes, each loaded and audited in turn: allow for a busy machine.
    test.setTimeout(30_000 + role.routes.length * 15_000);
    await signInFromStart(page, role.email);
    for (const route of role.routes) {
      await page.goto(route);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator('.loading')).toHaveCount(0);
      await audit(page, `${route} as ${role.email}`);
    }
  });
}

// The channel managers' style guide: every component under each tier's tokens (its own test: the
// page is long, and it shows a loading indicator as a sample).
test('the style guide, wide and at 360 px', async ({ page }) => {
  await signInFromStart(page, 'maya@portico.example');
  await page.goto('/style-guide');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Style guide');
  for (const tier of ['bronze', 'silver', 'gold']) {
    await expect(page.locator(`.style-guide__column[data-tier="${tier}"]`)).toBeVisible();
  }
  await audit(page, 'style guide');
  await page.setViewportSize({ width: 360, height: 780 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await audit(page, 'style guide at 360 px');
});

test('the asset form with inline errors', async ({ page }) => {
  await signInFromStart(page, 'maya@portico.example');
  await page.goto('/manage/content/new');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Choose at least one motion.')).toBeVisible();
  await audit(page, 'asset form with errors');
});

test('the registration form with inline errors', async ({ page }) => {
  await signInFromStart(page, 'dan@ironclad.example');
  await page.goto('/deals/new');
  await page.getByRole('button', { name: 'Submit registration' }).click();
  await expect(page.getByRole('alert')).toContainText('need attention');
  await audit(page, 'registration form with errors');
});

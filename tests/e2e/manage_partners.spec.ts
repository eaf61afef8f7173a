// A channel manager's partner list and a partner's page: Maya opens Partners from the main
// navigation, sees the three demo partners with their tiers, filters to BluePeak, opens it and
// finds its admin and its registrations; at 360 px the page does not scroll sideways (the tables
// scroll inside their own box).
import { expect, test, type Page } from '@playwright/test';
import { signInFromStart } from './helpers';
import { scaled } from './timing';

const PARTNERS = [
  ['BluePeak Manufacturing', 'Silver partner'],
  ['Ironclad Security', 'Bronze partner'],
  ['Vertex Cloud Solutions', 'Gold partner'],
] as const;

/// The page is no wider than the window.
async function fitsWidth(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'sideways scrolling of the whole page').toBeLessThanOrEqual(0);
}

test('Maya finds BluePeak in the partner list and opens its page', async ({ page }) => {
  test.setTimeout(scaled(60_000));
  await signInFromStart(page, 'maya@portico.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners', exact: true }).click();
  await expect(page).toHaveURL(/\/manage\/partners$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partners');

  const table = page.getByRole('table');
  for (const [name, tier] of PARTNERS) {
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row.locator('.tier-badge')).toHaveText(tier);
  }

  await page.getByLabel('Filter by name').fill('blue');
  await expect(table.getByRole('link')).toHaveCount(1);
  await expect(table.getByRole('link', { name: 'BluePeak Manufacturing' })).toBeVisible();

  await table.getByRole('link', { name: 'BluePeak Manufacturing' }).click();
  await expect(page).toHaveURL(/\/manage\/partners\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('BluePeak Manufacturing');
  await expect(page.locator('.page-head .tier-badge')).toHaveText('Silver partner');

  const users = page.getByRole('region', { name: 'Users' });
  await expect(users.getByRole('row').filter({ hasText: 'Cara Hoffmann' })).toContainText('cara@bluepeak.example');

  // Its newest registrations, as the API lists them, each linked to its page.
  const id = page.url().split('/').pop();
  const res = await page.request.get(`/api/v1/manage/partners/${id}`);
  expect(res.status()).toBe(200);
  const detail = (await res.json()) as { recent_registrations: { id: number; number: string }[] };
  expect(detail.recent_registrations.length, 'BluePeak has registrations').toBeGreaterThan(0);
  const registrations = page.getByRole('region', { name: 'Recent registrations' });
  await expect(registrations.getByRole('row')).toHaveCount(detail.recent_registrations.length + 1);
  const first = detail.recent_registrations[0];
  await expect(registrations.getByRole('link', { name: first.number })).toHaveAttribute('href', `/registrations/${first.id}`);

  await expect(page.getByRole('heading', { level: 2, name: 'Tier progress' })).toBeVisible();
  await expect(page.getByText('Toward Gold:')).toBeVisible();
});

test('the partner list and a partner page fit a 360 px screen', async ({ page }) => {
  test.setTimeout(scaled(60_000));
  await signInFromStart(page, 'maya@portico.example');
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/manage/partners');
  await expect(page.getByRole('link', { name: 'Vertex Cloud Solutions' })).toBeVisible();
  await fitsWidth(page);
  await page.getByRole('link', { name: 'Vertex Cloud Solutions' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vertex Cloud Solutions');
  await expect(page.locator('.loading')).toHaveCount(0);
  await fitsWidth(page);
});

// Long lists load a page at a time (issue 15, item 8). The server's real pages, only smaller:
// the first request of each list asks for two rows, and the SPA follows the server's Link header.
import { test, expect, type Page } from '@playwright/test';
import { signInFromStart } from './helpers';

/** Asks the server for pages of `limit` rows on the first GET of `path` (no other change). */
async function smallPages(page: Page, path: string, limit: number) {
  await page.route((url) => url.pathname === path, (route) => {
    const url = new URL(route.request().url());
    if (route.request().method() !== 'GET' || url.searchParams.has('limit')) return route.continue();
    url.searchParams.set('limit', String(limit));
    return route.continue({ url: url.toString() });
  });
}

test('my registrations show more on request until every one is there', async ({ page }) => {
  await smallPages(page, '/api/v1/registrations', 2);
  await signInFromStart(page, 'ava@vertex.example');
  const all = await (await page.request.get('/api/v1/registrations?limit=1000')).json();
  expect(all.length).toBeGreaterThan(2);
  await page.goto('/registrations');
  const cards = page.locator('.registration-card');
  await expect(cards).toHaveCount(2);
  const more = page.getByRole('button', { name: 'Show more' });
  for (let shown = 2; shown < all.length; shown = Math.min(shown + 2, all.length)) {
    await more.focus();
    await page.keyboard.press('Enter');
    await expect(cards).toHaveCount(Math.min(shown + 2, all.length));
  }
  await expect(more).toHaveCount(0);
  await page.screenshot({ path: 'tests/e2e/output/deals-all-pages-1280-en.png', fullPage: true });
  // Newest first, each once, as the whole list has them.
  await expect(page.locator('.registration-card__title')).toHaveText(all.map((r: { customer_legal_name: string }) => r.customer_legal_name));
});

test('the approvals queue and the pipeline read past the first page', async ({ page }) => {
  await smallPages(page, '/api/v1/manage/registrations', 1);
  await smallPages(page, '/api/v1/manage/pipeline', 3);
  await signInFromStart(page, 'maya@portico.example');
  const queued = await (await page.request.get('/api/v1/manage/registrations?view=submitted&limit=1000')).json();
  expect(queued.length).toBeGreaterThan(1);
  await page.goto('/manage/approvals');
  const cards = page.locator('.queue-card');
  await expect(cards).toHaveCount(1);
  await page.getByRole('button', { name: 'Show more' }).click();
  await expect(cards).toHaveCount(2);

  // The pipeline filters and sorts in the browser, so it reads every page by itself.
  const deals = await (await page.request.get('/api/v1/manage/pipeline?limit=1000')).json();
  expect(deals.length).toBeGreaterThan(3);
  await page.goto('/pipeline');
  await expect(page.getByText(`${deals.length} of ${deals.length} deals`)).toBeVisible();
});

test('on a phone in German the list pages the same way', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await smallPages(page, '/api/v1/registrations', 2);
  await signInFromStart(page, 'ava@vertex.example');
  await page.evaluate(() => localStorage.setItem('portico.locale', 'de'));
  await page.goto('/registrations');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  const cards = page.locator('.registration-card');
  await expect(cards).toHaveCount(2);
  const more = page.getByRole('button', { name: 'Mehr anzeigen' });
  await expect(more).toBeVisible();
  const box = await more.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'tests/e2e/output/deals-show-more-360-de.png', fullPage: true });
  await more.click();
  await expect(cards).toHaveCount(4);
});

test("a partner admin's list names who submitted each registration and filters by submitter", async ({ page }) => {
  await signInFromStart(page, 'ava@vertex.example');
  const all: { customer_legal_name: string; submitted_by: string }[] =
    await (await page.request.get('/api/v1/registrations?limit=1000')).json();
  const bens = all.filter((r) => r.submitted_by === 'Ben Okafor');
  expect(bens.length, 'Ben submitted some of Vertex’s registrations').toBeGreaterThan(0);
  expect(bens.length).toBeLessThan(all.length);
  await page.goto('/registrations');
  const cards = page.locator('.registration-card');
  await expect(cards).toHaveCount(all.length);
  await expect(cards.filter({ hasText: bens[0].customer_legal_name }).first()).toContainText('Submitted by Ben Okafor');
  await page.getByLabel('Submitted by').selectOption('Ben Okafor');
  await expect(cards).toHaveCount(bens.length);
  await expect(page.locator('.registration-card__title')).toHaveText(bens.map((r) => r.customer_legal_name));
  await page.getByLabel('Submitted by').selectOption('');
  await expect(cards).toHaveCount(all.length);
});

test('a partner user sees no submitter filter on its own list', async ({ page }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await page.goto('/registrations');
  await expect(page.locator('.registration-card').first()).toBeVisible();
  await expect(page.getByLabel('Submitted by')).toHaveCount(0);
});

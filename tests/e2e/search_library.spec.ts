// The enablement library: typo-tolerant search as you type, facets, an asset's page, URL state,
// keyboard use, helpful empty states, offline use, and channel managers publishing.
import { expect, test, type Page } from '@playwright/test';
import { signInFromStart } from './helpers';

async function openLibrary(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByLabel('Search the library')).toBeVisible();
}

const results = (page: Page) => page.locator('#library-results');

test('a typo still finds the asset; a motion filter narrows; the asset opens; the URL reloads to the same results', async ({ page }) => {
  await signInFromStart(page, 'dan@ironclad.example');
  await openLibrary(page);
  await page.getByLabel('Search the library').fill('chekclist');
  await expect(results(page).getByRole('link', { name: 'SOW checklist for Implementation Services engagements' })).toBeVisible();
  // Silver content never reaches a Bronze partner, not even in search.
  await expect(results(page)).not.toContainText('Healthcare data compliance readiness checklist');
  await expect(results(page).locator('mark').first()).toBeVisible();

  await page.getByRole('group', { name: 'Motion' }).getByLabel(/Services/).check();
  await expect(page).toHaveURL(/motion=services/);
  await expect(page).toHaveURL(/q=chekclist/);
  const count = page.locator('.library-count');
  await expect(count).toContainText('for “chekclist”');
  const countText = await count.textContent();
  await page.screenshot({ path: 'tests/e2e/output/library-search.png', fullPage: true });

  await results(page).getByRole('link', { name: 'SOW checklist for Implementation Services engagements' }).click();
  await expect(page).toHaveURL(/\/library\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'SOW checklist for Implementation Services engagements' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Related assets' })).toBeVisible();
  await page.screenshot({ path: 'tests/e2e/output/library-asset.png', fullPage: true });

  await page.goBack();
  await expect(page.getByLabel('Search the library')).toHaveValue('chekclist');
  const url = page.url();
  await page.reload();
  await expect(page.getByLabel('Search the library')).toHaveValue('chekclist');
  await expect(page.getByRole('group', { name: 'Motion' }).getByLabel(/Services/)).toBeChecked();
  await expect(results(page).getByRole('link', { name: 'SOW checklist for Implementation Services engagements' })).toBeVisible();
  await expect(count).toHaveText(countText!);
  expect(page.url()).toBe(url);
});

test('on a phone the folded filters open like a button and lead back to the results', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signInFromStart(page, 'dan@ironclad.example');
  await openLibrary(page);
  const filters = page.locator('details.library-facets');
  await expect(filters).not.toHaveAttribute('open', '');
  await page.getByText('Filters', { exact: true }).click();
  await page.getByRole('group', { name: 'Motion' }).getByLabel(/Services/).check();
  await expect(page).toHaveURL(/motion=services/);
  const show = page.getByRole('button', { name: /^Show \d+ results?$/ });
  const shown = Number((await show.textContent())!.match(/\d+/)![0]);
  expect(shown).toBeGreaterThan(0);
  await show.click();
  await expect(filters).not.toHaveAttribute('open', '');
  await expect(results(page).getByRole('link').first()).toBeInViewport();
  await expect(results(page).getByRole('listitem')).toHaveCount(Math.min(shown, 30));
});

test('"/" focuses the search box and the arrow key moves into the results', async ({ page }) => {
  await signInFromStart(page, 'ava@vertex.example');
  await openLibrary(page);
  await page.getByRole('heading', { level: 1, name: 'Library' }).click();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search the library')).toBeFocused();
  await page.keyboard.type('pricing matr');
  await expect(results(page).getByRole('link').first()).toContainText('Pricing matrix');
  await page.keyboard.press('ArrowDown');
  await expect(results(page).getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Pricing matrix');
});

test('no results suggest a correction, and filters can be cleared', async ({ page }) => {
  await signInFromStart(page, 'cara@bluepeak.example');
  await page.goto('/library?q=procurmnet&kind=template');
  await expect(page.getByRole('heading', { name: 'No results for “procurmnet”' })).toBeVisible();
  await page.getByRole('button', { name: 'procurement' }).click();
  await expect(page.getByLabel('Search the library')).toHaveValue('procurement');
  await expect(page.getByRole('heading', { name: 'No results for “procurement”' })).toBeVisible();
  await page.locator('.empty-state').getByRole('button', { name: 'Clear filters' }).click();
  await expect(results(page).getByRole('link', { name: /Marketplace procurement FAQ/ })).toBeVisible();
  await expect(page).not.toHaveURL(/kind=/);
});

test('a loaded library keeps working offline', async ({ page, context }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await openLibrary(page);
  await expect(results(page).getByRole('link').first()).toBeVisible();
  await context.setOffline(true);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await openLibrary(page);
  await expect(page.getByText(/You are offline or the server is unavailable/)).toBeVisible();
  await page.getByLabel('Search the library').fill('joint demo');
  await expect(results(page).getByRole('link', { name: 'Joint demo guide for ISV integration partners' })).toBeVisible();
  await context.setOffline(false);
});

test('a channel manager publishes an asset that partners of its tier find at once, and retires it', async ({ browser }) => {
  const maya = await browser.newPage();
  await signInFromStart(maya, 'maya@portico.example');
  await maya.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Content' }).click();
  await maya.getByRole('link', { name: 'New asset' }).click();
  await maya.getByLabel('Title').fill('Zephyrine launch checklist');
  await maya.getByRole('button', { name: 'Publish' }).click();
  await expect(maya.getByText('Enter a one- or two-sentence summary.')).toBeVisible();
  await expect(maya.getByLabel(/Summary/)).toBeFocused();
  await maya.getByLabel(/Summary/).fill('Everything to check before a Zephyrine launch.');
  await maya.getByLabel(/^Text/).fill('First, confirm the listing.\n\nThen brief the field team.');
  await maya.getByLabel('Kind').selectOption('checklist');
  await maya.getByRole('group', { name: 'Motions' }).getByLabel('Referral').check();
  await expect(maya.getByRole('group', { name: 'Motions' }).getByLabel('Referral')).toBeChecked();
  await maya.getByLabel('Who may see it').selectOption('silver');
  await maya.getByLabel('Link to the file or page').fill('https://content.portico.example/library/zephyrine');
  await maya.getByRole('button', { name: 'Publish' }).click();
  await expect(maya).toHaveURL(/\/manage\/content$/);
  await expect(maya.getByRole('link', { name: 'Zephyrine launch checklist' })).toBeVisible();

  const cara = await browser.newPage();
  await signInFromStart(cara, 'cara@bluepeak.example');
  await openLibrary(cara);
  await cara.getByLabel('Search the library').fill('zephyrin');
  await expect(results(cara).getByRole('link', { name: 'Zephyrine launch checklist' })).toBeVisible();

  const dan = await browser.newPage();
  await signInFromStart(dan, 'dan@ironclad.example');
  await openLibrary(dan);
  await dan.getByLabel('Search the library').fill('zephyrine');
  await expect(dan.getByRole('heading', { name: 'No results for “zephyrine”' })).toBeVisible();

  await maya.getByRole('button', { name: 'Retire “Zephyrine launch checklist”' }).click();
  await expect(maya.getByRole('button', { name: 'Restore “Zephyrine launch checklist”' })).toBeVisible();
  await cara.reload();
  await expect(cara.getByRole('heading', { name: 'No results for “zephyrin”' })).toBeVisible();
});

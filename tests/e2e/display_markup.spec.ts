// Markup typed into a deal is text: the detail page and the deals list show it literally, no
// element is made from it, and no script runs (no dialog, no flag set, no CSP refusal).
import { expect, test, type Page } from '@playwright/test';
import { signInFromStart } from './helpers';

const FLAG = '__portico_markup_ran';

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/// What a script in the page would have left behind.
async function flag(page: Page): Promise<unknown> {
  return page.evaluate((name) => (window as unknown as Record<string, unknown>)[name], FLAG);
}

async function expectLiteral(page: Page, customer: string, notes: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(customer);
  const notesValue = page.locator('dl.facts div').filter({ hasText: 'Your notes' }).locator('dd');
  // textContent keeps the line breaks and every character exactly as typed.
  await expect.poll(() => notesValue.evaluate((dd) => dd.textContent)).toBe(notes);
  const main = page.locator('main');
  await expect(main.locator('img')).toHaveCount(0);
  await expect(main.locator('script')).toHaveCount(0);
  await expect(main.locator('b, i, svg', { hasText: /Bold|Loud/ })).toHaveCount(0);
  expect(await flag(page)).toBeUndefined();
}

test('markup in a registered deal is shown as literal text and never runs', async ({ page }) => {
  const stamp = Date.now();
  const customer = `<img src=x onerror="window.${FLAG}='name'"><b>Bold</b> & Markup ${stamp} GmbH`;
  const notes = [
    `<script>window.${FLAG}='notes'</script>`,
    `<img src=x onerror="window.${FLAG}='img'"> <i>Loud</i> &amp; &lt;b&gt; "quoted" 'single'`,
    `<svg onload="window.${FLAG}='svg'"></svg>`,
  ].join('\n');
  const domain = `markup-${stamp}.de`;
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const refusals: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) refusals.push(m.text());
  });

  await signInFromStart(page, 'ava@vertex.example');
  await page.goto('/registrations/new');
  await page.getByLabel('Motion').selectOption('reseller');
  await page.getByLabel('Products').fill('Portico Analytics');
  await page.getByLabel('Estimated value').fill('50000');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Expected close date').fill(inDays(45));
  await page.getByLabel('Attribution %').fill('100');
  await page.getByLabel('Legal name').fill(customer);
  await page.getByLabel('Web domain').fill(domain);
  await page.getByLabel('Country').selectOption('DE');
  await page.getByLabel('Name', { exact: true }).fill('Mara Brandt');
  await page.getByLabel('E-mail', { exact: true }).fill('mara@' + domain);
  await page.getByLabel('Role', { exact: true }).fill('CIO');
  await page.getByLabel('Notes for the channel team (optional)').fill(notes);
  await page.getByRole('button', { name: 'Submit registration' }).click();

  // The page the app shows after submitting, then the same page loaded afresh from the server.
  await expect(page.getByRole('status').filter({ hasText: 'submitted' })).toBeVisible();
  await expectLiteral(page, customer, notes);
  const detailUrl = page.url().replace(/\?.*$/, '');
  await page.goto(detailUrl);
  await expectLiteral(page, customer, notes);
  await expect(page).toHaveTitle(new RegExp(customer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  await page.goto('/registrations');
  await expect(page.getByRole('link', { name: customer, exact: true })).toBeVisible();
  await expect(page.locator('main img')).toHaveCount(0);
  expect(await flag(page)).toBeUndefined();

  expect(dialogs).toEqual([]);
  expect(refusals).toEqual([]);
});

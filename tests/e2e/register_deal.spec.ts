// Deal registration end to end: register → approve → the partner sees the protection;
// a conflicting registration learns the rule but not the holder; drafts survive a reload.
import { expect, test, type Page } from '@playwright/test';
import { signInFromStart } from './helpers';

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function fillDeal(page: Page, customer: string, domain: string) {
  await page.getByLabel('Motion').selectOption('reseller');
  await page.getByLabel('Products').fill('Portico Analytics, Support Plus');
  await page.getByLabel('Estimated value').fill('125000');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Expected close date').fill(inDays(60));
  await page.getByLabel('Attribution %').fill('100');
  await page.getByLabel('Legal name').fill(customer);
  await page.getByLabel('Web domain').fill(domain);
  await page.getByLabel('Country').selectOption('DE');
  await page.getByLabel('Name', { exact: true }).fill('Jana Krüger');
  await page.getByLabel('E-mail', { exact: true }).fill('jana@' + domain);
  await page.getByLabel('Role', { exact: true }).fill('Head of IT');
}

test('a partner registers a deal, a channel manager approves it, the partner sees the protection', async ({ page, browser }) => {
  const customer = `Kestrel Werke ${Date.now()} GmbH`;
  const domain = `kestrel-${Date.now()}.de`;
  await signInFromStart(page, 'ben@vertex.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Registrations' }).click();
  await page.getByRole('link', { name: /Register a deal|Continue your draft/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Register a deal' })).toBeVisible();
  await fillDeal(page, customer, domain);
  await page.getByRole('button', { name: 'Check customer' }).click();
  await expect(page.locator('.check-result')).toContainText('Free');
  await page.getByRole('button', { name: 'Submit registration' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'submitted' })).toContainText(/Registration R-\d+ submitted — decision due in 48 h/);
  await expect(page.getByRole('heading', { level: 1, name: customer })).toBeVisible();
  const detailUrl = page.url().replace(/\?.*$/, '');
  await page.screenshot({ path: 'tests/e2e/output/registration-submitted.png', fullPage: true });

  const manager = await browser.newPage();
  await signInFromStart(manager, 'maya@portico.example');
  await manager.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
  const card = manager.getByRole('listitem').filter({ has: manager.getByRole('heading', { name: customer }) });
  await expect(card).toContainText('decision due in');
  await manager.screenshot({ path: 'tests/e2e/output/approvals.png', fullPage: true });
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(card).toHaveCount(0);
  await manager.close();

  await page.goto(detailUrl);
  await expect(page.locator('.status-badge').first()).toHaveText('Approved');
  // Dates read the way the locale writes them (en-US: "Nov 21, 2026"), not as ISO days.
  await expect(page.getByText(/Protected until [A-Z][a-z]{2} \d{1,2}, \d{4}/)).toBeVisible();
  await expect(page.getByRole('list').filter({ hasText: 'Approved' }).last()).toContainText('Maya Chen');
});

test('a second partner registering a protected customer gets the conflict answer without the holder', async ({ page }) => {
  await signInFromStart(page, 'cara@bluepeak.example');
  await page.goto('/registrations/new');
  await page.getByLabel('Legal name').fill('Globex');
  await page.getByLabel('Web domain').fill('https://eu.globex.com');
  await page.getByRole('button', { name: 'Check customer' }).click();
  const result = page.locator('.check-result');
  await expect(result).toContainText(/Protected until [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  await expect(result).toContainText('registered beats unregistered');
  await expect(page.locator('body')).not.toContainText('Vertex');
});

test('a draft survives a reload and invalid fields are explained beside them', async ({ page }) => {
  await signInFromStart(page, 'dan@ironclad.example');
  await page.goto('/registrations/new');
  await page.getByLabel('Legal name').fill('Draftwood Ltd');
  await page.getByLabel('Estimated value').fill('twelve');
  await page.getByLabel('Estimated value').blur();
  await expect(page.locator('#estimated_value-error')).toContainText('as a number');
  await expect(page.getByLabel('Estimated value')).toHaveAttribute('aria-invalid', 'true');

  await page.reload();
  await expect(page.getByText('We restored the draft you started earlier.')).toBeVisible();
  await expect(page.getByLabel('Legal name')).toHaveValue('Draftwood Ltd');
  await expect(page.getByLabel('Estimated value')).toHaveValue('twelve');

  await page.getByRole('button', { name: 'Submit registration' }).click();
  await expect(page.getByRole('alert')).toContainText('need attention');
  await expect(page.getByLabel('Motion')).toBeFocused();
  await expect(page.locator('#customer_domain-error')).toContainText('web domain');
});

test('a failed submission keeps the draft and a retry does not duplicate', async ({ page }) => {
  const customer = `Retry Labs ${Date.now()}`;
  const domain = `retry-${Date.now()}.de`;
  await signInFromStart(page, 'ava@vertex.example');
  await page.goto('/registrations/new');
  await fillDeal(page, customer, domain);
  // The first attempt reaches the server but the answer is lost on the way back.
  let dropped = false;
  await page.route('**/api/v1/registrations', async (route) => {
    if (route.request().method() === 'POST' && !dropped) {
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.getByRole('button', { name: 'Submit registration' }).click();
  await expect(page.getByRole('alert')).toContainText('could not reach the server');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: customer })).toBeVisible();

  await page.goto('/registrations');
  await expect(page.getByRole('link', { name: customer })).toHaveCount(1);
});

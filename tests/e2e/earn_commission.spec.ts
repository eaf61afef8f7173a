// Earning a commission from end to end, on a registration the test makes for itself (so no other
// spec's data moves): a channel manager marks an approved registration of Vertex won, approves
// its commission line, issues the month's statement and records the payout; the partner admin
// reads the paid line and the statement (in English and in German); a partner user sees no
// statements. Screenshots at 1280 and 360 px go to tests/e2e/output/.
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { PASSWORD, signInFromStart } from './helpers';
import { scaled } from './timing';

const BASE = process.env.PORTICO_URL ?? 'http://127.0.0.1:8080';

/// An API session as `email`, the way the SPA's own requests go (same origin, cookie).
async function apiAs(email: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: BASE });
  const res = await api.post('/api/v1/session', { data: { email, password: PASSWORD } });
  expect(res.status(), `sign-in as ${email}`).toBe(200);
  return api;
}

/// Ava (Vertex, Gold, reseller) registers a customer of her own and Maya approves it; its id
/// and customer name.
async function approvedForVertex(): Promise<{ id: number; customer: string }> {
  const ava = await apiAs('ava@vertex.example');
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const customer = `Earnwell ${stamp} Inc`;
  const close = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const res = await ava.post('/api/v1/registrations', {
    data: {
      motion: 'reseller', category: 'standard', customer_legal_name: customer,
      customer_domain: `earnwell-${stamp}.example`, customer_country: 'US',
      contact_name: 'Morgan Reyes', contact_email: `morgan@earnwell-${stamp}.example`,
      contact_role: 'CFO', products: ['Portico Analytics'], estimated_value: '110000', currency: 'EUR',
      expected_close: close, attribution: 'sourced', attribution_percent: '100', incumbent: false,
      notes: '',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as number;
  await ava.dispose();
  const maya = await apiAs('maya@portico.example');
  const approved = await maya.post(`/api/v1/manage/registrations/${id}/approve`);
  expect(approved.status(), await approved.text()).toBe(200);
  // The channel managers' pipeline lists it as Vertex's, approved: the registration Maya opens.
  const pipeline = await maya.get('/api/v1/manage/pipeline?limit=1000');
  expect(pipeline.status()).toBe(200);
  const deal = ((await pipeline.json()) as { deal: { id: number; status: string }; partner_name: string }[])
    .find((d) => d.deal.id === id);
  expect(deal?.partner_name).toBe('Vertex Cloud Solutions');
  expect(deal?.deal.status).toBe('approved');
  await maya.dispose();
  return { id, customer };
}

/// A `YYYY-MM` month as the English UI names it ("May 2026").
function monthName(period: string, locale = 'en-US'): string {
  return new Date(`${period}-01T00:00:00Z`).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/// The page is no wider than the window (tables scroll inside their own box).
async function fitsWidth(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('a won registration earns a line that is approved, stated, paid and read by the partner', async ({ page, browser }) => {
  test.setTimeout(scaled(120_000));
  const { id, customer } = await approvedForVertex();
  // The close date decides the statement's month; today (UTC) is never in the future.
  const close = new Date().toISOString().slice(0, 10);
  const period = close.slice(0, 7);
  const month = monthName(period);

  // Maya marks it won with a first-year value of 120 000 EUR.
  await signInFromStart(page, 'maya@portico.example');
  await page.goto(`/registrations/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: customer })).toBeVisible();
  const won = page.getByRole('region', { name: 'Mark won' });
  await expect(won.getByLabel('Currency')).toHaveValue('EUR');
  // A value with three decimals is refused beside its field, before anything is sent.
  await won.getByLabel('First-year value').fill('120000.505');
  await won.getByRole('button', { name: 'Mark won' }).click();
  await expect(won.getByLabel('First-year value')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#first_year_value_minor-error')).toBeVisible();
  await won.getByLabel('First-year value').fill('120000');
  await won.getByLabel('Close date').fill(close);
  await won.getByRole('button', { name: 'Mark won' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'marked won' })).toHaveText(/^R-\d+ marked won\.$/);
  await expect(page.locator('.page-head .status-badge')).toHaveText('Won');
  await expect(page.getByRole('button', { name: 'Mark won' })).toHaveCount(0);
  // Its commission line: Vertex is a Gold reseller and sourced the deal at 100 % attribution,
  // so the plan in force (migration 0009: Gold reseller, sourced) pays 10 % of 120 000.00.
  const commission = page.getByRole('region', { name: 'Commission', exact: true });
  const line = commission.getByRole('row').filter({ hasText: customer });
  await expect(line).toHaveCount(1);
  await expect(line).toContainText('Base commission');
  await expect(line).toContainText('Reseller rebate');
  await expect(line).toContainText('10%');
  await expect(line).toContainText('€120,000.00');
  await expect(line).toContainText('€12,000.00');
  await expect(line).toContainText('New');

  // On the channel managers' page she approves it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Commissions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Commissions' })).toBeVisible();
  await expect(page.getByLabel('Show')).toHaveValue('open');
  const queued = page.getByRole('row').filter({ hasText: customer });
  await expect(queued).toContainText('Vertex Cloud Solutions');
  await queued.getByRole('checkbox').check();
  await expect(page.getByText('1 selected')).toBeVisible();
  // Declining needs a reason the partner reads: refused beside the field without one.
  await page.getByRole('button', { name: 'Decline…' }).click();
  await page.getByRole('button', { name: 'Decline 1 line' }).click();
  await expect(page.getByLabel('Reason for the partner')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#decline-reason-error')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'approved' })).toHaveText('1 line approved.');
  await page.getByLabel('Show').selectOption('approved');
  await expect(page.getByRole('row').filter({ hasText: customer })).toContainText('Approved');

  // She issues Vertex's statement for the close date's month, in dollars.
  await page.getByLabel('Partner', { exact: true }).selectOption({ label: 'Vertex Cloud Solutions' });
  await page.getByLabel('Month', { exact: true }).fill(period);
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByRole('button', { name: 'Issue statement' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Statement issued' }))
    .toHaveText(`Statement issued: Vertex Cloud Solutions, ${month}, EUR.`);

  // And records its payout.
  const what = `Vertex Cloud Solutions · ${month} · EUR`;
  const statementRow = page.getByRole('row').filter({ hasText: 'Vertex Cloud Solutions' }).filter({ hasText: month }).filter({ hasText: 'EUR' });
  await expect(statementRow).toContainText('Not paid yet');
  await page.getByRole('button', { name: `Mark paid: ${what}` }).click();
  await page.getByLabel('Payout reference').fill('PAY-2026-001');
  await expect(page.getByLabel('Paid on')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await page.getByRole('button', { name: 'Mark paid', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'marked paid' })).toHaveText(`Statement ${what} marked paid.`);
  await expect(statementRow).toContainText('PAY-2026-001');
  await expect(statementRow).toContainText('Paid on');
  await page.screenshot({ path: 'tests/e2e/output/commissions-manage-1280.png', fullPage: true });

  // Ava reads the line as paid, and the statement with its total and payout reference.
  const avaContext = await browser.newContext();
  const ava = await avaContext.newPage();
  await ava.setViewportSize({ width: 1280, height: 900 });
  await signInFromStart(ava, 'ava@vertex.example');
  await ava.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Commissions' }).click();
  await expect(ava.getByRole('heading', { level: 1, name: 'Commissions' })).toBeVisible();
  await expect(ava).toHaveTitle('Commissions · Portico');
  const paid = ava.getByRole('row').filter({ hasText: customer });
  await expect(paid).toContainText('Paid');
  await expect(paid.locator('.status-badge')).toHaveText('Paid');
  await expect(ava.getByRole('region', { name: 'In EUR' })).toContainText('Paid this year');
  await expect(ava.getByRole('img', { name: /Earnings by month in \d{4}, EUR/ })).toBeVisible();
  await expect(ava.getByRole('heading', { name: 'Projection of open registrations' })).toBeVisible();
  await expect(ava.getByText('Estimate', { exact: true })).toBeVisible();
  // Sorting by amount is kept in the address.
  await ava.getByRole('button', { name: 'Amount' }).click();
  await expect(ava).toHaveURL(/sort=amount/);
  await ava.getByLabel('Status').selectOption('paid');
  await expect(ava).toHaveURL(/status=paid/);
  await expect(paid).toBeVisible();
  await ava.screenshot({ path: 'tests/e2e/output/commissions-1280.png', fullPage: true });
  await ava.setViewportSize({ width: 360, height: 780 });
  await fitsWidth(ava);
  await ava.screenshot({ path: 'tests/e2e/output/commissions-360.png', fullPage: true });
  await ava.setViewportSize({ width: 1280, height: 900 });

  // A statement's row names its month ("May 2026"); a line's close date is a day ("May 16, 2026").
  await ava.getByRole('row').filter({ hasText: month }).filter({ hasText: 'EUR' }).getByRole('link', { name: month }).click();
  await expect(ava).toHaveURL(/\/commissions\/statements\/\d+$/);
  await expect(ava.getByRole('heading', { level: 1, name: `Statement for ${month} (EUR)` })).toBeVisible();
  await expect(ava.locator('.facts')).toContainText('PAY-2026-001');
  await expect(ava.getByRole('row').filter({ hasText: customer })).toContainText('€12,000.00');
  await expect(ava.locator('.statement-totals')).toContainText(/Total payable\s*€\d{1,3}(,\d{3})*\.\d{2}/);
  await expect(ava.getByRole('button', { name: 'Print' })).toBeVisible();
  await expect(ava.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /\/api\/v1\/commissions\/statements\/\d+\/csv$/);
  await ava.screenshot({ path: 'tests/e2e/output/statement-1280.png', fullPage: true });
  await ava.setViewportSize({ width: 360, height: 780 });
  await fitsWidth(ava);
  await ava.screenshot({ path: 'tests/e2e/output/statement-360.png', fullPage: true });
  // Printed, the statement stands alone: no navigation, no buttons.
  await ava.emulateMedia({ media: 'print' });
  await expect(ava.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(ava.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(ava.getByRole('heading', { level: 1, name: `Statement for ${month} (EUR)` })).toBeVisible();
  await ava.emulateMedia({ media: 'screen' });

  // The same page in German: its title and the line's status badge.
  await ava.evaluate(() => localStorage.setItem('portico.locale', 'de'));
  await ava.goto('/commissions');
  await expect(ava.locator('html')).toHaveAttribute('lang', 'de');
  await expect(ava.getByRole('heading', { level: 1, name: 'Provisionen' })).toBeVisible();
  await expect(ava).toHaveTitle('Provisionen · Portico');
  await expect(ava.getByRole('row').filter({ hasText: customer }).locator('.status-badge')).toHaveText('Ausgezahlt');
  await expect(ava.getByRole('row').filter({ hasText: customer })).toContainText(/12\.000,00\s€/);
  await ava.screenshot({ path: 'tests/e2e/output/commissions-360-de.png', fullPage: true });
  await avaContext.close();
});

test('a partner user reads commissions but no statements', async ({ page }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Commissions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Commissions' })).toBeVisible();
  // The page has loaded once the projection (always shown) is there.
  await expect(page.getByRole('heading', { name: 'Projection of open registrations' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Statements' })).toHaveCount(0);
  // Only the lines of his own registrations: his won Acme deal, not his colleague Ava's.
  await expect(page.getByRole('row').filter({ hasText: 'Acme Robotics Inc' }).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Wayne Foods Ltd' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Embed' })).toHaveCount(0);
});

// The shared pipeline: a partner's own deals only, a CSV of safe columns, URL-kept filters,
// and channel managers moving a deal through its stages.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signInFromStart } from './helpers';

test("a partner's pipeline shows their deals and none of another partner's", async ({ page }) => {
  await signInFromStart(page, 'ava@vertex.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' }).click();
  const table = page.getByRole('table', { name: 'Registrations' });
  await expect(table.getByRole('link', { name: 'Globex Corporation' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Initech LLC' })).toBeVisible();
  await expect(table).not.toContainText('Nordwind');
  await expect(table).not.toContainText('Hooli');
  await expect(page.getByText(/Fields shared with you: Stage, Vendor owner, Next step/)).toBeVisible();
  await expect(page.getByRole('img', { name: /Deals by stage/ })).toBeVisible();
  await page.screenshot({ path: 'tests/e2e/output/pipeline.png', fullPage: true });
});

test('the CSV export holds only the safe columns of the visible rows', async ({ page }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await page.goto('/pipeline');
  await expect(page.getByRole('table', { name: 'Registrations' }).getByRole('link', { name: 'Globex Corporation' })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  const [header, ...rows] = csv.trim().split('\r\n');
  expect(header).toBe('Registration,Customer,Motion,Status,Stage,Vendor owner,Next step,Protection ends,Last activity');
  expect(rows.some((r) => r.includes('Globex Corporation'))).toBe(true);
  for (const secret of ['Tier B', 'Pricing exception', 'Initrode', '455000', 'margin']) {
    expect(csv).not.toContain(secret);
  }
});

test('a filtered and sorted URL reloads to the same view and the back button works', async ({ page }) => {
  await signInFromStart(page, 'ava@vertex.example');
  await page.goto('/pipeline');
  const table = page.getByRole('table', { name: 'Registrations' });
  await expect(table.getByRole('link', { name: 'Initech LLC' })).toBeVisible();
  await page.getByLabel('Status').selectOption('approved');
  await expect(page).toHaveURL(/status=approved/);
  await expect(table.getByRole('link', { name: 'Initech LLC' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Customer' }).click();
  await expect(page).toHaveURL(/sort=customer&dir=asc/);
  await page.getByLabel('Filter').fill('glob');
  await expect(page).toHaveURL(/q=glob/);
  const url = page.url();

  await page.reload();
  await expect(page.getByLabel('Filter')).toHaveValue('glob');
  await expect(page.getByLabel('Status')).toHaveValue('approved');
  await expect(table.getByRole('link', { name: 'Globex Corporation' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'deals' })).toContainText('1 of');
  await expect(page.getByRole('columnheader', { name: /Customer/ })).toHaveAttribute('aria-sort', 'ascending');
  expect(page.url()).toBe(url);

  await page.goBack();
  await expect(page).not.toHaveURL(/sort=customer/);
});

test('a channel manager moves a deal one stage on, and a skipped stage is refused', async ({ page }) => {
  await signInFromStart(page, 'maya@portico.example');
  await page.goto('/pipeline?q=Globex%20Corporation');
  await page.getByRole('button', { name: /Edit R-\d+/ }).first().click();
  const editor = page.getByRole('form', { name: /Edit R-/ });
  // It opens in view, with the focus in its first field.
  await expect(editor.getByLabel('Stage')).toBeFocused();
  await expect(editor).toBeInViewport();
  await editor.getByLabel('Stage').selectOption('Transact');
  await editor.getByLabel('Next step').fill('Sign the order');
  await editor.getByRole('button', { name: 'Save' }).click();
  // The server's refusal is shown on the field it is about, and the focus goes there.
  await expect(editor.locator('#edit-stage-error')).toContainText('one stage at a time');
  await expect(editor.getByLabel('Stage')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByLabel('Stage')).toBeFocused();
  await editor.getByLabel('Stage').selectOption('Configure & Quote');
  // A margin out of range is marked on its field before anything is sent.
  let patches = 0;
  page.on('request', (r) => { if (r.method() === 'PATCH') patches += 1; });
  await editor.getByLabel('Margin %').fill('150');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.locator('#edit-margin-error')).toHaveText('Margin is a percentage from -100 to 100.');
  await expect(editor.getByLabel('Margin %')).toBeFocused();
  expect(patches).toBe(0);
  await editor.getByLabel('Margin %').fill('18');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /R-\d+ saved\./ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Registrations' })).toContainText('Configure & Quote');
});

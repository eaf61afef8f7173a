// The shell: not-found page, failure with retry, and a phone-sized screen.
import { expect, test } from '@playwright/test';
import { signIn, signInFromStart } from './helpers';

test('an unknown address shows a not-found page inside the portal', async ({ page }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('/no-such-page');
  await page.getByRole('link', { name: 'Go to your home page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ben' })).toBeVisible();
});

test('a shared link with filters survives signing in', async ({ page }) => {
  await page.goto('/pipeline?status=approved&sort=customer&dir=asc');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await signIn(page, 'ben@vertex.example');
  await expect(page).toHaveURL(/\/pipeline\?status=approved&sort=customer&dir=asc$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pipeline' })).toBeVisible();
  await expect(page.locator('#pipeline-status')).toHaveValue('approved');
  await expect(page.getByRole('columnheader', { name: /Customer/ })).toHaveAttribute('aria-sort', 'ascending');
});

test('a partner on a channel manager\'s page is told it is not for them and shown the way home', async ({ page }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await page.goto('/manage/approvals');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Not available to you' })).toBeVisible();
  await expect(alert).toContainText('Only channel managers can do this.');
  await expect(alert.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await alert.getByRole('link', { name: 'Go to your home page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ben' })).toBeVisible();
});

test('a failed request shows a readable message and a retry that recovers', async ({ page }) => {
  await page.route('**/api/v1/me', (route) => route.abort('connectionrefused'));
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('could not reach the server');
  await page.unroute('**/api/v1/me');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('the portal is usable 360 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signInFromStart(page, 'cara@bluepeak.example');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' })).toBeVisible();
  await page.getByRole('button', { name: /account menu/ }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'tests/e2e/output/home-360px.png', fullPage: true });
});

test('on a phone the tab bar brings the current page\'s tab into view', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signInFromStart(page, 'ava@vertex.example');
  // German, whose tab labels are longer: chosen as the language menu does, read at the next load.
  await page.evaluate(() => localStorage.setItem('portico.locale', 'de'));
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
  const bar = page.locator('.app-nav ul');
  // The German tabs do not fit 360 px: the bar scrolls (and shows a shade at its edge).
  expect(await bar.evaluate((ul) => ul.scrollWidth > ul.clientWidth)).toBe(true);
  await page.goto('/partner/embed');
  const current = page.locator('.app-nav a[aria-current="page"]');
  await expect(current).toHaveText('Einbetten');
  await expect(current).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'tests/e2e/output/phone-nav-de.png' });
});

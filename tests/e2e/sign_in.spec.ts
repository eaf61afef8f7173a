// Signing in through the form as each demo user shows their partner and tier.
import { expect, test } from '@playwright/test';
import { DEMO_USERS, PASSWORD, signIn, signInFromStart } from './helpers';

for (const user of DEMO_USERS) {
  test(`${user.email} signs in and sees their partner and tier`, async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
    await signIn(page, user.email);

    await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${user.first}` })).toBeVisible();
    const header = page.getByRole('banner');
    if (user.partner) {
      await expect(header).toContainText(user.partner);
      const label = `${user.tier![0].toUpperCase()}${user.tier!.slice(1)} partner`;
      await expect(header.getByText(label)).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-tier', user.tier!);
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Registrations' })).toBeVisible();
    } else {
      await expect(header).toContainText('Vendor channel team');
      await expect(page.locator('html')).not.toHaveAttribute('data-tier', /.+/);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: 'Approvals' })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Registrations' })).toHaveCount(0);
    }
    await expect(page.getByRole('main')).toContainText(user.role);
    await page.screenshot({ path: `tests/e2e/output/home-${user.email.split('@')[0]}.png`, fullPage: true });
  });
}

test('the session survives a reload', async ({ page }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Ben' })).toBeVisible();
  await expect(page).not.toHaveURL(/sign-in/);
});

test('a wrong password is explained and the e-mail is kept', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, 'cara@bluepeak.example', 'wrong-password');
  await expect(page.getByRole('alert')).toContainText('do not match an account');
  await expect(page.getByLabel('E-mail')).toHaveValue('cara@bluepeak.example');
  await signIn(page, 'cara@bluepeak.example', PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Cara' })).toBeVisible();
});

test('a deep link survives signing in', async ({ page }) => {
  await page.goto('/pipeline');
  await expect(page).toHaveURL(/\/sign-in\?next=\/pipeline$/);
  await signIn(page, 'dan@ironclad.example');
  await expect(page).toHaveURL(/\/pipeline$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pipeline' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Pipeline' })).toHaveAttribute('aria-current', 'page');
});

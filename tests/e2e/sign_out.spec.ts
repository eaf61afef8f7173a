// Signing out from the user menu returns to sign-in and ends the session.
import { expect, test } from '@playwright/test';
import { signInFromStart } from './helpers';

test('signing out returns to sign-in and the portal stays closed', async ({ page }) => {
  await signInFromStart(page, 'ava@vertex.example');
  await page.getByRole('button', { name: /Ava Lindqvist/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).not.toHaveAttribute('data-tier', /.+/);

  await page.goto('/registrations');
  await expect(page).toHaveURL(/\/sign-in\?next=\/registrations$/);
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(401);
});

test('the user menu opens from the keyboard and closes with Escape', async ({ page }) => {
  await signInFromStart(page, 'maya@portico.example');
  const menu = page.getByRole('button', { name: /Maya Chen/ });
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();

  // From inside the panel, Escape gives the focus back to the menu button (not to the body).
  await page.keyboard.press('Enter');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await signOut.focus();
  await page.keyboard.press('Escape');
  await expect(signOut).toBeHidden();
  await expect(menu).toBeFocused();
});

test('an old /deals link signed out still lands on the same registration page after sign-in', async ({ page }) => {
  const ava = await page.request.post('/api/v1/session', { data: { email: 'ava@vertex.example', password: 'portico-demo' } });
  expect(ava.status()).toBe(200);
  const [first] = await (await page.request.get('/api/v1/registrations')).json();
  await page.request.delete('/api/v1/session');

  await page.goto(`/deals/${first.id}?from=mail`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel('E-mail').fill('ava@vertex.example');
  await page.getByLabel('Password').fill('portico-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${first.id}\\?from=mail$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(first.customer_legal_name);
});

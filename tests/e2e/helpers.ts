// Shared steps: sign in through the form, the way a person does.
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'portico-demo';

export const DEMO_USERS = [
  { email: 'ava@vertex.example', first: 'Ava', name: 'Ava Lindqvist', partner: 'Vertex Cloud Solutions', tier: 'gold', role: 'Partner admin' },
  { email: 'ben@vertex.example', first: 'Ben', name: 'Ben Okafor', partner: 'Vertex Cloud Solutions', tier: 'gold', role: 'Partner user' },
  { email: 'cara@bluepeak.example', first: 'Cara', name: 'Cara Hoffmann', partner: 'BluePeak Manufacturing', tier: 'silver', role: 'Partner admin' },
  { email: 'dan@ironclad.example', first: 'Dan', name: 'Dan Whitaker', partner: 'Ironclad Security', tier: 'bronze', role: 'Partner admin' },
  { email: 'maya@portico.example', first: 'Maya', name: 'Maya Chen', partner: null, tier: null, role: 'Channel manager' },
] as const;

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInFromStart(page: Page, email: string) {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
}

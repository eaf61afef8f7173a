// What channel managers decide and change, each on records the test makes for itself (so no
// other spec's data moves): rejecting with a reason the partner reads; the extension-requests
// tab and extending protection; editing a published asset; the fields shared with partners.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { PASSWORD, signInFromStart } from './helpers';

const BASE = process.env.PORTICO_URL ?? 'http://127.0.0.1:8080';

/// An API session as `email`, the way the SPA's own requests go (same origin, cookie).
async function apiAs(email: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: BASE });
  const res = await api.post('/api/v1/session', { data: { email, password: PASSWORD } });
  expect(res.status(), `sign-in as ${email}`).toBe(200);
  return api;
}

/// Dan (Bronze, referral) registers a customer of his own; its id.
async function registered(slug: string): Promise<{ id: number; customer: string }> {
  const dan = await apiAs('dan@ironclad.example');
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const customer = `${slug} ${stamp} Inc`;
  const close = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const res = await dan.post('/api/v1/registrations', {
    data: {
      motion: 'referral', category: 'standard', customer_legal_name: customer,
      customer_domain: `${slug.toLowerCase()}-${stamp}.example`, customer_country: 'US',
      contact_name: 'Robin Vale', contact_email: `robin@${slug.toLowerCase()}-${stamp}.example`,
      contact_role: 'CFO', products: ['Portico Analytics'], estimated_value: '40000', currency: 'USD',
      expected_close: close, attribution: 'sourced', attribution_percent: '100', incumbent: false,
      notes: '',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as number;
  await dan.dispose();
  return { id, customer };
}

test('a channel manager rejects with a reason, and the partner reads it on the deal', async ({ page, browser }) => {
  const { id, customer } = await registered('Rejectable');
  await signInFromStart(page, 'maya@portico.example');
  await page.goto('/manage/approvals');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(customer) }) });
  await card.getByRole('button', { name: 'Reject…' }).click();
  await card.getByRole('button', { name: 'Reject registration' }).click();
  await expect(card.getByRole('alert')).toContainText('at least 5 characters');
  await card.getByLabel('Reason for the partner').fill('The customer buys direct under an enterprise agreement.');
  await card.getByRole('button', { name: 'Reject registration' }).click();
  await expect(card).toHaveCount(0);

  const dan = await browser.newPage();
  await signInFromStart(dan, 'dan@ironclad.example');
  await dan.goto(`/registrations/${id}`);
  await expect(dan.getByRole('heading', { level: 1 })).toHaveText(customer);
  await expect(dan.getByRole('main')).toContainText('Rejected');
  await expect(dan.getByRole('main')).toContainText('The customer buys direct under an enterprise agreement.');
  await dan.close();
});

test('an extension request waits in its tab until the manager extends protection', async ({ page }) => {
  const { id, customer } = await registered('Extendable');
  const maya = await apiAs('maya@portico.example');
  expect((await maya.post(`/api/v1/manage/registrations/${id}/approve`)).status()).toBe(200);
  const dan = await apiAs('dan@ironclad.example');
  const before = (await (await dan.get(`/api/v1/registrations/${id}`)).json()).registration.protection.end as number;
  const asked = await dan.post(`/api/v1/registrations/${id}/extension-request`, {
    data: { reason: 'Their board meets next quarter.' },
  });
  expect(asked.status()).toBe(202);

  await signInFromStart(page, 'maya@portico.example');
  await page.goto('/manage/approvals');
  await page.getByRole('button', { name: 'Extension requests' }).click();
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(customer) }) });
  await expect(card).toContainText('Extension requested: Their board meets next quarter.');
  await card.getByLabel('Extend by (days)').fill('200');
  await card.getByRole('button', { name: 'Extend protection' }).click();
  await expect(card.getByRole('alert')).toContainText('1 to 180');
  await card.getByLabel('Extend by (days)').fill('45');
  await card.getByRole('button', { name: 'Extend protection' }).click();
  await expect(card).toHaveCount(0);
  const after = (await (await dan.get(`/api/v1/registrations/${id}`)).json()).registration.protection.end as number;
  expect(after - before).toBe(45 * 86_400);
  await maya.dispose();
  await dan.dispose();
});

test('a channel manager edits a published asset and partners read the new text', async ({ page, browser }) => {
  const maya = await apiAs('maya@portico.example');
  const stamp = Date.now();
  const created = await maya.post('/api/v1/manage/library', {
    data: {
      title: `Quillfeather pitch ${stamp}`, summary: 'The first version of the pitch.',
      body: 'Old first paragraph.', kind: 'play', motions: ['referral'], industries: [], use_cases: [],
      min_tier: 'bronze', link: 'https://content.portico.example/library/quillfeather',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).asset.id as number;
  await maya.dispose();

  await signInFromStart(page, 'maya@portico.example');
  await page.goto(`/manage/content/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit asset');
  await expect(page.getByLabel('Title')).toHaveValue(`Quillfeather pitch ${stamp}`);
  await page.getByLabel('Title').fill(`Quillfeather pitch ${stamp} (2027)`);
  await page.getByLabel(/Summary/).fill('The pitch, rewritten for 2027 budgets.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/\/manage\/content$/);
  await expect(page.getByRole('link', { name: `Quillfeather pitch ${stamp} (2027)` })).toBeVisible();

  const dan = await browser.newPage();
  await signInFromStart(dan, 'dan@ironclad.example');
  await dan.goto(`/library/${id}`);
  await expect(dan.getByRole('heading', { level: 1 })).toHaveText(`Quillfeather pitch ${stamp} (2027)`);
  await expect(dan.getByRole('main')).toContainText('The pitch, rewritten for 2027 budgets.');
  await dan.close();
});

test('unsharing a field hides it from partners at once, and sharing it brings it back', async ({ page }) => {
  const ben = await apiAs('ben@vertex.example');
  const nextSteps = async () => {
    const res = await ben.get('/api/v1/registrations');
    expect(res.status()).toBe(200);
    return (await res.json()).filter((r: { next_step?: string | null }) => r.next_step != null).length;
  };
  expect(await nextSteps(), 'Ben sees next steps while they are shared').toBeGreaterThan(0);
  await signInFromStart(page, 'maya@portico.example');
  await page.goto('/pipeline');
  await page.getByText('Fields shared with partners').click();
  const box = page.getByLabel('Next step', { exact: true });
  await expect(box).toBeChecked();
  try {
    await box.uncheck();
    await page.getByRole('button', { name: 'Save shared fields' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveText('Saved: partners now see these fields.');
    expect(await nextSteps(), 'Ben still sees next steps').toBe(0);
  } finally {
    // Shared fields are program-wide: the other specs expect the default back.
    await box.check();
    await page.getByRole('button', { name: 'Save shared fields' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  }
  expect(await nextSteps()).toBeGreaterThan(0);
  await ben.dispose();
});

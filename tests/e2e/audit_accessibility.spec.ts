// axe-core (WCAG 2.x A/AA rules) on every route, signed in as each role: zero violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { signInFromStart } from './helpers';
import { scaled } from './timing';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `${what} has accessibility violations`).toEqual([]);
}

test('the sign-in page, empty and with errors', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await audit(page, 'sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your password.')).toBeVisible();
  await audit(page, 'sign-in with errors');
});

/// What each role audits: a route and the heading its page must show (so a not-found page or an
/// error cannot pass for the page; the two not-found routes are audited on purpose). `{deal}` is
/// a registration the role can open, `{asset}` a library asset, both read from the API.
const ROLES: { email: string; routes: [string, string | RegExp][] }[] = [
  {
    email: 'ben@vertex.example',
    routes: [
      ['/', 'Welcome, Ben'],
      ['/library', 'Library'],
      ['/library?q=pricng&motion=reseller', 'Library'],
      ['/library/{asset}', '{asset}'],
      ['/registrations', 'My registrations'],
      ['/registrations/new', 'Register a deal'],
      ['/registrations/{deal}', '{deal}'],
      ['/pipeline', 'Pipeline'],
      ['/commissions', 'Commissions'],
      ['/no-such-page', 'Page not found'],
    ],
  },
  {
    email: 'cara@bluepeak.example',
    routes: [
      ['/', 'Welcome, Cara'],
      ['/library?q=zzzzqqq', 'Library'],
      ['/registrations', 'My registrations'],
      ['/pipeline', 'Pipeline'],
      ['/partner/embed', 'Embed the registration form'],
      ['/commissions', 'Commissions'],
    ],
  },
  {
    email: 'ava@vertex.example',
    routes: [
      ['/commissions', 'Commissions'],
      ['/commissions/statements/{statement}', /^Statement for /],
    ],
  },
  { email: 'dan@ironclad.example', routes: [['/', 'Welcome, Dan'], ['/library/999999', 'Asset not found']] },
  {
    email: 'maya@portico.example',
    routes: [
      ['/', 'Welcome, Maya'],
      ['/manage/approvals', 'Approvals'],
      ['/manage/commissions', 'Commissions'],
      ['/manage/content', 'Content'],
      ['/manage/content/new', 'New asset'],
      ['/manage/content/{asset}', 'Edit asset'],
      ['/manage/partners', 'Partners'],
      ['/manage/partners/{partner}', '{partner}'],
      ['/pipeline', 'Pipeline'],
      ['/registrations/{deal}', '{deal}'],
    ],
  },
];

/// Every path of the SPA's `AppRoute` (src/routes.rs), so a new page cannot go unaudited.
function appRoutes(): string[] {
  const source = fs.readFileSync(path.join(process.cwd(), 'src/routes.rs'), 'utf8');
  const paths = [...source.matchAll(/AppRoute::\w+ => "(\/[^"]*)"/g)].map((m) => m[1]);
  expect(paths.length, 'paths read from AppRoute::path').toBeGreaterThan(5);
  return paths;
}

test('every page of AppRoute is audited', () => {
  // Sign-in and the style guide have tests of their own below.
  const audited = new Set(['/sign-in', '/style-guide']);
  for (const role of ROLES) for (const [route] of role.routes) audited.add(route.split('?')[0]);
  const missing = appRoutes().filter((p) => !audited.has(p));
  expect(missing, 'AppRoute pages no role audits').toEqual([]);
});

/// A registration the signed-in user can open and a published asset, from the API.
async function records(page: Page): Promise<{ deal: [string, string]; asset: [string, string] }> {
  const deals = await page.request.get('/api/v1/registrations');
  expect(deals.status()).toBe(200);
  const [first] = await deals.json();
  const library = await page.request.get('/api/v1/library');
  expect(library.status()).toBe(200);
  const found: { id: number; title: string }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.id === 'number' && typeof o.title === 'string') found.push({ id: o.id, title: o.title });
      Object.values(o).forEach(walk);
    }
  };
  walk(await library.json());
  expect(first, 'a registration to open').toBeTruthy();
  expect(found.length, 'an asset to open').toBeGreaterThan(0);
  return { deal: [String(first.id), first.customer_legal_name], asset: [String(found[0].id), found[0].title] };
}

for (const role of ROLES) {
  test(`every route as ${role.email}`, async ({ page }) => {
    // One test walks many routes, each loaded and audited in turn: allow for a busy machine.
    test.setTimeout(scaled(30_000 + role.routes.length * 15_000));
    await signInFromStart(page, role.email);
    const { deal, asset } = await records(page);
    // A statement of the company's, for partner admins who have one.
    let statement = '';
    if (role.routes.some(([p]) => p.includes('{statement}'))) {
      const page_ = await page.request.get('/api/v1/commissions');
      expect(page_.status()).toBe(200);
      const statements = (await page_.json()).statements as { id: number }[];
      expect(statements.length, 'a statement to open').toBeGreaterThan(0);
      statement = String(statements[0].id);
    }
    // A partner company's page, for channel managers: the first partner listed (id and name).
    let partner: [string, string] = ['', ''];
    if (role.routes.some(([p]) => p.includes('{partner}'))) {
      const list = await page.request.get('/api/v1/manage/partners');
      expect(list.status()).toBe(200);
      const partners = (await list.json()) as { id: number; name: string }[];
      expect(partners.length, 'a partner to open').toBeGreaterThan(0);
      partner = [String(partners[0].id), partners[0].name];
    }
    for (const [pattern, heading] of role.routes) {
      const route = pattern
        .replace('{deal}', deal[0])
        .replace('{asset}', asset[0])
        .replace('{statement}', statement)
        .replace('{partner}', partner[0]);
      const expected =
        heading === '{deal}' ? deal[1] : heading === '{asset}' ? asset[1] : heading === '{partner}' ? partner[1] : heading;
      await page.goto(route);
      await expect(page.getByRole('heading', { level: 1 }), `the heading of ${route}`).toHaveText(expected);
      await expect(page.locator('.loading')).toHaveCount(0);
      await audit(page, `${route} as ${role.email}`);
    }
  });
}

// The channel managers' style guide: every component under each tier's tokens (its own test: the
// page is long, and it shows a loading indicator as a sample).
test('the style guide, wide and at 360 px', async ({ page }) => {
  await signInFromStart(page, 'maya@portico.example');
  await page.goto('/style-guide');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Style guide');
  for (const tier of ['bronze', 'silver', 'gold']) {
    await expect(page.locator(`.style-guide__column[data-tier="${tier}"]`)).toBeVisible();
  }
  await audit(page, 'style guide');
  await page.setViewportSize({ width: 360, height: 780 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await audit(page, 'style guide at 360 px');
});

test('the asset form with inline errors', async ({ page }) => {
  await signInFromStart(page, 'maya@portico.example');
  await page.goto('/manage/content/new');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Choose at least one motion.')).toBeVisible();
  await audit(page, 'asset form with errors');
});

test('the registration form with inline errors', async ({ page }) => {
  await signInFromStart(page, 'dan@ironclad.example');
  await page.goto('/registrations/new');
  await page.getByRole('button', { name: 'Submit registration' }).click();
  await expect(page.getByRole('alert')).toContainText('need attention');
  await audit(page, 'registration form with errors');
});

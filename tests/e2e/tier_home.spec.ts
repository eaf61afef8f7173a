// Tier home pages: Gold, Silver and Bronze get different widgets and layouts (desktop and phone,
// screenshots kept as test output), onboarding ticks itself, and announcements are acknowledged
// with channel managers seeing who did.
import { expect, test, type Page } from '@playwright/test';
import { signInFromStart } from './helpers';

const TIERS = [
  {
    email: 'ava@vertex.example', tier: 'gold',
    has: ['Your channel manager', 'Co-marketing funds', 'Exclusive registration categories', 'Early-access certifications', 'Pipeline summary', 'Needs your attention', 'Commissions this year', 'Deals by stage', 'Announcements'],
    lacks: ['Getting set up', 'Progress toward'],
  },
  {
    email: 'cara@bluepeak.example', tier: 'silver',
    has: ['Pipeline summary', 'Deals by stage', 'Needs your attention', 'Commissions this year', 'Progress toward Gold', 'Recommended for your motions', 'Announcements'],
    lacks: ['Co-marketing funds', 'Your channel manager', 'Getting set up'],
  },
  {
    email: 'dan@ironclad.example', tier: 'bronze',
    has: ['Getting set up', 'Progress toward Silver', 'Needs your attention', 'Start here', 'Deals by stage', 'Announcements'],
    lacks: ['Co-marketing funds', 'Pipeline summary', 'Exclusive registration categories', 'Commissions this year'],
  },
];

async function widgets(page: Page): Promise<string[]> {
  await expect(page.locator('.home-grid .widget').first()).toBeVisible();
  return page.locator('.home-grid .widget h2').allTextContents();
}

for (const t of TIERS) {
  for (const [device, width] of [['desktop', 1280], ['phone', 360]] as const) {
    test(`${t.tier} home on a ${device}`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await signInFromStart(page, t.email);
      const titles = await widgets(page);
      for (const h of t.has) expect(titles.some((x) => x.startsWith(h)), `${t.tier} shows ${h}`).toBe(true);
      for (const h of t.lacks) expect(titles.some((x) => x.startsWith(h)), `${t.tier} hides ${h}`).toBe(false);
      await expect(page.locator('html')).toHaveAttribute('data-tier', t.tier);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `tests/e2e/output/home-${t.tier}-${device}.png`, fullPage: true });
    });
  }
}

test('the three tiers lead with different widgets', async ({ browser }) => {
  const firsts: string[] = [];
  for (const t of TIERS) {
    const page = await browser.newPage();
    await signInFromStart(page, t.email);
    firsts.push((await widgets(page))[0]);
    await page.close();
  }
  expect(new Set(firsts).size).toBe(3);
});

test('Gold sees its fund balance and its channel manager', async ({ page }) => {
  await signInFromStart(page, 'ava@vertex.example');
  const mdf = page.getByRole('region', { name: 'Co-marketing funds' });
  await expect(mdf).toContainText('$31,500.00');
  await expect(mdf).toContainText('$50,000.00');
  await expect(page.getByRole('region', { name: 'Your channel manager' }).getByRole('link', { name: 'maya@portico.example' })).toBeVisible();
});

test('onboarding ticks itself as a Bronze partner confirms the profile', async ({ page }) => {
  await signInFromStart(page, 'dan@ironclad.example');
  const setup = page.getByRole('region', { name: 'Getting set up' });
  await expect(setup.getByRole('status')).toHaveText(/^\d of 3 done$/);
  const before = await setup.getByRole('status').textContent();
  await setup.getByRole('button', { name: 'Confirm profile' }).click();
  await expect(setup.getByRole('button', { name: 'Confirm profile' })).toHaveCount(0);
  await expect(setup.getByRole('status')).not.toHaveText(before!);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Getting set up' }).getByText('Confirm your company profile (done)')).toBeAttached();
});

test('a partner acknowledges an announcement and the channel manager sees it', async ({ browser }) => {
  const dan = await browser.newPage();
  await signInFromStart(dan, 'dan@ironclad.example');
  const news = dan.getByRole('region', { name: 'Announcements' });
  const item = news.locator('.announcement').filter({ hasText: 'Register Q4 deals by December 15' });
  await expect(item.getByText('Please acknowledge')).toBeVisible();
  await item.locator('summary').click();
  await expect(item.getByText('New')).toHaveCount(0);
  await item.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(item.getByText(/Acknowledged on/)).toBeVisible();
  await dan.reload();
  const again = dan.getByRole('region', { name: 'Announcements' }).locator('.announcement').filter({ hasText: 'Register Q4 deals by December 15' });
  await expect(again.getByText('Please acknowledge')).toHaveCount(0);
  await dan.screenshot({ path: 'tests/e2e/output/home-acknowledged.png', fullPage: true });

  const maya = await browser.newPage();
  await signInFromStart(maya, 'maya@portico.example');
  const acks = maya.getByRole('region', { name: 'Announcements and acknowledgements' });
  await expect(acks.locator('.announcement').filter({ hasText: 'Register Q4 deals by December 15' })).toContainText('Dan Whitaker (Ironclad Security)');
});

// The German UI: chosen in the user menu, applied at once (navigation, headings, dates and money
// in German format), remembered across a reload, and switched back to English the same way.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signInFromStart } from './helpers';

async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `${what} has accessibility violations`).toEqual([]);
}

async function chooseLanguage(page: Page, menuButton: RegExp, label: string, code: 'de' | 'en') {
  await page.getByRole('button', { name: menuButton }).click();
  await page.locator('#user-menu-panel').getByLabel(label).selectOption(code);
}

test('a partner switches to German in the user menu, keeps it after a reload, and switches back', async ({ page }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await chooseLanguage(page, /account menu/, 'Language', 'de');

  // The whole app is redrawn in German.
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  for (const link of ['Startseite', 'Bibliothek', 'Registrierungen', 'Pipeline']) {
    await expect(nav.getByRole('link', { name: link, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('banner')).toContainText('Gold-Partner');
  expect(await page.evaluate(() => localStorage.getItem('portico.locale'))).toBe('de');

  await nav.getByRole('link', { name: 'Registrierungen', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Registrierungen' })).toBeVisible();
  await expect(page).toHaveTitle('Meine Registrierungen · Portico');
  const list = page.getByRole('list', { name: 'Registrierungen' });
  // Money as German writes it: "455.000,00 $" (dot for thousands, comma for cents, symbol after).
  await expect(list).toContainText(/\d{1,3}(\.\d{3})+,\d{2}\s[$€£]/);
  await expect(list).not.toContainText(/\d,\d{3}\.\d{2}/);
  await expect(list.locator('.status-badge').filter({ hasText: 'Freigegeben' }).first()).toBeVisible();

  await list.getByRole('link', { name: 'Globex Corporation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Globex Corporation' })).toBeVisible();
  // Dates as German writes them: "21.11.2026".
  await expect(page.getByText(/Geschützt bis \d{2}\.\d{2}\.\d{4} · noch \d+/)).toBeVisible();
  const facts = page.locator('.facts');
  await expect(facts.locator('div').filter({ hasText: 'Geplanter Abschluss' }).locator('dd')).toHaveText(/^\d{2}\.\d{2}\.\d{4}$/);
  await expect(facts.locator('div').filter({ hasText: 'Geschätzter Wert' }).locator('dd')).toHaveText(/^\d{1,3}(\.\d{3})*,\d{2}\s[$€£]$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Verlauf' })).toBeVisible();
  await expect(page.getByRole('link', { name: '← Meine Registrierungen' })).toBeVisible();
  await page.screenshot({ path: 'tests/e2e/output/german-registration.png', fullPage: true });

  // Remembered: a reload comes back in German.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Globex Corporation' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Startseite' })).toBeVisible();
  await expect(page.getByText(/Geschützt bis \d{2}\.\d{2}\.\d{4}/)).toBeVisible();

  // And back to English.
  await chooseLanguage(page, /Kontomenü/, 'Sprache', 'en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(page.getByText(/Protected until [A-Z][a-z]{2} \d{1,2}, \d{4}/)).toBeVisible();
  await expect(page.locator('.facts')).toContainText(/\$\d{1,3}(,\d{3})*\.\d{2}|€\d{1,3}(,\d{3})*\.\d{2}/);
  expect(await page.evaluate(() => localStorage.getItem('portico.locale'))).toBe('en');
});

test('the registration form lists countries by their German names, in German order', async ({ page }) => {
  await signInFromStart(page, 'ben@vertex.example');
  await chooseLanguage(page, /account menu/, 'Language', 'de');
  await page.goto('/registrations/new');
  const country = page.locator('#customer_country');
  await expect(country).toBeVisible();
  await expect(country.locator('option[value="DE"]')).toHaveText('Deutschland');
  await expect(country.locator('option[value="AT"]')).toHaveText('Österreich');
  const names = await country.locator('option:not([value=""])').allTextContents();
  const german = new Intl.Collator('de');
  expect(names).toEqual([...names].sort(german.compare));
  // Not the ISO-code order of old (Andorra, United Arab Emirates, Afghanistan, …).
  expect(names.indexOf('Afghanistan')).toBeLessThan(names.indexOf('Andorra'));
  expect(names.indexOf('Ägypten')).toBeLessThan(names.indexOf('Albanien'));
});

test('the language can be chosen on the sign-in page, before signing in', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Language').selectOption('de');
  await expect(page.getByRole('heading', { level: 1, name: 'Melden Sie sich bei Ihrem Partnerportal an' })).toBeVisible();
  await page.getByRole('button', { name: 'Anmelden' }).click();
  // The domain's validation messages, translated.
  await expect(page.locator('#email-error')).toHaveText('Geben Sie Ihre E-Mail-Adresse ein.');
  await expect(page.locator('#password-error')).toHaveText('Geben Sie Ihr Passwort ein.');
  await page.getByLabel('E-Mail').fill('cara@bluepeak.example');
  await page.getByLabel('Passwort').fill('wrong-password');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  // The server's message, translated.
  await expect(page.getByRole('alert')).toContainText('passen zu keinem Konto');
  await page.getByLabel('Sprache').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to your partner portal' })).toBeVisible();
});

test('German pages pass the accessibility audit', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('portico.locale', 'de'));
  await page.goto('/sign-in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await audit(page, 'sign-in (de)');
  await page.getByLabel('E-Mail').fill('maya@portico.example');
  await page.getByLabel('Passwort').fill('portico-demo');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
  for (const route of ['/manage/approvals', '/pipeline', '/registrations/1']) {
    await page.goto(route);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('.loading')).toHaveCount(0);
    await audit(page, `${route} (de)`);
  }
});

test('only German readers fetch the German catalog, and a message with numbers is translated', async ({ browser }) => {
  const catalogs = (page: Page) => {
    const asked: string[] = [];
    page.on('request', (r) => {
      if (/\/i18n\/de\.[0-9a-f]+\.messages$/.test(new URL(r.url()).pathname)) asked.push(r.url());
    });
    return asked;
  };
  const english = await browser.newContext({ locale: 'en-US' });
  const en = await english.newPage();
  const enAsked = catalogs(en);
  await en.goto('/sign-in');
  await expect(en.getByRole('heading', { level: 1, name: 'Sign in to your partner portal' })).toBeVisible();
  await en.getByLabel('E-mail').fill('ben@vertex.example');
  await en.getByLabel('Password').fill('portico-demo');
  await en.getByRole('button', { name: 'Sign in' }).click();
  await expect(en.getByRole('navigation', { name: 'Main' })).toBeVisible();
  expect(enAsked, 'an English session fetches no German catalog').toEqual([]);
  await english.close();

  // The browser's language picks German before anything is stored.
  const german = await browser.newContext({ locale: 'de-DE' });
  const de = await german.newPage();
  const deAsked = catalogs(de);
  await de.goto('/sign-in');
  await expect(de.getByRole('heading', { level: 1, name: 'Melden Sie sich bei Ihrem Partnerportal an' })).toBeVisible();
  expect(deAsked.length, 'the German catalog, fetched once').toBe(1);
  await de.getByLabel('E-Mail').fill('ben@vertex.example');
  await de.getByLabel('Passwort').fill('portico-demo');
  await de.getByRole('button', { name: 'Anmelden' }).click();
  await expect(de.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
  // A typed message with a parameter, drawn by the rules in the browser: "at most 2000".
  await de.goto('/registrations/new');
  const notes = de.locator('#notes');
  await expect(notes).toBeVisible();
  await notes.fill('x'.repeat(2014));
  await notes.blur();
  await expect(de.locator('#notes-error')).toContainText('2000');
  await expect(de.locator('#notes-error')).toContainText('14');
  await expect(de.locator('#notes-error')).not.toContainText('characters');
  await german.close();
});

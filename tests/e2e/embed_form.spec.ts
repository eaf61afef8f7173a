// The registration form on a partner's own website. The spec serves a tiny "partner website"
// from other loopback addresses (another origin than the portal), with a strict
// Content-Security-Policy that allows only the portal for script, frame and connect:
// - Ava (partner admin) lists the website on the Embed page; a visitor with no portal session
//   registers a deal from it; the deal is in Ava's pipeline marked "Website form";
// - what a visitor types before the form's script has started is still checked;
// - the same page on a website that is not listed shows a clear message and cannot send;
// - rotating the key stops the old snippet at once (an open form, and the page reloaded).
import AxeBuilder from '@axe-core/playwright';
import { expect, request, test, type Browser, type FrameLocator, type Page } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signInFromStart } from './helpers';
import { scaled } from './timing';

// The tests share Vertex's embed settings (websites, key): one after the other.
test.describe.configure({ mode: 'serial' });

const PORTAL = new URL(process.env.PORTICO_URL ?? 'http://127.0.0.1:8080').origin;
/// The key the partner website's snippet carries (set from the Embed page).
let snippetKey = '';

function hostPage(key: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vertex Cloud Solutions — partners</title></head>
<body><main>
<h1>Register a deal with Vertex</h1>
<p>Our partner page. The form below comes from Portico.</p>
<script src="${PORTAL}/embed/v1/loader.js" defer></script>
<div data-portico-embed data-key="${key}" data-accent="#0a7c59" data-radius="4px"></div>
<p>Questions? partners@vertex.example</p>
</main></body></html>`;
}

/// A website on `host` (port chosen by the system) serving the snippet with `snippetKey`.
async function startWebsite(host: string): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        `default-src 'none'; script-src ${PORTAL}; frame-src ${PORTAL}; connect-src ${PORTAL}; ` +
        `style-src 'none'; base-uri 'none'; form-action 'none'`,
    });
    res.end(hostPage(snippetKey));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://${host}:${port}` };
}

let allowed: { server: http.Server; origin: string };
let stranger: { server: http.Server; origin: string };

test.beforeAll(async () => {
  allowed = await startWebsite('127.0.0.2');
  stranger = await startWebsite('127.0.0.3');
});

test.afterAll(async () => {
  allowed?.server.close();
  stranger?.server.close();
});

/// A visitor: a fresh browser context, no portal session. Collects CSP refusals on the page.
async function visitor(browser: Browser, url: string, locale = 'en-US'): Promise<{ page: Page; refusals: string[] }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const refusals: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) refusals.push(m.text());
  });
  await page.goto(url);
  return { page, refusals };
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/// The form's labels in each language it speaks.
const LABELS = {
  en: ['Motion', 'Products', 'Estimated value', 'Currency', 'Expected close date', 'Attribution %', 'Legal name', 'Web domain', 'Country', 'Name', 'E-mail', 'Role'],
  de: ['Vertriebsweg', 'Produkte', 'Geschätzter Wert', 'Währung', 'Voraussichtlicher Abschluss', 'Zuordnung in %', 'Firmenname', 'Web-Domain', 'Land', 'Name', 'E-Mail', 'Funktion'],
};

async function fillDeal(form: FrameLocator, customer: string, domain: string, lang: 'en' | 'de' = 'en') {
  const [motion, products, value, currency, close, percent, legal, web, country, name, email, role] = LABELS[lang];
  await form.getByLabel(motion).selectOption('reseller');
  await form.getByLabel(products).fill('Portico Analytics, Support Plus');
  await form.getByLabel(value).fill('84000');
  await form.getByLabel(currency).selectOption('EUR');
  await form.getByLabel(close).fill(inDays(45));
  await form.getByLabel(percent).fill('100');
  await form.getByLabel(legal).fill(customer);
  await form.getByLabel(web).fill(domain);
  await form.getByLabel(country).selectOption('DE');
  await form.getByLabel(name, { exact: true }).fill('Lena Brandt');
  await form.getByLabel(email).fill(`lena@${domain}`);
  await form.getByLabel(role, { exact: true }).fill('Head of IT');
}

/// The form's own frame on the host page.
function formIn(page: Page): FrameLocator {
  return page.frameLocator('iframe[title^="Register a deal with"], iframe[title^="Einen Deal bei"]');
}

/// A person takes more than the form's minimum fill time (3 s); so does this test.
async function sendLikeAPerson(page: Page, form: FrameLocator, loadedAt: number) {
  const wait = 3_500 - (Date.now() - loadedAt);
  if (wait > 0) await page.waitForTimeout(wait);
  await form.getByRole('button', { name: 'Register the deal' }).click();
}

async function openEmbedPage(page: Page) {
  await signInFromStart(page, 'ava@vertex.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Embed' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Embed the registration form' })).toBeVisible();
}

async function currentKey(page: Page): Promise<string> {
  const snippet = await page.getByLabel('Snippet').textContent();
  const key = /data-key="(pe_[0-9a-f]{32})"/.exec(snippet ?? '')?.[1];
  expect(key, `a key in the snippet: ${snippet}`).toBeTruthy();
  expect(snippet).toContain(`${PORTAL}/embed/v1/loader.js`);
  return key!;
}

test('a partner admin lists a website and a visitor registers a deal from it into the pipeline', async ({ page, browser }) => {
  test.setTimeout(scaled(90_000));
  await openEmbedPage(page);
  snippetKey = await currentKey(page);
  await expect(page.getByText(`script-src ${PORTAL}; frame-src ${PORTAL}; connect-src ${PORTAL}`)).toBeVisible();
  const websites = page.getByLabel('Websites that may show the form, one per line');
  await websites.fill(`${allowed.origin}/\nnot a website`);
  await websites.blur();
  await expect(page.getByText(/Entry 2: .*has no scheme/)).toBeVisible();
  await websites.fill(`${allowed.origin}/`);
  await page.getByRole('button', { name: 'Save the websites' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(websites).toHaveValue(allowed.origin);
  // The live preview is the real form.
  await expect(page.frameLocator('iframe.embed-preview').getByRole('heading', { name: 'Register a deal with Vertex Cloud Solutions' })).toBeVisible();
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(audit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: 'tests/e2e/output/embed-page.png', fullPage: true });

  const stamp = Date.now();
  const customer = `Falkenried ${stamp} GmbH`;
  const domain = `falkenried-${stamp}.de`;
  const { page: site, refusals } = await visitor(browser, `${allowed.origin}/`);
  const form = formIn(site);
  await expect(form.getByRole('heading', { name: 'Register a deal with Vertex Cloud Solutions' })).toBeVisible();
  const loadedAt = Date.now();
  // The domain crate's rules, inline: a message once the person leaves the field.
  await form.getByLabel('Web domain').fill('not a domain');
  await form.getByLabel('Country').focus();
  await expect(form.getByText('That is not a web domain. Enter it like acme.com.')).toBeVisible();
  await fillDeal(form, customer, domain);
  // The frame has grown to the form's height: nothing of it is cut off.
  const frameBox = await site.locator('iframe').boundingBox();
  expect(frameBox?.height ?? 0).toBeGreaterThan(900);
  const siteAudit = await new AxeBuilder({ page: site }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(siteAudit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await sendLikeAPerson(site, form, loadedAt);
  const thanks = form.getByRole('status');
  await expect(thanks).toContainText('Thank you');
  await expect(thanks).toContainText('Your registration has reached Vertex Cloud Solutions');
  await expect(thanks).toContainText(/Reference: EMB-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/);
  await site.screenshot({ path: 'tests/e2e/output/embed-thank-you.png', fullPage: true });
  expect(refusals, 'the host page CSP refused nothing').toEqual([]);
  await site.context().close();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' }).click();
  await page.getByPlaceholder('Customer, number, owner or next step').fill(customer);
  const row = page.getByRole('row').filter({ hasText: customer });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Website form');
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'tests/e2e/output/embed-pipeline.png' });
});

test('a German visitor gets the form, its checks and its answer in German', async ({ browser }) => {
  test.setTimeout(scaled(60_000));
  const { page: site, refusals } = await visitor(browser, `${allowed.origin}/`, 'de-DE');
  await expect(site.locator('iframe')).toHaveAttribute('title', 'Einen Deal bei Vertex Cloud Solutions registrieren');
  const form = formIn(site);
  await expect(form.getByRole('heading', { name: 'Einen Deal bei Vertex Cloud Solutions registrieren' })).toBeVisible();
  await expect(form.locator('html')).toHaveAttribute('lang', 'de');
  const loadedAt = Date.now();
  // The rules' message, drawn from the German words the page carries.
  await form.getByLabel('Web-Domain').fill('not a domain');
  await form.getByLabel('Land').focus();
  await expect(form.getByText('Das ist keine Webdomain. Geben Sie sie in der Form acme.com ein.')).toBeVisible();
  // Countries by their German names, once the script has named them.
  await expect(form.locator('#f-customer_country option[value="DE"]')).toHaveText('Deutschland');
  const stamp = Date.now();
  await fillDeal(form, `Kranich ${stamp} AG`, `kranich-${stamp}.de`, 'de');
  const wait = 3_500 - (Date.now() - loadedAt);
  if (wait > 0) await site.waitForTimeout(wait);
  await form.getByRole('button', { name: 'Deal registrieren' }).click();
  const thanks = form.getByRole('status');
  await expect(thanks).toContainText('Vielen Dank');
  await expect(thanks).toContainText('Ihre Registrierung ist bei Vertex Cloud Solutions eingegangen');
  await expect(thanks).toContainText(/Referenz: EMB-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/);
  await site.screenshot({ path: 'tests/e2e/output/embed-german.png', fullPage: true });
  expect(refusals).toEqual([]);
  await site.context().close();
});

test('what a visitor types before the form\'s script has started is still checked', async ({ browser }) => {
  // The form page arrives complete from the server and can be filled at once; its wasm is held
  // back here until the visitor has typed a bad domain and moved on.
  const context = await browser.newContext({ locale: 'en-US' });
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route(/\/embed\/v1\/.*\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  const site = await context.newPage();
  await site.goto(`${allowed.origin}/`);
  const form = formIn(site);
  await expect(form.getByRole('heading', { name: 'Register a deal with Vertex Cloud Solutions' })).toBeVisible();
  await form.getByLabel('Web domain').fill('not a domain');
  await form.getByLabel('Country').focus();
  await expect(form.getByText('That is not a web domain. Enter it like acme.com.')).toHaveCount(0);
  release();
  await expect(form.getByText('That is not a web domain. Enter it like acme.com.')).toBeVisible();
  // Fields the visitor has not reached stay quiet.
  await expect(form.getByText("Enter the customer's legal name.")).toHaveCount(0);
  await context.close();
});

test('the same page on a website that is not listed shows a clear message and cannot send', async ({ browser }) => {
  const { page, refusals } = await visitor(browser, `${stranger.origin}/`);
  const message = page.getByRole('alert');
  await expect(message).toContainText('The deal registration form cannot be shown here.');
  await expect(message).toContainText('This website is not allowed to show this registration form.');
  await expect(page.locator('iframe')).toHaveCount(0);
  await page.screenshot({ path: 'tests/e2e/output/embed-not-allowed.png' });
  // Sending directly does not get through either: the browser's CORS preflight is refused,
  // and nothing is stored (checked below as Vertex's admin, whatever the fetch reported).
  const customer = `Stranger ${Date.now()} GmbH`;
  const sent = await page.evaluate(async ({ portal, key, customer }) => {
    try {
      const r = await fetch(`${portal}/api/v1/embed/${key}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token: '0.0.0',
          registration: {
            motion: 'reseller', category: 'standard', customer_legal_name: customer,
            customer_domain: 'stranger.example', customer_country: 'DE', contact_name: 'Ute Fremd',
            contact_email: 'ute@stranger.example', contact_role: 'CIO', products: ['Portico Analytics'],
            estimated_value: '50000', currency: 'EUR', expected_close: '2031-01-31',
            attribution: 'sourced', attribution_percent: '100', incumbent: false, notes: '',
          },
        }),
      });
      return `answered ${r.status}`;
    } catch {
      return 'refused';
    }
  }, { portal: PORTAL, key: snippetKey, customer });
  expect(sent).toBe('refused');
  expect(refusals).toEqual([]);
  await page.context().close();
  const admin = await request.newContext({ baseURL: PORTAL });
  try {
    const signIn = await admin.post('/api/v1/session', { data: { email: 'ava@vertex.example', password: 'portico-demo' } });
    expect(signIn.status()).toBe(200);
    const list = await admin.get('/api/v1/registrations?limit=1000');
    expect(list.status()).toBe(200);
    const text = await list.text();
    expect(text).toContain('"id"'); // a real list was read
    expect(text).not.toContain(customer);
  } finally {
    await admin.dispose();
  }
});

test('rotating the key stops the old snippet at once', async ({ page, browser }) => {
  test.setTimeout(scaled(90_000));
  const { page: site } = await visitor(browser, `${allowed.origin}/`);
  const form = formIn(site);
  await expect(form.getByRole('heading', { name: 'Register a deal with Vertex Cloud Solutions' })).toBeVisible();
  const loadedAt = Date.now();
  const stamp = Date.now();
  await fillDeal(form, `Kranich ${stamp} AG`, `kranich-${stamp}.de`);

  await openEmbedPage(page);
  const old = await currentKey(page);
  expect(old).toBe(snippetKey);
  await page.getByRole('button', { name: 'Rotate the key' }).click();
  await expect(page.getByText('Rotating stops the current key at once')).toBeVisible();
  await page.getByRole('button', { name: 'Rotate now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The key was replaced.' })).toBeVisible();
  const fresh = await currentKey(page);
  expect(fresh).not.toBe(old);

  // The form that was already open cannot send any more…
  await sendLikeAPerson(site, form, loadedAt);
  await expect(form.getByRole('alert')).toContainText('This form is no longer active: its key was replaced.');
  // …and the page with the old snippet shows the reason instead of the form.
  await site.reload();
  await expect(site.getByRole('alert')).toContainText('Its key is not active');
  await expect(site.locator('iframe')).toHaveCount(0);
  await site.screenshot({ path: 'tests/e2e/output/embed-old-key.png' });

  // The new snippet works.
  snippetKey = fresh;
  await site.reload();
  await expect(formIn(site).getByRole('heading', { name: 'Register a deal with Vertex Cloud Solutions' })).toBeVisible();
  await site.context().close();
});

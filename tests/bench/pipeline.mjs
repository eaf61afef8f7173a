// Pipeline filter/sort timing in Chromium (run by `cargo xtask bench`, not a test).
// Usage: node tests/bench/pipeline.mjs <base-url> <email>
// Signs in, opens /pipeline, then times filter keystrokes and column sorts from the input event
// until the page has settled (microtasks and one macrotask), and counts the rows in the DOM.
// Times include building the new rows' DOM, not the browser's style/layout/paint that follows.
import { chromium } from 'playwright-core';

const [base, email] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('portico-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  const t0 = Date.now();
  await page.goto(`${base}/pipeline`);
  await page.locator('.pipeline-body .pipeline-row').first().waitFor({ timeout: 60_000 });
  const loadMs = Date.now() - t0;
  const result = await page.evaluate(async () => {
    // One macrotask after the change (all microtask-scheduled effects have run). MessageChannel,
    // not setTimeout: nested timers are clamped to 4 ms, which would time the clamp.
    const channel = new MessageChannel();
    const settle = () => new Promise((r) => { channel.port1.onmessage = () => r(); channel.port2.postMessage(0); });
    const input = document.getElementById('pipeline-text');
    const summary = () => document.querySelector('.pipeline-summary p').textContent;
    const deals = Number(summary().split(' of ')[1].split(' ')[0]);
    const domRowsAll = document.querySelectorAll('.pipeline-body .pipeline-row').length;
    const filter = [];
    const words = ['a', 'ap', 'ape', 'apex', '', 'k', 'ke', 'kes', 'kest', '', 'lo', 'log', 'logi', '', '9', '99', '', 'me', 'mer', ''];
    for (let round = 0; round < 5; round++) {
      for (const w of words) {
        const t = performance.now();
        input.value = w;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await settle();
        filter.push(performance.now() - t);
      }
    }
    const sort = [];
    for (let round = 0; round < 5; round++) {
      for (const button of document.querySelectorAll('.sort-button')) {
        const t = performance.now();
        button.click();
        await settle();
        sort.push(performance.now() - t);
      }
    }
    const stats = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
      return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
    };
    return { deals, domRowsAll, filter: stats(filter), sort: stats(sort) };
  });
  console.log(JSON.stringify({ ...result, loadMs }));
} finally {
  await browser.close();
}

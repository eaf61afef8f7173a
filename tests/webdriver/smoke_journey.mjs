// The smoke journey in one browser engine through W3C WebDriver (plain HTTP, Node's fetch):
// sign in → search the Library with a typo → register a deal through the form → see it in the
// pipeline → sign out. `cargo xtask test` runs it in Chromium, Firefox ESR and WebKitGTK, each
// against a fresh server; by hand:
//
//   PORTICO_URL=http://127.0.0.1:8080 node tests/webdriver/smoke_journey.mjs <chromium|firefox|webkit>
//
// The deployment suite also runs it in Chromium through nginx over HTTPS (a self-signed
// certificate, so the session accepts insecure certificates when the URL is https).
//
// The driver starts on a free loopback port (WebKitWebDriver under `xvfb-run -a`) in its own
// process group, which is killed at the end whatever happens. Every wait is bounded. The last
// line is `journey: N passed; N failed` for xtask to count; a failure saves a screenshot.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

const ENGINE = process.argv[2];
const BASE = process.env.PORTICO_URL?.replace(/\/$/, '');
const OUT = process.env.WEBDRIVER_OUTPUT ?? 'target/webdriver';
const JOURNEY_DEADLINE_MS = 240_000; // the whole run, driver start included
const WAIT_MS = 15_000; // one expectation on the page
const REQUEST_MS = 60_000; // one WebDriver command (page loads included)
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

// Each engine is pinned to English: the app takes its language from the browser, and the journey
// finds things by their English text.
const ENGINES = {
  chromium: {
    command: (port) => [process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver', [`--port=${port}`]],
    capabilities: {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync',
          '--window-size=1280,900', '--lang=en-US'],
        prefs: { 'intl.accept_languages': 'en-US,en' },
      },
    },
  },
  firefox: {
    command: (port) => [process.env.GECKODRIVER ?? 'geckodriver',
      ['--host', '127.0.0.1', '--port', String(port), '--marionette-port', '0', '--log', 'warn']],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
        args: ['-headless', '-width', '1280', '-height', '900'],
        prefs: { 'intl.accept_languages': 'en-US, en' },
      },
    },
  },
  webkit: {
    command: (port) => [process.env.XVFB_RUN ?? 'xvfb-run',
      ['-a', '-s', '-screen 0 1280x900x24', process.env.WEBKITDRIVER ?? '/usr/bin/WebKitWebDriver',
        '--host=127.0.0.1', `--port=${port}`]],
    wrapped: true,
    // WebKitGTK takes its language from the process locale (C.UTF-8 shows as "C").
    env: { LC_ALL: 'en_US.UTF-8' },
    capabilities: { browserName: 'MiniBrowser' },
  },
};

class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/// The driver process, its own process group, and the tail of what it printed.
async function startDriver(engine) {
  const port = await freePort();
  const [program, args] = ENGINES[engine].command(port);
  const child = spawn(program, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...ENGINES[engine].env },
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = signal ?? code;
  });
  child.on('error', (e) => {
    exited = e.message;
  });
  const driver = {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => stopDriver(child, Boolean(ENGINES[engine].wrapped)),
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited !== null) {
      fail(`${program} exited (${exited}) before it was ready:\n${output}`);
    }
    try {
      const res = await fetch(`${driver.url}/status`, { signal: AbortSignal.timeout(2_000) });
      const body = await res.json();
      if (res.ok && body.value?.ready !== false) return driver;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await driver.stop();
  fail(`${program} did not answer on port ${port} within 30 s:\n${output}`);
}

/// Ends the driver's process group: first every process but the leader (the driver or
/// `xvfb-run`, which then exits by itself and removes its X server and temporary files), then
/// the leader, then KILL for anything left after 5 s.
async function stopDriver(child, wrapper) {
  const group = child.pid;
  const alive = () => {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (pid, sig) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  const others = () => groupMembers(group).filter((p) => p !== group);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  for (const pid of others()) signal(pid, 'SIGTERM');
  // A wrapper (xvfb-run) exits by itself once its command is gone; a driver does not.
  for (let i = 0; i < 30 && !exited() && (wrapper || others().length > 0); i++) await sleep(100);
  signal(-group, 'SIGTERM');
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  if (alive()) signal(-group, 'SIGKILL');
}

/// The processes in process group `group` (from /proc).
function groupMembers(group) {
  const members = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so count from its ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) members.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return members;
}

/// One WebDriver session over HTTP.
class Session {
  constructor(driverUrl) {
    this.driverUrl = driverUrl;
    this.id = null;
  }

  async command(method, path, body) {
    const url = this.id ? `${this.driverUrl}/session/${this.id}${path}` : `${this.driverUrl}${path}`;
    let res;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_MS),
      });
    } catch (e) {
      fail(`${method} ${path}: ${e.name === 'TimeoutError' ? `no answer within ${REQUEST_MS / 1000} s` : e.message}`);
    }
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      fail(`${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
    }
    if (!res.ok || json.value?.error) {
      const e = new Failure(`${method} ${path}: ${json.value?.error ?? res.status}: ${json.value?.message ?? text.slice(0, 200)}`);
      e.code = json.value?.error;
      throw e;
    }
    return json.value;
  }

  async start(capabilities) {
    const value = await this.command('POST', '/session', {
      // Through the deployment test's TLS proxy the certificate is one the test made itself.
      capabilities: { alwaysMatch: { ...capabilities, pageLoadStrategy: 'normal',
        ...(BASE.startsWith('https:') ? { acceptInsecureCerts: true } : {}) } },
    });
    this.id = value.sessionId;
    this.browser = `${value.capabilities?.browserName ?? '?'} ${value.capabilities?.browserVersion ?? ''}`.trim();
    await this.command('POST', '/timeouts', { implicit: 0, pageLoad: 30_000, script: 10_000 });
  }

  async end() {
    if (!this.id) return;
    try {
      await this.command('DELETE', '');
    } finally {
      this.id = null;
    }
  }

  go(path) {
    return this.command('POST', '/url', { url: BASE + path });
  }

  async path() {
    return new URL(await this.command('GET', '/url')).pathname;
  }

  script(body, ...args) {
    return this.command('POST', '/execute/sync', { script: body, args });
  }

  /// The first element matching `selector` (CSS, or XPath when it starts with `/`), or null.
  async find(selector) {
    const using = selector.startsWith('/') ? 'xpath' : 'css selector';
    try {
      const el = await this.command('POST', '/element', { using, value: selector });
      return el[ELEMENT];
    } catch (e) {
      if (e.code === 'no such element') return null;
      throw e;
    }
  }

  /// Polls `probe` until it returns something truthy; throws with `what` after WAIT_MS.
  async until(what, probe) {
    const deadline = Date.now() + WAIT_MS;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const found = await probe();
        if (found) return found;
      } catch (e) {
        // The page re-rendered under us; look again.
        if (!['stale element reference', 'no such element', 'element not interactable'].includes(e.code)) throw e;
        last = ` (last: ${e.message})`;
      }
      await sleep(100);
    }
    fail(`timed out after ${WAIT_MS / 1000} s waiting for ${what}${last}`);
  }

  /// A displayed element matching `selector`.
  visible(selector, what = selector) {
    return this.until(what, async () => {
      const el = await this.find(selector);
      return el && (await this.command('GET', `/element/${el}/displayed`)) ? el : null;
    });
  }

  async click(selector, what) {
    const el = await this.visible(selector, what);
    await this.command('POST', `/element/${el}/click`, {});
  }

  async type(selector, text) {
    const el = await this.visible(selector);
    await this.command('POST', `/element/${el}/clear`, {});
    await this.command('POST', `/element/${el}/value`, { text });
    const value = await this.command('GET', `/element/${el}/property/value`);
    if (value !== text) fail(`${selector} holds "${value}" after typing "${text}"`);
  }

  /// Chooses an option by clicking it, as WebDriver specifies for <select>.
  async choose(selectId, value) {
    await this.click(`#${selectId} option[value="${value}"]`);
    const now = await this.script('return document.getElementById(arguments[0]).value', selectId);
    if (now !== value) fail(`#${selectId} is "${now}" after choosing "${value}"`);
  }

  /// Sets a date input. Typing into one depends on the engine's locale and widget, so the
  /// value is set as the widget would and the same `input`/`change` events are sent.
  async setDate(id, iso) {
    await this.visible(`#${id}`);
    await this.script(
      `const el = document.getElementById(arguments[0]);
       el.focus();
       el.value = arguments[1];
       el.dispatchEvent(new Event('input', { bubbles: true }));
       el.dispatchEvent(new Event('change', { bubbles: true }));
       el.blur();`,
      id,
      iso,
    );
  }

  /// Waits until the page's URL path is `path`.
  untilPath(path) {
    return this.until(`the URL path ${path}`, async () => (await this.path()) === path);
  }

  /// Waits until `selector`'s text contains `text`.
  untilText(selector, text) {
    return this.until(`"${text}" in ${selector}`, async () => {
      const el = await this.find(selector);
      return el && (await this.command('GET', `/element/${el}/text`)).includes(text);
    });
  }

  async screenshot(file) {
    const png = await this.command('GET', '/screenshot');
    writeFileSync(file, Buffer.from(png, 'base64'));
  }
}

/// XPath literal for `s` (the strings here have no double quotes).
const lit = (s) => `"${s}"`;
const link = (scope, name) => `${scope}//a[contains(normalize-space(.), ${lit(name)})]`;
const button = (name) => `//button[normalize-space(.)=${lit(name)}]`;
const heading = (name) => `//h1[normalize-space(.)=${lit(name)}]`;

function inDays(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function journey(s, engine) {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const customer = `Smoke ${engine} ${stamp} GmbH`;
  const domain = `smoke-${engine}-${stamp}.de`;
  const steps = [
    ['sign in as ava@vertex.example', async () => {
      await s.go('/');
      await s.untilPath('/sign-in');
      await s.type('#email', 'ava@vertex.example');
      await s.type('#password', 'portico-demo');
      await s.click(button('Sign in'));
      await s.untilText('h1', 'Welcome');
    }],
    ['search the Library for "chekclist"', async () => {
      await s.click(link('//nav[@aria-label="Main"]', 'Library'), 'the Library link');
      await s.visible(heading('Library'));
      await s.type('#library-q', 'chekclist');
      await s.visible(link('//*[@id="library-results"]', 'SOW checklist for Implementation Services engagements'),
        'the SOW checklist among the results');
    }],
    [`register a deal for ${domain}`, async () => {
      await s.go('/registrations/new');
      await s.visible(heading('Register a deal'));
      await s.visible('#motion');
      await s.choose('motion', 'reseller');
      await s.choose('category', 'standard');
      await s.type('#products', 'Portico Analytics, Support Plus');
      await s.type('#estimated_value', '125000');
      await s.choose('currency', 'EUR');
      await s.setDate('expected_close', inDays(60));
      await s.choose('attribution', 'sourced');
      await s.type('#attribution_percent', '100');
      await s.type('#customer_legal_name', customer);
      await s.type('#customer_domain', domain);
      await s.choose('customer_country', 'DE');
      await s.type('#contact_name', 'Jana Kruger');
      await s.type('#contact_email', `jana@${domain}`);
      await s.type('#contact_role', 'Head of IT');
      await s.click(button('Submit registration'));
      await s.visible(heading(customer), `the new registration's page (h1 "${customer}")`);
      await s.visible(`//*[@role="status"][contains(., ${lit('submitted — decision due in 48 h')})]`,
        'the "submitted — decision due in 48 h" confirmation');
    }],
    ['see it in the pipeline', async () => {
      await s.click(link('//nav[@aria-label="Main"]', 'Pipeline'), 'the Pipeline link');
      await s.untilPath('/pipeline');
      await s.visible(link('//*[@role="table"][@aria-label="Registrations"]', customer), `${customer} in the Registrations table`);
    }],
    ['sign out', async () => {
      await s.click('.user-menu__button', 'the user menu');
      await s.click(button('Sign out'));
      await s.untilPath('/sign-in');
      await s.visible(button('Sign in'));
    }],
  ];
  for (const [name, run] of steps) {
    const started = Date.now();
    try {
      await run();
    } catch (e) {
      e.step = name;
      throw e;
    }
    console.log(`  ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

async function main() {
  if (!ENGINES[ENGINE] || !BASE) {
    console.error('usage: PORTICO_URL=http://host:port node tests/webdriver/smoke_journey.mjs <chromium|firefox|webkit>');
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  rmSync(`${OUT}/${ENGINE}-failure.png`, { force: true });
  const started = Date.now();
  let driver = null;
  let session = null;
  const cleanup = async () => {
    if (session) await session.end().catch(() => {});
    if (driver) await driver.stop();
  };
  const deadline = setTimeout(async () => {
    console.log(`  FAIL the journey did not finish within ${JOURNEY_DEADLINE_MS / 1000} s`);
    console.log('journey: 0 passed; 1 failed');
    await cleanup();
    process.exit(1);
  }, JOURNEY_DEADLINE_MS);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      await cleanup();
      process.exit(1);
    });
  }
  let ok = false;
  try {
    driver = await startDriver(ENGINE);
    session = new Session(driver.url);
    await session.start(ENGINES[ENGINE].capabilities);
    const languages = await session.script('return navigator.languages.join(", ")');
    console.log(`${ENGINE}: ${session.browser} (${languages}) via ${driver.url}, app at ${BASE}`);
    await journey(session, ENGINE);
    ok = true;
  } catch (e) {
    console.log(`  FAIL ${e.step ?? 'starting the browser'}: ${e.message}`);
    if (!(e instanceof Failure)) console.log(e.stack);
    if (session?.id) {
      const file = `${OUT}/${ENGINE}-failure.png`;
      await session.screenshot(file).then(() => console.log(`  screenshot: ${file}`), () => {});
      await session.command('GET', '/url').then((u) => console.log(`  page: ${u}`), () => {});
    }
    if (driver && !session?.id) console.log(driver.output());
  } finally {
    await cleanup();
    clearTimeout(deadline);
  }
  console.log(`${ENGINE} journey took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`journey: ${ok ? 1 : 0} passed; ${ok ? 0 : 1} failed`);
  process.exit(ok ? 0 : 1);
}

main();

// The deployment checks: two Portico instances on one PostgreSQL database behind nginx, which
// terminates TLS and balances round-robin (`cargo xtask test` starts all of it; see
// xtask/src/suites/deploy.rs). Every request goes through the proxy over HTTPS, as a partner's
// browser would, from a loopback address of its own (127.0.0.2, 127.0.0.3, …) so that visitors
// can be told apart. nginx names the instance that answered in `X-Upstream`, so each check can
// show that its requests really were spread over both.
//
//   PORTICO_URL=https://127.0.0.1:8443 PORTICO_CA=cert.pem node tests/deploy/through_proxy.mjs
//
// The last line is `deploy: N passed; N failed` for xtask to count. Every request has a timeout.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';

const BASE = new URL(process.env.PORTICO_URL ?? 'https://127.0.0.1:8443');
const CA = readFileSync(process.env.PORTICO_CA ?? 'cert.pem');
const PASSWORD = 'portico-demo';
const REQUEST_MS = 20_000;
const FORM_FILL_MS = 3_100; // the embedded form's minimum fill time, plus a margin

/// One HTTPS request through the proxy from `from` (a loopback address); the status, headers
/// and body (parsed when JSON).
function call(method, path, { from = '127.0.0.2', cookie, body, headers = {} } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: BASE.hostname,
        port: BASE.port,
        path,
        method,
        ca: CA,
        localAddress: from,
        agent: false,
        timeout: REQUEST_MS,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(cookie ? { cookie } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${REQUEST_MS} ms`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function signIn(email, from) {
  const res = await call('POST', '/api/v1/session', { from, body: { email, password: PASSWORD } });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${res.text}`);
  const cookie = [res.headers['set-cookie'] ?? []].flat()[0]?.split(';')[0];
  return { cookie, res };
}

function registration(slug) {
  const close = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  return {
    motion: 'reseller',
    category: 'standard',
    customer_legal_name: `${slug} Industries Inc`,
    customer_domain: `https://www.${slug}.test/`,
    customer_country: 'US',
    contact_name: 'Casey Jones',
    contact_email: `casey@${slug}.test`,
    contact_role: 'CTO',
    products: ['Portico Analytics'],
    estimated_value: '125000',
    currency: 'USD',
    expected_close: close,
    attribution: 'sourced',
    attribution_percent: '100',
    incumbent: false,
    notes: 'Registered through the proxy.',
  };
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const upstreams = (responses) => new Set(responses.map((r) => r.headers['x-upstream']));
const run = Date.now().toString(36);

const checks = {
  async 'a sign-in over TLS sets a Secure, HttpOnly __Host- cookie and HSTS'() {
    const { cookie, res } = await signIn('ava@vertex.example', '127.0.0.2');
    const set = [res.headers['set-cookie']].flat()[0] ?? '';
    expect(cookie?.startsWith('__Host-portico_session='), `no __Host- session cookie: ${set}`);
    expect(/;\s*Path=\/(;|$)/i.test(set) && !/;\s*Domain=/i.test(set), `not host-only: ${set}`);
    expect(/;\s*Secure/i.test(set), `the cookie is not Secure: ${set}`);
    expect(/;\s*HttpOnly/i.test(set), `the cookie is not HttpOnly: ${set}`);
    const hsts = res.headers['strict-transport-security'] ?? '';
    expect(/max-age=\d+/.test(hsts), `no HSTS header over https (got '${hsts}')`);
    // The session is good on both instances: the next requests land on each in turn.
    const me = [];
    for (let i = 0; i < 4; i++) me.push(await call('GET', '/api/v1/me', { cookie }));
    expect(me.every((r) => r.status === 200), `me: ${me.map((r) => r.status)}`);
    expect(upstreams(me).size === 2, `answered by ${[...upstreams(me)]}, not by both instances`);
  },

  async 'one draft sent twice at once through the proxy is stored once'() {
    const { cookie } = await signIn('ava@vertex.example', '127.0.0.2');
    const slug = `proxy${run}`;
    const key = `draft-${run}`;
    const send = () =>
      call('POST', '/api/v1/registrations', {
        cookie,
        body: registration(slug),
        headers: { 'idempotency-key': key },
      });
    const both = await Promise.all([send(), send()]);
    // A replay answers like the original (201, the same registration) and says so in a header.
    expect(
      both.every((r) => r.status === 201),
      `expected 201 twice, got ${both.map((r) => `${r.status} ${r.text}`).join(' | ')}`,
    );
    const replayed = both.map((r) => r.headers['idempotent-replayed']).sort();
    expect(JSON.stringify(replayed) === '["false","true"]', `Idempotent-Replayed: ${replayed}`);
    expect(both[0].json?.id === both[1].json?.id, 'both answers name the same registration');
    expect(upstreams(both).size === 2, `both sent to ${[...upstreams(both)]}`);
    const list = await call('GET', '/api/v1/registrations', { cookie });
    const stored = list.json.filter((r) => r.customer_legal_name === `${slug} Industries Inc`);
    expect(stored.length === 1, `${stored.length} registrations stored for the draft`);
  },

  async 'five wrong passwords spread over both instances lock the account on both'() {
    const email = 'ben@vertex.example';
    const wrong = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(await call('POST', '/api/v1/session', {
        from: '127.0.0.4',
        body: { email, password: `wrong-${i}` },
      }));
    }
    expect(wrong.every((r) => r.status === 401), `wrong passwords: ${wrong.map((r) => r.status)}`);
    expect(upstreams(wrong).size === 2, `attempts all went to ${[...upstreams(wrong)]}`);
    // Even the right password is refused now, whichever instance answers.
    const locked = [];
    for (let i = 0; i < 2; i++) {
      locked.push(await call('POST', '/api/v1/session', {
        from: '127.0.0.4',
        body: { email, password: PASSWORD },
      }));
    }
    expect(locked.every((r) => r.status === 429), `after five failures: ${locked.map((r) => r.status)}`);
    expect(upstreams(locked).size === 2, `refusals all from ${[...upstreams(locked)]}`);
    expect(locked.every((r) => Number(r.headers['retry-after']) > 0), 'Retry-After is given');
  },

  async 'two visitors behind the proxy are throttled by their own addresses'() {
    // Visitor A runs through the per-client budget with unknown accounts (20 by default) …
    let last;
    for (let i = 0; i < 21; i++) {
      last = await call('POST', '/api/v1/session', {
        from: '127.0.0.5',
        // … and cannot escape by claiming another address: nginx overwrites the header.
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
        body: { email: `nobody${i}-${run}@example.com`, password: 'wrong' },
      });
    }
    expect(last.status === 429, `visitor A's 21st attempt: ${last.status}`);
    // … while visitor B, from another address through the same proxy, signs in.
    const b = await call('POST', '/api/v1/session', {
      from: '127.0.0.6',
      body: { email: 'cara@bluepeak.example', password: PASSWORD },
    });
    expect(b.status === 200, `visitor B: ${b.status} ${b.text}`);
  },

  async 'an embedded form served by one instance is accepted by the other'() {
    const { cookie } = await signIn('ava@vertex.example', '127.0.0.2');
    const site = 'https://www.vertex-cloud.example';
    const origins = await call('PUT', '/api/v1/partner/embed/origins', {
      cookie,
      headers: { origin: BASE.origin },
      body: { origins: [site] },
    });
    expect(origins.status === 200, `allowing the website: ${origins.status} ${origins.text}`);
    const key = origins.json.key;
    const form = await call('GET', `/embed/v1/form?key=${key}&origin=${encodeURIComponent(site)}`, {
      from: '127.0.0.7',
      headers: { accept: 'text/html' },
    });
    expect(form.status === 200, `the form page: ${form.status}`);
    const token = form.text.split('data-token="')[1]?.split('"')[0];
    expect(token, 'the form page carries a token');
    await new Promise((r) => setTimeout(r, FORM_FILL_MS));
    // Round-robin (one nginx worker): the next request goes to the other instance.
    const slug = `embedproxy${run}`;
    const sent = await call('POST', `/api/v1/embed/${key}/registrations`, {
      from: '127.0.0.7',
      headers: { origin: site },
      body: { token, website: '', registration: registration(slug) },
    });
    expect(sent.status === 202, `the submission: ${sent.status} ${sent.text}`);
    expect(
      sent.headers['x-upstream'] !== form.headers['x-upstream'],
      `form and submission both on ${form.headers['x-upstream']}`,
    );
    const list = await call('GET', '/api/v1/registrations', { cookie });
    const stored = list.json.filter((r) => r.customer_legal_name === `${slug} Industries Inc`);
    expect(stored.length === 1, `${stored.length} registrations from the embedded form`);
  },
};

let passed = 0;
let failed = 0;
for (const [name, check] of Object.entries(checks)) {
  try {
    await check();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
console.log(`deploy: ${passed} passed; ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

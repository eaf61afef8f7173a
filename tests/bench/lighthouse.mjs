// Lighthouse on the portal's pages (run by `cargo xtask bench lighthouse`, not a test).
// Usage: node tests/bench/lighthouse.mjs <out-dir> <runs> <name>=<url>[@<cookie>]...
// Each page is audited <runs> times, each run in a fresh headless Debian Chromium, with
// Lighthouse's default configuration: the mobile preset (Moto G Power screen, simulated slow
// 4G, 4x CPU slowdown). A signed-in page gets its session cookie as an extra request header,
// so no script drives a sign-in form. Every report is kept as <out-dir>/<name>-<n>.json; stdout
// is one JSON summary: per page, each run's scores and metrics, and what the median run (by
// performance score) blames.
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
// chrome-launcher is Lighthouse's own dependency (the launcher its CLI uses).
import * as chromeLauncher from 'chrome-launcher';

const [outDir, runsArg, ...pages] = process.argv.slice(2);
const runs = Number(runsArg);
const chromeFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const categories = ['performance', 'accessibility', 'best-practices'];

/** Short text for an audit's first detail items: URLs, elements, console messages. */
function itemText(i) {
  const url = i.url ?? i.scriptUrl ?? i.sourceLocation?.url;
  if (i.description) return url ? `${i.description} (${url})` : i.description;
  if (url) return i.totalBytes ? `${url} (${Math.round(i.totalBytes / 1000)} kB)` : url;
  if (i.node) return i.node.nodeLabel ? `${i.node.snippet} "${i.node.nodeLabel}"` : i.node.snippet;
  if (i.groupLabel) return `${i.groupLabel} ${Math.round(i.duration)} ms`;
  return '';
}

/** Audits of a category that did not pass, worst first. Performance: the report's own
 * diagnostics (its "hidden" insight audits repeat them) scored below 0.9. */
function blamed(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => category !== 'performance' || ref.group === 'diagnostics')
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a.score !== null && a.score < (category === 'performance' ? 0.9 : 1)
      && !['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode))
    .map((a) => ({
      id: a.id,
      title: a.title,
      score: a.score,
      displayValue: a.displayValue ?? '',
      savingsMs: a.details?.overallSavingsMs ?? 0,
      items: (a.details?.items ?? []).slice(0, 3).map(itemText).filter(Boolean),
    }))
    .sort((x, y) => y.savingsMs - x.savingsMs || x.score - y.score);
}

/** The LCP element and its phases (time to first byte, load delay, load time, render delay). */
function lcp(lhr) {
  const tables = lhr.audits['largest-contentful-paint-element']?.details?.items ?? [];
  const node = tables[0]?.items?.[0]?.node;
  return {
    element: node ? `${node.snippet}${node.nodeLabel ? ` "${node.nodeLabel}"` : ''}` : '',
    phases: (tables[1]?.items ?? []).map((p) => ({ phase: p.phase, ms: p.timing })),
  };
}

/** Where the bytes and the main thread's time went. */
function weight(lhr) {
  const items = (id, n) => (lhr.audits[id]?.details?.items ?? []).slice(0, n);
  return {
    totalBytes: lhr.audits['total-byte-weight']?.numericValue ?? 0,
    largest: items('total-byte-weight', 3).map((i) => ({ url: i.url, bytes: i.totalBytes })),
    mainThreadMs: lhr.audits['mainthread-work-breakdown']?.numericValue ?? 0,
    mainThread: items('mainthread-work-breakdown', 3).map((i) => ({ what: i.groupLabel, ms: i.duration })),
  };
}

const result = { lighthouse: null, runs, pages: [] };
for (const page of pages) {
  const [name, rest] = page.split(/=(.*)/s);
  const [url, cookie] = rest.split(/@(.*)/s);
  const reports = [];
  // A run Lighthouse itself could not record (e.g. NO_NAVSTART, a trace hiccup) is repeated, at
  // most twice per page; a page that keeps failing fails the benchmark.
  let retries = 2;
  for (let n = 1; n <= runs; n++) {
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags,
    });
    try {
      const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories };
      if (cookie) flags.extraHeaders = { Cookie: cookie };
      const runner = await lighthouse(url, flags);
      const lhr = runner.lhr;
      fs.writeFileSync(path.join(outDir, `${name}-${n}.json`), runner.report);
      if (lhr.runtimeError) {
        const why = `${name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`;
        if (retries-- <= 0) throw new Error(why);
        console.error(`lighthouse: ${why} — running it again`);
        n--;
        continue;
      }
      // A signed-in page whose session did not take ends on /sign-in: that run audited the
      // wrong page, and the benchmark fails rather than report it under this page's name.
      const audited = new URL(lhr.finalDisplayedUrl).pathname;
      if (audited !== new URL(url).pathname) {
        throw new Error(`${name}: Lighthouse audited ${lhr.finalDisplayedUrl}, not ${url}`);
      }
      result.lighthouse = lhr.lighthouseVersion;
      reports.push(lhr);
      console.error(`lighthouse: ${name} run ${n}: performance ${Math.round(lhr.categories.performance.score * 100)}`);
    } finally {
      await chrome.kill();
    }
  }
  const score = (lhr, c) => Math.round((lhr.categories[c].score ?? 0) * 100);
  const metric = (lhr, id) => lhr.audits[id].numericValue;
  const summary = reports.map((lhr) => ({
    finalUrl: lhr.finalDisplayedUrl,
    performance: score(lhr, 'performance'),
    accessibility: score(lhr, 'accessibility'),
    bestPractices: score(lhr, 'best-practices'),
    fcp: metric(lhr, 'first-contentful-paint'),
    lcp: metric(lhr, 'largest-contentful-paint'),
    tbt: metric(lhr, 'total-blocking-time'),
    cls: metric(lhr, 'cumulative-layout-shift'),
    si: metric(lhr, 'speed-index'),
  }));
  // The median run by performance score (ties: the lower LCP) is the one whose findings we list.
  const order = summary.map((s, i) => i).sort((a, b) => summary[a].performance - summary[b].performance
    || summary[b].lcp - summary[a].lcp);
  const median = order[Math.floor(order.length / 2)];
  const lhr = reports[median];
  result.pages.push({
    name,
    url,
    signedIn: Boolean(cookie),
    runs: summary,
    medianRun: median + 1,
    lcp: lcp(lhr),
    weight: weight(lhr),
    performance: blamed(lhr, 'performance').slice(0, 6),
    accessibility: blamed(lhr, 'accessibility').slice(0, 8),
    bestPractices: blamed(lhr, 'best-practices').slice(0, 8),
  });
}
console.log(JSON.stringify(result, null, 2));

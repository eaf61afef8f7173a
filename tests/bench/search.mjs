// Library search in Chromium: our engine (crates/search-bench → wasm) beside MiniSearch (npm),
// over the same synthetic documents and the same queries. Run by `cargo xtask bench search`,
// not a test.
// Usage: node tests/bench/search.mjs <wasm-bindgen --target web out dir> [sizes, e.g. 1000,20000]
//
// Per size, in one fresh page (cross-origin isolated, so performance.now() is not coarsened to
// 100 µs): generate the library in wasm and hand its JSON to both engines; build both (timed);
// replay the keystroke sequence once to warm up, then ROUNDS times per engine (alternating which
// goes first), timing each call; run the typo and exact queries for recall@10; measure memory.
// Brotli sizes are computed here in Node from the same deterministic data (after the browser
// runs, so compression does not compete with the timings). Prints one JSON object on stdout.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const [pkgDir, sizesArg] = process.argv.slice(2);
if (!pkgDir) {
  console.error('usage: node tests/bench/search.mjs <pkg-dir> [sizes]');
  process.exit(2);
}
const SIZES = (sizesArg ?? '1000,20000,50000').split(',').map(Number);
const SEED = 42;
const ROUNDS = 3;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const miniSearchFile = path.join(root, 'node_modules/minisearch/dist/es/index.js');
const miniSearchVersion = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules/minisearch/package.json'), 'utf8')).version;

// The same options for the page and for the serialised-index size below. combineWith AND: every
// query word must match, as in our engine; prefix and fuzzy on, as the issue asks.
const MINISEARCH_OPTIONS = {
  fields: ['title', 'summary', 'body'],
  searchOptions: { boost: { title: 3, summary: 1.5 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
};

// Only these files, only on loopback, only for this run.
const files = {
  '/': ['text/html', Buffer.from('<!doctype html><meta charset=utf-8><title>search bench</title>')],
  '/pkg/search_bench.js': ['text/javascript', fs.readFileSync(path.join(pkgDir, 'search_bench.js'))],
  '/pkg/search_bench_bg.wasm': ['application/wasm', fs.readFileSync(path.join(pkgDir, 'search_bench_bg.wasm'))],
  '/minisearch.js': ['text/javascript', fs.readFileSync(miniSearchFile)],
};
const server = http.createServer((req, res) => {
  const f = files[new URL(req.url, 'http://x').pathname];
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
  if (!f) {
    res.writeHead(404, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': f[0], 'Content-Length': f[1].length }).end(f[1]);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// Everything below runs inside the page.
async function runInPage({ n, seed, rounds, options }) {
  // Two instances of the module: one generates the data, the other only parses and indexes it,
  // so the second one's linear memory is the engine's own (memory never shrinks).
  const generator = await import('/pkg/search_bench.js?generator');
  await generator.default({ module_or_path: '/pkg/search_bench_bg.wasm' });
  const bindgen = await import('/pkg/search_bench.js');
  const wasm = await bindgen.default({ module_or_path: '/pkg/search_bench_bg.wasm' });
  const { default: MiniSearch } = await import('/minisearch.js');
  const gc = () => { if (typeof globalThis.gc === 'function') { globalThis.gc(); globalThis.gc(); } };
  const heap = () => performance.memory ? performance.memory.usedJSHeapSize : NaN;
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
  };
  // The smallest step performance.now() shows.
  let resolution = Infinity;
  for (let i = 0; i < 2000; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    resolution = Math.min(resolution, b - a);
  }

  const ds = new generator.Dataset(n, seed);
  const json = ds.assets_json();
  const keys = JSON.parse(ds.keystrokes_json());
  const typos = JSON.parse(ds.typos_json());
  ds.free();

  // Ours: parse the JSON into assets, then index them a slice of 1 000 at a time (as the app
  // does in smaller slices, to keep the page responsive); the build is the slices plus finish(),
  // which sorts the vocabulary, weighs the postings and builds the typo table in one go.
  gc();
  const wasmBefore = wasm.memory.buffer.byteLength;
  let t = performance.now();
  const loader = new bindgen.Loader(json);
  const parseMs = performance.now() - t;
  const slices = [];
  let done = false;
  while (!done) {
    t = performance.now();
    done = loader.step(1000);
    slices.push(performance.now() - t);
  }
  t = performance.now();
  const engine = loader.finish();
  const finishMs = performance.now() - t;
  const buildMs = slices.reduce((a, b) => a + b, 0) + finishMs;
  gc();
  const ours = {
    parseMs, buildMs, finishMs, maxSliceMs: Math.max(...slices),
    heapBytes: engine.heap_bytes(),
    // Peak linear memory of the engine's instance: the JSON copied in, the parsed assets, the
    // index and the build's temporaries.
    wasmMemoryBytes: wasm.memory.buffer.byteLength,
    wasmMemoryGrowthBytes: wasm.memory.buffer.byteLength - wasmBefore,
  };

  // MiniSearch: parse the same JSON into objects, then addAll. The heap delta around addAll (with
  // the documents alive before and after) is the index's own memory.
  gc();
  const heapBeforeDocs = heap();
  t = performance.now();
  const docs = JSON.parse(json);
  const jsParseMs = performance.now() - t;
  gc();
  const heapBefore = heap();
  t = performance.now();
  const ms = new MiniSearch(options);
  ms.addAll(docs);
  const msBuildMs = performance.now() - t;
  gc();
  const mini = {
    parseMs: jsParseMs, buildMs: msBuildMs, heapBytes: heap() - heapBefore,
    docsHeapBytes: heapBefore - heapBeforeDocs,
  };

  // One call each is what a keystroke costs: ours runs Library::run (search, facet counts, the
  // first 20 ordered); MiniSearch searches (every match scored and sorted) and we keep 20 ids.
  let miniLast = 0;
  const oursSearch = (q) => engine.search(q);
  const miniSearch = (q) => {
    const r = ms.search(q);
    miniLast = r.length;
    return r.slice(0, 20).map((x) => x.id);
  };

  // Warm-up: the whole sequence once through each.
  for (const k of keys) oursSearch(k);
  for (const k of keys) miniSearch(k);
  const oursTimes = [];
  const miniTimes = [];
  const oursMatches = [];
  const miniMatches = [];
  const timeAll = (fn, out, matches, last) => {
    for (const k of keys) {
      const a = performance.now();
      fn(k);
      out.push(performance.now() - a);
      if (matches.length < keys.length) matches.push(last());
    }
  };
  const timeOurs = () => timeAll(oursSearch, oursTimes, oursMatches, () => engine.last_total());
  const timeMini = () => timeAll(miniSearch, miniTimes, miniMatches, () => miniLast);
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) { timeOurs(); timeMini(); } else { timeMini(); timeOurs(); }
  }
  ours.keystroke = stats(oursTimes);
  mini.keystroke = stats(miniTimes);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  ours.meanMatches = mean(oursMatches);
  mini.meanMatches = mean(miniMatches);
  // The slowest keystrokes (the worst of the rounds), with how many assets they matched.
  const slowest = (times, matches) => keys
    .map((q, i) => ({
      q,
      ms: Math.max(...Array.from({ length: rounds }, (_, r) => times[r * keys.length + i])),
      matches: matches[i],
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);

  // Recall@10 of typo queries, and of the same queries without the typo (the ceiling).
  const recall = (fn, field) => {
    const byEdit = {};
    const times = [];
    let found = 0;
    for (const ty of typos) {
      const a = performance.now();
      const ids = fn(ty[field]);
      times.push(performance.now() - a);
      const hit = Array.from(ids).slice(0, 10).some((id) => Number(id) === ty.id);
      found += hit ? 1 : 0;
      const e = (byEdit[ty.edit] ??= { found: 0, n: 0 });
      e.n += 1;
      e.found += hit ? 1 : 0;
    }
    return { recall: found / typos.length, found, n: typos.length, byEdit, time: stats(times) };
  };
  ours.typo = recall(oursSearch, 'query');
  ours.exact = recall(oursSearch, 'exact');
  mini.typo = recall(miniSearch, 'query');
  mini.exact = recall(miniSearch, 'exact');

  engine.free();
  return {
    n, crossOriginIsolated: self.crossOriginIsolated, timerResolutionMs: resolution,
    preciseMemory: !!performance.memory, gcExposed: typeof globalThis.gc === 'function',
    keystrokes: keys.length, typos: typos.length, docsJsonChars: json.length,
    ours, minisearch: mini,
    slowestOurs: slowest(oursTimes, oursMatches), slowestMiniSearch: slowest(miniTimes, miniMatches),
  };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
const chromiumVersion = browser.version();
const results = [];
try {
  for (const n of SIZES) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/`);
    const r = await page.evaluate(runInPage, { n, seed: SEED, rounds: ROUNDS, options: MINISEARCH_OPTIONS });
    if (errors.length) throw new Error(errors.join('\n'));
    results.push(r);
    await context.close();
    console.error(`search bench: ${n} assets done`);
  }
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}

// Bytes: the documents JSON both engines consume and MiniSearch's serialised index, brotli at
// quality 4 (what the API's compression layer sends; quality 11 takes minutes at these sizes),
// from the same deterministic data in Node.
const bindgen = await import(path.join(path.resolve(pkgDir), 'search_bench.js'));
bindgen.initSync({ module: fs.readFileSync(path.join(pkgDir, 'search_bench_bg.wasm')) });
const { default: MiniSearch } = await import(miniSearchFile);
const BROTLI_QUALITY = 4;
const brotli = (s) => zlib.brotliCompressSync(Buffer.from(s), {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(s),
  },
}).length;
for (const r of results) {
  const ds = new bindgen.Dataset(r.n, SEED);
  const json = ds.assets_json();
  ds.free();
  const ms = new MiniSearch(MINISEARCH_OPTIONS);
  ms.addAll(JSON.parse(json));
  const index = JSON.stringify(ms);
  r.bytes = {
    docsJson: Buffer.byteLength(json),
    docsJsonBrotli: brotli(json),
    miniSearchIndexJson: Buffer.byteLength(index),
    miniSearchIndexJsonBrotli: brotli(index),
  };
  console.error(`search bench: ${r.n} assets compressed`);
}

console.log(JSON.stringify({
  seed: SEED, rounds: ROUNDS, brotliQuality: BROTLI_QUALITY, chromium: chromiumVersion, miniSearchVersion,
  miniSearchOptions: MINISEARCH_OPTIONS, sizes: results,
}));

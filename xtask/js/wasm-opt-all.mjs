// wasm-opt -Oz on every .wasm file in a folder, in one Node process: npm's binaryen is a
// JavaScript build, so starting it once per module (the split app has a few hundred) would
// cost a second or more each. Same settings as `wasm-opt -Oz --strip-debug --strip-producers`
// with the features rustc emits for wasm32.
import binaryen from 'binaryen';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Optional: this process takes every `workers`-th file starting at `worker` (0-based).
const [dir, worker = '0', workers = '1'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node wasm-opt-all.mjs <folder> [worker workers]');
  process.exit(2);
}
const F = binaryen.Features;
const features =
  F.MutableGlobals | F.NontrappingFPToInt | F.BulkMemory | F.BulkMemoryOpt | F.SignExt |
  F.ReferenceTypes | F.Multivalue | F.CallIndirectOverlong;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
binaryen.setDebugInfo(false);
let before = 0;
let after = 0;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.wasm'))
  .sort()
  .filter((_, i) => i % Number(workers) === Number(worker));
for (const f of files) {
  const path = join(dir, f);
  const input = readFileSync(path);
  const module = binaryen.readBinary(input);
  module.setFeatures(features);
  module.runPasses(['strip-debug', 'strip-producers', 'strip']);
  module.optimize();
  if (!module.validate()) {
    console.error(`wasm-opt-all: ${f} does not validate after optimisation`);
    process.exit(1);
  }
  const output = module.emitBinary();
  module.dispose();
  writeFileSync(path, output);
  before += input.length;
  after += output.length;
}
console.log(`wasm-opt-all: ${files.length} modules, ${before} → ${after} bytes`);

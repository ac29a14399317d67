// Inference over 100,000 documents (the corpus's seven collections repeated, as
// benches/infer.rs builds them) timed in one node process: Schemaforge's engine built to
// wasm (benches/infer-wasm) and npm's mongodb-schema, MongoDB Compass's library (from
// tools/peers), on the same text. mongodb-schema takes parsed documents, so its time is
// given with bson's EJSON.parse and without. Usage: node benches/infer-wasm/run.mjs WASM_DIR
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);
const engine = require(path.resolve(process.argv[2], 'infer_wasm.js'));
const peers = createRequire(path.join(root, 'tools/peers/package.json'));
const { parseSchema } = peers('mongodb-schema');
const { EJSON } = peers('bson');

const names = ['products', 'books', 'grades', 'students', 'restaurant', 'countries-small', 'profiles'];
const lines = names.flatMap((n) =>
  readFileSync(path.join(root, `../shared/corpus/mongo/${n}.json`), 'utf8').split('\n').filter((l) => l.trim()));
const chosen = [];
while (chosen.length < 100000) chosen.push(lines[chosen.length % lines.length]);
const text = chosen.join('\n') + '\n';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = [];
let fields = 0;
for (let run = 0; run < 5; run++) {
  const t = performance.now();
  fields = engine.infer(text);
  ours.push(performance.now() - t);
}
// The text handed over once and kept in wasm memory, as the app keeps a file it read: the
// inference alone, and what handing 41 MB of text to wasm costs by itself.
engine.load(text);
const alone = [];
const handing = [];
for (let run = 0; run < 5; run++) {
  let t = performance.now();
  engine.infer_loaded();
  alone.push(performance.now() - t);
  t = performance.now();
  engine.hand_over(text);
  handing.push(performance.now() - t);
}
const theirs = [];
const theirsParsed = [];
for (let run = 0; run < 3; run++) {
  const t = performance.now();
  const docs = chosen.map((l) => EJSON.parse(l, { relaxed: false }));
  const parsed = performance.now();
  await parseSchema(docs);
  const done = performance.now();
  theirs.push(done - t);
  theirsParsed.push(done - parsed);
}
const s = (ms) => (ms / 1000).toFixed(2);
const o = median(ours);
const m = median(theirs);
console.log(`inference over 100,000 documents (${(text.length / 1e6).toFixed(1)} MB, ${fields} field paths), node ${process.version}`);
console.log(`schemaforge in wasm (the app's profile: opt-level z, the engine and serde_json at 3), reading the text included: ${s(o)} s (median of 5; budget 6 s): ${o <= 6000 ? 'within budget' : 'OVER BUDGET'}`);
console.log(`of which handing the text to wasm: ${s(median(handing))} s; inference on text already in wasm memory (as the app has it after reading a file): ${s(median(alone))} s`);
console.log(`mongodb-schema 12.7.0: ${s(m)} s with EJSON.parse, ${s(median(theirsParsed))} s on parsed documents (median of 3)`);
const a = median(alone);
console.log(`schemaforge is ${(m / o).toFixed(1)}x faster than mongodb-schema with parsing, ${(median(theirsParsed) / o).toFixed(1)}x without, counting the hand-over (wanted: at least 10x)`);
console.log(`text already in wasm: ${(m / a).toFixed(1)}x faster than mongodb-schema with parsing, ${(median(theirsParsed) / a).toFixed(1)}x without`);

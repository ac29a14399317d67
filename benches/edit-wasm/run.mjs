// Times the edit benchmark's steps in wasm (benches/edit-wasm), as the browser runs them.
// Usage: node benches/edit-wasm/run.mjs WASM_DIR. Prints medians of 21 runs and the budgets.
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const engine = require(path.resolve(process.argv[2], 'edit_wasm.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => { const t = performance.now(); f(); return performance.now() - t; };
const verdict = (ms, budget) => (ms <= budget ? 'within budget' : 'OVER BUDGET');

const tables = engine.prepare(2000);
const apply = [], scene = [], exported = [], total = [], replace = [], undo = [];
for (let run = 0; run < 21; run++) {
  const a = time(() => engine.rename(run));
  const s = time(() => engine.scene());
  const e = time(() => engine.export_ddl());
  apply.push(a); scene.push(s); exported.push(e); total.push(a + s + e);
}
for (let run = 0; run < 21; run++) {
  replace.push(time(() => engine.replace_text(run)));
  undo.push(time(() => { engine.undo(); engine.scene(); }));
}
const f = (x) => x.toFixed(1);
console.log(`edit benchmark in wasm (node ${process.version}, opt-level z): ${tables} tables, median of 21 runs`);
console.log(`rename a referenced column: apply + validate + editor SQL ${f(median(apply))} ms, diagram scene ${f(median(scene))} ms, export DDL ${f(median(exported))} ms`);
console.log(`edit and what the screen shows: ${f(median(total))} ms (budget 16 ms): ${verdict(median(total), 16)}`);
console.log(`replace the text (import + reconcile): ${f(median(replace))} ms (not budgeted)`);
console.log(`undo of that replacement, with the diagram's scene: ${f(median(undo))} ms (budget 50 ms): ${verdict(median(undo), 50)}`);
const lint = [];
let findings = 0;
for (let run = 0; run < 21; run++) lint.push(time(() => { findings = engine.lint(); }));
console.log(`lint (${findings} findings, with positions): ${f(median(lint))} ms (budget 100 ms): ${verdict(median(lint), 100)}`);

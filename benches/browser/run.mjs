// Frame times in headless Chromium for the two scenarios whose budgets are about smoothness:
// panning and zooming a 1,000-table diagram (median frame at display rate, 16.7 ms) and a
// 50 MB import (no frame longer than 250 ms). The end-to-end tests run the same scenarios and
// check what they do; the times are measured here, since they depend on the machine.
// Usage: node benches/browser/run.mjs (after `make dist`; `make bench-browser` does both).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launch, ROOT, SHOTS, watchErrors } from '../../tests/e2e/browser.mjs';
import { serveDist } from '../../tests/e2e/serve.mjs';
import { importFiftyMegabytes, panAndZoomThousandTables } from '../../tests/e2e/scenarios.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const cli = process.env.SCHEMAFORGE ?? path.join(ROOT, 'target/debug/schemaforge');
const corpus = path.resolve(ROOT, '../shared/corpus');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const verdict = (ok) => (ok ? 'within budget' : 'OVER budget');

await mkdir(SHOTS, { recursive: true });
const server = await serveDist(path.join(ROOT, 'dist'));
const browser = await launch();

async function fresh(viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="table"]');
  return { context, page, errors };
}

const pan = [];
const imports = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const a = await fresh({ width: 1600, height: 1000 });
    const p = await panAndZoomThousandTables(a.page, { cli, dir: SHOTS, gestures: 120 });
    console.log(`pan and zoom, 1,000 tables, round ${round}: ${p.frames.length} frames over ${p.gestures} gestures, median ${p.median.toFixed(1)} ms, 95th percentile ${p.p95.toFixed(1)} ms`);
    pan.push(p);
    await a.context.close();

    const b = await fresh({ width: 1440, height: 900 });
    const i = await importFiftyMegabytes(b.page, { corpus, dir: SHOTS });
    console.log(`50 MB import, round ${round}: ${i.frames.length} frames, 95th percentile ${i.p95.toFixed(1)} ms, longest ${i.longest.toFixed(1)} ms`);
    imports.push(i);
    await b.context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const panMedian = median(pan.map((p) => p.median));
const importLongest = median(imports.map((i) => i.longest));
console.log(`\npan and zoom: median frame ${panMedian.toFixed(1)} ms (median of ${ROUNDS} rounds; budget 16.7 ms): ${verdict(panMedian <= 16.7)}`);
console.log(`50 MB import: longest frame ${importLongest.toFixed(1)} ms (median of ${ROUNDS} rounds; budget 250 ms): ${verdict(importLongest < 250)}`);

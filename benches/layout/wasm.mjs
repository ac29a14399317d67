// Schemaforge's layout engine built to wasm (benches/layout-wasm), timed in node as the
// browser would run it. Usage: node benches/layout/wasm.mjs OUT_DIR GRAPH.json...
// Writes OUT_DIR/<name>.schemaforge-wasm.json in the format of peers.mjs. The time includes
// reading and writing the graph as JSON inside wasm (a few percent of the total).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [outDir, ...graphs] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const engine = require(path.resolve(outDir, 'wasm', 'layout_wasm.js'));

for (const file of graphs) {
  const graph = JSON.parse(readFileSync(file, 'utf8'));
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const input = JSON.stringify({
    nodes: graph.nodes.map((n) => ({ width: n.width, height: n.height })),
    edges: graph.edges.map((e) => ({
      source: index.get(e.source),
      target: index.get(e.target),
      source_row: e.source_row,
      target_row: e.target_row,
    })),
  });
  const runs = graph.nodes.length > 1000 ? 5 : 21;
  const times = [];
  let drawing;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    drawing = JSON.parse(engine.layout(input));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const millis = times[Math.floor(times.length / 2)];
  const result = {
    engine: 'schemaforge-wasm',
    graph: graph.name,
    millis,
    nodes: graph.nodes.map((n, i) => ({ id: n.id, x: drawing.nodes[i].x, y: drawing.nodes[i].y, width: n.width, height: n.height })),
    edges: graph.edges.map((e, i) => ({ id: e.id, points: drawing.routes[i].map((p) => [p.x, p.y]) })),
  };
  writeFileSync(path.join(outDir, `${graph.name}.schemaforge-wasm.json`), JSON.stringify(result));
  console.log(`${graph.name}\tschemaforge-wasm\t${millis.toFixed(1)} ms (median of ${runs})`);
}

#!/usr/bin/env node
// Peer side of the diagram-layout benchmark: lays out graphs with elkjs
// (layered, orthogonal routing) and @dagrejs/dagre and writes the results as
// JSON for the Rust side to score. See README.md in this folder.
//
//   node benches/layout/peers.mjs OUT_DIR GRAPH.json [GRAPH.json ...]
//
// Each (graph, engine) pair runs in its own child process (this same script in
// worker mode) with a time limit of PEER_TIMEOUT_SECONDS (default 300).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ENGINES = ['elkjs', 'elkjs-rows', 'dagre'];
const WORKER_FLAG = '--peer-worker';

// Shared, comparable settings: left-to-right, ~40 px between nodes in a
// layer, ~120 px between layers, everything else at the engine's defaults.
const NODE_SPACING = 40;
const LAYER_SPACING = 120;

function readGraph(path) {
  const g = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(g.nodes) || !Array.isArray(g.edges)) {
    throw new Error(`${path}: expected "nodes" and "edges" arrays`);
  }
  if (typeof g.name !== 'string' || g.name === '') {
    g.name = basename(path).replace(/\.json$/i, '');
  }
  // Validate here so both engines reject a malformed graph the same way
  // (dagre would silently create a missing endpoint node, elk throws).
  const ids = new Set();
  for (const n of g.nodes) {
    if (ids.has(n.id)) throw new Error(`${g.name}: duplicate node id ${n.id}`);
    ids.add(n.id);
  }
  for (const e of g.edges) {
    for (const end of [e.source, e.target]) {
      if (!ids.has(end)) throw new Error(`${g.name}: edge ${e.id} references unknown node ${end}`);
    }
  }
  return g;
}

// The graph name becomes part of a file name; keep it to a safe alphabet.
function outPath(outDir, graphName, engine) {
  const safe = graphName.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(outDir, `${safe}.${engine}.json`);
}

// ---------------------------------------------------------------- elkjs ---

async function layoutElk(graph, rows = false) {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK(); // bundled build: runs in this process, no web worker

  const input = {
    id: '__root__',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': String(NODE_SPACING),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_SPACING),
      // Export-only: give edge sections in the root's coordinate frame
      // instead of relative to their containing node. Does not affect layout.
      'elk.json.edgeCoords': 'ROOT',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  if (rows) {
    // The same constraint as Schemaforge's: an edge leaves the referencing table at its
    // column's row and enters the referenced table at the referenced column's row, on the
    // sides facing the flow (ELK draws sources on the left with direction RIGHT).
    const byId = new Map(input.children.map((c) => [c.id, c]));
    const port = (node, side, row) => {
      const id = `${node}.${side}.${row}`;
      const child = byId.get(node);
      child.ports ??= [];
      if (!child.ports.some((p) => p.id === id)) {
        child.ports.push({
          id,
          x: side === 'EAST' ? child.width : 0,
          y: row,
          width: 0,
          height: 0,
          layoutOptions: { 'elk.port.side': side },
        });
      }
      return id;
    };
    for (const c of input.children) c.layoutOptions = { 'elk.portConstraints': 'FIXED_POS' };
    input.edges = graph.edges.map((e) => ({
      id: e.id,
      sources: [port(e.source, 'EAST', e.source_row)],
      targets: [port(e.target, 'WEST', e.target_row)],
    }));
  }

  const t0 = performance.now();
  const out = await elk.layout(input);
  const millis = performance.now() - t0;

  // Node coordinates are relative to the parent node; accumulate offsets so
  // nested containers (none in our flat input, but ELK could add them in
  // principle) still yield absolute positions. The root's own x/y is its
  // position in nothing, so children of the root are taken as absolute.
  const nodes = [];
  const edgesById = new Map();
  const walk = (node, ox, oy) => {
    for (const c of node.children ?? []) {
      const ax = ox + (c.x ?? 0);
      const ay = oy + (c.y ?? 0);
      nodes.push({ id: c.id, x: ax, y: ay, width: c.width, height: c.height });
      walk(c, ax, ay);
    }
    for (const e of node.edges ?? []) {
      // With elk.json.edgeCoords = ROOT the sections are already in root
      // coordinates; ox/oy would only matter for the default (CONTAINER).
      edgesById.set(e.id, e);
    }
  };
  walk(out, 0, 0);

  const edges = graph.edges.map((e) => {
    const oe = edgesById.get(e.id);
    const points = [];
    const push = (p) => {
      if (!p) return;
      const last = points[points.length - 1];
      if (last && last[0] === p.x && last[1] === p.y) return;
      points.push([p.x, p.y]);
    };
    for (const s of oe?.sections ?? []) {
      push(s.startPoint);
      for (const b of s.bendPoints ?? []) push(b);
      push(s.endPoint);
    }
    return { id: e.id, points };
  });

  return { millis, nodes, edges };
}

// ---------------------------------------------------------------- dagre ---

async function layoutDagre(graph) {
  const dagre = (await import('@dagrejs/dagre')).default;

  // multigraph: parallel edges are kept apart by name (= our edge id).
  const g = new dagre.graphlib.Graph({ multigraph: true, directed: true });
  g.setGraph({ rankdir: 'LR', nodesep: NODE_SPACING, ranksep: LAYER_SPACING });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of graph.edges) g.setEdge(e.source, e.target, {}, e.id);

  const t0 = performance.now();
  dagre.layout(g); // default ranker: network-simplex
  const millis = performance.now() - t0;

  const nodes = graph.nodes.map((n) => {
    const d = g.node(n.id); // dagre gives the centre
    return { id: n.id, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height };
  });
  const edges = graph.edges.map((e) => {
    const d = g.edge({ v: e.source, w: e.target, name: e.id });
    return { id: e.id, points: (d?.points ?? []).map((p) => [p.x, p.y]) };
  });
  return { millis, nodes, edges };
}

// --------------------------------------------------------------- worker ---

async function worker(engine, graphPath, outDir) {
  let graphName = basename(graphPath).replace(/\.json$/i, '');
  let record;
  try {
    const graph = readGraph(graphPath);
    graphName = graph.name;
    const run =
      engine === 'elkjs'
        ? layoutElk
        : engine === 'elkjs-rows'
          ? (g) => layoutElk(g, true)
          : engine === 'dagre'
            ? layoutDagre
            : null;
    if (!run) throw new Error(`unknown engine ${engine}`);
    const r = await run(graph);
    record = { engine, graph: graphName, millis: r.millis, nodes: r.nodes, edges: r.edges };
  } catch (err) {
    const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    record = { engine, graph: graphName, error: msg.replace(/\s+/g, ' ').trim() };
  }
  writeFileSync(outPath(outDir, graphName, engine), JSON.stringify(record));
  // One summary line for the parent (which prints its own line).
  process.stdout.write(
    JSON.stringify({ graph: graphName, millis: record.millis, error: record.error }) + '\n',
  );
}

// --------------------------------------------------------------- driver ---

function driver(outDir, graphPaths) {
  const timeoutS = Number(process.env.PEER_TIMEOUT_SECONDS ?? 300) || 300;
  mkdirSync(outDir, { recursive: true });
  const self = process.argv[1];

  for (const graphPath of graphPaths) {
    // Name for the error record if the child never gets to write one.
    let graphName = basename(graphPath).replace(/\.json$/i, '');
    try {
      graphName = readGraph(graphPath).name;
    } catch {
      /* the child reports the parse error itself */
    }
    for (const engine of ENGINES) {
      const r = spawnSync(
        process.execPath,
        [...process.execArgv, self, WORKER_FLAG, engine, graphPath, outDir],
        {
          timeout: timeoutS * 1000,
          killSignal: 'SIGKILL', // a busy JS loop may not react to SIGTERM promptly
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          maxBuffer: 16 * 1024 * 1024,
        },
      );

      let summary = null;
      try {
        summary = JSON.parse(r.stdout.trim().split('\n').pop());
      } catch {
        /* child died before reporting */
      }

      let error = null;
      if (r.error?.code === 'ETIMEDOUT') {
        error = `timeout after ${timeoutS} s`;
      } else if (!summary) {
        // Crashed before reporting, e.g. V8 "FATAL ERROR: ... heap out of memory" + SIGABRT.
        const lines = (r.stderr || '').split('\n').map((l) => l.trim()).filter(Boolean);
        const msg = lines.find((l) => l.startsWith('FATAL ERROR')) ?? lines.at(-1);
        const how = r.signal ? `killed by ${r.signal}` : `exited with status ${r.status}`;
        error = `worker ${how}${msg ? `: ${msg}` : ''}`;
      }
      if (error) {
        writeFileSync(outPath(outDir, graphName, engine), JSON.stringify({ engine, graph: graphName, error }));
      } else {
        error = summary.error ?? null;
        graphName = summary.graph;
      }

      const what = error ? `error: ${error}` : `${summary.millis.toFixed(1)} ms`;
      console.log(`${graphName}\t${engine}\t${what}`);
    }
  }
}

const args = process.argv.slice(2);
if (args[0] === WORKER_FLAG) {
  await worker(args[1], resolve(args[2]), resolve(args[3]));
} else if (args.length < 2) {
  console.error('usage: node benches/layout/peers.mjs OUT_DIR GRAPH.json [GRAPH.json ...]');
  process.exit(2);
} else {
  driver(resolve(args[0]), args.slice(1).map((p) => resolve(p)));
}

// Applies SQL to a fresh in-memory PGlite and prints the verdict as JSON on stdout.
// Input (stdin): {"statements": [...], "extensions": [...]}, the statements applied in
// order; the answer is {"ok":true} or {"ok":false,"statement":i,"message":"…"} for the first
// failure. Or {"scripts": [[statements…], …], "dump": false, "extensions": [...]}: each
// script runs in its own transaction, rolled back afterwards, and the answer is an array of
// such verdicts. With "dump": true, each script is applied to a fresh PGlite and a verdict
// that succeeded carries "catalog": the schema as pg_dump (compiled to wasm) prints it.
// Or {"stages": [{"reset": bool, "statements": [...]}, …], "reset": "…", "catalog": "…"}:
// one PGlite runs the stages in order, emptied first where "reset" says so, and each
// verdict carries "catalog", the one text the catalog query returns after that stage.
// "extensions" names the PGlite contrib bundles to load (`pg_trgm`, `uuid_ossp`, ...).
import { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';

// Decoded as one stream: a character split across two chunks must not become two U+FFFD.
process.stdin.setEncoding('utf8');
let input = '';
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);

const bundles = {};
for (const name of request.extensions ?? []) {
  bundles[name] = (await import(`@electric-sql/pglite/contrib/${name}`))[name];
}
const create = () => PGlite.create({ extensions: bundles });

async function applyTo(target, statements) {
  for (let i = 0; i < statements.length; i++) {
    try {
      await target.exec(statements[i]);
    } catch (e) {
      return { ok: false, statement: i, message: e.message };
    }
  }
  return { ok: true };
}

let answer;
if (request.queries) {
  // {"statements": [...], "queries": [...]}: the statements applied, then each query's
  // first value (as text) in "values".
  const db = await create();
  answer = await applyTo(db, request.statements);
  if (answer.ok) {
    answer.values = [];
    for (const q of request.queries) {
      const result = await db.query(q, [], { rowMode: 'array' });
      answer.values.push(String(result.rows[0]?.[0] ?? ''));
    }
  }
  await db.close();
} else if (request.stages) {
  const db = await create();
  answer = [];
  for (const stage of request.stages) {
    // A stage that failed inside its own transaction leaves it open: close it first.
    try { await db.exec('ROLLBACK'); } catch (e) { /* none was open */ }
    if (stage.reset) await db.exec(request.reset);
    const verdict = await applyTo(db, stage.statements);
    if (verdict.ok) {
      const result = await db.query(request.catalog, [], { rowMode: 'array' });
      verdict.catalog = result.rows[0]?.[0] ?? '';
    }
    answer.push(verdict);
  }
  await db.close();
} else if (request.statements) {
  const db = await create();
  answer = await applyTo(db, request.statements);
  await db.close();
} else if (request.dump) {
  // A fresh PGlite per script: pg_dump leaves its session state behind.
  answer = [];
  for (const script of request.scripts) {
    const own = await create();
    const verdict = await applyTo(own, script);
    if (verdict.ok) {
      const file = await pgDump({ pg: own, args: ['--schema-only', '--no-owner', '--no-privileges'] });
      verdict.catalog = await file.text();
    }
    answer.push(verdict);
    await own.close();
  }
} else {
  const db = await create();
  answer = [];
  for (const script of request.scripts) {
    await db.exec('BEGIN');
    answer.push(await applyTo(db, script));
    await db.exec('ROLLBACK');
  }
  await db.close();
}
process.stdout.write(JSON.stringify(answer) + '\n');

// Applies SQL to a fresh in-memory PGlite and prints the verdict as JSON on stdout.
// Input (stdin): a JSON array of statements, applied in order; the answer is
//   {"ok":true} or {"ok":false,"statement":i,"message":"…"} for the first failure.
// Or {"scripts": [[statements…], …]}: each script runs in its own transaction, rolled back
// afterwards, and the answer is an array of such verdicts, one per script.
import { PGlite } from '@electric-sql/pglite';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);
const db = await PGlite.create();

async function apply(statements) {
  for (let i = 0; i < statements.length; i++) {
    try {
      await db.exec(statements[i]);
    } catch (e) {
      return { ok: false, statement: i, message: e.message };
    }
  }
  return { ok: true };
}

let answer;
if (Array.isArray(request)) {
  answer = await apply(request);
} else {
  answer = [];
  for (const script of request.scripts) {
    await db.exec('BEGIN');
    answer.push(await apply(script));
    await db.exec('ROLLBACK');
  }
}
await db.close();
process.stdout.write(JSON.stringify(answer) + '\n');

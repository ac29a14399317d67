// Applies a JSON array of SQL statements (on stdin) to a fresh in-memory PGlite, in order,
// and prints {"ok":true} or {"ok":false,"statement":i,"message":"…"} for the first failure.
import { PGlite } from '@electric-sql/pglite';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const statements = JSON.parse(input);
const db = await PGlite.create();
let answer = { ok: true };
for (let i = 0; i < statements.length; i++) {
  try {
    await db.exec(statements[i]);
  } catch (e) {
    answer = { ok: false, statement: i, message: e.message };
    break;
  }
}
await db.close();
process.stdout.write(JSON.stringify(answer) + '\n');

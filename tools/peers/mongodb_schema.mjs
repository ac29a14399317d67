// MongoDB Compass's schema inference (npm mongodb-schema) over an Extended JSON sample file,
// test-only: prints every field path with its presence count and its types' counts, in the
// names `$jsonSchema` uses, and how long the inference took. Usage: node mongodb_schema.mjs FILE
import { parseSchema } from 'mongodb-schema';
import { EJSON } from 'bson';
import fs from 'fs';

const NAMES = {
  ObjectId: 'objectId', String: 'string', Int32: 'int', Long: 'long', Double: 'double',
  Decimal128: 'decimal', Boolean: 'bool', Date: 'date', Timestamp: 'timestamp',
  Binary: 'binData', BSONRegExp: 'regex', RegExp: 'regex', Array: 'array', Document: 'object',
  Null: 'null', MinKey: 'minKey', MaxKey: 'maxKey', Code: 'javascript', BSONSymbol: 'string',
};

const text = fs.readFileSync(process.argv[2], 'utf8');
const docs = text.split('\n').filter((l) => l.trim()).map((l) => EJSON.parse(l, { relaxed: false }));
const start = performance.now();
const schema = await parseSchema(docs);
const ms = performance.now() - start;

const fields = {};
function walk(list) {
  for (const f of list) {
    const path = f.path.join('.');
    const types = {};
    for (const t of f.types) {
      if (t.name === 'Undefined') continue;
      types[NAMES[t.name] ?? t.name] = t.count;
    }
    const present = Object.values(types).reduce((a, b) => a + b, 0);
    const entry = (fields[path] ??= { present: 0, types: {} });
    entry.present += present;
    for (const [k, v] of Object.entries(types)) entry.types[k] = (entry.types[k] ?? 0) + v;
    for (const t of f.types) {
      if (t.fields) walk(t.fields);
      if (t.types) for (const inner of t.types) if (inner.fields) walk(inner.fields);
    }
  }
}
walk(schema.fields);
console.log(JSON.stringify({ documents: schema.count, ms, fields }));

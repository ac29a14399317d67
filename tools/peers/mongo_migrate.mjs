// Runs Schemaforge's mongosh migration scripts in node, test-only, with npm's mingo (an
// independent implementation of MongoDB's query, update operators and pipeline updates)
// doing the updates. No MongoDB server can run on these machines; this stands in for one
// only as far as the scripts reach: a `db` whose collections hold the documents in memory,
// `updateMany` by mingo, `createCollection`/`collMod` options and indexes recorded (an
// index that exists twice, or is dropped without existing, fails as on the server).
// Usage: node mongo_migrate.mjs DOCUMENTS COLLECTION SETUP.js UP.js DOWN.js (SETUP puts the
// old version's validator and indexes in place)
// Prints JSON: the documents as read, after up and after down (canonical Extended JSON),
// and the collection's options and indexes after each.
import { updateMany } from 'mingo';
import { EJSON, ObjectId, Long, Int32, Decimal128 } from 'bson';
import fs from 'fs';

const [file, name, setupFile, upFile, downFile] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const docs = text.trim().startsWith('[')
  ? EJSON.parse(text, { relaxed: false })
  : text.split('\n').filter((l) => l.trim()).map((l) => EJSON.parse(l, { relaxed: false }));

const collections = new Map([[name, { docs, options: {}, indexes: new Map([['_id_', { _id: 1 }]]) }]]);

function defaultIndexName(keys) {
  return Object.entries(keys).map(([k, v]) => `${k}_${v}`).join('_');
}

function collection(n) {
  const get = () => {
    const c = collections.get(n);
    if (!c) throw new Error(`ns does not exist: ${n}`);
    return c;
  };
  return {
    updateMany(filter, update, options = {}) {
      const c = collections.get(n);
      if (!c) return { matchedCount: 0, modifiedCount: 0 };
      return updateMany(c.docs, filter, update, { arrayFilters: options.arrayFilters });
    },
    createIndex(keys, options = {}) {
      const c = get();
      const indexName = options.name ?? defaultIndexName(keys);
      if (c.indexes.has(indexName)) throw new Error(`index ${indexName} already exists`);
      c.indexes.set(indexName, { key: keys, ...options });
      return indexName;
    },
    dropIndex(indexName) {
      const c = get();
      if (!c.indexes.delete(indexName)) throw new Error(`index not found with name [${indexName}]`);
      return { ok: 1 };
    },
    drop() {
      return collections.delete(n);
    },
    renameCollection(to) {
      const c = get();
      if (collections.has(to)) throw new Error(`target namespace exists: ${to}`);
      collections.delete(n);
      collections.set(to, c);
      return { ok: 1 };
    },
  };
}

const methods = {
  getCollection: (n) => collection(n),
  createCollection(n, options = {}) {
    if (collections.has(n)) throw new Error(`Collection already exists. NS: ${n}`);
    collections.set(n, { docs: [], options, indexes: new Map([['_id_', { _id: 1 }]]) });
    return { ok: 1 };
  },
  runCommand(command) {
    if (!('collMod' in command)) throw new Error(`unsupported command ${Object.keys(command)[0]}`);
    const c = collections.get(command.collMod);
    if (!c) throw new Error(`ns does not exist: ${command.collMod}`);
    for (const k of ['validator', 'validationLevel', 'validationAction']) {
      if (k in command) c.options[k] = command[k];
    }
    return { ok: 1 };
  },
};
const db = new Proxy(methods, {
  get: (target, prop) => (prop in target ? target[prop] : collection(String(prop))),
});

const shell = {
  ObjectId: (hex) => new ObjectId(hex),
  ISODate: (s) => new Date(s),
  NumberLong: (s) => Long.fromString(String(s)),
  NumberInt: (s) => new Int32(Number(s)),
  NumberDecimal: (s) => Decimal128.fromString(String(s)),
};

function run(scriptFile) {
  const script = fs.readFileSync(scriptFile, 'utf8');
  new Function('db', ...Object.keys(shell), script)(db, ...Object.values(shell));
}

function snapshot() {
  const out = {};
  for (const [n, c] of collections) {
    out[n] = {
      documents: c.docs.map((d) => EJSON.serialize(d, { relaxed: false })),
      options: EJSON.serialize(c.options, { relaxed: true }),
      indexes: Object.fromEntries([...c.indexes].map(([k, v]) => [k, EJSON.serialize(v, { relaxed: true })])),
    };
  }
  return out;
}

run(setupFile);
const original = snapshot();
run(upFile);
const up = snapshot();
run(downFile);
const down = snapshot();
console.log(JSON.stringify({ original, up, down }));

// The export panel in a real browser: DDL per dialect with its fidelity report, and Verify
// on PostgreSQL (PGlite) and on SQLite (sql.js), engines compiled to wasm that the page
// loads only when the button is pressed. A planted error comes back as the engine's own
// message at its statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUnderTest, editorText, openApp, setEditorText, watchErrors } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const shots = path.join(root, 'test-output', 'e2e');

const app = appUnderTest();

async function verifyResult(page, button) {
  const loaded = [];
  page.on('request', (r) => loaded.push(r.url()));
  await page.getByTestId(button).click();
  const result = page.getByTestId('verify-result');
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="verify-result"]');
      return el && !el.classList.contains('verify-running');
    },
    null,
    { timeout: 90_000 },
  );
  return { text: await result.innerText(), ok: await result.evaluate((el) => el.classList.contains('verify-ok')), loaded };
}

test('verify the example on PostgreSQL and SQLite, then see a planted error', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const engineRequests = [];
  page.on('request', (r) => { if (r.url().includes('/engines/')) engineRequests.push(r.url()); });
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  assert.equal(engineRequests.length, 0, 'no engine is loaded before a Verify button is pressed');

  // PostgreSQL: the example applies in PGlite.
  const pg = await verifyResult(page, 'verify-postgres');
  assert.ok(pg.ok, pg.text);
  assert.match(pg.text, /PostgreSQL applied all \d+ statements/);
  assert.ok(engineRequests.some((u) => u.endsWith('pglite.wasm')), 'PGlite was loaded on demand');
  await page.screenshot({ path: path.join(shots, 'verify-postgres.png') });

  // SQLite: the same model in SQLite's dialect applies in sql.js.
  const lite = await verifyResult(page, 'verify-sqlite');
  assert.ok(lite.ok, lite.text);
  assert.match(lite.text, /SQLite applied all \d+ statements/);

  // Another dialect shows its DDL and what it cannot express.
  await page.getByTestId('export-dialect').selectOption('mysql');
  await page.waitForFunction(() => document.querySelector('[data-testid="ddl-output"]').innerText.includes('AUTO_INCREMENT'));
  const report = page.getByTestId('fidelity-report');
  await report.locator('summary').click();
  assert.match(await report.innerText(), /gin/i, 'the GIN index MySQL cannot hold is reported');
  await page.screenshot({ path: path.join(shots, 'export-mysql.png') });
  await page.getByTestId('export-dialect').selectOption('postgres');

  // Table patterns: updated_at, soft delete and audit on users generate triggers that both
  // engines accept.
  await page.getByTestId('patterns').locator('summary').click();
  for (const kind of ['updated_at', 'soft_delete', 'audit']) {
    await page.getByTestId(`pattern-users-${kind}`).check();
  }
  await page.waitForFunction(() => document.querySelector('[data-testid="ddl-output"]').innerText.includes('CREATE TRIGGER trg_users_audit'));
  const ddlText = await page.getByTestId('ddl-output').innerText();
  assert.match(ddlText, /CREATE TRIGGER trg_users_updated_at BEFORE UPDATE ON users/);
  assert.match(ddlText, /CREATE UNIQUE INDEX \S+ ON users \(email\) WHERE deleted_at IS NULL/);
  await page.screenshot({ path: path.join(shots, 'export-patterns.png') });
  for (const button of ['verify-postgres', 'verify-sqlite']) {
    const withPatterns = await verifyResult(page, button);
    assert.ok(withPatterns.ok, `${button} with patterns: ${withPatterns.text}`);
  }

  // Plant an error: a default of the wrong type. The engine names it, at its statement.
  const text = await editorText(page);
  await setEditorText(page, text.replace('is_active boolean NOT NULL DEFAULT true', "is_active boolean NOT NULL DEFAULT 'maybe'"));
  await page.waitForFunction(() => document.querySelector('[data-testid="ddl-output"]').innerText.includes("DEFAULT 'maybe'"));
  const bad = await verifyResult(page, 'verify-postgres');
  assert.equal(bad.ok, false, bad.text);
  assert.match(bad.text, /rejected the script at line \d+: invalid input syntax for type boolean: "maybe"/);
  assert.match(bad.text, /in: CREATE TABLE users/);
  await page.screenshot({ path: path.join(shots, 'verify-error.png') });
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();
});

test('Verify on PostgreSQL loads the contrib extensions a script creates, and says up front what PGlite lacks', async () => {
  const { context, page, errors } = await openApp(app, { width: 1600, height: 900 });
  await setEditorText(page, [
    'CREATE EXTENSION IF NOT EXISTS pg_trgm;',
    'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";',
    'CREATE TABLE people (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name text NOT NULL);',
    'CREATE INDEX people_name_trgm ON people USING gin (name gin_trgm_ops);',
    '',
  ].join('\n'));
  await page.waitForFunction(() => document.querySelector('[data-testid="ddl-output"]').innerText.includes('gin_trgm_ops'));
  const ok = await verifyResult(page, 'verify-postgres');
  assert.ok(ok.ok, ok.text);
  assert.ok(ok.loaded.some((u) => u.endsWith('/contrib/pg_trgm.js')), 'pg_trgm loaded with PGlite');
  assert.ok(ok.loaded.some((u) => u.endsWith('/uuid-ossp.tar.gz')), 'uuid-ossp loaded with PGlite');
  await page.screenshot({ path: path.join(shots, 'verify-extensions.png') });

  await setEditorText(page, 'CREATE TABLE place (id int PRIMARY KEY, at geometry(Point, 4326));\n');
  await page.waitForFunction(() => document.querySelector('[data-testid="ddl-output"]').innerText.includes('geometry'));
  const lacking = await verifyResult(page, 'verify-postgres');
  assert.equal(lacking.ok, false, lacking.text);
  assert.match(lacking.text, /PGlite does not ship the extension postgis, which column place\.at needs/);
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();
});

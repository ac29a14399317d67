// The first vertical slice in a real browser: the example diagram, typing a table with a
// foreign key, reload restoring it, a parse error with line:column keeping the last good
// diagram, and Save / Open of a project file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { appendToEditor, appUnderTest, editorSelection, editorText, setEditorText, waitForEditorText, watchErrors } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'test-output', 'e2e');

const app = appUnderTest();
const cli = process.env.SCHEMAFORGE ?? path.join(root, 'target/debug/schemaforge');

// The length of what the app keeps in IndexedDB under `key` (0 when nothing), read the way
// the app opens its database.
const storedLength = (page, key) => page.evaluate((key) => new Promise((resolve, reject) => {
  const open = indexedDB.open('schemaforge', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('saved');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const get = open.result.transaction('saved').objectStore('saved').get(key);
    get.onsuccess = () => { open.result.close(); resolve(get.result?.length ?? 0); };
    get.onerror = () => reject(get.error);
  };
}), key);

const tableNames = (page) =>
  page.$$eval('[data-testid="table"]', (els) => els.map((e) => e.getAttribute('data-table')).sort());
const edgeCount = (page) => page.locator('[data-testid="edge"]').count();

test('example, typing, reload, parse error, save and open', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);

  // The example project opens: three tables, two relationships, generated DDL.
  await page.waitForSelector('[data-testid="table"]');
  assert.deepEqual(await tableNames(page), ['audit_log', 'user_preferences', 'users']);
  assert.equal(await edgeCount(page), 2);
  assert.match(await page.getByTestId('ddl-output').innerText(), /CREATE TABLE users \(/);
  await page.screenshot({ path: path.join(shots, 'example.png') });

  // Typing a table with a foreign key adds a box and an edge.
  await appendToEditor(
    page,
    '\nCREATE TABLE orders (\n    id bigint PRIMARY KEY,\n    user_id uuid NOT NULL REFERENCES users (id),\n    total numeric(10,2) NOT NULL\n);\n',
  );
  await page.waitForSelector('[data-table="orders"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="edge"]').length === 3);
  const link = await page.evaluate(() => {
    const id = (name) => document.querySelector(`[data-table="${name}"]`).getAttribute('data-id');
    return document.querySelectorAll(`[data-testid="edge"][data-from="${id('orders')}"][data-to="${id('users')}"]`).length;
  });
  assert.equal(link, 1, 'one edge from orders to users');
  const orderRows = await page.$$eval('[data-table="orders"] [data-column]', (els) => els.map((e) => e.getAttribute('data-column')));
  assert.deepEqual(orderRows, ['id', 'user_id', 'total']);
  assert.match(await page.getByTestId('ddl-output').innerText(), /CREATE TABLE orders \(/);

  // A reload restores the project from autosave.
  await page.reload();
  await page.waitForSelector('[data-table="orders"]');
  assert.deepEqual(await tableNames(page), ['audit_log', 'orders', 'user_preferences', 'users']);
  assert.equal(await edgeCount(page), 3);
  assert.match(await editorText(page), /CREATE TABLE orders/);

  // Broken SQL: an error with line and column, and the last good diagram stays.
  const linesBefore = (await editorText(page)).split('\n').length;
  await appendToEditor(page, '\nCREATE TABLE broken (id int,, name text);');
  const error = page.getByTestId('editor-error');
  await error.waitFor();
  const message = await error.innerText();
  const at = message.match(/^Line (\d+), column (\d+): /);
  assert.ok(at, `error has line and column: ${message}`);
  assert.equal(Number(at[1]), linesBefore + 1, message);
  assert.equal(Number(at[2]), 29, message);
  assert.deepEqual(await tableNames(page), ['audit_log', 'orders', 'user_preferences', 'users']);
  assert.equal(await edgeCount(page), 3);
  await page.screenshot({ path: path.join(shots, 'parse-error.png') });

  // Clicking the error puts the cursor on it.
  await error.click();
  const caret = await editorSelection(page);
  assert.deepEqual([caret.line, caret.column], [Number(at[1]), Number(at[2])]);

  // Save downloads the project file; Example replaces the project; Open brings it back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save').click()]);
  const saved = path.join(shots, 'saved-project.json');
  await download.saveAs(saved);
  const file = JSON.parse(await readFile(saved, 'utf8'));
  assert.equal(file.format, 4);
  assert.ok(file.model.tables.some((t) => t.name === 'orders'));
  assert.match(file.source.text, /CREATE TABLE broken/);

  await page.getByTestId('example').click();
  await page.waitForFunction(() => !document.querySelector('[data-table="orders"]'));
  assert.equal(await page.getByTestId('editor-error').count(), 0);

  await page.getByTestId('open-file').setInputFiles(saved);
  await page.waitForSelector('[data-table="orders"]');
  assert.match(await editorText(page), /CREATE TABLE broken/);
  await error.waitFor();

  // Fixing the text brings the diagram up to date again.
  const fixed = (await editorText(page)).replace('id int,, name text', 'id int, name text');
  await setEditorText(page, fixed);
  await page.waitForSelector('[data-table="broken"]');
  assert.equal(await page.getByTestId('editor-error').count(), 0);
  await page.screenshot({ path: path.join(shots, 'app.png') });

  assert.deepEqual(errors, []);
  await context.close();
});

test('an unreadable autosave is kept and the example shown', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  await page.evaluate(() => localStorage.setItem('schemaforge.project', '{"format": 1, "model": [oops'));
  await page.reload();
  await page.waitForSelector('[data-testid="table"]');
  assert.match(await page.getByTestId('notice').innerText(), /could not be read.*line 1/s);
  assert.equal(
    await page.evaluate(() => localStorage.getItem('schemaforge.project.unreadable')),
    '{"format": 1, "model": [oops',
  );
  assert.deepEqual(await tableNames(page), ['audit_log', 'user_preferences', 'users']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('opening a file that is not a project shows a message and keeps the work', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  await page.getByTestId('open-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": 1,\n "name": 42 }'),
  });
  await page.getByTestId('notice').waitFor();
  assert.match(await page.getByTestId('notice').innerText(), /broken\.json.*line 2/s);
  assert.deepEqual(await tableNames(page), ['audit_log', 'user_preferences', 'users']);
  assert.deepEqual(errors, []);
  await context.close();
});

// A project too big for local storage (a 3,000-table dump: 13 MB of project) is kept in
// IndexedDB and comes back on reload; an undo history far past what local storage holds (a
// step that brings that project back) survives a reload too.
test('a project and a history too big for local storage survive a reload', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  const dump = execFileSync(cli, ['synthetic', '3000', '4500'], { maxBuffer: 64 << 20 }).toString();
  const file = path.join(shots, 'big-project.sql');
  await writeFile(file, dump);
  await page.locator('input[type="file"]').first().setInputFiles(file);
  await waitForEditorText(page, /CREATE TABLE public\.entity_2999/);
  await page.waitForFunction(() => localStorage.getItem('schemaforge.project.in-indexeddb') === '1', null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => localStorage.getItem('schemaforge.project')), null);

  // Reload: the big project is read back from IndexedDB, and its undo step with it.
  await page.reload();
  await waitForEditorText(page, /CREATE TABLE public\.entity_2999/);
  await page.waitForFunction(() => /open/.test(document.querySelector('[data-testid="undo"]')?.title ?? ''));

  // The example in its place: the project fits local storage again; the step back to the
  // big project is a history of more than 5 MB (local storage kept 1.5 MB of it).
  await page.getByTestId('example').click();
  await page.waitForFunction(() => localStorage.getItem('schemaforge.project.in-indexeddb') === null, null, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 3);
  let history = 0;
  for (let i = 0; i < 200 && history < 5_000_000; i++) {
    history = await storedLength(page, 'schemaforge.history');
    if (history < 5_000_000) await page.waitForTimeout(100);
  }
  assert.ok(history > 5_000_000, `history stored: ${history} bytes`);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 3);
  await page.waitForFunction(() => !document.querySelector('[data-testid="undo"]')?.disabled, null, { timeout: 30000 });
  await page.getByTestId('undo').click();
  await waitForEditorText(page, /CREATE TABLE public\.entity_2999/);
  await page.screenshot({ path: path.join(shots, 'big-project-restored.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

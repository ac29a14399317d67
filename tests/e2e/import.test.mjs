// Import dialog and the SQL/DBML views, in a real browser, on real corpus files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appendToEditor, appUnderTest, editorText, openApp, pasteIntoEditor, setEditorText, waitForEditorText, watchErrors,
} from './browser.mjs';
import { importFiftyMegabytes } from './scenarios.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const corpus = path.resolve(root, '../shared/corpus');
const shots = path.join(root, 'test-output', 'e2e');

const app = appUnderTest();

const tableCount = (page) => page.locator('[data-testid="table"]').count();

test('importing Sakila (MySQL) shows the report, selects skipped lines, then draws 16 tables', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');

  await page.getByTestId('import').click();
  await page.getByTestId('import-dialog').waitFor();
  const sakila = await readFile(path.join(corpus, 'sql/sakila/mysql.sql'), 'utf8');
  await page.getByTestId('import-text').fill(sakila);
  await page.getByTestId('import-counts').waitFor();
  assert.match(await page.getByTestId('import-detected').innerText(), /SQL, mysql/);
  const counts = await page.getByTestId('import-counts').innerText();
  assert.match(counts, /^16 tables · \d+ columns · 22 foreign keys · \d+ indexes · 7 views · 1 enums$/);
  const skipped = page.getByTestId('import-skipped');
  assert.ok((await skipped.count()) > 0);

  // A skipped statement selects its line in the pasted text.
  const first = await skipped.first().innerText();
  const line = Number(first.match(/^(\d+):/)[1]);
  await skipped.first().click();
  const selected = await page.getByTestId('import-text').evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, sakila.split('\n')[line - 1]);
  await page.screenshot({ path: path.join(shots, 'import-dialog.png') });

  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 16);
  assert.equal(await page.locator('[data-testid="edge"]').count(), 22);
  assert.match(await editorText(page), /CREATE TABLE actor/);
  await page.screenshot({ path: path.join(shots, 'sakila.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a DBML file dropped in the dialog imports, and the editor switches between SQL and DBML', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');

  // DBML through the dialog's file input.
  await page.getByTestId('import').click();
  await page.getByTestId('import-file').setInputFiles(path.join(corpus, 'dbml/exporter/postgres_exporter/input/many_to_many_relationship.in.dbml'));
  await page.getByTestId('import-counts').waitFor();
  assert.match(await page.getByTestId('import-detected').innerText(), /DBML/);
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
  assert.ok((await tableCount(page)) > 0);
  assert.match(await editorText(page), /Table /);

  // Back to the example, then the DBML view: edit it, see the diagram follow.
  await page.getByTestId('example').click();
  await page.getByTestId('view-dbml').click();
  await waitForEditorText(page, /Table users \{/);
  await appendToEditor(page, '\nTable tags {\n  id int [pk]\n  user_id uuid [ref: > users.id]\n}\n');
  await page.waitForSelector('[data-table="tags"]');
  assert.equal(await page.locator('[data-testid="edge"]').count(), 3);
  await page.screenshot({ path: path.join(shots, 'dbml-view.png') });

  // A DBML error has a position and keeps the diagram.
  await pasteIntoEditor(page, 'Table broken {\n  id int [pk\n}\n');
  await page.getByTestId('editor-error').waitFor();
  assert.match(await page.getByTestId('editor-error').innerText(), /^Line \d+, column \d+: /);
  assert.equal(await tableCount(page), 4);

  // The SQL view is generated from the model and holds the new table.
  await setEditorText(page, (await editorText(page)).replace(/Table broken \{[\s\S]*$/, ''));
  await page.waitForFunction(() => !document.querySelector('[data-testid="editor-error"]'));
  await page.getByTestId('view-sql').click();
  await waitForEditorText(page, /CREATE TABLE tags \(/);
  assert.equal(await tableCount(page), 4);
  assert.deepEqual(errors, []);
  await context.close();
});

// A 50 MB dump: Pagila's schema followed by megabytes of COPY data, the shape of a real
// pg_dump with data. The page must keep painting while it imports, and show progress.
test('a 50 MB dump imports in steps with progress, and the page keeps painting', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  // Frame times are the benchmark's (`make bench-browser`): they depend on the machine.
  const run = await importFiftyMegabytes(page, { corpus, dir: shots });
  assert.ok(run.bytes >= 50e6);
  const steps = new Set(run.progressSet);
  console.log(`50 MB import: ${steps.size} progress values set, ${run.progressPainted.length} painted, ${run.frames.length} frames, 95th percentile ${run.p95.toFixed(1)} ms, longest ${run.longest.toFixed(1)} ms`);
  // The import hands the thread back between slices: progress rises in steps, and the page
  // paints between them (a blocking import would paint once, at the end).
  const set = run.progressSet.filter((v) => v > 0);
  assert.ok(steps.size >= 5, `progress set in steps: ${[...steps].join(', ')}`);
  assert.deepEqual(set, [...set].sort((a, b) => a - b), 'progress only rises');
  assert.ok(run.progressPainted.length >= 5, `progress painted in steps: ${run.progressPainted.join(', ')}`);
  assert.match(await page.getByTestId('import-large').innerText(), /pagila-with-data\.sql: 5\d\.\d MB/);
  const counts = await page.getByTestId('import-counts').innerText();
  assert.match(counts, /^22 tables · \d+ columns · 36 foreign keys/);
  await page.screenshot({ path: path.join(shots, 'import-large.png') });

  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 22);
  // The editor holds the schema generated from the dump, not its 50 MB of data.
  const text = await editorText(page);
  assert.ok(text.length < 200000, `editor holds ${text.length} characters`);
  assert.match(text, /CREATE TABLE (public\.)?actor \(/, text.slice(0, 300));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the dialog tries every dialect: a close call lists them to choose from, a clear one says which', async () => {
  const { context, page, errors } = await openApp(app, { width: 1440, height: 900 });
  await page.getByTestId('import').click();
  await page.getByTestId('import-dialog').waitFor();

  // Plain SQL that every dialect reads alike: the user is asked.
  // An empty box asks nothing.
  assert.equal(await page.getByTestId('import-dialect-close').count(), 0);
  await page.getByTestId('import-text').fill('CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int REFERENCES a (id));\n');
  await page.getByTestId('import-counts').waitFor();
  await page.getByTestId('import-dialect-close').waitFor();
  const choices = page.getByTestId('import-dialect-choice');
  assert.equal(await choices.count(), 4);
  assert.match(await choices.nth(0).innerText(), /^postgres: 2 tables, 1 foreign keys, 0 errors$/);
  await page.screenshot({ path: path.join(shots, 'import-dialect-close.png') });
  await page.getByTestId('import-dialect-choice').filter({ hasText: 'sqlite' }).click();
  await page.getByTestId('import-dialect-close').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('import-dialect').inputValue(), 'sqlite');

  // A SQL Server script as Management Studio writes it: no question, four tables.
  await page.getByTestId('import-dialect').selectOption('auto');
  const ssms = [
    'SET ANSI_NULLS ON', 'GO',
    'CREATE TABLE [dbo].[Shelf]([ShelfID] [int] IDENTITY(1,1) NOT NULL,',
    ' CONSTRAINT [PK_Shelf] PRIMARY KEY CLUSTERED ([ShelfID] ASC)',
    ' WITH (PAD_INDEX = OFF, ALLOW_ROW_LOCKS = ON) ON [PRIMARY]) ON [PRIMARY]', 'GO',
    'CREATE TABLE [dbo].[Book]([BookID] [int] NOT NULL, [ShelfID] [int] NULL,',
    ' CONSTRAINT [PK_Book] PRIMARY KEY CLUSTERED ([BookID] ASC) ON [PRIMARY]) ON [PRIMARY]', 'GO',
    'ALTER TABLE [dbo].[Book]  WITH CHECK ADD  CONSTRAINT [FK_Book_Shelf] FOREIGN KEY([ShelfID])',
    'REFERENCES [dbo].[Shelf] ([ShelfID])', 'GO',
    'ALTER TABLE [dbo].[Book] CHECK CONSTRAINT [FK_Book_Shelf]', 'GO', '',
  ].join('\n');
  await page.getByTestId('import-text').fill(ssms);
  await page.waitForFunction(() => /SQL, mssql/.test(document.querySelector('[data-testid="import-detected"]').innerText));
  await page.waitForFunction(() => /^2 tables · 3 columns · 1 foreign keys/.test(document.querySelector('[data-testid="import-counts"]')?.innerText ?? ''));
  assert.equal(await page.getByTestId('import-dialect-close').count(), 0);
  assert.equal(await page.locator('[data-testid="import-skipped"].error').count(), 0);
  assert.equal(await page.locator('.skipped.error').count(), 0);
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 2);
  assert.equal(await page.locator('[data-testid="edge"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

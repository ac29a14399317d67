// Dependencies in the inspector: discovery from a CSV file finds zip -> city, one click
// declares it, the table's analysis and the findings panel then show the transitive
// dependency, and its decomposition fix splits the table (undo takes it back). Discovery
// from the rows of an imported dump (Chinook's INSERT data); a long search shows progress
// level by level and stops on Cancel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appUnderTest, openApp, ROOT, setEditorText, SHOTS, waitForEditorText } from './browser.mjs';

const app = appUnderTest();
const corpus = path.join(ROOT, '..', 'shared', 'corpus');

async function select(page, table) {
  await page.locator(`[data-table="${table}"] .table-name`).click();
  await page.getByTestId('inspector').waitFor();
}

test('discovered dependencies are declared, analysed, and their decomposition applies', async () => {
  const { context, page, errors } = await openApp(app, { width: 1600, height: 1000 });
  await setEditorText(page, 'CREATE TABLE addresses (\n  id int PRIMARY KEY,\n  zip text NOT NULL,\n  city text NOT NULL,\n  street text\n);\n');
  await page.waitForSelector('[data-table="addresses"]');
  await select(page, 'addresses');
  const analysis = page.getByTestId('dependency-analysis');
  assert.match(await analysis.innerText(), /Candidate keys: \(id\)/);
  assert.match(await analysis.innerText(), /Normal form: BCNF/);

  // Rows where zip decides city, and nothing else holds but the key.
  const csv = path.join(SHOTS, 'addresses.csv');
  await writeFile(csv, 'id,zip,city,street\n1,10,Oslo,a\n2,10,Oslo,b\n3,20,Bergen,a\n4,30,Bergen,b\n5,30,Bergen,c\n6,40,Oslo,c\n');
  await page.getByTestId('discover-csv').setInputFiles(csv);
  const result = page.getByTestId('discovery-result');
  await result.waitFor();
  assert.match(await result.innerText(), /6 rows: \d+ minimal dependencies/);
  assert.match(await result.innerText(), /fd: zip -> city/);
  await page.screenshot({ path: path.join(SHOTS, 'discovery-result.png') });
  // Six rows say more than the designer means (zip and street together pick a row): keep
  // only zip -> city.
  const found = page.getByTestId('discovered-line');
  assert.ok((await found.count()) > 1, 'more than one line found');
  for (const line of await found.all()) {
    if ((await line.getAttribute('data-line')) !== 'fd: zip -> city') await line.uncheck();
  }
  assert.equal(await page.getByTestId('declare-dependencies').innerText(), 'Declare 1 in the comment');
  await page.getByTestId('declare-dependencies').click();

  // Declared: the comment holds the line, the analysis and the findings see it.
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-comment"]')?.value === 'fd: zip -> city');
  await page.waitForFunction(() => /Normal form: 2NF/.test(document.querySelector('[data-testid="dependency-analysis"]')?.innerText ?? ''));
  assert.match(await analysis.innerText(), /Normal form: 2NF; zip -> city breaks the next form/);
  assert.match(await analysis.innerText(), /Proposal: decompose into/);
  const transitive = page.locator('[data-testid="finding"][data-code="NF007"]', { hasText: 'addresses' });
  await transitive.waitFor();
  await waitForEditorText(page, /fd: zip -> city/);
  await page.screenshot({ path: path.join(SHOTS, 'dependencies-declared.png') });

  // The decomposition is previewed on the diagram first: the table now, and after the fix
  // the new table with city, the foreign key drawn between them; the project is unchanged.
  await transitive.getByTestId('preview-fix').click();
  const preview = page.getByTestId('fix-preview');
  await preview.waitFor();
  assert.match(await preview.innerText(), /Adds \w+; changes addresses\./);
  const after = page.getByTestId('fix-preview-after');
  assert.equal(await after.locator('.table').count(), 2);
  assert.equal(await after.locator('.edge').count(), 1);
  assert.equal(await page.getByTestId('fix-preview-before').locator('.table').count(), 1);
  assert.equal(await page.locator('[data-testid="table"]').count(), 1, 'nothing applied yet');
  await page.screenshot({ path: path.join(SHOTS, 'decomposition-preview.png') });
  await page.getByTestId('fix-preview-close').click();
  assert.equal(await preview.count(), 0);

  // From the preview, the decomposition applies as one step (unsafe: it asks), and undo
  // takes it back.
  await transitive.getByTestId('preview-fix').click();
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('fix-preview-apply').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 2);
  await waitForEditorText(page, /REFERENCES/);
  await page.screenshot({ path: path.join(SHOTS, 'dependencies-split.png') });
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 1);

  // A long search goes a level at a time, painting its progress between levels, and
  // Cancel stops it. The page clicks Cancel itself the moment level 2 shows, so the search
  // is stopped at the same place on every machine.
  let seed = 7;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const header = Array.from({ length: 40 }, (_, c) => `c${c}`).join(',');
  const lines = Array.from({ length: 4000 }, () => Array.from({ length: 40 }, () => next(3)).join(','));
  const wide = path.join(SHOTS, 'wide.csv');
  await writeFile(wide, `${header}\n${lines.join('\n')}\n`);
  await select(page, 'addresses');
  await page.evaluate(() => {
    window.__statuses = [];
    window.__sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="discovery-progress"]')) window.__sawProgress = true;
      const s = document.querySelector('[data-testid="discovery-status"]')?.innerText;
      if (s && window.__statuses.at(-1) !== s) window.__statuses.push(s);
      if (/^Level 2 /.test(s ?? '')) document.querySelector('[data-testid="discovery-cancel"]')?.click();
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByTestId('discover-csv').setInputFiles(wide);
  await page.waitForFunction(() => document.querySelector('[data-testid="discovery-status"]')?.innerText === 'Search cancelled.');
  const statuses = await page.evaluate(() => window.__statuses);
  assert.ok(statuses.some((s) => /^Level 1 of 40: /.test(s)), statuses.join(' | '));
  assert.ok(statuses.some((s) => /^Level 2 of 40: /.test(s)), statuses.join(' | '));
  assert.ok(!statuses.some((s) => /^Level 3 /.test(s)), statuses.join(' | '));
  assert.ok(await page.evaluate(() => window.__sawProgress), 'a progress bar showed');
  assert.equal(await page.getByTestId('discovery-progress').count(), 0);
  assert.equal(await page.getByTestId('discovery-result').count(), 0);

  // A ragged CSV says where.
  const ragged = path.join(SHOTS, 'ragged.csv');
  await writeFile(ragged, 'a,b\n1,2\n3\n');
  await page.getByTestId('discover-csv').setInputFiles(ragged);
  await page.waitForFunction(() => /ragged\.csv: line 3/.test(document.querySelector('[data-testid="discovery-status"]')?.innerText ?? ''));
  assert.deepEqual(errors, []);
  await context.close();
});

test('discovery reads the rows of the dump the project was imported from', async () => {
  const { context, page, errors } = await openApp(app, { width: 1600, height: 1000 });
  await page.getByTestId('import').click();
  await page.getByTestId('import-dialog').waitFor();
  await page.getByTestId('import-file').setInputFiles(path.join(corpus, 'sql/chinook/chinook_PostgreSql.sql'));
  await page.getByTestId('import-counts').waitFor();
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
  await page.waitForSelector('[data-table="invoice"]');
  await select(page, 'invoice');
  await page.getByTestId('discover-dump').click();
  const result = page.getByTestId('discovery-result');
  await result.waitFor();
  const text = await result.innerText();
  assert.match(text, /^412 rows: \d+ minimal dependencies/, text);
  assert.match(text, /Keys in the rows: .*\(invoice_id\)/, text);
  await page.screenshot({ path: path.join(SHOTS, 'discovery-dump.png') });

  // Opened with the toolbar's Open instead, the dump's rows are kept as well.
  await page.getByTestId('new-project').click();
  await page.waitForSelector('[data-table="invoice"]', { state: 'detached' });
  await page.getByTestId('open-file').setInputFiles(path.join(corpus, 'sql/chinook/chinook_PostgreSql.sql'));
  await page.waitForSelector('[data-table="invoice"]');
  await select(page, 'invoice');
  await page.getByTestId('discover-dump').click();
  await result.waitFor();
  assert.match(await result.innerText(), /^412 rows: /);
  assert.deepEqual(errors, []);
  await context.close();
});

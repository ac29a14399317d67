// Indexes and checks edited in the inspector: added, given columns, made unique, written,
// refused when the expression does not parse, removed and brought back by undo; and a column
// renamed in the inspector carrying into a check, an expression index and a view that read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { appUnderTest, editorText, openApp, setEditorText, SHOTS, waitForEditorText } from './browser.mjs';

const app = appUnderTest();

const SCHEMA = `CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    name text
);
CREATE INDEX customers_lower_email ON customers ((lower(email)));
CREATE VIEW customer_emails AS SELECT id, email FROM customers WHERE email LIKE '%@%';`;

async function select(page, table) {
  await page.locator(`[data-table="${table}"] .table-name`).click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="inspector-name"]')?.value === t, table);
}

test('indexes and checks in the inspector; renames reach checks, expression indexes and views', async () => {
  const { context, page, errors } = await openApp(app, { width: 1600, height: 1000 });
  await setEditorText(page, SCHEMA);
  await page.waitForSelector('[data-table="customers"]');
  await waitForEditorText(page, /CREATE VIEW customer_emails/);
  await select(page, 'customers');

  // An index over a column, then made unique over two.
  const indexes = page.locator('[data-testid="inspector-index"]');
  assert.equal(await indexes.count(), 1);
  await page.getByTestId('add-index').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="inspector-index"]').length === 2);
  const added = indexes.nth(1);
  await added.getByTestId('index-columns').fill('name, email');
  await added.getByTestId('index-columns').press('Enter');
  await waitForEditorText(page, /CREATE INDEX (\w+ )?ON customers \(name, email\)/);
  await indexes.nth(1).locator('input[type="checkbox"]').check();
  await waitForEditorText(page, /CREATE UNIQUE INDEX (\w+ )?ON customers \(name, email\)/);

  // A check, written in the inspector.
  await page.getByTestId('add-check').click();
  const check = page.locator('[data-testid="inspector-check"]').first().getByTestId('check-expression');
  await check.fill('length(email) > 3');
  await check.press('Enter');
  await waitForEditorText(page, /CHECK \(length\(email\) > 3\)/);
  // One that is not an expression is refused with the reason, and nothing changes.
  const before = await editorText(page);
  await check.fill('length(email >');
  await check.press('Enter');
  await page.waitForSelector('[data-testid="notice"]');
  assert.match(await page.getByTestId('notice').textContent(), /is not one check condition/);
  assert.equal(await editorText(page), before);

  // Renaming the column carries into the check, both indexes and the view, which keeps its
  // column's name.
  const email = page.locator('[data-testid="inspector-column"][data-column="email"]').getByTestId('column-name');
  await email.fill('mail');
  await email.press('Enter');
  await waitForEditorText(page, /CHECK \(length\(mail\) > 3\)/);
  const renamed = await editorText(page);
  assert.match(renamed, /ON customers \(\(lower\(mail\)\)\)/);
  assert.match(renamed, /ON customers \(name, mail\)/);
  assert.match(renamed, /SELECT id, mail AS email FROM customers WHERE mail LIKE '%@%'/);
  assert.equal((renamed.match(/\bemail\b/g) ?? []).length, 1, 'only the view\'s own column is still called email');
  await page.screenshot({ path: path.join(SHOTS, 'constraints-renamed.png') });

  // Removing the unique index, then undoing it, brings it back as it was.
  const removeButton = page.locator('[data-testid="inspector-index"]').nth(1).getByTestId('index-remove');
  await removeButton.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="inspector-index"]').length === 1);
  assert.doesNotMatch(await editorText(page), /UNIQUE INDEX/);
  await page.getByTestId('undo').click();
  await waitForEditorText(page, /CREATE UNIQUE INDEX (\w+ )?ON customers \(name, mail\)/);
  // Undoing the rename puts every text back exactly.
  await page.getByTestId('undo').click();
  await waitForEditorText(page, /CHECK \(length\(email\) > 3\)/);
  const restored = await editorText(page);
  assert.match(restored, /SELECT id, email FROM customers WHERE email LIKE '%@%'/);
  assert.match(restored, /\(\(lower\(email\)\)\)/);
  assert.deepEqual(errors, []);
  await context.close();
});

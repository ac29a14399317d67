// Editing on the diagram, with the mouse: a three-table schema built from an empty project
// (tables added by double-click, named and given columns in the inspector, two relationships
// dragged from a key's connector onto a table's header), the SQL and DBML views following,
// every step undone back to the empty project and redone, a reload keeping the project and
// its history, and a referenced column renamed in the inspector with its edge staying.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { appUnderTest, editorText, openApp, SHOTS, waitForEditorText } from './browser.mjs';

const app = appUnderTest();

const tableCount = (page) => page.locator('[data-testid="table"]').count();
const edgeCount = (page) => page.locator('[data-testid="edge"]').count();

// Double-clicks an empty spot of the canvas, `dx`/`dy` from its top-left, and waits for the
// new table.
async function addTableAt(page, dx, dy) {
  const before = await tableCount(page);
  const box = await page.getByTestId('diagram-viewport').boundingBox();
  await page.mouse.dblclick(box.x + dx, box.y + dy);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="table"]').length === n + 1, before);
}

// Selects a table by clicking its header, then names it in the inspector.
async function nameSelected(page, name) {
  const field = page.getByTestId('inspector-name');
  await field.fill(name);
  await field.press('Enter');
  await page.waitForSelector(`[data-table="${name}"]`);
}

async function select(page, table) {
  const header = page.locator(`[data-table="${table}"] .table-name`);
  await header.click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="inspector-name"]')?.value === t, table);
}

// Adds a column in the inspector and types its name and type.
async function addColumn(page, name, type) {
  const rows = page.locator('[data-testid="inspector-column"]');
  const before = await rows.count();
  await page.getByTestId('add-column').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="inspector-column"]').length === n + 1, before);
  const row = rows.nth(before);
  await row.getByTestId('column-name').fill(name);
  await row.getByTestId('column-name').press('Enter');
  await page.waitForSelector(`[data-testid="inspector-column"][data-column="${name}"]`);
  const typed = page.locator(`[data-testid="inspector-column"][data-column="${name}"]`).getByTestId('column-type');
  await typed.fill(type);
  await typed.press('Enter');
  await page.waitForFunction(
    ([n, t]) => document.querySelector(`[data-testid="inspector-column"][data-column="${n}"] [data-testid="column-type"]`)?.value === t,
    [name, type],
  );
}

// Drags from `from`'s key connector onto `to`'s header: `to` gets `{singular}_id`.
async function relate(page, from, to) {
  const edges = await edgeCount(page);
  await page.locator(`[data-table="${from}"] .table-name`).hover();
  const dot = await page.locator(`[data-table="${from}"] [data-connector="id"]`).boundingBox();
  const header = await page.locator(`[data-table="${to}"] .table-name`).boundingBox();
  await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
  await page.mouse.down();
  await page.mouse.move(header.x + header.width / 2, header.y + header.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="edge"]').length === n + 1, edges);
}

// Drags `from.column`'s connector onto `to.column`'s row.
async function relateColumns(page, from, column, to, target) {
  await page.locator(`[data-table="${from}"] .table-name`).hover();
  const dot = await page.locator(`[data-table="${from}"] [data-connector="${column}"]`).boundingBox();
  const row = await page.locator(`[data-table="${to}"] [data-column="${target}"] .column-name`).boundingBox();
  await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
  await page.mouse.down();
  await page.mouse.move(row.x + row.width / 2, row.y + row.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function undoLabel(page) {
  return page.getByTestId('undo').getAttribute('title');
}

test('a schema built with the mouse, undone to empty, redone, kept across a reload', async () => {
  const { context, page, errors } = await openApp(app, { width: 1700, height: 1000 });
  page.on('dialog', (d) => d.accept());
  await page.getByTestId('new-project').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 0);
  assert.match(await undoLabel(page), /Undo open untitled/);

  await addTableAt(page, 40, 60);
  await nameSelected(page, 'users');
  await addColumn(page, 'email', 'varchar(255)');
  await addTableAt(page, 40, 360);
  await nameSelected(page, 'posts');
  await addColumn(page, 'title', 'text');
  await addTableAt(page, 40, 620);
  await nameSelected(page, 'comments');
  await addColumn(page, 'body', 'text');
  await page.getByTestId('diagram-viewport').press('Escape');
  await relate(page, 'users', 'posts');
  await relate(page, 'posts', 'comments');
  await page.screenshot({ path: path.join(SHOTS, 'editing-built.png') });

  // The SQL view follows every visual edit.
  const sql = await editorText(page);
  for (const piece of ['CREATE TABLE users', 'email varchar(255)', 'CREATE TABLE posts', 'user_id bigint',
    'REFERENCES users (id)', 'CREATE TABLE comments', 'post_id bigint', 'REFERENCES posts (id)']) {
    assert.ok(sql.includes(piece), `SQL view lacks ${piece}:\n${sql}`);
  }
  await page.getByTestId('view-dbml').click();
  await waitForEditorText(page, /Table users/);
  const dbml = await editorText(page);
  assert.match(dbml, /Table posts \{[^}]*user_id bigint/s, dbml);
  assert.match(dbml, /ref: > users\.id|Ref[^\n]*posts\.user_id[^\n]*users\.id/, dbml);
  await page.getByTestId('view-sql').click();
  await waitForEditorText(page, /CREATE TABLE users/);
  const built = await editorText(page);

  // Undo every step back to the empty project, then redo them all.
  let undone = 0;
  while (!(await undoLabel(page)).includes('Undo open untitled')) {
    await page.getByTestId('undo').click();
    undone += 1;
    assert.ok(undone < 60, 'undo ends');
  }
  console.log(`undid ${undone} steps back to the empty project`);
  assert.equal(await tableCount(page), 0);
  assert.equal((await editorText(page)).trim(), '');
  await page.screenshot({ path: path.join(SHOTS, 'editing-undone.png') });
  // One step further back is the project before New, name and all; redo returns to it.
  await page.getByTestId('undo').click();
  await page.waitForSelector('[data-table="users"]');
  assert.notEqual(await page.getByTestId('project-name').textContent(), 'untitled');
  await page.getByTestId('redo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 0);
  assert.equal(await page.getByTestId('project-name').textContent(), 'untitled');
  for (let k = 0; k < undone; k++) await page.getByTestId('redo').click();
  assert.equal(await tableCount(page), 3);
  assert.equal(await edgeCount(page), 2);
  assert.equal(await editorText(page), built);
  assert.equal(await page.getByTestId('redo').isDisabled(), true);

  // A reload brings back the project and its history: Ctrl+Z still undoes the last step.
  const lastStep = await undoLabel(page);
  await page.reload();
  await page.waitForSelector('[data-table="comments"]');
  assert.equal(await editorText(page), built);
  assert.equal(await undoLabel(page), lastStep);
  await page.getByTestId('diagram-viewport').click({ position: { x: 600, y: 20 } });
  assert.match(lastStep, /Undo show as SQL/);
  await page.keyboard.press('Control+z');
  await waitForEditorText(page, /Table users/);
  assert.match(await undoLabel(page), /Undo show as DBML/);
  await page.keyboard.press('Control+Shift+z');
  await waitForEditorText(page, /CREATE TABLE users/);
  await page.keyboard.press('Control+y');
  assert.equal(await page.getByTestId('redo').isDisabled(), true);

  // Renaming a referenced column in the inspector keeps its edge; the SQL follows.
  await select(page, 'users');
  const id = page.locator('[data-testid="inspector-column"][data-column="id"]').getByTestId('column-name');
  await id.fill('user_key');
  await id.press('Enter');
  await waitForEditorText(page, /REFERENCES users \(user_key\)/);
  assert.equal(await edgeCount(page), 2);
  const usersId = await page.locator('[data-table="users"]').getAttribute('data-id');
  assert.equal(await page.locator(`[data-testid="edge"][data-to="${usersId}"]`).count(), 1);
  await page.screenshot({ path: path.join(SHOTS, 'editing-renamed.png') });

  // The inspector edits a foreign key's action, and a dragged column row moves the column.
  await select(page, 'posts');
  await page.locator('[data-testid="inspector-fk"]').getByTestId('fk-on-delete').selectOption('cascade');
  await waitForEditorText(page, /REFERENCES users \(user_key\) ON DELETE CASCADE/);
  const rows = page.locator('[data-testid="inspector-column"]');
  await rows.nth(1).locator('.grip').dragTo(rows.nth(0));
  await waitForEditorText(page, /CREATE TABLE posts \(\s*title text,/);
  assert.deepEqual(
    await page.$$eval('[data-table="posts"] [data-column]', (els) => els.map((e) => e.getAttribute('data-column'))),
    ['title', 'id', 'user_id'],
  );
  // A relationship between columns of different types is refused with the reason.
  await page.getByTestId('diagram-viewport').press('Escape');
  await page.waitForSelector('[data-testid="inspector"]', { state: 'detached' });
  await relateColumns(page, 'users', 'user_key', 'posts', 'title');
  await page.waitForSelector('[data-testid="notice"]');
  assert.match(await page.getByTestId('notice').textContent(), /posts\.title is text but users\.user_key is bigint/);
  await page.screenshot({ path: path.join(SHOTS, 'editing-fk-actions.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a refused edit says why and changes nothing; rename in place on the diagram', async () => {
  const { context, page, errors } = await openApp(app, { width: 1600, height: 1000 });
  const before = await editorText(page);
  const [first, second] = ['audit_log', 'user_preferences'];
  await select(page, first);
  await page.getByTestId('inspector-name').fill(second);
  await page.getByTestId('inspector-name').press('Enter');
  await page.waitForSelector('[data-testid="notice"]');
  assert.match(await page.getByTestId('notice').textContent(), /exists already/);
  assert.equal(await editorText(page), before);
  // Double-click a table's name, type, Enter.
  await page.getByTestId('diagram-viewport').press('Escape');
  await page.waitForSelector('[data-testid="inspector"]', { state: 'detached' });
  await page.locator(`[data-table="${first}"] .table-name`).dblclick();
  const field = page.getByTestId('rename-input');
  await field.fill('renamed_in_place');
  await field.press('Enter');
  await page.waitForSelector('[data-table="renamed_in_place"]');
  assert.ok((await editorText(page)).includes('CREATE TABLE renamed_in_place'));
  // Escape cancels.
  await page.locator('[data-table="renamed_in_place"] .table-name').dblclick();
  await page.getByTestId('rename-input').fill('nope');
  await page.getByTestId('rename-input').press('Escape');
  assert.equal(await page.locator('[data-table="nope"]').count(), 0);
  await page.screenshot({ path: path.join(SHOTS, 'editing-inspector.png') });

  // Delete asks first, naming what goes with the table; dismissing keeps it, accepting
  // removes it and its foreign keys, and one undo brings all of it back.
  const users = page.locator('[data-table="users"]');
  const usersId = await users.getAttribute('data-id');
  const edges = await edgeCount(page);
  const into = await page.locator(`[data-testid="edge"][data-to="${usersId}"]`).count();
  assert.ok(into > 0, 'the example references users');
  await page.getByTestId('diagram-viewport').press('Escape');
  await page.waitForSelector('[data-testid="inspector"]', { state: 'detached' });
  await select(page, 'users');
  let question = '';
  page.once('dialog', (d) => { question = d.message(); d.dismiss(); });
  await page.getByTestId('diagram-viewport').press('Delete');
  assert.match(question, /Delete table users\?[\s\S]*This also removes:[\s\S]*foreign key/);
  assert.equal(await users.count(), 1);
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('diagram-viewport').press('Delete');
  await page.waitForFunction(() => !document.querySelector('[data-table="users"]'));
  assert.equal(await edgeCount(page), edges - into);
  assert.ok(!(await editorText(page)).includes('CREATE TABLE users'));
  await page.getByTestId('undo').click();
  await page.waitForSelector('[data-table="users"]');
  assert.equal(await edgeCount(page), edges);

  // Notes: added with a text, edited by a double-click, deleted like a table.
  page.once('dialog', (d) => d.accept('Review the audit retention'));
  await page.getByTestId('add-note').click();
  const note = page.locator('[data-testid="note"][data-note="note_1"]');
  await note.waitFor();
  assert.match(await note.textContent(), /Review the audit retention/);
  page.once('dialog', (d) => d.accept('Audit rows are kept for a year'));
  await note.dblclick();
  await page.waitForFunction(() => /kept for a year/.test(document.querySelector('[data-note="note_1"]').textContent));
  await note.click();
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('diagram-viewport').press('Delete');
  await note.waitFor({ state: 'detached' });
  assert.match(await undoLabel(page), /Undo delete note/);
  assert.deepEqual(errors, []);
  await context.close();
});

// Sharing with nothing but static files and the URL: a share link opens the same model in a
// fresh browser and never overwrites the user's own project; bad links change nothing; the
// read-only embed pans, zooms and searches without editing controls; the review page reads
// from file://; the app works under a sub-path, Verify included; a panic shows recovery and
// a reload restores the last project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { ROOT, SHOTS, appUnderTest, editorText, setEditorText, waitForEditorText, watchErrors } from './browser.mjs';
import { serveDist } from './serve.mjs';

const app = appUnderTest();
const VIEWPORT = { width: 1500, height: 900 };
const BOOKS = `CREATE TABLE authors (
    id int PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE books (
    id int PRIMARY KEY,
    author_id int NOT NULL REFERENCES authors (id),
    title text NOT NULL
);
`;

// The text of the file a button downloads.
export async function downloadText(page, testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return readFile(await download.path(), 'utf8');
}

async function tableCount(page) {
  return page.locator('[data-testid="table"]').count();
}

// A page of a fresh context on the app, with a project typed into the editor.
async function withProject(context, sql) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  await setEditorText(page, sql);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 2);
  return { page, errors };
}

async function shareLink(page) {
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const size = await page.getByTestId('share-size').innerText();
  await page.getByTestId('share-close').click();
  return { link, size };
}

async function projectFile(page) {
  await page.getByTestId('tab-export').click();
  const panel = page.getByTestId('wiki-export');
  if (!(await panel.evaluate((el) => el.open))) await panel.locator('summary').click();
  return JSON.parse(await downloadText(page, 'export-project'));
}

const saved = (page) => page.evaluate(() => localStorage.getItem('schemaforge.project'));

test('a share link opens the same model in a fresh browser and never overwrites', async () => {
  const mine = await app.browser.newContext({ viewport: VIEWPORT });
  const { page, errors } = await withProject(mine, BOOKS);
  const { link, size } = await shareLink(page);
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#p=1\.[A-Za-z0-9_-]+$/);
  assert.match(size, /^\d+ characters\. Short enough/);
  const original = await projectFile(page);

  // A fresh browser: the same model, layout and text, shown and not saved.
  const fresh = await app.browser.newContext({ viewport: VIEWPORT });
  const other = await fresh.newPage();
  const otherErrors = watchErrors(other);
  await other.goto(link);
  await other.waitForSelector('[data-testid="table"]');
  await other.getByTestId('shared-banner').waitFor();
  const opened = await projectFile(other);
  assert.deepEqual(opened.model, original.model);
  assert.deepEqual(opened.layout, original.layout);
  assert.equal(opened.source.text, original.source.text);
  await other.waitForTimeout(800);
  assert.equal(await saved(other), null, 'a shared project is not saved unasked');
  await other.screenshot({ path: path.join(SHOTS, 'share-opened.png') });

  // The sharer goes on editing; then opens the old link in a tab of the same browser.
  await setEditorText(page, `${BOOKS}\nCREATE TABLE publishers (id int PRIMARY KEY);\n`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 3);
  await page.waitForFunction(() => (localStorage.getItem('schemaforge.project') ?? '').includes('publishers'));
  const own = await saved(page);
  const tab = await mine.newPage();
  const tabErrors = watchErrors(tab);
  await tab.goto(link);
  await tab.getByTestId('shared-banner').waitFor();
  assert.equal(await tableCount(tab), 2);
  await tab.waitForTimeout(800);
  assert.equal(await saved(tab), own, 'opening a link leaves the own project as it was');
  // Back: the own project, from storage.
  await tab.getByTestId('shared-back').click();
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 3);
  assert.equal(await tab.getByTestId('shared-banner').count(), 0);
  // Keep: the shared project joins this browser's projects beside the own one, which stays.
  // (The tab is on the app already, so the link only changes the fragment: it opens all the
  // same.)
  await tab.goto(link);
  await tab.getByTestId('shared-banner').waitFor();
  await tab.getByTestId('shared-keep').click();
  await tab.waitForFunction(() => location.hash === '' && !document.querySelector('[data-testid="shared-banner"]'));
  await tab.waitForSelector('[data-testid="table"]');
  assert.equal(await tableCount(tab), 2, 'the kept project is open');
  await tab.reload();
  await tab.waitForSelector('[data-testid="table"]');
  assert.equal(await tableCount(tab), 2, 'and a reload restores it');

  // The projects in this browser: both; duplicate, rename and delete; switch back.
  await tab.getByTestId('projects').click();
  const entries = tab.getByTestId('project-entry');
  assert.equal(await entries.count(), 2);
  assert.equal(await tab.locator('[data-testid="project-entry"][data-active="true"]').count(), 1);
  await tab.locator('[data-testid="project-entry"][data-active="true"]').getByTestId('project-duplicate').click();
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="project-entry"]').length === 3);
  const copy = entries.nth(2);
  assert.match(await copy.innerText(), /\(copy\)/);
  tab.once('dialog', (d) => d.accept('renamed copy'));
  await copy.getByTestId('project-rename').click();
  await tab.waitForFunction(() => [...document.querySelectorAll('[data-testid="project-entry"]')].some((e) => e.innerText.includes('renamed copy')));
  tab.once('dialog', (d) => d.accept());
  await entries.nth(2).getByTestId('project-delete').click();
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="project-entry"]').length === 2);
  await tab.screenshot({ path: path.join(SHOTS, 'projects.png') });
  await tab.locator('[data-testid="project-entry"][data-active="false"]').getByTestId('project-open').click();
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 3);
  await waitForEditorText(tab, /publishers/);
  assert.deepEqual(errors, []);
  assert.deepEqual(otherErrors, []);
  assert.deepEqual(tabErrors, []);
  await fresh.close();
  await mine.close();
});

test('garbage, cut and bomb links show an error and change nothing', async () => {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  const { page } = await withProject(context, BOOKS);
  const { link } = await shareLink(page);
  await page.waitForFunction(() => (localStorage.getItem('schemaforge.project') ?? '').includes('authors'));
  const own = await saved(page);
  const base = link.slice(0, link.indexOf('#'));
  const bomb = deflateRawSync(Buffer.alloc(80 * 1024 * 1024, '[')).toString('base64url');
  const cases = [
    ['garbage', '#p=1.%%%not-base64!!', /not base64url/],
    ['cut', link.slice(link.indexOf('#'), link.length - 9), /cut short/],
    ['bomb', `#p=1.${bomb}`, /refused/],
    ['newer', '#p=7.abc', /newer Schemaforge/],
  ];
  for (const [what, hash, says] of cases) {
    const tab = await context.newPage();
    const errors = watchErrors(tab);
    await tab.goto(`${base}${hash}`);
    await tab.waitForSelector('[data-testid="table"]');
    const notice = await tab.getByTestId('notice').innerText();
    assert.match(notice, /This share link cannot be opened/, what);
    assert.match(notice, says, `${what}: ${notice}`);
    assert.equal(await tableCount(tab), 2, `${what}: the own project is shown`);
    assert.equal(await tab.getByTestId('shared-banner').count(), 0);
    await tab.waitForTimeout(500);
    assert.equal(await saved(tab), own, `${what}: nothing saved over the own project`);
    assert.deepEqual(errors, [], what);
    await tab.close();
  }
  console.log(`# bomb link: ${bomb.length} characters claiming 80 MB, refused`);
  await context.close();
});

test('the embed is read-only and still pans, zooms and searches', async () => {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  const { page } = await withProject(context, BOOKS);
  await page.getByTestId('share').click();
  const snippet = await page.getByTestId('share-embed').inputValue();
  const src = snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  assert.match(snippet, /^<iframe src="[^"]+#embed&amp;p=1\.[^"]+" width="100%"/);

  const embed = await context.newPage();
  const errors = watchErrors(embed);
  await embed.goto(src);
  await embed.getByTestId('embed').waitFor();
  await embed.waitForSelector('[data-testid="table"]');
  for (const control of ['add-table', 'add-note', 'auto-arrange', 'align-left', 'sql-editor', 'save', 'import', 'share', 'tab-export', 'inspector']) {
    assert.equal(await embed.getByTestId(control).count(), 0, `${control} is not in the embed`);
  }
  const open = await embed.getByTestId('open-in-app').getAttribute('href');
  assert.ok(open.includes('#p=1.') && !open.includes('embed'), open);

  const stage = () => embed.locator('.diagram-stage').evaluate((el) => el.style.transform);
  const zoom = () => embed.getByTestId('zoom-level').innerText();
  const before = await zoom();
  await embed.getByTestId('zoom-in').click();
  assert.notEqual(await zoom(), before, 'zoom works');
  const box = await embed.getByTestId('diagram-viewport').boundingBox();
  const moved = await stage();
  await embed.mouse.move(box.x + 20, box.y + box.height - 20);
  await embed.mouse.down();
  await embed.mouse.move(box.x + 220, box.y + box.height - 120, { steps: 5 });
  await embed.mouse.up();
  assert.notEqual(await stage(), moved, 'pan works');

  // A table dragged does not move: the drag pans the view instead.
  const authors = embed.locator('[data-testid="table"]', { hasText: 'authors' });
  const place = await authors.getAttribute('transform');
  const at = await authors.boundingBox();
  await embed.mouse.move(at.x + 30, at.y + 10);
  await embed.mouse.down();
  await embed.mouse.move(at.x + 130, at.y + 110, { steps: 5 });
  await embed.mouse.up();
  assert.equal(await authors.getAttribute('transform'), place, 'the table did not move');
  await embed.keyboard.press('Delete');
  assert.equal(await tableCount(embed), 2, 'Delete does nothing');

  await embed.getByTestId('diagram-search').fill('books');
  await embed.getByTestId('diagram-search').press('Enter');
  await embed.waitForSelector('[data-testid="table"].selected');
  assert.match(await embed.locator('[data-testid="table"].selected').evaluate((el) => el.textContent), /books/);
  await embed.waitForTimeout(300);
  await embed.screenshot({ path: path.join(SHOTS, 'embed.png') });
  assert.equal(await embed.evaluate(() => localStorage.getItem('schemaforge.project')?.includes('publishers') ?? false), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the review page reads from file:// with the diagram, the findings and the migration', async () => {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  const { page, errors } = await withProject(context, BOOKS);
  await page.getByTestId('tab-migrations').click();
  await page.getByTestId('version-name').fill('v1');
  await page.getByTestId('save-version').click();
  await page.locator('[data-testid="version"][data-name="v1"]').waitFor();
  await setEditorText(page, BOOKS.replace('title text NOT NULL', 'title text NOT NULL,\n    isbn text'));
  await waitForEditorText(page, /isbn/);
  await page.waitForTimeout(400);
  await page.getByTestId('tab-export').click();
  await page.getByTestId('wiki-export').locator('summary').click();
  const html = await downloadText(page, 'export-review');
  const file = path.join(ROOT, 'test-output', 'e2e', 'review.html');
  await writeFile(file, html);

  const reader = await app.browser.newContext({ viewport: VIEWPORT, offline: true });
  const view = await reader.newPage();
  const viewErrors = watchErrors(view);
  const requests = [];
  view.on('request', (r) => requests.push(r.url()));
  await view.goto(pathToFileURL(file).href);
  const svg = view.locator('[data-testid="review-diagram"] svg');
  assert.ok((await svg.boundingBox()).width > 200, 'the diagram is drawn');
  assert.match(await svg.evaluate((el) => el.textContent), /authors.*books|books.*authors/s);
  assert.ok(await view.getByTestId('review-findings').isVisible());
  assert.match(await view.getByTestId('review-changes').innerText(), /isbn/);
  assert.match(await view.getByTestId('review-up').innerText(), /ALTER TABLE .*books.* ADD COLUMN .*isbn/s);
  assert.match(await view.getByTestId('review-down').innerText(), /DROP COLUMN .*isbn/s);
  assert.equal(await view.locator('script').count(), 0);
  assert.match(await view.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), /default-src 'none'/);
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'the page loads nothing');
  await view.screenshot({ path: path.join(SHOTS, 'review.png'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(viewErrors, []);
  await reader.close();
  await context.close();
});

test('the built dist works under a sub-path of a plain static server, Verify included', async () => {
  const server = await serveDist(path.join(ROOT, 'dist'), '/some/sub/path/');
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const failed = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  try {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="table"]');
    for (const button of ['verify-postgres', 'verify-sqlite']) {
      await page.getByTestId(button).click();
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="verify-result"]');
        return el && !el.classList.contains('verify-running');
      }, null, { timeout: 90_000 });
      const result = page.getByTestId('verify-result');
      assert.ok(await result.evaluate((el) => el.classList.contains('verify-ok')), await result.innerText());
    }
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a panic shows recovery, and a reload restores the last project', async () => {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(app.server.url);
  await page.evaluate(() => localStorage.setItem('schemaforge.test-actions', '1'));
  await page.reload();
  await page.waitForSelector('[data-testid="table"]');
  await setEditorText(page, BOOKS.replace('books', 'crash_kept'));
  await page.waitForFunction(() => (localStorage.getItem('schemaforge.project') ?? '').includes('crash_kept'));
  await page.getByTestId('test-panic').click();
  const recovery = page.getByTestId('crash-recovery');
  await recovery.waitFor();
  assert.match(await recovery.innerText(), /stopped after an error[\s\S]*a test asked for a panic/);
  await page.screenshot({ path: path.join(SHOTS, 'crash-recovery.png') });
  await page.getByTestId('crash-reload').click();
  await waitForEditorText(page, /crash_kept/);
  assert.match(await editorText(page), /CREATE TABLE crash_kept/);
  assert.equal(await page.getByTestId('crash-recovery').count(), 0);
  await context.close();
});

test('autosave shows its state, a refused save is reported, files open by drop, ? lists the keys', async () => {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  const status = page.getByTestId('save-status');
  assert.equal(await status.getAttribute('data-status'), 'Saved');
  await setEditorText(page, BOOKS);
  await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]').dataset.status === 'Saved'
    && (localStorage.getItem('schemaforge.project') ?? '').includes('authors'));
  assert.match(await status.innerText(), /Saved in this browser/);

  // A file dropped on the page opens, as one undoable step.
  await page.evaluate((sql) => {
    const data = new DataTransfer();
    data.items.add(new File([sql], 'dropped.sql', { type: 'text/plain' }));
    const target = document.querySelector('.app');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, 'CREATE TABLE dropped_table (id int PRIMARY KEY);\n');
  await waitForEditorText(page, /dropped_table/);
  assert.match(await page.getByTestId('project-name').innerText(), /dropped\.sql/);

  // `?` shows the shortcuts; typed into a field it is only a character.
  await page.getByTestId('diagram-search').fill('?');
  assert.equal(await page.getByTestId('shortcuts-help').count(), 0);
  await page.getByTestId('diagram-viewport').focus();
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-help');
  await help.waitFor();
  assert.match(await help.innerText(), /Undo[\s\S]*Zoom to fit/);
  await page.screenshot({ path: path.join(SHOTS, 'shortcuts.png') });
  await page.getByTestId('shortcuts-close').focus();
  await page.keyboard.press('Escape');
  assert.equal(await help.count(), 0);

  // The browser refuses storage (quota): the save is reported, not swallowed.
  await page.evaluate(() => {
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    IDBObjectStore.prototype.put = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await setEditorText(page, 'CREATE TABLE not_stored (id int PRIMARY KEY);\n');
  await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]').dataset.status === 'Failed');
  assert.match(await page.getByTestId('notice').innerText(), /Autosave failed/);
  assert.match(await status.innerText(), /Not saved/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the dark theme, chosen or from the system', async () => {
  const context = await app.browser.newContext({ viewport: VIEWPORT, colorScheme: 'dark' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  assert.equal(await theme(), 'dark', 'the system is dark, so is the app');
  const background = () => page.locator('.table-box').first().evaluate((el) => getComputedStyle(el).fill);
  assert.equal(await background(), 'rgb(34, 39, 50)');
  await page.screenshot({ path: path.join(SHOTS, 'dark.png') });
  await page.getByTestId('theme').selectOption('light');
  assert.equal(await theme(), 'light');
  assert.equal(await background(), 'rgb(255, 255, 255)');
  await page.reload();
  await page.waitForSelector('[data-testid="table"]');
  assert.equal(await theme(), 'light', 'the choice is kept');
  assert.deepEqual(errors, []);
  await context.close();
});

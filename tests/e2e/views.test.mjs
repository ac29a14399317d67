// Views of a big schema: focus on a table of a 375-table schema shows it and its neighbours,
// readable without zooming, with stubs for the keys that leave; a stub brings its table in;
// a saved view survives a reload, exports as SVG, review page and Mermaid with only its
// tables, and the share link and the embed of the view open on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { ROOT, SHOTS, appUnderTest, watchErrors } from './browser.mjs';
import { openSql } from './scenarios.mjs';

const app = appUnderTest();
const VIEWPORT = { width: 1500, height: 900 };
const DESKTOP = { width: 1920, height: 1080 };
const cli = process.env.SCHEMAFORGE ?? path.join(ROOT, 'target/debug/schemaforge');

const tableNames = (page) => page.$$eval('[data-testid="table"]', (els) => els.map((e) => e.getAttribute('data-table')).sort());

// The height on screen of the drawn table names, in CSS pixels.
const nameHeights = (page) => page.$$eval('[data-testid="table"] .table-name', (els) => els.map((e) => e.getBoundingClientRect().height));

test('focus on a table of a 375-table schema, a stub, a saved view through reload, SVG and a share link', async () => {
  // A common desktop screen: the diagram is the middle of three panels.
  const context = await app.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  const sql = execFileSync(cli, ['synthetic', '375', '760']).toString();
  await openSql(page, SHOTS, 'views-375.sql', sql);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="edge"]').length === 760, null, { timeout: 60000 });
  const whole = await nameHeights(page);
  assert.ok(whole.length > 0 && Math.max(...whole) < 6, `the whole schema fitted is unreadable (names ${Math.max(...whole).toFixed(1)} px)`);

  // Find a table, focus on it.
  await page.getByTestId('diagram-search').fill('public.entity_200');
  await page.getByTestId('diagram-search').press('Enter');
  await page.getByTestId('inspector').waitFor();
  await page.getByTestId('focus-table').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length < 40);
  const focused = await tableNames(page);
  assert.ok(focused.includes('public.entity_200'), 'the focused table is shown');
  assert.ok(focused.length >= 2, `its neighbours are shown too: ${focused.join(', ')}`);
  assert.match(await page.getByTestId('view-count').innerText(), new RegExp(`^${focused.length} of 375 tables$`));
  await page.screenshot({ path: path.join(SHOTS, 'view-focus-375.png') });
  // Readable without zooming: every name is drawn at least 10 px high.
  const heights = await nameHeights(page);
  console.log(`# zoom ${await page.getByTestId('zoom-level').innerText()}, ${focused.length} tables, names ${heights.map((h) => h.toFixed(1)).join(' ')}`);
  assert.ok(Math.min(...heights) >= 10, `names ${Math.min(...heights).toFixed(1)} px high`);
  const stubs = page.getByTestId('stub');
  const stubCount = await stubs.count();
  console.log(`# focus: ${focused.length} tables, ${stubCount} stubs, names ${Math.min(...heights).toFixed(1)} px high (whole diagram: ${Math.max(...whole).toFixed(1)} px)`);
  // A stub brings its table in.
  // entity_200's neighbours refer to tables outside the focus: their keys end in stubs.
  assert.ok(stubCount > 0, 'the keys that leave the focus have stubs');
  const target = await stubs.first().getAttribute('data-target');
  const label = await stubs.first().textContent();
  await stubs.first().dispatchEvent('pointerdown');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="table"]').length === n + 1, focused.length);
  const name = label.replace(/^[→←]\s*/, '');
  assert.ok((await tableNames(page)).includes(name), `${name} (${target}) came in`);
  const members = await tableNames(page);

  // Save it, under a name with characters a URL must escape.
  const viewName = 'Billing & friends';
  page.once('dialog', (d) => d.accept(viewName));
  await page.getByTestId('view-save').click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="view-select"]').value === n, viewName);

  // It survives a reload (the autosave is debounced: wait for it).
  await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]')?.textContent.includes('Saved'));
  await page.reload();
  await page.waitForSelector('[data-testid="table"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="view-select"]').value === n, viewName);
  assert.deepEqual(await tableNames(page), members, 'the view comes back with the same tables');

  // The SVG export holds the view's tables and stubs, nothing else.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const svg = await readFile(await download.path(), 'utf8');
  const drawn = svg.match(/<g class="table"/g)?.length ?? 0;
  assert.equal(drawn, members.length, 'one box per table of the view');
  assert.equal(svg.match(/class="stub-line"/g)?.length ?? 0, await stubs.count(), 'the stubs are in the export');

  // So do the review page (the view drawn with its stubs) and the Mermaid export.
  await page.getByTestId('wiki-export').locator('summary').click();
  const [reviewFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-review').click()]);
  const review = await readFile(await reviewFile.path(), 'utf8');
  assert.match(reviewFile.suggestedFilename(), /Billing/, 'named after the view');
  assert.ok(review.includes('<h2>Diagram: Billing &amp; friends</h2>'), 'the page names the view');
  assert.ok(review.includes(`The view shows ${members.length} of 375 tables`), 'and counts it');
  assert.equal(review.match(/<g class="table"/g)?.length ?? 0, members.length, 'the review page draws the view');
  assert.equal(review.match(/class="stub-line"/g)?.length ?? 0, await stubs.count(), 'with its stubs');
  const [mermaidFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-mermaid').click()]);
  const mermaid = await readFile(await mermaidFile.path(), 'utf8');
  assert.equal(mermaid.match(/^ {4}"[^"]+" \{$/gm)?.length ?? 0, members.length, `one entity per table of the view:\n${mermaid}`);

  // Its share link opens on it in a fresh browser.
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const snippet = await page.getByTestId('share-embed').inputValue();
  await page.getByTestId('share-close').click();
  assert.match(link, /[#&]view=Billing%20%26%20friends(&|$)/);
  // The embed snippet for a wiki shows the view too.
  const embedUrl = snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  assert.match(embedUrl, /[#&]view=Billing%20%26%20friends(&|$)/);
  const embedContext = await app.browser.newContext({ viewport: DESKTOP });
  const embed = await embedContext.newPage();
  const embedErrors = watchErrors(embed);
  await embed.goto(embedUrl);
  await embed.getByTestId('embed').waitFor();
  await embed.waitForFunction((n) => document.querySelectorAll('[data-testid="table"]').length === n, members.length);
  assert.deepEqual(await tableNames(embed), members, 'the embed shows the view');
  assert.deepEqual(embedErrors, []);
  await embedContext.close();
  const other = await app.browser.newContext({ viewport: DESKTOP });
  const fresh = await other.newPage();
  const freshErrors = watchErrors(fresh);
  await fresh.goto(link);
  await fresh.waitForSelector('[data-testid="table"]');
  await fresh.waitForFunction((n) => document.querySelector('[data-testid="view-select"]').value === n, viewName);
  assert.deepEqual(await tableNames(fresh), members, 'the link opens on the view');
  assert.deepEqual(freshErrors, []);
  await other.close();

  // Back to everything.
  await page.getByTestId('view-back').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length > 300);
  assert.equal(await page.getByTestId('view-select').inputValue(), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('views from the selection and from a search', async () => {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  // The example's users and audit_log.
  // Pressed where they are drawn (the inspector may cover one of them on screen).
  for (const [name, shiftKey] of [['users', false], ['audit_log', true]]) {
    const header = page.locator(`[data-table="${name}"] .table-name`);
    const init = { shiftKey, button: 0, buttons: 1, isPrimary: true, pointerId: 1, bubbles: true };
    await header.dispatchEvent('pointerdown', init);
    await header.dispatchEvent('pointerup', { ...init, buttons: 0 });
  }
  const classes = () => page.$$eval('[data-testid="table"]', (els) => els.map((e) => `${e.getAttribute('data-table')}:${e.getAttribute('class')}`));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"].selected').length === 2, null, { timeout: 5000 })
    .catch(async (e) => assert.fail(`${e.message}: ${(await classes()).join(', ')}`));
  await page.getByTestId('view-from-selection').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 2);
  assert.deepEqual(await tableNames(page), ['audit_log', 'users']);
  // user_preferences refers to users from outside the view: a stub names it.
  const labels = await page.$$eval('[data-testid="stub"]', (els) => els.map((e) => e.textContent));
  assert.deepEqual(labels, ['← user_preferences']);
  await page.getByTestId('view-back').click();
  await page.getByTestId('diagram-search').fill('user');
  await page.getByTestId('view-from-search').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 2, null, { timeout: 5000 })
    .catch(async (e) => assert.fail(`${e.message}: ${(await classes()).join(', ')}; view ${await page.getByTestId('view-select').inputValue()}`));
  assert.deepEqual(await tableNames(page), ['user_preferences', 'users']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('zoomed out, names are drawn readable and apart; keys only keeps the key columns', async () => {
  const context = await app.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');

  // Keys only, on the example: every row left is a key column, and they all come back.
  // A row is `table.column`, with whether it is in a primary or foreign key, or unique (a
  // column another key refers to is unique or the primary key).
  const rows = () => page.$$eval('[data-testid="table"] .row', (els) => els.map((r) => ({
    column: `${r.closest('[data-testid="table"]').getAttribute('data-table')}.${r.getAttribute('data-column')}`,
    key: r.querySelector('.marker.pk, .marker.fk') !== null,
    unique: r.querySelector('.marker.uq') !== null,
  })));
  const all = await rows();
  await page.getByTestId('keys-only').check();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="table"] .row').length < n, all.length);
  const keys = await rows();
  console.log(`# keys only: ${keys.length} of ${all.length} rows`);
  assert.ok(keys.length > 0 && keys.every((r) => r.key || r.unique), `only key rows: ${JSON.stringify(keys.filter((r) => !r.key && !r.unique))}`);
  const kept = new Set(keys.map((r) => r.column));
  assert.deepEqual(all.filter((r) => r.key && !kept.has(r.column)), [], 'every key row stays');
  assert.equal(await page.locator('[data-testid="edge"]').count() > 0, true, 'the edges stay');
  await page.screenshot({ path: path.join(SHOTS, 'keys-only.png') });
  await page.getByTestId('keys-only').uncheck();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="table"] .row').length === n, all.length);

  // The 375-table schema fitted: names over the boxes, readable and apart.
  const sql = execFileSync(cli, ['synthetic', '375', '760']).toString();
  await openSql(page, SHOTS, 'names-375.sql', sql);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="name-label"]').length > 0, null, { timeout: 60000 });
  const labels = await page.$$eval('[data-testid="name-label"]', (els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { text: e.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
  }));
  const inner = await nameHeights(page);
  console.log(`# fitted at ${await page.getByTestId('zoom-level').innerText()}: ${labels.length} names drawn readable (${Math.min(...labels.map((l) => l.h)).toFixed(1)} px high), names in the boxes ${Math.max(...inner).toFixed(1)} px`);
  assert.ok(Math.min(...labels.map((l) => l.h)) >= 12, 'every drawn name is readable');
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i], labels[j]];
      const apart = a.x + a.w <= b.x + 1 || b.x + b.w <= a.x + 1 || a.y + a.h <= b.y + 1 || b.y + b.h <= a.y + 1;
      assert.ok(apart, `${a.text} and ${b.text} overlap`);
    }
  }
  await page.screenshot({ path: path.join(SHOTS, 'names-375-fitted.png') });
  // Zoomed in past the detail scale, the boxes show their own names and the labels go.
  for (let i = 0; i < 12 && (await page.locator('[data-testid="name-label"]').count()) > 0; i++) {
    await page.getByTestId('zoom-in').click();
  }
  assert.equal(await page.locator('[data-testid="name-label"]').count(), 0, 'no labels once the boxes are readable');
  assert.deepEqual(errors, []);
  await context.close();
});

// The diagram at scale in a real browser: a 1,000-table schema pans and zooms and culls what
// is out of view (its frame times are `make bench-browser`'s), tables drag and keep their place after a reload,
// search jumps to a table, SVG and PNG export, and the README's screenshots of Sakila and
// of a 375-table hub-dominated schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUnderTest, watchErrors } from './browser.mjs';
import { openSql as openSqlIn, panAndZoomThousandTables } from './scenarios.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const corpus = path.resolve(root, '../shared/corpus');
const shots = path.join(root, 'test-output', 'e2e');
const cli = process.env.SCHEMAFORGE ?? path.join(root, 'target/debug/schemaforge');

const app = appUnderTest();

// A page of the app at the given size, with the example drawn; its errors are collected.
async function openApp(width, height) {
  const context = await app.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  return { context, page, errors };
}

// Opens an SQL file through the toolbar's Open button.
const openSql = (page, name, sql) => openSqlIn(page, shots, name, sql);

// Opens Sakila's MySQL file and waits for its 16 tables.
async function openSakila(page) {
  await openSql(page, 'sakila.sql', await readFile(path.join(corpus, 'sql/sakila/mysql.sql'), 'utf8'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 16);
}

test('a 1,000-table schema pans and zooms, and only what is in view is in the page', async () => {
  const { context, page, errors } = await openApp(1600, 1000);
  // Frame costs are printed, and judged by the benchmark (`make bench-browser`): they
  // depend on the machine.
  const run = await panAndZoomThousandTables(page, { cli, dir: shots });
  console.log(`1,000 tables, ${run.gestures} pan and zoom gestures: ${run.frames.length} frames; main-thread time per frame: median ${run.median.toFixed(2)} ms, 95th percentile ${run.p95.toFixed(2)} ms, longest ${run.longest.toFixed(1)} ms (budget 8 and 16 ms)`);
  console.log(`  where the time went (ms over the gesture): ${Object.entries(run.work).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  assert.notEqual(run.after, run.before, 'the gestures moved the view');
  assert.equal(run.selected, 0, 'the pans moved the view, not a table');
  assert.ok(run.frames.length >= run.gestures, `a frame per gesture at least: ${run.frames.length}`);
  assert.ok(run.busy > 0 && run.frames.some((f) => f > 0), 'the trace holds the page\'s work');
  // Culling: far fewer boxes than tables are in the page once zoomed in.
  await page.getByTestId('diagram-search').fill('entity_500');
  await page.getByTestId('diagram-search').press('Enter');
  await page.waitForSelector('[data-table="public.entity_500"]');
  const drawn = await page.locator('[data-testid="table"]').count();
  console.log(`zoomed on entity_500: ${drawn} of 1000 tables in the page`);
  assert.ok(drawn < 1000, `culled: ${drawn}`);
  await page.screenshot({ path: path.join(shots, 'hub-1000-zoomed.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('dragging a table moves only it and its edges, and the place survives a reload', async () => {
  const { context, page, errors } = await openApp(1600, 1000);
  await openSakila(page);
  await page.getByTestId('zoom-fit').click();
  const edgesBefore = await page.$$eval('[data-testid="edge"]', (els) => els.map((e) => [e.dataset.from, e.dataset.to, e.getAttribute('d')]));
  const actor = page.locator('[data-table="actor"]');
  const actorId = await actor.getAttribute('data-id');
  const before = await actor.boundingBox();
  // Hovering a table lights it and its neighbours up and dims the rest; leaving ends it.
  const look = () => page.evaluate(() => ({
    focusing: document.querySelector('[data-testid="diagram"]').classList.contains('focusing'),
    lit: [...document.querySelectorAll('[data-testid="table"].lit')].map((t) => t.dataset.table).sort(),
    related: document.querySelectorAll('[data-testid="edge"].related').length,
    payment: getComputedStyle(document.querySelector('[data-table="payment"]')).opacity,
    actor: getComputedStyle(document.querySelector('[data-table="actor"]')).opacity,
  }));
  await page.mouse.move(before.x + 20, before.y + 10);
  await page.waitForFunction(() => document.querySelector('[data-testid="diagram"]').classList.contains('focusing'));
  const hovered = await look();
  assert.deepEqual(hovered.lit, ['actor', 'film_actor'], 'actor and the table that references it');
  assert.equal(hovered.related, 1, 'film_actor.actor_id is the one related edge');
  assert.equal(hovered.payment, '0.35', 'an unrelated table is dimmed');
  assert.equal(hovered.actor, '1', 'the hovered table is not');
  await page.getByTestId('zoom-level').hover();
  await page.waitForFunction(() => !document.querySelector('[data-testid="diagram"]').classList.contains('focusing'));
  const left = await look();
  assert.deepEqual([left.lit, left.related, left.payment], [[], 0, '1'], 'nothing lit or dimmed once the pointer leaves');
  await page.mouse.move(before.x + 20, before.y + 10);
  await page.mouse.down();
  await page.mouse.move(before.x + 20, before.y - 60, { steps: 8 });
  // Mid-drag, the actor's edges are already routed to where its box is now; no other moves.
  await page.waitForFunction(
    ([id, y]) => document.querySelector(`[data-id="${id}"]`).getBoundingClientRect().y < y - 40,
    [actorId, before.y],
  );
  const midDrag = await page.$$eval('[data-testid="edge"]', (els) => els.map((e) => [e.dataset.from, e.dataset.to, e.getAttribute('d')]));
  const box = await actor.evaluate((g) => {
    const [x, y] = g.getAttribute('transform').match(/-?[\d.]+/g).map(Number);
    const r = g.querySelector('.table-box');
    return { x, y, width: Number(r.getAttribute('width')), height: Number(r.getAttribute('height')) };
  });
  let live = 0;
  for (const [i, [from, to, d]] of midDrag.entries()) {
    const touches = from === actorId || to === actorId;
    assert.equal(d !== edgesBefore[i][2], touches, `mid-drag edge ${from}->${to}`);
    if (!touches) continue;
    live += 1;
    const points = d.match(/-?[\d.]+ -?[\d.]+/g).map((p) => p.split(' ').map(Number));
    const end = from === actorId ? points[0] : points[points.length - 1];
    assert.ok(end[0] === box.x || end[0] === box.x + box.width, `edge ${from}->${to} leaves the box side: ${end} ${JSON.stringify(box)}`);
    assert.ok(end[1] > box.y && end[1] < box.y + box.height, `edge ${from}->${to} ends on a row: ${end}`);
  }
  assert.ok(live > 0, 'the actor has edges');
  await page.mouse.up();
  await page.waitForFunction(
    ([id, y]) => document.querySelector(`[data-id="${id}"]`).getBoundingClientRect().y < y - 40,
    [actorId, before.y],
  );
  const edgesAfter = await page.$$eval('[data-testid="edge"]', (els) => els.map((e) => [e.dataset.from, e.dataset.to, e.getAttribute('d')]));
  assert.equal(edgesAfter.length, edgesBefore.length);
  // Parallel edges share their ends: compare the routes of each pair of tables as a set.
  const routes = (edges, from, to) => edges.filter((e) => e[0] === from && e[1] === to).map((e) => e[2]).sort().join('|');
  for (const [from, to] of edgesBefore) {
    const changed = routes(edgesBefore, from, to) !== routes(edgesAfter, from, to);
    const touches = from === actorId || to === actorId;
    assert.equal(changed, touches, `edges ${from}->${to} changed: ${changed}`);
  }
  const moved = await page.locator('[data-table="actor"]').getAttribute('transform');
  await page.reload();
  await page.waitForSelector('[data-table="actor"]');
  assert.equal(await page.locator('[data-table="actor"]').getAttribute('transform'), moved);

  // Exports: the SVG is a whole document with every table; the PNG is a real image.
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const svg = await readFile(await svgDownload.path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((svg.match(/<g class="table"/g) ?? []).length, 16);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  const png = await readFile(await pngDownload.path());
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const width = png.readUInt32BE(16);
  console.log(`PNG export: ${width} x ${png.readUInt32BE(20)} px`);
  assert.ok(width > 2000, `PNG width ${width}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('sticky notes are drawn beside the tables, drag, and keep their place after a reload', async () => {
  const { context, page, errors } = await openApp(1400, 900);
  const dbml = [
    'Table users {\n  id int [pk]\n  email varchar [unique, not null]\n}',
    'Table posts {\n  id int [pk]\n  user_id int [ref: > users.id]\n  title varchar\n}',
    "Note retention {\n  'Posts are archived after a year. Ask the data team before changing the key of users.'\n}",
  ].join('\n\n');
  await openSql(page, 'notes.dbml', dbml);
  await page.waitForSelector('[data-testid="note"][data-note="retention"]');
  const note = page.locator('[data-note="retention"]');
  assert.match(await note.textContent(), /retention.*Posts are archived/s);
  const boxes = await page.$$eval('[data-testid="table"], [data-testid="note"]', (els) =>
    els.map((e) => { const r = e.getBoundingClientRect(); return [e.dataset.table ?? e.dataset.note, r.x, r.y, r.right, r.bottom]; }));
  const [, nx, ny, nr, nb] = boxes.find((b) => b[0] === 'retention');
  for (const [name, x, y, r, b] of boxes.filter((b) => b[0] !== 'retention')) {
    assert.ok(nr <= x || r <= nx || nb <= y || b <= ny, `the note covers ${name}`);
  }
  await page.screenshot({ path: path.join(shots, 'sticky-note.png') });
  const before = await note.boundingBox();
  await page.mouse.move(before.x + 30, before.y + 10);
  await page.mouse.down();
  await page.mouse.move(before.x + 30, before.y + 130, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction((y) => document.querySelector('[data-note="retention"]').getBoundingClientRect().y > y + 60, before.y);
  const moved = await note.getAttribute('transform');
  await page.reload();
  await page.waitForSelector('[data-note="retention"]');
  assert.equal(await page.locator('[data-note="retention"]').getAttribute('transform'), moved);
  assert.deepEqual(errors, []);
  await context.close();
});

// The boxes of every drawn table, on screen, and whether any two of them overlap.
async function overlappingTables(page) {
  const boxes = await page.$$eval('[data-testid="table"]', (els) => els.map((e) => {
    const r = e.querySelector('.table-box').getBoundingClientRect();
    return [e.dataset.table, r.x, r.y, r.right, r.bottom];
  }));
  const clashes = [];
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      if (a[1] < b[3] && b[1] < a[3] && a[2] < b[4] && b[2] < a[4]) clashes.push(`${a[0]}/${b[0]}`);
    }
  }
  return clashes;
}

test('auto-arrange offers force-directed and grid by group; a group collapses into one box', async () => {
  const { context, page, errors } = await openApp(1600, 1000);
  await openSakila(page);
  const positions = () => page.$$eval('[data-testid="table"]', (els) => els.map((e) => e.getAttribute('transform')).join('|'));
  const layered = await positions();
  await page.getByTestId('arrange-algorithm').selectOption('force');
  await page.getByTestId('auto-arrange').click();
  await page.waitForFunction((before) => [...document.querySelectorAll('[data-testid="table"]')].map((e) => e.getAttribute('transform')).join('|') !== before, layered);
  assert.deepEqual(await overlappingTables(page), []);
  await page.screenshot({ path: path.join(shots, 'arrange-force.png') });

  const grouped = [
    'Table users {\n  id int [pk]\n}', 'Table sessions {\n  id int [pk]\n  user_id int [ref: > users.id]\n}',
    'Table orders {\n  id int [pk]\n  user_id int [ref: > users.id]\n}', 'Table order_items {\n  id int [pk]\n  order_id int [ref: > orders.id]\n}',
    'Table audit_log {\n  id int [pk]\n}',
    'TableGroup accounts [color: #2f855a] {\n  users\n  sessions\n}', 'TableGroup sales {\n  orders\n  order_items\n}',
  ].join('\n\n');
  await openSql(page, 'grouped.dbml', grouped);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="group"]').length === 2);
  await page.getByTestId('arrange-algorithm').selectOption('groups');
  await page.getByTestId('auto-arrange').click();
  // Grid by group: each group's tables side by side in its area, areas apart.
  await page.waitForFunction(() => {
    const y = (name) => document.querySelector(`[data-table="${name}"]`).getBoundingClientRect().y;
    return Math.abs(y('users') - y('sessions')) < 1 && Math.abs(y('orders') - y('order_items')) < 1;
  });
  assert.deepEqual(await overlappingTables(page), []);
  const areas = await page.$$eval('[data-testid="group"] .group-area', (els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.x, r.y, r.right, r.bottom]));
  assert.equal(areas.length, 2);
  const [a, b] = areas;
  assert.ok(a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1], `group areas overlap: ${JSON.stringify(areas)}`);
  await page.screenshot({ path: path.join(shots, 'arrange-groups.png') });

  // A group collapses into one box with a row per member; the key inside it is not drawn,
  // the key out of it leaves from its member's row; Expand brings every table back.
  const names = () => page.$$eval('[data-testid="table"]', (els) => els.map((e) => e.getAttribute('data-table')).sort());
  const sales = page.locator('[data-testid="group-collapse"]', { hasText: 'sales' });
  await sales.dispatchEvent('pointerdown', { button: 0, buttons: 1, isPrimary: true, pointerId: 1, bubbles: true });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 4);
  assert.deepEqual(await names(), ['audit_log', 'sales (2 tables)', 'sessions', 'users']);
  assert.deepEqual(await page.$$eval('[data-table="sales (2 tables)"] .row', (els) => els.map((e) => e.getAttribute('data-column'))), ['orders', 'order_items']);
  assert.equal(await page.locator('[data-testid="edge"]').count(), 2, 'sessions -> users and the group -> users');
  await page.screenshot({ path: path.join(shots, 'group-collapsed.png') });
  await page.getByTestId('expand-groups').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="table"]').length === 5);
  assert.equal(await page.locator('[data-testid="edge"]').count(), 3);
  // Zoomed out, the key from sales to accounts is one bundle between the two areas, and its
  // own line is hidden; zoomed in again, the line is back.
  assert.equal(await page.getByTestId('bundle').count(), 0, 'no bundle at a readable zoom');
  for (let i = 0; i < 20 && (await page.getByTestId('bundle').count()) === 0; i++) await page.getByTestId('zoom-out').click();
  assert.equal(await page.getByTestId('bundle').count(), 1);
  assert.equal(await page.getByTestId('bundle').getAttribute('data-keys'), '1');
  assert.equal(await page.locator('[data-testid="edge"].bundled').count(), 1, 'orders -> users is in the bundle');
  await page.screenshot({ path: path.join(shots, 'groups-bundled.png') });
  await page.getByTestId('zoom-fit').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bundle"]').length === 0);
  assert.equal(await page.locator('[data-testid="edge"].bundled').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('screenshots: Sakila and a 375-table hub-dominated schema', async () => {
  const { context, page, errors } = await openApp(2400, 1300);
  await openSakila(page);
  // Select a table: its relationships light up.
  await page.locator('[data-table="rental"] .table-name').click();
  await page.screenshot({ path: path.join(shots, 'diagram-sakila.png') });
  const sql = execFileSync(cli, ['synthetic', '375', '760']).toString();
  await openSql(page, 'hub-375.sql', sql);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="edge"]').length === 760, null, { timeout: 60000 });
  await page.screenshot({ path: path.join(shots, 'diagram-hub-375.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

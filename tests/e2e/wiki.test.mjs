// The wiki exports and hostile input, in the real browser:
// - every corpus schema's Mermaid diagrams (as the Markdown export splits them) parse and
//   render with npm's mermaid in headless Chromium;
// - a project whose names and comments are made to attack (script tags, attribute breakouts,
//   javascript: URLs, </style>, Mermaid directives, Markdown links, 10,000-character names)
//   renders inert in the app, the embed, the share dialog, the SVG, the PNG, the review page,
//   the Markdown (rendered by npm's marked) and Mermaid: any dialog or script fails the test,
//   and the app's Content-Security-Policy is checked in force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT, SHOTS, appUnderTest, watchErrors } from './browser.mjs';

const run = promisify(execFile);
const app = appUnderTest();
const CLI = process.env.SCHEMAFORGE ?? path.join(ROOT, 'target/debug/schemaforge');
const MERMAID = path.join(ROOT, 'tests/e2e/node_modules/mermaid/dist/mermaid.min.js');
const MARKED = path.join(ROOT, 'tests/e2e/node_modules/marked/lib/marked.umd.js');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

async function filesUnder(dir, extension) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(full, extension)));
    else if (entry.name.endsWith(extension)) found.push(full);
  }
  return found.sort();
}

// A page with mermaid loaded, started the way a wiki starts it (strict security).
async function mermaidPage(context) {
  const page = await context.newPage();
  await page.setContent('<!DOCTYPE html><html><body></body></html>');
  await page.addScriptTag({ path: MERMAID });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  return page;
}

// Parses and renders one diagram; its error, or null.
const renderMermaid = (page, text, id) =>
  page.evaluate(async ([t, i]) => {
    try {
      await window.mermaid.parse(t);
      const { svg } = await window.mermaid.render(i, t);
      if (!svg.includes('<svg') || /Syntax error/i.test(svg)) return 'no diagram drawn';
      return null;
    } catch (e) {
      return String(e?.message ?? e).slice(0, 400);
    }
  }, [text, id]);

const mermaidBlocks = (markdown) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)```\n/g)].map((m) => m[1]);

test('the Mermaid export of every corpus schema renders with mermaid', async () => {
  const files = [...(await filesUnder(path.join(CORPUS, 'sql'), '.sql')), ...(await filesUnder(path.join(CORPUS, 'dbml'), '.dbml'))];
  const context = await app.browser.newContext();
  const page = await mermaidPage(context);
  let schemas = 0;
  let diagrams = 0;
  let split = 0;
  const failures = [];
  for (const file of files) {
    let markdown;
    try {
      ({ stdout: markdown } = await run(CLI, ['export', file, '--to', 'markdown'], { maxBuffer: 1 << 28 }));
    } catch {
      continue; // The DBML fixtures that are meant not to parse.
    }
    schemas += 1;
    const blocks = mermaidBlocks(markdown);
    assert.ok(blocks.length >= 1, file);
    if (blocks.length > 1) split += 1;
    for (const [k, block] of blocks.entries()) {
      assert.ok(block.length <= 50_000, `${file}: a diagram of ${block.length} characters`);
      const error = await renderMermaid(page, block, `d${diagrams}`);
      diagrams += 1;
      if (error) failures.push(`${path.relative(CORPUS, file)} [${k}]: ${error}`);
    }
  }
  console.log(`# mermaid: ${diagrams} diagrams of ${schemas} corpus schemas rendered (${split} split under the 50,000-character limit), ${failures.length} failed`);
  assert.ok(schemas >= 80, `only ${schemas} schemas exported`);
  assert.deepEqual(failures, []);
  await context.close();
});

// Names and comments an attacker would try (shared with tests/share.rs).
const HOSTILE = path.join(ROOT, 'tests/fixtures/hostile.sql');

// Fails on any dialog (every payload calls alert) and on any script the payloads could run.
function guard(page, dialogs) {
  page.on('dialog', async (d) => {
    dialogs.push(`${page.url().slice(0, 40)}: ${d.type()} ${d.message()}`);
    await d.dismiss();
  });
}

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { text: await readFile(await file.path(), 'utf8'), name: file.suggestedFilename() };
}

test('hostile names and comments render inert everywhere', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'schemaforge-hostile-'));
  const { stdout: fragment } = await run(CLI, ['export', HOSTILE, '--to', 'share-link'], { maxBuffer: 1 << 26 });
  const dialogs = [];
  const context = await app.browser.newContext({ viewport: { width: 1500, height: 900 } });

  // The app: diagram, inspector, findings, both text views, the share dialog.
  const page = await context.newPage();
  guard(page, dialogs);
  const errors = watchErrors(page);
  await page.goto(`${app.server.url}${fragment.trim()}`);
  await page.waitForSelector('[data-testid="table"]');
  assert.equal(await page.locator('[data-testid="table"]').count(), 2);
  await page.locator('[data-testid="table"]', { hasText: 'direction TB' }).click();
  await page.getByTestId('inspector').waitFor();
  await page.locator('button', { hasText: 'DBML' }).first().click();
  await page.waitForTimeout(300);
  await page.getByTestId('share').click();
  await page.getByTestId('share-link').waitFor();
  await page.getByTestId('share-close').click();
  await page.screenshot({ path: path.join(SHOTS, 'hostile-app.png') });
  // No element the payloads would make exists, and none of their handlers ran.
  assert.equal(await page.locator('img[src="x"], a[href^="javascript:"]').count(), 0);
  // The policy is in force: an injected inline script is refused and reported.
  const quiet = errors.length;
  const csp = await page.evaluate(() => new Promise((resolve) => {
    let violations = 0;
    document.addEventListener('securitypolicyviolation', () => { violations += 1; });
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    setTimeout(() => resolve({ ran: window.__inlineRan === true, violations }), 200);
  }));
  assert.deepEqual(csp, { ran: false, violations: 1 }, 'inline script is blocked by the CSP');
  const refused = errors.splice(quiet);
  assert.ok(refused.every((e) => /violates the following Content Security Policy/.test(e)), refused.join('\n'));
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(policy, /unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe-inline/);

  // SVG, opened as a document of its own (where a script would run).
  await page.getByTestId('inspector').locator('button', { hasText: '×' }).first().click();
  await page.getByTestId('tab-export').click();
  const svg = await download(page, 'export-svg');
  const svgFile = path.join(dir, 'hostile.svg');
  await writeFile(svgFile, svg.text);
  const svgPage = await context.newPage();
  guard(svgPage, dialogs);
  await svgPage.goto(pathToFileURL(svgFile).href);
  assert.equal(await svgPage.evaluate(() => document.querySelectorAll('script, img, foreignObject').length), 0);
  // PNG: drawn from the SVG through an image; a download means it drew.
  const png = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  assert.match(png[0].suggestedFilename(), /\.png$/);

  // The review page, the Markdown and the Mermaid.
  const wiki = page.getByTestId('wiki-export');
  await wiki.locator('summary').click();
  const review = await download(page, 'export-review');
  const reviewFile = path.join(dir, 'review.html');
  await writeFile(reviewFile, review.text);
  const reviewPage = await context.newPage();
  guard(reviewPage, dialogs);
  await reviewPage.goto(pathToFileURL(reviewFile).href);
  assert.match(await reviewPage.locator('h2').first().innerText(), /Diagram/);
  assert.equal(await reviewPage.evaluate(() => document.querySelectorAll('script, img, a, iframe, foreignObject').length), 0);
  assert.match(await reviewPage.locator('body').innerText(), /<script>alert\(1\)<\/script>/, 'the names are shown as text');

  const markdown = await download(page, 'export-markdown');
  const markdownPage = await context.newPage();
  guard(markdownPage, dialogs);
  await markdownPage.setContent('<!DOCTYPE html><html><body><main></main></body></html>');
  await markdownPage.addScriptTag({ path: MARKED });
  // marked does not sanitise: whatever HTML the Markdown holds would be made here.
  await markdownPage.evaluate((md) => { document.querySelector('main').innerHTML = window.marked.parse(md); }, markdown.text);
  await markdownPage.waitForTimeout(200);
  assert.equal(await markdownPage.evaluate(() => document.querySelectorAll('main script, main img, main a, main style, main iframe').length), 0);
  assert.match(await markdownPage.locator('main').innerText(), /"><img src=x onerror=alert\(1\)>/);

  const mermaid = await download(page, 'export-mermaid');
  const mermaidView = await mermaidPage(context);
  guard(mermaidView, dialogs);
  assert.equal(await renderMermaid(mermaidView, mermaid.text, 'hostile'), null);
  for (const [k, block] of mermaidBlocks(markdown.text).entries()) {
    assert.equal(await renderMermaid(mermaidView, block, `hostile-md-${k}`), null);
  }

  // The embed of the same project.
  const embed = await context.newPage();
  guard(embed, dialogs);
  const embedErrors = watchErrors(embed);
  await embed.goto(`${app.server.url}#embed&${fragment.trim().slice(1)}`);
  await embed.getByTestId('embed').waitFor();
  await embed.waitForSelector('[data-testid="table"]');
  await embed.screenshot({ path: path.join(SHOTS, 'hostile-embed.png') });
  await page.waitForTimeout(300);

  assert.deepEqual(dialogs, [], 'no payload ran');
  assert.deepEqual(errors, []);
  assert.deepEqual(embedErrors, []);
  await context.close();
});

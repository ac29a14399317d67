// Debian's Chromium, driven by playwright-core: never a downloaded browser.
import { before, after } from 'node:test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDist } from './serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = path.join(ROOT, 'test-output', 'e2e');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Collects uncaught errors and console errors: a Rust panic in wasm shows up as both.
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

// One test file's app and browser: the built dist/ served on 127.0.0.1 and a headless
// Chromium, started before the file's tests and closed after them; screenshots go to
// test-output/e2e.
export function appUnderTest() {
  const app = { server: null, browser: null };
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    app.server = await serveDist(path.join(ROOT, 'dist'));
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

// A fresh browser context with the app loaded and its example drawn; `errors` collects what
// `watchErrors` does.
export async function openApp(app, viewport) {
  const context = await app.browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid="table"]');
  return { context, page, errors };
}

// Starts recording the page's frame times with requestAnimationFrame.
export async function recordFrames(page) {
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const frame = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stopFrames) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

// Stops the recording; the frame times in milliseconds, with their median, 95th percentile
// and longest.
export async function stopFrames(page) {
  const frames = await page.evaluate(() => {
    window.__stopFrames = true;
    return window.__frames.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  return { frames, median: at(0.5), p95: at(0.95), longest: sorted[sorted.length - 1] ?? 0 };
}

// The code editor draws only the lines in view, so its text, selection and typing go through
// the editor's own API and the keyboard, never the DOM's text.
const EDITOR = '[data-testid="sql-editor"]';

// The editor's script loads after the app starts: each read waits for the editor to mount.
const mountedEditor = (page) =>
  page.waitForFunction((sel) => !!window.SchemaforgeEditor?.of(document.querySelector(sel)), EDITOR);

export const editorText = async (page) => {
  await mountedEditor(page);
  return page.evaluate((sel) => SchemaforgeEditor.of(document.querySelector(sel)).text(), EDITOR);
};

// The main selection: offsets, and the 1-based line and column of its start.
export const editorSelection = async (page) => {
  await mountedEditor(page);
  return page.evaluate((sel) => SchemaforgeEditor.of(document.querySelector(sel)).selection(), EDITOR);
};

// Waits until the editor's text matches `pattern` (a RegExp). Right after a load the editor
// may not be mounted yet: that is waited for too, never an error.
export const waitForEditorText = (page, pattern) =>
  page.waitForFunction(
    ([sel, source, flags]) => {
      const editor = window.SchemaforgeEditor?.of(document.querySelector(sel));
      return !!editor && new RegExp(source, flags).test(editor.text());
    },
    [EDITOR, pattern.source, pattern.flags],
  );

// Focuses the editor, like a click on its text.
export const focusEditor = (page) => page.locator(`${EDITOR} .cm-content`).click();

// Pastes `text` where the cursor is, as the clipboard would (a paste event with its data;
// typed newlines would be auto-indented, and inserted text loses a leading newline).
export const pasteIntoEditor = (page, text) =>
  page.evaluate(([sel, t]) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.querySelector(`${sel} .cm-content`).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, [EDITOR, text]);

// Replaces the whole text as a user does: select all, then paste the new text (or delete).
export async function setEditorText(page, text) {
  await focusEditor(page);
  await page.keyboard.press('Control+A');
  if (text === '') await page.keyboard.press('Delete');
  else await pasteIntoEditor(page, text);
}

// Appends text at the end, pasted.
export async function appendToEditor(page, text) {
  await focusEditor(page);
  await page.keyboard.press('Control+End');
  await pasteIntoEditor(page, text);
}

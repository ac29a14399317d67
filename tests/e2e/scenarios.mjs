// Two browser scenarios that both the end-to-end tests and the frame-time benchmark
// (benches/browser, `make bench-browser`) run: the tests check what they do, the benchmark
// times them. Frame times depend on the machine, so no test asserts them.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordFrames, stopFrames } from './browser.mjs';
import { traceFrameCost, traceWork } from './frame_cost.mjs';

// Opens an SQL file through the toolbar's Open button.
export async function openSql(page, dir, name, sql) {
  const file = path.join(dir, name);
  await writeFile(file, sql);
  await page.locator('input[type="file"]').first().setInputFiles(file);
}

// The diagram's current transform (pan and zoom), as the page holds it.
const transform = (page) =>
  page.getByTestId('diagram-viewport').evaluate((el) => el.querySelector('.diagram-stage')?.style.transform ?? '');

// Opens a synthetic 1,000-table, 1,500-edge schema (made by the command-line tool `cli`),
// then pans with the pointer and zooms with the wheel for a fixed number of gestures while
// the page is traced: the main-thread time of each frame (see frame_cost.mjs).
export async function panAndZoomThousandTables(page, { cli, dir, gestures = 60 }) {
  const sql = execFileSync(cli, ['synthetic', '1000', '1500'], { maxBuffer: 64 << 20 }).toString();
  await openSql(page, dir, 'hub-1000.sql', sql);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="edge"]').length === 1500, null, { timeout: 60000 });
  const viewport = page.getByTestId('diagram-viewport');
  const box = await viewport.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const before = await transform(page);
  // The drags pan with space held, the app's pan gesture wherever the pointer is: pressed
  // on a table without it, a drag would move the table instead.
  await viewport.evaluate((el) => el.focus());
  const timing = await traceFrameCost(page, async () => {
    for (let step = 0; step < gestures; step++) {
      const dx = Math.sin(step / 6) * 120;
      const dy = Math.cos(step / 7) * 80;
      if (step % 20 < 10) {
        await page.keyboard.down(' ');
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        await page.mouse.move(cx + dx, cy + dy, { steps: 4 });
        await page.mouse.up();
        await page.keyboard.up(' ');
      } else {
        await page.mouse.move(cx + dx, cy + dy);
        await page.mouse.wheel(0, step % 40 < 30 ? -120 : 120);
      }
    }
    // The frames once the view is still count too: the app then brings the boxes, their
    // detail and the names up to date (250 ms after the last gesture).
    await page.waitForTimeout(400);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  });
  const selected = await page.locator('[data-testid="table"].selected').count();
  return { ...timing, gestures, before, after: await transform(page), selected };
}

// A pg_dump with data: Pagila's schema, then COPY blocks of actor rows up to `megabytes`.
export function largeDump(schema, megabytes) {
  const rows = [];
  for (let i = 0; i < 12000; i++) rows.push(`${i}\tFIRST${i}\tLAST${i}\t2022-02-15 09:34:33+00`);
  const block = `COPY public.actor (actor_id, first_name, last_name, last_update) FROM stdin;\n${rows.join('\n')}\n\\.\n\n`;
  const parts = [schema];
  let size = schema.length;
  while (size < megabytes * 1e6) {
    parts.push(block);
    size += block.length;
  }
  return parts.join('\n');
}

// Imports a 50 MB dump through the import dialog, from a file on disk, while the page
// records its frame times, every value the progress bar is given, and the values it shows
// when it paints. Returns once the dialog shows the import's counts.
export async function importFiftyMegabytes(page, { corpus, dir }) {
  const schema = await readFile(path.join(corpus, 'sql/pagila/pagila.pg_dump.sql'), 'utf8');
  const dump = largeDump(schema, 50);
  await page.getByTestId('import').click();
  await page.getByTestId('import-dialog').waitFor();
  await recordFrames(page);
  await page.evaluate(() => {
    window.__progressSet = [];
    window.__progressPainted = new Set();
    const property = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, 'value');
    Object.defineProperty(HTMLProgressElement.prototype, 'value', {
      configurable: true,
      get() {
        return property.get.call(this);
      },
      set(v) {
        window.__progressSet.push(Number(v));
        property.set.call(this, v);
      },
    });
    const original = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name, v) {
      if (this instanceof HTMLProgressElement && name === 'value') window.__progressSet.push(Number(v));
      return original.call(this, name, v);
    };
    const watch = () => {
      const bar = document.querySelector('[data-testid="import-progress"]');
      if (bar) window.__progressPainted.add(bar.value);
      if (!window.__stopFrames) requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  // From a file on disk: handing Playwright the bytes instead would stall the page for
  // seconds while they cross the DevTools protocol, which is not the app's doing.
  const file = path.join(dir, 'pagila-with-data.sql');
  await writeFile(file, dump);
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-counts').waitFor({ timeout: 120000 });
  const timing = await stopFrames(page);
  const { set, painted } = await page.evaluate(() => ({
    set: window.__progressSet,
    painted: [...window.__progressPainted],
  }));
  return { ...timing, bytes: dump.length, progressSet: set, progressPainted: painted };
}

// Opens a synthetic schema of `tables` tables and `fks` foreign keys (made by the
// command-line tool `cli`) through the toolbar's Open button, and reads the phases the app
// marks on the page's timeline (src/ui/open_timing.rs): from the file chosen to the first
// paint of its diagram. Each phase is the time since the one before, in milliseconds.
export async function openSchemaTimed(page, { cli, dir, tables, fks, traced = false }) {
  const sql = execFileSync(cli, ['synthetic', String(tables), String(fks)], { maxBuffer: 64 << 20 }).toString();
  await page.evaluate(() => performance.clearMarks());
  const open = async () => {
    await openSql(page, dir, `open-${tables}.sql`, sql);
    await page.waitForFunction(() => performance.getEntriesByName('open:painted').length > 0, null, { timeout: 120000 });
  };
  // Tracing slows the page, so only an opening run for that is traced.
  const work = traced ? await traceWork(page, open) : (await open(), null);
  const marks = await page.evaluate(() =>
    performance.getEntriesByType('mark').filter((m) => m.name.startsWith('open:')).map((m) => [m.name.slice(5), m.startTime]),
  );
  const phases = [];
  for (let i = 1; i < marks.length; i++) phases.push([marks[i][0], marks[i][1] - marks[i - 1][1]]);
  const total = marks.length > 1 ? marks[marks.length - 1][1] - marks[0][1] : NaN;
  return { bytes: sql.length, marks: marks.map((m) => m[0]), phases, total, work };
}

// One line for a timed opening: its total and each phase.
export const describeOpening = (tables, o) =>
  `${tables} tables (${(o.bytes / 1e3).toFixed(0)} KB), file chosen to first paint ${o.total.toFixed(0)} ms: ` +
  o.phases.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ') +
  (o.work ? `; main-thread work, traced (ms): ${Object.entries(o.work).map(([k, v]) => `${k} ${v}`).join(', ')}` : '');

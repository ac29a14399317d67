// Opening a big schema, timed in the browser: from the file chosen with the toolbar's Open
// button to the first paint of its diagram, in phases the app marks on the page's timeline
// (read, progress shown, import, layout, painted). The figures are printed here and judged
// by `make bench-browser`, since they depend on the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { appUnderTest, ROOT, SHOTS, watchErrors } from './browser.mjs';
import { describeOpening, openSchemaTimed } from './scenarios.mjs';

const cli = process.env.SCHEMAFORGE ?? path.join(ROOT, 'target/debug/schemaforge');
const app = appUnderTest();

for (const [tables, fks] of [[375, 760], [2000, 4000]]) {
  test(`opening a ${tables}-table file is timed phase by phase, each phase once`, async () => {
    const context = await app.browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(app.server.url);
    await page.waitForSelector('[data-testid="table"]');
    const opening = await openSchemaTimed(page, { cli, dir: SHOTS, tables, fks });
    console.log(describeOpening(tables, opening));
    // Every phase, in order, each once: nothing is read, imported or laid out twice. A file
    // over 256 KB first paints a notice that it is being opened.
    const shown = opening.bytes > 256 * 1024 ? ['shown'] : [];
    assert.deepEqual(opening.marks, ['start', 'read', ...shown, 'import', 'layout', 'painted']);
    // What was painted is the new schema, fitted: its tables, with the progress notice gone.
    await page.waitForFunction((n) => document.querySelector('[data-testid="project-name"]')?.textContent.includes(`open-${n}`), tables);
    assert.equal(await page.getByTestId('notice').count(), 0, 'the progress notice is gone');
    const drawn = await page.locator('[data-testid="table"]').count();
    assert.ok(drawn > 0 && drawn <= tables, `${drawn} boxes drawn`);
    await page.screenshot({ path: path.join(SHOTS, `opened-${tables}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

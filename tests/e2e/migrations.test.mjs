// The migrations panel in a real browser: a version saved, the model changed in the editor,
// the changes marked on the diagram with a legend, the planned steps with their safety
// badges, a .zip of dbmate files downloaded after confirming the data loss (read back by
// Python's zipfile, an independent reader), and the round trip verified on PGlite and on
// sql.js, engines compiled to wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appUnderTest, editorText, openApp, setEditorText, SHOTS } from './browser.mjs';

const app = appUnderTest();

const READ_ZIP = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))
`;

async function verifyMigration(page) {
  await page.getByTestId('verify-migration').click();
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="migration-verify-result"]');
      return el && !el.classList.contains('verify-running');
    },
    null,
    { timeout: 90_000 },
  );
  const result = page.getByTestId('migration-verify-result');
  return { text: await result.innerText(), ok: await result.evaluate((el) => el.classList.contains('verify-ok')) };
}

test('save a version, change the model, review, download and verify the migration', async () => {
  const { context, page, errors } = await openApp(app, { width: 1600, height: 900 });
  await page.getByTestId('tab-migrations').click();
  await page.getByTestId('migration-hint').waitFor();
  assert.equal(await page.getByTestId('diff-legend').count(), 0, 'no comparison before a version is saved');

  // A version, refused a second time under the same name.
  await page.getByTestId('version-name').fill('v1');
  await page.getByTestId('save-version').click();
  await page.locator('[data-testid="version"][data-name="v1"]').waitFor();
  await page.getByTestId('migration-summary').waitFor();
  assert.match(await page.getByTestId('migration-summary').innerText(), /nothing to migrate/);
  await page.getByTestId('version-name').fill('v1');
  await page.getByTestId('save-version').click();
  assert.equal(await page.getByTestId('version').count(), 1);

  // The model changes in the editor: a column added, one dropped, an index and a table added.
  const before = await editorText(page);
  const after = before
    .replace('    updated_at timestamptz NOT NULL DEFAULT now()\n);\n\nCREATE TABLE user_preferences',
      '    updated_at timestamptz NOT NULL DEFAULT now(),\n    last_login_at timestamptz\n);\n\nCREATE TABLE user_preferences')
    .replace('    old_data jsonb,\n', '')
    .concat('\nCREATE INDEX idx_users_display_name ON users (display_name);\n\nCREATE TABLE teams (\n    id bigint PRIMARY KEY,\n    name text NOT NULL\n);\n');
  assert.notEqual(after, before);
  await setEditorText(page, after);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="migration-step"]').length >= 4);

  // The steps, each with a badge; dropping a column loses data and says so.
  const steps = await page.getByTestId('migration-step').evaluateAll((els) =>
    els.map((el) => ({ text: el.textContent, safety: el.dataset.safety })));
  const step = (pattern) => steps.find((s) => pattern.test(s.text));
  assert.ok(step(/teams/), JSON.stringify(steps));
  assert.equal(step(/drop column audit_log\.old_data/i)?.safety, 'loses data', JSON.stringify(steps));
  assert.ok(step(/last_login_at/), JSON.stringify(steps));
  assert.match(step(/idx_users_display_name/)?.text ?? '', /CONCURRENTLY/, 'safe mode builds the index concurrently');
  assert.equal(await page.getByTestId('safety-badge').count(), steps.length);
  assert.match(await page.getByTestId('migration-loss').innerText(), /old_data/);

  // The diagram marks the changes since v1, with a legend.
  const legend = page.getByTestId('diff-legend');
  await legend.waitFor();
  assert.match(await legend.innerText(), /Changes since v1/);
  assert.equal(await page.locator('[data-testid="table"][data-table="teams"]').getAttribute('data-diff'), 'diff-added');
  assert.equal(await page.locator('[data-testid="table"][data-table="users"]').getAttribute('data-diff'), 'diff-changed');
  assert.equal(await page.locator('[data-testid="table"][data-table="user_preferences"]').getAttribute('data-diff'), null);
  assert.match(await page.getByTestId('diff-removed').innerText(), /audit_log\.old_data/);
  await page.screenshot({ path: path.join(SHOTS, 'migrations.png') });

  // Download: the data loss is confirmed first; declined, nothing is downloaded.
  await page.getByTestId('migration-format').selectOption('dbmate');
  await page.getByTestId('migration-name').fill('teams and logins');
  const questions = [];
  page.once('dialog', (d) => { questions.push(d.message()); d.dismiss(); });
  let downloaded = false;
  page.once('download', () => { downloaded = true; });
  await page.getByTestId('migration-download').click();
  await page.waitForTimeout(300);
  assert.equal(downloaded, false, 'declined: no download');
  assert.match(questions[0] ?? '', /destroy data[\s\S]*old_data/);
  page.once('dialog', (d) => d.accept());
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('migration-download').click()]);
  assert.match(download.suggestedFilename(), /-dbmate-\d{14}\.zip$/);
  const file = path.join(SHOTS, 'migration.zip');
  await download.saveAs(file);
  const files = JSON.parse(execFileSync('python3', ['-c', READ_ZIP, file], { encoding: 'utf8' }));
  const names = Object.keys(files);
  // The concurrent index needs a migration of its own under dbmate.
  assert.ok(names.length >= 2, names.join(', '));
  assert.ok(names.every((n) => /^\d{14}_teams_and_logins_part_\d+_of_\d+\.sql$/.test(n)), names.join(', '));
  const all = Object.values(files).join('\n');
  assert.match(all, /-- migrate:up/);
  assert.match(all, /-- migrate:down/);
  assert.match(all, /transaction:false/);
  assert.match(all, /CREATE TABLE IF NOT EXISTS teams/);

  // The round trip on PGlite, then on sql.js with SQLite's plan.
  const pg = await verifyMigration(page);
  assert.ok(pg.ok, pg.text);
  assert.match(pg.text, /PGlite: up \(\d+ steps\) gives the new version's catalog, down gives the old one's again/);
  await page.getByTestId('migration-dialect').selectOption('sqlite');
  await page.waitForFunction(() => /Verify on sql\.js/.test(document.querySelector('[data-testid="verify-migration"]')?.innerText ?? ''));
  const lite = await verifyMigration(page);
  assert.ok(lite.ok, lite.text);
  await page.screenshot({ path: path.join(SHOTS, 'migrations-sqlite.png') });

  // The export tab takes the diagram's marks away; coming back shows them again.
  await page.getByTestId('tab-export').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="diff-legend"]'));
  await page.getByTestId('tab-migrations').click();
  await legend.waitFor();

  // A reload keeps the saved version.
  await page.reload();
  await page.waitForSelector('[data-testid="table"]');
  await page.getByTestId('tab-migrations').click();
  await page.locator('[data-testid="version"][data-name="v1"]').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('compare a file with the model: renames proposed, taken one by one', async () => {
  const { context, page, errors } = await openApp(app, { width: 1600, height: 900 });
  await page.getByTestId('tab-migrations').click();
  // The file is the model as it was deployed: audit_log was audit_logs, its table_name was
  // tablename.
  const deployed = (await editorText(page))
    .replaceAll('audit_log ', 'audit_logs ')
    .replace('table_name text NOT NULL', 'tablename text NOT NULL');
  assert.match(deployed, /CREATE TABLE audit_logs/);
  const file = path.join(SHOTS, 'deployed.sql');
  await writeFile(file, deployed);
  await page.getByTestId('compare-file-input').setInputFiles(file);
  await page.getByTestId('rename-proposals').waitFor();
  const steps = () => page.getByTestId('migration-step').evaluateAll((els) => els.map((el) => el.textContent));

  // Nothing taken yet: the table is dropped and created.
  const proposal = page.locator('[data-testid="rename-proposal"][data-from="audit_logs"]');
  assert.equal(await proposal.getAttribute('data-to'), 'audit_log');
  assert.ok((await steps()).some((s) => /drop table audit_logs/.test(s)));

  // Taken: a rename, and its column is proposed in turn; taken too, a column rename.
  await proposal.check();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="migration-step"]')].some((el) => /rename table audit_logs to audit_log/.test(el.textContent)));
  const column = page.locator('[data-testid="rename-proposal"][data-from="tablename"]');
  await column.waitFor();
  await column.check();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="migration-step"]')].some((el) => /rename column/.test(el.textContent)));
  const taken = await steps();
  assert.ok(!taken.some((s) => /drop table|drop column/.test(s)), taken.join('\n'));
  assert.match(await page.getByTestId('diff-legend').innerText(), /Changes since file: deployed\.sql/);
  assert.equal(await page.locator('[data-testid="table"][data-table="audit_log"]').getAttribute('data-diff'), 'diff-renamed');
  await page.screenshot({ path: path.join(SHOTS, 'migrations-file.png') });
  const pg = await verifyMigration(page);
  assert.ok(pg.ok, pg.text);
  assert.deepEqual(errors, []);
  await context.close();
});

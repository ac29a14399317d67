// Trunk's post-build hook. Trunk starts the app with an inline <script type="module">; the
// page's Content-Security-Policy allows no inline script, so this moves it to a file of its
// own (named by its content, so a new build is never served a stale copy) and fails the
// build if any other inline script is left.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('external_boot: TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)');
  process.exit(1);
}
const page = join(dir, 'index.html');
let html = readFileSync(page, 'utf8');
const inline = /<script type="module"\s*>([\s\S]*?)<\/script>/;
const found = html.match(inline);
if (found) {
  const code = found[1].trim() + '\n';
  const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code);
  html = html.replace(inline, `<script type="module" src="./${name}"></script>`);
  writeFileSync(page, html);
}
const left = [...html.matchAll(/<script\b([^>]*)>/g)].filter((m) => !/\bsrc=/.test(m[1]));
if (left.length > 0) {
  console.error(`external_boot: ${left.length} inline script(s) left in index.html: ${left.map((m) => m[0]).join(' ')}`);
  process.exit(1);
}

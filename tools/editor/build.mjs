// Bundles the editor into one script for the app (../../vendor/editor, copied into dist by
// Trunk): minified, no source maps, no network.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: [path.join(here, 'src/editor.js')],
  outfile: path.join(here, '../../vendor/editor/schemaforge-editor.js'),
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['chrome110', 'firefox110', 'safari16'],
  legalComments: 'eof',
  logLevel: 'warning',
});

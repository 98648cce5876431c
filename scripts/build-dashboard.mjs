#!/usr/bin/env node
// Bundles the dashboard for the browser: each view's entry (dashboard/src/<view>/main.ts) with lit, d3 and
// socket.io-client into OUTDIR/<view>.js (ES2022, minified, with source maps), and the HTML shells beside them.
// Everything is bundled: the wall runs in a control room without internet. Usage: build-dashboard.mjs OUTDIR
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../dashboard/', import.meta.url));
const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: build-dashboard.mjs OUTDIR');
  process.exit(2);
}

const views = ['wall', 'console'];
// A view still being written has no entry yet; the others build without it.
const entryPoints = Object.fromEntries(
  views.map((v) => [v, join(root, 'src', v, 'main.ts')]).filter(([, entry]) => existsSync(entry)),
);
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints,
  outdir,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});
for (const page of readdirSync(join(root, 'pages'))) copyFileSync(join(root, 'pages', page), join(outdir, page));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, out]) => `${file.split('/').pop()} ${Math.round(out.bytes / 1024)} KiB`);
console.log(`dashboard: ${bytes.join(', ')}`);

// Builds the web app: every page's script bundled and minified by esbuild into assets/ with
// content-hashed names, the pages written with those names. Output: $CITYOPS_WEB_OUT or dist/.
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.env.CITYOPS_WEB_OUT || path.join(here, 'dist'));
const pages = ['index', 'wall', 'desk'];

await rm(path.join(out, 'assets'), { recursive: true, force: true });
await mkdir(path.join(out, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: Object.fromEntries(pages.map((p) => [p, path.join(here, 'src', p, 'main.js')])),
  bundle: true,
  minify: true,
  splitting: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// The outputs of each page's entry point: its script and, when it imports any, its CSS.
const assets = {};
for (const [file, info] of Object.entries(result.metafile.outputs)) {
  if (!info.entryPoint) continue;
  const page = path.basename(path.dirname(info.entryPoint));
  const rel = (f) => path.relative(out, path.resolve(f)).split(path.sep).join('/');
  assets[page] = { js: rel(file), css: info.cssBundle ? rel(info.cssBundle) : null };
}

for (const page of pages) {
  const a = assets[page];
  if (!a) throw new Error(`no bundle for page ${page}`);
  const template = await readFile(path.join(here, 'src', 'pages', `${page}.html`), 'utf8');
  const tags = [
    a.css ? `<link rel="stylesheet" href="${a.css}">` : '',
    `<script type="module" src="${a.js}"></script>`,
  ].filter(Boolean).join('\n  ');
  await writeFile(path.join(out, `${page}.html`), template.replace('<!-- assets -->', tags));
}
console.log(`cityops web: ${pages.length} pages written to ${out}`);

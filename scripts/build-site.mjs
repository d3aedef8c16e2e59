// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run build:site`: writes the playground, the blog embeds and the example posts into
// one static folder that works when copied to any static host (at its root or under a
// sub-path), with no special header: the .wasm only needs to be served as application/wasm,
// as ordinary static servers do. No COOP/COEP: nothing uses SharedArrayBuffer.
//
// The folder mirrors the repository's layout, so no page or module is rewritten:
//   index.html        a landing page linking to the pages below
//   web/              the playground (web/index.html), its modules, stylesheet and image
//                     worker; the example posts (web/examples/); the unbundled embeds
//   bindings/js/      the browser entry of the package, which web/ imports as ../bindings/js
//   dist/             the three .wasm builds and their glue, the embed module (embed.js)
//                     and the iframe page (embed.html, embed-frame.js), which the example
//                     posts load as ../../dist/…
//   LICENSE, THIRD_PARTY_NOTICES.md
// Before it prints anything, it checks that the folder is self-contained: every module
// import (esbuild resolves them), every new URL('…', import.meta.url) literal and every
// src/href of the HTML pages names a file inside the folder, by a relative path.
// Usage: node scripts/build-site.mjs [--out DIR]   (default: site/ in the repository)
// It needs the built dist/ (npm run build); DIR is emptied first, and must be empty, absent
// or a folder this script wrote before.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as esbuild from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MARKER = '.wasmconv-site'; // names a folder this script wrote, which it may empty

function fail(message, code = 1) {
  console.error(`build-site: ${message}`);
  process.exit(code);
}

let options;
try {
  ({ values: options } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  fail(`${error.message}\nusage: node scripts/build-site.mjs [--out DIR]`, 2);
}
if (options.help) {
  console.log('usage: node scripts/build-site.mjs [--out DIR]   (npm run build:site -- --out DIR)\n' +
    'Writes the playground, the blog embeds and the example posts into DIR (default: site/), a static folder.');
  process.exit(0);
}
const out = resolve(options.out ?? join(root, 'site'));

// The files, by repository path: all of web/, the browser side of bindings/js/ (node.js is
// the Node entry, worker-node.js, worker-spawn.js and worker-thread.js wasmconv/worker's
// Node side, *.d.ts the types), the package's dist/ files (package.json "files").
const listFiles = (dir) => readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
  const path = `${dir}/${entry.name}`;
  return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
});
const DIST = ['embed.js', 'embed-frame.js', 'embed.html',
  ...['relaxed', 'simd', 'scalar'].flatMap((b) => [`wasmconv-${b}.mjs`, `wasmconv-${b}.wasm`]),
  ...['relaxed-mt', 'simd-mt'].flatMap((b) => [`wasmconv-${b}.mjs`, `wasmconv-${b}.wasm`, `wasmconv-${b}.worker.js`])].map((f) => `dist/${f}`);
const missing = DIST.filter((f) => !existsSync(join(root, f)));
if (missing.length) fail(`${missing.join(', ')} missing: run npm run build first`);
const NODE_ONLY = ['node.js', 'worker-node.js', 'worker-spawn.js', 'worker-thread.js'].map((f) => `bindings/js/${f}`);
const FILES = [
  ...listFiles('web'),
  ...listFiles('bindings/js').filter((f) => f.endsWith('.js') && !NODE_ONLY.includes(f)),
  ...DIST,
  'LICENSE',
  'THIRD_PARTY_NOTICES.md',
];

// Never empty a folder that holds the sources, nor one that holds anything else.
const inside = (path, dir) => path === dir || path.startsWith(dir + sep);
if (inside(root, out) || ['web', 'bindings', 'dist', 'src', 'scripts', 'tests', 'docs', 'node_modules', '.git']
  .some((dir) => inside(out, join(root, dir)))) {
  fail(`--out ${out} would overwrite the repository's own files; choose a folder of its own (default: site/)`, 2);
}
if (existsSync(out)) {
  if (!lstatSync(out).isDirectory()) fail(`--out ${out} is not a folder`, 2);
  if (readdirSync(out).length && !existsSync(join(out, MARKER))) {
    fail(`--out ${out} is not empty and was not written by this script; choose an empty or new folder`, 2);
  }
  rmSync(out, { recursive: true, force: true });
}

for (const file of FILES) {
  mkdirSync(dirname(join(out, file)), { recursive: true });
  copyFileSync(join(root, file), join(out, file));
}

// The landing page: links only (no script, no inline style), relative, so the folder can
// live at any path of a host.
const examples = FILES.filter((f) => /^web\/examples\/[^/]+\.html$/.test(f));
const titleOf = (file) => /<title>([^<]*)<\/title>/.exec(readFileSync(join(root, file), 'utf8'))?.[1].trim() ?? file;
const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const link = (href, text) => `      <li><a href="${escape(href)}">${escape(text)}</a></li>`;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(join(out, 'index.html'), `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>wasmconv ${escape(version)}</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <h1>wasmconv ${escape(version)}</h1>
    <p>Convolution and transposed convolution in WebAssembly: the playground and the blog embeds.</p>
    <ul>
${[link('web/', 'The playground'),
    ...examples.map((f) => link(f, `Example post: ${titleOf(f)}`)),
    link('dist/embed.html?mode=transposed&input=2&kernel=3&view=mechanics', 'The iframe form (dist/embed.html)')].join('\n')}
    </ul>
    <p>The embed module is <code>dist/embed.js</code>. <a href="LICENSE">License</a>,
      <a href="THIRD_PARTY_NOTICES.md">third-party notices</a>.</p>
  </body>
</html>
`);
writeFileSync(join(out, MARKER), 'written by scripts/build-site.mjs; the script empties this folder when it runs again\n');

// Self-contained: every reference a page or module makes names a file of the folder.
const written = listOut(out);
const problems = [];
// `link`: a link the reader follows (<a href>), which may lead to another host; anything
// else is fetched by the page and must be in the folder.
function checkTarget(from, target, how, link = false) {
  if (/^(data|blob|mailto):|^#|^https?:\/\/|^\/\//.test(target)) {
    if (/^(https?:)?\/\//.test(target) && !link) problems.push(`${from}: ${how} ${target} is on another host`);
    return;
  }
  if (target.startsWith('/')) {
    problems.push(`${from}: ${how} ${target} is root-absolute (breaks when the folder is not at the host's root)`);
    return;
  }
  const path = resolve(dirname(join(out, from)), decodeURIComponent(target.replace(/[?#].*$/, '')));
  const file = target.replace(/[?#].*$/, '').endsWith('/') || target === '' ? join(path, 'index.html') : path;
  if (!inside(file, out)) problems.push(`${from}: ${how} ${target} is outside the folder`);
  else if (!existsSync(file)) problems.push(`${from}: ${how} ${target} is not in the folder`);
}
for (const file of written.filter((f) => f.endsWith('.html'))) {
  const html = readFileSync(join(out, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  for (const [, tag, attributes] of html.matchAll(/<([a-z][\w-]*)(\s[^>]*)>/gi)) {
    for (const [, attr, value] of attributes.matchAll(/\s(src|href)\s*=\s*"([^"]*)"/g)) {
      checkTarget(file, value.replaceAll('&amp;', '&'), `<${tag} ${attr}>`, tag.toLowerCase() === 'a');
    }
  }
}
for (const file of written.filter((f) => /\.m?js$/.test(f))) {
  // Comment lines left out: they name such URLs in prose.
  const source = readFileSync(join(out, file), 'utf8').replace(/^\s*(\/\/|\/?\*).*$/gm, '');
  for (const [, , target] of source.matchAll(/new URL\(\s*(["'])([^"'\n]*)\1\s*,\s*import\.meta\.url\s*\)/g)) {
    checkTarget(file, target, 'new URL');
  }
}
// Module imports, static and dynamic, resolved by esbuild from each module of the folder;
// Node built-ins are allowed (the glue imports them only under Node).
await esbuild.build({
  absWorkingDir: out,
  entryPoints: written.filter((f) => /\.m?js$/.test(f)),
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  logLevel: 'silent',
  outdir: join(out, '.check'),
  plugins: [{
    name: 'site-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const from = relative(out, args.importer).split(sep).join('/');
        const bare = args.path.replace(/^node:/, '');
        if (args.path.startsWith('node:') || builtinModules.includes(bare)) return { path: args.path, external: true };
        if (!/^\.\.?\//.test(args.path)) problems.push(`${from}: import '${args.path}' is not a relative path a browser can load`);
        else checkTarget(from, args.path, 'import');
        return { path: args.path, external: true };
      });
    },
  }],
}).catch((error) => problems.push(`esbuild could not read the modules: ${error.message}`));
if (problems.length) fail(`the folder is not self-contained:\n  ${problems.join('\n  ')}`);

// What was written, by folder, and the total.
function listOut(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listOut(dir, path) : [path];
  });
}
const sizeOf = (file) => lstatSync(join(out, file)).size;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const GROUPS = [
  ['web/examples/', 'the example posts'],
  ['web/', 'the playground and its modules, the unbundled embeds'],
  ['bindings/js/', 'the package\'s browser entry, imported by web/'],
  ['dist/', 'the .wasm builds and glue, the embed module, the iframe page'],
  ['', 'the landing page, license and notices'],
];
const files = written.filter((f) => f !== MARKER);
const grouped = new Map(GROUPS.map(([prefix]) => [prefix, []]));
for (const file of files) grouped.get(GROUPS.find(([prefix]) => file.startsWith(prefix))[0]).push(file);
const total = files.reduce((sum, f) => sum + sizeOf(f), 0);
const shown = inside(out, process.cwd()) ? relative(process.cwd(), out) || '.' : out;
console.log(`build-site: wrote ${shown}/`);
for (const [prefix, what] of GROUPS) {
  const group = grouped.get(prefix);
  const bytes = group.reduce((sum, f) => sum + sizeOf(f), 0);
  const list = prefix === 'web/' ? '' : `: ${group.map((f) => f.slice(prefix.length)).join(', ')}`;
  console.log(`  ${(prefix || './').padEnd(14)} ${String(group.length).padStart(3)} files ${kb(bytes).padStart(9)}  ${what}${list}`);
}
console.log(`  total: ${files.length} files, ${total} bytes (${kb(total)})`);
console.log(`Serve ${shown}/ with any static server (.wasm as application/wasm) and open index.html, or web/ for the playground.`);

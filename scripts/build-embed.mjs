// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Builds the blog embeds the package ships, with esbuild, after the .wasm builds (it needs
// dist/wasmconv-*.mjs):
//   dist/embed.js        <wasmconv-figure> as one ES module: the element, the views, the JS
//                        API, the Emscripten glue and the playground's stylesheet; it loads
//                        one .wasm, found next to itself (import.meta.url), when a figure
//                        nears the viewport. `import 'wasmconv/embed'` resolves to it.
//   dist/embed.html      the iframe form, for hosts that forbid scripts in posts, and
//   dist/embed-frame.js  its script (a separate file: no inline script, so a strict
//                        Content-Security-Policy needs no 'unsafe-inline'); it imports
//                        ./embed.js, so a page using both forms loads that module once.
// Ten changes to the sources, each checked here so that a change upstream fails the build
// instead of producing a broken module:
//   - web/embed/packaged.js becomes the packaged variant (the stylesheets web/style.css and
//     web/embed/figure.css inlined, no default playground link);
//   - the playground's code and concepts panels (web/views/code.js, concepts.js), which
//     renderGridView draws only when asked withCode and figures never ask, are left out
//     (about 4 KB gzip, which keeps the module within its 40 KB budget);
//   - the image view's URL parameters (web/image/params.js, with the kernel presets it
//     validates against, about 1 KB gzip): a figure passes parseState only its attributes
//     (web/embed/attributes.js), none of which is an image parameter, so parsing them is a
//     no-op and serializing the defaults writes nothing; the stand-in keeps IMAGE_DEFAULTS,
//     read from the real module;
//   - the activation option's parser (bindings/js/activation.js): figures take none;
//   - the image conversions (bindings/js/image.js: wc.fromImage, wc.toImageData): figures
//     convert no images (checked below: no bundled web/ module calls them);
//   - threads (bindings/js/threads.js, threaded-builds.js): figures load single-threaded;
//   - wasm-resident tensors (bindings/js/tensor.js): figures never create them;
//   - the weightLayout and layout options' parsers (bindings/js/layout.js): figures build
//     their weights and data in the default layouts;
//   - the three glue files differ only in the name of their default .wasm, which load()
//     never uses (it compiles the .wasm itself): all three imports resolve to one of them,
//     so the module carries one copy of the glue instead of three;
//   - bindings/js/index.js names the .wasm files as new URL('../../dist/…', import.meta.url);
//     in dist/embed.js they become new URL('./…'), which is where the files are relative to
//     it, so that bundlers given `import 'wasmconv/embed'` (Vite, webpack) find and emit them.
// Usage: node scripts/build-embed.mjs   (scripts/build.sh runs it)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const read = (path) => readFileSync(join(root, path), 'utf8');
const BUILDS = ['relaxed', 'simd', 'scalar'];

function fail(message) {
  console.error(`build-embed: ${message}`);
  process.exit(1);
}

// The glue files, each with its own .wasm name replaced by a placeholder, must be equal.
const glues = BUILDS.map((b) => read(`dist/wasmconv-${b}.mjs`).replaceAll(`wasmconv-${b}.wasm`, 'wasmconv-BUILD.wasm'));
if (glues.some((g) => g !== glues[0])) {
  fail('dist/wasmconv-{relaxed,simd,scalar}.mjs differ in more than the .wasm file name; the embed cannot share one glue');
}

// The playground's stylesheet, minified, as the packaged figure's constructed stylesheet,
// without the rules that cannot match inside a figure (about 0.6 KB gzip): those for the
// playground's page (its body, h1 and form, and anything by id: figures render no ids),
// and those naming a class or element that the figure's code never mentions (`used`: the
// bundled JavaScript, built once without the stylesheet; class names appear in it as
// string literals, element names in createElement calls).
const { code: minifiedCss } = await esbuild.transform(read('web/style.css'), { loader: 'css', minify: true });
const pageOnly = (selector) => /^(body|h1|form)\b|#|\[role=["']?tab/.test(selector.trim());
const TAGS = /(?:^|[\s>+~(,])([a-z][a-z0-9]*)(?=[.:[\s>+~),]|$)/g;
function unused(selector, used) {
  const classes = [...selector.matchAll(/\.([\w-]+)/g)].map((m) => m[1]);
  const tags = [...selector.replace(/\[[^\]]*\]|\.[\w-]+|:[\w-]+/g, ' ').matchAll(TAGS)].map((m) => m[1]);
  return classes.some((c) => !used.includes(c)) || tags.some((t) => !used.includes(`"${t}"`));
}
function figureRules(css, used) {
  const blocks = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) {
      blocks.push(css.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (depth !== 0 || css.slice(start).trim()) fail('web/style.css: unbalanced braces after minifying');
  return blocks.map((block) => {
    const head = block.slice(0, block.indexOf('{'));
    if (head.startsWith('@media') || head.startsWith('@supports')) {
      const inner = figureRules(block.slice(head.length + 1, -1), used);
      return inner && `${head}{${inner}}`;
    }
    if (head.startsWith('@')) return block;
    return head.split(',').every((selector) => pageOnly(selector) || unused(selector, used)) ? '' : block;
  }).join('');
}
const { code: figureCss } = await esbuild.transform(read('web/embed/figure.css'), { loader: 'css', minify: true });
let css = '';

// Figures call renderGridView with withCode: false, and it calls renderCode and
// renderConcepts only under if (withCode): then those two modules are never run.
const viewsIndex = read('web/views/index.js');
const calls = (name) => viewsIndex.split(`${name}(`).length - 1;
// The text of the block that follows `if (withCode)`, by matching braces.
function guardedBlock(source) {
  const start = source.indexOf('if (withCode) {');
  if (start < 0) return '';
  let depth = 0;
  for (let i = source.indexOf('{', start); i < source.length; i++) {
    if (source[i] === '{') depth++;
    if (source[i] === '}' && --depth === 0) return source.slice(start, i + 1);
  }
  return '';
}
const guarded = guardedBlock(viewsIndex);
if (!read('web/embed/wasmconv-figure.js').includes('withCode: false') ||
  !['renderCode', 'renderConcepts'].every((name) => calls(name) === 1 && guarded.includes(`${name}(`))) {
  fail('web/views/index.js must call renderCode and renderConcepts only under if (withCode), and figures pass withCode: false; ' +
    'otherwise the embed cannot leave web/views/code.js and concepts.js out');
}
// The image parameters: none may be a figure attribute.
const { IMAGE_DEFAULTS } = await import(new URL('../web/image/params.js', import.meta.url));
const IMAGE_PARAMETERS = ['sample', 'color', 'weights', 'flip', 'bias-value', 'border', 'display', 'build'];
const { FIGURE_ATTRIBUTES } = await import(new URL('../web/embed/attributes.js', import.meta.url));
if (IMAGE_PARAMETERS.some((name) => name in FIGURE_ATTRIBUTES)) {
  fail('a figure attribute is an image parameter; the embed can no longer leave web/image/params.js out');
}
const IMAGE_PARAMS_STANDIN = [
  `export const IMAGE_DEFAULTS = Object.freeze(${JSON.stringify(IMAGE_DEFAULTS)});`,
  'export function parseImageParams() {}',
  'export function serializeImageParams() {}',
].join('\n');

// The activation option's parser (bindings/js/activation.js, about 0.6 KB gzip): no figure
// attribute is an activation, so the embed's API only ever sees none.
if ('activation' in FIGURE_ATTRIBUTES) fail('a figure takes an activation; the embed can no longer leave bindings/js/activation.js out');
const ACTIVATION_STANDIN = [
  'export function parseActivation(a) {',
  "  return a === undefined || a === null ? { value: null } : { error: 'activation: not available in the blog embed' };",
  '}',
].join('\n');

// The image conversions (bindings/js/image.js, about 4 KB gzip minified): the embed's API gets
// stand-ins that say so, and the build fails if a figure's code calls them.
const IMAGE_STANDIN = [
  'export function imageFunctions({ fail }) {',
  "  const missing = (fn) => () => fail(fn, 'not available in the blog embed');",
  "  return { fromImage: missing('fromImage'), toImageData: missing('toImageData') };",
  '}',
].join('\n');

// Threads (bindings/js/threads.js and the threaded builds' glue, threaded-builds.js): a
// figure's layers are small, and a blog's host rarely sends the headers threads need, so the
// embed always loads a single-threaded build.
const THREADS_STANDIN = [
  'export const AUTO_THREAD_CAP = 1;',
  "export function threadsUnavailable() { return 'the blog embed is single-threaded'; }",
  'export function chooseThreads() { return { threads: 1 }; }',
  'export function threadedName(build) { return build; }',
  'export function factoryOptions() { return {}; }',
  'export function startThreads() {}',
  'export function checkKind(build, module) { return module; }',
].join('\n');
const THREADED_BUILDS_STANDIN = "export function instantiateThreaded() { throw new Error('the blog embed is single-threaded'); }";
// The weightLayout option (bindings/js/layout.js): no figure attribute is a weight layout,
// so the embed's API only ever sees the default, which the request leaves out (C++ reads an
// absent weightLayout as 'oihw'); paramCount reads the weight shape in that layout.
if ('weight-layout' in FIGURE_ATTRIBUTES || 'weightLayout' in FIGURE_ATTRIBUTES) {
  fail('a figure takes a weight layout; the embed can no longer leave bindings/js/layout.js out');
}
if ('layout' in FIGURE_ATTRIBUTES || 'data-layout' in FIGURE_ATTRIBUTES) {
  fail('a figure takes a data layout; the embed can no longer leave bindings/js/layout.js out');
}
const LAYOUT_STANDIN = [
  'export function parseWeightLayout(v) {',
  "  return v === undefined ? {} : { error: 'weightLayout: not available in the blog embed' };",
  '}',
  'export function parseDataLayout(v) {',
  "  return v === undefined ? {} : { error: 'layout: not available in the blog embed' };",
  '}',
  'export function weightInput(conv, w, groups) {',
  '  return [conv ? w[1] * groups : w[0], ...w.slice(2)];',
  '}',
].join('\n');

// Wasm-resident tensors (bindings/js/tensor.js, about 0.5 KB gzip): figures pass plain arrays
// and never call createTensor, so no value they pass is a wasm tensor (checked on the bundle's
// inputs below: the playground's image worker uses tensors, but no figure bundles it).
const TENSOR_STANDIN = [
  'export function tensorState() { return undefined; }',
  "export function wrapTensor() { throw new Error('createTensor: not available in the blog embed'); }",
].join('\n');

// Layers (createConv2d and the other create* functions: api.js's createLayer, about 0.4 KB
// gzip): figures compute with the stateless ops only (checked on the bundle's inputs below),
// so the embed's createLayer says so instead.
const apiPath = join(root, 'bindings', 'js', 'api.js');
function withoutLayers(source) {
  const start = source.indexOf('  function createLayer(');
  if (start < 0) fail('bindings/js/api.js has no createLayer; the embed cannot leave layers out');
  // The body's brace: the parameters hold a default `{}`.
  let depth = 0;
  for (let i = source.indexOf(') {', start) + 2; i < source.length; i++) {
    if (source[i] === '{') depth++;
    if (source[i] === '}' && --depth === 0) {
      const standIn = "  function createLayer(fn) { fail(fn, 'layers are not available in the blog embed'); }";
      return source.slice(0, start) + standIn + source.slice(i + 1);
    }
  }
  return fail('bindings/js/api.js: createLayer has unbalanced braces');
}

const LEFT_OUT = {
  'code.js': 'renderCode',
  'concepts.js': 'renderConcepts',
};

const packagedPath = join(root, 'web', 'embed', 'packaged.js');
const indexPath = join(root, 'bindings', 'js', 'index.js');
const embedPlugin = {
  name: 'wasmconv-embed',
  setup(build) {
    build.onLoad({ filter: /[\\/]web[\\/]embed[\\/]packaged\.js$/ }, (args) => {
      if (args.path !== packagedPath) return undefined;
      return {
        loader: 'js',
        contents: [
          `export const stylesheetText = ${JSON.stringify(css)};`,
          'export const playgroundUrl = null;',
          'export const stylesheetUrls = [];',
        ].join('\n'),
      };
    });
    build.onLoad({ filter: /[\\/]web[\\/]views[\\/](code|concepts)\.js$/ }, (args) => {
      const name = LEFT_OUT[args.path.split(/[\\/]/).pop()];
      return {
        loader: 'js',
        contents: `export function ${name}() { throw new Error('${name} is not part of the embed (figures render withCode: false)'); }`,
      };
    });
    build.onLoad({ filter: /[\\/]web[\\/]image[\\/]params\.js$/ }, () => ({ loader: 'js', contents: IMAGE_PARAMS_STANDIN }));
    build.onLoad({ filter: /[\\/]bindings[\\/]js[\\/]activation\.js$/ }, () => ({ loader: 'js', contents: ACTIVATION_STANDIN }));
    build.onLoad({ filter: /[\\/]bindings[\\/]js[\\/]image\.js$/ }, () => ({ loader: 'js', contents: IMAGE_STANDIN }));
    build.onLoad({ filter: /[\\/]bindings[\\/]js[\\/]threads\.js$/ }, () => ({ loader: 'js', contents: THREADS_STANDIN }));
    build.onLoad({ filter: /[\\/]bindings[\\/]js[\\/]tensor\.js$/ }, () => ({ loader: 'js', contents: TENSOR_STANDIN }));
    build.onLoad({ filter: /[\\/]bindings[\\/]js[\\/]threaded-builds\.js$/ }, () => ({ loader: 'js', contents: THREADED_BUILDS_STANDIN }));
    build.onLoad({ filter: /[\\/]bindings[\\/]js[\\/]layout\.js$/ }, () => ({ loader: 'js', contents: LAYOUT_STANDIN }));
    build.onResolve({ filter: /wasmconv-(simd|scalar)\.mjs$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/wasmconv-(simd|scalar)\.mjs$/, 'wasmconv-relaxed.mjs')),
    }));
    build.onLoad({ filter: /[\\/]bindings[\\/]js[\\/]api\.js$/ }, (args) => {
      if (args.path !== apiPath) return undefined;
      return { loader: 'js', contents: withoutLayers(readFileSync(args.path, 'utf8')) };
    });
    build.onLoad({ filter: /[\\/]bindings[\\/]js[\\/]index\.js$/ }, (args) => {
      if (args.path !== indexPath) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const pattern = /new URL\('\.\.\/\.\.\/dist\/(wasmconv-(relaxed|simd|scalar)\.wasm)', import\.meta\.url\)/g;
      const found = source.match(pattern) ?? [];
      if (found.length !== BUILDS.length) {
        fail(`bindings/js/index.js names the .wasm files ${found.length} times as new URL('../../dist/…', import.meta.url), expected ${BUILDS.length}`);
      }
      return { loader: 'js', contents: source.replace(pattern, "new URL('./$1', import.meta.url)") };
    });
  },
};

const BANNER = '/*! wasmconv <wasmconv-figure> | MIT License | includes Emscripten-generated glue (MIT); see THIRD_PARTY_NOTICES.md */';
const common = { bundle: true, format: 'esm', minify: true, target: 'es2022', charset: 'utf8', legalComments: 'none', logLevel: 'warning', banner: { js: BANNER } };

const buildFigure = (write) => esbuild.build({
  ...common,
  absWorkingDir: root,
  entryPoints: ['web/embed/wasmconv-figure.js'],
  outfile: join(dist, 'embed.js'),
  plugins: [embedPlugin],
  metafile: true,
  write,
});
const used = (await buildFigure(false)).outputFiles[0].text;
css = figureRules(minifiedCss, used) + figureCss;
const figure = await buildFigure(true);
const inputs = Object.keys(Object.values(figure.metafile.outputs)[0].inputs);
const glueInputs = inputs.filter((p) => /wasmconv-\w+\.mjs$/.test(p));
if (glueInputs.length !== 1) fail(`dist/embed.js should hold one glue file, holds ${glueInputs.join(', ') || 'none'}`);
if (inputs.some((p) => p.endsWith('.css'))) fail('dist/embed.js should not import a stylesheet file');
const imageCallers = inputs.filter((p) => p.startsWith('web/') && /\b(fromImage|toImageData)\b/.test(read(p)));
if (imageCallers.length) fail(`fromImage / toImageData are used by ${imageCallers.join(', ')}, but the embed leaves them out (bindings/js/image.js)`);
const layerCallers = inputs.filter((p) => p.startsWith('web/') && /\.create(Conv|ConvTranspose)[123]d\b/.test(read(p)));
if (layerCallers.length) fail(`${layerCallers.join(', ')} create layers; the embed can no longer leave createLayer out`);
const tensorCallers = inputs.filter((p) => p.startsWith('web/') && read(p).includes('createTensor'));
if (tensorCallers.length) fail(`${tensorCallers.join(', ')} call createTensor; the embed can no longer leave bindings/js/tensor.js out`);

// The iframe page's script: web/embed.js with the figure taken from ./embed.js.
await esbuild.build({
  ...common,
  absWorkingDir: root,
  entryPoints: ['web/embed.js'],
  outfile: join(dist, 'embed-frame.js'),
  plugins: [{
    name: 'wasmconv-embed-frame',
    setup(build) {
      build.onResolve({ filter: /^\.\/embed\/wasmconv-figure\.js$/ }, () => ({ path: './embed.js', external: true }));
    },
  }],
});

const page = read('web/embed.html');
const SCRIPT = '<script type="module" src="embed.js"></script>';
if (!page.includes(SCRIPT)) fail(`web/embed.html no longer holds ${SCRIPT}`);
writeFileSync(join(dist, 'embed.html'), page.replace(SCRIPT, '<script type="module" src="embed-frame.js"></script>'));

for (const file of ['embed.js', 'embed-frame.js', 'embed.html']) {
  const bytes = readFileSync(join(dist, file));
  console.log(`dist/${file}: ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip`);
}

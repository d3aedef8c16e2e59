// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The threaded builds' three files each (glue, .wasm, pthread worker script), named by
// new URL literals so that bundlers that rewrite them (webpack 5, Vite) emit each as a file of
// its own, under a name of their choosing. The glue is never bundled: bindings/js/index.js
// imports it from its URL at run time, and every pthread worker imports it again from the same
// URL (mainScriptUrlOrBlob), so that bundling, which would split the glue from its worker
// script, cannot break threads. The blog embed leaves this file out (scripts/build-embed.mjs).
import { loadError, runGlue, WASM_FILES } from './load.js';

const LITERALS = {
  'relaxed-mt': () => ({
    glue: new URL('../../dist/wasmconv-relaxed-mt.mjs', import.meta.url),
    wasm: new URL('../../dist/wasmconv-relaxed-mt.wasm', import.meta.url),
    worker: new URL('../../dist/wasmconv-relaxed-mt.worker.js', import.meta.url),
  }),
  'simd-mt': () => ({
    glue: new URL('../../dist/wasmconv-simd-mt.mjs', import.meta.url),
    wasm: new URL('../../dist/wasmconv-simd-mt.wasm', import.meta.url),
    worker: new URL('../../dist/wasmconv-simd-mt.worker.js', import.meta.url),
  }),
};

// This module's URL, through a variable (a new URL(<expression>, import.meta.url) written
// out would make webpack look for every file the expression might name).
const here = import.meta.url;
const EXTENSIONS = { glue: 'mjs', wasm: 'wasm', worker: 'worker.js' };

/**
 * The URLs of `build`'s three files ({ glue, wasm, worker }, and `rewritten`: whether a
 * bundler rewrote any). A literal a bundler rewrote differs from the same URL built from an
 * expression no bundler evaluates; then the literal is right. Otherwise, when this module is
 * still threaded-builds.js, nothing was bundled and the literal (dist/) is right; else a
 * bundler that leaves such URLs alone (esbuild, Rollup) moved this code into its output, and
 * the files are looked for next to it.
 */
function threadedUrls(build) {
  const literals = LITERALS[build]();
  // By path: a dev server may add a query (Vite's ?v=).
  const bundled = new URL('threaded-builds.js', here).pathname !== new URL(here).pathname;
  const urls = { rewritten: false };
  for (const [kind, literal] of Object.entries(literals)) {
    const file = `wasmconv-${build}.${EXTENSIONS[kind]}`;
    const rewritten = literal.href !== new URL(['..', '..', 'dist', file].join('/'), here).href;
    urls.rewritten ||= rewritten;
    urls[kind] = rewritten || !bundled ? literal.href : new URL(file, here).href;
  }
  return urls;
}

// The URL to start the pthread workers from, given the worker script's.
// - A bundler may inline a small file as a data: URL (Vite does below 4 KiB, as with the
//   worker script). A worker started from a data: URL has an opaque origin: it could neither
//   import the glue nor share the page's memory. Started from a Blob URL, it has the page's.
// - Vite's dev server (whether it pre-bundled the package or not) rewrites a served script's
//   import(<variable>), the worker script's import of the glue, by adding a top-level import of
//   its client: a SyntaxError in a classic worker, unless the URL says it is one, as Vite's own
//   new Worker(new URL(…)) does: ?worker_file&type=classic. Other servers ignore the query.
function workerUrl(url) {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const data = url.slice(comma + 1);
    const text = /;base64$/i.test(url.slice(0, comma)) ? Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) : decodeURIComponent(data);
    return URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  }
  return /^https?:/.test(url) ? `${url}${url.includes('?') ? '&' : '?'}worker_file&type=classic` : url;
}

const HINT = "; that is where the package's own threaded build is looked for when nothing rewrote its URLs: " +
  'with esbuild or Rollup, copy node_modules/wasmconv/dist/*.wasm, *-mt.mjs and *.worker.js next to the output file';

/**
 * Instantiates threaded `build` (bindings/js/index.js's instantiate): the glue imported from its
 * URL, its worker script and .wasm given to it by URL (locateFile), and the glue's URL to each
 * pthread worker, which imports it again (Emscripten 3.1.6's worker script imports
 * mainScriptUrlOrBlob, else the glue's name beside itself, which a bundler may have changed).
 * `compileSource(build, source, { url, hint })` compiles load()'s source or the package's file.
 */
export async function instantiateThreaded(build, source, factoryOptions, compileSource) {
  const urls = threadedUrls(build);
  const hint = urls.rewritten ? '' : HINT;
  let factory;
  try {
    ({ default: factory } = await import(/* webpackIgnore: true */ /* @vite-ignore */ urls.glue));
  } catch (error) {
    throw loadError(build, `importing ${urls.glue} failed (${error && error.message ? error.message : error})${hint}`, '');
  }
  const worker = workerUrl(urls.worker);
  const files = { [`wasmconv-${build}.worker.js`]: worker, [WASM_FILES[build]]: urls.wasm };
  // The glue has just created its workers. One whose script does not load (missing, or not a
  // script) fails before the glue listens, and the glue would wait for it for ever: the load
  // fails instead, and 'auto' takes the single-threaded build.
  const started = (glue, fail) => {
    for (const w of glue.PThread.unusedWorkers) {
      w.addEventListener('error', (event) => fail(loadError(build, `a worker could not start: ${event.message || `${worker} did not load`}${hint}`, '')));
    }
  };
  return runGlue(build, factory, () => compileSource(build, source, { url: urls.wasm, hint }),
    { ...factoryOptions, mainScriptUrlOrBlob: urls.glue }, { files, started });
}

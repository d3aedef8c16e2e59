// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Entry point for browsers, workers and bundlers. It fetches and compiles the .wasm itself
// (streaming where the server sends application/wasm) and hands the glue the compiled
// module, so that a failed load names the URL and the HTTP status, or says that the page's
// Content-Security-Policy lacks 'wasm-unsafe-eval', instead of Emscripten's
// "Aborted(both async and sync fetching of the wasm failed)".
//
// Where the package's own .wasm files are looked for:
// - nothing bundled (a <script type="module"> page, a CDN, Vite's dev server): dist/, next
//   to the glue;
// - Vite and webpack 5 see the new URL('…wasm', import.meta.url) literals below, copy the
//   files into their output and rewrite the URLs: nothing to do;
// - esbuild and Rollup (without a plugin) leave such URLs alone: the files are looked for
//   next to the output file holding the glue, so copy node_modules/wasmconv/dist/*.wasm
//   beside the bundle (or pass wasmPath), and for threads also dist/*-mt.mjs and
//   dist/*.worker.js.
// The threaded builds' glue is never bundled (threaded-builds.js says why): it is imported
// from its URL, found as the .wasm files are.
// load({ wasmPath }) (a folder holding the three builds), { wasmUrl } or { wasmBinary } loads
// from elsewhere.
import {
  compileBytes, compileError, createCache, loadError, loadWith, relaxedSimdSupported, runGlue, simdSupported,
  WASM_FILES, WasmconvError,
} from './load.js';
import { instantiateThreaded } from './threaded-builds.js';

const cache = createCache();

// Literal specifiers, so that bundlers see every single-threaded build and emit each as its
// own chunk.
const GLUE = {
  relaxed: () => import('../../dist/wasmconv-relaxed.mjs'),
  simd: () => import('../../dist/wasmconv-simd.mjs'),
  scalar: () => import('../../dist/wasmconv-scalar.mjs'),
};

// Literal too, so that Vite and webpack emit each .wasm and rewrite its URL.
const PACKAGED = {
  relaxed: () => new URL('../../dist/wasmconv-relaxed.wasm', import.meta.url),
  simd: () => new URL('../../dist/wasmconv-simd.wasm', import.meta.url),
  scalar: () => new URL('../../dist/wasmconv-scalar.wasm', import.meta.url),
};

// This module's URL, through a variable: new URL(<expression>, import.meta.url) written out
// would make webpack look for every file the expression might name.
const here = import.meta.url;

// The URL of the package's own .wasm for `build`. A bundler that rewrote the literal above
// makes it differ from the same URL built from an expression no bundler evaluates; then the
// literal is right. Otherwise either nothing was bundled, and the glue's folder is dist/ (the
// same URL), or a bundler that leaves such URLs alone moved the glue into its output, and
// the file is looked for next to the glue.
function packagedUrl(build, glueDirectory) {
  const computed = new URL(['..', '..', 'dist', WASM_FILES[build]].join('/'), here);
  const literal = PACKAGED[build]();
  const rewritten = literal.href !== computed.href;
  if (rewritten || !glueDirectory) return { url: literal.href, rewritten };
  return { url: new URL(WASM_FILES[build], glueDirectory).href, rewritten };
}

const BUNDLER_HINT = "; that is where the package's own file is looked for when nothing rewrote its URL: " +
  'with esbuild or Rollup, copy node_modules/wasmconv/dist/*.wasm next to the output file';

function base() {
  return globalThis.document?.baseURI ?? globalThis.location?.href;
}

// A location as an absolute URL, relative ones against the page (or worker) URL; a folder
// always ends in '/', so that the file name is appended rather than replacing its last part.
function toUrl(location, name, folder) {
  let url;
  try {
    url = new URL(String(location), base());
  } catch {
    throw new WasmconvError(`load: ${name} ${JSON.stringify(String(location))} is not a URL`);
  }
  if (folder && !url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

// Status texts are empty over HTTP/2; the common ones are named here so that the message
// still reads "404 Not Found".
const STATUS = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

async function compileUrl(build, url, hint) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw loadError(build, `fetching ${url} failed (${error && error.message ? error.message : error}): ` +
      'the server could not be reached, the page\'s Content-Security-Policy (connect-src) does not allow it, ' +
      `or it is on another origin and does not send Access-Control-Allow-Origin${hint}`);
  }
  if (!response.ok) {
    const status = `${response.status} ${response.statusText || STATUS[response.status] || ''}`.trim();
    throw loadError(build, `fetching ${url} gave HTTP ${status}${hint}`);
  }
  const type = response.headers.get('Content-Type') ?? '';
  // Streaming compilation needs application/wasm; any other type is compiled from the bytes.
  if (/^application\/wasm\s*(;|$)/i.test(type) && typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (error) {
      throw compileError(build, error, url);
    }
  }
  return compileBytes(build, await response.arrayBuffer(), `${url} (served as ${type || 'no Content-Type'})`,
    { note: `: servers often answer a missing file with an HTML page${hint}` });
}

// Compiles `source` (load()'s wasmBinary or URL), or else the package's own file at `url`,
// whose errors end in `hint`.
function compileSource(build, source, { url, hint }) {
  if (source.bytes !== undefined) return compileBytes(build, source.bytes, 'wasmBinary', { fix: `wasmBinary must hold the bytes of ${WASM_FILES[build]}` });
  if (source.url !== undefined) return compileUrl(build, source.url, '');
  return compileUrl(build, url, hint);
}

async function instantiate(build, source, factoryOptions) {
  if (build.endsWith('-mt')) return instantiateThreaded(build, source, factoryOptions, compileSource);
  const { default: factory } = await GLUE[build]();
  return runGlue(build, factory, (glueDirectory) => {
    const { url, rewritten } = packagedUrl(build, glueDirectory);
    return compileSource(build, source, { url, hint: rewritten ? '' : BUNDLER_HINT });
  }, factoryOptions);
}

// Logical cores, for threads: 'auto'.
const cores = () => globalThis.navigator?.hardwareConcurrency ?? 1;

/**
 * Loads wasmconv: the relaxed-SIMD build where relaxed SIMD validates, else the SIMD build
 * where WebAssembly SIMD does, else the scalar build. Loads of the same build from the same
 * place (or the same wasmBinary object) share one instance.
 * @param {{ simd?: boolean | 'auto', relaxed?: boolean | 'auto', wasmBinary?: ArrayBuffer | Uint8Array, wasmUrl?: string | URL, wasmPath?: string | URL }} [options]
 */
export function load(options = {}) {
  return loadWith(options, { toUrl, instantiate, cores }, cache);
}

export { relaxedSimdSupported, simdSupported, WasmconvError };

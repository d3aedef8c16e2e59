// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Choosing and instantiating a build, shared by the browser (index.js) and Node (node.js)
// entry points. Each entry point supplies how the Emscripten glue is imported and how
// the .wasm bytes or URL are found; this file decides which build (relaxed SIMD, SIMD or
// scalar), caches one instance per build and location, and turns load failures into errors
// that say what went wrong and what to do.
import { createApi, WasmconvError } from './api.js';
import { checkKind, chooseThreads, factoryOptions, startThreads, threadedName } from './threads.js';

// The smallest module using a SIMD instruction: (func (result v128) (v128.const i32x4 0 0 0 0)).
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
]);

// (func (param v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0))).
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0xfd,
  0x85, 0x02, 0x0b,
]);

function validates(bytes) {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** True when this engine validates WebAssembly SIMD (fixed-width, 128-bit). */
export function simdSupported() {
  return validates(SIMD_PROBE);
}

/**
 * True when this engine validates relaxed SIMD's f32x4.relaxed_madd (Chromium 114+, Node 22+;
 * Node 20 with --experimental-wasm-relaxed-simd).
 */
export function relaxedSimdSupported() {
  return simdSupported() && validates(RELAXED_PROBE);
}

const LOAD_OPTIONS = ['simd', 'relaxed', 'threads', 'wasmBinary', 'wasmUrl', 'wasmPath'];
const FILES = {
  relaxed: 'wasmconv-relaxed.wasm', simd: 'wasmconv-simd.wasm', scalar: 'wasmconv-scalar.wasm',
  'relaxed-mt': 'wasmconv-relaxed-mt.wasm', 'simd-mt': 'wasmconv-simd-mt.wasm',
};

// The build that `simd` and `relaxed` (each true, false or 'auto') ask for on this engine,
// or an error message when they ask for what it lacks.
function chooseBuild(simd, relaxed) {
  if (simd === false) {
    return relaxed === true ? { error: 'load: relaxed: true needs the SIMD build; it cannot go with simd: false' } : { build: 'scalar' };
  }
  if (!simdSupported()) {
    if (simd === true) return { error: 'load: simd: true was asked for, but this engine does not support WebAssembly SIMD; use simd: false or "auto"' };
    if (relaxed === true) return { error: 'load: relaxed: true was asked for, but this engine does not support WebAssembly SIMD' };
    return { build: 'scalar' };
  }
  if (relaxed === false) return { build: 'simd' };
  if (relaxedSimdSupported()) return { build: 'relaxed' };
  if (relaxed === true) {
    return { error: 'load: relaxed: true was asked for, but this engine does not support relaxed SIMD ' +
      '(Node 20 needs --experimental-wasm-relaxed-simd); use relaxed: false or "auto"' };
  }
  return { build: 'simd' };
}

// Where load() was told to find the chosen build: { bytes } for wasmBinary, { url } (an absolute
// URL string, normalised by the entry point's `toUrl`) for wasmUrl or wasmPath, or {} for the
// package's own file, which only the entry point can locate. wasmBinary wins over wasmUrl,
// which wins over wasmPath.
function sourceOf(build, options, toUrl) {
  const { wasmBinary, wasmUrl, wasmPath } = options;
  if (wasmBinary !== undefined) {
    // A tag check rather than instanceof, so that bytes from another realm (an iframe, a vm context) pass.
    if (Object.prototype.toString.call(wasmBinary) !== '[object ArrayBuffer]' && !ArrayBuffer.isView(wasmBinary)) {
      throw new WasmconvError(`load: wasmBinary must be an ArrayBuffer or a Uint8Array, got ${describe(wasmBinary)}`);
    }
    return { bytes: wasmBinary };
  }
  for (const [name, value] of [['wasmUrl', wasmUrl], ['wasmPath', wasmPath]]) {
    if (value !== undefined && typeof value !== 'string' && !(value instanceof URL)) {
      throw new WasmconvError(`load: ${name} must be a string or a URL, got ${describe(value)}`);
    }
  }
  if (wasmUrl !== undefined) return { url: toUrl(wasmUrl, 'wasmUrl', false).href };
  if (wasmPath !== undefined) return { url: new URL(FILES[build], toUrl(wasmPath, 'wasmPath', true)).href };
  return {};
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}

/**
 * A cache of loaded builds for one entry point. Locations are keyed by build and normalised
 * URL, the package's own files by build; wasmBinary by the very object passed (a WeakMap,
 * so the bytes and their instance can be collected once the caller drops them).
 */
export function createCache() {
  return { byKey: new Map(), byBytes: new WeakMap() };
}

function cacheSlot(cache, build, source) {
  if (source.bytes !== undefined) {
    let builds = cache.byBytes.get(source.bytes);
    if (!builds) cache.byBytes.set(source.bytes, (builds = new Map()));
    return { map: builds, key: build };
  }
  return { map: cache.byKey, key: `${build} ${source.url ?? '(package)'}` };
}

/** The error load() rejects with: which file, what went wrong, and (unless `fix` is '') what to do. */
export function loadError(build, what, fix = FIX) {
  return new WasmconvError(`load: could not instantiate ${FILES[build]}: ${what}.${fix ? ` ${fix}` : ''}`, 'load_failed');
}

const FIX = 'Serve wasmconv-relaxed.wasm, wasmconv-simd.wasm and wasmconv-scalar.wasm from one folder ' +
  "as application/wasm and pass load({ wasmPath: '<that folder>' }), or pass load({ wasmUrl }) the chosen file's URL, " +
  'or load({ wasmBinary }) its bytes';

// The first bytes of every WebAssembly module: "\0asm".
const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * Compiles `bytes` (what was read or fetched from `what`), first checking that they are
 * WebAssembly at all: a server answering a missing file with an HTML page is common, and
 * the engine's "expected magic word" message does not say so.
 */
export async function compileBytes(build, bytes, what, { note = '', fix = FIX } = {}) {
  const view = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  if (view.length < 4 || MAGIC.some((b, i) => view[i] !== b)) {
    const start = String.fromCharCode(...view.subarray(0, 16)).replace(/[^\x20-\x7e]/g, '.');
    const got = view.length ? `${view.length} bytes beginning "${start}"` : 'empty';
    throw loadError(build, `${what} is not WebAssembly (${got})${note}`, fix);
  }
  try {
    return await WebAssembly.compile(view);
  } catch (error) {
    throw compileError(build, error, what, fix);
  }
}

/**
 * The error for a failed compilation of `what`. A Content-Security-Policy without
 * 'wasm-unsafe-eval' makes compiling fail: Chromium 156 throws a CompileError naming the
 * policy ("Compiling or instantiating WebAssembly module violates the following Content
 * Security policy directive because 'unsafe-eval' is not an allowed source of script ..."),
 * Safari an EvalError; both are recognised here.
 */
export function compileError(build, error, what, fix = FIX) {
  if (error instanceof WasmconvError) return error;
  const message = String(error && error.message ? error.message : error);
  if ((error && error.name === 'EvalError') || /Content[- ]Security[- ]Policy|unsafe-eval|wasm-eval/i.test(message)) {
    return loadError(build, `the page's Content-Security-Policy does not allow compiling WebAssembly (${message})`,
      "Add 'wasm-unsafe-eval' to the policy's script-src directive (for example script-src 'self' 'wasm-unsafe-eval'); " +
      'it allows WebAssembly only, not JavaScript eval');
  }
  return loadError(build, `${what} did not compile (${message})`, fix);
}

/**
 * Runs the Emscripten glue's factory with the compiled module that `compile(glueDirectory)`
 * resolves to. The glue's instantiateWasm hook replaces its own fetching, whose failures end in
 * "Aborted(both async and sync fetching of the wasm failed)": here every failure rejects with
 * the error `compile` threw. `glueDirectory` is the URL of the folder the glue was loaded from
 * (Emscripten passes it to locateFile), '' when unknown. A module that compiles but does not
 * link (its imports differ from the glue's, as a .wasm from another release's do) says so.
 * A threaded build (bindings/js/threaded-builds.js) passes `files`, which maps a file name the
 * glue asks locateFile for to its URL (its worker script, wherever a bundler put it; other
 * names are looked for next to the glue), and `started(glue, fail)`, called once the factory
 * has created the workers, with a `fail(error)` that rejects the load until it has settled.
 */
export function runGlue(build, factory, compile, options = {}, { files = {}, started } = {}) {
  return new Promise((resolve, reject) => {
    let glueDirectory = '';
    // The glue's Module is this object: a threaded glue has started its workers by the time
    // the factory returns. A failed load stops them (in Node they would keep the process alive).
    const glue = {
      ...options,
      locateFile(path, directory) {
        glueDirectory = directory ?? '';
        return files[path] ?? glueDirectory + path;
      },
      instantiateWasm(imports, receiveInstance) {
        // Asynchronous from the start: the glue would swallow an exception thrown here.
        Promise.resolve()
          .then(() => compile(glueDirectory))
          .then((module) => WebAssembly.instantiate(module, imports).then(
            (instance) => receiveInstance(instance, checkKind(build, module, FILES[build], loadError)),
            (error) => {
              // A missing import is a LinkError, a missing import module a TypeError; anything
              // else (a RangeError when no memory is left for the heap) is reported as it is.
              if (!(error instanceof WebAssembly.LinkError) && !(error instanceof TypeError)) throw error;
              throw loadError(build, `the module compiled, but its imports do not match this package's JavaScript ` +
                `(${error && error.message ? error.message : error}): it is not ${FILES[build]} of this wasmconv release`,
                'Use the .wasm files of the installed package (node_modules/wasmconv/dist/), copied again after each upgrade');
            },
          ))
          .catch(fail);
        return {};
      },
    };
    let settled = false;
    const fail = (error) => {
      settled = true;
      glue.PThread?.terminateAllThreads();
      reject(error);
    };
    factory(glue).then((module) => {
      settled = true;
      resolve(module);
    }, fail);
    started?.(glue, (error) => settled || fail(error));
  });
}

/**
 * @param {object} options  the user's load() options
 * @param {{ toUrl: (location: string | URL, name: string, folder: boolean) => URL,
 *   instantiate: (build: 'relaxed' | 'simd' | 'scalar', source: { bytes?: ArrayBuffer | ArrayBufferView, url?: string }) => Promise<object> }} entry
 *   how this entry point normalises a location and instantiates a build
 * @param {ReturnType<typeof createCache>} cache
 */
export function loadWith(options, entry, cache) {
  if (options === null || typeof options !== 'object') {
    return Promise.reject(new WasmconvError(`load: options must be an object, got ${options}`));
  }
  for (const key of Object.keys(options)) {
    if (!LOAD_OPTIONS.includes(key)) {
      return Promise.reject(new WasmconvError(`load: unknown option '${key}' (options are ${LOAD_OPTIONS.join(', ')})`));
    }
  }
  for (const key of ['simd', 'relaxed']) {
    const value = options[key] ?? 'auto';
    if (![true, false, 'auto'].includes(value)) {
      return Promise.reject(new WasmconvError(`load: ${key} must be true, false or 'auto', got ${value}`));
    }
  }
  const { build: single, error: refused } = chooseBuild(options.simd ?? 'auto', options.relaxed ?? 'auto');
  if (refused) return Promise.reject(new WasmconvError(refused));
  const ownFile = options.wasmBinary !== undefined || options.wasmUrl !== undefined;
  const { threads, error: noThreads } = chooseThreads(options.threads ?? 'auto', { build: single, ownFile, cores: entry.cores() });
  if (noThreads) return Promise.reject(new WasmconvError(noThreads));
  const attempt = loadBuild(options, entry, cache, single, threads);
  // 'auto' never breaks a load that worked before threads: where the threaded build cannot be
  // had (a folder or server holding only the single-threaded files), it is the single-threaded one.
  if (threads === 1 || options.threads === threads) return attempt;
  return attempt.catch(() => loadBuild(options, entry, cache, single, 1));
}

function loadBuild(options, entry, cache, single, threads) {
  const build = threadedName(single, threads);
  let source;
  try {
    source = sourceOf(build, options, entry.toUrl);
  } catch (error) {
    return Promise.reject(error);
  }
  // Every load of the same build, thread count and place shares one instance (one heap).
  const { map, key } = cacheSlot(cache, `${build} ${threads}`, source);
  if (map.has(key)) return map.get(key);
  const promise = entry.instantiate(build, source, factoryOptions(threads)).then(
    (module) => {
      startThreads(module, threads);
      entry.started?.(module);
      return Object.freeze(createApi(module, { simd: single !== 'scalar', relaxed: single === 'relaxed' }));
    },
    (error) => {
      // A failure is not remembered: the next load() tries again (the file may appear, the
      // server may come back).
      if (map.get(key) === promise) map.delete(key);
      if (error instanceof WasmconvError) throw error;
      throw loadError(build, String(error && error.message ? error.message : error));
    },
  );
  map.set(key, promise);
  return promise;
}

export { FILES as WASM_FILES, WasmconvError };

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The worker's side of wasmconv/worker, shared by the browser's module worker
// (worker-entry.js) and Node's worker thread (worker-thread.js): it runs the real load() and
// the real API on the calls the caller's side (worker-client.js) posts, one at a time in the
// order they came, and answers each with its result or its error. Layers and createTensor
// tensors stay here, keyed by a number that the caller's handles carry; a disposed one is
// kept until the caller's handle is garbage-collected, so that using it again gets the API's
// own "called after dispose()" errors. Result arrays go back by transfer (no copy).
import { tensorState } from './tensor.js';
import { API, HANDLE, OUTPUT } from './worker-protocol.js';

// The names of an object's methods that a caller may invoke: own function properties (the
// API, layers) and those of its class (tensors), never Object's own.
function methodsOf(value) {
  const names = new Set();
  for (let o = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === 'constructor') continue;
      const d = Object.getOwnPropertyDescriptor(o, name);
      if (typeof d.value === 'function') names.add(name);
    }
  }
  return [...names];
}

// The ArrayBuffers that a result can give away: those of typed arrays that span their whole
// buffer (the API's results own theirs; a view into wasm memory never spans it), at the top
// and one level down ({ data, shape }, convMatrix's { data, rows, cols }).
function transferables(result) {
  const buffers = new Set();
  const add = (v) => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.byteLength > 0) {
      buffers.add(v.buffer);
    }
  };
  add(result);
  if (result !== null && typeof result === 'object' && !ArrayBuffer.isView(result)) Object.values(result).forEach(add);
  return [...buffers];
}

function errorOf(error) {
  if (error !== null && typeof error === 'object') {
    return { name: String(error.name ?? 'Error'), message: String(error.message ?? error), code: error.code };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * Serves calls: `port.listen(fn, lost)` delivers each message's data to fn, and calls lost()
 * for one that could not be deserialized; `port.post(message, transfer)` answers; `load` is
 * the entry point's load().
 */
export function serve(port, load) {
  const held = new Map(); // number -> { value, methods }
  const numbers = new WeakMap(); // value -> number
  let next = 1;
  let api = null; // { value, methods } once loaded
  let queue = Promise.resolve();

  // A layer or tensor as the caller will see it: its number, and for a new one what its
  // handle needs (methods, shape).
  function handleOf(value) {
    let number = numbers.get(value);
    if (number === undefined) {
      number = next++;
      held.set(number, { value, methods: new Set(methodsOf(value)) });
      numbers.set(value, number);
    }
    return { [HANDLE]: number, methods: [...held.get(number).methods], shape: tensorState(value) ? value.shape : undefined };
  }

  const isHandle = (value) => tensorState(value) !== undefined ||
    (value !== null && typeof value === 'object' && typeof value.run === 'function' && typeof value.dispose === 'function');

  // Arguments as the API takes them: markers replaced by the objects they stand for.
  function decode(value, depth = 0) {
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || depth > 4) return value;
    if (Array.isArray(value)) return value.map((v) => decode(v, depth + 1));
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === HANDLE) {
      const entry = held.get(value[HANDLE]);
      if (!entry) throw new TypeError(`wasmconv worker: no layer or tensor ${value[HANDLE]} here (it was released)`);
      return entry.value;
    }
    if (keys.length === 1 && keys[0] === OUTPUT) return new Float32Array(value[OUTPUT]);
    const out = {};
    for (const key of keys) out[key] = decode(value[key], depth + 1);
    return out;
  }

  async function answer({ id, target, method, args }) {
    let result;
    if (method === 'load') {
      const value = await load(...args);
      api = { value, methods: new Set(methodsOf(value)) };
      result = { simd: value.simd, relaxed: value.relaxed, threads: value.threads, arch: value.arch, methods: [...api.methods] };
    } else {
      const entry = target === API ? api : held.get(target);
      if (!entry) throw new TypeError(`wasmconv worker: no layer or tensor ${target} here (it was released)`);
      if (!entry.methods.has(method)) throw new TypeError(`wasmconv worker: ${method} is not a method here`);
      result = entry.value[method](...decode(args));
      if (isHandle(result)) result = handleOf(result);
    }
    port.post({ id, result }, transferables(result));
  }

  function release(target) {
    const entry = held.get(target);
    if (!entry) return;
    held.delete(target);
    numbers.delete(entry.value);
    try {
      entry.value.dispose();
    } catch {
      // Already disposed by the caller.
    }
  }

  // A call that could not be deserialized is reported in its place in the order of answers,
  // so that the caller rejects that call (worker-client.js, messageError).
  const lost = (what) => {
    queue = queue.then(() => port.post({ lost: what })).catch(() => {});
  };

  port.listen((message) => {
    if (message.method === 'release') {
      queue = queue.then(() => release(message.target)).catch(() => {});
      return;
    }
    queue = queue
      .then(() => answer(message))
      .catch((error) => {
        try {
          port.post({ id: message.id, error: errorOf(error) });
        } catch (posting) {
          port.post({ id: message.id, error: errorOf(posting) });
        }
      });
  }, lost);
}

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The caller's side of loadInWorker() (wasmconv/worker), shared by the browser (worker.js)
// and Node (worker-node.js) entry points, which start the worker and adapt its events. The
// worker runs the real load() and API (worker-server.js); here every method of that API
// becomes one that posts the call and returns a Promise of its answer, and layers and
// createTensor tensors become handles whose methods do the same. Calls carry ids and are
// answered in order, any number in flight. Inputs are copied by structured clone, or moved
// with loadInWorker({ transfer: true }); results come back by transfer. The worker is
// ref'd (Node) only while a call is pending, so a program that is done exits.
import { WasmconvError } from './error.js';
import { tensorState } from './tensor.js';
import { API, HANDLE, OUTPUT } from './worker-protocol.js';

// Caller-side handle -> { owner, number }: which worker holds it, and its number there.
const handles = new WeakMap();

const RESTART = 'call loadInWorker() again for a new one';

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return String(value);
}

const isPlain = (value) => value !== null && typeof value === 'object' &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value));

// The error the worker reported, rebuilt here: a WasmconvError keeps its message and code.
function toError({ name, message, code }) {
  if (name === 'WasmconvError') return new WasmconvError(message, code);
  const Type = { TypeError, RangeError, SyntaxError, ReferenceError }[name] ?? Error;
  const error = new Type(message);
  if (Type === Error && name !== 'Error') error.name = name;
  if (code !== undefined) error.code = code;
  return error;
}

// What a top-level argument is called in errors, as the API names it.
function argumentName(method, index) {
  if (index === 0) return /^create(?!Tensor)/.test(method) ? 'weight' : method === 'createTensor' ? 'data' : 'input';
  return index === 1 && /^conv/.test(method) ? 'weight' : 'options';
}

/**
 * Starts a worker and loads wasmconv in it. `start(events)` creates the worker and returns
 * its transport: { post(message, transfer), ref(), unref(), terminate() }; it calls
 * events.message(data) for each answer, events.messageError(what) for one that could not be
 * received, and events.failed(what) when the worker dies. `location(value)` turns a wasmUrl
 * or wasmPath into what the worker's load() reads the same way as the caller's would.
 */
export function loadInWorkerWith(start, options = {}, { location }) {
  let transfer = false;
  let loadOptions = options;
  if (isPlain(options)) {
    ({ transfer = false, ...loadOptions } = options);
    if (typeof transfer !== 'boolean') {
      return Promise.reject(new WasmconvError(`loadInWorker: transfer must be true or false, got ${describe(transfer)}`));
    }
    for (const key of ['wasmUrl', 'wasmPath']) {
      if (loadOptions[key] !== undefined) loadOptions[key] = location(loadOptions[key]);
    }
  }

  const pending = new Map(); // id -> { fn, resolve, reject, used }
  let nextId = 1;
  // Once the worker is gone: (fn, wasPending) => the error for a call named fn.
  let stopped = null;
  let transport;

  const byNumber = new Map(); // number -> WeakRef of its handle
  const weak = typeof WeakRef === 'function' ? (v) => new WeakRef(v) : (v) => ({ deref: () => v });
  const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((number) => {
    if (byNumber.get(number)?.deref() === undefined) byNumber.delete(number);
    if (!stopped) transport.post({ method: 'release', target: number });
  }) : null;
  const owner = {};

  function stop(reason) {
    if (stopped) return;
    stopped = reason;
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.reject(reason(call.fn, true));
  }

  function settle(id) {
    const call = pending.get(id);
    if (!call) return null;
    pending.delete(id);
    if (pending.size === 0) transport.unref();
    return call;
  }

  const events = {
    message(data) {
      if (data.lost) {
        events.messageError(`the worker could not receive the call (${data.lost})`);
        return;
      }
      const call = settle(data.id);
      if (!call) return;
      if (data.error) call.reject(toError(data.error));
      else call.resolve(data.result);
    },
    // A call or its answer that structured clone could not deliver. Answers come in call
    // order (the worker reports a call it could not receive in that order too): the one
    // lost is the oldest pending call's.
    messageError(what) {
      const [id] = pending.keys();
      const call = id === undefined ? null : settle(id);
      call?.reject(new WasmconvError(`${call.fn}: ${what}`, 'worker_error'));
    },
    failed(what) {
      stop((fn, wasPending) => new WasmconvError(`${fn}: the wasmconv worker stopped (${what})` +
        `${wasPending ? ' before this call finished' : ''}; its layers and tensors are gone: ${RESTART}`, 'worker_error'));
      Promise.resolve(transport?.terminate()).catch(() => {});
    },
  };

  // Arguments as the worker takes them: this worker's handles as markers, a run's output
  // array as its length; and what to transfer.
  function encode(fn, method, args) {
    const buffers = new Set();
    const used = []; // the handles passed, kept alive until the answer (an output tensor comes back)
    let output = null;
    const walk = (value, where, depth) => {
      if (value === null || typeof value !== 'object') return value;
      const handle = handles.get(value);
      if (handle) {
        if (handle.owner !== owner) {
          throw new WasmconvError(`${fn}: ${where} is a tensor of another worker (each loadInWorker() has its own memory): ` +
            "create it with this worker's createTensor");
        }
        used.push(value);
        return { [HANDLE]: handle.number };
      }
      if (tensorState(value)) {
        throw new WasmconvError(`${fn}: ${where} is a tensor of load() on this thread, not of this worker: ` +
          "create it with this worker's createTensor");
      }
      if (ArrayBuffer.isView(value)) {
        if (transfer && value.buffer instanceof ArrayBuffer && value.buffer.byteLength > 0) buffers.add(value.buffer);
        return value;
      }
      if (depth > 4) return value;
      if (Array.isArray(value)) return value.map((v, i) => walk(v, `${where}[${i}]`, depth + 1));
      if (!isPlain(value)) return value;
      const out = {};
      for (const key of Object.keys(value)) out[key] = walk(value[key], depth === 0 && where === 'options' ? key : `${where}.${key}`, depth + 1);
      return out;
    };
    const encoded = args.map((arg, i) => {
      if (i > 0 && isPlain(arg) && arg.output instanceof Float32Array) {
        output = arg.output;
        arg = { ...arg, output: { [OUTPUT]: output.length } };
      }
      return walk(arg, argumentName(method, i), 0);
    });
    return { encoded, transfer: [...buffers], output, used };
  }

  function handleFor(result) {
    const number = result[HANDLE];
    const known = byNumber.get(number)?.deref();
    if (known) return known;
    const kind = result.shape === undefined ? 'layer' : 'tensor';
    const handle = {};
    if (result.shape !== undefined) handle.shape = Object.freeze(result.shape.slice());
    for (const method of result.methods) handle[method] = (...args) => call(`${kind}.${method}`, number, method, args);
    Object.freeze(handle);
    handles.set(handle, { owner, number });
    byNumber.set(number, weak(handle));
    registry?.register(handle, number);
    return handle;
  }

  function decode(result, output) {
    if (result !== null && typeof result === 'object' && !ArrayBuffer.isView(result) && HANDLE in result) return handleFor(result);
    if (output && result && result.data instanceof Float32Array) {
      output.set(result.data);
      return { data: output, shape: result.shape };
    }
    return result;
  }

  function call(fn, target, method, args) {
    if (stopped) return Promise.reject(stopped(fn, false));
    let message;
    try {
      message = encode(fn, method, args);
    } catch (error) {
      return Promise.reject(error);
    }
    const id = nextId++;
    return new Promise((resolve, reject) => {
      try {
        transport.post({ id, target, method, args: message.encoded }, message.transfer);
      } catch (error) {
        reject(new WasmconvError(`${fn}: its arguments cannot be sent to the worker (${error && error.message ? error.message : error}): ` +
          'pass tensors, typed arrays, arrays, numbers, strings and plain objects'));
        return;
      }
      if (pending.size === 0) transport.ref();
      pending.set(id, { fn, reject, used: message.used, resolve: (result) => resolve(decode(result, message.output)) });
    });
  }

  try {
    transport = start(events);
  } catch (error) {
    return Promise.reject(new WasmconvError(`loadInWorker: the worker could not be started (${error && error.message ? error.message : error})`, 'worker_error'));
  }

  const terminated = (fn, wasPending) => new WasmconvError(`${fn}: the worker was terminated (terminate())` +
    `${wasPending ? ' before this call finished' : ''}; ${RESTART}`, 'terminated');

  return call('load', API, 'load', [loadOptions]).then(
    (info) => {
      const api = { simd: info.simd, relaxed: info.relaxed, threads: info.threads, arch: info.arch };
      for (const method of info.methods) api[method] = (...args) => call(method, API, method, args);
      api.terminate = async () => {
        if (stopped) return;
        stop(terminated);
        await transport.terminate();
      };
      return Object.freeze(api);
    },
    async (error) => {
      // A failed load leaves nothing to use: the worker is ended, so that it keeps nothing alive.
      stop(terminated);
      await transport.terminate();
      throw error;
    },
  );
}

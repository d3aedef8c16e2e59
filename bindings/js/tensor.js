// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Tensors kept in wasm memory (`wc.createTensor`): copied in once, then read in place by
// layers and the stateless functions, so a call pays no copy in. A handle holds an offset
// into the heap, never a Float32Array view of it: growing wasm memory (any allocation may)
// detaches every view taken before, so each access reads module.HEAPF32 afresh.
// A handle's state lives in a WeakMap rather than on the object, so it cannot be edited
// from outside, and a tensor of one build (SIMD or scalar: two separate heaps) is told
// apart from another's.

const states = new WeakMap();

// Frees the memory of tensors that are garbage-collected without dispose(). The held value
// is the state, which does not reference the handle (or the handle could never be collected).
const registry =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((state) => release(state)) : null;

function release(state) {
  if (state.disposed) return;
  state.disposed = true;
  state.module._free(state.ptr);
}

function live(tensor, what) {
  const state = states.get(tensor);
  if (!state) throw new TypeError(`${what}: not a tensor made by createTensor`);
  if (state.disposed) state.fail(`tensor.${what}`, 'called after dispose()');
  return state;
}

function checkData(state, what, data) {
  const fn = `tensor.${what}`;
  if (!(data instanceof Float32Array)) state.fail(fn, `data must be a Float32Array, got ${state.describe(data)}`);
  if (data.length !== state.count) {
    state.fail(fn, `data has ${data.length} values but the tensor's shape ${state.describe(state.shape)} needs ${state.count}`);
  }
}

/** A float32 tensor held in wasm memory; see index.d.ts (WasmTensor). */
class WasmTensor {
  /** The shape, fixed at creation (a frozen array; still readable after dispose()). */
  get shape() {
    const state = states.get(this);
    if (!state) throw new TypeError('shape: not a tensor made by createTensor');
    return state.shape;
  }

  /** Overwrites the values in place (same length); no allocation. */
  write(data) {
    const state = live(this, 'write');
    checkData(state, 'write', data);
    state.module.HEAPF32.set(data, state.ptr >>> 2);
  }

  /** A copy of the values, owned by the caller. */
  read() {
    const state = live(this, 'read');
    const at = state.ptr >>> 2;
    return state.module.HEAPF32.slice(at, at + state.count);
  }

  /** Frees the wasm memory; any later use (a second dispose() included) throws. */
  dispose() {
    const state = live(this, 'dispose');
    registry?.unregister(this);
    release(state);
  }
}

/**
 * Wraps `count` floats at heap byte offset `ptr` (already allocated and filled) as a tensor
 * of `shape`. `fail(fn, message)` throws the API's error; `describe(value)` names a value.
 */
export function wrapTensor(module, ptr, count, shape, { fail, describe }) {
  const tensor = new WasmTensor();
  const state = { module, ptr, count, shape: Object.freeze(shape.slice()), disposed: false, fail, describe };
  states.set(tensor, state);
  registry?.register(tensor, state, tensor);
  return tensor;
}

/** The state of a tensor made by wrapTensor ({ module, ptr, count, shape, disposed }), else undefined. */
export function tensorState(value) {
  return value !== null && typeof value === 'object' ? states.get(value) : undefined;
}

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The public JavaScript API, built over an instantiated Emscripten module. This file turns
// JS values into the request the C++ side expects (option shorthands expanded per axis,
// tensors copied into wasm memory unless they already live there, see tensor.js) and results
// back into owned Float32Arrays (new ones, or the caller's `output`), unless the output is
// a wasm tensor, which the kernels write in place. It checks
// only what C++ cannot see (JS types, safe integers, data length); every semantic rule is
// checked once, in C++ (src/core/plan.cc), whose message is passed on verbatim.
import { tensorState, wrapTensor } from './tensor.js';

/** The error thrown for invalid input; `code` is 'invalid_argument' or 'out_of_memory'. */
export class WasmconvError extends Error {
  constructor(message, code = 'invalid_argument') {
    super(message);
    this.name = 'WasmconvError';
    this.code = code;
  }
}

const OPS = {
  conv1d: { op: 'conv', nd: 1 },
  conv2d: { op: 'conv', nd: 2 },
  conv3d: { op: 'conv', nd: 3 },
  convTranspose1d: { op: 'convTranspose', nd: 1 },
  convTranspose2d: { op: 'convTranspose', nd: 2 },
  convTranspose3d: { op: 'convTranspose', nd: 3 },
};

const CONV_OPTIONS = ['bias', 'stride', 'padding', 'dilation', 'groups', 'paddingMode', 'backend'];
const TRANSPOSE_OPTIONS = ['bias', 'stride', 'padding', 'dilation', 'groups', 'outputPadding',
  'outputShape', 'backend'];
const PADDING_STRINGS = { valid: 'valid', same: 'same_upper', same_upper: 'same_upper',
  same_lower: 'same_lower' };
const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];
const BACKENDS = ['auto', 'reference', 'simd'];
const MAX_DIM = 2147483647;  // plan_conv's upper bound for sizes, strides and dilations

function fail(fn, message, code) {
  throw new WasmconvError(`${fn}: ${message}`, code);
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${Array.from(value, describe).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return value.constructor ? value.constructor.name : 'object';
  return String(value);
}

function checkInteger(fn, what, value) {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    fail(fn, `${what} must be an integer, got ${describe(value)}`);
  }
  return value;
}

// A number (every axis) or an array with one entry per spatial axis.
function perAxis(fn, what, value, nd, fallback) {
  if (value === undefined) return new Array(nd).fill(fallback);
  if (typeof value === 'number') return new Array(nd).fill(checkInteger(fn, what, value));
  if (Array.isArray(value)) {
    if (value.length !== nd) {
      fail(fn, `${what} must have ${nd} entr${nd === 1 ? 'y' : 'ies'} (one per spatial axis), got ${describe(value)}`);
    }
    // An index loop, not map(): map skips the holes of a sparse array ([, 1]), which would
    // reach C++ as NaN.
    const out = new Array(nd);
    for (let i = 0; i < nd; i++) out[i] = checkInteger(fn, `${what}[${i}]`, value[i]);
    return out;
  }
  return fail(fn, `${what} must be a number or an array of ${nd} numbers, got ${describe(value)}`);
}

function parsePadding(fn, padding, nd) {
  if (padding === undefined) return { autoPad: 'explicit', begin: new Array(nd).fill(0), end: new Array(nd).fill(0) };
  if (typeof padding === 'string') {
    const autoPad = PADDING_STRINGS[padding];
    if (!autoPad) {
      fail(fn, `padding ${describe(padding)} is not one of 'valid', 'same', 'same_upper', 'same_lower'`);
    }
    return { autoPad, begin: new Array(nd).fill(0), end: new Array(nd).fill(0) };
  }
  if (typeof padding === 'object' && padding !== null && !Array.isArray(padding)) {
    const keys = Object.keys(padding).filter((k) => k !== 'begin' && k !== 'end');
    if (keys.length) fail(fn, `padding has unknown key ${describe(keys[0])} (use { begin, end })`);
    return {
      autoPad: 'explicit',
      begin: perAxis(fn, 'padding.begin', padding.begin, nd, 0),
      end: perAxis(fn, 'padding.end', padding.end, nd, 0),
    };
  }
  const symmetric = perAxis(fn, 'padding', padding, nd, 0);
  return { autoPad: 'explicit', begin: symmetric, end: symmetric.slice() };
}

function checkShape(fn, what, shape, rank) {
  if (!Array.isArray(shape)) fail(fn, `${what}.shape must be an array of sizes, got ${describe(shape)}`);
  if (rank !== undefined && shape.length !== rank) {
    const layout = { 3: '(N, C, L)', 4: '(N, C, H, W)', 5: '(N, C, D, H, W)' }[rank];
    fail(fn, `${what} must have rank ${rank} ${layout}, got shape ${describe(shape)}`);
  }
  let count = 1;
  for (let i = 0; i < shape.length; i++) {  // not forEach: it skips holes ([1, , 6, 6])
    const v = shape[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      fail(fn, `${what}.shape[${i}] must be a positive integer, got ${describe(v)}`);
    }
    count *= v;
  }
  return count;
}

function checkTensor(fn, what, t, rank) {
  if (tensorState(t)) {
    fail(fn, `${what} must be a tensor { data: Float32Array, shape: number[] }; a wasm tensor (createTensor) is accepted only as an input`);
  }
  if (t === null || typeof t !== 'object') {
    fail(fn, `${what} must be a tensor { data: Float32Array, shape: number[] }, got ${describe(t)}`);
  }
  if (!(t.data instanceof Float32Array)) {
    fail(fn, `${what}.data must be a Float32Array, got ${describe(t.data)}`);
  }
  const count = checkShape(fn, what, t.shape, rank);
  if (t.data.length !== count) {
    fail(fn, `${what}.data has ${t.data.length} values but shape ${describe(t.shape)} needs ${count}`);
  }
}

function checkKeys(fn, options, allowed) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail(fn, `options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (options[key] !== undefined && !allowed.includes(key)) {
      fail(fn, `unknown option ${describe(key)} (options are ${allowed.join(', ')})`);
    }
  }
}

// Turns (op, shapes, options) into the request object of bindings/embind.cc.
// `bias: true` (count a bias without data) is accepted only by the shape helpers.
function buildRequest(fn, spec, xShape, wShape, options, { biasFlag = false } = {}) {
  const { op, nd } = spec;
  const transposed = op === 'convTranspose';
  checkKeys(fn, options, transposed ? TRANSPOSE_OPTIONS : CONV_OPTIONS);
  const padding = parsePadding(fn, options.padding, nd);
  let biasLength = -1;
  if (options.bias !== undefined && options.bias !== null && options.bias !== false) {
    if (options.bias === true && biasFlag) {
      biasLength = transposed ? (wShape[1] ?? 0) * (options.groups ?? 1) : (wShape[0] ?? 0);
    } else if (options.bias instanceof Float32Array) {
      biasLength = options.bias.length;
    } else {
      fail(fn, `bias must be a Float32Array, got ${describe(options.bias)}`);
    }
  }
  const paddingMode = options.paddingMode ?? 'zeros';
  if (!PADDING_MODES.includes(paddingMode)) {
    fail(fn, `paddingMode ${describe(paddingMode)} is not one of ${PADDING_MODES.map((m) => `'${m}'`).join(', ')}`);
  }
  let outputShape = null;
  if (transposed && options.outputShape !== undefined && options.outputShape !== null) {
    outputShape = perAxis(fn, 'outputShape', options.outputShape, nd, 1);
    if (options.padding !== undefined && typeof options.padding !== 'string') {
      const nonzero = padding.begin.some((v) => v !== 0) || padding.end.some((v) => v !== 0);
      if (nonzero) fail(fn, 'padding and outputShape cannot both be given: the padding is derived from the output shape');
    }
  }
  return {
    op,
    spatialDims: nd,
    xShape,
    wShape,
    biasLength,
    stride: perAxis(fn, 'stride', options.stride, nd, 1),
    dilation: perAxis(fn, 'dilation', options.dilation, nd, 1),
    padBegin: padding.begin,
    padEnd: padding.end,
    autoPad: padding.autoPad,
    groups: options.groups === undefined ? 1 : checkInteger(fn, 'groups', options.groups),
    paddingMode,
    outputPadding: transposed ? perAxis(fn, 'outputPadding', options.outputPadding, nd, 0) : new Array(nd).fill(0),
    outputShape,
  };
}

export function createApi(module, { simd, relaxed = false }) {
  const buildName = relaxed ? 'relaxed-SIMD' : simd ? 'SIMD' : 'scalar';
  // wasm memory can grow (and move) on any allocation: always read the current views.
  const heapF32 = () => module.HEAPF32;

  // Layers that are garbage-collected without dispose() still free their wasm memory.
  const finalizer =
    typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((layer) => layer.delete()) : null;

  let memoryLimit = 0;

  function malloc(fn, floats) {
    const bytes = floats * 4;
    if (memoryLimit && module.heapUsed() + bytes > memoryLimit) {
      fail(fn, `allocating ${(bytes / 1048576).toFixed(1)} MiB would exceed the memory limit of ${(memoryLimit / 1048576).toFixed(1)} MiB (setMemoryLimit)`, 'out_of_memory');
    }
    const ptr = bytes > 0x7fffffff ? 0 : module._malloc(Math.max(bytes, 4));
    if (!ptr) {
      fail(fn, `out of memory: cannot allocate ${(bytes / 1048576).toFixed(1)} MiB in wasm memory`, 'out_of_memory');
    }
    return ptr;
  }

  // Runs `body(alloc)`; every buffer obtained through alloc() is freed afterwards.
  function withBuffers(fn, body) {
    const owned = [];
    try {
      return body((floats, init) => {
        const ptr = malloc(fn, floats);
        owned.push(ptr);
        if (init) heapF32().set(init, ptr >>> 2);
        return ptr;
      });
    } finally {
      for (const ptr of owned) module._free(ptr);
    }
  }

  // The input of a call: a { data, shape } tensor (copied in per call) or a tensor of this
  // module made by createTensor (read in place: `ptr` is its heap byte offset).
  function inputOf(fn, x, rank) {
    const state = tensorState(x);
    if (!state) {
      checkTensor(fn, 'input', x, rank);
      return { shape: x.shape, data: x.data, ptr: 0 };
    }
    if (state.module !== module) {
      fail(fn, `input is a tensor of the other wasmconv build (this is the ${buildName} one): create it with this build's createTensor`);
    }
    if (state.disposed) fail(fn, 'input is a tensor that was disposed');
    checkShape(fn, 'input', state.shape, rank);
    return { shape: state.shape, data: null, ptr: state.ptr };
  }

  // Where a call's result goes: `output` undefined (a new array), a caller's Float32Array of
  // exactly `count` values (copied into), or a tensor of this module made by createTensor
  // whose shape is the output's (written in place: `ptr` is its heap byte offset, and the
  // call returns the tensor). A tensor output cannot be the call's input: the kernels read
  // their input while they write.
  function outputOf(fn, output, count, shape, input) {
    if (output === undefined) return { array: undefined, tensor: null, ptr: 0 };
    const state = tensorState(output);
    if (state) {
      if (state.module !== module) {
        fail(fn, `output is a tensor of the other wasmconv build (this is the ${buildName} one): create it with this build's createTensor`);
      }
      if (state.disposed) fail(fn, 'output is a tensor that was disposed');
      if (state.shape.length !== shape.length || state.shape.some((d, i) => d !== shape[i])) {
        fail(fn, `output is a tensor of shape ${describe(state.shape)} but the output shape is ${describe(shape)}`);
      }
      if (input.ptr === state.ptr) fail(fn, 'output is the input tensor: a convolution cannot overwrite its own input; use a second tensor');
      return { array: undefined, tensor: output, ptr: state.ptr };
    }
    if (!(output instanceof Float32Array)) {
      fail(fn, `output must be a Float32Array or a tensor made by createTensor, got ${describe(output)}`);
    }
    if (output.length !== count) {
      fail(fn, `output has ${output.length} values but the output shape ${describe(shape)} needs ${count}`);
    }
    return { array: output, tensor: null, ptr: 0 };
  }

  // The result: the output tensor itself, or copied into the output array (no allocation;
  // a subarray is a view, not a copy), else into a new array. HEAPF32 is read after the
  // run, which may have grown memory.
  function readOut(yPtr, count, out, shape) {
    if (out.tensor) return out.tensor;
    const at = yPtr >>> 2;
    if (out.array === undefined) return { data: heapF32().slice(at, at + count), shape };
    out.array.set(heapF32().subarray(at, at + count));
    return { data: out.array, shape };
  }

  function check(fn, result) {
    if (result && result.error !== undefined) fail(fn, result.error, result.code);
    return result;
  }

  function backendOf(fn, options) {
    const backend = options.backend ?? 'auto';
    if (!BACKENDS.includes(backend)) fail(fn, `backend ${describe(backend)} is not one of 'auto', 'reference', 'simd'`);
    return backend;
  }

  function compute(fn, spec, x, w, options = {}) {
    // `output` is a run option, not one of the op's: taken out before the op's are checked.
    let output;
    if (options !== null && typeof options === 'object' && options.output !== undefined) {
      ({ output, ...options } = options);
    }
    const input = inputOf(fn, x, spec.nd + 2);
    checkTensor(fn, 'weight', w, spec.nd + 2);
    const req = buildRequest(fn, spec, input.shape, w.shape, options);
    const backend = backendOf(fn, options);
    const plan = check(fn, module.plan(req));
    const out = outputOf(fn, output, plan.outputSize, plan.outputShape, input);
    return withBuffers(fn, (alloc) => {
      const xPtr = input.ptr || alloc(input.data.length, input.data);
      const wPtr = alloc(w.data.length, w.data);
      const bPtr = req.biasLength >= 0 ? alloc(options.bias.length, options.bias) : 0;
      const yPtr = out.ptr || alloc(plan.outputSize);
      check(fn, module.run(req, xPtr, wPtr, bPtr, yPtr, backend));
      return readOut(yPtr, plan.outputSize, out, plan.outputShape);
    });
  }

  function opSpec(fn, name) {
    const spec = OPS[name];
    if (!spec) fail(fn, `unknown op ${describe(name)} (one of ${Object.keys(OPS).join(', ')})`);
    return spec;
  }

  // Plans without data: shapes are checked, options parsed, nothing allocated.
  function planShapes(fn, name, xShape, wShape, options = {}) {
    const spec = opSpec(fn, name);
    checkShape(fn, 'input', xShape, spec.nd + 2);
    checkShape(fn, 'weight', wShape, spec.nd + 2);
    return check(fn, module.plan(buildRequest(fn, spec, xShape, wShape, options, { biasFlag: true })));
  }

  function createLayer(fn, spec, w, options = {}) {
    checkTensor(fn, 'weight', w, spec.nd + 2);
    if (options.backend !== undefined) fail(fn, 'layers always run the fast kernels; backend is not an option here');
    const req = buildRequest(fn, spec, [], w.shape, options);
    const layer = new module.Layer();
    try {
      withBuffers(fn, (alloc) => {
        const wPtr = alloc(w.data.length, w.data);
        const bPtr = req.biasLength >= 0 ? alloc(options.bias.length, options.bias) : 0;
        check(fn, layer.init(req, wPtr, bPtr));
      });
    } catch (e) {
      layer.delete();
      throw e;
    }
    let disposed = false;
    let lastKey = null;
    let lastPlan = null;
    const alive = (what) => {
      if (disposed) fail(fn, `${what} called after dispose()`);
    };
    const handle = {
      outputShape(xShape) {
        alive('outputShape');
        checkShape(fn, 'input', xShape, spec.nd + 2);
        return check(fn, layer.plan(xShape)).outputShape;
      },
      run(x, options) {
        alive('run');
        const input = inputOf(fn, x, spec.nd + 2);
        let output;
        if (options !== undefined) {
          checkKeys(fn, options, ['output']);
          output = options.output;
        }
        // Layers usually run on one input size over and over: planning it again (an Embind
        // round trip that builds the geometry object, ~8 us, a fifth of the call's fixed cost)
        // is skipped when the shape repeats. The C++ run still validates the shape itself.
        const key = input.shape.join(',');
        if (key !== lastKey) {
          lastPlan = check(fn, layer.plan(input.shape));
          lastKey = key;
        }
        const plan = lastPlan;
        const out = outputOf(fn, output, plan.outputSize, plan.outputShape, input);
        return withBuffers(fn, (alloc) => {
          const xPtr = input.ptr || alloc(input.data.length, input.data);
          const yPtr = out.ptr || alloc(plan.outputSize);
          check(fn, layer.run(input.shape, xPtr, yPtr));
          return readOut(yPtr, plan.outputSize, out, plan.outputShape.slice());
        });
      },
      dispose() {
        alive('dispose');
        disposed = true;
        finalizer?.unregister(handle);
        layer.delete();
      },
    };
    finalizer?.register(handle, layer, handle);
    return handle;
  }

  const api = {
    simd,
    relaxed,
    arch: module.simdArch(),
    /** Bytes of wasm memory reserved (`heapBytes`) and allocated on its heap (`usedBytes`). */
    memoryUsage: () => ({ heapBytes: module.HEAPU8.length, usedBytes: module.heapUsed(), limitBytes: memoryLimit }),
    /** Caps the heap bytes this module instance may hold (0 removes the cap). */
    setMemoryLimit(bytes) {
      if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
        fail('setMemoryLimit', `bytes must be a non-negative integer, got ${describe(bytes)}`);
      }
      memoryLimit = bytes;
      module.setMemoryLimit(bytes);
    },
    /** A tensor in wasm memory: `data` copied in once, then read in place by every call. */
    createTensor(data, shape) {
      const fn = 'createTensor';
      if (!(data instanceof Float32Array)) fail(fn, `data must be a Float32Array, got ${describe(data)}`);
      const count = checkShape(fn, 'tensor', shape);
      if (data.length !== count) fail(fn, `data has ${data.length} values but shape ${describe(shape)} needs ${count}`);
      const ptr = malloc(fn, count);
      heapF32().set(data, ptr >>> 2);
      return wrapTensor(module, ptr, count, shape, { fail, describe });
    },
    outputShape: (name, xShape, wShape, options) =>
      planShapes('outputShape', name, xShape, wShape, options).outputShape,
    macs: (name, xShape, wShape, options) => planShapes('macs', name, xShape, wShape, options).macs,
    // The geometry stores a transposed op's output padding folded into its end padding
    // (end - output_padding): added back here, so the result is the padding that, with the
    // same outputPadding, gives the same op. From outputShape it may be negative.
    padding(name, xShape, wShape, options = {}) {
      const plan = planShapes('padding', name, xShape, wShape, options);
      const spec = OPS[name];
      const extra = spec.op === 'convTranspose' ? perAxis('padding', 'outputPadding', options.outputPadding, spec.nd, 0) : null;
      return { begin: plan.padBegin, end: plan.padEnd.map((e, a) => e + (extra ? extra[a] : 0)) };
    },
    paramCount(name, wShape, options = {}) {
      const fn = 'paramCount';
      const spec = opSpec(fn, name);
      checkShape(fn, 'weight', wShape, spec.nd + 2);
      checkKeys(fn, options, ['groups', 'bias']);
      const groups = options.groups === undefined ? 1 : checkInteger(fn, 'groups', options.groups);
      // Parameters do not depend on the input: plan with a one-pixel input of the right
      // channel count (padded for conv so that any kernel fits).
      const channels = spec.op === 'conv' ? wShape[1] * groups : wShape[0];
      const xShape = [1, channels, ...wShape.slice(2).map(() => 1)];
      const padding = spec.op === 'conv' ? wShape.slice(2) : undefined;
      return planShapes(fn, name, xShape, wShape, { groups, bias: options.bias, padding }).paramCount;
    },
    receptiveField(layers) {
      const fn = 'receptiveField';
      if (!Array.isArray(layers)) fail(fn, `layers must be an array, got ${describe(layers)}`);
      const specs = layers.map((l, i) => {
        if (l === null || typeof l !== 'object') fail(fn, `layers[${i}] must be an object, got ${describe(l)}`);
        checkKeys(fn, l, ['kernel', 'stride', 'dilation', 'transposed']);
        if (l.transposed !== undefined && typeof l.transposed !== 'boolean') {
          fail(fn, `layers[${i}].transposed must be a boolean, got ${describe(l.transposed)}`);
        }
        const spec = {
          kernel: checkInteger(fn, `layers[${i}].kernel`, l.kernel),
          stride: l.stride === undefined ? 1 : checkInteger(fn, `layers[${i}].stride`, l.stride),
          dilation: l.dilation === undefined ? 1 : checkInteger(fn, `layers[${i}].dilation`, l.dilation),
          transposed: l.transposed === true,
        };
        // The range plan_conv allows for sizes, strides and dilations. receptive_field()
        // has no validation of its own, and dilation * (kernel - 1) must not overflow int64.
        for (const key of ['kernel', 'stride', 'dilation']) {
          if (spec[key] < 1 || spec[key] > MAX_DIM) {
            fail(fn, `layers[${i}].${key} must be an integer from 1 to ${MAX_DIM}, got ${spec[key]}`);
          }
        }
        return spec;
      });
      return module.receptiveField(specs);
    },
    convMatrix(name, xShape, w, options = {}) {
      const fn = 'convMatrix';
      const spec = opSpec(fn, name);
      checkShape(fn, 'input', xShape, spec.nd + 2);
      checkTensor(fn, 'weight', w, spec.nd + 2);
      const req = buildRequest(fn, spec, xShape, w.shape, { ...options, bias: undefined });
      const plan = check(fn, module.plan(req));
      const rows = plan.outputSize;
      const cols = xShape.reduce((a, b) => a * b, 1);
      if (rows * cols > 1 << 22) {
        fail(fn, `the convolution matrix would be ${rows} x ${cols}, more than ${1 << 22} entries`);
      }
      return withBuffers(fn, (alloc) => {
        const wPtr = alloc(w.data.length, w.data);
        const mPtr = alloc(rows * cols);
        check(fn, module.convMatrix(req, wPtr, mPtr));
        return { data: heapF32().slice(mPtr >>> 2, (mPtr >>> 2) + rows * cols), rows, cols };
      });
    },
  };
  for (const [name, spec] of Object.entries(OPS)) {
    api[name] = (x, w, options) => compute(name, spec, x, w, options);
    const create = `create${name[0].toUpperCase()}${name.slice(1)}`;
    api[create] = (w, options) => createLayer(create, spec, w, options);
  }
  return api;
}

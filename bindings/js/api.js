// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The public JavaScript API, built over an instantiated Emscripten module. This file turns
// JS values into the request the C++ side expects (option shorthands expanded per axis,
// tensors copied into wasm memory unless they already live there, see tensor.js) and results
// back into owned Float32Arrays (new ones, or the caller's `output`), unless the output is
// a wasm tensor, which the kernels write in place. It checks
// only what C++ cannot see (JS types, safe integers, data length); every semantic rule is
// checked once, in C++ (src/core/plan.cc), whose message is passed on verbatim. PyTorch's
// unbatched input ([C, spatial...]) is the one form handled here alone: it is sent as a
// batch of 1, and the batch axis is dropped from the result's shape.
import { parseActivation } from './activation.js';
import { imageFunctions } from './image.js';
import { parseDataLayout, parseWeightLayout, weightInput } from './layout.js';
import { WasmconvError } from './error.js';
import { tensorState, wrapTensor } from './tensor.js';

export { WasmconvError };

const OPS = {
  conv1d: { op: 'conv', nd: 1 },
  conv2d: { op: 'conv', nd: 2 },
  conv3d: { op: 'conv', nd: 3 },
  convTranspose1d: { op: 'convTranspose', nd: 1 },
  convTranspose2d: { op: 'convTranspose', nd: 2 },
  convTranspose3d: { op: 'convTranspose', nd: 3 },
};

const CONV_OPTIONS = ['bias', 'stride', 'padding', 'dilation', 'groups', 'paddingMode', 'activation', 'backend', 'weightLayout', 'layout'];
// paddingMode is accepted on transposed ops too, where C++ allows only 'zeros' (PyTorch's
// default there, which code ported from PyTorch may spell out) and says so for the others.
const TRANSPOSE_OPTIONS = ['bias', 'stride', 'padding', 'dilation', 'groups', 'paddingMode',
  'outputPadding', 'outputShape', 'activation', 'backend', 'weightLayout', 'layout'];
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

// An option parsed by `parse` (activation.js, layout.js: it returns { value } or { error }):
// its value, or the error thrown. `activation` gives the request's { kind, min, max, alpha }
// or null, `weightLayout` 'oihw' or 'hwio', `layout` (the data's) 'nchw' or 'nhwc' (undefined
// in the blog embed, which leaves layout.js out: C++ reads an absent layout as 'nchw').
function optionOf(fn, parse, value) {
  const parsed = parse(value, describe);
  if (parsed.error) fail(fn, parsed.error);
  return parsed.value;
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


const SPATIAL_AXES = { 1: 'L', 2: 'H, W', 3: 'D, H, W' };
const KERNEL_AXES = { 1: 'kL', 2: 'kH, kW', 3: 'kD, kH, kW' };

function checkArray(fn, what, shape) {
  if (!Array.isArray(shape)) fail(fn, `${what}.shape must be an array of sizes, got ${describe(shape)}`);
}

// The product of a shape's sizes, which are positive integers; `mayBeEmpty(i)` says where 0
// is allowed too (an input's batch, any axis of a createTensor tensor): a tensor of no values.
function checkSizes(fn, what, shape, mayBeEmpty = () => false) {
  let count = 1;
  for (let i = 0; i < shape.length; i++) {  // not forEach: it skips holes ([1, , 6, 6])
    const v = shape[i];
    const lo = mayBeEmpty(i) ? 0 : 1;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < lo) {
      fail(fn, `${what}.shape[${i}] must be a ${lo ? 'positive' : 'non-negative'} integer, got ${describe(v)}`);
    }
    count *= v;
  }
  return count;
}

// An input shape: [N, C, spatial...], or unbatched [C, spatial...] as in PyTorch, which runs
// as a batch of 1 whose result drops the batch axis again ('nhwc': [N, spatial..., C] or
// [spatial..., C]). N may be 0: C++ checks the rest as for N = 1 and the result is empty.
// Returns the batched shape for C++.
function checkInputShape(fn, shape, nd, layout) {
  checkArray(fn, 'input', shape);
  if (shape.length !== nd + 2 && shape.length !== nd + 1) {
    const axes = layout === 'nhwc' ? `${SPATIAL_AXES[nd]}, C` : `C, ${SPATIAL_AXES[nd]}`;
    fail(fn, `input must have rank ${nd + 2} (N, ${axes}) or ${nd + 1} (${axes}), got shape ${describe(shape)}`);
  }
  const unbatched = shape.length === nd + 1;
  const count = checkSizes(fn, 'input', shape, (i) => !unbatched && i === 0);
  return { shape: unbatched ? [1, ...shape] : shape, unbatched, count };
}

// `layout` is the caller's weightLayout option (checked later): its axes name the rank error.
function checkWeightShape(fn, spec, shape, layout) {
  checkArray(fn, 'weight', shape);
  if (shape.length !== spec.nd + 2) {
    const channels = spec.op === 'conv' ? ['C_out', 'C_in / groups'] : ['C_in', 'C_out / groups'];
    const axes = layout === 'hwio' ? [KERNEL_AXES[spec.nd], channels[1], channels[0]] : [...channels, KERNEL_AXES[spec.nd]];
    fail(fn, `weight must have rank ${spec.nd + 2} (${axes.join(', ')}), got shape ${describe(shape)}`);
  }
  return { count: checkSizes(fn, 'weight', shape) };
}

// The shape a result has for the caller: unbatched for an unbatched input.
function resultShape(input, batchedShape) {
  return input.unbatched ? batchedShape.slice(1) : batchedShape.slice();
}

// Checks a { data, shape } tensor; `checkShapeOf(shape)` checks the shape and returns an
// object with its value `count`, which is returned.
function checkTensor(fn, what, t, checkShapeOf) {
  if (tensorState(t)) {
    fail(fn, `${what} must be a tensor { data: Float32Array, shape: number[] }; a wasm tensor (createTensor) is accepted only as an input`);
  }
  if (t === null || typeof t !== 'object') {
    fail(fn, `${what} must be a tensor { data: Float32Array, shape: number[] }, got ${describe(t)}`);
  }
  if (!(t.data instanceof Float32Array)) {
    fail(fn, `${what}.data must be a Float32Array, got ${describe(t.data)}`);
  }
  const checked = checkShapeOf(t.shape);
  if (t.data.length !== checked.count) {
    fail(fn, `${what}.data has ${t.data.length} values but shape ${describe(t.shape)} needs ${checked.count}`);
  }
  return checked;
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
      biasLength = -2;  // as many as the output channels, which C++ plans (bindings/embind.cc)
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
    activation: optionOf(fn, parseActivation, options.activation),
    weightLayout: optionOf(fn, parseWeightLayout, options.weightLayout),
    layout: optionOf(fn, parseDataLayout, options.layout),
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
  // module made by createTensor (read in place: `ptr` is its heap byte offset). `shape` is
  // batched (see checkInputShape); `unbatched` says whether the caller's was.
  function inputOf(fn, x, nd, layout) {
    const state = tensorState(x);
    if (!state) {
      const { shape, unbatched } = checkTensor(fn, 'input', x, (s) => checkInputShape(fn, s, nd, layout));
      return { shape, unbatched, data: x.data, ptr: 0 };
    }
    if (state.module !== module) {
      fail(fn, `input is a tensor of the other wasmconv build (this is the ${buildName} one): create it with this build's createTensor`);
    }
    if (state.disposed) fail(fn, 'input is a tensor that was disposed');
    const { shape, unbatched } = checkInputShape(fn, state.shape, nd, layout);
    return { shape, unbatched, data: null, ptr: state.ptr };
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

  // The residual added before the activation, of the output's shape: a Float32Array of
  // exactly `count` values, a { data, shape } tensor or a tensor of this module (read in
  // place: `ptr`); none when undefined or null. It cannot be the output tensor, which the
  // kernels write before the residual is read (the input tensor is fine).
  function residualOf(fn, residual, count, shape, out) {
    if (residual === undefined || residual === null) return { data: null, ptr: 0 };
    const state = tensorState(residual);
    const sameShape = (s) => s.length === shape.length && s.every((d, i) => d === shape[i]);
    if (state) {
      if (state.module !== module) {
        fail(fn, `residual is a tensor of the other wasmconv build (this is the ${buildName} one): create it with this build's createTensor`);
      }
      if (state.disposed) fail(fn, 'residual is a tensor that was disposed');
      if (!sameShape(state.shape)) {
        fail(fn, `residual is a tensor of shape ${describe(state.shape)} but the output shape is ${describe(shape)}`);
      }
      if (out.ptr && out.ptr === state.ptr) {
        fail(fn, 'residual is the output tensor: the output is written before the residual is added; use a second tensor');
      }
      return { data: null, ptr: state.ptr };
    }
    if (residual instanceof Float32Array) {
      if (residual.length !== count) {
        fail(fn, `residual has ${residual.length} values but the output shape ${describe(shape)} needs ${count}`);
      }
      return { data: residual, ptr: 0 };
    }
    if (typeof residual === 'object' && residual.data instanceof Float32Array && Array.isArray(residual.shape)) {
      if (!sameShape(residual.shape)) {
        fail(fn, `residual has shape ${describe(residual.shape)} but the output shape is ${describe(shape)}`);
      }
      if (residual.data.length !== count) {
        fail(fn, `residual.data has ${residual.data.length} values but shape ${describe(shape)} needs ${count}`);
      }
      return { data: residual.data, ptr: 0 };
    }
    return fail(fn, `residual must be a Float32Array, a tensor { data, shape } or a tensor made by createTensor, of the output shape ${describe(shape)}, got ${describe(residual)}`);
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
    // `output` and `residual` are run options, not the op's: taken out before the op's are checked.
    let output;
    let residual;
    if (options !== null && typeof options === 'object' && (options.output !== undefined || options.residual !== undefined)) {
      ({ output, residual, ...options } = options);
    }
    const input = inputOf(fn, x, spec.nd, options?.layout);
    checkTensor(fn, 'weight', w, (s) => checkWeightShape(fn, spec, s, options?.weightLayout));
    const req = buildRequest(fn, spec, input.shape, w.shape, options);
    const backend = backendOf(fn, options);
    const plan = check(fn, module.plan(req));
    const shape = resultShape(input, plan.outputShape);
    const out = outputOf(fn, output, plan.outputSize, shape, input);
    const res = residualOf(fn, residual, plan.outputSize, shape, out);
    return withBuffers(fn, (alloc) => {
      const xPtr = input.ptr || alloc(input.data.length, input.data);
      const wPtr = alloc(w.data.length, w.data);
      const bPtr = req.biasLength >= 0 ? alloc(options.bias.length, options.bias) : 0;
      const rPtr = res.ptr || (res.data ? alloc(res.data.length, res.data) : 0);
      const yPtr = out.ptr || alloc(plan.outputSize);
      check(fn, module.run(req, xPtr, wPtr, bPtr, rPtr, yPtr, backend));
      return readOut(yPtr, plan.outputSize, out, shape);
    });
  }

  function opSpec(fn, name) {
    const spec = OPS[name];
    if (!spec) fail(fn, `unknown op ${describe(name)} (one of ${Object.keys(OPS).join(', ')})`);
    return spec;
  }

  // Plans without data: shapes are checked, options parsed, nothing allocated. An unbatched
  // xShape gives an unbatched outputShape.
  function planShapes(fn, name, xShape, wShape, options = {}) {
    const spec = opSpec(fn, name);
    const input = checkInputShape(fn, xShape, spec.nd, options?.layout);
    checkWeightShape(fn, spec, wShape, options?.weightLayout);
    const plan = check(fn, module.plan(buildRequest(fn, spec, input.shape, wShape, options, { biasFlag: true })));
    return { ...plan, outputShape: resultShape(input, plan.outputShape) };
  }

  function createLayer(fn, spec, w, options = {}) {
    checkTensor(fn, 'weight', w, (s) => checkWeightShape(fn, spec, s, options?.weightLayout));
    if (options.backend !== undefined) fail(fn, 'layers always run the fast kernels; backend is not an option here');
    const req = buildRequest(fn, spec, [], w.shape, options);
    const { layout } = req;
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
        const input = checkInputShape(fn, xShape, spec.nd, layout);
        return resultShape(input, check(fn, layer.plan(input.shape)).outputShape);
      },
      run(x, options) {
        alive('run');
        const input = inputOf(fn, x, spec.nd, layout);
        let output;
        let residual;
        if (options !== undefined) {
          checkKeys(fn, options, ['output', 'residual']);
          ({ output, residual } = options);
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
        const shape = resultShape(input, plan.outputShape);
        const out = outputOf(fn, output, plan.outputSize, shape, input);
        const res = residualOf(fn, residual, plan.outputSize, shape, out);
        return withBuffers(fn, (alloc) => {
          const xPtr = input.ptr || alloc(input.data.length, input.data);
          const rPtr = res.ptr || (res.data ? alloc(res.data.length, res.data) : 0);
          const yPtr = out.ptr || alloc(plan.outputSize);
          check(fn, layer.run(input.shape, xPtr, rPtr, yPtr));
          return readOut(yPtr, plan.outputSize, out, shape);
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
    threads: module.threadCount(),
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
      checkArray(fn, 'tensor', shape);
      // Any size may be 0 (a tensor of no values), e.g. the input or output of an empty batch.
      const count = checkSizes(fn, 'tensor', shape, () => true);
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
      checkWeightShape(fn, spec, wShape, options?.weightLayout);
      checkKeys(fn, options, ['groups', 'bias', 'weightLayout']);
      const groups = options.groups === undefined ? 1 : checkInteger(fn, 'groups', options.groups);
      const { weightLayout } = options;
      // Parameters do not depend on the input: plan with a one-pixel input of the channel
      // count the weight implies (padded for conv so that any kernel fits).
      const [channels, ...kernel] = weightInput(spec.op === 'conv', wShape, groups, optionOf(fn, parseWeightLayout, weightLayout) === 'hwio');
      const xShape = [1, channels, ...kernel.map(() => 1)];
      const padding = spec.op === 'conv' ? kernel : undefined;
      return planShapes(fn, name, xShape, wShape, { groups, bias: options.bias, padding, weightLayout }).paramCount;
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
      const input = checkInputShape(fn, xShape, spec.nd, options?.layout);
      checkTensor(fn, 'weight', w, (s) => checkWeightShape(fn, spec, s, options?.weightLayout));
      if (options !== null && typeof options === 'object' && options.activation !== undefined) {
        fail(fn, 'activation is not an option here: the matrix is of the linear map (bias and activation excluded)');
      }
      const req = buildRequest(fn, spec, input.shape, w.shape, { ...options, bias: undefined });
      const plan = check(fn, module.plan(req));
      const rows = plan.outputSize;
      const cols = input.count;
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
  // fromImage and toImageData (image.js).
  Object.assign(api, imageFunctions({ module, buildName, fail, describe, malloc, withBuffers, checkKeys }));
  return api;
}

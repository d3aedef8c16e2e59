// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Images in and out: `wc.fromImage(source, options)` (pixels to a float tensor) and
// `wc.toImageData(tensor, options)` (a tensor back to RGBA bytes). The per-pixel work is
// C++ (src/image/image_convert.cc, SIMD); this file reads the source's bytes (browser
// sources through a 2-D canvas's getImageData), checks what C++ cannot see (JS types,
// option names, array lengths, shapes), copies bytes or floats in and the result out.
// The numbers themselves (scale > 0, std > 0, finite means, sizes) are checked once, in
// C++, before the buffers are allocated, and its message is passed on verbatim.
// A module of its own so that the blog embed, whose figures convert no images, leaves it
// out (scripts/build-embed.mjs).
import { tensorState, wrapTensor } from './tensor.js';

const CHANNELS = { gray: 1, rgb: 3, rgba: 4 };
const CHANNEL_NAMES = { 1: 'gray', 3: 'rgb', 4: 'rgba' };
const CHANNEL_AXES = { 1: '(gray)', 3: '(R, G, B)', 4: '(R, G, B, A)' };
const LAYOUTS = ['nchw', 'nhwc'];
const LUMAS = ['bt601', 'bt709'];
const FROM_OPTIONS = ['channels', 'layout', 'scale', 'mean', 'std', 'luma', 'tensor', 'output'];
const TO_OPTIONS = ['layout', 'scale', 'mean', 'std', 'normalize', 'index', 'output'];
const DEFAULT_SCALE = 1 / 255;

// Browser sources drawn onto a canvas to read their pixels, with how to find their size and
// whether they hold a picture yet (an error message when not).
const DRAWABLES = [
  ['HTMLImageElement', (s) => [s.naturalWidth, s.naturalHeight],
    (s) => (!s.complete || s.naturalWidth === 0 ? 'the image has not loaded (or failed to load): await img.decode() first' : '')],
  ['HTMLVideoElement', (s) => [s.videoWidth, s.videoHeight],
    (s) => (s.readyState < 2 ? `the video has no frame yet (readyState ${s.readyState}): wait for its 'loadeddata' event` : '')],
  ['HTMLCanvasElement', (s) => [s.width, s.height], () => ''],
  ['OffscreenCanvas', (s) => [s.width, s.height], () => ''],
  ['ImageBitmap', (s) => [s.width, s.height], (s) => (s.width === 0 ? 'the ImageBitmap is closed (or empty)' : '')],
  ['VideoFrame', (s) => [s.displayWidth, s.displayHeight], (s) => (s.format === null ? 'the VideoFrame is closed' : '')],
];
const ACCEPTED = 'an ImageData, ImageBitmap, HTMLCanvasElement, OffscreenCanvas, HTMLImageElement, HTMLVideoElement, ' +
  'VideoFrame or { data: Uint8Array | Uint8ClampedArray, width, height, channels? }';

function instanceOf(value, name) {
  const ctor = globalThis[name];
  return typeof ctor === 'function' && value instanceof ctor;
}

const isBytes = (data) => data instanceof Uint8Array || data instanceof Uint8ClampedArray;
const isPositiveInteger = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/**
 * The image API over one instantiated module. `ctx` holds what api.js shares: the module,
 * the build's name, fail(fn, message, code), describe(value), malloc(fn, floats) (which
 * honours the memory limit), withBuffers(fn, body) and checkKeys(fn, options, allowed).
 */
export function imageFunctions({ module, buildName, fail, describe, malloc, withBuffers, checkKeys }) {
  // One scratch canvas to draw browser sources on, kept between calls (video frames come
  // one after another at the same size).
  let scratch = null;

  function canvasPixels(fn, source, width, height) {
    if (!scratch || scratch.canvas.width !== width || scratch.canvas.height !== height) {
      let canvas;
      if (typeof OffscreenCanvas === 'function') canvas = new OffscreenCanvas(width, height);
      else if (globalThis.document) canvas = Object.assign(document.createElement('canvas'), { width, height });
      else fail(fn, `reading a ${describe(source)} needs a canvas (OffscreenCanvas or document), which this environment lacks`);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) fail(fn, 'could not create a 2-D canvas context to read the source');
      scratch = { canvas, context };
    }
    const { context } = scratch;
    try {
      context.clearRect(0, 0, width, height);
      context.drawImage(source, 0, 0, width, height);
      return context.getImageData(0, 0, width, height).data;
    } catch (error) {
      if (error && error.name === 'SecurityError') {
        fail(fn, 'the source is cross-origin and its pixels cannot be read: serve it with ' +
          "Access-Control-Allow-Origin and set crossOrigin = 'anonymous' on the element before it loads");
      }
      return fail(fn, `could not read the ${describe(source)}'s pixels: ${error && error.message ? error.message : error}`);
    }
  }

  // The source as { data (bytes), width, height, channels }.
  function pixelsOf(fn, source) {
    if (source === null || typeof source !== 'object') fail(fn, `source must be ${ACCEPTED}, got ${describe(source)}`);
    if (instanceOf(source, 'ImageData')) {
      return { data: source.data, width: source.width, height: source.height, channels: 4 };
    }
    for (const [name, sizeOf, notReady] of DRAWABLES) {
      if (!instanceOf(source, name)) continue;
      const problem = notReady(source);
      if (problem) fail(fn, problem);
      const [width, height] = sizeOf(source);
      if (!(width >= 1 && height >= 1)) fail(fn, `the ${name} has no pixels (${width}x${height})`);
      return { data: canvasPixels(fn, source, width, height), width, height, channels: 4 };
    }
    if (!('data' in source)) fail(fn, `source must be ${ACCEPTED}, got ${describe(source)}`);
    const { data, width, height, channels = 4 } = source;
    if (!isBytes(data)) {
      const hint = data instanceof Float32Array ? ' (a float tensor needs no fromImage: use it as { data, shape })' : '';
      fail(fn, `source.data must be a Uint8Array or Uint8ClampedArray of bytes, got ${describe(data)}${hint}`);
    }
    if (!isPositiveInteger(width)) fail(fn, `source.width must be a positive integer, got ${describe(width)}`);
    if (!isPositiveInteger(height)) fail(fn, `source.height must be a positive integer, got ${describe(height)}`);
    if (!(channels in CHANNEL_NAMES)) {
      fail(fn, `source.channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got ${describe(channels)}`);
    }
    const need = width * height * channels;
    if (data.length !== need) {
      const fits = [1, 3, 4].find((c) => c !== channels && data.length === width * height * c);
      const hint = fits ? ` (it would fit channels: ${fits})` : '';
      fail(fn, `source.data has ${data.length} bytes but width ${width} x height ${height} x channels ${channels} needs ${need}${hint}`);
    }
    return { data, width, height, channels };
  }

  function oneOf(fn, what, value, allowed, fallback) {
    if (value === undefined) return fallback;
    if (allowed.includes(value)) return value;
    const lower = typeof value === 'string' ? value.toLowerCase() : '';
    const near = allowed.find((a) => a === lower) ?? (lower === 'grey' || lower === 'l' ? 'gray' : undefined) ??
      (typeof value === 'number' && CHANNEL_NAMES[value] && allowed.includes(CHANNEL_NAMES[value]) ? CHANNEL_NAMES[value] : undefined);
    const hint = near ? ` (did you mean '${near}'?)` : '';
    return fail(fn, `${what} must be ${allowed.map((a) => `'${a}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}, got ${describe(value)}${hint}`);
  }

  // mean or std: a number for every channel, or one per channel.
  function perChannel(fn, what, value, channels, fallback, channelsName) {
    if (value === undefined) return new Array(channels).fill(fallback);
    if (typeof value === 'number') return new Array(channels).fill(value);
    const list = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView)) ? Array.from(value) : null;
    if (!list) fail(fn, `${what} must be a number or an array of ${channels}, got ${describe(value)}`);
    if (list.length !== channels) {
      fail(fn, `${what} has ${list.length} entr${list.length === 1 ? 'y' : 'ies'} but ${channelsName} has ${channels} channel${channels === 1 ? '' : 's'} ${CHANNEL_AXES[channels]}: give one per channel, or one number for all`);
    }
    list.forEach((v, i) => {
      if (typeof v !== 'number') fail(fn, `${what}[${i}] must be a number, got ${describe(v)}`);
    });
    return list;
  }

  // scale, mean and std as the request's, for `channels` channels.
  function mapOf(fn, options, channels, channelsName) {
    const scale = options.scale ?? DEFAULT_SCALE;
    if (typeof scale !== 'number') fail(fn, `scale must be a number, got ${describe(scale)}`);
    return {
      scale,
      mean: perChannel(fn, 'mean', options.mean, channels, 0, channelsName),
      std: perChannel(fn, 'std', options.std, channels, 1, channelsName),
    };
  }

  function check(fn, result) {
    if (result && result.error !== undefined) fail(fn, result.error, result.code);
  }

  // The request as convertImage (bindings/embind.cc) reads it: doubles in wasm memory, in
  // the order of its ImageParam. Checked there at once (src 0), before the buffers exist.
  function requestIn(fn, alloc, r) {
    const values = [r.direction, r.width, r.height, r.sourceChannels ?? 0, r.channels,
      r.layout === 'nhwc' ? 1 : 0, r.luma === 'bt709' ? 1 : 0, r.normalize ? 1 : 0, r.scale];
    for (let c = 0; c < 4; c++) values.push(r.mean[c] ?? 0);
    for (let c = 0; c < 4; c++) values.push(r.std[c] ?? 1);
    const ptr = alloc(2 * values.length);  // floats: two per double (malloc aligns to 8)
    module.HEAPF64.set(values, ptr >>> 3);
    check(fn, module.convertImage(ptr, 0, 0));
    return ptr;
  }

  function sameBuild(fn, what, state) {
    if (state.module !== module) {
      fail(fn, `${what} is a tensor of the other wasmconv build (this is the ${buildName} one): create it with this build's createTensor`);
    }
    if (state.disposed) fail(fn, `${what} is a tensor that was disposed`);
  }

  function bytesOut(ptr, count) {
    // A copy (slice), as a Uint8ClampedArray over the copy's buffer: no second copy.
    return new Uint8ClampedArray(module.HEAPU8.slice(ptr, ptr + count).buffer);
  }

  function fromImage(source, options = {}) {
    const fn = 'fromImage';
    checkKeys(fn, options, FROM_OPTIONS);
    const src = pixelsOf(fn, source);
    const channelsName = oneOf(fn, 'channels', options.channels, Object.keys(CHANNELS), src.channels === 1 ? 'gray' : 'rgb');
    const channels = CHANNELS[channelsName];
    const layout = oneOf(fn, 'layout', options.layout, LAYOUTS, 'nchw');
    const luma = oneOf(fn, 'luma', options.luma, LUMAS, 'bt601');
    if (options.luma !== undefined && channels !== 1) {
      fail(fn, `luma weighs colours into gray: it applies only with channels: 'gray', not '${channelsName}'`);
    }
    if (options.tensor !== undefined && typeof options.tensor !== 'boolean') {
      fail(fn, `tensor must be true or false, got ${describe(options.tensor)}`);
    }
    const { width, height } = src;
    const shape = layout === 'nchw' ? [1, channels, height, width] : [1, height, width, channels];
    const req = { direction: 0, width, height, sourceChannels: src.channels, channels, layout, luma,
      ...mapOf(fn, options, channels, `channels '${channelsName}'`) };
    const count = width * height * channels;

    // Where the values go: a new tensor in wasm memory, the caller's output, or a new array.
    let outTensor = null;
    let outArray = null;
    const output = options.output;
    if (output !== undefined) {
      if (options.tensor) fail(fn, 'tensor: true and output cannot both be given: output already says where the values go');
      const state = tensorState(output);
      if (state) {
        sameBuild(fn, 'output', state);
        if (state.shape.length !== 4 || state.shape.some((d, i) => d !== shape[i])) {
          fail(fn, `output is a tensor of shape ${describe(state.shape)} but the image gives shape ${describe(shape)}`);
        }
        outTensor = output;
      } else if (output instanceof Float32Array) {
        if (output.length !== count) fail(fn, `output has ${output.length} values but the image gives ${count} (shape ${describe(shape)})`);
        outArray = output;
      } else {
        fail(fn, `output must be a Float32Array or a tensor made by createTensor, got ${describe(output)}`);
      }
    }
    let owned = 0;  // a new wasm tensor's memory, freed if the conversion fails
    try {
      const result = withBuffers(fn, (alloc) => {
        const params = requestIn(fn, alloc, req);
        const bytes = src.data;
        const srcPtr = alloc(Math.ceil(bytes.length / 4));
        // A Uint8Array view of the bytes (no copy), so that set() is a plain memory copy.
        module.HEAPU8.set(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), srcPtr);
        let dstPtr;
        if (outTensor) dstPtr = tensorState(outTensor).ptr;
        else if (options.tensor) dstPtr = owned = malloc(fn, count);
        else dstPtr = alloc(count);
        check(fn, module.convertImage(params, srcPtr, dstPtr));
        if (outTensor) return outTensor;
        if (options.tensor) return wrapTensor(module, dstPtr, count, shape, { fail, describe });
        const at = dstPtr >>> 2;
        if (outArray) {
          outArray.set(module.HEAPF32.subarray(at, at + count));
          return { data: outArray, shape };
        }
        return { data: module.HEAPF32.slice(at, at + count), shape };
      });
      owned = 0;
      return result;
    } finally {
      if (owned) module._free(owned);
    }
  }

  // The tensor's image: { shape, state (a wasm tensor's) or data, batch, channels, height, width }.
  function imageTensorOf(fn, tensor, layout) {
    const state = tensorState(tensor);
    let shape;
    if (state) {
      sameBuild(fn, 'tensor', state);
      shape = state.shape;
    } else {
      if (tensor === null || typeof tensor !== 'object' || !(tensor.data instanceof Float32Array)) {
        const hint = tensor && isBytes(tensor.data) ? ' (it holds bytes: it is an image already)' : '';
        fail(fn, `tensor must be a tensor { data: Float32Array, shape } or a tensor made by createTensor, got ${describe(tensor)}${hint}`);
      }
      shape = tensor.shape;
      if (!Array.isArray(shape)) fail(fn, `tensor.shape must be an array, got ${describe(shape)}`);
    }
    const forms = layout === 'nchw' ? '[N, C, H, W] or [C, H, W]' : '[N, H, W, C] or [H, W, C]';
    if (shape.length !== 3 && shape.length !== 4) {
      const hint = shape.length === 2 ? ': one channel of [H, W] is shape [1, H, W]' : '';
      fail(fn, `tensor must have rank 4 or 3 (${forms} for layout '${layout}'), got shape ${describe(shape)}${hint}`);
    }
    shape.forEach((d, i) => {
      if (!isPositiveInteger(d)) fail(fn, `tensor.shape[${i}] must be a positive integer, got ${describe(d)}`);
    });
    const full = shape.length === 4 ? shape : [1, ...shape];
    const [batch, channels, height, width] = layout === 'nchw' ? full : [full[0], full[3], full[1], full[2]];
    if (!(channels in CHANNEL_NAMES)) {
      const other = layout === 'nchw' ? full[3] : full[1];
      const hint = other in CHANNEL_NAMES
        ? `; it would fit layout '${layout === 'nchw' ? 'nhwc' : 'nchw'}' (${other} channels): pass that layout`
        : '';
      fail(fn, `tensor has ${channels} channels (shape ${describe(shape)}, layout '${layout}') but an image has 1 (gray), 3 (RGB) or 4 (RGBA)${hint}`);
    }
    if (!state) {
      const need = full.reduce((a, b) => a * b, 1);
      if (tensor.data.length !== need) fail(fn, `tensor.data has ${tensor.data.length} values but shape ${describe(shape)} needs ${need}`);
    }
    return { state, data: state ? null : tensor.data, batch, channels, height, width };
  }

  function toImageData(tensor, options = {}) {
    const fn = 'toImageData';
    checkKeys(fn, options, TO_OPTIONS);
    const layout = oneOf(fn, 'layout', options.layout, LAYOUTS, 'nchw');
    const image = imageTensorOf(fn, tensor, layout);
    const { batch, channels, width, height } = image;
    let index = 0;
    if (options.index !== undefined) {
      if (!Number.isSafeInteger(options.index) || options.index < 0 || options.index >= batch) {
        fail(fn, `index must be an integer from 0 to ${batch - 1} (the tensor's batch is ${batch}), got ${describe(options.index)}`);
      }
      index = options.index;
    } else if (batch > 1) {
      fail(fn, `tensor holds a batch of ${batch} images: pass index (0 to ${batch - 1}) to choose one`);
    }
    const normalize = options.normalize ?? false;
    if (typeof normalize !== 'boolean') fail(fn, `normalize must be true or false, got ${describe(normalize)}`);
    if (normalize && ['scale', 'mean', 'std'].some((k) => options[k] !== undefined)) {
      fail(fn, "normalize maps the tensor's own min..max to 0..255: leave out scale, mean and std");
    }
    const channelsName = `the tensor (shape ${describe(image.state ? image.state.shape : tensor.shape)})`;
    const req = { direction: 1, width, height, channels, layout, normalize, ...mapOf(fn, options, channels, channelsName) };

    const pixels = width * height;
    const output = options.output;
    if (output !== undefined) {
      if (output === null || typeof output !== 'object' || !(output.data instanceof Uint8ClampedArray)) {
        fail(fn, `output must be an ImageData or { data: Uint8ClampedArray, width, height }, got ${describe(output)}`);
      }
      if (output.width !== width || output.height !== height || output.data.length !== pixels * 4) {
        fail(fn, `output is ${describe(output.width)}x${describe(output.height)} (${output.data.length} bytes) but the image is ${width}x${height} (${pixels * 4} bytes)`);
      }
    }
    return withBuffers(fn, (alloc) => {
      const params = requestIn(fn, alloc, req);
      const count = pixels * channels;
      let srcPtr;
      if (image.state) {
        srcPtr = image.state.ptr + index * count * 4;
      } else {
        srcPtr = alloc(count);
        module.HEAPF32.set(image.data.subarray(index * count, (index + 1) * count), srcPtr >>> 2);
      }
      const dstPtr = alloc(pixels);  // pixels * 4 bytes
      check(fn, module.convertImage(params, srcPtr, dstPtr));
      if (output !== undefined) {
        new Uint8Array(output.data.buffer, output.data.byteOffset, pixels * 4).set(module.HEAPU8.subarray(dstPtr, dstPtr + pixels * 4));
        return output;
      }
      const data = bytesOut(dstPtr, pixels * 4);
      if (typeof ImageData === 'function') return new ImageData(data, width, height);
      return { data, width, height, colorSpace: 'srgb' };
    });
  }

  return { fromImage, toImageData };
}

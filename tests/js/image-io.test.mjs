// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Images in and out in Node: wc.fromImage on the plain { data, width, height, channels }
// source and wc.toImageData, every option, against a plain JavaScript computation that
// rounds to float after each operation as the wasm does (Math.fround), so values are
// compared exactly; exact round trips; tensor: true and output; every error message; the
// SIMD and scalar builds agree bit for bit; no call leaks wasm memory. The browser sources
// (ImageData, canvas, ImageBitmap, elements) are in tests/browser/image-io.test.mjs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { load, WasmconvError } from '../../bindings/js/node.js';
import { repoRoot } from './support/paths.mjs';
import { rng, seedFromEnv } from './support/random.mjs';

const simd = await load();
const scalar = await load({ simd: false });
const seed = seedFromEnv(20261207);
const random = rng(seed);
const f = Math.fround;

const BT601 = [0.299, 0.587, 0.114];
const BT709 = [0.2126, 0.7152, 0.0722];
const NAMES = { 1: 'gray', 3: 'rgb', 4: 'rgba' };

function bytes(n) {
  return Uint8Array.from({ length: n }, () => random.int(0, 255));
}

// Per-channel mean / std as the API takes them: a number, an array, or absent.
const expand = (v, c, fallback) => (v === undefined ? new Array(c).fill(fallback) : typeof v === 'number' ? new Array(c).fill(v) : Array.from(v));

// fromImage in plain JavaScript: value = byte * a + b in float, a = scale / std, b = -mean / std.
function jsFromImage({ data, width, height, channels: s = 4 }, options = {}) {
  const c = { gray: 1, rgb: 3, rgba: 4 }[options.channels ?? (s === 1 ? 'gray' : 'rgb')];
  const nhwc = options.layout === 'nhwc';
  const scale = options.scale ?? 1 / 255;
  const mean = expand(options.mean, c, 0);
  const std = expand(options.std, c, 1);
  const a = mean.map((_, k) => f(scale / std[k]));
  const b = mean.map((m, k) => f(0 - m / std[k]));
  const [wr, , wb] = (options.luma === 'bt709' ? BT709 : BT601).map(f);
  const n = width * height;
  const out = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    const px = data.subarray(i * s, i * s + s);
    const rgba = s === 1 ? [px[0], px[0], px[0], 255] : [px[0], px[1], px[2], s === 4 ? px[3] : 255];
    for (let k = 0; k < c; k++) {
      let v;
      // Gray from colour: the luma Y = G + wr (R - G) + wb (B - G), then mapped as a byte is.
      const [r, g, bl] = rgba;
      const byte = c === 1 && s !== 1 ? f(f(g + f(wr * (r - g))) + f(wb * (bl - g))) : rgba[k];
      v = f(f(byte * a[k]) + b[k]);
      out[nhwc ? i * c + k : k * n + i] = v;
    }
  }
  return { data: out, shape: nhwc ? [1, height, width, c] : [1, c, height, width] };
}

// toImageData in plain JavaScript: byte = Uint8Clamped((value - b) * k) in float, k = std / scale.
function jsToImageData({ data, shape }, options = {}) {
  const nhwc = options.layout === 'nhwc';
  const full = shape.length === 4 ? shape : [1, ...shape];
  const [, c, h, w] = nhwc ? [full[0], full[3], full[1], full[2]] : full;
  const n = w * h;
  const image = data.subarray((options.index ?? 0) * n * c, ((options.index ?? 0) + 1) * n * c);
  let b;
  let k;
  if (options.normalize) {
    const finite = Array.from(image).filter(Number.isFinite);
    const lo = finite.length ? Math.min(...finite) : 0;
    const hi = finite.length ? Math.max(...finite) : 0;
    b = new Array(c).fill(lo);
    k = new Array(c).fill(hi > lo ? f(255 / (hi - lo)) : 1);
  } else {
    const scale = options.scale ?? 1 / 255;
    const mean = expand(options.mean, c, 0);
    const std = expand(options.std, c, 1);
    b = mean.map((m, j) => f(0 - m / std[j]));
    k = std.map((s) => f(s / scale));
  }
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) {
      if (j === 3 && c !== 4) {
        out[i * 4 + 3] = 255;
        continue;
      }
      const ch = c === 1 ? 0 : j;
      out[i * 4 + j] = f(f(image[nhwc ? i * c + ch : ch * n + i] - b[ch]) * k[ch]);  // NaN -> 0, clamp, ties to even
    }
  }
  return { data: out, width: w, height: h };
}

function refuses(call, message, code = 'invalid_argument') {
  let caught;
  assert.throws(call, (e) => {
    caught = e;
    return e instanceof WasmconvError;
  });
  assert.equal(caught.message, message);
  assert.equal(caught.code, code);
}

// Sizes whose pixel counts leave every remainder of the SIMD blocks.
const SIZES = [[1, 1], [3, 1], [5, 1], [7, 1], [3, 3], [9, 2], [13, 3], [33, 5]];

for (const wc of [simd, scalar]) {
  test(`${wc.arch}: fromImage, every source channel count, channels, layout and luma, against plain JS (seed ${seed})`, () => {
    for (const s of [1, 3, 4]) {
      for (const channels of ['gray', 'rgb', 'rgba']) {
        for (const layout of ['nchw', 'nhwc']) {
          for (const [width, height] of SIZES) {
            const source = { data: bytes(width * height * s), width, height, channels: s };
            const options = { channels, layout, luma: channels === 'gray' ? random.pick(['bt601', 'bt709']) : undefined };
            const got = wc.fromImage(source, options);
            const want = jsFromImage(source, options);
            assert.deepEqual(got.shape, want.shape);
            assert.ok(got.data instanceof Float32Array);
            assert.deepEqual(got.data, want.data, `${s} -> ${channels} ${layout} ${width}x${height}`);
          }
        }
      }
    }
  });

  test(`${wc.arch}: fromImage scale, mean and std (numbers, arrays, typed arrays), against plain JS`, () => {
    const source = { data: bytes(11 * 3 * 4), width: 11, height: 3 };
    const imagenet = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
    for (const options of [
      {},
      { scale: 1 },
      { scale: 1 / 127.5, mean: 1 },                                     // [-1, 1]
      imagenet,
      { ...imagenet, layout: 'nhwc' },
      { scale: 1, mean: Float64Array.of(10, 20, 30, 40), std: [2, 4, 8, 16], channels: 'rgba' },
      { mean: 0.5, std: 0.25, channels: 'gray', luma: 'bt709' },
    ]) {
      assert.deepEqual(wc.fromImage(source, options), jsFromImage(source, options), JSON.stringify(options));
    }
    // Hand-computed: ImageNet's normalisation of a white and a black pixel.
    const two = wc.fromImage({ data: Uint8Array.of(255, 255, 255, 0, 0, 0), width: 2, height: 1, channels: 3 }, imagenet);
    const expected = [(1 - 0.485) / 0.229, -0.485 / 0.229, (1 - 0.456) / 0.224, -0.456 / 0.224, (1 - 0.406) / 0.225, -0.406 / 0.225];
    two.data.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 2e-6, `${v} vs ${expected[i]}`));
  });

  test(`${wc.arch}: toImageData, every channel count, layout, rank and option, against plain JS`, () => {
    for (const c of [1, 3, 4]) {
      for (const layout of ['nchw', 'nhwc']) {
        for (const [width, height] of SIZES) {
          const data = Float32Array.from({ length: width * height * c * 2 }, () => random.next() * 1.4 - 0.2);
          data[0] = NaN;
          data[data.length - 1] = Infinity;
          if (data.length > 5) data[5] = -Infinity;
          const batched = layout === 'nchw' ? [2, c, height, width] : [2, height, width, c];
          for (const options of [
            { index: 1 },
            { index: 0, scale: 1 / 100, mean: 0.1, std: 0.5 },
            { index: 1, normalize: true },
          ]) {
            const tensor = { data, shape: batched };
            const got = wc.toImageData(tensor, { ...options, layout });
            const want = jsToImageData(tensor, { ...options, layout });
            assert.ok(got.data instanceof Uint8ClampedArray);
            assert.deepEqual([got.width, got.height, got.colorSpace], [width, height, 'srgb']);
            assert.deepEqual(got.data, want.data, `${c} ${layout} ${width}x${height} ${JSON.stringify(options)}`);
          }
          // Rank 3 (no batch) is the first image of the batch.
          const first = { data: data.subarray(0, width * height * c), shape: batched.slice(1) };
          assert.deepEqual(wc.toImageData(first, { layout }).data, jsToImageData({ data, shape: batched }, { layout }).data);
        }
      }
    }
  });

  test(`${wc.arch}: toImageData rounds as a Uint8ClampedArray does: ties to even, clamped, NaN -> 0`, () => {
    const values = [-1, -0, 0, 0.5, 1.5, 2.5, 3.5, 127.5, 128.5, 254.5, 255, 255.5, 300, Infinity, -Infinity, NaN, 0.49, 0.51];
    const got = wc.toImageData({ data: Float32Array.from(values), shape: [1, 1, values.length] }, { scale: 1 });
    assert.deepEqual(Array.from(got.data.filter((_, i) => i % 4 === 0)), [0, 0, 0, 0, 2, 2, 4, 128, 128, 254, 255, 255, 255, 255, 0, 0, 0, 1]);
    assert.deepEqual(Array.from(got.data.filter((_, i) => i % 4 === 3)), new Array(values.length).fill(255));
    // The default scale 1/255: 0.5 -> 127.5, a tie -> 128; gray draws as R = G = B.
    assert.deepEqual(Array.from(wc.toImageData({ data: Float32Array.of(0.5, 1), shape: [1, 1, 2] }).data), [128, 128, 128, 255, 255, 255, 255, 255]);
  });

  test(`${wc.arch}: toImageData normalize maps the finite min..max to 0..255 over every channel`, () => {
    const t = { data: Float32Array.of(-1, 0, 0, 1, 0.5, 3), shape: [3, 1, 2] };  // R, G, B planes of 2 pixels
    assert.deepEqual(Array.from(wc.toImageData(t, { normalize: true }).data), [0, 64, 96, 255, 64, 128, 255, 255]);
    const special = { data: Float32Array.of(2, 4, NaN, Infinity, -Infinity, 3), shape: [1, 1, 6] };
    assert.deepEqual(Array.from(wc.toImageData(special, { normalize: true }).data.filter((_, i) => i % 4 === 0)), [0, 255, 0, 255, 0, 128]);
    const constant = { data: Float32Array.of(7, 7, Infinity), shape: [1, 1, 3] };
    assert.deepEqual(Array.from(wc.toImageData(constant, { normalize: true }).data.filter((_, i) => i % 4 === 0)), [0, 0, 255]);
  });

  test(`${wc.arch}: round trips are exact for every byte, channel count, layout and map`, () => {
    const n = 257;  // every byte value, and SIMD tails
    for (const s of [1, 3, 4]) {
      const data = Uint8Array.from({ length: n * s }, (_, i) => (i * (i % s === 0 ? 1 : 7)) % 256);
      const source = { data, width: n, height: 1, channels: s };
      const channels = NAMES[s];
      for (const map of [{}, { scale: 1 }, { mean: [0.485, 0.456, 0.406, 0.5].slice(0, s === 4 ? 4 : s === 3 ? 3 : 1), std: 0.226 },
        { scale: 1, mean: 127.5, std: 127.5 }]) {
        for (const layout of ['nchw', 'nhwc']) {
          const t = wc.fromImage(source, { channels, layout, ...map });
          const back = wc.toImageData(t, { layout, ...map });
          const want = new Uint8ClampedArray(n * 4);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < 4; j++) want[i * 4 + j] = j === 3 && s !== 4 ? 255 : data[i * s + (s === 1 ? 0 : j)];
          }
          assert.deepEqual(back.data, want, `${channels} ${layout} ${JSON.stringify(map)}`);
          // And the bytes back in: the same tensor.
          assert.deepEqual(wc.fromImage(back, { channels, layout, ...map }), t);
        }
      }
    }
  });

  test(`${wc.arch}: tensor: true gives a wasm tensor, and output writes into an array or a tensor`, () => {
    const source = { data: bytes(6 * 4 * 4), width: 6, height: 4 };
    const plain = wc.fromImage(source);
    const resident = wc.fromImage(source, { tensor: true });
    assert.deepEqual(resident.shape, [1, 3, 4, 6]);
    assert.deepEqual(resident.read(), plain.data);
    // It is a tensor like createTensor's: an op's input, and toImageData's.
    const w = { data: new Float32Array(3 * 3 * 3).fill(1), shape: [1, 3, 3, 3] };
    assert.deepEqual(wc.conv2d(resident, w, { padding: 1 }), wc.conv2d(plain, w, { padding: 1 }));
    assert.deepEqual(wc.toImageData(resident), wc.toImageData(plain));
    resident.dispose();
    const array = new Float32Array(72);
    const into = wc.fromImage(source, { output: array });
    assert.equal(into.data, array);
    assert.deepEqual(into, plain);
    const out = wc.createTensor(new Float32Array(96), [1, 4, 6, 4]);
    assert.equal(wc.fromImage(source, { channels: 'rgba', layout: 'nhwc', output: out }), out);
    assert.deepEqual(out.read(), wc.fromImage(source, { channels: 'rgba', layout: 'nhwc' }).data);
    out.dispose();
    // toImageData into an existing image: the same object, filled.
    const image = { data: new Uint8ClampedArray(6 * 4 * 4), width: 6, height: 4 };
    assert.equal(wc.toImageData(plain, { output: image }), image);
    assert.deepEqual(image.data, wc.toImageData(plain).data);
    // A Uint8ClampedArray source (what ImageData holds) and a Buffer are read alike.
    assert.deepEqual(wc.fromImage({ ...source, data: new Uint8ClampedArray(source.data) }), plain);
    assert.deepEqual(wc.fromImage({ ...source, data: Buffer.from(source.data) }), plain);
    // A view into a larger buffer reads its own bytes only.
    const big = new Uint8Array(10 + source.data.length);
    big.set(source.data, 10);
    assert.deepEqual(wc.fromImage({ ...source, data: big.subarray(10) }), plain);
  });

  test(`${wc.arch}: a 1024x1024 RGBA image gives what plain JS gives`, () => {
    const source = { data: bytes(1024 * 1024 * 4), width: 1024, height: 1024 };
    const options = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
    const t = wc.fromImage(source, options);
    assert.deepEqual(t, jsFromImage(source, options));
    assert.deepEqual(wc.toImageData(t, options), { ...jsToImageData(t, options), colorSpace: 'srgb' });
  });
}

test('the SIMD and scalar builds agree bit for bit', () => {
  const source = { data: bytes(37 * 5 * 3), width: 37, height: 5, channels: 3 };
  for (const options of [{ channels: 'gray' }, { channels: 'rgba', layout: 'nhwc', mean: 0.3, std: 0.7 }]) {
    const a = simd.fromImage(source, options);
    assert.deepEqual(a, scalar.fromImage(source, options));
    a.data[3] = NaN;
    assert.deepEqual(simd.toImageData(a, { layout: options.layout, normalize: true }), scalar.toImageData(a, { layout: options.layout, normalize: true }));
  }
});

test('every misuse is a WasmconvError naming the problem and the fix', () => {
  const wc = simd;
  const source = { data: new Uint8Array(24), width: 3, height: 2 };
  const accepted = 'an ImageData, ImageBitmap, HTMLCanvasElement, OffscreenCanvas, HTMLImageElement, HTMLVideoElement, ' +
    'VideoFrame or { data: Uint8Array | Uint8ClampedArray, width, height, channels? }';
  refuses(() => wc.fromImage(null), `fromImage: source must be ${accepted}, got null`);
  refuses(() => wc.fromImage('cat.png'), `fromImage: source must be ${accepted}, got "cat.png"`);
  refuses(() => wc.fromImage(new Map()), `fromImage: source must be ${accepted}, got Map`);
  refuses(() => wc.fromImage({ ...source, data: new Float32Array(24) }),
    'fromImage: source.data must be a Uint8Array or Uint8ClampedArray of bytes, got Float32Array (a float tensor needs no fromImage: use it as { data, shape })');
  refuses(() => wc.fromImage({ ...source, data: [1, 2, 3] }), 'fromImage: source.data must be a Uint8Array or Uint8ClampedArray of bytes, got [1, 2, 3]');
  refuses(() => wc.fromImage({ ...source, width: 0 }), 'fromImage: source.width must be a positive integer, got 0');
  refuses(() => wc.fromImage({ ...source, height: 2.5 }), 'fromImage: source.height must be a positive integer, got 2.5');
  refuses(() => wc.fromImage({ ...source, channels: 2 }), 'fromImage: source.channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got 2');
  refuses(() => wc.fromImage({ ...source, data: new Uint8Array(18) }),
    'fromImage: source.data has 18 bytes but width 3 x height 2 x channels 4 needs 24 (it would fit channels: 3)');
  refuses(() => wc.fromImage({ ...source, data: new Uint8Array(25) }), 'fromImage: source.data has 25 bytes but width 3 x height 2 x channels 4 needs 24');
  refuses(() => wc.fromImage(source, { channels: 'bgr' }), "fromImage: channels must be 'gray', 'rgb' or 'rgba', got \"bgr\"");
  refuses(() => wc.fromImage(source, { channels: 3 }), "fromImage: channels must be 'gray', 'rgb' or 'rgba', got 3 (did you mean 'rgb'?)");
  refuses(() => wc.fromImage(source, { channels: 'grey' }), "fromImage: channels must be 'gray', 'rgb' or 'rgba', got \"grey\" (did you mean 'gray'?)");
  refuses(() => wc.fromImage(source, { layout: 'NHWC' }), "fromImage: layout must be 'nchw' or 'nhwc', got \"NHWC\" (did you mean 'nhwc'?)");
  refuses(() => wc.fromImage(source, { luma: 'bt2020', channels: 'gray' }), "fromImage: luma must be 'bt601' or 'bt709', got \"bt2020\"");
  refuses(() => wc.fromImage(source, { luma: 'bt709' }), "fromImage: luma weighs colours into gray: it applies only with channels: 'gray', not 'rgb'");
  refuses(() => wc.fromImage(source, { mean: [0.5, 0.5] }),
    "fromImage: mean has 2 entries but channels 'rgb' has 3 channels (R, G, B): give one per channel, or one number for all");
  refuses(() => wc.fromImage(source, { channels: 'rgba', std: [1, 1, 1] }),
    "fromImage: std has 3 entries but channels 'rgba' has 4 channels (R, G, B, A): give one per channel, or one number for all");
  refuses(() => wc.fromImage(source, { std: [1, '2', 1] }), 'fromImage: std[1] must be a number, got "2"');
  refuses(() => wc.fromImage(source, { std: '1' }), 'fromImage: std must be a number or an array of 3, got "1"');
  refuses(() => wc.fromImage(source, { std: [1, 0, 1] }), 'fromImage: std[1] must be a finite number greater than 0, got 0 (values are divided by it)');
  refuses(() => wc.fromImage(source, { std: -2 }), 'fromImage: std[0] must be a finite number greater than 0, got -2 (values are divided by it)');
  refuses(() => wc.fromImage(source, { mean: [0, NaN, 0] }), 'fromImage: mean[1] must be a finite number, got NaN');
  refuses(() => wc.fromImage(source, { scale: 0 }), 'fromImage: scale must be a finite number greater than 0, got 0');
  refuses(() => wc.fromImage(source, { scale: '1/255' }), 'fromImage: scale must be a number, got "1/255"');
  refuses(() => wc.fromImage(source, { tensor: 'yes' }), 'fromImage: tensor must be true or false, got "yes"');
  refuses(() => wc.fromImage(source, { tensor: true, output: new Float32Array(18) }),
    'fromImage: tensor: true and output cannot both be given: output already says where the values go');
  refuses(() => wc.fromImage(source, { output: new Float32Array(17) }), 'fromImage: output has 17 values but the image gives 18 (shape [1, 3, 2, 3])');
  refuses(() => wc.fromImage(source, { output: new Float64Array(18) }), 'fromImage: output must be a Float32Array or a tensor made by createTensor, got Float64Array');
  const wrongShape = wc.createTensor(new Float32Array(18), [1, 2, 3, 3]);
  refuses(() => wc.fromImage(source, { output: wrongShape }), 'fromImage: output is a tensor of shape [1, 2, 3, 3] but the image gives shape [1, 3, 2, 3]');
  wrongShape.dispose();
  refuses(() => wc.fromImage(source, { output: wrongShape }), 'fromImage: output is a tensor that was disposed');
  const other = scalar.createTensor(new Float32Array(18), [1, 3, 2, 3]);
  refuses(() => wc.fromImage(source, { output: other }),
    `fromImage: output is a tensor of the other wasmconv build (this is the ${wc.relaxed ? 'relaxed-SIMD' : 'SIMD'} one): create it with this build's createTensor`);
  other.dispose();
  refuses(() => wc.fromImage(source, { chanels: 'rgb' }),
    'fromImage: unknown option "chanels" (options are channels, layout, scale, mean, std, luma, tensor, output)');

  const t = { data: new Float32Array(2 * 3 * 4 * 5), shape: [2, 3, 4, 5] };
  refuses(() => wc.toImageData(t), 'toImageData: tensor holds a batch of 2 images: pass index (0 to 1) to choose one');
  refuses(() => wc.toImageData(t, { index: 2 }), 'toImageData: index must be an integer from 0 to 1 (the tensor\'s batch is 2), got 2');
  refuses(() => wc.toImageData(t, { index: -1 }), 'toImageData: index must be an integer from 0 to 1 (the tensor\'s batch is 2), got -1');
  refuses(() => wc.toImageData({ data: new Float32Array(20), shape: [4, 5] }),
    "toImageData: tensor must have rank 4 or 3 ([N, C, H, W] or [C, H, W] for layout 'nchw'), got shape [4, 5]: one channel of [H, W] is shape [1, H, W]");
  refuses(() => wc.toImageData({ data: new Float32Array(20), shape: [1, 1, 1, 4, 5] }),
    "toImageData: tensor must have rank 4 or 3 ([N, C, H, W] or [C, H, W] for layout 'nchw'), got shape [1, 1, 1, 4, 5]");
  refuses(() => wc.toImageData({ data: new Float32Array(2 * 4 * 3), shape: [1, 2, 4, 3] }),
    "toImageData: tensor has 2 channels (shape [1, 2, 4, 3], layout 'nchw') but an image has 1 (gray), 3 (RGB) or 4 (RGBA); it would fit layout 'nhwc' (3 channels): pass that layout");
  refuses(() => wc.toImageData({ data: new Float32Array(2 * 4 * 5), shape: [5, 4, 2] }, { layout: 'nhwc' }),
    "toImageData: tensor has 2 channels (shape [5, 4, 2], layout 'nhwc') but an image has 1 (gray), 3 (RGB) or 4 (RGBA)");
  refuses(() => wc.toImageData({ data: new Float32Array(59), shape: [3, 4, 5] }), 'toImageData: tensor.data has 59 values but shape [3, 4, 5] needs 60');
  refuses(() => wc.toImageData({ data: new Float32Array(0), shape: [3, 0, 5] }), 'toImageData: tensor.shape[1] must be a positive integer, got 0');
  refuses(() => wc.toImageData({ data: new Uint8ClampedArray(4), width: 1, height: 1 }),
    'toImageData: tensor must be a tensor { data: Float32Array, shape } or a tensor made by createTensor, got Object (it holds bytes: it is an image already)');
  refuses(() => wc.toImageData(t, { index: 0, normalize: true, scale: 1 }),
    "toImageData: normalize maps the tensor's own min..max to 0..255: leave out scale, mean and std");
  refuses(() => wc.toImageData(t, { index: 0, normalize: 1 }), 'toImageData: normalize must be true or false, got 1');
  refuses(() => wc.toImageData(t, { index: 0, mean: [1, 2] }),
    'toImageData: mean has 2 entries but the tensor (shape [2, 3, 4, 5]) has 3 channels (R, G, B): give one per channel, or one number for all');
  refuses(() => wc.toImageData(t, { index: 0, std: 0 }), 'toImageData: std[0] must be a finite number greater than 0, got 0 (values are divided by it)');
  refuses(() => wc.toImageData(t, { index: 0, output: { data: new Uint8ClampedArray(80), width: 4, height: 5 } }),
    'toImageData: output is 4x5 (80 bytes) but the image is 5x4 (80 bytes)');
  refuses(() => wc.toImageData(t, { index: 0, output: { data: new Uint8Array(80), width: 5, height: 4 } }),
    'toImageData: output must be an ImageData or { data: Uint8ClampedArray, width, height }, got Object');
  refuses(() => wc.toImageData(t, { index: 0, batch: 0 }), 'toImageData: unknown option "batch" (options are layout, scale, mean, std, normalize, index, output)');
  const gone = wc.createTensor(new Float32Array(3), [3, 1, 1]);
  gone.dispose();
  refuses(() => wc.toImageData(gone), 'toImageData: tensor is a tensor that was disposed');
  const empty = wc.createTensor(new Float32Array(0), [0, 3, 1, 1]);
  refuses(() => wc.toImageData(empty), 'toImageData: tensor.shape[0] must be a positive integer, got 0');
  empty.dispose();
  // The module works right afterwards.
  assert.deepEqual(Array.from(wc.toImageData({ data: Float32Array.of(1), shape: [1, 1, 1] }).data), [255, 255, 255, 255]);
});

test('the memory limit holds for fromImage and toImageData: out_of_memory errors, nothing leaked', () => {
  const wc = simd;
  const source = { data: new Uint8Array(512 * 512 * 4), width: 512, height: 512 };  // 1 MiB of bytes, 3 MiB of floats
  const before = wc.memoryUsage().usedBytes;
  wc.setMemoryLimit(before + 1.5 * 1048576);
  try {
    for (const options of [{}, { tensor: true }]) {
      assert.throws(() => wc.fromImage(source, options), (e) => e instanceof WasmconvError && e.code === 'out_of_memory' &&
        /^fromImage: allocating 3\.0 MiB would exceed the memory limit of [\d.]+ MiB \(setMemoryLimit\)$/.test(e.message));
      assert.equal(wc.memoryUsage().usedBytes, before);
    }
    const t = { data: new Float32Array(512 * 512 * 3), shape: [3, 512, 512] };
    assert.throws(() => wc.toImageData(t), (e) => e.code === 'out_of_memory' && /^toImageData: allocating 3\.0 MiB/.test(e.message));
    assert.equal(wc.memoryUsage().usedBytes, before);
  } finally {
    wc.setMemoryLimit(0);
  }
  assert.equal(wc.fromImage(source).data.length, 512 * 512 * 3);
});

test('10,000 calls of fromImage and toImageData, valid and invalid, leave the wasm heap flat', () => {
  const wc = simd;
  const source = { data: bytes(17 * 3 * 4), width: 17, height: 3 };
  const t = wc.fromImage(source);
  const resident = wc.fromImage(source, { tensor: true });
  const output = wc.createTensor(new Float32Array(17 * 3 * 4), [1, 3, 17, 4]);
  const calls = [
    () => wc.fromImage(source, { channels: 'gray' }),
    () => wc.fromImage(source, { layout: 'nhwc', channels: 'rgba', output }),
    () => wc.fromImage(source, { tensor: true }).dispose(),
    () => wc.toImageData(t),
    () => wc.toImageData(resident, { normalize: true }),
    () => assert.throws(() => wc.fromImage(source, { std: 0 }), /std\[0\]/),
    () => assert.throws(() => wc.toImageData(t, { mean: [1] }), /mean has 1 entry/),
  ];
  for (const call of calls) call();
  const before = wc.memoryUsage();
  for (let i = 0; i < 10_000; i++) calls[i % calls.length]();
  const after = wc.memoryUsage();
  assert.equal(after.usedBytes, before.usedBytes, `allocated bytes went from ${before.usedBytes} to ${after.usedBytes}`);
  assert.equal(after.heapBytes, before.heapBytes, 'wasm memory grew');
  resident.dispose();
  output.dispose();
});

test('bench/image-io.mjs runs, checks its results and prints its table; a bad flag is a usage error', () => {
  const script = join(repoRoot, 'bench', 'image-io.mjs');
  const run = spawnSync(process.execPath, [script, '--rounds', '1', '--size', '37'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.match(lines[0], /^image-io: 37x37 RGBA <-> NCHW RGB float, ImageNet mean\/std; wasm-simd128(\+relaxed-madd)?; Node [\d.]+; median of 1 rounds$/);
  assert.equal(lines[1], '| result | case | wasm ms | JS loop ms | JS / wasm | best wasm ms | best JS ms |');
  const rows = lines.slice(3).map((l) => l.split(' | ')[1]);
  assert.deepEqual(rows, ['fromImage -> output array', 'fromImage -> wasm tensor', 'toImageData array -> output',
    'toImageData wasm tensor -> output', 'fromImage -> new array', 'toImageData -> new image']);
  const bad = spawnSync(process.execPath, [script, '--rounds', '0'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^image-io: --rounds must be an integer >= 1, got 0\nusage: node bench\/image-io\.mjs/);
});

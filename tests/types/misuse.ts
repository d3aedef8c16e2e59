// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Misuses the declarations must reject. Each @ts-expect-error line is followed by one: if it
// type-checks, tsc reports the unused directive and tests/js/types.test.mjs fails. That test
// also compiles this file without the directives and checks that each misuse gives exactly
// one error (no overload cascade) and, when the comment names an option in backticks, that
// the error points at or names that option.
import { load, type ConvOptions, type Stride } from 'wasmconv';

async function main(): Promise<void> {
  const wc = await load();
  const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
  const x1 = { data: new Float32Array(4), shape: [1, 1, 4] };
  const x3 = { data: new Float32Array(8), shape: [1, 1, 2, 2, 2] };

  // Option names and values.
  // @ts-expect-error: unknown option `strides` (a typo of stride)
  wc.conv2d(x, x, { strides: 2 });
  // @ts-expect-error: `paddingMode` is not one of the four
  wc.conv2d(x, x, { paddingMode: 'mirror' });
  // @ts-expect-error: data must be a Float32Array
  wc.conv2d({ data: [1, 2, 3], shape: [1, 1, 1, 3] }, x);
  // @ts-expect-error: `stride` must be a number or an array of numbers
  wc.conv2d(x, x, { stride: '2' });
  // @ts-expect-error: unknown op name
  wc.outputShape('conv4d', [1], [1]);
  // @ts-expect-error: `padding` strings are a fixed set
  wc.conv2d(x, x, { padding: 'full' });
  // @ts-expect-error: `backend` is one of three
  wc.conv2d(x, x, { backend: 'fast' });
  // @ts-expect-error: `padding` as { begin, end } has no other keys
  wc.conv2d(x, x, { padding: { start: 1 } });
  // @ts-expect-error: `weightLayout` has one name at every rank ('hwio', not 'dhwio')
  wc.conv3d(x3, x3, { weightLayout: 'dhwio' });
  // @ts-expect-error: `weightLayout` is lower case
  wc.createConvTranspose2d(x, { weightLayout: 'HWIO' });
  // @ts-expect-error: `weightLayout` names a weight layout, not a data format
  wc.paramCount('conv2d', [3, 3, 1, 8], { weightLayout: 'nhwc' });

  // Per-axis arrays have one entry per spatial axis of the op.
  // @ts-expect-error: `stride` of a 2-D op has 2 entries, not 3
  wc.conv2d(x, x, { stride: [1, 1, 1] });
  // @ts-expect-error: `stride` of a 2-D op has 2 entries, not 1
  wc.conv2d(x, x, { stride: [2] });
  // @ts-expect-error: `dilation` of a 1-D op has 1 entry
  wc.conv1d(x1, x1, { dilation: [1, 1] });
  // @ts-expect-error: `stride` of a 3-D op has 3 entries
  wc.conv3d(x3, x3, { stride: [2, 2] });
  // @ts-expect-error: `padding` as an array of a 3-D op has 3 entries
  wc.conv3d(x3, x3, { padding: [1, 1] });
  // @ts-expect-error: `begin` of a 2-D op's padding has 2 entries
  wc.conv2d(x, x, { padding: { begin: [1, 1, 1] } });
  // @ts-expect-error: `end` of a 1-D op's padding has 1 entry
  wc.conv1d(x1, x1, { padding: { begin: 0, end: [0, 1] } });
  // @ts-expect-error: `outputPadding` of a 2-D op has 2 entries
  wc.convTranspose2d(x, x, { stride: 2, outputPadding: [1, 1, 1] });
  // @ts-expect-error: `outputShape` of a 1-D op has 1 entry
  wc.convTranspose1d(x1, x1, { outputShape: [8, 8] });
  // @ts-expect-error: `stride` of a transposed 3-D op has 3 entries
  wc.convTranspose3d(x3, x3, { stride: [2, 2] });
  // @ts-expect-error: `dilation` of a 2-D layer has 2 entries
  wc.createConv2d(x, { dilation: [1, 1, 1] });
  // @ts-expect-error: `outputPadding` of a transposed 1-D layer has 1 entry
  wc.createConvTranspose1d(x1, { outputPadding: [1, 1] });
  // @ts-expect-error: `stride` of a readonly tuple of the wrong length
  wc.conv2d(x, x, { stride: [1, 2, 3] as const });
  const unknownLength = [2, 2];
  // @ts-expect-error: `stride` as a number[] of unknown length (annotate it as a tuple)
  wc.conv2d(x, x, { stride: unknownLength });
  // @ts-expect-error: `stride` of a per-rank type, used at another rank
  const s3: Stride<2> = [1, 1, 1];
  const options3: ConvOptions<3> = { stride: [1, 1, 1] };
  // @ts-expect-error: 3-D options (a `ConvOptions` of rank 3) given to a 2-D op
  wc.conv2d(x, x, options3);

  // Each op takes only its own options.
  // @ts-expect-error: `outputPadding` is not a convolution option
  wc.conv2d(x, x, { outputPadding: 1 });
  // @ts-expect-error: `outputShape` is not a convolution option
  wc.conv2d(x, x, { outputShape: [8, 8] });
  // @ts-expect-error: `outputPadding` is not a convolution layer's option either
  wc.createConv1d(x1, { outputPadding: 1 });
  // @ts-expect-error: `paddingMode` of a transposed convolution is only 'zeros'
  wc.convTranspose2d(x, x, { paddingMode: 'reflect' });
  // @ts-expect-error: `paddingMode` of a transposed convolution is only 'zeros'
  wc.convTranspose1d(x1, x1, { paddingMode: 'circular' });
  // @ts-expect-error: `paddingMode` of a transposed layer is only 'zeros'
  wc.createConvTranspose2d(x, { paddingMode: 'replicate' });
  // @ts-expect-error: `activation` names are camelCase ('relu', 'hardSwish')
  wc.conv2d(x, x, { activation: 'Relu' });
  // @ts-expect-error: `clamp` (an activation) takes [min, max]
  wc.createConv2d(x, { activation: { clamp: [0] } });
  // @ts-expect-error: `leakyRelu` (an activation) takes a number
  wc.convTranspose1d(x1, x1, { activation: { leakyRelu: '0.1' } });
  // @ts-expect-error: `residual` is a Float32Array or a tensor
  wc.conv2d(x, x, { residual: [1, 2, 3] });
  // @ts-expect-error: layers always run the fast kernels: no `backend`
  wc.createConv2d(x, { backend: 'reference' });

  // The shape helpers follow the op name's rank and options.
  // @ts-expect-error: `stride` of 'conv2d' has 2 entries
  wc.outputShape('conv2d', [1, 1, 4, 4], [1, 1, 3, 3], { stride: [1, 1, 1] });
  // @ts-expect-error: `dilation` of 'conv3d' has 3 entries
  wc.macs('conv3d', [1, 1, 4, 4, 4], [1, 1, 3, 3, 3], { dilation: [1, 1] });
  // @ts-expect-error: `outputPadding` of 'convTranspose1d' has 1 entry
  wc.padding('convTranspose1d', [1, 1, 4], [1, 1, 3], { stride: 2, outputPadding: [1, 1] });
  // @ts-expect-error: `outputShape` is not an option of 'conv2d'
  wc.padding('conv2d', [1, 1, 4, 4], [1, 1, 3, 3], { outputShape: [4, 4] });
  // @ts-expect-error: `paddingMode` of 'convTranspose2d' is only 'zeros'
  wc.outputShape('convTranspose2d', [1, 1, 4, 4], [1, 1, 3, 3], { paddingMode: 'reflect' });
  // @ts-expect-error: `stride` of 'conv1d' has 1 entry
  wc.convMatrix('conv1d', [1, 1, 4], x1, { stride: [1, 1] });
  // @ts-expect-error: `bias` is not a convMatrix option (the matrix excludes it)
  wc.convMatrix('conv2d', [1, 1, 4, 4], x, { bias: true });
  // @ts-expect-error: `stride` is not a paramCount option
  wc.paramCount('conv2d', [1, 1, 3, 3], { stride: 2 });

  // Runs, outputs and wasm tensors.
  const layer = wc.createConv2d(x);
  const t = wc.createTensor(x.data, x.shape);
  // @ts-expect-error: `output` must be a Float32Array or a wasm tensor
  layer.run(x, { output: new Float64Array(16) });
  // @ts-expect-error: run into a wasm tensor returns that tensor, which has no `data` view
  layer.run(x, { output: t }).data.fill(0);
  // @ts-expect-error: a stateless run into a wasm tensor returns it too (no `data`)
  wc.convTranspose2d(x, x, { output: t }).data;
  // @ts-expect-error: unknown run option `out` (a typo of output)
  layer.run(x, { out: new Float32Array(16) });
  // @ts-expect-error: a layer's run takes no op options (`stride` is fixed at creation)
  layer.run(x, { stride: 2 });
  // @ts-expect-error: a layer's `activation` is fixed at creation
  layer.run(x, { activation: 'relu' });
  // @ts-expect-error: a wasm tensor has no `data` view (read() copies the values out)
  t.data.fill(0);
  // @ts-expect-error: the shape of a wasm tensor is fixed
  t.shape[0] = 2;
  // @ts-expect-error: weights are plain tensors, not wasm tensors
  wc.createConv2d(t);
  // @ts-expect-error: createTensor copies from a Float32Array
  wc.createTensor([1, 2, 3], [1, 1, 3]);
  // @ts-expect-error: the op's options and output go in one object
  wc.conv2d(x, x, { padding: 1 }, { output: new Float32Array(16) });
  // @ts-expect-error: `simd` accepts booleans and 'auto' only
  await load({ simd: 'yes' });
  // @ts-expect-error: `wasmPath` is a string or URL
  await load({ wasmPath: 42 });
  // @ts-expect-error: unknown load option `wasmURL` (a typo of wasmUrl)
  await load({ wasmURL: 'https://example.invalid/x.wasm' });

  // Images in and out.
  const pixels = { data: new Uint8Array(12), width: 2, height: 2, channels: 3 as const };
  // @ts-expect-error: `channels` is 'rgb', 'rgba' or 'gray'
  wc.fromImage(pixels, { channels: 'bgr' });
  // @ts-expect-error: `layout` names are lower case
  wc.fromImage(pixels, { layout: 'NHWC' });
  // @ts-expect-error: `luma` is 'bt601' or 'bt709'
  wc.fromImage(pixels, { channels: 'gray', luma: 'bt2020' });
  // @ts-expect-error: `channels` of the source bytes is 1, 3 or 4
  wc.fromImage({ data: new Uint8Array(8), width: 2, height: 2, channels: 2 });
  // @ts-expect-error: `data` of the source is bytes, not floats
  wc.fromImage({ data: new Float32Array(12), width: 2, height: 2 });
  // @ts-expect-error: `mean` is a number or an array of numbers
  wc.fromImage(pixels, { mean: '0.5' });
  // @ts-expect-error: tensor: true gives a wasm tensor, which has no `data` view
  wc.fromImage(pixels, { tensor: true }).data;
  // @ts-expect-error: unknown fromImage option `normalize` (toImageData's)
  wc.fromImage(pixels, { normalize: true });
  // @ts-expect-error: `normalize` is a boolean
  wc.toImageData(t, { normalize: 'minmax' });
  // @ts-expect-error: `index` is a number
  wc.toImageData(t, { index: '0' });
  // @ts-expect-error: `output` of toImageData is RGBA bytes (an ImageData)
  wc.toImageData(t, { output: new Float32Array(16) });
  // @ts-expect-error: toImageData takes a float tensor, not an image (`data` must be a Float32Array)
  wc.toImageData(new ImageData(2, 2));
  console.log(s3);
}

void main();

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Compiled with `tsc --strict --noEmit` by tests/js/types.test.mjs: every function of the
// public API, used as documented (every rank, per-axis arrays and readonly tuples, each
// padding form), must type-check, and the results must have the types annotated here.
import {
  load,
  relaxedSimdSupported,
  simdSupported,
  WasmconvError,
  type Activation,
  type FromImageOptions,
  type ImageChannels,
  type ImageLayout,
  type ImagePixels,
  type ImageSource,
  type Luma,
  type RgbaImage,
  type ToImageDataOptions,
  type ConvOptions,
  type ConvTransposeLayerOptions,
  type Input,
  type Layer,
  type MemoryUsage,
  type OpName,
  type Padding,
  type PerAxis,
  type Residual,
  type ResolvedPadding,
  type ShapeOptions,
  type Stride,
  type Tensor,
  type Wasmconv,
  type WasmconvErrorCode,
  type WasmTensor,
  type WeightLayout,
} from 'wasmconv';

async function main(): Promise<void> {
  const supported: boolean = simdSupported() && relaxedSimdSupported();
  const wc: Wasmconv = await load({ simd: supported ? 'auto' : false, relaxed: 'auto' });
  const alsoScalar = await load({ simd: false, wasmUrl: new URL('https://example.invalid/wasmconv-scalar.wasm') });
  await load({ wasmPath: 'https://example.invalid/wasmconv/' });
  await load({ wasmPath: '/opt/app/wasm' });
  await load({ wasmPath: new URL('file:///opt/app/wasm/') });
  await load({ relaxed: false, wasmBinary: new Uint8Array(8) });
  await load({ simd: true, wasmBinary: new ArrayBuffer(8) });
  await load();

  const x: Tensor = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
  const w: Tensor = { data: new Float32Array(9), shape: [1, 1, 3, 3] };
  const x1: Tensor = { data: new Float32Array(6), shape: [1, 1, 6] };
  const w1: Tensor = { data: new Float32Array(2), shape: [1, 1, 2] };
  const x3: Tensor = { data: new Float32Array(64), shape: [1, 1, 4, 4, 4] };
  const w3: Tensor = { data: new Float32Array(8), shape: [1, 1, 2, 2, 2] };
  const bias = new Float32Array(1);

  // Convolutions, every rank: numbers, per-axis arrays of the op's rank, each padding form.
  const a: Tensor = wc.conv2d(x, w, { stride: 1, padding: 'same', dilation: [1, 1], groups: 1, bias, paddingMode: 'reflect' });
  wc.conv1d(x1, w1, { padding: { begin: [1], end: [0] }, stride: [2], dilation: [1], paddingMode: 'circular' });
  wc.conv1d(x1, w1, { padding: [1], backend: 'simd' });
  wc.conv2d(x, w, { stride: [2, 1], padding: { begin: [1, 0], end: 1 }, paddingMode: 'replicate' });
  wc.conv2d(x, w, { padding: [1, 0], backend: 'reference' });
  wc.conv2d(x, w, { padding: { end: [0, 1] }, paddingMode: 'zeros' });
  // Weights in TF's layout, every kind of op and helper.
  const layout: WeightLayout = 'hwio';
  wc.conv2d(x, w, { weightLayout: 'hwio', groups: 1 });
  wc.conv1d(x1, w1, { weightLayout: layout });
  wc.convTranspose3d(x3, w3, { weightLayout: 'oihw', stride: 2 });
  wc.createConvTranspose2d(w, { weightLayout: 'hwio', stride: 2 }).dispose();
  wc.outputShape('conv2d', [1, 1, 4, 4], [3, 3, 1, 8], { weightLayout: 'hwio' });
  wc.paramCount('conv2d', [3, 3, 4, 2], { groups: 4, bias: true, weightLayout: 'hwio' });
  wc.convMatrix('convTranspose1d', [1, 1, 4], w1, { weightLayout: 'hwio' });
  wc.conv2d(x, w, { padding: 'same_lower' });
  wc.conv2d(x, w, { padding: 'valid', backend: 'auto' });
  wc.conv3d(x3, w3, { stride: [1, 2, 2], dilation: [1, 1, 1], padding: [0, 1, 1] });
  wc.conv3d(x3, w3, { padding: { begin: [0, 0, 1], end: [1, 1, 0] }, backend: 'reference' });

  // Transposed convolutions, every rank; paddingMode accepts 'zeros' (and only that).
  wc.convTranspose1d(x1, w1, { outputPadding: 1, stride: 2 });
  wc.convTranspose1d(x1, w1, { outputPadding: [1], stride: [2], outputShape: [12], paddingMode: 'zeros' });
  wc.convTranspose2d(x, w, { stride: [2, 2], outputShape: [8, 8] });
  wc.convTranspose2d(x, w, { stride: 2, padding: { begin: [1, 1], end: [0, 0] }, outputPadding: [1, 0], dilation: [1, 2] });
  wc.convTranspose2d(x, w, { padding: 'same', stride: 2, paddingMode: 'zeros', bias });
  wc.convTranspose3d(x3, w3, { padding: 'same_lower', stride: [1, 2, 2], outputPadding: [0, 1, 1] });
  wc.convTranspose3d(x3, w3, { outputShape: [5, 8, 8], stride: 2, groups: 1 });

  // Readonly tuples are accepted wherever a per-axis array is.
  const pair: readonly [number, number] = [2, 2];
  const triple = [1, 2, 2] as const;
  wc.conv2d(x, w, { stride: pair, dilation: pair, padding: pair });
  wc.conv2d(x, w, { padding: { begin: pair, end: [0, 0] as const } });
  wc.conv3d(x3, w3, { stride: triple, padding: { begin: triple } });
  wc.convTranspose3d(x3, w3, { stride: triple, outputShape: triple, outputPadding: [0, 1, 1] as const });
  // Options built apart from the call, through the exported per-rank types.
  const options2: ConvOptions<2> = { stride: [2, 2], padding: { begin: [1, 1], end: [0, 0] } };
  wc.conv2d(x, w, options2);
  const stride3: Stride<3> = [1, 2, 2];
  const padding1: Padding<1> = { begin: [2] };
  const anyRank: PerAxis = [1, 2, 3];
  wc.conv3d(x3, w3, { stride: stride3 });
  wc.conv1d(x1, w1, { padding: padding1, stride: 1 });
  console.log(anyRank);

  // Unbatched inputs ([C, ...spatial]) and an empty batch are shapes like any other.
  const unbatched: Tensor = wc.conv2d({ data: new Float32Array(16), shape: [1, 4, 4] }, w);
  const empty: Tensor = wc.conv1d({ data: new Float32Array(0), shape: [0, 1, 6] }, w1);
  console.log(unbatched.shape, empty.data.length);

  // Layers, every rank.
  const layer: Layer = wc.createConv2d(w, { padding: 1 });
  const y: Tensor = layer.run(x);
  const resident: WasmTensor = wc.createTensor(x.data, x.shape);
  const output = new Float32Array(16);
  const into: Float32Array = layer.run(resident, { output }).data;
  layer.run(x, { output });
  layer.run(x, {});
  wc.conv2d(resident, w, { padding: 1, output });
  wc.convTranspose2d(resident, w, { stride: 2, output: new Float32Array(81) });
  // Into a wasm tensor: the call returns it, and layers chain with no copy.
  const outTensor = wc.createTensor(new Float32Array(16), [1, 1, 4, 4]);
  const chained: WasmTensor = layer.run(layer.run(resident, { output: outTensor }), { output: wc.createTensor(new Float32Array(16), [1, 1, 4, 4]) });
  const fromStateless: WasmTensor = wc.conv2d(resident, w, { padding: 1, output: outTensor });
  const fromTransposed: WasmTensor = wc.convTranspose1d(x1, w1, { output: wc.createTensor(new Float32Array(7), [1, 1, 7]) });
  // An output that may be either gives a result that may be either.
  const either: Float32Array | WasmTensor = Math.random() > 0.5 ? output : outTensor;
  const eitherResult: Tensor | WasmTensor = layer.run(x, { output: either });
  // Activations (every form) and residuals (every form), stateless and per layer run.
  const activations: Activation[] = ['relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish', 'silu', 'gelu', { clamp: [0, 6] }, { leakyRelu: 0.01 }];
  const block: Layer = wc.createConv2d(w, { padding: 1, activation: activations[0] });
  const skip: Residual = outTensor;
  const fused: WasmTensor = block.run(resident, { residual: skip, output: wc.createTensor(new Float32Array(16), [1, 1, 4, 4]) });
  block.run(x, { residual: new Float32Array(16) });
  wc.conv2d(x, w, { padding: 1, activation: { leakyRelu: 0.2 }, residual: x });
  wc.convTranspose3d(resident, w3, { activation: 'gelu', residual: resident });
  wc.createConvTranspose1d(w1, { activation: { clamp: [-1, 1] as const } });
  console.log(fused);
  resident.write(new Float32Array(16));
  const copy: Float32Array = resident.read();
  const residentShape: readonly number[] = resident.shape;
  resident.dispose();
  const input: Input = Math.random() > 0.5 ? x : wc.createTensor(new Float32Array(16), [1, 1, 4, 4]);
  console.log(into, copy, residentShape, layer.run(input).shape, chained, fromStateless, fromTransposed, eitherResult);
  const shape: number[] = layer.outputShape([1, 1, 8, 8]);
  layer.dispose();
  wc.createConv1d(w1, { stride: [2], padding: 'same', paddingMode: 'reflect', bias }).dispose();
  wc.createConv3d(w3, { dilation: [1, 2, 2], groups: 1 }).dispose();
  wc.createConvTranspose1d(w1, { outputShape: [12], stride: [2] }).dispose();
  wc.createConvTranspose2d(w, { stride: 2, outputPadding: [1, 1], paddingMode: 'zeros' }).dispose();
  const layerOptions: ConvTransposeLayerOptions<3> = { stride: [2, 2, 2], padding: 'same' };
  wc.createConvTranspose3d(w3, layerOptions).dispose();

  // Shape helpers: the options follow the op name's rank.
  const out: number[] = wc.outputShape('convTranspose2d', [1, 1, 4, 4], [1, 1, 3, 3], { stride: 2, outputPadding: [1, 1] });
  wc.outputShape('conv1d', [1, 1, 8], [1, 1, 3], { stride: [2], padding: { begin: [1], end: [0] } });
  wc.outputShape('conv3d', [1, 1, 4, 4, 4], [1, 1, 2, 2, 2], { dilation: triple, paddingMode: 'circular' });
  wc.outputShape('convTranspose3d', [1, 1, 4, 4, 4], [1, 1, 2, 2, 2], { outputShape: [8, 8, 8], stride: 2, paddingMode: 'zeros' });
  const macs: number = wc.macs('conv2d', [1, 1, 4, 4], [1, 1, 3, 3], { bias: true, stride: [1, 1] });
  wc.macs('convTranspose1d', [1, 1, 4], [1, 1, 3], { bias, outputShape: 6 });
  const pads: ResolvedPadding = wc.padding('convTranspose1d', [1, 1, 4], [1, 1, 3], { stride: [2], outputShape: [8] });
  const begins: number[] = pads.begin.concat(pads.end);
  wc.padding('conv3d', [1, 1, 4, 4, 4], [1, 1, 3, 3, 3], { padding: 'same', stride: [2, 1, 1] });
  const params: number = wc.paramCount('conv2d', [32, 16, 3, 3], { bias: true, groups: 1 });
  wc.paramCount('convTranspose3d', [1, 1, 2, 2, 2]);
  const shapeOptions: ShapeOptions<'conv2d'> = { stride: [2, 2], bias: true };
  wc.macs('conv2d', [1, 1, 4, 4], [1, 1, 3, 3], shapeOptions);
  // With an op name known only as OpName, the options are those of any op.
  const someOp: OpName = Math.random() > 0.5 ? 'conv1d' : 'convTranspose1d';
  wc.outputShape(someOp, [1, 1, 8], [1, 1, 3], { stride: 2 });
  const rf = wc.receptiveField([{ kernel: 3, dilation: 2 }, { kernel: 4, stride: 2, transposed: true }]);
  const size: number = rf[0].size + rf[1].jump;
  const m = wc.convMatrix('conv2d', [1, 1, 4, 4], w, { stride: 1, paddingMode: 'reflect', padding: [1, 1] });
  wc.convMatrix('convTranspose1d', [1, 1, 4], w1, { stride: [2], outputPadding: [1] });
  const entries: number = m.rows * m.cols + m.data.length;

  const usage: MemoryUsage = wc.memoryUsage();
  wc.setMemoryLimit(usage.usedBytes + (1 << 20));
  const limit: number = usage.limitBytes + usage.heapBytes;
  const simd: boolean = wc.simd && alsoScalar.simd && !wc.relaxed;
  const arch: string = wc.arch;
  try {
    wc.conv2d(x, w, { dilation: 9 });
  } catch (e) {
    if (e instanceof WasmconvError) {
      const code: WasmconvErrorCode = e.code;
      const literal: 'invalid_argument' | 'out_of_memory' | 'load_failed' | 'terminated' | 'worker_error' = code;
      console.log(literal, e.message);
    }
  }
  console.log(a, y, shape, out, macs, begins, params, size, entries, limit, simd, arch);

  // Images in and out: browser sources (this project has the DOM library) and plain bytes.
  const pixels: ImagePixels = { data: new Uint8Array(12), width: 2, height: 2, channels: 3 };
  const fromBytes: Tensor = wc.fromImage(pixels, { channels: 'gray', luma: 'bt709', scale: 1, mean: 0.5, std: [0.25] });
  const fromCanvas: Tensor = wc.fromImage(document.createElement('canvas'), { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
  const fromVideo: WasmTensor = wc.fromImage(document.createElement('video'), { tensor: true, layout: 'nhwc' });
  const fromImageData: Tensor = wc.fromImage(new ImageData(2, 2), { channels: 'rgba' });
  const bitmap: ImageSource = await createImageBitmap(new ImageData(1, 1));
  wc.fromImage(bitmap, {});
  wc.fromImage(new OffscreenCanvas(4, 4));
  wc.fromImage(new Image());
  const intoArray: Float32Array = wc.fromImage(pixels, { output: new Float32Array(12) }).data;
  const intoTensor: WasmTensor = wc.fromImage(pixels, { output: fromVideo });
  const maybe: Tensor | WasmTensor = wc.fromImage(pixels, { tensor: Math.random() > 0.5 });
  const fromOptions: FromImageOptions = { channels: 'rgb', layout: 'nchw' };
  wc.fromImage(pixels, fromOptions);
  const drawn: ImageData = wc.toImageData(fromBytes, { normalize: true });
  document.createElement('canvas').getContext('2d')?.putImageData(wc.toImageData(fromVideo, { layout: 'nhwc' }), 0, 0);
  const reused: ImageData = wc.toImageData(fromCanvas, { index: 0, output: drawn, scale: 1 / 255, mean: [0, 0, 0], std: 1 });
  const plainOut: RgbaImage = { data: new Uint8ClampedArray(16), width: 2, height: 2 };
  const filled: RgbaImage = wc.toImageData(fromBytes, { output: plainOut });
  const toOptions: ToImageDataOptions = { layout: 'nhwc', index: 1 };
  wc.toImageData(fromImageData, toOptions);
  const layouts: ImageLayout[] = ['nchw', 'nhwc'];
  const channelNames: ImageChannels[] = ['rgb', 'rgba', 'gray'];
  const lumas: Luma[] = ['bt601', 'bt709'];
  console.log(intoArray, intoTensor, maybe, reused, filled, layouts, channelNames, lumas);
}

void main();

// A short, runnable example of every exported function and option (the README's API
// reference points here). tests/js/examples.test.mjs runs it and checks each printed line.
import { load, simdSupported, WasmconvError } from 'wasmconv';

const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);
const tensor = (shape, fill = (i) => i + 1) => ({
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill(i)),
  shape,
});

// load({ simd, wasmUrl, wasmBinary }) and simdSupported()
const wc = await load(); // simd: 'auto' by default
const scalar = await load({ simd: false });
show('simdSupported', simdSupported());
show('builds', [wc.arch, scalar.arch]);

const x = tensor([1, 1, 4, 4]);
const ones3 = tensor([1, 1, 3, 3], () => 1);

// conv2d options: stride, padding (number | per-axis | { begin, end } | string), dilation,
// groups, bias, paddingMode, backend
show('conv2d', Array.from(wc.conv2d(x, ones3).data));
show('stride', wc.conv2d(x, ones3, { stride: 2, padding: 1 }).shape);
show('padding same', wc.conv2d(x, ones3, { padding: 'same' }).shape);
show('padding begin/end', wc.conv2d(x, ones3, { padding: { begin: [1, 0], end: [0, 0] } }).shape);
show('dilation', wc.conv2d(tensor([1, 1, 9, 9]), ones3, { dilation: 4 }).shape);
show('groups', Array.from(wc.conv2d(tensor([1, 2, 1, 1]), tensor([2, 1, 1, 1], () => 10), { groups: 2 }).data));
show('bias', Array.from(wc.conv2d(x, ones3, { bias: Float32Array.of(0.5) }).data));
show('paddingMode reflect', Array.from(wc.conv1d(tensor([1, 1, 3]), tensor([1, 1, 1], () => 1), { padding: 1, paddingMode: 'reflect' }).data));
show('backend reference', Array.from(wc.conv2d(x, ones3, { backend: 'reference' }).data));
// The epilogue: conv, + bias, + residual (of the output's shape), then activation: 'relu',
// 'relu6', 'sigmoid', 'tanh', 'hardSwish', 'silu', 'gelu', { clamp: [min, max] }, { leakyRelu: alpha }
show('activation', Array.from(wc.conv2d(x, ones3, { bias: Float32Array.of(-60), activation: 'relu' }).data));
show('residual', Array.from(wc.conv2d(x, ones3, { residual: Float32Array.of(1, 2, 3, 4), activation: { clamp: [0, 70] } }).data));
// weightLayout 'hwio': a TF / Keras filter [kh, kw, in, out] as it is (here out 0 all ones, out 1 all twos)
show('weightLayout hwio', Array.from(wc.conv2d(x, tensor([3, 3, 1, 2], (i) => (i % 2) + 1), { weightLayout: 'hwio' }).data));

// conv1d / conv3d and the transposed ops with outputPadding / outputShape
show('conv1d', wc.conv1d(tensor([1, 1, 6]), tensor([1, 1, 2]), { stride: 2 }).shape);
show('conv3d', wc.conv3d(tensor([1, 1, 4, 4, 4]), tensor([1, 1, 3, 3, 3])).shape);
show('convTranspose1d', Array.from(wc.convTranspose1d(tensor([1, 1, 2]), tensor([1, 1, 2], (i) => 10 ** i), { stride: 2 }).data));
show('convTranspose2d outputPadding', wc.convTranspose2d(x, ones3, { stride: 2, padding: 1, outputPadding: 1 }).shape);
show('convTranspose2d outputShape', wc.convTranspose2d(x, ones3, { stride: 2, outputShape: [9, 10] }).shape);
show('convTranspose3d', wc.convTranspose3d(tensor([1, 1, 2, 2, 2]), tensor([1, 1, 2, 2, 2]), { stride: 2 }).shape);

// Layers: createConv{1,2,3}d, createConvTranspose{1,2,3}d -> run, outputShape, dispose
const layer = wc.createConv2d(ones3, { padding: 1 });
show('layer', [layer.outputShape([1, 1, 8, 8]), layer.run(x).shape]);
// A layer's activation is fixed at creation; its residual comes with each run.
const block = wc.createConv2d(ones3, { padding: 1, activation: { leakyRelu: 0.5 } });
show('layer residual', Array.from(block.run(x, { residual: tensor([1, 1, 4, 4], () => -30) }).data.slice(0, 4)));
block.dispose();

// Calls without copies: run(x, { output }) writes into your array (no allocation) or a
// wasm tensor (no copy out), and createTensor keeps an input in wasm memory (no copy in):
// shape, write, read, dispose
const output = new Float32Array(16);
const resident = wc.createTensor(x.data, x.shape);
show('run into output', [layer.run(resident, { output }).data === output, Array.from(output.slice(0, 4))]);
resident.write(tensor([1, 1, 4, 4], () => 1).data);
show('tensor', [resident.shape, Array.from(resident.read().slice(0, 2)), Array.from(layer.run(resident, { output }).data.slice(0, 4))]);
// A tensor as the output: written in place and returned, so layers chain with no copy.
const middle = wc.createTensor(new Float32Array(16), [1, 1, 4, 4]);
const last = wc.createTensor(new Float32Array(16), [1, 1, 4, 4]);
show('chain through tensors', [layer.run(layer.run(resident, { output: middle }), { output: last }) === last, Array.from(last.read().slice(0, 4))]);
middle.dispose();
last.dispose();
resident.dispose();
layer.dispose();

// Shape helpers
show('outputShape', wc.outputShape('conv2d', [1, 3, 25, 25], [8, 3, 5, 5], { stride: 2 }));
show('macs', wc.macs('conv2d', [1, 1, 4, 4], [1, 1, 3, 3]));
show('padding() of same', wc.padding('conv2d', [1, 1, 10, 10], [1, 1, 6, 6], { padding: 'same' }));
show('padding() from outputShape', wc.padding('convTranspose2d', [1, 1, 3, 3], [1, 1, 3, 3], { stride: [3, 2], outputShape: [10, 8] }));
show('paramCount', wc.paramCount('conv2d', [32, 16, 3, 3], { bias: true }));
show('receptiveField', wc.receptiveField([1, 2, 4, 8].map((d) => ({ kernel: 3, dilation: d }))).map((l) => l.size));
const m = wc.convMatrix('conv1d', [1, 1, 6], tensor([1, 1, 2]), { stride: 2 });
show('convMatrix', [m.rows, m.cols, Array.from(m.data.slice(0, 6))]);

// Images (docs/images.md): fromImage (bytes; in browsers also ImageData, canvas, <img>,
// <video>, ImageBitmap) with channels, layout, scale, mean, std, luma, tensor, output, and
// toImageData with layout, scale, mean, std, normalize, index, output
const picture = { data: Uint8Array.of(0, 51, 255, 255, 255, 102, 0, 255), width: 2, height: 1 };
show('fromImage', Array.from(wc.fromImage(picture, { channels: 'rgba', layout: 'nhwc', scale: 1 / 51 }).data.slice(0, 4)));
show('toImageData', Array.from(wc.toImageData(wc.fromImage(picture, { mean: 0.5, std: 0.5 }), { mean: 0.5, std: 0.5 }).data));

// Memory: memoryUsage() and setMemoryLimit(bytes)
wc.setMemoryLimit(wc.memoryUsage().usedBytes + 1024);
try {
  wc.conv2d(tensor([1, 1, 256, 256]), ones3);
} catch (e) {
  show('memory limit', [e instanceof WasmconvError, e.code]);
}
wc.setMemoryLimit(0);

// Errors name the problem
try {
  wc.conv2d(x, ones3, { stride: 0 });
} catch (e) {
  show('error', e.message);
}

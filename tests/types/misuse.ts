// Each line marked @ts-expect-error is a misuse the declarations must reject: if one of
// them type-checks, tsc reports the unused directive and tests/js/types.test.mjs fails.
import { load } from 'wasmconv';

async function main(): Promise<void> {
  const wc = await load();
  const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
  // @ts-expect-error: unknown option name (a typo of stride)
  wc.conv2d(x, x, { strides: 2 });
  // @ts-expect-error: padding mode is not one of the four
  wc.conv2d(x, x, { paddingMode: 'mirror' });
  // @ts-expect-error: outputPadding is not a convolution option
  wc.conv2d(x, x, { outputPadding: 1 });
  // @ts-expect-error: paddingMode is not a transposed-convolution option
  wc.convTranspose2d(x, x, { paddingMode: 'reflect' });
  // @ts-expect-error: data must be a Float32Array
  wc.conv2d({ data: [1, 2, 3], shape: [1, 1, 1, 3] }, x);
  // @ts-expect-error: stride must be a number or an array of numbers
  wc.conv2d(x, x, { stride: '2' });
  // @ts-expect-error: unknown op name
  wc.outputShape('conv4d', [1], [1]);
  // @ts-expect-error: padding strings are a fixed set
  wc.conv2d(x, x, { padding: 'full' });
  const layer = wc.createConv2d(x);
  const t = wc.createTensor(x.data, x.shape);
  // @ts-expect-error: output must be a Float32Array or a wasm tensor
  layer.run(x, { output: new Float64Array(16) });
  // @ts-expect-error: run into a wasm tensor returns that tensor, which has no data view
  layer.run(x, { output: t }).data.fill(0);
  // @ts-expect-error: unknown run option (a typo of output)
  layer.run(x, { out: new Float32Array(16) });
  // @ts-expect-error: a wasm tensor has no data view (read() copies the values out)
  t.data.fill(0);
  // @ts-expect-error: the shape of a wasm tensor is fixed
  t.shape[0] = 2;
  // @ts-expect-error: weights are plain tensors, not wasm tensors
  wc.createConv2d(t);
  // @ts-expect-error: createTensor copies from a Float32Array
  wc.createTensor([1, 2, 3], [1, 1, 3]);
  // @ts-expect-error: the op's options and output go in one object
  wc.conv2d(x, x, { padding: 1 }, { output: new Float32Array(16) });
  // @ts-expect-error: simd accepts booleans and 'auto' only
  await load({ simd: 'yes' });
}

void main();

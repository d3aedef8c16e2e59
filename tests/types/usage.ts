// Compiled with `tsc --strict --noEmit` by tests/js/types.test.mjs: every function of the
// public API, used as documented, must type-check.
import { load, simdSupported, WasmconvError, type Input, type Tensor, type Wasmconv, type WasmTensor } from 'wasmconv';

async function main(): Promise<void> {
  const supported: boolean = simdSupported();
  const wc: Wasmconv = await load({ simd: supported ? 'auto' : false });
  const alsoScalar = await load({ simd: false, wasmUrl: new URL('https://example.invalid/wasmconv-scalar.wasm') });
  await load({ wasmPath: 'https://example.invalid/wasmconv/' });
  const x: Tensor = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
  const w: Tensor = { data: new Float32Array(9), shape: [1, 1, 3, 3] };
  const bias = new Float32Array(1);

  const a: Tensor = wc.conv2d(x, w, { stride: 1, padding: 'same', dilation: [1, 1], groups: 1, bias, paddingMode: 'reflect' });
  wc.conv1d({ data: new Float32Array(6), shape: [1, 1, 6] }, { data: new Float32Array(2), shape: [1, 1, 2] }, { padding: { begin: [1], end: [0] } });
  wc.conv3d(x, w, { backend: 'reference' });
  wc.convTranspose1d(x, w, { outputPadding: 1, stride: 2 });
  wc.convTranspose2d(x, w, { stride: [2, 2], padding: 1, outputShape: [8, 8] });
  wc.convTranspose3d(x, w, { padding: 'same_lower' });

  const layer = wc.createConv2d(w, { padding: 1 });
  const y: Tensor = layer.run(x);
  const resident: WasmTensor = wc.createTensor(x.data, x.shape);
  const output = new Float32Array(16);
  const into: Float32Array = layer.run(resident, { output }).data;
  layer.run(x, { output });
  wc.conv2d(resident, w, { padding: 1, output });
  wc.convTranspose2d(resident, w, { stride: 2, output: new Float32Array(81) });
  // Into a wasm tensor: the call returns it, and layers chain with no copy.
  const outTensor = wc.createTensor(new Float32Array(16), [1, 1, 4, 4]);
  const chained: WasmTensor = layer.run(layer.run(resident, { output: outTensor }), { output: wc.createTensor(new Float32Array(16), [1, 1, 4, 4]) });
  const fromStateless: WasmTensor = wc.conv2d(resident, w, { padding: 1, output: outTensor });
  resident.write(new Float32Array(16));
  const copy: Float32Array = resident.read();
  const residentShape: readonly number[] = resident.shape;
  resident.dispose();
  const input: Input = Math.random() > 0.5 ? x : wc.createTensor(new Float32Array(16), [1, 1, 4, 4]);
  console.log(into, copy, residentShape, layer.run(input).shape);
  const shape: number[] = layer.outputShape([1, 1, 8, 8]);
  layer.dispose();
  wc.createConv1d(w).dispose();
  wc.createConv3d(w).dispose();
  wc.createConvTranspose1d(w).dispose();
  wc.createConvTranspose2d(w, { stride: 2, outputPadding: 1 }).dispose();
  wc.createConvTranspose3d(w).dispose();

  const out: number[] = wc.outputShape('convTranspose2d', [1, 1, 4, 4], [1, 1, 3, 3], { stride: 2, outputPadding: 1 });
  const macs: number = wc.macs('conv2d', [1, 1, 4, 4], [1, 1, 3, 3], { bias: true });
  const params: number = wc.paramCount('conv2d', [32, 16, 3, 3], { bias: true, groups: 1 });
  const rf = wc.receptiveField([{ kernel: 3, dilation: 2 }, { kernel: 4, stride: 2, transposed: true }]);
  const size: number = rf[0].size + rf[1].jump;
  const m = wc.convMatrix('conv2d', [1, 1, 4, 4], w, { stride: 1 });
  const entries: number = m.rows * m.cols + m.data.length;
  const usage = wc.memoryUsage();
  wc.setMemoryLimit(usage.usedBytes + 1 << 20);
  const simd: boolean = wc.simd && alsoScalar.simd;
  const arch: string = wc.arch;
  try {
    wc.conv2d(x, w, { dilation: 9 });
  } catch (e) {
    if (e instanceof WasmconvError) {
      const code: 'invalid_argument' | 'out_of_memory' | 'load_failed' = e.code;
      console.log(code, e.message);
    }
  }
  console.log(a, y, shape, out, macs, params, size, entries, simd, arch);
}

void main();

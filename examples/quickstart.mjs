// The README's example, run by the tests (tests/js/examples.test.mjs, tests/js/readme.test.mjs)
// so it cannot rot. Everything from the import to the `up` line is the README's example, verbatim.
import { load } from 'wasmconv';

const wc = await load(); // relaxed SIMD where the engine has it, else SIMD, else scalar

// Tensors are { data: Float32Array, shape }, channels first: [N, C, H, W] (or [C, H, W]).
const x = { data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [1, 1, 4, 4] };
const w = { data: new Float32Array(9).fill(1 / 9), shape: [1, 1, 3, 3] }; // [C_out, C_in, kH, kW]

const blurred = wc.conv2d(x, w, { padding: 'same', paddingMode: 'reflect' });
const up = wc.convTranspose2d(x, { data: new Float32Array(16).fill(0.25), shape: [1, 1, 4, 4] },
  { stride: 2, padding: 1 }); // up.shape: [1, 1, 8, 8]

console.log(blurred.shape); // [1, 1, 4, 4]
console.log(up.shape); // [1, 1, 8, 8]

// Shape arithmetic without computing anything.
console.log(wc.outputShape('conv2d', [1, 3, 25, 25], [8, 3, 5, 5], { stride: 2 })); // [1, 8, 11, 11]
console.log(wc.paramCount('conv2d', [32, 16, 3, 3], { bias: true })); // 4640

// Invalid settings throw an Error that names the problem.
try {
  wc.conv2d(x, w, { dilation: 4 });
} catch (e) {
  console.log(e.message); // conv2d: dilated kernel 9 is larger than padded input 4 on axis H
}

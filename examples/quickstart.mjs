// The README's quick example, run by the tests (tests/js/examples.test.mjs) so it cannot rot.
import { load } from 'wasmconv';

const wc = await load(); // the SIMD build where WebAssembly SIMD is available, else scalar

// A 4x4 image and a 3x3 box kernel, NCHW.
const x = { data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [1, 1, 4, 4] };
const w = { data: new Float32Array(9).fill(1 / 9), shape: [1, 1, 3, 3] };

const blurred = wc.conv2d(x, w, { padding: 'same', paddingMode: 'reflect' });
console.log(blurred.shape); // [1, 1, 4, 4]

// Transposed convolution: 2x upsampling with a 4x4 kernel, stride 2, padding 1.
const up = wc.convTranspose2d(x, { data: new Float32Array(16).fill(0.25), shape: [1, 1, 4, 4] }, {
  stride: 2,
  padding: 1,
});
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

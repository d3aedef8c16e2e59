// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The README's image-to-image example, run by the tests (tests/js/examples.test.mjs,
// tests/js/readme.test.mjs): the lines from `const wc` to `toImageData` are the README's,
// verbatim. Its stand-ins for a real program's picture and trained weights: a 4x3 picture,
// and a x2 bilinear upscaler (the convolution passes each colour to a feature map of its
// own, the other 13 maps stay 0; the transposed convolution's 4x4 kernel is the outer
// product of [1, 3, 3, 1] / 4 with itself, per colour).
import { load } from 'wasmconv';

const image = { data: Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => (i * 37) % 256), width: 4, height: 3, channels: 3 };
const features = new Float32Array(16 * 3 * 9), upsample = new Float32Array(16 * 3 * 16);
const tent = [1, 3, 3, 1].map((v) => v / 4);
for (let c = 0; c < 3; c++) {
  features[(c * 3 + c) * 9 + 4] = 1; // map c = colour c (the kernel's centre)
  for (let i = 0; i < 16; i++) upsample[(c * 3 + c) * 16 + i] = tent[i >> 2] * tent[i & 3];
}
const weights = {
  features: { data: features, shape: [16, 3, 3, 3] }, featuresBias: new Float32Array(16),
  upsample: { data: upsample, shape: [16, 3, 4, 4] }, upsampleBias: new Float32Array(3),
};

const wc = await load();
// Two layers, weights packed once (PyTorch's layout; weightLayout: 'hwio' takes TF's).
const conv = wc.createConv2d(weights.features, { padding: 1, bias: weights.featuresBias, activation: 'relu' });
const up = wc.createConvTranspose2d(weights.upsample, { stride: 2, padding: 1, bias: weights.upsampleBias });
// Pixels to a [1, 3, H, W] tensor in 0..1 (in wasm memory), through both layers, and back to
// RGBA bytes: an ImageData in browsers, { data, width, height } in Node.
const x = wc.fromImage(image, { tensor: true });
const y = up.run(conv.run(x)); // [1, 3, 2H, 2W]
const result = wc.toImageData(y);

console.log(`${image.width}x${image.height} -> ${result.width}x${result.height}`);
// Output row 2 (between input rows 0 and 1, 1/4 and 3/4 of the way), red.
console.log(Array.from({ length: result.width }, (_, col) => result.data[(2 * result.width + col) * 4]).join(' '));
[x, conv, up].forEach((held) => held.dispose());

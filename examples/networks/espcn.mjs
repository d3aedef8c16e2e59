// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// An ESPCN-style upscaler (Shi et al. 2016) by a factor r: on the low-resolution RGB image,
// 5x5 (64 maps) and 3x3 (32 maps) convolutions with tanh, a 3x3 convolution to 3 r^2 maps,
// then the pixel shuffle, which moves map c r^2 + i r + j to pixel (r y + i, r x + j) of
// colour c. The shuffle is a transposed convolution: stride r, an r x r kernel, groups 3 (r^2
// maps in, one colour out per group), each map's kernel one-hot at its (i, j).
import { keptOutputs } from './outputs.mjs';
import { weightsFrom } from './weights.mjs';

/** The pixel shuffle of `channels` colours by `r`, as a transposed convolution's weights `[channels r^2, 1, r, r]`. */
export function pixelShuffleWeights(channels, r) {
  const data = new Float32Array(channels * r ** 4);
  for (let m = 0; m < channels * r * r; m++) data[m * r * r + (m % (r * r))] = 1;
  return { data, shape: [channels * r * r, 1, r, r] };
}

/** `run(x)`: x `[1, 3, H, W]` in 0..1; returns `[1, 3, r H, r W]`. */
export function espcn(wc, { seed = 1, scale: r = 2 } = {}) {
  const w = weightsFrom(seed);
  const conv = (cOut, cIn, k, activation) => {
    const { weight, bias } = w.conv(cOut, cIn, k, { batchNorm: false });
    return wc.createConv2d(weight, { bias, padding: (k - 1) / 2, activation });
  };
  const layers = [conv(64, 3, 5, 'tanh'), conv(32, 64, 3, 'tanh'), conv(3 * r * r, 32, 3),
    wc.createConvTranspose2d(pixelShuffleWeights(3, r), { stride: r, groups: 3 })];
  const run = keptOutputs(wc);
  return {
    run: (x) => layers.reduce((y, layer) => run(layer, y), x),
    dispose() {
      layers.forEach((layer) => layer.dispose());
      run.dispose();
    },
  };
}

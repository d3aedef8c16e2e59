// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The DCGAN generator (Radford et al. 2016, as in PyTorch's DCGAN example: a latent of 100,
// 64 feature maps at the last layer) from a latent vector to a 64x64 RGB image: five 4x4
// transposed convolutions, 1x1 -> 4x4 -> 8x8 -> 16x16 -> 32x32 -> 64x64, ReLU between them
// (batch norms folded) and tanh last, so the image's values lie in -1..1.
import { keptOutputs } from './outputs.mjs';
import { weightsFrom } from './weights.mjs';

/** `run(z)`: z `[N, latent, 1, 1]`; returns images `[N, 3, 64, 64]` in -1..1. */
export function dcganGenerator(wc, { seed = 1, latent = 100, features = 64 } = {}) {
  const w = weightsFrom(seed);
  const channels = [latent, features * 8, features * 4, features * 2, features, 3];
  const layers = channels.slice(1).map((cOut, i) => {
    const last = i === channels.length - 2;
    const { weight, bias } = w.conv(cOut, channels[i], 4, { transposed: true, batchNorm: !last });
    return wc.createConvTranspose2d(weight, {
      bias: last ? undefined : bias, // PyTorch's generator has no biases: only the folded norms give one
      stride: i === 0 ? 1 : 2,
      padding: i === 0 ? 0 : 1,
      activation: last ? 'tanh' : 'relu',
    });
  });
  const run = keptOutputs(wc);
  return {
    run: (z) => layers.reduce((x, layer) => run(layer, x), z),
    dispose() {
      layers.forEach((layer) => layer.dispose());
      run.dispose();
    },
  };
}

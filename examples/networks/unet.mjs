// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A small U-Net (Ronneberger et al. 2015, padded convolutions) from an image to a one-channel
// mask: per level two 3x3 convolutions with ReLU; down by a 2x2 stride-2 convolution (the
// all-convolutional variant of max pooling, which is not a convolution); up by a 2x2
// stride-2 transposed convolution; the skip's concatenation folded into the next convolution,
// conv([up; skip]) = conv_A(up) + conv_B(skip) (weights.mjs: splitInputChannels), the first
// passed to the second as its residual, so nothing is concatenated. Batch norms folded.
import { keptOutputs } from './outputs.mjs';
import { splitInputChannels, weightsFrom } from './weights.mjs';

/** `run(x)`: x `[1, 3, H, W]`, H and W multiples of 2^levels; returns the mask `[1, 1, H, W]`. */
export function uNet(wc, { seed = 1, width = 32, levels = 3 } = {}) {
  const w = weightsFrom(seed);
  const conv = (cOut, cIn, k, options = {}) => {
    const { weight, bias } = w.conv(cOut, cIn, k);
    return wc.createConv2d(weight, { bias, padding: k === 3 ? 1 : 0, ...options });
  };
  const relu = { activation: 'relu' };
  const down = [], up = [];
  let c = 3;
  for (let level = 0; level <= levels; level++) {
    const f = width << level;
    down.push({ a: conv(f, c, 3, relu), b: conv(f, f, 3, relu), pool: level < levels ? conv(f, f, 2, { stride: 2 }) : null });
    c = f;
  }
  for (let level = levels - 1; level >= 0; level--) {
    const f = width << level;
    const t = w.conv(f, 2 * f, 2, { transposed: true });
    const joined = w.conv(f, 2 * f, 3);
    const [fromUp, fromSkip] = splitInputChannels(joined.weight, f);
    up.push({ up: wc.createConvTranspose2d(t.weight, { bias: t.bias, stride: 2 }),
      fromUp: wc.createConv2d(fromUp, { padding: 1 }),
      fromSkip: wc.createConv2d(fromSkip, { bias: joined.bias, padding: 1, ...relu }),
      b: conv(f, f, 3, relu) });
  }
  const last = w.conv(1, width, 1, { batchNorm: false });
  const mask = wc.createConv2d(last.weight, { bias: last.bias, activation: 'sigmoid' });
  const run = keptOutputs(wc);
  return {
    run(x) {
      const skips = [];
      for (const d of down) {
        x = run(d.b, run(d.a, x));
        if (d.pool) skips.push(x), (x = run(d.pool, x));
      }
      for (const u of up) {
        const partial = run(u.fromUp, run(u.up, x));
        x = run(u.b, run(u.fromSkip, skips.pop(), { residual: partial }));
      }
      return run(mask, x);
    },
    dispose() {
      [...down.flatMap((d) => [d.a, d.b, d.pool]), ...up.flatMap((u) => [u.up, u.fromUp, u.fromSkip, u.b]), mask].forEach((l) => l?.dispose());
      run.dispose();
    },
  };
}

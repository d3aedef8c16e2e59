// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Seeded weights for the example networks, as a trained network's would be laid out once
// its batch norms are folded into the convolutions before it is run:
//   BN(conv(x) + b) = gamma * (conv(x) + b - mean) / sqrt(var + eps) + beta
//                   = conv'(x) + b'  with  w' = w * s,  b' = (b - mean) * s + beta,
// where s = gamma / sqrt(var + eps) per output channel. The values are random (He-uniform
// weights, batch-norm statistics near 1 and 0), so the networks compute what their shapes
// cost, not what a trained one would recognise.

/** A source of weights drawn from a seeded generator: the same seed gives the same network. */
export function weightsFrom(seed) {
  let state = (seed >>> 0) || 1;
  const uniform = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const values = (n, half) => Float32Array.from({ length: n }, () => (2 * uniform() - 1) * half);
  return {
    /**
     * A convolution's `{ weight, bias }`: weight `[cOut, cIn / groups, k, k]`, or with
     * `transposed` `[cIn, cOut / groups, k, k]`; with `batchNorm` (default) a batch norm of
     * random statistics folded in.
     */
    conv(cOut, cIn, k, { groups = 1, transposed = false, batchNorm = true } = {}) {
      const fanIn = (cIn / groups) * k * k;
      const shape = transposed ? [cIn, cOut / groups, k, k] : [cOut, cIn / groups, k, k];
      const data = values(shape.reduce((a, b) => a * b, 1), Math.sqrt(6 / fanIn));
      const bias = values(cOut, 0.1);
      if (batchNorm) {
        const perGroup = k * k * shape[1];
        for (let co = 0; co < cOut; co++) {
          const gamma = 1 + values(1, 0.2)[0], beta = values(1, 0.1)[0];
          const mean = values(1, 0.1)[0], variance = 1 + values(1, 0.2)[0];
          const s = gamma / Math.sqrt(variance + 1e-5);
          // The weights of output channel co: one slice of axis 0 (conv), or of axis 1 of
          // each input channel of its group (transposed).
          if (!transposed) for (let i = co * perGroup; i < (co + 1) * perGroup; i++) data[i] *= s;
          else {
            const cOutG = cOut / groups, cInG = cIn / groups, g = Math.floor(co / cOutG);
            for (let ci = g * cInG; ci < (g + 1) * cInG; ci++)
              for (let i = 0; i < k * k; i++) data[(ci * cOutG + (co % cOutG)) * k * k + i] *= s;
          }
          bias[co] = (bias[co] - mean) * s + beta;
        }
      }
      return { weight: { data, shape }, bias };
    },
  };
}

/**
 * Splits a convolution weight `[cOut, cA + cB, k, k]` into `[cOut, cA, k, k]` and
 * `[cOut, cB, k, k]`: a convolution over the concatenation of two inputs is the sum of one
 * convolution over each, conv([a; b]) = conv_A(a) + conv_B(b), which a layer computes by
 * taking the first as its `residual` (the U-Net's skips, with no concatenation copy).
 */
export function splitInputChannels({ data, shape }, cA) {
  const [cOut, cIn, kh, kw] = shape, k2 = kh * kw, cB = cIn - cA;
  const a = new Float32Array(cOut * cA * k2), b = new Float32Array(cOut * cB * k2);
  for (let co = 0; co < cOut; co++) {
    a.set(data.subarray(co * cIn * k2, (co * cIn + cA) * k2), co * cA * k2);
    b.set(data.subarray((co * cIn + cA) * k2, (co + 1) * cIn * k2), co * cB * k2);
  }
  return [{ data: a, shape: [cOut, cA, kh, kw] }, { data: b, shape: [cOut, cB, kh, kw] }];
}

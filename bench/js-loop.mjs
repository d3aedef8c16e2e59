// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark's plain JavaScript baseline: the direct formula of convolution and of
// transposed convolution (scatter-add), NCHW, float32 accumulation, 2-D only.

/** `s` a parsed setting, `x` and `w` its input and weights, `oh` x `ow` the output size. */
export function jsConv(s, x, w, oh, ow) {
  const cig = s.c / s.g;
  const transposed = s.op === 'convT';
  const cog = s.cOut / s.g;
  const y = new Float32Array(s.cOut * oh * ow);
  if (!transposed) {
    for (let co = 0; co < s.cOut; co++) {
      const g = Math.floor(co / cog);
      for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
        let acc = 0;
        for (let c = 0; c < cig; c++) for (let ky = 0; ky < s.k; ky++) {
          const iy = oy * s.s - s.p + ky * s.d;
          if (iy < 0 || iy >= s.h) continue;
          for (let kx = 0; kx < s.k; kx++) {
            const ix = ox * s.s - s.p + kx * s.d;
            if (ix < 0 || ix >= s.w) continue;
            acc += x[((g * cig + c) * s.h + iy) * s.w + ix] * w[((co * cig + c) * s.k + ky) * s.k + kx];
          }
        }
        y[(co * oh + oy) * ow + ox] = acc;
      }
    }
    return y;
  }
  for (let ci = 0; ci < s.c; ci++) {
    const g = Math.floor(ci / cig);
    for (let iy = 0; iy < s.h; iy++) for (let ix = 0; ix < s.w; ix++) {
      const v = x[(ci * s.h + iy) * s.w + ix];
      for (let c = 0; c < cog; c++) for (let ky = 0; ky < s.k; ky++) {
        const oy = iy * s.s - s.p + ky * s.d;
        if (oy < 0 || oy >= oh) continue;
        for (let kx = 0; kx < s.k; kx++) {
          const ox = ix * s.s - s.p + kx * s.d;
          if (ox < 0 || ox >= ow) continue;
          y[((g * cog + c) * oh + oy) * ow + ox] += v * w[((ci * cog + c) * s.k + ky) * s.k + kx];
        }
      }
    }
  }
  return y;
}

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Two ways to upsample by the stride s, both computed by the library, for the checkerboard
// view (Odena, Dumoulin, Olah 2016, "Deconvolution and checkerboard artifacts"):
//
// - Transposed convolution, stride s, a box kernel scaled by s_h s_w / (k_h k_w) so that an
//   output pixel gets the input's value on average. When k is not a multiple of s, output
//   pixels receive ceil(k/s) or floor(k/s) taps per axis: the brightness alternates.
// - Resize then convolve: nearest-neighbour resize by s (itself a transposed convolution
//   with an s x s kernel of ones and stride s: the copies never overlap), then a stride-1
//   convolution with the normalised box kernel ('same' padding, replicate border). Every
//   output pixel sums the same number of taps, so a flat input stays flat.

const box = ([kh, kw], gain) => ({ data: new Float32Array(kh * kw).fill(gain / (kh * kw)), shape: [1, 1, kh, kw] });

/** x: [1, 1, H, W]. Returns { transposed, resized } outputs (each [1, 1, ~sH, ~sW]). */
export function upsampleBothWays(wc, x, { kernel, stride, dilation }) {
  const [sh, sw] = stride;
  const transposed = wc.convTranspose2d(x, box(kernel, sh * sw), { stride, dilation, padding: 'same' });
  const nearest = wc.convTranspose2d(x, { data: new Float32Array(sh * sw).fill(1), shape: [1, 1, sh, sw] }, { stride });
  const resized = wc.conv2d(nearest, box(kernel, 1), { dilation, padding: 'same', paddingMode: 'replicate' });
  return { transposed, resized };
}

/**
 * A flat input of ones through the transposed convolution with a kernel of ones and the
 * page's options: each output pixel is exactly the number of taps landing on it.
 */
export function flatThroughTransposed(wc, [h, w], [kh, kw], options) {
  const ones = (n) => new Float32Array(n).fill(1);
  return wc.convTranspose2d({ data: ones(h * w), shape: [1, 1, h, w] }, { data: ones(kh * kw), shape: [1, 1, kh, kw] }, options);
}

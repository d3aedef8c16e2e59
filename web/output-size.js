// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The transposed mode's explicit output size (the library's `outputShape`, PyTorch's
// `output_size`, ONNX's `output_shape`). Per axis, with input i, stride s, dilation d and
// dilated kernel K = d(k - 1) + 1, the unpadded output is U = (i - 1)s + K; the library
// derives the padding from the size o by the ONNX rule
//   total = U + output_padding - o,  end = floor(total / 2),  begin = total - end
// (negative when the output grows), and accepts every o from 1 to U + max(s, d) - 1.
// The reachable sizes are the whole run 1..largest, so the page keeps only its end (a 4096
// input at stride 8 with a 3x3 kernel reaches 32,770 sizes). This file gives that end and
// carries a choice across inputs; which padding the library derived is read back from the
// library (views/explicit-padding.js).

/** The unpadded transposed output size U of one axis. */
export const unpaddedSize = (i, k, s, d) => (i - 1) * s + d * (k - 1) + 1;

/** The largest output size the library accepts on one axis: U + max(s, d) - 1. */
export const largestSize = (i, k, s, d) => unpaddedSize(i, k, s, d) + Math.max(s, d) - 1;

/** Every output size the library accepts on one axis, 1 .. largestSize (for the tests' sweeps). */
export function reachableSizes(i, k, s, d) {
  return Array.from({ length: largestSize(i, k, s, d) }, (_, n) => n + 1);
}

/**
 * The size the current padding gives on axis a when no output size is set (used to fill
 * the other axis when only one is chosen): U - p_begin - p_end + output_padding, i*s for
 * 'same', U + output_padding for 'valid'.
 */
export function automaticSize(state, a) {
  const [i, k, s, d] = [state.input[a], state.kernel[a], state.stride[a], state.dilation[a]];
  if (state.paddingName === 'same') return i * s;
  const op = state.outputPadding[a];
  if (state.paddingName === 'valid') return unpaddedSize(i, k, s, d) + op;
  return unpaddedSize(i, k, s, d) - state.padding.begin[a] - state.padding.end[a] + op;
}

/**
 * The image view's output size for the grid's choice: the same derived padding on the
 * image's own input, i.e. the same growth o - U relative to the unpadded size. The layer
 * (its padding) is what carries over; the size follows from the image's input.
 */
export function imageOutputSize(state, imageInput) {
  return [0, 1].map((a) => {
    const [k, s, d] = [state.kernel[a], state.stride[a], state.dilation[a]];
    const growth = state.outputSize[a] - unpaddedSize(state.input[a], k, s, d);
    return unpaddedSize(imageInput[a], k, s, d) + growth;
  });
}

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The checkerboard view's stack of upsampling (transposed) layers in the URL, validated like
// the rest of state.js's vocabulary:
//
//   upsampling        1 to 3 comma-separated layers, each the kernel size and `s` stride:
//                     3s2,3s2,3s2 (absent: that stack, the compounding checkerboard)
//   upsampling-input  the side of the square input of ones the stack starts from (absent: 4)
//
// Square kernels and strides: the overlap of a kernel of ones is the product of the two
// axes' overlaps, so one size per layer shows the pattern.

export const MAX_UPSAMPLING = 3;
export const UPSAMPLING_LIMITS = { kernel: [1, 8], stride: [1, 4], input: [1, 8] };

const layer = (kernel, stride) => ({ kernel, stride });

// The two stacks Distill's "Deconvolution and Checkerboard Artifacts" contrasts.
export const UPSAMPLING_PRESETS = {
  'Three 3×3, stride 2 (uneven)': [layer(3, 2), layer(3, 2), layer(3, 2)],
  'Three 4×4, stride 2 (even)': [layer(4, 2), layer(4, 2), layer(4, 2)],
};

export const UPSAMPLING_DEFAULTS = Object.freeze({ upsampling: null, upsamplingInput: 4 });
export const DEFAULT_UPSAMPLING = UPSAMPLING_PRESETS['Three 3×3, stride 2 (uneven)'];

/** `upsampling=...` -> [{ kernel, stride }]; throws a message that says what to write. */
export function parseUpsampling(text) {
  const items = text.split(',');
  if (items.length > MAX_UPSAMPLING) throw new Error(`upsampling=${text}: at most ${MAX_UPSAMPLING} layers, e.g. 3s2,3s2,3s2`);
  return items.map((item) => {
    const m = /^(\d{1,2})(?:s(\d{1,2}))?$/.exec(item);
    if (!m) throw new Error(`upsampling=${text}: "${item}" is not a layer such as 3s2 (kernel 3, stride 2) or 4`);
    const l = layer(Number(m[1]), Number(m[2] ?? 1));
    for (const key of ['kernel', 'stride']) {
      const [lo, hi] = UPSAMPLING_LIMITS[key];
      if (l[key] < lo || l[key] > hi) throw new Error(`upsampling=${text}: ${key} ${l[key]} in "${item}" must be from ${lo} to ${hi}`);
    }
    return l;
  });
}

/** The inverse of parseUpsampling (stride 1 left out). */
export const formatUpsampling = (layers) => layers.map((l) => `${l.kernel}${l.stride !== 1 ? `s${l.stride}` : ''}`).join(',');

/** Reads both parameters into `state` (their defaults first); `take(key, fn)` collects the errors (state.js). */
export function parseUpsamplingParams(state, take) {
  Object.assign(state, UPSAMPLING_DEFAULTS);
  take('upsampling', (v) => (state.upsampling = parseUpsampling(v)));
  take('upsampling-input', (v) => {
    const [lo, hi] = UPSAMPLING_LIMITS.input;
    if (!/^\d{1,2}$/.test(v) || Number(v) < lo || Number(v) > hi) throw new Error(`upsampling-input=${v} must be a number from ${lo} to ${hi}`);
    state.upsamplingInput = Number(v);
  });
}

/** Writes the parameters that differ from the defaults into `params` (URLSearchParams). */
export function serializeUpsampling(state, params) {
  if (state.upsampling) params.set('upsampling', formatUpsampling(state.upsampling));
  if (state.upsamplingInput !== UPSAMPLING_DEFAULTS.upsamplingInput) params.set('upsampling-input', String(state.upsamplingInput));
}

/** The two parameters for state.js's parseState and serializeState (`more`). */
export const UPSAMPLING_PARAMS = { parse: parseUpsamplingParams, serialize: serializeUpsampling };

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// What to do about a layer the library refuses, in the reader's terms: what does not fit,
// then the change that makes it fit, e.g.
//   "The 7×3 kernel is larger than the 5×5 input: add padding ≥ 1 on H or shrink the kernel."
// The numbers follow the library's rules (src/core/plan.cc), per axis H and W, with the
// dilated kernel K = d(k - 1) + 1:
//   convolution  needs K <= i + p_begin + p_end; the padding offered is the smallest
//                symmetric p with i + 2p >= K, p = ceil((K - i) / 2);
//   transposed   needs (i - 1)s + K + output_padding - p_begin - p_end >= 1, so the
//                padding may total at most (i - 1)s + K + output_padding - 1.
// Settings these rules do not cover (a crafted output size, groups) keep the library's own
// message, without the name of the API function that raised it.

const AXES = ['H', 'W'];
const times = (pair) => pair.join('×');
const pairText = ([a, b]) => (a === b ? String(a) : `${a}×${b}`);

/** The library's message without its leading API function name ("outputShape: ..."). */
export const withoutApiName = (message) => message.replace(/^[a-z]\w*: /, '');

/**
 * The message for a layer the library refuses, or null when these rules find nothing
 * wrong. `input` is the input size the layer runs on (the image's, in the image view).
 */
export function layerProblem(state, input = state.input) {
  if (state.mode === 'transposed') return state.outputSize ? null : transposedProblem(state, input);
  return convProblem(state, input);
}

const explicitPads = (state) => (state.paddingName === 'valid' ? { begin: [0, 0], end: [0, 0] } : state.padding);
const spanOf = (state) => [0, 1].map((a) => state.dilation[a] * (state.kernel[a] - 1) + 1);

// "≥ 1 on H", "≥ 1 on H and W", "≥ 1 on H and ≥ 2 on W".
function perAxis(axes, values, relation) {
  if (axes.length === 2 && values[0] === values[1]) return `${relation} ${values[0]} on H and W`;
  return axes.map((a, n) => `${relation} ${values[n]} on ${AXES[a]}`).join(' and ');
}

function convProblem(state, input) {
  if (state.paddingName === 'same') return null; // 'same' always pads enough
  const pads = explicitPads(state);
  const span = spanOf(state);
  const padded = [0, 1].map((a) => input[a] + pads.begin[a] + pads.end[a]);
  const short = [0, 1].filter((a) => span[a] > padded[a]);
  if (short.length === 0) return null;
  const need = short.map((a) => Math.ceil((span[a] - input[a]) / 2));
  const dilated = short.some((a) => state.dilation[a] > 1);
  const kernel = state.dilation.some((d) => d > 1)
    ? `The ${times(state.kernel)} kernel with dilation ${pairText(state.dilation)} spans ${times(span)}, larger than`
    : `The ${times(state.kernel)} kernel is larger than`;
  const unpadded = [0, 1].every((a) => padded[a] === input[a]);
  const what =
    state.paddingName === 'valid'
      ? `the ${times(input)} input ('valid' adds no padding)`
      : unpadded
        ? `the ${times(input)} input`
        : `the ${times(input)} input padded to ${times(padded)}`;
  const noneYet = state.paddingName === null && short.every((a) => pads.begin[a] + pads.end[a] === 0);
  const verb = state.paddingName === 'valid' ? 'use explicit padding' : noneYet ? 'add padding' : 'use padding';
  const shrink = dilated ? 'shrink the kernel or its dilation' : 'shrink the kernel';
  return `${kernel} ${what}: ${verb} ${perAxis(short, need, '≥')} or ${shrink}.`;
}

function transposedProblem(state, input) {
  if (state.paddingName !== null) return null; // 'same' and 'valid' always leave an output
  const span = spanOf(state);
  const { begin, end } = state.padding;
  const full = [0, 1].map((a) => (input[a] - 1) * state.stride[a] + span[a] + state.outputPadding[a]);
  const short = [0, 1].filter((a) => full[a] - begin[a] - end[a] < 1);
  if (short.length === 0) return null;
  const most = short.map((a) => full[a] - 1);
  const cropped = short
    .map((a) => `${begin[a]} + ${end[a]} ${a === 0 ? 'rows' : 'columns'} off ${full[a]} on ${AXES[a]}`)
    .join(', ');
  return (
    `The padding crops away the whole output of this transposed convolution (${cropped}): ` +
    `lower the padding to a total ${perAxis(short, most, '≤')} or enlarge the input, stride or kernel.`
  );
}

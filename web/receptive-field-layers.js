// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The receptive-field view's stack of layers in the URL (`layers`): comma-separated
// layers, each the kernel size with optional stride `s`, dilation `d`, padding `p` (on
// every side) and `t` for a transposed layer, e.g. `3,3d2,3d4,3d8`, `3p1,3s2p1` or
// `3s2,3s2,4s2t,4s2t`. Absent: the dilations 1, 2, 4, 8 preset.

const conv = (kernel, stride = 1, dilation = 1, padding = 0, transposed = false) => ({ kernel, stride, dilation, padding, transposed });

export const LAYER_PRESETS = {
  'Dilations 1, 2, 4, 8': [1, 2, 4, 8].map((d) => conv(3, 1, d)),
  // VGG's observation: the field of one 7x7 layer from 27 weights per channel pair, not 49.
  'Three 3x3 (one 7x7)': [0, 1, 2].map(() => conv(3)),
  'Three 3x3, stride 2': [0, 1, 2].map(() => conv(3, 2)),
  // Padding 1 on every layer: an effective padding of 1 + 1 + 1·2 + 1·2 = 6.
  'Padding 1, strides 2': [1, 2, 1, 2].map((s) => conv(3, s, 1, 1)),
  'Encoder and decoder': [
    conv(3, 2),
    conv(3, 2),
    conv(4, 2, 1, 0, true),
    conv(4, 2, 1, 0, true),
  ],
};

export const DEFAULT_LAYERS = LAYER_PRESETS['Dilations 1, 2, 4, 8'];
const MAX_LAYERS = 16;
export const LIMITS = { kernel: [1, 15], stride: [1, 8], dilation: [1, 16], padding: [0, 16] };

/** `layers=...` -> [{ kernel, stride, dilation, padding, transposed }]; throws a readable message. */
export function parseLayers(text) {
  const items = text.split(',');
  if (items.length > MAX_LAYERS) throw new Error(`layers=${text}: at most ${MAX_LAYERS} layers`);
  return items.map((item) => {
    const m = /^(\d{1,2})(?:s(\d{1,2}))?(?:d(\d{1,2}))?(?:p(\d{1,2}))?(t?)$/.exec(item);
    if (!m) throw new Error(`layers=${text}: "${item}" is not a layer such as 3, 3s2, 3d2, 3p1 or 4s2t`);
    const layer = conv(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1), Number(m[4] ?? 0), m[5] === 't');
    for (const [name, [lo, hi]] of Object.entries(LIMITS)) {
      if (layer[name] < lo || layer[name] > hi) throw new Error(`layers=${text}: ${name} ${layer[name]} in "${item}" must be from ${lo} to ${hi}`);
    }
    return layer;
  });
}

/** The inverse of parseLayers (stride and dilation 1, padding 0 left out). */
export const formatLayers = (layers) =>
  layers
    .map(
      (l) =>
        `${l.kernel}${l.stride !== 1 ? `s${l.stride}` : ''}${l.dilation !== 1 ? `d${l.dilation}` : ''}${l.padding ? `p${l.padding}` : ''}${l.transposed ? 't' : ''}`,
    )
    .join(',');

/** The layers as wc.receptiveField takes them (the field's size does not depend on padding). */
export const fieldSpecs = (layers) => layers.map(({ padding, ...l }) => l);

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A recorded network graph (bench/net-graph.mjs) as a TensorFlow.js program, NHWC, the way
// a tfjs user writes one: weights moved once, at setup, to tfjs's filter layouts (conv2d
// [kh, kw, in, out]; depthwise [kh, kw, C, multiplier]; conv2dTranspose [kh, kw, out, in]);
// tf.fused.conv2d / tf.fused.depthwiseConv2d with the bias and, where tfjs fuses it and no
// residual comes between, the activation (relu, relu6, sigmoid); a residual as tf.add
// before the activation, which then follows as its own op, as tanh always does (tfjs has no
// fused tanh). tf.conv2dTranspose has neither bias nor groups: its bias is a tf.add, and a
// grouped transposed layer (ESPCN's pixel shuffle) is given as the dense one it equals,
// zeros off its groups' blocks.

const UNFUSED = { relu: 'relu', relu6: 'relu6', sigmoid: 'sigmoid', tanh: 'tanh' };
const FUSABLE = ['relu', 'relu6', 'sigmoid'];

// [[0, 0], [top, bottom], [left, right], [0, 0]]: tfjs's explicit NHWC padding.
const explicit = ([ph, pw]) => [[0, 0], [ph, ph], [pw, pw], [0, 0]];

// A convolution's filter: [kh, kw, in, out], or for a depthwise layer [kh, kw, C, multiplier].
function convFilter(tf, { weight: { data, shape: [cOut, cig, kh, kw] }, groups }, depthwise) {
  const cIn = cig * groups;
  const f = new Float32Array(data.length);
  for (let co = 0; co < cOut; co++) for (let c = 0; c < cig; c++) for (let t = 0; t < kh * kw; t++) {
    const src = data[(co * cig + c) * kh * kw + t];
    if (depthwise) f[t * cOut + co] = src; // channel co / mult, multiplier co % mult: index co
    else f[(t * cIn + c) * cOut + co] = src;
  }
  return tf.tensor4d(f, depthwise ? [kh, kw, cIn, cOut / cIn] : [kh, kw, cIn, cOut]);
}

// A transposed layer's filter [kh, kw, out, in], dense: a grouped layer's weights
// [in, out / groups, kh, kw] placed in their group's block.
function transposedFilter(tf, { weight: { data, shape: [cIn, cog, kh, kw] }, groups }) {
  const cOut = cog * groups, cig = cIn / groups;
  const f = new Float32Array(kh * kw * cOut * cIn);
  for (let ci = 0; ci < cIn; ci++) for (let o = 0; o < cog; o++) for (let t = 0; t < kh * kw; t++) {
    const co = Math.floor(ci / cig) * cog + o;
    f[(t * cOut + co) * cIn + ci] = data[(ci * cog + o) * kh * kw + t];
  }
  return tf.tensor4d(f, [kh, kw, cOut, cIn]);
}

/**
 * The tfjs program of `graph` (`tf`: tfjs-core with a backend set). `run(x)` takes the input
 * as an NHWC tf tensor and returns the output as a new NHWC tensor (the caller disposes both);
 * `dispose()` frees the weights.
 */
export function tfjsProgram(tf, graph) {
  const prepared = graph.layers.map((l) => {
    const cIn = l.transposed ? l.weight.shape[0] : l.weight.shape[1] * l.groups;
    const depthwise = !l.transposed && l.groups > 1 && l.groups === cIn;
    if (!l.transposed && l.groups > 1 && !depthwise) throw new Error('tfjs-graph: a grouped convolution that is not depthwise');
    if (l.transposed && (l.dilation[0] !== 1 || l.dilation[1] !== 1)) throw new Error('tfjs-graph: tf.conv2dTranspose has no dilation');
    return { l, depthwise, filter: l.transposed ? transposedFilter(tf, l) : convFilter(tf, l, depthwise),
      bias: l.bias ? tf.tensor1d(l.bias) : null };
  });
  const step = ({ l, depthwise, filter, bias }, x, residual, [n, c, h, w]) => {
    let y;
    if (l.transposed) {
      const [ph, pw] = l.padding;
      // 'valid' for none, as bench/runners.mjs maps a transposed setting; else explicit.
      const pad = ph === 0 && pw === 0 ? 'valid' : ph === pw ? ph : explicit(l.padding);
      y = tf.conv2dTranspose(x, filter, [n, h, w, c], l.stride, pad);
      if (bias) y = tf.add(y, bias);
    } else {
      const fused = residual === null && FUSABLE.includes(l.activation);
      const call = { x, filter, strides: l.stride, pad: explicit(l.padding), dilations: l.dilation, bias: bias ?? undefined,
        activation: fused ? l.activation : 'linear' };
      y = depthwise ? tf.fused.depthwiseConv2d(call) : tf.fused.conv2d(call);
      if (fused) return y;
    }
    if (residual !== null) y = tf.add(y, residual);
    return l.activation ? tf[UNFUSED[l.activation]](y) : y;
  };
  return {
    run: (x) => tf.tidy(() => {
      const values = [x];
      for (const node of graph.nodes) {
        values.push(step(prepared[node.layer], values[node.x], node.residual === null ? null : values[node.residual], node.shape));
      }
      return values[graph.output];
    }),
    dispose() {
      for (const p of prepared) p.filter.dispose(), p.bias?.dispose();
    },
  };
}

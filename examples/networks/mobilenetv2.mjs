// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// MobileNetV2 (Sandler et al. 2018, width 1.0) from an image to class logits: a 3x3 stem,
// 17 inverted residual blocks (1x1 expansion, 3x3 depthwise, 1x1 linear projection, a skip
// where the shape allows), a 1x1 head, global average pooling as a depthwise convolution
// whose kernel is the whole feature map (each weight 1 / (H * W)), and the classifier as a
// 1x1 convolution (a fully connected layer on a 1x1 map). Batch norms folded (weights.mjs).
import { keptOutputs } from './outputs.mjs';
import { weightsFrom } from './weights.mjs';

// Per stage: expansion t, output channels c, blocks n, first block's stride s.
const STAGES = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];

/**
 * `run(x)`: x `[1, 3, H, W]` (224 x 224 as trained), normalised; returns the logits
 * `[1, classes, 1, 1]`. With `layout: 'nhwc'` (faster here), x is `[1, H, W, 3]` and the logits
 * `[1, 1, 1, classes]`.
 */
export function mobileNetV2(wc, { seed = 1, classes = 1000, layout = 'nchw' } = {}) {
  const w = weightsFrom(seed);
  const conv = (cOut, cIn, k, { batchNorm = true, ...options } = {}) => {
    const { weight, bias } = w.conv(cOut, cIn, k, { groups: options.groups, batchNorm });
    return wc.createConv2d(weight, { bias, padding: (k - 1) / 2, layout, ...options });
  };
  const layers = { stem: conv(32, 3, 3, { stride: 2, activation: 'relu6' }), blocks: [] };
  let c = 32;
  for (const [t, cOut, n, s] of STAGES) {
    for (let i = 0; i < n; i++, c = cOut) {
      layers.blocks.push({
        expand: t > 1 ? conv(c * t, c, 1, { activation: 'relu6' }) : null,
        depthwise: conv(c * t, c * t, 3, { stride: i ? 1 : s, groups: c * t, activation: 'relu6' }),
        project: conv(cOut, c * t, 1),
        skip: i > 0, // stride 1 and as many channels out as in
      });
    }
  }
  layers.head = conv(1280, 320, 1, { activation: 'relu6' });
  layers.classifier = conv(classes, 1280, 1, { batchNorm: false });
  const run = keptOutputs(wc);
  let pool = null, pooled = '';
  const averagePool = (x) => {
    const [, ch, h, wd] = layout === 'nhwc' ? [0, x.shape[3], x.shape[1], x.shape[2]] : x.shape;
    if (pooled !== `${h}x${wd}`) {
      pool?.dispose();
      pool = wc.createConv2d({ data: new Float32Array(ch * h * wd).fill(1 / (h * wd)), shape: [ch, 1, h, wd] }, { groups: ch, layout });
      pooled = `${h}x${wd}`;
    }
    return run(pool, x);
  };
  return {
    run(x) {
      x = run(layers.stem, x);
      for (const b of layers.blocks) {
        const hidden = run(b.depthwise, b.expand ? run(b.expand, x) : x);
        x = run(b.project, hidden, b.skip ? { residual: x } : {});
      }
      return run(layers.classifier, averagePool(run(layers.head, x)));
    },
    dispose() {
      [layers.stem, ...layers.blocks.flatMap((b) => [b.expand, b.depthwise, b.project]), layers.head, layers.classifier, pool]
        .forEach((layer) => layer?.dispose());
      run.dispose();
    },
  };
}

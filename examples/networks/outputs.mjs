// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Runs layers into wasm tensors that are kept between runs: each layer writes its result in
// wasm memory, the next layer reads it in place (no copy between layers), and a second run
// on an input of the same shape allocates nothing.

/** `run(layer, x, { residual })`: the layer's result on `x`, in a tensor kept for that layer. */
export function keptOutputs(wc) {
  const kept = new Map();
  const run = (layer, x, options = {}) => {
    const shape = layer.outputShape(x.shape);
    let entry = kept.get(layer);
    if (entry?.key !== String(shape)) {
      entry?.tensor.dispose();
      entry = { key: String(shape), tensor: wc.createTensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape) };
      kept.set(layer, entry);
    }
    return layer.run(x, { ...options, output: entry.tensor });
  };
  /** Frees the kept tensors (the layers' own dispose() frees their weights). */
  run.dispose = () => {
    for (const { tensor } of kept.values()) tensor.dispose();
    kept.clear();
  };
  return run;
}

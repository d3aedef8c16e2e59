// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The kernel's own time, for the status line's GFLOP/s: the first call of a job is cold
// (wasm memory grown, caches empty) and includes copying the input in and the output out,
// which is the end-to-end figure's business, not the kernel's. Here each band's input and
// output are wasm tensors made before the clock starts, so one timed call is the library's
// convolution alone; a run is the bands' sum (the same split as the drawn result).
import { planBands, sliceRows } from './bands.js';

/**
 * How many runs after a first run of `firstMs`: as many as fit about BUDGET_MS more work, 1
 * to 15. Only the later half of them is reported (kernelTime): a browser starts wasm in its
 * baseline compiler and swaps in the optimised code only once a function is hot, so on a
 * small image the first few runs measured the baseline code, 5-10 times slower (a 256x256
 * blur read 0.5-2.7 GFLOP/s in Chromium where the same call runs at 10-15 warm).
 */
export function warmRuns(firstMs) {
  const BUDGET_MS = 400;
  return Math.max(1, Math.min(15, Math.floor(BUDGET_MS / Math.max(firstMs, 1e-3))));
}

/** The reported time of `times` (in run order): the median of their later half, and its count. */
export function kernelTime(times) {
  const later = times.slice(Math.floor(times.length / 2));
  return { runs: later.length, ms: median(later) };
}

/** The median of numbers. */
export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * Times one run of op(x, w, options) band by band: yields each band's kernel milliseconds,
 * so the caller can yield to newer requests between bands.
 */
export function* timeBands(wc, op, x, w, options, count) {
  const plan = planBands(wc, op, x.shape, w.shape, options, count);
  // Bands no input reaches are only bias: no kernel to time.
  const bands = plan ? plan.filter((b) => b.options) : [{ options }];
  for (const band of bands) {
    const [part, partOptions] = [plan ? sliceRows(x, band.in0, band.in1) : x, band.options];
    const shape = wc.outputShape(op, part.shape, w.shape, partOptions);
    const input = wc.createTensor(part.data, part.shape);
    const output = wc.createTensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
    try {
      const t0 = performance.now();
      wc[op](input, w, { ...partOptions, output });
      yield performance.now() - t0;
    } finally {
      input.dispose();
      output.dispose();
    }
  }
}

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's status line. Two times, because they answer different questions: end
// to end (from the request to the last band drawn: decoding a file, copies, conversion to
// floats and back, drawing) is what the page feels like; the kernel alone (the median of a
// few warm runs on tensors already in wasm memory) is what the library does, and the
// GFLOP/s is 2 x MACs over it. One cold call with its copies, as before, measured neither.

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** GFLOP/s of `macs` multiply-accumulates in `ms` milliseconds. */
export const gflops = (macs, ms) => (2 * macs) / ms / 1e6;

/**
 * The status text. `done`: { params, macs, simd, relaxed, bands } from the worker, `e2e` in
 * ms; `kernel`: { runs, ms } once timed (runs 0: a camera frame's one call), else null.
 */
export function statusText(done, e2e, kernel) {
  const build = done.relaxed ? 'relaxed-SIMD' : done.simd ? 'SIMD' : 'scalar';
  let time = 'kernel: timing a few warm runs…';
  if (kernel && kernel.runs > 0) {
    const runs = kernel.runs === 1 ? 'one warm run' : `median of ${kernel.runs} warm runs`;
    time = `kernel alone ${kernel.ms.toFixed(3)} ms, ${runs} (${gflops(done.macs, kernel.ms).toFixed(2)} GFLOP/s)`;
  } else if (kernel) {
    time = `kernel with its copies ${kernel.ms.toFixed(3)} ms, one call per camera frame (${gflops(done.macs, kernel.ms).toFixed(2)} GFLOP/s)`;
  }
  const count = (n) => n.toLocaleString('en-US'); // 900,000,000 reads better than 900000000
  return `${count(done.params)} parameters, ${count(done.macs)} multiply-accumulates. End to end ${e2e.toFixed(1)} ms (decoding, copies, conversion, drawing); ${time}; the ${build} build, ${plural(done.bands, 'band')}.`;
}

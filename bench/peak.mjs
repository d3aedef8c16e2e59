// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Measures the f32x4 mul+add peak (bench/peak_muladd.cc, built into the wasm-simd build
// tree by scripts/bench.sh) in this process, so ratios against it are fair. Every run's
// result is checked against the closed form of its chains, so a probe that the compiler
// or the engine shortcut would fail loudly instead of reporting a fantasy peak.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const STEP = 1e-7;

// What the probe's chains hold after n iterations: per chain i, two lanes of
// m = (1 + i) k^n (peak_mul_sum) and two of a = i + n k (peak_muladd's result).
export function expectedPeakSums(iterations, chains) {
  const k = Math.fround(1 + STEP);
  let mul = 0;
  let add = 0;
  for (let i = 0; i < chains; i++) {
    mul += 2 * (1 + i) * k ** iterations;
    add += 2 * (i + iterations * k);
  }
  return { mul, add };
}

// Float rounding over 2e6 steps drifts the sums by under 1% (0.6% measured for the
// multiplies); a skipped multiply chain is off by 21% (k^n = 1.27), a skipped add by ~100%.
function checkSums(got, want) {
  for (const op of ['mul', 'add']) {
    if (!(Math.abs(got[op] - want[op]) <= 0.05 * want[op])) {
      throw new Error(`peak probe: ${op} chains hold ${got[op]}, expected about ${want[op]}`);
    }
  }
}

export async function measurePeak() {
  const root = process.env.WASMCONV_BUILD_ROOT ?? resolve(new URL('..', import.meta.url).pathname, 'build');
  const dir = resolve(root, 'wasm-simd', 'bench');
  const { default: createPeak } = await import(pathToFileURL(resolve(dir, 'peak_muladd.mjs')).href);
  const module = await createPeak({ wasmBinary: await readFile(resolve(dir, 'peak_muladd.wasm')) });
  const flopsPerIteration = module._peak_flops_per_iteration();
  const chains = flopsPerIteration / 8;
  const iterations = 2_000_000;
  const want = expectedPeakSums(iterations, chains);
  let best = 0;
  for (let run = 0; run < 20; run++) {
    const t0 = performance.now();
    const add = module._peak_muladd(iterations, STEP);
    const ms = performance.now() - t0;
    checkSums({ mul: module._peak_mul_sum(), add }, want);
    if (run >= 3) best = Math.max(best, (iterations * flopsPerIteration) / ms / 1e6);
  }
  return best;
}

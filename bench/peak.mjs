// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Measures the f32x4 mul+add peak (bench/peak_muladd.cc, built into the wasm-simd build
// tree by scripts/bench.sh) in this process, so ratios against it are fair.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function measurePeak() {
  const root = process.env.WASMCONV_BUILD_ROOT ?? resolve(new URL('..', import.meta.url).pathname, 'build');
  const dir = resolve(root, 'wasm-simd', 'bench');
  const { default: createPeak } = await import(pathToFileURL(resolve(dir, 'peak_muladd.mjs')).href);
  const module = await createPeak({ wasmBinary: await readFile(resolve(dir, 'peak_muladd.wasm')) });
  const iterations = 2_000_000;
  let best = 0;
  for (let run = 0; run < 15; run++) {
    const t0 = performance.now();
    module._peak_muladd(iterations, 1);
    const ms = performance.now() - t0;
    if (run >= 3) best = Math.max(best, (iterations * 16 * 4) / ms / 1e6);
  }
  return best;
}

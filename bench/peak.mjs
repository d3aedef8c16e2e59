// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Measures the f32x4 mul+add peak (bench/peak_muladd.cc, built into the wasm-simd build
// tree by scripts/bench.sh) in this process, so ratios against it are fair. Node reads the
// probe from the build tree; the browser mode's page passes `probeUrl`, the folder URL it
// serves the probe from (Node modules are imported only in Node).

async function loadProbe(probeUrl) {
  if (probeUrl) {
    const { default: createPeak } = await import(new URL('peak_muladd.mjs', probeUrl).href);
    return createPeak();
  }
  const [{ readFile }, { resolve }, { pathToFileURL }] = await Promise.all([
    import('node:fs/promises'), import('node:path'), import('node:url')]);
  const root = process.env.WASMCONV_BUILD_ROOT ?? resolve(new URL('..', import.meta.url).pathname, 'build');
  const dir = resolve(root, 'wasm-simd', 'bench');
  const { default: createPeak } = await import(pathToFileURL(resolve(dir, 'peak_muladd.mjs')).href);
  return createPeak({ wasmBinary: await readFile(resolve(dir, 'peak_muladd.wasm')) });
}

export async function measurePeak(probeUrl) {
  const module = await loadProbe(probeUrl);
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

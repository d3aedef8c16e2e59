// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Measures the f32x4 mul+add peak (bench/peak_muladd.cc, built into the wasm-simd build
// tree by scripts/build-peak.sh) in this process, so ratios against it are fair: once at
// the start (the header's figure) and, through `call`, in every setting's own timing
// rounds (the table's "vs peak" column, bench/core.mjs). Node reads the probe from the
// build tree; the browser mode's page passes `probeUrl`, the folder URL it serves the
// probe from (Node modules are imported only in Node). Every call's result is checked
// against the closed form of its chains, so a probe that the compiler or the engine
// shortcut would fail loudly instead of reporting a fantasy peak.

const STEP = 1e-7;

// Iterations of one probe call, for the header's figure and in a setting's rounds (about
// 3.3 ms at 34 GFLOP/s): fewer would weaken the call's own check (a multiply chain left out
// changes its sum by 1 - 1/k^n: 21% at 2e6, under 6% at 5e5, against the check's 5%
// tolerance).
export const PROBE_ITERATIONS = 2_000_000;

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

/**
 * In Node: the probe's folder in the build tree (WASMCONV_BUILD_ROOT, default build/),
 * after checking that the probe is built there (a clear error if not). The browser modes
 * (bench/browser.mjs) call it before they launch Chromium to serve that folder.
 */
export async function probeBuildFolder() {
  const [{ existsSync }, { resolve }] = await Promise.all([import('node:fs'), import('node:path')]);
  const root = process.env.WASMCONV_BUILD_ROOT ?? resolve(new URL('..', import.meta.url).pathname, 'build');
  const dir = resolve(root, 'wasm-simd', 'bench');
  const glue = resolve(dir, 'peak_muladd.mjs');
  if (!existsSync(glue)) throw new Error(`${glue} is missing: build it with bash scripts/build-peak.sh (npm run bench does)`);
  return dir;
}

// `name`: peak_muladd or peak_fma (their .mjs glue and .wasm side by side).
async function loadProbe(probeUrl, name) {
  if (probeUrl) {
    const { default: create } = await import(new URL(`${name}.mjs`, probeUrl).href);
    return create();
  }
  const [{ readFile }, { resolve }, { pathToFileURL }] = await Promise.all([
    import('node:fs/promises'), import('node:path'), import('node:url')]);
  const dir = await probeBuildFolder();
  const { default: create } = await import(pathToFileURL(resolve(dir, `${name}.mjs`)).href);
  return create({ wasmBinary: await readFile(resolve(dir, `${name}.wasm`)) });
}

// A probe as measurePeak times it: `flopsPerIteration` (read from the module's
// `flopsExport`) and `call(iterations)`, which runs the module and checks its chains
// through `run(module, iterations, chains)`, 8 flops per chain and iteration.
async function checkedProbe(probeUrl, name, flopsExport, run) {
  const module = await loadProbe(probeUrl, name);
  const flopsPerIteration = module[flopsExport]();
  const chains = flopsPerIteration / 8;
  return { flopsPerIteration, call: (iterations) => run(module, iterations, chains) };
}

/**
 * The loaded probe: `call(iterations)` runs it once and checks its chains (use 2e6
 * iterations or more: with fewer, the check above stops telling a skipped multiply chain
 * from rounding); a call does iterations x `flopsPerIteration` flops. `probeUrl` as for
 * the browser mode (absent in Node).
 */
export function loadPeakProbe(probeUrl) {
  return checkedProbe(probeUrl, 'peak_muladd', '_peak_flops_per_iteration', (module, iterations, chains) => {
    const add = module._peak_muladd(iterations, STEP);
    checkSums({ mul: module._peak_mul_sum(), add }, expectedPeakSums(iterations, chains));
  });
}

// a_n of the FMA probe's chains, a <- a * k + c from a_0 = 1 + i, summed over two lanes
// of each (peak_fma.cc): k^n a_0 + c (k^n - 1) / (k - 1).
export function expectedFmaSum(iterations, chains) {
  const k = Math.fround(1 + STEP);
  const c = Math.fround(STEP);
  const kn = k ** iterations;
  let sum = 0;
  for (let i = 0; i < chains; i++) sum += 2 * ((1 + i) * kn + (c * (kn - 1)) / (k - 1));
  return sum;
}

/**
 * The fused multiply-add probe (bench/peak_fma.cc), the ceiling of the relaxed-SIMD build,
 * loaded like loadPeakProbe; null where the engine has no relaxed SIMD (`supported` false).
 */
export async function loadFmaProbe(probeUrl, supported) {
  if (!supported) return null;
  return checkedProbe(probeUrl, 'peak_fma', '_peak_fma_flops_per_iteration', (module, iterations, chains) => {
    const got = module._peak_fma(iterations, STEP);
    const want = expectedFmaSum(iterations, chains);
    if (!(Math.abs(got - want) <= 0.05 * want)) {
      throw new Error(`FMA peak probe: chains hold ${got}, expected about ${want}`);
    }
  });
}

/** The best of 17 timed calls (after 3 untimed) of PROBE_ITERATIONS, in GFLOP/s. */
export function measurePeak(probe) {
  let best = 0;
  for (let run = 0; run < 20; run++) {
    const t0 = performance.now();
    probe.call(PROBE_ITERATIONS);
    const ms = performance.now() - t0;
    if (run >= 3) best = Math.max(best, (PROBE_ITERATIONS * probe.flopsPerIteration) / ms / 1e6);
  }
  return best;
}

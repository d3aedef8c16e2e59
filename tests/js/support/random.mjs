// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A small seeded generator (mulberry32) so random tests repeat; WASMCONV_SEED overrides
// the seed and failures print it.
export function seedFromEnv(fallback) {
  return process.env.WASMCONV_SEED !== undefined ? Number(process.env.WASMCONV_SEED) >>> 0 : fallback >>> 0;
}

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    tensor: (n) => Float32Array.from({ length: n }, () => next() * 2 - 1),
  };
}

export function product(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/** max |a - b| / max(1, max |b|) */
export function relativeError(a, b) {
  let scale = 1;
  let err = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]));
  return err / scale;
}

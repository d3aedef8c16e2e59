// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// What the benchmark measures with, in any JavaScript environment: seeded inputs, the
// median times of calls after a warm-up (round-robin across libraries, caches cold or
// warm), and a result's error against the reference.

/** `n` floats in [-0.5, 0.5) from a linear congruential generator, the same every run. */
export function random(n, seed) {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = (a >>> 8) / 16777216 - 0.5;
  }
  return out;
}

/**
 * The clock's resolution in ms: the smallest step of performance.now() seen over a few
 * ticks (about 0.0001 in Node; 0.1 on a page that is not cross-origin isolated, where
 * browsers coarsen the clock).
 */
export function timerResolution() {
  let step = Infinity;
  for (let tick = 0; tick < 5; tick++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    step = Math.min(step, t1 - t0);
  }
  return step;
}

const clockStep = timerResolution();

/**
 * Median ms of each of `fns` (awaited), timed round-robin: every round takes one sample of
 * each function in turn, so load from other processes on a shared machine slows all of
 * them alike instead of whichever happened to be timed during a busy second (timed one
 * after another, C3's ratio swung from 0.68x to 1.01x within minutes). Each first runs for
 * `minMs / 2` untimed, since V8 tiers a fresh wasm module's code up over its first calls;
 * then rounds go on for about `minMs` per function, at least 5 and at most 500 of them. A
 * sample is one call, or on a coarse clock as many calls as last about 50 clock steps,
 * divided by their count (so a 2 ms call on a 0.1 ms clock is timed in threes; in Node
 * every sample is one call). `step` is the clock's resolution, by default the one
 * measured when this module loads (tests pass their fake clock's).
 *
 * Each sample so meets the caches as the other functions of the round left them (cold, for
 * layers whose data outgrows L2). With `warm`, every sample is preceded by one untimed
 * call of the same function: the caches as a loop calling that one function back to back
 * would see them, while the rounds still alternate between the functions. With `blockMs`,
 * each function's turn in a round is a run of back-to-back samples lasting at least that
 * long, each sample timed on its own (the threaded benchmark's: see core.mjs).
 */
export async function medians(fns, minMs, { step = clockStep, warm = false, blockMs = 0 } = {}) {
  const batches = [];
  const runs = [];
  for (const fn of fns) {
    const warmStart = performance.now();
    const warmEnd = warmStart + minMs / 2;
    let warmCalls = 0;
    do {
      await fn();
      warmCalls++;
    } while (performance.now() < warmEnd);
    const perCall = (performance.now() - warmStart) / warmCalls;
    batches.push(perCall > 0 ? Math.min(1000, Math.max(1, Math.ceil((50 * step) / perCall))) : 20);
    runs.push(blockMs > 0 && perCall > 0 ? Math.min(1000, Math.max(1, Math.ceil(blockMs / (perCall * batches.at(-1))))) : 1);
  }
  const times = fns.map(() => []);
  const end = performance.now() + minMs * fns.length;
  while (times[0].length < 5 || (performance.now() < end && times[0].length < 500)) {
    for (let f = 0; f < fns.length; f++) {
      if (warm) await fns[f]();
      for (let r = 0; r < runs[f]; r++) {
        const t0 = performance.now();
        for (let i = 0; i < batches[f]; i++) await fns[f]();
        times[f].push((performance.now() - t0) / batches[f]);
      }
    }
  }
  return times.map(medianOf);
}

/** The median of `values` (the upper one of an even count), leaving `values` unsorted. */
export function medianOf(values) {
  return [...values].sort((x, y) => x - y)[values.length >> 1];
}

/** Median ms of one function: `medians` with a single entry. */
export async function median(fn, minMs, options = {}) {
  return (await medians([fn], minMs, options))[0];
}

/** The largest absolute difference, relative to the reference's largest magnitude (at least 1); Infinity if the lengths differ. */
export function relError(got, want) {
  if (got.length !== want.length) return Infinity;
  let scale = 1;
  let err = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
  return err / scale;
}

/** A result passes the reference check within this relative error. */
export const TOLERANCE = 1e-3;

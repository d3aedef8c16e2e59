// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run bench -- --random N [--seed S]`: N layer shapes drawn from the ranges real
// networks use, to see whether wasmconv's kernel choices hold on shapes nobody tuned for,
// and the summary printed after the table (the share of shapes at >= 1.0x the best peer,
// and the worst three). The draw depends only on the seed, in Node and in the page alike,
// and shape i is the same whatever N is (--random 5 draws the first five of --random 200).
//
// One shape (batch 1, float32, NCHW, square kernel, symmetric padding, the shape list's
// form) is drawn as:
//   op           conv 3 times in 4, convT once;
//   channels     in and out each log-uniform over 1..512 (as many 8-channel layers as
//                256-channel ones);
//   groups       1 (60%); depthwise (25%): groups = in channels, out = in x 1 (80%) or
//                x 2; otherwise (15%) a divisor of the in channels between 1 and them,
//                out channels rounded to a multiple of it (1 when in has no such divisor);
//   spatial      H log-uniform over 7..512, W = H 3 times in 4, else drawn the same way;
//   kernel       1..7, each alike;
//   stride       1 (50%), 2 (35%), 3 (15%);
//   dilation     2 a quarter of the time when the kernel is above 1, else 1;
//   padding      with D = dilation x (kernel - 1) + 1, the dilated kernel: (D - 1) / 2
//                rounded down, the "same"-like padding (60%); 0 (25%); else any of 0..D-1;
//   output pad.  (convT) any of 0..stride - 1: the range PyTorch, ONNX Runtime and wasmconv
//                all take (wasmconv and PyTorch go up to max(stride, dilation) - 1, which
//                ONNX Runtime refuses, and no network we know uses).
// Of 2000 kept draws (seed 7) 23% were transposed, 25% depthwise and 8% grouped; their
// median was 4 MFLOP, the 90th percentile 0.3 GFLOP, the sum 216 GFLOP: small layers,
// where a call's fixed costs count, are as much a part of the draw as large ones.
// A draw is kept when it is valid by the library's rules (src/core/plan.cc: a
// convolution's dilated kernel fits the padded input, a transposed convolution's output
// is at least 1) and small enough to time in reasonable time on a laptop: at most 2 GFLOP
// (2 x the dense formula's multiply-accumulates, as the table counts them) and at most
// 64 MiB (16 Mi floats) for each of input, weights and output. Any other draw is dropped
// and the next one taken. The tests check every kept shape with wasmconv's own
// outputShape and macs.

export const MAX_FLOP = 2e9;
export const MAX_TENSOR_FLOATS = 16 * 1024 * 1024;
const MAX_CHANNELS = 512;
const MIN_SPATIAL = 7;
const MAX_SPATIAL = 512;

/**
 * A stream of numbers in [0, 1) from a 32-bit seed: a Weyl sequence (adding an odd
 * constant) whose state is scrambled by two multiply-xorshift rounds on the way out.
 */
export function randomStream(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** A fresh seed for a run without --seed: any 32-bit integer. */
export const freshSeed = () => Math.floor(Math.random() * 4294967296);

// An integer log-uniform over lo..hi: each doubling of the size is as likely as the next.
const logUniform = (next, lo, hi) => Math.min(hi, Math.floor(Math.exp(Math.log(lo) + next() * (Math.log(hi + 1) - Math.log(lo)))));
const uniform = (next, lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
// One of `choices`, [value, weight] pairs.
function weighted(next, choices) {
  let u = next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of choices) {
    u -= weight;
    if (u < 0) return value;
  }
  return choices.at(-1)[0];
}

/** Output height and width of a setting by the library's arithmetic (either may be < 1 when invalid). */
export function outputSize(s) {
  const dk = s.d * (s.k - 1) + 1;
  if (s.op === 'convT') return [s.h, s.w].map((n) => (n - 1) * s.s - 2 * s.p + dk + s.op_);
  return [s.h, s.w].map((n) => (n + 2 * s.p < dk ? 0 : Math.floor((n + 2 * s.p - dk) / s.s) + 1));
}

/**
 * Why a setting is not kept (a sentence), or null when it is: invalid by the library's
 * rules, or over the time and memory budget of the header.
 */
export function rejection(s) {
  const dk = s.d * (s.k - 1) + 1;
  if (s.op === 'convT' && s.op_ >= Math.max(s.s, s.d)) return `output padding ${s.op_} is not below max(stride, dilation)`;
  const [oh, ow] = outputSize(s);
  if (s.op === 'conv' && (s.h + 2 * s.p < dk || s.w + 2 * s.p < dk)) return `the dilated kernel ${dk} is larger than the padded input`;
  if (oh < 1 || ow < 1) return `the output ${oh}x${ow} is empty`;
  const flop = 2 * denseMacs(s);
  if (flop > MAX_FLOP) return `${(flop / 1e9).toFixed(1)} GFLOP is over ${MAX_FLOP / 1e9}`;
  const sizes = { input: s.c * s.h * s.w, weights: s.c * (s.cOut / s.g) * s.k * s.k, output: s.cOut * oh * ow };
  for (const [what, n] of Object.entries(sizes)) {
    if (n > MAX_TENSOR_FLOATS) return `the ${what} has ${n} floats, over ${MAX_TENSOR_FLOATS}`;
  }
  return null;
}

/**
 * Multiply-accumulates of the dense formula (every tap of every output of a convolution,
 * every tap of every input of a transposed one), as wasmconv's macs() counts them.
 */
export function denseMacs(s) {
  const taps = s.k * s.k;
  if (s.op === 'convT') return s.c * (s.cOut / s.g) * taps * s.h * s.w;
  const [oh, ow] = outputSize(s);
  return s.cOut * (s.c / s.g) * taps * oh * ow;
}

/** One draw from the stream `next`, valid or not (drawShapes keeps the ones rejection() passes). */
export function drawCandidate(next, id) {
  const op = next() < 0.25 ? 'convT' : 'conv';
  const c = logUniform(next, 1, MAX_CHANNELS);
  let cOut = logUniform(next, 1, MAX_CHANNELS);
  let g = 1;
  const kind = weighted(next, [['dense', 60], ['depthwise', 25], ['grouped', 15]]);
  if (kind === 'depthwise') {
    g = c;
    cOut = c * (next() < 0.8 || 2 * c > MAX_CHANNELS ? 1 : 2);
  } else if (kind === 'grouped') {
    const divisors = [];
    for (let q = 2; q < c; q++) if (c % q === 0) divisors.push(q);
    if (divisors.length) {
      g = divisors[Math.floor(next() * divisors.length)];
      cOut = Math.min(Math.floor(MAX_CHANNELS / g), Math.max(1, Math.round(cOut / g))) * g;
    }
  }
  const h = logUniform(next, MIN_SPATIAL, MAX_SPATIAL);
  const w = next() < 0.75 ? h : logUniform(next, MIN_SPATIAL, MAX_SPATIAL);
  const k = uniform(next, 1, 7);
  const s = weighted(next, [[1, 50], [2, 35], [3, 15]]);
  const d = k > 1 && next() < 0.25 ? 2 : 1;
  const dk = d * (k - 1) + 1;
  const p = weighted(next, [['half', 60], ['zero', 25], ['any', 15]]);
  const pad = { half: Math.floor((dk - 1) / 2), zero: 0, any: uniform(next, 0, dk - 1) }[p];
  const outPad = op === 'convT' ? uniform(next, 0, s - 1) : 0;
  return { id, op, c, h, w, cOut, k, s, p: pad, d, g, op_: outPad, count: 1 };
}

/**
 * `count` settings drawn from `seed` (the header's rules), ids X001, X002, ... (wider when
 * `count` needs more digits), in the form parseShapes gives.
 */
export function drawShapes(count, seed) {
  const next = randomStream(seed);
  const width = Math.max(3, String(count).length);
  const shapes = [];
  while (shapes.length < count) {
    const id = `X${String(shapes.length + 1).padStart(width, '0')}`;
    let s;
    do s = drawCandidate(next, id); while (rejection(s) !== null);
    shapes.push(s);
  }
  return shapes;
}

/**
 * The random run's summary from the benchmark's results ({ id, libraries } per setting):
 * per shape wasmconv's ratio to the fastest peer that passed the check (peer ms over
 * wasmconv ms); the shapes with such a ratio, how many of them are at >= 1.0x, the ones
 * with none (no peer ran it, or wasmconv failed), and the worst three.
 */
export function randomSummary(settings, results, peers) {
  const ratios = [];
  const without = [];
  for (const s of settings) {
    const r = results.find((x) => x.id === s.id)?.libraries ?? {};
    const ours = r.wasmconv;
    const timed = peers.filter((p) => typeof r[p] === 'object').map((p) => ({ peer: p, ms: r[p].ms }));
    if (typeof ours !== 'object' || !timed.length) {
      without.push({ id: s.id, why: typeof ours !== 'object' ? `wasmconv ${ours ?? 'missing'}` : 'no peer result' });
      continue;
    }
    const best = timed.reduce((a, b) => (b.ms < a.ms ? b : a));
    ratios.push({ setting: s, ratio: best.ms / ours.ms, peer: best.peer });
  }
  const atLeastOne = ratios.filter((x) => x.ratio >= 1).length;
  const worst = [...ratios].sort((a, b) => a.ratio - b.ratio).slice(0, 3);
  return { compared: ratios.length, atLeastOne, fraction: ratios.length ? atLeastOne / ratios.length : null, without, worst };
}

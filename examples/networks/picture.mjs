// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A made-up picture for the example networks (run.mjs) and their benchmark
// (bench/networks.mjs): colour gradients with a diagonal stripe, as RGBA bytes.

/** A width x height RGBA picture, `{ data, width, height }` as `wc.fromImage` takes it. */
export function picture(width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const stripe = Math.abs(x - y) < width / 16 ? 255 : 0;
      data.set([(255 * x) / width, (255 * y) / height, stripe, 255], (y * width + x) * 4);
    }
  return { data, width, height };
}

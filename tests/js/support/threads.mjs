// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The `threads` load option of the differential tests: WASMCONV_TEST_THREADS (a count) when
// set, else 'auto' (threaded in Node). npm test runs those files again with 1 and 3 threads,
// so the single-threaded and the threaded builds both meet the oracles.
export function testThreads() {
  const value = process.env.WASMCONV_TEST_THREADS;
  return value ? Number(value) : 'auto';
}

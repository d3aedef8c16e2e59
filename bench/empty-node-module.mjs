// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// An empty module that the benchmark page's import map puts where tfjs-backend-wasm's
// browser bundle imports Node modules (fs, path, os, perf_hooks) for its Node code path,
// as that package's "browser" field (`"fs": false`, ...) tells bundlers to do.
export default {};

// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Rewrites a threaded build's ES-module glue so that it names its worker script and its .wasm
// only through locateFile. For the case without locateFile, which bindings/js/load.js never
// leaves out, Emscripten 3.1.6 writes `new Worker(new URL("<name>.worker.js", import.meta.url))`
// and `new URL("<name>.wasm", import.meta.url)`; webpack and Vite take the first for a worker
// entry and bundle the worker script, which imports the glue back (webpack: "Critical
// dependency" and "Circular dependency between chunks" warnings). bindings/js/threaded-builds.js
// names the three files as plain assets instead, and gives the glue their URLs through locateFile.
// Run by cmake/wasm.cmake after linking.
//   node scripts/threaded-glue-urls.mjs dist/wasmconv-simd-mt.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const file = process.argv[2];
const stem = basename(file).replace(/\.mjs$/, '');
let glue = readFileSync(file, 'utf8');
for (const [literal, replacement] of [
  [`new Worker(new URL("${stem}.worker.js",import.meta.url))`, `new Worker(locateFile("${stem}.worker.js"))`],
  [`new URL("${stem}.wasm",import.meta.url).toString()`, `locateFile("${stem}.wasm")`],
]) {
  const count = glue.split(literal).length - 1;
  if (count !== 1) {
    console.error(`threaded-glue-urls: ${file} holds ${literal} ${count} times, expected once`);
    process.exit(1);
  }
  glue = glue.replace(literal, replacement);
}
writeFileSync(file, glue);

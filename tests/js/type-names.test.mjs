// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Embind names a C++ type in its errors through the module's __getTypeName, which in builds
// without RTTI (ours) formats the type's address with sprintf("%p"): the builds route that one
// call to bindings/type_name_format.cc instead of libc's printf (cmake/wasm.cmake). Each
// single-threaded build this engine can run gives the names libc's "%p" would, and a module
// whose __getTypeName has been called keeps working.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { relaxedSimdSupported } from '../../bindings/js/node.js';

const BUILDS = ['scalar', 'simd', ...(relaxedSimdSupported() ? ['relaxed'] : [])];

for (const build of BUILDS) {
  test(`${build} build: Embind's type names are "%p" of the address`, async () => {
    const { default: factory } = await import(`../../dist/wasmconv-${build}.mjs`);
    const bytes = readFileSync(new URL(`../../dist/wasmconv-${build}.wasm`, import.meta.url));
    // The glue's own hook for instantiating (its fetch needs a URL Node cannot fetch).
    const module = await factory({
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(bytes, imports).then(({ instance }) => receive(instance));
        return {};
      },
    });
    const name = (address) => {
      const ptr = module.___getTypeName(address);
      let end = ptr;
      while (module.HEAPU8[end] !== 0) end++;
      const text = new TextDecoder().decode(module.HEAPU8.subarray(ptr, end));
      module._free(ptr);
      return text;
    };
    assert.equal(name(0), '0x0');
    assert.equal(name(0x4d2), '0x4d2');
    assert.equal(name(0xfedcba98), '0xfedcba98');
    assert.equal(name(16), '0x10');
    // The module still answers after it.
    assert.equal(typeof module.heapUsed, 'function');
    assert.ok(module.heapUsed() > 0);
  });
}
